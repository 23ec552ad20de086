"""API v2 exposes every public field and nothing unpublished."""

import datetime

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from api.urls import api_router
from estructura.factories import PublicacionPageFactory
from estructura.models import PublicacionDocumento

LISTING = "/api/v2/pages/?type=estructura.PublicacionPage&fields=*"


@pytest.fixture
def publicacion(home, organo, eje):
    documento = get_document_model().objects.create(
        title="Informe trimestral", file=ContentFile(b"%PDF-1.4 informe", name="informe.pdf")
    )
    page = PublicacionPageFactory(parent=organo, ejes=[eje], title="Informe del tercer trimestre")
    PublicacionDocumento.objects.create(page=page, document=documento)
    page.save_revision().publish()
    return page


def test_publication_carries_its_ejes_organo_and_documents(client, publicacion, eje, organo):
    data = client.get(LISTING).json()
    assert data["meta"]["total_count"] == 1
    item = data["items"][0]
    assert item["title"] == "Informe del tercer trimestre"
    assert item["ejes"] == [
        {"id": eje.pk, "title": eje.title, "slug": eje.slug, "url": f"http://testserver{eje.url}"}
    ]
    assert item["organo"]["id"] == organo.pk
    assert item["organo"]["title"] == organo.title
    documento = item["documentos"][0]["document"]
    assert documento["format"] == "PDF"
    assert documento["size"] == len(b"%PDF-1.4 informe")
    assert documento["url"].startswith("http://testserver/documentos/")
    for field in [
        "tipo_informacion",
        "ejercicio",
        "periodo",
        "fecha_actualizacion",
        "proxima_actualizacion",
        "responsable",
        "periodicidad",
        "body",
    ]:
        assert field in item, field


@pytest.mark.parametrize(
    ("periodicidad", "expected"),
    [
        # The default calendar's windows open on 1 March, June, September and December and
        # close on the 7th: an update of 15 July is next due at the close of the next window.
        ("trimestral", "2026-09-07"),
        ("semestral", "2026-12-07"),
        ("anual", "2027-06-07"),
        ("eventual", None),
    ],
)
def test_proxima_actualizacion_is_the_calendars_next_deadline(
    client, publicacion, periodicidad, expected
):
    publicacion.fecha_actualizacion = datetime.date(2026, 7, 15)
    publicacion.periodicidad = periodicidad
    publicacion.save_revision().publish()
    item = client.get(LISTING).json()["items"][0]
    detail = client.get(f"/api/v2/pages/{publicacion.pk}/").json()
    assert item["fecha_actualizacion"] == detail["fecha_actualizacion"] == "2026-07-15"
    assert item["proxima_actualizacion"] == detail["proxima_actualizacion"] == expected


def test_unpublished_pages_never_appear(client, publicacion, organo):
    draft = PublicacionPageFactory(parent=organo, title="Borrador secreto", live=False)
    listing = client.get(LISTING).json()
    assert [item["title"] for item in listing["items"]] == ["Informe del tercer trimestre"]
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert "Borrador secreto" not in client.get("/api/v2/pages/?search=Borrador").content.decode()


# Every endpoint of the router but the preview (it needs a token: tests/api_preview).
@pytest.mark.parametrize(
    "endpoint", [name for name in api_router._endpoints if name != "page_preview"]
)
def test_endpoints_are_mounted(client, home, endpoint):
    response = client.get(f"/api/v2/{endpoint}/")
    assert response.status_code == 200
    assert "items" in response.json()
