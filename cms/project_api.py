"""OPTISNTE's own API at /api/ (django-ninja): where the apps' endpoints plug in, with v3's ways.

Endpoints that Wagtail has no API for (the Buzón, the results figures) live in their app as a
``ninja.Router`` and plug in here, so they share one OpenAPI schema (/api/openapi.json), one docs
page (/api/docs/) and Wagtail API v3's conventions:

- errors are RFC 7807 ``application/problem+json`` (Wagtail's own handlers are registered here);
- an operation with no ``auth`` of its own needs a bearer token (``TOKEN_AUTH``); public reads
  say ``auth=PUBLIC_AUTH``, which also ignores session cookies, as v3 does;
- lists are paginated with ``@paginate(Pagination)``: ``limit``/``offset``, ``{"count", "items"}``
  and ``WAGTAILAPI_LIMIT_MAX``;
- hostile bodies (nesting, lone surrogates, invalid UTF-8, numbers beyond bigint or JSON's
  floats) are refused by ``cms.api_guard`` before authentication, and query input PostgreSQL
  refuses (a NUL character, an ``offset`` beyond bigint) by ``reject_unqueryable_input``: both
  are 400s rather than 500s, on this API and on v3 (``guard_api``, which cms/urls.py calls).

An app plugs in a router without ``cms`` importing the app (the arrows point one way), in either
of two ways, both before the URLconf is first loaded:

- a hook in the app's ``wagtail_hooks.py`` that returns ``(prefix, router)`` or a list of them::

      @hooks.register("register_optisnte_api")
      def register_buzon_api():
          from .api import router

          return "/buzon/", router

- or ``register_router("/buzon/", router)`` from the app's ``AppConfig.ready()``.
"""

import datetime
import json
from collections.abc import Iterable
from functools import wraps
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, RequestDataTooBig
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Router, Schema
from wagtail import hooks
from wagtail.api.utils import get_full_url
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.errors import problem_response, register_exception_handlers
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.models import Site

from .api_guard import GuardedParser, refuse_hostile_body

HOOK_NAME = "register_optisnte_api"

TOKEN_AUTH = BearerTokenAuth()
# Token if given, else anonymous; either way a session cookie never elevates the request.
PUBLIC_AUTH = [BearerTokenAuth(), AllowAnonymous()]

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


class BadQuery(ValueError):
    """A query parameter refused; its message (Spanish) is the 400's detail."""


def query_integer(value, name):
    """A positive integer typed in a query string (ASCII digits, at most nine)."""
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise BadQuery(_("«%(name)s» debe ser un número entero positivo.") % {"name": name})
    return int(value)


def query_period(ejercicio, trimestre, first_year):
    """(ejercicio, trimestre or None) from ``?ejercicio=&trimestre=``: the current year by
    default, a year from `first_year` to the next one, a quarter 1–4 or none (the year)."""
    this_year = timezone.localdate().year
    year = this_year
    if ejercicio not in (None, ""):
        year = query_integer(ejercicio, "ejercicio")
        if not first_year <= year <= this_year + 1:
            raise BadQuery(
                _("El ejercicio debe estar entre %(first)s y %(last)s.")
                % {"first": first_year, "last": this_year + 1}
            )
    quarter = None
    if trimestre not in (None, ""):
        quarter = query_integer(trimestre, "trimestre")
        if quarter not in (1, 2, 3, 4):
            raise BadQuery(_("El trimestre debe ser 1, 2, 3 o 4."))
    return year, quarter


# PostgreSQL's LIMIT and OFFSET are bigint: a larger number fails in the database, not validation.
BIGINT_MAX = 2**63 - 1


def _query_problem(request) -> str | None:
    query = request.GET
    if "\x00" in request.path or any(
        "\x00" in key or any("\x00" in value for value in query.getlist(key)) for key in query
    ):
        return _("La ruta y la consulta no pueden contener caracteres nulos.")
    for name in ("limit", "offset"):
        try:
            number = int(query.get(name, ""))
        except ValueError:
            continue  # not a number: the operation's own validation answers 422
        if number > BIGINT_MAX:
            return _("%(name)s no puede ser mayor que %(max)s.") % {"name": name, "max": BIGINT_MAX}
    return None


def _path_problem(kwargs) -> str | None:
    """A path id beyond bigint: PostgreSQL refuses it, and past 4,300 digits so does int()."""
    for name, value in kwargs.items():
        digits = str(value).removeprefix("-").removeprefix("+")
        if not (digits.isascii() and digits.isdigit()):
            continue  # not a number: the operation's own validation answers
        if len(digits) > len(str(BIGINT_MAX)) or int(digits) > BIGINT_MAX:
            return _("«%(name)s» está fuera de rango: el máximo es %(max)s.") % {
                "name": name,
                "max": BIGINT_MAX,
            }
    return None


