"""Keep each órgano's roles right as the tree changes: created, renamed, moved, deleted."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import TaskState
from wagtail.signals import post_page_move, task_submitted

from .models import OrganoPage, OrganoRoles


def organo_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return  # loaddata: the fixture carries its own roles
    from .roles import ensure_roles
    from .workflows import attach_for

    roles = (
        OrganoRoles.objects.filter(organo=instance)
        .select_related("enlaces", "supervisores", "coleccion")
        .first()
    )
    # Only creation and renaming change anything; other saves (revisions) cost one query.
    if roles is None or roles.coleccion.name != instance.title:
        ensure_roles(instance)
    if roles is None:
        attach_for(instance)


def organo_moved(sender, instance, **kwargs):
    from .roles import ensure_roles

    moved = OrganoRoles.objects.filter(organo__path__startswith=instance.path).select_related(
        "organo"
    )
    for roles in moved.order_by("organo__path"):
        ensure_roles(roles.organo)


def roles_deleted(sender, instance, **kwargs):
    from .roles import delete_role_groups

    # After the page deletion commits, so a rolled-back deletion keeps its groups.
    transaction.on_commit(lambda: delete_role_groups(instance))


def organo_roles_changed(sender, instance, created, raw=False, **kwargs):
    if raw or created:
        return
    from .workflows import attach_for

    attach_for(instance.organo)


def register_signal_handlers():
    from .notifications import organo_approval_submission_notifier

    task_submitted.connect(
        organo_approval_submission_notifier,
        sender=TaskState,
        dispatch_uid="estructura_organo_approval_submitted_email",
    )
    post_save.connect(organo_saved, sender=OrganoPage, dispatch_uid="estructura_organo_saved")
    post_page_move.connect(organo_moved, dispatch_uid="estructura_organo_moved")
    post_delete.connect(roles_deleted, sender=OrganoRoles, dispatch_uid="estructura_roles_deleted")
    post_save.connect(
        organo_roles_changed, sender=OrganoRoles, dispatch_uid="estructura_roles_changed"
    )
