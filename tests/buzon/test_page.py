"""The public Buzón at /buzon/: filing, the one-time receipt, the follow-up and its files."""

import re

import pytest
from django.core import mail
from django.core.files.storage import storages

from buzon.choices import EstadoTicket, TipoEntrada
from buzon.models import Ticket, TicketAdjunto, TicketEntrada
from buzon.services import answer, change_state

from .conftest import jpeg_bytes, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

FORM_URL = "/buzon/"
RECEIPT_URL = "/buzon/recibido/"
FOLLOW_URL = "/buzon/seguimiento/"
# Measured: 14 (page, site, settings, the Buzón's deadline, menu, órganos and ejes for the
# choices, session…).
FORM_PAGE_BUDGET = 14


def form_data(**overrides):
    data = {
        "tipo": "queja",
        "asunto": "Falta el informe del trimestre",
        "mensaje": "El comité no ha publicado el informe del tercer trimestre.",
        "nombre": "",
        "correo": "",
        "acepta_aviso": "on",
        "sitio_web": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def file_through_form(client, **overrides):
    """POST the form, follow to the receipt, return (response, folio, key)."""
    response = client.post(FORM_URL, form_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == RECEIPT_URL
    receipt = client.get(RECEIPT_URL)
    html = receipt.content.decode()
    folio = re.search(r'<code class="buzon-code" id="folio">([^<]+)</code>', html).group(1)
    clave = re.search(r'id="clave">([^<]+)</code>', html).group(1)
    return receipt, folio, clave


def test_form_page_shows_intro_privacy_notice_and_every_field(client, buzon_page, settings):
    from cms.models import PortalSettings

    portal = PortalSettings.for_site(buzon_page.get_site())
    portal.aviso_privacidad_url = "https://snte.example.mx/aviso-de-privacidad"
    portal.save()
    response = client.get(FORM_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Escríbenos: preguntas" in html
    assert "Tus datos personales se usan solo para atender tu ticket." in html
    assert 'href="https://snte.example.mx/aviso-de-privacidad"' in html
    for name in ("tipo", "asunto", "mensaje", "organo", "eje", "nombre", "correo", "adjuntos"):
        assert f'<label for="id_{name}">' in html
    assert 'enctype="multipart/form-data"' in html
    # The honeypot is out of the tab order and hidden from assistive technology.
    assert re.search(r'<div class="buzon-hp" aria-hidden="true">', html)
    assert re.search(r'name="sitio_web"[^>]*tabindex="-1"[^>]*autocomplete="off"', html)


@pytest.mark.parametrize("plazo", [1, 15])
def test_form_page_states_the_configured_deadline(client, buzon_page, plazo):
    """The deadline the citizen reads is the one due dates are computed with, never typed."""
    from buzon.models import BuzonSettings

    BuzonSettings.objects.update_or_create(
        pk=BuzonSettings.load().pk, defaults={"plazo_dias_habiles": plazo}
    )
    words = "día hábil" if plazo == 1 else "días hábiles"
    assert f"tiene {plazo}\u00a0{words} para responder" in client.get(FORM_URL).text


def test_filing_without_email_gives_folio_and_key_once(client, buzon_page):
    receipt, folio, clave = file_through_form(client)
    html = receipt.content.decode()
    ticket = Ticket.objects.get()
    assert ticket.folio == folio
    assert ticket.key_matches(clave)
    assert ticket.correo == "" and ticket.nombre == ""
    assert "No diste un correo" in html
    assert "Fecha límite de respuesta" in html
    assert 'content="noindex"' in html
    assert "no-store" in receipt["Cache-Control"]
    # A reload does not show the key again: it goes back to the form.
    again = client.get(RECEIPT_URL)
    assert again.status_code == 302 and again["Location"] == FORM_URL
    assert clave not in client.get(FORM_URL).content.decode()


def test_receipt_without_a_submission_goes_to_the_form(client, buzon_page):
    response = client.get(RECEIPT_URL)
    assert response.status_code == 302
    assert response["Location"] == FORM_URL


def test_filing_with_email_and_three_attachments_saves_all_and_mails_the_key(
    client, buzon_page, organo, eje, django_capture_on_commit_callbacks
):
    files = [
        upload("informe.pdf", pdf_bytes(), "application/pdf"),
        upload("foto.png", png_bytes(), "image/png"),
        upload("foto.jpg", jpeg_bytes(), "image/jpeg"),
    ]
    data = form_data(correo="ana@example.org", nombre="Ana", organo=str(organo.pk), eje=str(eje.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM_URL, {**data, "adjuntos": files})
    assert response.status_code == 302
    receipt = client.get(RECEIPT_URL).content.decode()
    ticket = Ticket.objects.get()
    assert ticket.organo_id == organo.pk and ticket.eje_id == eje.pk
    assert ticket.direccion_ip == "127.0.0.1"
    adjuntos = list(ticket.adjuntos.order_by("pk"))
    assert [a.tipo_contenido for a in adjuntos] == ["application/pdf", "image/png", "image/jpeg"]
    assert [a.nombre for a in adjuntos] == ["informe.pdf", "foto.png", "foto.jpg"]
    storage = storages["buzon"]
    for adjunto in adjuntos:
        assert storage.exists(adjunto.archivo.name)
    with storage.open(adjuntos[0].archivo.name) as stored:
        assert stored.read() == pdf_bytes()
    acuse = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    assert len(acuse) == 1 and ticket.folio in acuse[0].subject
    assert "También te enviamos el folio y la clave" in receipt


def follow(client, folio, clave, **extra):
    return client.post(FOLLOW_URL, {"folio": folio, "clave": clave, **extra})


def test_follow_up_shows_state_dates_history_and_answer_without_staff_names(
    client, buzon_page, organo, file_ticket, admin_user
):
    ticket, clave = file_ticket(organo=organo)
    admin_user.first_name, admin_user.last_name = "Wenceslao", "Interno"
    admin_user.save()
    from buzon.services import add_note

    add_note(ticket, "Nota interna secreta", admin_user)
    answer(ticket, "El informe se publica el 15 de diciembre.", admin_user)
    response = follow(client, ticket.folio.lower(), clave.lower())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Respondido" in html
    assert "El informe se publica el 15 de diciembre." in html
    assert "Comité Ejecutivo Nacional" in html  # the órgano answers, not a person
    assert "Nota interna secreta" not in html
    assert "Wenceslao" not in html and "Interno" not in html
    assert admin_user.email not in html
    assert "Ana Pérez Secreta" not in html and "ana.secreta@example.org" not in html
    assert "Fecha límite de respuesta" in html
    assert 'content="noindex"' in html
    assert "no-store" in response["Cache-Control"]


def test_get_follow_up_shows_the_lookup_form(client, buzon_page):
    response = client.get(FOLLOW_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_folio">' in html and '<label for="id_clave">' in html
    assert "no-store" in response["Cache-Control"]


def test_reply_with_a_file_goes_into_the_thread(client, buzon_page, file_ticket, admin_user):
    ticket, clave = file_ticket()
    answer(ticket, "Ya está publicado.", admin_user)
    response = follow(
        client,
        ticket.folio,
        clave,
        accion="responder",
        mensaje="No lo encuentro, adjunto captura.",
        adjuntos=upload("captura.png", png_bytes(), "image/png"),
    )
    assert response.status_code == 302 and response["Location"] == FOLLOW_URL
    shown = client.get(FOLLOW_URL).content.decode()
    assert "Recibimos tu mensaje." in shown
    assert "No lo encuentro, adjunto captura." in shown
    assert "captura.png" in shown
    ticket.refresh_from_db()
    assert ticket.estado == EstadoTicket.EN_ATENCION
    entrada = ticket.entradas.get(tipo=TipoEntrada.MENSAJE)
    assert entrada.adjuntos.get().nombre == "captura.png"
    # A second plain GET no longer shows the ticket.
    assert "No lo encuentro" not in client.get(FOLLOW_URL).content.decode()


def test_reply_is_refused_once_the_ticket_is_closed(client, buzon_page, file_ticket, admin_user):
    ticket, clave = file_ticket()
    change_state(ticket, EstadoTicket.IMPROCEDENTE, admin_user, "Fuera de competencia.")
    page = follow(client, ticket.folio, clave).content.decode()
    assert "Este ticket está cerrado" in page
    assert 'name="accion"' not in page
    entries = TicketEntrada.objects.count()
    response = follow(client, ticket.folio, clave, accion="responder", mensaje="Insisto mucho.")
    assert response.status_code == 400
    assert "ya está cerrado" in response.content.decode()
    assert TicketEntrada.objects.count() == entries


def strip_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_wrong_key_and_unknown_folio_get_the_same_response(client, buzon_page, file_ticket):
    ticket, clave = file_ticket()
    wrong_key = follow(client, ticket.folio, "AAAA-BBBB-CCCC-DDDD")
    unknown = follow(client, "OPTI-2000-999999", clave)
    assert wrong_key.status_code == unknown.status_code == 404
    # The folio typed is echoed back in the form; compare with it set aside.
    body_wrong = strip_csrf(wrong_key.content.decode()).replace(ticket.folio, "FOLIO")
    body_unknown = strip_csrf(unknown.content.decode()).replace("OPTI-2000-999999", "FOLIO")
    assert body_wrong == body_unknown
    assert "No encontramos un ticket con ese folio y esa clave" in body_wrong
    assert ticket.asunto not in body_wrong


def test_attachments_download_only_in_a_session_that_proved_the_key(
    client, buzon_page, file_ticket
):
    ticket, clave = file_ticket(files=[upload("acta.pdf", pdf_bytes("acta"), "application/pdf")])
    other, _other_key = file_ticket(files=[upload("otro.pdf", pdf_bytes(), "application/pdf")])
    adjunto = ticket.adjuntos.get()
    url = f"{FOLLOW_URL}adjuntos/{adjunto.pk}/"
    assert client.get(url).status_code == 404
    page = follow(client, ticket.folio, clave).content.decode()
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes("acta")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    # Another ticket's file, a private file, an unknown id and a huge one: the same 404.
    assert client.get(f"{FOLLOW_URL}adjuntos/{other.adjuntos.get().pk}/").status_code == 404
    TicketAdjunto.objects.filter(pk=adjunto.pk).update(publico=False)
    assert client.get(url).status_code == 404
    assert client.get(f"{FOLLOW_URL}adjuntos/999999/").status_code == 404
    assert client.get(f"{FOLLOW_URL}adjuntos/99999999999999999999/").status_code == 404


def test_filer_can_download_own_attachment_right_after_filing(client, buzon_page):
    response = client.post(
        FORM_URL,
        {**form_data(), "adjuntos": upload("mio.pdf", pdf_bytes("mio"), "application/pdf")},
    )
    assert response.status_code == 302
    adjunto = TicketAdjunto.objects.get()
    download = client.get(f"{FOLLOW_URL}adjuntos/{adjunto.pk}/")
    assert download.status_code == 200


def test_rate_limit_keeps_the_form_and_files_nothing(client, buzon_page, settings):
    # A day-long window: a fixed one-minute window may roll over mid-test and reset the count.
    settings.BUZON_RATE_LIMIT = "2/86400"
    for _ in range(2):
        assert client.post(FORM_URL, form_data()).status_code == 302
    response = client.post(FORM_URL, form_data(asunto="Tercer intento de envío"))
    html = response.content.decode()
    assert response.status_code == 429
    assert "Recibimos muchos envíos desde tu conexión" in html
    assert 'value="Tercer intento de envío"' in html
    assert Ticket.objects.count() == 2


def test_follow_up_rate_limit_is_friendly(client, buzon_page, settings, file_ticket):
    settings.BUZON_CONSULTA_RATE_LIMIT = "2/86400"
    ticket, clave = file_ticket()
    for _ in range(2):
        follow(client, ticket.folio, "AAAA-AAAA-AAAA-AAAA")
    response = follow(client, ticket.folio, clave)
    assert response.status_code == 429
    assert "demasiados intentos" in response.content.decode()
    assert ticket.asunto not in response.content.decode()


def test_invalid_form_shows_summary_linked_to_fields_and_keeps_values(client, buzon_page):
    response = client.post(FORM_URL, form_data(asunto="Un asunto válido", mensaje="corto"))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in html
    assert '<a href="#id_mensaje">' in html
    assert 'id="id_mensaje-error"' in html
    assert re.search(r'<textarea[^>]*aria-describedby="id_mensaje-error"', html)
    assert 'value="Un asunto válido"' in html
    assert Ticket.objects.count() == 0


def test_form_page_queries_do_not_grow(
    client, buzon_page, file_ticket, django_assert_max_num_queries
):
    client.get(FORM_URL)
    with django_assert_max_num_queries(FORM_PAGE_BUDGET) as captured:
        assert client.get(FORM_URL).status_code == 200
    first = len(captured)
    for _ in range(5):
        file_ticket()
    with django_assert_max_num_queries(first):
        assert client.get(FORM_URL).status_code == 200
    print(f"form page: {first} queries")


def test_footer_links_to_the_buzon_on_every_page(client, buzon_page, home):
    buzon_page.show_in_menus = False
    buzon_page.save()
    for url in ("/", FORM_URL, "/buscar/"):
        html = client.get(url).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert '<a href="/buzon/">Buzón OPTISNTE</a>' in footer, url
