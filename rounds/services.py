"""Every state change of an award round: one function each, with its permission check, row locks and log row.

    persiapan --open--> pendaftaran --start_judging--> penilaian --close_scores--> nilai ditutup
        --publish_results--> diumumkan

Each function asks accounts/permissions.py, locks the round row (select_for_update) so that two
organisers or a juror and the organiser cannot act on a stale state, checks the state on the locked
row, writes, and adds a RoundLog row in the same transaction. Errors carry an Indonesian message
that the pages show as it is.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import permissions
from awards.models import Result
from regions.models import parent_code
from rounds import selectors
from rounds.models import (
    SCORE_MAX,
    SCORE_MIN,
    Entry,
    FieldVisit,
    JurorAssignment,
    Round,
    RoundLog,
    RoundStage,
    Score,
    Scorecard,
    validate_weights,
)

A = RoundLog.Action
S = Round.Status


class RoundError(Exception):
    """An action that cannot happen; `message` is shown to the user as it is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(RoundError, PermissionDenied):
    """The user's role or scope does not allow it."""


class WrongState(RoundError):
    """The round or entry is not in a state that allows it (perhaps someone acted a moment earlier)."""


def _log(round_, actor, action, entry=None, detail=""):
    return RoundLog.objects.create(round=round_, actor=actor, action=action, entry=entry, detail=detail)


def _lock(round_):
    return Round.objects.select_for_update().get(pk=round_.pk)


def _require_organiser(user):
    if not permissions.may_manage_round(user):
        raise NotAllowed(_("Hanya editor atau administrator penyelenggara yang boleh melakukan ini."))


def _require_status(locked, *statuses):
    if locked.status not in statuses:
        raise WrongState(_("Tindakan ini tidak bisa dilakukan: status putaran sekarang “%(status)s”.")
                         % {"status": locked.get_status_display()})


def record_setup(round_, user, detail):
    """The organiser changed the round's set-up (rubric, stages, jurors) in the admin."""
    _require_organiser(user)
    return _log(round_, user, A.SETUP, detail=detail)


def open_round(round_, user):
    """Open entries: the rubric must weigh 100 %, the stages start with the administrative check."""
    _require_organiser(user)
    with transaction.atomic():
        locked = _lock(round_)
        _require_status(locked, S.DRAFT)
        try:
            validate_weights(locked.criteria.values_list("weight", flat=True))
        except ValidationError as error:
            raise WrongState(" ".join(error.messages)) from error
        kinds = list(locked.stages.values_list("kind", flat=True))
        if len(kinds) < 2 or kinds[0] != RoundStage.Kind.ADMINISTRATIVE:
            raise WrongState(_("Putaran memerlukan tahap pemeriksaan administrasi sebagai tahap pertama "
                               "dan sedikitnya satu tahap penilaian sesudahnya."))
        if not locked.competition.categories.exists():
            raise WrongState(_("Kompetisi ini belum memiliki kategori."))
        if locked.entry_deadline <= timezone.now():
            raise WrongState(_("Batas pendaftaran sudah lewat; ubah dulu batas pendaftarannya."))
        locked.status = S.OPEN
        locked.save(update_fields=["status"])
        _log(locked, user, A.OPENED)
    round_.status = locked.status
    return round_


