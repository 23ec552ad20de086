"""API v2 serializer fields shared by every page type: references, documents, images."""

from rest_framework import serializers

from .files import absolute_url, document_facts, image_facts


class PageRefField(serializers.Field):
    """A page as an app needs to link to it: id, title, slug and absolute URL."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, page):
        if page is None:
            return None
        return {
            "id": page.pk,
            "title": page.title,
            "slug": page.slug,
            "url": absolute_url(page.url),
        }


class PageRefListField(PageRefField):
    def to_representation(self, pages):
        return [super(PageRefListField, self).to_representation(page) for page in pages.all()]


class DocumentFactsField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, document):
        return document_facts(document)


class ImageFactsField(DocumentFactsField):
    def to_representation(self, image):
        return image_facts(image)
