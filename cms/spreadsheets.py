"""Cells for files people open in a spreadsheet program."""

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection); the
# texts we export were typed by citizens and enlaces.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """`value` as text a spreadsheet shows and never runs: a leading quote defuses formulas."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
