"""Which register rows a user sees and may change: the scope (estructura.scope) applied."""

from django.db.models import Exists, OuterRef

from ..registers import Reunion


def scoped_by_organo(queryset, scope, editable):
    if scope.everything:
        return queryset
    return queryset.filter(organo_id__in=scope.organo_ids(act=editable))


def scoped_meetings(queryset, scope, editable):
    """A meeting is seen by anyone whose órgano it names; changed only by someone whose scope
    holds every órgano it names (a supervisor cannot strip another órgano from it)."""
    if scope.everything:
        return queryset
    ids = scope.organo_ids(act=editable)
    through = Reunion.organos.through
    named = through.objects.filter(reunion_id=OuterRef("pk"), organopage_id__in=ids)
    queryset = queryset.filter(Exists(named))
    if editable:
        outside = through.objects.filter(reunion_id=OuterRef("pk")).exclude(organopage_id__in=ids)
        queryset = queryset.exclude(Exists(outside))
    return queryset
