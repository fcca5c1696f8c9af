"""Pages of award rounds: my rounds, the organiser's dashboard, the staff's entry form and the juror's scoring page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from rounds import selectors, services
from rounds.forms import (
    AdminCheckForm,
    CloseScoresForm,
    EntryForm,
    FieldVisitForm,
    PublishForm,
    ScoreForm,
    ShortlistForm,
)
from rounds.models import Entry, Round, RoundStage


def _form_errors(form):
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
def index(request):
    """Everything round-related for this user: rounds to organise, to judge, to enter, and own entries."""
    user = request.user
    context = {
        "organised": list(selectors.rounds_for_organiser(user)),
        "judged": list(selectors.juror_rounds(user)),
        "open_rounds": list(selectors.open_rounds()) if permissions.staff_kecamatan_codes(user) else [],
        "my_entries": list(selectors.entries_of_entrant(user)),
    }
    return render(request, "rounds/index.html", context)


# --- Organiser ----------------------------------------------------------------------------------

@login_required
def dashboard(request, slug):
    round_ = selectors.organiser_round(request.user, slug)
    consolidation = selectors.consolidate(round_)
    stages = selectors.entries_by_stage(round_)
    shortlistable = round_.status == Round.Status.JUDGING
    for stage in stages:
        stage.can_shortlist = (shortlistable and stage.kind != RoundStage.Kind.ADMINISTRATIVE
                               and stage.shortlisted_at is None and stage.next is not None
                               and any(e.admin_status == Entry.AdminStatus.PASSED for e in stage.entry_list))
    context = {
        "round": round_,
        "stages": stages,
        "consolidation": consolidation,
        "checking": round_.status in (Round.Status.OPEN, Round.Status.JUDGING),
        "close_form": CloseScoresForm(),
        "publish_form": PublishForm(),
        "admin_form": AdminCheckForm(),
        "log": selectors.round_log(round_),
        "spread_warning": selectors.SPREAD_WARNING,
    }
    return render(request, "rounds/dashboard.html", context)


def _organiser_action(request, slug, action):
    round_ = selectors.organiser_round(request.user, slug)
    try:
        action(round_)
    except services.RoundError as error:
        messages.error(request, error.message)
    return redirect("rounds:dashboard", slug=round_.slug)


@login_required
@require_POST
def open_round(request, slug):
    def act(round_):
        services.open_round(round_, request.user)
        messages.success(request, _("Pendaftaran dibuka."))
    return _organiser_action(request, slug, act)


@login_required
@require_POST
def start_judging(request, slug):
    def act(round_):
        services.start_judging(round_, request.user)
        messages.success(request, _("Pendaftaran ditutup; juri dapat mulai menilai."))
    return _organiser_action(request, slug, act)


@login_required
@require_POST
def close_scores(request, slug):
    form = CloseScoresForm(request.POST)
    form.is_valid()

    def act(round_):
        services.close_scores(round_, request.user, accept_missing=form.cleaned_data.get("accept_missing", False))
        messages.success(request, _("Nilai ditutup. Perubahan nilai berikutnya akan ditolak."))
    return _organiser_action(request, slug, act)


@login_required
@require_POST
def publish(request, slug):
    form = PublishForm(request.POST)
    form.is_valid()

    def act(round_):
        services.publish_results(round_, request.user, accept_ties=form.cleaned_data.get("accept_ties", False))
        messages.success(request, _("Hasil diumumkan dan tampil di halaman penghargaan."))
    return _organiser_action(request, slug, act)


@login_required
@require_POST
def admin_check(request, slug, entry_id):
    def act(round_):
        entry = get_object_or_404(Entry, round=round_, pk=entry_id)
        form = AdminCheckForm(request.POST)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return
        services.check_administration(entry, request.user, form.cleaned_data["decision"] == "lolos",
                                      form.cleaned_data["reason"])
        messages.success(request, _("Pemeriksaan administrasi %(entry)s disimpan.") % {"entry": entry.innovation})
    return _organiser_action(request, slug, act)


@login_required
@require_POST
def shortlist(request, slug, stage_id):
    def act(round_):
        stage = get_object_or_404(RoundStage, round=round_, pk=stage_id)
        form = ShortlistForm(request.POST, stage=stage)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return
        following = services.shortlist(stage, request.user, form.cleaned_data["entries"])
        messages.success(request, _("%(count)s peserta lolos ke tahap %(stage)s.")
                         % {"count": len(form.cleaned_data["entries"]), "stage": following})
    return _organiser_action(request, slug, act)


# --- Staff: entering an innovation -------------------------------------------------------------

@login_required
def enter(request, slug):
    codes = permissions.staff_kecamatan_codes(request.user)
    if not codes:
        raise PermissionDenied(_("Hanya staf kecamatan yang dapat mendaftarkan inovasi."))
    round_ = selectors.open_round_for_entry(slug)
    form = EntryForm(request.POST or None, round_=round_, kecamatan_codes=codes)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.enter_innovation(round_, request.user, form.cleaned_data["innovation"],
                                              form.cleaned_data["category"])
        except services.RoundError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(innovation)s terdaftar di %(round)s. Hasil pemeriksaan administrasi "
                                        "akan tampil di halaman ini.") % {"innovation": entry.innovation,
                                                                          "round": round_})
            return redirect("rounds:index")
    return render(request, "rounds/enter.html", {"round": round_, "form": form,
                                                 "has_innovations": form.fields["innovation"].queryset.exists()})


# --- Jurors -------------------------------------------------------------------------------------

@login_required
def juror_list(request, slug):
    round_, assignment = selectors.juror_round(request.user, slug)
    entries = selectors.juror_entries(assignment)
    return render(request, "rounds/juror_list.html", {"round": round_, "entries": entries,
                                                       "criteria_count": len(round_.criteria.all())})


def _neighbours(assignment, entry):
    """Position of the entry among the juror's scorable entries, and the ones before and after it."""
    scorable = [e for e in selectors.juror_entries(assignment) if not e.conflict]
    index = next((i for i, e in enumerate(scorable) if e.pk == entry.pk), 0)
    return {"position": index + 1, "count": len(scorable),
            "previous": scorable[index - 1] if index > 0 else None,
            "next": scorable[index + 1] if index + 1 < len(scorable) else None}


