"""The Buzón's API at /api/buzon/ (django-ninja, mounted by api.project).

Apps file a ticket, follow it and reply, with the same rules as the public page: every request
body (JSON or multipart) is fed to the page's own forms (``buzon.forms``), so limits and
messages cannot drift apart, and every change goes through ``buzon.services``.

Bodies are read by hand rather than declared as Ninja schemas: one operation takes JSON *or*
multipart, the size must be checked before anything is parsed, and a bad body must get a
Spanish message naming the field instead of Pydantic's English. The OpenAPI schema is written
out in ``openapi_extra`` to match.

The follow-up key travels only in the ``X-Clave-Seguimiento`` header: a query string ends up
in access logs and browser history, so a key there is ignored.
"""

import base64
import binascii
import datetime
import json
import math
import time

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Path, Router, Schema, Status
from wagtail.api.v3.errors import ProblemDetail, problem_response

from api.auth import PUBLIC_AUTH
from api.guard import encodable

from . import services
from .api_statistics import router as statistics_router
from .choices import TipoEntrada
from .forms import ReplyForm, TicketForm
from .models import BuzonPage, Ticket

router = Router(tags=["Buzón"])
router.add_router("/estadisticas/", statistics_router)

KEY_HEADER = "X-Clave-Seguimiento"
JSON = "application/json"
MULTIPART = "multipart/form-data"
# Page ids are PostgreSQL integers: anything larger is refused before it reaches a query.
MAX_ID = 2**31 - 1
TICKET_FIELDS = ("tipo", "asunto", "mensaje", "organo", "eje", "nombre", "correo", "sitio_web")


# --- schemas ---------------------------------------------------------------------------------


class TicketCreadoSchema(Schema):
    folio: str
    clave: str
    estado: str
    fecha_limite: datetime.date
    seguimiento_url: str


class PaginaRefSchema(Schema):
    id: int
    title: str


class EntradaPublicaSchema(Schema):
    tipo: str
    texto: str
    fecha: datetime.datetime
    autor: str
    estado_anterior: str | None = None
    estado_nuevo: str | None = None


class AdjuntoPublicoSchema(Schema):
    nombre: str
    tipo: str
    tamano: int


class TicketPublicoSchema(Schema):
    folio: str
    tipo: str
    tipo_nombre: str
    asunto: str
    mensaje: str
    estado: str
    estado_nombre: str
    abierto: bool
    organo: PaginaRefSchema | None
    eje: PaginaRefSchema | None
    creado: datetime.datetime
    fecha_limite: datetime.date
    respondido_en: datetime.datetime | None
    respuesta: EntradaPublicaSchema | None
    historial: list[EntradaPublicaSchema]
    adjuntos: list[AdjuntoPublicoSchema]


class RespuestaCreadaSchema(Schema):
    folio: str
    estado: str
    fecha: datetime.datetime


# --- OpenAPI for the hand-read bodies ----------------------------------------------------------


def _attachments_json_schema():
    return {
        "type": "array",
        "maxItems": settings.BUZON_ADJUNTOS_MAX,
        "description": _(
            "Hasta %(count)d archivos PDF, JPEG o PNG (se revisa el contenido, no el nombre)."
        )
        % {"count": settings.BUZON_ADJUNTOS_MAX},
        "items": {
            "type": "object",
            "required": ["nombre", "contenido_base64"],
            "additionalProperties": False,
            "properties": {
                "nombre": {"type": "string", "maxLength": 150},
                "contenido_base64": {"type": "string", "format": "byte"},
            },
        },
    }


def text_schema(form_class, name, **extra):
    """A form field's text limits as JSON Schema: the form is the one source of its limits."""
    field = form_class.base_fields[name]
    limits = {"minLength": field.min_length, "maxLength": field.max_length}
    return {"type": "string", **{key: value for key, value in limits.items() if value}, **extra}


def required_fields(form_class, names):
    return [name for name in names if form_class.base_fields[name].required]


