"""Each area of the site gets its own security headers: CSP, framing, HSTS, Permissions-Policy."""

import json
import os
import re
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.documents import get_document_model

from buzon.services import create_ticket
from cms.security import DISABLED_FEATURES
from ejes.models import EjePage
from estructura.factories import PublicacionPageFactory
from tests.buzon.conftest import pdf_bytes, ticket_data, upload
from tests.test_factories import build_page, project_page_models

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
SELF, NONE = "'self'", "'none'"
UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'")
API_POLICY = {"default-src": [NONE], "frame-ancestors": [NONE]}
PAGE_TYPES = sorted(model._meta.label for model in project_page_models())


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_public_policy(response):
    csp = policy(response)
    assert csp["default-src"] == [SELF]
    assert csp["script-src"] == [SELF]
    assert csp["style-src"] == [SELF]
    assert csp["img-src"] == [SELF, "data:"]
    assert csp["object-src"] == [NONE]
    assert csp["base-uri"] == [SELF]
    assert csp["form-action"] == [SELF]
    assert csp["frame-ancestors"] == [NONE]
    assert not any(source in UNSAFE for sources in csp.values() for source in sources)
    assert response["X-Frame-Options"] == "DENY"


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, styles and handlers, far URLs."""

    def __init__(self):
        super().__init__()
        self.found = []
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs.items():
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action") and (value or "").startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")
        for name in ("src", "href"):
            if tag in ("script", "link", "img", "iframe") and attrs.get(name):
                self.urls.append(attrs[name])


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser


def assert_needs_no_inline_code(html, host="testserver"):
    parsed = inline_code(html)
    assert parsed.found == []
    far = [url for url in parsed.urls if urlsplit(url).netloc not in ("", host)]
    assert far == []


# --- The public site ------------------------------------------------------------------------


@pytest.mark.parametrize("label", PAGE_TYPES)
def test_every_public_page_type_gets_the_strict_policy(client, home, label):
    page = build_page(apps.get_model(label), home, {})
    response = client.get(page.url)
    assert response.status_code == 200
    assert_public_policy(response)
    assert_needs_no_inline_code(response.content.decode())


def test_buzon_forms_and_site_search_get_the_strict_policy(client, home):
    buzon = build_page(apps.get_model("buzon.BuzonPage"), home, {})
    _ticket, clave = create_ticket(ticket_data(), files=[], ip="203.0.113.7")
    responses = [
        client.get(buzon.url),
        client.get(f"{buzon.url}seguimiento/"),
        client.post(f"{buzon.url}seguimiento/", {"folio": _ticket.folio, "clave": clave}),
        client.get("/buscar/", {"q": "informe"}),
        client.get("/no-existe/"),
    ]
    assert [response.status_code for response in responses] == [200, 200, 200, 200, 404]
    for response in responses:
        assert_public_policy(response)
        assert_needs_no_inline_code(response.content.decode())


@pytest.mark.parametrize(
    ("template", "context"),
    [("400.html", {}), ("500.html", {}), ("buzon/demasiado_grande.html", {"count": 3})],
)
def test_error_pages_need_no_inline_style(template, context):
    html = render_to_string(template, context)
    assert_needs_no_inline_code(html)
    assert "/static/css/opti.css" in html


def public_templates():
    """Every template the public site renders: the project's, minus the admin's."""
    for directory in [BASE_DIR / "templates", *BASE_DIR.glob("*/templates")]:
        for path in sorted(directory.rglob("*.html")):
            relative = path.relative_to(directory).parts
            if "admin" not in relative and relative[0] != "wagtailadmin":
                yield path


@pytest.mark.parametrize(
    "path", list(public_templates()), ids=lambda path: str(path.relative_to(BASE_DIR))
)
def test_public_templates_have_no_inline_script_style_or_handler(path):
    source = path.read_text()
    # Template tags could hide an attribute from the parser; look at the source too. A JSON-LD
    # data block is never executed (the browser does not run its type), so CSP leaves it be.
    source = source.replace('<script type="application/ld+json">', "")
    assert not re.search(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|javascript:", source)


def test_public_policy_never_gets_a_nonce_it_does_not_use(client, home):
    assert "nonce-" not in client.get("/")["Content-Security-Policy"]


def test_https_answers_ask_the_browser_to_upgrade_insecure_requests(client, home):
    assert "upgrade-insecure-requests" in policy(client.get("/", secure=True))
    # On runserver's plain HTTP it would send every asset to an https:// that is not there.
    assert "upgrade-insecure-requests" not in policy(client.get("/"))


@pytest.mark.parametrize(
    ("overrides", "origin"),
    [
        (
            {"AWS_S3_CUSTOM_DOMAIN": "media.optisnte.mx"},
            "https://media.optisnte.mx",
        ),
        ({"AWS_S3_ENDPOINT_URL": "https://s3.snte.org.mx:9000"}, "https://s3.snte.org.mx:9000"),
        ({"AWS_S3_REGION_NAME": "us-east-1"}, "https://optisnte.s3.us-east-1.amazonaws.com"),
    ],
)
def test_images_may_come_from_the_configured_media_origin(
    client, home, settings, overrides, origin
):
    settings.AWS_STORAGE_BUCKET_NAME = "optisnte"
    settings.AWS_S3_CUSTOM_DOMAIN = settings.AWS_S3_ENDPOINT_URL = None
    for name, value in overrides.items():
        setattr(settings, name, value)
    csp = policy(client.get("/"))
    assert origin in csp["img-src"]
    assert csp["script-src"] == csp["default-src"] == [SELF]  # images only
    assert origin in policy(client.get("/admin/login/"))["img-src"]


# --- The Wagtail admin ----------------------------------------------------------------------


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def assert_admin_policy(response, frame_ancestors=NONE):
    csp = policy(response)
    assert csp["default-src"] == [SELF]
    # The admin's one relaxation for code: Wagtail's own inline scripts (no eval).
    assert csp["script-src"] == [SELF, "'unsafe-inline'"]
    assert csp["style-src"] == [SELF, "'unsafe-inline'"]
    assert csp["object-src"] == [NONE]
    assert csp["base-uri"] == [SELF]
    assert csp["form-action"] == [SELF]
    assert csp["frame-src"][0] == SELF
    assert csp["frame-ancestors"] == [frame_ancestors]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    return csp


def test_admin_login_and_dashboard_get_the_admin_policy(client, admin_client, home):
    anonymous = type(client)()
    login = anonymous.get("/admin/login/")
    dashboard = admin_client.get("/admin/")
    edit = admin_client.get(f"/admin/pages/{home.pk}/edit/")
    for response in (login, dashboard, edit):
        assert response.status_code == 200
        assert_admin_policy(response)
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("overrides", "directive", "expected"),
    [
        ({}, "img-src", [SELF, "data:", "blob:", "www.gravatar.com"]),
        ({"WAGTAIL_GRAVATAR_PROVIDER_URL": None}, "img-src", [SELF, "data:", "blob:"]),
        ({}, "connect-src", [SELF, "https://releases.wagtail.org"]),
        ({"WAGTAIL_ENABLE_UPDATE_CHECK": False}, "connect-src", [SELF]),
        ({}, "frame-src", [SELF]),
        (
            {"HEADLESS_PREVIEW_URL": "https://front.optisnte.mx/preview/?site=1"},
            "frame-src",
            [SELF, "https://front.optisnte.mx"],
        ),
    ],
)
def test_admin_relaxations_follow_what_is_configured(
    client, settings, overrides, directive, expected
):
    for name, value in overrides.items():
        setattr(settings, name, value)
    assert policy(client.get("/admin/login/"))[directive] == expected


def framed_url_names():
    """Every admin URL name whose view Wagtail loads in an iframe (its preview panels)."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_preview_url_names_exist_where_wagtail_frames_them():
    names = framed_url_names()
    # If an upgrade renames them, the preview panel would stop loading: this says so first.
    assert {
        "wagtailadmin_pages:preview_on_add",
        "wagtailadmin_pages:preview_on_edit",
        "wagtailadmin_pages:workflow_preview",
        "wagtailsettings:preview_on_edit",
        "wagtailadmin_block_preview",
    } <= names


