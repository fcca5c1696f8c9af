"""Selectors of the statistics: counts of published innovations and of awards, one GROUP BY query per figure.

A figure is a title, a sentence for screen readers and a list of bars; `opendata.charts` lays it
out as SVG. The number of queries is fixed (one per figure, two for themes) whatever the size of the data.

Each figure groups the filtered queryset itself (no `id IN (SELECT ...)` wrapper), counting
`COUNT(*)`, so that PostgreSQL can answer from the (status, column) indexes alone. That is only
right while no filter joins a to-many relation (desa, awards): such filters must be written as
EXISTS subqueries, as `InnovationFilter.filter_penghargaan` does, so that an entry is never
counted twice. The figures are kept with `remember()` until the next public change.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import ExtractYear, Substr
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from awards.models import Competition, Result
from innovations.models import Innovation, Theme
from innovations.selectors import region_tally
from inovasi_portal.cache import remember
from regions.models import REGION_MODELS, code_length

# What a region is broken down into: level of the region (0 = whole country) -> (field, name field, label).
BREAKDOWN = {
    0: ("provinsi_id", "provinsi__name", _("provinsi")),
    1: ("kabupaten_id", "kabupaten__name", _("kabupaten/kota")),
    2: ("kecamatan_id", "kecamatan__name", _("kecamatan")),
}


@dataclass
class Bar:
    label: str
    value: int = 0
    key: str = ""
    url: str = ""  # where the row of the table links to, set by the view
    # For stacked bars: (key, value) per part, in the order of the figure's legend.
    parts: list = field(default_factory=list)

    def __post_init__(self):
        self.label = str(self.label)  # translated now: see Figure


@dataclass
class Figure:
    id: str
    title: str
    bars: list
    unit: str = _("inovasi")
    legend: list = field(default_factory=list)  # [(key, label)] for stacked bars
    key_label: str = ""  # heading of the first table column

    def __post_init__(self):
        # Figures are remembered per language (pickled): plain text, since every lazy translation
        # would build a class of its own when it is read back, about 4 ms for the statistics page.
        self.title, self.unit, self.key_label = str(self.title), str(self.unit), str(self.key_label)
        self.legend = [(key, str(label)) for key, label in self.legend]

    @property
    def total(self):
        return sum(bar.value for bar in self.bars)

    @property
    def top(self):
        return max(self.bars, key=lambda bar: bar.value, default=None)


def by_region(queryset, level=0):
    """Published innovations per provinsi (level 0), per kabupaten (inside a provinsi) or per kecamatan."""
    code, name, label = BREAKDOWN[level]
    rows = queryset.values(code, name).annotate(n=Count("*")).order_by("-n", name)
    bars = [Bar(label=row[name], value=row["n"], key=row[code]) for row in rows]
    return Figure(f"per-{label}".replace("/", "-"), _("Inovasi terbit per %(level)s") % {"level": label}, bars,
                  key_label=str(label).capitalize())


def by_theme(queryset):
    # Grouped on the entries' own column, names looked up apart: joined, SQLite loops over the themes
    # and reads the filtered entries once per theme (0.3 s for one provinsi at 100,000 entries).
    counts = dict(queryset.values_list("theme_id").annotate(n=Count("*")).order_by())
    return _theme_figure(counts)


def _theme_figure(counts):
    """Entries per theme from counts by theme id, the themes' names read apart."""
    bars = _ranked(Bar(label=name, value=counts[pk], key=slug) for pk, slug, name in _themes() if pk in counts)
    return Figure("per-tema", _("Inovasi terbit per tema/urusan"), bars, key_label=_("Tema/urusan"))


def _themes():
    """(pk, slug, name) of every theme: a short list, read in one query."""
    return Theme.objects.values_list("pk", "slug", "name")


def by_stage(queryset):
    counts = dict(queryset.values_list("stage").annotate(n=Count("*")).order_by())
    bars = [Bar(label=label, value=counts.get(value, 0), key=value) for value, label in Innovation.Stage.choices]
    return Figure("per-tahapan", _("Inovasi terbit per tahapan"), bars, key_label=_("Tahapan"))


def by_digital(queryset):
    counts = dict(queryset.values_list("is_digital").annotate(n=Count("*")).order_by())
    bars = [
        Bar(label=_("Digital"), value=counts.get(True, 0), key="ya"),
        Bar(label=_("Bukan digital"), value=counts.get(False, 0), key="tidak"),
    ]
    return Figure("digital", _("Inovasi digital dan bukan digital"), bars, key_label=_("Jenis"))


