"""The home page: the way into both navigations, the latest information and the Buzón."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.models import UpdateCalendar
from cms.preview import HeadlessPreviewMixin
from cms.publishing import RegisteredPublishMixin
from cms.query import PublicPageManager
from ejes.models import EjePage, EjesIndexPage
from estructura.models import (
    EstructuraIndexPage,
    PublicacionPage,
    organo_tree,
)
from estructura.obligaciones import cumplimiento, keyed, record_status, series

from .inventario import CLASES

LATEST_COUNT = 6


class HomePage(RegisteredPublishMixin, HeadlessPreviewMixin, Page):
    """/: the observatory at a glance."""

    lema = models.CharField(
        _("lema"), max_length=200, default="Observatorio Público de Transparencia e Información"
    )
    intro = RichTextField(_("introducción"), blank=True, features=["bold", "italic", "link"])
    buzon_texto = models.TextField(
        _("texto del Buzón"),
        blank=True,
        help_text=_("Invitación a usar el Buzón OPTISNTE que se muestra en la portada."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("lema"),
        FieldPanel("intro"),
        FieldPanel("buzon_texto"),
    ]
    search_fields = Page.search_fields + [index.SearchField("lema"), index.SearchField("intro")]
    api_fields = [APIField("lema"), APIField("intro"), APIField("buzon_texto")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "ejes.EjesIndexPage",
        "estructura.EstructuraIndexPage",
        "buzon.BuzonPage",
        "resultados.ResultadosPage",
    ]
    max_count = 1

    objects = PublicPageManager()

    class Meta:
        verbose_name = _("portada")
        verbose_name_plural = _("portadas")

    def headline_figures(self):
        """Counted from the content itself, never typed: what the observatory holds today,
        each with the list of what it counts (home.inventario)."""
        return [(clase.count(), clase.label, clase.slug) for clase in CLASES]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        ejes_index = EjesIndexPage.objects.live().public().first()
        estructura = EstructuraIndexPage.objects.live().public().first()
        context["figures"] = self.headline_figures()
        context["ejes_index"] = ejes_index
        context["ejes"] = EjePage.objects.child_of(ejes_index).live().public() if ejes_index else []
        context["estructura"] = estructura
        context["organos"] = organo_tree(estructura)[:8] if estructura else []
        latest = list(
            PublicacionPage.objects.live()
            .public()
            .for_listing()
            .order_by("-fecha_actualizacion", "-pk")[:LATEST_COUNT]
        )
        # The union's compliance and each latest record's badge read the same judged series
        # as /obligaciones/ and the publication's own page.
        found = series(calendar=UpdateCalendar.for_request(request))
        context["cumplimiento"] = cumplimiento(found)
        by_key = keyed(found)
        for item in latest:
            item.estado = record_status(item, by_key)
        context["latest"] = latest
        return context
