"""Who may see and act on which ticket in the inbox: the "no" paths as carefully as the "yes"."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from buzon.choices import EstadoTicket
from buzon.models import Ticket, TicketEntrada
from estructura.roles import ADMIN_GROUP_NAME, ensure_admin_group, ensure_roles

from .conftest import logged_in, make_user, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def ticket_url(ticket):
    return reverse("buzon_tickets:edit", args=[ticket.pk])


def attachment_url(ticket):
    return reverse("buzon_tickets:attachment", args=[ticket.adjuntos.get().pk])


def refused(response):
    """Wagtail turns PermissionDenied in its admin into a redirect home with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def snapshot(ticket):
    ticket.refresh_from_db()
    return (
        ticket.estado,
        ticket.asignado_a_id,
        ticket.organo_id,
        ticket.duplicado_de_id,
        TicketEntrada.objects.filter(ticket=ticket).count(),
        ticket.adjuntos.count(),
    )


ACTIONS = [
    {"action": "responder", "responder-texto": "Respuesta ajena."},
    {"action": "nota", "nota-texto": "Nota ajena."},
    {"action": "estado", "estado-estado": "improcedente"},
    {"action": "asignar", "asignar-asignado_a": ""},
    {"action": "turnar", "turnar-organo": ""},
]


@pytest.fixture
def ticket_a(file_ticket, organo_a):
    pdf = upload("oficio.pdf", pdf_bytes(), "application/pdf")
    ticket, _ = file_ticket(organo=organo_a, files=[pdf])
    return ticket


def test_enlace_b_cannot_list_open_or_download_a_tickets(ticket_a, enlace_b):
    client = logged_in(enlace_b)
    assert ticket_a.folio not in client.get("/admin/buzon/").content.decode()
    searched = client.get("/admin/buzon/", {"q": ticket_a.folio}).content.decode()
    assert ticket_url(ticket_a) not in searched
    assert client.get(ticket_url(ticket_a)).status_code == 404
    assert client.get(attachment_url(ticket_a)).status_code == 404


@pytest.mark.parametrize("data", ACTIONS, ids=[a["action"] for a in ACTIONS])
def test_enlace_b_cannot_act_on_a_tickets(data, ticket_a, enlace_b, organo_b):
    before = snapshot(ticket_a)
    if data["action"] == "asignar":
        data = {**data, "asignar-asignado_a": enlace_b.pk}
    response = logged_in(enlace_b).post(ticket_url(ticket_a), data)
    assert response.status_code == 404
    assert snapshot(ticket_a) == before


def test_enlace_b_cannot_assign_themselves_or_route_to_their_organo(ticket_a, enlace_b, organo_b):
    client = logged_in(enlace_b)
    before = snapshot(ticket_a)
    client.post(ticket_url(ticket_a), {"action": "asignar", "asignar-asignado_a": enlace_b.pk})
    client.post(ticket_url(ticket_a), {"action": "turnar", "turnar-organo": organo_b.pk})
    assert snapshot(ticket_a) == before


def test_enlace_cannot_route_even_their_own_tickets(ticket_a, enlace_a, organo_b):
    client = logged_in(enlace_a)
    assert "Turnar a un órgano" not in client.get(ticket_url(ticket_a)).content.decode()
    before = snapshot(ticket_a)
    response = client.post(ticket_url(ticket_a), {"action": "turnar", "turnar-organo": organo_b.pk})
    assert refused(response)
    assert snapshot(ticket_a) == before


def test_supervisor_cannot_route_either(ticket_a, supervisor_a, organo_b):
    before = snapshot(ticket_a)
    response = logged_in(supervisor_a).post(
        ticket_url(ticket_a), {"action": "turnar", "turnar-organo": organo_b.pk}
    )
    assert refused(response)
    assert snapshot(ticket_a) == before


def test_enlace_a_does_not_see_sub_organo_tickets_but_supervisor_a_does(
    file_ticket, sub_organo_a, enlace_a, supervisor_a, enlace_sub_a
):
    sub, _ = file_ticket(organo=sub_organo_a)
    assert sub.folio not in logged_in(enlace_a).get("/admin/buzon/").content.decode()
    assert logged_in(enlace_a).get(ticket_url(sub)).status_code == 404
    assert sub.folio in logged_in(supervisor_a).get("/admin/buzon/").content.decode()
    assert logged_in(supervisor_a).get(ticket_url(sub)).status_code == 200
    assert logged_in(enlace_sub_a).get(ticket_url(sub)).status_code == 200