def by_year(queryset):
    rows = queryset.annotate(year=ExtractYear("first_applied")).values_list("year").annotate(n=Count("*"))
    counts = dict(rows.order_by())
    bars = [Bar(label=str(year), value=counts[year], key=str(year)) for year in sorted(y for y in counts if y)]
    if counts.get(None):
        bars.append(Bar(label=_("Tidak diisi"), value=counts[None], key=""))
    return Figure("per-tahun", _("Inovasi terbit per tahun mulai diterapkan"), bars, key_label=_("Tahun"))


def awards_by_region(region_code, level, names):
    """Award results per region one level below `region_code` (per provinsi for the whole country, level 0),
    stacked by competition level; `names` maps those regions' codes to their names.

    Awards are public records of their own (they may exist without an innovation entry), so every
    result counts; only the region narrows them. They are grouped on the start of each result's own
    kecamatan code ("35.01" of "35.01.02"), without joining the regions: 1 ms instead of 2 for Jawa Timur.
    """
    results = Result.objects.for_region(region_code) if region_code else Result.objects.all()
    rows = (results.annotate(child=Substr("kecamatan_id", 1, code_length(level + 1)))
            .values_list("child", "category__competition__level").annotate(n=Count("*")).order_by())
    legend = list(Competition.Level.choices)
    bars = {}
    for child, competition_level, n in rows:
        bar = bars.setdefault(child, Bar(label=names.get(child, child), key=child,
                                         parts=[[key, 0] for key, _label in legend]))
        bar.value += n
        for part in bar.parts:
            if part[0] == competition_level:
                part[1] += n
    label = BREAKDOWN[level][2]
    return Figure("penghargaan", _("Penghargaan per %(level)s dan tingkat kompetisi") % {"level": label},
                  _ranked(bars.values()),
                  unit=_("penghargaan"), legend=legend, key_label=str(label).capitalize())


def _names_below(region_code, level):
    """Code -> name of the regions one level below the region of this code and level (the provinsi for the
    whole country: "", level 0)."""
    below = REGION_MODELS[level + 1].objects.all()
    if region_code:
        below = below.filter(code__startswith=f"{region_code}.")
    return dict(below.values_list("code", "name"))


def portal_figures(queryset, region_code=""):
    """Every figure of /statistik/ for the filtered published innovations (eight queries).

    `queryset` must hold each entry once (see the module's docstring)."""
    level = region_code.count(".") + 1 if region_code else 0
    entries = queryset.order_by()
    return [
        by_region(entries, level),
        by_theme(entries),
        by_stage(entries),
        by_digital(entries),
        by_year(entries),
        awards_by_region(region_code, level, _names_below(region_code, level)),
    ]


def region_figures(region, children):
    """The small charts of a provinsi or kabupaten page, whose `children` (the regions one level down) the page
    has read already (three queries, then none until the next public change); [] for other levels or an
    empty region."""
    if region.level not in (1, 2):
        return []
    return remember(f"region-figures:{get_language()}:{region.code}", lambda: _region_figures(region, children))


def _region_figures(region, children):
    """The three innovation figures come from the region's tally (`innovations.selectors.region_tally`, one
    GROUP BY over the index's own columns); the names are read apart (two short lists): grouped with the
    names joined in, Jawa Tengah took 12.5 ms at 100,000 entries instead of 5.
    """
    label = BREAKDOWN[region.level][2]
    child_names = {child.code: child.name for child in children}
    tally = region_tally(region.code)
    awards = awards_by_region(region.code, region.level, child_names)
    if not tally.children and not awards.bars:
        return []
    figures = [
        Figure(f"per-{label}".replace("/", "-"), _("Inovasi terbit per %(level)s") % {"level": label},
               _ranked(Bar(label=child_names.get(code, code), value=n, key=code)
                       for code, n in tally.children.items()),
               key_label=str(label).capitalize()),
        _theme_figure(tally.themes),
        Figure("per-tahapan", _("Inovasi terbit per tahapan"),
               [Bar(label=label, value=tally.stages[value], key=value) for value, label in Innovation.Stage.choices],
               key_label=_("Tahapan")),
        awards,
    ]
    for figure in figures:
        figure.id = f"wilayah-{figure.id}"  # unique beside other charts on the region page
    return figures


def _ranked(bars):
    return sorted(bars, key=lambda bar: (-bar.value, bar.label))
