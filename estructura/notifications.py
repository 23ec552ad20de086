"""Emails for the órgano approval step: its supervisors hear when something awaits them."""

from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier

from .models import OrganoApprovalTask


class OrganoApprovalSubmissionNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    """Wagtail's group-task notifier, with recipients resolved from the page's órgano."""

    notification = "submitted"

    def can_handle(self, instance, **kwargs):
        return isinstance(instance, self.valid_classes) and isinstance(
            instance.task.specific, OrganoApprovalTask
        )

    def get_recipient_users(self, task_state, **kwargs):
        task = task_state.task.specific
        recipients = task.approvers(task_state.workflow_state.content_object)
        if triggering_user := kwargs.get("user"):
            recipients = recipients.exclude(pk=triggering_user.pk)
        return recipients


organo_approval_submission_notifier = OrganoApprovalSubmissionNotifier()
