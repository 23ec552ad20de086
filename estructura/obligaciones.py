"""Whether each órgano is up to date with each obligation: the one place a series' status is
worked out. The badge on a publication, the órgano's page, the compliance tables, the overdue
report, the reminders and the API all read ``series`` (or ``serie_de`` for one publication).

A *series* is what one órgano publishes for one obligation that applies to it; each live
publication with that obligation fills one period of it (ejercicio + periodo). A period is
reported in the update window that opens after it ends (``UpdateCalendar.reporting_window``).
On a given day a series is:

- **vencida** when the window of the last period that had to be reported has closed and no
  record covers that period (a record of that period or of a later one);
- **en plazo** when it is not vencida and a window is open now for a period no record covers;
- **al día** otherwise;
- **no aplica** when the órgano's tabla de aplicabilidad says so, with its reasons.

A record of a past period is never vencida: it is *histórico*, and links to the series'
current record. Eventual obligations have no window, and are al día.
"""

import calendar as month_calendar
import datetime
import functools
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from cms.choices import Periodicidad
from cms.query import memoized, url_of

from .choices import Periodo
from .cycle import site_calendar
from .models import Aplicabilidad, Obligacion, OrganoPage, PublicacionPage

PERIODOS = {
    Periodicidad.TRIMESTRAL: [Periodo.T1, Periodo.T2, Periodo.T3, Periodo.T4],
    Periodicidad.SEMESTRAL: [Periodo.S1, Periodo.S2],
    Periodicidad.ANUAL: [Periodo.ANUAL],
}


class EstadoSerie(models.TextChoices):
    AL_DIA = "al_dia", _("Al día")
    EN_PLAZO = "en_plazo", _("En plazo de actualización")
    VENCIDA = "vencida", _("Información vencida")
    NO_APLICA = "no_aplica", _("No aplica")
    HISTORICO = "historico", _("Histórico")  # a record of a past period, never a series


@functools.lru_cache(maxsize=1024)  # a pure function of a few dozen (year, period) pairs
def period_end(ejercicio, periodo):
    last_month = Periodo.months(periodo)[1]
    return datetime.date(ejercicio, last_month, month_calendar.monthrange(ejercicio, last_month)[1])


@dataclass(frozen=True)
class PeriodoDebido:
    """A period of a series and the window that reports it."""

    ejercicio: int
    periodo: str
    fin: datetime.date
    ventana: datetime.date
    fecha_limite: datetime.date

    @property
    def nombre(self):
        return f"{Periodo(self.periodo).label}, {self.ejercicio}"


def reported_periods(periodicidad, hoy, calendar):
    """(the last period whose window has closed by `hoy`, the period whose window is open on
    `hoy` or None), for obligations of `periodicidad`; (None, None) when it has no windows."""
    claves = PERIODOS.get(periodicidad)
    if not claves:
        return None, None
    abierto = None
    for year in range(hoy.year, hoy.year - 3, -1):
        for clave in reversed(claves):
            fin = period_end(year, clave)
            ventana, limite = calendar.reporting_window(fin)
            if ventana > hoy:
                continue
            periodo = PeriodoDebido(year, clave, fin, ventana, limite)
            if limite >= hoy:
                abierto = periodo
                continue
            return periodo, abierto
    return None, abierto  # pragma: no cover - three years always hold a closed window


def next_period(periodicidad, after, calendar):
    """The first period of `periodicidad` ending after `after`, with its window (or None)."""
    claves = PERIODOS.get(periodicidad)
    if not claves:
        return None
    for year in range(after.year, after.year + 2):
        for clave in claves:
            fin = period_end(year, clave)
            if fin > after:
                ventana, limite = calendar.reporting_window(fin)
                return PeriodoDebido(year, clave, fin, ventana, limite)
    return None  # pragma: no cover - a year always holds a later period


