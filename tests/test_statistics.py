"""Statistics: figures equal counts made straight from the database, accessible SVG, constant queries."""

import io
import re
from collections import Counter
from datetime import date
from html import unescape

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string

from awards.models import Competition, Result
from innovations.models import Innovation
from opendata import statistics
from opendata.charts import bar_chart
from regions.models import Kabupaten, Provinsi
from tests.factories import (
    CategoryFactory,
    InnovationFactory,
    KabupatenFactory,
    KecamatanFactory,
    ProvinsiFactory,
    ResultFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

URL = "/statistik/"
# Queries the filter form needs for its choices when they are not remembered yet: provinsi and themes
# (plus kabupaten once a provinsi is given); remembered, none.
FORM_QUERIES = 2
# statistics.portal_figures: six GROUP BY queries, the names of the themes, of the regions the awards are broken into.
FIGURE_QUERIES = 8
NOT_PUBLIC = [Innovation.Status.DRAFT, Innovation.Status.SUBMITTED, Innovation.Status.RETURNED,
              Innovation.Status.REJECTED]


def figure_values(figure):
    return {bar.key: bar.value for bar in figure.bars}


def expected_from_database(queryset):
    """The same figures, counted in Python from plain rows rather than by GROUP BY."""
    rows = list(queryset.select_related("theme"))
    years = Counter(str(r.first_applied.year) if r.first_applied else "" for r in rows)
    return {
        "provinsi": Counter(r.provinsi_id for r in rows),
        "tema": Counter(r.theme.slug for r in rows),
        "tahapan": {stage: sum(r.stage == stage for r in rows) for stage in Innovation.Stage.values},
        "digital": {"ya": sum(r.is_digital for r in rows), "tidak": sum(not r.is_digital for r in rows)},
        "tahun": years,
    }


def awards_from_database(results):
    counts = Counter()
    for result in results.select_related("kecamatan", "category__competition"):
        counts[(result.kecamatan.provinsi_id, result.category.competition.level)] += 1
    return counts


def assert_figures_match(figures, queryset, results):
    region, theme, stage, digital, year, awards = figures
    expected = expected_from_database(queryset)
    assert figure_values(region) == dict(expected["provinsi"])
    assert figure_values(theme) == dict(expected["tema"])
    assert figure_values(stage) == expected["tahapan"]
    assert figure_values(digital) == expected["digital"]
    assert figure_values(year) == dict(expected["tahun"])
    got = Counter()
    for bar in awards.bars:
        for level, value in bar.parts:
            if value:
                got[(bar.key, level)] = value
        assert bar.value == sum(value for _level, value in bar.parts)
        assert bar.label == Provinsi.objects.get(code=bar.key).name
    assert got == awards_from_database(results)


def varied_data(count):
    """`count` published entries spread over regions, themes, stages and years, plus entries nobody may count."""
    kecamatan = [KecamatanFactory() for _ in range(3)]
    themes = [ThemeFactory(name=name) for name in ("Kesehatan", "Pendidikan", "Ketahanan pangan")]
    stages = Innovation.Stage.values
    for i in range(count):
        InnovationFactory(
            published=True, kecamatan=kecamatan[i % 3], theme=themes[i % 2 + (i % 5 == 0)],
            stage=stages[i % 3], is_digital=i % 4 == 0,
            first_applied=date(2019 + i % 4, 1, 1) if i % 6 else None,
        )
    for status in NOT_PUBLIC:
        InnovationFactory(status=status, kecamatan=kecamatan[0], theme=themes[2], stage=stages[0], is_digital=True,
                          first_applied=date(2001, 1, 1))
    for i, level in enumerate([Competition.Level.KABUPATEN, Competition.Level.PROVINSI, Competition.Level.NASIONAL]):
        ResultFactory(category=CategoryFactory(competition__level=level), kecamatan=kecamatan[i % 2])
    ResultFactory(category=CategoryFactory(competition__level=Competition.Level.NASIONAL), kecamatan=kecamatan[2])
    return kecamatan


def test_figures_equal_counts_made_directly_from_the_database():
    varied_data(30)
    figures = statistics.portal_figures(Innovation.objects.published())
    assert_figures_match(figures, Innovation.objects.published(), Result.objects.all())
    # Drafts, submissions, returned and rejected entries count nowhere.
    assert figures[2].total == 30
    assert "2001" not in figure_values(figures[4])


def test_figures_equal_counts_for_generated_data(demo_regions):
    call_command("generate_innovations", count=150, seed=5, stdout=io.StringIO())
    InnovationFactory(kecamatan_id="33.12.21", status=Innovation.Status.SUBMITTED)
    figures = statistics.portal_figures(Innovation.objects.published())
    assert figures[2].total == 150
    assert_figures_match(figures, Innovation.objects.published(), Result.objects.all())


def test_page_shows_the_figures_with_drafts_left_out(client):
    varied_data(12)
    html = client.get(URL).content.decode()
    assert "12 inovasi terbit" in html
    assert ">2001<" not in html  # the year of the drafts only


def test_charts_are_accessible_svg_with_a_table(client):
    varied_data(6)
    html = client.get(URL).content.decode()
    svgs = re.findall(r"<svg [^>]*>", html)
    assert len(svgs) == 6
    for svg in svgs:
        assert 'role="img"' in svg
        ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        assert len(ids) == 2
        for element_id in ids:
            assert f'id="{element_id}"' in html
    assert html.count("<title id=") == 6 and html.count("<desc id=") == 6
    assert html.count("<table>") == 6
    assert html.count('<th scope="row">Seluruhnya</th>') == 6


def test_labels_are_escaped_in_svg_and_table(client):
    theme = ThemeFactory(name='<script>alert("x")</script> & Co')
    InnovationFactory(published=True, theme=theme)
    html = client.get(URL).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html


def test_svg_geometry_is_not_localised():
    """Indonesian formats write 12,5; an SVG attribute needs 12.5."""
    figure = statistics.Figure("uji", "Uji", [statistics.Bar("A", 1234), statistics.Bar("B", 600)])
    html = render_to_string("opendata/includes/bar_chart.html", {"chart": bar_chart(figure)})
    widths = re.findall(r'<rect [^>]*width="([^"]+)"', html)
    assert widths == ["84.00%", "40.84%"]
    assert ">1.234<" in html  # the value label itself is Indonesian


@pytest.mark.parametrize("count", [5, 50])
def test_statistics_page_queries_do_not_grow_with_the_data(client, django_assert_num_queries, count):
    varied_data(count)
    with django_assert_num_queries(FIGURE_QUERIES + FORM_QUERIES):
        response = client.get(URL)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_filtered_statistics_page_queries_do_not_grow(client, django_assert_num_queries, count):
    kecamatan = varied_data(count)
    with django_assert_num_queries(FIGURE_QUERIES + FORM_QUERIES + 1):
        response = client.get(URL, {"provinsi": kecamatan[0].provinsi_id, "tahapan": "penerapan"})
    assert response.status_code == 200


def test_figures_are_remembered_per_filter_until_the_next_public_change(client, django_assert_num_queries,
                                                                        settings):
    settings.PAGE_CACHE_ENABLED = False  # the figures, not the whole page, are remembered here
    kecamatan = varied_data(10)
    provinsi = {"provinsi": kecamatan[0].provinsi_id}
    client.get(URL)
    client.get(URL, provinsi)
    with django_assert_num_queries(0):
        assert client.get(URL).context["total"] == 10
    with django_assert_num_queries(0):
        narrowed = client.get(URL, provinsi).context["total"]
    assert narrowed < 10
    # A published entry makes every remembered figure stale.
    InnovationFactory(kecamatan=kecamatan[0], status=Innovation.Status.PUBLISHED)
    with django_assert_num_queries(FIGURE_QUERIES + FORM_QUERIES):
        assert client.get(URL).context["total"] == 11
    assert client.get(URL, provinsi).context["total"] == narrowed + 1


def test_provinsi_filter_breaks_down_by_kabupaten_and_narrows_awards(client):
    kecamatan = varied_data(20)
    provinsi = kecamatan[0].provinsi_id
    response = client.get(URL, {"provinsi": provinsi})
    region, *_rest, awards = response.context["figures"]
    published = Innovation.objects.published().filter(provinsi_id=provinsi)
    assert figure_values(region) == dict(Counter(published.values_list("kabupaten_id", flat=True)))
    assert all(key.startswith(provinsi + ".") for key in figure_values(awards))
    assert {bar.label for bar in awards.bars} <= set(Kabupaten.objects.values_list("name", flat=True))
    assert response.context["total"] == published.count()


@pytest.mark.parametrize("params", [
    {"tahapan": "uji_coba"}, {"digital": "true"}, {"tahun": "2020"}, {"tema": "kesehatan"},
])
def test_each_filter_narrows_every_figure(client, params):
    varied_data(24)
    from innovations.filters import InnovationFilter

    expected = InnovationFilter(params, queryset=Innovation.objects.published()).qs
    assert 0 < expected.count() < 24
    figures = client.get(URL, params).context["figures"]
    assert_figures_match(figures, expected, Result.objects.all())


def test_invalid_filter_shows_a_message_and_the_rest_still_counts(client):
    varied_data(9)
    response = client.get(URL, {"tahapan": "salah", "digital": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "tidak valid" in html
    assert response.context["total"] == Innovation.objects.published().filter(is_digital=True).count()


# --- region pages --------------------------------------------------------------------------------------------

def test_region_figures_of_a_provinsi_and_a_kabupaten():
    kecamatan = varied_data(18)
    provinsi = Provinsi.objects.get(code=kecamatan[0].provinsi_id)
    kabupaten = Kabupaten.objects.get(code=kecamatan[0].kabupaten_id)
    in_provinsi = Innovation.objects.published().filter(provinsi=provinsi)
    by_kabupaten, theme, stage, awards = statistics.region_figures(provinsi, provinsi.children())
    assert awards.bars and all(bar.label == Kabupaten.objects.get(code=bar.key).name for bar in awards.bars)
    assert figure_values(by_kabupaten) == dict(Counter(in_provinsi.values_list("kabupaten_id", flat=True)))
    assert stage.total == in_provinsi.count()
    kabupaten_figures = statistics.region_figures(kabupaten, kabupaten.children())
    in_kabupaten = Innovation.objects.published().filter(kabupaten=kabupaten)
    assert figure_values(kabupaten_figures[0]) == dict(Counter(in_kabupaten.values_list("kecamatan_id", flat=True)))
    assert all(figure.id.startswith("wilayah-") for figure in kabupaten_figures)


def test_region_figures_are_empty_where_nothing_is_published(django_assert_num_queries):
    kabupaten = KabupatenFactory(provinsi=ProvinsiFactory())
    InnovationFactory(kecamatan=KecamatanFactory(kabupaten=kabupaten))  # a draft only
    assert statistics.region_figures(kabupaten, kabupaten.children()) == []
    assert statistics.region_figures(KecamatanFactory(), []) == []


@pytest.mark.parametrize("count", [5, 50])
def test_region_figures_cost_three_queries(django_assert_num_queries, count):
    kecamatan = varied_data(count)
    provinsi = Provinsi.objects.get(code=kecamatan[0].provinsi_id)
    children = list(provinsi.children())  # read by the page before
    # The innovations grouped, the names of the themes, the awards.
    with django_assert_num_queries(3):
        figures = statistics.region_figures(provinsi, children)
    html = render_to_string("opendata/includes/region_charts.html", {"region_figures": figures, "region": provinsi})
    assert html.count('role="img"') == 4
    assert unescape(f"?provinsi={provinsi.code}") in html


def test_region_page_shows_its_charts(client):
    kecamatan = varied_data(6)
    html = client.get(f"/wilayah/{kecamatan[0].kabupaten_id}/").content.decode()
    assert "Inovasi dalam angka" in html
    assert html.count('role="img"') == 4


def test_figures_and_exports_of_the_demo_data(client, demo_regions):
    call_command("load_demo", stdout=io.StringIO())
    published = Innovation.objects.published()
    assert published.exists()
    InnovationFactory(kecamatan_id="33.12.21", status=Innovation.Status.DRAFT, title="Draf demo rahasia")
    response = client.get(URL)
    assert response.context["total"] == published.count()
    assert_figures_match(response.context["figures"], published, Result.objects.all())
    exported = b"".join(client.get("/data/inovasi.csv").streaming_content).decode()
    for title in published.values_list("title", flat=True):
        assert title in exported
    assert "Draf demo rahasia" not in exported


@pytest.mark.parametrize("language", ["id", "en"])
def test_chart_numbers_are_grouped_as_the_language_writes_them(language):
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils import translation

    values = [0, 7, 999, 1000, 1234, 98765, 1234567]
    figure = statistics.Figure("uji", "Uji", [statistics.Bar(f"Wilayah {v}", v) for v in values])
    with translation.override(language):
        chart = bar_chart(figure)
        expected = [intcomma(v) for v in values]
        shown_in_svg = re.findall(r'class="chart-value"[^>]*>([^<]+)<', str(chart.svg_rows))
        shown_in_table = re.findall(r'<td class="number">([^<]+)</td>', str(chart.table_rows))
    assert expected[-1] == {"id": "1.234.567", "en": "1,234,567"}[language]
    assert sorted(shown_in_svg) == sorted(expected)
    assert sorted(shown_in_table) == sorted(expected)
