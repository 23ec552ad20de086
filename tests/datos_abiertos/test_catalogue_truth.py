"""What the catalogue states agrees with what its downloads serve (byteSize, modified,
coverage), every CSV is UTF-8 with ISO 8601 dates, and nothing unpublished or private reaches
the catalogue or any download."""

import csv
import datetime
import io
import json
import re

import pytest
from wagtail.log_actions import log

from datos_abiertos import catalogo

from .conftest import HIDDEN_DAY, HIDDEN_YEAR, MEETING_DAY, TABLES_EDITED, body, moment, path_of

pytestmark = pytest.mark.django_db

# The workbook records when it was written (see datos_abiertos.measure): a few bytes of slack.
XLSX_SLACK = 16
DAY_FIRST = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def distributions(data):
    for item in data["dataset"]:
        for distribution in item["distribution"]:
            yield item, distribution


def test_each_byte_size_is_what_the_download_serves(client, data_json):
    for _item, distribution in distributions(data_json):
        served = len(body(client.get(path_of(distribution["downloadURL"]))))
        if distribution["format"] == "XLSX":
            assert abs(served - distribution["byteSize"]) <= XLSX_SLACK, distribution
        else:
            assert served == distribution["byteSize"], distribution


def test_byte_size_follows_the_records(client, data_json, organo_a):
    from estructura.factories import PublicacionPageFactory

    before = {d["downloadURL"]: d["byteSize"] for _i, d in distributions(data_json)}
    PublicacionPageFactory(parent=organo_a, title="Una publicación más")
    after = json.loads(client.get("/datos-abiertos/data.json").content)
    csv_url = "http://testserver/datos-abiertos/publicaciones.csv"
    grown = {d["downloadURL"]: d["byteSize"] for _i, d in distributions(after)}
    assert (
        grown[csv_url] - before[csv_url]
        == len(body(client.get("/datos-abiertos/publicaciones.csv"))) - before[csv_url]
    )
    assert grown[csv_url] > before[csv_url]


def rows_of(client, path):
    text = body(client.get(path)).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_publications_modified_and_coverage_are_those_of_the_download(client, data_json):
    (item,) = [i for i in data_json["dataset"] if i["identifier"] == "optisnte-publicaciones"]
    rows = rows_of(client, "/datos-abiertos/publicaciones.csv")
    assert item["modified"] == max(row["Fecha de actualización"] for row in rows)
    start = min(row["Fecha de inicio del periodo que se informa"] for row in rows)
    end = max(row["Fecha de término del periodo que se informa"] for row in rows)
    assert item["temporal"] == f"{start}/{end}"


def test_modified_is_counted_from_the_records(client, catalogo_site, organo_a):
    found = {d.identifier: d for d in catalogo.datasets(today=datetime.date(2026, 11, 25))}
    assert found["obligaciones-aplicabilidad"].modified == TABLES_EDITED
    assert found["obligaciones-actualizacion"].modified == TABLES_EDITED
    assert found["rendicion-de-resultados"].modified == MEETING_DAY
    assert found["obligaciones-cumplimiento"].modified == TABLES_EDITED
    # Cumplimiento changes with the calendar too: a window opens (en plazo), or closes and the
    # next day a missing period is vencida.
    assert catalogo.last_status_change(datetime.date(2026, 9, 3)) == datetime.date(2026, 9, 1)
    assert catalogo.last_status_change(datetime.date(2026, 9, 10)) == datetime.date(2026, 9, 8)
    assert catalogo.last_status_change(datetime.date(2026, 12, 1)) == datetime.date(2026, 12, 1)
    later = {d.identifier: d for d in catalogo.datasets(today=datetime.date(2026, 12, 9))}
    assert later["obligaciones-cumplimiento"].modified == datetime.date(2026, 12, 8)

    aplicabilidad = organo_a.aplicabilidades.get()
    log(aplicabilidad, "wagtail.edit", timestamp=moment(datetime.date(2026, 11, 24)))
    found = {d.identifier: d for d in catalogo.datasets(today=datetime.date(2026, 11, 25))}
    assert found["obligaciones-aplicabilidad"].modified == datetime.date(2026, 11, 24)


def test_every_csv_is_utf8_with_iso_dates(client, data_json):
    checked = 0
    for _item, distribution in distributions(data_json):
        if distribution["format"] != "CSV":
            continue
        response = client.get(path_of(distribution["downloadURL"]))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        text = body(response).decode("utf-8")  # strict: a stray Latin-1 byte fails here
        assert text.startswith("\ufeff")
        assert not DAY_FIRST.search(text), distribution["downloadURL"]
        for row in csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))):
            for heading, value in row.items():
                if heading.startswith("Fecha") and value:
                    assert ISO_DAY.match(value), (distribution["downloadURL"], heading, value)
                    checked += 1
    assert checked >= 10


def test_nothing_unpublished_or_private_reaches_the_catalogue(client, catalogo_site, data_json):
    pages = [
        "/datos-abiertos/",
        "/datos-abiertos/data.json",
        "/datos-abiertos/catalogo.jsonld",
        *(path_of(item["landingPage"]) for item in data_json["dataset"]),
        *(path_of(d["downloadURL"]) for _i, d in distributions(data_json)),
    ]
    forbidden = [
        *catalogo_site.hidden_titles,
        catalogo_site.nomina.url,
        catalogo_site.nomina.title,
        HIDDEN_DAY.isoformat(),
        str(HIDDEN_YEAR),
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        raw = body(response)
        if response["Content-Type"] == catalogo.FORMATS["xlsx"].media_type:
            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(raw), read_only=True).worksheets[0]
            text = "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
        else:
            text = raw.decode("utf-8")
        for value in forbidden:
            assert value not in text, (path, value)
    # The public record and its public document are there: the check can see them.
    everything = body(client.get("/datos-abiertos/publicaciones.json")).decode()
    assert catalogo_site.informe.title in everything
    assert catalogo_site.publico.url in everything
