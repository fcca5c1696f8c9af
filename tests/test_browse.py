"""The public list /inovasi/: each filter alone and combined, sorting, paging, chips and bad input."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from PIL import Image

from innovations import selectors
from innovations.filters import InnovationFilter
from innovations.models import Innovation, Photo
from tests.factories import (
    InnovationFactory,
    KabupatenFactory,
    KecamatanFactory,
    ProvinsiFactory,
    ResultFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
URL = "/inovasi/"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def world():
    """Two provinsi, kabupaten and kecamatan, two themes and entries that differ in one thing each."""
    jateng, jatim = ProvinsiFactory(code="33", name="JAWA TENGAH"), ProvinsiFactory(code="35", name="JAWA TIMUR")
    wonogiri = KabupatenFactory(code="33.12", provinsi=jateng, name="WONOGIRI")
    purworejo = KabupatenFactory(code="33.06", provinsi=jateng, name="PURWOREJO")
    magetan = KabupatenFactory(code="35.20", provinsi=jatim, name="MAGETAN")
    jatipurno = KecamatanFactory(code="33.12.21", kabupaten=wonogiri, name="JATIPURNO")
    jatisrono = KecamatanFactory(code="33.12.20", kabupaten=wonogiri, name="JATISRONO")
    kutoarjo = KecamatanFactory(code="33.06.09", kabupaten=purworejo, name="KUTOARJO")
    kawedanan = KecamatanFactory(code="35.20.05", kabupaten=magetan, name="KAWEDANAN")
    health, service = ThemeFactory(name="Kesehatan"), ThemeFactory(name="Pelayanan publik")
    day = timezone.now()

    def make(title, kecamatan, days_ago, **kwargs):
        kwargs.setdefault("theme", service)
        return InnovationFactory(title=title, kecamatan=kecamatan, status="published",
                                 published_at=day - datetime.timedelta(days=days_ago), **kwargs)

    entries = {
        "smart": make("Jumat SMART", kawedanan, 1, form="tata_kelola", first_applied=datetime.date(2023, 1, 6)),
        "wia": make("Wonogiri Inovasi Award", jatipurno, 2, theme=health, is_digital=True,
                    first_applied=datetime.date(2025, 3, 1)),
        "solid": make("Solid Center", kutoarjo, 3, stage="uji_coba", first_applied=datetime.date(2023, 5, 1)),
        "antar": make("Antar Akta", jatisrono, 4, first_applied=datetime.date(2020, 5, 1)),
    }
    ResultFactory(kecamatan=jatipurno, innovation=entries["wia"])
    for status in ("draft", "submitted", "returned", "rejected"):
        InnovationFactory(title=f"Rahasia {status}", kecamatan=jatipurno, status=status, theme=health)
    return entries


def listed(client, params=None):
    response = client.get(URL, params or {})
    assert response.status_code == 200
    return [entry.title for entry in response.context["page"].items], response


@pytest.mark.parametrize("params,expected", [
    ({}, ["Jumat SMART", "Wonogiri Inovasi Award", "Solid Center", "Antar Akta"]),
    ({"provinsi": "33"}, ["Wonogiri Inovasi Award", "Solid Center", "Antar Akta"]),
    ({"kabupaten": "33.12"}, ["Wonogiri Inovasi Award", "Antar Akta"]),
    ({"kecamatan": "33.12.21"}, ["Wonogiri Inovasi Award"]),
    ({"tema": "kesehatan"}, ["Wonogiri Inovasi Award"]),
    ({"bentuk": "tata_kelola"}, ["Jumat SMART"]),
    ({"tahapan": "uji_coba"}, ["Solid Center"]),
    ({"digital": "ya"}, ["Wonogiri Inovasi Award"]),
    ({"digital": "true"}, ["Wonogiri Inovasi Award"]),
    ({"digital": "tidak"}, ["Jumat SMART", "Solid Center", "Antar Akta"]),
    ({"tahun": "2023"}, ["Jumat SMART", "Solid Center"]),
    ({"penghargaan": "ya"}, ["Wonogiri Inovasi Award"]),
    ({"penghargaan": "tidak"}, ["Jumat SMART", "Solid Center", "Antar Akta"]),
    ({"provinsi": "33", "tahun": "2023"}, ["Solid Center"]),
    ({"provinsi": "33", "kabupaten": "33.12", "digital": "tidak"}, ["Antar Akta"]),
    ({"tema": "pelayanan-publik", "tahun": "2023", "tahapan": "penerapan"}, ["Jumat SMART"]),
    ({"urut": "terlama"}, ["Antar Akta", "Solid Center", "Wonogiri Inovasi Award", "Jumat SMART"]),
    ({"urut": "judul"}, ["Antar Akta", "Jumat SMART", "Solid Center", "Wonogiri Inovasi Award"]),
])
def test_each_filter_alone_and_combined(client, world, params, expected):
    titles, response = listed(client, params)
    assert titles == expected
    assert not response.context["filter_messages"]


def test_the_filterset_is_usable_on_its_own(world):
    filterset = InnovationFilter({"kabupaten": "33.12", "urut": "judul"}, queryset=Innovation.objects.published())
    assert [entry.title for entry in filterset.qs] == ["Antar Akta", "Wonogiri Inovasi Award"]
    assert filterset.errors == {}


@pytest.mark.parametrize("params,message", [
    ({"tahun": "dua ribu"}, "Tahun harus berupa angka"),
    ({"tahun": "99999"}, "Tahun paling akhir"),
    ({"provinsi": "99"}, "Provinsi “99” tidak dikenal"),
    ({"provinsi": "<script>"}, "Provinsi “&lt;script&gt;” tidak dikenal"),
    ({"kabupaten": "33.99"}, "Kabupaten/kota “33.99” tidak dikenal"),
    ({"kecamatan": "33.12.99"}, "Kecamatan “33.12.99” tidak dikenal"),
    ({"tema": "tidak-ada"}, "Tema “tidak-ada” tidak dikenal"),
    ({"bentuk": "x"}, "Bentuk “x” tidak dikenal"),
    ({"tahapan": "salah"}, "Tahapan “salah” tidak dikenal"),
    ({"digital": "mungkin"}, "Nilai digital “mungkin” tidak dikenal"),
    ({"penghargaan": "2"}, "Nilai penghargaan “2” tidak dikenal"),
    ({"urut": "harga"}, "Urutan “harga” tidak dikenal"),
    ({"page": "abc"}, "Nomor halaman “abc” tidak valid"),
    ({"page": "-3"}, "Nomor halaman “-3” tidak valid"),
])
def test_bad_values_give_the_page_with_a_message(client, world, params, message):
    titles, response = listed(client, params)
    assert message in response.content.decode()
    # The bad filter is left out, the others still apply: here every published entry is listed.
    assert len(titles) == 4


def test_a_bad_value_does_not_drop_the_good_filters(client, world):
    titles, response = listed(client, {"tahun": "abc", "provinsi": "33", "tema": "kesehatan"})
    assert titles == ["Wonogiri Inovasi Award"]
    assert "Tahun harus berupa angka" in response.content.decode()
    filterset = InnovationFilter({"tahun": "abc", "provinsi": "33"}, queryset=Innovation.objects.published())
    assert list(filterset.errors) == ["tahun"]


def test_a_kabupaten_outside_the_chosen_provinsi_is_reported(client, world):
    titles, response = listed(client, {"provinsi": "35", "kabupaten": "33.12"})
    assert titles == ["Jumat SMART"]
    assert "tidak berada di provinsi yang dipilih" in response.content.decode()


def test_a_page_past_the_end_shows_the_last_page_with_a_message(client, world):
    titles, response = listed(client, {"page": "400"})
    assert titles == ["Jumat SMART", "Wonogiri Inovasi Award", "Solid Center", "Antar Akta"]
    assert "Halaman 400 tidak ada" in response.content.decode()


def test_region_choices_follow_the_chosen_region(client, world):
    form = client.get(URL).context["form"]
    assert [code for code, _ in form.fields["provinsi"].choices if code] == ["33", "35"]
    assert [code for code, _ in form.fields["kabupaten"].choices if code] == []
    # A kecamatan alone brings its kabupaten's kecamatan and its provinsi's kabupaten.
    form = client.get(URL, {"kecamatan": "33.12.21"}).context["form"]
    assert [code for code, _ in form.fields["kabupaten"].choices if code] == ["33.06", "33.12"]
    assert [code for code, _ in form.fields["kecamatan"].choices if code] == ["33.12.20", "33.12.21"]


def test_filter_sets_side_by_side_keep_their_own_choices_and_filters(world):
    """The filters are copied cheaply for each request (filters.ChoiceFilter): one request's region choices
    and its method filters must neither leak into another's nor into the class."""
    published = Innovation.objects.published()
    narrow = InnovationFilter({"kecamatan": "33.12.21", "digital": "ya"}, queryset=published)
    wide = InnovationFilter({}, queryset=published)
    assert [code for code, _ in narrow.form.fields["kabupaten"].choices if code] == ["33.06", "33.12"]
    assert [code for code, _ in wide.form.fields["kabupaten"].choices if code] == []
    assert "choices" not in InnovationFilter.base_filters["kabupaten"].extra
    assert [e.title for e in narrow.qs] == ["Wonogiri Inovasi Award"]
    assert wide.qs.count() == published.count()


