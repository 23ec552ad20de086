"""/api/estado/: what this server is and where its APIs are."""

import datetime
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema
from wagtail.api.utils import get_full_url
from wagtail.models import Site

from .auth import PUBLIC_AUTH

estado_router = Router(tags=["estado"])


class EnlacesSchema(Schema):
    api_v2: str
    api_v3: str
    esquema_v3: str | None
    esquema: str | None
    documentacion: str | None


class EstadoSchema(Schema):
    sitio: str
    version: str
    hora_servidor: datetime.datetime
    enlaces: EnlacesSchema


def _project_version() -> str:
    try:
        return package_version("optisnte")
    except PackageNotFoundError:  # Run from a checkout that was never pip-installed.
        return "desconocida"


@estado_router.get(
    "/estado/",
    response=EstadoSchema,
    auth=PUBLIC_AUTH,
    url_name="estado",
    operation_id="estado",
    summary="Estado del servicio",
    description="Nombre del sitio, versión de OPTISNTE, hora del servidor y enlaces a las API.",
)
def estado(request: HttpRequest):
    site = Site.find_for_request(request)
    docs_enabled = getattr(settings, "WAGTAILAPI_DOCS_ENABLED", True)

    def url(name):
        return get_full_url(request, reverse(name))

    return {
        "sitio": (site and site.site_name) or settings.WAGTAIL_SITE_NAME,
        "version": _project_version(),
        "hora_servidor": timezone.localtime(),
        "enlaces": {
            "api_v2": url("wagtailapi:pages:listing"),
            "api_v3": url("wagtailapi_v3:list_pages"),
            "esquema_v3": url("wagtailapi_v3:openapi-json") if docs_enabled else None,
            "esquema": url("optisnte_api:openapi-json") if docs_enabled else None,
            "documentacion": url("optisnte_api:openapi-view") if docs_enabled else None,
        },
    }
