"""The publication workflow's two tasks: the órgano's approval and Validación OPTI."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Page, Task, TaskState

from cms.query import subtree_q
from cms.workflow_tasks import GuardedTaskMixin

__all__ = ["OrganoApprovalTask", "ValidacionOPTITask"]


class OrganoApprovalTask(GuardedTaskMixin, Task):
    """Approval by the supervisors of the órgano that owns the page, resolved when asked.

    One task serves every órgano: the page's place in the tree says whose supervisors
    approve it (its own órgano's, or an órgano above it), so a new órgano needs no new task
    and a supervisor of one órgano can never act on another's pages (estructura/scope.py).
    """

    class Meta:
        verbose_name = _("aprobación del órgano")
        verbose_name_plural = _("aprobaciones del órgano")

    @classmethod
    def get_description(cls):
        return _("Aprueban los supervisores del órgano al que pertenece la página.")

    def approvers(self, obj):
        """The active users who may approve `obj` at this step (who `supervises` it)."""
        from ..scope import supervisors_of_q

        User = get_user_model()
        if not isinstance(obj, Page):
            return User.objects.none()
        supervisors = User.objects.filter(supervisors_of_q(obj)).values("pk")
        return User.objects.filter(is_active=True, pk__in=supervisors)

    def is_approver(self, obj, user):
        from ..scope import scope_for

        if not user.is_authenticated or not user.is_active:
            return False
        return user.is_superuser or scope_for(user).supervises(obj)

    def start(self, workflow_state, user=None):
        obj = workflow_state.content_object
        # A lock held by someone who cannot approve would block the review: release it.
        if getattr(obj, "locked_by", None) and not self.is_approver(obj, obj.locked_by):
            obj.locked, obj.locked_by, obj.locked_at = False, None, None
            obj.save(update_fields=["locked", "locked_by", "locked_at"])
        return super().start(workflow_state, user=user)

    def user_can_access_editor(self, obj, user):
        return self.is_approver(obj, user)

    def locked_for_user(self, obj, user):
        return not self.is_approver(obj, user)

    def user_can_lock(self, obj, user):
        return self.is_approver(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not self.is_approver(obj, user):
            return []
        return [
            ("reject", _("Solicitar cambios"), True),
            ("approve", _("Aprobar"), False),
            ("approve", _("Aprobar con comentario"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from ..scope import scope_for

        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        page_ids = Page.objects.filter(subtree_q(scope_for(user).supervised)).values_list(
            "pk", flat=True
        )
        return states.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id__in=[str(pk) for pk in page_ids],
        )


class ValidacionOPTITask(GuardedTaskMixin, AbstractGroupApprovalTask):
    """Validación OPTI: the national team's step after the órgano's approval, for the órganos
    whose roles ask for it. Wagtail's group approval, with actions that check their own
    object and happen once (cms/workflow_tasks.py)."""

    class Meta:
        verbose_name = _("validación OPTI")
        verbose_name_plural = _("validaciones OPTI")

    @classmethod
    def get_description(cls):
        return _("Valida el equipo nacional OPTI antes de publicar.")

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        return [
            ("reject", _("Solicitar cambios"), True),
            ("approve", _("Validar y publicar"), False),
            ("approve", _("Validar con comentario y publicar"), True),
        ]
