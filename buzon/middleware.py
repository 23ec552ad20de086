"""Refuse an oversized public POST before anything (the CSRF check first) reads its body."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

# The admin and the API have limits of their own (documents, the Buzón API's own check).
EXEMPT_PREFIXES = ("/admin/", "/api/", "/documentos/")


class RequestSizeLimitMiddleware:
    """The public site's only uploads are the Buzón's, so its limit holds for every public POST.

    Django spools multipart files to disk while CsrfViewMiddleware reads the token, long before
    a view runs; the declared length is checked here so a huge body is never read at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and not request.path.startswith(EXEMPT_PREFIXES):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.BUZON_REQUEST_MAX_BYTES:
                # Standalone page: no database, no context processors.
                limits = {
                    "count": settings.BUZON_ADJUNTOS_MAX,
                    "size": settings.BUZON_ADJUNTO_MAX_BYTES,
                }
                page = render_to_string("buzon/demasiado_grande.html", limits)
                return HttpResponse(page, status=413)
        return self.get_response(request)
