"""Benchmark: importing a 2,000-row XLSX in the national platform's layout (issue 12, item 8).

Usage (from the repository root):

    .venv/bin/python bench/importacion.py
        [--database postgres://postgres@127.0.0.1:5432/bench_importacion] [--reuse]
        [--trimestres 8] [--filas 250]

It builds a PostgreSQL database (dropped and created again unless --reuse; the name must start
with "bench") with one órgano, an obligation with typed columns (date, text, money, URL), its
applicability (quarterly), an enlace of the órgano and the workflows. With --reuse the órgano,
users and workflows stay and only the series' records and import jobs of an earlier run go.
Tasks go to django-tasks-db's queue (as in production), so the upload request only enqueues.

It writes an XLSX of --trimestres quarters × --filas rows (8 × 250 = 2,000 rows, 8 records),
and prints, one line each:

- file: the XLSX's size.
- upload: the enlace's form POST through the test client (Django's whole request path): time
  and queries, and what it left (a pending job and one queued task: the work is not done there).
- import: the task's body (`importer.run`) on that job: time and queries of reading and
  checking every row, then of writing the drafts (one transaction); the peak Python memory
  (tracemalloc, in a separate run rolled back, since tracing slows the code it measures); and
  the progress writes the job got (UPDATEs of `filas_procesadas`, what the refreshing progress
  page shows the enlace).
- again: the same file imported again (every record "sin cambios").
- changed: every amount one peso more (every record "actualizado": a new draft revision).
- one bad row: the file with one bad amount in row 1,234: time to reject it, and the rows in
  the database before and after (nothing saved).
- export: the admin export of the series once the drafts are published (what the platform
  takes), and that file imported back (the round trip: every record "sin cambios").

Targets (issue 12): the request does no import work; 2,000 rows in under 10 s; queries that do
not grow with rows; progress moving at least every 250 rows.

On the 2-core development machine (PostgreSQL 15 local) the upload takes about 0.03 s and 11
queries; the task about 1-2 s for 2,000 rows, ~85 queries per record written (Wagtail's tree,
revision, log and workflow) and none per row. Before the importer was tuned (December 2026) the
write took 2,701 queries (an INSERT per row) and the re-import 2,085 (restoring a draft's rows
from its revision checked each row's page: a SELECT per row). Times vary 2-3x with the load of
the machine; queries do not.
"""

import argparse
import datetime
import io
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import start_django  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/bench_importacion"
AREA = "Secretaría de Finanzas"
COLUMNAS = [
    ("Fecha de recepción", "fecha"),
    ("Tipo de recurso", "texto"),
    ("Monto", "moneda"),
    ("Hipervínculo", "url"),
]
BAD_ROW = 1234  # the spreadsheet's row number (1 is the headings)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--reuse", action="store_true", help="keep the órgano and users")
    parser.add_argument("--trimestres", type=int, default=8)
    parser.add_argument("--filas", type=int, default=250, help="rows per quarter")
    return parser.parse_args()


