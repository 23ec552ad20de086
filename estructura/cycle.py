"""The quarterly cycle: which obligations, publications and projects are overdue or due soon.

A publication that fills a series of the catalogue (an obligation that applies to its órgano)
is owed when its *series* is (``estructura.obligaciones``: vencida, or a window open or about
to open for a period no record covers); a record of a past period is never owed. Projects and
publications outside the catalogue keep the page's own cycle: the site's `UpdateCalendar` and
the page's periodicity (`PeriodicUpdateMixin.next_due_date`). The admin report
("Actualizaciones pendientes") and the `recordatorios_actualizacion` command both read
`pending_updates`; nothing else decides what is due.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page, Site

from cms.choices import Periodicidad
from cms.formats import DIAS, cifra
from cms.models import UpdateCalendar
from cms.query import memoized

from .models import OrganoPage, ProyectoPage, PublicacionPage, attach_organos

# The report looks two weeks ahead (DESIGN.md); the reminder command a week.
REPORT_DAYS = 14
CYCLE_MODELS = (PublicacionPage, ProyectoPage)
# What a row shows; the StreamFields and everything else stay in the database.
ROW_FIELDS = ("id", "title", "path", "depth", "url_path", "fecha_actualizacion", "periodicidad")

VENCIDA, POR_VENCER = "vencida", "por_vencer"
ESTADOS = [(VENCIDA, gettext_lazy("Vencida")), (POR_VENCER, gettext_lazy("Por vencer"))]


def site_calendar(site=None):
    """The update calendar of `site` (the default site when None): one or two queries, once
    per request."""
    return memoized(
        ("estructura.site_calendar", getattr(site, "pk", None)), lambda: _calendar(site)
    )


def _calendar(site):
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return UpdateCalendar()  # no site yet: the defaults (first week of Mar/Jun/Sep/Dec)
    return UpdateCalendar.for_site(site)


@dataclass
class PendingUpdate:
    """A page whose update is overdue or due soon, in the words the report uses."""

    page: Page
    organo: Page | None
    fecha_limite: datetime.date
    hoy: datetime.date

    @property
    def dias(self):
        """Days left until the deadline (negative once it has passed)."""
        return (self.fecha_limite - self.hoy).days

    @property
    def vencida(self):
        return self.fecha_limite < self.hoy

    @property
    def estado(self):
        return VENCIDA if self.vencida else POR_VENCER

    @property
    def estado_texto(self):
        if self.vencida:
            return _("Vencida")
        if self.dias == 0:
            return _("Vence hoy")
        return _("Vence en %(plazo)s") % {"plazo": cifra(self.dias, DIAS)}

    @property
    def titulo(self):
        return self.page.title

    @property
    def tipo(self):
        return capfirst(type(self.page)._meta.verbose_name)

    @property
    def periodicidad(self):
        return self.page.get_periodicidad_display()

    @property
    def fecha_actualizacion(self):
        return self.page.fecha_actualizacion

    @property
    def fecha_actualizacion_texto(self):
        return f"{self.fecha_actualizacion:%d/%m/%Y}" if self.fecha_actualizacion else ""

    @property
    def fecha_limite_texto(self):
        return f"{self.fecha_limite:%d/%m/%Y}"

    @property
    def organo_titulo(self):
        return self.organo.title if self.organo else _("Sin órgano")

    @property
    def organo_path(self):
        return self.organo.path if self.organo else ""

    @property
    def obligacion_id(self):
        return None

    @property
    def admin_url(self):
        """Where the enlace acts on it: the page's editor."""
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])


