"""The Buzón inbox in the Wagtail admin: the list (with filters and export) and each ticket.

Tickets come from citizens and are never deleted by hand, so there is no add, copy or delete;
the "edit" URL is the ticket's own view (admin_views.TicketView).
"""

from django.urls import path
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from cms.permission_policies import ViewChangeOnlyPermissionPolicy
from cms.spreadsheets import spreadsheet_text

from .admin_views import AttachmentView, TicketView, can_see_personal_data
from .filters import TicketFilterSet
from .models import Ticket


def local_naive(value):
    """A timestamp as the inbox shows it: local time, whole seconds, no zone in the file."""
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0)


def organo_label(ticket):
    return ticket.organo.title if ticket.organo_id else gettext("Sin turnar")


def received_label(ticket):
    return formats.date_format(timezone.localtime(ticket.creado), "SHORT_DATETIME_FORMAT")


def assignee_label(ticket):
    user = ticket.asignado_a
    return (user.get_full_name() or user.get_username()) if user else ""


class DueDateColumn(Column):
    cell_template_name = "buzon/admin/due_date_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["is_overdue"] = instance.is_overdue(parent_context.get("today"))
        return context


class OrganoColumn(Column):
    cell_template_name = "buzon/admin/organo_cell.html"


class TicketIndexView(IndexView):
    """The inbox: only the tickets in the user's scope, whatever the query string says."""

    def _get_title_column(self, field_name, *args, **kwargs):
        # A folio is read (and dictated) whole: never broken over two lines.
        kwargs.setdefault("classname", "w-whitespace-nowrap")
        return super()._get_title_column(field_name, *args, **kwargs)

    # Without personal data; export_columns() adds it for those who hold the permission.
    BASE_EXPORT = [
        "folio",
        "tipo",
        "asunto",
        "estado",
        "organo",
        "eje",
        "creado",
        "fecha_limite",
        "respondido_en",
        "resuelto_en",
        "vencido",
    ]
    PERSONAL_EXPORT = ["nombre", "correo"]
    export_headings = {
        "folio": _("folio"),
        "tipo": _("tipo"),
        "asunto": _("asunto"),
        "estado": _("estado"),
        "organo": _("órgano"),
        "eje": _("eje"),
        "creado": _("recibido"),
        "fecha_limite": _("fecha límite"),
        "respondido_en": _("respondido"),
        "resuelto_en": _("resuelto"),
        "vencido": _("vencido"),
        "nombre": _("nombre"),
        "correo": _("correo electrónico"),
    }
    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        str: {IndexView.FORMAT_CSV: spreadsheet_text},
    }
    page_title = _("Buzón")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Decided per request, from the permission alone: no query parameter adds columns.
        self.list_export = list(self.BASE_EXPORT)
        if can_see_personal_data(request.user):
            self.list_export += self.PERSONAL_EXPORT
        self.today = timezone.localdate()

    def get_base_queryset(self):
        return Ticket.objects.visible_to(self.request.user).for_inbox()

    def get_filename(self):
        return f"buzon-tickets-{self.today:%Y-%m-%d}"

    def to_row_dict(self, item):
        values = {
            "folio": item.folio,
            "tipo": item.get_tipo_display(),
            "asunto": item.asunto,
            "estado": item.get_estado_display(),
            "organo": organo_label(item),
            "eje": item.eje.title if item.eje_id else "",
            "creado": local_naive(item.creado),
            "fecha_limite": item.fecha_limite,
            "respondido_en": local_naive(item.respondido_en),
            "resuelto_en": local_naive(item.resuelto_en),
            "vencido": gettext("Sí") if item.is_overdue(self.today) else gettext("No"),
            "nombre": item.nombre,
            "correo": item.correo,
        }
        return {field: values[field] for field in self.list_export}

    def get_list_more_buttons(self, instance):
        return []  # the folio links to the ticket; there is nothing else to do from here

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["today"] = self.today
        return context


class TicketViewSet(ModelViewSet):
    model = Ticket
    icon = "mail"
    menu_label = _("Buzón")
    menu_order = 250
    add_to_admin_menu = True
    url_namespace = "buzon_tickets"
    url_prefix = "buzon"
    index_view_class = TicketIndexView
    add_to_reference_index = False
    copy_view_enabled = False
    form_fields = []  # no model form: TicketView acts through the services
    filterset_class = TicketFilterSet
    search_fields = ["folio", "asunto"]
    search_backend_name = None  # tickets are never in the search index: the database filters
    ordering = "-creado"
    list_per_page = 50
    list_export = TicketIndexView.BASE_EXPORT
    export_filename = "buzon-tickets"

    @property
    def list_display(self):
        return [
            "folio",
            Column("asunto", label=_("Asunto")),
            Column("tipo", label=_("Tipo"), accessor="get_tipo_display"),
            Column("estado", label=_("Estado"), accessor="get_estado_display"),
            OrganoColumn("organo", label=_("Órgano")),
            Column("asignado_a", label=_("Asignado a"), accessor=assignee_label),
            Column("creado", label=_("Recibido"), accessor=received_label, sort_key="creado"),
            DueDateColumn("fecha_limite", label=_("Fecha límite"), sort_key="fecha_limite"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        kwargs = super().get_common_view_kwargs(**kwargs)
        # Only the index and the ticket exist: no links to add, delete, history or usage.
        for name in ("add_url_name", "delete_url_name", "history_url_name", "usage_url_name"):
            kwargs[name] = None
        return kwargs

    @property
    def ticket_view(self):
        return TicketView.as_view(
            index_url_name=self.get_url_name("index"),
            edit_url_name=self.get_url_name("edit"),
            attachment_url_name=self.get_url_name("attachment"),
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("ticket/<int:pk>/", self.ticket_view, name="edit"),
            path("adjunto/<int:pk>/", AttachmentView.as_view(), name="attachment"),
        ]

    def on_register(self):
        from wagtail.permissions import register_permission_policy

        register_permission_policy(Ticket, ViewChangeOnlyPermissionPolicy(Ticket), exact_class=True)
        super().on_register()


ticket_viewset = TicketViewSet("tickets")
