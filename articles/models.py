"""Editorial articles written by forum editors, linked to innovations, regions and competitions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Competition
from innovations.models import Innovation, unique_slug
from innovations.uploads import (
    PhotoField,
    delete_renditions,
    make_renditions,
    process_image,
    rendition_srcset,
    rendition_url,
)
from regions.models import Desa, Kabupaten, Kecamatan, Provinsi

# Paths under /artikel/ that are not articles.
RESERVED_SLUGS = {"feed"}


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published, and not dated in the future."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Terbit")

    title = models.CharField(_("judul"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, blank=True)
    summary = models.TextField(_("ringkasan"), max_length=500)
    body = models.TextField(_("isi (Markdown)"),
                            help_text=_("Ditulis dalam Markdown. HTML mentah dan skrip dibuang saat ditampilkan."))
    # Checked and re-encoded like innovation photos (innovations/uploads.py), with WebP renditions.
    cover = PhotoField(_("gambar sampul"), upload_to="artikel/%Y/%m/", blank=True,
                       width_field="cover_width", height_field="cover_height",
                       help_text=_("JPEG, PNG atau WebP, paling besar 10 MB dan 40 megapiksel. "
                                   "Data lokasi (GPS) dan metadata kamera dihapus otomatis."))
    cover_width = models.PositiveIntegerField(editable=False, null=True)
    cover_height = models.PositiveIntegerField(editable=False, null=True)
    cover_renditions = models.JSONField(default=list, blank=True, editable=False)
    cover_alt = models.CharField(_("keterangan gambar"), max_length=200, blank=True,
                                 help_text=_("Apa yang terlihat di gambar; dibacakan untuk pengguna tunanetra."))
    source_name = models.CharField(_("sumber/penerbit"), max_length=200, blank=True,
                                   help_text=_("Untuk berita yang dikutip: nama media atau lembaga."))
    source_url = models.URLField(_("tautan sumber"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("tanggal terbit"), default=timezone.now)
    is_featured = models.BooleanField(_("tampil di beranda"), default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("penulis"))
    innovations = models.ManyToManyField(Innovation, blank=True, related_name="articles",
                                         verbose_name=_("inovasi terkait"))
    competitions = models.ManyToManyField(Competition, blank=True, related_name="articles",
                                          verbose_name=_("kompetisi terkait"))
    provinsi = models.ManyToManyField(Provinsi, blank=True, related_name="articles", verbose_name=_("provinsi"))
    kabupaten = models.ManyToManyField(Kabupaten, blank=True, related_name="articles",
                                       verbose_name=_("kabupaten/kota"))
    kecamatan = models.ManyToManyField(Kecamatan, blank=True, related_name="articles",
                                       verbose_name=_("kecamatan"))
    desa = models.ManyToManyField(Desa, blank=True, related_name="articles", verbose_name=_("desa/kelurahan"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikel")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["status", "is_featured", "-published_at"]),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.title, exclude_pk=self.pk)
            if self.slug in RESERVED_SLUGS:
                self.slug = unique_slug(Article, f"artikel {self.title}", exclude_pk=self.pk)
        new_cover = bool(self.cover) and not self.cover._committed
        if new_cover:
            self._drop_old_renditions()
            self.cover = process_image(self.cover)
            self.cover_renditions = []
        elif not self.cover:
            self.cover_renditions = []
        super().save(*args, **kwargs)
        if new_cover:
            self.cover_renditions = make_renditions(self.cover)
            super().save(update_fields=["cover_renditions"])

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    def clean(self):
        errors = {}
        if self.source_url and not self.source_name.strip():
            errors["source_name"] = _("Tulis nama sumber untuk tautan sumber ini.")
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("Alamat ini dipakai oleh umpan artikel; pilih slug lain.")
        if self.cover and not self.cover_alt.strip():
            errors["cover_alt"] = _("Tulis keterangan singkat gambar sampul.")
        if errors:
            raise ValidationError(errors)


    def _drop_old_renditions(self):
        # The original stays (history can bring it back); only its derived WebP files go.
        old = Article.objects.filter(pk=self.pk).values_list("cover", "cover_renditions").first() if self.pk else None
        if old and old[0]:
            delete_renditions(self.cover.storage, old[0], old[1])

    def cover_url(self, width):
        """URL of the smallest cover rendition at least `width` pixels wide (else the widest one)."""
        return rendition_url(self.cover.storage, self.cover.name, self.cover_renditions, width)

    @property
    def cover_src(self):
        return self.cover_url(640)

    @property
    def cover_srcset(self):
        return rendition_srcset(self.cover.storage, self.cover.name, self.cover_renditions)
