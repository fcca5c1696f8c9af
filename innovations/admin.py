"""Innovations in the admin: the staff's workspace, the reviewers' queue, workflow buttons, history.

Every permission question goes to accounts/permissions.py; the admin asks it through the
`has_*_permission` hooks and limits every queryset with `innovations_in_workspace`, so an
entry outside the user's scope is a 404 whichever URL is typed (change, delete, history,
revert, workflow). django-reversion keeps the history; its views are wrapped here because
the library itself checks no object permissions.
"""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from accounts import permissions
from innovations import completeness, duplicates, workflow
from innovations.forms import InnovationAdminForm, ProgressUpdateAdminForm, WorkflowActionForm
from innovations.models import (
    Document,
    Indicator,
    IndicatorValue,
    Innovation,
    Photo,
    ProgressUpdate,
    ReviewQueueEntry,
    StatusLog,
    Theme,
)
from operations.forms import FormGuardAdminMixin

# The history follows the parts staff edit with the entry; status log and progress updates are
# records of their own and are never rolled back with the content.
for _model in (Photo, Document, IndicatorValue):
    if not reversion.is_registered(_model):
        reversion.register(_model)
if not reversion.is_registered(Indicator):
    reversion.register(Indicator, follow=["values"])
if not reversion.is_registered(Innovation):
    reversion.register(Innovation, follow=["photos", "documents", "indicators"])

WORKFLOW_FIELDS = ("status", "submitted_at", "published_at")


class ScopedInlineMixin:
    """Inline rows of an entry may be changed exactly when the entry may be edited."""

    extra = 0

    def has_view_permission(self, request, obj=None):
        return obj is None or permissions.may_view_in_workspace(request.user, obj)

    def has_add_permission(self, request, obj=None):
        if obj is None:
            return permissions.may_create(request.user)
        return permissions.may_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


