"""load_demo: every fact of the five stories reaches its page, and a second run changes nothing."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article
from awards.models import Competition, Rank, Result
from demo.articles import ARTICLES
from demo.facts import SEED_FACTS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def all_rows():
    """Every row of every table, in a stable order."""
    snapshot = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            snapshot[table] = sorted(cursor.fetchall(), key=repr)
    return snapshot


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(demo_regions):
    load_demo()


def test_a_second_run_writes_nothing(demo_regions):
    first = load_demo()
    assert "baris ditulis" in first
    before = all_rows()
    second = load_demo()
    assert "tidak ada perubahan" in second
    assert all_rows() == before


def test_awards_hold_every_result_of_the_seed(demo):
    assert Result.objects.count() == 11
    wia = Competition.objects.get(slug="wia-2025")
    assert (wia.level, wia.year, wia.organizer_region_code, str(wia.ceremony_date)) == (
        "kabupaten", 2025, "33.12", "2025-12-18")
    unit = Result.objects.get(recipient_kind="unit")
    assert (unit.unit_name, unit.kecamatan_id, unit.rank) == ("UPTD Puskesmas Jatipurno", "33.12.21", Rank.HARAPAN_2)
    skk = Competition.objects.get(slug="skk-2023")
    stages = list(skk.stages.order_by("start_date"))
    assert [(str(s.start_date), s.region_code) for s in stages] == [("2023-11-27", "35.20.05"),
                                                                      ("2024-10-21", "35")]
    assert str(stages[1].end_date) == "2024-11-02" and len(stages[1].conductors) == 3
    skk_results = Result.objects.filter(category__competition=skk)
    assert {r.rank for r in skk_results} == {Rank.PEMENANG}
    assert {r.innovation.slug for r in skk_results.select_related("innovation")} == {
        "modo-berbudaya", "lansia-smart", "kampung-tematik", "jamper", "e-sayur", "jumat-smart", "pakar-pisan"}


def test_kecamatan_jatipurno_shows_its_wia_2025_awards(client, demo):
    page = client.get("/wilayah/33.12.21/").content.decode()
    assert "Wonogiri Innovation Award 2025" in page
    assert "Juara 1" in page
    # The kecamatan page also carries its desa's and its unit's awards.
    assert "Desa Slogoretno" in page and "UPTD Puskesmas Jatipurno" in page


def test_desa_slogoretno_shows_its_juara_1(client, demo):
    page = client.get("/wilayah/33.12.21.2006/").content.decode()
    assert "Wonogiri Innovation Award 2025" in page
    assert '<span class="badge award">Juara 1</span>' in page
    assert "Juara Harapan 1" not in page  # Mangunharjo's, not Slogoretno's


def test_skk_2023_page_shows_its_seven_winners_with_their_innovations(client, demo):
    response = client.get("/penghargaan/skk-2023/")
    page = response.content.decode()
    assert page.count('<span class="badge award">Pemenang</span>') == 7
    for name in ("Modo", "Junrejo", "Wonosari", "Talango", "Manguharjo", "Kawedanan", "Pabean Cantian"):
        assert f">Kecamatan {name}</a>" in page
    assert '<a href="/inovasi/jumat-smart/">Jumat SMART</a>' in page
    assert "27 November 2023" in page and "21 Oktober 2024 – 2 November 2024" in page


def test_solid_center_shows_its_seven_desa(client, demo):
    page = client.get("/inovasi/solid-center/").content.decode()
    for code in ("2021", "2022", "2023", "2024", "2025", "2026", "2027"):
        assert f'href="/wilayah/33.06.09.{code}/"' in page


def test_one_published_article_per_story_with_its_links(client, demo):
    articles = {a.slug: a for a in Article.objects.published()}
    assert set(articles) == {"jatipurno-wia-2025", "pembinaan-skk-2023", "solid-center-kutoarjo",
                             "jumat-smart-kawedanan", "majene-sosialisasi-2021"}
    assert 1 <= sum(a.is_featured for a in articles.values()) <= 2
    assert all(a.author and a.author.username == "editor.forcasi" for a in articles.values())
    assert articles["jumat-smart-kawedanan"].source_name == "iNews.id"
    assert str(articles["majene-sosialisasi-2021"].published_at.date()) == "2021-11-16"
    assert list(articles["majene-sosialisasi-2021"].kabupaten.values_list("code", flat=True)) == ["76.05"]
    jatipurno = articles["jatipurno-wia-2025"]
    assert list(jatipurno.desa.order_by("code").values_list("code", flat=True)) == ["33.12.21.2006",
                                                                                   "33.12.21.2011"]
    page = client.get(articles["jumat-smart-kawedanan"].get_absolute_url()).content.decode()
    for link in ('href="/inovasi/jumat-smart/"', 'href="/inovasi/serasa-desa/"', 'href="/penghargaan/skk-2023/"'):
        assert link in page
    feed = client.get("/artikel/feed/").content.decode()
    assert feed.count("<item>") == 5


def test_article_texts_use_no_number_missing_from_the_seed_facts():
    # The stories are retold, not embellished: every figure in them is one the seed states.
    seed = SEED_FACTS.read_text(encoding="utf-8")
    for key, text in ARTICLES.items():
        for number in re.findall(r"\d+", " ".join([text["title"], text["summary"], text["body"]])):
            assert number in seed, (key, number)
    assert json.loads(seed)["articles"]  # the file read is the real one