def test_a_card_shows_a_stage_outside_the_choices_as_stored(client, world):
    """Rows written before a stage was renamed keep their old value: the card shows it, the list still loads."""
    Innovation.objects.filter(pk=world["solid"].pk).update(stage="rintisan")
    response = client.get(URL)
    assert response.status_code == 200
    assert {card.title: card.stage for card in response.context["page"].items}["Solid Center"] == "rintisan"


def test_cards_show_the_first_photo_as_cover_and_the_award_badge(client, world):
    def png(width, height):
        buffer = io.BytesIO()
        Image.new("RGB", (width, height), (20, 120, 90)).save(buffer, "PNG")
        return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")

    Photo.objects.create(innovation=world["solid"], image=png(400, 300), position=1)
    cover = Photo.objects.create(innovation=world["solid"], image=png(800, 600), position=0)
    cards = {card.title: card for card in client.get(URL).context["page"].items}
    assert cards["Solid Center"].cover.src == cover.url_for(640) and cover.url_for(640).endswith("-640w.webp")
    assert cards["Solid Center"].cover.srcset == cover.srcset
    assert (cards["Solid Center"].cover.width, cards["Solid Center"].cover.height) == (800, 600)
    assert cards["Jumat SMART"].cover is None
    assert [title for title, card in cards.items() if card.has_award] == ["Wonogiri Inovasi Award"]
    page = client.get(URL).content.decode()
    assert f'src="{cover.url_for(640)}" srcset="{cover.srcset}"' in page
    assert page.count("Meraih penghargaan</span>") == 1


