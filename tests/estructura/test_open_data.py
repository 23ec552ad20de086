"""Open data downloads of the publication listing: CSV, XLSX and JSON, whole site, per eje and
per órgano, only what the public may see, in a fixed number of queries."""

import copy
import csv
import datetime
import io
import json
import uuid

import pytest
from django.db.models import F, Model
from django.db.models.base import ModelState
from openpyxl import load_workbook
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from ejes.factories import EjePageFactory
from estructura.choices import Periodo
from estructura.factories import PublicacionPageFactory
from estructura.models import PublicacionDocumento, PublicacionPage
from estructura.open_data import headings
from tests.api import make_document

pytestmark = pytest.mark.django_db

URL = "/datos-abiertos/publicaciones.{}"
DOC_COLUMN = "Hipervínculo al documento"
FORMATS = ("csv", "xlsx", "json")


def download(client, formato, **params):
    response = client.get(URL.format(formato), params)
    assert response.status_code == 200, response.content
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def parse(formato, body):
    """The rows of a download as dicts keyed by heading, whatever the format."""
    if formato == "csv":
        text = body.decode("utf-8")
        assert text.startswith("\ufeff")
        reader = csv.reader(io.StringIO(text[1:]))
        header, *data = list(reader)
        assert header == headings()
        return [dict(zip(header, values, strict=True)) for values in data]
    if formato == "json":
        return json.loads(body.decode("utf-8"))
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    header, *data = [list(values) for values in sheet.iter_rows(values_only=True)]
    assert header == headings()
    return [dict(zip(header, values, strict=True)) for values in data]


def titles(rows):
    return sorted(row["Título"] for row in rows)


