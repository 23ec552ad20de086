"""Query parameters the project API's routers share, with Spanish 400s (periods: cms.periods)."""

from django.utils.translation import gettext as _
from ninja import Field, Schema


class BadQuery(ValueError):
    """A query parameter refused; its message (Spanish) is the 400's detail."""


def query_integer(value, name):
    """A positive integer typed in a query string (ASCII digits, at most nine)."""
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise BadQuery(_("«%(name)s» debe ser un número entero positivo.") % {"name": name})
    return int(value)


class PeriodoQuery(Schema):
    """The period parameters of every figures endpoint, for the OpenAPI schema: cms.periods
    reads them from the request, so they are strings here and every bad value is a Spanish 400
    (Ninja's own validation would answer 422 in English)."""

    ejercicio: str | None = Field(None, description="Año, p. ej. 2026; por omisión el actual.")
    trimestre: str | None = Field(None, description="1 a 4, del ejercicio.")
    mes: str | None = Field(None, description="1 a 12, del ejercicio (no junto con trimestre).")
    desde: str | None = Field(
        None, description="Primer día de un periodo libre, AAAA-MM-DD (con «hasta»)."
    )
    hasta: str | None = Field(
        None, description="Último día de un periodo libre, AAAA-MM-DD (con «desde»)."
    )
