"""StreamField blocks shared by every page type; images and documents leave the API as URLs."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from .files import document_facts, image_facts, public_file

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("texto"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("nivel"),
        choices=[("h2", _("Título de sección")), ("h3", _("Subtítulo"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Encabezado")
        template = "cms/blocks/heading.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("imagen"))
    alt = blocks.CharBlock(
        label=_("texto alternativo"),
        max_length=250,
        help_text=_("Describe la imagen para quien no puede verla."),
    )
    caption = blocks.CharBlock(label=_("pie de imagen"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Imagen")
        template = "cms/blocks/figure.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["image"] = public_file(value["image"])
        return context

    def get_api_representation(self, value, context=None):
        return {
            "image": image_facts(value["image"]),
            "alt": value["alt"],
            "caption": value["caption"],
        }


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("documento"))
    title = blocks.CharBlock(
        label=_("título"),
        required=False,
        max_length=250,
        help_text=_("Si se omite, el del documento."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Documento")
        template = "cms/blocks/document.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # A file in a private collection is not offered on a public page.
        context["document"] = public_file(value["document"])
        return context

    def get_api_representation(self, value, context=None):
        facts = document_facts(value["document"])
        if facts and value["title"]:
            facts["title"] = value["title"]
        return facts


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("cita"))
    source = blocks.CharBlock(label=_("fuente"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Cita")
        template = "cms/blocks/quote.html"


class IndicadorBlock(blocks.StructBlock):
    """A headline figure and what it counts, e.g. "42" / "reuniones de trabajo"."""

    cifra = blocks.CharBlock(label=_("cifra"), max_length=40)
    etiqueta = blocks.CharBlock(label=_("etiqueta"), max_length=200)

    class Meta:
        icon = "pick"
        label = _("Indicador")
        template = "cms/blocks/indicador.html"


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("texto del enlace"), max_length=200)
    page = blocks.PageChooserBlock(label=_("página"), required=False)
    url = blocks.URLBlock(label=_("dirección externa"), required=False)

    class Meta:
        icon = "link"
        label = _("Enlace")
        template = "cms/blocks/link.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": blocks.BlockValidationError(
                        _("Elige una página o escribe una dirección, no ambas.")
                    )
                }
            )
        return value

    def get_api_representation(self, value, context=None):
        page = value.get("page")
        return {
            "title": value["title"],
            "url": page.specific.full_url if page else value.get("url"),
            "page": page.pk if page else None,
        }


class BodyBlock(blocks.StreamBlock):
    """The body of every content page: text, figures, documents, tables, quotes, links."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Párrafo"), features=RICH_TEXT_FEATURES, icon="pilcrow"
    )
    figure = FigureBlock()
    document = DocumentBlock()
    table = TableBlock(label=_("Tabla"), template="cms/blocks/table.html")
    quote = QuoteBlock()
    indicador = IndicadorBlock()
    link = LinkBlock()

    class Meta:
        label = _("Contenido")
