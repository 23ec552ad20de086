"""With the demo content loaded, every page type renders and every public route answers."""

import pytest
from django.utils.html import escape
from wagtail.models import Page

from ejes.models import EjePage, EjesIndexPage
from estructura.models import EstructuraIndexPage, OrganoPage, ProyectoPage, PublicacionPage
from home.models import HomePage
from resultados.figures import Periodo

PAGE_TYPES = [
    HomePage,
    EjesIndexPage,
    EjePage,
    EstructuraIndexPage,
    OrganoPage,
    PublicacionPage,
    ProyectoPage,
]


@pytest.fixture
def demo(demo_site, db):
    return demo_site


def test_every_live_demo_page_renders(client, demo):
    pages = Page.objects.live().exclude(depth=1).specific()
    rendered_types = set()
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, f"{page.url} → {response.status_code}"
        assert escape(page.title) in response.content.decode(), page.url
        rendered_types.add(type(page))
    assert rendered_types >= set(PAGE_TYPES)


def test_publication_page_shows_its_metadata_and_documents(client, demo):
    publicacion = PublicacionPage.objects.live().first()
    html = client.get(publicacion.url).content.decode()
    assert "Actualizado el" in html
    assert "Próxima actualización" in html
    documento = publicacion.documentos.first().document
    assert documento.url in html
    assert "PDF" in html
    assert publicacion.organo.title in html


def test_project_sheet_shows_its_sections(client, demo):
    proyecto = ProyectoPage.objects.get(title="Transparencia Proactiva OPTISNTE")
    html = client.get(proyecto.url).content.decode()
    for text in [
        "Profa. Mirna Isabel Saldívar Paz",
        "visitas al portal",  # a live indicator: counted, with its quarter
        f"({Periodo.current().label})",
        "reuniones de trabajo",
        "Antecedentes",
        "Objetivo específico",
        "Acciones del proyecto",
        "Rendición de resultados",
        "Operar permanentemente el OPTISNTE",
    ]:
        assert text in html, text


def test_eje_page_lists_content_from_several_organos(client, demo):
    eje = max(EjePage.objects.live(), key=lambda e: e.publicaciones.live().count())
    response = client.get(eje.url)
    listing = response.context["listing"]
    assert listing.paginator.count >= eje.publicaciones.live().count()
    assert len({item.organo.pk for item in listing.object_list}) >= 2


@pytest.mark.parametrize(
    "path", ["/buscar/?q=transparencia", "/sitemap.xml", "/robots.txt", "/api/v2/pages/"]
)
def test_public_routes_answer(client, demo, path):
    assert client.get(path).status_code == 200
