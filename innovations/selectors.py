"""Reads of published innovations for the public pages: list pages, detail, related entries, figures.

Every function starts from `Innovation.objects.published()` (or a queryset built on it by
`InnovationFilter`) and costs a fixed number of queries whatever the number of entries.
Lists are paged in two steps (the ids of one page, then those rows, in one query with the ids as a
subquery), so that page 500 walks an index instead of fetching 10,000 full rows; counts stop at a
bound instead of counting everything, because "more than 10,000" is as useful to a reader as the
exact figure. A word search reads the ids of its first 501 matches in one query (ranked, for the
relevance order), which are its count and every page it offers, then the cards of one page.
"""

import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from math import ceil

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from awards.models import Result
from awards.selectors import results_for_innovation
from innovations import search
from innovations.filters import Order
from innovations.models import (
    LIST_DEFERRED,
    Document,
    Indicator,
    IndicatorValue,
    Innovation,
    Photo,
    ProgressUpdate,
)
from innovations.uploads import rendition_srcset, rendition_url
from inovasi_portal.cache import remember
from regions.models import Kecamatan, kecamatan_label

PER_PAGE = 20
# Browsing counts up to this many entries; the last page reachable is MAX_RESULTS / PER_PAGE (500).
MAX_RESULTS = 10_000
# A word search counts, pages and ranks at most this many matches (the newest ones, by relevance): ranking
# reads each match's whole vector; the newest 501 matches of a word in a fifth of 100,000 entries, ranked,
# took 1.4-1.9 ms on PostgreSQL.
MAX_SEARCH_RESULTS = 500
# Field of Innovation holding a region code, by the number of dots in the code (desa go through the M2M).
REGION_FIELD = {0: "provinsi_id", 1: "kabupaten_id", 2: "kecamatan_id"}
# What a card shows (templates/innovations/includes/card.html): the rest of the row is never read.
CARD_VALUES = ("id", "slug", "title", "summary", "is_digital", "stage", "first_applied", "theme__name",
               "kecamatan_id", "kecamatan__name", "kabupaten__name")
# A card shows the first words of the summary (the detail page shows all of it).
CARD_SUMMARY_WORDS = 28


@dataclass
class Card:
    """One published entry as its card shows it (templates/innovations/includes/card.html)."""

    id: int
    title: str
    url: str
    summary: str  # its first CARD_SUMMARY_WORDS words
    theme: str
    place: str
    stage: str
    since: str  # "Sejak 2021", or "" when the entry does not say
    is_digital: bool
    has_award: bool
    cover: "Picture | None"


@lru_cache(maxsize=1)
def _card_rows():
    """Published entries as rows of what a card shows, the award flag and the cover as two subquery columns
    (the cover's fields as one JSON object), so a list of cards is always exactly one query.

    Built once and only ever narrowed (each filter() clones it): building it costs more than the query.
    """
    cover = Photo.objects.filter(innovation=OuterRef("pk")).order_by("position", "id").values(
        data=JSONObject(id="id", image="image", width="width", height="height", renditions="rendition_widths"))
    return Innovation.objects.published().values(
        *CARD_VALUES,
        award_id=Subquery(Result.objects.filter(innovation=OuterRef("pk")).order_by().values("id")[:1]),
        cover_data=Subquery(cover[:1]),
    )


def _cover(data):
    """The card's picture from the cover subquery's JSON object: the first photo, shown about 640 px wide."""
    if not data:
        return None
    renditions = data["renditions"]
    # SQLite hands the JSON column over as the text it stores.
    renditions = json.loads(renditions) if isinstance(renditions, str) else renditions
    storage = Photo._meta.get_field("image").storage
    return Picture(src=rendition_url(storage, data["image"], renditions, 640),
                   srcset=rendition_srcset(storage, data["image"], renditions),
                   width=data["width"], height=data["height"], caption="")


