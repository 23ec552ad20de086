"""Dates as the public site writes them: "3 de septiembre de 2026" (months in lowercase)."""

from .choices import MONTHS

MONTH_NAMES = dict(MONTHS)


def fecha_larga(value):
    if not value:
        return ""
    return f"{value.day} de {MONTH_NAMES[value.month]} de {value.year}"
