"""An innovation of a kecamatan and its parts: photos, evidence, indicators, progress, status log.

Fields follow what Kemendagri's Indeks Inovasi Daerah asks for. The public only ever
sees `Innovation.objects.published()`; the workflow that moves an entry there lives in
`innovations/workflow.py`.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from innovations.uploads import (
    PdfField,
    PhotoField,
    delete_renditions,
    make_renditions,
    process_image,
    rendition_name,
    rendition_srcset,
    rendition_url,
)
from regions.models import Desa, Kabupaten, Kecamatan, Provinsi, parent_code, provinsi_code_of


class Theme(models.Model):
    """Urusan/tema, e.g. "Pelayanan publik" or "Ketahanan pangan"."""

    name = models.CharField(_("nama"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)

    class Meta:
        verbose_name = _("tema/urusan")
        verbose_name_plural = _("tema/urusan")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:140]
        super().save(*args, **kwargs)


class InnovationQuerySet(models.QuerySet):
    def published(self):
        """What the public may see. Every public page, feed, export and statistic starts here."""
        return self.filter(status=Innovation.Status.PUBLISHED)

    def in_region(self, code):
        """Entries inside a region given by its dotted code (any level)."""
        level = code.count(".") + 1
        field = {1: "provinsi_id", 2: "kabupaten_id", 3: "kecamatan_id"}.get(level)
        if field:
            return self.filter(**{field: code})
        return self.filter(desa__code=code)


# Long text columns of Innovation that no list shows.
LIST_DEFERRED = ("search_vector", "search_stems", "problem", "approach", "goals", "benefits", "partners",
                 "development_plan", "contact_office", "contact_email", "video_url")


class Innovation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        RETURNED = "returned", _("Dikembalikan")
        PUBLISHED = "published", _("Terbit")
        REJECTED = "rejected", _("Ditolak")

    class Form(models.TextChoices):
        PELAYANAN_PUBLIK = "pelayanan_publik", _("Inovasi pelayanan publik")
        TATA_KELOLA = "tata_kelola", _("Inovasi tata kelola pemerintahan")
        LAINNYA = "lainnya", _("Inovasi lainnya")

    class Stage(models.TextChoices):
        INISIATIF = "inisiatif", _("Inisiatif")
        UJI_COBA = "uji_coba", _("Uji coba")
        PENERAPAN = "penerapan", _("Penerapan")

    class BudgetSource(models.TextChoices):
        APBD = "apbd", _("APBD kabupaten/kota")
        APBD_PROVINSI = "apbd_provinsi", _("APBD provinsi")
        APBN = "apbn", _("APBN")
        APBDES = "apbdes", _("APBDes")
        CSR = "csr", _("CSR / swasta")
        SWADAYA = "swadaya", _("Swadaya masyarakat")
        TANPA = "tanpa", _("Tanpa anggaran")
        LAINNYA = "lainnya", _("Lainnya")

    title = models.CharField(_("nama inovasi"), max_length=200,
                             help_text=_("Nama singkat yang dikenal warga, misalnya \"Jumat SMART\"."))
    slug = models.SlugField(_("slug"), max_length=220, unique=True, blank=True,
                            help_text=_("Alamat halaman; dibuat otomatis dari nama."))
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="innovations",
                                  verbose_name=_("kecamatan"))
    # Copies of the kecamatan's parents so that filters by kabupaten or provinsi use one index.
    kabupaten = models.ForeignKey(Kabupaten, on_delete=models.PROTECT, related_name="innovations",
                                  verbose_name=_("kabupaten/kota"), editable=False)
    provinsi = models.ForeignKey(Provinsi, on_delete=models.PROTECT, related_name="innovations",
                                 verbose_name=_("provinsi"), editable=False)
    desa = models.ManyToManyField(Desa, blank=True, related_name="innovations", verbose_name=_("desa terlibat"),
                                  help_text=_("Desa/kelurahan tempat inovasi dijalankan, boleh lebih dari satu."))
    unit = models.CharField(_("unit pelaksana"), max_length=200, blank=True,
                            help_text=_("Misalnya \"UPTD Puskesmas Jatipurno\" atau \"Seksi Pemerintahan\"."))
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="innovations",
                              verbose_name=_("tema/urusan"))
    form = models.CharField(_("bentuk inovasi"), max_length=20, choices=Form.choices,
                            default=Form.PELAYANAN_PUBLIK)
    is_digital = models.BooleanField(_("inovasi digital"), default=False,
                                     help_text=_("Centang bila inovasi memakai aplikasi atau layanan daring."))
    stage = models.CharField(_("tahapan"), max_length=20, choices=Stage.choices, default=Stage.PENERAPAN)
    first_applied = models.DateField(_("tanggal mulai diterapkan"), null=True, blank=True)
    summary = models.TextField(_("ringkasan"), max_length=600,
                               help_text=_("Dua atau tiga kalimat: apa inovasinya dan siapa yang terbantu."))
    problem = models.TextField(_("masalah"), blank=True,
                               help_text=_("Masalah apa yang ada sebelum inovasi ini? Sertakan angka bila ada."))
    approach = models.TextField(_("cara kerja"), blank=True,
                                help_text=_("Langkah-langkah pelaksanaan, siapa melakukan apa, seberapa sering."))
    goals = models.TextField(_("tujuan"), blank=True)
    benefits = models.TextField(_("manfaat"), blank=True,
                                help_text=_("Hasil yang sudah dirasakan warga; angka ditulis di indikator dampak."))
    partners = models.TextField(_("mitra"), blank=True,
                                help_text=_("Satu mitra per baris, misalnya \"Pendamping Desa (PD)\"."))
    budget_source = models.CharField(_("sumber anggaran"), max_length=20, choices=BudgetSource.choices,
                                     blank=True)
    budget_amount = models.PositiveBigIntegerField(_("jumlah anggaran (Rp)"), null=True, blank=True,
                                                   help_text=_("Dalam rupiah, tanpa titik. Kosongkan bila tidak ada."))
    development_plan = models.TextField(_("rencana pengembangan"), blank=True,
                                        help_text=_("Apa langkah berikutnya agar inovasi berlanjut?"))
    contact_office = models.CharField(_("kontak kantor"), max_length=200, blank=True,
                                      help_text=_("Nama kantor dan alamat/telepon kantor. Jangan nomor HP pribadi."))
    contact_email = models.EmailField(_("email kantor"), blank=True)
    video_url = models.URLField(_("tautan video"), blank=True)
    adapted_from = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="adaptations",
                                          verbose_name=_("diadaptasi dari"),
                                          help_text=_("Inovasi di tempat lain yang menjadi contoh (replikasi)."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT,
                              editable=False)
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("terbit pada"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("dibuat oleh"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    is_generated = models.BooleanField(_("data buatan"), default=False, editable=False,
                                       help_text=_("Dibuat oleh generate_innovations untuk uji beban."))
    # Stemmed words of the text fields (Indonesian Snowball), kept by save(): search on SQLite.
    search_stems = models.TextField(editable=False, blank=True, default="")
    # PostgreSQL full-text vector (weights A title, B summary, C the rest), kept by a database trigger
    # (innovations/migrations/0002_search.py), so bulk writes stay searchable too. Always NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = InnovationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inovasi")
        verbose_name_plural = _("inovasi")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="innov_status_pub"),
            models.Index(fields=["status", "provinsi", "-published_at"], name="innov_status_prov"),
            models.Index(fields=["status", "kabupaten", "-published_at"], name="innov_status_kab"),
            models.Index(fields=["status", "kecamatan", "-published_at"], name="innov_status_kec"),
            models.Index(fields=["status", "theme", "-published_at"], name="innov_status_theme"),
            # A provinsi's entries of one theme, the commonest pair of filters: counted and paged from the index.
            # On PostgreSQL it also holds kabupaten and stage, so that a provinsi page's charts (one GROUP BY)
            # read the index alone.
            models.Index(fields=["status", "provinsi", "theme", "-published_at"], include=["kabupaten", "stage"],
                         name="innov_status_prov_theme"),
            models.Index(fields=["status", "first_applied"], name="innov_status_year"),
            # The statistics group published entries by stage and by digital: index-only scans, not table scans.
            models.Index(fields=["status", "stage"], name="innov_status_stage"),
            models.Index(fields=["status", "is_digital"], name="innov_status_digital"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.kecamatan_id:
            if not self.kabupaten_id or not self.kecamatan_id.startswith(self.kabupaten_id + "."):
                self.kabupaten_id = parent_code(self.kecamatan_id)
                self.provinsi_id = provinsi_code_of(self.kecamatan_id)
        if not self.slug:
            self.slug = unique_slug(Innovation, self.title, exclude_pk=self.pk)
        from innovations.search import document_stems

        self.search_stems = document_stems(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("innovations:detail", args=[self.slug])

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED


def unique_slug(model, text, exclude_pk=None, max_length=200):
    """A readable slug not yet used by `model`: "jumat-smart", then "jumat-smart-2", ..."""
    base = slugify(text)[:max_length].strip("-") or "entri"
    slug, n = base, 2
    taken = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while taken.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


class Photo(models.Model):
    """A photo of an innovation; the first by position is the cover.

    The upload is checked and re-encoded without metadata (`innovations.uploads`), then
    stored with WebP renditions next to it ("foto-320w.webp", "-640w", "-1280w"; never wider
    than the original). A page shows it as::

        <img src="{{ photo.url_for(640) }}" srcset="{{ photo.srcset }}" sizes="..."
             width="{{ photo.width }}" height="{{ photo.height }}" loading="lazy" alt="...">

    `width`/`height` are the original's pixels (the aspect ratio for the browser), `srcset` is
    "url 320w, url 640w, ..." and `url_for(width)` the smallest rendition at least that wide.
    Renditions are removed with the photo; the original stays so that a deleted entry can be
    recovered from its history (the renditions are then written again).
    """

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="photos",
                                   verbose_name=_("inovasi"))
    image = PhotoField(_("foto"), upload_to="inovasi/foto/%Y/%m/", width_field="width",
                       height_field="height",
                       help_text=_("JPEG, PNG atau WebP, paling besar 10 MB dan 40 megapiksel. "
                                   "Data lokasi (GPS) dan metadata kamera dihapus otomatis."))
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    rendition_widths = models.JSONField(_("lebar versi responsif"), default=list, blank=True, editable=False)
    caption = models.CharField(_("keterangan"), max_length=200, blank=True,
                               help_text=_("Apa yang terlihat di foto; juga dibacakan untuk pengguna tunanetra."))
    position = models.PositiveSmallIntegerField(_("urutan"), default=0,
                                                help_text=_("Foto dengan urutan terkecil menjadi sampul."))

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto")
        ordering = ["innovation", "position", "id"]

    def __str__(self):
        return self.caption or self.image.name

    def save(self, *args, **kwargs):
        if self.image and not self.image._committed:
            self.image = process_image(self.image)
            self.rendition_widths = []
        super().save(*args, **kwargs)
        if self.image and not self.rendition_widths:
            self.rendition_widths = make_renditions(self.image)
            super().save(update_fields=["rendition_widths"])

    def url_for(self, width):
        """URL of the smallest rendition at least `width` pixels wide (else the widest one)."""
        return rendition_url(self.image.storage, self.image.name, self.rendition_widths, width)

    @property
    def srcset(self):
        return rendition_srcset(self.image.storage, self.image.name, self.rendition_widths)


@receiver(post_delete, sender=Photo)
def _delete_photo_renditions(sender, instance, **kwargs):
    if instance.image:
        delete_renditions(instance.image.storage, instance.image.name, instance.rendition_widths)


@receiver(post_save, sender=Photo)
def _restore_photo_renditions(sender, instance, raw=False, **kwargs):
    """A photo brought back from history (a raw save) gets its renditions written again."""
    widths = instance.rendition_widths
    if raw and instance.image and widths:
        storage = instance.image.storage
        if not storage.exists(rendition_name(instance.image.name, widths[-1])) and storage.exists(instance.image.name):
            make_renditions(instance.image)


class Document(models.Model):
    """Evidence: a PDF such as a decree (SK), a report or minutes."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="documents",
                                   verbose_name=_("inovasi"))
    title = models.CharField(_("judul dokumen"), max_length=200)
    file = PdfField(_("berkas PDF"), upload_to="inovasi/dokumen/%Y/%m/",
                    help_text=_("Hanya PDF, paling besar 20 MB, misalnya SK camat, laporan atau notulen."))
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen bukti")
        verbose_name_plural = _("dokumen bukti")
        ordering = ["innovation", "title", "id"]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    """A measured impact, e.g. "Pelanggaran norma aparatur" in "temuan", lower is better."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="indicators",
                                   verbose_name=_("inovasi"))
    name = models.CharField(_("nama indikator"), max_length=200)
    unit = models.CharField(_("satuan"), max_length=50, help_text=_("Misalnya \"paket\", \"orang\", \"hari\"."))
    lower_is_better = models.BooleanField(_("makin kecil makin baik"), default=False)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("indikator dampak")
        verbose_name_plural = _("indikator dampak")
        ordering = ["innovation", "position", "id"]

    def __str__(self):
        return f"{self.name} ({self.unit})"


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values",
                                  verbose_name=_("indikator"))
    period = models.CharField(_("periode"), max_length=30,
                              help_text=_("Tahun (2023), bulan (2023-10) atau rentang (2023-01/2023-10)."))
    value = models.DecimalField(_("nilai"), max_digits=14, decimal_places=2)
    approximate = models.BooleanField(_("perkiraan"), default=False)

    class Meta:
        verbose_name = _("nilai indikator")
        verbose_name_plural = _("nilai indikator")
        ordering = ["indicator", "period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="unique_indicator_period")]

    def __str__(self):
        return f"{self.period}: {self.value}"


class ProgressUpdateQuerySet(models.QuerySet):
    def approved(self):
        """What the public may see of an entry's progress: the notes a reviewer approved."""
        return self.filter(status=ProgressUpdate.Status.APPROVED)


