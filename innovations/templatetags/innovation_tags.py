"""Template tags of the innovation pages: the small server-rendered SVG chart of an impact indicator."""

from django import template

register = template.Library()

WIDTH = 320
HEIGHT = 160
TOP = 22  # room for the value above the tallest bar
BOTTOM = 24  # room for the period under the bars
GAP = 0.3  # share of each slot left empty between bars
MAX_BAR = 72  # a single value should not fill the chart


@register.inclusion_tag("innovations/includes/indicator_chart.html")
def indicator_chart(indicator, number):
    """Bars of an indicator's values per period; `indicator.value_list` holds the values, oldest first."""
    values = list(getattr(indicator, "value_list", None) or indicator.values.all())
    bars = []
    if values:
        highest = max(max(float(v.value) for v in values), 0) or 1
        slot = WIDTH / len(values)
        width = min(slot * (1 - GAP), MAX_BAR)
        plot = HEIGHT - TOP - BOTTOM
        for i, value in enumerate(values):
            height = max(float(value.value), 0) / highest * plot
            x = i * slot + (slot - width) / 2
            bars.append({
                "value": value,
                "x": round(x, 1),
                "y": round(TOP + plot - height, 1),
                "width": round(width, 1),
                "height": round(height, 1),
                "middle": round(x + width / 2, 1),
                "value_y": round(TOP + plot - height - 5, 1),
            })
    first, last = (values[0], values[-1]) if values else (None, None)
    return {
        "indicator": indicator,
        "bars": bars,
        "chart_id": f"indikator-{number}",
        "width": WIDTH,
        "height": HEIGHT,
        "label_y": HEIGHT - 6,
        "axis_y": HEIGHT - BOTTOM,
        "first": first,
        "last": last,
    }
