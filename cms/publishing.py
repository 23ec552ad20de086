"""Publishing that happens once: however many requests publish one revision at the same time.

A double click, a retried API call or eight reviewers approving at once would otherwise each
publish the same revision: one state change, but as many log entries, signals and emails. The
page row is the lock; whoever gets it second finds the revision already live (or already
scheduled) and does nothing.
"""

from django.db import transaction
from django.utils import timezone
from wagtail.actions import action_registry
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.models import Page, Revision


class SerializedPublishPageRevisionAction(PublishPageRevisionAction):
    """Wagtail's publish, serialised on the page row and idempotent per revision."""

    def execute(self, skip_permission_checks=False):
        # Permission first: a refused user learns nothing from "already published".
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            live, live_revision_id = (
                Page.objects.select_for_update()
                .filter(pk=self.object.pk)
                .values_list("live", "live_revision_id")
                .get()
            )
            if live and live_revision_id == self.revision.pk:
                return None  # already published by a request that got the lock first
            if (
                self.object.go_live_at is not None
                and self.object.go_live_at > timezone.now()
                and Revision.objects.filter(
                    pk=self.revision.pk, approved_go_live_at=self.object.go_live_at
                ).exists()
            ):
                return None  # already scheduled for the same (future) moment
            return super().execute(skip_permission_checks=True)  # checked above


class RegisteredPublishMixin:
    """Page.publish() through the action registry, so every publish path gets the same action.

    Wagtail's Page.publish (used by revision.publish(), workflows, bulk actions and
    publish_scheduled) names PublishPageRevisionAction directly; API v3 asks the registry.
    """

    def publish(
        self,
        revision,
        user=None,
        changed=True,
        log_action=True,
        previous_revision=None,
        skip_permission_checks=False,
    ):
        action_class = action_registry.get_action_class(type(self), "publish")
        return action_class(
            revision,
            user=user,
            changed=changed,
            log_action=log_action,
            previous_revision=previous_revision,
        ).execute(skip_permission_checks=skip_permission_checks)


def serialise_admin_api_publish():
    """The admin API's publish action (/admin/api/main/pages/<id>/action/publish/) names the
    action class directly too; give it the registered one. Called from CmsConfig.ready()."""
    from wagtail.admin.api.actions.publish import PublishPageAPIAction
    from wagtail.admin.api.views import PagesAdminAPIViewSet

    class RegisteredPublishPageAPIAction(PublishPageAPIAction):
        def _action_from_data(self, instance, data):
            action = super()._action_from_data(instance, data)
            action_class = action_registry.get_action_class(type(action.object), "publish")
            return action_class(action.revision, user=action.user)

    PagesAdminAPIViewSet.actions = {
        **PagesAdminAPIViewSet.actions,
        "publish": RegisteredPublishPageAPIAction,
    }
