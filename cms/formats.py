"""Dates and figures as the public site writes them: "3 de septiembre de 2026" (months in
lowercase), "1,234", "85.3 %", "4.5 días"."""

from django.utils.translation import gettext as _

from .choices import MONTHS

# The units of a figure (resultados.figures, the Buzón's statistics).
NUMERO, PORCENTAJE, DIAS = "numero", "porcentaje", "dias"

MONTH_NAMES = dict(MONTHS)


def fecha_larga(value):
    if not value:
        return ""
    return f"{value.day} de {MONTH_NAMES[value.month]} de {value.year}"


def cifra(value, unit=NUMERO, *, short=False):
    """A figure for people: "1,234", "85.3 %", "4.5 días" ("4.5" when `short`); "—" for none."""
    if value is None:
        return "—"
    if unit == PORCENTAJE:
        return f"{value:,.1f} %"
    if unit == DIAS:
        return f"{value:,.1f}" if short else f"{value:,.1f} {_('días')}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"