def enter_innovation(round_, user, innovation, category):
    """Staff enter a published innovation of their kecamatan into an open round before the deadline."""
    if not permissions.may_enter_innovation(user, innovation):
        raise NotAllowed(_("Hanya staf kecamatan yang boleh mendaftarkan inovasi terbit dari kecamatannya."))
    with transaction.atomic():
        locked = _lock(round_)
        if locked.status != S.OPEN:
            raise WrongState(_("Pendaftaran putaran ini tidak sedang dibuka."))
        if not locked.accepts_entries(timezone.now()):
            raise WrongState(_("Pendaftaran sudah ditutup pada %(deadline)s.")
                             % {"deadline": date_format(timezone.localtime(locked.entry_deadline),
                                                        "DATETIME_FORMAT")})
        if category.competition_id != locked.competition_id:
            raise WrongState(_("Kategori ini bukan kategori kompetisi putaran ini."))
        if Entry.objects.filter(round=locked, innovation=innovation).exists():
            raise WrongState(_("Inovasi ini sudah terdaftar di putaran ini."))
        first_stage = locked.stages.order_by("position", "id").first()
        try:
            with transaction.atomic():
                entry = Entry.objects.create(
                    round=locked, category=category, innovation=innovation, kecamatan_id=innovation.kecamatan_id,
                    kabupaten_code=parent_code(innovation.kecamatan_id), stage=first_stage,
                    submitted_by=user)
        except IntegrityError as error:
            raise WrongState(_("Inovasi ini sudah terdaftar di putaran ini.")) from error
        _log(locked, user, A.ENTERED, entry, detail=str(category))
    return entry


def check_administration(entry, user, passed, reason=""):
    """The organiser passes an entry (it moves on to the next stage) or fails it with a reason the entrant sees."""
    _require_organiser(user)
    reason = (reason or "").strip()
    if not passed and not reason:
        raise RoundError(_("Tuliskan alasan tidak lolos: peserta perlu tahu apa yang kurang."))
    with transaction.atomic():
        locked_round = _lock(entry.round)
        _require_status(locked_round, S.OPEN, S.JUDGING)
        locked = Entry.objects.select_for_update().select_related("stage").get(pk=entry.pk)
        if locked.admin_status != Entry.AdminStatus.PENDING:
            raise WrongState(_("Pemeriksaan administrasi peserta ini sudah diputuskan."))
        if passed:
            locked.admin_status = Entry.AdminStatus.PASSED
            locked.stage = selectors.next_stage(locked.stage)
        else:
            locked.admin_status = Entry.AdminStatus.FAILED
        locked.admin_reason = "" if passed else reason
        locked.save(update_fields=["admin_status", "admin_reason", "stage"])
        _log(locked_round, user, A.ADMIN_PASSED if passed else A.ADMIN_FAILED, locked, detail=locked.admin_reason)
    return locked


def start_judging(round_, user):
    """Close entries and open scoring to the jurors."""
    _require_organiser(user)
    with transaction.atomic():
        locked = _lock(round_)
        _require_status(locked, S.OPEN)
        locked.status = S.JUDGING
        locked.save(update_fields=["status"])
        _log(locked, user, A.JUDGING_STARTED)
    round_.status = locked.status
    return round_


def shortlist(stage, user, entries):
    """Move the chosen entries of an assessment stage on to the next stage; the others stop here.

    A stage is shortlisted once: that decision is what the jurors and the entrants then rely on."""
    _require_organiser(user)
    entry_ids = {entry.pk for entry in entries}
    if not entry_ids:
        raise RoundError(_("Pilih sedikitnya satu peserta yang lolos ke tahap berikutnya."))
    with transaction.atomic():
        locked_round = _lock(stage.round)
        _require_status(locked_round, S.JUDGING)
        locked = RoundStage.objects.select_for_update().get(pk=stage.pk)
        if locked.kind == RoundStage.Kind.ADMINISTRATIVE:
            raise WrongState(_("Tahap administrasi disaring lewat pemeriksaan administrasi tiap peserta."))
        if locked.shortlisted_at is not None:
            raise WrongState(_("Tahap ini sudah disaring."))
        following = selectors.next_stage(locked)
        if following == locked:
            raise WrongState(_("Ini tahap terakhir; tidak ada tahap berikutnya."))
        chosen = Entry.objects.select_for_update().filter(
            pk__in=entry_ids, stage=locked, admin_status=Entry.AdminStatus.PASSED)
        if chosen.count() != len(entry_ids):
            raise WrongState(_("Sebagian peserta yang dipilih tidak berada di tahap ini."))
        names = ", ".join(sorted(str(e.innovation) for e in chosen.select_related("innovation")))
        chosen.update(stage=following)
        locked.shortlisted_at = timezone.now()
        locked.save(update_fields=["shortlisted_at"])
        _log(locked_round, user, A.SHORTLISTED,
             detail=_("%(stage)s \u2192 %(next)s: %(names)s") % {"stage": locked, "next": following, "names": names})
    return following


