"""/api/resultados/: the figures of any period for apps (mounted by api.project).

Public and anonymous: counts only, read from ``resultados.figures`` like the page, the
dashboard and the downloads. The period is read by ``cms.periods.from_query``, the one reading
every figures endpoint shares (a year, a quarter, a month or a desde/hasta range); the schema
below only documents it, so every bad or unknown parameter gets a 400 with a Spanish message
(Ninja's own validation answers 422 in English and ignores what it does not know).
"""

import datetime

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema
from wagtail.api.v3.errors import ProblemDetail, problem_response

from api.auth import PUBLIC_AUTH
from api.params import PeriodoQuery
from buzon.statistics import tickets_por_estado
from cms import periods
from cms.parameters import BadParameter
from cms.sharing import mark_cacheable

from .figures import FIGURES, Periodo, Resultados, comparable, resultados, tendencias

router = Router(tags=["Rendición de resultados"])

# The current quarter's figures move with every ticket and visit: a short shared cache only.
CACHE_SECONDS = 300


class PeriodoSchema(Schema):
    tipo: str = Field(description="«anio», «trimestre», «mes» o «rango».")
    ejercicio: int = Field(description="El año (para un rango, el año en que empieza).")
    trimestre: int | None = Field(description="1 a 4; null si el periodo no es un trimestre.")
    mes: int | None = Field(description="1 a 12; null si el periodo no es un mes.")
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
        description="Contra el periodo del mismo tipo inmediato anterior (un rango: los mismos "
        "días justo antes). Si el periodo está en curso, contra los mismos días transcurridos "
        "del anterior."
    )
    frente_al_anio_anterior: TendenciaSchema | None = Field(
        description="Contra el mismo periodo un año antes (en curso: los mismos días)."
    )


class TrimestreSchema(Schema):
    periodo: PeriodoSchema
    cifras: list[CifraSchema]


class PorEstadoSchema(Schema):
    estado: str = Field(
        description="recibido, en_atencion, respondido, cerrado, improcedente o duplicado."
    )
    nombre: str
    tickets: int = Field(
        description="Tickets recibidos en el periodo que hoy están en este estado."
    )
    cuenta_como_resuelto: bool = Field(
        description="Si llegar a este estado hace que el ticket cuente como resuelto."
    )


class ResultadosSchema(Schema):
    periodo: PeriodoSchema
    cifras: list[CifraSchema]
    tickets_por_estado: list[PorEstadoSchema] = Field(
        description="Los tickets recibidos en el periodo, por su estado de hoy (suman «tickets "
        "recibidos»); «tickets resueltos» cuenta los resueltos al cierre del periodo."
    )
    trimestres: list[TrimestreSchema] | None = Field(
        description="Para un año: sus cuatro trimestres; null para un trimestre."
    )


def periodo_dict(periodo: Periodo):
    return {
        "tipo": periodo.tipo,
        "ejercicio": periodo.ejercicio,
        "trimestre": periodo.trimestre,
        "mes": periodo.mes,
        "inicio": periodo.inicio,
        "fin": periodo.fin,
        "etiqueta": periodo.label,
    }


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
    before, year_ago = comparable(periodo, "previous"), comparable(periodo, "year_before")
    previous = comparison(actual, before)
    # For a year both comparisons are the year before: computed once.
    year_before = previous if year_ago == before else comparison(actual, year_ago)
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
        "Las cifras de un año, un trimestre, un mes o un periodo libre desde/hasta (por "
        "omisión, el año en curso; cualquier otro parámetro es un 400): tickets del "
        "Buzón, actualizaciones OPTI y de la Plataforma Nacional de Transparencia, reuniones "
        "y visitas al portal, con su comparación contra el periodo anterior y contra el mismo "
        "periodo del año anterior. Para un año, también sus cuatro trimestres. Los días son de "
        "la Ciudad de México."
    ),
)
def resultados_view(request, response: HttpResponse, query: Query[PeriodoQuery]):
    try:
        periodo = periods.from_query(request)
    except BadParameter as error:
        return problem_response(status=error.status, detail=error.message)
    actual = resultados(periodo)
    trimestres = None
    if periodo.tipo == periods.ANIO:
        trimestres = [
            {"periodo": periodo_dict(quarter), "cifras": cifras(resultados(quarter))}
            for quarter in periodo.quarters()
        ]
    mark_cacheable(request, response, CACHE_SECONDS)
    return {
        "periodo": periodo_dict(periodo),
        "cifras": cifras(actual),
        "tickets_por_estado": tickets_por_estado(*periodo.bounds),
        "trimestres": trimestres,
    }
