"""The Buzón panel on the admin home: pending, overdue and soon-due tickets in scope."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .choices import RESOLVED_STATES, EstadoTicket
from .filters import due_soon_limit
from .models import Ticket
from .services import can_route


def can_see_inbox(user):
    return user.is_active and (
        user.has_perm("buzon.view_ticket") or user.has_perm("buzon.change_ticket")
    )


def inbox_counts(user, today=None):
    """Pending, overdue and due-soon tickets the user may see, in one query."""
    today = today or timezone.localdate()
    soon = due_soon_limit(today)
    pending = ~Q(estado__in=RESOLVED_STATES)
    return Ticket.objects.visible_to(user).aggregate(
        pendientes=Count("pk", filter=pending),
        vencidos=Count("pk", filter=pending & Q(fecha_limite__lt=today)),
        por_vencer=Count("pk", filter=pending & Q(fecha_limite__gte=today, fecha_limite__lte=soon)),
        sin_turnar=Count("pk", filter=pending & Q(organo__isnull=True)),
    )


class BuzonPanel(Component):
    name = "buzon"
    template_name = "buzon/admin/dashboard_panel.html"
    order = 210

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        index = reverse("buzon_tickets:index")
        counts = inbox_counts(self.user)
        pending_query = f"estado={EstadoTicket.RECIBIDO}&estado={EstadoTicket.EN_ATENCION}"
        return {
            "counts": counts,
            "index_url": index,
            "pendientes_url": f"{index}?{pending_query}",
            "vencidos_url": f"{index}?vencido=true",
            "por_vencer_url": f"{index}?por_vencer=true",
            "sin_turnar_url": f"{index}?sin_turnar=true&{pending_query}",
            "can_route": can_route(self.user),
        }
