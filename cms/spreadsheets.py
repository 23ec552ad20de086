"""Cells for files people open in a spreadsheet program."""

import datetime

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection); the
# texts we export were typed by citizens and enlaces.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """`value` as text a spreadsheet shows and never runs: a leading quote defuses formulas."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_cell(value):
    """A CSV cell: ISO dates, numbers as they are, text that a spreadsheet never runs (what
    is exported was typed by people)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return value
    return spreadsheet_text(value)


def add_methodology_sheet(workbook, rows, widths=(45, 90)):
    """A "Metodología" sheet of (figure, how it is counted) rows: how each figure of a
    download is counted travels with the numbers."""
    from django.utils.translation import gettext as _
    from openpyxl.styles import Font

    notes = workbook.create_sheet(_("Metodología"))
    notes.append([_("Cifra"), _("Cómo se cuenta")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for label, how in rows:
        notes.append([str(label), str(how)])
    notes.column_dimensions["A"].width, notes.column_dimensions["B"].width = widths
    return notes
