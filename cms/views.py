"""Error views: Spanish pages that never depend on the database."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from wagtail.api.v3.errors import problem_response


def page_not_found(request, exception):
    if request.path.startswith("/api/"):
        # An API client reads JSON: an address no operation answers (an id the route's pattern
        # refuses, say) falls through to the page tree, and gets the APIs' problem document.
        detail = _("Ninguna operación responde en esta dirección.")
        return problem_response(status=404, detail=detail)
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: whatever broke may be the database itself.
    return HttpResponseServerError(loader.get_template("500.html").render())
