"""The API's URLs, in the order they must match: v2, v3, then the project's own /api/."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v3.urls import api as api_v3

from . import project
from .errors import speak_spanish
from .guard import guard_api
from .obligaciones import AplicabilidadAPIViewSet, ObligacionesAPIViewSet
from .openapi import serve_valid_openapi
from .preview import PagePreviewAPIViewSet
from .v2 import PublicDocumentsAPIViewSet, PublicImagesAPIViewSet, PublicPagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)
api_router.register_endpoint("obligaciones", ObligacionesAPIViewSet)
api_router.register_endpoint("aplicabilidad", AplicabilidadAPIViewSet)

# Wagtail 8.0.1's v3 lets hostile bodies, a NUL or a huge offset through to a 500; answer 400.
# Ninja accepts decorators only until the API's URLs are built, which happens just below.
guard_api(api_v3)
speak_spanish(api_v3)
serve_valid_openapi(api_v3)

urlpatterns = [
    path("v2/", api_router.urls),
    path("v3/", api_v3.urls),
    # After v2 and v3 so that OPTISNTE's own endpoints (and the apps' routers) never shadow them.
    path("", project.get_api_urls()),
]