@dataclass
class Serie:
    organo: OrganoPage
    aplicabilidad: Aplicabilidad
    registros: list = field(default_factory=list)  # live publications, latest period first
    estado: str = EstadoSerie.AL_DIA
    pendiente: PeriodoDebido | None = None  # the period owed (vencida) or due now (en plazo)
    proxima: PeriodoDebido | None = None  # al día: the next period to publish, and by when

    @property
    def obligacion(self):
        return self.aplicabilidad.obligacion

    @property
    def actual(self):
        """The record of the latest period, or None."""
        return self.registros[0] if self.registros else None

    @property
    def estado_texto(self):
        return str(EstadoSerie(self.estado).label)


def record_end(page):
    return period_end(page.ejercicio, page.periodo)


def judge(serie, hoy, calendar, memo=None):
    """Set the series' status from its records (see the module's docstring). `memo`, a dict
    kept by the caller for one day and calendar, spares working out the same windows for
    every series."""
    if not serie.aplicabilidad.aplica:
        serie.estado, serie.pendiente = EstadoSerie.NO_APLICA, None
        return serie
    latest = max(map(record_end, serie.registros), default=None)
    periodicidad = serie.aplicabilidad.periodicidad_efectiva
    memo = {} if memo is None else memo
    if periodicidad not in memo:
        memo[periodicidad] = reported_periods(periodicidad, hoy, calendar)
    debido, abierto = memo[periodicidad]
    if debido is not None and (latest is None or latest < debido.fin):
        serie.estado, serie.pendiente = EstadoSerie.VENCIDA, debido
    elif abierto is not None and (latest is None or latest < abierto.fin):
        serie.estado, serie.pendiente = EstadoSerie.EN_PLAZO, abierto
    else:
        serie.estado, serie.pendiente = EstadoSerie.AL_DIA, None
        key = (periodicidad, latest)
        if key not in memo:
            memo[key] = next_period(periodicidad, latest, calendar)
        serie.proxima = memo[key]
    return serie


@dataclass(frozen=True, slots=True)
class Registro:
    """What a series needs of a live publication: read as a row, not as a page (instantiating
    thousands of pages cost 1.5 s of the national matrix's 2.3 s)."""

    pk: int
    title: str
    path: str
    url_path: str
    obligacion_id: int
    ejercicio: int
    periodo: str
    fecha_actualizacion: datetime.date

    def get_url(self, request=None):
        return url_of(self.url_path, request)

    @property
    def url(self):
        return self.get_url()


def load_series(organos=None, obligacion=None):
    """The series of the live, public órganos (or of `organos`) with their live, public
    records, not yet judged: four queries (applicability, obligations, records, órganos)
    whatever their number, and the view restrictions of the public ones. Ordered by órgano
    (tree order), then the catalogue's order; records latest period first.

    The whole union's are read once per request (the results page asks for six periods);
    each call gets series of its own to judge."""
    if organos is None and obligacion is None:
        loaded = memoized(("estructura.load_series",), lambda: _load_series(None, None))
        return [Serie(s.organo, s.aplicabilidad, list(s.registros)) for s in loaded]
    return _load_series(organos, obligacion)


def _load_series(organos, obligacion):
    if organos is None:
        organos = OrganoPage.objects.live().public()
    organos = {organo.pk: organo for organo in organos}
    rows = Aplicabilidad.objects.filter(organo_id__in=organos)
    if obligacion is not None:
        rows = rows.filter(obligacion=obligacion)
    rows = list(rows)
    if not rows:
        return []
    # Each obligation once, not once per órgano (select_related would build 800 for 20 × 40).
    catalogue = Obligacion.objects.in_bulk({row.obligacion_id for row in rows})
    by_key = {}
    for row in rows:
        row.obligacion = catalogue[row.obligacion_id]
        by_key[(row.organo_id, row.obligacion_id)] = Serie(organos[row.organo_id], row)
    paths = {organo.path: organo.pk for organo in organos.values()}
    steplen = Page.steplen
    records = (
        PublicacionPage.objects.live()
        .public()
        .filter(obligacion_id__in={key[1] for key in by_key})
        .filter(depth__in={organo.depth + 1 for organo in organos.values()})
        .order_by("-ejercicio", "-periodo", "-pk")
        .values_list(*Registro.__slots__)
    )
    for row in records:
        page = Registro(*row)
        key = (paths.get(page.path[:-steplen]), page.obligacion_id)
        if key in by_key:
            by_key[key].registros.append(page)
    found = list(by_key.values())
    for serie in found:
        serie.registros.sort(key=record_end, reverse=True)
    found.sort(key=lambda s: (s.organo.path, s.obligacion.orden, s.obligacion.clave))
    return found


