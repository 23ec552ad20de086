"""`manage.py buzon_recordatorios`: remind the órganos of tickets about to fall due, or overdue.

Safe to run daily from cron (or more often): each ticket gets at most one reminder before its
due date and one once it has lapsed, however often the command runs. ``Ticket.recordatorio_para``
remembers which was sent, without a second field:

- equal to the due date: the reminder *before* that due date was sent;
- later than the due date: the *overdue* reminder was sent (on that day);
- anything else (empty, or an older due date): nothing sent for the current due date yet.

A new due date therefore earns new reminders. The field is claimed before the email leaves,
so two runs at once cannot both send, and released again if the email fails, so the next run
tries again.
"""

from django.core.management.base import BaseCommand
from django.db.models import F
from django.utils.translation import gettext as _

from buzon.business_days import add_business_days
from buzon.models import BuzonSettings, Ticket
from buzon.notifications import send, staff_context, staff_recipients
from cms.commands import day_option


def due_soon(hoy, aviso_dias_habiles, closed_days):
    """Pending tickets due from `hoy` up to `aviso_dias_habiles` business days later, not
    yet reminded for that due date."""
    # business_days_between(hoy, d) <= aviso  <=>  d is before the (aviso + 1)-th business day.
    horizon = add_business_days(hoy, aviso_dias_habiles + 1, closed_days)
    return (
        Ticket.objects.pending()
        .filter(fecha_limite__gte=hoy, fecha_limite__lt=horizon)
        .exclude(recordatorio_para__gte=F("fecha_limite"))
    )


def overdue(hoy):
    """Pending tickets past their due date that have not had their overdue reminder."""
    return (
        Ticket.objects.pending()
        .filter(fecha_limite__lt=hoy)
        .exclude(recordatorio_para__gt=F("fecha_limite"))
    )


def remind(ticket, hoy) -> bool:
    """Claim, send, and release the claim if the email failed; True if it was sent."""
    vencido = ticket.fecha_limite < hoy
    marker = hoy if vencido else ticket.fecha_limite
    previous = ticket.recordatorio_para
    claimed = (
        Ticket.objects.filter(pk=ticket.pk, recordatorio_para=previous)
        if previous is not None
        else Ticket.objects.filter(pk=ticket.pk, recordatorio_para__isnull=True)
    ).update(recordatorio_para=marker)
    if not claimed:
        return False  # another run got there first
    fecha = ticket.fecha_limite.strftime("%d/%m/%Y")
    if vencido:
        subject = _("Ticket %(folio)s vencido desde el %(fecha)s")
    else:
        subject = _("Recordatorio: el ticket %(folio)s vence el %(fecha)s")
    sent = send(
        subject % {"folio": ticket.folio, "fecha": fecha},
        "buzon/email/recordatorio.txt",
        {**staff_context(ticket), "vencido": vencido},
        staff_recipients(ticket),
    )
    if not sent:
        Ticket.objects.filter(pk=ticket.pk, recordatorio_para=marker).update(
            recordatorio_para=previous
        )
    return sent


class Command(BaseCommand):
    help = (
        "Envía a los enlaces del órgano (o a la Administración OPTI si el ticket no está "
        "turnado) un recordatorio de cada ticket pendiente que vence dentro de los días "
        "hábiles de aviso de la Configuración del Buzón, y uno más cuando ya venció. Cada "
        "recordatorio se envía una sola vez; puede correr a diario desde cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Solo muestra qué se enviaría, sin enviar."
        )
        parser.add_argument(
            "--hoy",
            help="Fecha de referencia AAAA-MM-DD (por omisión, hoy en la Ciudad de México).",
        )

    def handle(self, *args, dry_run=False, hoy=None, **options):
        hoy = day_option(hoy)
        buzon = BuzonSettings.load()
        closed = buzon.closed_days()
        related = ("organo", "asignado_a")
        batches = [
            (
                "por vencer",
                due_soon(hoy, buzon.aviso_dias_habiles, closed).select_related(*related),
            ),
            ("vencidos", overdue(hoy).select_related(*related)),
        ]
        counts = {"por vencer": 0, "vencidos": 0, "fallidos": 0, "sin destinatarios": 0}
        for label, tickets in batches:
            for ticket in tickets.order_by("fecha_limite", "pk"):
                if not staff_recipients(ticket):
                    # Left unmarked: once the órgano has enlaces, the next run tells them.
                    counts["sin destinatarios"] += 1
                    self.stderr.write(f"{ticket.folio}: nadie a quien avisar ({label}).")
                    continue
                if dry_run:
                    counts[label] += 1
                    self.stdout.write(f"{ticket.folio}: {label}, vence el {ticket.fecha_limite}")
                    continue
                if remind(ticket, hoy):
                    counts[label] += 1
                else:
                    counts["fallidos"] += 1
        verb = "Se enviarían" if dry_run else "Enviados"
        self.stdout.write(
            f"{verb} {counts['por vencer'] + counts['vencidos']} recordatorios al {hoy}: "
            f"{counts['por vencer']} por vencer, {counts['vencidos']} vencidos; "
            f"{counts['fallidos']} fallidos, {counts['sin destinatarios']} sin destinatarios."
        )
