"""The visit counter: which page views count, the buffer in the cache, and its flush.

A view is counted by incrementing one cache key per (page, local day); the key names only
the page and the day, so nothing about the visitor exists anywhere to be kept or leaked.
`flush()` (the `visitas_volcar` command, run by cron) adds the buffered counts to
`VisitaDiaria`.
"""

import datetime
import logging
import re
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

KEY_PREFIX = "visitas"
LOCK_KEY = f"{KEY_PREFIX}:volcando"
RECENT_FLUSH_KEY = f"{KEY_PREFIX}:volcado-reciente"
# How long a buffered count waits for its flush; the flush looks this many days back.
BUFFER_DAYS = 8
LOCK_SECONDS = 10 * 60

# Crawlers, monitors, link previewers and scripts. A browser's User-Agent never contains
# any of these words; an empty one is a script as well (see `is_countable`).
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|scrap|headless|phantomjs|selenium|playwright|puppeteer|"
    r"lighthouse|pagespeed|pingdom|uptime|monitor|preview|archiver|feedfetcher|"
    r"facebookexternalhit|mediapartners|validator|"
    r"curl|wget|httpie|python-requests|python-urllib|python-httpx|aiohttp|"
    r"go-http-client|java/|okhttp|apache-httpclient|libwww|node-fetch|axios|http_request",
    re.IGNORECASE,
)


def enabled():
    return getattr(settings, "VISITAS_ENABLED", True)


def lazy_flush_seconds():
    """Seconds between flushes done by the web process itself (0: only cron flushes).

    By default only with a per-process cache (locmem, the dev set-up), which a cron job in
    another process can never read; with Redis, cron does it off the request path.
    """
    configured = getattr(settings, "VISITAS_VOLCADO_SEGUNDOS", None)
    if configured is not None:
        return configured
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return 5 * 60 if backend.endswith("LocMemCache") else 0


def is_bot(user_agent):
    return not user_agent.strip() or bool(BOT_USER_AGENT.search(user_agent))


def is_countable(page, request, response):
    """Whether serving `page` with `response` is one public page view.

    Left out: anything but a plain GET answered 200; previews; pages in a private section
    (Wagtail marks every response under a view restriction, the login or password form
    included, ``Cache-Control: private``, as do the Buzón's personal pages); people logged
    in, who on this site are all staff checking their own work; crawlers and scripts; and
    browsers' speculative prefetches, which nobody may ever look at.
    """
    if request.method != "GET" or response.status_code != 200:
        return False
    if getattr(request, "is_preview", False) or not page.live:
        return False
    if "private" in response.get("Cache-Control", ""):
        return False
    headers = request.headers
    if "prefetch" in headers.get("Sec-Purpose", "") or headers.get("Purpose") == "prefetch":
        return False
    if is_bot(headers.get("User-Agent", "")):
        return False
    # Last: reading the user may load the session, and every check above is free.
    user = getattr(request, "user", None)
    return not (user and user.is_authenticated)


def buffer_key(page_id, day: datetime.date):
    """The cache key of one page's views on one day: the page and the day, nothing else."""
    return f"{KEY_PREFIX}:{day.isoformat()}:{page_id}"


def record(page_id, day=None):
    """Count one view of `page_id` today. Never fails a page view: a cache outage loses
    counts, not pages."""
    key = buffer_key(page_id, day or timezone.localdate())
    try:
        try:
            cache.incr(key)
        except ValueError:
            # The day's first view; `add` loses to a concurrent first view, which then
            # exists for the `incr` to find.
            if not cache.add(key, 1, timeout=BUFFER_DAYS * 24 * 60 * 60):
                cache.incr(key)
    except Exception:
        logger.exception("visitas: could not count a view of page %s", page_id)
        return
    _maybe_flush_lazily()


_last_lazy_check = time.monotonic()


def _maybe_flush_lazily():
    # A process-local clock, so a view costs no extra cache round trip; the shared marker
    # keeps several processes from flushing one after another.
    global _last_lazy_check
    interval = lazy_flush_seconds()
    now = time.monotonic()
    if not interval or now - _last_lazy_check < interval:
        return
    _last_lazy_check = now
    try:
        if cache.add(RECENT_FLUSH_KEY, 1, timeout=interval):
            flush()
    except Exception:
        logger.exception("visitas: lazy flush failed; the counts stay in the cache")


@dataclass(frozen=True)
class Volcado:
    """What one flush did: rows (page and day) touched and views added; `busy` when another
    flush was running and this one did nothing."""

    filas: int = 0
    visitas: int = 0
    busy: bool = False


def pending(today=None, days=BUFFER_DAYS):
    """{(page_id, day): count} buffered in the cache for the last `days` days."""
    from wagtail.models import Page

    today = today or timezone.localdate()
    # Every page, not only live ones: a view counted before an unpublish still happened.
    page_ids = Page.objects.values_list("pk", flat=True)
    dias = [today - datetime.timedelta(days=n) for n in range(days)]
    keys = {buffer_key(page_id, dia): (page_id, dia) for page_id in page_ids for dia in dias}
    found = cache.get_many(list(keys))
    return {keys[key]: int(value) for key, value in found.items() if int(value or 0) > 0}


def flush(today=None, days=BUFFER_DAYS) -> Volcado:
    """Move the buffered counts into `VisitaDiaria`; safe to run at any time, in any number
    of processes.

    Each count is written, then taken off its key with a decrement (never a reset), so a view
    arriving meanwhile stays buffered for the next flush. The decrements happen inside the
    transaction and are undone if it fails, so a count is neither lost nor written twice; a
    lock keeps two flushes from writing the same counts.
    """
    from .models import VisitaDiaria

    token = uuid.uuid4().hex
    if not cache.add(LOCK_KEY, token, timeout=LOCK_SECONDS):
        return Volcado(busy=True)
    decremented = []
    try:
        counts = pending(today, days)
        if not counts:
            return Volcado()
        with transaction.atomic():
            existing = set(
                VisitaDiaria.objects.filter(
                    page_id__in={page_id for page_id, _ in counts},
                    dia__in={dia for _, dia in counts},
                ).values_list("page_id", "dia")
            )
            for (page_id, dia), n in counts.items():
                if (page_id, dia) in existing:
                    VisitaDiaria.objects.filter(page_id=page_id, dia=dia).update(
                        visitas=F("visitas") + n
                    )
            VisitaDiaria.objects.bulk_create(
                [
                    VisitaDiaria(page_id=page_id, dia=dia, visitas=n)
                    for (page_id, dia), n in counts.items()
                    if (page_id, dia) not in existing
                ]
            )
            for (page_id, dia), n in counts.items():
                key = buffer_key(page_id, dia)
                try:
                    cache.decr(key, n)
                except ValueError:
                    continue  # expired meanwhile: nothing left to count twice
                decremented.append((key, n))
        return Volcado(filas=len(counts), visitas=sum(counts.values()))
    except BaseException:
        for key, n in decremented:
            try:
                cache.incr(key, n)
            except ValueError:
                cache.add(key, n, timeout=BUFFER_DAYS * 24 * 60 * 60)
        raise
    finally:
        if cache.get(LOCK_KEY) == token:
            cache.delete(LOCK_KEY)
