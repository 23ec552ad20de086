"""/buzon/estadisticas/: the Buzón's public statistics for a year, as a page and as CSV/XLSX
(included by cms/urls.py, before the page tree).

Every number is read from ``statistics.public_statistics``; the page, both downloads and the
catalogue show the same rows. Unknown or bad parameters are a 400 in Spanish (cms.parameters).
"""

import csv
import io
from urllib.parse import urlencode

from django.db.models import Min
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from openpyxl import Workbook
from openpyxl.styles import Font

from cms import periods
from cms.formats import DIAS_HABILES, NUMERO, PORCENTAJE, cifra
from cms.parameters import BadParameter, refused
from cms.sharing import mark_cacheable
from cms.spreadsheets import add_methodology_sheet, spreadsheet_text

from .charts import bar_chart
from .models import BuzonPage, Ticket
from .statistics import (
    COLUMNAS_PUBLICAS,
    UMBRAL_ANONIMATO,
    public_statistics,
    resolved_states_text,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATOS = ("csv", "xlsx")
# The figures of the running year change with every ticket: a short shared cache only.
CACHE_SECONDS = 300

# What the page and its downloads take: the period of every figures URL (cms.periods reads
# it; the catalogue documents it).
PARAMETERS = periods.PARAMETERS


def first_year(today):
    """The year of the first ticket filed (this year when there is none)."""
    first = Ticket.objects.aggregate(first=Min("creado"))["first"]
    return min(timezone.localtime(first).year, today.year) if first else today.year


def chosen_period(request, today):
    """(the period asked for, the years offered newest first): cms.periods' reading (a year,
    a quarter, a month or a desde/hasta range, from the first ticket's year to this one), the
    current year when nothing is given; BadParameter for anything else."""
    first = first_year(today)
    periodo = periods.from_query(request, first, today, last_year=today.year)
    return periodo, list(range(today.year, first - 1, -1))


def number(value, key):
    """A figure as the page writes it (cms.formats.cifra): "1,234", "85.3 %", "4.5"; "—"."""
    unit = {"porcentaje_a_tiempo": PORCENTAJE, "mediana_dias_habiles": DIAS_HABILES}.get(
        key, NUMERO
    )
    return cifra(value, unit, short=True)


def displayed(cifras):
    return [number(getattr(cifras, key), key) for key, _label, _help in COLUMNAS_PUBLICAS]


@require_safe
def estadisticas(request):
    today = timezone.localdate()
    try:
        periodo, ejercicios = chosen_period(request, today)
    except BadParameter as error:
        return refused(error)
    start, end = periodo.bounds
    data = public_statistics(start, end, today)
    buzon = BuzonPage.objects.live().public().first()
    return render(
        request,
        "buzon/estadisticas.html",
        {
            "periodo": periodo,
            "ejercicio": periodo.ejercicio,
            "ejercicios": ejercicios,
            "meses": periods.MESES,
            "descarga": urlencode(periodo.query()),
            "estadisticas": data,
            "en_curso": end >= today,
            "columnas": COLUMNAS_PUBLICAS,
            "totales": displayed(data.totales),
            "resumen": [
                (key, label, value)
                for (key, label, _help), value in zip(
                    COLUMNAS_PUBLICAS, displayed(data.totales), strict=True
                )
            ],
            "por_tipo": [(group, displayed(group.cifras)) for group in data.por_tipo],
            "por_organo": [(group, displayed(group.cifras)) for group in data.por_organo],
            "graficas": [
                bar_chart("por-tipo", _("Tickets por tipo"), data.por_tipo),
                bar_chart("por-organo", _("Tickets por órgano"), data.por_organo),
            ],
            "buzon": buzon,
            "formatos": FORMATOS,
            "nota_agrupacion": grouping_note(),
            "resueltos_texto": resolved_states_text(),
        },
    )


# --- downloads ---------------------------------------------------------------------------------


def headers():
    return [
        _("Ejercicio"),
        _("Fecha de inicio del periodo"),
        _("Fecha de término del periodo"),
        _("Fecha de corte"),
        _("Desglose"),
        _("Clave"),
        _("Nombre"),
        *[str(label) for _key, label, _help in COLUMNAS_PUBLICAS],
    ]


def table_rows(periodo, data):
    """The rows of both downloads: the total, each kind, each órgano row of the page (the
    small and hidden órganos merged as there). Dates are dates, figures numbers, None empty."""
    lead = [periodo.ejercicio, data.inicio, data.fin, data.hoy]
    groups = [(_("Total"), "total", _("Todos los tickets"), data.totales)]
    groups += [(_("Tipo"), g.clave, g.nombre, g.cifras) for g in data.por_tipo]
    groups += [(_("Órgano"), g.clave, g.nombre, g.cifras) for g in data.por_organo]
    return [
        [
            *lead,
            desglose,
            clave,
            nombre,
            *[getattr(cifras, key) for key, _label, _help in COLUMNAS_PUBLICAS],
        ]
        for desglose, clave, nombre, cifras in groups
    ]


def filename(periodo, formato):
    return f"estadisticas-buzon-{periodo.slug}.{formato}"


def csv_body(rows):
    buffer = io.StringIO()
    # The BOM tells Excel the file is UTF-8, so "Órgano" and "días" open with their accents.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(headers())
    for row in rows:
        writer.writerow(
            [
                ""
                if value is None
                else value.isoformat()
                if hasattr(value, "isoformat")
                else spreadsheet_text(value)
                if isinstance(value, str)
                else value
                for value in row
            ]
        )
    return buffer.getvalue().encode()


def xlsx_body(periodo, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (_("Buzón %(periodo)s") % {"periodo": periodo.slug})[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # Names were typed by people: kept as text a spreadsheet never runs.
        sheet.append([spreadsheet_text(v) if isinstance(v, str) else v for v in row])
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=4):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = max(
            10, min(40, len(str(column[0].value)) + 2)
        )
    sheet.freeze_panes = "H2"

    methodology = [(label, help_text) for _key, label, help_text in COLUMNAS_PUBLICAS]
    add_methodology_sheet(workbook, [*methodology, (_("Órganos"), grouping_note())], (40, 100))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def grouping_note():
    return _(
        "Un órgano con menos de %(umbral)s tickets recibidos en el periodo no se nombra: sus "
        "tickets se suman en «Otros órganos», para que nadie pueda ser identificado. Los "
        "órganos sin página pública se suman en «Órganos no publicados» y los tickets que "
        "aún no se turnan a un órgano, en «Sin turnar»."
    ) % {"umbral": UMBRAL_ANONIMATO}


@require_safe
def descarga(request, formato):
    today = timezone.localdate()
    try:
        periodo, _ejercicios = chosen_period(request, today)
    except BadParameter as error:
        return refused(error)
    start, end = periodo.bounds
    rows = table_rows(periodo, public_statistics(start, end, today))
    if formato == "xlsx":
        response = HttpResponse(xlsx_body(periodo, rows), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(csv_body(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(periodo, formato)}"'
    return mark_cacheable(request, response, CACHE_SECONDS)