def _write_problem(request, kwargs) -> str | None:
    """Writes Wagtail 8.0.1's v3 turns into a 500 instead of a 4xx (reported upstream)."""
    page_id = kwargs.get("page_id")
    if page_id is not None and not str(page_id).isdigit():
        # schemas/pages.py looks the page up before the id is validated as an integer.
        return _("El id de la página debe ser un número entero positivo.")
    # Only JSON is read here: touching request.body would load a multipart upload into memory
    # (and refuse any over DATA_UPLOAD_MAX_MEMORY_SIZE) before the operation sees it.
    if request.method not in {"POST", "PATCH", "PUT"} or request.content_type != "application/json":
        return None
    try:
        raw = request.body
    except RequestDataTooBig:
        return None  # the operation sets its own limit (the Buzón's JSON carries files)
    if not raw:
        return None
    try:
        body = json.loads(raw)
    except ValueError:
        return None  # malformed JSON: Ninja answers it itself
    if not isinstance(body, dict):
        # schemas/base.py reads body["meta"] and fails on `null`, lists or numbers.
        return _("El cuerpo de la solicitud debe ser un objeto JSON.")
    action = request.path.rstrip("/").rsplit("/", 1)[-1]
    if page_id is not None and action in {"copy", "create_alias", "move"}:
        from wagtail.models import Page

        # Copy and alias need the page's parent, and a move "left"/"right" of the root needs
        # the root's: the tree's root has none.
        if action in {"copy", "create_alias"} and Page.objects.filter(pk=page_id, depth=1).exists():
            return _("La raíz del árbol de páginas no se puede copiar ni crear como alias.")
        destination = body.get("destination_id")
        if (
            action == "move"
            and body.get("position") in {"left", "right"}
            and isinstance(destination, int)
            and Page.objects.filter(pk=destination, depth=1).exists()
        ):
            return _("Nada puede colocarse junto a la raíz del árbol de páginas.")
    return None


def reject_unqueryable_input(run):
    """Ninja "view" decorator: 400 for input Wagtail 8.0.1's v3 would answer with a 500.

    API v2 rejects NUL characters itself (wagtail#12052); v3 does not, and ``?search=%00``,
    ``?locale=%00``, ``find/?html_path=%00``, an ``offset`` or a path id beyond bigint reach
    PostgreSQL (a 5,000-digit id does not even get that far: int() refuses it).
    Writes with a non-integer page id, a non-object JSON body, or a copy/alias/move around the
    tree's root fail inside Wagtail (see ``_write_problem``).
    """

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        problem = (
            _query_problem(request) or _path_problem(kwargs) or _write_problem(request, kwargs)
        )
        if problem:
            return problem_response(status=400, detail=problem)
        return run(request, *args, **kwargs)

    return wrapper


def guard_api(api: NinjaAPI) -> None:
    """Put the input guards on `api` (this one and v3); call before its URLs are built."""
    api.parser = GuardedParser()  # the JSON Ninja parses itself, multipart fields included
    api.add_decorator(reject_unqueryable_input, mode="view")
    # Added last, so it wraps outermost and runs first: nothing below reads an unchecked body.
    api.add_decorator(refuse_hostile_body, mode="view")


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
    guard_api(api)
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


# --- /api/estado/: what this server is and where its APIs are ---------------------------------

estado_router = Router(tags=["estado"])


class EnlacesSchema(Schema):
    api_v2: str
    api_v3: str
    esquema_v3: str | None
    esquema: str | None
    documentacion: str | None


class EstadoSchema(Schema):
    sitio: str
    version: str
    hora_servidor: datetime.datetime
    enlaces: EnlacesSchema


def _project_version() -> str:
    try:
        return package_version("optisnte")
    except PackageNotFoundError:  # Run from a checkout that was never pip-installed.
        return "desconocida"


@estado_router.get(
    "/estado/",
    response=EstadoSchema,
    auth=PUBLIC_AUTH,
    url_name="estado",
    operation_id="estado",
    summary="Estado del servicio",
    description="Nombre del sitio, versión de OPTISNTE, hora del servidor y enlaces a las API.",
)
def estado(request: HttpRequest):
    site = Site.find_for_request(request)
    docs_enabled = getattr(settings, "WAGTAILAPI_DOCS_ENABLED", True)

    def url(name):
        return get_full_url(request, reverse(name))

    return {
        "sitio": (site and site.site_name) or settings.WAGTAIL_SITE_NAME,
        "version": _project_version(),
        "hora_servidor": timezone.localtime(),
        "enlaces": {
            "api_v2": url("wagtailapi:pages:listing"),
            "api_v3": url("wagtailapi_v3:list_pages"),
            "esquema_v3": url("wagtailapi_v3:openapi-json") if docs_enabled else None,
            "esquema": url("optisnte_api:openapi-json") if docs_enabled else None,
            "documentacion": url("optisnte_api:openapi-view") if docs_enabled else None,
        },
    }
