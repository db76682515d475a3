"""Which column of a registry spreadsheet holds which field.

Dinas registries name the same column many ways ("Nama Usaha", "NAMA UMKM", "nama_usaha",
"NAMA PERUSAHAAN"). Each field lists the spellings seen in real registries; a header matches
a field when its normalised form (header_key) equals one of them, or, failing that, through a
few tolerant rules that never guess (see match_header).
"""

import functools
import re

BUSINESS_FIELDS = {
    "number": ["No", "No.", "Nomor", "No Urut", "Nomor Urut"],
    "name": [
        "Nama Usaha", "Nama UMKM", "nama_usaha", "Nama Perusahaan", "Nama Toko", "Nama Badan Usaha",
        "Nama Unit Usaha", "Nama UKM", "Nama IKM", "Nama Usaha/Merek",
    ],
    # "Pelaku usaha" is the person who runs the business, not the business.
    "owner_name": [
        "Nama Pemilik", "Pemilik", "Nama Pelaku Usaha", "Pelaku Usaha", "Penanggung Jawab",
        "Nama Penanggung Jawab", "Nama Pemilik Usaha", "Pemilik Usaha", "Nama Pengusaha",
        "Nama Pemilik/Kontak Person", "Kontak Person", "Contact Person", "Narahubung", "Nama Kontak",
        "Nama Pemilik/Penanggung Jawab",
    ],
    "nik": ["NIK", "NIK Pemilik", "No KTP", "Nomor KTP", "NIK KTP", "Nomor Induk Kependudukan"],
    "nib": ["NIB", "Nomor Induk Berusaha", "No NIB", "Nomor NIB"],
    "business_type": ["Jenis Usaha", "Bidang Usaha", "Sektor", "Sektor Usaha", "Jenis Kegiatan Usaha", "Kegiatan Usaha",
                      "Kegiatan", "Jenis Kegiatan"],
    "kbli": ["KBLI", "Kode KBLI", "No KBLI", "Nomor KBLI"],
    "main_products": ["Produk Utama", "Produk", "Jenis Produk", "Produk yang Dihasilkan"],
    "scale": ["Skala", "Skala Usaha", "Kategori Usaha", "Klasifikasi Usaha"],
    "regency": ["Kabupaten/Kota", "Kab/Kota", "Kabupaten", "Kota", "Kota/Kabupaten", "Kab"],
    "district": ["Kecamatan", "Kec"],
    "village": ["Desa/Kelurahan", "Desa", "Kelurahan", "Kelurahan/Desa", "Desa/Kel", "Kel/Desa"],
    # Only when it is a column of its own: over sub-columns "ALAMAT USAHA" is a group header.
    "address": ["Jalan", "Alamat", "Alamat Usaha", "Alamat Lengkap", "Alamat Tempat Usaha", "Nama Jalan"],
    "phone": [
        "No HP", "No. HP", "no_hp", "Nomor HP", "HP", "Telepon", "Telp", "No Telp", "No Telepon", "Nomor Telepon",
        "WA", "No WA", "Nomor WA", "WhatsApp", "No HP/WA", "HP/WA", "Kontak", "No Kontak",
        "Telp/Fax", "No Telp/Fax", "Telp/HP", "No Telp/HP", "No Telepon/HP", "Telepon/HP", "HP/Telp", "Nomor Kontak",
    ],
    "email": ["Email", "E-mail", "Alamat Email", "Surel"],
    "omzet": [
        "Omzet per Bulan (Rp)", "Omzet", "Omset", "Omzet/Bulan", "Omset/Bulan", "Omzet per Bulan",
        "Omset per Bulan", "Omzet Bulanan", "Omzet Rata-rata per Bulan",
    ],
    "omzet_millions": [
        "Omzet/Bulan (Juta Rp)", "Omzet (juta)", "Omzet (Juta Rp)", "Omset (juta)", "Omzet per Bulan (Juta)",
        "Omzet per Bulan (Juta Rp)",
    ],
    "workers": [
        "Tenaga Kerja", "Jumlah Tenaga Kerja", "Jml TK", "Jml Tenaga Kerja", "TK", "Karyawan", "Jumlah Karyawan",
        "Jumlah Pekerja",
    ],
    # Men and women counted apart: the cleaner sums them into workers (records.RowCleaner).
    "workers_male": [
        "Tenaga Kerja L", "Tenaga Kerja Laki-laki", "Tenaga Kerja Laki Laki", "Tenaga Kerja Pria", "TK L",
        "TK Laki-laki", "TK Pria", "Laki-laki", "Laki Laki", "Pria", "Jumlah Tenaga Kerja L",
        "Jumlah Tenaga Kerja Laki-laki", "Tenaga Kerja/L", "Tenaga Kerja/Laki-laki", "TK/L",
    ],
    "workers_female": [
        "Tenaga Kerja P", "Tenaga Kerja Perempuan", "Tenaga Kerja Wanita", "TK P", "TK Perempuan", "TK Wanita",
        "Perempuan", "Wanita", "Jumlah Tenaga Kerja P", "Jumlah Tenaga Kerja Perempuan", "Tenaga Kerja/P",
        "Tenaga Kerja/Perempuan", "TK/P",
    ],
    "founded_year": ["Tahun Berdiri", "Tahun Mulai Usaha", "Tahun Mulai", "Thn Berdiri", "Tahun Pendirian"],
    "halal": ["Halal", "Sertifikat Halal", "Sertifikasi Halal", "No Sertifikat Halal"],
    "pirt": ["P-IRT", "PIRT", "SPP-IRT", "Izin P-IRT", "No P-IRT"],
    "bpom": ["BPOM", "MD/ML", "Izin BPOM", "No BPOM", "BPOM MD/ML"],
    "sni": ["SNI", "Sertifikat SNI"],
    "marketplaces": ["Marketplace", "Pemasaran Online", "Toko Online", "Media Sosial", "Medsos", "E-commerce"],
    "note": ["Keterangan", "Ket", "Catatan"],
    # The date of the data (a year alone is fine): Business.recorded_on.
    "recorded_on": [
        "Tanggal Pendataan", "Tgl Pendataan", "Tanggal Pencatatan", "Tanggal Input", "Tgl Input", "Tahun Pendataan",
        "Tanggal Survei", "Tgl Survei", "Tanggal Data", "Tahun Data",
    ],
    # Where the business is (BusinessPrivate.latitude/longitude): two columns, or one holding both.
    "latitude": ["Latitude", "Lintang", "Lat", "Garis Lintang"],
    "longitude": ["Longitude", "Bujur", "Long", "Lng", "Garis Bujur"],
    "coordinates": [
        "Koordinat", "Titik Koordinat", "Koordinat GPS", "Koordinat Lokasi", "Lat Long", "Lat/Long", "Lat Lng",
        "Lat/Lng", "Latitude Longitude", "Latitude/Longitude", "LatLong",
    ],
}

