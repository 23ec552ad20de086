"""What the site and the API say about a document or an image: URL, size, format."""

import re

from django.conf import settings
from wagtail.rich_text import expand_db_html

from .query import memoized, private_collection_ids, private_q, subtree_q

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


def public_collection_ids():
    """Collections marked public (ColeccionPublica) and those below them, unless private."""

    def compute():
        from wagtail.models import Collection

        from .models import ColeccionPublica

        paths = list(ColeccionPublica.objects.values_list("coleccion__path", flat=True))
        if not paths:
            return frozenset()
        ids = Collection.objects.filter(subtree_q(paths)).values_list("pk", flat=True)
        return frozenset(ids) - private_collection_ids()

    return memoized("public_collection_ids", compute)


def public_pages():
    """Live pages in no private section: the pages whose files are published."""
    from wagtail.models import Page

    return Page.objects.live().exclude(private_q())


def public_files(queryset, pages=None):
    """The documents or images of `queryset` the public may download.

    The one rule: a file is public when a live, public page uses it (Wagtail's reference
    index) or it sits in a collection marked public; never when its collection is private,
    whatever password a session has passed. API v2's documents and images, the download view
    (cms/wagtail_hooks.py), rich-text links and the templates all ask it.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import BigIntegerField, CharField, Q
    from django.db.models.functions import Cast
    from wagtail.models import Page, ReferenceIndex

    pages = public_pages() if pages is None else pages
    model = queryset.model
    referenced = (
        ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=pages.annotate(id_text=Cast("pk", CharField())).values("id_text"),
            to_content_type=ReferenceIndex._get_base_content_type(model),
        )
        .annotate(file_id=Cast("to_object_id", BigIntegerField()))
        .values("file_id")
    )
    public = (
        model._default_manager.filter(
            Q(pk__in=referenced) | Q(collection_id__in=public_collection_ids())
        )
        .exclude(collection_id__in=private_collection_ids())
        .values("pk")
    )
    # One pk__in (not Exists, not an OR of the caller's filters) so that full-text search
    # can still run on the result.
    return queryset.filter(pk__in=public)


def public_file_ids(model, ids):
    """Of these ids of `model` (Document or Image), the public ones, in one query."""
    ids = [pk for pk in ids if pk is not None]
    if not ids:
        return set()
    queryset = model._default_manager.filter(pk__in=ids)
    return set(public_files(queryset).values_list("pk", flat=True))


def public_file(file):
    """The document or image, or None when it is missing or in a private collection.

    Cheap (no query): for a file that a live page being rendered uses, which is therefore
    published unless its collection is private. Anything else asks `public_files`.
    """
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
