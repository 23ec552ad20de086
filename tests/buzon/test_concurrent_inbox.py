"""The inbox under concurrency: N people sending the same action on one ticket at once, through
the inbox's own view, leave one state change, one thread entry and one email."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection, connections
from django.urls import reverse

from buzon.choices import EstadoTicket, TipoEntrada
from buzon.models import Ticket, TicketEntrada

from .conftest import logged_in, make_user

ATTEMPTS = 8
CITIZEN = "ana.secreta@example.org"

# serialized_rollback: the flush after a transactional test also removes the migrations' rows
# (home page, site); pytest-django puts them back for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks (SELECT … FOR UPDATE) are only meaningful on PostgreSQL.")


@pytest.fixture
def enlaces_a(organo_a):
    """ATTEMPTS different people, each allowed to act on órgano A's tickets."""
    return [make_user(f"enlace_a_{n}", organo_a.roles.enlaces) for n in range(ATTEMPTS)]


def post_at_once(users, data, ticket):
    """POST `data` to the ticket's page from one logged-in client per user, all released
    together; returns the status codes."""
    url = reverse("buzon_tickets:edit", args=[ticket.pk])
    clients = [logged_in(user) for user in users]
    start = threading.Barrier(len(clients))

    def send(client):
        try:
            start.wait(timeout=30)
            return client.post(url, data).status_code
        finally:
            # Each thread has its own connection; leaving it open blocks the test database's
            # teardown.
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(send, clients))


def entries(ticket, tipo):
    return TicketEntrada.objects.filter(ticket=ticket, tipo=tipo)


def citizen_emails():
    return [message for message in mail.outbox if message.to == [CITIZEN]]


def test_simultaneous_identical_state_changes_record_one_change_and_one_email(
    file_ticket, organo_a, enlaces_a
):
    ticket, _clave = file_ticket(organo=organo_a)
    mail.outbox.clear()

    statuses = post_at_once(
        enlaces_a,
        {"action": "estado", "estado-estado": "improcedente", "estado-texto": "No aplica."},
        ticket,
    )

    # A late request either sees the new state in its form (400) or finds it done (302).
    assert set(statuses) <= {302, 400}, statuses
    assert statuses.count(302) >= 1
    ticket.refresh_from_db()
    assert ticket.estado == EstadoTicket.IMPROCEDENTE
    changes = entries(ticket, TipoEntrada.ESTADO).exclude(estado_nuevo=EstadoTicket.RECIBIDO)
    assert changes.count() == 1
    assert changes.get().estado_anterior == EstadoTicket.RECIBIDO
    assert len(citizen_emails()) == 1


def test_simultaneous_identical_answers_record_one_answer_and_one_email(
    file_ticket, organo_a, enlace_a
):
    # One person, the same answer from several tabs (or a double click that got through).
    ticket, _clave = file_ticket(organo=organo_a)
    mail.outbox.clear()

    statuses = post_at_once(
        [enlace_a] * ATTEMPTS,
        {"action": "responder", "responder-texto": "Se publica la primera semana de diciembre."},
        ticket,
    )

    assert statuses == [302] * ATTEMPTS
    ticket.refresh_from_db()
    assert ticket.estado == EstadoTicket.RESPONDIDO
    assert entries(ticket, TipoEntrada.RESPUESTA).count() == 1
    assert entries(ticket, TipoEntrada.ESTADO).filter(estado_nuevo="respondido").count() == 1
    assert len(citizen_emails()) == 1


def test_simultaneous_different_answers_keep_the_first_and_refuse_the_rest(
    file_ticket, organo_a, enlaces_a
):
    ticket, _clave = file_ticket(organo=organo_a)
    mail.outbox.clear()
    url = reverse("buzon_tickets:edit", args=[ticket.pk])
    clients = [logged_in(user) for user in enlaces_a]
    start = threading.Barrier(ATTEMPTS)

    def send(number):
        try:
            start.wait(timeout=30)
            data = {"action": "responder", "responder-texto": f"Respuesta número {number}."}
            return clients[number].post(url, data).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        statuses = list(pool.map(send, range(ATTEMPTS)))

    assert sorted(statuses) == [302] + [400] * (ATTEMPTS - 1)
    assert entries(ticket, TipoEntrada.RESPUESTA).count() == 1
    assert entries(ticket, TipoEntrada.ESTADO).filter(estado_nuevo="respondido").count() == 1
    assert len(citizen_emails()) == 1


def test_simultaneous_identical_assignments_record_one_assignment(file_ticket, organo_a, enlaces_a):
    ticket, _clave = file_ticket(organo=organo_a)
    assignee = enlaces_a[0]

    statuses = post_at_once(
        enlaces_a, {"action": "asignar", "asignar-asignado_a": str(assignee.pk)}, ticket
    )

    assert statuses == [302] * ATTEMPTS
    ticket.refresh_from_db()
    assert ticket.asignado_a == assignee
    assert entries(ticket, TipoEntrada.ASIGNACION).count() == 1
    # Assigning a received ticket puts it "en atención", once.
    assert ticket.estado == EstadoTicket.EN_ATENCION
    assert entries(ticket, TipoEntrada.ESTADO).filter(estado_nuevo="en_atencion").count() == 1


def test_simultaneous_identical_routings_record_one_turn_and_one_email(
    file_ticket, organo_b, opti_admin
):
    ticket, _clave = file_ticket()
    enlace_b = make_user("enlace_b", organo_b.roles.enlaces)
    mail.outbox.clear()

    statuses = post_at_once(
        [opti_admin] * ATTEMPTS, {"action": "turnar", "turnar-organo": str(organo_b.pk)}, ticket
    )

    assert statuses == [302] * ATTEMPTS
    assert Ticket.objects.get(pk=ticket.pk).organo_id == organo_b.pk
    assert entries(ticket, TipoEntrada.TURNO).count() == 1
    assert len([m for m in mail.outbox if enlace_b.email in m.to]) == 1
