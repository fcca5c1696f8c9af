"""Log-in lock-outs in the admin for portal administrators: see who is locked, unlock by deleting the row."""

from axes.admin import AccessAttemptAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin

from accounts import permissions


class AdministratorsOnly:
    """Portal administrators (role or superuser) may look and unlock; nobody adds or edits records."""

    def has_module_permission(self, request):
        return permissions.is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting a failed-attempt row is how django-axes lifts a lock-out.
        return permissions.is_admin(request.user)


# django-axes registers its own admin (before this app in INSTALLED_APPS); replace it with the scoped one.
for model, model_admin in ((AccessAttempt, AccessAttemptAdmin), (AccessLog, AccessLogAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, type(model_admin.__name__, (AdministratorsOnly, model_admin), {}))