def series(organos=None, hoy=None, calendar=None, obligacion=None):
    """Every series of the live, public órganos (or of `organos`), judged on `hoy`
    (``load_series``'s queries, plus the calendar when it is not given)."""
    hoy = hoy or timezone.localdate()
    calendar = calendar or site_calendar()
    return judge_all(load_series(organos, obligacion), hoy, calendar)


def judge_all(found, hoy, calendar):
    """Judge every series of `found` on `hoy` (the windows worked out once); returns it."""
    memo = {}
    for serie in found:
        judge(serie, hoy, calendar, memo)
    return found


@dataclass
class EstadoRegistro:
    """What a publication says about itself: its series' status, or histórico."""

    estado: str
    serie: Serie

    @property
    def texto(self):
        return str(EstadoSerie(self.estado).label)

    @property
    def actual(self):
        return self.serie.actual


def record_status(page, by_key):
    """The status of publication `page` among judged series keyed by (órgano id, obligación
    id) (``keyed``); None when it fills none."""
    organo = getattr(page, "organo", None)
    serie = by_key.get((getattr(organo, "pk", None), page.obligacion_id))
    if serie is None:
        return None
    actual = serie.actual
    if actual is not None and actual.pk != page.pk and record_end(page) < record_end(actual):
        return EstadoRegistro(EstadoSerie.HISTORICO, serie)
    return EstadoRegistro(serie.estado, serie)


def keyed(found):
    return {(serie.organo.pk, serie.obligacion.pk): serie for serie in found}


def serie_de(page, hoy=None, calendar=None):
    """The status of one publication (a few queries): its series', or histórico."""
    if page.obligacion_id is None or page.organo is None:
        return None
    found = series([page.organo], hoy, calendar, obligacion=page.obligacion_id)
    return record_status(page, keyed(found))


def statuses_for(pages, hoy=None, calendar=None):
    """{page id: EstadoRegistro} for publications of any órganos, in the queries of one
    ``series`` call; pages carry their órgano (attach_organos)."""
    organos = {page.organo.pk: page.organo for page in pages if getattr(page, "organo", None)}
    if not organos:
        return {}
    by_key = keyed(series(organos.values(), hoy, calendar))
    return {page.pk: record_status(page, by_key) for page in pages}


# --- compliance --------------------------------------------------------------------------------


@dataclass
class Cumplimiento:
    """Counts of a set of series: the applicable ones, how many are up to date (al día or in
    their open window), how many are vencidas, and how many do not apply."""

    al_dia: int = 0
    en_plazo: int = 0
    vencidas: int = 0
    no_aplica: int = 0

    @property
    def aplicables(self):
        return self.al_dia + self.en_plazo + self.vencidas

    @property
    def cumplen(self):
        return self.al_dia + self.en_plazo

    @property
    def porcentaje(self):
        """Percent of applicable obligations up to date, to one decimal (as every percentage
        the site shows, cms.formats.cifra); None when none applies."""
        if not self.aplicables:
            return None
        return round(100 * self.cumplen / self.aplicables, 1)


COUNTED_AS = {
    EstadoSerie.AL_DIA: "al_dia",
    EstadoSerie.EN_PLAZO: "en_plazo",
    EstadoSerie.VENCIDA: "vencidas",
    EstadoSerie.NO_APLICA: "no_aplica",
}


def cumplimiento(found):
    counts = Cumplimiento()
    for serie in found:
        name = COUNTED_AS[serie.estado]
        setattr(counts, name, getattr(counts, name) + 1)
    return counts


def cumplimiento_por_organo(found):
    """[(órgano, Cumplimiento)] in tree order, for the órganos that have any series."""
    by_organo = {}
    for serie in found:
        by_organo.setdefault(serie.organo.pk, (serie.organo, []))[1].append(serie)
    return [(organo, cumplimiento(rows)) for organo, rows in by_organo.values()]


