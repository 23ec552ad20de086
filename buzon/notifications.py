"""The Buzón's emails: the citizen's receipt and news, and the órgano's inbox alerts.

Every sender runs after the ticket's transaction commits and never raises: a mail server
that is down costs an email (retried, then logged and flagged on the ticket), never a ticket.
"""

import logging
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .choices import EstadoTicket

logger = logging.getLogger(__name__)

SEND_ATTEMPTS = 3
RETRY_DELAY_SECONDS = 0.5


def send(subject, template, context, recipients) -> bool:
    """Send with a few retries; False (and a log line naming the folio) when it cannot."""
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return True
    body = render_to_string(template, context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            message.send()
            return True
        except Exception:  # SMTP, DNS, timeouts: whatever the backend raises
            if attempt == SEND_ATTEMPTS:
                logger.exception(
                    "Buzón email %r for %s failed after %d attempts",
                    subject,
                    context.get("ticket"),
                    attempt,
                )
                return False
            time.sleep(RETRY_DELAY_SECONDS * attempt)
    return False


def admin_url(ticket):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "buzon_tickets:edit", args=[ticket.pk]
    )


def follow_up_url():
    from .models import BuzonPage

    page = BuzonPage.objects.live().first()
    # A page outside any site has no full URL; the email then just omits the link.
    if page is None or not page.full_url:
        return ""
    return page.full_url.rstrip("/") + "/seguimiento/"


def staff_recipients(ticket):
    """The órgano's enlaces (and the assignee); unrouted tickets go to the OPTI administration."""
    from estructura.roles import ADMIN_GROUP_NAME

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if ticket.organo_id is None:
        found = users.filter(groups__name=ADMIN_GROUP_NAME)
    else:
        found = users.filter(groups__organo_enlaces__organo_id=ticket.organo_id)
    addresses = set(found.values_list("email", flat=True))
    if ticket.asignado_a_id and ticket.asignado_a.email and ticket.asignado_a.is_active:
        addresses.add(ticket.asignado_a.email)
    return addresses


def staff_context(ticket):
    return {"ticket": ticket, "admin_url": admin_url(ticket)}


def citizen_context(ticket, clave=None):
    return {"ticket": ticket, "clave": clave, "seguimiento_url": follow_up_url()}


def ticket_filed(ticket, clave):
    if ticket.correo:
        delivered = send(
            _("Tu folio del Buzón OPTISNTE: %(folio)s") % {"folio": ticket.folio},
            "buzon/email/acuse.txt",
            citizen_context(ticket, clave),
            [ticket.correo],
        )
        if not delivered:
            type(ticket).objects.filter(pk=ticket.pk).update(correo_fallido=True)
    send(
        _("Nuevo ticket %(folio)s en el Buzón") % {"folio": ticket.folio},
        "buzon/email/nuevo_ticket.txt",
        staff_context(ticket),
        staff_recipients(ticket),
    )


def citizen_replied(ticket):
    send(
        _("Nuevo mensaje en el ticket %(folio)s") % {"folio": ticket.folio},
        "buzon/email/mensaje_ciudadano.txt",
        staff_context(ticket),
        staff_recipients(ticket),
    )


def ticket_answered(ticket):
    if ticket.correo:
        send(
            _("Tu ticket %(folio)s tiene respuesta") % {"folio": ticket.folio},
            "buzon/email/respuesta.txt",
            citizen_context(ticket),
            [ticket.correo],
        )


def state_changed(ticket):
    if ticket.correo and ticket.estado in {
        EstadoTicket.CERRADO,
        EstadoTicket.IMPROCEDENTE,
        EstadoTicket.DUPLICADO,
    }:
        send(
            _("Tu ticket %(folio)s: %(estado)s")
            % {"folio": ticket.folio, "estado": ticket.get_estado_display().lower()},
            "buzon/email/estado.txt",
            citizen_context(ticket),
            [ticket.correo],
        )


def ticket_routed(ticket):
    send(
        _("Ticket %(folio)s turnado a tu órgano") % {"folio": ticket.folio},
        "buzon/email/nuevo_ticket.txt",
        staff_context(ticket),
        staff_recipients(ticket),
    )
