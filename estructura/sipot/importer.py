"""Reading a format's XLSX back: every row checked first, then one draft revision per
(ejercicio, periodo) submitted to the workflow, all or nothing. Never publishes."""

import datetime
import io
import zipfile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.spreadsheets import FORMULA_PREFIXES

from ..choices import Periodo, TipoInformacion  # noqa: F401
from ..models import (
    Aplicabilidad,
    EstadoImportacion,
    ImportacionFormato,
    PublicacionFila,
    PublicacionPage,
)
from .layout import AREA, INICIO, VALIDACION, headings
from .validation import periodos_de
from .values import clean_value

MAX_BYTES = 5 * 1024 * 1024
# What the file may inflate to: a zip bomb is a few kilobytes that unpack to gigabytes.
MAX_UNCOMPRESSED = 60 * 1024 * 1024
MAX_ROWS = 5000
# Progress is written every so many rows: often enough to watch, rarely enough to be cheap.
PROGRESS_EVERY = 250
# Past this many errors the enlace has enough to fix; the rest would only bury them.
MAX_ERRORS = 200


class FormatoInvalido(Exception):
    """The file as a whole cannot be read as the format (its message is for the enlace)."""


def check_container(content):
    """Refuse what is not a bounded XLSX before openpyxl unpacks anything."""
    if len(content) > MAX_BYTES:
        raise FormatoInvalido(
            _("El archivo pesa más de %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FormatoInvalido(
            _(
                "El archivo no es un libro de Excel (.xlsx). Descarga el formato y guárdalo "
                "como .xlsx."
            )
        ) from None
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise FormatoInvalido(_("El archivo no es un libro de Excel (.xlsx)."))
    if sum(member.file_size for member in members) > MAX_UNCOMPRESSED:
        raise FormatoInvalido(_("El archivo descomprimido es demasiado grande."))


def read_sheet(content):
    """(headings, rows): the first sheet's cells; a formula is kept as FORMULA."""
    from openpyxl import load_workbook

    check_container(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        rows = []
        for number, row in enumerate(sheet.iter_rows(), start=1):
            if number > MAX_ROWS + 1:
                raise FormatoInvalido(
                    _("El archivo tiene más de %(max)s filas de datos: divídelo en varios.")
                    % {"max": MAX_ROWS}
                )
            rows.append([FORMULA if cell.data_type == "f" else cell.value for cell in row])
        workbook.close()
    except FormatoInvalido:
        raise
    except Exception:  # openpyxl raises whatever a broken part of the package makes it raise
        raise FormatoInvalido(
            _("No se pudo leer el libro de Excel: el archivo está dañado.")
        ) from None
    if not rows:
        raise FormatoInvalido(_("El archivo está vacío."))
    return rows[0], rows[1:]


FORMULA = object()


def _text(value):
    if value is None:
        return ""
    text = str(value).strip()
    # Our export defuses formulas with a leading quote; read back, the quote goes.
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def _date(value):
    if isinstance(value, str):
        value = value.strip()
    return clean_value("fecha", value) or None


class Lector:
    """Reads the rows of one (órgano, obligación)'s XLSX into records, collecting errors."""

    def __init__(self, importacion):
        self.importacion = importacion
        self.organo = importacion.organo
        self.obligacion = importacion.obligacion
        self.columnas = list(self.obligacion.columnas.all())
        self.headings = headings(self.columnas)
        self.errores = []
        self.registros = {}  # (ejercicio, periodo) -> record fields and its rows
        aplicabilidad = Aplicabilidad.objects.filter(
            organo=self.organo, obligacion=self.obligacion
        ).first()
        periodicidad = (
            aplicabilidad.periodicidad_efectiva if aplicabilidad else self.obligacion.periodicidad
        )
        self.periodicidad = periodicidad
        self.periodos = periodos_de(periodicidad)
        self.fechas_de_periodos = {}  # ejercicio -> {(inicio, término): periodo}

    def error(self, fila, columna, mensaje):
        if len(self.errores) < MAX_ERRORS:
            self.errores.append(
                _("Fila %(fila)s, columna «%(col)s»: %(msg)s")
                % {"fila": fila, "col": columna, "msg": mensaje}
            )

    def check_headings(self, found):
        found = [_text(value) for value in found]
        while found and found[-1] == "":
            found.pop()
        if found != self.headings:
            for index, expected in enumerate(self.headings):
                got = found[index] if index < len(found) else ""
                if got != expected:
                    letter = _column_letter(index + 1)
                    raise FormatoInvalido(
                        _(
                            "La fila 1 no tiene los encabezados del formato: en la columna "
                            "%(letra)s se esperaba «%(esperado)s» y dice «%(dice)s»."
                        )
                        % {"letra": letter, "esperado": expected, "dice": got}
                    )
            raise FormatoInvalido(
                _("La fila 1 tiene columnas de más: el formato termina en «%(ultima)s».")
                % {"ultima": self.headings[-1]}
            )

    def read(self, rows, progress=None):
        width = len(self.headings)
        for offset, row in enumerate(rows):
            fila = offset + 2
            row = list(row[:width]) + [None] * (width - len(row))
            if progress and offset % PROGRESS_EVERY == 0:
                progress(offset)
            if all(value in (None, "") for value in row):
                continue
            self.read_row(fila, row)
        if progress:
            progress(len(rows))

    def read_row(self, fila, row):
        formulas = [index for index, value in enumerate(row) if value is FORMULA]
        for index in formulas:
            self.error(
                fila, self.headings[index], _("las fórmulas no se aceptan; escribe el valor.")
            )
        if formulas:
            return
        n = len(self.columnas)
        ejercicio = self.required(fila, 0, row[0], _ejercicio)
        inicio = self.required(fila, 1, row[1], _date)
        termino = self.required(fila, 2, row[2], _date)
        valores = {
            columna.nombre: self.cell(fila, 3 + index, row[3 + index], _valor(columna.tipo))
            for index, columna in enumerate(self.columnas)
        }
        area = _text(row[3 + n])
        validacion = self.cell(fila, 4 + n, row[4 + n], _date)
        actualizacion = self.required(fila, 5 + n, row[5 + n], _date)
        nota = _text(row[6 + n])
        if len(area) > 200:
            self.error(fila, str(AREA), _("el texto excede 200 caracteres."))
            return
        read = [ejercicio, inicio, termino, validacion, actualizacion, *valores.values()]
        if any(value is _BAD for value in read):
            return
        periodo = self.periodo_de(ejercicio, inicio, termino)
        if periodo is None:
            self.error(
                fila,
                str(INICIO),
                _(
                    "del %(inicio)s al %(fin)s no es un periodo de la obligación "
                    "(%(periodicidad)s) del ejercicio %(ejercicio)s."
                )
                % {
                    "inicio": inicio,
                    "fin": termino,
                    "periodicidad": self.periodicidad,
                    "ejercicio": ejercicio,
                },
            )
            return
        campos = {
            "area_responsable": area,
            "fecha_validacion": datetime.date.fromisoformat(validacion) if validacion else None,
            "fecha_actualizacion": datetime.date.fromisoformat(actualizacion),
            "nota": nota,
        }
        registro = self.registros.setdefault(
            (ejercicio, periodo), {"campos": campos, "filas": [], "fila": fila}
        )
        if registro["campos"] != campos:
            self.error(
                fila,
                str(VALIDACION),
                _(
                    "las filas de un mismo periodo deben tener la misma área, fechas de "
                    "validación y actualización y nota (como la fila %(primera)s)."
                )
                % {"primera": registro["fila"]},
            )
            return
        if self.columnas:
            registro["filas"].append(valores)

    def required(self, fila, index, value, clean):
        if value is None or (isinstance(value, str) and not value.strip()):
            self.error(fila, self.headings[index], _("este dato es obligatorio."))
            return _BAD
        return self.cell(fila, index, value, clean)

    def cell(self, fila, index, value, clean):
        """The cleaned value, or _BAD with its error recorded."""
        try:
            return clean(value)
        except ValidationError as error:
            self.error(fila, self.headings[index], error.messages[0])
            return _BAD

    def periodo_de(self, ejercicio, inicio, termino):
        # Each ejercicio's periods are worked out once: a page built per row to ask its dates
        # was most of the time spent reading a file.
        fechas = self.fechas_de_periodos.get(ejercicio)
        if fechas is None:
            fechas = self.fechas_de_periodos[ejercicio] = {}
            for clave in self.periodos:
                start, end = PublicacionPage(ejercicio=ejercicio, periodo=clave).periodo_dates()
                fechas.setdefault((start.isoformat(), end.isoformat()), clave)
        return fechas.get((inicio, termino))


_BAD = object()


def _ejercicio(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not 1943 <= int(text) <= 9999:
        raise ValidationError(_("escribe el año del ejercicio, p. ej. 2026."))
    return int(text)


def _valor(tipo):
    def clean(value):
        return clean_value(tipo, _text(value) if isinstance(value, str) else value)

    return clean


def _column_letter(number):
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)


# --- applying: one transaction, drafts only ---------------------------------------------------


def run(importacion_id):
    """Process one import (the task's body): read, check every row, then save or save
    nothing. The job records its progress, outcome and errors."""
    importacion = ImportacionFormato.objects.select_related("organo", "obligacion", "usuario").get(
        pk=importacion_id
    )
    if not importacion.en_curso:
        return importacion.estado  # a task run twice does the work once
    _set(importacion, estado=EstadoImportacion.VALIDANDO)
    try:
        found, rows = read_sheet(bytes(importacion.contenido))
        lector = Lector(importacion)
        lector.check_headings(found)
        _set(importacion, total_filas=len(rows))
        lector.read(rows, progress=lambda done: _set(importacion, filas_procesadas=done))
    except FormatoInvalido as error:
        return _finish(importacion, [str(error)])
    if lector.errores:
        return _finish(importacion, lector.errores)
    _set(importacion, estado=EstadoImportacion.GUARDANDO)
    try:
        with transaction.atomic():
            counts = Escritor(importacion).write(lector.registros)
            if counts["errores"]:
                raise _Rollback(counts["errores"])
    except _Rollback as rollback:
        return _finish(importacion, rollback.errores)
    return _finish(importacion, [], **{k: v for k, v in counts.items() if k != "errores"})


class _Rollback(Exception):
    def __init__(self, errores):
        self.errores = errores


def _set(importacion, **fields):
    for name, value in fields.items():
        setattr(importacion, name, value)
    ImportacionFormato.objects.filter(pk=importacion.pk).update(**fields)


def _finish(importacion, errores, **counts):
    _set(
        importacion,
        estado=EstadoImportacion.CON_ERRORES if errores else EstadoImportacion.TERMINADA,
        errores=errores[:MAX_ERRORS],
        filas_procesadas=importacion.total_filas,
        terminada=timezone.now(),
        contenido=b"",  # the file was only needed until now
        **counts,
    )
    return importacion.estado


class Escritor:
    """Writes each record as a draft revision of its page, submitted to the workflow."""

    def __init__(self, importacion):
        self.importacion = importacion
        self.organo = importacion.organo
        self.obligacion = importacion.obligacion
        self.user = importacion.usuario
        self.existing = {}
        pages = (
            PublicacionPage.objects.child_of(self.organo)
            .filter(obligacion=self.obligacion)
            .select_related("latest_revision")
            .order_by("pk")
        )
        for page in pages:
            self.existing.setdefault((page.ejercicio, page.periodo), page)
        self.previous = pages.order_by("-ejercicio", "-pk").first()
        # Asked once per import, not once per record.
        self.ejes = list(self.previous.ejes.all()) if self.previous is not None else []
        self.periodicidad = self.lector_periodicidad()
        self.slugs = set(Page.objects.child_of(self.organo).values_list("slug", flat=True))

    def write(self, registros):
        counts = {"creados": 0, "actualizados": 0, "sin_cambios": 0, "errores": []}
        for key, registro in sorted(registros.items(), key=lambda item: item[1]["fila"]):
            try:
                outcome = self.write_one(key, registro)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        counts["errores"].append(
                            _("Fila %(fila)s, campo «%(campo)s»: %(msg)s")
                            % {"fila": registro["fila"], "campo": _label(field), "msg": message}
                        )
                continue
            counts[outcome] += 1
        return counts

    def write_one(self, key, registro):
        ejercicio, periodo = key
        campos = dict(registro["campos"])
        page = self.existing.get(key)
        if page is not None:
            draft, filas = self.latest_draft(page)
            if not draft.area_responsable and campos["area_responsable"] == self.organo.title:
                campos["area_responsable"] = ""  # what the export wrote for "the órgano"
            now = {name: getattr(draft, name) for name in campos}
            if now == campos and filas == registro["filas"]:
                return "sin_cambios"
            self.fill(draft, campos, registro["filas"])
            self.submit(draft)
            return "actualizados"
        if campos["area_responsable"] == self.organo.title:
            campos["area_responsable"] = ""
        page = self.new_page(ejercicio, periodo, campos)
        self.fill(page, campos, [])
        self.organo.add_child(instance=page)  # saved as a draft (live=False), cleaned first
        # The rows in one INSERT (the cluster would save them one by one), before the
        # revision, which then serialises them from the table.
        PublicacionFila.objects.bulk_create(
            PublicacionFila(page=page, valores=valores, sort_order=n)
            for n, valores in enumerate(registro["filas"])
        )
        self.submit(page)
        self.existing[key] = page
        return "creados"

    def latest_draft(self, page):
        """(the page as its latest revision has it, that revision's rows' values).

        As get_latest_revision_as_object, but the rows are read from the revision's JSON:
        restoring them as objects checks each row's page in the database, a query per row. The
        draft comes back without rows; fill() gives it the file's when something changed."""
        revision = page.get_latest_revision()
        if not page.has_unpublished_changes or revision is None or "filas" not in revision.content:
            draft = page.get_latest_revision_as_object()
            return draft, [fila.valores for fila in draft.filas.all()]
        content = dict(revision.content)
        rows = sorted(content.pop("filas", None) or [], key=lambda row: row.get("sort_order") or 0)
        return page.with_content_json({**content, "filas": []}), [
            row.get("valores", {}) for row in rows
        ]

    def fill(self, page, campos, filas):
        for name, value in campos.items():
            setattr(page, name, value)
        page.filas = [
            PublicacionFila(valores=valores, sort_order=n) for n, valores in enumerate(filas)
        ]

    def new_page(self, ejercicio, periodo, campos):
        label = Periodo(periodo).label
        title = f"{self.obligacion.titulo}, {label} {ejercicio}"
        previous = self.previous
        page = PublicacionPage(
            title=title[:255],
            slug=self.unique_slug(f"{self.obligacion.clave}-{ejercicio}-{periodo.lower()}"),
            live=False,
            owner=self.user,
            obligacion=self.obligacion,
            ejercicio=ejercicio,
            periodo=periodo,
            resumen=previous.resumen if previous else title,
            tipo_informacion=previous.tipo_informacion if previous else TipoInformacion.OTRO,
            periodicidad=self.periodicidad,
        )
        if previous is not None:
            page.ejes = list(self.ejes)
        return page

    def lector_periodicidad(self):
        aplicabilidad = Aplicabilidad.objects.filter(
            organo=self.organo, obligacion=self.obligacion
        ).first()
        if aplicabilidad is not None:
            return aplicabilidad.periodicidad_efectiva
        return self.obligacion.periodicidad

    def unique_slug(self, base):
        slug, n = slugify(base)[:200], 1
        while slug in self.slugs:
            n += 1
            slug = f"{slugify(base)[:200]}-{n}"
        self.slugs.add(slug)
        return slug

    def submit(self, page):
        """A new draft revision, sent to the workflow if none is under way; never published."""
        revision = page.save_revision(user=self.user, log_action=True)
        workflow = page.get_workflow()
        if workflow is not None and not page.workflow_in_progress:
            workflow.start(page, self.user)
        return revision


def _label(field):
    if field == "__all__":
        return _("registro")
    try:
        return str(PublicacionPage._meta.get_field(field).verbose_name)
    except Exception:
        return field
