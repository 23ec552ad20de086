"""URL configuration: admin, documents, API, search, sitemap, then Wagtail's page tree."""

from django.conf import settings
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from search import views as search_views

from .sitemaps import PublicSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documentos/", include(wagtaildocs_urls)),
    # Named by string, as the apps' URLs are below: cms imports no app (api/urls.py).
    path("api/", include("api.urls")),
    path("buscar/", search_views.search, name="search"),
    # The app's own URLs, named by string so that cms never imports it.
    path("datos-abiertos/", include("datos_abiertos.urls")),
    path("obligaciones/", include("estructura.obligaciones_urls")),
    path("formatos/", include("estructura.sipot.urls")),
    # Before the page tree: the Buzón page's own routes (form, follow-up) stay its own.
    path("buzon/estadisticas/", include("buzon.estadisticas_urls")),
    # The lists behind the home page's content counts.
    path("inventario/", include("home.inventario_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PublicSitemap}}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Images (originals and renditions) only: documents are served by their view, which
    # decides who may download them (cms/wagtail_hooks.py), never straight from disk.
    urlpatterns += static(
        f"{settings.MEDIA_URL}images/", document_root=settings.MEDIA_ROOT / "images"
    )
    urlpatterns += static(
        f"{settings.MEDIA_URL}original_images/",
        document_root=settings.MEDIA_ROOT / "original_images",
    )

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"
