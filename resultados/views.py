"""The results page and its downloads: they read the figures from ``figures``, never count."""

from dataclasses import dataclass

from django.db.models import Max, Min
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from buzon.models import Ticket
from cms.parameters import BadParameter, Parameter, check_parameters, refused, year
from cms.sharing import mark_cacheable
from estructura.audit import PUBLISH_ACTIONS, publication_log_queryset
from estructura.registers import ActualizacionPlataforma, Reunion
from visitas.models import VisitaDiaria

from . import exports
from .charts import charts_for, format_value
from .figures import FIGURES, FIRST_YEAR, Periodo, resultados, tendencia
from .most_visited import most_visited_by_eje


def first_data_year(today):
    """The year of the oldest thing any figure counts (this year when nothing is recorded)."""
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
    return max(FIRST_YEAR, min([*years, today.year]))


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


def chosen_ejercicio(request, today=None):
    """(ejercicio, every ejercicio offered, newest first) from ``?ejercicio=``; anything that is
    not one of the offered years (text, a future year, a year before any data) falls back to
    the current year rather than failing."""
    today = today or timezone.localdate()
    ejercicios = list(range(today.year, first_data_year(today) - 1, -1))
    raw = request.GET.get("ejercicio", "").strip()
    ejercicio = int(raw) if raw.isdigit() and len(raw) == 4 else None
    if ejercicio not in ejercicios:
        ejercicio = today.year
    return ejercicio, ejercicios


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
    label = periodo_anterior.label
    if trend.diferencia is None:
        return Comparacion("sin-dato", "", _("Sin dato en %(periodo)s") % {"periodo": label})
    if trend.direction == "igual":
        return Comparacion(
            "igual", ARROWS["igual"], _("Igual que en %(periodo)s") % {"periodo": label}
        )
    amount = format_value(abs(trend.diferencia), figure.unit)
    if figure.unit == "porcentaje":
        amount = _("%(amount)s puntos") % {"amount": f"{abs(trend.diferencia):,.1f}"}
    if trend.porcentaje is not None and figure.unit != "porcentaje":
        amount += f" ({trend.porcentaje:+,.1f} %)".replace("-", "−")
    verb = _("Sube") if trend.direction == "sube" else _("Baja")
    return Comparacion(
        trend.direction,
        ARROWS[trend.direction],
        _("%(verb)s %(amount)s frente a %(periodo)s")
        % {"verb": verb, "amount": amount, "periodo": label},
    )


def earlier(periodo, step):
    """periodo.previous() or .year_before(), or None before the first year figures exist for."""
    try:
        return getattr(periodo, step)()
    except ValueError:
        return None


def year_context(ejercicio, today):
    """Everything the page shows for one year, in a fixed number of queries."""
    computed = {}

    def figures_for(periodo):
        if periodo is None or not periodo.has_started(today):
            return None
        if periodo not in computed:
            computed[periodo] = resultados(periodo)
        return computed[periodo]

    quarters = [(periodo, figures_for(periodo)) for periodo in Periodo(ejercicio).quarters()]
    started = [periodo for periodo, res in quarters if res is not None]
    resumen = None
    if started:
        latest = started[-1]
        previous, year_before = earlier(latest, "previous"), earlier(latest, "year_before")
        actual, anterior, hace_un_anio = (
            figures_for(latest),
            figures_for(previous),
            figures_for(year_before),
        )
        resumen = {
            "periodo": latest,
            "en_curso": latest.fin >= today,
            "rows": [
                {
                    "figure": figure,
                    "value": format_value(actual.valores.get(figure.key), figure.unit),
                    "vs_previous": compare(
                        figure, actual.valores.get(figure.key), anterior, previous
                    ),
                    "vs_year_before": compare(
                        figure, actual.valores.get(figure.key), hace_un_anio, year_before
                    ),
                }
                for figure in FIGURES
            ],
        }
    return {"quarters": quarters, "charts": charts_for(quarters), "resumen": resumen}


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
    ejercicio, ejercicios = chosen_ejercicio(request, today)
    context = page.get_context(request)
    context.update(
        {
            "ejercicio": ejercicio,
            "ejercicios": ejercicios,
            "figures": FIGURES,
            "today": today,
            "mas_visitadas": most_visited(ejercicio),
            **year_context(ejercicio, today),
        }
    )
    return TemplateResponse(request, "resultados/resultados_page.html", context)


DOWNLOAD_CACHE_SECONDS = 300
# What the downloads take (cms.parameters is the rule; the open-data catalogue documents it).
DOWNLOAD_PARAMETERS = (
    Parameter(
        "ejercicio",
        _lazy("Ejercicio"),
        _lazy("El año de las cifras, de cuatro cifras; sin él, el año en curso."),
        invalid="20x6",
    ),
)


def download_ejercicio(request, today=None):
    """The year of a download's ``?ejercicio=``, the current one when not given. Unlike the
    page, a file never falls back: it would hold another year than the one asked for."""
    check_parameters(request, DOWNLOAD_PARAMETERS)
    today = today or timezone.localdate()
    raw = request.GET.get("ejercicio", "").strip()
    if not raw:
        return today.year
    return year(raw, "ejercicio", first_data_year(today), today.year)


def download(request, page, kind):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    try:
        ejercicio = download_ejercicio(request)
    except BadParameter as error:
        return refused(error)
    if kind == "xlsx":
        response = exports.xlsx_response(ejercicio)
    else:
        response = exports.csv_response(ejercicio)
    # The figures of the running quarter change during the day.
    return mark_cacheable(request, response, DOWNLOAD_CACHE_SECONDS)
