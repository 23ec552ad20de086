"""Page querysets that ask for the site's private sections once per request, not once per query."""

import contextvars

from django.db.models import Q
from wagtail.models import PageManager, PageQuerySet

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
    """Q of the pages inside a private section (view restrictions): once per request."""
    from wagtail.models import Page

    # The Q only compares paths, so one built here filters any page model.
    return memoized("private_q", lambda: PageQuerySet(Page).private_q())


def subtree_q(paths):
    """Tree nodes (pages, collections) at or below any of these paths; none when empty."""
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(path__startswith=path)
    return query


def path_prefixes(path, inclusive=True):
    """Paths of a tree node's ancestors, root first, and its own when `inclusive`."""
    from wagtail.models import Page

    stop = len(path) + 1 if inclusive else len(path)
    return [path[:end] for end in range(Page.steplen, stop, Page.steplen)]


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
