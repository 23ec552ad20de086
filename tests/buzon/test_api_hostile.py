"""Hostile input to /api/buzon/: every one a 4xx with a clear message, never a half-made ticket."""

import base64
import json

import pytest

from buzon.models import Ticket, TicketAdjunto, TicketEntrada

from .conftest import pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

URL = "/api/buzon/tickets/"
# The first bytes of a Windows executable: "MZ" and the DOS stub.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def payload(**overrides):
    return {
        "tipo": "queja",
        "asunto": "Falta el informe",
        "mensaje": "El informe del tercer trimestre no aparece en el portal.",
        "acepta_aviso": True,
        **overrides,
    }


def b64(content):
    return base64.b64encode(content).decode()


def post_raw(client, body, content_type="application/json"):
    return client.post(URL, body, content_type=content_type)


def post_json(client, body):
    return post_raw(client, json.dumps(body))


def refused(response, status, field=None, words=()):
    """The response is a problem+json `status`, naming `field`; nothing was stored."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert problem["detail"]
    if field is not None:
        locs = [error["loc"] for error in problem.get("errors", [])]
        assert any(field in loc for loc in locs), (field, problem)
        messages = " ".join(error["msg"] for error in problem["errors"])
        assert messages
    text = json.dumps(problem, ensure_ascii=False)
    for word in words:
        assert word in text, (word, problem)
    assert not Ticket.objects.exists()
    assert not TicketAdjunto.objects.exists()
    assert not TicketEntrada.objects.exists()
    return problem


@pytest.fixture(autouse=True)
def stage(buzon_page):
    return buzon_page


# --- the body as a whole ------------------------------------------------------------------------


def test_empty_body(client):
    refused(post_raw(client, b""), 400, words=["vacío"])


@pytest.mark.parametrize("body", ["[]", '[{"tipo": "queja"}]', '"un texto"', "42", "null"])
def test_json_that_is_not_an_object(client, body):
    problem = refused(post_raw(client, body), 400)
    assert "JSON" in problem["detail"] and "object" in problem["detail"].replace("objeto", "object")


def test_malformed_json(client):
    refused(post_raw(client, b'{"tipo": "queja", "asunto": '), 400, words=["JSON"])


def test_invalid_utf8(client):
    body = b'{"tipo": "queja", "asunto": "\xff\xfe mal", "mensaje": "x"}'
    refused(post_raw(client, body), 400, words=["UTF-8"])


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml"])
def test_wrong_content_type(client, content_type):
    response = post_raw(client, json.dumps(payload()), content_type=content_type)
    refused(response, 415, words=[content_type])


def test_form_urlencoded_is_refused(client):
    body = "tipo=queja&asunto=Falta+el+informe"
    refused(post_raw(client, body, "application/x-www-form-urlencoded"), 415)


def test_oversized_body_is_refused_before_parsing(client, settings):
    settings.BUZON_REQUEST_MAX_BYTES = 2_000
    body = json.dumps(payload(mensaje="x" * 4_000))
    refused(post_raw(client, body), 413, words=["bytes"])


def test_oversized_multipart_is_refused(client, settings):
    settings.BUZON_REQUEST_MAX_BYTES = 2_000
    data = {**payload(), "acepta_aviso": "on", "adjuntos": [upload("a.pdf", pdf_bytes("x" * 3000))]}
    refused(client.post(URL, data), 413)


def test_unknown_field(client):
    refused(post_json(client, payload(admin=True)), 400, field="admin")


# --- the fields ---------------------------------------------------------------------------------


def test_nul_character_in_text(client):
    refused(post_json(client, payload(asunto="Falta\x00el informe")), 422, field="asunto")


def test_control_characters_in_text(client):
    problem = refused(
        post_json(client, payload(mensaje="Texto con \x1b[31m escape y \x07 campana.")),
        422,
        field="mensaje",
    )
    assert "control" in problem["errors"][0]["msg"]


def test_too_long_subject_and_message(client, settings):
    body = payload(asunto="a" * 201, mensaje="b" * (settings.BUZON_MENSAJE_MAX + 1))
    problem = refused(post_json(client, body), 422, field="asunto")
    assert {tuple(e["loc"]) for e in problem["errors"]} == {("body", "asunto"), ("body", "mensaje")}
    assert "200" in problem["errors"][0]["msg"] or "200" in problem["errors"][1]["msg"]


def test_missing_required_fields(client):
    problem = refused(post_json(client, {"acepta_aviso": True}), 422, field="tipo")
    assert {e["loc"][-1] for e in problem["errors"]} == {"tipo", "asunto", "mensaje"}
    assert problem["errors"][0]["msg"] == "Este campo es necesario."


def test_unknown_tipo(client):
    refused(post_json(client, payload(tipo="amenaza")), 422, field="tipo")


def test_text_field_of_the_wrong_type(client):
    refused(post_json(client, payload(asunto=["lista"])), 400, field="asunto")


def test_invalid_email(client):
    refused(post_json(client, payload(correo="no-es-correo")), 422, field="correo")


@pytest.mark.parametrize(
    "raw",
    ["-1", '"abc"', "1e309", "99999999999999999999", "1.5", "true", '"-3"', "0", "{}"],
)
def test_bad_organo_ids_are_400_naming_the_field(client, raw):
    body = json.dumps(payload()).replace("{", '{"organo": ' + raw + ", ", 1)
    problem = refused(post_raw(client, body), 400, field="organo")
    assert "organo" in problem["detail"]


def test_huge_eje_in_multipart(client):
    data = {**payload(), "acepta_aviso": "on", "eje": "99999999999999999999"}
    refused(client.post(URL, data), 400, field="eje")


def test_draft_organo_cannot_be_chosen(client, organo_a):
    organo_a.unpublish()
    refused(post_json(client, payload(organo=organo_a.pk)), 422, field="organo")


def test_unknown_organo_id(client):
    refused(post_json(client, payload(organo=987654)), 422, field="organo")


@pytest.mark.parametrize(
    "value, status", [(False, 422), (None, 422), ("sí", 400), (1, 400), ("true", 400)]
)
def test_privacy_notice_not_accepted(client, value, status):
    problem = refused(post_json(client, payload(acepta_aviso=value)), status, field="acepta_aviso")
    if status == 422:
        assert "aviso de privacidad" in problem["errors"][0]["msg"]


def test_privacy_notice_missing(client):
    body = payload()
    del body["acepta_aviso"]
    refused(post_json(client, body), 422, field="acepta_aviso")


def test_honeypot_filled(client):
    problem = refused(post_json(client, payload(sitio_web="http://spam.example")), 400)
    assert "deja vacío" in problem["detail"]


# --- attachments --------------------------------------------------------------------------------


def test_four_attachments(client):
    files = [{"nombre": f"{n}.pdf", "contenido_base64": b64(pdf_bytes())} for n in range(4)]
    problem = refused(post_json(client, payload(adjuntos=files)), 422, field="adjuntos")
    assert "máximo 3" in problem["errors"][0]["msg"]


def test_four_attachments_in_multipart(client):
    files = [upload(f"{n}.pdf", pdf_bytes()) for n in range(4)]
    data = {**payload(), "acepta_aviso": "on", "adjuntos": files}
    refused(client.post(URL, data), 422, field="adjuntos")


def test_executable_in_base64(client):
    files = [{"nombre": "informe.pdf", "contenido_base64": b64(EXE)}]
    problem = refused(post_json(client, payload(adjuntos=files)), 422, field="adjuntos")
    assert "informe.pdf" in problem["errors"][0]["msg"]
    assert "contenido" in problem["errors"][0]["msg"]


@pytest.mark.parametrize("content", ["%%% no es base64 %%%", "QUJ", 12, None])
def test_invalid_base64(client, content):
    files = [{"nombre": "a.pdf", "contenido_base64": content}]
    problem = refused(post_json(client, payload(adjuntos=files)), 400, field="adjuntos")
    assert "contenido_base64" in problem["errors"][0]["loc"]


@pytest.mark.parametrize("adjuntos", ["a.pdf", [["a.pdf"]], [{"nombre": "a", "url": "x"}]])
def test_attachments_of_the_wrong_shape(client, adjuntos):
    refused(post_json(client, payload(adjuntos=adjuntos)), 400, field="adjuntos")


def test_html_renamed_as_png_in_multipart(client):
    html = b"<!doctype html><script>alert(1)</script>"
    data = {
        **payload(),
        "acepta_aviso": "on",
        "adjuntos": [upload("foto.png", html, "image/png")],
    }
    problem = refused(client.post(URL, data), 422, field="adjuntos")
    assert "foto.png" in problem["errors"][0]["msg"]


def test_truncated_png(client):
    files = [{"nombre": "roto.png", "contenido_base64": b64(png_bytes()[:30])}]
    refused(post_json(client, payload(adjuntos=files)), 422, field="adjuntos")


def test_attachment_too_big(client, settings):
    settings.BUZON_ADJUNTO_MAX_BYTES = 100
    files = [{"nombre": "grande.pdf", "contenido_base64": b64(pdf_bytes("x" * 200))}]
    problem = refused(post_json(client, payload(adjuntos=files)), 422, field="adjuntos")
    assert "grande.pdf" in problem["errors"][0]["msg"]


def test_one_bad_file_sinks_the_whole_filing(client):
    files = [
        {"nombre": "bueno.pdf", "contenido_base64": b64(pdf_bytes())},
        {"nombre": "malo.pdf", "contenido_base64": b64(EXE)},
    ]
    refused(post_json(client, payload(adjuntos=files)), 422, field="adjuntos")


# --- abuse --------------------------------------------------------------------------------------


def test_rate_limit_gives_429_with_retry_after(client, settings):
    settings.BUZON_RATE_LIMIT = "2/60"
    assert post_json(client, payload()).status_code == 201
    assert post_json(client, payload()).status_code == 201
    response = post_json(client, payload())
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "intenta de nuevo" in response.json()["detail"]
    assert Ticket.objects.count() == 2


def test_follow_up_rate_limit(client, settings):
    settings.BUZON_CONSULTA_RATE_LIMIT = "2/60"
    headers = {"X-Clave-Seguimiento": "AAAA-BBBB-CCCC-DDDD"}
    for _attempt in range(2):
        assert client.get(f"{URL}OPTI-2026-000001/", headers=headers).status_code == 404
    response = client.get(f"{URL}OPTI-2026-000001/", headers=headers)
    assert response.status_code == 429
    assert response["Retry-After"]


def test_key_in_the_query_string_is_ignored(client):
    created = post_json(client, payload()).json()
    response = client.get(f"{URL}{created['folio']}/?clave={created['clave']}")
    assert response.status_code == 400
    problem = response.json()
    assert "X-Clave-Seguimiento" in problem["detail"]
    assert created["folio"] not in response.content.decode()
    response = client.get(
        f"{URL}{created['folio']}/?X-Clave-Seguimiento={created['clave']}",
    )
    assert response.status_code == 400


def test_reply_with_nul_and_no_message(client):
    created = post_json(client, payload()).json()
    url = f"{URL}{created['folio']}/respuestas/"
    headers = {"X-Clave-Seguimiento": created["clave"]}
    for body, status, field in [
        ({"mensaje": "Hola\x00"}, 422, "mensaje"),
        ({}, 422, "mensaje"),
        ({"mensaje": "Hola", "extra": 1}, 400, "extra"),
    ]:
        response = client.post(url, json.dumps(body), "application/json", headers=headers)
        assert response.status_code == status, response.content
        assert any(field in e["loc"] for e in response.json()["errors"])
    assert response.status_code == 400
    assert Ticket.objects.get().entradas.count() == 1


def test_nul_in_the_path_is_a_400(client):
    response = client.get(f"{URL}OPTI%00/", headers={"X-Clave-Seguimiento": "A"})
    assert response.status_code == 400
