"""Competitions, their categories and results: who won what, and with which innovation."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innovations.models import Innovation, unique_slug
from regions.models import Desa, Kecamatan, get_region, parent_code, provinsi_code_of


class Competition(models.Model):
    class Level(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten/kota")
        PROVINSI = "provinsi", _("Provinsi")
        NASIONAL = "nasional", _("Nasional")

    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, blank=True)
    organizer = models.CharField(_("penyelenggara"), max_length=200)
    organizer_region_code = models.CharField(
        _("kode wilayah penyelenggara"), max_length=13, blank=True,
        help_text=_("Kode Kemendagri, misalnya 33.12 untuk Kabupaten Wonogiri; kosong untuk tingkat nasional."))
    # The provinsi of the organizer (first two digits), kept by save() for filtering.
    provinsi_code = models.CharField(max_length=2, blank=True, editable=False, db_index=True)
    level = models.CharField(_("tingkat"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    start_date = models.DateField(_("mulai"), null=True, blank=True)
    end_date = models.DateField(_("selesai"), null=True, blank=True)
    ceremony_date = models.DateField(_("tanggal penganugerahan"), null=True, blank=True)
    description = models.TextField(_("keterangan"), blank=True)

    class Meta:
        verbose_name = _("kompetisi")
        verbose_name_plural = _("kompetisi")
        ordering = ["-year", "name"]
        indexes = [models.Index(fields=["year", "level"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.provinsi_code = provinsi_code_of(self.organizer_region_code)
        if not self.slug:
            self.slug = unique_slug(Competition, f"{self.short_name or self.name}", exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("awards:detail", args=[self.slug])

    @property
    def organizer_region(self):
        return get_region(self.organizer_region_code) if self.organizer_region_code else None

    def clean(self):
        errors = {}
        code = self.organizer_region_code = self.organizer_region_code.strip()
        # The organizer's region says where a kabupaten or provinsi award belongs (the provinsi filter).
        wanted_level = {self.Level.KABUPATEN: 2, self.Level.PROVINSI: 1}.get(self.level)
        if code and get_region(code) is None:
            errors["organizer_region_code"] = _("Kode wilayah tidak dikenal.")
        elif wanted_level and (not code or code.count(".") + 1 != wanted_level):
            errors["organizer_region_code"] = (
                _("Penghargaan tingkat kabupaten/kota memerlukan kode kabupaten/kota, misalnya 33.12.")
                if wanted_level == 2 else _("Penghargaan tingkat provinsi memerlukan kode provinsi, misalnya 35."))
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        if errors:
            raise ValidationError(errors)


class AssessmentStage(models.Model):
    """A stage of judging or follow-up, e.g. a field visit by the jury or coaching of the winners."""

    class Kind(models.TextChoices):
        ASSESSMENT = "penilaian", _("Penilaian")
        FOLLOW_UP = "tindak_lanjut", _("Tindak lanjut")

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="stages",
                                    verbose_name=_("kompetisi"))
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.ASSESSMENT)
    name = models.CharField(_("tahap"), max_length=200)
    start_date = models.DateField(_("mulai"), null=True, blank=True)
    end_date = models.DateField(_("selesai"), null=True, blank=True,
                                help_text=_("Kosongkan bila tahap ini berlangsung satu hari."))
    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True,
                                   help_text=_("Tempat tahap ini berlangsung, misalnya 35.20.05."))
    conducted_by = models.TextField(_("pelaksana"), blank=True, help_text=_("Satu lembaga per baris."))
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("tahap penilaian")
        verbose_name_plural = _("tahap penilaian")
        ordering = ["competition", "start_date", "id"]

    def __str__(self):
        return self.name

    @property
    def conductors(self):
        return [line.strip() for line in self.conducted_by.splitlines() if line.strip()]

    def clean(self):
        errors = {}
        self.region_code = self.region_code.strip()
        if self.region_code and get_region(self.region_code) is None:
            errors["region_code"] = _("Kode wilayah tidak dikenal.")
        if self.end_date and not self.start_date:
            errors["start_date"] = _("Isi tanggal mulai bila tanggal selesai diisi.")
        elif self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        if errors:
            raise ValidationError(errors)


class Category(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="categories",
                                    verbose_name=_("kompetisi"))
    name = models.CharField(_("kategori"), max_length=120)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")
        ordering = ["competition", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["competition", "name"], name="unique_category_name")]

    def __str__(self):
        return self.name


class Rank(models.IntegerChoices):
    """Ranks sort by their value: Juara 1 first, plain "Pemenang" (rank unknown) last."""

    JUARA_1 = 10, _("Juara 1")
    JUARA_2 = 20, _("Juara 2")
    JUARA_3 = 30, _("Juara 3")
    HARAPAN_1 = 40, _("Juara Harapan 1")
    HARAPAN_2 = 50, _("Juara Harapan 2")
    HARAPAN_3 = 60, _("Juara Harapan 3")
    PEMENANG = 90, _("Pemenang")


class ResultQuerySet(models.QuerySet):
    def for_region(self, code):
        """Results whose recipient lies in the region (kecamatan and desa alike)."""
        level = code.count(".") + 1
        if level == 4:
            return self.filter(desa_id=code)
        if level == 3:
            return self.filter(kecamatan_id=code)
        return self.filter(kecamatan__code__startswith=code + ".")


class Result(models.Model):
    class RecipientKind(models.TextChoices):
        KECAMATAN = "kecamatan", _("Kecamatan")
        DESA = "desa", _("Desa/kelurahan")
        UNIT = "unit", _("Unit pelaksana")

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="results",
                                 verbose_name=_("kategori"))
    rank = models.PositiveSmallIntegerField(_("peringkat"), choices=Rank.choices, default=Rank.PEMENANG)
    recipient_kind = models.CharField(_("jenis penerima"), max_length=20, choices=RecipientKind.choices)
    # Always the kecamatan the recipient lies in, so that region pages find every result.
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="award_results",
                                  verbose_name=_("kecamatan"), blank=True,
                                  help_text=_("Boleh dikosongkan bila penerimanya desa: diisi dari kode desa."))
    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, null=True, blank=True, related_name="award_results",
                             verbose_name=_("desa/kelurahan"))
    unit_name = models.CharField(_("nama unit"), max_length=200, blank=True,
                                 help_text=_("Untuk penerima berupa unit, misalnya \"UPTD Puskesmas Jatipurno\"."))
    innovation = models.ForeignKey(Innovation, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="award_results", verbose_name=_("inovasi"))

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("hasil penghargaan")
        verbose_name_plural = _("hasil penghargaan")
        ordering = ["category__competition", "category__position", "rank", "id"]
        indexes = [models.Index(fields=["kecamatan", "rank"]), models.Index(fields=["desa", "rank"])]

    def __str__(self):
        return f"{self.get_rank_display()} {self.category}: {self.recipient_name}"

    def save(self, *args, **kwargs):
        if self.desa_id and not self.kecamatan_id:
            self.kecamatan_id = parent_code(self.desa_id)
        super().save(*args, **kwargs)

    @property
    def competition(self):
        return self.category.competition

    @property
    def recipient_name(self):
        if self.recipient_kind == self.RecipientKind.DESA and self.desa_id:
            return str(self.desa)
        if self.recipient_kind == self.RecipientKind.UNIT:
            return self.unit_name
        return str(self.kecamatan)

    @property
    def recipient_region(self):
        """Where the recipient's page is: its desa where one is set (a unit may sit in a desa), else its kecamatan."""
        return self.desa if self.desa_id else self.kecamatan

    def clean(self):
        errors = {}
        if self.desa_id and not self.kecamatan_id:
            self.kecamatan_id = parent_code(self.desa_id)
        if not self.kecamatan_id:
            if self.recipient_kind == self.RecipientKind.DESA:
                raise ValidationError({"desa": _("Pilih desa/kelurahan penerima.")})
            raise ValidationError({"kecamatan": _("Pilih kecamatan penerima (atau kecamatan tempat unit berada).")})
        if self.recipient_kind == self.RecipientKind.DESA and not self.desa_id:
            errors["desa"] = _("Pilih desa/kelurahan penerima.")
        elif self.recipient_kind == self.RecipientKind.KECAMATAN and self.desa_id:
            errors["desa"] = _("Penerima berupa kecamatan tidak memakai desa; kosongkan isian desa.")
        elif self.desa_id and not self.desa_id.startswith(self.kecamatan_id + "."):
            errors["desa"] = _("Desa ini tidak berada di kecamatan yang dipilih.")
        self.unit_name = self.unit_name.strip()
        if self.recipient_kind == self.RecipientKind.UNIT and not self.unit_name:
            errors["unit_name"] = _("Tulis nama unit penerima.")
        elif self.recipient_kind != self.RecipientKind.UNIT and self.unit_name:
            errors["unit_name"] = _("Nama unit hanya untuk penerima berupa unit; kosongkan isian ini.")
        if self.innovation_id and self.kecamatan_id and self.innovation.kecamatan_id != self.kecamatan_id:
            errors["innovation"] = _("Inovasi ini berasal dari kecamatan lain.")
        if errors:
            raise ValidationError(errors)