def fresh_postgres(url):
    """Drop and create the database `url` names (never one the project uses). As in
    bench/obligaciones.py, whose import would put bench/ (and its api.py) before the apps."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    if not name.startswith("bench"):
        raise SystemExit("--database must name a database whose name starts with 'bench'")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def build():
    """The órgano, its obligation with typed columns, its applicability, enlace, workflows."""
    from django.contrib.auth import get_user_model

    from ejes.factories import EjePageFactory, EjesIndexPageFactory
    from estructura.factories import EstructuraIndexPageFactory, OrganoPageFactory
    from estructura.models import Aplicabilidad, Obligacion, ObligacionColumna
    from estructura.workflows import ensure_workflows
    from home.models import HomePage

    home = HomePage.objects.get()
    EjePageFactory(parent=EjesIndexPageFactory(parent=home), title="Finanzas", slug="finanzas")
    organo = OrganoPageFactory(
        parent=EstructuraIndexPageFactory(parent=home),
        title="Secretaría de Finanzas del CEN",
        slug="finanzas-cen",
    )
    obligacion = Obligacion.objects.create(
        clave="bench-recursos", ley="Ley General", titulo="Recursos públicos recibidos"
    )
    for orden, (nombre, tipo) in enumerate(COLUMNAS):
        ObligacionColumna.objects.create(
            obligacion=obligacion, nombre=nombre, tipo=tipo, sort_order=orden
        )
    Aplicabilidad.objects.create(organo=organo, obligacion=obligacion)
    enlace = get_user_model().objects.create_user("enlace-bench", "enlace@snte.example.mx")
    enlace.groups.add(organo.roles.enlaces)
    ensure_workflows()


def stage():
    """(órgano, obligación, aplicabilidad, enlace) of the built database."""
    from django.contrib.auth import get_user_model

    from estructura.models import Aplicabilidad

    aplicabilidad = Aplicabilidad.objects.select_related("organo", "obligacion").get(
        obligacion__clave="bench-recursos"
    )
    enlace = get_user_model().objects.get(username="enlace-bench")
    return aplicabilidad.organo, aplicabilidad.obligacion, aplicabilidad, enlace


def forget_earlier_run(organo, obligacion):
    from estructura.models import ImportacionFormato, PublicacionPage

    for page in PublicacionPage.objects.child_of(organo).filter(obligacion=obligacion):
        page.delete()
    ImportacionFormato.objects.all().delete()


def quarters(count):
    """`count` closed quarters, oldest first, ending with the last one of last year."""
    year = datetime.date.today().year - 1
    found = [(year - n // 4, 4 - n % 4) for n in range(count)]
    return list(reversed(found))


def write_file(obligacion, trimestres, filas, bad_row=None, aumento=0):
    """The XLSX, as bytes: `filas` rows for each of `trimestres` quarters (every amount
    `aumento` pesos more, to change every record)."""
    from openpyxl import Workbook

    from estructura.sipot.layout import headings

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Formato")
    sheet.append(headings(list(obligacion.columnas.all())))
    number = 1
    for year, quarter in quarters(trimestres):
        inicio = datetime.date(year, 3 * quarter - 2, 1)
        termino = datetime.date(year + quarter // 4, 3 * quarter % 12 + 1, 1) - datetime.timedelta(
            days=1
        )
        actualizacion = termino + datetime.timedelta(days=5)
        validacion = termino + datetime.timedelta(days=8)
        for n in range(filas):
            number += 1
            monto = "mil pesos" if number == bad_row else round(1000 + aumento + n * 17.35, 2)
            sheet.append(
                [
                    year,
                    inicio,
                    termino,
                    inicio + datetime.timedelta(days=n % 80),
                    f"Cuota sindical {n + 1} del {quarter}.º trimestre",
                    monto,
                    f"https://snte.org.mx/transparencia/recursos/{year}-{quarter}-{n}.pdf",
                    AREA,
                    validacion,
                    actualizacion,
                    "",
                ]
            )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def counts():
    from wagtail.models import Revision

    from estructura.models import PublicacionFila, PublicacionPage

    return {
        "páginas": PublicacionPage.objects.count(),
        "filas": PublicacionFila.objects.count(),
        "revisiones": Revision.objects.count(),
    }


class Upload:
    """The enlace's upload through the whole request path; the task is only queued."""

    def __init__(self, client, aplicabilidad):
        from django.urls import reverse

        self.client = client
        self.url = reverse("formatos_admin:importar", args=[aplicabilidad.pk])

    def __call__(self, content):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from estructura.models import ImportacionFormato

        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.post(
                self.url, {"archivo": SimpleUploadedFile("formato.xlsx", content)}
            )
        elapsed = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        job = ImportacionFormato.objects.latest("pk")
        return job, elapsed, len(queries)


def run_job(job):
    """(seconds and queries of reading/checking, then of writing; progress writes)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from estructura.sipot import importer

    marks = {}
    original = importer._set

    def spy(importacion, **fields):
        if fields.get("estado") == importer.EstadoImportacion.GUARDANDO:
            marks["read"] = (time.perf_counter(), len(queries))
        return original(importacion, **fields)

    importer._set = spy
    try:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            estado = importer.run(job.pk)
            ended = time.perf_counter()
    finally:
        importer._set = original
    read_at, read_queries = marks.get("read", (ended, len(queries)))
    progress = sum(
        1
        for query in queries.captured_queries
        if query["sql"].startswith("UPDATE") and "filas_procesadas" in query["sql"]
    )
    job.refresh_from_db()
    return {
        "estado": estado,
        "read": (read_at - started, read_queries),
        "write": (ended - read_at, len(queries) - read_queries),
        "total": (ended - started, len(queries)),
        "progress": progress,
        "job": job,
    }


def peak_memory(upload, content):
    """Peak traced memory (MB) of the task's run on `content`, in a transaction rolled back."""
    from django.db import transaction

    from estructura.sipot import importer

    with transaction.atomic():
        job, _, _ = upload(content)
        tracemalloc.start()
        importer.run(job.pk)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        transaction.set_rollback(True)
    return peak / 1024 / 1024


