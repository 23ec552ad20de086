"""Which ticket states count as resolved, said once, and the received tickets shown by state:
the table's rows add up to «tickets recibidos» on the page and in the API."""

import pytest
from bs4 import BeautifulSoup

from buzon.choices import RESOLVED_STATES, EstadoTicket
from buzon.models import Ticket
from resultados.factories import ResultadosPageFactory
from resultados.figures import Periodo, resultados
from tests.buzon.tickets import local, ticket_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def recibidos(home):
    """Q3 2025: two answered, one declared improcedente, one still open, one closed, one
    duplicate; and one ticket of Q2 that must not count."""
    ticket_at(local(2025, 7, 2), resuelto=local(2025, 7, 4), respondido=local(2025, 7, 4))
    ticket_at(local(2025, 8, 2), resuelto=local(2025, 8, 9), respondido=local(2025, 8, 9))
    ticket_at(local(2025, 8, 3), resuelto=local(2025, 8, 5))
    ticket_at(local(2025, 9, 1))
    cerrado = ticket_at(local(2025, 9, 2), resuelto=local(2025, 9, 3), respondido=local(2025, 9, 3))
    Ticket.objects.filter(pk=cerrado.pk).update(estado=EstadoTicket.CERRADO)
    duplicado = ticket_at(local(2025, 9, 5), resuelto=local(2025, 9, 6))
    Ticket.objects.filter(pk=duplicado.pk).update(estado=EstadoTicket.DUPLICADO)
    ticket_at(local(2025, 6, 30))
    return ResultadosPageFactory(parent=home)


EXPECTED = {
    "recibido": 1,
    "en_atencion": 0,
    "respondido": 2,
    "cerrado": 1,
    "improcedente": 1,
    "duplicado": 1,
}


def test_the_api_gives_every_state_and_they_add_up_to_the_received(client, recibidos):
    body = client.get("/api/resultados/", {"ejercicio": "2025", "trimestre": "3"}).json()
    rows = body["tickets_por_estado"]
    assert [row["estado"] for row in rows] == list(EstadoTicket.values)
    assert {row["estado"]: row["tickets"] for row in rows} == EXPECTED
    received = resultados(Periodo(2025, 3)).valores["tickets_recibidos"]
    assert sum(row["tickets"] for row in rows) == received == 6
    assert {row["estado"] for row in rows if row["cuenta_como_resuelto"]} == set(RESOLVED_STATES)


def test_the_page_shows_the_same_table_and_says_which_states_count(client, recibidos):
    response = client.get(recibidos.url, {"ejercicio": "2025", "trimestre": "3"})
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.select_one("[data-tickets-por-estado]")
    shown = {
        row["data-estado"]: int(row.select_one("td").get_text(strip=True))
        for row in table.select("tbody tr")
    }
    assert shown == EXPECTED
    text = soup.select_one(".resultados-resumen").get_text(" ", strip=True)
    for estado in RESOLVED_STATES:
        assert EstadoTicket(estado).label.lower() in text
    assert "Cuenta como resuelto" in text
