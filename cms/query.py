"""Page querysets that ask for the site's private sections once per request, not once per query."""

import contextlib
import contextvars

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from wagtail.models import PageManager, PageQuerySet, Site

# A dict while a request is being served (see RequestMemoMiddleware), None otherwise: outside
# a request every call asks the database, so nothing stale is ever used.
_request_memo = contextvars.ContextVar("optisnte_request_memo", default=None)


class RequestMemoMiddleware:
    """Scope the memo to one request, so a view restriction added now counts on the next one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)


def memoized(key, compute):
    """`compute()` once per request (every time outside one)."""
    memo = _request_memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def private_q():
    """Q of the live pages the public may still not reach: once per request.

    Those in a private section (a view restriction on them or above them) and those below a
    page that is not live: a live publication inside an unpublished órgano is not published,
    whatever its own flag says (its very URL would name the órgano). The Q only compares
    paths, so it filters any page model; `is_public` asks the same paths page by page.
    """
    return subtree_q(hidden_section_paths())


@contextlib.contextmanager
def memo_scope():
    """A memo for work done outside a request (a streamed response, a command): what
    `memoized` computes inside the block is computed once. Inside a request, the request's."""
    if _request_memo.get() is not None:
        yield
        return
    previous = _request_memo.get()
    _request_memo.set({})
    try:
        yield
    finally:
        # set(), not reset(token): a streamed body may be finished in another context.
        _request_memo.set(previous)


def hidden_section_paths():
    """Paths of the pages whose subtrees the public may not reach: those with a view
    restriction, and those not live that have pages below them. One query per request."""

    return _hidden_sections()[0]


def unpublished_section_paths():
    """Of `hidden_section_paths`, those of pages that are not live (the same query)."""
    return _hidden_sections()[1]


def _hidden_sections():
    def compute():
        from wagtail.models import Page

        rows = set(
            Page.objects.filter(
                Q(view_restrictions__isnull=False) | Q(live=False, numchild__gt=0)
            ).values_list("path", "live")
        )
        every = tuple(sorted({path for path, _live in rows}))
        unpublished = tuple(sorted(path for path, live in rows if not live))
        return every, unpublished

    return memoized("hidden_sections", compute)


def in_hidden_section(page):
    """Whether `page` lies in (or is the root of) a section the public may not reach."""
    paths = hidden_section_paths()
    return bool(paths) and page.path.startswith(paths)


def is_public(page):
    """Whether the public may see `page`: live, and in no private section. No query per page
    (the restrictions are read once per request), so listings can ask it row by row.

    The one rule for references: a live page never shows the title, slug or URL of a page for
    which this is false (serializers, templates, open data, breadcrumbs, rich-text links).
    """
    if page is None or not page.live:
        return False
    return not in_hidden_section(page)


def public_only(pages):
    """The pages of `pages` (a list, a queryset or a related manager) the public may see."""
    if hasattr(pages, "all"):
        pages = pages.all()
    return [page for page in pages if is_public(page)]


def subtree_q(paths, field="path"):
    """Tree nodes (pages, collections) at or below any of these paths; none when empty.

    `field` names the path to test, e.g. "organo__path" for rows that point at a page.
    """
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{field}__startswith": path})
    return query


def path_prefixes(path, inclusive=True):
    """Paths of a tree node's ancestors, root first, and its own when `inclusive`."""
    from wagtail.models import Page

    stop = len(path) + 1 if inclusive else len(path)
    return [path[:end] for end in range(Page.steplen, stop, Page.steplen)]


def url_of(url_path, request=None):
    """The URL `{% pageurl %}` gives a page with this `url_path`, without the page: relative
    within the request's site (or the only site), absolute for another site's page; None
    when no site holds it."""
    roots = [root for root in Site.get_site_root_paths() if url_path.startswith(root.root_path)]
    if not roots:
        return None
    site_id, root_path, root_url, _language = roots[0]
    # As Page.get_url_parts builds it (the project has no i18n URL prefixes).
    relative = reverse("wagtail_serve", args=(url_path[len(root_path) :],))
    if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) and relative != "/":
        relative = relative.rstrip("/")
    current = Site.find_for_request(request) if request is not None else None
    if current is None or current.pk == site_id:
        return relative
    return root_url + relative


def private_collection_ids():
    """Collections under a view restriction (restrictions hold for sub-collections too)."""

    def compute():
        from wagtail.models import Collection, CollectionViewRestriction

        paths = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
        if not paths:
            return frozenset()
        return frozenset(Collection.objects.filter(subtree_q(paths)).values_list("pk", flat=True))

    return memoized("private_collection_ids", compute)


class PublicPageQuerySet(PageQuerySet):
    def private_q(self):
        return private_q()


PublicPageManager = PageManager.from_queryset(PublicPageQuerySet)