def _cards(rows):
    stages = dict(Innovation.Stage.choices)
    # The detail page's address around a slug, reversed once rather than for each card (0.3 ms a page).
    head, _mark, tail = reverse("innovations:detail", args=["slug"]).rpartition("slug")
    return [
        Card(id=row["id"], title=row["title"], url=f"{head}{row['slug']}{tail}",
             summary=Truncator(row["summary"]).words(CARD_SUMMARY_WORDS, truncate=" …"), theme=row["theme__name"],
             place=f"{kecamatan_label(row['kecamatan_id'], row['kecamatan__name'])}, {row['kabupaten__name']}",
             stage=str(stages.get(row["stage"], row["stage"])),
             since=_("Sejak %(year)s") % {"year": row["first_applied"].year} if row["first_applied"] else "",
             is_digital=row["is_digital"], has_award=row["award_id"] is not None, cover=_cover(row["cover_data"]))
        for row in rows
    ]


def card_list(queryset_filter, order, limit):
    """Up to `limit` cards of published entries matching a Q, in one query."""
    return _cards(_card_rows().filter(queryset_filter).order_by(*order)[:limit])


def cards(ids):
    """The cards of these published entries (at most a page of them), in the order of `ids`, in one query."""
    position = {pk: n for n, pk in enumerate(ids)}
    return sorted(card_list(Q(id__in=ids), ("id",), PER_PAGE), key=lambda card: position[card.id])


@dataclass
class Picture:
    """What an <img> needs: a source of about the width shown, the responsive set, and the pixel size."""

    src: str
    srcset: str
    width: int | None
    height: int | None
    caption: str


def picture(photo, width):
    """A Photo shown about `width` pixels wide (its original file when it has no renditions)."""
    return Picture(src=photo.url_for(width), srcset=photo.srcset, width=photo.width, height=photo.height,
                   caption=photo.caption)


@dataclass
class ResultPage:
    """One page of a bounded result list."""

    items: list
    number: int
    count: int
    bound: int

    @property
    def count_is_bounded(self):
        return self.count > self.bound

    @property
    def shown_count(self):
        return min(self.count, self.bound)

    @property
    def num_pages(self):
        return max(1, ceil(self.shown_count / PER_PAGE))

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def start_index(self):
        return (self.number - 1) * PER_PAGE + 1 if self.items else 0

    @property
    def end_index(self):
        return self.start_index + len(self.items) - 1 if self.items else 0

    def page_range(self):
        """Page numbers around the current one, with None for a gap: 1 … 4 5 [6] 7 8 … 500."""
        last = self.num_pages
        wanted = {1, last, *range(self.number - 2, self.number + 3)}
        numbers = sorted(n for n in wanted if 1 <= n <= last)
        shown, previous = [], 0
        for n in numbers:
            if n - previous > 1:
                shown.append(None)
            shown.append(n)
            previous = n
        return shown


class PageOutOfRange(Exception):
    def __init__(self, asked, last):
        super().__init__(asked)
        self.asked, self.last = asked, last


def page_number(raw):
    """The page asked for as a positive int, or None when it is not a page number at all."""
    try:
        number = int(str(raw).strip() or "1")
    except ValueError:
        return None
    return number if number >= 1 else None


def browse(filterset, number):
    """One page of the filtered list: (ResultPage, clamped) where clamped says the page did not exist."""
    if filterset.parsed_query:
        return _browse_matches(filterset, number)
    queryset = filterset.qs
    bound = MAX_RESULTS
    if filterset.narrows:
        # Counted without an order, so that the database finds any `bound` + 1 entries the cheapest way.
        count = queryset.values("id").order_by()[: bound + 1].count()
    else:
        # Nothing narrows the list: the same bounded count for every visitor, until the next public change.
        count = remember("list-count", lambda: queryset.values("id").order_by()[: bound + 1].count())
    page, clamped = _result_page(number, count, bound)
    # One query: the page's ids as a subquery (down the order's index), their cards sorted the same way.
    offset = (page.number - 1) * PER_PAGE
    page_ids = queryset.values("id")[offset:offset + PER_PAGE]
    page.items = card_list(Q(id__in=Subquery(page_ids)), Order.FIELDS[filterset.order], PER_PAGE) if count else []
    return page, clamped


