"""`visitas_volcar`: buffered views reach `VisitaDiaria` once, and none is lost on the way."""

import datetime
import threading
import time
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from visitas import counter
from visitas.models import VisitaDiaria

from .conftest import buffered

pytestmark = pytest.mark.django_db


def volcar(*args):
    out = StringIO()
    call_command("visitas_volcar", *args, stdout=out)
    return out.getvalue()


def saved(page, day=None):
    row = VisitaDiaria.objects.filter(page=page, dia=day or timezone.localdate()).first()
    return row.visitas if row else 0


def test_flush_moves_the_counts_and_says_how_many(browser, home, eje):
    browser.get(home.url)
    browser.get(home.url)
    browser.get(eje.url)
    assert "Volcadas 3 visitas en 2 filas" in volcar()
    assert saved(home) == 2
    assert saved(eje) == 1
    assert buffered(home) == buffered(eje) == 0


def test_flushing_again_adds_nothing(browser, home):
    browser.get(home.url)
    volcar()
    assert "Volcadas 0 visitas en 0 filas" in volcar()
    assert saved(home) == 1


def test_flush_adds_to_the_day_already_saved(browser, home):
    VisitaDiaria.objects.create(page=home, dia=timezone.localdate(), visitas=40)
    browser.get(home.url)
    browser.get(home.url)
    volcar()
    browser.get(home.url)
    volcar()
    assert saved(home) == 43


def test_views_of_an_earlier_day_land_on_that_day(home):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    counter.record(home.pk, day=yesterday)
    counter.record(home.pk)
    volcar()
    assert saved(home, yesterday) == 1
    assert saved(home) == 1


def test_dry_run_shows_the_pending_counts_and_saves_nothing(browser, home):
    browser.get(home.url)
    out = volcar("--dry-run")
    assert f"página {home.pk} · {timezone.localdate()}: 1" in out
    assert "Pendientes 1 visitas en 1 filas" in out
    assert not VisitaDiaria.objects.exists()
    assert buffered(home) == 1


def test_days_out_of_range_are_refused():
    with pytest.raises(CommandError, match="--dias debe estar entre 1 y 8"):
        volcar("--dias", "0")


def test_a_view_arriving_during_the_flush_is_kept_for_the_next_one(browser, home):
    browser.get(home.url)
    browser.get(home.url)

    # A visitor arrives after the flush has read the counts, while it writes them.
    def visitor_arrives(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and "visitas_visitadiaria" in sql:
            counter.record(home.pk)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(visitor_arrives):
        counter.flush()
    assert saved(home) == 2
    assert buffered(home) == 1
    volcar()
    assert saved(home) == 3
    assert buffered(home) == 0


def test_a_failed_write_leaves_every_count_in_the_cache(browser, home):
    browser.get(home.url)
    VisitaDiaria.objects.create(page=home, dia=timezone.localdate(), visitas=5)

    class Refused(Exception):
        pass

    def database_refuses(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("UPDATE") and "visitas_visitadiaria" in sql:
            raise Refused
        return execute(sql, params, many, context)

    with pytest.raises(Refused), connection.execute_wrapper(database_refuses):
        counter.flush()
    assert saved(home) == 5
    assert buffered(home) == 1
    volcar()
    assert saved(home) == 6


def test_a_second_flush_at_the_same_time_does_nothing(browser, home):
    browser.get(home.url)
    cache.add(counter.LOCK_KEY, "otro proceso", timeout=60)
    assert "Otro volcado está en curso" in volcar()
    assert buffered(home) == 1
    cache.delete(counter.LOCK_KEY)
    volcar()
    assert saved(home) == 1


def test_no_view_is_lost_while_visitors_and_flushes_run_at_once(home, eje):
    stop = threading.Event()
    recorded = [0] * 6

    def visitor(n):
        while not stop.is_set():
            counter.record((home if n % 2 else eje).pk)
            recorded[n] += 1

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(len(recorded))]
    for thread in threads:
        thread.start()
    flushed = sum(counter.flush().visitas for _ in range(20))
    stop.set()
    for thread in threads:
        thread.join()
    counter.flush()
    assert flushed > 0
    today = timezone.localdate()
    assert VisitaDiaria.objects.between(today, today).total() == sum(recorded)
    assert saved(home) == sum(recorded[1::2])
    assert saved(eje) == sum(recorded[0::2])


def test_the_web_process_flushes_by_itself_when_the_buffer_is_old(browser, settings, home):
    settings.VISITAS_VOLCADO_SEGUNDOS = 60
    counter._last_lazy_check = time.monotonic()
    browser.get(home.url)
    assert saved(home) == 0  # not a minute yet
    counter._last_lazy_check -= 61
    browser.get(home.url)
    assert saved(home) == 2
    assert buffered(home) == 0
    browser.get(home.url)  # the next minute's flush is someone else's
    assert saved(home) == 2


def test_lazy_flush_is_on_by_default_only_with_a_per_process_cache(settings):
    del settings.VISITAS_VOLCADO_SEGUNDOS
    assert counter.lazy_flush_seconds() == 300  # the tests' locmem cache
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache"}}
    assert counter.lazy_flush_seconds() == 0
