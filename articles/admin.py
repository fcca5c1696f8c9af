"""Articles in the admin: written by editors and administrators only (accounts.permissions)."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from articles.models import Article
from awards.admin import EditorialPermissionMixin


@admin.register(Article)
class ArticleAdmin(EditorialPermissionMixin, VersionAdmin):
    list_display = ["title", "status", "published_at", "is_featured", "source_name"]
    list_filter = ["status", "is_featured"]
    search_fields = ["title", "summary"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["innovations", "competitions", "provinsi", "kabupaten", "kecamatan", "desa"]
    readonly_fields = ["author"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Gambar sampul"), {"fields": ["cover", "cover_alt"]}),
        (_("Sumber"), {"fields": ["source_name", "source_url"],
                       "description": _("Untuk berita yang dikutip dari media atau lembaga lain.")}),
        (_("Penerbitan"), {"fields": ["status", "published_at", "is_featured", "author"]}),
        (_("Tautan"), {"fields": ["innovations", "competitions", "provinsi", "kabupaten", "kecamatan", "desa"]}),
    ]

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)
