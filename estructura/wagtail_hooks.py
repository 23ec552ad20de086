"""The admin of the Estructura Sindical: home panels per role and the publication log report."""

import datetime

import django_filters
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, PageLogEntry
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.models import UpdateCalendar
from cms.reports import report_urls

from .audit import (
    ACTION_LABELS,
    describe,
    in_days,
    publication_log_queryset,
)
from .dashboard import (
    CumplimientoPanel,
    OrganoDraftsPanel,
    OrganoReviewPanel,
    PendingByOrganoPanel,
    enlace_organos,
)
from .models import OrganoPage
from .scope import is_administracion, may_manage_structure, scope_for


@hooks.register("construct_homepage_panels")
def add_organo_panels(request, panels):
    # Wagtail's own panels stay: supervisors get "awaiting your review" from it, through
    # OrganoApprovalTask.get_task_states_user_can_moderate, scoped to their órganos.
    user = request.user
    scope = scope_for(user)
    if scope.allowed:
        panels.append(CumplimientoPanel(scope, UpdateCalendar.for_request(request)))
    if is_administracion(user):
        panels.append(PendingByOrganoPanel())
    organos = enlace_organos(user)
    if organos:
        panels.append(OrganoReviewPanel(organos))
        panels.append(OrganoDraftsPanel(organos))


# The publication log, for the national team (the same entries as `publication_log`)


