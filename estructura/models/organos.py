"""The tree itself: the Estructura Sindical index and its órganos (nestable)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.models import UpdateCalendar
from cms.pagination import paginate
from cms.preview import HeadlessPreviewMixin
from cms.query import PublicPageManager

from ..choices import TipoOrgano
from ..serializers import CumplimientoField
from .base import PUBLICACIONES_PER_PAGE, RICH_TEXT, EstructuraPermissionsMixin

__all__ = ["EstructuraIndexPage", "organo_tree", "OrganoPage", "OrganoTitular"]


class EstructuraIndexPage(EstructuraPermissionsMixin, HeadlessPreviewMixin, Page):
    """/estructura-sindical/: the structure of the union as a navigable tree."""

    intro = RichTextField(_("introducción"), blank=True, features=RICH_TEXT)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["estructura.OrganoPage"]
    max_count = 1

    objects = PublicPageManager()

    class Meta:
        verbose_name = _("índice de la estructura sindical")
        verbose_name_plural = _("índices de la estructura sindical")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tree"] = organo_tree(self)
        return context


def organo_tree(root):
    """The live órganos below `root` as nested (organo, children) pairs, in one query."""
    organos = list(
        OrganoPage.objects.descendant_of(root)
        .live()
        .public()
        .order_by("path")
        .only("pk", "title", "path", "depth", "url_path", "tipo", "siglas")
    )
    nodes = {organo.path: (organo, []) for organo in organos}
    top = []
    for organo in organos:
        parent = nodes.get(organo.path[: -organo.steplen])
        (parent[1] if parent else top).append(nodes[organo.path])
    return top


class OrganoPage(EstructuraPermissionsMixin, HeadlessPreviewMixin, Page):
    """A governing or auxiliary body of the union; owns the content below it."""

    tipo = models.CharField(_("tipo de órgano"), max_length=30, choices=TipoOrgano.choices)
    siglas = models.CharField(_("siglas"), max_length=30, blank=True)
    resumen = models.TextField(_("resumen"), max_length=600, blank=True)
    funciones = RichTextField(_("funciones y atribuciones"), blank=True, features=RICH_TEXT)
    fundamento = models.CharField(
        _("fundamento estatutario"),
        max_length=300,
        blank=True,
        help_text=_("Por ejemplo: Estatuto del SNTE, artículos 80 a 85."),
    )
    email = models.EmailField(_("correo de contacto"), blank=True)
    telefono = models.CharField(_("teléfono"), max_length=60, blank=True)
    domicilio = models.TextField(_("domicilio"), blank=True)
    horario = models.CharField(_("horario de atención"), max_length=200, blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("tipo"), FieldPanel("siglas")]),
        FieldPanel("resumen"),
        FieldPanel("funciones"),
        FieldPanel("fundamento"),
        InlinePanel("titulares", label=_("titulares"), heading=_("Titulares")),
        MultiFieldPanel(
            [
                FieldPanel("email"),
                FieldPanel("telefono"),
                FieldPanel("domicilio"),
                FieldPanel("horario"),
            ],
            heading=_("Contacto"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("siglas"),
        index.SearchField("resumen"),
        index.SearchField("funciones"),
        index.FilterField("tipo"),
        index.RelatedFields("titulares", [index.SearchField("nombre"), index.SearchField("cargo")]),
    ]
    api_fields = [
        APIField("tipo"),
        APIField("siglas"),
        APIField("resumen"),
        APIField("funciones"),
        APIField("fundamento"),
        APIField("titulares"),
        APIField("email"),
        APIField("telefono"),
        APIField("domicilio"),
        APIField("horario"),
        APIField("cumplimiento", serializer=CumplimientoField()),
    ]

    parent_page_types = ["estructura.EstructuraIndexPage", "estructura.OrganoPage"]
    subpage_types = [
        "estructura.OrganoPage",
        "estructura.PublicacionPage",
        "estructura.ProyectoPage",
    ]

    class Meta:
        verbose_name = _("órgano")
        verbose_name_plural = _("órganos")

    @property
    def cumplimiento(self):
        """The compliance of its own series today, as its row of /obligaciones/ counts it.
        API v2 listings set it for all their rows at once."""
        if "_cumplimiento" not in self.__dict__:
            from ..obligaciones import cumplimiento, series  # the status module reads the models

            found = series([self], calendar=getattr(self, "_calendar", None))
            self.__dict__["_cumplimiento"] = cumplimiento(found)
        return self.__dict__["_cumplimiento"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sub_organos"] = OrganoPage.objects.child_of(self).live().public()
        from .proyectos import ProyectoPage  # content modules build on this one
        from .publicaciones import PublicacionPage

        context["publicaciones"] = paginate(
            request,
            PublicacionPage.objects.child_of(self)
            .live()
            .public()
            .for_listing()
            .order_by("-fecha_actualizacion", "-pk"),
            PUBLICACIONES_PER_PAGE,
        )
        context["proyectos"] = (
            ProyectoPage.objects.child_of(self)
            .live()
            .public()
            .for_listing()
            .order_by("-fecha_actualizacion", "-pk")
        )
        context["calendar"] = UpdateCalendar.for_request(request)
        from ..obligaciones import statuses_for

        # Each row's status is its series' (or histórico), judged once for the whole page.
        rows = list(context["publicaciones"])
        estados = statuses_for(rows, calendar=context["calendar"])
        for item in rows:
            item.estado = estados.get(item.pk)
        return context


class OrganoTitular(Orderable):
    page = ParentalKey(OrganoPage, related_name="titulares", on_delete=models.CASCADE)
    nombre = models.CharField(_("nombre"), max_length=200)
    cargo = models.CharField(_("cargo"), max_length=200)

    panels = [FieldRowPanel([FieldPanel("nombre"), FieldPanel("cargo")])]
    api_fields = [APIField("nombre"), APIField("cargo")]

    class Meta(Orderable.Meta):
        verbose_name = _("titular")
        verbose_name_plural = _("titulares")

    def __str__(self):
        return f"{self.nombre} ({self.cargo})"
