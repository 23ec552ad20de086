"""What every Estructura page shares: who may publish it, and the content mixin."""

from django.utils.functional import cached_property

from cms.models import PeriodicUpdateMixin, UpdateCalendar
from cms.publishing import RegisteredPublishMixin
from cms.query import is_public, public_only

__all__ = [
    "PUBLICACIONES_PER_PAGE",
    "RICH_TEXT",
    "EstructuraPermissionsMixin",
    "ContenidoOrganoMixin",
]


PUBLICACIONES_PER_PAGE = 20
RICH_TEXT = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class EstructuraPermissionsMixin(RegisteredPublishMixin):
    """Pages of the Estructura tree: Wagtail's permissions plus estructura/permissions.py's
    rules (national validation, structure), and one publish per revision."""

    def permissions_for_user(self, user):
        from ..permissions import OptiPagePermissionTester

        return OptiPagePermissionTester(user, self)


class ContenidoOrganoMixin(PeriodicUpdateMixin):
    """What publications and projects share: owned by an órgano, classified by ejes."""

    class Meta:
        abstract = True

    @cached_property
    def organo(self):
        """The órgano that owns this page (listings attach it in bulk instead)."""
        from .organos import OrganoPage  # the órgano module builds on this one

        return OrganoPage.objects.filter(path=self.path[: -self.steplen]).first()

    @property
    def organo_publico(self):
        """The owning órgano, or None where the public may not see it (cms.query.is_public)."""
        return self.organo if is_public(self.organo) else None

    @property
    def ejes_publicos(self):
        """The ejes it is classified under that the public may see (listings prefetch them)."""
        return public_only(self.ejes)

    @property
    def proxima_actualizacion(self):
        return self.next_due_date()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["calendar"] = UpdateCalendar.for_request(request)
        return context