class PublicationLogFilterSet(WagtailFilterSet):
    fecha = django_filters.DateFromToRangeFilter(
        label=_("Fecha"), method="filter_fecha", widget=DateRangePickerWidget
    )
    organo = django_filters.ModelChoiceFilter(
        label=_("Órgano"),
        empty_label=_("Todos"),
        method="filter_organo",
        queryset=OrganoPage.objects.filter(roles__isnull=False).order_by("path"),
    )
    action = django_filters.ChoiceFilter(
        label=_("Acción"), empty_label=_("Todas"), choices=list(ACTION_LABELS.items())
    )

    class Meta:
        model = PageLogEntry
        fields = []

    def filter_fecha(self, queryset, name, value):
        # The range's ends are whole local days, as in the command and the quarterly figure.
        start = value.start.date() if value.start else datetime.date(1, 1, 1)
        end = value.stop.date() if value.stop else datetime.date.max
        return in_days(queryset, start, end)

    def filter_organo(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(
            pk__in=publication_log_queryset(organo=value).values("pk"),
        )


class PublicationLogReportView(ReportView):
    page_title = _("Bitácora de publicación")
    header_icon = "history"
    filterset_class = PublicationLogFilterSet
    index_url_name = "estructura_publication_log"
    index_results_url_name = "estructura_publication_log_results"
    columns = [
        Column("fecha_texto", label=_("Fecha")),
        Column("accion", label=_("Acción")),
        TitleColumn(
            "pagina",
            label=_("Página"),
            get_url=lambda row: reverse("wagtailadmin_pages:history", args=[row.page_id]),
        ),
        Column("organo", label=_("Órgano")),
        Column("usuario", label=_("Usuario")),
        Column("comentario", label=_("Comentario")),
    ]
    list_export = ["fecha_texto", "accion", "pagina", "organo", "usuario", "comentario"]
    export_headings = {
        "fecha_texto": _("fecha"),
        "accion": _("acción"),
        "pagina": _("página"),
        "organo": _("órgano"),
        "usuario": _("usuario"),
        "comentario": _("comentario"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not is_administracion(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"bitacora-publicacion-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        return publication_log_queryset().select_related("user").order_by("-timestamp", "-pk")

    def get_table(self, object_list):
        # The table shows report rows (local time, Spanish labels, órgano), not log entries.
        self.rows = describe(object_list)
        return super().get_table(self.rows)

    def decorate_paginated_queryset(self, object_list):
        return self.rows


class AdministracionMenuItem(MenuItem):
    def is_shown(self, request):
        return is_administracion(request.user)


@hooks.register("register_admin_urls")
def register_publication_log_urls():
    return report_urls(
        "bitacora-publicacion", PublicationLogReportView, "estructura_publication_log"
    )


@hooks.register("register_reports_menu_item")
def register_publication_log_menu_item():
    return AdministracionMenuItem(
        _("Bitácora de publicación"),
        reverse("estructura_publication_log"),
        name="bitacora-publicacion",
        icon_name="history",
        order=1050,
    )


@hooks.register("register_admin_viewset")
def register_organo_roles_viewset():
    from .viewsets import organo_roles_viewset

    return organo_roles_viewset


@hooks.register("register_optisnte_api")
def register_obligaciones_api():
    from .api import router

    return "/obligaciones/", router


@hooks.register("register_admin_viewset")
def register_obligaciones_viewsets():
    from .viewsets import aplicabilidad_viewset, obligacion_viewset

    return [obligacion_viewset, aplicabilidad_viewset]


@hooks.register("register_admin_viewset")
def register_registros_viewsets():
    from .register_viewsets import registros_viewset_group

    return registros_viewset_group


@hooks.register("register_organo_role_permissions")
def registros_role_permissions():
    # Rows are scoped per órgano by estructura.scope.scope_for; these only open the
    # screens. Supervisors record their órganos' meetings and uploads; enlaces read them.
    view = [
        ("estructura", f"view_{model}")
        for model in ("enlaceacreditado", "reunion", "actualizacionplataforma")
    ]
    write = [
        ("estructura", f"{action}_{model}")
        for model in ("reunion", "actualizacionplataforma")
        for action in ("add", "change")
    ]
    return {"enlaces": view, "supervisores": [*view, *write]}


@hooks.register("before_move_page")
def refuse_move_without_permission(request, page, destination):
    # Wagtail checks move rights on POST only; its confirmation page (GET) would otherwise
    # show any page's title, even another órgano's draft, to any admin user.
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)
    return None


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_what_the_user_may_see(pages, request):
    # The chooser lists pages by their latest draft title, across the whole tree. An editor
    # gets the pages they may edit, and elsewhere only live pages whose title is not about to
    # change: another órgano's drafts and pending titles stay its own.
    user = request.user
    if is_administracion(user):
        return pages
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(
        user, {"add", "change", "publish"}
    )
    settled = Q(live=True) & (Q(has_unpublished_changes=False) | Q(draft_title=F("title")))
    shown = Page.objects.filter(Q(pk__in=editable.values("pk")) | settled).values_list(
        "pk", flat=True
    )
    # By id (an indexed field), so that the chooser's search can filter on it too.
    return pages.filter(pk__in=list(shown))


@hooks.register("before_create_page")
def refuse_organo_creation_outside_the_national_team(request, parent_page, page_class):
    # An órgano brings groups and a collection with it; only the national team adds one.
    # (Copies, aliases and moves are refused by the permission tester, estructura/permissions.py.)
    if issubclass(page_class, OrganoPage) and not may_manage_structure(request.user):
        return permission_denied(request)
    return None


@hooks.register("register_actions")
def register_organo_actions(registry):
    from wagtail.models import Page

    from cms.publishing import SerializedPublishPageRevisionAction

    from .permissions import CreateOrganoPageAction

    registry.register(OrganoPage, CreateOrganoPageAction)
    # Every publish (admin, API v3, workflow, schedule) happens once per revision.
    registry.register(Page, SerializedPublishPageRevisionAction)


# The quarterly cycle: what is overdue or due soon, for the national team, supervisors, enlaces


@hooks.register("register_admin_urls")
def register_pending_updates_urls():
    from .cycle_views import admin_urls

    return admin_urls()


@hooks.register("register_reports_menu_item")
def register_pending_updates_menu_item():
    from .cycle_views import menu_item

    return menu_item()


# The national platform's formats: export and import of each series in reach


@hooks.register("register_admin_urls")
def register_formatos_urls():
    from .sipot.admin_views import admin_urls

    return admin_urls()
