"""The open-data catalogue: data.json in the fields of Mexico's guide, DCAT JSON-LD, a page per
dataset with schema.org `Dataset` markup, and the licence on every entry."""

import json

import pytest
from bs4 import BeautifulSoup

from datos_abiertos import catalogo
from datos_abiertos.catalogo import LICENSE_URL

from .conftest import CONTACT_EMAIL, CONTACT_NAME

pytestmark = pytest.mark.django_db

GUIDE_FIELDS = {
    "identifier",
    "title",
    "description",
    "modified",
    "contactPoint",
    "mbox",
    "landingPage",
    "accrualPeriodicity",
    "distribution",
}
IDENTIFIERS = [
    "publicaciones",
    "obligaciones-aplicabilidad",
    "obligaciones-actualizacion",
    "obligaciones-cumplimiento",
    "rendicion-de-resultados",
    "buzon-estadisticas",
]


def by_identifier(data):
    return {item["identifier"].removeprefix("optisnte-"): item for item in data["dataset"]}


def test_data_json_has_every_dataset_with_the_fields_of_mexicos_guide(data_json):
    datasets = by_identifier(data_json)
    assert list(datasets) == IDENTIFIERS
    for identifier, item in datasets.items():
        assert GUIDE_FIELDS <= set(item), identifier
        assert item["contactPoint"] == CONTACT_NAME
        assert item["mbox"] == CONTACT_EMAIL
        assert item["license"] == LICENSE_URL
        assert item["landingPage"] == f"http://testserver/datos-abiertos/{identifier}/"
        assert item["accrualPeriodicity"] in {"R/P3M", "R/P1D", "irregular"}
        for distribution in item["distribution"]:
            assert distribution["downloadURL"].startswith("http://testserver/")
            assert distribution["mediaType"] in {
                "text/csv",
                "application/json",
                catalogo.FORMATS["xlsx"].media_type,
            }
            assert isinstance(distribution["byteSize"], int) and distribution["byteSize"] > 0
            assert distribution["license"] == LICENSE_URL
    assert data_json["license"] == LICENSE_URL
    assert data_json["modified"] == max(item["modified"] for item in datasets.values())


def test_publications_entry_says_what_the_records_say(data_json):
    item = by_identifier(data_json)["publicaciones"]
    assert item["modified"] == "2026-10-05"
    assert item["temporal"] == "2025-01-01/2026-09-30"
    assert item["accrualPeriodicity"] == "R/P3M"
    assert [d["format"] for d in item["distribution"]] == ["CSV", "XLSX", "JSON"]
    assert [d["downloadURL"] for d in item["distribution"]] == [
        f"http://testserver/datos-abiertos/publicaciones.{ext}" for ext in ("csv", "xlsx", "json")
    ]


def test_contact_point_follows_the_site_settings(client, catalogo_site, portal):
    portal.nombre_contacto, portal.email = "Unidad de Transparencia", ""
    portal.save()
    data = json.loads(client.get("/datos-abiertos/data.json").content)
    item = by_identifier(data)["publicaciones"]
    assert item["contactPoint"] == "Unidad de Transparencia"
    assert "mbox" not in item  # left out, never an empty address


def test_dcat_catalogue_has_catalog_datasets_distributions_and_licence(client, catalogo_site):
    response = client.get("/datos-abiertos/catalogo.jsonld")
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    graph = json.loads(response.content)
    assert graph["@type"] == "dcat:Catalog"
    prefixes = set(graph["@context"])
    datasets = graph["dcat:dataset"]
    assert [d["dct:identifier"] for d in datasets] == [f"optisnte-{i}" for i in IDENTIFIERS]

    def terms(node):
        if isinstance(node, dict):
            for key, value in node.items():
                yield key
                yield from terms(value)
        elif isinstance(node, list):
            for value in node:
                yield from terms(value)

    # Every compact term names a prefix the context defines: nothing expands to garbage.
    assert {t.split(":")[0] for t in terms(graph) if not t.startswith("@")} <= prefixes
    publicaciones = datasets[0]
    assert publicaciones["@type"] == "dcat:Dataset"
    assert publicaciones["dct:license"] == {"@id": LICENSE_URL}
    assert publicaciones["dct:modified"] == {"@value": "2026-10-05", "@type": "xsd:date"}
    assert publicaciones["dct:accrualPeriodicity"]["@id"].endswith("/frequency/QUARTERLY")
    assert publicaciones["dcat:contactPoint"]["vcard:hasEmail"] == {
        "@id": f"mailto:{CONTACT_EMAIL}"
    }
    assert publicaciones["dct:temporal"]["dcat:startDate"]["@value"] == "2025-01-01"
    for distribution in publicaciones["dcat:distribution"]:
        assert distribution["@type"] == "dcat:Distribution"
        assert distribution["dct:license"] == {"@id": LICENSE_URL}
        assert distribution["dcat:downloadURL"]["@id"].startswith(
            "http://testserver/datos-abiertos/"
        )
        assert int(distribution["dcat:byteSize"]["@value"]) > 0


