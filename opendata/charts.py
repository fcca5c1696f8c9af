"""Layout of server-rendered SVG bar charts: positions computed here, the figure's frame in
templates/opendata/includes/bar_chart.html.

Bars are horizontal with the label above each bar, so that long region and theme names stay
readable on a 360 px phone. Widths are percentages of the chart's width and heights are pixels:
the chart stretches to its column without scaling its text. Every number that goes into an SVG
attribute is formatted here (a dot decimal separator), never by the localising template engine.

The rows (one SVG group and one table row per bar) are written here, every text escaped with the
standard library's `html.escape` (what Django's own escaping applies): the statistics page draws
about a hundred of them, and through the template engine they cost over 10 ms of every request.
"""

from dataclasses import dataclass, field
from html import escape

from django.utils.formats import get_format, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

ROW_HEIGHT = 38
LABEL_BASELINE = 14
BAR_TOP = 19
BAR_HEIGHT = 13
# Share of the width a full bar takes; the rest is room for its value label.
MAX_BAR_PERCENT = 84
# Longer labels are cut in the SVG; the table beside it has them in full.
LABEL_CHARS = 46


@dataclass
class Part:
    key: str
    value: int
    x: str
    width: str


@dataclass
class Row:
    label: str
    full_label: str
    value: int
    url: str
    label_y: int
    bar_y: int
    value_y: int
    width: str
    parts: list = field(default_factory=list)
    columns: list = field(default_factory=list)  # values per legend entry, zeros included, for the table


@dataclass
class Chart:
    figure: object
    rows: list
    height: int
    bar_height: int
    description: str

    @property
    def title_id(self):
        return f"{self.figure.id}-judul"

    @property
    def desc_id(self):
        return f"{self.figure.id}-uraian"

    @property
    def svg_rows(self):
        number = _grouped_number()
        return mark_safe("".join(_svg_row(row, self.bar_height, number) for row in self.rows))

    @property
    def table_rows(self):
        number = _grouped_number()
        return mark_safe("".join(_table_row(row, number) for row in self.rows))


def _grouped_number():
    """A whole number with the active language's thousands separator ("1.234" in Indonesian), as humanize's
    intcomma writes it: the separator is read once per chart, where intcomma for each of a provinsi page's
    four hundred numbers took 1 ms."""
    separator = get_format("THOUSAND_SEPARATOR")
    return lambda value: f"{value:,}".replace(",", separator)


BAR = '<rect class="chart-bar{}" x="{}" y="{}" width="{}%" height="{}" rx="2"></rect>'


def _svg_row(row, bar_height, number):
    """One bar as an SVG group: its label (cut, with the full one as a tooltip), the bar or its stacked
    parts, and the value. Every text is escaped; the numbers are ours."""
    tooltip = f"<title>{escape(row.full_label)}</title>" if row.label != row.full_label else ""
    if row.parts:
        bars = "".join(BAR.format(f" level-{escape(part.key)}", f"{part.x}%", row.bar_y, part.width, bar_height)
                       for part in row.parts)
    else:
        bars = BAR.format("", "0", row.bar_y, row.width, bar_height)
    return (f'<g class="chart-row"><text class="chart-label" x="0" y="{row.label_y}">{escape(row.label)}{tooltip}'
            f'</text>{bars}<text class="chart-value" x="{row.width}%" dx="6" y="{row.value_y}">'
            f"{escape(number(row.value))}</text></g>")


def _table_row(row, number):
    """The same bar as a row of the table beside the chart: label (linked), one cell per legend entry, total."""
    label = escape(row.full_label)
    if row.url:
        label = f'<a href="{escape(row.url)}">{label}</a>'
    cells = "".join(f'<td class="number">{escape(number(value))}</td>' for value in [*row.columns, row.value])
    return f'<tr><th scope="row">{label}</th>{cells}</tr>'


def _percent(value, maximum):
    share = value / maximum * MAX_BAR_PERCENT if maximum else 0
    # A bar of 1 beside one of 10,000 would vanish; keep it visible.
    if value and share < 0.4:
        share = 0.4
    return share


def _cut(label):
    label = str(label)
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def describe(figure):
    """The sentence a screen reader hears for the chart: kind of chart, total and largest bar."""
    if not figure.bars or not figure.total:
        return _("Belum ada data untuk grafik ini.")
    top = figure.top
    return _("Grafik batang mendatar dengan %(bars)s batang. Jumlah seluruhnya %(total)s %(unit)s; "
             "terbanyak %(label)s dengan %(value)s.") % {
        "bars": number_format(len(figure.bars), force_grouping=True),
        "total": number_format(figure.total, force_grouping=True),
        "unit": figure.unit,
        "label": top.label,
        "value": number_format(top.value, force_grouping=True),
    }


def bar_chart(figure):
    maximum = max((bar.value for bar in figure.bars), default=0)
    rows = []
    for i, bar in enumerate(figure.bars):
        top = i * ROW_HEIGHT
        width = _percent(bar.value, maximum)
        parts, x = [], 0.0
        for key, value in bar.parts:
            if value:
                part_width = _percent(value, maximum)
                parts.append(Part(key, value, f"{x:.2f}", f"{part_width:.2f}"))
                x += part_width
        if parts:
            width = x
        rows.append(Row(
            label=_cut(bar.label), full_label=str(bar.label), value=bar.value, url=bar.url,
            label_y=top + LABEL_BASELINE, bar_y=top + BAR_TOP, value_y=top + BAR_TOP + BAR_HEIGHT - 2,
            width=f"{width:.2f}", parts=parts, columns=[value for _key, value in bar.parts],
        ))
    return Chart(figure=figure, rows=rows, height=len(rows) * ROW_HEIGHT + 4, bar_height=BAR_HEIGHT,
                 description=describe(figure))
