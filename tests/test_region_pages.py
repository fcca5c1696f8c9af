"""Region pages with content: a kecamatan's innovations, awards and desa; counts above it; a desa's awards."""

import re

import pytest
from django.conf import settings

from regions.models import Kecamatan
from tests.factories import InnovationFactory, ResultFactory

pytestmark = pytest.mark.django_db

JATIPURNO, WONOGIRI, JATENG = "33.12.21", "33.12", "33"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def add_entries(count, kecamatan_code=JATIPURNO, prefix="Terbit"):
    from regions.models import Kecamatan

    kecamatan = Kecamatan.objects.get(code=kecamatan_code)
    desa = kecamatan.desa_set.first()
    entries = []
    for n in range(count):
        entry = InnovationFactory(published=True, kecamatan=kecamatan, title=f"{prefix} {n}")
        entry.desa.add(desa)
        ResultFactory(kecamatan=kecamatan, innovation=entry, category__competition__name=f"Lomba {prefix} {n}")
        entries.append(entry)
    return entries


@pytest.fixture
def hidden(demo_regions):
    return [InnovationFactory(status=status, kecamatan_id=JATIPURNO, title=f"Rahasia {status}")
            for status in ("draft", "submitted", "returned", "rejected")]


def test_kecamatan_page_shows_innovations_awards_and_desa(client, hidden):
    add_entries(2)
    response = client.get(f"/wilayah/{JATIPURNO}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Terbit 0" in page and "Terbit 1" in page
    assert "Lomba Terbit 0" in page
    assert "Rahasia" not in page
    assert "Desa/kelurahan" in page and len(response.context["children"]) > 5
    assert response.context["figures"]["innovations"] == 2


def test_kabupaten_and_provinsi_pages_show_counts_and_latest(client, hidden):
    add_entries(3)
    for code in (WONOGIRI, JATENG):
        response = client.get(f"/wilayah/{code}/")
        assert response.status_code == 200
        assert response.context["figures"] == {"innovations": 3, "kecamatan": 1, "awards": 3}
        assert [entry.title for entry in response.context["innovations"]] == ["Terbit 2", "Terbit 1", "Terbit 0"]
        assert "Rahasia" not in response.content.decode()
    response = client.get(f"/wilayah/{JATENG}/")
    children = {child.code: child for child in response.context["children"]}
    assert children[WONOGIRI].innovation_count == 3
    assert all(child.innovation_count == 0 for code, child in children.items() if code != WONOGIRI)
    assert len(children) > 1
    kecamatan_in_wonogiri = Kecamatan.objects.filter(kabupaten_id=WONOGIRI).count()
    line = re.search(r'<li><a href="/wilayah/33\.12/">.*?</li>', response.content.decode(), re.S).group()
    assert f"{kecamatan_in_wonogiri} kecamatan" in line and '<span class="badge">3 inovasi</span>' in line
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    line = re.search(r'<li><a href="/wilayah/33\.12/">.*?</li>', client.get(f"/wilayah/{JATENG}/").content.decode(),
                     re.S).group()
    assert '<span class="badge">3 innovations</span>' in line


def test_remembered_counts_and_children_show_an_approval_at_once(client, demo_regions,
                                                                 django_capture_on_commit_callbacks):
    """A provinsi page remembers its counts and its children's counts; an approval is a public change."""
    from accounts.models import Role
    from innovations import workflow
    from tests.factories import RoleAssignmentFactory, UserFactory

    add_entries(1)
    children = {child.code: child for child in client.get(f"/wilayah/{JATENG}/").context["children"]}
    assert children[WONOGIRI].innovation_count == 1
    reviewer = UserFactory()
    RoleAssignmentFactory(user=reviewer, role=Role.REVIEWER, region_code="")
    pending = InnovationFactory(kecamatan_id=JATIPURNO, status="submitted", title="Menunggu Verifikasi")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(pending, reviewer)
    response = client.get(f"/wilayah/{JATENG}/")
    children = {child.code: child for child in response.context["children"]}
    assert children[WONOGIRI].innovation_count == 2
    assert response.context["figures"]["innovations"] == 2


def test_desa_page_shows_its_awards_and_innovations(client, hidden):
    from regions.models import Desa

    desa = Desa.objects.filter(kecamatan_id=JATIPURNO).first()
    entry = add_entries(1)[0]
    ResultFactory(kecamatan_id=JATIPURNO, desa=desa, recipient_kind="desa",
                  category__competition__name="Lomba Desa Wisata")
    hidden[0].desa.add(desa)
    page = client.get(f"/wilayah/{desa.code}/").content.decode()
    assert "Lomba Desa Wisata" in page
    assert entry.title in page
    assert "Rahasia" not in page


def test_a_region_without_content_says_so(client, demo_regions):
    page = client.get(f"/wilayah/{JATIPURNO}/").content.decode()
    assert "Belum ada inovasi yang terbit di wilayah ini." in page
    assert "Belum ada penghargaan yang tercatat." in page


# The first request after a public change pays for everything; then a provinsi or kabupaten page's counts,
# children and charts are remembered (the region and its newest cards remain), and a kecamatan page's
# desa list (the region, its count, cards and awards remain). The parents come with the region itself.
@pytest.mark.parametrize("code,first,then", [(JATIPURNO, 5, 4), (WONOGIRI, 8, 2), (JATENG, 8, 2)])
def test_region_page_query_count_is_constant(client, demo_regions, django_assert_num_queries, code, first, then):
    add_entries(5)
    with django_assert_num_queries(first):
        client.get(f"/wilayah/{code}/")
    with django_assert_num_queries(then):
        client.get(f"/wilayah/{code}/")
    add_entries(45, prefix="Lagi")
    with django_assert_num_queries(first):
        response = client.get(f"/wilayah/{code}/")
    assert response.context["figures"]["innovations"] == 50
    with django_assert_num_queries(then):
        client.get(f"/wilayah/{code}/")
