"""Reads of published innovations for the public pages: list pages, detail, related entries, figures.

Every function starts from `Innovation.objects.published()` (or a queryset built on it by
`InnovationFilter`) and costs a fixed number of queries whatever the number of entries.
Lists are paged in two steps (the ids of one page, then those rows, in one query with the ids as a
subquery), so that page 500 walks an index instead of fetching 10,000 full rows; counts stop at a
bound instead of counting everything, because "more than 10,000" is as useful to a reader as the
exact figure.
"""

import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from math import ceil

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import JSONObject
from django.urls import reverse

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
# A word search counts, pages and ranks at most this many matches (the newest ones): ranking reads each
# match's whole vector, about 0.2 ms a row at 100,000 entries, so the bound keeps a broad word under ~0.1 s.
MAX_SEARCH_RESULTS = 500
# Field of Innovation holding a region code, by the number of dots in the code (desa go through the M2M).
REGION_FIELD = {0: "provinsi_id", 1: "kabupaten_id", 2: "kecamatan_id"}
# What a card shows (templates/innovations/includes/card.html): the rest of the row is never read.
CARD_VALUES = ("id", "slug", "title", "summary", "is_digital", "stage", "first_applied", "theme__name",
               "kecamatan_id", "kecamatan__name", "kabupaten__name")


@dataclass
class Card:
    """One published entry as its card shows it (templates/innovations/includes/card.html)."""

    id: int
    title: str
    url: str
    summary: str
    theme: str
    place: str
    stage: str
    since: int | None
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
             summary=row["summary"], theme=row["theme__name"],
             place=f"{kecamatan_label(row['kecamatan_id'], row['kecamatan__name'])}, {row['kabupaten__name']}",
             stage=str(stages.get(row["stage"], row["stage"])),
             since=row["first_applied"].year if row["first_applied"] else None,
             is_digital=row["is_digital"], has_award=row["award_id"] is not None, cover=_cover(row["cover_data"]))
        for row in rows
    ]


def card_list(queryset_filter, order, limit, ranked_by=None):
    """Up to `limit` cards of published entries matching a Q, in one query; `ranked_by` (a parsed search)
    annotates the `rank` that a relevance order sorts by."""
    rows = _card_rows().filter(queryset_filter)
    if ranked_by:
        rows = search.with_rank(rows, ranked_by)
    return _cards(rows.order_by(*order)[:limit])


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
    queryset = filterset.qs
    searching = bool(filterset.parsed_query)
    bound = MAX_SEARCH_RESULTS if searching else MAX_RESULTS
    if searching:
        # Counted without an order, so that the database finds any `bound` + 1 matches the cheapest way
        # (its word index for a rare word, the table for a broad one); the page is then read in its order.
        count = queryset.values("id").order_by()[: bound + 1].count()
        if filterset.order == Order.RELEVANT and count > bound:
            # Ranking reads each match's whole vector: beyond the bound only the newest matches are ranked.
            newest_matches = filterset.newest_matches(bound)
            queryset = search.with_rank(Innovation.objects.published().filter(id__in=Subquery(newest_matches)),
                                        filterset.parsed_query).order_by(*Order.FIELDS[Order.RELEVANT])
    elif filterset.narrows:
        count = queryset.values("id").order_by()[: bound + 1].count()
    else:
        # Nothing narrows the list: the same bounded count for every visitor, until the next public change.
        count = remember("list-count", lambda: queryset.values("id").order_by()[: bound + 1].count())
    page = ResultPage(items=[], number=number, count=count, bound=bound)
    clamped = number > page.num_pages
    if clamped:
        page.number = page.num_pages
    offset = (page.number - 1) * PER_PAGE
    # One query: the page's ids as a subquery (down the order's index), their cards sorted the same way
    # (by relevance, each of the page's entries ranked once more).
    page_ids = queryset.values("id")[offset:offset + PER_PAGE]
    ranked_by = filterset.parsed_query if filterset.order == Order.RELEVANT else None
    page.items = card_list(Q(id__in=Subquery(page_ids)), Order.FIELDS[filterset.order], PER_PAGE,
                           ranked_by) if count else []
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
    "progress": ProgressUpdate.objects.filter(
        innovation=OuterRef("pk"), status=ProgressUpdate.Status.APPROVED),
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
        "progress": lambda: list(ProgressUpdate.objects.filter(
            innovation=innovation, status=ProgressUpdate.Status.APPROVED).order_by("-date", "-id")),
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
