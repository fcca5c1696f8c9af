"""Award rounds, the rules: weights, deadline, stages, jurors and conflicts, consolidation, closing, publishing."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils import timezone

from accounts.models import Role
from awards.models import Rank, Result
from awards.selectors import results_for_innovation, results_for_region
from rounds import selectors, services
from rounds.forms import CriterionFormSet
from rounds.models import Criterion, Entry, FieldVisit, Round, RoundLog, RoundStage, Score, validate_weights
from tests.factories import (
    CategoryFactory,
    CompetitionFactory,
    CriterionFactory,
    EntryFactory,
    InnovationFactory,
    JurorAssignmentFactory,
    KabupatenFactory,
    KecamatanFactory,
    ResultFactory,
    RoleAssignmentFactory,
    RoundFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
A = RoundLog.Action


def editor():
    return RoleAssignmentFactory(role=Role.EDITOR).user


def staff_of(kecamatan):
    return RoleAssignmentFactory(role=Role.STAF, region_code=kecamatan.code).user


def stage(round_, kind):
    return round_.stages.get(kind=kind)


def judging_round(weights=(60, 40), jurors=2):
    """A round in judging with a two-criterion rubric, the four default stages and `jurors` jurors from far away."""
    round_ = RoundFactory(with_setup=False)
    for position, kind in enumerate([RoundStage.Kind.ADMINISTRATIVE, RoundStage.Kind.DESK,
                                     RoundStage.Kind.PRESENTATION, RoundStage.Kind.FIELD_VISIT]):
        RoundStage.objects.create(round=round_, kind=kind, position=position)
    for position, weight in enumerate(weights):
        CriterionFactory(round=round_, name=f"K{position + 1}", weight=weight, position=position)
    round_.status = Round.Status.JUDGING
    round_.save()
    far = KecamatanFactory()
    juror_list = [JurorAssignmentFactory(round=round_, kecamatan_code=far.code, kabupaten_code=far.kabupaten_id)
                  for _ in range(jurors)]
    return round_, juror_list


def desk_entry(round_, category=None, **kwargs):
    """An entry that passed the administrative check and sits in the desk assessment."""
    extra = {"category": category} if category else {}
    return EntryFactory(round=round_, stage=stage(round_, RoundStage.Kind.DESK),
                        admin_status=Entry.AdminStatus.PASSED, **extra, **kwargs)


def score(entry, juror, *values, note=""):
    criteria = list(entry.round.criteria.all())
    return services.save_scores(entry, juror.user, {c.pk: v for c, v in zip(criteria, values, strict=True)}, note)


# --- Rubric --------------------------------------------------------------------------------------

def test_weights_must_sum_to_exactly_100():
    validate_weights([30, 25, 15, 20, 10])
    with pytest.raises(ValidationError, match="tepat 100 %; sekarang 90 %"):
        validate_weights([30, 25, 15, 20])
    with pytest.raises(ValidationError, match="sekarang 110 %"):
        validate_weights([60, 50])
    with pytest.raises(ValidationError, match="sedikitnya satu kriteria"):
        validate_weights([])
    with pytest.raises(ValidationError, match="antara 1 dan 100"):
        validate_weights([0, 100])


def _rubric_formset(round_, rows, deleted=()):
    FormSet = inlineformset_factory(Round, Criterion, formset=CriterionFormSet, fields=["name", "weight", "position"],
                                    extra=0, can_delete=True)
    data = {"criteria-TOTAL_FORMS": str(len(rows)), "criteria-INITIAL_FORMS": "0"}
    for i, (name, weight) in enumerate(rows):
        data.update({f"criteria-{i}-name": name, f"criteria-{i}-weight": str(weight), f"criteria-{i}-position": str(i)})
        if i in deleted:
            data[f"criteria-{i}-DELETE"] = "on"
    return FormSet(data, instance=round_, prefix="criteria")


def test_the_admin_rubric_formset_uses_the_same_weight_check():
    round_ = RoundFactory()
    bad = _rubric_formset(round_, [("Kebaruan", 50), ("Manfaat", 40)])
    assert not bad.is_valid()
    assert "sekarang 90 %" in " ".join(bad.non_form_errors())
    # A deleted row does not count towards the 100 %.
    good = _rubric_formset(round_, [("Kebaruan", 60), ("Manfaat", 40), ("Lain", 30)], deleted=(2,))
    assert good.is_valid(), good.non_form_errors()
    good.save()
    assert sorted(round_.criteria.values_list("weight", flat=True)) == [40, 60]


def test_opening_a_round_refuses_a_rubric_that_does_not_weigh_100():
    round_ = RoundFactory(with_setup=True)
    CategoryFactory(competition=round_.competition)
    Criterion.objects.filter(round=round_, name="Penguasaan").update(weight=5)
    with pytest.raises(services.WrongState, match="sekarang 95 %"):
        services.open_round(round_, editor())
    round_.refresh_from_db()
    assert round_.status == Round.Status.DRAFT
    Criterion.objects.filter(round=round_, name="Penguasaan").update(weight=10)
    services.open_round(round_, editor())
    assert Round.objects.get(pk=round_.pk).status == Round.Status.OPEN
    assert RoundLog.objects.filter(round=round_, action=A.OPENED).count() == 1


def test_opening_needs_the_administrative_check_first_and_an_organiser():
    round_ = RoundFactory(with_setup=True)
    CategoryFactory(competition=round_.competition)
    with pytest.raises(services.NotAllowed):
        services.open_round(round_, UserFactory())
    round_.stages.filter(kind=RoundStage.Kind.ADMINISTRATIVE).update(position=9)
    with pytest.raises(services.WrongState, match="pemeriksaan administrasi sebagai tahap pertama"):
        services.open_round(round_, editor())


# --- Entries, deadline and administrative check ----------------------------------------------------

@pytest.fixture
def open_round():
    round_ = RoundFactory(with_setup=True)
    CategoryFactory(competition=round_.competition, name="Pelayanan publik")
    services.open_round(round_, editor())
    return round_


def test_staff_enter_a_published_innovation_of_their_kecamatan(open_round):
    innovation = InnovationFactory(published=True)
    user = staff_of(innovation.kecamatan)
    category = open_round.competition.categories.get()
    entry = services.enter_innovation(open_round, user, innovation, category)
    assert entry.stage.kind == RoundStage.Kind.ADMINISTRATIVE
    assert entry.admin_status == Entry.AdminStatus.PENDING
    assert (entry.kecamatan_id, entry.kabupaten_code) == (innovation.kecamatan_id, innovation.kabupaten_id)
    assert RoundLog.objects.filter(round=open_round, action=A.ENTERED, entry=entry, actor=user).exists()
    with pytest.raises(services.WrongState, match="sudah terdaftar"):
        services.enter_innovation(open_round, user, innovation, category)


def test_entries_refuse_drafts_other_kecamatan_and_foreign_categories(open_round):
    category = open_round.competition.categories.get()
    draft = InnovationFactory()
    with pytest.raises(services.NotAllowed):
        services.enter_innovation(open_round, staff_of(draft.kecamatan), draft, category)
    published = InnovationFactory(published=True)
    with pytest.raises(services.NotAllowed):
        services.enter_innovation(open_round, staff_of(KecamatanFactory()), published, category)
    with pytest.raises(services.WrongState, match="bukan kategori"):
        services.enter_innovation(open_round, staff_of(published.kecamatan), published, CategoryFactory())
    assert not Entry.objects.exists()


def test_no_entry_after_the_deadline_or_before_opening(open_round):
    innovation = InnovationFactory(published=True)
    user = staff_of(innovation.kecamatan)
    category = open_round.competition.categories.get()
    Round.objects.filter(pk=open_round.pk).update(entry_deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(services.WrongState, match="Pendaftaran sudah ditutup pada"):
        services.enter_innovation(open_round, user, innovation, category)
    draft_round = RoundFactory(with_setup=True, competition=open_round.competition)
    with pytest.raises(services.WrongState, match="tidak sedang dibuka"):
        services.enter_innovation(draft_round, user, innovation, category)
    services.start_judging(open_round, editor())
    with pytest.raises(services.WrongState):
        services.enter_innovation(open_round, user, innovation, category)
    assert not Entry.objects.exists()


def test_administrative_check_passes_to_the_next_stage_or_fails_with_a_reason(open_round):
    category = open_round.competition.categories.get()
    organiser = editor()
    good, bad = (EntryFactory(round=open_round, category=category, stage=stage(open_round, "administrasi"))
                 for _ in range(2))
    with pytest.raises(services.RoundError, match="alasan"):
        services.check_administration(bad, organiser, passed=False, reason="  ")
    with pytest.raises(services.NotAllowed):
        services.check_administration(good, staff_of(good.kecamatan), passed=True)
    services.check_administration(good, organiser, passed=True)
    services.check_administration(bad, organiser, passed=False, reason="Surat keputusan camat tidak dilampirkan.")
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.admin_status, good.stage.kind) == (Entry.AdminStatus.PASSED, RoundStage.Kind.DESK)
    assert (bad.admin_status, bad.stage.kind) == (Entry.AdminStatus.FAILED, RoundStage.Kind.ADMINISTRATIVE)
    assert bad.admin_reason == "Surat keputusan camat tidak dilampirkan."
    with pytest.raises(services.WrongState, match="sudah diputuskan"):
        services.check_administration(bad, organiser, passed=True)
    assert list(RoundLog.objects.filter(round=open_round).values_list("action", flat=True)[:2]) == [
        A.ADMIN_FAILED, A.ADMIN_PASSED]


# --- Stages and shortlists ---------------------------------------------------------------------

def test_shortlist_moves_the_chosen_entries_on_and_leaves_the_rest_out():
    round_, (juror, _other) = judging_round()
    kept, dropped = desk_entry(round_), desk_entry(round_, category=None)
    organiser = editor()
    with pytest.raises(services.WrongState, match="administrasi"):
        services.shortlist(stage(round_, "administrasi"), organiser, [kept])
    with pytest.raises(services.RoundError, match="sedikitnya satu"):
        services.shortlist(stage(round_, "penilaian_dokumen"), organiser, [])
    services.shortlist(stage(round_, "penilaian_dokumen"), organiser, [kept])
    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert kept.stage.kind == RoundStage.Kind.PRESENTATION and kept.in_running
    assert dropped.stage.kind == RoundStage.Kind.DESK and not dropped.in_running
    juror.category_ids = set()
    assert [e.pk for e in selectors.entries_assigned(juror)] == [kept.pk]
    with pytest.raises(services.WrongState, match="sudah disaring"):
        services.shortlist(stage(round_, "penilaian_dokumen"), organiser, [dropped])
    with pytest.raises(services.WrongState, match="tidak berada di tahap ini"):
        services.shortlist(stage(round_, "presentasi"), organiser, [dropped])
    with pytest.raises(services.WrongState, match="tahap terakhir"):
        services.shortlist(stage(round_, "verifikasi_lapangan"), organiser, [kept])
    with pytest.raises(services.WrongState, match="tidak lagi dinilai"):
        score(dropped, juror, 5, 5)
    assert RoundLog.objects.get(round=round_, action=A.SHORTLISTED).detail.endswith(str(kept.innovation))


def test_shortlisting_only_while_judging():
    round_, _jurors = judging_round()
    entry = desk_entry(round_)
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.OPEN)
    with pytest.raises(services.WrongState, match="Pendaftaran dibuka"):
        services.shortlist(stage(round_, "penilaian_dokumen"), editor(), [entry])


def test_field_visits_are_recorded_at_the_field_visit_stage_only():
    round_, (juror, _other) = judging_round()
    entry = desk_entry(round_)
    with pytest.raises(services.WrongState, match="verifikasi lapangan"):
        services.record_field_visit(entry, juror.user, date(2026, 3, 4), "Loket berjalan.")
    Entry.objects.filter(pk=entry.pk).update(stage=stage(round_, "verifikasi_lapangan"))
    entry.refresh_from_db()
    with pytest.raises(services.RoundError, match="temuan"):
        services.record_field_visit(entry, juror.user, date(2026, 3, 4), " ")
    with pytest.raises(services.NotAllowed):
        services.record_field_visit(entry, UserFactory(), date(2026, 3, 4), "Loket berjalan.")
    visit = services.record_field_visit(entry, juror.user, date(2026, 3, 4), "Loket berjalan tiap Jumat.")
    assert visit.findings == "Loket berjalan tiap Jumat."
    assert RoundLog.objects.filter(action=A.FIELD_VISIT, entry=entry, actor=juror.user).exists()


# --- Jurors: scoring, isolation, conflicts ---------------------------------------------------------

def test_a_juror_scores_on_the_fixed_scale_and_can_change_until_closing():
    round_, (juror, _other) = judging_round()
    entry = desk_entry(round_)
    score(entry, juror, 7, 9, note="Rapi.")
    score(entry, juror, 8, None, note="Rapi sekali.")
    assert selectors.own_scorecard(juror, entry) == ("Rapi sekali.", {round_.criteria.first().pk: 8})
    for bad in (0, 11):
        with pytest.raises(services.RoundError, match="bilangan bulat 1 sampai 10"):
            score(entry, juror, bad, 5)
    assert Score.objects.count() == 1
    assert RoundLog.objects.filter(round=round_, action=A.SCORED, actor=juror.user).count() == 2


@pytest.mark.parametrize("same", ["kecamatan", "kabupaten"])
def test_a_juror_from_the_entrys_kecamatan_or_kabupaten_cannot_score_it(same):
    round_, (juror, _other) = judging_round()
    entry = desk_entry(round_)
    if same == "kecamatan":
        juror.kecamatan_code, juror.kabupaten_code = entry.kecamatan_id, ""
    else:
        neighbour = KecamatanFactory(kabupaten=entry.kecamatan.kabupaten)
        juror.kecamatan_code, juror.kabupaten_code = neighbour.code, neighbour.kabupaten_id
    juror.save()
    with pytest.raises(services.NotAllowed, match="konflik kepentingan"):
        score(entry, juror, 5, 5)
    assert not Score.objects.exists()
    # The conflicted juror is not expected to score it either: nothing outstanding on their side.
    jurors = {row["juror"].pk: row for row in selectors.consolidate(round_).jurors}
    assert (jurors[juror.pk]["expected"], jurors[juror.pk]["conflicts"], jurors[juror.pk]["outstanding"]) == (0, 1, 0)


def test_a_juror_scores_only_the_categories_and_round_assigned():
    round_, (juror, _other) = judging_round()
    mine, theirs = CategoryFactory(competition=round_.competition), CategoryFactory(competition=round_.competition)
    juror.categories.set([mine])
    other_entry = desk_entry(round_, category=theirs)
    with pytest.raises(services.NotAllowed, match="tidak ditugaskan"):
        score(other_entry, juror, 5, 5)
    other_round, _ = judging_round()
    with pytest.raises(services.NotAllowed, match="bukan juri"):
        score(desk_entry(other_round), juror, 5, 5)
    with pytest.raises(services.NotAllowed):
        services.save_scores(other_entry, editor(), {}, "")


def test_juror_assignment_records_the_region_and_derives_the_kabupaten():
    kecamatan = KecamatanFactory()
    round_ = RoundFactory()
    assignment = services.assign_juror(round_, editor(), UserFactory(), kecamatan_code=kecamatan.code)
    assert assignment.kabupaten_code == kecamatan.kabupaten_id
    with pytest.raises(ValidationError) as error:
        services.assign_juror(round_, editor(), UserFactory(), kecamatan_code="99.99.99")
    assert "Kode kecamatan tidak dikenal" in str(error.value)
    other_kabupaten = KabupatenFactory()
    with pytest.raises(ValidationError, match="tidak berada di kabupaten"):
        services.assign_juror(round_, editor(), UserFactory(), kecamatan_code=kecamatan.code,
                              kabupaten_code=other_kabupaten.code)
    assert RoundLog.objects.filter(round=round_, action=A.SETUP).count() == 1


# --- Consolidation ----------------------------------------------------------------------------------

def test_consolidation_is_the_mean_of_weighted_totals_with_the_spread():
    round_, (a, b) = judging_round(weights=(60, 40))
    entry = desk_entry(round_)
    score(entry, a, 8, 6)   # (8*60 + 6*40) / 100 = 7.2
    score(entry, b, 10, 5)  # (10*60 + 5*40) / 100 = 8.0
    row = selectors.consolidate(round_).categories[0].rows[0]
    assert [s.total for s in row.scores] == [Fraction(36, 5), Fraction(8)]
    assert row.total == Fraction(38, 5)  # 7.6
    assert (row.minimum, row.maximum, row.spread) == (Fraction(36, 5), Fraction(8), Fraction(4, 5))
    assert row.stdev == pytest.approx(0.4)
    assert not row.outlier and not row.missing and row.rank == Rank.JUARA_1


def test_an_outlier_juror_is_flagged():
    round_, (a, b) = judging_round(weights=(50, 50))
    entry = desk_entry(round_)
    score(entry, a, 9, 9)
    score(entry, b, 3, 5)
    row = selectors.consolidate(round_).categories[0].rows[0]
    assert row.spread == 5 and row.outlier


def test_ties_share_a_rank_and_are_flagged():
    round_, (a, b) = judging_round(weights=(50, 50))
    first, second, third, fourth = (desk_entry(round_, category=None) for _ in range(4))
    category = first.category
    Entry.objects.filter(pk__in=[second.pk, third.pk, fourth.pk]).update(category=category)
    for entry in (second, third, fourth):
        entry.refresh_from_db()
    for entry, values in [(first, (9, 9)), (second, (8, 7)), (third, (7, 8)), (fourth, (6, 6))]:
        score(entry, a, *values)
        score(entry, b, *values)
    rows = selectors.consolidate(round_).categories[0].rows
    by_entry = {row.entry.pk: row for row in rows}
    assert [(by_entry[e.pk].position, by_entry[e.pk].tied) for e in (first, second, third, fourth)] == [
        (1, False), (2, True), (2, True), (4, False)]
    assert [by_entry[e.pk].rank for e in (first, second, third, fourth)] == [
        Rank.JUARA_1, Rank.JUARA_2, Rank.JUARA_2, Rank.HARAPAN_1]
    assert selectors.consolidate(round_).ties_in_awards


def test_a_missing_score_is_flagged_left_out_of_the_mean_and_must_be_accepted_to_close():
    round_, (a, b) = judging_round(weights=(60, 40))
    complete, partial, unscored = (desk_entry(round_) for _ in range(3))
    Entry.objects.filter(pk__in=[partial.pk, unscored.pk]).update(category=complete.category)
    score(complete, a, 8, 6)
    score(complete, b, 10, 5)
    score(partial, a, 10, 10)
    score(partial, b, 2, None)  # one criterion left blank: the card is incomplete
    consolidation = selectors.consolidate(round_)
    rows = {row.entry.pk: row for row in consolidation.categories[0].rows}
    assert rows[partial.pk].total == 10 and rows[partial.pk].missing == [b]
    assert rows[unscored.pk].total is None and rows[unscored.pk].position is None and rows[unscored.pk].rank is None
    assert rows[unscored.pk].missing == [a, b]
    assert consolidation.missing_count == 3
    assert [r["outstanding"] for r in consolidation.jurors] == [1, 2]
    with pytest.raises(services.WrongState, match="3 lembar nilai yang belum lengkap"):
        services.close_scores(round_, editor())
    assert Round.objects.get(pk=round_.pk).status == Round.Status.JUDGING
    services.close_scores(round_, editor(), accept_missing=True)
    assert "3 lembar nilai belum lengkap" in RoundLog.objects.get(round=round_, action=A.SCORES_CLOSED).detail


# --- Closing and publishing ----------------------------------------------------------------------------

def test_closing_refuses_every_later_score_change():
    round_, (a, b) = judging_round()
    entry = desk_entry(round_)
    score(entry, a, 7, 7)
    score(entry, b, 6, 6)
    services.close_scores(round_, editor())
    for values in [(9, 9), (None, None)]:
        with pytest.raises(services.WrongState, match="sudah ditutup; perubahan nilai ditolak"):
            score(entry, a, *values)
    with pytest.raises(services.WrongState, match="sudah ditutup"):
        score(entry, b, 1, 1)
    Entry.objects.filter(pk=entry.pk).update(stage=stage(round_, "verifikasi_lapangan"))
    with pytest.raises(services.WrongState):
        services.record_field_visit(Entry.objects.get(pk=entry.pk), a.user, date(2026, 3, 4), "Terlambat.")
    assert sorted(Score.objects.values_list("value", flat=True)) == [6, 6, 7, 7]
    assert not FieldVisit.objects.exists()
    with pytest.raises(services.WrongState):
        services.close_scores(round_, editor())


def _scored_category(round_, jurors, values_per_entry):
    """Entries of one category with the given (criterion values) for every juror; returns them in order."""
    category = CategoryFactory(competition=round_.competition)
    entries = []
    for values in values_per_entry:
        entry = desk_entry(round_, category=category)
        for juror in jurors:
            score(entry, juror, *values)
        entries.append(entry)
    return category, entries


def test_publishing_writes_award_results_that_the_region_and_innovation_pages_read():
    round_, jurors = judging_round(weights=(50, 50))
    category, entries = _scored_category(round_, jurors, [(5, 5), (9, 9), (7, 8), (6, 6), (4, 4), (3, 3), (8, 8),
                                                          (2, 2)])
    organiser = editor()
    with pytest.raises(services.WrongState):
        services.publish_results(round_, organiser)
    services.close_scores(round_, organiser)
    services.publish_results(round_, organiser)
    results = list(Result.objects.filter(category=category).order_by("rank"))
    expected = [(Rank.JUARA_1, entries[1]), (Rank.JUARA_2, entries[6]), (Rank.JUARA_3, entries[2]),
                (Rank.HARAPAN_1, entries[3]), (Rank.HARAPAN_2, entries[0]), (Rank.HARAPAN_3, entries[4])]
    assert [(r.rank, r.innovation_id, r.kecamatan_id, r.recipient_kind) for r in results] == [
        (rank, e.innovation_id, e.kecamatan_id, Result.RecipientKind.KECAMATAN) for rank, e in expected]
    winner = entries[1]
    assert [r.pk for r in results_for_region(winner.kecamatan_id)] == [results[0].pk]
    assert [r.pk for r in results_for_innovation(winner.innovation)] == [results[0].pk]
    assert Entry.objects.get(pk=winner.pk).result_id == results[0].pk
    round_.refresh_from_db()
    assert round_.status == Round.Status.PUBLISHED and round_.published_at
    log = RoundLog.objects.get(round=round_, action=A.PUBLISHED)
    assert f"Juara 1 {category}: {winner.innovation}" in log.detail
    with pytest.raises(services.WrongState):
        services.publish_results(round_, organiser)
    assert Result.objects.count() == 6


def test_publishing_with_ties_needs_consent_and_gives_the_same_rank():
    round_, jurors = judging_round(weights=(50, 50))
    category, entries = _scored_category(round_, jurors, [(9, 9), (8, 7), (7, 8)])
    services.close_scores(round_, editor())
    with pytest.raises(services.WrongState, match="nilai seri"):
        services.publish_results(round_, editor())
    assert not Result.objects.exists()
    services.publish_results(round_, editor(), accept_ties=True)
    assert sorted(Result.objects.values_list("rank", flat=True)) == [Rank.JUARA_1, Rank.JUARA_2, Rank.JUARA_2]


def test_publishing_refuses_a_category_that_already_has_results_entered_by_hand():
    round_, jurors = judging_round(weights=(50, 50))
    category, _entries = _scored_category(round_, jurors, [(9, 9)])
    ResultFactory(category=category)
    services.close_scores(round_, editor())
    with pytest.raises(services.WrongState, match="sudah punya hasil"):
        services.publish_results(round_, editor())
    assert Result.objects.count() == 1
    assert Round.objects.get(pk=round_.pk).status == Round.Status.CLOSED


def test_every_action_of_a_round_is_in_its_log():
    competition = CompetitionFactory()
    category = CategoryFactory(competition=competition)
    round_ = RoundFactory(competition=competition, with_setup=True)
    organiser = editor()
    services.open_round(round_, organiser)
    innovation = InnovationFactory(published=True)
    entry = services.enter_innovation(round_, staff_of(innovation.kecamatan), innovation, category)
    services.check_administration(entry, organiser, passed=True)
    services.start_judging(round_, organiser)
    juror = JurorAssignmentFactory(round=round_)
    entry.refresh_from_db()
    services.save_scores(entry, juror.user, {c.pk: 8 for c in round_.criteria.all()}, "")
    services.shortlist(stage(round_, "penilaian_dokumen"), organiser, [entry])
    services.shortlist(stage(round_, "presentasi"), organiser, [entry])
    entry.refresh_from_db()
    services.record_field_visit(entry, juror.user, date(2026, 5, 2), "Sesuai laporan.")
    services.close_scores(round_, organiser)
    services.publish_results(round_, organiser)
    actions = RoundLog.objects.filter(round=round_).order_by("created_at", "id").values_list("action", flat=True)
    assert list(actions) == [
        A.OPENED, A.ENTERED, A.ADMIN_PASSED, A.JUDGING_STARTED, A.SCORED, A.SHORTLISTED, A.SHORTLISTED,
        A.FIELD_VISIT, A.SCORES_CLOSED, A.PUBLISHED]
    assert Result.objects.get().rank == Rank.JUARA_1
