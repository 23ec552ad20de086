"""`manage.py buzon_anonimizar`: erase the personal data of tickets finished long ago.

A ticket in a final state (cerrado, improcedente, duplicado) that reached it more than
``BuzonSettings.meses_conservacion`` months ago loses its name, email and client address,
and the files the citizen sent. Everything the figures read (kind, órgano, dates, state, due
date) stays, so ``buzon.statistics`` gives the same numbers before and after.

The citizen's attachments are deleted, rows and files: a row kept with its name replaced would
still list a download whose file is gone (a broken link in the inbox and the follow-up page),
and no figure counts attachments. Files staff attached to an answer are the órgano's, not the
citizen's, and stay. The text of the messages stays too: it is the substance of the ticket, and
personal data inside free text cannot be found reliably.

Files go first, then the ticket is updated in one transaction; a file the storage fails to
delete leaves the ticket untouched, so the next run tries again. Idempotent and safe from cron.
"""

import calendar
import datetime
import logging

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from buzon.choices import EstadoTicket, TipoEntrada
from buzon.models import BuzonSettings, Ticket, TicketAdjunto

logger = logging.getLogger(__name__)

MAX_MONTHS = 1200
FINAL_STATES = (EstadoTicket.CERRADO, EstadoTicket.IMPROCEDENTE, EstadoTicket.DUPLICADO)


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` earlier (the month's last day if it is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def anonymisable(months: int, now=None):
    """Final-state tickets not yet anonymised whose final state is older than `months`.

    When it reached its final state: the later of its closing (or first resolution) and its
    last recorded state change, so a ticket reopened and closed again last week waits its full
    term even though it was first resolved long ago.
    """
    cutoff = months_before(timezone.localtime(now or timezone.now()), months)
    finished = Coalesce("cerrado_en", "resuelto_en")
    last_change = Max("entradas__creado", filter=Q(entradas__tipo=TipoEntrada.ESTADO))
    return (
        Ticket.objects.filter(estado__in=FINAL_STATES, anonimizado_en__isnull=True)
        .annotate(finalizado_en=Greatest(finished, Coalesce(last_change, finished)))
        .filter(finalizado_en__lt=cutoff)
    )


def citizen_attachments(ticket):
    """The files the citizen sent: with the ticket or a reply (thread entries with no author)."""
    return TicketAdjunto.objects.filter(ticket=ticket).filter(
        Q(entrada__isnull=True) | Q(entrada__autor__isnull=True)
    )


def anonymise(ticket) -> int | None:
    """Erase one ticket's personal data; the number of files deleted, or None if a file
    could not be deleted (then nothing else changed)."""
    adjuntos = list(citizen_attachments(ticket))
    for adjunto in adjuntos:
        try:
            adjunto.archivo.delete(save=False)
        except Exception:  # the storage's own errors (disk, S3): try again next run
            logger.exception("Could not delete attachment %s of %s", adjunto.pk, ticket.folio)
            return None
    with transaction.atomic():
        TicketAdjunto.objects.filter(pk__in=[adjunto.pk for adjunto in adjuntos]).delete()
        Ticket.objects.filter(pk=ticket.pk).update(
            nombre="", correo="", direccion_ip=None, anonimizado_en=timezone.now()
        )
    return len(adjuntos)


class Command(BaseCommand):
    help = (
        "Borra los datos personales (nombre, correo, dirección IP y archivos enviados por quien "
        "escribió) de los tickets cerrados, improcedentes o duplicados hace más de los meses de "
        "conservación de la Configuración del Buzón (o --meses). Las cifras no cambian. Es "
        "idempotente y puede correr a diario desde cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--meses",
            type=int,
            help="Meses de conservación (por omisión, los de la Configuración del Buzón).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Solo cuenta, sin borrar nada.")

    def handle(self, *args, meses=None, dry_run=False, **options):
        if meses is None:
            meses = BuzonSettings.load().meses_conservacion
        elif not 1 <= meses <= MAX_MONTHS:
            # 0 would erase the data of a ticket closed a minute ago: never by a typo.
            raise CommandError(f"--meses debe estar entre 1 y {MAX_MONTHS}.")
        tickets = anonymisable(meses).order_by("pk")
        if dry_run:
            total = tickets.count()
            self.stdout.write(
                f"Se anonimizarían {total} tickets finalizados hace más de {meses} meses."
            )
            return
        done = files = failed = 0
        for ticket in tickets.only("pk", "folio"):
            deleted = anonymise(ticket)
            if deleted is None:
                failed += 1
                self.stderr.write(f"{ticket.folio}: no se pudo borrar un adjunto; se reintentará.")
                continue
            done += 1
            files += deleted
        self.stdout.write(
            f"Anonimizados {done} tickets finalizados hace más de {meses} meses "
            f"({files} adjuntos borrados); {failed} con errores."
        )
