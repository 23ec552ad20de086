"""Hostile input through the public form: always a 4xx in Spanish, never a ticket or a file."""

import re

import pytest
from django.core.files.storage import storages
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from buzon.models import Ticket, TicketAdjunto
from ejes.factories import EjePageFactory
from estructura.factories import OrganoPageFactory

from .conftest import pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

FORM_URL = "/buzon/"


def valid(**overrides):
    data = {
        "tipo": "pregunta",
        "asunto": "Pregunta sobre cuotas",
        "mensaje": "¿En qué se usan las cuotas sindicales de este año?",
        "acepta_aviso": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


BASELINE = {}


@pytest.fixture(autouse=True)
def files_before():
    # The in-memory storage outlives each test's rollback: count what this test adds.
    BASELINE["files"] = stored_files()


def stored_files():
    storage = storages["buzon"]
    try:
        _dirs, files = storage.listdir("buzon")
    except FileNotFoundError:
        return 0
    return len(files) + sum(len(storage.listdir(f"buzon/{d}")[1]) for d in _dirs)


def assert_refused(response, *spanish, status=None):
    body = response.content.decode("utf-8", "replace")
    assert 400 <= response.status_code < 500, (response.status_code, body[:500])
    if status is not None:
        assert response.status_code == status
    for text in spanish:
        assert text in body, (text, body[:3000])
    assert Ticket.objects.count() == 0
    assert TicketAdjunto.objects.count() == 0
    assert stored_files() == BASELINE["files"]


@pytest.fixture
def post(client, buzon_page):
    def post(data, **extra):
        return client.post(FORM_URL, data, **extra)

    return post


@pytest.mark.parametrize("missing", ["tipo", "asunto", "mensaje"])
def test_missing_required_field(post, missing):
    assert_refused(post(valid(**{missing: None})), "Este campo es necesario", status=400)


@pytest.mark.parametrize(
    "field,length",
    [("asunto", 201), ("mensaje", 5001), ("nombre", 151), ("correo", 255)],
)
def test_each_field_too_long(post, field, length):
    value = ("a" * (length - 12) + "@example.org") if field == "correo" else "x" * length
    message = "Revisa" if field == "correo" else "como máximo"
    assert_refused(post(valid(**{field: value})), message, status=400)


@pytest.mark.parametrize("field,value", [("asunto", "ab"), ("mensaje", "corto")])
def test_text_too_short(post, field, value):
    assert_refused(
        post(valid(**{field: value})), "Asegúrese de que este valor tenga como mínimo", status=400
    )


def test_unknown_tipo(post):
    assert_refused(post(valid(tipo="amenaza")), "Seleccione una opción válida", status=400)


@pytest.mark.parametrize("which", ["draft", "private", "missing", "negative", "huge", "text"])
def test_organo_that_cannot_be_chosen(post, estructura, which):
    from wagtail.models import PageViewRestriction

    if which == "draft":
        value = str(OrganoPageFactory(parent=estructura, title="Borrador", live=False).pk)
    elif which == "private":
        private = OrganoPageFactory(parent=estructura, title="Privado")
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        value = str(private.pk)
    else:
        value = {
            "missing": "987654",
            "negative": "-5",
            "huge": "99999999999999999999",
            "text": "uno",
        }[which]
    assert_refused(post(valid(organo=value)), "Seleccione una opción válida", status=400)


@pytest.mark.parametrize("value", ["abc", "1; DROP TABLE buzon_ticket", "1.5"])
def test_eje_id_not_a_number(post, ejes_index, value):
    EjePageFactory(parent=ejes_index)
    assert_refused(post(valid(eje=value)), "Seleccione una opción válida", status=400)


def test_bad_email(post):
    assert_refused(
        post(valid(correo="no-es-correo@")),
        "Introduzca una dirección de correo electrónico válida",
        status=400,
    )


def test_four_files(post):
    files = [upload(f"f{n}.pdf", pdf_bytes(), "application/pdf") for n in range(4)]
    assert_refused(post({**valid(), "adjuntos": files}), "como máximo 3 archivos", status=400)


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("informe.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "no es un PDF, JPEG ni PNG"),
        ("foto.png", b"<html><script>alert(1)</script></html>", "no es un PDF, JPEG ni PNG"),
        ("rota.png", None, "dañada o incompleta"),
        ("vacio.pdf", b"", "El archivo enviado está vac"),
    ],
    ids=["exe-as-pdf", "html-as-png", "truncated-png", "zero-bytes"],
)
def test_file_that_is_not_what_it_says(post, name, content, message):
    if content is None:
        content = png_bytes((64, 64))[:60]
    response = post({**valid(), "adjuntos": upload(name, content, "application/pdf")})
    assert_refused(response, message, status=400)


def test_file_over_the_size_limit(post, settings):
    settings.BUZON_ADJUNTO_MAX_BYTES = 1024
    big = pdf_bytes("x" * 2000)
    assert_refused(
        post({**valid(), "adjuntos": upload("grande.pdf", big)}), "el máximo por archivo"
    )


@pytest.mark.parametrize("field", ["asunto", "mensaje", "nombre"])
def test_null_byte_in_text(post, field):
    value = valid()[field] + "\x00" if field != "nombre" else "Ana\x00"
    assert_refused(
        post(valid(**{field: value})), "Caracteres nulos no están permitidos", status=400
    )


def test_control_characters_in_text(post):
    assert_refused(post(valid(asunto="Hola\x1b[31m rojo\x07")), "caracteres de control", status=400)


def test_invalid_utf8_urlencoded(client, buzon_page):
    body = b"tipo=pregunta&asunto=Hola%FF%FEmundo&mensaje=" + b"m" * 20 + b"&acepta_aviso=on"
    response = client.post(FORM_URL, body, content_type="application/x-www-form-urlencoded")
    assert_refused(response, "no es UTF-8", status=400)


