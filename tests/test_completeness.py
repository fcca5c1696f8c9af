"""What an entry still lacks, and the warning about similar entries of the same kabupaten on submit."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innovations import completeness, duplicates
from innovations.models import Document, Indicator, IndicatorValue, Innovation, Photo
from tests.innovation_world import S, build_world, entry

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\nstartxref\n9\n%%EOF\n"


@pytest.fixture
def world(db):
    return build_world()


def test_checklist_lists_what_is_missing(world):
    innovation = entry(world.jatipurno, summary="Ringkas.", problem="", approach="Datang ke desa.")
    missing = [str(label) for label in completeness.missing(innovation)]
    assert "Masalah sebelum inovasi" in missing
    assert "Cara kerja" not in missing and "Ringkasan" not in missing
    assert {"Minimal satu foto", "Minimal satu dokumen bukti (PDF)", "Desa yang terlibat",
            "Minimal satu indikator dampak dengan nilai"} <= set(missing)


def test_complete_entry_has_nothing_missing(world):
    from tests.test_uploads import image_bytes

    innovation = entry(world.jatipurno, summary="a", problem="b", approach="c", goals="d", benefits="e",
                       unit="Puskesmas", partners="PKK", development_plan="f", contact_office="Kantor",
                       first_applied=datetime.date(2024, 1, 1), budget_source=Innovation.BudgetSource.APBD)
    innovation.desa.add(world.slogoretno)
    Photo.objects.create(innovation=innovation, image=SimpleUploadedFile("a.jpg", image_bytes()))
    Document.objects.create(innovation=innovation, title="SK", file=SimpleUploadedFile("sk.pdf", PDF))
    indicator = Indicator.objects.create(innovation=innovation, name="Warga", unit="orang")
    assert [str(x) for x in completeness.missing(innovation)] == ["Minimal satu indikator dampak dengan nilai"]
    IndicatorValue.objects.create(indicator=indicator, period="2024", value=3)
    assert completeness.missing(innovation) == []
    assert completeness.percent_complete(innovation) == 100


def test_change_page_shows_the_checklist_to_staff(client, world):
    innovation = entry(world.jatipurno, problem="")
    client.force_login(world.staf)
    response = client.get(reverse("admin:innovations_innovation_change", args=[innovation.pk]))
    page = response.content.decode()
    assert "Kelengkapan entri" in page
    assert "Masalah sebelum inovasi" in page and "Minimal satu foto" in page


def test_change_page_query_count_is_bounded(client, world, django_assert_max_num_queries):
    innovation = entry(world.jatipurno)
    for n in range(20):
        entry(world.girimarto, S.PUBLISHED, title=f"Lain {n}")
    client.force_login(world.staf)
    with django_assert_max_num_queries(45):
        assert client.get(reverse("admin:innovations_innovation_change", args=[innovation.pk])).status_code == 200


# --- Similar entries ------------------------------------------------------------------------------

def titles(found):
    return [s.title for s in found]


def test_similar_title_in_the_same_kabupaten_is_found(world):
    existing = entry(world.girimarto, S.PUBLISHED, title="Jumat SMART", summary="Senam dan kerja bakti aparatur.")
    entry(world.kawedanan, S.PUBLISHED, title="Jumat SMART")  # another kabupaten: not compared
    entry(world.girimarto, S.PUBLISHED, title="Bank Sampah Desa", summary="Tabungan sampah plastik warga.")
    new = entry(world.jatipurno, title="Jumat Smart Jatipurno", summary="Program hari Jumat.")
    found = duplicates.similar_innovations(new, world.staf)
    assert titles(found) == ["Jumat SMART"]
    assert found[0].url == existing.get_absolute_url()


def test_similar_summary_by_indonesian_stems(world):
    entry(world.girimarto, S.PUBLISHED, title="Layanan Antar Jemput",
          summary="Pelayanan administrasi kependudukan diantar langsung ke rumah warga lansia dan disabilitas.")
    new = entry(world.jatipurno, title="Adminduk Keliling",
                summary="Petugas melayani administrasi penduduk dengan mengantar dokumen ke rumah lansia "
                        "dan warga disabilitas.")
    assert titles(duplicates.similar_innovations(new, world.staf)) == ["Layanan Antar Jemput"]


def test_unrelated_entries_are_not_offered(world):
    entry(world.girimarto, S.PUBLISHED, title="Bank Sampah", summary="Warga menabung sampah plastik setiap minggu.")
    new = entry(world.jatipurno, title="Posyandu Remaja", summary="Pemeriksaan kesehatan remaja di sekolah desa.")
    assert duplicates.similar_innovations(new, world.staf) == []


def test_only_entries_the_user_may_see_are_offered(world):
    entry(world.girimarto, S.SUBMITTED, title="Jumat SMART Girimarto")  # neighbour's unpublished entry
    own = entry(world.jatipurno, S.DRAFT, title="Jumat SMART Lama")
    entry(world.girimarto, S.PUBLISHED, title="Bank Sampah", summary="Tabungan sampah plastik warga.")
    new = entry(world.jatipurno, title="Jumat SMART")
    found = duplicates.similar_innovations(new, world.staf)
    assert titles(found) == ["Jumat SMART Lama"]
    assert found[0].url == reverse("admin:innovations_innovation_change", args=[own.pk])


def test_submit_shows_the_warning_then_submits_when_confirmed(client, world):
    existing = entry(world.girimarto, S.PUBLISHED, title="Serasa Desa")
    innovation = entry(world.jatipurno, S.DRAFT, title="Serasa Desa Jatipurno")
    client.force_login(world.staf)
    url = reverse("admin:innovations_innovation_workflow", args=[innovation.pk, "submit"])
    response = client.post(url, {"submit-note": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "mungkin inovasi ini sudah tercatat" in page
    assert existing.get_absolute_url() in page
    assert 'name="submit-confirmed"' in page
    innovation.refresh_from_db()
    assert innovation.status == S.DRAFT

    response = client.post(url, {"submit-note": "", "submit-confirmed": "True"})
    assert response.status_code == 302
    innovation.refresh_from_db()
    assert innovation.status == S.SUBMITTED


def test_submit_without_similar_entries_goes_straight_through(client, world):
    innovation = entry(world.jatipurno, S.DRAFT, title="Sesuatu yang Benar-benar Baru")
    client.force_login(world.staf)
    response = client.post(reverse("admin:innovations_innovation_workflow", args=[innovation.pk, "submit"]), {})
    assert response.status_code == 302
    innovation.refresh_from_db()
    assert innovation.status == S.SUBMITTED


@pytest.mark.parametrize("who", ["staf", "reviewer"])
def test_change_page_queries_do_not_grow_with_the_parts(client, world, who):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from innovations.models import ProgressUpdate

    def count_for(innovation):
        client.force_login(getattr(world, who))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("admin:innovations_innovation_change", args=[innovation.pk])).status_code == 200
        return len(queries)

    entries = []
    for parts in (2, 20):
        innovation = entry(world.jatipurno, S.RETURNED if who == "staf" else S.SUBMITTED)
        for n in range(parts):
            indicator = Indicator.objects.create(innovation=innovation, name=f"Indikator {n}", unit="orang")
            IndicatorValue.objects.create(indicator=indicator, period="2024", value=n)
            ProgressUpdate.objects.create(innovation=innovation, date=datetime.date(2025, 1, 1), text=f"Tahap {n}",
                                          created_by=world.staf)
        innovation.desa.add(world.slogoretno)
        entries.append(innovation)
    count_for(entries[0])  # warm the content-type cache, which the first page of a process fills
    assert count_for(entries[0]) == count_for(entries[1])
