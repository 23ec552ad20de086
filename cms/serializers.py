"""API serializer fields shared by every page type: references, documents, images, rich text.

Models import this module, so it must not import wagtail.api.v2 (which needs the models).
"""

from rest_framework import serializers
from wagtail import blocks
from wagtail.api.rich_text import APIRichText

from .files import absolute_html, absolute_url, document_facts, image_facts
from .query import is_public, public_only


class PageRefField(serializers.Field):
    """A page as an app needs to link to it: id, title, slug and absolute URL."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, page):
        # A page the public may not see is not named at all: no title, slug or URL.
        if not is_public(page):
            return None
        return {
            "id": page.pk,
            "title": page.title,
            "slug": page.slug,
            "url": absolute_url(page.url),
        }


class PageRefListField(PageRefField):
    def to_representation(self, pages):
        return [
            super(PageRefListField, self).to_representation(page) for page in public_only(pages)
        ]


class DocumentFactsField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, document):
        return document_facts(document)


class ImageFactsField(DocumentFactsField):
    def to_representation(self, image):
        return image_facts(image)


def rich_text_representation(source, context):
    """Rich text in the format asked for; by default HTML with real, absolute links."""
    rich_text_format = (context or {}).get("_wagtail_rich_text_format")
    if rich_text_format is None:
        # Outside our viewsets (e.g. a block rendered by another API): the same default.
        request = (context or {}).get("request")
        raw = request.GET.get("rich_text_format") if request is not None else None
        rich_text_format = APIRichText.FORMAT_HTML if raw is None else raw
        rich_text_format = APIRichText.resolve_format(rich_text_format)
    if rich_text_format == APIRichText.FORMAT_HTML:
        return absolute_html(source)
    return APIRichText.serialize(source, format=rich_text_format)


def _stock_representation(block, base):
    return type(block).get_api_representation is base.get_api_representation


def block_representation(block, value, context):
    """`block.get_api_representation`, except that rich text leaves as absolute HTML.

    Wagtail's RichTextBlock reads the format from the query string only (default db_html,
    with `linktype` markup), so the containers are walked here; a block with its own
    representation (figures, documents, links) keeps it.
    """
    if isinstance(block, blocks.RichTextBlock):
        return rich_text_representation(value.source if value is not None else "", context)
    if isinstance(block, blocks.StreamBlock) and _stock_representation(block, blocks.StreamBlock):
        return [
            {
                "type": child.block.name,
                "value": block_representation(child.block, child.value, context),
                "id": child.id,
            }
            for child in (value or [])
        ]
    if isinstance(block, blocks.ListBlock) and _stock_representation(block, blocks.ListBlock):
        return [block_representation(block.child_block, item, context) for item in value]
    if isinstance(block, blocks.StructBlock) and _stock_representation(block, blocks.StructBlock):
        return {
            name: block_representation(block.child_blocks[name], child_value, context)
            for name, child_value in value.items()
        }
    return block.get_api_representation(value, context=context)
