"""Hostile input to every write of /api/v3/ and /api/, generated from their OpenAPI schemas.

Each operation that takes a body gets every hostile body (deep nesting, lone surrogates in a
value and in a key, invalid UTF-8, numbers JSON cannot carry) in each content type it declares,
and each path parameter gets huge, negative and non-numeric values; anonymous and again with a
superuser's token. Every answer must be a 4xx whose body is JSON, and nothing may be created or
changed. Operations are read from the schemas, so a new one is covered without being listed.
"""

import hashlib
import json
from urllib.parse import quote

import pytest
import wagtail_factories
from django.db import transaction
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import APIToken, Page, Revision, Site

from buzon.factories import BuzonPageFactory
from buzon.models import Ticket, TicketEntrada
from buzon.services import create_ticket
from ejes.factories import EjePageFactory, EjesIndexPageFactory
from estructura.factories import (
    EstructuraIndexPageFactory,
    OrganoPageFactory,
    PublicacionPageFactory,
)

SCHEMAS = ("/api/v3/openapi.json", "/api/openapi.json")
METHODS = ("get", "post", "put", "patch", "delete")
JSON = "application/json"
MULTIPART = "multipart/form-data"
BOUNDARY = "hostil-0123456789"
SURROGATE = "\ud800"
BAD_UTF8 = b"\xff\xfe\xed\xa0\x80"  # not UTF-8, and an encoded surrogate
# Placeholders swapped for raw JSON text once the body is serialised.
BAD_BYTES_MARK = "__bytes_that_are_not_utf8__"
NUMBER_MARK = "__number__"

NUMBERS = {
    "1e400": "1e400",
    "5000-digit integer": "9" * 5000,
    "2**64": str(2**64),
    "-2**70": str(-(2**70)),
    "NaN": "NaN",
    "Infinity": "Infinity",
    "-Infinity": "-Infinity",
}
# (name, kind): what each body carries; kind says where it goes (see hostile_body).
PAYLOADS = [
    ("deep arrays", "deep-arrays"),
    ("deep objects", "deep-objects"),
    ("lone surrogate in a string field", "surrogate-value"),
    ("lone surrogate in a key", "surrogate-key"),
    ("invalid UTF-8", "bad-utf8"),
    *[(f"{name} in the id fields", f"number:{name}") for name in NUMBERS],
]
PATH_VALUES = {
    "huge": str(2**64),
    "beyond bigint": str(2**63),
    "negative": "-1",
    "very negative": str(-(2**70)),
    "non-numeric": "abc",
    "1e400": "1e400",
    "5000 digits": "9" * 5000,
}
AUTH_MODES = ["anonymous", "superuser token"]


# --- reading the schemas -----------------------------------------------------------------------


_schema_cache = {}


def load_schema(client, url):
    if url not in _schema_cache:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        _schema_cache[url] = response.json()
    return _schema_cache[url]


def operations(client):
    """Every operation of both schemas: (method, path template, operation, schema)."""
    for url in SCHEMAS:
        schema = load_schema(client, url)
        for path, item in schema["paths"].items():
            for method in METHODS:
                if method in item:
                    yield method, path, item[method], schema


def resolve(schema, node):
    """`node` with $ref followed and allOf merged (enough for example bodies)."""
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = {
            **schema["components"]["schemas"][name],
            **{k: v for k, v in node.items() if k != "$ref"},
        }
    if "allOf" in node:
        merged = {k: v for k, v in node.items() if k != "allOf"}
        for part in node["allOf"]:
            part = resolve(schema, part)
            merged.setdefault("properties", {}).update(part.get("properties", {}))
            merged["required"] = [*merged.get("required", []), *part.get("required", [])]
            for key, value in part.items():
                merged.setdefault(key, value)
        node = merged
    return node


def alternatives(schema, node):
    node = resolve(schema, node)
    for key in ("oneOf", "anyOf"):
        if key in node:
            return [resolve(schema, option) for option in node[key]]
    return [node]


