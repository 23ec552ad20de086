"""The figures of a period as CSV and XLSX, one column per figure: for a year, one row per
quarter and one for the year; for a quarter, a month or a range, its one row.

The same numbers as the page (``figures.resultados``); a quarter that has not started has
empty cells, never zeros.
"""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from cms.periods import ANIO, TRIMESTRE
from cms.spreadsheets import add_methodology_sheet

from .figures import FIGURES, resultados

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers():
    return [
        _("Ejercicio"),
        _("Periodo"),
        _("Fecha de inicio del periodo"),
        _("Fecha de término del periodo"),
        *[str(figure.label) for figure in FIGURES],
    ]


def table_rows(periodo, today=None):
    """[ejercicio, periodo, inicio, fin, *values]: for a year, each quarter and then the whole
    year (its own figures, not a sum: a ticket filed in March and resolved in April is pending
    in the first quarter and resolved in the year); for any other period, its one row."""
    today = today or timezone.localdate()
    parts = [*periodo.quarters(), periodo] if periodo.tipo == ANIO else [periodo]
    rows = []
    for part in parts:
        if part.has_started(today):
            valores = resultados(part).valores
            values = [valores.get(figure.key) for figure in FIGURES]
        else:
            values = [None] * len(FIGURES)
        rows.append([part.ejercicio, row_label(part), part.inicio, part.fin, *values])
    return rows


def row_label(periodo):
    if periodo.tipo == TRIMESTRE:
        return f"T{periodo.trimestre}"
    if periodo.tipo == ANIO:
        return _("Año completo")
    return periodo.label


def filename(periodo, extension):
    return f"rendicion-de-resultados-{periodo.slug}.{extension}"


def attachment(response, name):
    response["Content-Disposition"] = f"attachment; filename={name}"
    return response


def csv_response(periodo):
    buffer = io.StringIO()
    # The BOM tells Excel the file is UTF-8, so "Órganos" and "días" open with their accents.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(headers())
    for row in table_rows(periodo):
        writer.writerow(
            [
                "" if value is None else value.isoformat() if hasattr(value, "isoformat") else value
                for value in row
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return attachment(response, filename(periodo, "csv"))


def xlsx_response(periodo):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (_("Resultados %(ejercicio)s") % {"ejercicio": periodo.ejercicio})[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table_rows(periodo):
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = max(
            12, min(40, len(str(column[0].value)) + 2)
        )
    sheet.freeze_panes = "C2"

    add_methodology_sheet(workbook, [(figure.label, figure.description) for figure in FIGURES])

    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    return attachment(response, filename(periodo, "xlsx"))
