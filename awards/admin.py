"""Competitions and results in the admin: editors and administrators only (accounts.permissions)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from accounts.permissions import is_editor
from awards.models import AssessmentStage, Category, Competition, Result


class EditorialPermissionMixin:
    """Editors and administrators manage editorial content; staff and reviewers see nothing of it,
    not even the add or change pages (the admin answers 403)."""

    def has_module_permission(self, request):
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user)

    def has_add_permission(self, request, obj=None):
        return is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        return is_editor(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_editor(request.user)


class CategoryInline(EditorialPermissionMixin, admin.TabularInline):
    model = Category
    extra = 0
    fields = ["position", "name"]


class AssessmentStageInline(EditorialPermissionMixin, admin.StackedInline):
    model = AssessmentStage
    extra = 0
    fields = ["kind", "name", ("start_date", "end_date"), "region_code", "conducted_by", "note"]


@admin.register(Competition)
class CompetitionAdmin(EditorialPermissionMixin, VersionAdmin):
    list_display = ["name", "short_name", "level", "year", "organizer"]
    list_filter = ["level", "year"]
    search_fields = ["name", "short_name", "organizer"]
    inlines = [CategoryInline, AssessmentStageInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "description"]}),
        (_("Penyelenggara"), {"fields": ["organizer", "organizer_region_code", "level"]}),
        (_("Waktu"), {"fields": ["year", ("start_date", "end_date"), "ceremony_date"]}),
    ]


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # "Kecamatan" alone is ambiguous across competitions.
        return f"{obj.competition.short_name or obj.competition.name} · {obj.name}"


@admin.register(Result)
class ResultAdmin(EditorialPermissionMixin, VersionAdmin):
    list_display = ["recipient_label", "rank", "category", "competition_label", "kecamatan"]
    list_filter = ["category__competition", "rank", "recipient_kind"]
    list_select_related = ["category__competition", "kecamatan", "desa"]
    search_fields = ["unit_name", "kecamatan__name", "desa__name", "category__competition__name",
                     "category__competition__short_name"]
    autocomplete_fields = ["kecamatan", "desa", "innovation"]
    fields = ["category", "rank", "recipient_kind", "kecamatan", "desa", "unit_name", "innovation"]
    list_per_page = 50

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "category":
            kwargs["form_class"] = CategoryChoiceField
            kwargs["queryset"] = Category.objects.select_related("competition").order_by(
                "-competition__year", "competition__name", "position", "id")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("penerima"))
    def recipient_label(self, obj):
        return obj.recipient_name

    @admin.display(description=_("kompetisi"), ordering="category__competition__year")
    def competition_label(self, obj):
        return obj.category.competition
