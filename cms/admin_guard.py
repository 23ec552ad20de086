"""Ids in a URL must belong together: a task state, revision or workflow state named
beside an object must be that object's, or the view never runs (404).

Wagtail's views check permissions on the object in the URL and then load the other id by
itself (the workflow action view loads any task state), so "approve page A's task state 42"
could act on page B's submission. One check here covers every URL (the admin's first) that
pairs an object with one of its parts, whatever view serves it, including routes added later.
"""

from django.http import Http404
from wagtail.models import (
    Page,
    ReferenceIndex,
    Revision,
    TaskState,
    WorkflowPage,
    WorkflowState,
)

# URL kwargs naming the object a URL is about.
OBJECT_KWARGS = ("page_id", "pk", "page_pk", "object_id")
# Revision ids may also be Wagtail's words for a revision ("live", "latest", "earliest").
REVISION_KWARGS = ("revision_id", "revision_id_a", "revision_id_b")


def _base_content_type(model):
    # Revisions and workflow states point at the root of a model's concrete inheritance
    # (Page for every page type): Wagtail's own rule, as cms/files.py asks it too.
    return ReferenceIndex._get_base_content_type(model)


def _object_model(view_func, kwargs):
    """The model whose id the URL carries: pages for page URLs, else the view's own model."""
    if "page_id" in kwargs or "page_pk" in kwargs:
        return Page
    view_class = getattr(view_func, "view_class", None)
    initkwargs = getattr(view_func, "view_initkwargs", {}) or {}
    model = initkwargs.get("model") or getattr(view_class, "model", None)
    return model


def _as_id(value):
    """A database id from a URL value, or None: not digits, or beyond bigint."""
    text = str(value)
    if not (text.isascii() and text.isdigit()) or len(text) > 19 or int(text) > 2**63 - 1:
        return None
    return int(text)


def mismatched_ids(view_func, kwargs):
    """The names of the URL ids that do not belong to the URL's object (empty when all do)."""
    name = next((name for name in OBJECT_KWARGS if name in kwargs), None)
    if name is None:
        return []
    object_id = str(kwargs[name])
    model = _object_model(view_func, kwargs)
    problems = []
    for kwarg in REVISION_KWARGS:
        value = str(kwargs.get(kwarg, ""))
        if not value.isdigit() or model is None:
            continue  # "live", "latest", "earliest": Wagtail resolves them on the object
        revision_id = _as_id(value)
        if (
            revision_id is None
            or not Revision.objects.filter(
                pk=revision_id, object_id=object_id, base_content_type=_base_content_type(model)
            ).exists()
        ):
            problems.append(kwarg)
    for kwarg, model_filter in (
        (
            "task_state_id",
            lambda pk: TaskState.objects.filter(
                pk=pk,
                workflow_state__object_id=object_id,
                workflow_state__base_content_type=_base_content_type(model),
            ),
        ),
        (
            "workflow_state_id",
            lambda pk: WorkflowState.objects.filter(
                pk=pk, object_id=object_id, base_content_type=_base_content_type(model)
            ),
        ),
    ):
        if kwarg in kwargs and model is not None:
            pk = _as_id(kwargs[kwarg])
            if pk is None or not model_filter(pk).exists():
                problems.append(kwarg)
    if "workflow_pk" in kwargs and "page_pk" in kwargs:
        page_pk, workflow_pk = _as_id(kwargs["page_pk"]), _as_id(kwargs["workflow_pk"])
        if (
            None in (page_pk, workflow_pk)
            or not WorkflowPage.objects.filter(page_id=page_pk, workflow_id=workflow_pk).exists()
        ):
            problems.append("workflow_pk")
    return problems


class AdminObjectIdsMiddleware:
    """404 for a URL whose ids do not belong together (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Every URL, not only the admin's: the rule is about ids, whichever app routes them.
        if mismatched_ids(view_func, view_kwargs):
            raise Http404
        return None
