"""Benchmark: time and SQL queries of the Buzón's figures over many tickets.

Usage (from the repository root):

    .venv/bin/python bench/buzon.py [--tickets 10000] [--repeat 20] [--database URL]

It builds a throwaway database (SQLite in a temporary folder unless --database names an empty
PostgreSQL database), loads the demo content (timing the demo's own Buzón tickets), adds
tickets until there are at least --tickets, spread over the last two years, and prints p50/p95
time and the query count of ``ticket_figures``, ``ticket_figures_by`` and the
/api/buzon/estadisticas/ endpoint.
"""

import argparse
import datetime
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import measure, migrate_and_seed, start_django  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database", default="")
    return parser.parse_args()


def setup(args, workdir):
    start_django(workdir, args.database)
    from home.demo import builder

    timed = {}
    original = builder.ensure_buzon

    def ensure_buzon(*a, **kw):
        started = time.perf_counter()
        try:
            return original(*a, **kw)
        finally:
            timed["buzon"] = time.perf_counter() - started

    builder.ensure_buzon = ensure_buzon
    return migrate_and_seed(), timed.get("buzon", 0.0)


def add_tickets(target):
    """Bulk tickets over the last two years: every kind, ~80 % resolved, 10 % unrouted."""
    from django.utils import timezone

    from buzon.choices import EstadoTicket, TipoTicket
    from buzon.models import Ticket
    from estructura.models import OrganoPage

    generator = random.Random(20260101)  # noqa: S311 - benchmark data
    organos = [*OrganoPage.objects.values_list("pk", flat=True), None]
    tipos = list(TipoTicket.values)
    now = timezone.now()
    existing = Ticket.objects.count()
    batch = []
    for n in range(existing, target):
        creado = now - datetime.timedelta(days=generator.uniform(0, 730))
        resolved = generator.random() < 0.8
        answered = creado + datetime.timedelta(days=generator.uniform(0.2, 15))
        if answered > now:
            resolved = False
        batch.append(
            Ticket(
                folio=f"BENCH-{n:08d}",
                anio=1990,
                numero=n,
                tipo=tipos[n % len(tipos)],
                asunto="Asunto de prueba",
                mensaje="Mensaje de prueba",
                organo_id=organos[n % len(organos)],
                clave_hash="-",
                estado=EstadoTicket.CERRADO if resolved else EstadoTicket.EN_ATENCION,
                fecha_limite=(creado + datetime.timedelta(days=14)).date(),
                creado=creado,
                respondido_en=answered if resolved else None,
                resuelto_en=answered if resolved else None,
                cerrado_en=answered if resolved else None,
            )
        )
    Ticket.objects.bulk_create(batch, batch_size=2000)
    return Ticket.objects.count()


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="optisnte-bench-") as workdir:
        seed_seconds, buzon_seconds = setup(args, workdir)
        from django.db import connection
        from django.test import Client
        from django.utils import timezone

        from buzon.models import Ticket
        from buzon.statistics import (
            period_bounds,
            ticket_figures,
            ticket_figures_by,
            ticket_figures_by_quarter,
        )

        demo_tickets = Ticket.objects.count()
        total = add_tickets(args.tickets)
        year = timezone.localdate().year
        quarter = (timezone.localdate().month - 1) // 3 + 1
        client = Client(HTTP_HOST="127.0.0.1")

        def endpoint():
            response = client.get(f"/api/buzon/estadisticas/?ejercicio={year}")
            assert response.status_code == 200, response.content

        cases = {
            f"ticket_figures (año {year})": lambda: ticket_figures(*period_bounds(year)),
            f"ticket_figures (T{quarter})": lambda: ticket_figures(*period_bounds(year, quarter)),
            "ticket_figures_by órgano (año)": lambda: ticket_figures_by(
                *period_bounds(year), "organo"
            ),
            "ticket_figures_by tipo (año)": lambda: ticket_figures_by(*period_bounds(year), "tipo"),
            "ticket_figures_by_quarter": lambda: ticket_figures_by_quarter(year),
            "GET /api/buzon/estadisticas/": endpoint,
        }
        print(
            f"{connection.vendor} · seed_demo {seed_seconds:.1f} s, de ellos sus "
            f"{demo_tickets} tickets del Buzón {buzon_seconds * 1000:.0f} ms"
        )
        print(f"{total} tickets · {args.repeat} repeticiones")
        print(f"{'operación':40} {'p50 ms':>8} {'p95 ms':>8} {'consultas':>10}")
        for name, run in cases.items():
            p50, p95, queries = measure(run, args.repeat)
            print(f"{name:40} {p50:8.1f} {p95:8.1f} {queries:10d}")


if __name__ == "__main__":
    main()
