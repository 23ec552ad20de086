"""`buzon_recordatorios`: the órgano hears of a ticket before it falls due and once more when it
lapses, once each however often cron runs it, and a failed email is tried again next time."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command

from buzon import notifications
from buzon.choices import EstadoTicket
from buzon.models import BuzonSettings, Ticket

pytestmark = pytest.mark.django_db

D = datetime.date
# Friday 13 November 2026; Monday 16 is a holiday (Revolución).
FRIDAY = D(2026, 11, 13)


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP down")


def run(*args):
    out = StringIO()
    call_command("buzon_recordatorios", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def due(ticket, fecha, **fields):
    Ticket.objects.filter(pk=ticket.pk).update(fecha_limite=fecha, **fields)
    ticket.refresh_from_db()
    return ticket


@pytest.fixture
def routed(file_ticket, organo_a, enlace_a, django_capture_on_commit_callbacks):
    ticket, _ = file_ticket(organo=organo_a)
    mail.outbox.clear()
    return ticket


def reminders():
    return [m for m in mail.outbox if "ticket" in m.subject.lower()]


def test_reminds_the_enlaces_within_the_warning_days_once(routed):
    # Two business days from Friday: Tuesday 17 (Monday is a holiday) and Wednesday 18.
    due(routed, D(2026, 11, 18))
    output = run("--hoy", "2026-11-13")
    assert "1 por vencer" in output
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["enlace_a@snte.example.mx"]
    assert routed.folio in message.subject and "vence" in message.subject
    assert routed.folio in message.body and routed.asunto in message.body
    assert "/admin/" in message.body
    # Never the citizen's personal data in the órgano's reminder.
    assert "ana.secreta@example.org" not in message.body
    routed.refresh_from_db()
    assert routed.recordatorio_para == D(2026, 11, 18)

    assert "Enviados 0" in run("--hoy", "2026-11-13")
    assert "Enviados 0" in run("--hoy", "2026-11-17")
    assert len(mail.outbox) == 1


def test_not_yet_when_the_due_date_is_further(routed):
    due(routed, D(2026, 11, 19))  # three business days after Friday 13
    run("--hoy", FRIDAY.isoformat())
    assert mail.outbox == []
    run("--hoy", "2026-11-17")
    assert len(mail.outbox) == 1


def test_one_more_reminder_once_overdue_and_only_one(routed):
    due(routed, D(2026, 11, 18))
    run("--hoy", "2026-11-17")
    output = run("--hoy", "2026-11-19")
    assert "1 vencidos" in output
    assert len(mail.outbox) == 2
    assert "vencido" in mail.outbox[1].subject
    assert "venció" in mail.outbox[1].body
    routed.refresh_from_db()
    assert routed.recordatorio_para == D(2026, 11, 19)
    run("--hoy", "2026-11-20")
    run("--hoy", "2026-12-01")
    assert len(mail.outbox) == 2


def test_a_ticket_found_overdue_gets_a_single_reminder(routed):
    due(routed, D(2026, 11, 2))
    run("--hoy", "2026-11-13")
    run("--hoy", "2026-11-14")
    assert len(mail.outbox) == 1
    assert "vencido" in mail.outbox[0].subject


def test_a_new_due_date_earns_a_new_reminder(routed):
    due(routed, D(2026, 11, 18))
    run("--hoy", "2026-11-17")
    due(routed, D(2026, 11, 25))
    run("--hoy", "2026-11-24")
    assert len(mail.outbox) == 2


def test_resolved_tickets_are_left_alone(routed, file_ticket, organo_a):
    due(routed, D(2026, 11, 2), estado=EstadoTicket.RESPONDIDO)
    closed, _ = file_ticket(organo=organo_a)
    due(closed, D(2026, 11, 17), estado=EstadoTicket.CERRADO)
    mail.outbox.clear()
    assert "Enviados 0" in run("--hoy", "2026-11-13")
    assert mail.outbox == []


def test_unrouted_tickets_remind_the_opti_administration(file_ticket, opti_admin):
    ticket, _ = file_ticket()
    mail.outbox.clear()
    due(ticket, D(2026, 11, 17))
    run("--hoy", "2026-11-13")
    assert [m.to for m in mail.outbox] == [["opti_admin@snte.example.mx"]]
    assert "sin turnar" in mail.outbox[0].body


def test_dry_run_sends_and_marks_nothing(routed):
    due(routed, D(2026, 11, 17))
    output = run("--dry-run", "--hoy", "2026-11-13")
    assert "Se enviarían 1" in output
    assert routed.folio in output
    assert mail.outbox == []
    routed.refresh_from_db()
    assert routed.recordatorio_para is None


def test_a_failed_email_is_not_marked_and_is_tried_again(routed, settings, monkeypatch):
    monkeypatch.setattr(notifications, "RETRY_DELAY_SECONDS", 0)
    due(routed, D(2026, 11, 17))
    settings.EMAIL_BACKEND = "tests.buzon.test_reminders.FailingBackend"
    output = run("--hoy", "2026-11-13")
    assert "1 fallidos" in output
    routed.refresh_from_db()
    assert routed.recordatorio_para is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run("--hoy", "2026-11-13")
    assert len(mail.outbox) == 1
    routed.refresh_from_db()
    assert routed.recordatorio_para == D(2026, 11, 17)


def test_an_organo_without_enlaces_is_reported_and_left_for_later(file_ticket, organo_b):
    ticket, _ = file_ticket(organo=organo_b)
    due(ticket, D(2026, 11, 17))
    out, err = StringIO(), StringIO()
    call_command("buzon_recordatorios", "--hoy", "2026-11-13", stdout=out, stderr=err)
    assert "1 sin destinatarios" in out.getvalue()
    assert ticket.folio in err.getvalue()
    ticket.refresh_from_db()
    assert ticket.recordatorio_para is None


def test_extra_closed_days_widen_the_warning(routed):
    buzon = BuzonSettings.load()
    buzon.dias_inhabiles = "2026-11-17"
    buzon.save()
    due(routed, D(2026, 11, 19))  # Tue 17 closed, Mon 16 holiday: Wed 18, Thu 19
    run("--hoy", "2026-11-13")
    assert len(mail.outbox) == 1


def test_a_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="AAAA-MM-DD"):
        call_command("buzon_recordatorios", "--hoy", "13/11/2026", stdout=StringIO())
