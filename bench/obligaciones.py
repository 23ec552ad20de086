"""Benchmark: the compliance matrix (estructura.obligaciones.series) at national scale.

Usage (from the repository root, after `make test` has installed the test tools):

    .venv/bin/python bench/obligaciones.py [--organos 20] [--obligaciones 40] [--trimestres 8]
        [--repeat 30] [--database postgres://postgres@127.0.0.1:5432/bench_obligaciones]
        [--reuse]

It builds a throwaway database (SQLite in a temporary directory unless --database names one;
a PostgreSQL database named there is dropped and created again) with `--organos` órganos,
`--obligaciones` obligations applying to each, and `--trimestres` quarterly records of each
series, most complete and one in ten missing its last quarter. It prints how long building the
matrix takes (p50/p95 of --repeat runs) and its queries, the same for the history of the last
eight windows' closes, and for the /obligaciones/ page that shows them. The targets: at most
10 queries and 150 ms on PostgreSQL. Building takes about 20 minutes on PostgreSQL (6,320 pages
through Wagtail's tree); `--reuse` measures a database an earlier run built, as it is.
"""

import argparse
import datetime
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import measure, start_django  # noqa: E402

LIMIT_QUERIES, LIMIT_MS = 10, 150


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organos", type=int, default=20)
    parser.add_argument("--obligaciones", type=int, default=40)
    parser.add_argument("--trimestres", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database", default="")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the PostgreSQL database as it is"
    )
    return parser.parse_args()


def fresh_postgres(url):
    """Drop and create the database `url` names (never one the project uses)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    if not name.startswith("bench"):
        raise SystemExit("--database must name a database whose name starts with 'bench'")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def quarters_back(count, today):
    """The last `count` (ejercicio, periodo) quarters reported by `today`, oldest first."""
    year, quarter = today.year, (today.month - 1) // 3  # the quarter before the current one
    found = []
    while len(found) < count:
        if quarter == 0:
            year, quarter = year - 1, 4
        found.append((year, f"T{quarter}"))
        quarter -= 1
    return list(reversed(found))


def build(organos, obligaciones, trimestres):
    from django.core.management import call_command

    from estructura.factories import OrganoPageFactory
    from estructura.models import (
        Aplicabilidad,
        EstructuraIndexPage,
        Obligacion,
        PublicacionPage,
    )

    call_command("migrate", verbosity=0)
    index = EstructuraIndexPage.objects.first()
    if index is None:
        from home.models import HomePage

        index = HomePage.objects.first().add_child(
            instance=EstructuraIndexPage(title="Estructura", slug="estructura")
        )
    catalogue = [
        Obligacion.objects.create(clave=f"bench-{n}", ley="Ley", titulo=f"Obligación {n}")
        for n in range(obligaciones)
    ]
    periods = quarters_back(trimestres, datetime.date.today())
    started = time.perf_counter()
    for o in range(organos):
        organo = OrganoPageFactory(parent=index, title=f"Órgano {o}", slug=f"organo-{o}")
        Aplicabilidad.objects.bulk_create(
            Aplicabilidad(organo=organo, obligacion=obligacion) for obligacion in catalogue
        )
        for n, obligacion in enumerate(catalogue):
            missing_last = (o * obligaciones + n) % 10 == 0
            for ejercicio, periodo in periods[: -1 if missing_last else None]:
                organo.add_child(
                    instance=PublicacionPage(
                        title=f"{obligacion.titulo} {periodo} {ejercicio}",
                        slug=f"o{n}-{periodo.lower()}-{ejercicio}",
                        resumen="Registro de prueba.",
                        tipo_informacion="informe",
                        obligacion=obligacion,
                        ejercicio=ejercicio,
                        periodo=periodo,
                    )
                )
        print(f"  órgano {o + 1}/{organos} ({time.perf_counter() - started:.0f} s)", flush=True)
    return PublicacionPage.objects.count()


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        reuse = args.reuse and args.database.startswith("postgres")
        if args.database.startswith("postgres") and not reuse:
            fresh_postgres(args.database)
        start_django(workdir, args.database)
        if reuse:
            from django.core.management import call_command

            from estructura.models import PublicacionPage

            call_command("migrate", verbosity=0)  # the code may have moved on since the build

            records = PublicacionPage.objects.count()
        else:
            print(
                f"Building {args.organos} órganos × {args.obligaciones} obligaciones × "
                f"{args.trimestres} trimestres…"
            )
            records = build(args.organos, args.obligaciones, args.trimestres)

        from collections import Counter

        from django.test import Client

        from estructura.cycle import site_calendar
        from estructura.obligaciones import historial, load_series, series

        calendar = site_calendar()
        found = series(calendar=calendar)
        print(f"{records} records, {len(found)} series: {dict(Counter(s.estado for s in found))}")
        p50, p95, queries = measure(lambda: series(calendar=calendar), args.repeat)
        print(f"matrix: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {queries} queries")
        verdict = "OK" if queries <= LIMIT_QUERIES and p50 <= LIMIT_MS else "OVER THE TARGET"
        print(f"  target ≤ {LIMIT_QUERIES} queries and ≤ {LIMIT_MS} ms: {verdict}")
        p50, p95, queries = measure(
            lambda: historial(load_series(), calendar=calendar), args.repeat
        )
        print(f"history of 8 closes: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {queries} queries")
        client = Client()

        def page():
            response = client.get("/obligaciones/", HTTP_HOST="localhost")
            assert response.status_code == 200, response.status_code

        p50, p95, queries = measure(page, max(5, args.repeat // 3))
        print(f"/obligaciones/ page: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {queries} queries")


if __name__ == "__main__":
    main()
