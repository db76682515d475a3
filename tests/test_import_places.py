"""registry.places.PlaceResolver: the kabupaten/kota, kecamatan and desa/kelurahan written in a
registry, however they are spelled, become official Kemendagri codes — or a message that says
where the place really is, or which official names come closest.

The sample registries are resolved row by row and compared with expected.json (spot checks,
businesses per kabupaten/kota and per kecamatan). The desa/kelurahan come from the session
fixture `villages` (tests/conftest.py)."""

import itertools
import time
from collections import Counter

import pytest

from regions.models import Village
from regions.names import place_key
from registry.cleaning import CellProblem, names_similar
from registry.places import PlaceResolver
from tests.test_import_cleaning import OKU_TIMUR, PALEMBANG, SUMSEL, expected, file_cell, sample_table, valid_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def places(villages, django_db_blocker):
    with django_db_blocker.unblock():
        return PlaceResolver()


# ---------------------------------------------------------------------------- the samples

FIXED_REGENCY = {PALEMBANG: "16.71", OKU_TIMUR: expected(OKU_TIMUR)["kabkota_implied_by_file"]}


def resolve_row(places, name, number):
    """(kabupaten/kota, kecamatan, desa) codes of a sample row; desa None where the file has no such column."""
    regency = FIXED_REGENCY.get(name) or places.regency(file_cell(name, number, "kabkota"))
    district = places.district(regency, file_cell(name, number, "kecamatan"))
    has_village = name != PALEMBANG
    village = places.village(district, file_cell(name, number, "desa")) if has_village else None
    return regency, district, village


@pytest.mark.parametrize("name", [SUMSEL, PALEMBANG, OKU_TIMUR])
def test_every_valid_row_resolves_and_spot_checks_match(places, name):
    resolved = {number: resolve_row(places, name, number) for number in valid_rows(name)}
    assert all(district for _regency, district, _village in resolved.values())
    if name != PALEMBANG:
        assert all(village for _regency, _district, village in resolved.values())
    checks = expected(name)["spot_checks"]
    assert checks
    for check in checks:
        want = check["expected"]
        regency, district, village = resolved[check["row"]]
        assert regency == want["kabkota"], check["row"]
        assert district == want["kecamatan"], check["row"]
        if "desa" in want:
            assert village == want["desa"], check["row"]


@pytest.mark.parametrize("name", [SUMSEL, PALEMBANG, OKU_TIMUR])
def test_businesses_per_kabkota_and_kecamatan(places, name):
    resolved = [resolve_row(places, name, number) for number in valid_rows(name)]
    figures = expected(name)
    assert Counter(regency for regency, _d, _v in resolved) == figures["businesses_per_kabkota"]
    if "businesses_per_kecamatan" in figures:
        assert Counter(district for _r, district, _v in resolved) == figures["businesses_per_kecamatan"]


@pytest.mark.parametrize("name, quirk", [
    (SUMSEL, "kecamatan_alias"), (SUMSEL, "kecamatan_variant"), (SUMSEL, "desa_numeral"), (SUMSEL, "desa_variant"),
    (PALEMBANG, "kecamatan_alias"), (PALEMBANG, "kecamatan_variant"), (OKU_TIMUR, "kecamatan_variant"),
    (OKU_TIMUR, "desa_variant"),
])
def test_every_variant_spelling_in_the_samples_is_a_real_variant(places, name, quirk):
    """The rows expected.json lists for a spelling quirk hold a spelling that is not the official
    name, and still resolve (the test above checks they resolve to the right place where it can)."""
    rows = expected(name)["rows_with_quirk"][quirk]
    field = "kecamatan" if quirk.startswith("kecamatan") else "desa"
    for number in rows:
        regency, district, village = resolve_row(places, name, number)
        code = district if field == "kecamatan" else village
        official = places._province_districts.names[code] if field == "kecamatan" else places._villages[district].names[code]
        assert file_cell(name, number, field) != official, number


