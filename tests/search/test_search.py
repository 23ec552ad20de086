"""Search finds live public pages only and survives hostile queries."""

import pytest

from estructura.factories import PublicacionPageFactory


@pytest.fixture
def pages(home, organo, eje):
    live = PublicacionPageFactory(parent=organo, ejes=[eje], title="Presupuesto ejercido 2026")
    draft = PublicacionPageFactory(parent=organo, title="Presupuesto confidencial", live=False)
    return live, draft


def test_finds_live_pages_and_never_drafts(client, pages):
    response = client.get("/buscar/", {"q": "presupuesto"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Presupuesto ejercido 2026" in html
    assert "Presupuesto confidencial" not in html


def test_search_ignores_accents_and_case(client, pages):
    # The Spanish configuration on PostgreSQL stems; SQLite's FTS matches the plain word.
    response = client.get("/buscar/", {"q": "PRESUPUESTO"})
    assert "Presupuesto ejercido 2026" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["<script>alert(1)</script>", "a" * 5000, "\x00", "' OR 1=1 --", "%", "ñ" * 300, "   "],
)
def test_hostile_queries_get_a_page_not_an_error(client, pages, query):
    response = client.get("/buscar/", {"q": query, "pagina": "-3"})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
