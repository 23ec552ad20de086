"""The Buzón through /api/buzon/: filing, following and replying, as an app would."""

import base64
import json

import pytest

from buzon.choices import EstadoTicket, TipoEntrada
from buzon.models import Ticket, TicketAdjunto, TicketEntrada
from buzon.services import add_note, answer, assign, change_state, route

from .conftest import jpeg_bytes, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

URL = "/api/buzon/tickets/"
PERSONAL = ("Ana Pérez Secreta", "ana.secreta@example.org", "203.0.113.")


def payload(**overrides):
    return {
        "tipo": "pregunta",
        "asunto": "¿Cuándo se publica el informe?",
        "mensaje": "Quisiera saber cuándo se publica el informe trimestral del comité.",
        "nombre": "Ana Pérez Secreta",
        "correo": "ana.secreta@example.org",
        "acepta_aviso": True,
        **overrides,
    }


def b64(content):
    return base64.b64encode(content).decode()


def post_json(client, body, url=URL, **headers):
    return client.post(
        url,
        json.dumps(body),
        content_type="application/json",
        headers=headers,
        REMOTE_ADDR="203.0.113.7",
    )


def follow(client, folio, clave):
    return client.get(f"{URL}{folio}/", headers={"X-Clave-Seguimiento": clave})


@pytest.fixture
def filed(client, buzon_page, organo_a, eje):
    response = post_json(client, payload(organo=organo_a.pk, eje=eje.pk))
    assert response.status_code == 201, response.content
    return response.json()


def test_json_filing_returns_201_with_folio_key_and_location(client, buzon_page, organo_a, eje):
    response = post_json(client, payload(organo=organo_a.pk, eje=eje.pk))
    assert response.status_code == 201
    body = response.json()
    ticket = Ticket.objects.get()
    assert body["folio"] == ticket.folio
    assert body["estado"] == EstadoTicket.RECIBIDO
    assert body["fecha_limite"] == ticket.fecha_limite.isoformat()
    assert body["seguimiento_url"] == "http://testserver/buzon/seguimiento/"
    assert ticket.key_matches(body["clave"])
    assert response["Location"] == f"http://testserver{URL}{ticket.folio}/"
    assert response["Cache-Control"] == "no-store"
    assert ticket.organo == organo_a and ticket.eje == eje
    assert ticket.direccion_ip == "203.0.113.7"


def test_json_filing_with_base64_attachments_stores_them(client, buzon_page):
    response = post_json(
        client,
        payload(adjuntos=[{"nombre": "acta.pdf", "contenido_base64": b64(pdf_bytes())}]),
    )
    assert response.status_code == 201, response.content
    adjunto = TicketAdjunto.objects.get()
    assert adjunto.nombre == "acta.pdf"
    assert adjunto.tipo_contenido == "application/pdf"
    assert adjunto.archivo.read() == pdf_bytes()


def test_multipart_filing_with_three_real_files(client, buzon_page, organo_a):
    files = [
        upload("oficio.pdf", pdf_bytes()),
        upload("foto.png", png_bytes()),
        upload("credencial.jpg", jpeg_bytes()),
    ]
    response = client.post(
        URL,
        {
            **payload(organo=organo_a.pk),
            "acepta_aviso": "on",
            "adjuntos": files,
        },
    )
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get(folio=response.json()["folio"])
    stored = {a.nombre: a.tipo_contenido for a in ticket.adjuntos.all()}
    assert stored == {
        "oficio.pdf": "application/pdf",
        "foto.png": "image/png",
        "credencial.jpg": "image/jpeg",
    }
    assert ticket.organo == organo_a


def test_follow_up_shows_the_public_view(client, filed, organo_a, eje, admin_user):
    ticket = Ticket.objects.get(folio=filed["folio"])
    answer(ticket, "Se publica en diciembre.", admin_user)
    response = follow(client, filed["folio"], filed["clave"])
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["folio"] == filed["folio"]
    assert body["tipo"] == "pregunta" and body["tipo_nombre"] == "Pregunta"
    assert body["estado"] == "respondido" and body["estado_nombre"] == "Respondido"
    assert body["organo"] == {"id": organo_a.pk, "title": "Comité A"}
    assert body["eje"] == {"id": eje.pk, "title": "Transparencia"}
    assert body["respondido_en"]
    assert body["respuesta"]["texto"] == "Se publica en diciembre."
    assert body["respuesta"]["autor"] == "Comité A"
    kinds = [entry["tipo"] for entry in body["historial"]]
    assert kinds == ["estado", "respuesta", "estado"]
    assert all(entry["autor"] in {"Comité A"} for entry in body["historial"])


