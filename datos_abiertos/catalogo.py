"""The registry of the public datasets: what each is, who answers for it, how often it changes,
when it last did (worked out from its records, never typed) and the downloads that serve it.

data.json, the DCAT catalogue, the dataset pages and the tests all read `datasets()`: a
download that is not registered here is in no catalogue, and the generated tests that send
bad parameters to every open-data URL (`endpoints`) fail until it is.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Max, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from buzon import estadisticas_views
from buzon.models import Ticket
from buzon.statistics import day_start
from cms.files import absolute_url
from cms.models import PortalSettings
from cms.parameters import Parameter
from estructura import obligaciones_views, open_data_views
from estructura.choices import Periodo
from estructura.cycle import site_calendar
from estructura.models import Aplicabilidad, Obligacion, OrganoPage, PublicacionPage
from estructura.obligaciones import period_end
from estructura.open_data import XLSX_CONTENT_TYPE, publicaciones_queryset
from resultados import views as resultados_views
from resultados.models import ResultadosPage

LICENSE_NAME = "Términos de Libre Uso MX"
LICENSE_URL = "https://datos.gob.mx/libreusomx"
PUBLISHER = _("Sindicato Nacional de Trabajadores de la Educación (SNTE)")
LANGUAGE = "es-MX"

EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"


@dataclass(frozen=True)
class Frequency:
    """How often a dataset changes, as data.json (ISO 8601), DCAT (the EU vocabulary) and a
    reader (words) say it."""

    iso: str
    dcat: str
    label: str


TRIMESTRAL = Frequency("R/P3M", EU_AUTHORITY + "frequency/QUARTERLY", _("Trimestral"))
DIARIA = Frequency("R/P1D", EU_AUTHORITY + "frequency/DAILY", _("Diaria"))
IRREGULAR = Frequency(
    "irregular", EU_AUTHORITY + "frequency/IRREG", _("Cuando cambia (sin periodo fijo)")
)


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str

    @property
    def dcat(self):
        return f"{EU_AUTHORITY}file-type/{self.name}"


FORMATS = {
    "csv": Format("CSV", "text/csv"),
    "json": Format("JSON", "application/json"),
    "xlsx": Format("XLSX", XLSX_CONTENT_TYPE),
}


@dataclass(frozen=True)
class Distribution:
    """One download of a dataset. `render` is the view that serves `path`, called as an
    anonymous visitor would be (datos_abiertos.measure), so its byteSize is what is served."""

    format: Format
    path: str
    render: Callable
    parameters: tuple[Parameter, ...] = ()

    @property
    def url(self):
        return absolute_url(self.path)


@dataclass(frozen=True)
class Filter:
    """A parameter of the dataset's downloads and the values its page offers for it."""

    parameter: Parameter
    choices: Callable[[], list[tuple[str, str]]]


@dataclass
class Dataset:
    identifier: str
    title: str
    description: str
    keywords: tuple[str, ...]
    accrual: Frequency
    distributions: list[Distribution]
    modified: datetime.date | None
    temporal: tuple[datetime.date, datetime.date] | None
    # The page people read the same data on, and what it takes (None: not an open-data URL).
    view_path: str | None = None
    view_parameters: tuple[Parameter, ...] | None = None
    filters: tuple[Filter, ...] = field(default=())

    @property
    def path(self):
        return reverse("open_data:dataset", args=[self.identifier])

    @property
    def landing_page(self):
        return absolute_url(self.path)

    @property
    def qualified_identifier(self):
        # Stable whatever the host: a harvester keys its copy on it.
        return f"optisnte-{self.identifier}"


@dataclass(frozen=True)
class Contact:
    name: str
    email: str


def contact(request):
    """The contact point of every dataset: the portal's own (site settings), so that a change
    of address needs no deploy."""
    portal = PortalSettings.for_request(request)
    return Contact(portal.nombre_contacto or str(PUBLISHER), portal.email)


def _period(ejercicio, periodo):
    first_month = Periodo.months(periodo)[0]
    return datetime.date(ejercicio, first_month, 1), period_end(ejercicio, periodo)


def _as_date(moment):
    return timezone.localtime(moment).date() if moment else None


def _latest(*days):
    return max((day for day in days if day is not None), default=None)


def _public_choices(model):
    def choices():
        pages = model.objects.live().public().order_by("path").only("pk", "title", "path")
        return [(str(page.pk), page.title) for page in pages]

    return choices