def markup_of(html):
    soup = BeautifulSoup(html, "html.parser")
    (script,) = soup.find_all("script", type="application/ld+json")
    return soup, json.loads(script.string)


@pytest.mark.parametrize("identifier", IDENTIFIERS)
def test_each_dataset_page_carries_schema_org_dataset_markup(client, data_json, identifier):
    entry = by_identifier(data_json)[identifier]
    response = client.get(f"/datos-abiertos/{identifier}/")
    assert response.status_code == 200
    soup, markup = markup_of(response.content.decode())
    assert markup["@type"] == "Dataset"
    assert markup["name"] == entry["title"] == soup.h1.get_text(strip=True)
    assert markup["description"] == entry["description"]
    assert markup["url"] == entry["landingPage"]
    assert markup["license"] == LICENSE_URL
    assert markup["creator"]["name"].startswith("Sindicato Nacional de Trabajadores")
    assert markup["dateModified"] == entry["modified"]
    assert markup["temporalCoverage"]
    assert [(d["@type"], d["contentUrl"], d["encodingFormat"]) for d in markup["distribution"]] == [
        ("DataDownload", d["downloadURL"], d["mediaType"]) for d in entry["distribution"]
    ]
    # The licence, by name and with its official link, on the page itself.
    licence = soup.find("a", rel="license")
    assert licence["href"] == LICENSE_URL
    assert licence.get_text(strip=True) == "Términos de Libre Uso MX"


def test_dataset_page_is_accessible_and_in_spanish(client, catalogo_site, organo_a):
    html = client.get("/datos-abiertos/publicaciones/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "es-MX"
    assert len(soup.find_all("h1")) == 1
    for table in soup.find_all("table"):
        assert table.caption and table.caption.get_text(strip=True)
    selects = soup.find_all("select")
    assert {s["name"] for s in selects} == {"eje", "organo", "ejercicio"}
    for select in selects:
        label = soup.find("label", attrs={"for": select["id"]})
        assert label and label.get_text(strip=True)
    organo_options = [o.get_text() for o in soup.find("select", attrs={"name": "organo"})("option")]
    assert "Comité A" in organo_options
    assert "Descargas" in html and "Última modificación" in html
    # The filter form downloads through the same URLs, one button per format.
    buttons = [b["formaction"] for b in soup.find_all("button", formaction=True)]
    assert buttons == [f"/datos-abiertos/publicaciones.{ext}" for ext in ("csv", "xlsx", "json")]


def test_dataset_page_markup_cannot_close_its_script(client, catalogo_site, portal):
    portal.nombre_contacto = "</script><script>alert(1)</script>"
    portal.save()
    html = client.get("/datos-abiertos/publicaciones/").content.decode()
    assert "<script>alert(1)" not in html
    _soup, markup = markup_of(html)
    assert markup["creator"]["contactPoint"]["name"] == "</script><script>alert(1)</script>"


def test_index_lists_every_dataset_the_licence_and_the_machine_catalogues(client, catalogo_site):
    response = client.get("/datos-abiertos/")
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    links = {a["href"] for a in soup.find_all("a", href=True)}
    assert {f"/datos-abiertos/{identifier}/" for identifier in IDENTIFIERS} <= links
    assert {"/datos-abiertos/data.json", "/datos-abiertos/catalogo.jsonld", LICENSE_URL} <= links
    licence = soup.find(id="licencia")
    assert "Términos de Libre Uso MX" in licence.get_text()


def test_footer_and_obligations_page_link_to_the_catalogue(client, catalogo_site):
    assert 'href="/datos-abiertos/"' in client.get("/").content.decode()
    assert 'href="/datos-abiertos/"' in client.get("/obligaciones/").content.decode()


def test_unknown_dataset_is_not_found(client, catalogo_site):
    assert client.get("/datos-abiertos/no-existe/").status_code == 404


def test_results_dataset_only_while_its_page_is_published(client, catalogo_site):
    catalogo_site.resultados.unpublish()
    data = json.loads(client.get("/datos-abiertos/data.json").content)
    assert "rendicion-de-resultados" not in by_identifier(data)
    assert client.get("/datos-abiertos/rendicion-de-resultados/").status_code == 404
