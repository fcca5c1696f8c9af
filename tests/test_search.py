"""Indonesian word search: the same cases give the same entries on SQLite and on PostgreSQL."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from innovations import search
from innovations.filters import InnovationFilter, Order
from innovations.models import Innovation
from innovations.selectors import MAX_SEARCH_RESULTS
from tests.factories import InnovationFactory, ThemeFactory

pytestmark = pytest.mark.django_db
# A search by relevance reads its ranked matches, then the page's cards; SQLite counts the matches first
# (search.first_matches).
RELEVANCE_QUERIES = 2 if connection.vendor == "postgresql" else 3


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def entries():
    theme = ThemeFactory(name="Pelayanan publik")
    make = lambda **kw: InnovationFactory(published=True, theme=theme, **kw)  # noqa: E731
    return {
        "ktp": make(title="Pelayanan KTP Keliling", summary="Petugas datang ke desa.", problem="Antre lama."),
        "bumdes": make(title="Sekolah BUMDes", summary="Pemberdayaan ekonomi desa lewat pelatihan.",
                       problem="Usaha desa lesu."),
        "sampah": make(title="Bank Sampah Warga", summary="Sampah ditukar tabungan.",
                       approach="Pelayanan penimbangan setiap Jumat."),
        "sehat": make(title="Posyandu Remaja", summary="Pemeriksaan kesehatan remaja.", problem="Anemia tinggi."),
    }


def titles(params):
    filterset = InnovationFilter(params, queryset=Innovation.objects.published())
    return {entry.title for entry in filterset.qs}


# (query, keys of the entries it must find): run unchanged on both databases.
CASES = [
    ("layanan", {"ktp", "sampah"}),            # stems to "layan": pelayanan (title), pelayanan (approach)
    ("berdaya", {"bumdes"}),                   # "daya" as in pemberdayaan
    ("pemberdayaan", {"bumdes"}),
    ("layanan sampah", {"sampah"}),            # every word must match
    ("LAYANAN,  KTP!", {"ktp"}),               # case and punctuation do not matter
    ("sehat", {"sehat"}),                      # kesehatan
    ("yang layanan dan", {"ktp", "sampah"}),   # common words are left out, not required
    ("kereta", set()),
]


@pytest.mark.parametrize("query,expected", CASES)
def test_search_cases_give_the_same_entries(entries, query, expected):
    assert titles({"q": query}) == {entries[key].title for key in expected}


def test_search_runs_on_the_storage_of_each_database(entries):
    entry = Innovation.objects.get(pk=entries["ktp"].pk)
    assert " layan " in entry.search_stems
    assert entry.search_stems.index(" layan ") < entry.search_stems.index(" | ")
    if connection.vendor == "postgresql":
        # The trigger fills the vector, even for rows written without save().
        assert "'layan':1A" in str(entry.search_vector)
        Innovation.objects.bulk_create([Innovation(
            title="Pelayanan Akta Kilat", slug="akta-kilat", kecamatan=entry.kecamatan, kabupaten=entry.kabupaten,
            provinsi=entry.provinsi, theme=entry.theme, summary="Akta lahir cepat.", status="published")])
        assert "Pelayanan Akta Kilat" in titles({"q": "akta"})
    else:
        assert entry.search_vector is None


def test_saving_keeps_the_search_text_current(entries):
    entry = entries["sehat"]
    assert entry.title not in titles({"q": "gizi"})
    entry.summary = "Perbaikan gizi remaja putri."
    entry.save()
    assert titles({"q": "gizi"}) == {entry.title}


def test_unpublished_entries_are_never_found(entries):
    for status in ("draft", "submitted", "returned", "rejected"):
        InnovationFactory(status=status, title=f"Pelayanan Rahasia {status}")
    assert titles({"q": "rahasia"}) == set()
    assert titles({"q": "layanan"}) == {entries["ktp"].title, entries["sampah"].title}


def test_common_words_alone_do_not_search_and_say_so(entries):
    filterset = InnovationFilter({"q": "dan yang di"}, queryset=Innovation.objects.published())
    assert filterset.qs.count() == 4
    assert any("terlalu umum" in note for note in filterset.messages)
    assert any("semua inovasi ditampilkan" in note for note in filterset.messages)


def test_parse_query_drops_stop_words_and_limits_terms():
    parsed = search.parse_query("Pelayanan dan yang di KTP " + " ".join(f"kata{i}" for i in range(20)))
    assert parsed.terms[:2] == ["pelayanan", "ktp"]
    assert len(parsed.terms) == search.MAX_TERMS
    assert parsed.stems[0] == "layan"
    assert len(parsed.notes) == 2


def test_title_matches_rank_first(entries):
    filterset = InnovationFilter({"q": "pelayanan", "urut": "relevan"}, queryset=Innovation.objects.published())
    assert [entry.title for entry in filterset.qs] == [entries["ktp"].title, entries["sampah"].title]


def test_search_defaults_to_relevance_and_the_page_lists_matches(client, entries):
    response = client.get("/inovasi/", {"q": "layanan"})
    assert response.status_code == 200
    assert response.context["order"] == "relevan"
    assert [entry.title for entry in response.context["page"].items] == [entries["ktp"].title,
                                                                         entries["sampah"].title]


def test_a_very_long_query_is_refused_with_a_message(client, entries):
    response = client.get("/inovasi/", {"q": "layanan " * 1250})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kata kunci paling panjang 200 karakter" in page
    assert response.context["page"].count == 4


def test_relevance_without_words_falls_back_to_newest_with_a_note(client, entries):
    response = client.get("/inovasi/", {"urut": "relevan"})
    assert response.context["order"] == "terbaru"
    assert "hanya berlaku saat mencari kata" in response.content.decode()


def test_search_query_count_does_not_grow(client, django_assert_num_queries):
    theme = ThemeFactory(name="Lingkungan")
    for n in range(5):
        InnovationFactory(published=True, theme=theme, title=f"Pelayanan Sampah {n}")
    client.get("/inovasi/", {"q": "layanan sampah"})
    with django_assert_num_queries(RELEVANCE_QUERIES):  # the form's choices are remembered
        client.get("/inovasi/", {"q": "layanan sampah"})
    for n in range(45):
        InnovationFactory(published=True, theme=theme, title=f"Pelayanan Sampah Besar {n}")
    client.get("/inovasi/", {"q": "layanan sampah"})  # the choices again, after the public change
    with django_assert_num_queries(RELEVANCE_QUERIES):
        response = client.get("/inovasi/", {"q": "layanan sampah"})
    assert response.context["page"].count == 50


def test_pages_ranked_by_relevance_hold_the_next_cards_in_rank_order(client):
    for n in range(45):
        # The word in the title of some, only in the summary of others: ranks differ, and ties fall to the date.
        title = f"Posyandu Keliling {n}" if n % 3 == 0 else f"Layanan Warga {n}"
        InnovationFactory(published=True, title=title, summary=f"Kegiatan posyandu ke-{n} untuk balita.")
    parsed = search.parse_query("posyandu")
    ranked = search.with_rank(search.search(Innovation.objects.published(), parsed), parsed)
    expected = list(ranked.order_by(*Order.FIELDS[Order.RELEVANT]).values_list("id", flat=True))
    shown = [card.id for number in (1, 2, 3)
             for card in client.get("/inovasi/", {"q": "posyandu", "page": number}).context["page"].items]
    assert shown == expected and len(shown) == 45


def test_reindex_command_fills_text_written_without_save(entries):
    from django.core.management import call_command

    Innovation.objects.filter(pk=entries["ktp"].pk).update(search_stems="")
    assert entries["ktp"].title not in titles({"q": "ktp"}) or connection.vendor == "postgresql"
    call_command("reindex_search", only_empty=True, stdout=open("/dev/null", "w"))
    assert titles({"q": "ktp"}) == {entries["ktp"].title}
    assert " ktp " in Innovation.objects.get(pk=entries["ktp"].pk).search_stems


def test_a_broad_word_is_counted_and_ranked_up_to_a_bound(client, entries, monkeypatch):
    from innovations import selectors

    monkeypatch.setattr(selectors, "MAX_SEARCH_RESULTS", 1)
    response = client.get("/inovasi/", {"q": "layanan", "urut": "relevan"})
    page = response.context["page"]
    assert page.count_is_bounded and page.num_pages == 1
    assert "Lebih dari 1 inovasi" in response.content.decode()
    # Only the newest match is ranked; the older one is beyond the bound.
    assert [entry.title for entry in page.items] == [entries["sampah"].title]


def test_beyond_the_bound_the_ranked_matches_keep_every_other_filter(client, entries, monkeypatch):
    """Past the bound the newest matches are read again for ranking (walking newest first): the provinsi
    chosen must still hold, not just the words."""
    from innovations import selectors

    monkeypatch.setattr(selectors, "MAX_SEARCH_RESULTS", 1)
    elsewhere = InnovationFactory(published=True, title="Layanan Terbaru di Provinsi Lain")
    assert elsewhere.provinsi_id != entries["ktp"].provinsi_id
    params = {"q": "layanan", "urut": "relevan", "provinsi": entries["ktp"].provinsi_id}
    InnovationFactory(published=True, title="Layanan Lama", kecamatan=entries["ktp"].kecamatan,
                      published_at=entries["ktp"].published_at.replace(year=2000))
    page = client.get("/inovasi/", params).context["page"]
    assert page.count_is_bounded
    titles_shown = [entry.title for entry in page.items]
    assert titles_shown and elsewhere.title not in titles_shown
    assert titles_shown == [entries["ktp"].title]  # the newest match inside the provinsi


@pytest.mark.parametrize("order,expected", [
    ("judul", ["sampah", "ktp"]),      # "Bank Sampah Warga" sorts before "Pelayanan KTP Keliling"
    ("terlama", ["ktp", "sampah"]),
    ("terbaru", ["sampah", "ktp"]),
])
def test_search_orders_every_match_when_under_the_bound(client, entries, order, expected):
    page = client.get("/inovasi/", {"q": "layanan", "urut": order}).context["page"]
    assert page.count == 2
    assert [entry.title for entry in page.items] == [entries[key].title for key in expected]


def test_a_search_reads_its_first_matches_in_one_query_then_only_the_page_s_cards(client, entries):
    """The first bound + 1 matches come in one query, ranked and in order, which gives their count too; then
    the cards of the page's entries alone. SQLite counts the matches first, to choose between its word index
    and its date index (search.first_matches)."""
    column = "search_vector" if connection.vendor == "postgresql" else search.FTS_TABLE
    client.get("/inovasi/")  # the form's choices, then remembered
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/inovasi/", {"q": "layanan", "urut": "relevan"}).context["page"]
    assert len(captured) == RELEVANCE_QUERIES
    *count, matches, cards = [query["sql"] for query in captured.captured_queries]
    assert all(sql.startswith("SELECT COUNT(*)") and "ORDER BY" not in sql for sql in count)
    assert column in matches and "ORDER BY" in matches and f"LIMIT {MAX_SEARCH_RESULTS + 1}" in matches
    assert column not in cards and "LIMIT 20" in cards
    assert page.count == 2


def test_the_triggers_that_keep_the_search_index_exist():
    """A later migration that makes SQLite rebuild the table would drop its triggers: this catches it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'innovations_innovation'::regclass")
            expected = {"innovations_search_vector"}
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                           "AND tbl_name = 'innovations_innovation'")
            expected = {"innovations_fts_insert", "innovations_fts_update", "innovations_fts_delete"}
        assert expected <= {row[0] for row in cursor.fetchall()}


