"""Who manages accounts and agencies in the admin site: a user holding the administrator role (and superusers).

The role, not a permission row someone must remember to grant, decides it: the demo's administrator and any
administrator created in the admin can manage users, their roles and agencies at once. Deleting stays with
superusers (people and agencies are kept for the record; an account is ended by making it inactive), and only a
superuser may grant superuser status or Django permissions. No case-data model is registered with the admin.
"""

from joinedup.accounts.models import Role

__all__ = ["AdministratorsManage", "is_administrator"]


def is_administrator(user) -> bool:
    return bool(user.is_active and getattr(user, "role", None) == Role.ADMINISTRATOR)


class AdministratorsManage:
    """ModelAdmin mixin: administrators may view, add and change (not delete) these records."""

    def has_module_permission(self, request):
        return is_administrator(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_administrator(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return is_administrator(request.user) or super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return is_administrator(request.user) or super().has_change_permission(request, obj)
