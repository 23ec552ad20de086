"""API v3 writes what the admin edits: each page type's content-panel fields are in its create
and update schemas, and a body naming any other field is refused with a 400 that names it.

Wagtail 8.0.1's v3 writes only the fields a model marks ``APIField(writable=True)``, skips those
with a (read-side) serializer, has no shape for a many-to-many (so ``ejes`` was silently left out)
and, its schemas ignoring unknown keys, drops whatever else a body sends (a top-level
``"action": "publish"`` included). It offers no hook for any of this, so ``write_what_the_admin
edits`` (called from ApiConfig.ready(), before anything builds v3's routers) changes the one
rule its generators read (``APIField.get_writable_fields_for_model``), gives them a shape for
relations, rebuilds the page types' schemas and registers each one's refusing subclass.
"""

import inspect
import sys
from copy import copy
from dataclasses import replace
from functools import cache, cached_property
from types import UnionType
from typing import Annotated, Any, ClassVar, Union, get_args, get_origin

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import ForeignKey, ManyToManyField
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.utils.functional import cached_property as django_cached_property
from ninja.orm.fields import title_if_lower
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, model_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic.fields import FieldInfo
from pydantic_core import InitErrorDetails, PydanticCustomError

from .guard import INT_MAX

# A page is classified under a handful of ejes; the cap keeps a hostile list from becoming a
# 10,000-id query (and the list in the error from echoing it).
MAX_RELATED_IDS = 100
# Ids named in one error message: enough to find the typo, never the whole body echoed back.
IDS_IN_MESSAGE = 10
# Refusals reported for one body; the Spanish problem shows no more than 50 errors anyway.
MAX_REFUSALS = 50

# The error types of a field the body may not send (errors.FIELD_REFUSALS answers them 400).
READ_ONLY = "read_only"
MISPLACED = "misplaced"
UNKNOWN = "extra_forbidden"  # Pydantic's own, so a client sees the usual type


# --- What the admin edits ----------------------------------------------------------------------


def _form_options(model):
    from wagtail.admin.panels import ObjectList

    # The content tab exactly as the admin's form is built from it (fields and formsets).
    return ObjectList(model.content_panels).bind_to_model(model).get_form_options()


def _collect(model, options, edited):
    from wagtail.api.conf import get_model_field

    formsets = options.get("formsets") or {}
    edited.setdefault(model, []).extend([*options.get("fields", []), *formsets])
    for relation, child_options in formsets.items():
        _collect(get_model_field(model, relation).related_model, child_options, edited)


@cache
def admin_fields():
    """{model: [name, …]}: what the admin's content panels edit, for every page model and for
    every child model (an InlinePanel's rows) they reach; a page's base fields left out, since
    v3 declares those itself."""
    from wagtail.api.v3.schemas.pages import BASE_PAGE_FIELDS
    from wagtail.models import get_page_models

    edited = {}
    for model in get_page_models():
        if model.content_panels:
            _collect(model, _form_options(model), edited)
    base = set(BASE_PAGE_FIELDS)
    return {
        model: list(dict.fromkeys(name for name in names if name not in base))
        for model, names in edited.items()
    }


def writable_fields_for_model(original, model):
    """The writable APIFields of `model`: those it declares, plus what the admin edits.

    Serializers are dropped: they shape what v2 and v3 *read* (``ejes`` as titles and URLs),
    and Wagtail skips a writable field that has one; a write takes the model field's own shape
    (ids for relations).
    """
    from wagtail.api import APIField

    declared = original(model)
    edited = admin_fields().get(model)
    if edited is None:
        return declared
    names = dict.fromkeys([*(field.name for field in declared), *edited])
    return [APIField(name, writable=True) for name in names]


# --- Shapes for relations ----------------------------------------------------------------------


def _is_page(model):
    from wagtail.models import Page

    return issubclass(model, Page)


def _existing(model):
    """What a relation may point to: a published page of its type, or any row of a model.

    An unpublished page is answered as a missing one, so the error tells no one that a draft
    with that id exists.
    """
    manager = model._default_manager
    return manager.live() if _is_page(model) else manager.all()


def _missing_ids(model, ids):
    if not ids:
        return []
    found = set(_existing(model).filter(pk__in=ids).values_list("pk", flat=True))
    return [pk for pk in ids if pk not in found]


def _refuse_missing(model, missing):
    error_type, message = (
        ("not_live_page", "Not published pages of type {model}: {ids}")
        if _is_page(model)
        else ("does_not_exist", "No {model} with these ids: {ids}")
    )
    ids = ", ".join(str(pk) for pk in missing[:IDS_IN_MESSAGE])
    raise PydanticCustomError(
        error_type,
        message,
        {"model": str(model._meta.verbose_name), "ids": ids},
    )