def test_the_row_outside_the_province_is_refused_with_its_province(places):
    (row,) = [r["row"] for r in expected(SUMSEL)["rejected_rows"] if r["reason"] == "kabkota_outside_province"]
    with pytest.raises(CellProblem) as problem:
        places.regency(file_cell(SUMSEL, row, "kabkota"))
    assert problem.value.message == (
        "Kab. Bangka ada di Provinsi Kepulauan Bangka Belitung, di luar Sumatera Selatan; "
        "data ini hanya untuk Sumatera Selatan."
    )


def test_a_kecamatan_of_another_kabupaten_is_refused_naming_it(places):
    (row,) = [r["row"] for r in expected(PALEMBANG)["rejected_rows"] if r["reason"] == "kecamatan_not_in_kota_palembang"]
    with pytest.raises(CellProblem) as problem:
        places.district("16.71", file_cell(PALEMBANG, row, "kecamatan"))
    assert problem.value.message == "Kecamatan 'Lubuk Keliat' ada di Kabupaten Ogan Ilir, bukan di Kota Palembang."


def test_every_kabkota_cell_of_the_provincial_file_resolves(places):
    """Rejected rows included (duplicates carry the same spellings), except the one outside the province."""
    _columns, rows = sample_table(SUMSEL)
    skipped = set(expected(SUMSEL)["blank_rows"]) | {r["row"] for r in expected(SUMSEL)["section_rows"]}
    outside = {r["row"] for r in expected(SUMSEL)["rejected_rows"] if r["reason"] == "kabkota_outside_province"}
    spellings = Counter()
    for number in rows:
        if number in skipped | outside:
            continue
        value = file_cell(SUMSEL, number, "kabkota")
        assert places.regency(value).startswith("16."), (number, value)
        spellings[value] += 1
    assert len(spellings) > 50


def test_no_two_distinct_businesses_of_one_kabkota_have_similar_names(places):
    """names_similar is lenient (it is meant for rows that also share a phone), yet among the distinct
    businesses of the provincial file no two in one kabupaten/kota have names it calls similar
    (65,974 pairs), while every near duplicate is similar to its original (test_import_cleaning.py)."""
    by_regency = {}
    for number in valid_rows(SUMSEL):
        regency = places.regency(file_cell(SUMSEL, number, "kabkota"))
        by_regency.setdefault(regency, []).append(file_cell(SUMSEL, number, "nama_usaha"))
    pairs = 0
    for names in by_regency.values():
        for a, b in itertools.combinations(names, 2):
            pairs += 1
            assert not names_similar(a, b), (a, b)
    assert pairs > 60_000


# ---------------------------------------------------------------------------- kabupaten/kota