# Headers too plain to be an alias: "Nama" names the business only when no other column does
# (registry.headers); otherwise registry.guessing decides from the values (an owner's name).
WEAK_ALIASES = {"business": {"nama": "name"}, "product": {"nama": "name"}}

PRODUCT_FIELDS = {
    "number": BUSINESS_FIELDS["number"],
    "nib": BUSINESS_FIELDS["nib"],
    "business_name": BUSINESS_FIELDS["name"],
    "regency": BUSINESS_FIELDS["regency"],
    "name": ["Nama Produk", "nama_produk", "Produk", "Nama Barang", "Nama Produk/Jasa"],
    "category": ["Kategori", "Kategori Produk", "Jenis Produk", "Kategori Barang"],
    "description": ["Deskripsi", "Deskripsi Produk", "Keterangan Produk", "Uraian"],
    "price": ["Harga", "Harga (Rp)", "Harga Satuan", "Harga Jual", "Harga Satuan (Rp)"],
    "unit": ["Satuan", "Satuan Produk"],
    "min_order": ["Min Order", "min_order", "Minimal Pembelian", "Minimal Order", "Min. Pembelian"],
    "note": BUSINESS_FIELDS["note"],
}

FIELDS = {"business": BUSINESS_FIELDS, "product": PRODUCT_FIELDS}

