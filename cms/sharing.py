"""May this answer be shared? The one rule for every Cache-Control the project sets.

The API cache (api/http_cache.py), the project API's figures and the results downloads all
ask it: only an answer computed without any credential is `public` or kept by a shared cache.
"""

from django.conf import settings
from django.utils.cache import patch_vary_headers


def shareable(request):
    """May an answer to this request be kept by a shared cache, or marked `public`?

    Only when it was computed without any credential: no Authorization header (a bearer
    token, a Basic password) and no session cookie (a login, a page or collection password
    passed, a Buzón receipt). Everything else is `private, no-store`. This is the one place
    that decides; every response that sets Cache-Control asks it (`cache_control`,
    `mark_cacheable`).
    """
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


PRIVATE = "private, no-store"


def mark_cacheable(request, response, seconds):
    """Cache-Control for an answer that is the same for every visitor: public for `seconds`
    when the request is `shareable`, else never stored."""
    response["Cache-Control"] = cache_control(request, seconds)
    patch_vary_headers(response, ("Authorization", "Cookie"))
    return response


def cache_control(request, seconds):
    """The Cache-Control value: `public` for `seconds` only when the request is shareable."""
    if not shareable(request):
        return PRIVATE
    if seconds <= 0:
        return "no-cache"
    return f"public, max-age={seconds}"
