"""The national platform's layout of a format: its headings, a series as rows in it, and the
XLSX (and CSV) files written in it, the same layout the importer reads back."""

import codecs
import csv
import datetime
import tempfile

from django.utils.translation import gettext_lazy as _

from cms.spreadsheets import spreadsheet_text

from ..models import PublicacionPage
from ..models.obligaciones import TipoColumna
from .values import typed

EJERCICIO = _("Ejercicio")
INICIO = _("Fecha de inicio del periodo que se informa")
TERMINO = _("Fecha de término del periodo que se informa")
AREA = _("Área(s) responsable(s) que genera(n), posee(n), publica(n) y actualizan la información")
VALIDACION = _("Fecha de validación")
ACTUALIZACION = _("Fecha de actualización")
NOTA = _("Nota")
ANTES = (EJERCICIO, INICIO, TERMINO)
DESPUES = (AREA, VALIDACION, ACTUALIZACION, NOTA)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = '"$"#,##0.00'


def headings(columnas):
    """The format's headings: the SIPOT columns around the obligation's own."""
    return [str(h) for h in ANTES] + [c.nombre for c in columnas] + [str(h) for h in DESPUES]


def series_records(organo, obligacion):
    """The live, public records of one series, oldest period first, with their rows."""
    return (
        PublicacionPage.objects.live()
        .public()
        .child_of(organo)
        .filter(obligacion=obligacion)
        .defer_streamfields()
        .prefetch_related("filas")
        .order_by("ejercicio", "pk")
    )


def record_rows(page, columnas):
    """The rows of one record in the layout, as typed cells (dates, Decimals, text)."""
    inicio, termino = page.periodo_dates()
    before = [page.ejercicio, inicio, termino]
    after = [page.responsable, page.fecha_validacion, page.fecha_actualizacion, page.nota]
    if not columnas:
        return [before + after]
    return [
        before + [typed(c.tipo, fila.valores.get(c.nombre, "")) for c in columnas] + after
        for fila in page.filas.all()
    ]


def series_rows(organo, obligacion, columnas):
    # By period, as the platform lists them (the codes T1…A do not sort in time).
    pages = sorted(series_records(organo, obligacion), key=lambda p: (p.periodo_dates(), p.pk))
    for page in pages:
        yield from record_rows(page, columnas)


def column_types(columnas):
    """The type of each cell of the layout, in order (None: text or a year)."""
    return (
        [None, TipoColumna.FECHA, TipoColumna.FECHA]
        + [c.tipo for c in columnas]
        + [None, TipoColumna.FECHA, TipoColumna.FECHA, None]
    )


def write_xlsx(title, columnas, rows):
    """A temporary file holding the rows as one sheet of the layout (write-only: one row in
    memory at a time). Texts are defused so no cell runs as a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Formato")
    sheet.append(headings(columnas))
    types = column_types(columnas)
    for row in rows:
        cells = []
        for tipo, value in zip(types, row, strict=True):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", spreadsheet_text(value))
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
            elif tipo == TipoColumna.MONEDA and value is not None:
                cell.number_format = MONEY_FORMAT
            cells.append(cell)
        sheet.append(cells)
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


def csv_lines(columnas, rows):
    """CSV in UTF-8 with a BOM (so a spreadsheet reads the accents), ISO dates."""

    class Line:
        def write(self, value):
            return value

    writer = csv.writer(Line())
    yield codecs.BOM_UTF8.decode() + writer.writerow(headings(columnas))
    for row in rows:
        yield writer.writerow([_csv_text(value) for value in row])


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return spreadsheet_text(value) if isinstance(value, str) else str(value)
