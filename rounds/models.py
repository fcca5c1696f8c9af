"""Award rounds: a competition's round with its rubric, stages, jurors, entries, scores, field visits and log."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.models import Category, Competition, Result
from innovations.models import Innovation, unique_slug
from regions.models import Kabupaten, Kecamatan, get_region, parent_code, region_model_for_code

# Every criterion is scored on this fixed scale (whole numbers).
SCORE_MIN = 1
SCORE_MAX = 10
TOTAL_WEIGHT = 100


def validate_weights(weights):
    """The one check of a rubric's weights, used by the admin's formset, the services and the tests:
    at least one criterion, each weight 1-100, together exactly 100 %."""
    weights = list(weights)
    if not weights:
        raise ValidationError(_("Rubrik memerlukan sedikitnya satu kriteria."), code="empty")
    if any(w is None or w < 1 or w > TOTAL_WEIGHT for w in weights):
        raise ValidationError(_("Setiap bobot harus antara 1 dan 100 %."), code="range")
    total = sum(weights)
    if total != TOTAL_WEIGHT:
        raise ValidationError(_("Jumlah bobot kriteria harus tepat 100 %%; sekarang %(total)s %%."),
                              code="sum", params={"total": total})


class Round(models.Model):
    """One round of a competition run on the portal, e.g. "Lomba Inovasi Kecamatan 2026"."""

    class Status(models.TextChoices):
        DRAFT = "persiapan", _("Persiapan")
        OPEN = "pendaftaran", _("Pendaftaran dibuka")
        JUDGING = "penilaian", _("Penilaian")
        CLOSED = "nilai_ditutup", _("Nilai ditutup")
        PUBLISHED = "diumumkan", _("Hasil diumumkan")

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="rounds",
                                    verbose_name=_("kompetisi"),
                                    help_text=_("Kategori putaran ini adalah kategori kompetisinya."))
    name = models.CharField(_("nama putaran"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, blank=True)
    entry_deadline = models.DateTimeField(_("batas pendaftaran"),
                                          help_text=_("Setelah waktu ini staf tidak bisa lagi mendaftarkan inovasi."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT,
                              editable=False)
    scores_closed_at = models.DateTimeField(_("nilai ditutup pada"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("diumumkan pada"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("putaran lomba")
        verbose_name_plural = _("putaran lomba")
        ordering = ["-entry_deadline", "name"]
        indexes = [models.Index(fields=["status", "entry_deadline"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Round, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("rounds:dashboard", args=[self.slug])

    def accepts_entries(self, now):
        return self.status == self.Status.OPEN and now < self.entry_deadline

    @property
    def scores_open(self):
        return self.status == self.Status.JUDGING


class RoundStage(models.Model):
    """A stage of the round; the organiser shortlists the entries that go on to the next stage."""

    class Kind(models.TextChoices):
        ADMINISTRATIVE = "administrasi", _("Pemeriksaan administrasi")
        DESK = "penilaian_dokumen", _("Penilaian dokumen")
        PRESENTATION = "presentasi", _("Presentasi")
        FIELD_VISIT = "verifikasi_lapangan", _("Verifikasi lapangan")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="stages", verbose_name=_("putaran"))
    kind = models.CharField(_("tahap"), max_length=30, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    # Set when the organiser has shortlisted: the entries left in this stage are out of the running.
    shortlisted_at = models.DateTimeField(_("disaring pada"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("tahap putaran")
        verbose_name_plural = _("tahap putaran")
        ordering = ["round", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "kind"], name="unique_round_stage_kind")]

    def __str__(self):
        return self.get_kind_display()


# The stages a new round gets when the organiser sets none.
DEFAULT_STAGES = [RoundStage.Kind.ADMINISTRATIVE, RoundStage.Kind.DESK, RoundStage.Kind.PRESENTATION,
                  RoundStage.Kind.FIELD_VISIT]


class Criterion(models.Model):
    """One criterion of the round's rubric with its weight in per cent (all weights sum to 100)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("putaran"))
    name = models.CharField(_("kriteria"), max_length=120)
    description = models.CharField(_("penjelasan"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(_("bobot (%)"),
                                              validators=[MinValueValidator(1), MaxValueValidator(TOTAL_WEIGHT)])
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kriteria penilaian")
        verbose_name_plural = _("kriteria penilaian")
        ordering = ["round", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="unique_round_criterion")]

    def __str__(self):
        return f"{self.name} ({self.weight} %)"


class JurorAssignment(models.Model):
    """The Juri role with one round as its scope; the juror's own region is recorded to find conflicts."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="jurors", verbose_name=_("putaran"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="juror_assignments",
                             verbose_name=_("juri"))
    kecamatan_code = models.CharField(_("kode kecamatan asal"), max_length=13, blank=True,
                                      help_text=_("Kecamatan tempat juri bekerja atau tinggal, misalnya 33.12.21."))
    kabupaten_code = models.CharField(_("kode kabupaten/kota asal"), max_length=5, blank=True,
                                      help_text=_("Diisi otomatis dari kode kecamatan bila kosong."))
    categories = models.ManyToManyField(Category, blank=True, related_name="juror_assignments",
                                        verbose_name=_("kategori yang dinilai"),
                                        help_text=_("Kosongkan bila juri menilai semua kategori."))
    created_at = models.DateTimeField(_("ditugaskan"), auto_now_add=True)

    class Meta:
        verbose_name = _("penugasan juri")
        verbose_name_plural = _("penugasan juri")
        ordering = ["round", "user__username"]
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="unique_round_juror")]

    def __str__(self):
        return f"{self.user} · {self.round}"

    def clean(self):
        errors = {}
        self.kecamatan_code = self.kecamatan_code.strip()
        self.kabupaten_code = self.kabupaten_code.strip()
        if self.kecamatan_code:
            if region_model_for_code(self.kecamatan_code) is not Kecamatan or get_region(self.kecamatan_code) is None:
                errors["kecamatan_code"] = _("Kode kecamatan tidak dikenal (contoh: 33.12.21).")
            elif not self.kabupaten_code:
                self.kabupaten_code = parent_code(self.kecamatan_code)
            elif not self.kecamatan_code.startswith(self.kabupaten_code + "."):
                errors["kabupaten_code"] = _("Kecamatan asal tidak berada di kabupaten/kota ini.")
        if self.kabupaten_code and "kabupaten_code" not in errors and (
                region_model_for_code(self.kabupaten_code) is not Kabupaten or get_region(self.kabupaten_code) is None):
            errors["kabupaten_code"] = _("Kode kabupaten/kota tidak dikenal (contoh: 33.12).")
        if errors:
            raise ValidationError(errors)

    def has_conflict(self, entry):
        """Same kecamatan or same kabupaten/kota as the entry: the juror may not score it."""
        return bool(
            (self.kecamatan_code and self.kecamatan_code == entry.kecamatan_id)
            or (self.kabupaten_code and self.kabupaten_code == entry.kabupaten_code)
        )

    def judges_category(self, category_ids, category_id):
        """`category_ids` are this assignment's categories (prefetched by the caller); none means all."""
        return not category_ids or category_id in category_ids


class Entry(models.Model):
    """A published innovation entered by its kecamatan's staff into a category of the round."""

    class AdminStatus(models.TextChoices):
        PENDING = "menunggu", _("Menunggu pemeriksaan")
        PASSED = "lolos", _("Lolos administrasi")
        FAILED = "tidak_lolos", _("Tidak lolos administrasi")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries", verbose_name=_("putaran"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="round_entries",
                                 verbose_name=_("kategori"))
    innovation = models.ForeignKey(Innovation, on_delete=models.PROTECT, related_name="round_entries",
                                   verbose_name=_("inovasi"))
    # Copied from the innovation when entered, so that conflicts and results keep the entrant's region.
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="round_entries",
                                  verbose_name=_("kecamatan"), editable=False)
    kabupaten_code = models.CharField(_("kode kabupaten/kota"), max_length=5, editable=False)
    stage = models.ForeignKey(RoundStage, on_delete=models.PROTECT, related_name="entries",
                              verbose_name=_("tahap sekarang"), editable=False)
    admin_status = models.CharField(_("pemeriksaan administrasi"), max_length=20, choices=AdminStatus.choices,
                                    default=AdminStatus.PENDING, editable=False)
    admin_reason = models.TextField(_("alasan tidak lolos"), blank=True, editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+", verbose_name=_("didaftarkan oleh"), editable=False)
    created_at = models.DateTimeField(_("didaftarkan"), auto_now_add=True)
    result = models.OneToOneField(Result, on_delete=models.SET_NULL, null=True, blank=True, editable=False,
                                  related_name="round_entry", verbose_name=_("hasil penghargaan"))

    class Meta:
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        ordering = ["round", "category__position", "innovation__title", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "innovation"], name="unique_round_entry")]
        indexes = [models.Index(fields=["round", "stage"])]

    def __str__(self):
        return f"{self.innovation} ({self.category})"

    @property
    def in_running(self):
        """Passed the administrative check and not left behind at a stage already shortlisted."""
        return self.admin_status == self.AdminStatus.PASSED and self.stage.shortlisted_at is None


