"""The one place the quarterly results are counted: the page, the dashboard, the API, the
downloads and the live indicators of project sheets all read from here.

Each figure comes from what the system already records (DESIGN.md, "Rendición de
resultados"), never from a number typed in:

- the Buzón's tickets: ``buzon.statistics.ticket_figures``;
- OPTI updates: publish entries of the audit log for publications and projects
  (``estructura.audit.count_publications_published``, a revision published twice counts once);
- updates to the national platform and meetings: the registers in ``estructura.registers``;
- portal visits: the page-view count of ``visitas``;
- compliance with the obligations: the series judged at the close of the period's last update
  window (``estructura.obligaciones.cierre_en``).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buzon.statistics import ticket_figures
from cms.formats import DIAS, NUMERO, PORCENTAJE
from cms.periods import Periodo
from estructura.audit import count_publications_published
from estructura.choices import TipoReunion
from estructura.obligaciones import cierre_en
from estructura.registers import ActualizacionPlataforma, Reunion
from visitas.models import VisitaDiaria


@dataclass(frozen=True)
class Figure:
    """What one figure is: its key (stable, used by the API and the indicators), its label,
    its unit, and one sentence saying how it is counted."""

    key: str
    label: str
    unit: str
    description: str


FIGURES = [
    Figure(
        "tickets_recibidos",
        _("Tickets recibidos"),
        NUMERO,
        _("Tickets del Buzón presentados en el periodo."),
    ),
    Figure(
        "tickets_resueltos",
        _("Tickets resueltos"),
        NUMERO,
        _("De los recibidos en el periodo, los resueltos al cierre del periodo."),
    ),
    Figure(
        "tickets_pendientes",
        _("Tickets pendientes"),
        NUMERO,
        _("De los recibidos en el periodo, los que seguían sin resolver al cierre."),
    ),
    Figure(
        "porcentaje_tickets_resueltos",
        _("% de tickets resueltos"),
        PORCENTAJE,
        _("Resueltos entre recibidos, por cien."),
    ),
    Figure(
        "mediana_dias_respuesta",
        _("Mediana de días para responder"),
        DIAS,
        _("Días naturales de la recepción a la primera respuesta (la mitad tardó menos)."),
    ),
    Figure(
        "actualizaciones_opti",
        _("Actualizaciones OPTI"),
        NUMERO,
        _("Publicaciones y proyectos publicados o actualizados en el portal (bitácora)."),
    ),
    Figure(
        "actualizaciones_plataforma",
        _("Actualizaciones a la Plataforma Nacional de Transparencia"),
        NUMERO,
        _("Formatos cargados a la plataforma nacional, según su registro de cargas."),
    ),
    Figure(
        "reuniones_organos_gobierno",
        _("Reuniones con Órganos Nacionales de Gobierno"),
        NUMERO,
        _("Reuniones de trabajo registradas con Órganos Nacionales de Gobierno."),
    ),
    Figure(
        "reuniones_enlaces",
        _("Reuniones con enlaces acreditados"),
        NUMERO,
        _("Reuniones de trabajo registradas con los enlaces acreditados."),
    ),
    Figure(
        "cumplimiento_obligaciones",
        _("% de obligaciones de transparencia al día"),
        PORCENTAJE,
        _(
            "Obligaciones aplicables (tabla de aplicabilidad) con su periodo publicado al "
            "cerrar la última ventana de actualización del periodo, por cien."
        ),
    ),
    Figure(
        "visitas_portal",
        _("Visitas al portal"),
        NUMERO,
        _("Páginas vistas en el portal público (sin datos personales ni robots)."),
    ),
]
FIGURES_BY_KEY = {figure.key: figure for figure in FIGURES}


@dataclass(frozen=True)
class Resultados:
    """The value of every figure for one period (None where it cannot be computed, e.g. a
    percentage of zero tickets)."""

    periodo: Periodo
    valores: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return self.valores[key]


def resultados(periodo: Periodo) -> Resultados:
    """Every figure for `periodo`, in a fixed number of queries whatever the data."""
    start, end = periodo.bounds
    tickets = ticket_figures(start, end)
    reuniones = reuniones_qs(start, end).aggregate(
        organos_gobierno=Count("pk", filter=Q(tipo=TipoReunion.ORGANO_GOBIERNO)),
        enlaces=Count("pk", filter=Q(tipo=TipoReunion.ENLACES)),
    )
    valores = {
        "tickets_recibidos": tickets.recibidos,
        "tickets_resueltos": tickets.resueltos,
        "tickets_pendientes": tickets.pendientes,
        "porcentaje_tickets_resueltos": tickets.porcentaje_resueltos,
        "mediana_dias_respuesta": tickets.mediana_dias_respuesta,
        "actualizaciones_opti": count_publications_published(start, end),
        "actualizaciones_plataforma": cargas_qs(start, end).count(),
        "reuniones_organos_gobierno": reuniones["organos_gobierno"],
        "reuniones_enlaces": reuniones["enlaces"],
        "cumplimiento_obligaciones": compliance_at_close(start, end),
        "visitas_portal": visitas_qs(start, end).total(),
    }
    return Resultados(periodo, valores)


# The rows each register figure counts; the drill-down lists (registros.py) read the same.
REUNION_TIPOS = {
    "reuniones_organos_gobierno": TipoReunion.ORGANO_GOBIERNO,
    "reuniones_enlaces": TipoReunion.ENLACES,
}


def reuniones_qs(start, end, tipo=None):
    found = Reunion.objects.between(start, end)
    return found if tipo is None else found.filter(tipo=tipo)


def cargas_qs(start, end):
    return ActualizacionPlataforma.objects.between(start, end)


def visitas_qs(start, end):
    return VisitaDiaria.objects.between(start, end)


def compliance_at_close(start, end):
    cierre = cierre_en(start, end)
    return cierre.cumplimiento.porcentaje if cierre is not None else None


def resultados_por_trimestre(ejercicio: int) -> list[Resultados]:
    """The four quarters of a year, in order (future quarters included, with what exists)."""
    return [resultados(periodo) for periodo in Periodo(ejercicio).quarters()]


@dataclass(frozen=True)
class Tendencia:
    """A figure against an earlier period: the difference and, where it means something, the
    change in per cent."""

    anterior: float | int | None
    diferencia: float | int | None
    porcentaje: float | None

    @property
    def direction(self):
        if not self.diferencia:
            return "igual"
        return "sube" if self.diferencia > 0 else "baja"


def tendencia(actual, anterior) -> Tendencia:
    if actual is None or anterior is None:
        return Tendencia(anterior, None, None)
    diferencia = round(actual - anterior, 1) if isinstance(actual, float) else actual - anterior
    porcentaje = round(100 * diferencia / anterior, 1) if anterior else None
    return Tendencia(anterior, diferencia, porcentaje)


def tendencias(actual: Resultados, anterior: Resultados) -> dict[str, Tendencia]:
    return {
        figure.key: tendencia(actual.valores.get(figure.key), anterior.valores.get(figure.key))
        for figure in FIGURES
    }


def comparable(periodo: Periodo, step: str, today=None) -> Periodo | None:
    """The period to compare `periodo` with: ``previous`` (the one just before) or
    ``year_before``; None before the first year there can be figures for.

    While `periodo` runs, only its days lived so far have figures: the earlier period is cut
    to as many days from its start, so a running quarter is never read against a whole one
    as if it were a drop."""
    try:
        earlier = getattr(periodo, step)()
    except ValueError:
        return None
    today = today or timezone.localdate()
    if periodo.inicio <= today <= periodo.fin:
        lived = datetime.timedelta(days=(today - periodo.inicio).days)
        earlier = Periodo.rango(earlier.inicio, min(earlier.fin, earlier.inicio + lived))
    return earlier
