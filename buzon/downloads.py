"""How a ticket's file leaves the server: always a download, never cached, never sniffed."""

from django.http import FileResponse, Http404

# Served as what the content check found; anything else (an old or odd row) as plain bytes.
SERVED_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


def attachment_response(adjunto):
    """The file as an attachment; 404 when storage no longer has it. Callers check access."""
    try:
        handle = adjunto.archivo.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    content_type = (
        adjunto.tipo_contenido
        if adjunto.tipo_contenido in SERVED_TYPES
        else "application/octet-stream"
    )
    response = FileResponse(
        handle, as_attachment=True, filename=adjunto.nombre, content_type=content_type
    )
    # It may hold personal data: never rendered inline nor kept by a shared cache.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