def _ticket_request_body():
    text = {"type": "string"}
    json_properties = {
        "tipo": {"type": "string", "enum": [v for v, _l in TicketForm.base_fields["tipo"].choices]},
        "asunto": text_schema(TicketForm, "asunto"),
        "mensaje": text_schema(TicketForm, "mensaje"),
        "organo": {
            "type": ["integer", "null"],
            "minimum": 1,
            "description": _("Id de un órgano publicado (API v2: estructura.OrganoPage)."),
        },
        "eje": {
            "type": ["integer", "null"],
            "minimum": 1,
            "description": _("Id de un eje publicado (API v2: ejes.EjePage)."),
        },
        "nombre": text_schema(TicketForm, "nombre"),
        "correo": text_schema(
            TicketForm,
            "correo",
            description=_("Opcional; si se da, llegan ahí el acuse y los avisos."),
        ),
        "acepta_aviso": {
            "type": "boolean",
            "description": _("Debe ser true: aceptación del aviso de privacidad."),
        },
        "adjuntos": _attachments_json_schema(),
        "sitio_web": {
            **text,
            "maxLength": 0,
            "description": _("Campo trampa contra robots: déjalo vacío u omítelo."),
        },
    }
    form_properties = {
        **{name: json_properties[name] for name in TICKET_FIELDS},
        "organo": {"type": "integer", "minimum": 1},
        "eje": {"type": "integer", "minimum": 1},
        "acepta_aviso": {"type": "string", "enum": ["on", "true"]},
        "adjuntos": {
            "type": "array",
            "maxItems": settings.BUZON_ADJUNTOS_MAX,
            "items": {"type": "string", "format": "binary"},
        },
    }
    required = required_fields(TicketForm, json_properties)
    return {
        "required": True,
        "content": {
            JSON: {
                "schema": {
                    "title": "TicketNuevo",
                    "type": "object",
                    "required": required,
                    "additionalProperties": False,
                    "properties": json_properties,
                }
            },
            MULTIPART: {
                "schema": {
                    "title": "TicketNuevoFormulario",
                    "type": "object",
                    "required": required,
                    "properties": form_properties,
                }
            },
        },
    }


def _reply_request_body():
    mensaje = text_schema(ReplyForm, "mensaje")
    return {
        "required": True,
        "content": {
            JSON: {
                "schema": {
                    "title": "RespuestaCiudadana",
                    "type": "object",
                    "required": ["mensaje"],
                    "additionalProperties": False,
                    "properties": {"mensaje": mensaje, "adjuntos": _attachments_json_schema()},
                }
            },
            MULTIPART: {
                "schema": {
                    "title": "RespuestaCiudadanaFormulario",
                    "type": "object",
                    "required": ["mensaje"],
                    "properties": {
                        "mensaje": mensaje,
                        "adjuntos": {
                            "type": "array",
                            "maxItems": settings.BUZON_ADJUNTOS_MAX,
                            "items": {"type": "string", "format": "binary"},
                        },
                    },
                }
            },
        },
    }


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


class BadRequest(Exception):
    """A request we refuse before the forms see it: (status, detail, field errors)."""

    def __init__(self, status, detail, errors=None, headers=None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}

    def response(self):
        response = problem_response(
            status=self.status, detail=encodable(self.detail), errors=encodable(self.errors)
        )
        for name, value in self.headers.items():
            response[name] = value
        return response


def field_error(loc, message, code="invalid"):
    return {"type": code, "loc": ["body", *loc], "msg": str(message)}


def bad_field(loc, message, code="invalid"):
    name = ".".join(str(part) for part in loc)
    return BadRequest(
        400,
        _("El campo «%(field)s» no es válido: %(message)s") % {"field": name, "message": message},
        [field_error(loc, message, code)],
    )


def json_limit():
    # Base64 makes a file a third larger: the same files fit in JSON as in multipart.
    return math.ceil(settings.BUZON_REQUEST_MAX_BYTES * 4 / 3)


def too_large(limit):
    return BadRequest(
        413,
        _("La petición pesa demasiado; el máximo es de %(size)d bytes.") % {"size": limit},
    )


def read_body(request):
    """("json", object) or ("form", (data, files)); a BadRequest for anything else.

    The declared size is checked before a byte is read; a JSON body is read only up to the
    limit, so a missing or lying Content-Length cannot make it read more.
    """
    kind = request.content_type
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared <= 0:
        raise BadRequest(400, _("El cuerpo de la petición está vacío."))
    if kind not in {JSON, MULTIPART}:
        raise BadRequest(
            415,
            _("Envía el cuerpo como application/json o multipart/form-data, no como «%(type)s».")
            % {"type": (kind or _("sin tipo"))[:80]},
        )
    limit = json_limit() if kind == JSON else settings.BUZON_REQUEST_MAX_BYTES
    if declared > limit:
        raise too_large(limit)
    if kind == MULTIPART:
        try:
            return "form", (request.POST, request.FILES)
        except RequestDataTooBig as error:
            raise too_large(limit) from error
        except (MultiPartParserError, SuspiciousOperation) as error:
            raise BadRequest(400, _("El cuerpo multipart/form-data está mal formado.")) from error
    try:
        raw = request.body
    except RequestDataTooBig:
        # Over DATA_UPLOAD_MAX_MEMORY_SIZE but within ours (files in base64): read it here.
        raw = request.read(limit + 1)
    if len(raw) > limit:
        raise too_large(limit)
    if not raw.strip():
        raise BadRequest(400, _("El cuerpo de la petición está vacío."))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(400, _("El cuerpo de la petición no es UTF-8 válido.")) from error
    try:
        body = json.loads(text)
    except ValueError as error:
        raise BadRequest(
            400, _("El cuerpo de la petición no es JSON válido: %(error)s") % {"error": error}
        ) from error
    if not isinstance(body, dict):
        raise BadRequest(400, _("El cuerpo de la petición debe ser un objeto JSON."))
    return "json", body


