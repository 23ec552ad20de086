"""The Buzón API's bodies as django-ninja Schemas: the shapes, with the limits read from the forms.

A JSON body is validated against its Schema for shape and types (unknown keys, a list where text
goes, an id that is not a positive integer): that is a 400 in Spanish from ``api.errors``. What
it says is then judged by the page's own form (``buzon.forms``): lengths, choices, files, the
privacy notice, a 422 with the form's messages. The lengths, choices and file count written into
the schema (and so into the OpenAPI document) are read from those forms, so the document and the
rule cannot drift apart; the form is the one place they are enforced.
"""

import base64
import binascii
import datetime
from typing import Annotated

from django.conf import settings
from ninja import Schema
from pydantic import ConfigDict, Field, StrictBool, StrictInt, StrictStr, field_validator
from pydantic_core import PydanticCustomError

from .forms import ReplyForm, TicketForm

# Page ids are PostgreSQL integers: anything larger is refused before it reaches a query.
MAX_ID = 2**31 - 1
FILE_NAME_MAX = 150


def form_limits(form_class, name, **extra):
    """JSON Schema keywords for a form field's limits (documented; the form enforces them)."""
    field = form_class.base_fields[name]
    limits = {
        "minLength": getattr(field, "min_length", None),
        "maxLength": getattr(field, "max_length", None),
    }
    choices = getattr(field, "choices", None)
    if choices is not None:
        limits["enum"] = [value for value, _label in choices if value]
    return {key: value for key, value in {**limits, **extra}.items() if value is not None}


def text(form_class, name, description=None):
    """An optional text field of `form_class`; its limits come from the form."""
    limited = Annotated[StrictStr, Field(json_schema_extra=form_limits(form_class, name))]
    return Annotated[limited | None, Field(description=description)]


def attachment_limit(schema):
    # Read when the document is built, as the form reads the setting when it validates.
    schema["maxItems"] = settings.BUZON_ADJUNTOS_MAX


PageId = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class AdjuntoBase64(Strict):
    nombre: StrictStr | None = Field(None, max_length=FILE_NAME_MAX)
    contenido_base64: StrictStr = Field(json_schema_extra={"format": "byte"})

    @field_validator("contenido_base64")
    @classmethod
    def decodes(cls, value):
        try:
            base64.b64decode("".join(value.split()), validate=True)
        except (binascii.Error, ValueError) as error:
            raise PydanticCustomError("base64", "not valid base64") from error
        return value

    def content(self):
        return base64.b64decode("".join(self.contenido_base64.split()))


Adjuntos = Annotated[
    Annotated[list[AdjuntoBase64], Field(json_schema_extra=attachment_limit)] | None,
    Field(description="Archivos PDF, JPEG o PNG (se revisa el contenido, no el nombre)."),
]


class TicketNuevo(Strict):
    # A ticket as an app files it in JSON; multipart takes the same names (multipart_variant).
    model_config = ConfigDict(
        extra="forbid",
        title="TicketNuevo",
        json_schema_extra={"description": "Un ticket nuevo para el Buzón."},
    )

    tipo: text(TicketForm, "tipo") = None
    asunto: text(TicketForm, "asunto") = None
    mensaje: text(TicketForm, "mensaje") = None
    organo: PageId | None = Field(
        None, description="Id de un órgano publicado (API v2: estructura.OrganoPage)."
    )
    eje: PageId | None = Field(None, description="Id de un eje publicado (API v2: ejes.EjePage).")
    nombre: text(TicketForm, "nombre") = None
    correo: text(TicketForm, "correo", "Opcional; si se da, llegan ahí el acuse y los avisos.") = (
        None
    )
    acepta_aviso: StrictBool | None = Field(
        None, description="Debe ser true: aceptación del aviso de privacidad."
    )
    adjuntos: Adjuntos = None
    sitio_web: StrictStr | None = Field(
        None,
        description="Campo trampa contra robots: déjalo vacío u omítelo.",
        json_schema_extra={"maxLength": 0},
    )

    def form_data(self):
        """The body as the page's form would have received it."""
        data = {
            name: getattr(self, name) or ""
            for name in ("tipo", "asunto", "mensaje", "nombre", "correo", "sitio_web")
        }
        data.update({name: str(getattr(self, name) or "") for name in ("organo", "eje")})
        if self.acepta_aviso:
            data["acepta_aviso"] = "on"
        return data


class RespuestaCiudadana(Strict):
    model_config = ConfigDict(
        extra="forbid",
        title="RespuestaCiudadana",
        json_schema_extra={"description": "Un mensaje de quien escribió, con o sin archivos."},
    )

    mensaje: text(ReplyForm, "mensaje") = None
    adjuntos: Adjuntos = None

    def form_data(self):
        return {"mensaje": self.mensaje or ""}


def inline_refs(schema):
    """Pydantic's JSON Schema with its ``$defs`` written in place (an OpenAPI body has none)."""
    definitions = schema.pop("$defs", {})

    def resolve(node):
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return resolve(definitions[ref.removeprefix("#/$defs/")])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)


def multipart_variant(schema):
    """The same body as ``multipart/form-data``: files as parts, ids and the notice as text."""
    properties = dict(schema["properties"])
    properties["adjuntos"] = {
        "type": "array",
        "maxItems": settings.BUZON_ADJUNTOS_MAX,
        "items": {"type": "string", "format": "binary"},
    }
    for name in ("organo", "eje"):
        if name in properties:
            properties[name] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    if "acepta_aviso" in properties:
        properties["acepta_aviso"] = {"type": "string", "enum": ["on", "true"]}
    return {
        "title": f"{schema['title']}Formulario",
        "type": "object",
        "required": schema["required"],
        "properties": properties,
    }


def request_body(schema_class, form_class):
    """The OpenAPI ``requestBody`` of an operation that takes `schema_class` in JSON or
    multipart. The fields the form requires are marked required (the form says so, in
    Spanish, when one is missing: a 422 naming it)."""
    schema = inline_refs(schema_class.model_json_schema())
    schema["required"] = [
        name
        for name in schema["properties"]
        if name in form_class.base_fields and form_class.base_fields[name].required
    ]
    return {
        "required": True,
        "content": {
            "application/json": {"schema": schema},
            "multipart/form-data": {"schema": multipart_variant(schema)},
        },
    }


# --- responses ---------------------------------------------------------------------------------


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
