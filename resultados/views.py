"""The results page and its downloads: they read the figures from ``figures``, never count."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Max, Min
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from buzon.models import Ticket
from buzon.statistics import resolved_states_text, tickets_por_estado
from cms import periods
from cms.formats import PORCENTAJE, cifra
from cms.parameters import BadParameter, refused
from cms.query import memoized
from cms.sharing import mark_cacheable
from estructura.audit import PUBLISH_ACTIONS, publication_log_queryset
from estructura.registers import ActualizacionPlataforma, Reunion
from visitas.models import VisitaDiaria

from . import exports
from .charts import charts_for
from .figures import FIGURES, Periodo, comparable, resultados, tendencia
from .most_visited import most_visited_by_eje


def first_data_year(today):
    """The year of the oldest thing any figure counts (this year when nothing is recorded):
    five queries, once per request (the page, its drill-downs and every sheet row ask it)."""
    return memoized(("resultados.first_data_year", today), lambda: _first_data_year(today))


def _first_data_year(today):
    earliest = [
        Reunion.objects.aggregate(first=Min("fecha"))["first"],
        ActualizacionPlataforma.objects.aggregate(first=Min("fecha"))["first"],
        VisitaDiaria.objects.aggregate(first=Min("dia"))["first"],
    ]
    for moment in (
        Ticket.objects.aggregate(first=Min("creado"))["first"],
        publication_log_queryset(actions=PUBLISH_ACTIONS)
        .order_by()
        .aggregate(first=Min("timestamp"))["first"],
    ):
        earliest.append(timezone.localtime(moment).date() if moment else None)
    years = [day.year for day in earliest if day is not None]
    return max(periods.FIRST_YEAR, min([*years, today.year]))


def last_data_day(today):
    """The latest day anything a figure counts was recorded or changed (None when nothing
    is): the `modified` of the open-data figures. The mirror of `first_data_year`."""
    latest = [
        Reunion.objects.filter(fecha__lte=today).aggregate(last=Max("fecha"))["last"],
        ActualizacionPlataforma.objects.filter(fecha__lte=today).aggregate(last=Max("fecha"))[
            "last"
        ],
        VisitaDiaria.objects.filter(dia__lte=today).aggregate(last=Max("dia"))["last"],
    ]
    for moment in (
        Ticket.objects.aggregate(last=Max("actualizado"))["last"],
        publication_log_queryset(actions=PUBLISH_ACTIONS)
        .order_by()
        .aggregate(last=Max("timestamp"))["last"],
    ):
        latest.append(timezone.localtime(moment).date() if moment else None)
    days = [day for day in latest if day is not None and day <= today]
    return max(days, default=None)


def chosen_periodo(request, today=None):
    """(the period asked for, every ejercicio offered, newest first): ``cms.periods``'s
    reading, from the first year with data; BadParameter for anything else, as on every
    figures URL (the page says what is wrong instead of showing another period)."""
    today = today or timezone.localdate()
    first = first_data_year(today)
    ejercicios = list(range(today.year, first - 1, -1))
    return periods.from_query(request, first, today, last_year=today.year), ejercicios


ARROWS = {"sube": "▲", "baja": "▼", "igual": "="}


@dataclass
class Comparacion:
    """A figure against an earlier period, said in words (the arrow only repeats it)."""

    direction: str
    arrow: str
    text: str


def compare(figure, actual, anterior, periodo_anterior):
    if periodo_anterior is None or anterior is None:
        return Comparacion("sin-dato", "", _("Sin periodo anterior para comparar"))
    trend = tendencia(actual, anterior.valores.get(figure.key))
    label = periodo_anterior.referencia
    if trend.diferencia is None:
        return Comparacion("sin-dato", "", _("Sin dato en %(periodo)s") % {"periodo": label})
    if trend.direction == "igual":
        return Comparacion(
            "igual", ARROWS["igual"], _("Igual que en %(periodo)s") % {"periodo": label}
        )
    amount = cifra(abs(trend.diferencia), figure.unit)
    if figure.unit == PORCENTAJE:
        amount = _("%(amount)s puntos") % {"amount": cifra(float(abs(trend.diferencia)))}
    if trend.porcentaje is not None and figure.unit != PORCENTAJE:
        amount += f" ({cifra(trend.porcentaje, PORCENTAJE, signed=True)})"
    verb = _("Sube") if trend.direction == "sube" else _("Baja")
    return Comparacion(
        trend.direction,
        ARROWS[trend.direction],
        _("%(verb)s %(amount)s frente a %(periodo)s")
        % {"verb": verb, "amount": amount, "periodo": label},
    )


def summary(periodo, today, figures_for):
    """The cards of one period: every figure, linked to its records, against the comparable
    period before and the same period a year before (one comparison for a year: both are the
    year before)."""
    previous = comparable(periodo, "previous", today)
    year_before = comparable(periodo, "year_before", today)
    earlier = [previous] + ([year_before] if year_before != previous else [])
    actual = figures_for(periodo)
    found = [(figures_for(before), before) for before in earlier]
    return {
        "periodo": periodo,
        "en_curso": periodo.fin >= today,
        # The received tickets by state, and which states count as resolved (issue 13).
        "por_estado": tickets_por_estado(*periodo.bounds),
        "resueltos_texto": resolved_states_text(),
        "rows": [
            {
                "figure": figure,
                "value": cifra(actual.valores.get(figure.key), figure.unit),
                "comparaciones": [
                    compare(figure, actual.valores.get(figure.key), anterior, before)
                    for anterior, before in found
                ],
            }
            for figure in FIGURES
        ],
    }


def year_context(ejercicio, today, periodo=None):
    """Everything the page shows for one year, in a fixed number of queries: its quarters,
    and the summary of `periodo` (a quarter, a month or a range), or for a whole year the
    summary of its latest started quarter and of the year itself (what a project sheet set
    to "el año" shows)."""
    computed = {}

    def figures_for(periodo):
        if periodo is None or not periodo.has_started(today):
            return None
        if periodo not in computed:
            computed[periodo] = resultados(periodo)
        return computed[periodo]

    quarters = [(periodo, figures_for(periodo)) for periodo in Periodo(ejercicio).quarters()]
    started = [quarter for quarter, res in quarters if res is not None]
    whole_year = periodo is None or periodo.tipo == periods.ANIO
    if not whole_year:
        started = [periodo] if periodo.has_started(today) else []
    resumen = summary(started[-1], today, figures_for) if started else None
    anual = summary(Periodo(ejercicio), today, figures_for) if whole_year and started else None
    return {
        "quarters": quarters,
        "charts": charts_for(quarters),
        "resumen": resumen,
        "resumen_anual": anual,
    }


def most_visited(ejercicio):
    """Per eje, the pages most visited in the year (the "visitas" figure, broken down)."""
    start, end = Periodo(ejercicio).bounds
    return [
        grupo
        for grupo in most_visited_by_eje(VisitaDiaria.objects.between(start, end))
        if grupo.paginas
    ]


def results_page(request, page):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    today = timezone.localdate()
    context = page.get_context(request)
    context.update({"figures": FIGURES, "today": today, "meses": periods.MESES})
    try:
        periodo, ejercicios = chosen_periodo(request, today)
    except BadParameter as error:
        # Said on the page, with the form to choose again; no figures of another period.
        context.update(
            {
                "error": error.message,
                "ejercicio": today.year,
                "ejercicios": list(range(today.year, first_data_year(today) - 1, -1)),
            }
        )
        return TemplateResponse(
            request, "resultados/resultados_page.html", context, status=error.status
        )
    context.update(
        {
            "periodo": periodo,
            "ejercicio": periodo.ejercicio,
            "ejercicios": ejercicios,
            "descarga": urlencode(periodo.query()),
            "mas_visitadas": most_visited(periodo.ejercicio),
            **year_context(periodo.ejercicio, today, periodo),
        }
    )
    return TemplateResponse(request, "resultados/resultados_page.html", context)


DOWNLOAD_CACHE_SECONDS = 300
# What the downloads take (cms.periods is the rule; the open-data catalogue documents it).
DOWNLOAD_PARAMETERS = periods.PARAMETERS


def download_periodo(request, today=None):
    """The period of a download's query (cms.periods), the current year when not given."""
    today = today or timezone.localdate()
    return periods.from_query(request, first_data_year(today), today, last_year=today.year)


def download(request, page, kind):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    try:
        periodo = download_periodo(request)
    except BadParameter as error:
        return refused(error)
    if kind == "xlsx":
        response = exports.xlsx_response(periodo)
    else:
        response = exports.csv_response(periodo)
    # The figures of the running quarter change during the day.
    return mark_cacheable(request, response, DOWNLOAD_CACHE_SECONDS)
