"""Permission policies shared by admin screens whose rows only the system creates and deletes."""

from wagtail.permission_policies import ModelPermissionPolicy


class ViewChangeOnlyPermissionPolicy(ModelPermissionPolicy):
    """View and change as the model permissions say; add and delete for nobody.

    For rows that come from elsewhere (an órgano's roles, a citizen's ticket): the admin
    hides the buttons and refuses the URLs, whatever permissions a group was given by hand.
    """

    def user_has_permission(self, user, action):
        if action in {"add", "delete"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
