"""Uploads checked by content: every refusal rule, metadata stripping, renditions, and the admin form."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from innovations.models import Document, Innovation, Photo
from innovations.uploads import process_image, rendition_name, validate_image, validate_pdf
from tests.innovation_world import S, build_world, change_post_data, entry

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"


def image_bytes(fmt="JPEG", size=(64, 48), mode="RGB", **save_options):
    out = io.BytesIO()
    Image.new(mode, size, color=0 if mode == "1" else (200, 80, 40)[: len(mode)]).save(out, format=fmt,
                                                                                          **save_options)
    return out.getvalue()


def upload(content, name="foto.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_claiming(width, height):
    """A tiny PNG whose header claims `width` x `height` pixels: what a decompression bomb looks like."""
    data = bytearray(image_bytes("PNG", size=(8, 8)))
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)
    return bytes(data)


def refusal(validator, file):
    with pytest.raises(ValidationError) as caught:
        validator(file)
    return caught.value.messages[0]


# --- Photos ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_allowed_formats_pass(fmt):
    validate_image(upload(image_bytes(fmt)))


def test_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert "bukan foto JPEG, PNG atau WebP" in refusal(validate_image, upload(svg, "logo.svg", "image/svg+xml"))


def test_html_renamed_jpg_is_refused():
    html = b"<!DOCTYPE html><html><body><script>document.cookie</script></body></html>"
    assert "bukan foto" in refusal(validate_image, upload(html, "foto.jpg"))


def test_executable_renamed_jpg_is_refused():
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    elf = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
    for content in (exe, elf):
        assert "bukan foto" in refusal(validate_image, upload(content, "foto.jpg"))


def test_other_image_format_is_refused():
    assert "bukan foto" in refusal(validate_image, upload(image_bytes("GIF"), "foto.jpg"))


def test_truncated_jpeg_is_refused():
    whole = image_bytes("JPEG", size=(400, 300), quality=95)
    message = refusal(validate_image, upload(whole[: len(whole) // 2]))
    assert "rusak atau terpotong" in message


@pytest.mark.parametrize("size", [(30000, 30000), (12000, 12000)], ids=["bomb-error", "bomb-warning"])
def test_decompression_bomb_is_refused(size):
    assert "megapiksel" in refusal(validate_image, upload(png_claiming(*size), "bom.png", "image/png"))


def test_over_40_megapixels_is_refused():
    # 8000 x 5001 is just over 40 MP, far below Pillow's own bomb limit; one bit per pixel keeps it small.
    big = image_bytes("PNG", size=(8000, 5001), mode="1")
    assert len(big) < 10 * 1024 * 1024
    assert "40 megapiksel" in refusal(validate_image, upload(big, "besar.png", "image/png"))


def test_empty_file_is_refused():
    assert "kosong" in refusal(validate_image, upload(b""))


def test_over_10_mb_is_refused_before_reading():
    assert "Paling besar 10 MB" in refusal(validate_image, upload(b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 1)))


def test_exif_and_gps_are_stripped():
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    exif[0x8825] = {1: "S", 2: (7.0, 50.0, 0.0), 3: "E", 4: (111.0, 5.0, 0.0)}  # GPS IFD
    original = image_bytes("JPEG", size=(120, 90), exif=exif.tobytes())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    assert b"KameraRahasia" in original
    content = process_image(upload(original, "lokasi.jpg")).read()
    reopened = Image.open(io.BytesIO(content))
    assert reopened.format == "JPEG"
    assert dict(reopened.getexif()) == {}
    assert b"KameraRahasia" not in content and b"Exif" not in content


def test_png_uploaded_as_jpg_keeps_its_real_format():
    cleaned = process_image(upload(image_bytes("PNG"), "gambar.jpg"))
    assert cleaned.name == "gambar.png"


def test_orientation_is_applied_before_metadata_goes():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees when shown
    cleaned = process_image(upload(image_bytes("JPEG", size=(80, 40), exif=exif.tobytes())))
    assert Image.open(cleaned).size == (40, 80)


# --- Renditions -----------------------------------------------------------------------------------

@pytest.fixture
def world(db):
    return build_world()


def test_photo_stores_webp_renditions_never_upscaled(world):
    innovation = entry(world.jatipurno)
    photo = Photo.objects.create(innovation=innovation, image=upload(image_bytes("JPEG", size=(2000, 1000))))
    assert (photo.width, photo.height) == (2000, 1000)
    assert photo.rendition_widths == [320, 640, 1280]
    storage = photo.image.storage
    for width in (320, 640, 1280):
        name = rendition_name(photo.image.name, width)
        assert storage.exists(name)
        assert Image.open(storage.open(name)).size == (width, width // 2)
    assert photo.srcset == ", ".join(f"{storage.url(rendition_name(photo.image.name, w))} {w}w"
                                     for w in (320, 640, 1280))
    assert photo.url_for(500).endswith("-640w.webp")
    assert photo.url_for(5000).endswith("-1280w.webp")

    small = Photo.objects.create(innovation=innovation, image=upload(image_bytes("PNG", size=(200, 100)), "k.png"))
    assert small.rendition_widths == [200]
    assert small.url_for(640).endswith("-200w.webp")

    medium = Photo.objects.create(innovation=innovation, image=upload(image_bytes("WEBP", size=(900, 600)), "m.webp"))
    assert medium.rendition_widths == [320, 640, 900]


def test_deleting_a_photo_removes_its_renditions(world):
    photo = Photo.objects.create(innovation=entry(world.jatipurno), image=upload(image_bytes(size=(700, 500))))
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    assert not storage.exists(rendition_name(name, 320)) and not storage.exists(rendition_name(name, 700))
    # The original stays so that the entry's history can bring the photo back.
    assert storage.exists(name)


# --- PDFs -----------------------------------------------------------------------------------------

def test_real_pdf_passes():
    validate_pdf(upload(PDF, "sk.pdf", "application/pdf"))


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "kosong"),
    (b"<html><body>bukan pdf</body></html>", "bukan PDF"),
    (PDF[:40], "bukan PDF"),  # truncated: no trailer, no end marker
    (b"MZ" + b"\x00" * 100 + b"%%EOF", "bukan PDF"),
    (b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024) + b"\nstartxref\n0\n%%EOF\n", "Paling besar 20 MB"),
], ids=["empty", "html", "truncated", "executable", "over-20mb"])
def test_bad_pdf_is_refused(content, expected):
    assert expected in refusal(validate_pdf, upload(content, "bukti.pdf", "application/pdf"))


def test_exactly_20_mb_pdf_passes():
    tail = b"\nstartxref\n0\n%%EOF\n"
    content = b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024 - 9 - len(tail)) + tail
    assert len(content) == 20 * 1024 * 1024
    validate_pdf(upload(content, "besar.pdf", "application/pdf"))


# --- Through the admin form -----------------------------------------------------------------------

def inline_rows(prefix, fields, innovation):
    data = {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-0-innovation": innovation.pk, f"{prefix}-0-id": ""}
    data.update({f"{prefix}-0-{k}": v for k, v in fields.items()})
    return data


@pytest.mark.parametrize(("prefix", "fields", "message"), [
    ("photos", {"image": upload(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "x.svg", "image/svg+xml"),
                "caption": "Logo", "position": "0"}, "bukan foto JPEG"),
    ("photos", {"image": upload(b"\xff\xd8" + b"1" * (11 * 1024 * 1024)), "caption": "Besar", "position": "0"},
     "Paling besar 10 MB"),
    ("documents", {"title": "SK Camat", "file": upload(b"%PDF-1.4\n" + b"1" * (21 * 1024 * 1024),
                                                        "sk.pdf", "application/pdf")}, "Paling besar 20 MB"),
    ("documents", {"title": "Laporan", "file": upload(b"#!/bin/sh\nrm -rf /\n", "laporan.pdf",
                                                       "application/pdf")}, "bukan PDF"),
], ids=["svg-photo", "11mb-photo", "21mb-pdf", "script-as-pdf"])
def test_admin_shows_the_message_on_the_field_and_keeps_the_rest(client, world, prefix, fields, message):
    innovation = entry(world.jatipurno, S.DRAFT, title="Judul Lama")
    client.force_login(world.staf)
    data = change_post_data(innovation, title="Judul yang Baru Diketik", problem="Masalah yang diketik.")
    data.update(inline_rows(prefix, fields, innovation))
    response = client.post(reverse("admin:innovations_innovation_change", args=[innovation.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Judul yang Baru Diketik"' in page and "Masalah yang diketik." in page
    assert Innovation.objects.get(pk=innovation.pk).title == "Judul Lama"
    assert not Photo.objects.exists() and not Document.objects.exists()


def test_admin_accepts_a_photo_and_a_pdf(client, world):
    innovation = entry(world.jatipurno, S.DRAFT)
    client.force_login(world.staf)
    data = change_post_data(innovation)
    data.update(inline_rows("photos", {"image": upload(image_bytes(size=(800, 600))), "caption": "Layanan",
                                       "position": "0"}, innovation))
    data.update(inline_rows("documents", {"title": "SK", "file": upload(PDF, "sk.pdf", "application/pdf")},
                            innovation))
    response = client.post(reverse("admin:innovations_innovation_change", args=[innovation.pk]), data)
    assert response.status_code == 302
    photo = Photo.objects.get(innovation=innovation)
    assert photo.rendition_widths == [320, 640, 800]
    assert Document.objects.get(innovation=innovation).file.read().startswith(b"%PDF-")