@pytest.fixture
def publicacion_in_review(organo, eje, admin_user):
    from estructura.workflows import ensure_workflows

    ensure_workflows()
    publicacion = PublicacionPageFactory(parent=organo, ejes=[eje])
    revision = publicacion.save_revision(user=admin_user)
    workflow_state = publicacion.get_workflow().start(publicacion, admin_user)
    return publicacion, revision, workflow_state.current_task_state.task


def test_preview_views_may_be_framed_by_the_admin_only(admin_client, publicacion_in_review):
    publicacion, revision, task = publicacion_in_review
    paragraph = EjePage.body.field.stream_block.child_blocks["paragraph"]
    framed = [
        reverse("wagtailadmin_pages:preview_on_edit", args=[publicacion.pk]),
        reverse(
            "wagtailadmin_pages:preview_on_add",
            args=["estructura", "publicacionpage", publicacion.get_parent().pk],
        ),
        # A real render: Wagtail runs a made-up request for the public URL through the
        # middleware, whose strict policy must not be what the framed answer keeps.
        reverse("wagtailadmin_pages:workflow_preview", args=[publicacion.pk, task.pk]),
        f"{reverse('wagtailadmin_block_preview')}?id={paragraph.definition_prefix}",
    ]
    for url in framed:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert response["X-Frame-Options"] == "SAMEORIGIN", url
        assert_admin_policy(response, frame_ancestors=SELF)
    # Opened in a tab of its own, never framed: the same render, the same DENY as the rest.
    view = admin_client.get(
        reverse("wagtailadmin_pages:revisions_view", args=[publicacion.pk, revision.pk])
    )
    assert view.status_code == 200
    assert view["X-Frame-Options"] == "DENY"
    assert_admin_policy(view)