def test_sub_organo_enlace_does_not_see_the_parents_tickets(ticket_a, enlace_sub_a):
    assert logged_in(enlace_sub_a).get(ticket_url(ticket_a)).status_code == 404


def test_unrouted_tickets_are_only_for_the_administration(
    file_ticket, enlace_a, supervisor_a, opti_admin, admin_user
):
    unrouted, _ = file_ticket()
    for user in (enlace_a, supervisor_a):
        client = logged_in(user)
        assert unrouted.folio not in client.get("/admin/buzon/").content.decode()
        assert client.get(ticket_url(unrouted)).status_code == 404
    for user in (opti_admin, admin_user):
        client = logged_in(user)
        assert unrouted.folio in client.get("/admin/buzon/").content.decode()
        assert client.get(ticket_url(unrouted)).status_code == 200


def test_user_without_groups_gets_no_access(ticket_a):
    nobody = make_user("nadie")
    client = logged_in(nobody)
    before = snapshot(ticket_a)
    for url in ("/admin/buzon/", ticket_url(ticket_a), attachment_url(ticket_a)):
        response = client.get(url)
        assert response.status_code in {302, 403}, url
        assert ticket_a.folio.encode() not in response.content
    response = client.post(ticket_url(ticket_a), ACTIONS[1])
    assert response.status_code in {302, 403}
    assert snapshot(ticket_a) == before


def test_admin_access_without_buzon_permissions_is_refused(ticket_a):
    from django.contrib.auth.models import Permission

    editor = make_user("editora")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = logged_in(editor)
    assert refused(client.get("/admin/buzon/"))
    assert refused(client.get(ticket_url(ticket_a)))
    assert refused(client.get(attachment_url(ticket_a)))
    before = snapshot(ticket_a)
    assert refused(client.post(ticket_url(ticket_a), ACTIONS[1]))
    assert snapshot(ticket_a) == before
    assert "/admin/buzon/" not in client.get("/admin/").content.decode()


def test_anonymous_is_sent_to_login(ticket_a, client):
    for url in ("/admin/buzon/", ticket_url(ticket_a), attachment_url(ticket_a)):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_inactive_enlace_loses_access(ticket_a, enlace_a):
    client = logged_in(enlace_a)
    enlace_a.is_active = False
    enlace_a.save()
    assert client.get(ticket_url(ticket_a)).status_code in {302, 403, 404}


def test_attachment_downloads_safely_for_those_who_handle_the_ticket(ticket_a, enlace_a):
    response = logged_in(enlace_a).get(attachment_url(ticket_a))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "oficio.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_missing_attachment_is_404(enlace_a, ticket_a):
    assert logged_in(enlace_a).get("/admin/buzon/adjunto/999999/").status_code == 404
    assert logged_in(enlace_a).get("/admin/buzon/ticket/999999/").status_code == 404


def test_closed_ticket_answer_is_refused_and_nothing_changes(ticket_a, enlace_a):
    from buzon.services import answer, change_state

    answer(ticket_a, "Respondido.", enlace_a)
    change_state(ticket_a, EstadoTicket.CERRADO, enlace_a)
    before = snapshot(ticket_a)
    response = logged_in(enlace_a).post(ticket_url(ticket_a), ACTIONS[0])
    assert response.status_code == 400
    assert "Solo se responde un ticket recibido o en atención." in response.content.decode()
    assert snapshot(ticket_a) == before


def test_setup_roles_gives_the_groups_the_buzon_permissions(organo_a, home):
    roles = ensure_roles(organo_a)
    for group in (roles.enlaces, roles.supervisores):
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert {"view_ticket", "change_ticket"} <= codenames
        assert "ver_todos_tickets" not in codenames and "datos_personales" not in codenames
    ensure_admin_group(home)
    admin = set(
        Group.objects.get(name=ADMIN_GROUP_NAME).permissions.values_list("codename", flat=True)
    )
    assert {
        "view_ticket",
        "change_ticket",
        "ver_todos_tickets",
        "datos_personales",
        "change_buzonsettings",
    } <= admin
    assert "add_ticket" not in admin and "delete_ticket" not in admin


def test_nobody_gets_an_add_or_delete_ticket_screen(admin_user):
    client = logged_in(admin_user)
    assert client.get("/admin/buzon/new/").status_code == 404
    assert Ticket.objects.count() == 0