def _browse_matches(filterset, number):
    """A page of a word search: its first MAX_SEARCH_RESULTS + 1 matches in the order asked, read in one query
    that gives their count too, then the page's cards. Most relevant first, the newest MAX_SEARCH_RESULTS
    matches (every match when there are fewer) are read with their rank and sorted here: ranking reads
    each match's whole vector, so beyond the bound only the newest matches are ranked."""
    bound = MAX_SEARCH_RESULTS
    entries, words = filterset.without_words(), filterset.parsed_query
    if filterset.order == Order.RELEVANT:
        matches = search.first_matches(entries, words, Order.FIELDS[Order.NEWEST], bound + 1, ranked=True)
        # By rank, the newest first among equals (a stable sort keeps their order): Order.FIELDS[Order.RELEVANT].
        ids = [pk for pk, _rank in sorted(matches[:bound], key=lambda match: match[1], reverse=True)]
        count = len(matches)
    else:
        ids = search.first_matches(entries, words, Order.FIELDS[filterset.order], bound + 1)
        count, ids = len(ids), ids[:bound]  # the one past the bound only says that there are more
    page, clamped = _result_page(number, count, bound)
    offset = (page.number - 1) * PER_PAGE
    page.items = cards(ids[offset:offset + PER_PAGE])
    return page, clamped


def _result_page(number, count, bound):
    """The ResultPage of page `number` (its items still to fill) and whether that page did not exist (then it
    is the last one)."""
    page = ResultPage(items=[], number=number, count=count, bound=bound)
    clamped = number > page.num_pages
    if clamped:
        page.number = page.num_pages
    return page, clamped


def newest(limit=6, region_code=""):
    """The newest published entries, of the whole country or inside a region.

    The ids come first, from a subquery down the region's (status, region, published_at) index: asked
    in one query with the card's columns, SQLite joined the themes first and built the cover and award
    columns of every entry of the provinsi before keeping six (30 ms for Jawa Tengah at 100,000).
    """
    where = Q(id__in=Innovation.objects.in_region(region_code).values("id")) if len(region_code) > 8 else (
        Q(**{REGION_FIELD[region_code.count(".")]: region_code}) if region_code else Q())
    order = ("-published_at", "-id")
    ids = Innovation.objects.published().filter(where).order_by(*order).values("id")[:limit]
    return card_list(Q(id__in=Subquery(ids)), order, limit)


# The lists of a detail page, each with a test of whether the entry has any: the tests come with the
# entry in its one query (an index probe each), and a list is read only when it has something. Most
# entries have no documents, progress or adaptations, and many no photos or indicators.
DETAIL_LISTS = {
    "photos": Photo.objects.filter(innovation=OuterRef("pk")),
    "documents": Document.objects.filter(innovation=OuterRef("pk")),
    "indicators": Indicator.objects.filter(innovation=OuterRef("pk")),
    "desa": Innovation.desa.through.objects.filter(innovation_id=OuterRef("pk")),
    "progress": ProgressUpdate.objects.approved().filter(innovation=OuterRef("pk")),
    "adapted_from": Innovation.adapted_from.through.objects.filter(from_innovation_id=OuterRef("pk")),
    "adaptations": Innovation.adapted_from.through.objects.filter(to_innovation_id=OuterRef("pk")),
    "results": Result.objects.filter(innovation=OuterRef("pk")),
}


@lru_cache(maxsize=1)
def _detail_rows():
    """Published entries with their regions, theme and a `has_<list>` flag for each of DETAIL_LISTS.

    Built once and only ever narrowed, like `_card_rows`: building the eight subqueries costs more than
    the query.
    """
    return (
        Innovation.objects.published()
        .select_related("kecamatan", "kabupaten", "provinsi", "theme")
        .defer("search_vector", "search_stems")
        .annotate(**{f"has_{name}": Exists(rows) for name, rows in DETAIL_LISTS.items()})
    )


