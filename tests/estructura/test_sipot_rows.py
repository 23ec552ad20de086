"""A record's rows in its obligation's typed columns: cleaned by one function, shown as an
accessible table, downloadable as CSV and XLSX."""

import datetime
import decimal
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from estructura.factories import ObligacionFactory, PublicacionPageFactory
from estructura.models import ObligacionColumna, PublicacionFila, TipoColumna
from estructura.sipot.values import clean_row, clean_value


@pytest.fixture
def recursos(db):
    obligacion = ObligacionFactory(titulo="Recursos públicos recibidos")
    for orden, (nombre, tipo) in enumerate(
        [
            ("Fecha de recepción", TipoColumna.FECHA),
            ("Tipo de recurso", TipoColumna.TEXTO),
            ("Monto", TipoColumna.MONEDA),
            ("Hipervínculo", TipoColumna.URL),
        ]
    ):
        ObligacionColumna.objects.create(
            obligacion=obligacion, nombre=nombre, tipo=tipo, sort_order=orden
        )
    return obligacion


@pytest.fixture
def record(organo_a, eje, recursos):
    page = PublicacionPageFactory(parent=organo_a, ejes=[eje], obligacion=recursos)
    PublicacionFila.objects.create(
        page=page,
        sort_order=0,
        valores={
            "Fecha de recepción": "2026-07-04",
            "Tipo de recurso": '=HYPERLINK("http://x")',
            "Monto": "1234567.50",
            "Hipervínculo": "https://snte.org.mx/informe.pdf",
        },
    )
    return page


@pytest.mark.parametrize(
    ("tipo", "value", "stored"),
    [
        (TipoColumna.MONEDA, "$1,234.5", "1234.50"),
        (TipoColumna.MONEDA, 10, "10.00"),
        (TipoColumna.MONEDA, 0.1, "0.10"),
        (TipoColumna.MONEDA, "2.005", "2.01"),
        (TipoColumna.NUMERO, "1,200", "1200"),
        (TipoColumna.NUMERO, 3.0, "3"),
        (TipoColumna.FECHA, datetime.datetime(2026, 5, 4, 0, 0), "2026-05-04"),
        (TipoColumna.FECHA, " 2026-05-04 ", "2026-05-04"),
        (TipoColumna.URL, "http://snte.org.mx", "http://snte.org.mx"),
        (TipoColumna.TEXTO, None, ""),
    ],
)
def test_values_are_stored_typed(tipo, value, stored):
    assert clean_value(tipo, value) == stored


@pytest.mark.parametrize(
    ("tipo", "value", "message"),
    [
        (TipoColumna.MONEDA, "mil pesos", "Escribe un monto en pesos"),
        (TipoColumna.MONEDA, "NaN", "Escribe un monto en pesos"),
        (TipoColumna.MONEDA, "Infinity", "Escribe un monto en pesos"),
        (TipoColumna.MONEDA, "1e400", "demasiado grande"),
        (TipoColumna.NUMERO, "uno", "Escribe un número"),
        (TipoColumna.FECHA, "2026-02-30", "Escribe una fecha válida"),
        (TipoColumna.FECHA, "04/05/2026", "Escribe una fecha válida"),
        (TipoColumna.URL, "javascript:alert(1)", "http:// o https://"),
        (TipoColumna.URL, "ftp://snte.org.mx/a", "http:// o https://"),
        (TipoColumna.TEXTO, "x" * 2001, "excede 2000"),
    ],
)
def test_hostile_values_are_refused_in_spanish(tipo, value, message):
    with pytest.raises(ValidationError) as caught:
        clean_value(tipo, value)
    assert message in caught.value.messages[0]


def test_a_row_names_each_bad_column_and_refuses_unknown_ones(recursos):
    columnas = list(recursos.columnas.all())
    with pytest.raises(ValidationError) as caught:
        clean_row(columnas, {"Monto": "caro", "Fecha de recepción": "ayer", "Extra": "1"})
    messages = caught.value.messages
    assert "La fila tiene columnas que el formato no tiene: «Extra»." in messages
    assert any(m.startswith("columna «Monto»: Escribe un monto") for m in messages)
    assert any(m.startswith("columna «Fecha de recepción»: Escribe una fecha") for m in messages)


def test_a_row_is_refused_on_a_record_without_an_obligation(organo_a, eje):
    page = PublicacionPageFactory(parent=organo_a, ejes=[eje])
    fila = PublicacionFila(page=page, valores={"Nombre": "Ana"})
    with pytest.raises(ValidationError) as caught:
        fila.full_clean()
    assert "Elige una obligación con columnas" in caught.value.message_dict["valores"][0]


def test_a_row_is_cleaned_against_its_records_obligation(record):
    fila = PublicacionFila(page=record, valores={"Monto": "$10", "Hipervínculo": "mailto:a@b"})
    with pytest.raises(ValidationError) as caught:
        fila.full_clean()
    assert caught.value.message_dict["valores"] == [
        "columna «Hipervínculo»: Escribe un hipervínculo completo que empiece con http:// o "
        "https://."
    ]
    assert not PublicacionFila.objects.filter(valores__Monto="10.00").exists()


def test_the_public_page_shows_the_rows_as_an_accessible_table(client, record):
    html = client.get(record.url).content.decode()
    assert "<caption" in html and "Recursos públicos recibidos" in html
    assert '<th scope="col">Monto</th>' in html
    assert '<th scope="row"><time datetime="2026-07-04">' in html
    assert "$1,234,567.50" in html
    assert 'href="https://snte.org.mx/informe.pdf"' in html


def test_the_rows_download_as_utf8_csv_with_iso_dates(client, record):
    response = client.get(f"/formatos/publicacion/{record.pk}/filas.csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffEjercicio,Fecha de inicio del periodo que se informa")
    line = text.splitlines()[1]
    assert line.startswith("2026,2026-07-01,2026-09-30,2026-07-04,")
    assert "'=HYPERLINK" in line  # a formula is defused, never run
    assert "1234567.50" in line


def test_the_rows_download_as_xlsx_with_typed_cells(client, record):
    response = client.get(f"/formatos/publicacion/{record.pk}/filas.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3:7] == ("Fecha de recepción", "Tipo de recurso", "Monto", "Hipervínculo")
    assert rows[1][3] == datetime.datetime(2026, 7, 4)
    assert decimal.Decimal(str(rows[1][5])) == decimal.Decimal("1234567.5")


def test_a_drafts_rows_are_not_downloadable(client, record):
    record.unpublish()
    assert client.get(f"/formatos/publicacion/{record.pk}/filas.csv").status_code == 404
    assert client.get(f"/formatos/publicacion/{record.pk}/filas.pdf").status_code == 404
