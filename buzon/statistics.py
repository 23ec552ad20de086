"""The Buzón's figures: the one place they are computed, for any period, kind and órgano.

Everything here is queryset aggregation over ``Ticket`` with a fixed number of queries,
whatever the number of tickets or groups; no name, email or client address is ever read. On
PostgreSQL the median is its ``percentile_cont`` in the same query as the counts; elsewhere
(SQLite) it is taken in Python from the answer times, one more query.

Days are local days in the project's time zone (``settings.TIME_ZONE``,
America/Mexico_City): a ticket filed at 23:30 on 31 March belongs to the first quarter even
though it is 1 April in UTC. Period bounds are turned into aware datetimes once, here, rather
than with ``__date`` lookups, which follow whatever time zone is *active* when the query runs
(the Wagtail admin activates each user's own) and cannot use the indexes on ``creado`` and
``resuelto_en``.

A ticket counts as resolved from ``resuelto_en``: the first time it reached a resolved state
(respondido, cerrado, improcedente or duplicado). That timestamp is set once and never moves,
so the figures of a closed quarter never change afterwards, even if a ticket is reopened.

The public statistics page (``public_statistics``) reads one row of dates per ticket filed in
the period and counts in Python, since business days (weekends, holidays, the Buzón's own
closed days) are not something the database knows; still a fixed number of queries.
"""

import calendar
import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, FloatField, Q
from django.db.models.functions import Extract
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.models import Page

from cms.query import hidden_section_paths

from .business_days import business_days_between
from .choices import RESOLVED_STATES, EstadoTicket, TipoTicket
from .models import BuzonSettings, Ticket

QUARTERS = (1, 2, 3, 4)
DIMENSIONS = {"tipo": "tipo", "organo": "organo_id"}


def local_zone():
    return ZoneInfo(settings.TIME_ZONE)


def period_bounds(
    ejercicio: int, trimestre: int | None = None
) -> tuple[datetime.date, datetime.date]:
    """The first and last day (both included) of a calendar quarter, or of the year.

    Q1 is January–March, Q2 April–June, Q3 July–September, Q4 October–December; with no
    ``trimestre``, 1 January to 31 December. A quarter other than 1–4 is a ValueError.
    """
    if trimestre is None:
        return datetime.date(ejercicio, 1, 1), datetime.date(ejercicio, 12, 31)
    if trimestre not in QUARTERS:
        raise ValueError(f"A quarter is 1, 2, 3 or 4, not {trimestre!r}")
    first_month = 3 * (trimestre - 1) + 1
    last_month = first_month + 2
    return (
        datetime.date(ejercicio, first_month, 1),
        datetime.date(ejercicio, last_month, calendar.monthrange(ejercicio, last_month)[1]),
    )


def day_start(day: datetime.date) -> datetime.datetime:
    """Local midnight at the start of `day`, as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=local_zone())


@dataclass(frozen=True)
class TicketFigures:
    """The Buzón's figures for one period (``start`` to ``end``, local days, both included).

    - ``recibidos``: tickets filed in the period.
    - ``resueltos``: of those, the ones resolved by the end of the period's last day
      (``resuelto_en`` set and no later than ``end``), whatever their state today.
    - ``pendientes``: ``recibidos`` − ``resueltos``: filed in the period, not resolved by its end.
    - ``porcentaje_resueltos``: ``resueltos`` / ``recibidos`` × 100, to one decimal; None when
      nothing was filed.
    - ``mediana_dias_respuesta``: median elapsed time, in calendar days (24 h, to one decimal),
      from filing to the first answer, over the tickets filed in the period that were answered
      by its end; tickets declared improcedente or duplicado without an answer are not in it.
      None when none was answered.
    - ``resueltos_en_periodo``: tickets resolved within the period, whenever they were filed
      (the work done in the period, including the backlog).
    - ``pendientes_al_cierre``: tickets filed up to the period's end and not resolved by it
      (the backlog carried into the next period).
    - ``vencidos_al_cierre``: of those pending at the close, the ones whose due date had
      passed (due date earlier than the period's last day or, while the period runs, than
      today: a due date still ahead is not overdue yet).
    """

    recibidos: int = 0
    resueltos: int = 0
    pendientes: int = 0
    porcentaje_resueltos: float | None = None
    mediana_dias_respuesta: float | None = None
    resueltos_en_periodo: int = 0
    pendientes_al_cierre: int = 0
    vencidos_al_cierre: int = 0

    def is_empty(self):
        return not (
            self.recibidos
            or self.resueltos_en_periodo
            or self.pendientes_al_cierre
            or self.vencidos_al_cierre
        )


class Median(Aggregate):
    """PostgreSQL's ordered-set median (``percentile_cont``); other databases take it in Python."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def median_in_database() -> bool:
    return connection.vendor == "postgresql"


