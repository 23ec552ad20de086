"""Dates and figures as the public site writes them: "3 de septiembre de 2026" (months in
lowercase), "1,234", "85.3 %", "4.5 días"."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import MONTHS

# The units of a figure (resultados.figures, the Buzón's statistics).
NUMERO, PORCENTAJE, DIAS = "numero", "porcentaje", "dias"

MONTH_NAMES = dict(MONTHS)


def _local_day(value):
    """A date, or an aware datetime's local day (America/Mexico_City)."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


def fecha_larga(value):
    """ "3 de septiembre de 2026" (of a datetime, its local day)."""
    if not value:
        return ""
    value = _local_day(value)
    return f"{value.day} de {MONTH_NAMES[value.month]} de {value.year}"


def fecha_hora(value):
    """ "3 de septiembre de 2026, 14:05", in local time."""
    if not value:
        return ""
    value = _local_day(value)
    return f"{fecha_larga(value)}, {value:%H:%M}"


def dia_y_mes(value):
    """ "3 de septiembre" (the year said elsewhere)."""
    if not value:
        return ""
    value = _local_day(value)
    return f"{value.day} de {MONTH_NAMES[value.month]}"


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