class Scorecard(models.Model):
    """One juror's scores of one entry (a Score per criterion) and their note."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scorecards", verbose_name=_("peserta"))
    juror = models.ForeignKey(JurorAssignment, on_delete=models.CASCADE, related_name="scorecards",
                              verbose_name=_("juri"))
    note = models.TextField(_("catatan juri"), blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("lembar nilai")
        verbose_name_plural = _("lembar nilai")
        ordering = ["entry", "juror"]
        constraints = [models.UniqueConstraint(fields=["entry", "juror"], name="unique_scorecard")]

    def __str__(self):
        return f"{self.juror.user} · {self.entry}"


class Score(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores",
                                  verbose_name=_("lembar nilai"))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores",
                                  verbose_name=_("kriteria"))
    value = models.PositiveSmallIntegerField(_("nilai"), validators=[MinValueValidator(SCORE_MIN),
                                                                     MaxValueValidator(SCORE_MAX)])

    class Meta:
        verbose_name = _("nilai")
        verbose_name_plural = _("nilai")
        ordering = ["scorecard", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="unique_score"),
            models.CheckConstraint(condition=models.Q(value__gte=SCORE_MIN, value__lte=SCORE_MAX),
                                   name="score_on_scale"),
        ]

    def __str__(self):
        return f"{self.criterion.name}: {self.value}"


class FieldVisit(models.Model):
    """A field visit to an entry's site, with its date and what the visitors found."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="field_visits",
                              verbose_name=_("peserta"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("dicatat oleh"))
    visit_date = models.DateField(_("tanggal kunjungan"))
    findings = models.TextField(_("temuan"))
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kunjungan lapangan")
        verbose_name_plural = _("kunjungan lapangan")
        ordering = ["entry", "-visit_date", "-id"]

    def __str__(self):
        return f"{self.entry} · {self.visit_date}"


