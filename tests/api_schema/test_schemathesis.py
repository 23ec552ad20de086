"""Schemathesis against the OpenAPI schemas (v3 and OPTISNTE's own): no input makes a server error.

Bounded so the module runs in about a minute on two cores: few examples per operation, the
coverage phase off (it ignores ``max_examples``), a fixed seed so a failure replays. Only
``not_a_server_error`` is checked: 4xx answers to nonsense (or to missing tokens) are correct.
"""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from wagtail.models import APIToken
from wagtail.snippets.models import get_snippet_models

from ejes.factories import EjePageFactory, EjesIndexPageFactory
from estructura.factories import (
    EstructuraIndexPageFactory,
    OrganoPageFactory,
    ProyectoPageFactory,
    PublicacionPageFactory,
)

# A deeper run: SCHEMATHESIS_MAX_EXAMPLES=200 SCHEMATHESIS_SEED=<any int> pytest tests/api_schema
SEED = int(os.environ.get("SCHEMATHESIS_SEED", "20260903"))

BOUNDED = settings(
    max_examples=int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "20")),
    deadline=None,
    database=None,  # no example database: the fixed seed is what makes a failure replay
    suppress_health_check=list(HealthCheck),
)


def schemathesis_config():
    return SchemathesisConfig.from_dict({"seed": SEED, "phases": {"coverage": {"enabled": False}}})


@pytest.fixture(autouse=True)
def node_id_for_schemathesis(request):
    # schemathesis 4.32.5's lazy schemas read and rewrite `item._nodeid`, which pytest 9.2
    # replaced with `item._id`; a plain attribute keeps its per-operation labels working.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


@pytest.fixture
def wsgi_app(db):
    """Django's WSGI handler, in process, inside the test's transaction.

    Like Django's test client, it keeps close_old_connections off the request signals: they would
    close the connection mid-transaction (autocommit is off inside the test's atomic block). Each
    request runs in a savepoint rolled back on a 5xx, so one database error is reported as itself
    instead of aborting the transaction for every call after it.
    """
    handler = WSGIHandler()

    def app(environ, start_response):
        status = []

        def recording_start_response(line, headers, exc_info=None):
            status.append(int(line.split()[0]))
            return start_response(line, headers, exc_info)

        savepoint = transaction.savepoint()
        response = handler(environ, recording_start_response)
        if status and status[0] >= 500:
            transaction.savepoint_rollback(savepoint)
        else:
            transaction.savepoint_commit(savepoint)
        return response

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield app
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def content(home):
    """A small tree, so listings, details and revisions have something to return."""
    eje = EjePageFactory(parent=EjesIndexPageFactory(parent=home), title="Transparencia")
    organo = OrganoPageFactory(parent=EstructuraIndexPageFactory(parent=home), title="CEN")
    OrganoPageFactory(parent=organo, title="Secretaría de Finanzas")
    PublicacionPageFactory(parent=organo, title="Informe trimestral", ejes=[eje])
    ProyectoPageFactory(parent=organo, title="Proyecto OPTI", ejes=[eje])
    return organo


@pytest.fixture
def admin_token(django_user_model):
    admin = django_user_model.objects.create_superuser("robot", "robot@example.com", "x")
    _, token = APIToken.create_token(user=admin, name="schemathesis")
    return token


@pytest.fixture
def api_v3_schema(wsgi_app, content):
    return schemathesis.openapi.from_wsgi(
        "/api/v3/openapi.json", wsgi_app, config=schemathesis_config()
    )


@pytest.fixture
def project_api_schema(wsgi_app, content):
    return schemathesis.openapi.from_wsgi(
        "/api/openapi.json", wsgi_app, config=schemathesis_config()
    )


api_v3 = schemathesis.pytest.from_fixture("api_v3_schema")
project_api = schemathesis.pytest.from_fixture("project_api_schema")

if not get_snippet_models():
    # With no snippet model registered (none yet in OPTISNTE) Wagtail types the snippets' {type}
    # as the constant "", and no URL carries an empty path segment: there is nothing to generate.
    api_v3 = api_v3.exclude(path_regex=r"^/api/v3/snippets/")


@settings(BOUNDED)
@api_v3.parametrize()
def test_api_v3_anonymous_calls_never_fail_on_the_server(case):
    case.call_and_validate(checks=[not_a_server_error])


@settings(BOUNDED)
@api_v3.include(method="GET").parametrize()
def test_api_v3_reads_with_an_admin_token_never_fail_on_the_server(case, admin_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {admin_token}"}, checks=[not_a_server_error]
    )


@settings(BOUNDED)
@project_api.parametrize()
def test_project_api_never_fails_on_the_server(case):
    case.call_and_validate(checks=[not_a_server_error])


# --- What schemathesis found, pinned ---------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v3/pages/?search=%00",
        "/api/v3/pages/?locale=%00",
        "/api/v3/pages/find/?html_path=%00",
        "/api/estado/?x=%00",
        # "bigint out of range" in the OFFSET clause, on every paginated v3 listing
        "/api/v3/pages/?offset=9223372036854775808",
        "/api/v3/documents/?offset=17587504284554877581431668736",
        "/api/v3/images/?limit=10&offset=9223372036854775808",
        "/api/v3/pages/?offset=%2B9223372036854775808",
    ],
)
def test_query_postgresql_refuses_is_a_400_not_a_server_error(client, home, path):
    # Wagtail 8.0.1's v3 sent these to PostgreSQL, which refused them: a 500 before our guard.
    response = client.get(path)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


@pytest.fixture
def token_client(client, admin_token):
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {admin_token}"
    client.raise_request_exception = False  # a 500 is the observable bug, not a test crash
    return client


def post_json(client, path, body):
    return client.post(path, body, content_type="application/json")


# Wagtail 8.0.1's v3 answers the requests below with a 500 (bugs in wagtail/api/v3, worth an
# upstream report); api.guard.reject_unqueryable_input turns them into a 400 first.


def test_patch_with_a_non_integer_page_id_is_a_4xx(token_client, content):
    # schemas/pages.py looks the page up by the raw path value before Ninja validates it as an
    # int: Django raises ValueError ("Field 'id' expected a number but got 'null'").
    response = token_client.patch(
        "/api/v3/pages/null/", {"title": "x"}, content_type="application/json"
    )
    assert 400 <= response.status_code < 500


def test_create_page_with_a_null_body_is_a_4xx(token_client, content):
    # schemas/base.py: `type(None)._meta.label` → AttributeError.
    response = post_json(token_client, "/api/v3/pages/", "null")  # the JSON literal null
    assert 400 <= response.status_code < 500


def test_copy_of_the_root_page_is_refused(token_client, content):
    # routers/pages.py copy → find_available_slug(None, …): the root has no parent.
    response = post_json(token_client, "/api/v3/pages/1/actions/copy/", {})
    assert 400 <= response.status_code < 500


def test_alias_of_the_root_page_is_refused(token_client, content):
    # routers/pages.py create_alias → find_available_slug(page.get_parent() = None, …).
    response = post_json(token_client, "/api/v3/pages/1/actions/create_alias/", {})
    assert 400 <= response.status_code < 500


def test_move_beside_the_root_page_is_refused(token_client, content):
    # MovePageAction: parent_after = root.get_parent() = None → can_move_to(None) AttributeError.
    response = post_json(
        token_client,
        f"/api/v3/pages/{content.pk}/actions/move/",
        {"destination_id": 1, "position": "left"},
    )
    assert 400 <= response.status_code < 500