# How offices write each kabupaten/kota (the generator's KABKOTA_VARIANTS, and a few more).
REGENCY_SPELLINGS = {
    "16.01": ["Kab. Ogan Komering Ulu", "OKU", "Ogan Komering Ulu", "KAB. OKU", "Kabupaten OKU"],
    "16.02": ["Kab. Ogan Komering Ilir", "OKI", "Ogan Komering Ilir", "KAB. OGAN KOMERING ILIR", "Kab OKI", "Kab. OKI",
              "1602", 1602, "16.02", "Kabupaten Ogan Komering Ilir"],
    "16.03": ["Kab. Muara Enim", "Muaraenim", "MUARA ENIM", "Muara Enim", "Kab. Muara enim"],
    "16.04": ["Kab. Lahat", "LAHAT", "Lahat", "Kabupaten Lahat"],
    "16.05": ["Kab. Musi Rawas", "Mura", "MUSI RAWAS", "Musi Rawas"],
    "16.06": ["Kab. Musi Banyuasin", "Muba", "MUBA", "Musi Banyuasin"],
    "16.07": ["Kab. Banyuasin", "BANYUASIN", "Banyu Asin", "Banyuasin"],
    "16.08": ["Kab. Ogan Komering Ulu Timur", "KAB OKU TIMUR", "OKU Timur", "OKUT", "Oku Timur"],
    "16.09": ["Kab. Ogan Komering Ulu Selatan", "OKU Selatan", "OKUS", "OKU SELATAN"],
    "16.10": ["Kab. Ogan Ilir", "Ogan Ilir", "OGAN ILIR", "OI"],
    "16.11": ["Kab. Empat Lawang", "Empat Lawang", "EMPAT LAWANG", "4 Lawang"],
    "16.12": ["Kab. Penukal Abab Lematang Ilir", "PALI", "Kab. PALI", "Penukal Abab Lematang Ilir"],
    "16.13": ["Kab. Musi Rawas Utara", "Muratara", "MURATARA", "Musi Rawas Utara"],
    "16.71": ["Kota Palembang", "PALEMBANG", "Palembang", "Plg", "KOTA PALEMBANG", "1671", 1671, 1671.0, "16.71", 16.71,
              "Kota\u00a0Palembang ", "Kodya Palembang"],
    "16.72": ["Kota Pagar Alam", "Pagaralam", "PAGAR ALAM", "Kota Pagaralam"],
    "16.73": ["Kota Lubuk Linggau", "Lubuklinggau", "Lubuk Linggau", "LUBUKLINGGAU", "Kota Lubuklinggau"],
    "16.74": ["Kota Prabumulih", "PRABUMULIH", "Prabumulih", "Pbm"],
}


@pytest.mark.parametrize("code, written", [(code, w) for code, spellings in REGENCY_SPELLINGS.items() for w in spellings])
def test_regency_spellings(places, code, written):
    assert places.regency(written) == code


@pytest.mark.parametrize("written, province", [
    ("Kab. Bangka", "Kepulauan Bangka Belitung"), ("Kota Bandung", "Jawa Barat"), ("Bandung", "Jawa Barat"),
    ("Kabupaten Bandung", "Jawa Barat"), ("Kota Jambi", "Jambi"), ("3273", "Jawa Barat"),
    ("19.01", "Kepulauan Bangka Belitung"),
])
def test_regency_outside_the_province(places, written, province):
    with pytest.raises(CellProblem) as problem:
        places.regency(written)
    assert f"ada di Provinsi {province}, di luar Sumatera Selatan" in problem.value.message


def test_unknown_regency_suggests_the_closest_official_names(places):
    with pytest.raises(CellProblem) as problem:
        places.regency("Palembng")
    assert problem.value.message.startswith("Tidak dikenali: 'Palembng'. Mungkin maksudnya: Kota Palembang, ")
    assert problem.value.message.count(",") == 2  # three names


@pytest.mark.parametrize("written", [None, "", "-", "  "])
def test_blank_regency_is_a_problem(places, written):
    with pytest.raises(CellProblem) as problem:
        places.regency(written)
    assert "kosong" in problem.value.message


def test_unknown_regency_code(places):
    with pytest.raises(CellProblem) as problem:
        places.regency("1699")
    assert "1699" in problem.value.message


def test_a_problem_is_raised_again_for_the_same_value(places):
    for _ in range(2):
        with pytest.raises(CellProblem):
            places.regency("Kab. Bangka")


# ---------------------------------------------------------------------------- kecamatan