def publicaciones(today):
    """The publication listing with the national platform's columns: one query."""
    # The download's own queryset, so that a publication the download leaves out (a draft, a
    # private section) moves neither the date nor the coverage.
    rows = list(
        publicaciones_queryset()
        .prefetch_related(None)
        .order_by()
        .values("ejercicio", "periodo")
        .annotate(latest=Max("fecha_actualizacion"))
    )
    periods = [_period(row["ejercicio"], row["periodo"]) for row in rows]
    temporal = (min(p[0] for p in periods), max(p[1] for p in periods)) if periods else None
    ejercicios = sorted({row["ejercicio"] for row in rows}, reverse=True)
    parameters = {parameter.name: parameter for parameter in open_data_views.PARAMETERS}
    eje_model = PublicacionPage._meta.get_field("ejes").related_model
    return Dataset(
        identifier="publicaciones",
        title=str(_("Publicaciones de transparencia")),
        description=str(
            _(
                "Cada publicación de transparencia de los órganos del SNTE, con las columnas de "
                "los formatos de la Plataforma Nacional de Transparencia: ejercicio, periodo que "
                "se informa, área responsable, fechas de actualización y de validación, nota, "
                "documentos, ejes y fundamento legal."
            )
        ),
        keywords=("transparencia", "SNTE", "publicaciones", "obligaciones", "sindicato"),
        accrual=TRIMESTRAL,
        distributions=[
            Distribution(
                FORMATS[key],
                reverse("open_data:publicaciones", args=[key]),
                partial(open_data_views.publicaciones, formato=key),
                open_data_views.PARAMETERS,
            )
            for key in open_data_views.FORMATS
        ],
        modified=max((row["latest"] for row in rows), default=None),
        temporal=temporal,
        filters=(
            Filter(parameters["eje"], _public_choices(eje_model)),
            Filter(parameters["organo"], _public_choices(OrganoPage)),
            Filter(parameters["ejercicio"], lambda: [(str(y), str(y)) for y in ejercicios]),
        ),
    )


OBLIGACIONES = {
    "aplicabilidad": (
        _("Tabla de aplicabilidad"),
        _(
            "Qué obligaciones de transparencia aplican a cada órgano del SNTE y, de las que no "
            "aplican, su fundamento y motivación."
        ),
        ("aplicabilidad", "obligaciones de transparencia", "SNTE"),
        IRREGULAR,
    ),
    "actualizacion": (
        _("Tabla de actualización y conservación"),
        _(
            "Cada cuánto actualiza cada órgano del SNTE cada obligación que le aplica y "
            "cuánto tiempo conserva publicada la información."
        ),
        ("actualización", "conservación", "obligaciones de transparencia", "SNTE"),
        IRREGULAR,
    ),
    "cumplimiento": (
        _("Cumplimiento de las obligaciones de transparencia"),
        _(
            "El estado de cada obligación de cada órgano del SNTE en la fecha de consulta (al "
            "día, en plazo, vencida, no aplica), con el periodo pendiente y su fecha límite."
        ),
        ("cumplimiento", "obligaciones de transparencia", "SNTE"),
        TRIMESTRAL,
    ),
}


def _tables_modified():
    """When the catalogue of obligations or a public órgano's tabla de aplicabilidad was last
    edited (the admin logs every edit), or a public órgano renamed (published): two queries.
    An edit of a private órgano's row moves nothing: not even its date is public."""
    types = ContentType.objects.get_for_models(Obligacion, Aplicabilidad)
    organos = obligaciones_views.public_organos()
    public_rows = (
        Aplicabilidad.objects.filter(organo__in=organos)
        .annotate(key=Cast("pk", CharField()))
        .values("key")
    )
    edited = ModelLogEntry.objects.filter(
        Q(content_type=types[Obligacion])
        | Q(content_type=types[Aplicabilidad], object_id__in=public_rows)
    ).aggregate(last=Max("timestamp"))["last"]
    published = organos.aggregate(last=Max("last_published_at"))["last"]
    return _latest(_as_date(edited), _as_date(published))


def last_status_change(today):
    """The latest day on or before `today` a series' status may have changed by the calendar
    alone: a window opened (en plazo) or closed the day before (vencida)."""
    days = []
    for start, deadline in site_calendar().windows_from(today.year - 1):
        if start > today:
            break
        days += [day for day in (start, deadline + datetime.timedelta(days=1)) if day <= today]
    return max(days, default=None)


def obligaciones(today):
    """The three public tables of /obligaciones/: three queries."""
    tables = _tables_modified()
    records = (
        PublicacionPage.objects.live()
        .public()
        .filter(obligacion__isnull=False)
        .aggregate(last=Max("last_published_at"), updated=Max("fecha_actualizacion"))
    )
    year = (datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31))
    organo = Filter(
        obligaciones_views.ORGANO,
        lambda: [(str(o.pk), o.title) for o in obligaciones_views.organos_of(None)],
    )
    found = []
    for tabla in obligaciones_views.TABLAS:
        title, description, keywords, accrual = OBLIGACIONES[tabla]
        if tabla == "cumplimiento":
            modified = _latest(
                tables,
                _as_date(records["last"]),
                records["updated"],
                last_status_change(today),
            )
            temporal = (today, today)  # the status on the day it is asked
        else:
            modified, temporal = tables, year
        found.append(
            Dataset(
                identifier=f"obligaciones-{tabla}",
                title=str(title),
                description=str(description),
                keywords=keywords,
                accrual=accrual,
                distributions=[
                    Distribution(
                        FORMATS[formato],
                        reverse("obligaciones:tabla", args=[tabla, formato]),
                        partial(obligaciones_views.tabla, tabla=tabla, formato=formato),
                        obligaciones_views.PARAMETERS,
                    )
                    for formato in ("csv", "json")
                ],
                modified=modified,
                temporal=temporal,
                view_path=reverse("obligaciones:index"),
                view_parameters=obligaciones_views.PARAMETERS,
                filters=(organo,),
            )
        )
    return found


