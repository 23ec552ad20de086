"""The APIs' error messages in Spanish, from one place.

Wagtail's v3 handlers answer RFC 7807 problems with Pydantic's English ("Field required",
"Input should be a valid integer") and details such as "Validation failed". ``speak_spanish``
puts these handlers in their place on an API (the project's and v3); ``validation_problem``
turns Pydantic's error list into the Spanish one, and the Buzón's bodies are refused through it
too. Each error keeps Pydantic's ``type`` and ``loc`` (what a client's code reads) and gets a
Spanish ``msg`` (what a person reads).
"""

import re
from functools import cache

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, AuthorizationError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError
from wagtail.api.v3.errors import problem_response
from wagtail.utils.forms import FormValidationError

from .guard import encodable

# Pydantic's error types (pydantic_core's ErrorType) and what a person is told; {name} is filled
# from the error's ``ctx``.
MESSAGES = {
    "missing": gettext_lazy("Este campo es obligatorio."),
    "extra_forbidden": gettext_lazy("Este campo no existe."),
    "string_type": gettext_lazy("Debe ser texto."),
    "string_too_short": gettext_lazy("Debe tener al menos {min_length} caracteres."),
    "string_too_long": gettext_lazy("Debe tener como máximo {max_length} caracteres."),
    "string_pattern_mismatch": gettext_lazy("No tiene el formato esperado."),
    "int_type": gettext_lazy("Debe ser un número entero."),
    "int_parsing": gettext_lazy("Debe ser un número entero."),
    "int_from_float": gettext_lazy("Debe ser un número entero, sin decimales."),
    "float_type": gettext_lazy("Debe ser un número."),
    "float_parsing": gettext_lazy("Debe ser un número."),
    "finite_number": gettext_lazy("Debe ser un número finito."),
    "greater_than": gettext_lazy("Debe ser mayor que {gt}."),
    "greater_than_equal": gettext_lazy("Debe ser mayor o igual que {ge}."),
    "less_than": gettext_lazy("Debe ser menor que {lt}."),
    "less_than_equal": gettext_lazy("Debe ser menor o igual que {le}."),
    "bool_type": gettext_lazy("Debe ser true o false."),
    "bool_parsing": gettext_lazy("Debe ser true o false."),
    "list_type": gettext_lazy("Debe ser una lista."),
    "too_short": gettext_lazy("Debe tener al menos {min_length} elementos."),
    "too_long": gettext_lazy("Admite como máximo {max_length} elementos."),
    "dict_type": gettext_lazy("Debe ser un objeto."),
    "model_type": gettext_lazy("Debe ser un objeto."),
    "model_attributes_type": gettext_lazy("Debe ser un objeto."),
    "literal_error": gettext_lazy("Debe ser uno de: {expected}."),
    "enum": gettext_lazy("Debe ser uno de: {expected}."),
    "date_type": gettext_lazy("Debe ser una fecha AAAA-MM-DD."),
    "date_parsing": gettext_lazy("Debe ser una fecha AAAA-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Debe ser una fecha AAAA-MM-DD."),
    "datetime_type": gettext_lazy("Debe ser una fecha y hora ISO 8601."),
    "datetime_parsing": gettext_lazy("Debe ser una fecha y hora ISO 8601."),
    "datetime_from_date_parsing": gettext_lazy("Debe ser una fecha y hora ISO 8601."),
    "uuid_parsing": gettext_lazy("Debe ser un UUID."),
    "uuid_type": gettext_lazy("Debe ser un UUID."),
    "json_invalid": gettext_lazy("No es JSON válido."),
    "json_type": gettext_lazy("No es JSON válido."),
    # OPTISNTE's own checks, in Pydantic's shape.
    "base64": gettext_lazy("No es base64 válido."),
    "page_id": gettext_lazy("Debe ser el id de una página: un número entero positivo."),
    # What API v3 refuses in a page's body (api.v3_writes).
    "read_only": gettext_lazy("Es de solo lectura: no se puede escribir."),
    "misplaced": gettext_lazy("Aquí no va: envíalo como «{path}»."),
    "not_live_page": gettext_lazy("No son páginas publicadas de tipo «{model}»: {ids}."),
    "does_not_exist": gettext_lazy("No existen ({model}): {ids}."),
}
# A body naming a field the operation does not take is malformed (400), not merely invalid (422),
# as the Buzón answers it too.
FIELD_REFUSALS = {"extra_forbidden", "read_only", "misplaced"}
FALLBACK = gettext_lazy("No es válido.")


def spanish_message(error):
    template = MESSAGES.get(error.get("type"), FALLBACK)
    context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    try:
        return str(template).format(**context)
    except (KeyError, IndexError, ValueError):
        return str(FALLBACK)


@cache
def _model_labels():
    return frozenset(model._meta.label for model in apps.get_models())


