"""The documented field list of the innovation exports: one source for the /data/ page, CSV, JSON and tests.

Each `Field` says its name, its JSON type, whether it may be null, what it means, and how its
value is read from an innovation fetched by `opendata.exports` (which prefetches everything a
getter touches, so a getter never queries). The CSV header is the list of names in this order; a
CSV cell holds the same value as the JSON key (arrays as JSON text, booleans as true/false).

Only public data is listed: no contact person, no reviewer notes, no status log, no search columns.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# JSON types a value may have; "date" and "datetime" are ISO 8601 strings.
TYPES = ("string", "integer", "number", "boolean", "date", "datetime", "array")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    get: object = None  # callable(innovation, context) -> JSON-ready value; None for nested item fields
    nullable: bool = False
    items: tuple = field(default_factory=tuple)  # fields of each object in an array


class ExportContext:
    """What getters need besides the row: absolute addresses, built once per export instead of per row."""

    def __init__(self):
        self.site_url = settings.SITE_URL
        # get_absolute_url() reverses per call; for 100,000 rows one reverse and a join is much cheaper.
        marker = "slug-penanda"
        self.detail_prefix, self.detail_suffix = reverse("innovations:detail", args=[marker]).split(marker)

    def innovation_url(self, innovation):
        return f"{self.site_url}{self.detail_prefix}{innovation.slug}{self.detail_suffix}"

    def absolute(self, url):
        return f"{self.site_url}{url}" if url.startswith("/") else url


def _iso(value):
    return value.isoformat() if value is not None else None


def _number(value):
    """Decimal to a JSON number: an integer when whole, else a float (two decimals at most)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _desa(innovation, context):
    return [{"kode": d.code, "nama": d.name} for d in innovation.desa.all()]


def _awards(innovation, context):
    rows = []
    for result in innovation.award_results.all():
        competition = result.category.competition
        rows.append({
            "kompetisi": competition.name,
            "penyelenggara": competition.organizer,
            "tingkat": competition.level,
            "tahun": competition.year,
            "kategori": result.category.name,
            "peringkat": str(result.get_rank_display()),
            "url": context.absolute(competition.get_absolute_url()),
        })
    return rows


def _indicators(innovation, context):
    return [
        {
            "nama": indicator.name,
            "satuan": indicator.unit,
            "makin_kecil_makin_baik": indicator.lower_is_better,
            "catatan": indicator.note,
            "nilai": [
                {"periode": v.period, "nilai": _number(Decimal(v.value)), "perkiraan": v.approximate}
                for v in indicator.values.all()
            ],
        }
        for indicator in innovation.indicators.all()
    ]


def _photos(innovation, context):
    return [{"url": context.absolute(p.image.url), "keterangan": p.caption} for p in innovation.photos.all()]


def _documents(innovation, context):
    return [{"judul": d.title, "url": context.absolute(d.file.url)} for d in innovation.documents.all()]


def _progress(innovation, context):
    return [{"tanggal": d.date.isoformat(), "teks": d.text} for d in innovation.public_progress]


def _adapted_from(innovation, context):
    return [context.innovation_url(source) for source in innovation.public_sources]


AWARD_ITEM = (
    Field("kompetisi", "string", _("Nama kompetisi, misalnya \"Wonogiri Innovation Award 2025\".")),
    Field("penyelenggara", "string", _("Penyelenggara kompetisi.")),
    Field("tingkat", "string", _("Tingkat kompetisi: kabupaten, provinsi atau nasional.")),
    Field("tahun", "integer", _("Tahun kompetisi.")),
    Field("kategori", "string", _("Kategori lomba.")),
    Field("peringkat", "string", _("Peringkat, misalnya \"Juara 1\", \"Juara Harapan 2\" atau \"Pemenang\".")),
    Field("url", "string", _("Alamat halaman kompetisi di portal.")),
)
INDICATOR_VALUE_ITEM = (
    Field("periode", "string", _("Tahun (2023), bulan (2023-10) atau rentang (2023-01/2023-10).")),
    Field("nilai", "number", _("Nilai pada periode itu.")),
    Field("perkiraan", "boolean", _("true bila nilainya perkiraan.")),
)
INDICATOR_ITEM = (
    Field("nama", "string", _("Nama indikator dampak.")),
    Field("satuan", "string", _("Satuan, misalnya \"orang\" atau \"hari\".")),
    Field("makin_kecil_makin_baik", "boolean", _("true bila nilai yang lebih kecil berarti lebih baik.")),
    Field("catatan", "string", _("Catatan tentang cara mengukur (boleh kosong).")),
    Field("nilai", "array", _("Nilai per periode, urut menurut periode."), items=INDICATOR_VALUE_ITEM),
)

