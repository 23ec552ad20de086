"""/api/resultados/: the quarterly figures for apps (mounted by api.project).

Public and anonymous: counts only, read from ``resultados.figures`` like the page, the
dashboard and the downloads. The query is read by hand rather than typed in the signature, so
every bad value gets a 400 with a Spanish message (Ninja's own validation answers 422 in
English), as /api/buzon/estadisticas/ does.
"""

import datetime

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema
from wagtail.api.v3.errors import ProblemDetail, problem_response

from api.auth import PUBLIC_AUTH
from api.params import BadQuery, query_period
from cms.sharing import mark_cacheable

from .figures import (
    FIGURES,
    FIRST_YEAR,
    Periodo,
    Resultados,
    resultados,
    tendencias,
)

router = Router(tags=["Rendición de resultados"])

# The current quarter's figures move with every ticket and visit: a short shared cache only.
CACHE_SECONDS = 300


class PeriodoSchema(Schema):
    ejercicio: int
    trimestre: int | None = Field(description="1 a 4; null para el año completo.")
    inicio: datetime.date = Field(description="Primer día del periodo (incluido).")
    fin: datetime.date = Field(description="Último día del periodo (incluido).")
    etiqueta: str = Field(description="Como se lee el periodo, p. ej. «T3 2026» o «2026».")


class TendenciaSchema(Schema):
    periodo: PeriodoSchema
    anterior: int | float | None = Field(description="El valor en el periodo de comparación.")
    diferencia: int | float | None = Field(description="Valor actual menos el anterior.")
    porcentaje: float | None = Field(
        description="Cambio en porcentaje; null si el valor anterior es cero o no existe."
    )
    direccion: str = Field(description="«sube», «baja» o «igual».")


class CifraSchema(Schema):
    clave: str = Field(description="Identificador estable de la cifra.")
    etiqueta: str
    unidad: str = Field(description="«numero», «porcentaje» o «dias».")
    valor: int | float | None = Field(description="null cuando no se puede calcular.")
    descripcion: str = Field(description="Cómo se cuenta.")
    frente_al_periodo_anterior: TendenciaSchema | None = Field(
        description="Contra el trimestre (o año) inmediato anterior."
    )
    frente_al_anio_anterior: TendenciaSchema | None = Field(
        description="Contra el mismo trimestre (o el año) un año antes."
    )


class TrimestreSchema(Schema):
    periodo: PeriodoSchema
    cifras: list[CifraSchema]


class ResultadosSchema(Schema):
    periodo: PeriodoSchema
    cifras: list[CifraSchema]
    trimestres: list[TrimestreSchema] | None = Field(
        description="Para un año: sus cuatro trimestres; null para un trimestre."
    )


class ResultadosQuery(Schema):
    # Strings on purpose: validated by hand into Spanish 400s (see the module docstring).
    ejercicio: str | None = Field(None, description="Año, p. ej. 2026; por omisión el actual.")
    trimestre: str | None = Field(None, description="1 a 4; sin él, el año completo.")


def parse_query(query: ResultadosQuery) -> Periodo:
    """The period asked for; BadQuery (with a Spanish message) otherwise."""
    ejercicio, trimestre = query_period(query.ejercicio, query.trimestre, FIRST_YEAR)
    return Periodo(ejercicio, trimestre)


def periodo_dict(periodo: Periodo):
    return {
        "ejercicio": periodo.ejercicio,
        "trimestre": periodo.trimestre,
        "inicio": periodo.inicio,
        "fin": periodo.fin,
        "etiqueta": periodo.label,
    }


def earlier(make):
    """An earlier period, or None before the first year there can be figures for."""
    try:
        return make()
    except ValueError:
        return None


def comparison(actual: Resultados, periodo: Periodo | None):
    if periodo is None:
        return {}
    trends = tendencias(actual, resultados(periodo))
    return {
        key: {
            "periodo": periodo_dict(periodo),
            "anterior": trend.anterior,
            "diferencia": trend.diferencia,
            "porcentaje": trend.porcentaje,
            "direccion": trend.direction,
        }
        for key, trend in trends.items()
    }


def cifras(actual: Resultados):
    periodo = actual.periodo
    previous = comparison(actual, earlier(periodo.previous))
    # For a year both comparisons are the year before: computed once.
    if periodo.trimestre is None:
        year_before = previous
    else:
        year_before = comparison(actual, earlier(periodo.year_before))
    return [
        {
            "clave": figure.key,
            "etiqueta": str(figure.label),
            "unidad": figure.unit,
            "valor": actual.valores.get(figure.key),
            "descripcion": str(figure.description),
            "frente_al_periodo_anterior": previous.get(figure.key),
            "frente_al_anio_anterior": year_before.get(figure.key),
        }
        for figure in FIGURES
    ]


@router.get(
    "/",
    response={200: ResultadosSchema, 400: ProblemDetail},
    auth=PUBLIC_AUTH,
    url_name="resultados",
    operation_id="resultados",
    summary="Rendición de resultados del OPTISNTE",
    description=(
        "Las cifras de un trimestre o de un año (por omisión, el año en curso): tickets del "
        "Buzón, actualizaciones OPTI y de la Plataforma Nacional de Transparencia, reuniones "
        "y visitas al portal, con su comparación contra el periodo anterior y contra el mismo "
        "periodo del año anterior. Para un año, también sus cuatro trimestres. Los días son de "
        "la Ciudad de México."
    ),
)
def resultados_view(request, response: HttpResponse, query: Query[ResultadosQuery]):
    try:
        periodo = parse_query(query)
    except BadQuery as error:
        return problem_response(status=400, detail=str(error))
    actual = resultados(periodo)
    trimestres = None
    if periodo.trimestre is None:
        trimestres = [
            {"periodo": periodo_dict(quarter), "cifras": cifras(resultados(quarter))}
            for quarter in periodo.quarters()
        ]
    mark_cacheable(request, response, CACHE_SECONDS)
    return {"periodo": periodo_dict(periodo), "cifras": cifras(actual), "trimestres": trimestres}
