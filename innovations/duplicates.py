"""Entries that may already describe the same innovation: same kabupaten, similar title or summary.

Majene's lesson: many recorded innovations differ only in name. Before submitting, staff see
the existing entries of their kabupaten whose title reads alike (difflib ratio) or whose title
and summary share most of their Indonesian word stems ("pelayanan" and "layanan" are one stem).
Only entries the user may see are offered: published ones and their own workspace's.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from django.urls import reverse

from accounts import permissions
from innovations.models import Innovation
from innovations.search import STOP_WORDS, stems, words

# Enough for any real kabupaten; generated test data beyond it is not compared.
MAX_CANDIDATES = 2000
TITLE_RATIO = 0.75
STEM_OVERLAP = 0.5


@dataclass
class Similar:
    pk: int
    title: str
    kecamatan: str
    status: str
    status_label: str
    score: float
    url: str


@lru_cache(maxsize=20000)
def _stem(word):
    # A kabupaten's entries share most of their words: stemming each word once keeps a
    # comparison with two thousand entries well under a second.
    found = stems(word)
    return found[0] if found else word


def _stem_set(text):
    return {stem for stem in map(_stem, words(text)) if stem not in STOP_WORDS and len(stem) > 2}


def _overlap(a, b):
    """Share of the smaller set found in the other one (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


class Profile:
    """The words of one entry, stemmed once."""

    def __init__(self, title, summary):
        self.title = (title or "").lower()
        self.title_stems = _stem_set(title or "")
        # Short summaries share a word by chance; only one with a few stems is compared.
        summary_stems = _stem_set(summary or "")
        self.summary_stems = summary_stems if len(summary_stems) >= 4 else set()


def similarity(a, b):
    """A score from 0 to 1 for two Profiles: the strongest of title likeness, title stems, summary stems."""
    matcher = SequenceMatcher(None, a.title, b.title)
    # quick_ratio() is an upper bound of ratio(): most pairs are ruled out without the full match.
    ratio = matcher.ratio() if matcher.quick_ratio() >= TITLE_RATIO else 0.0
    title_overlap = _overlap(a.title_stems, b.title_stems) if len(a.title_stems) > 1 else 0.0
    summary_overlap = _overlap(a.summary_stems, b.summary_stems)
    return max(ratio if ratio >= TITLE_RATIO else 0.0,
               title_overlap if title_overlap >= STEM_OVERLAP else 0.0,
               summary_overlap if summary_overlap >= STEM_OVERLAP else 0.0)


def similar_innovations(innovation, user, limit=5):
    """Up to `limit` entries of the same kabupaten like `innovation`, most alike first."""
    candidates = (
        permissions.innovations_visible_to(user, Innovation.objects.filter(kabupaten_id=innovation.kabupaten_id))
        .exclude(pk=innovation.pk)
        .exclude(status=Innovation.Status.REJECTED)
        .select_related("kecamatan")
        .only("pk", "title", "summary", "slug", "status", "kecamatan__name", "kecamatan__code")
        .order_by("-id")[:MAX_CANDIDATES]
    )
    found = []
    mine = Profile(innovation.title, innovation.summary)
    for other in candidates:
        score = similarity(mine, Profile(other.title, other.summary))
        if score:
            if permissions.may_view_in_workspace(user, other):
                url = reverse("admin:innovations_innovation_change", args=[other.pk])
            else:
                url = other.get_absolute_url()
            found.append(Similar(other.pk, other.title, other.kecamatan.display_name, other.status,
                                 other.get_status_display(), round(score, 2), url))
    found.sort(key=lambda s: -s.score)
    return found[:limit]