@pytest.fixture
def listing(eje, organo_a, sub_organo_a, organo_b):
    tema = EjePageFactory(parent=eje, title="Tema del eje", slug="tema-del-eje")
    otro_eje = EjePageFactory(parent=eje.get_parent(), title="Otro eje", slug="otro-eje")
    publicas = {
        "a": PublicacionPageFactory(
            parent=organo_a,
            ejes=[eje],
            title="Informe de A",
            ejercicio=2026,
            periodo=Periodo.T2,
            fecha_validacion=datetime.date(2026, 9, 10),
            nota="Sin observaciones",
            ley="Estatuto del SNTE",
            articulo="80",
            fraccion="II",
        ),
        "sub": PublicacionPageFactory(
            parent=sub_organo_a, ejes=[tema], title="Acta de la comisión", periodo=Periodo.S2
        ),
        "b": PublicacionPageFactory(parent=organo_b, ejes=[otro_eje], title="Presupuesto de B"),
    }
    PublicacionPageFactory(parent=organo_a, ejes=[eje], title="Borrador oculto", live=False)
    reservada = PublicacionPageFactory(parent=organo_b, ejes=[eje], title="Sección reservada")
    PageViewRestriction.objects.create(page=reservada, restriction_type=PageViewRestriction.LOGIN)
    publico = make_document("Informe público")
    PublicacionDocumento.objects.create(page=publicas["a"], document=publico)
    privada = Collection.get_first_root_node().add_child(name="Reservada")
    CollectionViewRestriction.objects.create(
        collection=privada, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    PublicacionDocumento.objects.create(
        page=publicas["a"], document=make_document("Nómina", collection=privada)
    )
    return {"eje": eje, "tema": tema, "publico": publico, **publicas}


@pytest.mark.parametrize("formato", ["csv", "xlsx", "json"])
def test_whole_site_download_lists_live_public_publications(client, listing, formato):
    response, body = download(client, formato)
    rows = parse(formato, body)
    assert titles(rows) == ["Acta de la comisión", "Informe de A", "Presupuesto de B"]
    assert set(rows[0]) == set(headings())
    today = datetime.date.today().isoformat()
    assert f'filename="publicaciones-{today}.{formato}"' in response["Content-Disposition"]


@pytest.mark.parametrize("formato", ["csv", "xlsx", "json"])
def test_eje_download_includes_its_temas(client, listing, formato):
    _, body = download(client, formato, eje=listing["eje"].slug)
    assert titles(parse(formato, body)) == ["Acta de la comisión", "Informe de A"]
    _, body = download(client, formato, eje=listing["tema"].pk)
    assert titles(parse(formato, body)) == ["Acta de la comisión"]


@pytest.mark.parametrize("formato", ["csv", "xlsx", "json"])
def test_organo_download_includes_its_sub_organos(client, listing, organo_a, formato):
    response, body = download(client, formato, organo=organo_a.slug)
    assert titles(parse(formato, body)) == ["Acta de la comisión", "Informe de A"]
    assert "publicaciones-comite-a-" in response["Content-Disposition"]
    _, body = download(client, formato, organo=organo_a.pk, eje=listing["tema"].slug)
    assert titles(parse(formato, body)) == ["Acta de la comisión"]


def test_row_has_the_national_platform_columns(client, listing):
    _, body = download(client, "json", organo="comite-a")
    row = next(row for row in parse("json", body) if row["Título"] == "Informe de A")
    assert row["Ejercicio"] == 2026
    assert row["Fecha de inicio del periodo que se informa"] == "2026-04-01"
    assert row["Fecha de término del periodo que se informa"] == "2026-06-30"
    assert row["Tipo de información"] == "Informe de actividades"
    assert row["Órgano"] == "Comité A"
    assert row["Área(s) responsable(s)"] == "Comité A"
    assert row["Fecha de actualización"] == "2026-09-03"
    assert row["Fecha de validación"] == "2026-09-10"
    assert row["Nota"] == "Sin observaciones"
    assert row["Ejes"] == "Transparencia"
    assert row["Ley/Artículo/Fracción"] == "Estatuto del SNTE, 80, II"
    assert row["Hipervínculo a la publicación"].startswith("http")
    assert row["Hipervínculo a la publicación"].endswith(listing["a"].url)
    # The private collection's file is not linked, not even its address.
    assert row[DOC_COLUMN].startswith("http")
    assert row[DOC_COLUMN].endswith(listing["publico"].url)
    assert "|" not in row[DOC_COLUMN]
    sub = next(row for row in parse("json", body) if row["Título"] == "Acta de la comisión")
    assert sub["Fecha de inicio del periodo que se informa"] == "2026-07-01"
    assert sub["Fecha de término del periodo que se informa"] == "2026-12-31"
    assert sub[DOC_COLUMN] == ""


def test_xlsx_dates_are_dates(client, listing):
    _, body = download(client, "xlsx", organo="comite-a")
    row = next(row for row in parse("xlsx", body) if row["Título"] == "Informe de A")
    assert row["Fecha de actualización"].date() == datetime.date(2026, 9, 3)
    assert row["Ejercicio"] == 2026


def test_a_formula_in_a_title_stays_text(client, organo):
    PublicacionPageFactory(parent=organo, title="=HYPERLINK(1)")
    _, body = download(client, "xlsx")
    assert titles(parse("xlsx", body)) == ["=HYPERLINK(1)"]
    _, body = download(client, "csv")
    assert titles(parse("csv", body)) == ["'=HYPERLINK(1)"]
    _, body = download(client, "json")
    assert titles(parse("json", body)) == ["=HYPERLINK(1)"]


def test_empty_listing_is_valid_everywhere(client, home):
    for formato in ("csv", "xlsx", "json"):
        _, body = download(client, formato)
        assert parse(formato, body) == []


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"eje": "no-existe"}, 404, "No existe un eje público «no-existe»."),
        ({"eje": "999999"}, 404, "No existe un eje público"),
        ({"organo": "<script>"}, 400, "debe ser el número o el slug de un órgano"),
        ({"organo": "x" * 300}, 400, "El valor de «organo» es demasiado largo"),
        ({"organo": "9" * 40}, 400, "«organo» debe ser el número o el slug de un órgano"),
        ({"ejercicio": "20x6"}, 400, "«ejercicio» debe ser un año de cuatro cifras"),
        ({"ejercicio": "1800"}, 400, "de 1990 a 2100"),
        ({"organo": ["comite-a", "comite-b"]}, 400, "«organo» aparece 2 veces"),
        ({"zzz": "1"}, 400, "Parámetro desconocido: zzz. Se aceptan: eje, ejercicio, organo."),
        ({"organo": "transparencia"}, 404, "No existe un órgano público"),
    ],
)
def test_unknown_or_bad_filter_is_a_clear_error(client, listing, params, status, message):
    response = client.get(URL.format("csv"), params)
    assert response.status_code == status
    assert message in response.content.decode()


