"""The shared layout and the regions' admin: landmarks, navigation, no outside assets, read-only regions."""

import re

import pytest

from tests.factories import UserFactory


@pytest.mark.django_db
def test_base_layout_has_landmarks_skip_link_and_navigation(client, demo_regions):
    body = client.get("/wilayah/").content.decode()
    assert '<html lang="id">' in body
    assert 'class="skip-link" href="#konten"' in body and 'id="konten"' in body
    assert "<header" in body and "<main" in body and "<footer" in body and "<nav" in body
    for label in ["Beranda", "Inovasi", "Wilayah", "Penghargaan", "Artikel"]:
        assert f">{label}</a>" in body
    assert 'aria-current="page">Wilayah' in body


@pytest.mark.django_db
def test_no_asset_is_loaded_from_outside_the_portal(client, demo_regions):
    body = client.get("/wilayah/33.12.21/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', body)
    assert sources
    external = [s for s in sources if s.startswith(("http:", "https:", "//"))]
    assert external == []


@pytest.mark.django_db
def test_admin_is_indonesian_and_regions_are_read_only(client, demo_regions):
    admin = UserFactory(username="root", is_superuser=True)
    client.force_login(admin)
    index = client.get("/admin/").content.decode()
    assert "Ruang kerja" in index
    page = client.get("/admin/regions/kecamatan/33.12.21/change/")
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()
    assert client.get("/admin/regions/kecamatan/add/").status_code == 403
    response = client.post("/admin/regions/kecamatan/33.12.21/change/", {"name": "Diubah"})
    assert response.status_code == 403
    assert client.post("/admin/regions/kecamatan/33.12.21/delete/", {"post": "yes"}).status_code == 403
    from regions.models import Kecamatan

    assert Kecamatan.objects.get(code="33.12.21").name == "Jatipurno"