@pytest.mark.parametrize("regency, written, code", [
    ("16.71", "Ilir Timur II", "16.71.06"), ("16.71", "Ilir Timur 2", "16.71.06"), ("16.71", "Ilir Timur Dua", "16.71.06"),
    ("16.71", "IT II", "16.71.06"), ("16.71", "it 2", "16.71.06"), ("16.71", "Kec. Ilir Timur II", "16.71.06"),
    ("16.71", "Kec.Ilir Timur II", "16.71.06"), ("16.71", "KEC. ILIR TIMUR 2", "16.71.06"),
    ("16.71", "Kecamatan Ilir Timur Dua", "16.71.06"), ("16.71", "IB I", "16.71.04"), ("16.71", "IB II", "16.71.01"),
    ("16.71", "SU I", "16.71.02"), ("16.71", "SU II", "16.71.03"), ("16.71", "IT I", "16.71.05"),
    ("16.71", "IT III", "16.71.18"),
    ("16.71", "Ilir Timur Tiga", "16.71.18"), ("16.71", "AAL", "16.71.15"), ("16.71", "Alang Alang Lebar", "16.71.15"),
    ("16.71", "Alang-Alang Lebar", "16.71.15"), ("16.71", "Sematangborang", "16.71.16"),
    ("16.71", "Sematang Borang", "16.71.16"),
    ("16.71", "Bukit Kecil", "16.71.11"), ("16.71", "Sukkarami", "16.71.07"), ("16.71", "Sukarme", "16.71.07"),
    ("16.71", "Jakabarng", "16.71.17"), ("16.71", "Sukarame", "16.71.07"), ("16.71", "16.71.14", "16.71.14"),
    ("16.08", "Madang Suku 2", "16.08.06"), ("16.08", "MADANG SUKU II", "16.08.06"), ("16.08", "Belitang 3", "16.08.10"),
    ("16.08", "BP Peliung", "16.08.05"), ("16.02", "Kayuagung", "16.02.05"), ("16.02", "Kota Kayu Agung", "16.02.05"),
    ("16.04", "Kota Agung", "16.04.07"), ("16.04", "Kec. Kota Agung", "16.04.07"), ("16.07", "Banyuasin 1", "16.07.01"),
    ("16.73", "Lubuk Linggau Selatan II", "16.73.07"), ("16.73", "Lubuklinggau Barat Satu", "16.73.02"),
    # Abbreviations (regions.names.ABBREVIATIONS) serve kecamatan as they serve desa.
    ("16.03", "Gn. Megang", "16.03.04"), ("16.73", "Lb. Linggau Timur I", "16.73.01"), ("16.09", "Ma. Dua", "16.09.01"),
    ("16.10", "Tj. Batu", "16.10.02"), ("16.06", "Sei Lilin", "16.06.07"), ("16.02", "Kec. Tj Lubuk", "16.02.02"),
    # A slip that makes a word look like an abbreviation is still a slip: "Ma" here is Mas, not Muara.
    ("16.03", "Ujan Ma", "16.03.11"),
])
def test_district_spellings(places, regency, written, code):
    assert places.district(regency, written) == code


@pytest.mark.parametrize("written", [None, "", "-", " "])
def test_blank_district_is_none(places, written):
    assert places.district("16.71", written) is None


def test_district_of_another_regency_names_it(places):
    with pytest.raises(CellProblem) as problem:
        places.district("16.71", "Kec. Indralaya")
    assert problem.value.message == "Kecamatan 'Kec. Indralaya' ada di Kabupaten Ogan Ilir, bukan di Kota Palembang."


CITY_NAME_MESSAGE = (
    "Kolom kecamatan berisi nama Kota Palembang sendiri, bukan nama kecamatan. Pilih kecamatan untuk seluruh berkas, "
    "atau centang “nama kabupaten/kota di kolom kecamatan berarti kosong” (bagian Tempat seluruh berkas), lalu baca "
    "ulang; atau abaikan kolom ini."
)


@pytest.mark.parametrize("written", ["Palembang", "PALEMBANG", "Kota Palembang", "Plg", "Kodya Palembang"])
def test_the_kotas_own_name_as_kecamatan_is_one_message_or_not_given(places, written):
    with pytest.raises(CellProblem) as problem:
        places.district("16.71", written)
    assert problem.value.message == CITY_NAME_MESSAGE
    assert places.district("16.71", written, regency_name_is_blank=True) is None
    with pytest.raises(CellProblem):  # the answer without the setting was not remembered for it
        places.district("16.71", written)


