"""The Wagtail API v2 router: pages, images, documents at /api/v2/, public content only."""

from collections import defaultdict

from django.core.exceptions import FieldDoesNotExist
from django.db import DataError
from django.db.models import (
    ForeignKey,
    ManyToManyField,
    Prefetch,
    prefetch_related_objects,
)
from django.http import Http404
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from rest_framework import serializers
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    LocaleFilter,
    OrderingFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.serializers import PageSerializer, RichTextFieldSerializer
from wagtail.api.v2.utils import BadRequestError, parse_fields_parameter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.blocks import StreamValue
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.documents.models import AbstractDocument
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.images.models import AbstractImage

from cms.files import IMAGE_RENDITIONS, public_files
from cms.models import PeriodicUpdateMixin, UpdateCalendar
from cms.query import private_collection_ids, private_q
from cms.serializers import block_representation, rich_text_representation
from estructura.models import ContenidoQuerySet, OrganoPage, PublicacionPage
from estructura.obligaciones import (
    Cumplimiento,
    cumplimiento_por_organo,
    series,
    statuses_for,
)

from .errors import spanish_v2_message
from .filters import (
    ContenidoFilter,
    ContentOrderingFilter,
    StrictFieldsFilter,
    StrictSearchFilter,
)

# Past this, a value is not a parameter but an attack or a mistake; nothing here needs it.
MAX_PARAMETER_LENGTH = 1000


class RichTextHTMLField(RichTextFieldSerializer):
    def to_representation(self, value):
        return rich_text_representation(
            serializers.CharField.to_representation(self, value), self.context
        )


class StreamBlocksField(serializers.Field):
    """A StreamField as typed blocks: images and documents as URLs, rich text as HTML."""

    def to_representation(self, value):
        return block_representation(value.stream_block, value, self.context)


class PublicPageSerializer(PageSerializer):
    serializer_field_mapping = PageSerializer.serializer_field_mapping.copy()
    serializer_field_mapping.update(
        {StreamField: StreamBlocksField, RichTextField: RichTextHTMLField}
    )


class StrictParametersMixin:
    """Parameters Wagtail would pass on to the database as they are: refused up front.

    Also: API v2 is anonymous-only. No session and no HTTP Basic password is read (DRF's
    defaults would read both, making /api/v2/ a password-guessing endpoint and showing staff
    what the public does not see); what it answers is what the public sees.
    """

    authentication_classes = ()

    def initial(self, request, *args, **kwargs):
        # Before any lookup: `?site=` alone reaches the database before the listing's checks.
        super().initial(request, *args, **kwargs)
        for name, values in request.GET.lists():
            for value in [name, *values]:
                if "\x00" in value:
                    raise BadRequestError("null characters are not allowed in the query string")
                if len(value) > MAX_PARAMETER_LENGTH:
                    raise BadRequestError(f"{name} is too long")

    def find_object(self, queryset, request):
        try:
            return super().find_object(queryset, request)
        except (ValueError, TypeError) as e:
            raise BadRequestError("id must be a positive integer") from e

    def handle_exception(self, exc):
        # Safety net: a value the database refuses (out of range, bad encoding) is the
        # client's error. The filters above catch what they can before it gets here.
        if isinstance(exc, DataError):
            exc = BadRequestError("a query parameter has a value the database cannot use")
        if isinstance(exc, BadRequestError | Http404):
            # Told in Spanish by api.errors, the one table for every v2 message.
            exc = type(exc)(spanish_v2_message(str(exc)))
        return super().handle_exception(exc)


class PublicPagesAPIViewSet(StrictParametersMixin, PagesAPIViewSet):
    """/api/v2/pages/: every public page, with the filters an app of the observatory needs."""

    base_serializer_class = PublicPageSerializer
    filter_backends = [
        ContenidoFilter,
        StrictFieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        ContentOrderingFilter,
        TranslationOfFilter,
        LocaleFilter,
        StrictSearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        ContenidoFilter.query_parameters
    )

    def get_base_queryset(self):
        # Wagtail asks for it several times per request, each time reading the view
        # restrictions; once is enough.
        if not hasattr(self, "_base_queryset"):
            # Wagtail lets a page through when the session holds its password; this API
            # answers as if nobody had typed one (api/http_cache.py may then share it).
            self._base_queryset = super().get_base_queryset().exclude(private_q())
        return self._base_queryset

    def get_queryset(self):
        queryset = super().get_queryset()
        if isinstance(queryset, ContenidoQuerySet):
            # Publications and projects: their órgano for the whole page of results at once.
            queryset = queryset.with_organo()
        return queryset

    def resolve_rich_text_format(self):
        # Apps get HTML with real links unless they ask for another format.
        if "rich_text_format" not in self.request.GET:
            return "html"
        return super().resolve_rich_text_format()

    def paginate_queryset(self, queryset):
        pages = list(super().paginate_queryset(queryset))
        prepare_pages(pages, self.requested_fields(), self.request)
        return pages

    def get_object(self):
        page = super().get_object()
        if not getattr(page, "_prepared_for_api", False):
            prepare_pages([page], self.requested_fields(page), self.request)
            page._prepared_for_api = True
        return page

    def requested_fields(self, page=None):
        if page is None:
            serializer_class = self.get_serializer_class()
        else:
            serializer_class = self._get_serializer_class(
                self.request.wagtailapi_router, type(page), self.fields_config(), show_details=True
            )
        return list(serializer_class.Meta.fields)

    def fields_config(self):
        try:
            return parse_fields_parameter(self.request.GET.get("fields", ""))
        except ValueError as e:
            raise BadRequestError(f"fields error: {e}") from e


