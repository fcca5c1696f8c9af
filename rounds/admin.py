"""Admin of award rounds for the organiser: the round's set-up (rubric, stages, jurors); state changes go through
the round's dashboard (rounds/services.py), never through these forms.

Every permission question goes to accounts/permissions.py (editors and administrators organise rounds).
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from rounds import services
from rounds.forms import CriterionFormSet
from rounds.models import DEFAULT_STAGES, Criterion, JurorAssignment, Round, RoundLog, RoundStage


class OrganiserOnly:
    def has_module_permission(self, request):
        return permissions.may_manage_round(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.may_manage_round(request.user)

    def has_add_permission(self, request, obj=None):
        return permissions.may_manage_round(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.may_manage_round(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.may_manage_round(request.user)


class SetupOnlyInline(OrganiserOnly):
    """Rubric and stages are fixed once entries open: scores and shortlists depend on them."""

    def _editable(self, request, obj):
        return permissions.may_manage_round(request.user) and (obj is None or obj.status == Round.Status.DRAFT)

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj)


class CriterionInline(SetupOnlyInline, admin.TabularInline):
    model = Criterion
    formset = CriterionFormSet
    extra = 0
    fields = ["position", "name", "weight", "description"]


class RoundStageInline(SetupOnlyInline, admin.TabularInline):
    model = RoundStage
    extra = 0
    fields = ["position", "kind"]


class JurorAssignmentInline(OrganiserOnly, admin.TabularInline):
    model = JurorAssignment
    extra = 0
    fields = ["user", "kecamatan_code", "kabupaten_code", "categories"]
    raw_id_fields = ["user"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "categories":
            round_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = db_field.related_model.objects.filter(competition__rounds__pk=round_id)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Round)
class RoundAdmin(OrganiserOnly, admin.ModelAdmin):
    list_display = ["name", "competition", "entry_deadline", "status", "dashboard_link"]
    list_filter = ["status"]
    search_fields = ["name", "competition__name"]
    readonly_fields = ["status", "scores_closed_at", "published_at", "dashboard_link"]
    fields = ["competition", "name", "slug", "entry_deadline", "status", "scores_closed_at", "published_at",
              "dashboard_link"]
    inlines = [CriterionInline, RoundStageInline, JurorAssignmentInline]
    list_select_related = ["competition"]

    @admin.display(description=_("dasbor"))
    def dashboard_link(self, obj):
        if not obj.pk:
            return "-"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Buka dasbor putaran"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        round_ = form.instance
        if not round_.stages.exists():
            RoundStage.objects.bulk_create(RoundStage(round=round_, kind=kind, position=i)
                                           for i, kind in enumerate(DEFAULT_STAGES))
        changed = [str(formset.model._meta.verbose_name_plural) for formset in formsets if formset.has_changed()]
        if form.has_changed() or changed or not change:
            services.record_setup(round_, request.user, ", ".join(
                ([str(_("data putaran"))] if form.has_changed() else []) + changed))


@admin.register(RoundLog)
class RoundLogAdmin(OrganiserOnly, admin.ModelAdmin):
    list_display = ["created_at", "round", "action", "actor", "entry", "detail"]
    list_filter = ["action", "round"]
    list_select_related = ["round", "actor", "entry__innovation"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
