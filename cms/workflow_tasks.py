"""Workflow actions that check their own object and happen once, for every task type.

Wagtail's workflow views load the task state by the id in the URL and check the action against
the page named beside it; the task then acts on whatever page the task state belongs to. Here
the task re-checks the action against the task state's own object, with the row locked, so a
reviewer of one page can never act on another's submission, and N simultaneous approvals of one
submission give one approval (one log entry, one publish, one email).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.models import TaskState


class GuardedTaskMixin:
    """Mix in before a Wagtail Task class."""

    def on_action(self, task_state, user, action_name, **kwargs):
        with transaction.atomic():
            locked = (
                TaskState.objects.select_for_update(of=("self",))
                .select_related("workflow_state")
                .filter(pk=task_state.pk)
                .first()
            )
            if (
                locked is None
                or locked.task_id != self.pk
                or locked.status != TaskState.STATUS_IN_PROGRESS
            ):
                raise PermissionDenied
            obj = locked.workflow_state.content_object
            if action_name not in {name for name, *_ in self.get_actions(obj, user)}:
                raise PermissionDenied
            return super().on_action(locked.specific, user, action_name, **kwargs)
