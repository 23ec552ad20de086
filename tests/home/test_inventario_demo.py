"""On the demo content, each home card's number is the total its list states and the rows it
lists (HTML, every page, and CSV), for every kind the registry counts."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from home.inventario import CLASES

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_site, db):
    return demo_site


def figure(text):
    return int(text.strip().replace(",", ""))


@pytest.mark.parametrize("clase", CLASES, ids=lambda clase: clase.slug)
def test_each_demo_card_equals_its_list_and_its_csv(client, demo, clase):
    home = BeautifulSoup(client.get("/").content, "html.parser")
    card = home.select_one(f'[data-inventario="{clase.slug}"]')
    number = figure(card.select_one(".figure-card__number").get_text())
    href = card.find("a")["href"]

    response = client.get(href)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    stated = int(soup.select_one("h1[data-inventario]")["data-count"])
    heading = figure(soup.select_one("h1[data-inventario]").get_text().split()[0])
    rows = len(soup.select("table.tabla-registros tbody tr"))
    page = 1
    while soup.select_one("a[rel=next]"):
        page += 1
        response = client.get(href, {"pagina": page})
        assert response.status_code == 200, page
        soup = BeautifulSoup(response.content, "html.parser")
        rows += len(soup.select("table.tabla-registros tbody tr"))
    assert client.get(href, {"pagina": page + 1}).status_code == 400

    download = client.get(reverse("inventario:csv", args=[clase.slug]))
    assert download.status_code == 200
    assert download.content.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))

    assert number == stated == heading == rows == len(lines) - 1 > 0
    print(f"demo {clase.slug}: card {number}, list {stated}, rows {rows}, csv {len(lines) - 1}")
