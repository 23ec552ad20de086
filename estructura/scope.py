"""Which órganos a user may see and act on: the one answer every screen, listing, task and API asks.

Everyone who needs "is this in the user's reach?" calls `scope_for(user)` (or, the other way
round, `people_in_reach_q(organo)`), so the rule is written once:

- the OPTI administration (the "Administración OPTI" group) and superusers reach everything,
  unrouted Buzón tickets and content outside any órgano included;
- a supervisor of an órgano sees and acts on that órgano and every órgano below it;
- an enlace of an órgano sees that órgano's own records (its sub-órganos have enlaces of their
  own) and acts on nothing beyond drafting pages, which Wagtail's page permissions scope.

"Act" is what supervisors do: approve, record meetings and uploads, manage. Wagtail's own page
permissions (estructura/roles.py) follow the same tree; estructura/permissions.py adds the rules
Wagtail has no notion of (national validation, who changes the structure).
"""

from dataclasses import dataclass, field

from django.db.models import Q
from wagtail.models import Page

from cms.query import memoized, path_prefixes, subtree_q

from .models import OrganoPage, OrganoRoles
from .roles import ADMIN_GROUP_NAME


def is_administracion(user):
    """Superusers and the national "Administración OPTI" team reach every órgano."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return memoized(
        ("administracion", user.pk), lambda: user.groups.filter(name=ADMIN_GROUP_NAME).exists()
    )


@dataclass(frozen=True)
class Scope:
    """What one user reaches in the Estructura tree (see the module docstring)."""

    everything: bool = False
    supervised: tuple = ()  # paths of the órganos the user supervises (and all below them)
    enlace_of: tuple = ()  # paths of the órganos the user is an enlace of (those alone)
    _ids: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def allowed(self):
        """Whether the user reaches anything at all (screens answer 403 otherwise)."""
        return self.everything or bool(self.supervised or self.enlace_of)

    def organos_q(self, act=False, prefix=""):
        """Q of the órganos in reach, on `<prefix>path` (e.g. prefix="organo__" for a FK)."""
        if self.everything:
            return Q()
        reach = subtree_q(self.supervised, field=f"{prefix}path")
        if not act and self.enlace_of:
            reach |= Q(**{f"{prefix}path__in": list(self.enlace_of)})
        return reach

    def organos(self, act=False):
        return OrganoPage.objects.filter(self.organos_q(act)).order_by("path")

    def organo_ids(self, act=False):
        """The ids of the órganos in reach (one query, then kept with the scope)."""
        if act not in self._ids:
            self._ids[act] = frozenset(self.organos(act).values_list("pk", flat=True))
        return self._ids[act]

    def content_q(self, act=False):
        """Q of the pages owned by the órganos in reach (an órgano owns its children; a
        sub-órgano's pages belong to that sub-órgano)."""
        if self.everything:
            return Q()
        reach = subtree_q(self.supervised)
        if not act:
            for path in self.enlace_of:
                reach |= Q(path__startswith=path, depth=len(path) // Page.steplen + 1)
        return reach

    def supervises(self, page):
        """Whether the user supervises the órgano that holds `page` (or one above it).

        No query. Deliberately blind to `everything`: approving an órgano's work is its
        supervisors' job, and the national team has its own step (Validación OPTI).
        """
        path = getattr(page, "path", None)
        return bool(path) and any(path.startswith(prefix) for prefix in self.supervised)

    def reaches(self, organo, act=False):
        """Whether `organo` (an OrganoPage, or None for "no órgano") is in reach. No query."""
        if self.everything:
            return True
        if organo is None:
            return False
        return self.supervises(organo) or (not act and organo.path in self.enlace_of)


def scope_for(user):
    """The user's `Scope`: two queries, once per request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    return memoized(("scope", user.pk), lambda: _compute_scope(user))


def _compute_scope(user):
    if is_administracion(user):
        return Scope(everything=True)
    group_ids = set(user.groups.values_list("pk", flat=True))
    rows = (
        OrganoRoles.objects.filter(Q(enlaces_id__in=group_ids) | Q(supervisores_id__in=group_ids))
        .order_by("organo__path")
        .values_list("organo__path", "supervisores_id")
    )
    supervised, enlace_of = [], []
    for path, supervisores_id in rows:
        (supervised if supervisores_id in group_ids else enlace_of).append(path)
    return Scope(supervised=tuple(supervised), enlace_of=tuple(enlace_of))


def supervisors_of_q(page):
    """Q over users: the supervisors of the órgano holding `page` or of one above it (those
    for whom `Scope.supervises(page)` is true)."""
    return Q(groups__organo_supervisores__organo__path__in=path_prefixes(page.path))


def people_in_reach_q(organo, act=False):
    """Q over users: who reaches `organo` (the same rule as `Scope`, asked the other way)."""
    reach = Q(is_superuser=True) | Q(groups__name=ADMIN_GROUP_NAME)
    if organo is None:
        return reach
    reach |= supervisors_of_q(organo)
    if not act:
        reach |= Q(groups__organo_enlaces__organo=organo)
    return reach


def may_manage_structure(user):
    """Which órganos exist (adding, copying, moving, aliasing, deleting one) is the national
    team's call: an órgano brings groups, a collection and a workflow with it."""
    return is_administracion(user)