@pytest.mark.parametrize("formato", FORMATS)
def test_ejercicio_download_has_that_year_only(client, listing, organo_a, formato):
    PublicacionPageFactory(parent=organo_a, title="Informe de 2024", ejercicio=2024)
    response, body = download(client, formato, ejercicio=2024)
    assert titles(parse(formato, body)) == ["Informe de 2024"]
    assert "publicaciones-2024-" in response["Content-Disposition"]
    _, body = download(client, formato, ejercicio=2026)
    assert "Informe de 2024" not in titles(parse(formato, body))
    _, body = download(client, formato, ejercicio=2019)
    assert parse(formato, body) == []


def test_private_organo_is_not_a_filter(client, listing, organo_b):
    PageViewRestriction.objects.create(page=organo_b, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(URL.format("json"), {"organo": organo_b.slug}).status_code == 404


def test_other_formats_and_methods_are_refused(client, home):
    assert client.get("/datos-abiertos/publicaciones.pdf").status_code == 404
    assert client.post(URL.format("csv")).status_code == 405


def test_pages_link_to_the_downloads(client, listing, organo_a):
    assert f"publicaciones.csv?eje={listing['eje'].pk}" in client.get(listing["eje"].url).text
    assert f"publicaciones.xlsx?organo={organo_a.pk}" in client.get(organo_a.url).text
    assert "/datos-abiertos/publicaciones.json" in client.get("/").text


def _add(organo, eje, start, count):
    """`count` live publications with a document each, cloned row by row: the tree and search
    bookkeeping of a real page save would make a thousand pages take minutes."""
    first = PublicacionPageFactory(parent=organo, ejes=[eje], title=f"Serie {start}")
    documents = get_document_model().objects.bulk_create(
        get_document_model()(title=f"Anexo {n}", file=f"documents/anexo-{n}.pdf", file_size=9)
        for n in range(start, start + count)
    )
    last = organo.get_last_child()
    for n in range(start + 1, start + count):
        clone = copy.copy(first)
        clone.pk = clone.id = None
        clone._state = ModelState()
        clone.path = last._inc_path()
        clone.title, clone.slug = f"Serie {n}", f"serie-{n}"
        clone.url_path = f"{organo.url_path}serie-{n}/"
        clone.translation_key = uuid.uuid4()
        Model.save(clone)  # a plain row; the page's own save() also validates and indexes
        last = clone
        PublicacionPage.ejes.through.objects.create(publicacionpage=clone, ejepage=eje)
    Page.objects.filter(pk=organo.pk).update(numchild=F("numchild") + count - 1)
    pages = PublicacionPage.objects.filter(slug__startswith="serie-").order_by("pk")[start:]
    PublicacionDocumento.objects.bulk_create(
        PublicacionDocumento(page=page, document=document, sort_order=0)
        for page, document in zip(pages, documents, strict=True)
    )


def test_query_count_does_not_grow_with_rows(client, organo, eje, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Indexing a thousand rows for search is slow and beside the point here.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
    }

    def queries_for(formato, expected_rows):
        with CaptureQueriesContext(connection) as captured:
            _, body = download(client, formato, eje=eje.slug)
        assert len(parse(formato, body)) == expected_rows
        return len(captured)

    _add(organo, eje, 0, 10)
    download(client, "csv")  # fills the caches every request shares (the site's root paths)
    ten = {formato: queries_for(formato, 10) for formato in FORMATS}
    _add(organo, eje, 10, 990)
    thousand = {formato: queries_for(formato, 1000) for formato in FORMATS}
    assert thousand == ten