def prepare_pages(pages, fields, request):
    """Fetch in bulk what serialising these pages would otherwise ask for page by page."""
    by_model = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page)
    images = []
    for model, group in by_model.items():
        lookups = related_lookups(model, fields)
        prefetch_related_objects(group, *lookups)
        for name in fields:
            field = _field(model, name)
            if isinstance(field, StreamField):
                images += prefetch_stream_blocks(group, name)
            elif isinstance(field, ForeignKey) and issubclass(field.related_model, AbstractImage):
                images += [getattr(page, name) for page in group if getattr(page, name)]
    prefetch_renditions(images)
    periodic = [page for page in pages if isinstance(page, PeriodicUpdateMixin)]
    if periodic:
        # The API only serves the request's site, so its calendar is every page's calendar.
        calendar = UpdateCalendar.for_request(request)
        for page in periodic:
            page._calendar = calendar
    prepare_series(pages, fields, request)


def prepare_series(pages, fields, request):
    """A publication's series status and an órgano's compliance, for the whole page of
    results from one ``series`` call each (estructura.obligaciones, the badges' function)."""
    publicaciones = [page for page in pages if isinstance(page, PublicacionPage)]
    organos = [page for page in pages if isinstance(page, OrganoPage)]
    if "serie" not in fields:
        publicaciones = []
    if "cumplimiento" not in fields:
        organos = []
    if not publicaciones and not organos:
        return
    calendar = UpdateCalendar.for_request(request)
    if publicaciones:
        estados = statuses_for(publicaciones, calendar=calendar)
        for page in publicaciones:
            page.__dict__["_serie"] = estados.get(page.pk)
    if organos:
        found = series(organos, calendar=calendar)
        by_organo = {organo.pk: counts for organo, counts in cumplimiento_por_organo(found)}
        for page in organos:
            page.__dict__["_cumplimiento"] = by_organo.get(page.pk) or Cumplimiento()


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def related_lookups(model, fields):
    """Prefetches for the relations among `fields`: many-to-many, FKs, inline children."""
    lookups = []
    child_relations = {
        relation.get_accessor_name(): relation for relation in get_all_child_relations(model)
    }
    for name in fields:
        if name == "locale":
            lookups.append("locale")
            continue
        field = _field(model, name)
        if isinstance(field, (ManyToManyField, ForeignKey)):
            lookups.append(name)
        elif name in child_relations:
            child = child_relations[name].related_model
            foreign_keys = [
                f.name
                for f in child._meta.get_fields()
                if isinstance(f, ForeignKey) and not isinstance(f, ParentalKey)
            ]
            rows = child.objects.select_related(*foreign_keys)
            # Rows pointing at a file in a private collection are left out whole.
            for fk in foreign_keys:
                target = child._meta.get_field(fk).related_model
                if issubclass(target, (AbstractDocument, AbstractImage)):
                    rows = rows.exclude(**{f"{fk}__collection_id__in": private_collection_ids()})
            lookups.append(Prefetch(name, queryset=rows))
    return lookups


def prefetch_stream_blocks(pages, name):
    """Turn the raw blocks of every page's StreamField into values with one query per block type.

    StreamValue converts lazily, one page at a time (a query per page for each chooser block);
    this does what its `_prefetch_blocks` does, across all the pages. Returns the images found.
    """
    pending = defaultdict(list)  # block type -> [(stream value, index, raw value)]
    for page in pages:
        value = getattr(page, name)
        if not isinstance(value, StreamValue):
            continue
        for index, raw in enumerate(value._raw_data):
            if raw is not None and value._bound_blocks[index] is None:
                pending[raw["type"]].append((value, index, raw))
    images = []
    for block_type, items in pending.items():
        stream_block = items[0][0].stream_block
        if block_type not in stream_block.child_blocks:
            continue  # a block type since removed: Wagtail drops it too
        child_block = stream_block.child_blocks[block_type]
        converted = child_block.bulk_to_python([raw["value"] for _, _, raw in items])
        for (value, index, raw), native in zip(items, converted, strict=True):
            value._bound_blocks[index] = StreamValue.StreamChild(
                child_block, native, id=raw.get("id")
            )
            images += _images_in(native)
    return images


def _images_in(value):
    if isinstance(value, AbstractImage):
        return [value]
    if isinstance(value, dict):  # StructValue
        return [image for item in value.values() for image in _images_in(item)]
    if isinstance(value, (list, tuple)):
        return [image for item in value for image in _images_in(item)]
    return []


def prefetch_renditions(images):
    images = [image for image in images if image is not None]
    if not images:
        return
    rendition_model = images[0].get_rendition_model()
    renditions = rendition_model.objects.filter(filter_spec__in=list(IMAGE_RENDITIONS.values()))
    prefetch_related_objects(images, Prefetch("renditions", queryset=renditions))


class PublicFilesMixin(StrictParametersMixin):
    """Only the documents and images the public may download (cms.files.public_files): used
    by a live, public page, or in a collection marked public; never in a private collection,
    even for a session that passed its password (Wagtail's own filter would let it through).
    """

    def get_queryset(self):
        public_pages = PublicPagesAPIViewSet(request=self.request).get_base_queryset()
        return public_files(super().get_queryset(), public_pages)


class PublicDocumentsAPIViewSet(PublicFilesMixin, DocumentsAPIViewSet):
    filter_backends = [StrictFieldsFilter, OrderingFilter, StrictSearchFilter]


class PublicImagesAPIViewSet(PublicFilesMixin, ImagesAPIViewSet):
    filter_backends = [StrictFieldsFilter, OrderingFilter, StrictSearchFilter]
