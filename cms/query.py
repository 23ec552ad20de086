"""Page querysets that ask for the site's private sections once per request, not once per query."""

import contextvars

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


def private_q():
    """Q of the pages inside a private section (view restrictions): once per request."""
    from wagtail.models import Page

    memo = _request_memo.get()
    if memo is None:
        return PageQuerySet(Page).private_q()
    if "private_q" not in memo:
        # The Q only compares paths, so one built here filters any page model.
        memo["private_q"] = PageQuerySet(Page).private_q()
    return memo["private_q"]


class PublicPageQuerySet(PageQuerySet):
    def private_q(self):
        return private_q()


PublicPageManager = PageManager.from_queryset(PublicPageQuerySet)
