"""Each órgano's roles: its enlaces' and supervisores' groups, and whether OPTI validates."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .organos import OrganoPage

__all__ = ["OrganoRolesManager", "OrganoRoles"]


class OrganoRolesManager(models.Manager):
    def get_queryset(self):
        # Every use shows or checks the groups and collection: fetch them with the row.
        return (
            super().get_queryset().select_related("organo", "enlaces", "supervisores", "coleccion")
        )


class OrganoRoles(models.Model):
    """The groups and the collection an órgano owns: who may edit, who may approve, its files.

    Kept apart from the page so that revisions of the page never carry (or restore) them.
    """

    organo = models.OneToOneField(
        OrganoPage, verbose_name=_("órgano"), on_delete=models.CASCADE, related_name="roles"
    )
    enlaces = models.OneToOneField(
        "auth.Group",
        verbose_name=_("grupo de enlaces"),
        on_delete=models.PROTECT,
        related_name="organo_enlaces",
    )
    supervisores = models.OneToOneField(
        "auth.Group",
        verbose_name=_("grupo de supervisores"),
        on_delete=models.PROTECT,
        related_name="organo_supervisores",
    )
    coleccion = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("colección de documentos e imágenes"),
        on_delete=models.PROTECT,
        related_name="organo_roles",
    )
    validacion_nacional = models.BooleanField(
        _("requiere Validación OPTI"),
        default=False,
        help_text=_(
            "Si se marca, lo que aprueban los supervisores del órgano pasa además por la "
            "validación del equipo nacional OPTI antes de publicarse."
        ),
    )

    panels = [FieldPanel("validacion_nacional")]

    objects = OrganoRolesManager()

    class Meta:
        verbose_name = _("roles del órgano")
        verbose_name_plural = _("roles de los órganos")

    def __str__(self):
        return self.organo.title