def detail(slug):
    """A published entry by slug with everything its page shows, or None."""
    innovation = _detail_rows().filter(slug=slug).first()
    if innovation is None:
        return None
    public = Innovation.objects.published().select_related("kecamatan", "kabupaten").defer(*LIST_DEFERRED)
    lists = {
        "photos": lambda: [picture(photo, 960) for photo in innovation.photos.order_by("position", "id")],
        "documents": lambda: list(Document.objects.filter(innovation=innovation).order_by("title", "id")),
        "indicators": lambda: list(
            Indicator.objects.filter(innovation=innovation).order_by("position", "id").prefetch_related(
                Prefetch("values", queryset=IndicatorValue.objects.order_by("period"), to_attr="value_list")
            )
        ),
        "desa": lambda: list(innovation.desa.order_by("name")),
        "progress": lambda: list(ProgressUpdate.objects.approved().filter(innovation=innovation)
                                 .order_by("-date", "-id")),
        # Two queries, each down its own index: one query with an OR of both ends of the link made
        # PostgreSQL scan every entry (67 ms at 100,000).
        "adapted_from": lambda: list(public.filter(adaptations=innovation).order_by("title")),
        "adaptations": lambda: list(public.filter(adapted_from=innovation).order_by("title")),
        "results": lambda: results_for_innovation(innovation),
    }
    context = {name: read() if getattr(innovation, f"has_{name}") else [] for name, read in lists.items()}
    return context | {
        "innovation": innovation,
        "partners": [line.strip(" -•\t") for line in innovation.partners.splitlines() if line.strip(" -•\t")],
        "related": related(innovation),
    }


def related(innovation, limit=4):
    """The newest other entries of the same kabupaten or the same theme, in one query.

    Each side picks its newest ids in a subquery of its own, down its (status, kabupaten|theme,
    published_at) index; the cards are then built for those few ids only. One OR over the table
    would compute the cover columns of thousands of matches before the LIMIT (on SQLite).
    """
    order = ("-published_at", "-id")
    others = Innovation.objects.published().exclude(pk=innovation.pk).order_by(*order).values("id")
    same_kabupaten = others.filter(kabupaten_id=innovation.kabupaten_id)[:limit]
    same_theme = others.filter(theme_id=innovation.theme_id)[:limit]
    return card_list(Q(id__in=Subquery(same_kabupaten)) | Q(id__in=Subquery(same_theme)), order, limit)


def count_published(code=""):
    """Published entries inside a region (any level; "" = the whole country)."""
    published = Innovation.objects.published()
    return (published.in_region(code) if code else published).count()


def kecamatan_taking_part(code=""):
    """Kecamatan with a published entry inside a provinsi or kabupaten/kota ("" = the whole country).

    Counted from the kecamatan side (an index probe each), which at 100,000 entries is several times
    cheaper than COUNT(DISTINCT kecamatan_id) over the entries.
    """
    kecamatan = Kecamatan.objects.filter(Exists(Innovation.objects.published().filter(kecamatan_id=OuterRef("code"))))
    return (kecamatan.filter(code__startswith=code + ".") if code else kecamatan).count()


@dataclass
class RegionTally:
    """Published entries of a provinsi or kabupaten/kota counted per region one level down, per theme id
    and per stage."""

    children: Counter
    themes: Counter
    stages: Counter

    @property
    def total(self):
        return sum(self.stages.values())


def region_tally(code):
    """The RegionTally of a provinsi or kabupaten/kota, remembered until the next public change.

    One GROUP BY over (child region, theme, stage), answered from the (status, provinsi, theme, ...) index
    for a provinsi, gives the region page its total, its children's counts and its charts
    (`opendata.statistics.region_figures`), which each counted the entries again before.
    """
    def tally():
        child = REGION_FIELD[code.count(".") + 1]
        rows = (Innovation.objects.published().in_region(code).order_by()
                .values_list(child, "theme_id", "stage").annotate(n=Count("*")))
        counts = RegionTally(Counter(), Counter(), Counter())
        for child_code, theme, stage, n in rows:  # up to a thousand rows (Jawa Tengah)
            counts.children[child_code] += n
            counts.themes[theme] += n
            counts.stages[stage] += n
        return counts

    return remember(f"region-tally:{code}", tally)
