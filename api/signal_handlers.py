"""Keep the API cache current, however content changes.

They act on every path that changes content (admin, API v3, management commands, factories),
which is why they are signals and not code in the admin views.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from django_tasks.signals import task_finished
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
    Site,
    get_page_models,
)
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.tasks import update_reference_index_task

from estructura.models import Aplicabilidad, Obligacion, ObligacionColumna

from .http_cache import bump_api_generation


def invalidate_api_cache(sender, **kwargs):
    # One cheap bump drops every cached API answer (see api/http_cache.py for why not per URL).
    bump_api_generation()


def invalidate_api_cache_on_settings_change(sender, created=False, **kwargs):
    # Reading a site's settings creates the row with its defaults on first use (for_site), in
    # the middle of an API request; that changes no answer, so only edits invalidate.
    if not created:
        bump_api_generation()


def invalidate_api_cache_on_reference_index_update(sender, task_result, **kwargs):
    # Which documents and images are public follows the reference index (cms/files.py). Wagtail
    # updates it in a task: at once in process by default, later when a worker runs tasks, and
    # its bulk writes send no model signals.
    if task_result.task.func == update_reference_index_task.func:
        bump_api_generation()


def settings_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, BaseSiteSetting | BaseGenericSetting)
    ]


def api_content_models():
    """Models whose rows the read API shows or filters by (site settings apart)."""
    return [
        # Page saves cover changes made without a publish (factories, commands, renames
        # through setup_roles); deletes are not signalled by Wagtail otherwise.
        *get_page_models(),
        # Private sections and their documents vanish from the API; the Site decides which
        # tree /api/v2/pages/ answers with.
        PageViewRestriction,
        CollectionViewRestriction,
        Collection,
        Site,
        get_document_model(),
        get_image_model(),
        # The catalogue and the tabla de aplicabilidad (/api/v2/obligaciones/, /aplicabilidad/,
        # and every series' status).
        Obligacion,
        ObligacionColumna,
        Aplicabilidad,
    ]


def register_signal_handlers():
    """Connect every invalidation (ApiConfig.ready)."""
    # Publish, unpublish and move are sent for every page type; a move also rewrites its
    # descendants' URLs with a queryset update, which sends no post_save.
    page_published.connect(invalidate_api_cache, dispatch_uid="api_cache_page_published")
    page_unpublished.connect(invalidate_api_cache, dispatch_uid="api_cache_page_unpublished")
    post_page_move.connect(invalidate_api_cache, dispatch_uid="api_cache_page_moved")
    for model in api_content_models():
        label = model._meta.label_lower
        post_save.connect(invalidate_api_cache, sender=model, dispatch_uid=f"api_cache_{label}")
        post_delete.connect(
            invalidate_api_cache, sender=model, dispatch_uid=f"api_cache_{label}_deleted"
        )
    task_finished.connect(
        invalidate_api_cache_on_reference_index_update, dispatch_uid="api_cache_reference_index"
    )
    # Site settings feed computed fields (the update calendar → proxima_actualizacion).
    for model in settings_models():
        post_save.connect(
            invalidate_api_cache_on_settings_change,
            sender=model,
            dispatch_uid=f"api_cache_{model._meta.label_lower}",
        )