class ProgressUpdate(models.Model):
    """A dated note on how the innovation goes on; a reviewer approves it before it is public."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu verifikasi")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="progress_updates",
                                   verbose_name=_("inovasi"))
    date = models.DateField(_("tanggal"))
    text = models.TextField(_("perkembangan"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("ditulis oleh"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("diverifikasi oleh"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("perkembangan")
        verbose_name_plural = _("perkembangan")
        ordering = ["innovation", "-date", "-id"]
        indexes = [models.Index(fields=["status", "innovation"])]

    def __str__(self):
        return f"{self.date}: {self.text[:40]}"


class StatusLog(models.Model):
    """One row per workflow transition: who, when, from, to, note. Never public."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="status_logs",
                                   verbose_name=_("inovasi"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              related_name="+", verbose_name=_("oleh"))
    from_status = models.CharField(_("dari"), max_length=20, choices=Innovation.Status.choices)
    to_status = models.CharField(_("menjadi"), max_length=20, choices=Innovation.Status.choices)
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat status")
        verbose_name_plural = _("riwayat status")
        ordering = ["innovation", "-created_at", "-id"]

    def __str__(self):
        return f"{self.innovation}: {self.from_status} → {self.to_status}"


class ReviewQueueEntry(Innovation):
    """The reviewers' view of submitted entries (the admin's "antrean verifikasi"); same rows."""

    class Meta:
        proxy = True
        verbose_name = _("antrean verifikasi")
        verbose_name_plural = _("antrean verifikasi")
        ordering = ["submitted_at", "id"]
