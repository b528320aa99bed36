"""The system administrator (a superuser) gives people their roles in each office here, on the membership list
and on each user's page; an office's own administrator does it for their office in the workspace."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from access.models import Membership


class SystemAdminOnly:
    """Roles are the system administrator's: no other account sees this page."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


@admin.register(Membership)
class MembershipAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ["user", "office", "role", "agency"]
    list_filter = ["office", "role"]
    list_select_related = ["user", "office", "agency"]
    search_fields = ["user__username", "user__email", "office__slug", "agency__name", "agency__short_name"]
    autocomplete_fields = ["user", "agency"]


class MembershipInline(SystemAdminOnly, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserWithRolesAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, MembershipInline]