def related_ids_schema(generator, field):
    """A many-to-many as a list of positive integer ids, each of an existing target (a
    published page for a relation to pages); which ones are required is the form's to say."""
    model = field.related_model

    def existing_ids(ids):
        ids = list(dict.fromkeys(ids))
        if missing := _missing_ids(model, ids):
            _refuse_missing(model, missing)
        return ids

    # Strict: "5", 5.0 and true are not ids (Ninja's default M2M shape takes all three).
    identifier = Annotated[int, Strict(), Field(gt=0, le=INT_MAX)]
    annotation = Annotated[
        list[identifier],
        Field(max_length=MAX_RELATED_IDS),
        AfterValidator(existing_ids),
    ]
    return annotation, FieldInfo(
        default=[],
        title=title_if_lower(field.verbose_name),
        description=field.help_text or None,
    )


def related_key_schema(generator, field):
    """Wagtail's foreign key shape (``<name>_id``), and for a key to a page, a published one."""
    from wagtail.api.v3.schemas.generators.write import foreign_key_schema

    annotation, default = foreign_key_schema(generator, field)
    model = field.related_model
    if not _is_page(model):
        return annotation, default  # the form's choice field checks it, as in the admin

    def existing_key(pk):
        if pk is not None and _missing_ids(model, [pk]):
            _refuse_missing(model, [pk])
        return pk

    return Annotated[annotation, AfterValidator(existing_key)], default


# --- Refusing what a type does not write -------------------------------------------------------


def _key(name, info: FieldInfo):
    alias = info.validation_alias or info.alias
    return alias if isinstance(alias, str) else name