def answer_time():
    return ExpressionWrapper(F("respondido_en") - F("creado"), output_field=DurationField())


def _counts(start: datetime.date, end: datetime.date) -> dict:
    """The conditional counts of TicketFigures (and, on PostgreSQL, the median answer time in
    seconds), as keyword arguments of ``aggregate`` or ``annotate``."""
    opens, closes = day_start(start), day_start(end + datetime.timedelta(days=1))
    filed = _filed(start)  # the base set already stops at the close
    resolved_by_close = _resolved_by_close(end)
    pending_at_close = _pending_at_close(end)
    median = {}
    if median_in_database():
        median["mediana_segundos"] = Median(
            Extract(answer_time(), "epoch"), filter=filed & Q(respondido_en__lt=closes)
        )
    return {
        **median,
        "recibidos": Count("pk", filter=filed),
        "resueltos": Count("pk", filter=filed & resolved_by_close),
        "resueltos_en_periodo": Count("pk", filter=Q(resuelto_en__gte=opens) & resolved_by_close),
        "pendientes_al_cierre": Count("pk", filter=pending_at_close),
        "vencidos_al_cierre": Count(
            "pk", filter=pending_at_close & Q(fecha_limite__lt=min(end, timezone.localdate()))
        ),
    }


def _base(start, end, organo=None, tipo=None):
    """Every ticket that can count in the period: filed by its close and not resolved before
    it opened (those add nothing to any figure, and the backlog of years stays out)."""
    opens, closes = day_start(start), day_start(end + datetime.timedelta(days=1))
    tickets = Ticket.objects.filter(creado__lt=closes).filter(
        Q(creado__gte=opens) | Q(resuelto_en__isnull=True) | Q(resuelto_en__gte=opens)
    )
    if organo is not None:
        tickets = tickets.filter(organo_id=getattr(organo, "pk", organo))
    if tipo is not None:
        tickets = tickets.filter(tipo=tipo)
    return tickets


def _filed(start):
    return Q(creado__gte=day_start(start))


def _resolved_by_close(end):
    return Q(resuelto_en__lt=day_start(end + datetime.timedelta(days=1)))


def _pending_at_close(end):
    closes = day_start(end + datetime.timedelta(days=1))
    return Q(resuelto_en__isnull=True) | Q(resuelto_en__gte=closes)


# The tickets behind each figure of TicketFigures, for the drill-down lists: the same base set
# and the same filters as the counts of ``_counts``, so a list's length is its figure.


def tickets_recibidos_qs(start, end, *, organo=None, tipo=None):
    """The tickets ``recibidos`` counts (also the ones ``porcentaje_resueltos`` divides by
    and ``mediana_dias_respuesta`` reads the answered of)."""
    return _base(start, end, organo, tipo).filter(_filed(start))


def tickets_resueltos_qs(start, end, *, organo=None, tipo=None):
    """The tickets ``resueltos`` counts: filed in the period, resolved by its close."""
    return tickets_recibidos_qs(start, end, organo=organo, tipo=tipo).filter(
        _resolved_by_close(end)
    )


def tickets_pendientes_qs(start, end, *, organo=None, tipo=None):
    """The tickets ``pendientes`` counts: filed in the period, not resolved by its close."""
    return tickets_recibidos_qs(start, end, organo=organo, tipo=tipo).filter(_pending_at_close(end))


@dataclass(frozen=True)
class PorEstado:
    """How many of the tickets received in a period are in one state today."""

    estado: str
    nombre: str
    tickets: int
    cuenta_como_resuelto: bool


