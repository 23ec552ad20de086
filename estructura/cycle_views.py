"""The "Actualizaciones pendientes" admin report: what is overdue or due soon, by órgano."""

import django_filters
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, Table, TitleColumn
from wagtail.admin.views.reports import ReportView

from cms.models import UpdateCalendar
from cms.reports import report_urls
from cms.spreadsheets import spreadsheet_text

from .cycle import ESTADOS, REPORT_DAYS, group_by_organo, pending_updates
from .models import OrganoPage
from .scope import scope_for


# A spreadsheet runs a cell starting with one of these as a formula; titles are typed by people.
class PendingUpdatesFilterSet(WagtailFilterSet):
    organo = django_filters.ModelChoiceFilter(
        label=_("Órgano"), empty_label=_("Todos"), queryset=OrganoPage.objects.none()
    )
    estado = django_filters.ChoiceFilter(label=_("Estado"), empty_label=_("Todos"), choices=ESTADOS)

    class Meta:
        model = OrganoPage
        fields = []

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the órganos whose rows the user may see are offered (and accepted).
        organos = OrganoPage.objects.filter(roles__isnull=False).order_by("path")
        if scope is not None:
            organos = organos.filter(scope.organos_q())
        self.filters["organo"].queryset = organos.only("pk", "title", "path", "depth")


class PendingUpdatesReportView(ReportView):
    page_title = _("Actualizaciones pendientes")
    header_icon = "date"
    filterset_class = PendingUpdatesFilterSet
    index_url_name = "estructura_pending_updates"
    index_results_url_name = "estructura_pending_updates_results"
    results_template_name = "estructura/admin/pending_updates_results.html"
    # Screens of 100 rows (an órgano may continue on the next); the export has every row.
    paginate_by = 100
    columns = [
        TitleColumn(
            "titulo",
            label=_("Página"),
            get_url=lambda row: row.admin_url,
        ),
        Column("tipo", label=_("Tipo")),
        Column("periodicidad", label=_("Periodicidad")),
        Column("fecha_actualizacion_texto", label=_("Última actualización")),
        Column("fecha_limite_texto", label=_("Próxima actualización")),
        Column("estado_texto", label=_("Estado")),
    ]
    list_export = [
        "organo_titulo",
        "titulo",
        "tipo",
        "periodicidad",
        "fecha_actualizacion",
        "fecha_limite",
        "estado_texto",
    ]
    export_headings = {
        "organo_titulo": _("órgano"),
        "titulo": _("página"),
        "tipo": _("tipo"),
        "periodicidad": _("periodicidad"),
        "fecha_actualizacion": _("última actualización"),
        "fecha_limite": _("próxima actualización"),
        "estado_texto": _("estado"),
    }
    custom_field_preprocess = {
        field: {ReportView.FORMAT_CSV: spreadsheet_text} for field in ("organo_titulo", "titulo")
    }

    def dispatch(self, request, *args, **kwargs):
        if not self.scope.allowed:
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def scope(self):
        return scope_for(self.request.user)

    @cached_property
    def hoy(self):
        return timezone.localdate()

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "scope": self.scope}

    def get_filename(self):
        return f"actualizaciones-pendientes-{self.hoy:%Y-%m-%d}"

    def get_queryset(self):
        calendar = UpdateCalendar.for_request(self.request)
        return pending_updates(hoy=self.hoy, dias=REPORT_DAYS, calendar=calendar, scope=self.scope)

    def filter_queryset(self, rows):
        # The rows are computed (due dates are not columns), so the filters apply to them.
        if not self.filters or not self.filters.is_valid():
            return rows
        organo = self.filters.form.cleaned_data.get("organo")
        estado = self.filters.form.cleaned_data.get("estado")
        if organo is not None:
            rows = [row for row in rows if row.organo_path.startswith(organo.path)]
        if estado:
            rows = [row for row in rows if row.estado == estado]
        return rows

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["groups"] = [
            (organo, Table(self.columns, rows, caption=organo.title if organo else ""))
            for organo, rows in group_by_organo(context["object_list"])
        ]
        context["dias"] = REPORT_DAYS
        return context


class PendingUpdatesMenuItem(MenuItem):
    def is_shown(self, request):
        return scope_for(request.user).allowed


def admin_urls():
    return report_urls(
        "actualizaciones-pendientes", PendingUpdatesReportView, "estructura_pending_updates"
    )


def menu_item():
    return PendingUpdatesMenuItem(
        _("Actualizaciones pendientes"),
        reverse("estructura_pending_updates"),
        name="actualizaciones-pendientes",
        icon_name="date",
        order=1060,
    )
