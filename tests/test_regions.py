"""Region import, region pages, the children lookup and their 404s."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError

from regions.models import Desa, Kabupaten, Kecamatan, Provinsi, code_length, parent_code, provinsi_code_of


def counts():
    return (Provinsi.objects.count(), Kabupaten.objects.count(), Kecamatan.objects.count(), Desa.objects.count())


@pytest.mark.parametrize(("code", "parent", "provinsi"), [
    ("33.12.21.2006", "33.12.21", "33"),
    ("33.12.21", "33.12", "33"),
    ("91.01", "91", "91"),
    ("35", "", "35"),
])
def test_a_code_names_its_parent_and_its_provinsi(code, parent, provinsi):
    assert parent_code(code) == parent
    assert provinsi_code_of(code) == provinsi


def test_codes_of_each_level_have_their_length():
    codes = ("35", "35.01", "35.01.02", "35.01.02.2001")
    assert [code_length(level) for level in (1, 2, 3, 4)] == [len(code) for code in codes]


@pytest.mark.django_db
def test_import_loads_every_region_once_and_is_idempotent():
    out = StringIO()
    call_command("import_regions", stdout=out)
    assert counts() == (38, 514, 7285, 83762)
    assert "83762" in out.getvalue()
    jatipurno = Kecamatan.objects.get(code="33.12.21")
    assert jatipurno.name == "Jatipurno"
    assert jatipurno.kabupaten.name == "Kabupaten Wonogiri"
    assert Kabupaten.objects.get(code="35.77").kind == Kabupaten.Kind.KOTA
    slogoretno = Desa.objects.get(code="33.12.21.2006")
    assert (slogoretno.kind, slogoretno.postal_code) == (Desa.Kind.DESA, "57693")

    again = StringIO()
    call_command("import_regions", stdout=again)
    assert counts() == (38, 514, 7285, 83762)
    assert "tidak ada perubahan" in again.getvalue()


@pytest.mark.django_db
def test_import_repairs_changed_and_removes_stale_rows(demo_regions):
    Kecamatan.objects.filter(code="33.12.21").update(name="Salah")
    Desa.objects.create(code="33.12.21.2999", name="Tidak Ada", kecamatan_id="33.12.21", kind="desa")
    out = StringIO()
    call_command("import_regions", only=["33.12.21"], stdout=out)
    assert Kecamatan.objects.get(code="33.12.21").name == "Jatipurno"
    assert "berubah 1" in out.getvalue()


@pytest.mark.django_db
def test_dry_run_writes_nothing():
    call_command("import_regions", only=["33.12.21"], dry_run=True, stdout=StringIO())
    assert counts() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_interrupted_import_leaves_old_data_whole(demo_regions, monkeypatch):
    before = counts()
    Kecamatan.objects.filter(code="33.12.21").update(name="Lama")

    def fail(*args, **kwargs):
        raise DatabaseError("disk penuh")

    monkeypatch.setattr(Desa.objects, "bulk_create", fail)
    with pytest.raises(DatabaseError):
        call_command("import_regions", stdout=StringIO())
    assert counts() == before
    assert Kecamatan.objects.get(code="33.12.21").name == "Lama"


@pytest.mark.django_db
def test_provinsi_list(client, demo_regions):
    response = client.get("/wilayah/")
    assert response.status_code == 200
    assert "Jawa Tengah" in response.content.decode()


@pytest.mark.django_db
def test_kecamatan_page_has_breadcrumb_and_desa(client, demo_regions):
    response = client.get("/wilayah/33.12.21/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kecamatan Jatipurno" in body
    assert 'href="/wilayah/33.12/"' in body and 'href="/wilayah/33/"' in body
    assert "Slogoretno" in body
    assert "Desa/kelurahan" in body


@pytest.mark.django_db
def test_desa_page_shows_kind_and_postal_code(client, demo_regions):
    body = client.get("/wilayah/33.12.21.2006/").content.decode()
    assert "Desa Slogoretno" in body and "57693" in body


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["99.99", "33.12.99", "abc", "33..12", "1" * 40, "33.12.21.2006.1"])
def test_unknown_or_malformed_code_is_a_styled_404(client, demo_regions, code):
    response = client.get(f"/wilayah/{code}/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.django_db
def test_children_json(client, demo_regions):
    data = json.loads(client.get("/wilayah/33.12/anak.json").content)
    assert data["code"] == "33.12"
    assert {"code": "33.12.21", "name": "Jatipurno"}.items() <= data["children"][0].items() or any(
        child["code"] == "33.12.21" and child["name"] == "Jatipurno" for child in data["children"]
    )
    root = json.loads(client.get("/wilayah/anak.json").content)
    assert any(child["code"] == "33" for child in root["children"])
    assert client.get("/wilayah/77.77/anak.json").status_code == 404


@pytest.mark.django_db
def test_region_page_query_count_is_constant(client, demo_regions, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):  # 8 + the two queries of the provinsi's charts
        client.get("/wilayah/33/")
    with django_assert_max_num_queries(8):
        client.get("/wilayah/33.12.21/")