def test_a_kecamatan_named_like_its_kabupaten_stays_a_kecamatan(places):
    assert places.district("16.04", "Lahat", regency_name_is_blank=True) == "16.04.10"
    assert places.district("16.74", "Prabumulih", regency_name_is_blank=True) is None
    with pytest.raises(CellProblem) as problem:  # another kabupaten's name is not "not given"
        places.district("16.71", "Prabumulih", regency_name_is_blank=True)
    assert "tidak ada di Kota Palembang" in problem.value.message


@pytest.mark.parametrize("written", ["Ilir Timur 4", "Madang Suku IV", "Belitang 5"])
def test_a_different_number_is_not_a_typo(places, written):
    regency = "16.71" if written.startswith("Ilir") else "16.08"
    with pytest.raises(CellProblem) as problem:
        places.district(regency, written)
    assert "tidak ada di" in problem.value.message


def test_unknown_district_suggests_three_names_of_that_regency(places):
    with pytest.raises(CellProblem) as problem:
        places.district("16.71", "Ilir Tengah")
    message = problem.value.message
    assert message.startswith("Kecamatan 'Ilir Tengah' tidak ada di Kota Palembang. Mungkin maksudnya: ")
    suggested = message.split(": ", 1)[1].rstrip(".").split(", ")
    assert len(suggested) == 3 and "Ilir Timur Satu" in suggested


# ---------------------------------------------------------------------------- desa/kelurahan


@pytest.mark.parametrize("district, written, name", [
    ("16.71.18", "9 Ilir", "Sembilan Ilir"), ("16.71.18", "Sembilan Ilir", "Sembilan Ilir"),
    ("16.71.18", "Kel. 9 Ilir", "Sembilan Ilir"), ("16.71.18", "Kelurahan Sembilan Ilir", "Sembilan Ilir"),
    ("16.71.04", "26 Ilir I", "Dua-puluh-enam Ilir Satu"),
    ("16.71.04", "Dua Puluh Enam Ilir Satu", "Dua-puluh-enam Ilir Satu"),
    ("16.71.04", "26 Ilir 1", "Dua-puluh-enam Ilir Satu"), ("16.71.11", "26 Ilir", "Dua-puluh-enam Ilir"),
    ("16.71.02", "3-4 Ulu", "Tiga Empat Ulu"), ("16.71.02", "Tiga Empat Ulu", "Tiga Empat Ulu"),
    ("16.71.02", "1 Ulu", "Satu Ulu"), ("16.71.17", "9/10 Ulu", "Sembilan Sepuluh Ulu"),
    ("16.71.03", "14 Ulu", "Empat-belas Ulu"), ("16.71.03", "11 Ulu", "Sebelas Ulu"),
    ("16.71.05", "20 Ilir III", "Dua-puluh Ilir Tiga"), ("16.71.05", "20 Ilir 4", "Dua-puluh Ilir Empat"),
])
def test_palembang_numbered_kelurahan(places, district, written, name):
    code = places.village(district, written)
    assert code.startswith(district + ".") and Village.objects.get(code=code).name == name


def test_village_prefixes_typos_and_spaces(places):
    district = "16.08.02"  # Buay Madang (OKU Timur)
    official = Village.objects.filter(district_id=district, name__contains=" ").order_by("code").first()
    code = official.code
    name = official.name
    for written in (name, name.upper(), name.lower(), f"Desa {name}", f"Ds. {name}", f"DESA {name}", f"Kel. {name}",
                    name.replace(" ", "", 1), name[:2] + name[3:], name + "\u00a0"):
        assert places.village(district, written) == code, written


def test_village_of_another_district_names_it(places):
    other = Village.objects.filter(district_id="16.71.02").order_by("code").first()  # Seberang Ulu I
    with pytest.raises(CellProblem) as problem:
        places.village("16.71.03", other.name)
    assert problem.value.message == (
        f"Desa/kelurahan '{other.name}' ada di Kecamatan Seberang Ulu Satu, bukan di Kecamatan Seberang Ulu Dua."
    )


