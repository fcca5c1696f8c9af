"""Demo innovations: every innovation of seed_facts.json as a published entry, told in Indonesian.

The texts below restate the facts of the stories; no number is added beyond them. Each
seed key becomes the slug ("jumat-smart"), which the awards demo uses to link its results.
An entry that already exists is left alone, so a second run writes nothing.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone

from demo.facts import seed_facts
from innovations.models import Indicator, IndicatorValue, Innovation, StatusLog, Theme
from regions.models import Desa, Kecamatan

F = Innovation.Form
SKK_FOLLOW_UP = (
    "Sebagai pemenang Sinergisitas Kinerja Kecamatan (SKK) 2023, inovasi ini mendapat pembinaan "
    "lanjutan pada 21 Oktober sampai 2 November 2024 dari Biro Pemerintahan dan Otonomi Daerah "
    "Provinsi Jawa Timur, Badan Riset dan Inovasi Daerah (Brida) Jawa Timur, dan JPIP, untuk "
    "merencanakan bagaimana inovasi dipertahankan dan dikembangkan."
)

# Texts per seed key; fields left out stay empty (the facts say nothing about them).
TEXTS = {
    "modo-berbudaya": {
        "form": F.LAINNYA,
        "summary": "Menggali dan mempromosikan warisan budaya serta peninggalan purbakala yang ada di "
                   "Kecamatan Modo.",
        "problem": "Warisan budaya dan peninggalan arkeologis Modo belum dikenal luas, sehingga "
                   "nilainya bagi warga dan pengunjung belum dimanfaatkan.",
        "approach": "Kecamatan menelusuri kembali warisan budaya dan situs purbakala di wilayahnya, "
                    "lalu memperkenalkannya kepada warga dan pengunjung.",
        "goals": "Warisan budaya Modo dikenal, dijaga, dan menjadi kebanggaan warga.",
        "development_plan": SKK_FOLLOW_UP,
    },
    "lansia-smart": {
        "form": F.LAINNYA,
        "summary": "Kegiatan pengembangan diri bagi warga lanjut usia, antara lain membatik yang "
                   "bernilai ekonomi.",
        "problem": "Warga lanjut usia membutuhkan kegiatan yang menjaga mereka tetap aktif dan berdaya.",
        "approach": "Kecamatan mengadakan kegiatan pengembangan diri untuk warga lansia; salah satunya "
                    "pelatihan membatik yang hasilnya dapat dijual.",
        "benefits": "Lansia tetap aktif, bertemu sesama, dan memperoleh keterampilan yang bernilai ekonomi.",
        "development_plan": SKK_FOLLOW_UP,
    },
    "kampung-tematik": {
        "form": F.LAINNYA,
        "summary": "Kampung bertema yang memperluas jangkauan promosi pariwisata lokal berbasis komunitas.",
        "problem": "Potensi wisata kampung belum banyak diketahui orang di luar wilayahnya.",
        "approach": "Kampung-kampung mengangkat tema masing-masing dan mempromosikannya bersama komunitas "
                    "warga sebagai tujuan wisata.",
        "goals": "Promosi wisata lokal menjangkau lebih banyak pengunjung dan dikelola oleh warga sendiri.",
        "development_plan": SKK_FOLLOW_UP,
    },
    "jamper": {
        "form": F.PELAYANAN_PUBLIK,
        "summary": "Memastikan penyeberangan dalam keadaan darurat selalu dikawal, agar keadaan darurat "
                   "tidak berubah menjadi konflik di tengah masyarakat.",
        "problem": "Keadaan darurat yang membutuhkan penyeberangan dapat memicu ketegangan dan konflik "
                   "bila tidak ditangani dengan baik.",
        "approach": "Setiap penyeberangan dalam keadaan darurat mendapat pengawalan.",
        "goals": "Keadaan darurat tertangani dengan tertib tanpa menimbulkan konflik sosial.",
        "development_plan": SKK_FOLLOW_UP,
    },
    "e-sayur": {
        "form": F.PELAYANAN_PUBLIK,
        "summary": "Aplikasi digital yang memetakan potensi produktif pekarangan rumah tangga program "
                   "Pekarangan Pangan Lestari (P2L).",
        "problem": "Potensi hasil pekarangan P2L di tiap rumah tangga belum tercatat dalam satu peta.",
        "approach": "Data pekarangan P2L dicatat dalam aplikasi sehingga potensinya terlihat dan dapat "
                    "dimanfaatkan.",
        "goals": "Mendukung ketahanan pangan dengan data pekarangan yang lengkap.",
        "development_plan": SKK_FOLLOW_UP,
    },
    "jumat-smart": {
        "form": F.TATA_KELOLA,
        "unit": "Kecamatan Kawedanan bersama pemerintah desa",
        "summary": "Setiap Jumat, aparatur kecamatan dan desa menjalankan program bergilir: senam, "
                   "jalan-jalan menyapa warga, bersih-bersih, serta sholawatan dan berbagi paket sembako "
                   "untuk keluarga miskin yang belum menerima bantuan pemerintah lain.",
        "problem": "Sebagian keluarga miskin yang tercatat di DTKS tidak menerima bantuan pemerintah apa "
                   "pun, dan aparatur perlu lebih dekat dengan warga yang dilayaninya.",
        "approach": "SMART adalah singkatan dari SenaM, jAlan-jalan, beRsih-bersih, sholawaTan-berbagi. "
                    "Pekan pertama: senam dan konsolidasi. Pekan kedua: berjalan dan berbincang dengan "
                    "warga. Pekan ketiga: kerja bakti. Pekan keempat: sholawatan dan berbagi. Aparatur "
                    "menyisihkan iuran setiap bulan untuk paket sembako, yang disalurkan bergilir dari "
                    "desa ke desa kepada keluarga DTKS yang tidak menerima bantuan lain.",
        "goals": "Aparatur yang dekat dengan warga dan kepedulian nyata bagi keluarga miskin yang "
                 "terlewat bantuan.",
        "benefits": "Paket sembako, masing-masing senilai Rp100.000, tersalurkan kepada keluarga yang "
                    "membutuhkan (lihat indikator).",
        "partners": "Pemerintah desa se-Kecamatan Kawedanan",
        "budget_source": Innovation.BudgetSource.SWADAYA,
        "development_plan": SKK_FOLLOW_UP,
    },
    "serasa-desa": {
        "form": F.TATA_KELOLA,
        "summary": "Kunjungan setiap Selasa oleh aparatur kecamatan ke desa untuk menjalin silaturahmi "
                   "dan mengawasi penyelenggaraan pemerintahan desa.",
        "problem": "Pelanggaran norma oleh aparatur desa perlu dicegah lewat pembinaan yang dekat dan "
                   "rutin.",
        "approach": "Setiap Selasa aparatur kecamatan bersilaturahmi dan menyambangi desa (sambang desa), "
                    "sekaligus memantau administrasi pemerintahan desa.",
        "goals": "Aparatur desa berintegritas dan administrasi desa tertib.",
        "benefits": "Temuan pelanggaran norma aparatur turun dari tahun ke tahun (lihat indikator).",
        "partners": "Pemerintah desa se-Kecamatan Kawedanan",
    },
    "rabu-komplit": {
        "form": F.TATA_KELOLA,
        "summary": "Program pembinaan setiap Rabu bagi aparatur kecamatan dan desa.",
        "approach": "Sumber berita hanya menyebut nama program ini tanpa rincian lebih lanjut; staf "
                    "kecamatan dapat melengkapinya.",
    },
    "pakar-pisan": {
        "form": F.PELAYANAN_PUBLIK,
        "summary": "Mempertemukan kebutuhan industri setempat dengan warga pencari kerja, serta "
                   "memfasilitasi dukungan CSR untuk meningkatkan keterampilan usaha warga.",
        "problem": "Warga pencari kerja dan industri di sekitarnya belum saling terhubung.",
        "approach": "Kecamatan menjembatani lowongan dan kebutuhan industri dengan warga yang mencari "
                    "kerja, dan menggandeng program CSR untuk pelatihan keterampilan usaha.",
        "partners": "Industri setempat (program CSR)",
        "budget_source": Innovation.BudgetSource.CSR,
        "development_plan": SKK_FOLLOW_UP,
    },
    "solid-center": {
        "form": F.TATA_KELOLA,
        "summary": "Forum koordinasi tim inovasi kecamatan, Pendamping Desa, Pendamping Lokal Desa dan "
                   "perangkat desa, digelar per kelompok desa sebelum Musrenbangdes, untuk menyepakati "
                   "prioritas RKPDes dan DURKP serta memasukkan penurunan stunting ke dalam rencana desa.",
        "problem": "Penyusunan RKPDes dan DURKP di tiap desa berjalan sendiri-sendiri, dan penurunan "
                   "stunting belum selalu masuk dalam rencana desa.",
        "approach": "Sebelum Musrenbangdes, tim inovasi kecamatan mengumpulkan Pendamping Desa (PD), "
                    "Pendamping Lokal Desa (PLD) dan perangkat desa dalam kelompok-kelompok desa untuk "
                    "membahas dan menyepakati prioritas pembangunan.",
        "goals": "Perencanaan pembangunan desa yang partisipatif, selaras antardesa, dan memuat upaya "
                 "penurunan stunting.",
        "unit": "Tim inovasi Kecamatan Kutoarjo",
    },
    "wia-jatipurno": {
        "form": F.PELAYANAN_PUBLIK,
        "summary": "Kumpulan inovasi pelayanan publik Kecamatan Jatipurno yang dibangun bersama "
                   "pemerintah desa, tenaga kesehatan dan warga. Sumber tidak merinci program-programnya; "
                   "entri ini mencatat penghargaan yang diterima kecamatan.",
        "partners": "Pemerintah desa se-Kecamatan Jatipurno\nUPTD Puskesmas Jatipurno\nWarga",
    },
}


def load(stdout):
    """Create the seed innovations that do not exist yet; returns the rows written."""
    facts = seed_facts()["innovations"]
    missing_regions = sorted({f["region"] for f in facts} - set(
        Kecamatan.objects.filter(code__in=[f["region"] for f in facts]).values_list("code", flat=True)))
    if missing_regions:
        raise CommandError("Wilayah belum diimpor: " + ", ".join(missing_regions)
                           + ". Jalankan dulu `manage.py import_regions`.")
    reviewer = get_user_model().objects.filter(username="admin").first()
    written = 0
    for fact in facts:
        if Innovation.objects.filter(slug=fact["key"]).exists():
            continue
        written += _create(fact, reviewer)
    if written:
        stdout.write(f"Inovasi demo: {written} baris ditulis.")
    return written


def _create(fact, actor):
    texts = TEXTS[fact["key"]]
    theme, theme_created = Theme.objects.get_or_create(name=fact["theme"])
    partners = texts.get("partners") or "\n".join(fact.get("partners", []))
    now = timezone.now()
    innovation = Innovation.objects.create(
        title=fact["title"], slug=fact["key"], kecamatan_id=fact["region"], theme=theme,
        is_digital=fact.get("digital", False), stage=Innovation.Stage.PENERAPAN,
        status=Innovation.Status.PUBLISHED, submitted_at=now, published_at=now, created_by=actor,
        partners=partners,
        **{k: v for k, v in texts.items() if k != "partners"},
    )
    written = 1 + theme_created
    desa = list(Desa.objects.filter(code__in=fact.get("desa", [])))
    if desa:
        innovation.desa.set(desa)
        written += len(desa)
    for position, spec in enumerate(fact.get("indicators", [])):
        indicator = Indicator.objects.create(
            innovation=innovation, name=spec["name"], unit=spec["unit"], position=position,
            lower_is_better=spec.get("lower_is_better", False),
            note=INDICATOR_NOTES.get(spec.get("note", ""), ""),
        )
        values = [IndicatorValue(indicator=indicator, period=v["period"], value=v["value"],
                                 approximate=v.get("approximate", False)) for v in spec["values"]]
        IndicatorValue.objects.bulk_create(values)
        written += 1 + len(values)
    StatusLog.objects.create(innovation=innovation, actor=actor, from_status=Innovation.Status.DRAFT,
                             to_status=Innovation.Status.PUBLISHED,
                             note="Data contoh dari berita yang dirangkum di seed_facts.json.")
    return written + 1


# The facts' notes are in English; what the public page shows is Indonesian.
INDICATOR_NOTES = {"each package worth Rp100.000": "Setiap paket senilai Rp100.000."}
