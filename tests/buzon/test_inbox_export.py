"""Exporting the filtered inbox to CSV and XLSX: the right rows, personal data only with leave."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from buzon.models import Ticket
from buzon.services import answer

from .conftest import logged_in

pytestmark = pytest.mark.django_db

INDEX = "/admin/buzon/"
BASE_HEADINGS = [
    "folio",
    "tipo",
    "asunto",
    "estado",
    "órgano",
    "eje",
    "recibido",
    "fecha límite",
    "respondido",
    "resuelto",
    "vencido",
]
PERSONAL = ["Ana Pérez Secreta", "ana.secreta@example.org"]


def csv_rows(response):
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body)))


def xlsx_rows(response):
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@pytest.fixture
def tickets(file_ticket, organo_a, organo_b, eje, opti_admin):
    late, _ = file_ticket(organo=organo_a, eje=eje, asunto="Atrasado A")
    Ticket.objects.filter(pk=late.pk).update(
        fecha_limite=timezone.localdate() - datetime.timedelta(days=5)
    )
    answered, _ = file_ticket(organo=organo_a, asunto="Respondido A")
    answer(answered, "Listo.", opti_admin)
    theirs, _ = file_ticket(organo=organo_b, asunto="De B")
    return {"late": late, "answered": answered, "theirs": theirs}


def test_enlace_csv_has_their_rows_and_no_personal_data(tickets, enlace_a):
    response = logged_in(enlace_a).get(INDEX, {"export": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="buzon-tickets-')
    rows = csv_rows(response)
    assert rows[0] == BASE_HEADINGS
    assert {row[0] for row in rows[1:]} == {tickets["late"].folio, tickets["answered"].folio}
    body = "\n".join(",".join(row) for row in rows)
    for value in PERSONAL:
        assert value not in body
    late = next(row for row in rows if row[0] == tickets["late"].folio)
    assert late[1] == "Pregunta" and late[3] == "Recibido" and late[4] == "Comité A"
    assert late[5] == "Transparencia" and late[10] == "Sí"


@pytest.mark.parametrize(
    "params",
    [
        {"export": "csv", "list_export": "nombre,correo"},
        {"export": "csv", "fields": "nombre", "personal": "1"},
        {"export": "xlsx", "list_export": "correo"},
        {"export": "csv", "organo": "999999"},
    ],
)
def test_enlace_cannot_add_personal_data_or_other_rows_by_query(params, tickets, enlace_a):
    response = logged_in(enlace_a).get(INDEX, params)
    rows = xlsx_rows(response) if params["export"] == "xlsx" else csv_rows(response)
    assert [str(cell) for cell in rows[0]] == BASE_HEADINGS
    text = repr(rows)
    for value in PERSONAL:
        assert value not in text
    assert tickets["theirs"].folio not in text


def test_filtered_xlsx_has_only_the_filtered_rows(tickets, enlace_a):
    response = logged_in(enlace_a).get(INDEX, {"export": "xlsx", "vencido": "true"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = xlsx_rows(response)
    assert rows[0] == BASE_HEADINGS
    assert [row[0] for row in rows[1:]] == [tickets["late"].folio]
    assert isinstance(rows[1][6], datetime.datetime)  # a real date cell, not text


def test_search_applies_to_the_export(tickets, opti_admin):
    rows = csv_rows(logged_in(opti_admin).get(INDEX, {"export": "csv", "q": "De B"}))
    assert [row[0] for row in rows[1:]] == [tickets["theirs"].folio]


def test_administration_export_carries_personal_data(tickets, opti_admin):
    rows = csv_rows(logged_in(opti_admin).get(INDEX, {"export": "csv"}))
    assert rows[0] == [*BASE_HEADINGS, "nombre", "correo electrónico"]
    assert len(rows) == 4
    assert all(row[-2:] == PERSONAL for row in rows[1:])
    rows = xlsx_rows(logged_in(opti_admin).get(INDEX, {"export": "xlsx"}))
    assert rows[0][-1] == "correo electrónico"
    assert {row[-1] for row in rows[1:]} == {PERSONAL[1]}


def test_answered_dates_are_exported(tickets, opti_admin):
    rows = csv_rows(logged_in(opti_admin).get(INDEX, {"export": "csv", "estado": "respondido"}))
    assert len(rows) == 2
    answered = rows[1]
    assert answered[0] == tickets["answered"].folio
    assert answered[8] and answered[9]  # respondido, resuelto
    assert answered[10] == "No"


def test_csv_neutralises_formulas_written_by_citizens(file_ticket, organo_a, enlace_a):
    file_ticket(organo=organo_a, asunto='=HYPERLINK("http://malo.example","clic")')
    rows = csv_rows(logged_in(enlace_a).get(INDEX, {"export": "csv"}))
    assert rows[1][2].startswith("'=")


def test_xlsx_keeps_formulas_as_text(file_ticket, organo_a, enlace_a):
    file_ticket(organo=organo_a, asunto="=1+1 suma")
    response = logged_in(enlace_a).get(INDEX, {"export": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cell = workbook.active["C2"]
    assert cell.value == "=1+1 suma" and cell.data_type == "s"


def test_user_without_groups_cannot_export(tickets):
    from .conftest import make_user

    response = logged_in(make_user("nadie")).get(INDEX, {"export": "csv"})
    assert response.status_code == 302
    assert tickets["late"].folio.encode() not in response.content
