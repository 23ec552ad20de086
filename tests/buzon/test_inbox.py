"""The inbox in the Wagtail admin: the list, its filters and search, and the ticket's own view."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from buzon.choices import EstadoTicket, TipoEntrada, TipoTicket
from buzon.models import Ticket, TicketEntrada
from buzon.services import add_note, answer, assign, change_state

from .conftest import logged_in, make_user, pdf_bytes, upload

pytestmark = pytest.mark.django_db

INDEX = "buzon_tickets:index"


def ticket_url(ticket):
    return reverse("buzon_tickets:edit", args=[ticket.pk])


def overdue(ticket, days=3):
    Ticket.objects.filter(pk=ticket.pk).update(
        fecha_limite=timezone.localdate() - datetime.timedelta(days=days)
    )


def listed_folios(response):
    content = response.content.decode()
    return {folio for folio in Ticket.objects.values_list("folio", flat=True) if folio in content}


# --- the list ---------------------------------------------------------------------------------


def test_inbox_urls_are_where_the_notifications_point(file_ticket, organo_a):
    ticket, _ = file_ticket(organo=organo_a)
    assert reverse(INDEX) == "/admin/buzon/"
    assert ticket_url(ticket) == f"/admin/buzon/ticket/{ticket.pk}/"


def test_enlace_lists_only_their_organo_tickets(file_ticket, organo_a, organo_b, enlace_a):
    mine, _ = file_ticket(organo=organo_a, asunto="Pregunta para A")
    other, _ = file_ticket(organo=organo_b, asunto="Pregunta para B")
    unrouted, _ = file_ticket(asunto="Sin órgano")
    response = logged_in(enlace_a).get(reverse(INDEX))
    assert response.status_code == 200
    assert listed_folios(response) == {mine.folio}


def test_list_shows_columns_and_marks_overdue(file_ticket, organo_a, opti_admin):
    late, _ = file_ticket(organo=organo_a, asunto="Atrasado")
    on_time, _ = file_ticket(asunto="A tiempo")
    overdue(late)
    content = logged_in(opti_admin).get(reverse(INDEX)).content.decode()
    assert "Atrasado" in content and "A tiempo" in content
    assert "Comité A" in content
    assert "Sin turnar" in content
    assert content.count('data-vencido="1"') == 1
    assert "Vencido" in content
    assert "Pregunta" in content  # the kind, in Spanish


def test_answered_ticket_past_due_is_not_marked_overdue(file_ticket, organo_a, opti_admin):
    ticket, _ = file_ticket(organo=organo_a)
    answer(ticket, "Respuesta a tiempo.", opti_admin)
    overdue(ticket)
    content = logged_in(opti_admin).get(reverse(INDEX)).content.decode()
    assert 'data-vencido="1"' not in content


def test_list_has_no_add_or_delete(file_ticket, organo_a, opti_admin, admin_user):
    file_ticket(organo=organo_a)
    for user in (opti_admin, admin_user):
        content = logged_in(user).get(reverse(INDEX)).content.decode()
        assert "/admin/buzon/new/" not in content
        assert "/admin/buzon/delete/" not in content
    client = logged_in(admin_user)
    assert client.get("/admin/buzon/new/").status_code == 404
    ticket = Ticket.objects.get()
    assert client.get(f"/admin/buzon/delete/{ticket.pk}/").status_code == 404
    assert client.post(f"/admin/buzon/delete/{ticket.pk}/").status_code == 404
    assert Ticket.objects.count() == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("estado=en_atencion", {"assigned"}),
        ("estado=recibido&estado=en_atencion", {"assigned", "late", "unrouted"}),
        ("tipo=queja", {"late"}),
        ("vencido=true", {"late"}),
        ("vencido=false", {"assigned", "unrouted", "answered"}),
        ("sin_turnar=true", {"unrouted"}),
        ("asignado_a_mi=true", {"assigned"}),
        ("q=Atrasado", {"late"}),
        ("q=nada-que-ver", set()),
    ],
)
def test_filters_and_search_narrow_the_list(
    query, expected, file_ticket, organo_a, organo_b, opti_admin
):
    tickets = {
        "assigned": file_ticket(organo=organo_a, asunto="Asignado")[0],
        "late": file_ticket(organo=organo_b, asunto="Atrasado", tipo=TipoTicket.QUEJA)[0],
        "unrouted": file_ticket(asunto="Sin órgano")[0],
        "answered": file_ticket(organo=organo_a, asunto="Respondido")[0],
    }
    assign(tickets["assigned"], opti_admin, opti_admin)
    overdue(tickets["late"])
    answer(tickets["answered"], "Listo.", opti_admin)
    response = logged_in(opti_admin).get(reverse(INDEX) + "?" + query)
    assert response.status_code == 200
    assert listed_folios(response) == {tickets[name].folio for name in expected}


def test_search_by_folio(file_ticket, organo_a, enlace_a):
    first, _ = file_ticket(organo=organo_a)
    second, _ = file_ticket(organo=organo_a)
    response = logged_in(enlace_a).get(reverse(INDEX), {"q": second.folio})
    assert listed_folios(response) == {second.folio}


def test_organo_filter_offers_only_the_users_scope(
    file_ticket, organo_a, sub_organo_a, organo_b, enlace_a, supervisor_a
):
    content = logged_in(enlace_a).get(reverse(INDEX)).content.decode()
    assert "Comité A" in content and "Comité B" not in content
    assert "Comisión de A" not in content
    content = logged_in(supervisor_a).get(reverse(INDEX)).content.decode()
    assert "Comisión de A" in content and "Comité B" not in content
    assert "Sin turnar" not in content  # the unrouted filter is the administration's


def test_organo_filter_outside_scope_does_not_widen_the_list(
    file_ticket, organo_a, organo_b, enlace_a
):
    mine, _ = file_ticket(organo=organo_a)
    file_ticket(organo=organo_b)
    response = logged_in(enlace_a).get(reverse(INDEX), {"organo": organo_b.pk})
    assert response.status_code == 200
    assert listed_folios(response) == {mine.folio}


def test_organo_filter_narrows_for_the_administration(file_ticket, organo_a, organo_b, opti_admin):
    file_ticket(organo=organo_a)
    theirs, _ = file_ticket(organo=organo_b)
    response = logged_in(opti_admin).get(reverse(INDEX), {"organo": organo_b.pk})
    assert listed_folios(response) == {theirs.folio}


def test_ordering_by_due_date(file_ticket, organo_a, opti_admin):
    soon, _ = file_ticket(organo=organo_a, asunto="Vence primero")
    later, _ = file_ticket(organo=organo_a, asunto="Vence después")
    Ticket.objects.filter(pk=soon.pk).update(fecha_limite=datetime.date(2030, 1, 2))
    Ticket.objects.filter(pk=later.pk).update(fecha_limite=datetime.date(2030, 3, 2))
    content = logged_in(opti_admin).get(reverse(INDEX), {"ordering": "fecha_limite"}).content
    assert content.index(soon.folio.encode()) < content.index(later.folio.encode())
    content = logged_in(opti_admin).get(reverse(INDEX), {"ordering": "-fecha_limite"}).content
    assert content.index(later.folio.encode()) < content.index(soon.folio.encode())


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_list_queries_do_not_grow_with_its_length(
    file_ticket, organo_a, sub_organo_a, opti_admin, enlace_a, supervisor_a, eje
):
    url = reverse(INDEX)
    for user in (opti_admin, supervisor_a):
        Ticket.objects.all().delete()
        for number in range(5):
            ticket, _ = file_ticket(organo=organo_a, eje=eje, asunto=f"Ticket {number}")
            assign(ticket, enlace_a, opti_admin)
        client = logged_in(user)
        client.get(url)  # warm the per-process caches (content types, settings)
        few = count_queries(client, url)
        for number in range(35):
            ticket, _ = file_ticket(organo=sub_organo_a, eje=eje, asunto=f"Más {number}")
            overdue(ticket)
            assign(ticket, supervisor_a, opti_admin)
        many = count_queries(client, url)
        assert Ticket.objects.count() == 40
        assert many == few, (user, few, many)


# --- one ticket -------------------------------------------------------------------------------


def test_ticket_view_shows_thread_with_internal_notes_marked(
    file_ticket, organo_a, enlace_a, supervisor_a
):
    ticket, _ = file_ticket(organo=organo_a, files=[upload("oficio.pdf", pdf_bytes())])
    add_note(ticket, "Revisar con tesorería.", enlace_a)
    assign(ticket, enlace_a, supervisor_a)
    answer(ticket, "El informe sale en diciembre.", enlace_a)
    response = logged_in(enlace_a).get(ticket_url(ticket))
    assert response.status_code == 200
    content = response.content.decode()
    assert ticket.folio in content
    assert ticket.mensaje in content
    assert "Revisar con tesorería." in content
    assert "Nota interna — no la ve quien escribió" in content
    assert "El informe sale en diciembre." in content
    assert "Asignado a Enlace_A" in content
    assert "Recibido → En atención" in content or "En atención → Respondido" in content
    assert "Supervisor_A" in content  # who assigned
    assert "oficio.pdf" in content
    assert reverse("buzon_tickets:attachment", args=[ticket.adjuntos.get().pk]) in content


def test_personal_data_is_reserved_without_the_permission(
    file_ticket, organo_a, enlace_a, opti_admin
):
    ticket, _ = file_ticket(organo=organo_a)
    content = logged_in(enlace_a).get(ticket_url(ticket)).content.decode()
    assert "Ana Pérez Secreta" not in content
    assert "ana.secreta@example.org" not in content
    assert "203.0.113.7" not in content
    assert "Reservado" in content
    content = logged_in(opti_admin).get(ticket_url(ticket)).content.decode()
    assert "Ana Pérez Secreta" in content
    assert "ana.secreta@example.org" in content
    assert "203.0.113.7" in content


def test_failed_receipt_email_is_flagged(file_ticket, organo_a, enlace_a):
    ticket, _ = file_ticket(organo=organo_a)
    Ticket.objects.filter(pk=ticket.pk).update(correo_fallido=True)
    content = logged_in(enlace_a).get(ticket_url(ticket)).content.decode()
    assert "no se pudo entregar" in content


def test_answer_through_the_view(
    file_ticket, organo_a, enlace_a, django_capture_on_commit_callbacks
):
    ticket, _ = file_ticket(organo=organo_a)
    client = logged_in(enlace_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ticket_url(ticket),
            {
                "action": "responder",
                "responder-texto": "Aquí está la respuesta.",
                "responder-adjuntos": [upload("respuesta.pdf", pdf_bytes("r"))],
            },
        )
    assert response.status_code == 302
    assert response["Location"] == ticket_url(ticket)
    ticket.refresh_from_db()
    assert ticket.estado == EstadoTicket.RESPONDIDO
    entry = ticket.entradas.get(tipo=TipoEntrada.RESPUESTA)
    assert entry.autor == enlace_a and entry.publico
    assert entry.adjuntos.get().nombre == "respuesta.pdf"
    assert any(m.to == ["ana.secreta@example.org"] for m in mail.outbox)
    page = client.get(ticket_url(ticket)).content.decode()
    assert "Respuesta enviada" in page


def test_answer_with_a_fake_pdf_is_refused(file_ticket, organo_a, enlace_a):
    ticket, _ = file_ticket(organo=organo_a)
    response = logged_in(enlace_a).post(
        ticket_url(ticket),
        {
            "action": "responder",
            "responder-texto": "Con archivo malo.",
            "responder-adjuntos": [upload("virus.pdf", b"MZ\x90\x00 not a pdf")],
        },
    )
    assert response.status_code == 400
    assert "no es un PDF, JPEG ni PNG" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.estado == EstadoTicket.RECIBIDO
    assert not ticket.entradas.filter(tipo=TipoEntrada.RESPUESTA).exists()


def test_answering_a_closed_ticket_is_refused_with_a_message(file_ticket, organo_a, enlace_a):
    ticket, _ = file_ticket(organo=organo_a)
    answer(ticket, "Primera.", enlace_a)
    change_state(ticket, EstadoTicket.CERRADO, enlace_a)
    response = logged_in(enlace_a).post(
        ticket_url(ticket), {"action": "responder", "responder-texto": "Otra respuesta."}
    )
    assert response.status_code == 400
    assert "Solo se responde un ticket recibido o en atención." in response.content.decode()
    assert ticket.entradas.filter(tipo=TipoEntrada.RESPUESTA).count() == 1


def test_internal_note_is_saved_private(file_ticket, organo_a, enlace_a):
    ticket, _ = file_ticket(organo=organo_a)
    response = logged_in(enlace_a).post(
        ticket_url(ticket), {"action": "nota", "nota-texto": "Pendiente de tesorería."}
    )
    assert response.status_code == 302
    note = ticket.entradas.get(tipo=TipoEntrada.NOTA)
    assert note.texto == "Pendiente de tesorería." and not note.publico
    assert note.autor == enlace_a


def test_state_choices_follow_the_transitions(file_ticket, organo_a, enlace_a):
    ticket, _ = file_ticket(organo=organo_a)
    content = logged_in(enlace_a).get(ticket_url(ticket)).content.decode()
    assert 'value="en_atencion"' in content and 'value="improcedente"' in content
    assert 'name="estado-estado"' in content
    assert '<option value="cerrado"' not in content


def test_change_state_records_who_and_when(file_ticket, organo_a, enlace_a):
    ticket, _ = file_ticket(organo=organo_a)
    response = logged_in(enlace_a).post(
        ticket_url(ticket),
        {"action": "estado", "estado-estado": "improcedente", "estado-texto": "No aplica."},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.estado == EstadoTicket.IMPROCEDENTE
    entry = ticket.entradas.filter(tipo=TipoEntrada.ESTADO).last()
    assert entry.autor == enlace_a and entry.estado_anterior == EstadoTicket.RECIBIDO


def test_disallowed_transition_is_a_form_error(file_ticket, organo_a, enlace_a):
    ticket, _ = file_ticket(organo=organo_a)
    response = logged_in(enlace_a).post(
        ticket_url(ticket), {"action": "estado", "estado-estado": "cerrado"}
    )
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.estado == EstadoTicket.RECIBIDO


def test_duplicate_links_to_a_visible_original(file_ticket, organo_a, enlace_a):
    original, _ = file_ticket(organo=organo_a)
    ticket, _ = file_ticket(organo=organo_a)
    client = logged_in(enlace_a)
    response = client.post(
        ticket_url(ticket),
        {
            "action": "estado",
            "estado-estado": "duplicado",
            "estado-folio_original": original.folio.lower(),
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.estado == EstadoTicket.DUPLICADO and ticket.duplicado_de == original
    assert ticket_url(original) in client.get(ticket_url(ticket)).content.decode()


def test_duplicate_of_an_invisible_or_missing_folio_is_refused(
    file_ticket, organo_a, organo_b, enlace_a
):
    theirs, _ = file_ticket(organo=organo_b)
    ticket, _ = file_ticket(organo=organo_a)
    client = logged_in(enlace_a)
    for folio in (theirs.folio, "OPTI-1999-000001", "", ticket.folio):
        response = client.post(
            ticket_url(ticket),
            {"action": "estado", "estado-estado": "duplicado", "estado-folio_original": folio},
        )
        assert response.status_code == 400, folio
    ticket.refresh_from_db()
    assert ticket.estado == EstadoTicket.RECIBIDO and ticket.duplicado_de is None


def test_assign_offers_only_people_who_can_handle_it(
    file_ticket, organo_a, organo_b, enlace_a, enlace_b, supervisor_a, opti_admin
):
    ticket, _ = file_ticket(organo=organo_a)
    content = logged_in(supervisor_a).get(ticket_url(ticket)).content.decode()
    assert f'<option value="{enlace_a.pk}"' in content
    assert f'<option value="{enlace_b.pk}"' not in content
    client = logged_in(supervisor_a)
    response = client.post(
        ticket_url(ticket), {"action": "asignar", "asignar-asignado_a": enlace_b.pk}
    )
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.asignado_a is None
    response = client.post(
        ticket_url(ticket), {"action": "asignar", "asignar-asignado_a": enlace_a.pk}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.asignado_a == enlace_a
    assert ticket.estado == EstadoTicket.EN_ATENCION


def test_administration_routes_an_unrouted_ticket(
    file_ticket, organo_b, opti_admin, enlace_b, django_capture_on_commit_callbacks
):
    ticket, _ = file_ticket()
    client = logged_in(opti_admin)
    assert "Turnar a un órgano" in client.get(ticket_url(ticket)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ticket_url(ticket), {"action": "turnar", "turnar-organo": organo_b.pk}
        )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.organo_id == organo_b.pk
    assert TicketEntrada.objects.filter(ticket=ticket, tipo=TipoEntrada.TURNO).exists()
    assert any(enlace_b.email in m.to for m in mail.outbox)
    assert logged_in(enlace_b).get(ticket_url(ticket)).status_code == 200


def test_unknown_action_changes_nothing(file_ticket, organo_a, enlace_a):
    ticket, _ = file_ticket(organo=organo_a)
    response = logged_in(enlace_a).post(ticket_url(ticket), {"action": "borrar"})
    assert response.status_code == 302
    assert ticket.entradas.count() == 1


def test_buzon_settings_screen_renders_for_the_administration(opti_admin):
    url = reverse("wagtailsettings:edit", args=["buzon", "buzonsettings"])
    response = logged_in(opti_admin).get(url, follow=True)
    assert response.status_code == 200
    assert "plazo de respuesta" in response.content.decode().lower()


def test_inbox_is_in_the_menu_for_enlaces(enlace_a):
    content = logged_in(enlace_a).get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(INDEX) in content


def test_user_helper_makes_people_without_groups(db):
    assert make_user("nadie").groups.count() == 0