@dataclass
class PendingSerie(PendingUpdate):
    """A series owed by an órgano: `page` is the órgano, the period owed is `periodo`."""

    serie: object = None  # estructura.obligaciones.Serie
    periodo: object = None  # its PeriodoDebido

    @property
    def obligacion_id(self):
        return self.serie.obligacion.pk

    @property
    def titulo(self):
        return f"{self.serie.obligacion.titulo}: {self.periodo.nombre}"

    @property
    def tipo(self):
        return _("Obligación (%(clave)s)") % {"clave": self.serie.obligacion.clave}

    @property
    def periodicidad(self):
        return self.serie.aplicabilidad.get_periodicidad_efectiva_display()

    @property
    def fecha_actualizacion(self):
        actual = self.serie.actual
        return actual.fecha_actualizacion if actual else None

    @property
    def admin_url(self):
        """The period owed is a new record: the form that adds a publication to the órgano."""
        return reverse(
            "wagtailadmin_pages:add", args=["estructura", "publicacionpage", self.page.pk]
        )


def owed_period(serie, horizon):
    """The period `serie` owes by `horizon` (judged on its day), or None: the one overdue, the
    one whose window is open, or the next one when its deadline falls before `horizon`."""
    periodo = serie.pendiente or serie.proxima
    if periodo is not None and periodo.fecha_limite <= horizon:
        return periodo
    return None


def pending_series(hoy, horizon, calendar, scope=None):
    """PendingSerie rows of the live, public órganos (those of `scope`), and the keys
    (órgano id, obligación id) of every series: the publications that fill them are judged
    with their series, not one by one."""
    # estructura.obligaciones reads the calendar helpers above; imported here to avoid a cycle.
    from .obligaciones import EstadoSerie, series

    organos = OrganoPage.objects.live().public()
    if scope is not None:
        organos = organos.filter(scope.organos_q())
    found = series(organos, hoy, calendar)
    rows = []
    for serie in found:
        if serie.estado == EstadoSerie.NO_APLICA:
            continue
        periodo = owed_period(serie, horizon)
        if periodo is not None:
            rows.append(
                PendingSerie(
                    page=serie.organo,
                    organo=serie.organo,
                    fecha_limite=periodo.fecha_limite,
                    hoy=hoy,
                    serie=serie,
                    periodo=periodo,
                )
            )
    return rows, {(serie.organo.pk, serie.obligacion.pk) for serie in found}


def pending_updates(hoy=None, dias=REPORT_DAYS, calendar=None, scope=None):
    """Series, live publications and projects overdue on `hoy` or due within `dias` days.

    Ordered by órgano (tree order), then due date. `scope` (estructura.scope.Scope)
    keeps what a user may see; None keeps all. Nine queries whatever the number of pages
    (the series' six, view restrictions included; one per model; one for the pages'
    órganos), plus the calendar when it is not given.
    """
    hoy = hoy or timezone.localdate()
    horizon = hoy + datetime.timedelta(days=dias)
    calendar = calendar or site_calendar()
    due_by_horizon = Q(pk__in=[])
    for periodicidad in Periodicidad.values:
        before = calendar.due_by(horizon, periodicidad)
        if before is not None:
            due_by_horizon |= Q(periodicidad=periodicidad, fecha_actualizacion__lt=before)
    rows, in_series = pending_series(hoy, horizon, calendar, scope)
    pages = []
    for model in CYCLE_MODELS:
        fields = ROW_FIELDS + (("obligacion_id",) if model is PublicacionPage else ())
        queryset = model.objects.live().filter(due_by_horizon).only(*fields)
        if scope is not None:
            queryset = queryset.filter(scope.content_q())
        pages.extend(queryset)
    attach_organos(pages)
    for page in pages:
        key = (getattr(page.organo, "pk", None), getattr(page, "obligacion_id", None))
        if key in in_series:
            continue  # its series decides (above)
        # The calendar's own rule decides; the query above only spares reading the rest.
        due = page.next_due_date(calendar)
        if due is not None and due <= horizon:
            rows.append(PendingUpdate(page=page, organo=page.organo, fecha_limite=due, hoy=hoy))
    rows.sort(key=lambda row: (row.organo_path, row.fecha_limite, row.titulo, row.page.pk))
    return rows


def group_by_organo(rows):
    """[(órgano, [rows…]), …] in the order of `rows` (already sorted by órgano)."""
    groups = []
    for row in rows:
        if groups and groups[-1][0] == row.organo:
            groups[-1][1].append(row)
        else:
            groups.append((row.organo, [row]))
    return groups
