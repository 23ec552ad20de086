"""The Buzón's API at /api/buzon/ (django-ninja, mounted by api.project).

Apps file a ticket, follow it and reply, with the same rules as the public page: a body is read
by the page's own reader (``buzon.bodies``: size first, JSON or multipart), a JSON body is
checked against its Schema (``buzon.schemas``: shape and types, refused in Spanish by
``api.errors``), and then judged by the page's own forms (``buzon.forms``), so limits and
messages cannot drift apart; every change goes through ``buzon.services``. The operations read
the body themselves rather than declaring it to Ninja, because one operation takes JSON *or*
multipart and the size must be checked before anything is parsed; the schemas still write the
OpenAPI ``requestBody``.

The follow-up key travels only in the ``X-Clave-Seguimiento`` header: a query string ends up
in access logs and browser history, so a key there is ignored.
"""

import math
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Path, Router, Status
from pydantic import ValidationError as SchemaError
from wagtail.api.v3.errors import ProblemDetail, problem_response

from api.auth import PUBLIC_AUTH
from api.errors import validation_problem
from api.guard import encodable

from . import services
from .api_statistics import router as statistics_router
from .bodies import JSON, MULTIPART, BadBody, read_body
from .choices import TipoEntrada
from .forms import ReplyForm, TicketForm
from .models import BuzonPage, Ticket
from .schemas import (
    MAX_ID,
    RespuestaCiudadana,
    RespuestaCreadaSchema,
    TicketCreadoSchema,
    TicketNuevo,
    TicketPublicoSchema,
    request_body,
)

router = Router(tags=["Buzón"])
router.add_router("/estadisticas/", statistics_router)

KEY_HEADER = "X-Clave-Seguimiento"


KEY_PARAMETER = {
    "name": KEY_HEADER,
    "in": "header",
    "required": True,
    "description": (
        "Clave de seguimiento que se entregó al crear el ticket (XXXX-XXXX-XXXX-XXXX). Solo se "
        "acepta en este encabezado: en la dirección quedaría en los registros del servidor."
    ),
    "schema": {"type": "string", "maxLength": 40},
}
FOLIO_DESCRIPTION = "Folio del ticket, p. ej. OPTI-2026-000123."


# --- reading requests ------------------------------------------------------------------------


class Refused(Exception):
    """A request answered before the forms see it, with the problem response to send."""

    def __init__(self, response):
        super().__init__(response.status_code)
        self.response = response


def body_of(request):
    try:
        return read_body(
            request, {JSON, MULTIPART}, _("envía application/json o multipart/form-data.")
        )
    except BadBody as bad:
        raise Refused(problem_response(status=bad.status, detail=encodable(bad.message))) from bad


def parsed(schema_class, body):
    try:
        return schema_class.model_validate(body)
    except SchemaError as error:
        raise Refused(validation_problem(error.errors(), prefix=["body"])) from error


def check_page_ids(data):
    """A form's organo/eje must be page ids (digits, within an integer) or left empty."""
    errors = [
        {"type": "page_id", "loc": ["body", name]}
        for name in ("organo", "eje")
        if data.get(name)
        and not (
            data[name].isascii()
            and data[name].isdigit()
            and len(data[name]) <= len(str(MAX_ID))
            and 1 <= int(data[name]) <= MAX_ID
        )
    ]
    if errors:
        raise Refused(validation_problem(errors))


def uploads(adjuntos):
    """The JSON's base64 attachments as uploads, so the form checks them like any upload."""
    return MultiValueDict(
        {
            "adjuntos": [
                SimpleUploadedFile(adjunto.nombre or "adjunto", adjunto.content())
                for adjunto in adjuntos or ()
            ]
        }
    )


def bound_form(request, form_class, schema_class):
    """`form_class` bound to the body, read as multipart or as `schema_class` in JSON."""
    kind, body = body_of(request)
    if kind == MULTIPART:
        data, files = body
        check_page_ids(data)
        return form_class(data=data, files=files)
    values = parsed(schema_class, body)
    return form_class(data=values.form_data(), files=uploads(values.adjuntos))


def form_problem(form):
    """422 with one entry per message, each naming its field (as the page shows them)."""
    errors = [
        {
            "type": error.code or "invalid",
            "loc": ["body"] if name == "__all__" else ["body", name],
            "msg": str(message),
        }
        for name, error_list in form.errors.as_data().items()
        for error in error_list
        for message in error.messages
    ]
    fields = sorted({name for name in form.errors if name != "__all__"})
    return problem_response(
        status=422,
        detail=_("Revisa estos campos: %(fields)s.") % {"fields": ", ".join(fields)},
        errors=encodable(errors),  # a message may quote what was sent
    )


