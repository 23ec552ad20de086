"""The API guard (api.guard): what it refuses, in what words, before whom, and at what cost."""

import base64
import json
import os
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import path
from ninja import File, NinjaAPI, Schema, UploadedFile
from wagtail.api.v3.errors import register_exception_handlers
from wagtail.models import APIToken

from api import guard as api_guard
from api.errors import validation_problem
from api.guard import guard_api
from buzon.factories import BuzonPageFactory
from buzon.models import Ticket

pytestmark = pytest.mark.django_db

BUZON = "/api/buzon/tickets/"


def ticket(**fields):
    return {
        "tipo": "queja",
        "asunto": "Falta el informe",
        "mensaje": "El informe del tercer trimestre no aparece en el portal.",
        "acepta_aviso": True,
        **fields,
    }


def post_raw(client, url, body, content_type="application/json", **extra):
    return client.post(url, body, content_type=content_type, **extra)


def refused(response, status=400):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


@pytest.fixture
def buzon(home):
    return BuzonPageFactory(parent=home)


@pytest.fixture
def token(django_user_model):
    admin = django_user_model.objects.create_superuser("robot", "robot@example.com", "x")
    return APIToken.create_token(user=admin, name="guardia")[1]


# --- what is refused, and how it is said ---------------------------------------------------------


def test_a_deep_body_to_a_v3_write_is_a_400_before_authentication(client, home):
    # Anonymous: without the guard this is a RecursionError (a 500), and after it a 401.
    body = b"[" * 100_000 + b"]" * 100_000
    problem = refused(post_raw(client, "/api/v3/pages/", body))
    assert "anida" in problem["detail"] and "64" in problem["detail"]


@pytest.mark.parametrize(
    "body, words",
    [
        (b'{"asunto": "texto \\ud800 roto"}', ["sustituto", "columna"]),
        (b'{"\\udc00": 1}', ["sustituto"]),
        (b'{"asunto": "\xff\xfe"}', ["UTF-8"]),
        (b'\xef\xbb\xbf{"asunto": "x"}', ["BOM"]),
        ('{"asunto": "x"}'.encode("utf-16"), ["UTF-8"]),
        (b'{"organo": ' + b"9" * 5000 + b"}", ["demasiado grande"]),
        (b'{"organo": NaN}', ["«organo»", "NaN"]),
        (b'{"organo": 1e400}', ["«organo»", "1e400"]),
        (b'{"adjuntos": [{"nombre": -Infinity}]}', ["«adjuntos.0.nombre»"]),
        (b'{"eje": 18446744073709551616}', ["«eje»", "9223372036854775807"]),
        (b'{"eje": -1180591620717411303424}', ["«eje»"]),
        (b"[" * 65 + b"]" * 65, ["64 niveles"]),
    ],
)
def test_each_hostile_body_gets_a_spanish_400_naming_what_is_wrong(client, buzon, body, words):
    problem = refused(post_raw(client, BUZON, body))
    for word in words:
        assert word in problem["detail"], problem
    assert not Ticket.objects.exists()


def test_a_bad_number_is_located_for_the_client(client, buzon):
    problem = refused(post_raw(client, BUZON, json.dumps(ticket()).replace("}", ', "eje": NaN}')))
    assert problem["errors"][0]["loc"] == ["body", "eje"]


@pytest.mark.parametrize(
    "body",
    [
        json.dumps(ticket()),
        json.dumps(ticket(asunto="Emoji 😀 y acentos: ñandú", organo=None)),
        json.dumps(ticket(mensaje="Cifras: 9223372036854775807 y 1e308 en el texto " * 3)),
    ],
)
def test_ordinary_bodies_pass_untouched(client, buzon, body):
    assert post_raw(client, BUZON, body).status_code == 201
    assert Ticket.objects.count() == 1


def test_malformed_json_is_left_to_the_operation_and_its_own_words(client, buzon):
    problem = refused(post_raw(client, BUZON, b'{"tipo": "queja", "asunto": '))
    assert "no es JSON válido" in problem["detail"]  # the Buzón's message, not the guard's


def test_a_body_deeper_than_the_limit_inside_an_ordinary_ticket_is_refused(client, buzon):
    nested = "[" * 70 + "]" * 70
    body = json.dumps(ticket()).replace('"acepta_aviso"', f'"x": {nested}, "acepta_aviso"')
    refused(post_raw(client, BUZON, body))
    assert not Ticket.objects.exists()