# --- The APIs and their docs ----------------------------------------------------------------


def api_urls(home):
    return [
        "/api/v2/pages/",
        f"/api/v2/pages/{home.pk}/",
        "/api/v2/pages/999999/",
        "/api/v3/pages/",
        f"/api/v3/pages/{home.pk}/",
        "/api/v3/pages/999999/",
        "/api/estado/",
        "/api/openapi.json",
        "/api/v3/openapi.json",
        "/api/no-existe/",
    ]


def test_api_answers_may_load_and_run_nothing(client, home):
    for url in api_urls(home):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert policy(response) == API_POLICY, url
        assert response["X-Frame-Options"] == "DENY", url


def test_cached_api_answers_and_preflights_keep_the_headers(client, home, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.mx"]
    first, second = client.get("/api/v2/pages/"), client.get("/api/v2/pages/")
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    preflight = client.options(
        "/api/v2/pages/",
        HTTP_ORIGIN="https://app.example.mx",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    for response in (second, preflight):
        assert policy(response) == API_POLICY
        assert response["X-Frame-Options"] == "DENY"
        assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("url", ["/api/docs/", "/api/v3/docs/"])
def test_api_docs_are_served_from_local_assets_under_their_own_policy(client, home, url):
    response = client.get(url)
    assert response.status_code == 200
    assert policy(response) == {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "base-uri": [NONE],
        "form-action": [NONE],
        "frame-ancestors": [NONE],
    }
    parsed = inline_code(response.content.decode())
    assert parsed.found == []
    assert parsed.urls, "the docs page loads its assets"
    for asset in parsed.urls:
        parts = urlsplit(asset)
        assert not parts.netloc, asset
        assert parts.path.startswith(django_settings.STATIC_URL), asset
        assert finders.find(parts.path.removeprefix(django_settings.STATIC_URL)), asset


def test_api_docs_and_schemas_can_be_turned_off(client, home, settings):
    settings.WAGTAILAPI_DOCS_ENABLED = False
    for url in ("/api/docs/", "/api/v3/docs/", "/api/openapi.json", "/api/v3/openapi.json"):
        assert client.get(url).status_code == 404, url


# --- Answers that bring their own policy ---------------------------------------------------


def test_buzon_attachment_keeps_its_own_sandbox(client, home):
    buzon = build_page(apps.get_model("buzon.BuzonPage"), home, {})
    ticket, clave = create_ticket(
        ticket_data(),
        files=[upload("acta.pdf", pdf_bytes("acta"), "application/pdf")],
        ip="203.0.113.7",
    )
    client.post(f"{buzon.url}seguimiento/", {"folio": ticket.folio, "clave": clave})
    response = client.get(f"{buzon.url}seguimiento/adjuntos/{ticket.adjuntos.get().pk}/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "camera=()" in response["Permissions-Policy"]


def test_wagtail_documents_keep_their_own_policy(admin_client, home, settings, tmp_path):
    # Real files: Wagtail serves a document from its path, which in-memory storage only claims.
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    # An editor may download a document no page links to yet (cms/wagtail_hooks.py).
    document = get_document_model().objects.create(
        title="Informe", file=ContentFile(pdf_bytes(), name="informe.pdf")
    )
    response = admin_client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"


# --- Every response -------------------------------------------------------------------------


def test_every_area_refuses_powerful_browser_features(client, admin_client, home):
    responses = [
        client.get("/"),
        client.get("/robots.txt"),
        client.get("/no-existe/"),
        admin_client.get("/admin/"),
        client.get("/api/v2/pages/"),
        client.get("/api/docs/"),
    ]
    for response in responses:
        features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
        assert set(features) == set(DISABLED_FEATURES)
        assert set(features.values()) == {"()"}
    assert {"camera", "microphone", "geolocation", "payment", "usb"} <= set(DISABLED_FEATURES)


# --- Production -----------------------------------------------------------------------------

PRODUCTION_HEADERS = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.conf import settings
    from django.http import Http404, HttpResponse
    from django.middleware.security import SecurityMiddleware
    from django.test import RequestFactory
    from django.urls import resolve
    from cms.security import SecurityHeadersMiddleware

    request = RequestFactory().get("/", secure=True)
    response = SecurityHeadersMiddleware(SecurityMiddleware(lambda r: HttpResponse()))(request)
    docs = {}
    for path in ("/api/docs/", "/api/v3/docs/", "/api/openapi.json", "/api/v3/openapi.json"):
        if settings.WAGTAILAPI_DOCS_ENABLED:
            break  # served: rendering them needs the collected static files
        try:
            resolve(path).func(RequestFactory().get(path))
            docs[path] = "served"
        except Http404:
            docs[path] = 404
    print(json.dumps({
        "hsts": response.get("Strict-Transport-Security"),
        "csp": response.get("Content-Security-Policy"),
        "docs_enabled": settings.WAGTAILAPI_DOCS_ENABLED,
        "docs": docs,
    }))
    """
)


def run_production(**environ):
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", PRODUCTION_HEADERS],
        cwd=BASE_DIR,
        env=production_environ(**environ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def production_environ(**environ):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "API_DOCS", "DEBUG", "AWS_", "DATABASE_URL"))
    }
    env.update(environ, DJANGO_SETTINGS_MODULE="cms.settings.production", SECRET_KEY="x" * 64)
    return env


def test_production_sends_hsts_for_a_year_with_subdomains_and_preload_by_choice():
    assert run_production()["hsts"] == "max-age=31536000; includeSubDomains"
    preloaded = run_production(SECURE_HSTS_PRELOAD="true")
    assert preloaded["hsts"] == "max-age=31536000; includeSubDomains; preload"


def test_production_upgrades_insecure_requests():
    assert "upgrade-insecure-requests" in run_production()["csp"].split("; ")


def test_production_hides_api_docs_unless_asked():
    hidden = run_production()
    assert hidden["docs_enabled"] is False
    assert set(hidden["docs"].values()) == {404}
    assert run_production(API_DOCS_ENABLED="true")["docs_enabled"] is True
