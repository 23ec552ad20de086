"""Benchmark: requests per second and latency of API v2 through a real server, cold and cached.

Usage (from the repository root, after `make test` has installed the test tools):

    .venv/bin/python bench/api.py [--publicaciones 1000] [--requests 200] [--concurrency 4]
                                  [--workers 4]

It builds a throwaway SQLite database in a temporary folder (the demo content plus publications
up to --publicaciones, made as bench/pages.py makes them), then starts gunicorn on 127.0.0.1 with
the production settings, as a deployment runs it: the numbers include the WSGI server, every
middleware and the per-worker local-memory cache, which runserver would not show faithfully.
It runs twice: once with API_CACHE_SECONDS=0 (cold: every request is built) and once with the
default cache (warmed first). Each case sends --requests requests from --concurrency threads,
one connection per request (gunicorn's sync workers close it anyway), and prints a table.
The server is stopped and the temporary folder deleted at the end, also on error or Ctrl-C.
It only ever talks to 127.0.0.1.
"""

import argparse
import contextlib
import http.client
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import migrate_and_seed, start_django  # noqa: E402

HOST = "127.0.0.1"  # never anything else
LISTING = "/api/v2/pages/?type=estructura.PublicacionPage&fields=*&limit=20"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publicaciones", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    return parser.parse_args()


def seed(workdir, publicaciones):
    """Migrate, load the demo and add publications; return (total, detail URL)."""
    os.environ.pop("REDIS_URL", None)
    start_django(workdir)
    from django.db import connections
    from pages import add_publicaciones  # bench/pages.py: the same data as the page benchmark

    from estructura.models import PublicacionPage

    migrate_and_seed()
    total = add_publicaciones(publicaciones)
    detail = f"/api/v2/pages/{PublicacionPage.objects.live().public().first().pk}/"
    connections.close_all()  # the server opens its own
    return total, detail


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def request(port, path, headers=None):
    """One GET on a fresh connection: (status, milliseconds, body size, response headers)."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return (
            response.status,
            (time.perf_counter() - start) * 1000,
            len(body),
            dict(response.getheaders()),
        )
    finally:
        connection.close()


@contextlib.contextmanager
def server(workdir, workers, cache_seconds):
    """gunicorn with the production settings on a free 127.0.0.1 port; stopped on exit."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback, no TLS proxy in front
        "STATIC_ROOT": f"{workdir}/static",
        "WAGTAILAPI_BASE_URL": f"http://{HOST}:{port}",
        "API_CACHE_SECONDS": str(cache_seconds),
        "LOG_LEVEL": "ERROR",
    }
    log_path = Path(workdir) / f"gunicorn-{cache_seconds}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(  # noqa: S603 (fixed arguments, no shell)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cms.wsgi",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "120",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # so stopping it reaches every worker
        )
    try:
        wait_until_ready(process, port, log_path)
        yield port
    finally:
        stop(process)


def wait_until_ready(process, port, log_path, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log_path.read_text()[-3000:]}")
        try:
            if request(port, "/api/v2/pages/?limit=1")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer in {timeout} s:\n{log_path.read_text()[-3000:]}")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def measure(port, path, requests, concurrency, headers=None, expect=200):
    """Send `requests` GETs from `concurrency` threads: (req/s, p50 ms, p95 ms, hits or 304s)."""
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(lambda _: request(port, path, headers), range(requests)))
    elapsed = time.perf_counter() - start
    statuses = {status for status, *_ in results}
    assert statuses == {expect}, (path, statuses)
    timings = sorted(ms for _, ms, _, _ in results)
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    hits_or_304 = sum(
        1
        for status, _, _, response_headers in results
        if status == 304 or response_headers.get("X-Cache") == "HIT"
    )
    return requests / elapsed, statistics.median(timings), p95, hits_or_304


def run_cases(workdir, args, detail):
    rows = []
    endpoints = {"listado (20, fields=*)": LISTING, "detalle": detail}
    with server(workdir, args.workers, cache_seconds=0) as port:
        for name, path in endpoints.items():
            request(port, path)  # imports, first queries: not what is measured
            rows.append(
                (name, "frío (sin caché)", *measure(port, path, args.requests, args.concurrency))
            )
    with server(workdir, args.workers, cache_seconds=60) as port:
        for name, path in endpoints.items():
            # Local memory is per worker: enough requests that every worker holds a copy.
            measure(port, path, args.workers * 10, args.concurrency)
            rows.append((name, "con caché", *measure(port, path, args.requests, args.concurrency)))
        etag = request(port, LISTING)[3]["ETag"]
        rows.append(
            (
                "listado, If-None-Match",
                "con caché (304)",
                *measure(
                    port,
                    LISTING,
                    args.requests,
                    args.concurrency,
                    headers={"If-None-Match": etag},
                    expect=304,
                ),
            )
        )
    return rows


def main():
    args = parse_args()
    workdir = tempfile.mkdtemp(prefix="optisnte-bench-api-")
    try:
        print("Preparando la base de datos de prueba…", flush=True)
        total, detail = seed(workdir, args.publicaciones)
        rows = run_cases(workdir, args, detail)
        print(
            f"\n{total} publicaciones · gunicorn {args.workers} workers en {HOST} · "
            f"{args.requests} peticiones por caso · concurrencia {args.concurrency}"
        )
        header = ("endpoint", "modo", "req/s", "p50 ms", "p95 ms", "HIT/304")
        print("{:26} {:18} {:>8} {:>8} {:>8} {:>8}".format(*header))
        for name, mode, rps, p50, p95, hits in rows:
            print(f"{name:26} {mode:18} {rps:8.1f} {p50:8.1f} {p95:8.1f} {hits:8d}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
