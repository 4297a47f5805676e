from django.contrib import admin

from joinedup.accounts.admin_access import AdministratorsManage
from joinedup.agencies.models import Agency


@admin.register(Agency)
class AgencyAdmin(AdministratorsManage, admin.ModelAdmin):
    list_display = ["name", "code", "kind"]
