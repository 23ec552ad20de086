"""An email failure never loses a ticket: logged, flagged, retried by its task (never by
sleeping in the request), and the ticket stands."""

import json
import logging
import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from buzon import notifications
from buzon.models import Ticket

from .conftest import ticket_data

pytestmark = pytest.mark.django_db

BACKEND = f"{__name__}.BrokenSMTPBackend"


class BrokenSMTPBackend(BaseEmailBackend):
    """A mail server that is down: every send raises, and every attempt is counted."""

    attempts = []

    def send_messages(self, email_messages):
        for message in email_messages:
            self.attempts.append(message.to)
        raise smtplib.SMTPException("421 Servicio no disponible")


@pytest.fixture
def broken_smtp(settings, monkeypatch):
    settings.EMAIL_BACKEND = BACKEND

    def no_sleeping_in_a_request(seconds):
        raise AssertionError("an email retry slept inside the request")

    monkeypatch.setattr(notifications.time, "sleep", no_sleeping_in_a_request)
    BrokenSMTPBackend.attempts = []
    return BrokenSMTPBackend.attempts


def assert_ticket_stands(folio, clave, attempts, caplog):
    ticket = Ticket.objects.get(folio=folio)
    assert ticket.correo_fallido is True
    assert ticket.key_matches(clave)
    # The receipt carries the key, which no task may store: one attempt, then the flag.
    receipts = [to for to in attempts if to == [ticket.correo]]
    assert len(receipts) == 1
    failures = [r for r in caplog.records if r.name == "buzon.notifications"]
    assert failures, "the failure was not logged"
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in failures)
    assert folio in logged
    assert clave not in logged
    assert all(record.levelno >= logging.ERROR for record in failures)


def test_api_filing_survives_a_dead_mail_server(
    client, buzon_page, broken_smtp, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/buzon/tickets/",
            json.dumps({**ticket_data(), "acepta_aviso": True}),
            content_type="application/json",
        )
    assert response.status_code == 201
    body = response.json()
    assert_ticket_stands(body["folio"], body["clave"], broken_smtp, caplog)


def test_service_filing_survives_a_dead_mail_server(
    buzon_page, broken_smtp, caplog, file_ticket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket, clave = file_ticket()
    assert_ticket_stands(ticket.folio, clave, broken_smtp, caplog)


def test_a_failed_inbox_alert_is_retried_by_its_task_then_logged(
    buzon_page, broken_smtp, caplog, file_ticket, opti_admin, django_capture_on_commit_callbacks
):
    # Development and tests run tasks at once, so the retries follow each other here; in
    # production each waits in the queue (buzon/tasks.py, RETRY_AFTER_MINUTES).
    with django_capture_on_commit_callbacks(execute=True):
        ticket, _clave = file_ticket(correo="")
    alerts = [to for to in broken_smtp if to == [opti_admin.email]]
    assert len(alerts) == notifications.SEND_ATTEMPTS
    logged = [r.getMessage() for r in caplog.records if r.name == "buzon.notifications"]
    assert any(ticket.folio in message for message in logged)
