"""Open data: the publication listing as rows with the national platform's columns, and the
writers that stream them as CSV, JSON and XLSX without holding the whole listing in memory."""

import codecs
import csv
import datetime
import json
import tempfile

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from cms.files import absolute_url
from cms.query import memo_scope, private_collection_ids
from cms.spreadsheets import spreadsheet_text

from .models import OrganoPage, PublicacionDocumento, PublicacionPage

# Rows fetched per round trip. Ejes and documents are prefetched per chunk, so a chunk costs a
# fixed number of queries whatever its size; memory stays at one chunk.
CHUNK_SIZE = 2000

# Named like the columns of the national transparency platform's formats where they apply.
COLUMNS = [
    ("ejercicio", _("Ejercicio")),
    ("fecha_inicio", _("Fecha de inicio del periodo que se informa")),
    ("fecha_termino", _("Fecha de término del periodo que se informa")),
    ("titulo", _("Título")),
    ("tipo_informacion", _("Tipo de información")),
    ("organo", _("Órgano")),
    ("area_responsable", _("Área(s) responsable(s)")),
    ("fecha_actualizacion", _("Fecha de actualización")),
    ("fecha_validacion", _("Fecha de validación")),
    ("nota", _("Nota")),
    ("documentos", _("Hipervínculo al documento")),
    ("publicacion", _("Hipervínculo a la publicación")),
    ("ejes", _("Ejes")),
    ("fundamento", _("Ley/Artículo/Fracción")),
]

SEPARATOR = " | "
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headings():
    return [str(label) for _key, label in COLUMNS]


def publicaciones_queryset(eje=None, organo=None, ejercicio=None):
    """Live, public publications (of an eje and its temas, of an órgano and those below it, of
    an ejercicio), with what a row shows prefetched. Órganos are attached by `rows()`, once
    for all chunks."""
    queryset = PublicacionPage.objects.live().public()
    if ejercicio is not None:
        queryset = queryset.filter(ejercicio=ejercicio)
    if eje is not None:
        queryset = queryset.classified_under(eje.eje_ids)
    if organo is not None:
        queryset = queryset.in_organo(organo.pk)
    return (
        queryset.defer_streamfields()
        .prefetch_related(
            Prefetch(
                "ejes",
                queryset=_eje_model().objects.only("pk", "title", "path", "live").order_by("path"),
            ),
            Prefetch(
                "documentos",
                queryset=PublicacionDocumento.objects.select_related("document").order_by(
                    "sort_order", "pk"
                ),
            ),
        )
        .order_by("-fecha_actualizacion", "-pk")
    )


def _eje_model():
    return PublicacionPage._meta.get_field("ejes").related_model


def rows(queryset, request=None):
    """One dict per publication, keyed like COLUMNS, in a fixed number of queries per chunk.

    Everything that would otherwise be asked per row (the owning órgano, private collections)
    is fetched once, up front: the rows are produced after the view has returned, while the
    response streams.
    """
    # The restrictions, read once for every row (is_public asks them).
    with memo_scope():
        hidden_collections = set(private_collection_ids())
        organos = {
            organo.path: organo
            for organo in OrganoPage.objects.only(
                "pk", "title", "path", "depth", "url_path", "live"
            )
        }
        steplen = PublicacionPage.steplen
        for page in queryset.iterator(chunk_size=CHUNK_SIZE):
            organo = organos.get(page.path[:-steplen])
            page.__dict__["organo"] = organo  # what `responsable` reads, without a query
            yield row(page, hidden_collections, request)


def row(page, hidden_collections, request=None):
    inicio, termino = page.periodo_dates()
    documentos = [
        absolute_url(documento.document.url)
        for documento in page.documentos.all()
        if documento.document.collection_id not in hidden_collections
    ]
    fundamento = ", ".join(part for part in (page.ley, page.articulo, page.fraccion) if part)
    return {
        "ejercicio": page.ejercicio,
        "fecha_inicio": inicio,
        "fecha_termino": termino,
        "titulo": page.title,
        "tipo_informacion": str(page.get_tipo_informacion_display()),
        "organo": page.organo_publico.title if page.organo_publico else "",
        "area_responsable": page.responsable,
        "fecha_actualizacion": page.fecha_actualizacion,
        "fecha_validacion": page.fecha_validacion,
        "nota": page.nota,
        "documentos": SEPARATOR.join(documentos),
        "publicacion": absolute_url(page.get_url(request)),
        "ejes": SEPARATOR.join(eje.title for eje in page.ejes_publicos),
        "fundamento": fundamento,
    }


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer in a generator."""

    def write(self, value):
        return value


def csv_lines(headings, rows):
    """CSV lines, UTF-8 with a BOM so that spreadsheet programs read the accents right; dates
    as ISO 8601, and no cell a spreadsheet would run as a formula."""
    yield codecs.BOM_UTF8.decode("utf-8")
    writer = csv.writer(_Echo())
    yield writer.writerow(headings)
    for row in rows:
        yield writer.writerow([spreadsheet_text(_text(value)) for value in row])


def stream_csv(records):
    keys = [key for key, _label in COLUMNS]
    return csv_lines(headings(), ([record[key] for key in keys] for record in records))


def stream_json(records):
    """A JSON array written item by item: valid JSON however many rows, never all in memory."""
    labels = headings()
    keys = [key for key, _label in COLUMNS]
    yield "["
    first = True
    for record in records:
        item = {label: _json_value(record[key]) for key, label in zip(keys, labels, strict=True)}
        yield ("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False)
        first = False
    yield "\n]\n"


def _json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def write_xlsx(records, title):
    """A workbook in a temporary file (returned at position 0); write-only mode keeps one row
    in memory at a time. The file disappears when closed."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(headings())
    keys = [key for key, _label in COLUMNS]
    for record in records:
        cells = []
        for key in keys:
            value = record[key]
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = WriteOnlyCell(sheet, value)
            if cell.data_type == "f":
                # A title starting with "=" is text, never a formula a spreadsheet would run.
                cell.data_type = "s"
            if isinstance(value, datetime.date):
                cell.number_format = "dd/mm/yyyy"
            cells.append(cell)
        sheet.append(cells)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after sending
    workbook.save(output)
    output.seek(0)
    return output
