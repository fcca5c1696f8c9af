"""Uploads checked by their content: photos (JPEG/PNG/WebP, re-encoded, responsive sizes) and PDFs.

The validators are plain Django validators: put them on a model field (`validators=[validate_image]`)
or a form field and the message appears on that field while the rest of the form is kept.
`process_image()` re-encodes an accepted photo without its metadata (EXIF, GPS location, comments);
`make_renditions()` writes the WebP widths a page offers in `srcset`. Articles use the same functions
for their cover images, so every picture on the portal is checked the same way.
"""

import io
import posixpath
import warnings
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

IMAGE_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PDF_MAX_BYTES = 20 * 1024 * 1024
RENDITION_WIDTHS = (320, 640, 1280)

MSG_EMPTY = _("Berkas kosong (0 bita). Pilih berkas yang berisi.")
MSG_IMAGE_TOO_BIG = _("Foto terlalu besar: %(size)s MB. Paling besar 10 MB; perkecil dulu fotonya.")
MSG_IMAGE_FORMAT = _("Berkas ini bukan foto JPEG, PNG atau WebP. Format lain (termasuk SVG, HTML atau "
                     "program yang diberi nama .jpg) tidak diterima.")
MSG_IMAGE_BROKEN = _("Foto ini rusak atau terpotong sehingga tidak bisa dibaca. Simpan ulang fotonya lalu "
                     "unggah kembali.")
MSG_IMAGE_PIXELS = _("Foto terlalu besar: %(mp)s megapiksel. Paling besar 40 megapiksel; perkecil ukurannya.")
MSG_PDF_TOO_BIG = _("Dokumen terlalu besar: %(size)s MB. Paling besar 20 MB.")
MSG_PDF_INVALID = _("Berkas ini bukan PDF yang utuh. Unggah dokumen bukti dalam format PDF.")


def _read_all(file):
    """The file's bytes, leaving its position at the start for whoever reads it next."""
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _open_checked(data):
    """Open and fully decode `data` as an allowed photo; ValidationError for anything else."""
    with warnings.catch_warnings():
        # Pillow only warns below twice its own pixel limit; a bomb must be an error at every size.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as probe:
                if probe.format not in IMAGE_FORMATS:
                    raise ValidationError(MSG_IMAGE_FORMAT, code="image_format")
                width, height = probe.size
                if width * height > IMAGE_MAX_PIXELS:
                    raise ValidationError(MSG_IMAGE_PIXELS, code="image_pixels",
                                          params={"mp": f"{width * height / 1e6:.0f}"})
                probe.verify()
            # verify() leaves the image unusable; decode it for real to catch truncated pixel data.
            image = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
            image.load()
        except ValidationError:
            raise
        except Image.UnidentifiedImageError as exc:
            raise ValidationError(MSG_IMAGE_FORMAT, code="image_format") from exc
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ValidationError(MSG_IMAGE_PIXELS, code="image_pixels", params={"mp": "> 40"}) from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ValidationError(MSG_IMAGE_BROKEN, code="image_broken") from exc
    return image


def _already_stored(file):
    # A file already in storage was checked on its way in; reading it again on every save
    # of the form (possibly from S3) would only cost time.
    return file is None or getattr(file, "_committed", False)


def validate_image(file):
    """Validator: a real JPEG, PNG or WebP photo of at most 10 MB and 40 megapixels."""
    if _already_stored(file):
        return
    size = file.size
    if not size:
        raise ValidationError(MSG_EMPTY, code="empty")
    if size > IMAGE_MAX_BYTES:
        raise ValidationError(MSG_IMAGE_TOO_BIG, code="image_size", params={"size": _megabytes(size)})
    _open_checked(_read_all(file))


def process_image(file):
    """Re-encode an accepted photo: orientation applied, metadata dropped. Returns a ContentFile.

    The name keeps the uploaded stem with the extension of the real format, so a PNG
    uploaded as "foto.jpg" is stored as "foto.png".
    """
    validate_image(file)
    image = _open_checked(_read_all(file))
    fmt = image.format
    # Apply the camera's rotation before the EXIF block that carries it is dropped.
    image = ImageOps.exif_transpose(image)
    options = {}
    icc = image.info.get("icc_profile")
    if icc:
        options["icc_profile"] = icc  # colour profile only; no EXIF, GPS, XMP or text chunks
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        options.update(quality=85, optimize=True, progressive=True)
    elif fmt == "WEBP":
        options.update(quality=85, method=4)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        options.update(optimize=True)
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    stem = PurePosixPath(getattr(file, "name", "") or "foto").stem or "foto"
    return ContentFile(out.getvalue(), name=f"{stem}.{IMAGE_FORMATS[fmt]}")


