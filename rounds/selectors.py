"""Reads of award rounds: what each user may see, and the consolidation of the jury's scores.

Consolidation rule (shown on the dashboard too):
- A juror's total for an entry is sum(score x weight) / 100, on the 1-10 scale; it counts only when
  the juror has scored every criterion. The entry's total is the mean of those jurors' totals.
- The jurors expected to score an entry are those assigned to its category without a conflict of
  interest. A missing or incomplete scorecard is flagged and left out of the mean (it is not
  counted as zero); an entry that no juror has fully scored gets no total and no rank. Closing the
  scores with missing cards needs the organiser's explicit consent, which the log records.
- The spread between jurors (lowest, highest, standard deviation) is shown; a difference of
  SPREAD_WARNING points or more between two jurors is flagged so that an outlier is visible.
- Ranks per category go by the total, highest first; equal totals (compared exactly, not rounded)
  share a rank and are flagged as a tie ("1, 2, 2, 4"). Positions 1-6 become Juara 1-3 and Juara
  Harapan 1-3; only entries still in the running (not left behind at a shortlist) are ranked.
"""

import math
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Prefetch
from django.http import Http404
from django.utils import timezone

from accounts import permissions
from awards.models import Rank
from rounds.models import TOTAL_WEIGHT, Entry, FieldVisit, JurorAssignment, Round, RoundLog, RoundStage, Score

AWARD_RANKS = [Rank.JUARA_1, Rank.JUARA_2, Rank.JUARA_3, Rank.HARAPAN_1, Rank.HARAPAN_2, Rank.HARAPAN_3]
SPREAD_WARNING = Fraction(2)
ENTRY_RELATED = ["innovation", "kecamatan", "category", "stage"]


# --- Lookups limited by permission --------------------------------------------------------------

def rounds_for_organiser(user):
    if not permissions.may_manage_round(user):
        return Round.objects.none()
    return Round.objects.select_related("competition")


def organiser_round(user, slug):
    """The round for its dashboard; a 404 for anyone who does not organise rounds."""
    round_ = rounds_for_organiser(user).filter(slug=slug).first()
    if round_ is None:
        raise Http404
    return round_


def open_rounds(now=None):
    now = now or timezone.now()
    return Round.objects.filter(status=Round.Status.OPEN, entry_deadline__gt=now).select_related("competition")


def open_round_for_entry(slug):
    round_ = open_rounds().filter(slug=slug).first()
    if round_ is None:
        raise Http404
    return round_


def entries_of_entrant(user):
    """The entries of the user's kecamatan(s), with the administrative result the entrant must see."""
    codes = permissions.staff_kecamatan_codes(user)
    return (Entry.objects.filter(kecamatan_id__in=codes).select_related("round", *ENTRY_RELATED)
            .order_by("-round__entry_deadline", "innovation__title"))


def juror_assignment(user, round_):
    """The user's Juri assignment to the round (with `category_ids`), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    assignment = (JurorAssignment.objects.filter(round=round_, user=user)
                  .prefetch_related("categories").select_related("round").first())
    if assignment is not None:
        assignment.category_ids = {c.pk for c in assignment.categories.all()}
    return assignment


def juror_rounds(user):
    return Round.objects.filter(jurors__user=user).select_related("competition").order_by("-entry_deadline")


def juror_round(user, slug):
    """The round and the user's assignment to it; a 404 for anyone not assigned."""
    round_ = Round.objects.filter(slug=slug).select_related("competition").first()
    assignment = juror_assignment(user, round_) if round_ else None
    if assignment is None:
        raise Http404
    return round_, assignment


def entries_assigned(assignment):
    """Entries in the running of the juror's categories, conflicts included (flagged, never scorable)."""
    qs = Entry.objects.filter(round_id=assignment.round_id, admin_status=Entry.AdminStatus.PASSED,
                              stage__shortlisted_at__isnull=True)
    if assignment.category_ids:
        qs = qs.filter(category_id__in=assignment.category_ids)
    return qs.select_related(*ENTRY_RELATED).order_by("category__position", "innovation__title", "id")


def juror_entries(assignment):
    """The juror's list: each entry with `conflict` and the juror's own card progress (`scored`, `complete`)."""
    entries = list(entries_assigned(assignment))
    criteria_count = assignment.round.criteria.count()
    counts = dict(Score.objects.filter(scorecard__juror=assignment, scorecard__entry__in=[e.pk for e in entries])
                  .values("scorecard__entry_id").annotate(n=Count("id")).values_list("scorecard__entry_id", "n"))
    for entry in entries:
        entry.conflict = assignment.has_conflict(entry)
        entry.scored = counts.get(entry.pk, 0)
        entry.complete = entry.scored == criteria_count
    return entries


def juror_entry(assignment, entry_id):
    """One entry assigned to the juror, looked up through the limited queryset: else 404."""
    entry = entries_assigned(assignment).filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    return entry


def own_scorecard(assignment, entry):
    """The juror's own note and values {criterion id: value}; never another juror's."""
    card = entry.scorecards.filter(juror=assignment).prefetch_related("scores").first()
    if card is None:
        return "", {}
    return card.note, {s.criterion_id: s.value for s in card.scores.all()}


def field_visits(entry):
    return FieldVisit.objects.filter(entry=entry).select_related("recorded_by")


def next_stage(stage):
    """The stage after `stage` in its round, or `stage` itself when it is the last."""
    following = (RoundStage.objects.filter(round_id=stage.round_id, position__gt=stage.position)
                 .order_by("position", "id").first())
    if following is None:
        following = (RoundStage.objects.filter(round_id=stage.round_id, position=stage.position, id__gt=stage.id)
                     .order_by("id").first())
    return following or stage


