"""Ejes: the classification that crosses the structure, and the listing of what it classifies."""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.pagination import paginate
from cms.preview import HeadlessPreviewMixin
from cms.publishing import RegisteredPublishMixin
from cms.query import PublicPageManager, subtree_q
from cms.serializers import ImageFactsField

LISTING_PAGE_SIZE = 20
# The reverse names of the many-to-manies that classify content under an eje.
CLASSIFIED_RELATIONS = ("publicaciones", "proyectos")


class EjesIndexPage(RegisteredPublishMixin, HeadlessPreviewMixin, Page):
    """/ejes/: every eje of the observatory."""

    intro = RichTextField(_("introducción"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["ejes.EjePage"]
    max_count = 1

    objects = PublicPageManager()

    class Meta:
        verbose_name = _("índice de ejes")
        verbose_name_plural = _("índices de ejes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["ejes"] = EjePage.objects.child_of(self).live().public().select_related("imagen")
        return context


class EjePage(RegisteredPublishMixin, HeadlessPreviewMixin, Page):
    """An eje (or a tema inside one): lists everything classified under it, from every órgano."""

    resumen = models.TextField(_("resumen"), max_length=600)
    descripcion = RichTextField(
        _("descripción"), blank=True, features=["h3", "bold", "italic", "ol", "ul", "link"]
    )
    imagen = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("imagen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("contenido"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("resumen"),
        FieldPanel("descripcion"),
        FieldPanel("imagen"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("resumen"),
        index.SearchField("descripcion"),
        index.SearchField("body"),
    ]
    api_fields = [
        APIField("resumen"),
        APIField("descripcion"),
        APIField("imagen", serializer=ImageFactsField()),
        APIField("body"),
    ]

    parent_page_types = ["ejes.EjesIndexPage", "ejes.EjePage"]
    subpage_types = ["ejes.EjePage"]

    objects = PublicPageManager()

    class Meta:
        verbose_name = _("eje")
        verbose_name_plural = _("ejes")

    @cached_property
    def eje_ids(self):
        """This eje and its temas: classifying under a tema classifies under its eje too."""
        return [self.pk, *EjePage.objects.descendant_of(self).values_list("pk", flat=True)]

    @classmethod
    def classified_relations(cls):
        # The classified side (estructura) declares the relations; following them keeps
        # the arrow estructura → ejes one way: this app never imports estructura.
        return [cls._meta.get_field(name) for name in CLASSIFIED_RELATIONS]

    @classmethod
    def classified_models(cls):
        return [relation.related_model for relation in cls.classified_relations()]

    def classified_content(self, filters=None):
        """(querysets per model, union of pk/fecha ordered newest first) for the listing."""
        eje_ids = self.eje_ids
        querysets = [
            model.objects.live().public().classified_under(eje_ids).filtered(**(filters or {}))
            for model in self.classified_models()
        ]
        # Each part drops its own ordering: a compound statement may only be ordered as a whole.
        parts = [qs.order_by().values("pk", "fecha_actualizacion").distinct() for qs in querysets]
        return parts[0].union(*parts[1:]).order_by("-fecha_actualizacion", "-pk")

    def listing_page(self, request):
        """One page of the listing, each item a specific page with its órgano attached."""
        filters = self.listing_filters(request)
        page = paginate(request, self.classified_content(filters), LISTING_PAGE_SIZE)
        ids = [row["pk"] for row in page.object_list]
        found = {}
        for model in self.classified_models():
            found.update({item.pk: item for item in model.objects.filter(pk__in=ids).for_listing()})
        page.object_list = [found[pk] for pk in ids if pk in found]
        return page, filters

    def listing_filters(self, request):
        """The valid filters of the query string; anything else is ignored, never an error."""
        filters = {}
        organo = request.GET.get("organo", "")
        if organo.isdigit():
            filters["organo"] = int(organo)
        ejercicio = request.GET.get("ejercicio", "")
        if ejercicio.isdigit() and len(ejercicio) == 4:
            filters["ejercicio"] = int(ejercicio)
        tipo = request.GET.get("tipo", "")
        if tipo in dict(self.tipo_choices()):
            filters["tipo"] = tipo
        return filters

    def tipo_choices(self):
        choices = []
        for model in self.classified_models():
            choices.extend(model.listing_tipo_choices())
        return choices

    def filter_options(self):
        """Órganos and ejercicios that actually have content under this eje."""
        organo_paths, ejercicios = set(), set()
        for model in self.classified_models():
            paths, years = model.objects.live().public().classified_under(self.eje_ids).facets()
            organo_paths |= paths
            ejercicios |= years
        organos = Page.objects.filter(path__in=organo_paths).order_by("path").only("pk", "title")
        return {
            "organos": list(organos),
            "ejercicios": sorted(ejercicios, reverse=True),
            "tipos": self.tipo_choices(),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"], context["filters"] = self.listing_page(request)
        context["options"] = self.filter_options()
        context["temas"] = EjePage.objects.child_of(self).live().public()
        return context


def classified_page_ids(ejes) -> dict[int, set[int]]:
    """{eje pk: pks of the pages classified under it or under one of its temas}, for each of
    `ejes`: the eje rule (as ``EjePage.eje_ids``) for many ejes at once, in two queries (the
    temas, then the classifying rows), whatever the number of ejes."""
    ejes = list(ejes)
    result = {eje.pk: set() for eje in ejes}
    if not ejes:
        return result
    # Which of `ejes` each eje or tema counts for: itself and every eje above it in the list.
    counts_for = {}
    for pk, path in EjePage.objects.filter(subtree_q([eje.path for eje in ejes])).values_list(
        "pk", "path"
    ):
        counts_for[pk] = [eje.pk for eje in ejes if path.startswith(eje.path)]
    links = []
    for relation in EjePage.classified_relations():
        field = relation.field
        page, eje = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        through = field.remote_field.through.objects
        links.append(through.filter(**{f"{eje}__in": list(counts_for)}).values_list(page, eje))
    for page_id, eje_id in links[0].union(*links[1:], all=True):
        for owner in counts_for[eje_id]:
            result[owner].add(page_id)
    return result
