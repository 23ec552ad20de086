"""/api/obligaciones/: the catalogue of obligations, each órgano's tabla de aplicabilidad and
the status of every series, for apps (mounted by api.project).

Public and anonymous, read from ``estructura.obligaciones.series`` like the badges and the
/obligaciones/ page. The query is read by hand, so an unknown or bad parameter gets a 400 in
Spanish, never a silent full answer.
"""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from wagtail.api.v3.errors import ProblemDetail, problem_response

from api.auth import PUBLIC_AUTH
from cms.sharing import mark_cacheable

from .models import Obligacion
from .obligaciones import EstadoSerie, cumplimiento, series
from .obligaciones_views import BadParameter, check_parameters, chosen_organo, organos_of

router = Router(tags=["Obligaciones de transparencia"])

CACHE_SECONDS = 300
SERIES_PARAMETERS = {"organo", "estado", "obligacion", "aplica"}
BOOLEANS = {"true": True, "false": False}


class ColumnaSchema(Schema):
    nombre: str
    tipo: str = Field(description="texto, fecha, moneda, numero o url.")


class ObligacionSchema(Schema):
    clave: str = Field(description="Identificador estable, p. ej. lgtaip-79-i.")
    ley: str
    articulo: str
    fraccion: str
    fundamento: str
    titulo: str
    descripcion: str
    periodicidad: str
    conservacion: str
    columnas: list[ColumnaSchema]


class OrganoRefSchema(Schema):
    id: int
    title: str


class PeriodoPendienteSchema(Schema):
    ejercicio: int
    periodo: str
    nombre: str
    fecha_limite: datetime.date


class RegistroSchema(Schema):
    id: int
    title: str
    ejercicio: int
    periodo: str


class SerieSchema(Schema):
    organo: OrganoRefSchema
    obligacion: str = Field(description="La clave de la obligación.")
    aplica: bool
    fundamento_motivacion: str = Field(description="Por qué no aplica, cuando no aplica.")
    periodicidad: str
    conservacion: str
    estado: str = Field(description="al_dia, en_plazo, vencida o no_aplica.")
    estado_nombre: str
    pendiente: PeriodoPendienteSchema | None = Field(
        description="El periodo que falta (vencida) o que vence en la ventana abierta."
    )
    actual: RegistroSchema | None = Field(description="La publicación del último periodo.")


class CumplimientoSchema(Schema):
    aplicables: int
    al_dia: int
    en_plazo: int
    vencidas: int
    no_aplica: int
    porcentaje: int | None = Field(description="Porcentaje de aplicables al día o en plazo.")


class SeriesSchema(Schema):
    fecha: datetime.date
    cumplimiento: CumplimientoSchema
    items: list[SerieSchema]


def refused(error):
    return problem_response(status=error.status, detail=error.message)


@router.get(
    "/",
    auth=PUBLIC_AUTH,
    url_name="obligaciones",
    operation_id="obligaciones_catalogo",
    summary="El catálogo de obligaciones de transparencia",
    response={200: list[ObligacionSchema], 400: ProblemDetail},
)
def catalogo(request, response: HttpResponse):
    try:
        check_parameters(request, set())
    except BadParameter as error:
        return refused(error)
    mark_cacheable(request, response, CACHE_SECONDS)
    return [
        {
            "clave": o.clave,
            "ley": o.ley,
            "articulo": o.articulo,
            "fraccion": o.fraccion,
            "fundamento": o.fundamento,
            "titulo": o.titulo,
            "descripcion": o.descripcion,
            "periodicidad": o.periodicidad,
            "conservacion": o.conservacion,
            "columnas": [{"nombre": c.nombre, "tipo": c.tipo} for c in o.columnas.all()],
        }
        for o in Obligacion.objects.prefetch_related("columnas")
    ]


def serie_json(serie):
    pendiente, actual = serie.pendiente, serie.actual
    return {
        "organo": {"id": serie.organo.pk, "title": serie.organo.title},
        "obligacion": serie.obligacion.clave,
        "aplica": serie.aplicabilidad.aplica,
        "fundamento_motivacion": serie.aplicabilidad.fundamento_motivacion,
        "periodicidad": serie.aplicabilidad.periodicidad_efectiva,
        "conservacion": serie.aplicabilidad.conservacion_efectiva,
        "estado": serie.estado,
        "estado_nombre": serie.estado_texto,
        "pendiente": {
            "ejercicio": pendiente.ejercicio,
            "periodo": pendiente.periodo,
            "nombre": pendiente.nombre,
            "fecha_limite": pendiente.fecha_limite,
        }
        if pendiente
        else None,
        "actual": {
            "id": actual.pk,
            "title": actual.title,
            "ejercicio": actual.ejercicio,
            "periodo": actual.periodo,
        }
        if actual
        else None,
    }


@router.get(
    "/series/",
    auth=PUBLIC_AUTH,
    url_name="obligaciones_series",
    operation_id="obligaciones_series",
    summary="El estado de cada obligación de cada órgano, y el cumplimiento",
    description=(
        "Una serie es lo que un órgano publica para una obligación. `?organo=<id>` limita al "
        "órgano y a los que lo integran; `?obligacion=<clave>` a una obligación; `?estado=` a "
        "un estado (al_dia, en_plazo, vencida, no_aplica); `?aplica=true|false` a las que "
        "aplican o no. El cumplimiento cuenta las series devueltas."
    ),
    response={200: SeriesSchema, 400: ProblemDetail, 404: ProblemDetail},
)
def series_view(request, response: HttpResponse):
    try:
        organo = chosen_organo(request, SERIES_PARAMETERS)
    except BadParameter as error:
        return refused(error)
    estado = request.GET.get("estado", "").strip()
    valid = [value for value in EstadoSerie.values if value != EstadoSerie.HISTORICO]
    if estado and estado not in valid:
        message = _("«estado» debe ser uno de: %(valores)s.") % {"valores": ", ".join(valid)}
        return refused(BadParameter(message))
    aplica = request.GET.get("aplica", "").strip()
    if aplica and aplica not in BOOLEANS:
        return refused(BadParameter(_("«aplica» debe ser true o false.")))
    clave = request.GET.get("obligacion", "").strip()
    obligacion = None
    if clave:
        # A clave is at most 40 characters: a longer one is none, without asking.
        obligacion = Obligacion.objects.filter(clave=clave).first() if len(clave) <= 40 else None
        if obligacion is None:
            return refused(BadParameter(_("No existe una obligación con esa clave."), 404))
    found = series(organos_of(organo), obligacion=obligacion)
    if estado:
        found = [serie for serie in found if serie.estado == estado]
    if aplica:
        found = [serie for serie in found if serie.aplicabilidad.aplica is BOOLEANS[aplica]]
    counts = cumplimiento(found)
    mark_cacheable(request, response, CACHE_SECONDS)
    return {
        "fecha": timezone.localdate(),
        "cumplimiento": {
            "aplicables": counts.aplicables,
            "al_dia": counts.al_dia,
            "en_plazo": counts.en_plazo,
            "vencidas": counts.vencidas,
            "no_aplica": counts.no_aplica,
            "porcentaje": counts.porcentaje,
        },
        "items": [serie_json(serie) for serie in found],
    }
