"""The Buzón's emails: the citizen's receipt and news, and the órgano's inbox alerts.

In production nothing here runs inside a request: the services call `notify` once the ticket's
transaction commits, which enqueues a task (buzon/tasks.py) that builds and sends the message
and retries it later when the mail server is down. The one exception is the receipt with the
follow-up key: the key must never be stored anywhere (a task's arguments are), so the receipt
is tried once, right after filing, and a failure is flagged on the ticket (the receipt page
shows the key anyway). A failure costs an email, never a ticket.
"""

import logging
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import EstadoTicket

logger = logging.getLogger(__name__)

SEND_ATTEMPTS = 3
RETRY_DELAY_SECONDS = 0.5


def deliver(subject, template, context, recipients):
    """One attempt; raises whatever the mail backend raises (SMTP, DNS, timeouts)."""
    recipients = sorted({address for address in recipients if address})
    if recipients:
        body = render_to_string(template, context)
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients).send()


def log_failure(subject, context, attempts):
    # The folio names the ticket; the context never carries the key into the log.
    logger.exception(
        "Buzón email %r for %s failed after %d attempts", subject, context.get("ticket"), attempts
    )


def send(subject, template, context, recipients, attempts=SEND_ATTEMPTS) -> bool:
    """Send with a few retries, for management commands (reminders), never for a request;
    False (and a log line naming the folio) when it cannot."""
    for attempt in range(1, attempts + 1):
        try:
            deliver(subject, template, context, recipients)
            return True
        except Exception:  # SMTP, DNS, timeouts: whatever the backend raises
            if attempt == attempts:
                log_failure(subject, context, attempt)
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
    """The receipt with the key, tried once now (see the module's docstring); the inbox alert
    as a task."""
    if ticket.correo:
        delivered = send(
            _("Tu folio del Buzón OPTISNTE: %(folio)s") % {"folio": ticket.folio},
            "buzon/email/acuse.txt",
            citizen_context(ticket, clave),
            [ticket.correo],
            attempts=1,
        )
        if not delivered:
            type(ticket).objects.filter(pk=ticket.pk).update(correo_fallido=True)
    notify(NUEVO_TICKET, ticket)


# --- The messages a task sends, by kind: each builds (subject, template, context, recipients)
# from the ticket as it is when the task runs, or None when there is nobody to tell.

NUEVO_TICKET, MENSAJE_CIUDADANO, RESPUESTA, ESTADO, TURNADO = (
    "nuevo_ticket",
    "mensaje_ciudadano",
    "respuesta",
    "estado",
    "turnado",
)
# The states a citizen is told about by email.
FINAL_STATES = {EstadoTicket.CERRADO, EstadoTicket.IMPROCEDENTE, EstadoTicket.DUPLICADO}


def staff_message(subject, template):
    def build(ticket, **extra):
        return (
            subject % {"folio": ticket.folio},
            template,
            staff_context(ticket),
            staff_recipients(ticket),
        )

    return build


def answered_message(ticket, **extra):
    if not ticket.correo:
        return None
    return (
        _("Tu ticket %(folio)s tiene respuesta") % {"folio": ticket.folio},
        "buzon/email/respuesta.txt",
        citizen_context(ticket),
        [ticket.correo],
    )


def state_message(ticket, estado=None, **extra):
    # The state the change was to, not whatever the ticket has moved on to since.
    estado = estado or ticket.estado
    if not ticket.correo or estado not in FINAL_STATES:
        return None
    return (
        _("Tu ticket %(folio)s: %(estado)s")
        % {"folio": ticket.folio, "estado": EstadoTicket(estado).label.lower()},
        "buzon/email/estado.txt",
        citizen_context(ticket),
        [ticket.correo],
    )


MESSAGES = {
    NUEVO_TICKET: staff_message(
        gettext_lazy("Nuevo ticket %(folio)s en el Buzón"), "buzon/email/nuevo_ticket.txt"
    ),
    MENSAJE_CIUDADANO: staff_message(
        gettext_lazy("Nuevo mensaje en el ticket %(folio)s"), "buzon/email/mensaje_ciudadano.txt"
    ),
    RESPUESTA: answered_message,
    ESTADO: state_message,
    TURNADO: staff_message(
        gettext_lazy("Ticket %(folio)s turnado a tu órgano"), "buzon/email/nuevo_ticket.txt"
    ),
}


def notify(kind, ticket, **extra):
    """Send the `kind` email about `ticket` off the request: enqueue its task (buzon/tasks.py)."""
    from .tasks import send_ticket_email

    send_ticket_email.enqueue(kind, ticket.pk, extra=extra)


def citizen_replied(ticket):
    notify(MENSAJE_CIUDADANO, ticket)


def ticket_answered(ticket):
    notify(RESPUESTA, ticket)


def state_changed(ticket):
    notify(ESTADO, ticket, estado=ticket.estado)


def ticket_routed(ticket):
    notify(TURNADO, ticket)
