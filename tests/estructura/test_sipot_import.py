"""Importing a series' XLSX: checked off the request, all or nothing, drafts in the workflow,
and a round trip (export, import back) that changes nothing."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Revision, WorkflowState

from estructura.factories import AplicabilidadFactory, PublicacionPageFactory
from estructura.models import EstadoImportacion, ImportacionFormato, PublicacionPage
from estructura.workflows import ensure_workflows
from tests.permissions.conftest import make_persona

from .sipot_helpers import obligacion_con_columnas, read_xlsx, xlsx


@pytest.fixture
def serie(organo_a, eje):
    ensure_workflows()
    obligacion = obligacion_con_columnas()
    aplicabilidad = AplicabilidadFactory(organo=organo_a, obligacion=obligacion)
    page = PublicacionPageFactory(
        parent=organo_a,
        ejes=[eje],
        obligacion=obligacion,
        ejercicio=2026,
        periodo="T2",
        fecha_actualizacion=datetime.date(2026, 7, 3),
        fecha_validacion=datetime.date(2026, 7, 6),
        nota="Cifras al cierre.",
    )
    page.filas = [
        PublicacionPage.filas.rel.related_model(
            valores={
                "Fecha de recepción": "2026-04-02",
                "Tipo de recurso": "Cuotas",
                "Monto": "1500000.00",
                "Hipervínculo": "https://snte.org.mx/a.pdf",
            }
        ),
        PublicacionPage.filas.rel.related_model(
            valores={
                "Fecha de recepción": "2026-05-20",
                "Tipo de recurso": "=Donativo",
                "Monto": "2500.50",
                "Hipervínculo": "",
            }
        ),
    ]
    page.save_revision().publish()
    return aplicabilidad, PublicacionPage.objects.get(pk=page.pk)


@pytest.fixture
def enlace(serie, organo_a):
    return make_persona("enlace_a", organo_a.roles.enlaces)


def export(persona, aplicabilidad):
    response = persona.admin.get(reverse("formatos_admin:exportar", args=[aplicabilidad.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def upload(persona, aplicabilidad, content, capture, name="formato.xlsx"):
    with capture(execute=True):
        return persona.admin.post(
            reverse("formatos_admin:importar", args=[aplicabilidad.pk]),
            {"archivo": SimpleUploadedFile(name, content)},
        )


def test_round_trip_export_then_import_changes_nothing(
    serie, enlace, django_capture_on_commit_callbacks
):
    aplicabilidad, page = serie
    revisions = Revision.objects.count()
    response = upload(
        enlace, aplicabilidad, export(enlace, aplicabilidad), django_capture_on_commit_callbacks
    )
    importacion = ImportacionFormato.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("formatos_admin:importacion", args=[importacion.pk])
    assert importacion.estado == EstadoImportacion.TERMINADA, importacion.errores
    assert (importacion.total_filas, importacion.sin_cambios, importacion.actualizados) == (2, 1, 0)
    assert Revision.objects.count() == revisions
    draft = PublicacionPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert [fila.valores["Tipo de recurso"] for fila in draft.filas.all()] == [
        "Cuotas",
        "=Donativo",
    ]
    assert draft.area_responsable == "" and draft.nota == "Cifras al cierre."
    progress = enlace.admin.get(response["Location"]).content.decode()
    assert "sin cambios: 1" in progress


def test_an_import_saves_drafts_in_the_workflow_and_never_publishes(
    serie, organo_a, django_capture_on_commit_callbacks
):
    aplicabilidad, page = serie
    admin = make_persona("nacional")
    admin.user.is_superuser = True
    admin.user.save()
    rows = read_xlsx(export(admin, aplicabilidad))
    rows[1][5] = 1600000  # Monto of the first row of 2026 T2
    nuevo = list(rows[2])
    nuevo[0:3] = [2026, datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)]
    nuevo[-3:-1] = [datetime.date(2026, 10, 6), datetime.date(2026, 10, 3)]
    rows.append(nuevo)
    upload(admin, aplicabilidad, xlsx(rows), django_capture_on_commit_callbacks)
    importacion = ImportacionFormato.objects.get()
    assert importacion.estado == EstadoImportacion.TERMINADA, importacion.errores
    assert (importacion.creados, importacion.actualizados) == (1, 1)
    live = PublicacionPage.objects.get(pk=page.pk)
    assert live.filas.first().valores["Monto"] == "1500000.00"  # the live record is untouched
    draft = live.get_latest_revision_as_object()
    assert draft.filas.first().valores["Monto"] == "1600000.00"
    assert live.has_unpublished_changes and live.workflow_in_progress
    creado = PublicacionPage.objects.get(obligacion=aplicabilidad.obligacion, periodo="T3")
    assert not creado.live and creado.workflow_in_progress
    assert creado.get_parent().pk == organo_a.pk
    assert WorkflowState.objects.filter(status="in_progress").count() == 2


def test_one_bad_row_saves_nothing_and_says_where_in_spanish(
    serie, enlace, django_capture_on_commit_callbacks
):
    aplicabilidad, page = serie
    rows = read_xlsx(export(enlace, aplicabilidad))
    rows[1][5] = 1600000
    rows[2][5] = "mucho"
    rows[2][6] = "javascript:alert(1)"
    revisions = Revision.objects.count()
    upload(enlace, aplicabilidad, xlsx(rows), django_capture_on_commit_callbacks)
    importacion = ImportacionFormato.objects.get()
    assert importacion.estado == EstadoImportacion.CON_ERRORES
    assert importacion.errores == [
        "Fila 3, columna «Monto»: Escribe un monto en pesos, p. ej. 1234.50.",
        "Fila 3, columna «Hipervínculo»: Escribe un hipervínculo completo que empiece con "
        "http:// o https://.",
    ]
    assert Revision.objects.count() == revisions
    assert importacion.contenido in (b"", memoryview(b""))


def test_a_record_that_breaks_the_sipot_rules_saves_nothing(
    serie, enlace, django_capture_on_commit_callbacks
):
    aplicabilidad, page = serie
    rows = read_xlsx(export(enlace, aplicabilidad))
    nuevo = list(rows[1])
    nuevo[0:3] = [2026, datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)]
    nuevo[-3:-1] = [datetime.date(2026, 9, 1), datetime.date(2026, 10, 3)]  # validated too early
    rows.append(nuevo)
    rows[1][5] = 99
    pages = PublicacionPage.objects.count()
    upload(enlace, aplicabilidad, xlsx(rows), django_capture_on_commit_callbacks)
    importacion = ImportacionFormato.objects.get()
    assert importacion.estado == EstadoImportacion.CON_ERRORES
    assert importacion.errores[0].startswith("Fila 4, campo «fecha de validación»: La fecha")
    assert PublicacionPage.objects.count() == pages
    assert (
        PublicacionPage.objects.get(pk=page.pk)
        .get_latest_revision_as_object()
        .filas.first()
        .valores["Monto"]
        == "1500000.00"
    )


def zip_bomb():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (70 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Ejercicio,Fecha\n2026,2026-01-01\n", "no es un libro de Excel"),
        (b"%PDF-1.4 not a workbook", "no es un libro de Excel"),
        (b"", "El archivo enviado está vac"),  # Django's own message
        ("zip-bomb", "descomprimido es demasiado grande"),
        ("huge", "pesa más de 5 MB"),
    ],
)
def test_hostile_files_are_refused_at_upload_and_leave_no_job(
    serie, enlace, django_capture_on_commit_callbacks, content, message
):
    aplicabilidad, _page = serie
    if content == "zip-bomb":
        content = zip_bomb()
    elif content == "huge":
        content = b"PK" + b"0" * (5 * 1024 * 1024 + 1)
    response = upload(enlace, aplicabilidad, content, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportacionFormato.objects.exists()


def headings_of(enlace, aplicabilidad):
    return read_xlsx(export(enlace, aplicabilidad))[0]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda rows: rows[0].__setitem__(5, "Importe"),
            "en la columna F se esperaba «Monto» y dice «Importe»",
        ),
        (lambda rows: rows[0].append("Extra"), "La fila 1 tiene columnas de más"),
        (
            lambda rows: rows[1].__setitem__(5, "=1+1"),
            "Fila 2, columna «Monto»: las fórmulas no se aceptan",
        ),
        (
            lambda rows: rows[1].__setitem__(1, datetime.date(2026, 4, 2)),
            "no es un periodo de la obligación",
        ),
        (
            lambda rows: rows[1].__setitem__(0, "dos mil"),
            "Fila 2, columna «Ejercicio»: escribe el año",
        ),
        (
            lambda rows: rows[1].__setitem__(9, None),
            "Fila 2, columna «Fecha de actualización»: este dato es obligatorio.",
        ),
        (
            lambda rows: rows[2].__setitem__(10, "Otra nota"),
            "Fila 3, columna «Fecha de validación»: las filas de un mismo periodo",
        ),
    ],
)
def test_bad_contents_are_reported_on_the_progress_page_and_save_nothing(
    serie, enlace, django_capture_on_commit_callbacks, mutate, message
):
    aplicabilidad, page = serie
    rows = read_xlsx(export(enlace, aplicabilidad))
    mutate(rows)
    revisions = Revision.objects.count()
    response = upload(enlace, aplicabilidad, xlsx(rows), django_capture_on_commit_callbacks)
    importacion = ImportacionFormato.objects.get()
    assert importacion.estado == EstadoImportacion.CON_ERRORES
    assert any(message in error for error in importacion.errores), importacion.errores
    assert message in enlace.admin.get(response["Location"]).content.decode().replace(
        "&laquo;", "«"
    ).replace("&raquo;", "»")
    assert Revision.objects.count() == revisions


def test_fifty_thousand_rows_are_refused_with_a_clear_message(
    serie, enlace, django_capture_on_commit_callbacks
):
    aplicabilidad, _page = serie
    rows = read_xlsx(export(enlace, aplicabilidad))
    rows += [rows[1]] * 50_000
    upload(enlace, aplicabilidad, xlsx(rows), django_capture_on_commit_callbacks)
    importacion = ImportacionFormato.objects.get()
    assert importacion.estado == EstadoImportacion.CON_ERRORES
    assert importacion.errores == [
        "El archivo tiene más de 5000 filas de datos: divídelo en varios."
    ]


def quarter_rows(headings, count, ejercicio=2025, periodo="T3"):
    """`count` rows of one new quarterly record (2025 T3 unless told), as the layout has them."""
    start = {"T3": datetime.date(ejercicio, 7, 1), "T4": datetime.date(ejercicio, 10, 1)}[periodo]
    end = {"T3": datetime.date(ejercicio, 9, 30), "T4": datetime.date(ejercicio, 12, 31)}[periodo]
    rows = [headings]
    for n in range(count):
        rows.append(
            [ejercicio, start, end, start + datetime.timedelta(days=n % 60), f"Cuota {n}"]
            + [1000 + n, f"https://snte.org.mx/r/{n}.pdf", "Finanzas"]
            + [end + datetime.timedelta(days=8), end + datetime.timedelta(days=5), ""]
        )
    return rows


def job_for(aplicabilidad, user, content):
    return ImportacionFormato.objects.create(
        organo=aplicabilidad.organo,
        obligacion=aplicabilidad.obligacion,
        usuario=user,
        nombre_archivo="formato.xlsx",
        contenido=content,
    )


def finished(job):
    job.refresh_from_db()
    assert job.estado == EstadoImportacion.TERMINADA, job.errores
    return job


def test_an_import_costs_the_same_queries_for_ten_rows_as_for_a_hundred(
    serie, enlace, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from estructura.sipot.importer import run

    aplicabilidad, _page = serie
    headings = read_xlsx(export(enlace, aplicabilidad))[0]
    small = xlsx(quarter_rows(headings, 10, periodo="T3"))
    job = job_for(aplicabilidad, enlace.user, small)
    with CaptureQueriesContext(connection) as created:
        run(job.pk)
    assert finished(job).creados == 1
    job = job_for(aplicabilidad, enlace.user, small)
    with CaptureQueriesContext(connection) as unchanged:
        run(job.pk)
    assert finished(job).sin_cambios == 1

    big = xlsx(quarter_rows(headings, 100, periodo="T4"))
    job = job_for(aplicabilidad, enlace.user, big)
    with django_assert_max_num_queries(len(created)):
        run(job.pk)
    assert finished(job).creados == 1
    job = job_for(aplicabilidad, enlace.user, big)
    with django_assert_max_num_queries(len(unchanged)):
        run(job.pk)
    assert finished(job).sin_cambios == 1

    # The rows written in one INSERT are the draft's, in the file's order.
    creado = PublicacionPage.objects.get(obligacion=aplicabilidad.obligacion, periodo="T4")
    draft = creado.get_latest_revision_as_object()
    assert [fila.valores["Tipo de recurso"] for fila in draft.filas.all()] == [
        f"Cuota {n}" for n in range(100)
    ]
    assert creado.filas.count() == 100 and not creado.live and creado.workflow_in_progress


def progress_page(persona, job):
    response = persona.admin.get(reverse("formatos_admin:importacion", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_progress_page_moves_by_itself_while_the_import_runs(serie, enlace):
    aplicabilidad, _page = serie
    job = ImportacionFormato.objects.create(
        organo=aplicabilidad.organo,
        obligacion=aplicabilidad.obligacion,
        usuario=enlace.user,
        nombre_archivo="formato.xlsx",
        contenido=b"",
        estado=EstadoImportacion.VALIDANDO,
        total_filas=2000,
        filas_procesadas=500,
    )
    html = progress_page(enlace, job)
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "Validando filas" in html
    assert (
        "500 de 2,000 filas revisadas (25.0\u00a0%)" in html
    )  # cms.formats.cifra, as the site writes figures
    assert '<label for="avance-importacion">Avance de la revisión de filas</label>' in html
    assert '<progress id="avance-importacion" max="2000" value="500">' in html
    assert 'role="status"' in html

    job.estado, job.filas_procesadas = EstadoImportacion.GUARDANDO, 2000
    job.save()
    html = progress_page(enlace, job)
    assert "Guardando borradores" in html and 'http-equiv="refresh"' in html
    assert '<progress id="avance-importacion"></progress>' in html  # indeterminate: working

    job.estado = EstadoImportacion.TERMINADA
    job.save()
    html = progress_page(enlace, job)
    assert 'http-equiv="refresh"' not in html  # a finished page stays still
    assert "Terminada" in html and "se actualiza sola" not in html