def round_log(round_, limit=100):
    return RoundLog.objects.filter(round=round_).select_related("actor", "entry__innovation")[:limit]


# --- Consolidation ------------------------------------------------------------------------------

@dataclass
class JurorScore:
    juror: JurorAssignment
    total: Fraction


@dataclass
class RankedEntry:
    entry: Entry
    scores: list = field(default_factory=list)  # JurorScore of every complete card
    missing: list = field(default_factory=list)  # JurorAssignment expected but incomplete or absent
    total: Fraction | None = None
    position: int | None = None
    tied: bool = False
    rank: int | None = None

    @property
    def minimum(self):
        return min((s.total for s in self.scores), default=None)

    @property
    def maximum(self):
        return max((s.total for s in self.scores), default=None)

    @property
    def spread(self):
        return self.maximum - self.minimum if self.scores else None

    @property
    def stdev(self):
        """Population standard deviation of the jurors' totals."""
        if not self.scores:
            return None
        return math.sqrt(sum((s.total - self.total) ** 2 for s in self.scores) / len(self.scores))

    @property
    def outlier(self):
        return self.spread is not None and self.spread >= SPREAD_WARNING

    def get_rank_display(self):
        return Rank(self.rank).label if self.rank else ""


@dataclass
class CategoryRanking:
    category: object
    rows: list

    @property
    def awarded(self):
        return [row for row in self.rows if row.rank]


@dataclass
class Consolidation:
    criteria: list
    categories: list
    jurors: list  # dicts: juror, expected, complete, outstanding, conflicts

    @property
    def missing_count(self):
        return sum(j["outstanding"] for j in self.jurors)

    @property
    def ties_in_awards(self):
        return any(row.tied and row.rank for group in self.categories for row in group.rows)


def weighted_total(values, criteria):
    """sum(score x weight) / 100 for a complete card (`values`: criterion id -> score), else None."""
    if any(c.pk not in values for c in criteria):
        return None
    return Fraction(sum(values[c.pk] * c.weight for c in criteria), TOTAL_WEIGHT)


def rank_rows(rows):
    """Positions by total (highest first) with shared positions for exact ties; unscored rows last."""
    scored = sorted((r for r in rows if r.total is not None), key=lambda r: (-r.total, r.entry.innovation.title))
    for index, row in enumerate(scored):
        previous = scored[index - 1] if index else None
        row.position = previous.position if previous and previous.total == row.total else index + 1
        row.tied = any(other is not row and other.total == row.total for other in scored)
        row.rank = AWARD_RANKS[row.position - 1] if row.position <= len(AWARD_RANKS) else None
    return scored + [r for r in rows if r.total is None]


def consolidate(round_):
    """The provisional ranking per category and the outstanding scores per juror, in six queries."""
    criteria = list(round_.criteria.all())
    entries = list(Entry.objects.filter(round=round_, admin_status=Entry.AdminStatus.PASSED,
                                        stage__shortlisted_at__isnull=True).select_related(*ENTRY_RELATED))
    jurors = list(JurorAssignment.objects.filter(round=round_).select_related("user")
                  .prefetch_related(Prefetch("categories")))
    values = {}
    for entry_id, juror_id, criterion_id, value in Score.objects.filter(
            scorecard__entry__round=round_).values_list("scorecard__entry_id", "scorecard__juror_id",
                                                        "criterion_id", "value"):
        values.setdefault((entry_id, juror_id), {})[criterion_id] = value
    juror_rows = {j.pk: {"juror": j, "expected": 0, "complete": 0, "outstanding": 0, "conflicts": 0} for j in jurors}
    category_ids = {j.pk: {c.pk for c in j.categories.all()} for j in jurors}
    by_category = {}
    for entry in entries:
        row = RankedEntry(entry=entry)
        for juror in jurors:
            if not juror.judges_category(category_ids[juror.pk], entry.category_id):
                continue
            if juror.has_conflict(entry):
                juror_rows[juror.pk]["conflicts"] += 1
                continue
            juror_rows[juror.pk]["expected"] += 1
            total = weighted_total(values.get((entry.pk, juror.pk), {}), criteria)
            if total is None:
                row.missing.append(juror)
                juror_rows[juror.pk]["outstanding"] += 1
            else:
                row.scores.append(JurorScore(juror, total))
                juror_rows[juror.pk]["complete"] += 1
        if row.scores:
            row.total = sum((s.total for s in row.scores), Fraction(0)) / len(row.scores)
        by_category.setdefault(entry.category, []).append(row)
    categories = [CategoryRanking(category, rank_rows(rows))
                  for category, rows in sorted(by_category.items(), key=lambda kv: (kv[0].position, kv[0].pk))]
    return Consolidation(criteria=criteria, categories=categories, jurors=list(juror_rows.values()))


def entries_by_stage(round_):
    """Every entry of the round grouped under its current stage (for the dashboard), in two queries."""
    stages = list(round_.stages.all())
    groups = {stage.pk: [] for stage in stages}
    for entry in Entry.objects.filter(round=round_).select_related(*ENTRY_RELATED).order_by(
            "category__position", "innovation__title", "id"):
        groups[entry.stage_id].append(entry)
    result = []
    for index, stage in enumerate(stages):
        stage.entry_list = groups[stage.pk]
        stage.next = stages[index + 1] if index + 1 < len(stages) else None
        result.append(stage)
    return result
