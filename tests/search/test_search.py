"""Search finds live public pages only and survives hostile queries."""

import pytest
from wagtail.models import PageViewRestriction

from estructura.factories import OrganoPageFactory, PublicacionPageFactory


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


def found(client, query):
    return client.get("/buscar/", {"q": query}).content.decode()


def test_search_ignores_case(client, pages):
    assert "Presupuesto ejercido 2026" in found(client, "PRESUPUESTO")
    assert "Presupuesto ejercido 2026" in found(client, "pResUpuEsto")


def test_search_finds_a_title_typed_with_its_accents(client, home, organo, eje):
    PublicacionPageFactory(parent=organo, ejes=[eje], title="Información pública de oficio")
    assert "Información pública de oficio" in found(client, "información")
    assert "Información pública de oficio" in found(client, "INFORMACIÓN PÚBLICA")


def test_restricted_pages_and_what_lies_under_them_are_never_found(client, home, organo, eje):
    protected = PublicacionPageFactory(parent=organo, ejes=[eje], title="Presupuesto reservado")
    PageViewRestriction.objects.create(
        page=protected, restriction_type=PageViewRestriction.PASSWORD, password="clave"
    )
    hidden_organo = OrganoPageFactory(parent=organo.get_parent(), title="Órgano sin publicar")
    PublicacionPageFactory(parent=hidden_organo, ejes=[eje], title="Presupuesto bajo borrador")
    hidden_organo.unpublish()
    visible = PublicacionPageFactory(parent=organo, ejes=[eje], title="Presupuesto visible")
    html = found(client, "presupuesto")
    assert visible.title in html  # the query itself finds presupuestos
    assert "Presupuesto reservado" not in html
    assert "Presupuesto bajo borrador" not in html


@pytest.mark.parametrize(
    "query",
    ["<script>alert(1)</script>", "a" * 5000, "\x00", "' OR 1=1 --", "%", "ñ" * 300, "   "],
)
def test_hostile_queries_get_a_page_not_an_error(client, pages, query):
    response = client.get("/buscar/", {"q": query, "pagina": "-3"})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