def test_follow_up_accepts_lowercase_folio_and_key(client, filed):
    response = follow(client, filed["folio"].lower(), filed["clave"].lower())
    assert response.status_code == 200


def test_wrong_key_and_unknown_folio_get_the_same_404(client, filed):
    wrong_key = follow(client, filed["folio"], "AAAA-BBBB-CCCC-DDDD")
    unknown = follow(client, "OPTI-1999-000001", filed["clave"])
    garbage = follow(client, "x" * 300, filed["clave"])
    assert wrong_key.status_code == unknown.status_code == garbage.status_code == 404
    assert wrong_key.content == unknown.content == garbage.content
    assert wrong_key["Content-Type"] == "application/problem+json"
    assert "folio" in wrong_key.json()["detail"]


def test_citizen_reply_through_the_api(client, filed, admin_user):
    ticket = Ticket.objects.get(folio=filed["folio"])
    answer(ticket, "Se publica en diciembre.", admin_user)
    response = post_json(
        client,
        {
            "mensaje": "¿Y el informe anual?",
            "adjuntos": [{"nombre": "captura.png", "contenido_base64": b64(png_bytes())}],
        },
        url=f"{URL}{filed['folio']}/respuestas/",
        **{"X-Clave-Seguimiento": filed["clave"]},
    )
    assert response.status_code == 201, response.content
    assert response.json()["estado"] == EstadoTicket.EN_ATENCION
    ticket.refresh_from_db()
    assert ticket.estado == EstadoTicket.EN_ATENCION
    reply = ticket.entradas.get(tipo=TipoEntrada.MENSAJE)
    assert reply.texto == "¿Y el informe anual?"
    assert reply.adjuntos.get().nombre == "captura.png"
    view = follow(client, filed["folio"], filed["clave"]).json()
    assert [a["nombre"] for a in view["adjuntos"]] == ["captura.png"]
    assert view["adjuntos"][0] == {
        "nombre": "captura.png",
        "tipo": "image/png",
        "tamano": len(png_bytes()),
    }


def test_multipart_reply(client, filed):
    response = client.post(
        f"{URL}{filed['folio']}/respuestas/",
        {"mensaje": "Agrego el oficio.", "adjuntos": [upload("oficio.pdf", pdf_bytes())]},
        headers={"X-Clave-Seguimiento": filed["clave"]},
    )
    assert response.status_code == 201, response.content
    assert TicketAdjunto.objects.get().nombre == "oficio.pdf"


def test_reply_to_a_closed_ticket_is_a_409(client, filed, admin_user):
    ticket = Ticket.objects.get(folio=filed["folio"])
    change_state(ticket, EstadoTicket.IMPROCEDENTE, admin_user)
    before = TicketEntrada.objects.count()
    response = post_json(
        client,
        {"mensaje": "¿Por qué?"},
        url=f"{URL}{filed['folio']}/respuestas/",
        **{"X-Clave-Seguimiento": filed["clave"]},
    )
    assert response.status_code == 409
    assert "cerrado" in response.json()["detail"]
    assert TicketEntrada.objects.count() == before


def test_reply_with_a_wrong_key_is_the_same_404(client, filed):
    url = f"{URL}{filed['folio']}/respuestas/"
    wrong = post_json(client, {"mensaje": "Hola"}, url=url, **{"X-Clave-Seguimiento": "X"})
    unknown = post_json(
        client,
        {"mensaje": "Hola"},
        url=f"{URL}OPTI-1999-000001/respuestas/",
        **{"X-Clave-Seguimiento": filed["clave"]},
    )
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.content == unknown.content
    assert not TicketEntrada.objects.filter(tipo=TipoEntrada.MENSAJE).exists()