def tickets_por_estado(start, end, *, organo=None, tipo=None) -> list[PorEstado]:
    """The tickets ``recibidos`` counts, by their state today, every state in its order (with
    0 where none is): one query. Their sum is ``recibidos``. ``cuenta_como_resuelto`` says which
    states make a ticket resolved (RESOLVED_STATES); ``resueltos`` counts those reached by the
    period's close, so a ticket resolved later is resolved here and pending there."""
    counts = dict(
        tickets_recibidos_qs(start, end, organo=organo, tipo=tipo)
        .order_by()
        .values_list("estado")
        .annotate(n=Count("pk"))
    )
    return [
        PorEstado(value, str(label), counts.get(value, 0), value in RESOLVED_STATES)
        for value, label in EstadoTicket.choices
    ]


def resolved_states_text():
    """The methodology's sentence: which states count as resolved, in the form's order."""
    names = [
        str(label).lower() for value, label in EstadoTicket.choices if value in RESOLVED_STATES
    ]
    return _(
        "Cuenta como resuelto un ticket que llegó a %(estados)s (la primera vez que llegó)."
    ) % {"estados": ", ".join(names[:-1]) + " " + _("o") + " " + names[-1]}


def answered_by_close(ticket, end) -> bool:
    """Whether `ticket` counts in ``mediana_dias_respuesta``: answered before the close."""
    closes = day_start(end + datetime.timedelta(days=1))
    return ticket.respondido_en is not None and ticket.respondido_en < closes


def resolved_by_close(ticket, end) -> bool:
    """Whether `ticket` counts in ``resueltos``: resolved before the close."""
    closes = day_start(end + datetime.timedelta(days=1))
    return ticket.resuelto_en is not None and ticket.resuelto_en < closes


def answer_days(ticket) -> float:
    """Calendar days (24 h) from filing to first answer, as the median reads them."""
    return (ticket.respondido_en - ticket.creado).total_seconds() / 86400


def _answer_days(tickets, start, end, group_by=None):
    """Days from filing to first answer of the tickets filed in the period and answered by its
    end: {group: [days, ...]}; one query, for databases with no median aggregate (SQLite)."""
    opens, closes = day_start(start), day_start(end + datetime.timedelta(days=1))
    answered = tickets.filter(creado__gte=opens, respondido_en__lt=closes)
    fields = [group_by] if group_by else []
    days = defaultdict(list)
    rows = answered.annotate(tiempo=answer_time()).values_list(*fields, "tiempo").order_by()
    for *group, tiempo in rows:
        days[group[0] if group else None].append(tiempo.total_seconds() / 86400)
    return days


def _median_days(counts, days):
    if "mediana_segundos" in counts:
        seconds = counts["mediana_segundos"]
        return None if seconds is None else round(seconds / 86400, 1)
    return round(statistics.median(days), 1) if days else None


def _figures(counts: dict, days=()) -> TicketFigures:
    recibidos, resueltos = counts["recibidos"], counts["resueltos"]
    return TicketFigures(
        recibidos=recibidos,
        resueltos=resueltos,
        pendientes=recibidos - resueltos,
        porcentaje_resueltos=round(100 * resueltos / recibidos, 1) if recibidos else None,
        mediana_dias_respuesta=_median_days(counts, days),
        resueltos_en_periodo=counts["resueltos_en_periodo"],
        pendientes_al_cierre=counts["pendientes_al_cierre"],
        vencidos_al_cierre=counts["vencidos_al_cierre"],
    )


def ticket_figures(
    start: datetime.date, end: datetime.date, *, organo=None, tipo=None
) -> TicketFigures:
    """The Buzón's figures from `start` to `end` (local days, both included); see
    TicketFigures for what each one means. `organo` (an OrganoPage or its id) counts only the
    tickets turned to that órgano, not its sub-órganos; `tipo` only that kind.
    One query on PostgreSQL (the median too), two elsewhere."""
    tickets = _base(start, end, organo, tipo)
    counts = tickets.aggregate(**_counts(start, end))
    if median_in_database():
        return _figures(counts)
    return _figures(counts, _answer_days(tickets, start, end)[None])


