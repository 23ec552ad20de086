"""`manage.py recordatorios_actualizacion`: tell each órgano what to update before it falls due.

Safe to run daily from cron (or more often). For each órgano, one email lists its pages due
within `--dias` days ("antes") and one lists its pages whose due date has passed ("vencido").
Each (page, due date, moment) is recorded in `RecordatorioActualizacion`, unique, so a page
is reminded once before and once after each due date however often the command runs; once the
page is updated its new due date earns new reminders. The records are claimed (committed)
before the email leaves, so two runs at once cannot both send, and deleted if the email
fails, so the next run tries again.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.commands import day_option
from cms.formats import fecha_larga
from estructura.cycle import group_by_organo, pending_updates, site_calendar
from estructura.models import OrganoRoles
from estructura.registers import RecordatorioActualizacion

logger = logging.getLogger(__name__)

DEFAULT_DAYS = 7
MAX_DAYS = 366
ANTES, VENCIDO = RecordatorioActualizacion.ANTES, RecordatorioActualizacion.VENCIDO


def parse_dias(value):
    if value is None:
        return DEFAULT_DAYS
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or int(text) > MAX_DAYS:
        raise CommandError(f"--dias debe ser un número entero de 0 a {MAX_DAYS}, no {value!r}.")
    return int(text)


def momento_of(row):
    return VENCIDO if row.vencida else ANTES


def reminder_key(row):
    """What a reminder is for: (page id, obligación id or None, due date, moment)."""
    return (row.page.pk, row.obligacion_id, row.fecha_limite, momento_of(row))


def already_sent(rows):
    """The keys (reminder_key) of the reminders recorded for these rows: one query."""
    return set(
        RecordatorioActualizacion.objects.filter(
            page_id__in={row.page.pk for row in rows}
        ).values_list("page_id", "obligacion_id", "fecha_limite", "momento")
    )


def recipients_by_organo(organo_ids):
    """{órgano id: addresses}: its active enlaces with an email, else its supervisors.

    Two queries whatever the number of órganos.
    """
    roles = list(
        OrganoRoles.objects.filter(organo_id__in=organo_ids).values_list(
            "organo_id", "enlaces_id", "supervisores_id"
        )
    )
    memberships = get_user_model().groups.through.objects.filter(
        group_id__in=[group for _, *groups in roles for group in groups],
        user__is_active=True,
    )
    by_group = {}
    for group_id, email in memberships.exclude(user__email="").values_list(
        "group_id", "user__email"
    ):
        by_group.setdefault(group_id, set()).add(email)
    return {
        organo_id: sorted(by_group.get(enlaces) or by_group.get(supervisores) or ())
        for organo_id, enlaces, supervisores in roles
    }


def claim(rows, momento):
    """Record a reminder for each row not yet claimed by another run: {reminder_key: id}."""
    claimed = {}
    with transaction.atomic():
        for row in rows:
            try:
                with transaction.atomic():
                    record = RecordatorioActualizacion.objects.create(
                        page_id=row.page.pk,
                        obligacion_id=row.obligacion_id,
                        fecha_limite=row.fecha_limite,
                        momento=momento,
                    )
            except IntegrityError:
                continue  # another run got there first
            claimed[reminder_key(row)] = record.pk
    return claimed


def absolute_admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_reminder(organo, momento, rows, recipients, hoy):
    if momento == VENCIDO:
        subject = _("Información vencida de %(organo)s: %(n)d por actualizar")
    else:
        subject = _("Recordatorio: %(organo)s tiene %(n)d actualizaciones por vencer")
    context = {
        "organo": organo,
        "vencido": momento == VENCIDO,
        "hoy": fecha_larga(hoy),
        "paginas": [
            {
                "titulo": row.titulo,
                "tipo": row.tipo,
                "periodicidad": row.periodicidad,
                "ultima": fecha_larga(row.fecha_actualizacion),
                "limite": fecha_larga(row.fecha_limite),
                "editar": absolute_admin_url(row.admin_url),
            }
            for row in rows
        ],
        "reporte": absolute_admin_url(reverse("estructura_pending_updates")),
    }
    body = render_to_string("estructura/email/recordatorio_actualizacion.txt", context)
    message = EmailMessage(
        subject % {"organo": organo.title, "n": len(rows)},
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
    message.send()


class Command(BaseCommand):
    help = (
        "Envía a los enlaces de cada órgano (o a sus supervisores si no tiene enlaces con "
        "correo) un correo con su información que vence dentro de --dias días y otro con la "
        "que ya venció, según el calendario de actualización. Cada página se recuerda una "
        "sola vez antes y una después de cada fecha límite; puede correr a diario desde cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Solo muestra qué se enviaría, sin enviar."
        )
        parser.add_argument(
            "--hoy",
            help="Fecha de referencia AAAA-MM-DD (por omisión, hoy en la Ciudad de México).",
        )
        parser.add_argument(
            "--dias",
            help=f"Días de anticipación del aviso previo (por omisión, {DEFAULT_DAYS}).",
        )

    def handle(self, *args, dry_run=False, hoy=None, dias=None, **options):
        hoy, dias = day_option(hoy), parse_dias(dias)
        rows = pending_updates(hoy=hoy, dias=dias, calendar=site_calendar())
        sent = already_sent(rows)
        rows = [row for row in rows if reminder_key(row) not in sent]
        groups = group_by_organo(rows)
        recipients = recipients_by_organo([organo.pk for organo, _ in groups if organo])
        counts = {ANTES: 0, VENCIDO: 0, "paginas": 0, "fallidos": 0, "sin destinatarios": 0}
        for organo, organo_rows in groups:
            for momento in (ANTES, VENCIDO):
                batch = [row for row in organo_rows if momento_of(row) == momento]
                if not batch:
                    continue
                to = recipients.get(organo.pk) if organo else None
                name = organo.title if organo else "(sin órgano)"
                if not to:
                    # Left unrecorded: once the órgano has enlaces, the next run tells them.
                    counts["sin destinatarios"] += 1
                    self.stderr.write(f"{name}: nadie a quien avisar ({momento}).")
                    continue
                if dry_run:
                    self.report(name, momento, batch, to)
                    counts[momento] += 1
                    counts["paginas"] += len(batch)
                    continue
                claimed = claim(batch, momento)
                batch = [row for row in batch if reminder_key(row) in claimed]
                if not batch:
                    continue
                try:
                    send_reminder(organo, momento, batch, to, hoy)
                except Exception:  # SMTP, DNS, timeouts: whatever the backend raises
                    logger.exception("Update reminder for %s (%s) failed", name, momento)
                    RecordatorioActualizacion.objects.filter(pk__in=claimed.values()).delete()
                    counts["fallidos"] += 1
                    self.stderr.write(f"{name}: no se pudo enviar el correo ({momento}).")
                    continue
                self.report(name, momento, batch, to)
                counts[momento] += 1
                counts["paginas"] += len(batch)
        verb = "Se enviarían" if dry_run else "Enviados"
        self.stdout.write(
            f"{verb} {counts[ANTES] + counts[VENCIDO]} correos al {hoy} "
            f"({counts['paginas']} páginas): {counts[ANTES]} antes de la fecha límite, "
            f"{counts[VENCIDO]} de información vencida; {counts['fallidos']} fallidos, "
            f"{counts['sin destinatarios']} sin destinatarios."
        )

    def report(self, name, momento, rows, recipients):
        self.stdout.write(f"{name}: {momento}, {len(rows)} páginas → {', '.join(recipients)}")