# SQLite's statistics of the innovations table at 100,000 generated entries (bench/pages.py's database).
STATISTICS_AT_100_000 = [
    ("innov_status_pub", "100000 100000 1 1"), ("innov_status_prov", "100000 100000 2632 1"),
    ("innov_status_kab", "100000 100000 195 1"), ("innov_status_kec", "100000 100000 14 1"),
    ("innov_status_theme", "100000 100000 10000 1"), ("innov_status_prov_theme", "100000 100000 2632 264 1"),
    ("innov_status_year", "100000 100000 27"), ("innov_status_stage", "100000 100000 33334"),
    ("innov_status_digital", "100000 100000 50000"), ("sqlite_autoindex_innovations_innovation_1", "100000 1"),
    ("innovations_innovation_theme_id_9bf0387a", "100000 10000"),
    ("innovations_innovation_provinsi_id_b9ebf349", "100000 2632"),
    ("innovations_innovation_kabupaten_id_30046f6a", "100000 195"),
    ("innovations_innovation_kecamatan_id_f50e47b6", "100000 14"),
    ("innovations_innovation_created_by_id_4668db1b", "100000 100000"),
]


def test_a_newest_first_walk_tests_each_entry_cheaply(entries):
    """A broad word's newest matches are found by walking entries newest first. On PostgreSQL each entry's
    vector is read from its row, not from TOAST (three more buffers each; migration 0008). On SQLite the
    walk goes down the date index and tests each entry against the FTS5 matches, instead of looking up and
    sorting every match (search.search(newest_first=True))."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT attstorage FROM pg_attribute WHERE attrelid = 'innovations_innovation'::regclass "
                           "AND attname = 'search_vector'")
            assert cursor.fetchone() == ("m",)
        else:
            walk = search.search(Innovation.objects.published(), search.parse_query("layanan"), newest_first=True)
            sql, params = walk.order_by("-published_at", "-id").values("id")[:5].query.sql_with_params()
            # Planned as for 100,000 published entries (the statistics ANALYZE wrote there), not for four;
            # then the test database's own statistics are read back.
            with transaction.atomic():
                cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'innovations_innovation'")
                cursor.executemany("INSERT INTO sqlite_stat1 VALUES ('innovations_innovation', %s, %s)",
                                   STATISTICS_AT_100_000)
                cursor.execute("ANALYZE sqlite_schema")
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                plan = " | ".join(row[-1] for row in cursor.fetchall())
                transaction.set_rollback(True)
            cursor.execute("ANALYZE sqlite_schema")
            assert "innov_status_pub" in plan and "INTEGER PRIMARY KEY" not in plan, plan
            assert {e.title for e in walk} == {entries["ktp"].title, entries["sampah"].title}


def test_entries_written_without_save_are_found_and_deleted_ones_are_not(entries):
    Innovation.objects.filter(pk=entries["sehat"].pk).update(
        title="Posyandu Lansia", search_stems=search.document_stems(Innovation(title="Posyandu Lansia")))
    assert titles({"q": "lansia"}) == {"Posyandu Lansia"}
    Innovation.objects.filter(pk=entries["sehat"].pk).delete()
    assert titles({"q": "lansia"}) == set()
    assert titles({"q": "posyandu"}) == set()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_word_searches_are_never_prepared_while_the_list_is(client, entries):
    """A prepared search could get one generic plan for every word: PostgreSQL assumes few matches and took
    110 ms instead of 15 for words in nine entries of ten. The list without words is prepared as before."""
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    assert threshold  # the settings prepare statements on PostgreSQL
    for word in ["layanan", "sampah", "desa", "remaja", "sekolah", "pelatihan", "tabungan"] * threshold:
        assert client.get("/inovasi/", {"q": word}).status_code == 200
        assert client.get("/inovasi/", {"q": word, "urut": "terbaru"}).status_code == 200
        assert client.get("/inovasi/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("innovations_innovation" in statement for statement in prepared)
    assert not [statement for statement in prepared if "tsquery" in statement]
    assert connection.connection.prepare_threshold == threshold


@pytest.mark.parametrize("order,expected", [("terbaru", "sampah"), ("terlama", "ktp")])
def test_beyond_the_bound_a_search_by_date_shows_the_first_matches_in_that_order(client, entries, monkeypatch,
                                                                                 order, expected):
    """Past the bound, newest first (SQLite walks its date index) and oldest first (it sorts the matches)."""
    from innovations import selectors

    monkeypatch.setattr(selectors, "MAX_SEARCH_RESULTS", 1)
    page = client.get("/inovasi/", {"q": "layanan", "urut": order}).context["page"]
    assert page.count_is_bounded and page.num_pages == 1
    assert [entry.title for entry in page.items] == [entries[expected].title]