def rendition_name(name, width):
    """Deterministic name of the WebP of `width` pixels next to the original `name` (a list page asks for
    a hundred of them: string functions, not pathlib)."""
    return f"{posixpath.splitext(name)[0]}{_rendition_suffix(width)}"


def rendition_url(storage, name, widths, width):
    """URL of the smallest rendition of the original `name` at least `width` pixels wide (else the widest
    one; the original itself when it has none)."""
    widths = sorted(widths or ())
    if not widths:
        return storage.url(name)
    chosen = next((w for w in widths if w >= width), widths[-1])
    return _rendition_url_stem(storage, name) + _rendition_suffix(chosen)


def rendition_srcset(storage, name, widths):
    """The `srcset` of the renditions of `name`: "url 320w, url 640w, ..."."""
    if not widths:
        return ""
    stem = _rendition_url_stem(storage, name)
    return ", ".join(f"{stem}{_rendition_suffix(w)} {w}w" for w in sorted(widths))


def _rendition_url_stem(storage, name):
    """The URL every rendition of `name` starts with: asked of the storage once, not once per width (a list
    page shows a hundred renditions, and FileSystemStorage.url took 0.3 ms of it). The suffixes are plain
    ASCII, so the URL of stem + suffix is the stem's URL + suffix for a storage serving names under a base
    URL, as the portal's does."""
    return storage.url(posixpath.splitext(name)[0])


def _rendition_suffix(width):
    return f"-{width}w.webp"


def rendition_widths(original_width):
    """The widths offered for an original: the standard ones below it, plus its own width, never upscaled."""
    if not original_width:
        return []
    widths = [w for w in RENDITION_WIDTHS if w < original_width]
    top = min(original_width, RENDITION_WIDTHS[-1])
    if top not in widths:
        widths.append(top)
    return widths


def make_renditions(field_file):
    """Write the WebP renditions of a stored image; returns the widths written."""
    storage = field_file.storage
    with field_file.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    widths = rendition_widths(image.width)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.mode or image.mode == "P" else "RGB")
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        copy = image.resize((width, height), Image.Resampling.LANCZOS) if width != image.width else image
        out = io.BytesIO()
        copy.save(out, format="WEBP", quality=80, method=4)
        name = rendition_name(field_file.name, width)
        # Same name every time: remove an older file so the storage does not invent a new name.
        if storage.exists(name):
            storage.delete(name)
        storage.save(name, ContentFile(out.getvalue()))
    return widths


def delete_renditions(storage, name, widths):
    for width in widths or ():
        storage.delete(rendition_name(name, width))


def validate_pdf(file):
    """Validator: a real, complete PDF of at most 20 MB (header %PDF- and an end-of-file marker)."""
    if _already_stored(file):
        return
    size = file.size
    if not size:
        raise ValidationError(MSG_EMPTY, code="empty")
    if size > PDF_MAX_BYTES:
        raise ValidationError(MSG_PDF_TOO_BIG, code="pdf_size", params={"size": _megabytes(size)})
    file.seek(0)
    head = file.read(1024)
    file.seek(max(0, size - 2048))
    tail = file.read()
    file.seek(0)
    # A truncated download or a renamed file lacks one of these; a real PDF always has both.
    if not head.startswith(b"%PDF-") or b"%%EOF" not in tail or b"startxref" not in tail:
        raise ValidationError(MSG_PDF_INVALID, code="pdf_invalid")


class CheckedUploadField(forms.FileField):
    """A file form field that tells the browser's file picker which types we accept."""

    accept = ""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs.setdefault("accept", self.accept)
        return attrs


class ImageUploadField(CheckedUploadField):
    """Form field for a photo: checked by `validate_image` instead of Django's ImageField check,
    so that every refusal carries the portal's own message."""

    default_validators = [validate_image]
    accept = "image/jpeg,image/png,image/webp"


class PdfUploadField(CheckedUploadField):
    """Form field for an evidence PDF."""

    default_validators = [validate_pdf]
    accept = "application/pdf"


class PhotoField(models.ImageField):
    """Model field for a photo: `validate_image` on every save path, `ImageUploadField` in forms."""

    default_validators = [validate_image]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})


class PdfField(models.FileField):
    """Model field for an evidence PDF: `validate_pdf` on every save path, `PdfUploadField` in forms."""

    default_validators = [validate_pdf]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PdfUploadField, **kwargs})
