"""HTTP caching of the read API (/api/v2/): validators, 304 answers and a shared response cache.

GET/HEAD responses with status 200 to requests that carry no credential (`shareable`) are
kept in Django's cache (local memory, or Redis when REDIS_URL is set) under a key made of the
API *generation*, the full URL and the Accept header. Any change to content the API shows bumps
the generation (see api/signal_handlers.py), so every key in use changes at once and the old
copies are never read again; they expire on their own (API_CACHE_SECONDS) or are evicted.

Why one site-wide generation rather than purging the URLs a page appears at: a page shows up in
listings under any combination of filters (eje, órgano, ejercicio, search…), in other pages'
references (an eje's title inside every publication) and in its documents' and images' entries,
so the set of affected URLs cannot be computed cheaply or surely. A bump is one cache write,
it is always right, and changes are rare next to reads (a few publishes a day, quarterly peaks).
"""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from cms.sharing import cache_control, shareable

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v2/"
GENERATION_KEY = "optisnte:api:v2:generation"
# A listing of 100 publications with fields=* is a few hundred KB; anything bigger is not
# worth the memory of every worker's local cache.
MAX_CACHED_BYTES = 1024 * 1024
# Set afresh on every answer, so a stored copy must not replay them.
UNSTORED_HEADERS = {"age", "x-cache", "set-cookie"}


def current_generation():
    """The API generation: nanoseconds since the epoch at the last change of API content."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Lost (first start, eviction, Redis flush): start from "now", which no copy stored
        # before can carry, so losing the counter can never resurrect an old response.
        generation = time.time_ns()
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY, generation)
    return generation


def _bump_generation():
    try:
        previous = cache.get(GENERATION_KEY) or 0
        # Strictly later than before even on a coarse clock; never expires.
        cache.set(GENERATION_KEY, max(time.time_ns(), previous + 1), timeout=None)
    except Exception:
        # A cache outage must not fail the publish that triggered it; copies then live at
        # most API_CACHE_SECONDS.
        logger.exception("Could not invalidate the API cache")


def bump_api_generation():
    """Invalidate every cached API response, now and again when the transaction commits.

    Now, so a request in this same transaction (a test, a management command) sees the change;
    on commit, because a request that read the new generation before the commit would have
    stored the old rows under it.
    """
    _bump_generation()
    transaction.on_commit(_bump_generation, robust=True)


def cache_key(request, generation):
    # Host and scheme are part of the URL: the pages endpoint answers for the request's Site.
    # Accept picks the renderer (JSON, or DRF's browsable HTML).
    url = request.build_absolute_uri()
    accept = request.META.get("HTTP_ACCEPT", "")
    digest = hashlib.sha256(f"{url}\n{accept}".encode()).hexdigest()
    return f"optisnte:api:v2:{generation}:{digest}"


def weak_etag(content):
    # Weak: a proxy that compresses the body keeps a weak ETag (it drops strong ones), and
    # If-None-Match compares weakly anyway.
    return f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'


def last_modified_for(started, generation):
    """A Last-Modified date (whole seconds) that If-Modified-Since can trust, or None.

    HTTP dates have one-second resolution, so a date is given only when the last change
    happened before that second began: a later change then always yields a later date, and a
    client never gets a 304 for a body that changed within the same second.
    """
    second = math.floor(started)
    if second * 1_000_000_000 > generation:
        return second
    return None


def storable(request, response):
    return (
        request.method == "GET"
        # An answer holding the client's CSRF token (DRF's browsable HTML) is theirs alone.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and len(response.content) <= MAX_CACHED_BYTES
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _cache_get(key):
    try:
        return cache.get(key)
    except Exception:
        logger.exception("API cache unavailable; answering without it")
        return None


def _cache_set(key, value, seconds):
    try:
        cache.set(key, value, timeout=seconds)
    except Exception:
        logger.exception("API cache unavailable; response not stored")


def response_from_entry(entry):
    response = HttpResponse(entry["content"], status=200)
    for name, value in entry["headers"]:
        response[name] = value
    # The copy was made earlier: downstream caches count its lifetime from then.
    response["Age"] = str(max(0, int(time.time() - entry["stored_at"])))
    response["X-Cache"] = "HIT"
    return response


class APICacheMiddleware:
    """Validators, Cache-Control, 304s and a shared cache for anonymous reads of /api/v2/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not request.path.startswith(API_PREFIX):
            return self.get_response(request)

        seconds = settings.API_CACHE_SECONDS
        shared = seconds > 0 and shareable(request)
        try:
            generation = current_generation()
        except Exception:
            logger.exception("API cache unavailable; answering without it")
            generation, shared = time.time_ns(), False
        key = cache_key(request, generation) if shared else None

        entry = _cache_get(key) if key else None
        if entry is not None:
            response = response_from_entry(entry)
            last_modified = entry["last_modified"]
        else:
            started = time.time()
            response = self.get_response(request)
            if response.status_code != 200 or response.streaming:
                patch_vary_headers(response, ("Authorization", "Cookie"))
                return response
            last_modified = last_modified_for(started, generation)
            self.add_validators(request, response, last_modified, seconds)
            if key and storable(request, response):
                _cache_set(key, self.make_entry(response, last_modified), seconds)
            response["X-Cache"] = "MISS" if key else "BYPASS"

        # 304 when the client's copy is current, whether or not this answer came from the cache.
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )

    def add_validators(self, request, response, last_modified, seconds):
        response["ETag"] = weak_etag(response.content)
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        response.setdefault("Cache-Control", cache_control(request, seconds))
        # A shared cache downstream must not hand one client's answer to a token holder or a
        # logged-in user, nor JSON to a browser that asked for HTML.
        patch_vary_headers(response, ("Accept", "Authorization", "Cookie"))

    def make_entry(self, response, last_modified):
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in UNSTORED_HEADERS
        ]
        return {
            "content": response.content,
            "headers": headers,
            "last_modified": last_modified,
            "stored_at": time.time(),
        }