def _score_context(round_, assignment, entry, form, visit_form):
    closed = round_.status in (Round.Status.CLOSED, Round.Status.PUBLISHED)
    context = {
        "round": round_, "entry": entry, "form": form, "visit_form": visit_form,
        **_neighbours(assignment, entry),
        "visits": selectors.field_visits(entry),
        "visit_open": round_.scores_open and entry.stage.kind == RoundStage.Kind.FIELD_VISIT,
        "closed": closed,
    }
    if closed:
        # Only once the scores are closed may a juror see the whole jury's totals for the entry.
        row = next((r for group in selectors.consolidate(round_).categories for r in group.rows
                    if r.entry.pk == entry.pk), None)
        context["jury_row"] = row
    return context


@login_required
def score(request, slug, entry_id):
    round_, assignment = selectors.juror_round(request.user, slug)
    entry = selectors.juror_entry(assignment, entry_id)
    if not permissions.may_score(request.user, assignment, entry, assignment.category_ids):
        raise PermissionDenied(_("Konflik kepentingan: Anda tidak boleh menilai peserta ini."))
    criteria = list(round_.criteria.all())
    note, values = selectors.own_scorecard(assignment, entry)
    disabled = not round_.scores_open
    form = ScoreForm(request.POST or None, criteria=criteria, values=values, initial={"note": note},
                     disabled=disabled)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_scores(entry, request.user, form.values(), form.cleaned_data["note"])
        except services.RoundError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Nilai %(entry)s disimpan.") % {"entry": entry.innovation})
            following = _neighbours(assignment, entry)["next"] if request.POST.get("after") == "next" else None
            return redirect("rounds:score", slug=round_.slug, entry_id=(following or entry).pk)
    return render(request, "rounds/score.html", _score_context(round_, assignment, entry, form, FieldVisitForm()))


@login_required
@require_POST
def field_visit(request, slug, entry_id):
    round_, assignment = selectors.juror_round(request.user, slug)
    entry = selectors.juror_entry(assignment, entry_id)
    if not permissions.may_score(request.user, assignment, entry, assignment.category_ids):
        raise PermissionDenied(_("Konflik kepentingan: Anda tidak boleh menilai peserta ini."))
    visit_form = FieldVisitForm(request.POST)
    if visit_form.is_valid():
        try:
            services.record_field_visit(entry, request.user, visit_form.cleaned_data["visit_date"],
                                        visit_form.cleaned_data["findings"])
        except services.RoundError as error:
            visit_form.add_error(None, error.message)
        else:
            messages.success(request, _("Kunjungan lapangan dicatat."))
            return redirect("rounds:score", slug=round_.slug, entry_id=entry.pk)
    criteria = list(round_.criteria.all())
    note, values = selectors.own_scorecard(assignment, entry)
    form = ScoreForm(criteria=criteria, values=values, initial={"note": note}, disabled=not round_.scores_open)
    return render(request, "rounds/score.html", _score_context(round_, assignment, entry, form, visit_form),
                  status=400)