def test_no_personal_data_or_internal_entries_in_any_response(
    client, buzon_page, organo_a, opti_admin, enlace_a
):
    created = post_json(client, payload(organo=organo_a.pk))
    body = created.json()
    ticket = Ticket.objects.get(folio=body["folio"])
    add_note(ticket, "Nota interna: llamar a la secretaria.", opti_admin)
    route(ticket, organo_a, opti_admin)
    assign(ticket, enlace_a, opti_admin)
    answer(ticket, "Respuesta pública.", enlace_a)
    reply = post_json(
        client,
        {"mensaje": "Gracias."},
        url=f"{URL}{body['folio']}/respuestas/",
        **{"X-Clave-Seguimiento": body["clave"]},
    )
    view = follow(client, body["folio"], body["clave"])
    for response in (created, reply, view):
        text = response.content.decode()
        for secret in (
            *PERSONAL,
            ticket.clave_hash,
            "Nota interna",
            "Enlace_A",
            "enlace_a",
            "Opti_Admin",
            "direccion_ip",
            "correo",
            'nombre": "Ana',
        ):
            assert secret not in text, (response.request["PATH_INFO"], secret)
    kinds = {entry["tipo"] for entry in view.json()["historial"]}
    assert kinds <= {"mensaje", "respuesta", "estado"}
    assert body["clave"] not in view.content.decode()


def given(schema):
    """The schema of a value that may also be null (Pydantic writes ``anyOf: [it, null]``)."""
    branches = [branch for branch in schema.get("anyOf", [schema]) if branch != {"type": "null"}]
    assert len(branches) == 1, schema
    return branches[0]


def test_schema_lists_the_three_operations(client, home, settings):
    schema = client.get("/api/openapi.json").json()
    create = schema["paths"]["/api/buzon/tickets/"]["post"]
    read = schema["paths"]["/api/buzon/tickets/{folio}/"]["get"]
    reply = schema["paths"]["/api/buzon/tickets/{folio}/respuestas/"]["post"]
    for operation in (create, read, reply):
        assert operation["summary"] and operation["description"]
        assert operation["tags"] == ["Buzón"]
    assert set(create["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert set(reply["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    json_body = create["requestBody"]["content"]["application/json"]["schema"]
    assert json_body["additionalProperties"] is False
    assert json_body["required"] == ["tipo", "asunto", "mensaje", "acepta_aviso"]
    assert given(json_body["properties"]["tipo"])["enum"] == [
        "pregunta",
        "solicitud",
        "queja",
        "sugerencia",
        "reconocimiento",
    ]
    assert given(json_body["properties"]["adjuntos"])["maxItems"] == 3
    limits = given(json_body["properties"]["mensaje"])
    assert (limits["minLength"], limits["maxLength"]) == (10, settings.BUZON_MENSAJE_MAX)
    form_body = create["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form_body["properties"]["adjuntos"]["items"]["format"] == "binary"
    assert {"201", "400", "413", "415", "422", "429"} <= set(create["responses"])
    assert "$ref" in str(create["responses"]["201"])
    assert {"200", "404", "429"} <= set(read["responses"])
    assert {"201", "404", "409"} <= set(reply["responses"])
    for operation in (read, reply):
        header = [p for p in operation["parameters"] if p["in"] == "header"]
        assert header and header[0]["name"] == "X-Clave-Seguimiento"
        assert header[0]["required"] is True
        assert not [p for p in operation["parameters"] if p["in"] == "query"]
    components = schema["components"]["schemas"]
    assert "historial" in components["TicketPublicoSchema"]["properties"]
    for hidden in ("nombre", "correo", "direccion_ip", "clave_hash"):
        assert hidden not in components["TicketPublicoSchema"]["properties"]


def big_pdf(size):
    # Larger than Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), within the Buzón's 5 MB.
    return pdf_bytes("x" * size)


def test_files_over_djangos_in_memory_limit_are_accepted_in_both_bodies(client, buzon_page):
    content = big_pdf(3 * 1024 * 1024)
    multipart = client.post(
        URL, {**payload(), "acepta_aviso": "on", "adjuntos": [upload("grande.pdf", content)]}
    )
    assert multipart.status_code == 201, multipart.content
    as_json = post_json(
        client, payload(adjuntos=[{"nombre": "grande.pdf", "contenido_base64": b64(content)}])
    )
    assert as_json.status_code == 201, as_json.content
    assert [a.tamano for a in TicketAdjunto.objects.all()] == [len(content)] * 2