# --- history -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cierre:
    """The compliance of a set of series the day after an update window closed."""

    periodo: PeriodoDebido  # the period that window reported
    cumplimiento: Cumplimiento
    # The series as judged that day (what `cumplimiento` counts): the figure's drill-down.
    series: tuple = field(default=(), compare=False, repr=False)

    @property
    def dia(self):
        return day_after_close(self.periodo)


def day_after_close(periodo):
    """The day a window's outcome is read: the day after its deadline."""
    return periodo.fecha_limite + datetime.timedelta(days=1)


def closed_windows(hasta, calendar, count):
    """The last `count` quarterly windows closed before `hasta`, oldest first."""
    found = []
    year, claves = hasta.year, PERIODOS[Periodicidad.TRIMESTRAL]
    # A year's last period is reported in the next year's first window: one year more.
    while len(found) < count and year >= hasta.year - count // 4 - 2:
        for clave in reversed(claves):
            fin = period_end(year, clave)
            ventana, limite = calendar.reporting_window(fin)
            if limite < hasta and len(found) < count:
                found.append(PeriodoDebido(year, clave, fin, ventana, limite))
        year -= 1
    return found[::-1]


def as_of(serie, day):
    """`serie` as it stood on `day`: only the records updated by then (their fecha de
    actualización, the date the record itself declares, not when the portal stored it)."""
    registros = [page for page in serie.registros if page.fecha_actualizacion <= day]
    return Serie(serie.organo, serie.aplicabilidad, registros)


def first_record_day():
    """The fecha de actualización of the union's first live, public record of the catalogue:
    the day the observatory started to hold obligations (None before). Once per request."""

    def first():
        records = PublicacionPage.objects.live().public().filter(obligacion__isnull=False)
        return records.aggregate(first=Min("fecha_actualizacion"))["first"]

    return memoized(("estructura.first_record_day",), first)


def historial(found=None, hasta=None, calendar=None, trimestres=8):
    """[Cierre] of the last `trimestres` quarterly windows closed before `hasta` (today),
    oldest first: each series judged the day after the window closed, with the records it had
    by the window's deadline. `found` is ``load_series()`` (unjudged series are fine).

    Windows that closed before the union's first record are left out: the tabla de
    aplicabilidad has no start date, and judging the years before the observatory existed
    would show a 0 % nobody failed to publish. One query beyond loading the series."""
    hasta = hasta or timezone.localdate()
    calendar = calendar or site_calendar()
    found = load_series() if found is None else found
    inicio = first_record_day()
    if inicio is None:
        return []
    cierres = []
    for periodo in closed_windows(hasta, calendar, trimestres):
        if periodo.fecha_limite < inicio:
            continue
        judged = [as_of(serie, periodo.fecha_limite) for serie in found]
        judge_all(judged, day_after_close(periodo), calendar)
        cierres.append(Cierre(periodo, cumplimiento(judged), tuple(judged)))
    return cierres


def series_e_historial(organos=None, hoy=None, calendar=None):
    """(every series judged on `hoy`, their ``historial``) from one ``load_series``."""
    hoy = hoy or timezone.localdate()
    calendar = calendar or site_calendar()
    found = load_series(organos)
    # History first: it reads the records as they were at each close, before judging today.
    cierres = historial(found, hoy, calendar)
    return judge_all(found, hoy, calendar), cierres


def cierre_en(inicio, fin, hoy=None, calendar=None):
    """The Cierre of the last window that closed between `inicio` and `fin` (both included,
    and before `hoy`), or None: the compliance figure of the rendición de resultados."""
    hoy = hoy or timezone.localdate()
    calendar = calendar or site_calendar()
    hasta = min(fin, hoy - datetime.timedelta(days=1)) + datetime.timedelta(days=1)
    periodos = closed_windows(hasta, calendar, 1)
    if not periodos or periodos[0].fecha_limite < inicio:
        return None
    cierres = historial(None, hasta, calendar, trimestres=1)
    return cierres[0] if cierres else None
