"""What Wagtail's page permissions cannot say: national validation and who changes the structure.

Every route that publishes, copies, moves, aliases or deletes a page (admin buttons, bulk
actions, the admin API, API v3, the workflow's own publish, revert and copy "keep live") asks
the page's permission tester, so the two rules live here, in `OptiPagePermissionTester`:

1. Where an órgano asks for Validación OPTI, nobody but the national team publishes without the
   workflow finishing: its supervisors approve their step and the national team's approval
   publishes. Elsewhere supervisors may publish directly (the publication log says so).
2. Only the national team changes which órganos exist: create, copy (with or without
   children), alias, move and delete of an órgano.
"""

from wagtail.actions.create_page import CreatePageAction
from wagtail.models import PagePermissionTester

from cms.query import memoized, path_prefixes

from .scope import is_administracion, may_manage_structure


def requires_national_validation(page):
    """Whether the nearest órgano with roles at or above `page` asks for Validación OPTI."""
    from .models import OrganoRoles

    path = page.path

    def compute():
        return bool(
            OrganoRoles.objects.filter(organo__path__in=path_prefixes(path))
            .order_by("-organo__path")
            .values_list("validacion_nacional", flat=True)
            .first()
        )

    return memoized(("requires_validation", path), compute)


def publishes_directly(user, page):
    """Whether `user` may make `page` live without the workflow (given Wagtail's rights)."""
    return is_administracion(user) or not requires_national_validation(page)


def is_structure(page):
    from .models import OrganoPage

    model = page.specific_class or type(page)
    return issubclass(model, OrganoPage)


class OptiPagePermissionTester(PagePermissionTester):
    def _structure_refused(self):
        """An órgano being deleted, moved or copied by someone outside the national team."""
        return is_structure(self.page) and not may_manage_structure(self.user)

    def can_publish(self):
        return super().can_publish() and publishes_directly(self.user, self.page)

    def can_publish_subpage(self):
        # Creating with "publish", aliases and copies that keep live publish under this page.
        return super().can_publish_subpage() and publishes_directly(self.user, self.page)

    def can_delete(self, ignore_bulk=False):
        if self._structure_refused():
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)

    def can_move_to(self, destination):
        if self._structure_refused():
            return False
        if not super().can_move_to(destination):
            return False
        # Moving live content into a validated órgano would publish it there unvalidated.
        moves_live = self.page.live or self.page.get_descendants().filter(live=True).exists()
        return not moves_live or publishes_directly(self.user, destination)

    def can_copy_to(self, destination, recursive=False):
        if self._structure_refused():
            return False
        return super().can_copy_to(destination, recursive=recursive)


class CreateOrganoPageAction(CreatePageAction):
    """API v3's create action for órganos, with the same rule as the admin's create hook."""

    def user_has_permission(self):
        return super().user_has_permission() and may_manage_structure(self.user)
