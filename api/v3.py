"""API v3 (Wagtail's, django-ninja) as OPTISNTE serves it: guarded input, public tier, docs."""

from cms.query import private_q


def restrict_v3_public_tier():
    """API v3's anonymous tier answers as API v2 does: only what the public may reach.

    Wagtail 8.0.1's v3 builds it with get_public_pages_queryset, which lets a page through
    when the session holds its password and knows nothing of unpublished sections; v3 offers
    no hook, so its one call site (wagtail.api.v3.querysets) gets the filtered function.
    Called from ApiConfig.ready().
    """
    from wagtail.api.v3 import querysets

    original = querysets.get_public_pages_queryset
    if getattr(original, "restricted_by_optisnte", False):
        return

    def get_public_pages_queryset(request, *args, **kwargs):
        return original(request, *args, **kwargs).exclude(private_q())

    get_public_pages_queryset.restricted_by_optisnte = True
    querysets.get_public_pages_queryset = get_public_pages_queryset
