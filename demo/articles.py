"""Demo step: one article per story of seed_facts.json, written for the portal in Indonesian.

The texts restate only facts of seed_facts.json (no quotes, no figures beyond it). Publish
dates follow the events (the day after for reported events; Majene keeps its source date);
the Solid Center story carries no date, so it has a fixed date of our choosing. The author is
the demo editor `editor.forcasi` when the accounts step created it. Links name competitions by
key, regions by code and innovations by key; a missing innovation is skipped, not an error.
"""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model

from articles.models import Article
from awards.models import Competition
from demo.awards import sync, sync_m2m
from demo.facts import seed_facts
from innovations.models import Innovation
from regions.models import REGION_MODELS, region_model_for_code

AUTHOR = "editor.forcasi"
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")

SOURCES = {
    "FORCASI": "FORCASI (Forum Camat Seluruh Indonesia)",
    "Biro POD Jawa Timur (reported)": "Biro Pemerintahan dan Otonomi Daerah Provinsi Jawa Timur",
    "iNews.id (reported)": "iNews.id",
    "LensaKhatulistiwa (reported)": "LensaKhatulistiwa",
}

ARTICLES = {
    "jatipurno-wia-2025": {
        "published": "2025-12-19",
        "featured": True,
        "title": "Jatipurno Meraih Penghargaan di Tiga Kategori Wonogiri Innovation Award 2025",
        "summary": (
            "Kecamatan Jatipurno, dua desanya, dan UPTD Puskesmas Jatipurno menerima penghargaan di semua "
            "kategori WIA 2025. Ke depan, kecamatan ini ingin membuka ruang lebih luas bagi anak muda dan warga "
            "untuk ikut berinovasi."
        ),
        "body": """\
Pemerintah Kabupaten Wonogiri menyerahkan Wonogiri Innovation Award (WIA) 2025 pada 18 Desember 2025.
Nama Jatipurno muncul di ketiga kategori penghargaan tahun ini.

## Daftar penerima dari Jatipurno

| Kategori | Peringkat | Penerima |
|---|---|---|
| Kecamatan | Juara 1 | Kecamatan Jatipurno |
| Desa/Kelurahan | Juara 1 | Desa Slogoretno |
| Desa/Kelurahan | Juara Harapan 1 | Desa Mangunharjo |
| Pelayanan Kesehatan | Juara Harapan 2 | UPTD Puskesmas Jatipurno |

## Hasil kerja bersama

Inovasi pelayanan publik di Jatipurno dibangun bersama oleh pemerintah kecamatan, pemerintah desa,
tenaga kesehatan, dan warga. Karena itu penerimanya pun beragam: sebuah kecamatan, dua desa, dan satu
unit layanan kesehatan.

## Langkah berikutnya

Jatipurno berencana memberi ruang lebih luas bagi anak muda dan warga untuk menyumbangkan gagasan,
misalnya lewat Krenova (Kreativitas dan Inovasi), ajang inovasi yang terbuka bagi warga perorangan dan
generasi muda.

Kecamatan lain dapat belajar dari cara Jatipurno melibatkan desa dan unit layanannya, lalu mencatat
praktik baik yang mereka adaptasi di portal ini.
""",
    },
    "pembinaan-skk-2023": {
        "published": "2024-11-04",
        "featured": False,
        "title": "Tujuh Kecamatan Pemenang SKK 2023 Menerima Pembinaan Lanjutan",
        "summary": (
            "Dari 21 Oktober sampai 2 November 2024, tim pembina dari Provinsi Jawa Timur mendatangi tujuh "
            "kecamatan pemenang Sinergisitas Kinerja Kecamatan 2023 untuk merencanakan keberlanjutan inovasi mereka."
        ),
        "body": """\
Penghargaan bukan akhir cerita. Pemerintah Provinsi Jawa Timur menindaklanjuti Sinergisitas Kinerja
Kecamatan (SKK) 2023 dengan pembinaan bagi para pemenangnya pada 21 Oktober hingga 2 November 2024.

## Tim pembina

- Biro Pemerintahan dan Otonomi Daerah Provinsi Jawa Timur
- Badan Riset dan Inovasi Daerah (Brida) Jawa Timur
- JPIP

## Isi pembinaan

Tim mengunjungi setiap kecamatan pemenang. Bersama pemerintah kecamatan, tim menyusun rencana agar
inovasi yang sudah berjalan tetap hidup dan dapat dikembangkan lebih jauh.

## Tujuh pemenang dan inovasinya

- **Kecamatan Modo**: Modo Berbudaya, menggali dan mengenalkan warisan budaya dan purbakala Modo.
- **Kecamatan Junrejo**: Lansia Smart, kegiatan pengembangan diri bagi warga lanjut usia, termasuk
  membatik yang bernilai ekonomi.
- **Kecamatan Wonosari**: Kampung Tematik, kampung bertema yang memperluas promosi wisata lokal berbasis
  komunitas.
- **Kecamatan Talango**: Jamper, pengawalan penyeberangan dalam keadaan darurat agar kedaruratan tidak
  berujung konflik di tengah warga.
- **Kecamatan Manguharjo**: e-Sayur, aplikasi yang memetakan potensi produksi pekarangan P2L
  (Pekarangan Pangan Lestari).
- **Kecamatan Kawedanan**: Jumat SMART, kegiatan bergilir setiap Jumat bagi aparatur kecamatan dan desa.
- **Kecamatan Pabean Cantian**: Pakar Pisan, mempertemukan kebutuhan industri setempat dengan warga yang
  mencari kerja.

Sumber tidak menyebut peringkat para pemenang, sehingga portal ini mencatat ketujuhnya sebagai
"Pemenang".

## Mengapa ini penting

Inovasi perlu dirawat setelah penghargaan diterima. Di portal ini setiap inovasi dapat diberi catatan
perkembangan bertanggal dan rencana pengembangan, sehingga kemajuan sesudah pembinaan tetap terlihat.
""",
    },
    "solid-center-kutoarjo": {
        "published": "2025-09-15",
        "featured": False,
        "title": "Solid Center: Desa-Desa Kutoarjo Menyepakati Prioritas Sebelum Musrenbangdes",
        "summary": (
            "Di Kecamatan Kutoarjo, Purworejo, tim inovasi kecamatan, pendamping desa dan perangkat desa "
            "bertemu per kelompok desa sebelum Musrenbangdes untuk menyepakati prioritas pembangunan, termasuk "
            "penurunan stunting."
        ),
        "body": """\
Solid Center adalah forum koordinasi di Kecamatan Kutoarjo, Kabupaten Purworejo. Forum ini
mempertemukan para pihak sebelum musyawarah perencanaan pembangunan desa (Musrenbangdes) digelar.

## Siapa yang duduk bersama

- Tim inovasi kecamatan
- Pendamping Desa (PD)
- Pendamping Lokal Desa (PLD)
- Perangkat desa

## Cara kerjanya

Pertemuan diadakan per kelompok desa. Peserta menyepakati prioritas yang akan dituangkan dalam
RKPDes (Rencana Kerja Pemerintah Desa) dan DURKP. Upaya penurunan stunting dimasukkan ke dalam rencana
desa sejak tahap ini.

## Desa yang terlibat

Tujuh desa di Kutoarjo tercatat ikut dalam Solid Center; daftarnya ada di halaman inovasi.

## Untuk ditiru

Solid Center tidak memerlukan peralatan khusus: yang dibutuhkan adalah jadwal, peserta yang tepat,
dan kesepakatan yang dibawa ke Musrenbangdes. Kecamatan lain dapat mengadaptasinya dan mencatat
adaptasi itu di portal ini.
""",
    },
    "jumat-smart-kawedanan": {
        "published": "2023-11-28",
        "featured": True,
        "title": "Juri SKK 2023 Meninjau Jumat SMART dan Serasa Desa di Kawedanan",
        "summary": (
            "Pada 27 November 2023 juri Sinergisitas Kinerja Kecamatan 2023 mengunjungi Kecamatan Kawedanan, "
            "Magetan, dan menemukan tujuh praktik baik, di antaranya Jumat SMART dan Serasa Desa."
        ),
        "body": """\
Tim juri Sinergisitas Kinerja Kecamatan (SKK) 2023 dari Pemerintah Provinsi Jawa Timur mengunjungi
Kecamatan Kawedanan, Kabupaten Magetan, pada 27 November 2023, hari kedua rangkaian uji lapangan.
Di Kawedanan juri menemukan tujuh praktik baik.

## Jumat SMART

Setiap Jumat aparatur kecamatan dan desa menjalankan kegiatan yang bergiliran setiap pekan:

1. pekan pertama: senam dan konsolidasi;
2. pekan kedua: berjalan menyapa dan berbincang dengan warga desa;
3. pekan ketiga: bersih-bersih bersama;
4. pekan keempat: sholawatan dan berbagi.

Nama SMART diambil dari keempat kegiatan itu: SenaM, jAlan-jalan, beRsih-bersih, sholawaTan-berbagi.
Setiap bulan para aparatur juga menyisihkan uang untuk paket sembako bagi keluarga miskin yang
terdaftar di DTKS tetapi tidak menerima bantuan pemerintah lain. Paket itu digilir dari desa ke desa.
Dari Januari sampai Oktober 2023 tersalur sekitar 150 paket, masing-masing senilai Rp100.000.

## Serasa Desa

Serasa Desa (Selasa Silaturahmi dan Sambang Desa) adalah kunjungan aparatur kecamatan ke desa setiap
Selasa, untuk mempererat hubungan sekaligus mengawasi administrasi pemerintahan desa. Temuan
pelanggaran norma oleh aparatur turun dari 20 pada 2021 menjadi 10 pada 2022, lalu 7 pada 2023.

## Program unggulan di setiap seksi

Kawedanan tidak puas dengan satu inovasi per instansi. Kecamatan ini menargetkan setiap seksi memiliki
program unggulannya sendiri; Rabu Komplit, pembinaan aparatur kecamatan dan desa setiap Rabu, adalah
salah satunya.

Kawedanan kemudian termasuk dalam tujuh kecamatan pemenang SKK 2023.
""",
    },
    "majene-sosialisasi-2021": {
        "featured": False,
        "title": "Majene: Banyak Inovasi Daerah Belum Tercatat",
        "summary": (
            "Dalam sosialisasi inovasi daerah di Kabupaten Majene terungkap bahwa hanya 6 inovasi yang tercatat "
            "untuk 2019–2021, padahal inovasi yang berjalan jauh lebih banyak."
        ),
        "body": """\
Pemerintah Kabupaten Majene, Sulawesi Barat, menggelar sosialisasi tentang inovasi daerah. Pesannya
jelas: inovasi yang tidak dilaporkan tidak akan terlihat.

## Angka yang terlalu kecil

Untuk periode 2019–2021 hanya 6 inovasi Majene yang tercatat, padahal inovasi yang benar-benar
berjalan jauh lebih banyak. Penyebabnya pelaporan dan pencatatan yang masih lemah.

## Kewajiban melapor

Undang-Undang Nomor 23 Tahun 2014 mewajibkan setiap pemerintah daerah melaporkan inovasinya. Laporan
itu disampaikan melalui Indeks Inovasi Daerah.

## Beda nama, isi sama

Sosialisasi juga menyoroti banyaknya inovasi hasil pendidikan dan pelatihan yang hanya berbeda nama,
sementara isinya serupa.

## Pelajaran untuk portal ini

Dari kisah Majene, portal ini membuat pengajuan inovasi cepat dan terpandu, menunjukkan kepada
kecamatan apa yang belum lengkap, dan memberi tahu pengaju bila sudah ada entri yang mirip.
""",
    },
}