class PhotoInline(ScopedInlineMixin, admin.TabularInline):
    model = Photo
    fields = ["preview", "image", "caption", "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("pratinjau"))
    def preview(self, photo):
        if not photo.pk or not photo.image:
            return "-"
        return format_html('<img src="{}" alt="" class="admin-thumb" width="160" loading="lazy">',
                           photo.url_for(320))


class DocumentInline(ScopedInlineMixin, admin.TabularInline):
    model = Document
    fields = ["title", "file"]


class IndicatorInline(ScopedInlineMixin, admin.TabularInline):
    model = Indicator
    fields = ["name", "unit", "lower_is_better", "note", "position"]
    show_change_link = True
    verbose_name_plural = _("indikator dampak (nilai per periode diisi lewat tautan \"Ubah\" setelah disimpan)")


class ProgressUpdateInline(admin.TabularInline):
    """Read-only list on the entry; new updates go through the progress-update form."""

    model = ProgressUpdate
    extra = 0
    fields = ["date", "text", "status", "created_by"]
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")

    def has_view_permission(self, request, obj=None):
        return obj is None or permissions.may_view_in_workspace(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Innovation.Status.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(Innovation)
class InnovationAdmin(FormGuardAdminMixin, VersionAdmin):
    form = InnovationAdminForm
    list_display = ["title", "kecamatan", "theme", "status_badge", "updated_at"]
    list_filter = [StatusFilter, "stage", "form", "is_digital", "theme"]
    list_select_related = ["kecamatan", "theme"]
    search_fields = ["title", "summary", "unit"]
    search_help_text = _("Cari nama, ringkasan atau unit pelaksana.")
    list_per_page = 50
    show_full_result_count = False
    ordering = ["-updated_at", "-id"]
    inlines = [PhotoInline, DocumentInline, IndicatorInline, ProgressUpdateInline]
    readonly_fields = ["status", "submitted_at", "published_at", "created_by"]
    history_latest_first = True
    change_list_template = "admin/innovations/innovation/change_list.html"
    fieldsets = [
        (_("Identitas"), {"fields": ["title", "slug", "kecamatan", "desa", "unit", "theme", "form", "is_digital",
                                     "stage", "first_applied"]}),
        (_("Cerita inovasi"), {"fields": ["summary", "problem", "approach", "goals", "benefits", "partners",
                                          "development_plan"]}),
        (_("Anggaran"), {"fields": ["budget_source", "budget_amount"]}),
        (_("Kontak dan tautan"), {"fields": ["contact_office", "contact_email", "video_url", "adapted_from"]}),
        (_("Status"), {"fields": ["status", "submitted_at", "published_at", "created_by"]}),
    ]

    def view_on_site(self, obj):
        # Only a published entry has a public page; any other link would be a 404.
        return obj.get_absolute_url() if obj.status == Innovation.Status.PUBLISHED else None

    # --- Scope --------------------------------------------------------------------------------

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "autocomplete":
            # Choosing "adapted from": any published entry may be the example, plus one's own.
            return permissions.innovations_visible_to(request.user, qs)
        return permissions.innovations_in_workspace(request.user, qs)

    def get_object(self, request, object_id, from_field=None):
        """The entry inside the user's workspace, else 404 (not Django's redirect with a message)."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("Inovasi tidak ditemukan."))
        keep = getattr(request, "_keep_workflow", None)
        if keep is not None:
            # Reverting content never changes the workflow state: an old "published" stays history.
            for field, value in keep.items():
                setattr(obj, field, value)
        return obj

    def has_module_permission(self, request):
        return permissions.may_use_workspace(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return permissions.may_use_workspace(request.user)
        return permissions.may_view_in_workspace(request.user, obj)

    def has_add_permission(self, request):
        return permissions.may_create(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return permissions.may_create(request.user)
        return permissions.may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return permissions.may_create(request.user)
        return permissions.may_delete(request.user, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not permissions.is_admin(request.user):
            # The bulk delete checks no object permission; staff delete drafts one by one.
            actions.pop("delete_selected", None)
        return actions

    def get_autocomplete_fields(self, request):
        if permissions.is_admin(request.user):
            return ["kecamatan", "adapted_from"]
        return ["adapted_from"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "adapted_from":
            kwargs["queryset"] = permissions.innovations_visible_to(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not permissions.may_create(request.user, obj.kecamatan_id):
            raise PermissionDenied
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if getattr(request, "_recovering", False):
            StatusLog.objects.create(innovation=obj, actor=request.user, from_status=obj.status,
                                     to_status=obj.status, note=str(_("Dipulihkan dari riwayat perubahan.")))

    def delete_model(self, request, obj):
        self._keep_last_version(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._keep_last_version(request, queryset)
        super().delete_queryset(request, queryset)

    def _keep_last_version(self, request, objects):
        """Store the state right before deletion, so that even an entry never edited here (an
        import, the demo data) can be recovered."""
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(str(_("Sebelum dihapus.")))
            for obj in objects:
                reversion.add_to_revision(obj)

    # --- Lists --------------------------------------------------------------------------------

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return format_html('<span class="status status-{}">{}</span>', obj.status, obj.get_status_display())

    def changelist_view(self, request, extra_context=None):
        context = {"may_recover": permissions.may_recover(request.user, ""),
                   "queue_size": permissions.review_queue(request.user).count()
                   if permissions.is_reviewer(request.user) or permissions.is_admin(request.user) else None}
        context.update(extra_context or {})
        return super().changelist_view(request, context)

    # --- Change page: checklist, similar entries, workflow buttons ----------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        context = self.workflow_context(request, obj)
        context.update(extra_context or {})
        return super().change_view(request, object_id, form_url, context)

    def workflow_context(self, request, obj):
        user = request.user
        actions = [
            {"name": name, "label": workflow.LABELS[name], "note_required": workflow.note_required(name),
             "form": WorkflowActionForm(action=name, prefix=name),
             "url": reverse("admin:innovations_innovation_workflow", args=[obj.pk, name])}
            for name in workflow.available_actions(user, obj)
        ]
        logs = list(obj.status_logs.select_related("actor")[:10])
        decision = None
        if obj.status in (Innovation.Status.RETURNED, Innovation.Status.REJECTED):
            decision = next((log for log in logs if log.to_status == obj.status), None)
        items = completeness.checklist(obj)
        may_submit = any(a["name"] in ("submit", "resubmit") for a in actions)
        return {
            "workflow_actions": actions,
            "status_logs": logs,
            "decision": decision,
            "checklist": items,
            "missing": [item for item in items if not item.done],
            "percent_complete": completeness.percent_complete(obj, items),
            "similar": duplicates.similar_innovations(obj, user) if may_submit else [],
            "may_add_progress": permissions.may_add_progress(user, obj),
            "progress_add_url": reverse("admin:innovations_progressupdate_add") + f"?innovation={obj.pk}",
        }

    def get_urls(self):
        urls = [
            path("<path:object_id>/alur/<str:action>/", self.admin_site.admin_view(self.workflow_view),
                 name="innovations_innovation_workflow"),
        ]
        return urls + super().get_urls()

    def workflow_view(self, request, object_id, action):
        """One workflow button: GET shows the confirmation form, POST runs the transition."""
        if action not in workflow.TRANSITIONS:
            raise Http404
        obj = self.get_object(request, unquote(object_id))
        if action not in workflow.available_actions(request.user, obj):
            if not workflow.TRANSITIONS[action][3](request.user, obj):
                raise PermissionDenied
            messages.error(request, _("Tindakan ini tidak tersedia untuk status %(status)s.")
                           % {"status": obj.get_status_display()})
            return redirect("admin:innovations_innovation_change", obj.pk)
        form = WorkflowActionForm(request.POST if request.method == "POST" else None, action=action, prefix=action)
        similar = []
        if request.method == "POST" and form.is_valid():
            confirmed = form.cleaned_data["confirmed"]
            if action in ("submit", "resubmit") and not confirmed:
                similar = duplicates.similar_innovations(obj, request.user)
            if not similar:
                try:
                    workflow.perform(action, obj, request.user, form.cleaned_data["note"])
                except workflow.NotAllowed as exc:
                    raise PermissionDenied from exc
                except workflow.WorkflowError as exc:
                    messages.error(request, exc.message)
                    return redirect("admin:innovations_innovation_change", obj.pk)
                messages.success(request, _("%(action)s: selesai. Status sekarang %(status)s.") % {
                    "action": workflow.LABELS[action], "status": obj.get_status_display()})
                if permissions.may_view_in_workspace(request.user, obj):
                    return redirect("admin:innovations_innovation_change", obj.pk)
                return redirect("admin:innovations_innovation_changelist")
            form = WorkflowActionForm(initial={"note": form.cleaned_data["note"], "confirmed": True},
                                      action=action, prefix=action)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "title": workflow.LABELS[action],
            "action": action,
            "action_label": workflow.LABELS[action],
            "form": form,
            "similar": similar,
            "missing": completeness.missing(obj) if action in ("submit", "resubmit") else [],
        }
        return TemplateResponse(request, "admin/innovations/innovation/workflow_confirm.html", context)

    # --- History and recovery, inside the same scope ------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if not permissions.may_view_in_workspace(request.user, obj):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def _version_of(self, request, object_id, version_id):
        versions = Version.objects.get_for_object_reference(Innovation, object_id)
        version = versions.filter(pk=version_id).first()
        if version is None:
            raise Http404(_("Versi tidak ditemukan."))
        return version

    def revision_view(self, request, object_id, version_id, extra_context=None):
        object_id = unquote(object_id)
        obj = self.get_object(request, object_id)
        if not permissions.may_revert(request.user, obj):
            raise PermissionDenied
        version = self._version_of(request, object_id, version_id)
        old_kecamatan = version._object_version.object.kecamatan_id
        if not permissions.may_create(request.user, old_kecamatan):
            raise PermissionDenied
        request._keep_workflow = {field: getattr(obj, field) for field in WORKFLOW_FIELDS}
        return super().revision_view(request, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not permissions.may_recover(request.user, ""):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        version = Version.objects.get_deleted(Innovation).filter(pk=version_id).first()
        if version is None:
            raise Http404(_("Inovasi terhapus tidak ditemukan."))
        if not permissions.may_recover(request.user, version._object_version.object.kecamatan_id):
            raise PermissionDenied
        if request.method == "POST":
            request._recovering = True
        return super().recover_view(request, version_id, extra_context)


@admin.register(ReviewQueueEntry)
class ReviewQueueAdmin(admin.ModelAdmin):
    """Submitted entries inside the reviewer's scope, oldest first; each opens the entry's page."""

    list_display = ["entry", "region", "submitted_at", "waiting", "pending_progress"]
    list_display_links = None
    list_select_related = ["kecamatan", "kabupaten"]
    search_fields = ["title", "summary"]
    list_per_page = 50
    show_full_result_count = False
    actions = None
    change_list_template = "admin/innovations/reviewqueueentry/change_list.html"

    def get_queryset(self, request):
        qs = permissions.review_queue(request.user, super().get_queryset(request))
        return qs.annotate(pending=Count("progress_updates",
                                         filter=Q(progress_updates__status=ProgressUpdate.Status.PENDING)))

    def has_module_permission(self, request):
        return permissions.is_reviewer(request.user) or permissions.is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:innovations_innovation_change", unquote(object_id))

    @admin.display(description=_("inovasi"), ordering="title")
    def entry(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:innovations_innovation_change", args=[obj.pk]),
                           obj.title)

    @admin.display(description=_("wilayah"), ordering="kecamatan_id")
    def region(self, obj):
        return format_html("{}<br><small>{}</small>", obj.kecamatan, obj.kabupaten)

    @admin.display(description=_("menunggu"), ordering="submitted_at")
    def waiting(self, obj):
        if not obj.submitted_at:
            return "-"
        days = (timezone.now() - obj.submitted_at).days
        return _("%(days)s hari") % {"days": days}

    @admin.display(description=_("perkembangan baru"), ordering="pending")
    def pending_progress(self, obj):
        return obj.pending


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 1
    fields = ["period", "value", "approximate"]

    def _may_edit(self, request, obj):
        return obj is not None and permissions.may_edit(request.user, obj.innovation)

    def has_view_permission(self, request, obj=None):
        return obj is not None and permissions.may_view_in_workspace(request.user, obj.innovation)

    def has_add_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request, obj)


class PartOfInnovationAdminMixin:
    """Rows that belong to an innovation: only those of entries in the user's workspace; others are a 404."""

    def get_queryset(self, request):
        allowed = permissions.innovations_in_workspace(request.user).values("pk")
        return super().get_queryset(request).filter(innovation__in=allowed)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj


@admin.register(Indicator)
class IndicatorAdmin(PartOfInnovationAdminMixin, VersionAdmin):
    """An indicator with its values per period; reached from the entry's "indikator dampak" rows."""

    list_display = ["name", "unit", "innovation", "lower_is_better"]
    list_select_related = ["innovation"]
    fields = ["innovation", "name", "unit", "lower_is_better", "note", "position"]
    readonly_fields = ["innovation"]
    inlines = [IndicatorValueInline]

    def has_module_permission(self, request):
        return False

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return permissions.may_use_workspace(request.user)
        return permissions.may_view_in_workspace(request.user, obj.innovation)

    def has_add_permission(self, request):
        return False  # indicators are added on the entry's page

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return permissions.may_create(request.user)
        return permissions.may_edit(request.user, obj.innovation)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        raise PermissionDenied  # history is restored through the whole entry

    def recover_view(self, request, version_id, extra_context=None):
        raise PermissionDenied

    def recoverlist_view(self, request, extra_context=None):
        raise PermissionDenied


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(PartOfInnovationAdminMixin, admin.ModelAdmin):
    """Dated progress notes: staff add them to submitted or published entries, reviewers decide."""

    form = ProgressUpdateAdminForm
    list_display = ["innovation", "date", "excerpt", "status", "created_by"]
    list_filter = ["status"]
    list_select_related = ["innovation", "created_by"]
    readonly_fields = ["status", "created_by", "reviewed_by"]
    search_fields = ["innovation__title", "text"]
    actions = ["approve_selected", "reject_selected"]

    def has_module_permission(self, request):
        return permissions.may_use_workspace(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return permissions.may_use_workspace(request.user)
        return permissions.may_view_in_workspace(request.user, obj.innovation)

    def has_add_permission(self, request):
        return permissions.may_create(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # decisions go through the actions, the text stays as written

    def has_delete_permission(self, request, obj=None):
        return permissions.is_admin(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "innovation":
            kwargs["queryset"] = permissions.innovations_in_workspace(request.user).filter(
                status__in=[Innovation.Status.SUBMITTED, Innovation.Status.PUBLISHED])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        try:
            created = workflow.add_progress_update(obj.innovation, request.user, obj.date, obj.text)
        except workflow.NotAllowed as exc:
            raise PermissionDenied from exc
        obj.pk, obj.status, obj.created_by = created.pk, created.status, created.created_by
        obj._state.adding = False

    @admin.display(description=_("perkembangan"))
    def excerpt(self, obj):
        return obj.text[:80]

    def _decide(self, request, queryset, decide, done_message):
        done = 0
        for update in queryset.select_related("innovation"):
            try:
                decide(update, request.user)
                done += 1
            except workflow.WorkflowError as exc:
                messages.warning(request, f"{update}: {exc.message}")
        if done:
            messages.success(request, done_message % {"count": done})

    @admin.action(description=_("Setujui perkembangan terpilih"))
    def approve_selected(self, request, queryset):
        self._decide(request, queryset, workflow.approve_progress_update, _("%(count)s perkembangan disetujui."))

    @admin.action(description=_("Tolak perkembangan terpilih"))
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, workflow.reject_progress_update, _("%(count)s perkembangan ditolak."))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not (permissions.is_reviewer(request.user) or permissions.is_admin(request.user)):
            actions.pop("approve_selected", None)
            actions.pop("reject_selected", None)
        return actions


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def has_module_permission(self, request):
        return permissions.is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        # Everyone in the workspace picks a theme; only administrators curate the list.
        return permissions.may_use_workspace(request.user)

    def has_add_permission(self, request):
        return permissions.is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.is_admin(request.user)
