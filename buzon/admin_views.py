"""The inbox's own views: one ticket with its thread and actions, and its attachments.

Every lookup goes through Ticket.objects.visible_to(user), so a ticket outside the user's scope
is a 404 before any form is read; every change goes through buzon.services.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from . import services
from .admin_forms import AnswerForm, AssignForm, NoteForm, RouteForm, StateForm
from .choices import EstadoTicket
from .downloads import attachment_response
from .models import Ticket, TicketAdjunto

PERSONAL_DATA_PERMISSION = "buzon.datos_personales"


def can_see_personal_data(user):
    return user.has_perm(PERSONAL_DATA_PERMISSION)


class TicketView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """The ticket, its whole thread (internal notes included) and the forms that act on it."""

    model = Ticket
    template_name = "buzon/admin/ticket.html"
    header_icon = "mail"
    any_permission_required = ["change", "view"]
    index_url_name = None
    edit_url_name = None
    attachment_url_name = None
    actions = ("responder", "nota", "estado", "asignar", "turnar")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.pk = kwargs["pk"]

    @cached_property
    def ticket(self):
        queryset = Ticket.objects.visible_to(self.request.user).select_related(
            "organo", "eje", "asignado_a", "duplicado_de"
        )
        return get_object_or_404(queryset, pk=self.pk)

    def get_page_title(self):
        return self.ticket.folio

    def get_page_subtitle(self):
        return self.ticket.asunto

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Buzón")},
            {"url": "", "label": self.ticket.folio},
        ]

    # --- forms ----------------------------------------------------------------------------

    @cached_property
    def can_route(self):
        return services.can_route(self.request.user)

    def build_form(self, action, data=None, files=None):
        ticket, user = self.ticket, self.request.user
        kwargs = {"data": data, "files": files, "prefix": action}
        if action == "responder":
            return AnswerForm(**kwargs)
        if action == "nota":
            return NoteForm(**kwargs)
        if action == "estado":
            return StateForm(ticket=ticket, user=user, **kwargs)
        if action == "asignar":
            return AssignForm(ticket=ticket, **kwargs)
        if action == "turnar":
            return RouteForm(ticket=ticket, **kwargs)
        raise Http404

    def get_forms(self, bound_action=None, bound_form=None):
        forms = {}
        for action in self.actions:
            if action == "turnar" and not self.can_route:
                continue
            if action == bound_action:
                forms[action] = bound_form
            else:
                forms[action] = self.build_form(action)
        return forms

    def perform(self, action, form):
        """Call the service for this action; returns the success message."""
        ticket, user, data = self.ticket, self.request.user, form.cleaned_data
        if action == "responder":
            services.answer(ticket, data["texto"], user, files=data["adjuntos"])
            return _("Respuesta enviada; el ticket quedó como respondido.")
        if action == "nota":
            services.add_note(ticket, data["texto"], user)
            return _("Nota interna guardada.")
        if action == "estado":
            ticket = services.change_state(
                ticket, data["estado"], user, data["texto"], duplicado_de=data["duplicado_de"]
            )
            return _("El ticket %(folio)s pasó a «%(estado)s».") % {
                "folio": ticket.folio,
                "estado": ticket.get_estado_display(),
            }
        if action == "asignar":
            assignee = data["asignado_a"]
            services.assign(ticket, assignee, user)
            if assignee is None:
                return _("El ticket quedó sin asignar.")
            return _("Ticket asignado a %(user)s.") % {
                "user": assignee.get_full_name() or assignee.get_username()
            }
        if action == "turnar":
            organo = data["organo"]
            services.route(ticket, organo, user)
            if organo is None:
                return _("El ticket volvió a la Administración OPTI sin turnar.")
            return _("Ticket turnado a %(organo)s.") % {"organo": organo.title}
        raise Http404

    # --- HTTP -----------------------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(forms=self.get_forms()))

    def post(self, request, *args, **kwargs):
        self.ticket  # noqa: B018 - a ticket out of scope is a 404 before any input is read
        if not self.user_has_permission("change"):
            raise PermissionDenied
        action = request.POST.get("action")
        if action not in self.actions:
            messages.error(request, _("Acción desconocida."))
            return redirect(self.request.path)
        if action == "turnar" and not self.can_route:
            raise PermissionDenied
        form = self.build_form(action, request.POST, request.FILES)
        if form.is_valid():
            try:
                message = self.perform(action, form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, message)
                return redirect(self.request.path)
        messages.error(request, _("No se pudo completar la acción; revisa los errores."))
        context = self.get_context_data(forms=self.get_forms(action, form), failed_action=action)
        return self.render_to_response(context, status=400)

    # --- what the template shows -----------------------------------------------------------

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ticket = self.ticket
        entries = list(ticket.entradas.select_related("autor").order_by("creado", "pk"))
        attachments = list(ticket.adjuntos.order_by("creado", "pk"))
        by_entry = {}
        for adjunto in attachments:
            adjunto.download_url = reverse(self.attachment_url_name, args=[adjunto.pk])
            by_entry.setdefault(adjunto.entrada_id, []).append(adjunto)
        for entry in entries:
            entry.files = by_entry.get(entry.pk, [])
        known = {entry.pk for entry in entries}
        original = ticket.duplicado_de
        context.update(
            {
                "ticket": ticket,
                "entries": entries,
                "attachments": attachments,
                "loose_attachments": [a for a in attachments if a.entrada_id not in known],
                "show_personal_data": can_see_personal_data(self.request.user),
                "is_overdue": ticket.is_overdue(),
                "can_answer": ticket.estado in {EstadoTicket.RECIBIDO, EstadoTicket.EN_ATENCION},
                "original_url": (
                    reverse(self.edit_url_name, args=[original.pk])
                    if original and services.can_handle(self.request.user, original)
                    else ""
                ),
                "index_url": reverse(self.index_url_name),
            }
        )
        return context


class AttachmentView(PermissionCheckedMixin, View):
    """A ticket's file, only for those who handle the ticket, always as a download."""

    model = Ticket
    any_permission_required = ["change", "view"]
    page_title = gettext_lazy("Adjunto")

    def get(self, request, pk):
        adjunto = get_object_or_404(TicketAdjunto.objects.select_related("ticket"), pk=pk)
        if not services.can_handle(request.user, adjunto.ticket):
            raise Http404
        return attachment_response(adjunto)
