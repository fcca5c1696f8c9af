"""Template filter that lays a statistics figure out as an SVG bar chart."""

from django import template

from opendata.charts import bar_chart as layout

register = template.Library()


@register.filter
def bar_chart(figure):
    return layout(figure)
