"""The year's figures as CSV and XLSX: one row per quarter, one column per figure, and the year.

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

from .figures import FIGURES, Periodo, resultados

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers():
    return [
        _("Ejercicio"),
        _("Periodo"),
        _("Fecha de inicio del periodo"),
        _("Fecha de término del periodo"),
        *[str(figure.label) for figure in FIGURES],
    ]


def table_rows(ejercicio, today=None):
    """[ejercicio, periodo, inicio, fin, *values] for each quarter and then for the whole year
    (its own figures, not a sum: a ticket filed in March and resolved in April is pending in
    the first quarter and resolved in the year)."""
    today = today or timezone.localdate()
    rows = []
    year = Periodo(ejercicio)
    for periodo in [*year.quarters(), year]:
        if periodo.has_started(today):
            valores = resultados(periodo).valores
            values = [valores.get(figure.key) for figure in FIGURES]
        else:
            values = [None] * len(FIGURES)
        label = f"T{periodo.trimestre}" if periodo.trimestre else _("Año completo")
        rows.append([ejercicio, label, periodo.inicio, periodo.fin, *values])
    return rows


def filename(ejercicio, extension):
    return f"rendicion-de-resultados-{ejercicio}.{extension}"


def attachment(response, name):
    response["Content-Disposition"] = f"attachment; filename={name}"
    return response


def csv_response(ejercicio):
    buffer = io.StringIO()
    # The BOM tells Excel the file is UTF-8, so "Órganos" and "días" open with their accents.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(headers())
    for row in table_rows(ejercicio):
        writer.writerow(
            [
                "" if value is None else value.isoformat() if hasattr(value, "isoformat") else value
                for value in row
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return attachment(response, filename(ejercicio, "csv"))


def xlsx_response(ejercicio):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Resultados %(ejercicio)s") % {"ejercicio": ejercicio}
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table_rows(ejercicio):
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = max(
            12, min(40, len(str(column[0].value)) + 2)
        )
    sheet.freeze_panes = "C2"

    # How each figure is counted travels with the numbers.
    notes = workbook.create_sheet(_("Metodología"))
    notes.append([_("Cifra"), _("Cómo se cuenta")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for figure in FIGURES:
        notes.append([str(figure.label), str(figure.description)])
    notes.column_dimensions["A"].width = 45
    notes.column_dimensions["B"].width = 90

    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    return attachment(response, filename(ejercicio, "xlsx"))
