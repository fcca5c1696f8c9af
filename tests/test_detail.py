"""The detail page /inovasi/<slug>/: sections in order, charts, gallery, related entries, 404s, queries."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from innovations import selectors
from innovations.models import Document, Innovation, Photo, ProgressUpdate
from tests.factories import (
    DesaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    InnovationFactory,
    KecamatanFactory,
    ResultFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.SITE_URL = "https://inovasi.contoh.go.id"


def png(width=800, height=600):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 90)).save(buffer, "PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


def full_entry(kecamatan=None, n_extra=0):
    """A published entry with every part its page shows."""
    kecamatan = kecamatan or KecamatanFactory()
    entry = InnovationFactory(
        published=True, kecamatan=kecamatan, title="Jumat SMART", unit="Seksi Pemerintahan",
        summary="Pembinaan aparatur setiap Jumat.", problem="Pelanggaran norma aparatur tinggi.",
        approach="Apel dan diskusi setiap Jumat pagi.", benefits="Pelanggaran turun.",
        partners="Pendamping Desa (PD)\n- Babinsa\n", contact_office="Kantor Kecamatan Kawedanan",
        first_applied=datetime.date(2023, 1, 6),
    )
    desa = DesaFactory(kecamatan=kecamatan, name="Giripurno")
    entry.desa.add(desa)
    Photo.objects.create(innovation=entry, image=png(), caption="Apel Jumat pagi", position=0)
    Photo.objects.create(innovation=entry, image=png(600, 400), caption="Diskusi", position=1)
    Document.objects.create(innovation=entry, title="SK Camat",
                            file=SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"))
    indicator = IndicatorFactory(innovation=entry, name="Pelanggaran <norma>", unit="temuan", lower_is_better=True)
    for period, value in (("2022", 12), ("2023", 4)):
        IndicatorValueFactory(indicator=indicator, period=period, value=value)
    ProgressUpdate.objects.create(innovation=entry, date=datetime.date(2024, 2, 1), text="Diperluas ke desa.",
                                  status=ProgressUpdate.Status.APPROVED)
    ProgressUpdate.objects.create(innovation=entry, date=datetime.date(2024, 3, 1), text="Catatan belum diperiksa.")
    ResultFactory(kecamatan=kecamatan, innovation=entry, category__competition__name="Lomba Inovasi Magetan")
    source = InnovationFactory(published=True, title="Sumber Asli")
    hidden_source = InnovationFactory(title="Sumber Draf")
    entry.adapted_from.add(source, hidden_source)
    InnovationFactory(published=True, title="Tiruan Terbit").adapted_from.add(entry)
    InnovationFactory(status="returned", title="Tiruan Dikembalikan").adapted_from.add(entry)
    for n in range(n_extra):
        InnovationFactory(published=True, kecamatan=kecamatan, title=f"Tetangga {n}")
    return entry


def test_the_page_shows_every_part_in_order(client):
    entry = full_entry()
    response = client.get(entry.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    order = [page.index(text) for text in (
        "Pembinaan aparatur setiap Jumat.", 'id="masalah"', 'id="cara-kerja"', 'id="hasil"', 'id="penghargaan"',
        'id="perkembangan"')]
    assert order == sorted(order)
    assert "Lomba Inovasi Magetan" in page
    assert "Diperluas ke desa." in page and "Catatan belum diperiksa." not in page
    assert "Desa Giripurno" in page
    assert "<li>Pendamping Desa (PD)</li>" in page and "<li>Babinsa</li>" in page
    assert "SK Camat" in page
    assert "Sumber Asli" in page and "Sumber Draf" not in page
    assert "Tiruan Terbit" in page and "Tiruan Dikembalikan" not in page
    assert [e.title for e in response.context["adapted_from"]] == ["Sumber Asli"]
    assert [e.title for e in response.context["adaptations"]] == ["Tiruan Terbit"]


def test_an_entry_on_both_ends_of_adaptation_links_is_listed_on_both(client):
    entry, other = InnovationFactory(published=True), InnovationFactory(published=True, title="Saling Tiru")
    entry.adapted_from.add(other)
    other.adapted_from.add(entry)
    context = client.get(entry.get_absolute_url()).context
    assert [e.title for e in context["adapted_from"]] == ["Saling Tiru"]
    assert [e.title for e in context["adaptations"]] == ["Saling Tiru"]


def test_indicator_chart_is_an_accessible_svg_with_numbers_in_text(client):
    entry = full_entry()
    page = client.get(entry.get_absolute_url()).content.decode()
    assert '<svg class="indicator-svg"' in page and 'role="img"' in page
    assert "<title id=\"indikator-1-title\">Pelanggaran &lt;norma&gt; (temuan)</title>" in page
    assert "2022: 12 temuan; 2023: 4 temuan." in page
    assert "Makin kecil makin baik." in page
    assert "<norma>" not in page
    assert "2023: <strong>4</strong> temuan" in page


def test_gallery_images_have_sizes_and_lazy_loading(client):
    entry = full_entry()
    page = client.get(entry.get_absolute_url()).content.decode()
    assert 'width="800" height="600"' in page
    assert 'width="600" height="400"' in page and 'loading="lazy"' in page
    assert 'alt="Apel Jumat pagi"' in page
    if hasattr(Photo, "srcset"):
        assert "srcset=" in page


def test_meta_description_open_graph_and_canonical(client):
    entry = full_entry()
    page = client.get(entry.get_absolute_url()).content.decode()
    url = f"https://inovasi.contoh.go.id{entry.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:title" content="Jumat SMART">' in page
    assert '<meta name="description" content="Pembinaan aparatur setiap Jumat.">' in page
    assert '<meta property="og:image" content="https://inovasi.contoh.go.id/media/' in page


def test_related_entries_are_published_neighbours(client):
    entry = full_entry(n_extra=2)
    InnovationFactory(kecamatan=entry.kecamatan, title="Tetangga Draf")
    related = client.get(entry.get_absolute_url()).context["related"]
    titles = {item.title for item in related}
    assert {"Tetangga 0", "Tetangga 1"} <= titles
    assert "Tetangga Draf" not in titles and entry.title not in titles


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "rejected"])
def test_unpublished_entries_are_404(client, status):
    entry = InnovationFactory(status=status, title="Belum Terbit")
    response = client.get(entry.get_absolute_url())
    assert response.status_code == 404
    assert "Belum Terbit" not in response.content.decode()


def test_unknown_slug_is_404(client):
    assert client.get("/inovasi/tidak-ada/").status_code == 404


def test_no_private_contact_data(client):
    entry = full_entry()
    entry.created_by = None
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Kantor Kecamatan Kawedanan" in page
    assert "pengguna" not in page  # no account names of the staff who wrote it


def test_query_count_is_constant(client, django_assert_num_queries):
    entry = full_entry(n_extra=2)
    client.get(entry.get_absolute_url())
    # The entry, photos, documents, indicators and their values, desa, progress, the two ends of the
    # adaptation links, related entries, award results.
    with django_assert_num_queries(11):
        client.get(entry.get_absolute_url())
    more = full_entry(kecamatan=entry.kecamatan, n_extra=20)
    for n in range(5):
        Photo.objects.create(innovation=more, image=png(40, 30), position=n + 2)
        extra = IndicatorFactory(innovation=more, name=f"Indikator {n}")
        IndicatorValueFactory(indicator=extra, period="2024", value=n)
    more.desa.add(*[DesaFactory(kecamatan=more.kecamatan) for _ in range(5)])
    with django_assert_num_queries(11):
        response = client.get(more.get_absolute_url())
    assert len(response.context["photos"]) == 7
    assert Innovation.objects.published().count() > 20


LISTS = ("photos", "documents", "indicators", "desa", "progress", "adapted_from", "adaptations", "results")


def test_an_entry_with_empty_lists_reads_none_of_them(client, django_assert_num_queries):
    entry = InnovationFactory(published=True)
    # Neither is shown, so neither list is read: a progress note not yet checked, a link to a draft.
    ProgressUpdate.objects.create(innovation=entry, date=datetime.date(2024, 3, 1), text="Belum diperiksa.")
    InnovationFactory(title="Tiruan Draf").adapted_from.add(entry)
    client.get(entry.get_absolute_url())
    with django_assert_num_queries(3):  # the entry with a test of each list, its one draft adaptation, related
        response = client.get(entry.get_absolute_url())
    assert all(response.context[name] == [] for name in LISTS)
    assert 'id="perkembangan"' not in response.content.decode()


@pytest.mark.parametrize("name", LISTS)
def test_each_list_is_read_when_it_has_a_row(client, name):
    entry, other = InnovationFactory(published=True), InnovationFactory(published=True, title="Tetangga Terbit")
    add = {
        "photos": lambda: Photo.objects.create(innovation=entry, image=png(40, 30)),
        "documents": lambda: Document.objects.create(
            innovation=entry, title="SK", file=SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n%%EOF\n")),
        "indicators": lambda: IndicatorFactory(innovation=entry),
        "desa": lambda: entry.desa.add(DesaFactory(kecamatan=entry.kecamatan)),
        "progress": lambda: ProgressUpdate.objects.create(
            innovation=entry, date=datetime.date(2024, 2, 1), text="Diperluas.", status=ProgressUpdate.Status.APPROVED),
        "adapted_from": lambda: entry.adapted_from.add(other),
        "adaptations": lambda: other.adapted_from.add(entry),
        "results": lambda: ResultFactory(innovation=entry, kecamatan=entry.kecamatan),
    }
    add[name]()
    context = client.get(entry.get_absolute_url()).context
    assert [other for other in LISTS if context[other]] == [name]


def test_related_are_the_newest_of_the_same_kabupaten_or_theme_in_one_query(django_assert_num_queries):
    entry = InnovationFactory(published=True, theme=ThemeFactory(name="Tema entri"))
    elsewhere, other_theme = KecamatanFactory(), ThemeFactory(name="Tema lain")
    assert elsewhere.kabupaten_id != entry.kabupaten_id
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)

    def neighbour(day, kecamatan=elsewhere, theme=other_theme, **fields):
        return InnovationFactory(published=True, published_at=start + datetime.timedelta(days=day),
                                 kecamatan=kecamatan, theme=theme, **fields)

    same_kabupaten = [neighbour(day, kecamatan=KecamatanFactory(kabupaten=entry.kabupaten)) for day in (1, 5, 7)]
    same_theme = [neighbour(day, theme=entry.theme) for day in (2, 6, 8)]
    neighbour(9)  # neither: never related
    neighbour(10, kecamatan=entry.kecamatan, theme=entry.theme, status=Innovation.Status.SUBMITTED)
    with django_assert_num_queries(1):
        related = selectors.related(entry)
    expected = [same_theme[2], same_kabupaten[2], same_theme[1], same_kabupaten[1]]
    assert [card.id for card in related] == [e.id for e in expected]
    assert [card.url for card in related] == [e.get_absolute_url() for e in expected]
    assert related[0].place == f"{expected[0].kecamatan.display_name}, {expected[0].kabupaten.name}"