FIELDS = (
    Field("id", "integer", _("Nomor entri di portal; tetap, tidak dipakai ulang."), lambda i, c: i.pk),
    Field("nama", "string", _("Nama inovasi."), lambda i, c: i.title),
    Field("url", "string", _("Alamat kanonik halaman inovasi."), lambda i, c: c.innovation_url(i)),
    Field("provinsi_kode", "string", _("Kode Kemendagri provinsi, misalnya \"33\"."), lambda i, c: i.provinsi_id),
    Field("provinsi_nama", "string", _("Nama provinsi."), lambda i, c: i.provinsi.name),
    Field("kabupaten_kode", "string", _("Kode Kemendagri kabupaten/kota, misalnya \"33.12\"."),
          lambda i, c: i.kabupaten_id),
    Field("kabupaten_nama", "string", _("Nama kabupaten/kota."), lambda i, c: i.kabupaten.name),
    Field("kabupaten_jenis", "string", _("kabupaten atau kota."), lambda i, c: i.kabupaten.kind),
    Field("kecamatan_kode", "string", _("Kode Kemendagri kecamatan, misalnya \"33.12.21\"."),
          lambda i, c: i.kecamatan_id),
    Field("kecamatan_nama", "string", _("Nama kecamatan (tanpa kata \"Kecamatan\")."), lambda i, c: i.kecamatan.name),
    Field("desa", "array", _("Desa/kelurahan yang terlibat: kode dan nama."), _desa, items=(
        Field("kode", "string", _("Kode Kemendagri desa/kelurahan.")),
        Field("nama", "string", _("Nama desa/kelurahan.")),
    )),
    Field("unit_pelaksana", "string", _("Unit pelaksana, misalnya \"UPTD Puskesmas Jatipurno\" (boleh kosong)."),
          lambda i, c: i.unit),
    Field("tema", "string", _("Tema/urusan."), lambda i, c: i.theme.name),
    Field("tema_slug", "string", _("Kode tema, sama dengan parameter filter tema."), lambda i, c: i.theme.slug),
    Field("bentuk", "string", _("Bentuk inovasi: pelayanan_publik, tata_kelola atau lainnya."), lambda i, c: i.form),
    Field("digital", "boolean", _("true bila inovasi memakai aplikasi atau layanan daring."),
          lambda i, c: i.is_digital),
    Field("tahapan", "string", _("Tahapan: inisiatif, uji_coba atau penerapan."), lambda i, c: i.stage),
    Field("tanggal_mulai", "date", _("Tanggal mulai diterapkan (YYYY-MM-DD)."), lambda i, c: _iso(i.first_applied),
          nullable=True),
    Field("ringkasan", "string", _("Ringkasan singkat."), lambda i, c: i.summary),
    Field("masalah", "string", _("Masalah sebelum ada inovasi."), lambda i, c: i.problem),
    Field("cara_kerja", "string", _("Cara kerja inovasi."), lambda i, c: i.approach),
    Field("tujuan", "string", _("Tujuan."), lambda i, c: i.goals),
    Field("manfaat", "string", _("Manfaat yang dirasakan."), lambda i, c: i.benefits),
    Field("mitra", "string", _("Mitra, satu per baris."), lambda i, c: i.partners),
    Field("sumber_anggaran", "string",
          _("Sumber anggaran: apbd, apbd_provinsi, apbn, apbdes, csr, swadaya, tanpa, lainnya, atau kosong."),
          lambda i, c: i.budget_source),
    Field("jumlah_anggaran", "integer", _("Jumlah anggaran dalam rupiah; null bila tidak diisi."),
          lambda i, c: i.budget_amount, nullable=True),
    Field("rencana_pengembangan", "string", _("Rencana pengembangan."), lambda i, c: i.development_plan),
    Field("kontak_kantor", "string", _("Kontak kantor (bukan nomor pribadi)."), lambda i, c: i.contact_office),
    Field("email_kantor", "string", _("Email kantor (boleh kosong)."), lambda i, c: i.contact_email),
    Field("video_url", "string", _("Tautan video (boleh kosong)."), lambda i, c: i.video_url),
    Field("diadaptasi_dari", "array", _("Alamat inovasi terbit yang menjadi contoh (replikasi)."), _adapted_from),
    Field("penghargaan", "array", _("Penghargaan yang diterima dengan inovasi ini."), _awards, items=AWARD_ITEM),
    Field("indikator", "array", _("Indikator dampak dengan nilainya per periode."), _indicators,
          items=INDICATOR_ITEM),
    Field("perkembangan", "array", _("Perkembangan yang sudah diverifikasi: tanggal dan teks."), _progress, items=(
        Field("tanggal", "date", _("Tanggal perkembangan.")),
        Field("teks", "string", _("Isi perkembangan.")),
    )),
    Field("foto", "array", _("Foto: alamat berkas dan keterangan; yang pertama adalah sampul."), _photos, items=(
        Field("url", "string", _("Alamat berkas foto.")),
        Field("keterangan", "string", _("Keterangan foto (boleh kosong).")),
    )),
    Field("dokumen", "array", _("Dokumen bukti (PDF): judul dan alamat berkas."), _documents, items=(
        Field("judul", "string", _("Judul dokumen.")),
        Field("url", "string", _("Alamat berkas PDF.")),
    )),
    Field("terbit_pada", "datetime", _("Waktu terbit di portal (ISO 8601, UTC)."), lambda i, c: _iso(i.published_at),
          nullable=True),
    Field("diperbarui_pada", "datetime", _("Waktu perubahan terakhir (ISO 8601, UTC)."),
          lambda i, c: _iso(i.updated_at)),
    Field("data_buatan", "boolean", _("true bila entri dibuat otomatis untuk uji beban, bukan data nyata."),
          lambda i, c: i.is_generated),
)

FIELD_NAMES = [f.name for f in FIELDS]


def record(innovation, context):
    """One innovation as a dict in the documented order."""
    return {f.name: f.get(innovation, context) for f in FIELDS}


def json_schema(fields=FIELDS):
    """The field list as a JSON Schema (draft 2020-12) of one record, for validators outside the portal."""
    formats = {"date": "date", "datetime": "date-time"}
    properties = {}
    for f in fields:
        json_type = "string" if f.type in formats else f.type
        prop = {"type": [json_type, "null"] if f.nullable else json_type, "description": str(f.description)}
        if f.type in formats:
            prop["format"] = formats[f.type]
        if f.type == "array":
            prop["items"] = json_schema(f.items) if f.items else {"type": "string"}
        properties[f.name] = prop
    return {
        "type": "object",
        "properties": properties,
        "required": [f.name for f in fields],
        "additionalProperties": False,
    }