def check_keys(body, allowed):
    unknown = sorted(str(key) for key in body if key not in allowed)
    if unknown:
        raise BadRequest(
            400,
            _("Campos desconocidos: %(fields)s.") % {"fields": ", ".join(unknown)[:300]},
            [field_error([key], _("Este campo no existe."), "unknown") for key in unknown[:20]],
        )


def json_text(body, name):
    value = body.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise bad_field([name], _("debe ser texto."), "type")
    return value


def parse_id(value, name):
    """A page id from JSON (an integer) or a form (digits); "" and None mean none chosen."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise bad_field([name], _("debe ser un número entero positivo."), "type")
    if isinstance(value, str):
        if not (value.isascii() and value.isdigit()):
            raise bad_field([name], _("debe ser un número entero positivo."), "type")
        if len(value) > len(str(MAX_ID)):
            # Past 4,300 digits int() itself refuses the text (a ValueError, a 500).
            raise bad_field([name], _("debe ser un número entero positivo."), "range")
        value = int(value)
    if not 1 <= value <= MAX_ID:
        raise bad_field([name], _("debe ser un número entero positivo."), "range")
    return value


def json_files(body):
    """The JSON's base64 attachments as uploads, so the form checks them like any upload."""
    items = body.get("adjuntos")
    if items is None:
        return []
    if not isinstance(items, list):
        raise bad_field(["adjuntos"], _("debe ser una lista."), "type")
    files = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise bad_field(
                ["adjuntos", index], _("debe ser un objeto con nombre y contenido_base64."), "type"
            )
        check_keys_at(item, {"nombre", "contenido_base64"}, ["adjuntos", index])
        nombre = item.get("nombre")
        content = item.get("contenido_base64")
        if nombre is not None and not isinstance(nombre, str):
            raise bad_field(["adjuntos", index, "nombre"], _("debe ser texto."), "type")
        if not isinstance(content, str):
            raise bad_field(
                ["adjuntos", index, "contenido_base64"], _("debe ser texto en base64."), "type"
            )
        try:
            data = base64.b64decode("".join(content.split()), validate=True)
        except (binascii.Error, ValueError) as error:
            raise bad_field(
                ["adjuntos", index, "contenido_base64"], _("no es base64 válido."), "base64"
            ) from error
        files.append(SimpleUploadedFile(nombre or "adjunto", data, "application/octet-stream"))
    return files


def check_keys_at(body, allowed, loc):
    unknown = sorted(str(key) for key in body if key not in allowed)
    if unknown:
        raise bad_field([*loc, unknown[0]], _("este campo no existe."), "unknown")


def ticket_form(request):
    kind, body = read_body(request)
    if kind == "form":
        data, files = body
        for name in ("organo", "eje"):
            parse_id(data.get(name), name)
        return TicketForm(data=data, files=files)
    check_keys(body, {*TICKET_FIELDS, "acepta_aviso", "adjuntos"})
    data = {name: json_text(body, name) for name in TICKET_FIELDS if name not in ("organo", "eje")}
    for name in ("organo", "eje"):
        value = parse_id(body.get(name), name)
        data[name] = "" if value is None else str(value)
    acepta = body.get("acepta_aviso")
    if acepta is not None and not isinstance(acepta, bool):
        raise bad_field(["acepta_aviso"], _("debe ser true o false."), "type")
    if acepta:
        data["acepta_aviso"] = "on"
    return TicketForm(data=data, files=MultiValueDict({"adjuntos": json_files(body)}))


def reply_form(request):
    kind, body = read_body(request)
    if kind == "form":
        data, files = body
        return ReplyForm(data=data, files=files)
    check_keys(body, {"mensaje", "adjuntos"})
    return ReplyForm(
        data={"mensaje": json_text(body, "mensaje")},
        files=MultiValueDict({"adjuntos": json_files(body)}),
    )


def form_problem(form):
    """422 with one entry per message, each naming its field (as the page shows them)."""
    errors = [
        field_error([] if name == "__all__" else [name], message, error.code or "invalid")
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
    historial = [public_entry(ticket, entrada) for entrada in entradas]
    answers = [entry for entry in historial if entry["tipo"] == TipoEntrada.RESPUESTA]
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
        "respuesta": answers[-1] if answers else None,
        "historial": historial,
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
    openapi_extra={"requestBody": _ticket_request_body()},
)
def crear_ticket(request: HttpRequest, response: HttpResponse):
    if services.filing_limited(request):
        return rate_problem(settings.BUZON_RATE_LIMIT)
    try:
        form = ticket_form(request)
    except BadRequest as problem:
        return problem.response()
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
    openapi_extra={"parameters": [KEY_PARAMETER], "requestBody": _reply_request_body()},
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
        form = reply_form(request)
    except BadRequest as bad:
        return bad.response()
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
