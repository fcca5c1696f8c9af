"""History and recovery (django-reversion) inside the same scope as everything else, by direct GET and POST."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from reversion.models import Version

from innovations.models import Indicator, IndicatorValue, Innovation, Photo, StatusLog
from innovations.uploads import rendition_name
from tests.innovation_world import S, build_world, change_post_data, entry


@pytest.fixture
def world(db):
    return build_world()


def edit(client, innovation, **changes):
    response = client.post(reverse("admin:innovations_innovation_change", args=[innovation.pk]),
                           change_post_data(innovation, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    innovation.refresh_from_db()


def versions(innovation):
    return list(Version.objects.get_for_object(innovation).order_by("pk"))


def test_overwritten_text_is_brought_back(client, world):
    innovation = entry(world.jatipurno, S.DRAFT, title="Versi Pertama")
    client.force_login(world.staf)
    edit(client, innovation, title="Versi Pertama", problem="Masalah yang ditulis dengan teliti.")
    edit(client, innovation, title="Versi Kedua", problem="")
    first = versions(innovation)[0]

    history = client.get(reverse("admin:innovations_innovation_history", args=[innovation.pk]))
    assert history.status_code == 200
    revision_url = reverse("admin:innovations_innovation_revision", args=[innovation.pk, first.pk])
    assert revision_url in history.content.decode()

    preview = client.get(revision_url)
    assert preview.status_code == 200
    assert "Masalah yang ditulis dengan teliti." in preview.content.decode()
    innovation.refresh_from_db()
    assert innovation.title == "Versi Kedua"  # looking at an old version changes nothing

    response = client.post(revision_url, change_post_data(
        Innovation(title="Versi Pertama", slug=innovation.slug, kecamatan=world.jatipurno, theme=innovation.theme,
                   summary=innovation.summary, problem="Masalah yang ditulis dengan teliti.",
                   approach=innovation.approach, form=innovation.form, stage=innovation.stage)))
    assert response.status_code == 302
    innovation.refresh_from_db()
    assert (innovation.title, innovation.problem) == ("Versi Pertama", "Masalah yang ditulis dengan teliti.")


def test_revert_never_changes_the_workflow_state(client, world):
    innovation = entry(world.jatipurno, S.DRAFT, title="Draf Awal")
    client.force_login(world.admin)
    edit(client, innovation, title="Draf Awal")
    old = versions(innovation)[0]
    Innovation.objects.filter(pk=innovation.pk).update(status=S.PUBLISHED, title="Sudah Terbit")
    innovation.refresh_from_db()
    url = reverse("admin:innovations_innovation_revision", args=[innovation.pk, old.pk])
    response = client.post(url, change_post_data(innovation, title="Draf Awal"))
    assert response.status_code == 302
    innovation.refresh_from_db()
    assert innovation.title == "Draf Awal"
    assert innovation.status == S.PUBLISHED


def test_administrator_recovers_a_deleted_entry_with_its_parts(client, world):
    innovation = entry(world.jatipurno, S.DRAFT, title="Akan Dihapus")
    out = io.BytesIO()
    Image.new("RGB", (700, 400), (10, 120, 60)).save(out, "JPEG")
    photo = Photo.objects.create(innovation=innovation, image=SimpleUploadedFile("f.jpg", out.getvalue()))
    indicator = Indicator.objects.create(innovation=innovation, name="Warga terlayani", unit="orang")
    IndicatorValue.objects.create(indicator=indicator, period="2024", value=120)
    client.force_login(world.admin)
    edit(client, innovation, title="Akan Dihapus")  # a revision holding the entry and its parts

    response = client.post(reverse("admin:innovations_innovation_delete", args=[innovation.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Innovation.objects.filter(pk=innovation.pk).exists()
    assert not photo.image.storage.exists(rendition_name(photo.image.name, 320))

    recover_list = client.get(reverse("admin:innovations_innovation_recoverlist"))
    assert recover_list.status_code == 200 and "Akan Dihapus" in recover_list.content.decode()
    version = Version.objects.get_deleted(Innovation).get(object_id=str(innovation.pk))
    url = reverse("admin:innovations_innovation_recover", args=[version.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, change_post_data(innovation))
    assert response.status_code == 302

    recovered = Innovation.objects.get(pk=innovation.pk)
    assert recovered.title == "Akan Dihapus"
    assert recovered.photos.count() == 1
    assert IndicatorValue.objects.filter(indicator__innovation=recovered, value=120).exists()
    restored = recovered.photos.get()
    assert restored.image.storage.exists(rendition_name(restored.image.name, 320))
    log = StatusLog.objects.get(innovation=recovered)
    assert "Dipulihkan" in log.note and log.actor == world.admin


def _deleted_version(client, world, kecamatan, title):
    innovation = entry(kecamatan, S.DRAFT, title=title)
    client.force_login(world.admin)
    edit(client, innovation, title=title)
    client.post(reverse("admin:innovations_innovation_delete", args=[innovation.pk]), {"post": "yes"})
    return innovation, Version.objects.get_deleted(Innovation).get(object_id=str(innovation.pk))


@pytest.mark.parametrize("who", ["staf", "staf_girimarto", "reviewer", "editor"])
def test_only_administrators_recover(client, world, who):
    innovation, version = _deleted_version(client, world, world.jatipurno, "Terhapus Jatipurno")
    client.force_login(getattr(world, who))
    assert client.get(reverse("admin:innovations_innovation_recoverlist")).status_code == 403
    url = reverse("admin:innovations_innovation_recover", args=[version.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, change_post_data(innovation)).status_code == 403
    assert not Innovation.objects.filter(pk=innovation.pk).exists()


def test_recover_link_only_for_administrators(client, world):
    client.force_login(world.staf)
    page = client.get(reverse("admin:innovations_innovation_changelist")).content.decode()
    assert "recoverlink" not in page
    client.force_login(world.admin)
    page = client.get(reverse("admin:innovations_innovation_changelist")).content.decode()
    assert "recoverlink" in page


def test_other_kecamatan_history_and_revert_are_404_by_direct_get_and_post(client, world):
    neighbour = entry(world.girimarto, S.DRAFT, title="Milik Girimarto")
    client.force_login(world.staf_girimarto)
    edit(client, neighbour, title="Milik Girimarto", problem="Rahasia dapur Girimarto.")
    edit(client, neighbour, title="Milik Girimarto v2")
    version = versions(neighbour)[0]

    client.force_login(world.staf)
    assert client.get(reverse("admin:innovations_innovation_history", args=[neighbour.pk])).status_code == 404
    url = reverse("admin:innovations_innovation_revision", args=[neighbour.pk, version.pk])
    response = client.get(url)
    assert response.status_code == 404 and "Rahasia dapur" not in response.content.decode()
    assert client.post(url, change_post_data(neighbour, title="Diambil alih")).status_code == 404
    neighbour.refresh_from_db()
    assert neighbour.title == "Milik Girimarto v2"


def test_version_of_another_entry_cannot_be_smuggled_under_ones_own_id(client, world):
    own = entry(world.jatipurno, S.DRAFT, title="Milik Sendiri")
    neighbour = entry(world.girimarto, S.DRAFT, title="Milik Tetangga")
    client.force_login(world.staf_girimarto)
    edit(client, neighbour, title="Milik Tetangga")
    foreign = versions(neighbour)[0]
    client.force_login(world.staf)
    url = reverse("admin:innovations_innovation_revision", args=[own.pk, foreign.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, change_post_data(own)).status_code == 404
    assert Innovation.objects.get(pk=neighbour.pk).title == "Milik Tetangga"


def test_staff_cannot_revert_while_submitted(client, world):
    innovation = entry(world.jatipurno, S.DRAFT, title="Diajukan")
    client.force_login(world.staf)
    edit(client, innovation, title="Diajukan")
    version = versions(innovation)[0]
    Innovation.objects.filter(pk=innovation.pk).update(status=S.SUBMITTED)
    url = reverse("admin:innovations_innovation_revision", args=[innovation.pk, version.pk])
    assert client.post(url, change_post_data(innovation)).status_code == 403
    # The history itself stays readable.
    assert client.get(reverse("admin:innovations_innovation_history", args=[innovation.pk])).status_code == 200


def test_staff_can_delete_their_draft_even_with_a_status_log(client, world):
    innovation = entry(world.jatipurno, S.DRAFT, title="Draf Dipulihkan")
    StatusLog.objects.create(innovation=innovation, actor=world.admin, from_status=S.DRAFT, to_status=S.DRAFT,
                             note="Dipulihkan dari riwayat perubahan.")
    client.force_login(world.staf)
    response = client.post(reverse("admin:innovations_innovation_delete", args=[innovation.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Innovation.objects.filter(pk=innovation.pk).exists()


def test_entry_never_edited_in_the_admin_can_still_be_recovered(client, world):
    innovation = entry(world.jatipurno, S.PUBLISHED, title="Data Impor Lama")
    assert not Version.objects.get_for_object(innovation).exists()
    client.force_login(world.admin)
    client.post(reverse("admin:innovations_innovation_delete", args=[innovation.pk]), {"post": "yes"})
    version = Version.objects.get_deleted(Innovation).get(object_id=str(innovation.pk))
    response = client.post(reverse("admin:innovations_innovation_recover", args=[version.pk]),
                           change_post_data(innovation))
    assert response.status_code == 302
    recovered = Innovation.objects.get(pk=innovation.pk)
    assert (recovered.title, recovered.status) == ("Data Impor Lama", S.PUBLISHED)
