"""Filing and handling tickets through buzon.services, the one path every channel uses."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from buzon.choices import EstadoTicket, TipoEntrada, TipoTicket
from buzon.models import BuzonSettings, FolioCounter, Ticket, TicketEntrada
from buzon.services import (
    add_note,
    answer,
    change_state,
    citizen_reply,
    create_ticket,
    find_ticket,
    new_key,
)

pytestmark = pytest.mark.django_db


def data(**overrides):
    return {
        "tipo": TipoTicket.PREGUNTA,
        "asunto": "¿Cuándo se publica el informe?",
        "mensaje": "Quisiera saber cuándo se publica el informe trimestral.",
        "nombre": "Ana Pérez",
        "correo": "ana@example.org",
        **overrides,
    }


def test_folio_is_sequential_per_year_and_readable(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = create_ticket(data())
        second, _ = create_ticket(data())
    year = first.creado.year
    assert first.folio == f"OPTI-{year}-{first.numero:06d}"
    assert second.numero == first.numero + 1
    assert FolioCounter.objects.get(anio=year).ultimo == second.numero


def test_key_is_stored_hashed_and_found_only_with_the_right_key():
    ticket, clave = create_ticket(data())
    assert clave not in ticket.clave_hash
    assert len(clave) == 19 and clave.count("-") == 3
    assert find_ticket(ticket.folio, clave) == ticket
    assert find_ticket(ticket.folio.lower(), clave.lower()) == ticket
    assert find_ticket(ticket.folio, new_key()) is None
    assert find_ticket("OPTI-2000-999999", clave) is None


def test_receipt_email_carries_folio_and_key(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket, clave = create_ticket(data())
    receipt = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    assert len(receipt) == 1
    assert ticket.folio in receipt[0].subject
    assert clave in receipt[0].body


def test_due_date_counts_business_days_only():
    settings_row = BuzonSettings.load()
    settings_row.plazo_dias_habiles = 3
    settings_row.save()
    # Friday 13 November 2026; Monday 16 is Revolución (third Monday of November).
    assert settings_row.due_date(datetime.date(2026, 11, 13)) == datetime.date(2026, 11, 19)


def test_answer_sets_state_and_first_answer_time_once(admin_user):
    ticket, _ = create_ticket(data())
    answer(ticket, "Se publica en diciembre.", admin_user)
    ticket.refresh_from_db()
    first_answer = ticket.respondido_en
    assert ticket.estado == EstadoTicket.RESPONDIDO
    assert ticket.resuelto_en == first_answer
    citizen_reply(ticket, "¿Y el anual?")
    ticket.refresh_from_db()
    assert ticket.estado == EstadoTicket.EN_ATENCION
    answer(ticket, "En enero.", admin_user)
    ticket.refresh_from_db()
    assert ticket.respondido_en == first_answer
    kinds = list(ticket.entradas.values_list("tipo", flat=True))
    assert kinds.count(TipoEntrada.RESPUESTA) == 2


def test_invalid_transition_and_duplicate_without_original_are_refused(admin_user):
    ticket, _ = create_ticket(data())
    with pytest.raises(ValidationError):
        change_state(ticket, EstadoTicket.CERRADO, admin_user)
    with pytest.raises(ValidationError):
        change_state(ticket, EstadoTicket.DUPLICADO, admin_user)
    ticket.refresh_from_db()
    assert ticket.estado == EstadoTicket.RECIBIDO
    assert ticket.entradas.count() == 1


def test_notes_stay_internal(admin_user):
    ticket, _ = create_ticket(data())
    add_note(ticket, "Revisar con finanzas", admin_user)
    assert not ticket.public_entries().filter(tipo=TipoEntrada.NOTA).exists()


def test_citizen_cannot_write_on_a_closed_ticket(admin_user):
    ticket, _ = create_ticket(data())
    change_state(ticket, EstadoTicket.IMPROCEDENTE, admin_user, "Fuera de competencia")
    with pytest.raises(ValidationError):
        citizen_reply(Ticket.objects.get(pk=ticket.pk), "Hola")
    assert TicketEntrada.objects.filter(ticket=ticket, tipo=TipoEntrada.MENSAJE).count() == 0


def test_staff_outside_the_scope_cannot_touch_a_ticket(django_user_model):
    ticket, _ = create_ticket(data())
    outsider = django_user_model.objects.create_user("fuera", password="x")
    with pytest.raises(PermissionDenied):
        add_note(ticket, "no", outsider)