def test_remembered_choices_show_a_new_theme_and_a_new_region_at_once(client, world, settings):
    settings.PAGE_CACHE_ENABLED = False  # the choices, not the whole page, are remembered here
    assert "lingkungan-hidup" not in dict(client.get(URL).context["form"].fields["tema"].choices)
    ThemeFactory(name="Lingkungan hidup")  # an administrator adds a theme in the admin
    assert "lingkungan-hidup" in dict(client.get(URL).context["form"].fields["tema"].choices)
    def kecamatan_offered():
        return dict(client.get(URL, {"kabupaten": "33.12"}).context["form"].fields["kecamatan"].choices)

    assert "33.12.22" not in kecamatan_offered()
    # import_regions writes with bulk_create (no signals) and makes the change public itself.
    call_command("import_regions", only=["33.12.22"], stdout=io.StringIO())
    assert "33.12.22" in kecamatan_offered()


def test_filter_selects_escape_their_labels_and_mark_the_chosen_option(client, world):
    ThemeFactory(name='Air <b>"bersih"</b>', slug="air-bersih")
    page = client.get(URL, {"tema": "air-bersih", "provinsi": "33"}).content.decode()
    assert '<option value="air-bersih" selected>Air &lt;b&gt;&quot;bersih&quot;&lt;/b&gt;</option>' in page
    assert '<option value="33" selected>' in page and '<option value="35">' in page
    assert '<select name="provinsi" id="id_provinsi">' in page


def test_chips_show_active_filters_and_remove_them_with_their_children(client, world):
    response = client.get(URL, {"provinsi": "33", "kabupaten": "33.12", "tema": "kesehatan", "page": "1"})
    chips = {chip["label"]: chip for chip in response.context["chips"]}
    assert chips["Provinsi"]["value"] == "JAWA TENGAH"
    assert chips["Kabupaten/kota"]["value"] == "Kabupaten WONOGIRI"
    assert chips["Provinsi"]["remove_url"] == "?tema=kesehatan"
    assert chips["Kabupaten/kota"]["remove_url"] == "?provinsi=33&tema=kesehatan"
    assert chips["Tema/urusan"]["remove_url"] == "?provinsi=33&kabupaten=33.12"
    page = response.content.decode()
    assert 'href="/data/inovasi.csv?provinsi=33&amp;kabupaten=33.12&amp;tema=kesehatan"' in page


def test_pagination_keeps_the_filters(client, world, monkeypatch):
    monkeypatch.setattr(selectors, "PER_PAGE", 1)
    titles, response = listed(client, {"provinsi": "33", "page": "2"})
    assert titles == ["Solid Center"]
    page = response.content.decode()
    assert 'href="?provinsi=33&amp;page=3"' in page
    assert 'href="?provinsi=33&amp;page=1"' in page
    assert response.context["page"].num_pages == 3


def test_counts_stop_at_a_bound(client, world, monkeypatch):
    monkeypatch.setattr(selectors, "PER_PAGE", 1)
    monkeypatch.setattr(selectors, "MAX_RESULTS", 2)
    titles, response = listed(client, {"page": "9"})
    assert response.context["page"].num_pages == 2
    assert titles == ["Wonogiri Inovasi Award"]
    assert "Lebih dari 2 inovasi" in response.content.decode()