def field_name(loc):
    # "body"/"query"/"header" and Ninja's name for the whole body say where, not what; nor does
    # the type a union picked ("estructura.PublicacionPage" in v3's page bodies).
    parts = [str(part) for part in loc]
    if parts and parts[0] in {"body", "query", "header", "path"}:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in {"payload", "data"}:
        parts = parts[1:]
    parts = [part for part in parts if part not in _model_labels()] or parts
    return ".".join(parts) or _("la petición")


def spanish_errors(errors, prefix=()):
    """Pydantic's (or Ninja's) error list with Spanish messages; ``input`` left out."""
    return [
        {
            "type": error.get("type", "invalid"),
            "loc": [*prefix, *error.get("loc", ())],
            "msg": spanish_message(error),
        }
        for error in errors
    ]


def validation_problem(errors, status=400, prefix=()):
    """A problem response for `errors` (Pydantic's shape), in Spanish, naming each field."""
    errors = spanish_errors(errors, prefix)
    fields = list(dict.fromkeys(field_name(error["loc"]) for error in errors))
    return problem_response(
        status=status,
        detail=encodable(
            _("Revisa estos campos: %(fields)s.") % {"fields": ", ".join(fields)[:300]}
        ),
        errors=encodable(errors[:50]),  # a message or a key may quote what was sent
    )


def speak_spanish(api):
    """Answer `api`'s validation, authentication and not-found errors in Spanish.

    Call after Wagtail's ``register_exception_handlers`` (a later handler for a class wins).
    """

    def on_validation(request, exc):
        if isinstance(exc, FormValidationError):
            errors = [
                {"type": code, "loc": list(path), "msg": str(message)}
                for path, coded_messages in exc.loc_errors
                for message, code in coded_messages
            ]
            fields = list(dict.fromkeys(field_name(error["loc"]) for error in errors))
            return problem_response(
                status=422,
                detail=_("Revisa estos campos: %(fields)s.") % {"fields": ", ".join(fields)},
                errors=encodable(errors),
            )
        if isinstance(exc, DjangoValidationError):
            return problem_response(
                status=422,
                detail=_("La petición no es válida."),
                errors=encodable([{"msg": str(message)} for message in exc.messages]),
            )
        errors = exc.errors if isinstance(exc, NinjaValidationError) else exc.errors()
        refused = any(error.get("type") in FIELD_REFUSALS for error in errors)
        return validation_problem(errors, status=400 if refused else 422)

    def on_permission_denied(request, exc):
        # As v3 does: 401 unless a bearer token resolved, since sessions are never trusted.
        if not request.user.is_authenticated:
            return on_unauthenticated(request, exc)
        return on_forbidden(request, exc)

    def on_not_found(request, exc):
        # Our own 404s say what is missing; Django's get_object_or_404 says it in English.
        message = str(exc)
        if not message or message.endswith("matches the given query."):
            message = _("No se encontró.")
        return problem_response(status=404, detail=message)

    def on_unauthenticated(request, exc):
        return problem_response(status=401, detail=_("Se necesita autenticación."))

    def on_forbidden(request, exc):
        return problem_response(status=403, detail=_("No tienes permiso para hacer esto."))

    def on_throttled(request, exc):
        return problem_response(
            status=429, detail=_("Demasiadas solicitudes; intenta de nuevo más tarde.")
        )

    for exception in (PydanticValidationError, NinjaValidationError, DjangoValidationError):
        api.add_exception_handler(exception, on_validation)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    api.add_exception_handler(AuthenticationError, on_unauthenticated)
    api.add_exception_handler(AuthorizationError, on_forbidden)
    api.add_exception_handler(Throttled, on_throttled)
    api.add_exception_handler(Http404, on_not_found)


# --- API v2 (Wagtail's, Django REST framework) -------------------------------------------------

