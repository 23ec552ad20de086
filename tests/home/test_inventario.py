"""The home page's content counts lead to the lists they count (/inventario/<clase>/): the
number on the card is the number of rows, for every kind, and nothing unpublished or private
is counted, listed or named."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from ejes.factories import EjePageFactory
from ejes.models import EjePage
from estructura.factories import OrganoPageFactory, ProyectoPageFactory, PublicacionPageFactory
from estructura.models import OrganoPage, ProyectoPage, PublicacionPage
from home.inventario import CLASES, PAGE_SIZE

pytestmark = pytest.mark.django_db

SECRETS = (
    "Borrador secreto",
    "Reservado secreto",
    "Órgano reservado",
    "Órgano en borrador",
    "Informe de un órgano en borrador",
    "Informe restringido",
    "Tema reservado",
)


@pytest.fixture
def content(home, estructura, ejes_index, eje, organo):
    """Of every kind, public pages and ones the public may not see."""
    tema = EjePageFactory(parent=eje, title="Rendición de cuentas")
    PublicacionPageFactory(parent=organo, title="Informe público", ejes=[eje, tema])
    ProyectoPageFactory(parent=organo, title="Proyecto público", ejes=[tema])
    PublicacionPageFactory(parent=organo, title="Borrador secreto", live=False)
    ProyectoPageFactory(parent=organo, title="Borrador secreto", slug="p-borrador", live=False)
    EjePageFactory(parent=eje, title="Borrador secreto", live=False)
    tema_reservado = EjePageFactory(parent=eje, title="Tema reservado")
    PageViewRestriction.objects.create(
        page=tema_reservado, restriction_type=PageViewRestriction.LOGIN
    )
    reservado = OrganoPageFactory(parent=estructura, title="Órgano reservado")
    PageViewRestriction.objects.create(page=reservado, restriction_type=PageViewRestriction.LOGIN)
    PublicacionPageFactory(parent=reservado, title="Reservado secreto")
    ProyectoPageFactory(parent=reservado, title="Reservado secreto", slug="p-reservado")
    borrador = OrganoPageFactory(parent=estructura, title="Órgano en borrador", live=False)
    # Live below a draft órgano: not published (its URL would name the órgano, cms.query).
    PublicacionPageFactory(parent=borrador, title="Informe de un órgano en borrador")
    # Private on its own, in a public órgano.
    restringido = PublicacionPageFactory(parent=organo, title="Informe restringido")
    PageViewRestriction.objects.create(page=restringido, restriction_type=PageViewRestriction.LOGIN)
    return organo


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def home_cards(client):
    soup = soup_of(client.get("/"))
    return {card["data-inventario"]: card for card in soup.select("[data-inventario]")}


def listed_rows(client, href):
    """Every row of the list, following its pages; and the count its heading states."""
    soup = soup_of(client.get(href))
    stated = int(soup.select_one("h1[data-inventario]")["data-count"])
    rows = soup.select("table.tabla-registros tbody tr")
    number = 1
    while soup.select_one("a[rel=next]"):
        number += 1
        soup = soup_of(client.get(href, {"pagina": number}))
        rows += soup.select("table.tabla-registros tbody tr")
    return stated, rows


# What `content` holds that the public may see, by kind: the counts are pinned apart from the
# registry's own queryset, so a queryset that lets a hidden page in fails here.
PUBLIC_TITLES = {
    "publicaciones": {"Informe público"},
    "organos": {"Comité Ejecutivo Nacional"},
    "ejes": {"Transparencia", "Rendición de cuentas"},
    "proyectos": {"Proyecto público"},
}


def test_every_kind_has_its_expected_public_titles():
    assert set(PUBLIC_TITLES) == {clase.slug for clase in CLASES}


@pytest.mark.parametrize("clase", CLASES, ids=lambda clase: clase.slug)
def test_each_card_links_to_a_list_of_as_many_rows_as_it_counts(client, content, clase):
    card = home_cards(client)[clase.slug]
    number = int(card.select_one(".figure-card__number").get_text(strip=True).replace(",", ""))
    stated, rows = listed_rows(client, card.find("a")["href"])
    assert number == stated == len(rows) == len(PUBLIC_TITLES[clase.slug])
    assert {row.find("th").get_text(strip=True) for row in rows} == PUBLIC_TITLES[clase.slug]
    assert str(clase.label) in card.get_text()
    listed = client.get(card.find("a")["href"])
    assert listed["Cache-Control"] == "no-cache"  # never older than the card


@pytest.mark.parametrize("clase", CLASES, ids=lambda clase: clase.slug)
def test_nothing_unpublished_or_private_is_listed_or_named(client, content, clase):
    page = client.get(reverse("inventario:lista", args=[clase.slug])).content.decode()
    download = client.get(reverse("inventario:csv", args=[clase.slug])).content.decode()
    for text in (page, download):
        for secret in SECRETS:
            assert secret not in text, (clase.slug, secret)


def test_a_row_shows_its_kind_organo_ejes_and_date(client, content):
    soup = soup_of(client.get(reverse("inventario:lista", args=["publicaciones"])))
    (row,) = [r for r in soup.select("tbody tr") if "Informe público" in r.get_text()]
    cells = [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
    assert cells == [
        "Informe público",
        "Informe de actividades",
        "Comité Ejecutivo Nacional",
        "Transparencia, Rendición de cuentas",
        "3 de septiembre de 2026",
    ]
    temas = soup_of(client.get(reverse("inventario:lista", args=["ejes"])))
    (tema,) = [r for r in temas.select("tbody tr") if "Rendición" in r.get_text()]
    assert tema.find("td").get_text(strip=True) == "Transparencia"


def test_the_csv_has_every_row_with_its_address(client, content):
    response = client.get(reverse("inventario:csv", args=["proyectos"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Título", "Órgano", "Ejes", "Actualizado", "Dirección"]
    assert [row[0] for row in rows[1:]] == ["Proyecto público"]
    assert rows[1][3] == "2026-09-03" and rows[1][4].startswith("http://testserver/")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"pagina": "0"}, "«pagina» debe ser un número entero de 1 a 1"),
        ({"pagina": "abc"}, "«pagina» debe ser un número entero de 1 a 1"),
        ({"pagina": "2"}, "«pagina» debe ser un número entero de 1 a 1"),  # past the last page
        ({"pagina": "99999999"}, "«pagina» debe ser un número entero de 1 a 1"),
        ({"pagina": "-1"}, "«pagina» debe ser un número entero de 1 a 1"),
        ({"pagina": "１"}, "«pagina» debe ser un número entero de 1 a 1"),  # a full-width digit
        ({"pagina": "1.5"}, "«pagina» debe ser un número entero de 1 a 1"),
        ({"orden": "titulo"}, "Parámetro desconocido: orden. Se aceptan: pagina."),
        ({"pagina": ["1", "2"]}, "El parámetro «pagina» aparece 2 veces"),
        ({"pagina": "x" * 300}, "El valor de «pagina» es demasiado largo"),
    ],
    ids=[
        "cero",
        "letras",
        "tras-la-ultima",
        "enorme",
        "negativa",
        "ancha",
        "decimal",
        "desconocido",
        "repetido",
        "largo",
    ],
)
@pytest.mark.parametrize("clase", CLASES, ids=lambda clase: clase.slug)
def test_a_bad_parameter_is_a_400_in_spanish(client, content, clase, query, message):
    response = client.get(reverse("inventario:lista", args=[clase.slug]), query)
    assert response.status_code == 400
    alert = soup_of(response).select_one("[role=alert]").get_text(" ", strip=True)
    assert "No se pudo mostrar ese listado" in alert
    assert message in alert
    for title in PUBLIC_TITLES[clase.slug]:
        assert title not in soup_of(response).select_one("main").get_text()


def test_a_parameter_on_the_csv_is_a_400_and_an_unknown_kind_a_404(client, content):
    assert client.get(reverse("inventario:csv", args=["ejes"]), {"x": "1"}).status_code == 400
    assert client.get("/inventario/tickets/").status_code == 404
    assert client.get("/inventario/tickets.csv").status_code == 404
    assert client.post(reverse("inventario:lista", args=["ejes"])).status_code == 405


def test_a_long_list_is_paginated(client, organo):
    for n in range(PAGE_SIZE + 3):
        PublicacionPageFactory(parent=organo, title=f"Informe {n:03}")
    url = reverse("inventario:lista", args=["publicaciones"])
    second = soup_of(client.get(url, {"pagina": 2}))
    assert len(second.select("tbody tr")) == 3
    assert "página 2" in second.title.get_text()


def add_pages(model, count, organo, eje):
    """`count` live, public pages of `model` (a kind the registry counts)."""
    make = {
        PublicacionPage: lambda: PublicacionPageFactory(parent=organo, ejes=[eje]),
        ProyectoPage: lambda: ProyectoPageFactory(parent=organo, ejes=[eje]),
        OrganoPage: lambda: OrganoPageFactory(parent=organo),
        EjePage: lambda: EjePageFactory(parent=eje),
    }[model]
    for _n in range(count):
        make()


@pytest.mark.parametrize("clase", CLASES, ids=lambda clase: clase.slug)
def test_queries_do_not_grow_with_the_rows(
    client, organo, eje, clase, django_assert_max_num_queries
):
    url = reverse("inventario:lista", args=[clase.slug])
    add_pages(clase.model, 3, organo, eje)
    client.get(url)  # warm the per-process caches (site root paths)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_pages(clase.model, 57, organo, eje)
    with django_assert_max_num_queries(len(few)) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(soup_of(response).select("tbody tr")) == PAGE_SIZE  # a full first page
    print(f"{clase.slug}: {len(few)} queries for 3 rows, {len(many)} for 60")
