"""Indonesian word lists from which `generate_innovations` builds its load-test entries.

Nothing here is a real innovation: the lists only make generated titles and texts read like the
entries kecamatan staff write, so that search, ranking and page sizes behave as they would.
"""

# Rough population of each provinsi in millions (BPS projections): the skew of generated entries.
PROVINSI_POPULATION = {
    "11": 5.5, "12": 15.6, "13": 5.8, "14": 6.7, "15": 3.7, "16": 8.8, "17": 2.1, "18": 9.3, "19": 1.5,
    "21": 2.2, "31": 10.7, "32": 50.3, "33": 37.9, "34": 3.7, "35": 41.8, "36": 12.4, "51": 4.4, "52": 5.6,
    "53": 5.6, "61": 5.6, "62": 2.8, "63": 4.2, "64": 4.0, "65": 0.7, "71": 2.7, "72": 3.1, "73": 9.4,
    "74": 2.8, "75": 1.2, "76": 1.5, "81": 1.9, "82": 1.4, "91": 1.1, "92": 0.6, "93": 0.5, "94": 1.4,
    "95": 1.4, "96": 0.6,
}

# Theme name -> (objects an innovation of that theme is about, indicators as (name, unit, lower is better)).
THEMES = {
    "Pelayanan publik": (
        ["KTP Elektronik", "Akta Kelahiran", "Kartu Keluarga", "Surat Pindah", "Izin Usaha Mikro",
         "Surat Keterangan", "Administrasi Kependudukan", "Legalisasi Dokumen", "Pelayanan Malam"],
        [("Waktu penyelesaian dokumen", "hari", True), ("Dokumen terbit", "dokumen", False),
         ("Warga terlayani", "orang", False)],
    ),
    "Kesehatan": (
        ["Posyandu Remaja", "Ibu Hamil", "Balita Stunting", "Lansia", "Jamban Sehat", "Air Bersih",
         "Gizi Anak", "Kesehatan Jiwa", "Imunisasi Dasar"],
        [("Balita stunting", "anak", True), ("Ibu hamil terpantau", "orang", False),
         ("Kunjungan rumah", "kunjungan", False)],
    ),
    "Pendidikan": (
        ["Baca Tulis", "Perpustakaan Desa", "Anak Putus Sekolah", "Paud Desa", "Belajar Malam",
         "Beasiswa Desa", "Literasi Digital"],
        [("Anak kembali bersekolah", "anak", False), ("Peminjaman buku", "buku", False)],
    ),
    "Ketahanan pangan": (
        ["Pekarangan Pangan", "Lumbung Padi", "Bibit Cabai", "Pupuk Organik", "Kolam Lele", "Kebun Gizi",
         "Benih Padi"],
        [("Panen pekarangan", "kg", False), ("Rumah tangga terlibat", "KK", False)],
    ),
    "Pemberdayaan masyarakat": (
        ["UMKM Perempuan", "Karang Taruna", "BUMDes", "Kerajinan Bambu", "Pasar Desa", "Kader PKK",
         "Produk Olahan", "Koperasi Warga"],
        [("Pelaku usaha dibina", "orang", False), ("Omzet usaha", "juta rupiah", False)],
    ),
    "Lingkungan hidup": (
        ["Sampah Plastik", "Bank Sampah", "Sungai Bersih", "Penghijauan", "Biopori", "Kompos Rumah Tangga",
         "Mangrove"],
        [("Sampah terkelola", "ton", False), ("Pohon ditanam", "pohon", False)],
    ),
    "Tata kelola pemerintahan": (
        ["Pengaduan Warga", "Musrenbang", "Arsip Desa", "Laporan Keuangan Desa", "Disiplin Aparatur",
         "Data Desa", "Rapat Koordinasi", "Pengawasan Dana Desa"],
        [("Pengaduan selesai", "aduan", False), ("Temuan pemeriksaan", "temuan", True),
         ("Desa melapor tepat waktu", "desa", False)],
    ),
    "Sosial": (
        ["Penyandang Disabilitas", "Bantuan Sosial", "Warga Miskin", "Anak Yatim", "Lansia Terlantar",
         "Rumah Tidak Layak Huni"],
        [("Penerima bantuan tepat sasaran", "KK", False), ("Rumah diperbaiki", "rumah", False)],
    ),
    "Ketenteraman dan ketertiban": (
        ["Ronda Malam", "Konflik Warga", "Kebakaran", "Siaga Bencana", "Lalu Lintas Sekolah"],
        [("Kejadian gangguan", "kejadian", True), ("Relawan terlatih", "orang", False)],
    ),
    "Pariwisata dan budaya": (
        ["Desa Wisata", "Seni Tradisi", "Kuliner Lokal", "Cagar Budaya", "Festival Desa"],
        [("Kunjungan wisatawan", "orang", False), ("Pendapatan desa", "juta rupiah", False)],
    ),
}

NAME_WORDS = ["Gerakan", "Layanan", "Program", "Sistem", "Klinik", "Pojok", "Rumah", "Sekolah", "Kampung",
              "Gerai", "Posko", "Sapa", "Jemput Bola", "Pelayanan", "Sahabat", "Gerbang"]