def test_invalid_utf8_multipart(client, buzon_page):
    body = encode_multipart(BOUNDARY, valid(asunto="PLACEHOLDER"))
    body = body.replace(b"PLACEHOLDER", b"Hola \xc3\x28 mundo")
    response = client.generic("POST", FORM_URL, body, content_type=MULTIPART_CONTENT)
    assert_refused(response, "no es UTF-8", status=400)


def test_honeypot_filled(post):
    assert_refused(post(valid(sitio_web="http://spam.example")), "No pudimos aceptar el envío")


def test_privacy_not_accepted(post):
    assert_refused(post(valid(acepta_aviso=None)), "Debes aceptar el aviso de privacidad")


def test_oversized_body_is_refused_before_parsing(client, buzon_page, settings):
    settings.BUZON_REQUEST_MAX_BYTES = 2048
    files = [upload("a.pdf", pdf_bytes("x" * 3000), "application/pdf")]
    response = client.post(FORM_URL, {**valid(), "adjuntos": files})
    assert_refused(response, "El envío supera el tamaño permitido", status=413)


def test_oversized_body_is_refused_by_the_view_too(client, buzon_page, settings):
    # Should the middleware be left out of a deployment, the view still refuses it.
    settings.MIDDLEWARE = [
        name
        for name in settings.MIDDLEWARE
        if name != "buzon.middleware.RequestSizeLimitMiddleware"
    ]
    settings.BUZON_REQUEST_MAX_BYTES = 2048
    files = [upload("a.pdf", pdf_bytes("x" * 3000), "application/pdf")]
    response = client.post(FORM_URL, {**valid(), "adjuntos": files})
    assert_refused(response, "El envío es demasiado grande", status=413)


def test_multipart_with_a_broken_boundary(client, buzon_page):
    body = b'--otro\r\nContent-Disposition: form-data; name="tipo"\r\n\r\npregunta\r\n'
    response = client.post(FORM_URL, body, content_type="multipart/form-data; boundary=\x00\x01")
    assert_refused(response, status=400)
    assert "no se pudo" in response.content.decode() or "Revisa" in response.content.decode()


def test_multipart_without_boundary(client, buzon_page):
    response = client.post(FORM_URL, b"tipo=pregunta", content_type="multipart/form-data")
    assert_refused(response, "no se pudo leer", status=400)


def test_json_body_to_the_form(client, buzon_page):
    response = client.post(FORM_URL, valid(), content_type="application/json")
    assert_refused(response, "tipo de contenido", status=415)


def test_too_many_fields(client, buzon_page, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20
    data = valid(**{f"extra{n}": "x" for n in range(40)})
    body = "&".join(f"{key}={value}" for key, value in data.items())
    response = client.post(FORM_URL, body, content_type="application/x-www-form-urlencoded")
    assert_refused(response, "demasiados campos", status=400)


def test_body_too_big_for_django(client, buzon_page, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = "&".join(f"{k}={v}" for k, v in valid(mensaje="m" * 3000).items())
    response = client.post(FORM_URL, body, content_type="application/x-www-form-urlencoded")
    assert_refused(response, "demasiado grande", status=413)


def test_content_length_that_is_not_a_number(client, buzon_page):
    response = client.generic(
        "POST",
        FORM_URL,
        b"tipo=pregunta",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH="abc",
    )
    assert 400 <= response.status_code < 500
    assert Ticket.objects.count() == 0


def test_put_is_not_allowed(client, buzon_page):
    response = client.put(FORM_URL, b"{}")
    assert response.status_code == 405
    assert Ticket.objects.count() == 0


def test_script_is_stored_as_typed_and_escaped_on_follow_up(client, buzon_page):
    script = "<script>alert('x')</script>"
    response = client.post(
        FORM_URL,
        valid(asunto=f"Asunto {script}", mensaje=f"Mensaje largo {script}", nombre=script),
    )
    assert response.status_code == 302
    html = client.get("/buzon/recibido/").content.decode()
    folio = re.search(r'id="folio">([^<]+)<', html).group(1)
    clave = re.search(r'id="clave">([^<]+)<', html).group(1)
    ticket = Ticket.objects.get()
    assert ticket.asunto == f"Asunto {script}"
    assert ticket.mensaje == f"Mensaje largo {script}"
    assert ticket.nombre == script
    page = client.post("/buzon/seguimiento/", {"folio": folio, "clave": clave}).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


@pytest.fixture
def csrf_client(buzon_page):
    """A client that passes the CSRF check as a browser does (cookie plus form token)."""
    client = Client(enforce_csrf_checks=True)
    html = client.get(FORM_URL).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return client, token


def test_oversized_body_is_refused_before_the_csrf_check_reads_it(csrf_client, settings):
    client, token = csrf_client
    settings.BUZON_REQUEST_MAX_BYTES = 2048
    files = [upload("a.pdf", pdf_bytes("x" * 3000), "application/pdf")]
    response = client.post(FORM_URL, {**valid(), "csrfmiddlewaretoken": token, "adjuntos": files})
    assert_refused(response, "El envío supera el tamaño permitido", status=413)


def test_broken_multipart_behind_the_csrf_check_is_a_spanish_400(csrf_client):
    client, _token = csrf_client
    response = client.generic(
        "POST", FORM_URL, b"garbage", content_type="multipart/form-data; boundary="
    )
    assert_refused(response, "Solicitud no válida", status=400)


def test_valid_filing_passes_the_csrf_check(csrf_client):
    client, token = csrf_client
    response = client.post(FORM_URL, {**valid(), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Ticket.objects.count() == 1
