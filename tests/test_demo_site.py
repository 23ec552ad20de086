"""With the demo content loaded, every page type renders and every public route answers."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Page

from ejes.models import EjePage, EjesIndexPage
from estructura.models import EstructuraIndexPage, OrganoPage, ProyectoPage, PublicacionPage
from home.inventario import CLASES
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


# Django's es-MX "F" writes "Diciembre"; the site writes months in lower case (cms.formats).
CAPITAL_MONTH = re.compile(
    r"\b\d{1,2} de (Enero|Febrero|Marzo|Abril|Mayo|Junio|Julio|Agosto|Septiembre|Octubre|"
    r"Noviembre|Diciembre)\b"
)
# A thousands separator other than the comma ("426 000"); a phone's groups are left alone.
SPACED_THOUSANDS = re.compile(r"(?<![\d\u00a0 ])\d{1,3}[\u00a0 ]\d{3}\b(?![\u00a0 ]\d)")


def test_every_demo_page_writes_dates_and_numbers_one_way(client, demo):
    """A sweep of every live page and the figures pages: lower-case months, comma thousands."""
    paths = [page.url for page in Page.objects.live().exclude(depth=1).specific()]
    paths += ["/obligaciones/", "/buzon/estadisticas/", "/datos-abiertos/"]
    paths += [reverse("inventario:lista", args=[clase.slug]) for clase in CLASES]
    for path in paths:
        text = re.sub(r"<[^>]+>", " ", client.get(path).content.decode())
        assert not CAPITAL_MONTH.search(text), (path, CAPITAL_MONTH.search(text)[0])
        found = SPACED_THOUSANDS.search(text)
        assert not found, (path, found and found[0])
        # Today's law: the national platform, not the dissolved institute (issue 13).
        assert "INAI" not in text, path


def test_no_template_formats_a_month_with_djangos_date_filter():
    """Every month name goes through cms.formats (fecha_larga, fecha_hora, dia_y_mes)."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    # A format with a month name (F, N, b, E, M); Django's named formats are looked at apart.
    month_format = re.compile(r"""\|date:["'](?![A-Z_]+_FORMAT["'])[^"']*(?<!\\)[FNbEM]""")
    named = re.compile(r"""\|date:["'](DATE|DATETIME|MONTH_DAY|YEAR_MONTH)_FORMAT""")
    offenders = [
        str(path.relative_to(root))
        for pattern in ("*/templates/**/*.html", "*/templates/**/*.txt", "templates/**/*.html")
        for path in root.glob(pattern)
        if ".venv" not in path.parts
        and (month_format.search(path.read_text()) or named.search(path.read_text()))
    ]
    assert offenders == []
