"""Backup and restore round trip: every table's rows and every media file's checksum come back."""

import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from PIL import Image

from innovations.models import Innovation, Photo
from tests.factories import (
    ArticleFactory,
    InnovationFactory,
    ResultFactory,
    RoleAssignmentFactory,
    UserFactory,
)

QUIET = {"stdout": io.StringIO()}


def jpeg(color):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, "JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def all_rows():
    """Every row of every table, in a stable order; values as the database returns them."""
    snapshot = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            snapshot[table] = sorted(cursor.fetchall(), key=repr)
    return snapshot


def media_checksums(root):
    root = Path(root)
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def portal_data(settings):
    """Users with roles, a published and a draft innovation with photos, awards and an article."""
    RoleAssignmentFactory(user=UserFactory(username="staf-jatipurno"), region_code="33.12.21")
    UserFactory(username="editor", is_superuser=True)
    published = InnovationFactory(title="Wonogiri Inovasi Award", published=True)
    draft = InnovationFactory(title="Draf Kawedanan")
    Photo.objects.create(innovation=published, image=jpeg("teal"), caption="Penyerahan penghargaan")
    Photo.objects.create(innovation=draft, image=jpeg("orange"), caption="Rapat desa")
    ResultFactory(innovation=published, kecamatan=published.kecamatan)
    ResultFactory(unit_name="UPTD Puskesmas Jatipurno", recipient_kind="unit")
    article = ArticleFactory(title="Kecamatan Jatipurno juara", cover=jpeg("navy"))
    article.innovations.add(published)
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_gives_back_every_row_and_file(portal_data, tmp_path):
    rows_before, media_before = all_rows(), media_checksums(portal_data)
    # Three uploads, each with the renditions the models write beside it.
    assert len(media_before) >= 3 and rows_before[Innovation._meta.db_table]

    call_command("backup", output=str(tmp_path / "cadangan"), **QUIET)
    (backup,) = (tmp_path / "cadangan").iterdir()
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert {item["name"]: item["sha256"] for item in manifest["media"]} == media_before

    call_command("flush", "--noinput", **QUIET)
    for path in Path(portal_data).rglob("*"):
        if path.is_file():
            path.unlink()
    assert not Innovation.objects.exists() and not media_checksums(portal_data)

    out = io.StringIO()
    call_command("restore", str(backup), "--noinput", stdout=out)
    assert f"{len(media_before)} berkas media ditulis kembali" in out.getvalue()
    assert all_rows() == rows_before
    assert media_checksums(portal_data) == media_before
    # Sequences came back too: new rows do not collide with restored ones.
    restored_ids = set(Innovation.objects.values_list("pk", flat=True))
    assert InnovationFactory().pk > max(restored_ids)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_backup_and_changes_nothing(portal_data, tmp_path):
    call_command("backup", output=str(tmp_path / "cadangan"), **QUIET)
    (backup,) = (tmp_path / "cadangan").iterdir()
    photo = next((backup / "media").rglob("*.jpg"))
    photo.write_bytes(photo.read_bytes()[:-10])
    InnovationFactory(title="Ditambahkan setelah cadangan")
    rows = all_rows()
    with pytest.raises(CommandError, match="rusak"):
        call_command("restore", str(backup), "--noinput", **QUIET)
    assert all_rows() == rows


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_manifest_that_writes_outside_media(portal_data, tmp_path):
    call_command("backup", output=str(tmp_path / "cadangan"), **QUIET)
    (backup,) = (tmp_path / "cadangan").iterdir()
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["media"].append({"name": "../../settings.py", "size": 1, "sha256": "0"})
    (backup / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="tidak aman"):
        call_command("restore", str(backup), "--noinput", **QUIET)


@pytest.mark.django_db(transaction=True)
def test_dry_runs_write_nothing(portal_data, tmp_path):
    out = io.StringIO()
    call_command("backup", output=str(tmp_path / "x"), dry_run=True, stdout=out)
    count = len(media_checksums(portal_data))
    assert f"dan {count} berkas media" in out.getvalue() and not (tmp_path / "x").exists()
    call_command("backup", output=str(tmp_path / "y"), **QUIET)
    (backup,) = (tmp_path / "y").iterdir()
    InnovationFactory(title="Baru")
    rows = all_rows()
    call_command("restore", str(backup), dry_run=True, stdout=out)
    assert "semua checksum cocok" in out.getvalue()
    assert all_rows() == rows


@pytest.mark.django_db(transaction=True)
def test_the_demo_data_survives_a_round_trip(demo_regions, settings, tmp_path):
    call_command("load_demo", **QUIET)
    rows_before, media_before = all_rows(), media_checksums(settings.MEDIA_ROOT)
    assert Innovation.objects.published().count() >= 5

    call_command("backup", output=str(tmp_path / "cadangan"), **QUIET)
    (backup,) = (tmp_path / "cadangan").iterdir()
    call_command("flush", "--noinput", **QUIET)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    call_command("restore", str(backup), "--noinput", **QUIET)

    assert all_rows() == rows_before
    assert media_checksums(settings.MEDIA_ROOT) == media_before