class RoundLog(models.Model):
    """Every action on a round: who did what, when, to which entry."""

    class Action(models.TextChoices):
        SETUP = "persiapan", _("Persiapan diubah")
        OPENED = "dibuka", _("Pendaftaran dibuka")
        ENTERED = "mendaftar", _("Inovasi didaftarkan")
        ADMIN_PASSED = "lolos_administrasi", _("Lolos administrasi")
        ADMIN_FAILED = "gagal_administrasi", _("Tidak lolos administrasi")
        JUDGING_STARTED = "penilaian_dimulai", _("Penilaian dimulai")
        SHORTLISTED = "disaring", _("Peserta disaring")
        SCORED = "dinilai", _("Nilai disimpan")
        FIELD_VISIT = "kunjungan", _("Kunjungan lapangan dicatat")
        SCORES_CLOSED = "nilai_ditutup", _("Nilai ditutup")
        PUBLISHED = "diumumkan", _("Hasil diumumkan")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="log", verbose_name=_("putaran"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                              verbose_name=_("pelaku"))
    action = models.CharField(_("tindakan"), max_length=30, choices=Action.choices)
    entry = models.ForeignKey(Entry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("peserta"))
    detail = models.TextField(_("rincian"), blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("catatan putaran")
        verbose_name_plural = _("catatan putaran")
        ordering = ["round", "-created_at", "-id"]
        indexes = [models.Index(fields=["round", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"