def ticket_figures_by(
    start: datetime.date, end: datetime.date, dimension: str, *, organo=None, tipo=None
) -> list[tuple[object, str, TicketFigures]]:
    """The figures of the period per kind (``"tipo"``) or per órgano (``"organo"``):
    ``[(key, label, TicketFigures), ...]``, in one query on PostgreSQL and two elsewhere,
    whatever the number of groups.

    By kind: every kind, in the order of the form, even those with no tickets (key: the kind's
    value). By órgano: every órgano with something to count in the period, by title, and the
    tickets not yet turned to any órgano last (key None, label "Sin turnar"). `organo` and
    `tipo` narrow the tickets as in ticket_figures.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"Figures are grouped by 'tipo' or 'organo', not {dimension!r}")
    field = DIMENSIONS[dimension]
    tickets = _base(start, end, organo, tipo)
    extra = ["organo__title"] if dimension == "organo" else []
    rows = tickets.values(field, *extra).annotate(**_counts(start, end)).order_by()
    days = {} if median_in_database() else _answer_days(tickets, start, end, group_by=field)
    if dimension == "tipo":
        by_key = {row[field]: row for row in rows}
        empty = {key: None if key == "mediana_segundos" else 0 for key in _counts(start, end)}
        return [
            (value, str(label), _figures(by_key.get(value, empty), days.get(value, [])))
            for value, label in TipoTicket.choices
        ]
    groups = [
        (
            row[field],
            row["organo__title"] or _("Sin turnar"),
            _figures(row, days.get(row[field], [])),
        )
        for row in rows
    ]
    groups = [group for group in groups if not group[2].is_empty()]
    return sorted(groups, key=lambda group: (group[0] is None, group[1]))


def ticket_figures_by_quarter(ejercicio: int, *, organo=None, tipo=None):
    """``[(trimestre, start, end, TicketFigures), ...]`` for the four quarters of a year
    (one or two queries each, as ticket_figures)."""
    result = []
    for trimestre in QUARTERS:
        start, end = period_bounds(ejercicio, trimestre)
        result.append((trimestre, start, end, ticket_figures(start, end, organo=organo, tipo=tipo)))
    return result


# --- the public statistics page (/buzon/estadisticas/) ---------------------------------------

# An órgano with fewer tickets than this in the period is not named: its tickets join one
# "Otros órganos" row, so a count of one or two cannot point at the person who wrote.
UMBRAL_ANONIMATO = 5

OTROS_ORGANOS = "otros"
ORGANOS_NO_PUBLICADOS = "no-publicados"
SIN_TURNAR = "sin-turnar"


@dataclass(frozen=True)
class CifrasPublicas:
    """The public statistics of a set of tickets *filed in the period* (``start`` to ``end``,
    local days in Mexico City, both included); the methodology the page and the downloads
    print.

    - ``recibidos``: tickets filed in the period.
    - ``respondidos``: of those, the ones with a first answer (``respondido_en``: the ticket
      became "respondido", which only an answer written to the citizen does) before the end
      of the period's last day. A ticket closed as improcedente or duplicado without an
      answer is resolved (``resuelto_en``: respondido, cerrado, improcedente or duplicado) but
      not answered, so it is in ``resueltos`` and not here.
    - ``resueltos``: of those filed, the ones that reached a resolved state (respondido,
      cerrado, improcedente or duplicado; ``resuelto_en``, set once) by the period's end.
    - ``respondidos_a_tiempo``: of the answered, those whose first answer came on a local day
      no later than the ticket's due date (``fecha_limite``, the business-day deadline set
      when it was filed).
    - ``porcentaje_a_tiempo``: ``respondidos_a_tiempo`` / ``respondidos`` × 100, to one
      decimal; None when none was answered.
    - ``mediana_dias_habiles``: the median, over the answered, of the business days from the
      local day of filing to the local day of the first answer (``business_days_between``:
      the day of filing does not count, the day of the answer does; weekends, the federal
      holidays and the Buzón's configured non-working days are not business days, so an
      answer on the day of filing is 0). To one decimal; None when none was answered.
    - ``vencidos_ahora``: of those filed, the ones pending *today* (state not resolved, the
      rule of the inbox, ``Ticket.objects.overdue``: a reopened ticket is pending again)
      whose due date is earlier than today. Unlike the others it changes from day to day,
      even for a past year.
    """

    recibidos: int = 0
    respondidos: int = 0
    resueltos: int = 0
    respondidos_a_tiempo: int = 0
    porcentaje_a_tiempo: float | None = None
    mediana_dias_habiles: float | None = None
    vencidos_ahora: int = 0


# The columns of the public statistics, in the order the page and the downloads show them:
# (CifrasPublicas field, heading, how it is counted). The page's methodology and the XLSX's
# "Metodología" sheet print these texts, so the words and the code are read together.
COLUMNAS_PUBLICAS = [
    (
        "recibidos",
        _lazy("Recibidos"),
        _lazy("Tickets recibidos en el periodo, según el día en la Ciudad de México."),
    ),
    (
        "respondidos",
        _lazy("Respondidos"),
        _lazy(
            "De los recibidos, los que tuvieron una primera respuesta escrita a quien "
            "preguntó antes de terminar el periodo. Los declarados improcedentes o duplicados "
            "sin respuesta no cuentan aquí."
        ),
    ),
    (
        "resueltos",
        _lazy("Resueltos"),
        _lazy(
            "De los recibidos, los que llegaron a respondido, cerrado, improcedente o "
            "duplicado antes de terminar el periodo, aunque después se reabrieran."
        ),
    ),
    (
        "respondidos_a_tiempo",
        _lazy("Respondidos a tiempo"),
        _lazy(
            "De los respondidos, aquellos cuya primera respuesta llegó a más tardar el día de "
            "su fecha límite, que se fija en días hábiles al recibir el ticket."
        ),
    ),
    (
        "porcentaje_a_tiempo",
        _lazy("% respondidos a tiempo"),
        _lazy(
            "Respondidos a tiempo entre respondidos, por cien, con un decimal; sin dato si no "
            "hubo respuestas."
        ),
    ),
    (
        "mediana_dias_habiles",
        _lazy("Mediana de días hábiles para responder"),
        _lazy(
            "La mediana, entre los respondidos, de los días hábiles del día de recepción al "
            "de la primera respuesta: no cuenta el día de recepción y sí el de la respuesta "
            "(responder el mismo día es 0). No son hábiles los sábados, los domingos, los "
            "días de descanso obligatorio (Ley Federal del Trabajo, artículo 74) ni los días "
            "inhábiles que fija el OPTI. Sin dato si no hubo respuestas."
        ),
    ),
    (
        "vencidos_ahora",
        _lazy("Vencidos ahora"),
        _lazy(
            "De los recibidos, los que hoy siguen sin resolverse y cuya fecha límite ya pasó. "
            "Es la única cifra que cambia de un día a otro, también en años pasados."
        ),
    ),
]


@dataclass(frozen=True)
class GrupoPublico:
    """One row of the public statistics: `clave` is the kind's value, an órgano's id, or one
    of OTROS_ORGANOS, ORGANOS_NO_PUBLICADOS, SIN_TURNAR; `organos` how many órganos the row
    holds (1 for a named órgano; 0 for a kind, "Sin turnar" and "Órganos no publicados",
    whose number is not public either)."""

    clave: str | int
    nombre: str
    cifras: CifrasPublicas
    organos: int = 0


@dataclass(frozen=True)
class EstadisticasPublicas:
    inicio: datetime.date
    fin: datetime.date
    hoy: datetime.date
    totales: CifrasPublicas
    por_tipo: list[GrupoPublico]
    por_organo: list[GrupoPublico]
    umbral: int = UMBRAL_ANONIMATO


@dataclass
class _Tally:
    """What each ticket adds to a row, before the row's figures are worked out."""

    recibidos: int = 0
    respondidos: int = 0
    resueltos: int = 0
    a_tiempo: int = 0
    vencidos: int = 0
    dias: list = field(default_factory=list)

    def add(self, other):
        self.recibidos += other.recibidos
        self.respondidos += other.respondidos
        self.resueltos += other.resueltos
        self.a_tiempo += other.a_tiempo
        self.vencidos += other.vencidos
        self.dias += other.dias

    def figures(self) -> CifrasPublicas:
        return CifrasPublicas(
            recibidos=self.recibidos,
            respondidos=self.respondidos,
            resueltos=self.resueltos,
            respondidos_a_tiempo=self.a_tiempo,
            porcentaje_a_tiempo=(
                round(100 * self.a_tiempo / self.respondidos, 1) if self.respondidos else None
            ),
            mediana_dias_habiles=(
                round(float(statistics.median(self.dias)), 1) if self.dias else None
            ),
            vencidos_ahora=self.vencidos,
        )


