"""/api/buzon/estadisticas/: the Buzón's figures for apps (mounted by buzon.api).

Public and anonymous: figures only, never a name, an email or a client address. The query is
read by hand rather than typed in the signature, so every bad value gets a 400 with a Spanish
message (Ninja's own validation would answer 422 in English, and ignores what it does not
know). The period is ``cms.periods.from_query``'s: a year, a quarter, a month or a desde/hasta
range, as on every figures endpoint; any other parameter is a 400.
"""

import datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from wagtail.api.v3.errors import ProblemDetail, problem_response

from api.auth import PUBLIC_AUTH
from api.params import BadQuery, PeriodoQuery, query_integer
from cms import periods
from cms.parameters import BadParameter
from cms.sharing import mark_cacheable

from .choices import TipoTicket
from .statistics import ticket_figures, ticket_figures_by

router = Router(tags=["Buzón"])

FIRST_YEAR = 2000
# The figures of the current quarter change with every ticket: a short shared cache only.
CACHE_SECONDS = 300


class FigurasSchema(Schema):
    recibidos: int = Field(description="Tickets recibidos en el periodo.")
    resueltos: int = Field(
        description="De los recibidos, los resueltos al cierre del periodo (respondidos, "
        "cerrados, improcedentes o duplicados)."
    )
    pendientes: int = Field(description="Recibidos en el periodo y no resueltos a su cierre.")
    porcentaje_resueltos: float | None = Field(
        description="Resueltos entre recibidos, en porcentaje con un decimal; null sin tickets."
    )
    mediana_dias_respuesta: float | None = Field(
        description="Mediana de días naturales entre la recepción y la primera respuesta de "
        "los tickets del periodo respondidos a su cierre; null si no hay ninguno."
    )
    resueltos_en_periodo: int = Field(
        description="Tickets resueltos dentro del periodo, sin importar cuándo se recibieron."
    )
    pendientes_al_cierre: int = Field(
        description="Tickets recibidos hasta el fin del periodo y no resueltos a su cierre."
    )
    vencidos_al_cierre: int = Field(
        description="De los pendientes al cierre, los que tenían su fecha límite vencida."
    )


class GrupoSchema(Schema):
    clave: str | int | None = Field(
        description="El tipo de ticket, o el id del órgano (null: sin turnar)."
    )
    nombre: str
    cifras: FigurasSchema


class PeriodoSchema(Schema):
    tipo: str = Field(description="«anio», «trimestre», «mes» o «rango».")
    ejercicio: int
    trimestre: int | None
    mes: int | None
    inicio: datetime.date
    fin: datetime.date


class EstadisticasSchema(Schema):
    periodo: PeriodoSchema
    organo: int | None = Field(description="El órgano por el que se filtró, si se filtró.")
    tipo: str | None = Field(description="El tipo por el que se filtró, si se filtró.")
    totales: FigurasSchema
    por_tipo: list[GrupoSchema]
    por_organo: list[GrupoSchema]


class EstadisticasQuery(PeriodoQuery):
    # Strings on purpose: validated by hand into Spanish 400s (see the module docstring).
    organo: str | None = Field(None, description="Id de un órgano publicado.")
    tipo: str | None = Field(None, description="Uno de: " + ", ".join(TipoTicket.values) + ".")


def parse_query(request, query: EstadisticasQuery):
    """The period, órgano and kind asked for; BadParameter or BadQuery (with a Spanish
    message) otherwise."""
    periodo = periods.from_query(request, FIRST_YEAR, extra=("organo", "tipo"))
    organo = None
    if query.organo not in (None, ""):
        from estructura.models import OrganoPage

        organo_id = query_integer(query.organo, "organo")
        organo = OrganoPage.objects.live().public().filter(pk=organo_id).first()
        if organo is None:
            raise BadQuery(_("No hay un órgano publicado con el id %(id)s.") % {"id": organo_id})
    tipo = None
    if query.tipo not in (None, ""):
        if query.tipo not in TipoTicket.values:
            raise BadQuery(
                _("El tipo debe ser uno de: %(tipos)s.") % {"tipos": ", ".join(TipoTicket.values)}
            )
        tipo = query.tipo
    return periodo, organo, tipo


def _groups(groups):
    return [{"clave": key, "nombre": label, "cifras": figures} for key, label, figures in groups]


def _public_organo_groups(groups):
    """A ticket turned to an órgano that is a draft or private must not reveal its title."""
    from estructura.models import OrganoPage

    keys = [key for key, _label, _figures in groups if key is not None]
    public = set(
        OrganoPage.objects.live().public().filter(pk__in=keys).values_list("pk", flat=True)
    )
    return [
        (key, label if key is None or key in public else _("Órgano no publicado"), figures)
        for key, label, figures in groups
    ]


@router.get(
    "/",
    response={200: EstadisticasSchema, 400: ProblemDetail},
    auth=PUBLIC_AUTH,
    url_name="buzon_estadisticas",
    operation_id="buzon_estadisticas",
    summary="Cifras del Buzón OPTISNTE",
    description=(
        "Tickets recibidos, resueltos y pendientes, porcentaje de resueltos y mediana de días "
        "de respuesta de un año, un trimestre, un mes o un periodo libre desde/hasta (por "
        "omisión, el año en curso; cualquier otro parámetro es un 400), con el "
        "desglose por tipo y por órgano. Solo cifras: ningún dato personal. Los días son de la "
        "Ciudad de México."
    ),
)
def estadisticas(request, response: HttpResponse, query: Query[EstadisticasQuery]):
    try:
        periodo, organo, tipo = parse_query(request, query)
    except BadParameter as error:
        return problem_response(status=error.status, detail=error.message)
    except BadQuery as error:
        return problem_response(status=400, detail=str(error))
    start, end = periodo.bounds
    # The filters narrow the breakdowns too: one órgano's figures by kind, one kind's by órgano.
    mark_cacheable(request, response, CACHE_SECONDS)
    return {
        "periodo": {
            "tipo": periodo.tipo,
            "ejercicio": periodo.ejercicio,
            "trimestre": periodo.trimestre,
            "mes": periodo.mes,
            "inicio": start,
            "fin": end,
        },
        "organo": organo.pk if organo else None,
        "tipo": tipo,
        "totales": ticket_figures(start, end, organo=organo, tipo=tipo),
        "por_tipo": _groups(ticket_figures_by(start, end, "tipo", organo=organo, tipo=tipo)),
        "por_organo": _groups(
            _public_organo_groups(ticket_figures_by(start, end, "organo", organo=organo, tipo=tipo))
        ),
    }