def test_empty_state_helps(client, world):
    titles, response = listed(client, {"q": "kereta", "provinsi": "35"})
    assert titles == []
    page = response.content.decode()
    assert "Belum ada inovasi yang cocok" in page
    assert "hapus semua filter" in page
    assert "0 inovasi" in page


def test_only_published_entries_are_listed(client, world):
    titles, _ = listed(client, {"kecamatan": "33.12.21"})
    assert titles == ["Wonogiri Inovasi Award"]
    page = client.get(URL).content.decode()
    assert "Rahasia" not in page


def test_the_form_works_without_javascript_and_names_the_children_url(client, world):
    page = client.get(URL, {"provinsi": "33"}).content.decode()
    assert 'data-children-url="/wilayah/KODE/anak.json"' in page
    assert '<option value="33.12">Kabupaten WONOGIRI</option>' in page


def make_entries(count, kecamatan, theme):
    for n in range(count):
        entry = InnovationFactory(published=True, kecamatan=kecamatan, theme=theme, title=f"Pelayanan Uji {n}")
        ResultFactory(kecamatan=kecamatan, innovation=entry)


@pytest.mark.parametrize("params,queries", [
    ({}, 1),                                              # the page's cards: the count of everything is remembered
    ({"kecamatan": "33.12.21", "tema": "kesehatan"}, 2),  # count, the page's cards (region choices remembered)
    ({"q": "layanan", "urut": "judul", "page": "2"}, 2),  # the first matches, the page's cards
    # By relevance: the ranked matches, the page's cards; SQLite counts the matches first (search.first_matches).
    ({"q": "layanan", "page": "2"}, 2 if connection.vendor == "postgresql" else 3),
])
def test_query_count_does_not_grow_with_the_entries(client, django_assert_num_queries, params, queries):
    jatipurno = KecamatanFactory(code="33.12.21", kabupaten=KabupatenFactory(
        code="33.12", provinsi=ProvinsiFactory(code="33")))
    theme = ThemeFactory(name="Kesehatan")
    make_entries(25, jatipurno, theme)
    client.get(URL, params)  # reads and remembers the filter form's choices
    with django_assert_num_queries(queries):
        small = client.get(URL, params)
    make_entries(25, jatipurno, theme)
    client.get(URL, params)  # publishing made what is remembered stale: read once more
    with django_assert_num_queries(queries):
        large = client.get(URL, params)
    assert small.context["page"].count == 25 and large.context["page"].count == 50


@pytest.mark.parametrize("order,fields", [("terbaru", ("-published_at", "-id")), ("terlama", ("published_at", "id")),
                                          ("judul", ("title", "id"))])
def test_every_page_holds_the_next_cards_in_the_order_asked(client, order, fields):
    kecamatan, theme = KecamatanFactory(), ThemeFactory()
    for n in range(45):
        # Titles and dates in different orders, some dates shared: only the order asked for passes.
        InnovationFactory(published=True, kecamatan=kecamatan, theme=theme, title=f"Pelayanan {(n * 7) % 45:02d}",
                          published_at=datetime.datetime(2025, 1, 1 + n % 9, tzinfo=datetime.UTC))
    expected = list(Innovation.objects.published().order_by(*fields).values_list("id", flat=True))
    shown = [card.id for number in (1, 2, 3)
             for card in client.get(URL, {"urut": order, "page": number}).context["page"].items]
    assert shown == expected


def test_the_sort_select_shows_the_order_in_effect(client, world):
    page = client.get(URL, {"q": "akta"}).content.decode()
    assert '<option value="relevan" selected>' in page
    assert "<details class=\"filter-more\">" in page  # words alone keep the filter panel closed
    page = client.get(URL, {"q": "akta", "urut": "judul", "tahun": "2020"}).content.decode()
    assert '<option value="judul" selected>' in page and '<option value="relevan" selected>' not in page
    assert "<details class=\"filter-more\" open>" in page


@pytest.mark.parametrize("language,since", [("id", "Sejak 2021"), ("en", "Since 2021")])
def test_a_card_shows_the_start_of_the_summary_and_the_year_in_the_visitor_s_language(client, settings, language,
                                                                                     since):
    words = [f"kata{n}" for n in range(40)]
    InnovationFactory(published=True, title="Kartu Uji", summary=" ".join(words),
                      first_applied=datetime.date(2021, 3, 1))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(URL).content.decode()
    card = page[page.index('<article class="card innovation-card">'):]
    card = card[:card.index("</article>")]
    assert f'<p class="card-summary">{" ".join(words[:selectors.CARD_SUMMARY_WORDS])} …</p>' in card
    assert f'<span class="badge">{since}</span>' in card
