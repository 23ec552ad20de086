"""Reading a Buzón request body, for the page's forms and the API alike: the one reader.

The declared size is checked before a byte is read, so an oversized upload is refused without
spooling it; a JSON body is read only up to the limit, so a missing or lying Content-Length
cannot make it read more; text that is not UTF-8 is refused rather than stored as U+FFFD.
Whatever is refused is a ``BadBody``: its status and the Spanish message each channel shows
(the page as a message page, the API as a problem).
"""

import json
import math

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

JSON = "application/json"
MULTIPART = "multipart/form-data"
URLENCODED = "application/x-www-form-urlencoded"
FORM_TYPES = {MULTIPART, URLENCODED}


class BadBody(Exception):
    """A body we will not read: its status and the Spanish message to show instead."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def size_limit(kind):
    # Base64 makes a file a third larger: the same files fit in JSON as in multipart.
    if kind == JSON:
        return math.ceil(settings.BUZON_REQUEST_MAX_BYTES * 4 / 3)
    return settings.BUZON_REQUEST_MAX_BYTES


def too_large(limit):
    return BadBody(
        413,
        _(
            "El envío es demasiado grande: el máximo es de %(bytes)d bytes. Reduce el tamaño "
            "de los archivos (hasta %(count)d de %(size)s cada uno) e inténtalo de nuevo."
        )
        % {
            "bytes": limit,
            "count": settings.BUZON_ADJUNTOS_MAX,
            "size": filesizeformat(settings.BUZON_ADJUNTO_MAX_BYTES),
        },
    )


def read_body(request, accepted, hint):
    """(content type, payload) of a POST whose type is in `accepted`; BadBody otherwise.

    The payload is (POST, FILES) for a form and the decoded object for JSON. `hint` tells a
    sender of another type what to send instead.
    """
    kind = request.content_type
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise BadBody(400, _("La solicitud no se pudo leer.")) from None
    if declared <= 0 and kind not in FORM_TYPES:
        raise BadBody(400, _("El cuerpo de la petición está vacío."))
    if kind not in accepted:
        raise BadBody(
            415,
            _("No se aceptó el tipo de contenido «%(type)s»: %(hint)s")
            % {"type": (kind or _("sin tipo"))[:80], "hint": hint},
        )
    limit = size_limit(kind)
    if declared > limit:
        raise too_large(limit)
    if kind in FORM_TYPES:
        return kind, read_form(request, limit)
    return kind, read_json(request, limit)


def read_form(request, limit):
    try:
        data, files = request.POST, request.FILES
    except RequestDataTooBig as error:
        raise too_large(limit) from error
    except SuspiciousOperation as error:
        # TooManyFieldsSent, TooManyFilesSent and friends.
        raise BadBody(
            400, _("El envío no se pudo procesar: tiene demasiados campos o archivos.")
        ) from error
    except (MultiPartParserError, UnicodeDecodeError, ValueError) as error:
        raise BadBody(
            400, _("El envío llegó dañado y no se pudo leer. Inténtalo de nuevo.")
        ) from error
    # Django decodes bad UTF-8 into U+FFFD instead of failing: refuse rather than store it.
    if any("\ufffd" in value for values in data.lists() for value in values[1]):
        raise BadBody(
            400,
            _("El texto llegó con caracteres no válidos (no es UTF-8). Escríbelo de nuevo."),
        )
    return data, files


def read_json(request, limit):
    try:
        raw = request.body
    except RequestDataTooBig:
        # Over DATA_UPLOAD_MAX_MEMORY_SIZE but within ours (files in base64): read it here.
        raw = request.read(limit + 1)
    if len(raw) > limit:
        raise too_large(limit)
    if not raw.strip():
        raise BadBody(400, _("El cuerpo de la petición está vacío."))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadBody(400, _("El cuerpo de la petición no es UTF-8 válido.")) from error
    try:
        body = json.loads(text)
    except ValueError as error:
        raise BadBody(
            400, _("El cuerpo de la petición no es JSON válido: %(error)s") % {"error": error}
        ) from error
    if not isinstance(body, dict):
        raise BadBody(400, _("El cuerpo de la petición debe ser un objeto JSON."))
    return body
