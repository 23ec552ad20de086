"""Site search at /buscar/: live, public pages only, in Spanish, paginated."""

from django.template.response import TemplateResponse
from wagtail.models import Page

from cms.pagination import paginate
from cms.query import private_q

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    # PostgreSQL refuses NUL in a string, and control characters never mean anything here.
    query = "".join(ch for ch in request.GET.get("q", "") if ch.isprintable())
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    results = None
    if query:
        # Only live, public pages: drafts and restricted pages never leak through search.
        pages = Page.objects.live().exclude(private_q()).exclude(depth__lte=1).specific()
        results = paginate(request, pages.search(query), RESULTS_PER_PAGE)
    return TemplateResponse(request, "search/search.html", {"query": query, "results": results})