def public_organo_ids(rows) -> set:
    """The ids, among `rows` of (id, live, path), of the órganos the public may see: cms.query's
    rule (live, and in no private section nor below an unpublished page), with no query per
    órgano (the private sections are read once per request)."""
    hidden = hidden_section_paths()
    return {
        pk
        for pk, live, path in rows
        if pk is not None and live and not (hidden and path.startswith(hidden))
    }


def public_statistics(
    start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> EstadisticasPublicas:
    """The public statistics of the tickets filed from `start` to `end` (see CifrasPublicas
    for each figure): the totals, every kind (in the form's order, even with no tickets) and
    the órganos, in at most four queries whatever the number of tickets or órganos (the
    Buzón's non-working days, the tickets, the private sections, the titles of the órganos
    shown).

    By órgano: an órgano the public may see, with at least UMBRAL_ANONIMATO tickets filed in
    the period, has its own row (by title); the public ones with fewer are merged into
    "Otros órganos (menos de N tickets)"; those the public may not see (a draft, a private
    section), whatever their count, into "Órganos no publicados", whose titles are never
    read; tickets never turned to an órgano are "Sin turnar", last. Only counts and dates are
    read: no name, email, address or text of any ticket.
    """
    today = today or timezone.localdate()
    closes = day_start(end + datetime.timedelta(days=1))
    zone = local_zone()
    closed_days = set(BuzonSettings.load().closed_days())
    rows = (
        Ticket.objects.filter(creado__gte=day_start(start), creado__lt=closes)
        .values_list(
            "tipo",
            "organo_id",
            "organo__live",
            "organo__path",
            "creado",
            "respondido_en",
            "resuelto_en",
            "fecha_limite",
            "estado",
        )
        .order_by()
    )
    by_tipo = defaultdict(_Tally)
    by_organo = defaultdict(_Tally)
    organos = {}
    for tipo, organo_id, live, path, creado, respondido, resuelto, limite, estado in rows:
        tally = _Tally(recibidos=1)
        if resuelto is not None and resuelto < closes:
            tally.resueltos = 1
        if respondido is not None and respondido < closes:
            filed_day = creado.astimezone(zone).date()
            answered_day = respondido.astimezone(zone).date()
            tally.respondidos = 1
            tally.a_tiempo = int(answered_day <= limite)
            tally.dias = [business_days_between(filed_day, answered_day, closed_days)]
        if estado not in RESOLVED_STATES and limite < today:
            tally.vencidos = 1
        by_tipo[tipo].add(tally)
        by_organo[organo_id].add(tally)
        organos[organo_id] = (organo_id, live, path)

    totales = _Tally()
    for tally in by_tipo.values():
        totales.add(tally)
    return EstadisticasPublicas(
        inicio=start,
        fin=end,
        hoy=today,
        totales=totales.figures(),
        por_tipo=[
            GrupoPublico(value, str(label), by_tipo.get(value, _Tally()).figures())
            for value, label in TipoTicket.choices
        ],
        por_organo=_organo_groups(by_organo, public_organo_ids(organos.values())),
    )


def _organo_groups(by_organo, public_ids) -> list[GrupoPublico]:
    """Named órganos by title, then "Otros órganos", "Órganos no publicados", "Sin turnar"."""
    shown = [
        pk
        for pk, tally in by_organo.items()
        if pk in public_ids and tally.recibidos >= UMBRAL_ANONIMATO
    ]
    # Titles only of the órganos shown: a hidden one's title is never even read.
    titles = dict(Page.objects.filter(pk__in=shown).values_list("pk", "title"))
    named = sorted(
        (GrupoPublico(pk, titles[pk], by_organo[pk].figures(), organos=1) for pk in shown),
        key=lambda group: (group.nombre.casefold(), group.clave),
    )
    otros, no_publicados = _Tally(), _Tally()
    count_otros = 0
    for pk, tally in by_organo.items():
        if pk is None or pk in shown:
            continue
        if pk in public_ids:
            otros.add(tally)
            count_otros += 1
        else:
            no_publicados.add(tally)
    groups = named
    if count_otros:
        groups.append(
            GrupoPublico(
                OTROS_ORGANOS,
                _("Otros órganos (menos de %(umbral)s tickets)") % {"umbral": UMBRAL_ANONIMATO},
                otros.figures(),
                organos=count_otros,
            )
        )
    if no_publicados.recibidos:
        groups.append(
            GrupoPublico(
                ORGANOS_NO_PUBLICADOS,
                _("Órganos no publicados"),
                no_publicados.figures(),
            )
        )
    if None in by_organo:
        groups.append(GrupoPublico(SIN_TURNAR, _("Sin turnar"), by_organo[None].figures()))
    return groups