# Wagtail's v2 and our filters raise BadRequestError in English; each is told in Spanish here, in
# the one handler every v2 endpoint goes through (api.v2.StrictParametersMixin.handle_exception).
V2_MESSAGES = [
    (
        r"query parameter is not an operation or a recognised field: (?P<names>.*)",
        gettext_lazy("Parámetros desconocidos: {names}."),
    ),
    (
        r"field filter error\. '(?P<value>.*)' is not a valid value for (?P<name>\w+) \(.*\)",
        gettext_lazy("«{value}» no es un valor válido para {name}."),
    ),
    (
        r"field filter error\. null characters are not allowed for (?P<name>\w+)",
        gettext_lazy("{name} no admite caracteres nulos."),
    ),
    (
        r"field filter error: a value is not valid for its field",
        gettext_lazy("Un valor no es válido para su campo."),
    ),
    (
        r"null characters are not allowed in the query string",
        gettext_lazy("La consulta no admite caracteres nulos."),
    ),
    (r"(?P<name>\w+) is too long", gettext_lazy("{name} es demasiado largo.")),
    (
        r"(?P<name>\w+) must be a positive integer",
        gettext_lazy("{name} debe ser un número entero positivo."),
    ),
    (
        r"limit cannot be higher than (?P<max>\d+)",
        gettext_lazy("limit no puede ser mayor que {max}."),
    ),
    (
        r"random ordering cannot be combined with other fields",
        gettext_lazy("El orden aleatorio no se combina con otros campos."),
    ),
    (
        r"random ordering with offset is not supported",
        gettext_lazy("El orden aleatorio no admite offset."),
    ),
    (
        r"cannot order by '(?P<name>.*)' \((unknown|invalid) field\)",
        gettext_lazy("No se puede ordenar por «{name}»: el campo no existe."),
    ),
    (
        r"cannot (?P<what>order|filter) by '(?P<name>.*)' while searching \(field is not indexed\)",
        gettext_lazy("No se puede usar «{name}» junto con search."),
    ),
    (r"search is disabled", gettext_lazy("La búsqueda está desactivada.")),
    (
        r"filtering by tag with a search query is not supported",
        gettext_lazy("No se puede filtrar por etiqueta al buscar."),
    ),
    (
        r"filtering by descendant_of with child_of is not supported",
        gettext_lazy("descendant_of no se combina con child_of."),
    ),
    (
        r"(?P<what>parent|descendant|ancestor|translation_of) page doesn't exist",
        gettext_lazy("La página indicada no existe."),
    ),
    (r"unknown fields: (?P<names>.*)", gettext_lazy("Campos desconocidos: {names}.")),
    (
        r"'(?P<name>.*)' does not support nested fields",
        gettext_lazy("«{name}» no admite campos anidados."),
    ),
    (r"fields error: (?P<error>.*)", gettext_lazy("El parámetro fields no es válido: {error}")),
    (
        r"rich_text_format must be one of (?P<allowed>.*), got .*",
        gettext_lazy("rich_text_format debe ser uno de: {allowed}."),
    ),
    (r"type doesn't exist", gettext_lazy("El tipo indicado no existe.")),
    (
        r"(?P<name>\w+) must be the id or the slug of a page",
        gettext_lazy("{name} debe ser el id o el slug de una página."),
    ),
    (
        r"(?P<name>\w+) not found: no public page with that id or slug",
        gettext_lazy("{name} no encontrado: no hay una página pública con ese id o slug."),
    ),
    (
        r"(?P<name>\w+) not found: no public órgano with that id",
        gettext_lazy("{name} no encontrado: no hay un órgano público con ese número."),
    ),
    (
        r"(?P<name>\w+) must be the clave of an obligation",
        gettext_lazy("{name} debe ser la clave de una obligación, p. ej. lgtaip-79-i."),
    ),
    (
        r"(?P<name>\w+) not found: no obligation with that clave",
        gettext_lazy("{name} no encontrada: no hay una obligación con esa clave."),
    ),
    (r"(?P<name>\w+) must be true or false", gettext_lazy("{name} debe ser true o false.")),
    (
        r"ejercicio must be a year of four digits, e\.g\. 2026",
        gettext_lazy("ejercicio debe ser un año de cuatro cifras, p. ej. 2026."),
    ),
    (
        r"(?P<name>\w+) must be one of: (?P<allowed>.*)",
        gettext_lazy("{name} debe ser uno de: {allowed}."),
    ),
    (
        r"actualizado_desde must be a date as YYYY-MM-DD",
        gettext_lazy("actualizado_desde debe ser una fecha AAAA-MM-DD."),
    ),
    (
        r"search must be at most (?P<max>\d+) characters",
        gettext_lazy("search admite como máximo {max} caracteres."),
    ),
    (
        r"search_operator must be 'and' or 'or'",
        gettext_lazy("search_operator debe ser 'and' u 'or'."),
    ),
    (
        r"search cannot be combined with these parameters",
        gettext_lazy("search no se combina con estos parámetros."),
    ),
    (
        r"a query parameter has a value the database cannot use",
        gettext_lazy("Un parámetro tiene un valor que la base de datos no puede usar."),
    ),
    (r"content_type and token are required", gettext_lazy("Se necesitan content_type y token.")),
    (r"the preview token has expired", gettext_lazy("La vista previa expiró.")),
    (r"the preview token is not valid", gettext_lazy("La clave de la vista previa no es válida.")),
    (
        r"the preview token is for another content type",
        gettext_lazy("La clave de la vista previa es de otro tipo de contenido."),
    ),
    (r"the preview is no longer available", gettext_lazy("La vista previa ya no está disponible.")),
    # Django's get_object_or_404, DRF's NotFound and Wagtail's find views ("not found").
    (r"No .* matches the given query\.|[Nn]ot found\.?|", gettext_lazy("No se encontró.")),
]
_V2_PATTERNS = [
    (re.compile(pattern + r"\Z", re.DOTALL), message) for pattern, message in V2_MESSAGES
]


def spanish_v2_message(message):
    """Wagtail's (or our) English v2 message in Spanish; an unknown one is left as it came."""
    for pattern, spanish in _V2_PATTERNS:
        match = pattern.match(message)
        if match:
            return str(spanish).format(**match.groupdict())
    return message
