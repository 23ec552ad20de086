"""A download's byteSize, measured by serving it: the registered view is called as an
anonymous visitor's GET on the same host, and the bytes it answers with are counted.

A figure typed or estimated would drift from the file; this one is the file. The XLSX
workbook records the moment it was written, so two workbooks of the same rows may differ by
a few compressed bytes; CSV and JSON are exact.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

# What the view may read of the request: the host (Site lookup, absolute links) and scheme.
COPIED_META = ("HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "wsgi.url_scheme")


def anonymous_get(request, path):
    """A GET of `path` without parameters, cookies or credentials, on `request`'s host.

    Nothing the visitor who asked for the catalogue may see beyond the public can reach the
    measurement; no User-Agent, so the page-view counter takes it for a script.
    """
    probe = HttpRequest()
    probe.method = "GET"
    probe.path = probe.path_info = path
    keys = [*COPIED_META]
    if settings.SECURE_PROXY_SSL_HEADER:
        keys.append(settings.SECURE_PROXY_SSL_HEADER[0])
    probe.META = {key: request.META[key] for key in keys if key in request.META}
    probe.META["REQUEST_METHOD"] = "GET"
    probe.user = AnonymousUser()
    return probe


def byte_size(distribution, request):
    """The size in bytes of what `distribution` serves now; None if it does not answer 200."""
    response = distribution.render(anonymous_get(request, distribution.path))
    try:
        if response.status_code != 200:
            return None
        if response.streaming:
            return sum(len(chunk) for chunk in response.streaming_content)
        return len(response.content)
    finally:
        # Not response.close(): that signals the end of a request, and Django would close
        # the database connection the catalogue's own request is still using.
        stream = getattr(response, "file_to_stream", None)
        if stream is not None:
            stream.close()


def byte_sizes(found, request):
    """{download path: bytes} of every distribution of the datasets `found`."""
    return {
        distribution.path: byte_size(distribution, request)
        for dataset in found
        for distribution in dataset.distributions
    }
