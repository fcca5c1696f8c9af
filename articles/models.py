"""Editorial articles written by forum editors, linked to innovations, regions and competitions."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Competition
from innovations.models import Innovation, unique_slug
from regions.models import Desa, Kabupaten, Kecamatan, Provinsi


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
    cover = models.ImageField(_("gambar sampul"), upload_to="artikel/%Y/%m/", blank=True,
                              width_field="cover_width", height_field="cover_height")
    cover_width = models.PositiveIntegerField(editable=False, null=True)
    cover_height = models.PositiveIntegerField(editable=False, null=True)
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

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.title, exclude_pk=self.pk)
        super().save(*args, **kwargs)