def _published_at(day):
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(9, 0), tzinfo=JAKARTA)


def _links(names):
    """Split seed link names into competitions, regions by model, and innovations (missing ones left out)."""
    competition_keys = {c["key"] for c in seed_facts()["competitions"]}
    competitions, innovations, regions = [], [], {model: [] for model in REGION_MODELS.values()}
    for name in names:
        model = region_model_for_code(name)
        if name in competition_keys:
            competitions.append(Competition.objects.get(slug=name))
        elif model is not None:
            regions[model].append(model.objects.get(code=name))
        else:
            innovation = Innovation.objects.filter(slug=name).first()
            if innovation is not None:
                innovations.append(innovation)
    return competitions, innovations, regions


def load(stdout):
    author = get_user_model().objects.filter(username=AUTHOR).first()
    written = 0
    for fact in seed_facts()["articles"]:
        text = ARTICLES[fact["key"]]
        article, n = sync(Article, {"slug": fact["key"]}, {
            "title": text["title"],
            "summary": text["summary"],
            "body": text["body"],
            "source_name": SOURCES[fact["publisher"]],
            "status": Article.Status.PUBLISHED,
            "published_at": _published_at(fact.get("date") or text["published"]),
            "is_featured": text["featured"],
            "author_id": author.pk if author else None,
        })
        written += n
        competitions, innovations, regions = _links(fact["links"])
        written += sync_m2m(article, "competitions", competitions)
        written += sync_m2m(article, "innovations", innovations)
        for model, related in zip(REGION_MODELS.values(), ["provinsi", "kabupaten", "kecamatan", "desa"],
                                  strict=True):
            written += sync_m2m(article, related, regions[model])
    if written:
        stdout.write(f"Artikel demo: {written} baris ditulis.")
    return written