def rendicion_de_resultados(today):
    """The quarterly figures, when the results page is published: six queries."""
    page = ResultadosPage.objects.live().public().first()
    url = page.get_url() if page else None
    if url is None:
        return []
    return [
        Dataset(
            identifier="rendicion-de-resultados",
            title=str(_("Rendición de resultados")),
            description=str(
                _(
                    "Las cifras trimestrales del OPTISNTE, contadas de sus registros: tickets "
                    "del Buzón recibidos, resueltos y pendientes, actualizaciones del portal y "
                    "de la Plataforma Nacional de Transparencia, reuniones y visitas. Una fila "
                    "por trimestre y otra por el año; sin parámetro, el año en curso."
                )
            ),
            keywords=("rendición de cuentas", "resultados", "Buzón", "SNTE", "indicadores"),
            accrual=TRIMESTRAL,
            distributions=[
                Distribution(
                    FORMATS[kind],
                    url + page.reverse_subpage(f"descargar_{kind}"),
                    partial(resultados_views.download, page=page, kind=kind),
                    resultados_views.DOWNLOAD_PARAMETERS,
                )
                for kind in ("csv", "xlsx")
            ],
            modified=resultados_views.last_data_day(today),
            temporal=(datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)),
            # The page forgives a bad year (it shows the current one): not an open-data URL.
            view_path=url,
            filters=(
                Filter(
                    resultados_views.DOWNLOAD_PARAMETERS[0],
                    lambda: [
                        (str(y), str(y))
                        for y in range(today.year, resultados_views.first_data_year(today) - 1, -1)
                    ],
                ),
            ),
        )
    ]


def buzon_estadisticas(today):
    """The Buzón's public statistics of /buzon/estadisticas/: two queries."""
    # As the results' last_data_day: nothing after the day asked about.
    last = Ticket.objects.filter(actualizado__lt=day_start(today + datetime.timedelta(days=1)))
    last = last.aggregate(last=Max("actualizado"))["last"]
    first = estadisticas_views.first_year(today)
    return Dataset(
        identifier="buzon-estadisticas",
        title=str(_("Estadísticas del Buzón OPTISNTE")),
        description=str(
            _(
                "Los tickets del Buzón OPTISNTE recibidos en un año: recibidos, respondidos, "
                "resueltos, porcentaje respondido a tiempo, mediana de días hábiles para "
                "responder y vencidos a la fecha de corte; el total, por tipo y por órgano "
                "(los órganos con menos de cinco tickets, agrupados). Solo cifras, ningún dato "
                "personal. Sin parámetro, el año en curso."
            )
        ),
        keywords=("Buzón", "tickets", "solicitudes", "tiempo de respuesta", "SNTE"),
        # "Vencidos ahora" is counted on the day of the download.
        accrual=DIARIA,
        distributions=[
            Distribution(
                FORMATS[formato],
                reverse("buzon_estadisticas:descarga", args=[formato]),
                partial(estadisticas_views.descarga, formato=formato),
                estadisticas_views.PARAMETERS,
            )
            for formato in estadisticas_views.FORMATOS
        ],
        modified=_as_date(last),
        temporal=(datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)),
        view_path=reverse("buzon_estadisticas:index"),
        view_parameters=estadisticas_views.PARAMETERS,
        filters=(
            Filter(
                estadisticas_views.PARAMETERS[0],  # the year; the others are free
                lambda: [(str(y), str(y)) for y in range(today.year, first - 1, -1)],
            ),
        ),
    )


def datasets(today=None):
    """Every public dataset, in a fixed number of queries (about a dozen) whatever the number
    of órganos, publications or records."""
    today = today or timezone.localdate()
    return [
        publicaciones(today),
        *obligaciones(today),
        *rendicion_de_resultados(today),
        buzon_estadisticas(today),
    ]


def find(identifier, today=None):
    return next((d for d in datasets(today) if d.identifier == identifier), None)


@dataclass(frozen=True)
class Endpoint:
    """An open-data URL and the parameters it takes (cms.parameters refuses any other)."""

    path: str
    parameters: tuple[Parameter, ...] = ()


def endpoints(found):
    """Every open-data URL of the catalogue `found`: its own pages, each dataset's page, its
    downloads and the page people read it on."""
    urls = [
        Endpoint(reverse("open_data:index")),
        Endpoint(reverse("open_data:data_json")),
        Endpoint(reverse("open_data:catalogo_jsonld")),
    ]
    for dataset in found:
        urls.append(Endpoint(dataset.path))
        urls += [Endpoint(d.path, d.parameters) for d in dataset.distributions]
        if dataset.view_parameters is not None:
            urls.append(Endpoint(dataset.view_path, dataset.view_parameters))
    # Several datasets share a page (/obligaciones/): once each.
    return list(dict.fromkeys(urls))