REQUIRED = {"business": {"name"}, "product": {"name"}}  # product: also nib or business_name (the pipeline checks)

_NOT_KEPT = re.compile(r"[^\w\s/]")
_AROUND_SLASH = re.compile(r"\s*/\s*")
_PARENTHESES = re.compile(r"\([^)]*\)")
# Money columns written in another unit than rupiah: never read as plain rupiah.
_MILLIONS = {"juta", "jt", "jutaan"}
_OTHER_MULTIPLIERS = {"ribu", "rb", "ribuan", "miliar", "milyar"}
_CURRENCY = {"rp", "rupiah", "idr"}
# Words that may follow an alias without changing what the column holds ("No HP Pemilik",
# "Email Aktif", "KBLI 2020"); anything else after an alias ("Tenaga Kerja Perempuan",
# "Omzet Tahunan") is a different column, not a guess we make.
_QUALIFIERS = {
    "pemilik", "usaha", "umkm", "ukm", "pelaku", "jika", "ada", "aktif", "terbaru", "lengkap", "yang", "bisa",
    "dihubungi", "saat", "ini", "mui",
}


def header_key(text):
    """A header as compared with the aliases: "Jumlah\\nTenaga Kerja" → "jumlah tenaga kerja",
    "Kab. / Kota" → "kab/kota", "no_hp" → "no hp"."""
    if text is None:
        return ""
    key = str(text).casefold().replace("_", " ")
    key = _NOT_KEPT.sub("", key)
    key = _AROUND_SLASH.sub("/", key)
    return " ".join(key.split())


def _build_index(fields):
    exact = {}
    for field, aliases in fields.items():
        for alias in aliases:
            exact.setdefault(header_key(alias), field)
    compact = {key.replace(" ", ""): field for key, field in exact.items()}
    # The longest alias first: "no hp" before "hp", "nama pemilik usaha" before "nama pemilik".
    prefixes = sorted(((key, field) for key, field in exact.items() if field != "number"), key=lambda kf: -len(kf[0]))
    return exact, compact, prefixes


_INDEX = {kind: _build_index(fields) for kind, fields in FIELDS.items()}


@functools.lru_cache(maxsize=4096)  # the first rows of every sheet are tried as headers
def match_header(text, kind):
    """The field a header names for this kind of import ("business" or "product"), or None."""
    key = header_key(text)
    if not key:
        return None
    exact, compact, prefixes = _INDEX[kind]
    if key in exact:
        return exact[key]
    field = _tolerant_match(str(text), key, exact, compact, prefixes)
    words = set(re.split(r"[ /]", key))
    if field in ("omzet", "price") and words & (_MILLIONS | _OTHER_MULTIPLIERS):
        return "omzet_millions" if field == "omzet" and words & _MILLIONS else None
    return field


def _tolerant_match(text, key, exact, compact, prefixes):
    """Second chance for a header no alias spells exactly: without a parenthesised unit or a
    trailing currency word ("Harga Jual (Rp)", "Omzet Rp"), without spaces ("No.HP"), or an
    alias followed by harmless qualifiers ("No HP Pemilik", "NIB (jika ada)", "KBLI 2020")."""
    bare = header_key(_PARENTHESES.sub(" ", text))
    for candidate in (bare, _without_currency(bare), _without_currency(key)):
        if candidate in exact:
            return exact[candidate]
    if key.replace(" ", "") in compact:
        return compact[key.replace(" ", "")]
    for candidate in (key, bare):
        for alias, field in prefixes:
            if candidate.startswith(alias) and _only_qualifiers(candidate[len(alias):]):
                return field
    return None


def _only_qualifiers(rest):
    if not rest or rest[0] not in " /":
        return False
    words = [word for word in re.split(r"[ /]", rest) if word]
    return all(word in _QUALIFIERS or word.isdigit() for word in words)


def _without_currency(key):
    words = key.split(" ")
    while len(words) > 1 and words[-1] in _CURRENCY:
        words.pop()
    return " ".join(words)
