from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from joinedup.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Administrators manage accounts here; no case-data model is registered with the admin site."""

    list_display = ["username", "first_name", "last_name", "agency", "role", "is_active"]
    list_filter = ["agency", "role", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + (("Agency and role", {"fields": ("agency", "team", "role", "job_title")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("Agency and role", {"fields": ("agency", "role")}),)
