"""Users and their role assignments in the admin: administrators only."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import Http404

from accounts import permissions
from accounts.models import RoleAssignment

User = get_user_model()


class AdministratorsOnly:
    """Asked of the permission module, not of Django's per-model permissions."""

    def has_module_permission(self, request):
        return permissions.is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_admin(request.user)

    def has_add_permission(self, request, *args):
        return permissions.is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.is_admin(request.user)


class RoleAssignmentInline(AdministratorsOnly, admin.TabularInline):
    model = RoleAssignment
    extra = 1
    fields = ["role", "region_code"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["user", "role", "region_code", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email", "region_code"]
    autocomplete_fields = ["user"]


admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(AdministratorsOnly, UserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_superuser"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        # A portal administrator cannot take over a superuser's account (password, e-mail).
        return qs if request.user.is_superuser else qs.filter(is_superuser=False)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # A portal administrator manages roles; only a superuser hands out superuser rights.
            fields += ["is_superuser", "groups", "user_permissions"]
        return fields