def types_of(schema, node):
    kinds = set()
    for option in alternatives(schema, node):
        kind = option.get("type")
        kinds.update(kind if isinstance(kind, list) else [kind] if kind else [])
        if "enum" in option or "const" in option:
            kinds.add("enum")
    return kinds


def example(schema, node, depth=0):
    """A small body shaped like `node`: required fields and every integer field, each with a
    plain value, so that a hostile value placed in it reaches as far as it can."""
    options = [o for o in alternatives(schema, node) if o.get("type") != "null"] or [{}]
    node = options[0]
    if "const" in node:
        return node["const"]
    if "enum" in node:
        return node["enum"][0]
    if "default" in node and node["default"] is not None and depth:
        return node["default"]
    kind = node.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "object" or "properties" in node:
        properties = node.get("properties", {})
        required = set(node.get("required", []))
        return {
            name: example(schema, sub, depth + 1)
            for name, sub in properties.items()
            if depth < 4 and (name in required or "integer" in types_of(schema, sub))
        }
    if kind == "array":
        return []
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    return "x"


def field_paths(schema, node, wanted, path=(), depth=0):
    """Paths (in `example`'s body) of the properties whose type is `wanted`."""
    options = [o for o in alternatives(schema, node) if o.get("type") != "null"] or [{}]
    node = options[0]
    required = set(node.get("required", []))
    for name, sub in node.get("properties", {}).items():
        kinds = types_of(schema, sub)
        if wanted in kinds and "enum" not in kinds:
            yield (*path, name)
        elif depth < 4 and (name in required or "integer" in kinds):
            yield from field_paths(schema, sub, wanted, (*path, name), depth + 1)


def set_path(body, path, value):
    for name in path[:-1]:
        body = body.setdefault(name, {})
    body[path[-1]] = value


# --- building the requests ---------------------------------------------------------------------


def hostile_json(schema, body_schema, kind):
    if kind == "deep-arrays":
        return b"[" * 100_000 + b"]" * 100_000
    if kind == "deep-objects":
        return b'{"a":' * 100_000 + b"1" + b"}" * 100_000
    body = example(schema, body_schema)
    if not isinstance(body, dict):
        body = {}
    strings = list(field_paths(schema, body_schema, "string")) or [("title",)]
    if kind == "surrogate-value":
        set_path(body, strings[0], f"texto {SURROGATE} roto")
    elif kind == "surrogate-key":
        body["\udc00clave"] = "x"
    elif kind == "bad-utf8":
        set_path(body, strings[0], BAD_BYTES_MARK)
    else:
        for path in list(field_paths(schema, body_schema, "integer")) or [("id",)]:
            set_path(body, path, NUMBER_MARK)
    text = json.dumps(body)  # ensure_ascii: a surrogate goes out as its \uXXXX escape
    raw = text.encode()
    raw = raw.replace(f'"{BAD_BYTES_MARK}"'.encode(), b'"' + BAD_UTF8 + b'"')
    if kind.startswith("number:"):
        raw = raw.replace(f'"{NUMBER_MARK}"'.encode(), NUMBERS[kind.split(":", 1)[1]].encode())
    return raw


