from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from joinedup.accounts.admin_access import AdministratorsManage
from joinedup.accounts.models import User

# only a superuser grants these: an administrator must not make themselves (or anyone) a superuser
SUPERUSER_ONLY = ("is_superuser", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(AdministratorsManage, BaseUserAdmin):
    """Administrators manage accounts here; no case-data model is registered with the admin site."""

    list_display = ["username", "first_name", "last_name", "agency", "role", "is_active"]
    list_filter = ["agency", "role", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + (("Agency and role", {"fields": ("agency", "team", "role", "job_title")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("Agency and role", {"fields": ("agency", "role")}),)

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else readonly + SUPERUSER_ONLY
