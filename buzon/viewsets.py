"""The Buzón inbox in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Ticket


class TicketViewSet(ModelViewSet):
    model = Ticket
    icon = "mail"
    menu_label = _("Buzón")
    add_to_admin_menu = True
    url_namespace = "buzon_tickets"
    url_prefix = "buzon"
    list_display = ["folio", "asunto", "tipo", "estado", "organo", "fecha_limite"]
    form_fields = ["estado"]
    copy_view_enabled = False


ticket_viewset = TicketViewSet("tickets")