def multipart(fields):
    """A multipart/form-data body from (name, bytes, filename or None) parts, byte for byte."""
    chunks = []
    for name, value, filename in fields:
        disposition = f'form-data; name="{name}"'
        if filename:
            disposition += f'; filename="{filename}"'
        chunks.append(f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n".encode())
        if filename:
            chunks.append(b"Content-Type: image/png\r\n")
        chunks.append(b"\r\n" + value + b"\r\n")
    chunks.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(chunks)


def hostile_multipart(schema, body_schema, kind):
    node = resolve(schema, body_schema)
    properties = node.get("properties", {})
    # Every file part is garbage that starts like a PNG: no upload is ever valid here.
    files = [
        (name, b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 8, "roto.png")
        for name, sub in properties.items()
        if resolve(schema, sub).get("format") == "binary"
        or resolve(schema, resolve(schema, sub).get("items", {})).get("format") == "binary"
    ]
    strings = [n for n, s in properties.items() if types_of(schema, s) & {"string"}]
    strings = [n for n in strings if n not in {f[0] for f in files}] or ["title"]
    integers = [n for n, s in properties.items() if "integer" in types_of(schema, s)] or ["id"]
    text = [(name, b"x", None) for name in strings]
    if kind == "deep-arrays":
        text = [(strings[0], b"[" * 100_000 + b"]" * 100_000, None)]
    elif kind == "deep-objects":
        text = [(strings[0], b'{"a":' * 100_000 + b"1" + b"}" * 100_000, None)]
    elif kind == "surrogate-value":
        # The escape as text: what a part read as JSON would turn into a lone surrogate.
        text = [(strings[0], b'"\\ud800"', None)]
    elif kind == "surrogate-key":
        text = [(strings[0], b'{"\\udc00": 1}', None)]
    elif kind == "bad-utf8":
        text = [(strings[0], BAD_UTF8, None)]
    else:
        number = NUMBERS[kind.split(":", 1)[1]].encode()
        text = [*text, *[(name, number, None) for name in integers]]
    return multipart([*text, *files])


# --- the stage ---------------------------------------------------------------------------------


@pytest.fixture
def stage(home):
    """One of everything a path can name, so a hostile value meets a real object behind it."""
    eje = EjePageFactory(parent=EjesIndexPageFactory(parent=home), title="Transparencia")
    organo = OrganoPageFactory(parent=EstructuraIndexPageFactory(parent=home), title="CEN")
    publicacion = PublicacionPageFactory(parent=organo, title="Informe", ejes=[eje])
    publicacion.save_revision()  # a draft on top of the live one, which nothing may touch
    BuzonPageFactory(parent=home)
    ticket, clave = create_ticket(
        {
            "tipo": "pregunta",
            "asunto": "¿Cuándo sale el informe?",
            "mensaje": "Quisiera saber cuándo se publica el informe trimestral.",
            "nombre": "",
            "correo": "",
        }
    )
    redirect = Redirect.objects.create(old_path="/viejo", redirect_link="/")
    document = wagtail_factories.DocumentFactory()
    image = wagtail_factories.ImageFactory()
    values = {
        "page_id": publicacion.pk,
        "revision_id": publicacion.latest_revision_id,
        "site_id": Site.objects.get(is_default_site=True).pk,
        "redirect_id": redirect.pk,
        "document_id": document.pk,
        "image_id": image.pk,
        "folio": ticket.folio,
        "type_name": "estructura.PublicacionPage",
    }
    headers = {"X-Clave-Seguimiento": clave}
    return values, headers


def fingerprint():
    """What a write would change: rows counted, and every page's and ticket's state hashed."""
    pages = list(
        Page.objects.order_by("pk").values_list(
            "pk",
            "title",
            "slug",
            "live",
            "has_unpublished_changes",
            "latest_revision_id",
            "live_revision_id",
            "path",
            "numchild",
            "locked",
        )
    )
    tickets = list(Ticket.objects.order_by("pk").values_list("pk", "estado", "asunto", "mensaje"))
    state = json.dumps([pages, tickets], default=str).encode()
    return {
        "pages": len(pages),
        "revisions": Revision.objects.count(),
        "tickets": len(tickets),
        "entries": TicketEntrada.objects.count(),
        "redirects": Redirect.objects.count(),
        "state": hashlib.sha256(state).hexdigest(),
    }


@pytest.fixture
def api_client(client, auth, django_user_model):
    client.raise_request_exception = False  # a 500 is the finding, not a crash of the test
    if auth == "superuser token":
        admin = django_user_model.objects.create_superuser("robot", "robot@example.com", "x")
        _, token = APIToken.create_token(user=admin, name="hostile")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def call(client, method, path, body=b"", content_type=JSON, headers=None):
    """One request in a savepoint (a 500's broken transaction must not hide the next one)."""
    savepoint = transaction.savepoint()
    response = client.generic(
        method.upper(), path, body, content_type=content_type, headers=headers or {}
    )
    if response.status_code >= 500:
        transaction.savepoint_rollback(savepoint)
    else:
        transaction.savepoint_commit(savepoint)
    return response


def problem_with(response):
    """Why `response` is not a JSON 4xx, or None."""
    if not 400 <= response.status_code < 500:
        return f"status {response.status_code}"
    try:
        json.loads(response.content)
    except ValueError:
        return f"{response.status_code} with a body that is not JSON: {response.content[:80]!r}"
    return None


def fill_path(template, parameters, values, override=None):
    """`template` with each path parameter filled in, or None when one cannot be routed."""
    path = template
    for parameter in parameters:
        if parameter["in"] != "path":
            continue
        name = parameter["name"]
        if override and name == override[0]:
            value = override[1]
        elif parameter.get("schema", {}).get("const") == "":
            return None  # typed as "" (e.g. snippets with no snippet model): nothing to route
        elif name in values:
            value = str(values[name])
        else:
            value = "1" if parameter.get("schema", {}).get("type") == "integer" else "x"
        path = path.replace("{" + name + "}", quote(value, safe=""))
    return path


def header_values(parameters, headers):
    return {p["name"]: headers.get(p["name"], "x") for p in parameters if p["in"] == "header"}


def send_and_check(label, failures, covered, *request):
    """Send one hostile request (`call`'s arguments); note it when the answer is no JSON 4xx
    or the data changed."""
    before = fingerprint()
    response = call(*request)
    covered.append(label)
    if problem := problem_with(response):
        failures.append(f"{label}: {problem}")
    elif fingerprint() != before:
        failures.append(f"{label}: {response.status_code} but the database changed")


def assert_all_refused(failures, covered, minimum):
    assert not failures, "\n".join(failures)
    assert len(covered) >= minimum, covered  # the schemas were read and operations found


# --- the tests ---------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("auth", AUTH_MODES)
@pytest.mark.parametrize("payload", PAYLOADS, ids=[name for name, _kind in PAYLOADS])
def test_hostile_bodies_get_a_json_4xx_and_change_nothing(api_client, stage, payload):
    _name, kind = payload
    values, headers = stage
    failures, covered = [], []
    for method, template, operation, schema in operations(api_client):
        content = (operation.get("requestBody") or {}).get("content", {})
        if not content:
            continue
        parameters = operation.get("parameters", [])
        path = fill_path(template, parameters, values)
        if path is None:
            continue
        for content_type, media in content.items():
            if content_type == MULTIPART:
                body = hostile_multipart(schema, media.get("schema", {}), kind)
                sent_type = f"{MULTIPART}; boundary={BOUNDARY}"
            else:
                body = hostile_json(schema, media.get("schema", {}), kind)
                sent_type = content_type
            send_and_check(
                f"{method.upper()} {template} ({content_type})",
                failures,
                covered,
                api_client,
                method,
                path,
                body,
                sent_type,
                header_values(parameters, headers),
            )
    assert_all_refused(failures, covered, minimum=20)


@pytest.mark.parametrize("auth", AUTH_MODES)
@pytest.mark.parametrize("value", PATH_VALUES.values(), ids=PATH_VALUES.keys())
def test_hostile_path_parameters_get_a_json_4xx_and_change_nothing(api_client, stage, value):
    values, headers = stage
    failures, covered = [], []
    for method, template, operation, _schema in operations(api_client):
        parameters = operation.get("parameters", [])
        for parameter in parameters:
            if parameter["in"] != "path":
                continue
            path = fill_path(template, parameters, values, override=(parameter["name"], value))
            if path is None:
                continue
            has_body = JSON in (operation.get("requestBody") or {}).get("content", {})
            send_and_check(
                f"{method.upper()} {template} {{{parameter['name']}}}",
                failures,
                covered,
                api_client,
                method,
                path,
                b"{}" if has_body else b"",
                JSON,
                header_values(parameters, headers),
            )
    assert_all_refused(failures, covered, minimum=30)