QUALIFIERS = ["Terpadu", "Keliling", "Mandiri", "Cepat", "Sehat", "Cerdas", "Bersama", "Digital", "Ramah Anak",
              "Berdaya", "Tanggap", "Siaga", "Hijau", "Inklusif", "Satu Pintu", "Daring", "Peduli", "Tuntas"]
ACRONYMS = ["SIGAP", "SEMAR", "JEMPOL", "SAHABAT", "CERIA", "PELITA", "SAKTI", "TEMAN", "BERSERI", "SIMPATIK",
            "LANTIP", "GESIT", "SEKAR", "MELATI", "SINAR", "PRIMA", "SEHATI", "CAKAP", "TUNTAS", "SIAP",
            "JUMAT BERKAH", "SABTU CERIA", "MANTAP", "GEMAR", "RAMAH"]

UNITS = ["Seksi Pelayanan Umum Kecamatan {kec}", "Seksi Pemerintahan Kecamatan {kec}",
         "UPTD Puskesmas {kec}", "Seksi Kesejahteraan Sosial Kecamatan {kec}", "Pemerintah Desa {desa}",
         "Tim Penggerak PKK Kecamatan {kec}", "Seksi Ketenteraman dan Ketertiban Kecamatan {kec}",
         "Koordinator Wilayah Pendidikan {kec}"]
PARTNERS = ["Pendamping Desa (PD)", "Pendamping Lokal Desa (PLD)", "Babinsa", "Bhabinkamtibmas",
            "Tim Penggerak PKK", "Karang Taruna", "Puskesmas", "Koperasi Unit Desa", "Bank daerah",
            "Perguruan tinggi setempat", "Kelompok tani", "Tokoh agama", "Dinas Kependudukan dan Pencatatan Sipil",
            "Dinas Kesehatan", "Badan Permusyawaratan Desa (BPD)"]

SUMMARY = [
    "{title} membantu warga {kec} {aim}. Inovasi ini dijalankan {unit} bersama {partner}.",
    "Melalui {title}, {unit} {aim_verb} warga di {n_desa} desa. Layanan ini dimulai pada {year}.",
    "{title} adalah cara baru {unit} untuk urusan {obj_lower}: warga tidak perlu lagi {burden}.",
]
PROBLEM = [
    "Sebelum inovasi ini, warga {kec} harus {burden}. Rata-rata pengurusan {obj_lower} memakan {days} hari.",
    "Data kecamatan tahun {year_before} mencatat {number} warga belum terjangkau layanan {obj_lower}.",
    "Petugas terbatas dan jarak antardesa jauh, sehingga urusan {obj_lower} sering tertunda.",
]
APPROACH = [
    "Petugas datang ke balai desa setiap {day}, mendata kebutuhan warga, lalu menuntaskan berkas di tempat.",
    "Warga melapor lewat kader desa; {unit} memverifikasi laporan dan menindaklanjutinya dalam {days} hari.",
    "Setiap bulan diadakan pertemuan bersama {partner} untuk membahas {obj_lower} dan membagi tugas.",
    "Layanan dibuka di kantor kecamatan dan dijemput ke rumah warga yang sakit, lansia, atau disabilitas.",
]
GOALS = [
    "Mempercepat layanan {obj_lower} dan mendekatkannya ke warga desa.",
    "Meningkatkan partisipasi warga dalam urusan {obj_lower}.",
    "Menurunkan beban biaya dan waktu warga untuk mendapatkan layanan.",
]
BENEFITS = [
    "Waktu pengurusan turun dari {days} hari menjadi satu hari; warga hemat ongkos perjalanan.",
    "Sebanyak {number} warga sudah terlayani dan keluhan berkurang.",
    "Kerja sama antardesa menguat dan pemerintah desa ikut menganggarkan kegiatan.",
]
PLANS = [
    "Memperluas layanan ke seluruh desa di Kecamatan {kec} dan mencatat hasilnya secara daring.",
    "Mengusulkan dukungan anggaran kabupaten dan melatih kader baru.",
    "Menyusun panduan agar kecamatan lain dapat mereplikasi inovasi ini.",
]
AIMS = [("mendapatkan layanan lebih cepat", "mempercepat layanan untuk"),
        ("menyelesaikan urusan tanpa bolak-balik", "mendampingi"),
        ("hidup lebih sehat", "memberdayakan"),
        ("terlibat dalam pembangunan desa", "melibatkan")]
BURDENS = ["bolak-balik ke kantor kabupaten", "menunggu berhari-hari", "mengeluarkan ongkos besar",
           "antre sejak subuh", "mencari petugas ke desa lain"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"]

COMPETITION_CATEGORIES = ["Pelayanan Publik", "Tata Kelola Pemerintahan", "Pemberdayaan Masyarakat"]
PHOTO_CAPTIONS = ["Petugas melayani warga di balai desa", "Kegiatan bersama kader desa",
                  "Warga mengikuti sosialisasi", "Suasana pelayanan di kantor kecamatan", "Kunjungan ke rumah warga"]