def test_unknown_village_suggests_names_of_that_district(places):
    with pytest.raises(CellProblem) as problem:
        places.village("16.71.18", "Kampung Antah")
    assert problem.value.message.startswith("Desa/kelurahan 'Kampung Antah' tidak ada di Kecamatan Ilir Timur Tiga.")
    assert "Mungkin maksudnya: " in problem.value.message


@pytest.mark.parametrize("written", [None, "", "-"])
def test_blank_village_is_none(places, written):
    assert places.village("16.71.18", written) is None
    assert places.place_village("16.71.18", written) == ("16.71.18", None, "")


@pytest.mark.parametrize("district, written, code", [
    ("16.74.02", "Gn. Ibul", "16.74.02.1007"), ("16.74.02", "Kel. Gn Ibul Barat", "16.74.02.1008"),
    ("16.74.02", "Gng Ibul Timur", "16.74.02.1012"), ("16.74.01", "Ds. Tj. Telang", "16.74.01.2013"),
    ("16.74.03", "Sei Medang", "16.74.03.1005"), ("16.74.02", "Ma. Dua", "16.74.02.1006"),
    ("16.74.06", "Kel. Tj Raman", "16.74.06.1002"), ("16.02.08", "Bt. Ampar", "16.02.08.2002"),
    ("16.02.08", "Bt Ampar Baru", "16.02.08.2019"), ("16.01.28", "Lb. Dalam", "16.01.28.2007"),
    ("16.01.28", "Sp. Empat", "16.01.28.2021"), ("16.01.28", "Smp Empat", "16.01.28.2021"),
    ("16.02.11", "Sp. III", "16.02.11.2001"), ("16.11.02", "Gunung Merakasa Lama", None),
])
def test_village_abbreviations(places, district, written, code):
    if code is None:  # the official name is the abbreviated one ("Gn Merakasa Lama")
        code = Village.objects.get(district_id=district, name="Gn Merakasa Lama").code
    assert places.village(district, written) == code
    assert places.place_village(district, written) == (district, code, "")


@pytest.mark.parametrize("abbreviation, word", [
    ("Gn.", "Gunung"), ("Kel.", ""), ("Ds.", ""), ("Sp.", "Simpang"), ("Tj.", "Tanjung"), ("Kp.", "Kampung"),
    ("Sei", "Sungai"), ("Pd.", "Pondok"), ("Bt.", "Batu"), ("Lb.", "Lubuk"), ("Ma.", "Muara"),
])
def test_place_key_spells_out_abbreviations(abbreviation, word):
    assert place_key(f"{abbreviation} Kemuning Raya") == place_key(f"{word} Kemuning Raya")
    if word and abbreviation.endswith("."):  # no space after the dot, behind a prefix
        assert place_key(f"Desa {abbreviation}Kemuning Raya") == place_key(f"{word} Kemuning Raya")


def test_a_kelurahan_of_another_kecamatan_moves_the_business_there(places):
    assert places.place_village("16.71.06", "9 Ilir") == ("16.71.18", "16.71.18.1002", (
        "Kelurahan Sembilan Ilir ada di Kecamatan Ilir Timur Tiga, bukan Kecamatan Ilir Timur Dua (batas wilayah "
        "berubah?): UMKM ditempatkan di Kecamatan Ilir Timur Tiga; periksa bila perlu."
    ))
    assert places.place_village("16.74.01", "Tanjung Raman") == ("16.74.06", "16.74.06.1002", (
        "Kelurahan Tanjung Raman ada di Kecamatan Prabumulih Selatan, bukan Kecamatan Prabumulih Barat (batas "
        "wilayah berubah?): UMKM ditempatkan di Kecamatan Prabumulih Selatan; periksa bila perlu."
    ))
    district, village, warning = places.place_village("16.74.01", "Tanjung Menang")
    assert (district, village) == ("16.74.06", "16.74.06.2004") and warning.startswith("Desa Tanjung Menang ada di")


