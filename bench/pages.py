"""Benchmark: render time and SQL queries of the public listing pages with many publications.

Usage (from the repository root, after `make test` has installed the test tools):

    .venv/bin/python bench/pages.py [--publicaciones 1000] [--requests 50] [--database URL]

It builds a throwaway database (SQLite in a temporary folder unless --database names an empty
PostgreSQL database), loads the demo content, adds publications until there are at least
--publicaciones, then renders each page through Django's test client and prints p50/p95 time
and the query count. It measures the application (views, templates, ORM), not a web server.
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import measure, migrate_and_seed, start_django  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publicaciones", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--database", default="")
    return parser.parse_args()


def setup(args, workdir):
    start_django(workdir, args.database)
    migrate_and_seed()


def add_publicaciones(target):
    import datetime

    from ejes.models import EjePage
    from estructura.choices import Periodo, TipoInformacion
    from estructura.factories import PublicacionPageFactory
    from estructura.models import OrganoPage, PublicacionPage

    organos = list(OrganoPage.objects.all())
    ejes = list(EjePage.objects.all())
    tipos = list(TipoInformacion.values)
    existing = PublicacionPage.objects.count()
    for n in range(existing, target):
        PublicacionPageFactory(
            parent=organos[n % len(organos)],
            ejes=[ejes[n % len(ejes)]],
            tipo_informacion=tipos[n % len(tipos)],
            periodo=Periodo.T1,
            ejercicio=2024 + n % 3,
            fecha_actualizacion=datetime.date(2026, 3, 3) - datetime.timedelta(days=n % 700),
        )
    return PublicacionPage.objects.count()


def measure_page(client, url, requests):
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return measure(get, requests)


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="optisnte-bench-") as workdir:
        setup(args, workdir)
        total = add_publicaciones(args.publicaciones)
        from django.test import Client

        from ejes.models import EjePage
        from estructura.models import OrganoPage, PublicacionPage

        eje = max(EjePage.objects.all(), key=lambda e: e.publicaciones.count())
        organo = max(OrganoPage.objects.all(), key=lambda o: o.get_children().count())
        pages = {
            "home": "/",
            f"eje ({eje.publicaciones.count()} publicaciones)": eje.url,
            "eje filtrado (ejercicio)": f"{eje.url}?ejercicio=2025",
            f"órgano ({organo.get_children().count()} páginas)": organo.url,
            "publicación": PublicacionPage.objects.live().first().url,
            "estructura": "/estructura-sindical/",
            "búsqueda": "/buscar/?q=informe",
        }
        client = Client(HTTP_HOST="127.0.0.1")
        print(f"{total} publicaciones · {args.requests} peticiones por página")
        print(f"{'página':40} {'p50 ms':>8} {'p95 ms':>8} {'consultas':>10}")
        for name, url in pages.items():
            p50, p95, queries = measure_page(client, url, args.requests)
            print(f"{name:40} {p50:8.1f} {p95:8.1f} {queries:10d}")


if __name__ == "__main__":
    main()
