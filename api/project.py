"""OPTISNTE's own API at /api/ (django-ninja): where the apps' endpoints plug in, with v3's ways.

Endpoints that Wagtail has no API for (the Buzón, the results figures) live in their app as a
``ninja.Router`` and plug in here, so they share one OpenAPI schema (/api/openapi.json), one docs
page (/api/docs/) and Wagtail API v3's conventions:

- errors are RFC 7807 ``application/problem+json`` (Wagtail's own handlers are registered here,
  with ``api.errors`` answering validation, 401/403 and 404 in Spanish);
- an operation with no ``auth`` of its own needs a bearer token (``TOKEN_AUTH``); public reads
  say ``auth=PUBLIC_AUTH``, which also ignores session cookies, as v3 does;
- lists are paginated with ``@paginate(Pagination)``: ``limit``/``offset``, ``{"count", "items"}``
  and ``WAGTAILAPI_LIMIT_MAX``;
- hostile bodies (nesting, lone surrogates, invalid UTF-8, numbers beyond bigint or JSON's
  floats) are refused by ``api.guard`` before authentication, and query input PostgreSQL
  refuses (a NUL character, an ``offset`` beyond bigint) by ``reject_unqueryable_input``: both
  are 400s rather than 500s, on this API and on v3 (``guard_api``, which api/urls.py calls).

An app plugs in a router without ``api`` importing the app (the arrows point one way), in either
of two ways, both before the URLconf is first loaded:

- a hook in the app's ``wagtail_hooks.py`` that returns ``(prefix, router)`` or a list of them::

      @hooks.register("register_optisnte_api")
      def register_buzon_api():
          from .api import router

          return "/buzon/", router

- or ``register_router("/buzon/", router)`` from the app's ``AppConfig.ready()``.
"""

from collections.abc import Iterable
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from ninja import Field, NinjaAPI, Router
from wagtail import hooks
from wagtail.api.v3.errors import register_exception_handlers
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination

from .auth import PUBLIC_AUTH, TOKEN_AUTH
from .errors import speak_spanish
from .guard import BIGINT_MAX, guard_api
from .openapi import serve_valid_openapi

__all__ = ["PUBLIC_AUTH", "TOKEN_AUTH", "Pagination", "build_api", "register_router"]

HOOK_NAME = "register_optisnte_api"

_registered_routers: list[tuple[str, Router]] = []
_api: NinjaAPI | None = None


def register_router(prefix: str, router: Router) -> None:
    """Mount an app's router at /api/<prefix>; call before the URLconf loads (AppConfig.ready)."""
    if _api is not None:
        # Django Ninja freezes an API once its URLs exist; a late router would silently 404.
        raise ImproperlyConfigured(
            f"The OPTISNTE API is already built; register the router for {prefix!r} from "
            f"AppConfig.ready() or the {HOOK_NAME!r} hook."
        )
    _registered_routers.append((prefix, router))


def _hooked_routers() -> Iterable[tuple[str, Router]]:
    for hook in hooks.get_hooks(HOOK_NAME):
        result = hook()
        if isinstance(result, tuple):
            result = [result]
        for prefix, router in result or ():
            if not isinstance(router, Router):
                raise ImproperlyConfigured(
                    f"{hook.__module__}.{hook.__name__} must return (prefix, ninja.Router) pairs."
                )
            yield prefix, router


class Pagination(WagtailLimitOffsetPagination):
    """v3's limit/offset pagination, with the bounds PostgreSQL has written into the schema."""

    class Input(WagtailLimitOffsetPagination.Input):
        limit: int = Field(default=20, ge=1, le=BIGINT_MAX)
        offset: int = Field(default=0, ge=0, le=BIGINT_MAX)


def _gate_docs(view):
    # The same switch as v3's: a site that hides its API docs hides both schemas.
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not getattr(settings, "WAGTAILAPI_DOCS_ENABLED", True):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def build_api() -> NinjaAPI:
    """A new API with the project's own routers and every registered one (tests build their own)."""
    api = NinjaAPI(
        title="OPTISNTE API",
        version="1.0.0",
        description=(
            "Servicios propios del Observatorio Público de Transparencia e Información del SNTE "
            "(Buzón, rendición de resultados) que complementan las API de Wagtail v2 (/api/v2/) "
            "y v3 (/api/v3/). Los errores siguen RFC 7807 (application/problem+json); las "
            "operaciones de escritura piden un token Bearer."
        ),
        urls_namespace="optisnte_api",
        openapi_url="/openapi.json",
        docs_url="/docs/",
        docs_decorator=_gate_docs,
        auth=TOKEN_AUTH,  # Safe by default: a public operation says so with PUBLIC_AUTH.
    )
    register_exception_handlers(api)
    speak_spanish(api)
    guard_api(api)
    serve_valid_openapi(api)
    from .estado import estado_router

    api.add_router("/", estado_router)
    for prefix, router in [*_registered_routers, *_hooked_routers()]:
        api.add_router(prefix, router)
    return api


def get_api_urls():
    """The URL patterns for cms/urls.py; builds the API once, after every app has registered."""
    global _api
    if _api is None:
        _api = build_api()
    return _api.urls
