"""Request bodies the APIs refuse before anyone parses them: the rule and its two doors."""

import inspect
import json
import math
import operator
import re
from functools import wraps
from itertools import chain, compress, islice, repeat

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.params.models import BodyModel, _MultiPartBodyModel
from ninja.parser import Parser
from pydantic_core import PydanticSerializationError, from_json
from wagtail.api.v3.errors import problem_response

# Far beyond any real body (a StreamField nested five blocks deep is about fifteen levels) and far
# below what recursive code on the way (json, Pydantic, Wagtail's form flattening) survives.
MAX_DEPTH = 64
# PostgreSQL's bigint: no id, count or figure any operation takes is larger.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
MULTIPART = "multipart/form-data"

_POSITION = re.compile(r" at line (\d+) column (\d+)$")


class HostileBody(ValueError):
    """A body refused by the guard; `detail` (Spanish) and `errors` make the 400."""

    def __init__(self, detail, errors=None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


def _parse_failure(message):
    """The refusal for what the parser (jiter) choked on, or None for plain malformed JSON.

    Malformed JSON is left to the operation, which says so in its own words; what is refused
    here is what Python's json module would accept, or die on, further in.
    """
    match = _POSITION.search(message)
    where = {"line": match[1], "column": match[2]} if match else {"line": "?", "column": "?"}
    if message.startswith("recursion limit exceeded"):
        return _("El cuerpo de la petición anida listas u objetos a más de %(max)d niveles.") % {
            "max": MAX_DEPTH
        }
    if message.startswith(("lone leading surrogate", "unexpected end of hex escape")):
        return (
            _(
                "El cuerpo de la petición tiene un escape \\uXXXX sin pareja (un sustituto "
                "UTF-16 suelto) en la línea %(line)s, columna %(column)s."
            )
            % where
        )
    if message.startswith("invalid unicode code point"):
        return (
            _(
                "El cuerpo de la petición tiene un carácter Unicode inválido en la línea "
                "%(line)s, columna %(column)s."
            )
            % where
        )
    if message.startswith("number out of range"):
        return (
            _(
                "El cuerpo de la petición tiene un número demasiado grande en la línea %(line)s, "
                "columna %(column)s."
            )
            % where
        )
    return None


def _number_problem(path, value):
    """The refusal of `value` at `path` (an empty path when it could not be found)."""
    if type(value) is int:
        code = "integer_out_of_range"
        reason = _("los enteros deben estar entre %(min)d y %(max)d.") % {
            "min": INT_MIN,
            "max": INT_MAX,
        }
    else:
        code = "number_out_of_range"
        reason = _(
            "NaN, Infinity, los números que desbordan (como 1e400) y los enteros fuera de "
            "%(min)d a %(max)d no se aceptan."
        ) % {"min": INT_MIN, "max": INT_MAX}
        if type(value) is float:
            code = "non_finite_number"
            reason = _("NaN, Infinity y los números que desbordan (como 1e400) no se aceptan.")
    if not path:
        detail = _("El cuerpo de la petición tiene un número que no se puede procesar: %(r)s")
        return HostileBody(detail % {"r": reason}, [{"type": code, "loc": ["body"], "msg": reason}])
    field = ".".join(str(part) for part in path)
    detail = _("El campo «%(field)s» tiene un número que no se puede procesar: %(r)s") % {
        "field": field,
        "r": reason,
    }
    return HostileBody(detail, [{"type": code, "loc": ["body", *path], "msg": reason}])


def _out_of_range(value):
    if type(value) is int:
        return not INT_MIN <= value <= INT_MAX
    return type(value) is float and not math.isfinite(value)


def _of_type(items, types, kind):
    return list(compress(items, map(operator.is_, types, repeat(kind))))


def _numbers_out_of_range(items, types, kinds):
    if int in kinds:
        ints = _of_type(items, types, int)
        if min(ints) < INT_MIN or max(ints) > INT_MAX:
            return True
    return float in kinds and not all(map(math.isfinite, _of_type(items, types, float)))


def _walk(value):
    """Depth and numbers, level by level: C-speed passes over each level's items, so a body of
    millions of tiny lists costs no more Python steps than one of three base64 strings."""
    if _out_of_range(value):
        raise _number_problem((), value)
    lists = [value] if type(value) is list else []
    dicts = [value] if type(value) is dict else []
    depth = 1
    while lists or dicts:
        if depth > MAX_DEPTH:
            raise HostileBody(_parse_failure("recursion limit exceeded"))
        items = list(
            chain(chain.from_iterable(lists), chain.from_iterable(map(dict.values, dicts)))
        )
        types = list(map(type, items))
        kinds = set(types)
        if _numbers_out_of_range(items, types, kinds):
            raise _locate_number(value)
        lists = _of_type(items, types, list) if list in kinds else []
        dicts = _of_type(items, types, dict) if dict in kinds else []
        depth += 1


def _locate_number(value, budget=100_000):
    """The refusal naming where the bad number is, looking at no more than `budget` items."""
    stack = [((), value)]
    while stack:
        path, node = stack.pop()
        items = node.items() if type(node) is dict else enumerate(node)
        for key, item in islice(items, budget):
            if type(item) in (list, dict):
                stack.append(((*path, key), item))
            elif _out_of_range(item):
                return _number_problem((*path, key), item)
        budget -= len(node)
        if budget <= 0:
            break
    return _number_problem((), None)


def load_json(raw):
    """`raw` parsed as JSON, or HostileBody; a ValueError if it is merely malformed.

    jiter (pydantic-core's parser, in Rust) reads it in one linear pass with its own depth
    limit, and refuses lone surrogates and invalid UTF-8 where Python's json would accept or
    crash; a second pass checks depth and numbers without recursion.
    """
    try:
        text_ok = raw.decode("utf-8") if isinstance(raw, bytes | bytearray) else raw
    except UnicodeDecodeError as error:
        raise HostileBody(
            _("El cuerpo de la petición no es UTF-8 válido (byte %(position)d).")
            % {"position": error.start}
        ) from error
    if text_ok.startswith("\ufeff") or "\x00" in text_ok:
        # Python's json.loads(bytes) would guess UTF-16/32 or strip a BOM: refuse, don't guess.
        raise HostileBody(
            _(
                "El cuerpo de la petición debe ser JSON en UTF-8, sin marca de orden de bytes "
                "(BOM) ni caracteres nulos."
            )
        )
    try:
        value = from_json(raw, allow_inf_nan=True)
    except ValueError as error:
        if detail := _parse_failure(str(error)):
            raise HostileBody(detail) from error
        raise
    _walk(value)
    return value


def check_json(raw):
    """The HostileBody for `raw`, or None when it is harmless (or merely malformed)."""
    try:
        load_json(raw)
    except HostileBody as problem:
        return problem
    except ValueError:
        return None
    return None


class GuardedParser(Parser):
    """Ninja's parser for both APIs: every JSON it reads (a whole body, or a JSON-typed part of
    a multipart form) passes the guard; Ninja turns the refusal into a 400."""

    def parse_body(self, request):
        return load_json(request.body)


def _reads_json_body(operation):
    """Whether Ninja will json-parse `request.body` for this operation (not a multipart form)."""
    if operation is None:
        return True
    return any(
        issubclass(model, BodyModel) and not issubclass(model, _MultiPartBodyModel)
        for model in operation.models
    )


def json_body_max_bytes():
    # The largest body any operation reads by hand (the Buzón's JSON, files in base64).
    return max(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0, settings.API_JSON_MAX_BYTES)


def _body_to_check(request, reads_json_body):
    """The bytes some parser will read as JSON, or None; a response when the body is refused."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared <= 0:
        return None
    if request.content_type == MULTIPART and not reads_json_body:
        # Django streams the parts to its upload handlers; only their JSON-typed fields are
        # parsed as JSON, by GuardedParser.
        return None
    if hasattr(request, "_body"):
        return request._body
    memory_limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if memory_limit is None or declared <= memory_limit:
        return request.body
    if reads_json_body:
        return problem_response(
            status=413,
            detail=_("La petición pesa demasiado; el máximo es de %(size)d bytes.")
            % {"size": memory_limit},
        )
    if declared > json_body_max_bytes():
        return None  # the operation refuses it by its declared size, before reading it
    raw = request.read()
    # As HttpRequest.body does once it has read the stream: later readers get these bytes.
    request._body = raw
    return raw


def refuse_hostile_body(run):
    """Ninja "view" decorator: a 400 for a hostile body, before authentication and parsing."""
    operation = getattr(inspect.unwrap(run), "__self__", None)
    reads_json_body = _reads_json_body(operation)

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        try:
            raw = _body_to_check(request, reads_json_body)
        except RequestDataTooBig:
            raw = None  # over Django's own limit: it answers that itself
        if raw is not None and not isinstance(raw, bytes):
            return raw  # a response
        if raw and (problem := check_json(raw)):
            return problem_response(status=400, detail=problem.detail, errors=problem.errors)
        try:
            return run(request, *args, **kwargs)
        except PydanticSerializationError as error:
            # A problem response that echoes input it cannot encode (a lone surrogate that
            # came by a route the guard does not see) is still the client's fault, not ours.
            if "surrogates not allowed" not in str(error):
                raise
            return problem_response(
                status=400,
                detail=_("La petición contiene texto que no se puede representar en UTF-8."),
            )

    return wrapper


def encodable(value):
    """`value` with any lone surrogate written as its escape, so that a message can echo it."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {encodable(key): encodable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [encodable(item) for item in value]
    return value


# --- Query and path input PostgreSQL refuses, writes Wagtail 8.0.1's v3 breaks on --------------

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
