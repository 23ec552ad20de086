"""What the site and the API say about a document or an image: URL, size, format."""

import re

from django.conf import settings
from wagtail.rich_text import expand_db_html

from .query import private_collection_ids

# Renditions the templates and the API ask for; listing querysets prefetch exactly these.
IMAGE_RENDITIONS = {"thumbnail": "fill-400x300", "medium": "max-1200x900"}


def absolute_url(url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.WAGTAILAPI_BASE_URL.rstrip("/") + url


# A link or embed whose address is site-relative ("/…" but not protocol-relative "//…").
_RELATIVE_ADDRESS = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


def absolute_html(db_html):
    """Rich text as HTML an app can show anywhere: internal links expanded, addresses absolute."""
    if not db_html:
        return db_html
    return _RELATIVE_ADDRESS.sub(
        lambda match: f'{match[1]}{absolute_url(match[2])}"', expand_db_html(db_html)
    )


def public_file(file):
    """The document or image, or None when it is missing or in a private collection."""
    if file is None or file.collection_id in private_collection_ids():
        return None
    return file


def document_facts(document):
    """URL, title, format and size of a document, as the API and the templates show them.

    None for a document in a private collection: not even its title leaves the site.
    """
    if public_file(document) is None:
        return None
    return {
        "id": document.pk,
        "title": document.title,
        "url": absolute_url(document.url),
        "format": document.file_extension.upper(),
        "content_type": document.content_type,
        "size": document.get_file_size(),  # cached on the row after the first read
    }


def image_facts(image):
    """URLs of an image's renditions with their sizes, so apps never resize originals."""
    if public_file(image) is None:
        return None
    renditions = image.get_renditions(*IMAGE_RENDITIONS.values())
    return {
        "id": image.pk,
        "title": image.title,
        **{
            name: {
                "url": absolute_url(renditions[spec].url),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in IMAGE_RENDITIONS.items()
        },
    }