def test_a_v3_json_body_over_djangos_memory_limit_is_a_413_problem(client, home, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    problem = refused(post_raw(client, "/api/v3/pages/", json.dumps({"x": "y" * 2_000})), 413)
    assert "1000 bytes" in problem["detail"]


def test_a_path_id_beyond_bigint_is_a_400(client, home, token):
    for page_id in [str(2**63), "9" * 5000]:
        response = client.get(f"/api/v3/pages/{page_id}/", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert "fuera de rango" in refused(response)["detail"]


def test_an_address_no_api_operation_answers_is_a_json_404(client, home):
    response = client.get("/api/no-hay-tal-operacion/")
    assert refused(response, 404)["detail"]
    assert "<html" not in response.content.decode()


# --- the guard's other door: JSON that Ninja reads from a multipart form -----------------------


@pytest.mark.urls(__name__)
def test_a_lone_surrogate_in_a_json_part_of_a_multipart_form_is_refused(client):
    # No operation mixes files and a JSON body today; one that does has its JSON parts read by
    # Ninja's parser, which is the guard's too (the view decorator never reads a multipart body).
    client.raise_request_exception = False
    response = client.post(
        "/eco-api/subir/",
        {"datos": '{"nombre": "\\ud800"}', "archivo": SimpleUploadedFile("a.txt", b"x")},
    )
    ordinary = client.post(
        "/eco-api/subir/",
        {"datos": '{"nombre": "bien"}', "archivo": SimpleUploadedFile("a.txt", b"x")},
    )
    refused(response)
    assert ordinary.status_code == 200
    assert ordinary.json() == {"letras": 4}


# --- what the guard never does -------------------------------------------------------------------


def test_the_guard_never_reads_a_multipart_body():
    body = b'--x\r\nContent-Disposition: form-data; name="asunto"\r\n\r\n[[[[\r\n--x--\r\n'
    request = RequestFactory().generic(
        "POST", BUZON, body, content_type="multipart/form-data; boundary=x"
    )
    assert api_guard._body_to_check(request, reads_json_body=False) is None
    assert not request._read_started  # Django still streams it to the upload handlers


def test_the_guard_hands_a_large_json_body_on_to_the_operation(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    body = json.dumps(ticket(mensaje="x" * 500)).encode()
    request = RequestFactory().generic("POST", BUZON, body, content_type="application/json")
    assert api_guard._body_to_check(request, reads_json_body=False) == body
    assert request.body == body  # read once, kept for the operation (no RequestDataTooBig)


def test_a_buzon_sized_body_is_checked_in_milliseconds():
    files = [
        {"nombre": f"{n}.pdf", "contenido_base64": base64.b64encode(os.urandom(5 << 20)).decode()}
        for n in range(3)
    ]
    body = json.dumps(ticket(adjuntos=files)).encode()
    assert len(body) > 20_000_000  # three 5 MB files, a third larger in base64
    started = time.perf_counter()
    assert api_guard.check_json(body) is None
    elapsed = time.perf_counter() - started
    # About 10 ms on the development machine; the bound leaves room for a busy CI runner.
    assert elapsed < 0.5, f"{elapsed * 1000:.0f} ms for {len(body) / 1e6:.1f} MB"


# --- echoes that cannot be encoded ---------------------------------------------------------------

echo_api = NinjaAPI(urls_namespace="echo_test")
register_exception_handlers(echo_api)
guard_api(echo_api)


class Datos(Schema):
    nombre: str


@echo_api.post("/subir/", auth=None)
def subir(request, datos: Datos, archivo: File[UploadedFile]):
    # A file and a JSON body in one operation: Ninja reads `datos` from its form part as JSON.
    return {"letras": len(datos.nombre)}


@echo_api.get("/eco/", auth=None)
def eco(request):
    # A route the guard cannot see (a value read from somewhere else) that echoes it.
    raise ValidationError(f"Valor no válido: {chr(0xD800)}")


urlpatterns = [path("eco-api/", echo_api.urls)]


@pytest.mark.urls(__name__)
def test_a_problem_that_echoes_an_unencodable_value_is_a_400_not_a_500(client):
    client.raise_request_exception = False
    response = client.get("/eco-api/eco/")
    assert response.status_code == 400
    assert "UTF-8" in response.json()["detail"]


def test_the_buzon_echoes_a_lone_surrogate_as_its_escape():
    problem = [{"type": "extra_forbidden", "loc": ["\ud800"]}]
    response = validation_problem(problem, prefix=["body"])
    assert response.status_code == 400
    body = json.loads(response.content)
    assert body["detail"] == "Revisa estos campos: \\ud800."
    assert body["errors"][0]["loc"] == ["body", "\\ud800"]