def _juror_in_scope(locked_round, user, entry):
    """The user's assignment to the round, refusing anyone who may not score this entry."""
    assignment = selectors.juror_assignment(user, locked_round)
    if assignment is None:
        raise NotAllowed(_("Anda bukan juri putaran ini."))
    if assignment.has_conflict(entry):
        raise NotAllowed(_("Anda berasal dari kecamatan atau kabupaten/kota yang sama dengan peserta ini "
                           "(konflik kepentingan), sehingga tidak boleh menilainya."))
    if not permissions.may_score(user, assignment, entry, assignment.category_ids):
        raise NotAllowed(_("Peserta ini tidak ditugaskan kepada Anda."))
    return assignment


def _scores_open(locked_round):
    if locked_round.status in (S.CLOSED, S.PUBLISHED):
        raise WrongState(_("Nilai putaran ini sudah ditutup; perubahan nilai ditolak."))
    _require_status(locked_round, S.JUDGING)


def save_scores(entry, user, values, note=""):
    """A juror saves their scores of one entry: `values` maps criterion id to a whole number on the
    scale or None (not scored yet; a partly filled card counts as missing until complete)."""
    with transaction.atomic():
        locked_round = _lock(entry.round)
        _scores_open(locked_round)
        locked = Entry.objects.select_for_update().select_related("stage").get(pk=entry.pk)
        assignment = _juror_in_scope(locked_round, user, locked)
        if not locked.in_running:
            raise WrongState(_("Peserta ini tidak lagi dinilai (tidak lolos ke tahap sekarang)."))
        criteria = {c.pk: c for c in locked_round.criteria.all()}
        unknown = set(values) - set(criteria)
        if unknown:
            raise RoundError(_("Kriteria tidak dikenal di putaran ini."))
        for criterion_id, value in values.items():
            if value is not None and (not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX):
                raise RoundError(_("Nilai “%(criterion)s” harus bilangan bulat %(min)s sampai %(max)s.")
                                 % {"criterion": criteria[criterion_id].name, "min": SCORE_MIN, "max": SCORE_MAX})
        card, _created = Scorecard.objects.get_or_create(entry=locked, juror=assignment)
        card.note = (note or "").strip()
        card.save(update_fields=["note", "updated_at"])
        given = {cid: v for cid, v in values.items() if v is not None}
        card.scores.exclude(criterion_id__in=given).delete()
        existing = {s.criterion_id: s for s in card.scores.all()}
        for criterion_id, value in given.items():
            if criterion_id in existing:
                if existing[criterion_id].value != value:
                    existing[criterion_id].value = value
                    existing[criterion_id].save(update_fields=["value"])
            else:
                Score.objects.create(scorecard=card, criterion_id=criterion_id, value=value)
        detail = "; ".join(f"{criteria[cid].name}={given.get(cid, '-')}" for cid in criteria)
        _log(locked_round, user, A.SCORED, locked, detail=detail)
    return card