def publish_series(organo, obligacion, supervisor):
    """What the supervisors would do: approve (here, publish) each draft and end its workflow."""
    from estructura.models import PublicacionPage

    for page in PublicacionPage.objects.child_of(organo).filter(obligacion=obligacion):
        state = page.current_workflow_state
        if state is not None:
            state.cancel(user=supervisor)
        page.get_latest_revision().publish(user=supervisor)


def main():
    args = parse_args()
    if not args.database.startswith("postgres"):
        raise SystemExit("--database must be a PostgreSQL URL")
    import os

    # Tasks queue in the database, as in production: the upload request must only enqueue.
    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    with tempfile.TemporaryDirectory() as workdir:
        if not args.reuse:
            fresh_postgres(args.database)
        start_django(workdir, args.database)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        if not args.reuse:
            build()
        organo, obligacion, aplicabilidad, enlace = stage()
        forget_earlier_run(organo, obligacion)

        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse
        from django_tasks_db.models import DBTaskResult

        supervisor, _ = get_user_model().objects.get_or_create(
            username="supervisor-bench", defaults={"is_superuser": True}
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(enlace)
        upload = Upload(client, aplicabilidad)
        rows = args.trimestres * args.filas
        lines = []

        def line(what, seconds=None, queries=None, note=""):
            figures = f"{seconds:7.2f} s" if seconds is not None else " " * 9
            figures += f" {queries:6d} q" if queries is not None else " " * 9
            lines.append(f"{what:<28}{figures}  {note}")
            print(lines[-1], flush=True)

        print(f"{rows} rows: {args.trimestres} quarters × {args.filas} rows, on {args.database}")
        content = write_file(obligacion, args.trimestres, args.filas)
        line("file", note=f"{len(content) / 1024:.0f} KB, {rows} rows + headings")

        peak = peak_memory(upload, content)
        DBTaskResult.objects.all().delete()

        job, seconds, queries = upload(content)
        queued = DBTaskResult.objects.filter(status="READY").count()
        line(
            "upload (POST, enlace)",
            seconds,
            queries,
            f"job {job.get_estado_display()}, {job.filas_procesadas} rows done, "
            f"{queued} task queued",
        )
        first = run_job(job)
        job = first["job"]
        line("import: read + check", *first["read"], f"{job.total_filas} rows")
        line("import: write drafts", *first["write"], f"peak memory {peak:.1f} MB")
        line(
            "import: total",
            *first["total"],
            f"{job.get_estado_display()}: {job.creados} nuevos, {job.actualizados} "
            f"actualizados, {job.sin_cambios} sin cambios; {first['progress']} progress writes",
        )
        assert job.estado == "terminada", job.errores

        job, _, _ = upload(content)
        again = run_job(job)
        job = again["job"]
        line(
            "again (same file)",
            *again["total"],
            f"{job.creados} nuevos, {job.actualizados} actualizados, {job.sin_cambios} sin cambios",
        )

        job, _, _ = upload(write_file(obligacion, args.trimestres, args.filas, aumento=1))
        changed = run_job(job)
        job = changed["job"]
        line(
            "changed (every amount +1)",
            *changed["total"],
            f"{job.creados} nuevos, {job.actualizados} actualizados, {job.sin_cambios} sin cambios",
        )

        before = counts()
        bad = write_file(obligacion, args.trimestres, args.filas, bad_row=BAD_ROW)
        job, _, _ = upload(bad)
        rejected = run_job(job)
        job = rejected["job"]
        after = counts()
        line(
            "one bad row",
            *rejected["total"],
            f"{job.get_estado_display()}; {job.errores[0] if job.errores else 'no error!'}; "
            f"database {'unchanged' if before == after else 'CHANGED'} ({after})",
        )

        publish_series(organo, obligacion, supervisor)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("formatos_admin:exportar", args=[aplicabilidad.pk]))
            exported = b"".join(response.streaming_content)
        line(
            "export (admin, published)",
            time.perf_counter() - started,
            len(queries),
            f"{len(exported) / 1024:.0f} KB",
        )
        job, _, _ = upload(exported)
        back = run_job(job)
        job = back["job"]
        line(
            "round trip (import export)",
            *back["total"],
            f"{job.creados} nuevos, {job.actualizados} actualizados, {job.sin_cambios} sin cambios",
        )
        print()
        print("\n".join(lines))


if __name__ == "__main__":
    main()
