"""The public results page: the quarterly figures with charts, their tables and downloads."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.preview import HeadlessPreviewMixin
from cms.publishing import RegisteredPublishMixin
from cms.query import PublicPageManager

RICH_TEXT = ["h3", "bold", "italic", "ol", "ul", "link"]


class ResultadosPage(RegisteredPublishMixin, RoutablePageMixin, HeadlessPreviewMixin, Page):
    """/rendicion-de-resultados/: every figure of a year by quarter, counted, never typed."""

    intro = RichTextField(_("introducción"), blank=True, features=RICH_TEXT)
    nota_metodologica = RichTextField(
        _("nota metodológica"),
        blank=True,
        features=RICH_TEXT,
        help_text=_(
            "Se muestra después de las gráficas, junto con la forma en que se cuenta cada cifra."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("nota_metodologica")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    # The figures themselves have their own endpoint (/api/resultados/); the page only its texts.
    api_fields = [APIField("intro"), APIField("nota_metodologica")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    objects = PublicPageManager()

    class Meta:
        verbose_name = _("rendición de resultados")
        verbose_name_plural = _("rendición de resultados")

    # The views live in views.py; the page only routes to them.
    @path("")
    def resultados(self, request):
        from . import views

        return views.results_page(request, self)

    # Wagtail serves only slash-ended paths of letters, digits and hyphens, so no ".csv":
    # the file name comes with Content-Disposition.
    @path("descargar/csv/")
    def descargar_csv(self, request):
        from . import views

        return views.download(request, self, "csv")

    @path("descargar/xlsx/")
    def descargar_xlsx(self, request):
        from . import views

        return views.download(request, self, "xlsx")

    # The records behind one figure (resultados.registros), and the same rows as CSV.
    @path("registros/<slug:clave>/", name="registros")
    def registros(self, request, clave):
        from . import registros_views

        return registros_views.drilldown(request, self, clave)

    @path("registros/<slug:clave>/csv/", name="registros_csv")
    def registros_csv(self, request, clave):
        from . import registros_views

        return registros_views.drilldown_csv(request, self, clave)
