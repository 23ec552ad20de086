"""Personal data in tickets (name, email, client address) never reaches a public surface."""

import pytest
from django.core.cache import cache
from wagtail.search.index import Indexed, get_indexed_models

from buzon.models import BuzonPage, Ticket, TicketAdjunto, TicketEntrada
from buzon.services import answer, create_ticket

from .conftest import ticket_data

pytestmark = pytest.mark.django_db

NOMBRE = "Zacarías Quetzalcóatl Privadísimo"
CORREO = "zacarias.privadisimo@correo-secreto.example"
IP = "198.51.100.231"
PERSONAL = (NOMBRE, "Privadísimo", CORREO, "correo-secreto", IP)


@pytest.fixture
def tickets(buzon_page, organo, eje, admin_user):
    answered, _ = create_ticket(
        ticket_data(nombre=NOMBRE, correo=CORREO, organo=organo, eje=eje), ip=IP
    )
    answer(answered, "Respuesta pública del comité.", admin_user)
    pending, clave = create_ticket(ticket_data(nombre=NOMBRE, correo=CORREO), ip=IP)
    return {"answered": answered, "pending": pending, "clave": clave}


def assert_private(response, where, echoed=""):
    assert response.status_code == 200, (where, response.status_code)
    body = response.content.decode()
    if echoed:
        # A search page repeats what was typed ("Resultados para «…»"); only results count.
        body = body.replace(echoed, "")
    for secret in PERSONAL:
        assert secret not in body, (where, secret)


def test_personal_data_is_on_no_public_page_or_api(client, tickets, buzon_page, home):
    surfaces = [
        "/buzon/",
        "/",
        "/buzon/seguimiento/",
        "/sitemap.xml",
        "/api/v2/pages/?fields=*&limit=100",
        f"/api/v2/pages/{buzon_page.pk}/",
        f"/api/v2/pages/?search={CORREO}",
        "/api/v3/pages/?limit=100",
        f"/api/v3/pages/{buzon_page.pk}/",
        "/api/v3/pages/?search=Zacar%C3%ADas",
    ]
    for url in surfaces:
        cache.clear()
        assert_private(client.get(url), url)


def test_site_search_finds_no_ticket(client, tickets):
    for word in (NOMBRE, "Privadísimo", CORREO, IP, tickets["pending"].asunto):
        response = client.get("/buscar/", {"q": word})
        assert_private(response, f"buscar {word}", echoed=word)
        assert tickets["pending"].folio not in response.content.decode()


def test_follow_up_page_shows_none_of_the_personal_data(client, tickets):
    ticket = tickets["pending"]
    response = client.post(
        "/buzon/seguimiento/", {"folio": ticket.folio, "clave": tickets["clave"]}
    )
    assert ticket.folio in response.content.decode()
    assert_private(response, "seguimiento")


def test_statistics_carry_no_personal_data(client, tickets):
    response = client.get("/api/buzon/estadisticas/")
    if response.status_code == 404:
        pytest.skip("/api/buzon/estadisticas/ is not there yet")
    assert_private(response, "estadisticas")


def test_tickets_are_never_indexed_for_search():
    indexed = get_indexed_models()
    for model in (Ticket, TicketEntrada, TicketAdjunto):
        assert not issubclass(model, Indexed)
        assert model not in indexed


def test_buzon_page_api_fields_are_only_its_own_texts():
    names = {field.name for field in BuzonPage.api_fields}
    assert names == {"intro", "aviso_privacidad", "texto_confirmacion"}
    ticket_fields = {field.name for field in Ticket._meta.get_fields()}
    assert not names & ticket_fields
