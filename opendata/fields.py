"""The documented field list of the innovation exports: one source for the /data/ page, CSV, JSON and tests.

Each `Field` says its name, its JSON type, whether it may be null, what it means, and how its
value is read from one export row: a dict of the innovation's columns (`ROW_COLUMNS`) plus its
related lists, built by `opendata.exports.batches` (so a getter never queries). The CSV header is
the list of names in this order; a CSV cell holds the same value as the JSON key (arrays as JSON
text, booleans as true/false).

Only public data is listed: no contact person, no reviewer notes, no status log, no search columns.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# JSON types a value may have; "date" and "datetime" are ISO 8601 strings.
TYPES = ("string", "integer", "number", "boolean", "date", "datetime", "array")

# Columns of Innovation (and of its regions and theme) that the getters read from a row.
ROW_COLUMNS = (
    "id", "slug", "title", "provinsi_id", "provinsi__name", "kabupaten_id", "kabupaten__name", "kabupaten__kind",
    "kecamatan_id", "kecamatan__name", "unit", "theme__name", "theme__slug", "form", "is_digital", "stage",
    "first_applied", "summary", "problem", "approach", "goals", "benefits", "partners", "budget_source",
    "budget_amount", "development_plan", "contact_office", "contact_email", "video_url", "published_at",
    "updated_at", "is_generated",
)


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    get: object = None  # callable(row, context) -> JSON-ready value; None for nested item fields
    nullable: bool = False
    items: tuple = field(default_factory=tuple)  # fields of each object in an array


def _reversed_once(name):
    """(prefix, suffix) of a slug URL: reversing per row costs more than the rest of the row together."""
    marker = "slug-penanda"
    prefix, suffix = reverse(name, args=[marker]).split(marker)
    return prefix, suffix


class ExportContext:
    """What getters need besides the row: absolute addresses, built once per export."""

    def __init__(self):
        self.site_url = settings.SITE_URL
        self.innovation_prefix, self.innovation_suffix = _reversed_once("innovations:detail")
        self.competition_prefix, self.competition_suffix = _reversed_once("awards:detail")

    def innovation_url(self, slug):
        """The same address as Innovation.get_absolute_url(), made absolute."""
        return f"{self.site_url}{self.innovation_prefix}{slug}{self.innovation_suffix}"

    def competition_url(self, slug):
        return f"{self.site_url}{self.competition_prefix}{slug}{self.competition_suffix}"

    def absolute(self, url):
        return f"{self.site_url}{url}" if url.startswith("/") else url


def _iso(value):
    return value.isoformat() if value is not None else None


def _key(name):
    """A value taken from the row as it is: a column, or a related list exports.batches built already."""
    return lambda row, context: row[name]


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
    Field("id", "integer", _("Nomor entri di portal; tetap, tidak dipakai ulang."), _key("id")),
    Field("nama", "string", _("Nama inovasi."), _key("title")),
    Field("url", "string", _("Alamat kanonik halaman inovasi."), lambda r, c: c.innovation_url(r["slug"])),
    Field("provinsi_kode", "string", _("Kode Kemendagri provinsi, misalnya \"33\"."), _key("provinsi_id")),
    Field("provinsi_nama", "string", _("Nama provinsi."), _key("provinsi__name")),
    Field("kabupaten_kode", "string", _("Kode Kemendagri kabupaten/kota, misalnya \"33.12\"."),
          _key("kabupaten_id")),
    Field("kabupaten_nama", "string", _("Nama kabupaten/kota."), _key("kabupaten__name")),
    Field("kabupaten_jenis", "string", _("kabupaten atau kota."), _key("kabupaten__kind")),
    Field("kecamatan_kode", "string", _("Kode Kemendagri kecamatan, misalnya \"33.12.21\"."),
          _key("kecamatan_id")),
    Field("kecamatan_nama", "string", _("Nama kecamatan (tanpa kata \"Kecamatan\")."), _key("kecamatan__name")),
    Field("desa", "array", _("Desa/kelurahan yang terlibat: kode dan nama."), _key("desa"), items=(
        Field("kode", "string", _("Kode Kemendagri desa/kelurahan.")),
        Field("nama", "string", _("Nama desa/kelurahan.")),
    )),
    Field("unit_pelaksana", "string", _("Unit pelaksana, misalnya \"UPTD Puskesmas Jatipurno\" (boleh kosong)."),
          _key("unit")),
    Field("tema", "string", _("Tema/urusan."), _key("theme__name")),
    Field("tema_slug", "string", _("Kode tema, sama dengan parameter filter tema."), _key("theme__slug")),
    Field("bentuk", "string", _("Bentuk inovasi: pelayanan_publik, tata_kelola atau lainnya."), _key("form")),
    Field("digital", "boolean", _("true bila inovasi memakai aplikasi atau layanan daring."),
          _key("is_digital")),
    Field("tahapan", "string", _("Tahapan: inisiatif, uji_coba atau penerapan."), _key("stage")),
    Field("tanggal_mulai", "date", _("Tanggal mulai diterapkan (YYYY-MM-DD)."), lambda r, c: _iso(r["first_applied"]),
          nullable=True),
    Field("ringkasan", "string", _("Ringkasan singkat."), _key("summary")),
    Field("masalah", "string", _("Masalah sebelum ada inovasi."), _key("problem")),
    Field("cara_kerja", "string", _("Cara kerja inovasi."), _key("approach")),
    Field("tujuan", "string", _("Tujuan."), _key("goals")),
    Field("manfaat", "string", _("Manfaat yang dirasakan."), _key("benefits")),
    Field("mitra", "string", _("Mitra, satu per baris."), _key("partners")),
    Field("sumber_anggaran", "string",
          _("Sumber anggaran: apbd, apbd_provinsi, apbn, apbdes, csr, swadaya, tanpa, lainnya, atau kosong."),
          _key("budget_source")),
    Field("jumlah_anggaran", "integer", _("Jumlah anggaran dalam rupiah; null bila tidak diisi."),
          _key("budget_amount"), nullable=True),
    Field("rencana_pengembangan", "string", _("Rencana pengembangan."), _key("development_plan")),
    Field("kontak_kantor", "string", _("Kontak kantor (bukan nomor pribadi)."), _key("contact_office")),
    Field("email_kantor", "string", _("Email kantor (boleh kosong)."), _key("contact_email")),
    Field("video_url", "string", _("Tautan video (boleh kosong)."), _key("video_url")),
    Field("diadaptasi_dari", "array", _("Alamat inovasi terbit yang menjadi contoh (replikasi)."),
          _key("diadaptasi_dari")),
    Field("penghargaan", "array", _("Penghargaan yang diterima dengan inovasi ini."), _key("penghargaan"),
          items=AWARD_ITEM),
    Field("indikator", "array", _("Indikator dampak dengan nilainya per periode."), _key("indikator"),
          items=INDICATOR_ITEM),
    Field("perkembangan", "array", _("Perkembangan yang sudah diverifikasi: tanggal dan teks."),
          _key("perkembangan"), items=(
        Field("tanggal", "date", _("Tanggal perkembangan.")),
        Field("teks", "string", _("Isi perkembangan.")),
    )),
    Field("foto", "array", _("Foto: alamat berkas dan keterangan; yang pertama adalah sampul."), _key("foto"), items=(
        Field("url", "string", _("Alamat berkas foto.")),
        Field("keterangan", "string", _("Keterangan foto (boleh kosong).")),
    )),
    Field("dokumen", "array", _("Dokumen bukti (PDF): judul dan alamat berkas."), _key("dokumen"), items=(
        Field("judul", "string", _("Judul dokumen.")),
        Field("url", "string", _("Alamat berkas PDF.")),
    )),
    Field("terbit_pada", "datetime", _("Waktu terbit di portal (ISO 8601, UTC)."), lambda r, c: _iso(r["published_at"]),
          nullable=True),
    Field("diperbarui_pada", "datetime", _("Waktu perubahan terakhir (ISO 8601, UTC)."),
          lambda r, c: _iso(r["updated_at"])),
    Field("data_buatan", "boolean", _("true bila entri dibuat otomatis untuk uji beban, bukan data nyata."),
          _key("is_generated")),
)

FIELD_NAMES = [f.name for f in FIELDS]


def record(row, context):
    """One export row as a dict in the documented order."""
    return {f.name: f.get(row, context) for f in FIELDS}


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