def test_a_desa_of_several_other_kecamatan_keeps_the_written_one(places):
    district, village, warning = places.place_village("16.02.08", "Tanjung Lubuk")
    assert (district, village) == ("16.02.08", None)
    assert "ada di Kecamatan Kayu Agung dan Tanjung Lubuk" in warning and "tetap disimpan di Kecamatan Sirah" in warning


def test_an_unknown_desa_is_a_warning_with_three_suggestions(places):
    district, village, warning = places.place_village("16.71.18", "Kampung Antah")
    assert (district, village) == ("16.71.18", None)
    assert warning.startswith("Desa/kelurahan 'Kampung Antah' tidak ada di Kecamatan Ilir Timur Tiga. UMKM tetap")
    assert len(warning.split("Mungkin maksudnya: ")[1].split(", ")) == 3
    assert places.place_village("16.71.18", "Kampung Antah") is places.place_village("16.71.18", "Kampung Antah")


def test_a_desa_without_kecamatan_is_found_in_its_kabupaten_when_only_one_has_it(places):
    assert places.village_of_regency("16.71", "9 Ilir") == "16.71.18.1002"
    assert places.village_of_regency("16.02", "Tanjung Lubuk") is None  # in two kecamatan
    assert places.village_of_regency("16.71", "Kampung Antah") is None


def test_without_villages_loaded_every_village_is_none(villages):
    Village.objects.filter(code__startswith="16.").delete()  # rolled back with this test
    resolver = PlaceResolver()
    assert not resolver.has_villages
    assert resolver.village("16.71.18", "9 Ilir") is None


# ---------------------------------------------------------------------------- keys, speed


@pytest.mark.parametrize("a, b", [
    ("Ilir Timur II", "Ilir Timur Dua"), ("Kec. Ilir Timur 2", "ilir timur ii"), ("Sematangborang", "Sematang Borang"),
    ("26 Ilir I", "Dua-puluh-enam Ilir Satu"), ("3-4 Ulu", "Tiga Empat Ulu"), ("9/10 Ulu", "Sembilan Sepuluh Ulu"),
    ("Tj. Raja", "Tanjung Raja"), ("Sei Lilin", "Sungai Lilin"), ("Simpang III Pumu", "Simpang Tiga Pumu"),
])
def test_place_key_same(a, b):
    assert place_key(a) == place_key(b)


@pytest.mark.parametrize("a, b", [("3-4 Ulu", "34 Ulu"), ("Ilir Timur 1", "Ilir Timur 2"), ("Tiga Belas Ulu", "Tiga Ulu")])
def test_place_key_different(a, b):
    assert place_key(a) != place_key(b)


def test_resolver_is_built_once_and_answers_without_queries(villages, django_assert_num_queries):
    with django_assert_num_queries(5):  # provinces, regencies, aliases, districts, villages
        resolver = PlaceResolver()
    with django_assert_num_queries(0):
        assert resolver.regency("Plg") == "16.71"
        assert resolver.district("16.71", "IT II") == "16.71.06"
        assert resolver.village("16.71.18", "9 Ilir")


def test_resolver_is_fast(villages):
    """Building the resolver and resolving 100,000 cells (kabupaten, kecamatan and desa of every provincial
    row, over and over) takes well under a few seconds: measured 0.2 s to build, 0.2 s for the cells."""
    cells = []
    for number in valid_rows(SUMSEL):
        cells.append(tuple(file_cell(SUMSEL, number, field) for field in ("kabkota", "kecamatan", "desa")))
    started = time.perf_counter()
    resolver = PlaceResolver()
    done = 0
    while done < 100_000:
        for kabkota, kecamatan, desa in cells:
            district = resolver.district(resolver.regency(kabkota), kecamatan)
            resolver.place_village(district, desa)
            done += 3
    assert time.perf_counter() - started < 3
