"""What every benchmark shares: a throwaway database with the demo, and a timing loop."""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def start_django(workdir, database=""):
    """Django on the dev settings against a database in `workdir` (or the URL given)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    os.environ["DATABASE_URL"] = database or f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{workdir}/media"
    os.environ["PRIVATE_MEDIA_ROOT"] = f"{workdir}/private_media"
    os.environ["DEBUG"] = "false"
    import django

    django.setup()


def migrate_and_seed():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", force=True, verbosity=0)
    return time.perf_counter() - started


def measure(run, repeat):
    """(p50 ms, p95 ms, queries of one run) of calling `run()` `repeat` times after a warm-up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run()  # warm caches
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        run()
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return statistics.median(timings), p95, len(queries)