def rate_problem(rate):
    _count, seconds = services.parse_rate(rate)
    retry = max(1, math.ceil(seconds - time.time() % seconds))
    response = problem_response(
        status=429,
        detail=_("Demasiadas solicitudes desde tu conexión; intenta de nuevo en %(s)d segundos.")
        % {"s": retry},
    )
    response["Retry-After"] = str(retry)
    return response


def not_found():
    # One body for a wrong key and an unknown folio: nothing tells whether a folio exists.
    return problem_response(
        status=404, detail=_("No encontramos un ticket con ese folio y esa clave de seguimiento.")
    )


def ticket_for(request, folio):
    """The ticket for the folio and the header's key, or a problem response to return."""
    clave = request.headers.get(KEY_HEADER, "").strip()
    if not clave:
        return None, problem_response(
            status=400,
            detail=_("Falta la clave de seguimiento en el encabezado %(header)s.")
            % {"header": KEY_HEADER},
            errors=[
                {
                    "type": "missing",
                    "loc": ["header", KEY_HEADER],
                    "msg": _("Este encabezado es obligatorio."),
                }
            ],
        )
    if len(folio) > 20 or len(clave) > 40:
        services.find_ticket("", clave[:40])  # the same work as a lookup
        return None, not_found()
    ticket = services.find_ticket(folio, clave)
    if ticket is None:
        return None, not_found()
    return ticket, None


def seguimiento_url():
    page = BuzonPage.objects.live().public().first()
    url = page.full_url if page else None
    return f"{url.rstrip('/')}/seguimiento/" if url else ""


def no_store(response):
    response["Cache-Control"] = "no-store"
    return response


# --- public view -----------------------------------------------------------------------------


def public_entry(ticket, entrada):
    if entrada.tipo == TipoEntrada.MENSAJE:
        autor = _("Quien escribe")
    else:
        autor = ticket.public_signature
    return {
        "tipo": entrada.tipo,
        "texto": entrada.texto,
        "fecha": entrada.creado,
        "autor": autor,
        "estado_anterior": entrada.estado_anterior or None,
        "estado_nuevo": entrada.estado_nuevo or None,
    }


def public_view(ticket):
    entradas = ticket.public_thread()
    respuesta = ticket.public_answer(entradas)
    adjuntos = [adjunto for entrada in entradas for adjunto in entrada.adjuntos.all()]
    return {
        "folio": ticket.folio,
        "tipo": ticket.tipo,
        "tipo_nombre": ticket.get_tipo_display(),
        "asunto": ticket.asunto,
        "mensaje": ticket.mensaje,
        "estado": ticket.estado,
        "estado_nombre": ticket.get_estado_display(),
        "abierto": ticket.is_open,
        "organo": {"id": ticket.organo_id, "title": ticket.organo.title}
        if ticket.organo_id
        else None,
        "eje": {"id": ticket.eje_id, "title": ticket.eje.title} if ticket.eje_id else None,
        "creado": ticket.creado,
        "fecha_limite": ticket.fecha_limite,
        "respondido_en": ticket.respondido_en,
        "respuesta": public_entry(ticket, respuesta) if respuesta else None,
        "historial": [public_entry(ticket, entrada) for entrada in entradas],
        "adjuntos": [
            {"nombre": adjunto.nombre, "tipo": adjunto.tipo_contenido, "tamano": adjunto.tamano}
            for adjunto in adjuntos
        ],
    }


PROBLEMS = {
    400: ProblemDetail,
    404: ProblemDetail,
    413: ProblemDetail,
    415: ProblemDetail,
    422: ProblemDetail,
    429: ProblemDetail,
}


# --- operations ------------------------------------------------------------------------------