def record_field_visit(entry, user, visit_date, findings):
    """A juror of the entry (or the organiser) records a field visit while the entry is at that stage."""
    findings = (findings or "").strip()
    if not findings:
        raise RoundError(_("Tuliskan temuan kunjungan lapangan."))
    with transaction.atomic():
        locked_round = _lock(entry.round)
        _scores_open(locked_round)
        locked = Entry.objects.select_related("stage").get(pk=entry.pk)
        if not permissions.may_manage_round(user):
            _juror_in_scope(locked_round, user, locked)
        if not locked.in_running or locked.stage.kind != RoundStage.Kind.FIELD_VISIT:
            raise WrongState(_("Kunjungan lapangan dicatat untuk peserta yang berada di tahap verifikasi lapangan."))
        visit = FieldVisit.objects.create(entry=locked, recorded_by=user, visit_date=visit_date, findings=findings)
        _log(locked_round, user, A.FIELD_VISIT, locked,
             detail=date_format(visit_date, "DATE_FORMAT"))
    return visit


def close_scores(round_, user, accept_missing=False):
    """Close the scores: every later change is refused. Outstanding scores must be accepted explicitly."""
    _require_organiser(user)
    with transaction.atomic():
        locked = _lock(round_)
        _require_status(locked, S.JUDGING)
        missing = selectors.consolidate(locked).missing_count
        if missing and not accept_missing:
            raise WrongState(_("Masih ada %(count)s lembar nilai yang belum lengkap. Tunggu juri, atau centang "
                               "persetujuan untuk menutup tanpa nilai itu.") % {"count": missing})
        locked.status = S.CLOSED
        locked.scores_closed_at = timezone.now()
        locked.save(update_fields=["status", "scores_closed_at"])
        _log(locked, user, A.SCORES_CLOSED,
             detail=_("%(count)s lembar nilai belum lengkap dan tidak dihitung.") % {"count": missing}
             if missing else "")
    round_.status, round_.scores_closed_at = locked.status, locked.scores_closed_at
    return round_


def publish_results(round_, user, accept_ties=False):
    """Publish the proposed ranks as awards.Result rows (Juara 1-3, Juara Harapan 1-3) of the kecamatan,
    linked to the innovation, so that the award, kecamatan and innovation pages show them."""
    _require_organiser(user)
    with transaction.atomic():
        locked = _lock(round_)
        _require_status(locked, S.CLOSED)
        consolidation = selectors.consolidate(locked)
        if consolidation.ties_in_awards and not accept_ties:
            raise WrongState(_("Ada nilai seri pada peringkat yang akan diumumkan. Periksa lalu centang persetujuan: "
                               "peserta yang seri mendapat peringkat yang sama."))
        categories = [group.category for group in consolidation.categories if group.awarded]
        taken = sorted({str(r.category) for r in Result.objects.filter(category__in=categories)
                        .select_related("category")})
        if taken:
            raise WrongState(_("Kategori ini sudah punya hasil penghargaan yang dicatat: %(names)s.")
                             % {"names": ", ".join(taken)})
        published = []
        for group in consolidation.categories:
            for row in group.awarded:
                entry = row.entry
                result = Result(category=group.category, rank=row.rank, recipient_kind=Result.RecipientKind.KECAMATAN,
                                kecamatan_id=entry.kecamatan_id, innovation=entry.innovation)
                result.full_clean()
                result.save()
                Entry.objects.filter(pk=entry.pk).update(result=result)
                published.append(f"{result.get_rank_display()} {group.category}: {entry.innovation}")
        locked.status = S.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at"])
        _log(locked, user, A.PUBLISHED, detail="\n".join(published))
    round_.status, round_.published_at = locked.status, locked.published_at
    return round_


def assign_juror(round_, user, juror, kecamatan_code="", kabupaten_code="", categories=()):
    """Give a user the Juri role for this round (the admin's inline does the same through its form)."""
    _require_organiser(user)
    assignment = JurorAssignment(round=round_, user=juror, kecamatan_code=kecamatan_code,
                                 kabupaten_code=kabupaten_code)
    assignment.full_clean()
    with transaction.atomic():
        assignment.save()
        assignment.categories.set(categories)
        _log(round_, user, A.SETUP, detail=_("Juri ditugaskan: %(user)s") % {"user": juror})
    return assignment
