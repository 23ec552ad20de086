"""The quarterly cycle: which publications and projects are overdue or due soon, by órgano.

The due date of each page comes from the site's `UpdateCalendar` and the page's periodicity
(`PeriodicUpdateMixin.next_due_date`). The admin report ("Actualizaciones pendientes") and the
`recordatorios_actualizacion` command both read `pending_updates`; nothing else decides what
is due.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import Page, Site

from cms.choices import Periodicidad
from cms.models import UpdateCalendar

from .models import ProyectoPage, PublicacionPage, attach_organos

# The report looks two weeks ahead (DESIGN.md); the reminder command a week.
REPORT_DAYS = 14
CYCLE_MODELS = (PublicacionPage, ProyectoPage)
# What a row shows; the StreamFields and everything else stay in the database.
ROW_FIELDS = ("id", "title", "path", "depth", "url_path", "fecha_actualizacion", "periodicidad")

VENCIDA, POR_VENCER = "vencida", "por_vencer"
ESTADOS = [(VENCIDA, gettext_lazy("Vencida")), (POR_VENCER, gettext_lazy("Por vencer"))]


def site_calendar(site=None):
    """The update calendar of `site` (the default site when None): one or two queries."""
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
        return ngettext("Vence en %(n)d día", "Vence en %(n)d días", self.dias) % {"n": self.dias}

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


def pending_updates(hoy=None, dias=REPORT_DAYS, calendar=None, scope=None):
    """Live publications and projects overdue on `hoy` or due within `dias` days after it.

    Ordered by órgano (tree order), then due date. `scope` (estructura.scope.Scope)
    keeps the pages a user may see; None keeps all. Three queries (one per model, one for
    the órganos), plus the calendar when it is not given.
    """
    hoy = hoy or timezone.localdate()
    horizon = hoy + datetime.timedelta(days=dias)
    calendar = calendar or site_calendar()
    due_by_horizon = Q(pk__in=[])
    for periodicidad in Periodicidad.values:
        before = calendar.due_by(horizon, periodicidad)
        if before is not None:
            due_by_horizon |= Q(periodicidad=periodicidad, fecha_actualizacion__lt=before)
    pages = []
    for model in CYCLE_MODELS:
        queryset = model.objects.live().filter(due_by_horizon).only(*ROW_FIELDS)
        if scope is not None:
            queryset = queryset.filter(scope.content_q())
        pages.extend(queryset)
    attach_organos(pages)
    rows = []
    for page in pages:
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