@router.post(
    "/tickets/",
    auth=PUBLIC_AUTH,
    url_name="buzon_tickets",
    operation_id="buzon_crear_ticket",
    summary="Enviar un ticket al Buzón",
    description=(
        "Crea un ticket (pregunta, solicitud de información, queja, sugerencia o "
        "reconocimiento) y devuelve su folio y su **clave de seguimiento**, que solo se muestra "
        "aquí: guárdala. Acepta `application/json` (archivos en base64 en `adjuntos`) o "
        "`multipart/form-data` con los mismos nombres de campo que el formulario de /buzon/. "
        "Se aplican las mismas reglas y límites que en el formulario. Límite de envíos por "
        "dirección (429 con `Retry-After`)."
    ),
    response={201: TicketCreadoSchema, **PROBLEMS},
    openapi_extra={"requestBody": request_body(TicketNuevo, TicketForm)},
)
def crear_ticket(request: HttpRequest, response: HttpResponse):
    if services.filing_limited(request):
        return rate_problem(settings.BUZON_RATE_LIMIT)
    try:
        form = bound_form(request, TicketForm, TicketNuevo)
    except Refused as refused:
        return refused.response
    if not form.is_valid():
        if form.is_spam:
            return problem_response(status=400, detail=form.errors["sitio_web"][0])
        return form_problem(form)
    ticket, clave = services.create_ticket(
        form.cleaned_data, files=form.cleaned_data["adjuntos"], ip=services.client_ip(request)
    )
    response["Location"] = request.build_absolute_uri(
        reverse("optisnte_api:buzon_ticket", args=[ticket.folio])
    )
    no_store(response)
    return Status(
        201,
        {
            "folio": ticket.folio,
            "clave": clave,
            "estado": ticket.estado,
            "fecha_limite": ticket.fecha_limite,
            "seguimiento_url": seguimiento_url(),
        },
    )


@router.get(
    "/tickets/{folio}/",
    auth=PUBLIC_AUTH,
    url_name="buzon_ticket",
    operation_id="buzon_consultar_ticket",
    summary="Consultar un ticket con su folio y su clave",
    description=(
        "La vista pública del ticket: estado, historial público, respuesta y adjuntos. La "
        f"clave va en el encabezado `{KEY_HEADER}`, nunca en la dirección. Una clave "
        "equivocada y un folio inexistente reciben la misma respuesta 404."
    ),
    response={200: TicketPublicoSchema, **PROBLEMS},
    openapi_extra={"parameters": [KEY_PARAMETER]},
)
def consultar_ticket(
    request: HttpRequest,
    response: HttpResponse,
    folio: str = Path(..., description=FOLIO_DESCRIPTION),
):
    no_store(response)
    if services.follow_up_limited(request):
        return no_store(rate_problem(settings.BUZON_CONSULTA_RATE_LIMIT))
    ticket, problem = ticket_for(request, folio)
    if problem:
        return no_store(problem)
    return public_view(ticket)


@router.post(
    "/tickets/{folio}/respuestas/",
    auth=PUBLIC_AUTH,
    url_name="buzon_respuestas",
    operation_id="buzon_responder_ticket",
    summary="Agregar un mensaje o archivos a un ticket abierto",
    description=(
        "Quien escribió agrega un mensaje (y hasta "
        f"{settings.BUZON_ADJUNTOS_MAX} archivos) mientras el ticket sigue abierto; si ya tenía "
        "respuesta, vuelve a atención. JSON o multipart, con las reglas del formulario. 409 si "
        f"el ticket está cerrado. La clave va en el encabezado `{KEY_HEADER}`."
    ),
    response={201: RespuestaCreadaSchema, 409: ProblemDetail, **PROBLEMS},
    openapi_extra={
        "parameters": [KEY_PARAMETER],
        "requestBody": request_body(RespuestaCiudadana, ReplyForm),
    },
)
def responder_ticket(
    request: HttpRequest,
    response: HttpResponse,
    folio: str = Path(..., description=FOLIO_DESCRIPTION),
):
    no_store(response)
    if services.follow_up_limited(request):
        return rate_problem(settings.BUZON_CONSULTA_RATE_LIMIT)
    ticket, problem = ticket_for(request, folio)
    if problem:
        return problem
    if not ticket.is_open:
        return closed_problem()
    try:
        form = bound_form(request, ReplyForm, RespuestaCiudadana)
    except Refused as refused:
        return refused.response
    if not form.is_valid():
        return form_problem(form)
    try:
        entrada = services.citizen_reply(
            ticket, form.cleaned_data["mensaje"], files=form.cleaned_data["adjuntos"]
        )
    except ValidationError as error:
        if error.code == "closed":
            return closed_problem()
        raise
    ticket = Ticket.objects.get(pk=ticket.pk)
    return Status(201, {"folio": ticket.folio, "estado": ticket.estado, "fecha": entrada.creado})


def closed_problem():
    return problem_response(
        status=409,
        detail=_("Este ticket ya está cerrado; si lo necesitas, abre uno nuevo."),
    )
