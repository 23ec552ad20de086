"""Query parameters the project API's routers share, with Spanish 400s (periods: cms.periods)."""

from django.utils.translation import gettext as _


class BadQuery(ValueError):
    """A query parameter refused; its message (Spanish) is the 400's detail."""


def query_integer(value, name):
    """A positive integer typed in a query string (ASCII digits, at most nine)."""
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise BadQuery(_("«%(name)s» debe ser un número entero positivo.") % {"name": name})
    return int(value)
