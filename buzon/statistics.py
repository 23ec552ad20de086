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
"""

import calendar
import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, FloatField, Q
from django.db.models.functions import Extract
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import TipoTicket
from .models import Ticket

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
    filed = Q(creado__gte=opens)  # the base set already stops at the close
    resolved_by_close = Q(resuelto_en__lt=closes)
    pending_at_close = Q(resuelto_en__isnull=True) | Q(resuelto_en__gte=closes)
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
