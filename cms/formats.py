"""Dates and figures as the public site writes them: "3 de septiembre de 2026" (months in
lowercase), "1,234", "85.3 %", "4.5 días",
"3 días hábiles". One set of helpers for the site, the exports' text and the emails."""

import datetime

from django.utils import timezone
from django.utils.translation import ngettext

from .choices import MONTHS

# The units of a figure (resultados.figures, the Buzón's statistics).
# DIAS are calendar days (24 h); DIAS_HABILES business days (buzon.business_days).
NUMERO, PORCENTAJE, DIAS, DIAS_HABILES, PESOS = (
    "numero",
    "porcentaje",
    "dias",
    "dias_habiles",
    "pesos",
)
NBSP = "\u00a0"

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


def cifra(value, unit=NUMERO, *, short=False, signed=False):
    """A figure for people: "1,234", "85.3 %", "4.5 días", "3 días hábiles", "$1,234.50"
    (days: "4.5" when `short`, the unit said in a column's heading); "—" for none. The unit
    stays on the number's line (a no-break space). `signed` writes the sign of a change:
    "+15", "−2.5 %"."""
    if value is None:
        return "—"
    sign = "+" if signed else ""
    if unit == PESOS:
        return f"{'-' if value < 0 else sign}${abs(value):,.2f}"
    # Percentages and measured (float) figures to one decimal; counts whole: "6 días".
    if unit == PORCENTAJE or isinstance(value, float):
        number = f"{value:{sign},.1f}"
    else:
        number = f"{value:{sign},}"
    number = number.replace("-", "\u2212") if signed else number
    if unit == PORCENTAJE:
        return f"{number}{NBSP}%"
    if short or unit == NUMERO:
        return number
    if unit == DIAS_HABILES:
        words = ngettext("día hábil", "días hábiles", 1 if value == 1 else 2)
        return f"{number}{NBSP}{words}"
    words = ngettext("día", "días", 1 if value == 1 else 2)
    return f"{number}{NBSP}{words}"


def celda(value):
    """A table cell as the site writes it: dates in words («10 de abril de 2025, 09:30»),
    numbers as figures («1,234», «3.5»), anything else as it is."""
    if isinstance(value, datetime.datetime):
        return fecha_hora(value)
    if isinstance(value, datetime.date):
        return fecha_larga(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return cifra(value)
    return value