def _model_in(annotation):
    """The Pydantic model in `annotation` (``X``, ``X | None``, ``list[X]``), or None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) is Annotated:
        return _model_in(get_args(annotation)[0])
    for arg in get_args(annotation):
        if found := _model_in(arg):
            return found
    return None


class Shape:
    """The keys a schema accepts, and why each other key it might be sent is refused."""

    def __init__(self, schema, model, read_schema=None):
        self.model = model
        self.accepted = {_key(name, info): name for name, info in schema.model_fields.items()}
        # A writable field sent under its Python name (obligacion for obligacion_id).
        self.renamed = {name: key for key, name in self.accepted.items() if key != name}
        self.read = set()
        if read_schema is not None:
            self.read = {_key(name, info) for name, info in read_schema.model_fields.items()}
            read_meta = _model_in(read_schema.model_fields["meta"].annotation)
            self.read_meta = set(read_meta.model_fields) if read_meta else set()
        else:
            self.read_meta = set()
        self.meta = None
        self.children = {}
        for name, info in schema.model_fields.items():
            nested = _model_in(info.annotation)
            if nested is None:
                continue
            if name == "meta":
                self.meta = Shape(nested, model)
                self.meta.read = self.read_meta
            elif get_origin(info.annotation) is list:
                child_model = self._related_model(name)
                if child_model is not None:
                    self.children[_key(name, info)] = Shape(nested, child_model)

    def _related_model(self, name):
        from wagtail.api.conf import get_model_field

        try:
            return get_model_field(self.model, name).related_model
        except FieldDoesNotExist:
            return None

    @cached_property
    def model_attributes(self):
        names = set()
        for field in self.model._meta.get_fields():
            names.add(field.name)
            if attname := getattr(field, "attname", None):
                names.add(attname)
            if isinstance(field, ForeignObjectRel) and (accessor := field.get_accessor_name()):
                names.add(accessor)
        return names

    def is_read_only(self, key):
        if key in self.read or key in self.read_meta or key in self.model_attributes:
            return True
        attribute = inspect.getattr_static(self.model, key, None)
        return isinstance(attribute, property | cached_property | django_cached_property)

    def refusal(self, key, loc, outer=None):
        """The error for `key` (at `loc`), which this shape does not accept."""
        if outer is None and self.meta is not None and key in self.meta.accepted:
            return _error(MISPLACED, loc, {"path": f"meta.{key}"})
        if outer is not None and key in outer.accepted:
            return _error(MISPLACED, loc, {"path": key})
        if key in self.renamed:
            return _error(MISPLACED, loc, {"path": self.renamed[key]})
        if self.is_read_only(key):
            return _error(READ_ONLY, loc)
        return InitErrorDetails(type=UNKNOWN, loc=loc, input=key)

    def refusals(self, data, loc=(), outer=None):
        """Every key of `data` (a body, its meta, or a child row) this shape refuses."""
        for key in data:
            if key not in self.accepted:
                yield self.refusal(key, (*loc, key), outer)
        meta = data.get("meta")
        if self.meta is not None and isinstance(meta, dict):
            yield from self.meta.refusals(meta, (*loc, "meta"), outer=self)
        for key, child in self.children.items():
            rows = data.get(key)
            if isinstance(rows, list):
                for index, row in enumerate(rows):
                    if isinstance(row, dict):
                        yield from child.refusals(row, (*loc, key, index))


def _error(error_type, loc, context=None):
    messages = {READ_ONLY: "Read-only field", MISPLACED: "Send it as {path}"}
    return InitErrorDetails(
        type=PydanticCustomError(error_type, messages[error_type], context),
        loc=loc,
        input=None,
    )


def _swap(annotation, old, new):
    """`annotation` with `old` (a model, alone, in a list or in a union) replaced by `new`."""
    if annotation is old:
        return new
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is list:
        return list[_swap(args[0], old, new)]
    if origin in (Union, UnionType):
        return Union[tuple(_swap(arg, old, new) for arg in args)]  # noqa: UP007 built from args
    return annotation


@cache
def closed(schema):
    """A subclass of `schema`, of the same name, that takes no key it does not declare; nor do
    the models in it (a page's meta, its child rows): each says additionalProperties: false."""
    annotations, fields = {}, {}
    for name, info in schema.model_fields.items():
        nested = _model_in(info.annotation)
        if nested is not None:
            annotations[name] = _swap(info.annotation, nested, closed(nested))
            fields[name] = copy(info)  # its default, alias and title
    namespace = {
        "__module__": schema.__module__,
        "__doc__": schema.__doc__,
        "__annotations__": annotations,
        "model_config": ConfigDict(extra="forbid"),
        **fields,
    }
    return type(schema)(schema.__name__, (schema,), namespace)


def refusing(schema, model, read_schema):
    """`schema` that refuses, before looking at any value, every key its type does not write."""
    if getattr(schema, "refuses_unwritable_fields", False):
        return schema
    shape = Shape(schema, model, read_schema)

    def refuse_unwritable_fields(cls, data: Any) -> Any:
        if isinstance(data, dict):
            refusals = []
            for refusal in shape.refusals(data):
                refusals.append(refusal)
                if len(refusals) == MAX_REFUSALS:
                    break
            if refusals:
                raise PydanticValidationError.from_exception_data(cls.__name__, refusals)
        return data

    # Closed (additionalProperties: false in the OpenAPI document, and a second lock), and
    # refusing first, so that a refused key is named with its reason.
    base = closed(schema)
    namespace = {
        "__module__": schema.__module__,
        "__doc__": schema.__doc__,
        "__annotations__": {"refuses_unwritable_fields": ClassVar[bool]},
        "refuses_unwritable_fields": True,
        "refuse_unwritable_fields": model_validator(mode="before")(
            classmethod(refuse_unwritable_fields)
        ),
    }
    return type(base)(schema.__name__, (base,), namespace)


# --- Putting it in place -----------------------------------------------------------------------


def write_what_the_admin_edits():
    """Rebuild v3's page schemas under the rules above. Called from ApiConfig.ready()."""
    from wagtail.api import APIField
    from wagtail.api.v3.schemas.generators.write import create_generator, patch_generator
    from wagtail.models import get_page_models

    if "wagtail.api.v3.routers.pages" in sys.modules:
        # Its request schemas are built when it is imported: too late to change them.
        raise ImproperlyConfigured(
            "API v3's page router was imported before api.ApiConfig.ready(): list 'api' "
            "before the wagtail apps in INSTALLED_APPS."
        )
    original = APIField.get_writable_fields_for_model
    if not getattr(original, "optisnte_admin_fields", False):
        original_function = original.__func__

        def get_writable_fields_for_model(cls, model):
            return writable_fields_for_model(lambda m: original_function(cls, m), model)

        get_writable_fields_for_model.optisnte_admin_fields = True
        APIField.get_writable_fields_for_model = classmethod(get_writable_fields_for_model)

    for generator in (create_generator, patch_generator):
        generator.register_field_schema(ManyToManyField, related_ids_schema)
        generator.register_field_schema(ForeignKey, related_key_schema)
        # Child schemas built under the old rule would be reused by the form builder.
        generator._child_relation_schema_cache.clear()

    built = "wagtail.api.v3.registry" in sys.modules
    from wagtail.api.v3.registry import registry  # its import builds every schema

    if built:
        registry.register_defaults()
    for model in get_page_models():
        registration = registry.get(model._meta.label)
        if registration is None or registration.create_schema is None:
            continue
        registry.register(
            replace(
                registration,
                create_schema=refusing(registration.create_schema, model, registration.read_schema),
                patch_schema=refusing(registration.patch_schema, model, registration.read_schema),
            )
        )
