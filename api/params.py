"""Query parameters the project API's routers share: integers and periods, with Spanish 400s."""

from django.utils import timezone
from django.utils.translation import gettext as _


class BadQuery(ValueError):
    """A query parameter refused; its message (Spanish) is the 400's detail."""


def query_integer(value, name):
    """A positive integer typed in a query string (ASCII digits, at most nine)."""
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise BadQuery(_("«%(name)s» debe ser un número entero positivo.") % {"name": name})
    return int(value)


def query_period(ejercicio, trimestre, first_year):
    """(ejercicio, trimestre or None) from ``?ejercicio=&trimestre=``: the current year by
    default, a year from `first_year` to the next one, a quarter 1–4 or none (the year)."""
    this_year = timezone.localdate().year
    year = this_year
    if ejercicio not in (None, ""):
        year = query_integer(ejercicio, "ejercicio")
        if not first_year <= year <= this_year + 1:
            raise BadQuery(
                _("El ejercicio debe estar entre %(first)s y %(last)s.")
                % {"first": first_year, "last": this_year + 1}
            )
    quarter = None
    if trimestre not in (None, ""):
        quarter = query_integer(trimestre, "trimestre")
        if quarter not in (1, 2, 3, 4):
            raise BadQuery(_("El trimestre debe ser 1, 2, 3 o 4."))
    return year, quarter
