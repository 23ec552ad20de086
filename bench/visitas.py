"""Benchmark: what the visit counter adds to a public page view.

Usage (from the repository root, after `make test` has installed the test tools):

    .venv/bin/python bench/visitas.py [--requests 200] [--redis URL] [--database URL]

It builds a throwaway database with the demo content, then renders the home page and a
publication through Django's test client as an anonymous phone browser, with the counter off
(``VISITAS_ENABLED = False``) and on, one view of each in turn (--requests of each), so
both see the same moments of a machine that may be busy. It prints p50/p95 and the overhead in per
cent (it must stay under 10 %), the time of one count alone, and checks that the flush saved
exactly the views made with the counter on. The cache is local memory unless --redis names a
Redis server (keys under their own prefix; nothing else there is touched).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import measure, migrate_and_seed, start_django  # noqa: E402

BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Mobile Safari/537.36"
)
LIMIT_PERCENT = 10


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--redis", default="")
    parser.add_argument("--database", default="")
    return parser.parse_args()


def measure_page(client, url, requests):
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return measure(get, requests)


def interleaved(client, url, requests, settings):
    """p50 and p95 (ms) with the counter off and on, one view of each in turn, so both see
    the same moment of a busy machine; and how many views were counted."""
    timings = {False: [], True: []}
    for n in range(2 * requests):
        enabled = bool(n % 2)
        settings.VISITAS_ENABLED = enabled
        started = time.perf_counter()
        response = client.get(url)
        timings[enabled].append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    result = {}
    for enabled, values in timings.items():
        values.sort()
        result[enabled] = (
            statistics.median(values),
            values[min(len(values) - 1, int(len(values) * 0.95))],
        )
    return result, requests


def time_one_count(page_id, repeat=20000):
    from visitas import counter

    started = time.perf_counter()
    for _ in range(repeat):
        counter.record(page_id)
    return (time.perf_counter() - started) / repeat * 1e6, repeat


def main():
    args = parse_args()
    if args.redis:
        os.environ["REDIS_URL"] = args.redis
        os.environ["CACHE_KEY_PREFIX"] = f"bench-visitas-{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="optisnte-bench-") as workdir:
        start_django(workdir, args.database)
        migrate_and_seed()
        from django.conf import settings
        from django.core.cache import cache
        from django.test import Client
        from wagtail.models import Page

        from estructura.models import PublicacionPage
        from visitas import counter
        from visitas.models import VisitaDiaria

        # Only the explicit flush at the end moves counts, never one in the middle of a round.
        settings.VISITAS_VOLCADO_SEGUNDOS = 0
        publicacion = PublicacionPage.objects.live().public().first()
        pages = {"home": Page.objects.get(depth=2), "publicación": publicacion}
        client = Client(HTTP_USER_AGENT=BROWSER, HTTP_HOST="127.0.0.1")
        backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
        print(f"caché {backend} · {args.requests} peticiones por caso, alternadas")
        print(
            f"{'página':14} {'p50 sin':>8} {'p50 con':>8} {'p95 sin':>8} {'p95 con':>8} "
            f"{'consultas':>10} {'sobrecosto p50':>15}"
        )
        before = {
            page.pk: VisitaDiaria.objects.filter(page=page).total() for page in pages.values()
        }
        counted = dict.fromkeys(before, 0)
        worst = 0.0
        for name, page in pages.items():
            url = page.url
            settings.VISITAS_ENABLED = False
            off_q = measure_page(client, url, 5)[2]
            settings.VISITAS_ENABLED = True
            on_q = measure_page(client, url, 5)[2]
            counted[page.pk] += 5 + 2  # measure's warm-up and query run count too
            result, views = interleaved(client, url, args.requests, settings)
            counted[page.pk] += views
            overhead = 100 * (result[True][0] - result[False][0]) / result[False][0]
            (off50, off95), (on50, on95) = result[False], result[True]
            worst = max(worst, overhead)
            print(
                f"{name:14} {off50:8.2f} {on50:8.2f} {off95:8.2f} {on95:8.2f} "
                f"{off_q:>4} → {on_q:<4} {overhead:14.1f}%"
            )
        settings.VISITAS_ENABLED = True
        volcado = counter.flush()
        for page_id, expected in counted.items():
            saved = VisitaDiaria.objects.filter(page_id=page_id).total() - before[page_id]
            assert saved == expected, (page_id, saved, expected)
        print(f"volcado: {volcado.visitas} visitas en {volcado.filas} filas (las esperadas)")
        micro, repeat = time_one_count(publicacion.pk)
        print(
            f"un conteo solo (counter.record): {micro:.1f} µs de media en {repeat} llamadas, "
            f"{100 * micro / 1000 / off50:.2f} % del p50 de la última página"
        )
        if args.redis:
            # Only this run's keys (its own prefix, any version): the server may be shared.
            redis = cache.client.get_client(write=True)
            for key in redis.scan_iter(f"{os.environ['CACHE_KEY_PREFIX']}:*"):
                redis.delete(key)
        verdict = "OK" if worst < LIMIT_PERCENT else "EXCEDE"
        print(f"sobrecosto máximo p50: {worst:.1f}% (límite {LIMIT_PERCENT}%): {verdict}")
        return 0 if worst < LIMIT_PERCENT else 1


if __name__ == "__main__":
    sys.exit(main())
