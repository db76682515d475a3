"""umkm_portal.money: the one Rupiah reader and formatter, case by case as its docstring
states the grammar; then the three callers (registry import, product price field, omzet
field) giving the same answers on the same inputs."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from owners.forms.products import ProductForm
from owners.forms.turnover import TurnoverForm
from registry.cleaning import CellProblem, clean_money, clean_price
from umkm_portal.fields import RupiahField
from umkm_portal.money import (
    NotRupiah,
    format_rupiah,
    format_rupiah_range,
    format_thousands,
    parse_rupiah,
    parse_rupiah_range,
)


def reason(call, *args, **kwargs):
    with pytest.raises(NotRupiah) as problem:
        call(*args, **kwargs)
    assert isinstance(problem.value, ValueError)
    return problem.value.reason


# ---------------------------------------------------------------------------- empty

@pytest.mark.parametrize("value", [None, "", " ", "\u00a0", "-", "–", "—", "--", " - "])
def test_empty_is_none(value):
    assert parse_rupiah(value) is None
    assert parse_rupiah(value, millions=True) is None
    assert parse_rupiah_range(value) == (None, None)


# ---------------------------------------------------------------------------- numbers without a unit word

@pytest.mark.parametrize("value, amount", [
    # plain digits
    ("15000", 15000), ("0", 0), ("2400000", 2400000), (" 15000 ", 15000), ("15000000", 15_000_000),
    # dots group thousands
    ("15.000", 15000), ("2.500", 2500), ("15.000.000", 15_000_000), ("23.000.000", 23_000_000),
    # commas group thousands, the English way
    ("150,000", 150_000), ("15,000", 15000), ("15,000,000", 15_000_000),
    # spaces group thousands
    ("23 000 000", 23_000_000), ("150 000", 150_000),
    # sen after an Indonesian comma, or an English point when commas grouped; rounded half up
    ("15.000,50", 15001), ("15.000,49", 15000), ("2,5", 3), ("2,4", 2), ("15000,50", 15001),
    ("2.400.000,00", 2_400_000), ("15.000.000,00", 15_000_000), ("15000,0", 15000), ("15,000,000.00", 15_000_000),
    ("150,000.50", 150_001), ("23 000 000,50", 23_000_001),
])
def test_number_without_a_unit(value, amount):
    assert parse_rupiah(value) == amount


@pytest.mark.parametrize("value", [
    "15.00.000", "1.23.456", "1.5", "15000.00", "1.234.5", "0,500", "0.500", "1234,567", "1234.567", "01.500",
    "15,00,000", "1,5.3", "15.000,000.5", "23 000 000.50", "1 5", "150,000,5",
])
def test_badly_grouped_or_dotted_numbers_are_unreadable(value):
    assert reason(parse_rupiah, value) == "unreadable"


# ---------------------------------------------------------------------------- prefix, suffix, words around

@pytest.mark.parametrize("value, amount", [
    ("Rp 15.000", 15000), ("Rp15.000", 15000), ("Rp. 15.000", 15000), ("rp. 15000", 15000), ("RP 15.000", 15000),
    ("IDR 15000", 15000), ("idr15.000", 15000), ("Rp\u00a023.000.000", 23_000_000), ("Rp  23.000.000", 23_000_000),
    ("Rp 150,000", 150_000), ("Rp 15,000,000", 15_000_000),
    ("Rp 23.000.000,-", 23_000_000), ("Rp23.000.000,-", 23_000_000), ("15.000,--", 15000), ("15.000.-", 15000),
    ("Rp 10.000,-", 10000), ("Rp 15.000,00", 15000), ("Rp15.000.000,00", 15_000_000),
    ("± 12.000.000", 12_000_000), ("+/- 12.000.000", 12_000_000), ("+- 5.000", 5000),
    ("kurang lebih 5.000.000", 5_000_000), ("kl 5.000.000", 5_000_000), ("sekitar Rp 5.000.000", 5_000_000),
    ("kira-kira 5.000.000", 5_000_000), ("kira kira 5.000.000", 5_000_000),
    ("5.000.000/bulan", 5_000_000), ("5.000.000 / bln", 5_000_000), ("Rp 150.000/hari", 150_000),
    ("Rp 25.000/pcs", 25000), ("5.000.000 per bulan", 5_000_000), ("Kurang Lebih Rp 5.000.000 Per Bulan", 5_000_000),
])
def test_prefix_suffix_and_words_that_do_not_change_the_amount(value, amount):
    assert parse_rupiah(value) == amount


# ---------------------------------------------------------------------------- unit words

@pytest.mark.parametrize("value, amount", [
    ("25rb", 25000), ("25 rb", 25000), ("25 ribu", 25000), ("25 Ribu", 25000), ("25rbu", 25000), ("25K", 25000),
    ("25k", 25000), ("25rb.", 25000), ("15rb", 15000), ("15.000 rb", 15_000_000),
    ("1,5 jt", 1_500_000), ("1.5 jt", 1_500_000), ("1,5jt", 1_500_000), ("3,3 jt", 3_300_000), ("58 jt", 58_000_000),
    ("60 JT", 60_000_000), ("60 juta", 60_000_000), ("15 juta", 15_000_000), ("1,5 juta", 1_500_000),
    ("2 jta", 2_000_000), ("2 jeti", 2_000_000), ("3,25 jt", 3_250_000), ("1,0005 jt", 1_000_500),
    ("± 12 juta", 12_000_000), ("±12jt", 12_000_000), ("12 juta/bulan", 12_000_000), ("Rp 1,5 jt", 1_500_000),
    ("0,500 jt", 500_000), ("0.500 jt", 500_000), ("1.500 jt", 1_500_000_000), ("1,500 jt", 1_500_000_000),
    ("1,2 M", 1_200_000_000), ("2 miliar", 2_000_000_000), ("2 milyar", 2_000_000_000), ("1.000.000 jt", 10**12),
    ("4 jt.", 4_000_000),
])
def test_number_with_a_unit_word(value, amount):
    assert parse_rupiah(value) == amount


# ---------------------------------------------------------------------------- negative, unreadable

@pytest.mark.parametrize("value", [
    "-5000", "-5.000", "- 5.000", "Rp -5.000", "-Rp 5.000", "−5000", "-1,5 jt", -5000, -0.5, Decimal("-1"),
])
def test_negative_amounts(value):
    assert reason(parse_rupiah, value) == "negative"


@pytest.mark.parametrize("value", [
    "banyak", "abc", "Rp", "Rp.", "IDR", "15 dolar", "12 kg", "10-20 jt", "10.000 - 15.000", "lima belas ribu",
    "12 juta 500 ribu", "±", "gratis", "1.5", "15.00.000", "1.23.456", "Rp 15.000 rupiah", "1e6", "+5000", "15rbx",
    "9" * 200, True, False, float("nan"), float("inf"), Decimal("NaN"), 1e40, [15000], "5.000 - -3.000",
])
def test_anything_else_is_unreadable(value):
    assert reason(parse_rupiah, value) == "unreadable"


def test_the_exception_never_repeats_the_value():
    with pytest.raises(NotRupiah) as problem:
        parse_rupiah("12345678 dolar")
    assert "12345678" not in str(problem.value)
    assert NotRupiah("negative").reason == "negative"


# ---------------------------------------------------------------------------- numbers from spreadsheet cells

@pytest.mark.parametrize("value, amount", [
    (2400000, 2_400_000), (2400000.0, 2_400_000), (0, 0), (0.0, 0), (2.5, 3), (3.5, 4), (2.4, 2), (25000.5, 25001),
    (Decimal("15000.50"), 15001), (Decimal("15000"), 15000), (10**12, 10**12),
])
def test_numbers_are_taken_as_they_are(value, amount):
    assert parse_rupiah(value) == amount


# ---------------------------------------------------------------------------- a column in juta

@pytest.mark.parametrize("value, amount", [
    ("0,7", 700_000), ("26", 26_000_000), ("14,4", 14_400_000), ("± 0,7", 700_000), ("4,25", 4_250_000),
    (26, 26_000_000), (0.7, 700_000), (Decimal("1.5"), 1_500_000), ("1.5", 1_500_000), ("0,500", 500_000),
    ("1,5 jt", 1_500_000), ("25rb", 25000), ("2.500.000", 2_500_000), ("Rp 2.500.000", 2_500_000),
    (2_500_000, 2_500_000), ("100.000", 100_000), ("99.999", 99_999_000_000), ("0", 0), ("", None), ("-", None),
])
def test_millions(value, amount):
    assert parse_rupiah(value, millions=True) == amount


# ---------------------------------------------------------------------------- ranges

@pytest.mark.parametrize("value, prices", [
    ("10.000 - 15.000", (10000, 15000)), ("10.000-15.000", (10000, 15000)), ("Rp10.000-Rp15.000", (10000, 15000)),
    ("Rp 15.000 - Rp 40.000", (15000, 40000)), ("10.000 s/d 15.000", (10000, 15000)),
    ("10.000 s.d. 15.000", (10000, 15000)), ("10.000 s.d 15.000", (10000, 15000)), ("10.000 sd 15.000", (10000, 15000)),
    ("10.000 sampai 15.000", (10000, 15000)), ("10.000 hingga 15.000", (10000, 15000)), ("10.000~15.000", (10000, 15000)),
    ("10.000 – 15.000", (10000, 15000)), ("10.000—15.000", (10000, 15000)), ("10rb-15rb", (10000, 15000)),
    ("10rbsd15rb", (10000, 15000)), ("10-15rb", (10000, 15000)), ("10 sampai 15 ribu", (10000, 15000)),
    ("1-1,5 jt", (1_000_000, 1_500_000)), ("Rp 10.000,- - Rp 15.000,-", (10000, 15000)),
    ("Rp 150,000 - Rp 200,000", (150_000, 200_000)), ("15.000 - 15.000", (15000, None)), ("0 - 5.000", (0, 5000)),
    ("10.000 - 15.000 /pcs", (10000, 15000)),
    # a single amount
    ("25.000", (25000, None)), ("Rp 150,000", (150_000, None)), ("25rb", (25000, None)), ("1,2 jt", (1_200_000, None)),
    (25000, (25000, None)), (25000.0, (25000, None)), ("0", (0, None)),
])
def test_parse_rupiah_range(value, prices):
    assert parse_rupiah_range(value) == prices


@pytest.mark.parametrize("value, why", [
    ("15.000 - 10.000", "reversed"), ("15rb - 10rb", "reversed"), ("-5000", "negative"), ("Rp -5.000", "negative"),
    ("-5000 - 3000", "negative"), (-5000, "negative"), ("gratis", "unreadable"), ("Rp", "unreadable"),
    ("10.000 - 15.000 - 20.000", "unreadable"), ("10.000 - abc", "unreadable"), ("15.00.000 - 20.000", "unreadable"),
    ("5.000 - -3.000", "unreadable"),
])
def test_parse_rupiah_range_refused(value, why):
    assert reason(parse_rupiah_range, value) == why


# ---------------------------------------------------------------------------- showing

@pytest.mark.parametrize("amount, text", [
    (15000, "Rp 15.000"), (0, "Rp 0"), (999, "Rp 999"), (1_250_000, "Rp 1.250.000"), (10**12, "Rp 1.000.000.000.000"),
    ("15000", "Rp 15.000"), (Decimal("2.5"), "Rp 3"), (None, ""), ("", ""),
])
def test_format_rupiah(amount, text):
    assert format_rupiah(amount) == text


def test_format_thousands_and_ranges():
    assert format_thousands(12345) == "12.345" and format_thousands(None) == "" and format_thousands(0) == "0"
    assert format_rupiah_range(15000, 40000) == "Rp 15.000 – Rp 40.000"
    assert format_rupiah_range(15000, None) == format_rupiah_range(15000, 15000) == "Rp 15.000"
    assert format_rupiah_range(None, None) == ""


@pytest.mark.parametrize("amount", [0, 1, 999, 1000, 15000, 150_000, 1_250_000, 23_000_000, 999_999_999_999])
def test_what_is_shown_reads_back(amount):
    assert parse_rupiah(format_rupiah(amount)) == amount
    assert parse_rupiah(format_thousands(amount)) == amount
    assert parse_rupiah_range(format_rupiah_range(amount, amount + 5000)) == (amount, amount + 5000)
    assert parse_rupiah_range(format_rupiah_range(amount)) == (amount, None)


# ---------------------------------------------------------------------------- what the other tests assert

# tests/test_import_cleaning.py (test_clean_money, test_clean_money_in_millions, test_clean_price),
# tests/test_owner_turnover.py (typed omzet, parse_rupiah) and tests/test_owner_products.py (prices).
@pytest.mark.parametrize("value, amount", [
    (2400000, 2400000), (2400000.0, 2400000), ("Rp 23.000.000", 23000000), ("Rp23.000.000,-", 23000000),
    ("Rp. 23.000.000", 23000000), ("23.000.000", 23000000), ("2.400.000,00", 2400000), ("3,3 jt", 3300000),
    ("58 jt", 58000000), ("60 juta", 60000000), ("60 JT", 60000000), ("± 12 juta", 12000000), ("±12jt", 12000000),
    ("25rb", 25000), ("25 ribu", 25000), ("25K", 25000), ("1,5 jt", 1500000), ("1.5 jt", 1500000),
    ("12 juta/bulan", 12000000), ("0", 0), ("-", None), ("", None), (None, None), ("Rp 150,000", 150000),
    # omzet as owners type it
    ("15000000", 15_000_000), ("15.000.000", 15_000_000), ("Rp 15.000.000", 15_000_000), ("Rp15.000.000", 15_000_000),
    ("rp. 15.000.000", 15_000_000), ("15.000.000,00", 15_000_000), ("15,000,000", 15_000_000),
    ("15 juta", 15_000_000), ("15 jt", 15_000_000), ("15.000 rb", 15_000_000),
    ("1,5 juta", 1_500_000), ("2.500", 2_500), ("2,5", 3),
    # prices as sellers type them
    ("Rp 15.000", 15000), ("15.000", 15000), ("Rp15.000,-", 15000), ("rp. 15000", 15000), (" 15000 ", 15000),
    ("15000", 15000), ("Rp 18.500", 18500), ("Rp 40.000", 40000), ("20.000", 20000), ("15rb", 15000),
    ("15.000,50", 15001),
])
def test_values_the_other_tests_assert(value, amount):
    assert parse_rupiah(value) == amount


@pytest.mark.parametrize("value, amount", [
    ("0,7", 700000), ("26", 26000000), ("14,4", 14400000), ("± 0,7", 700000), ("4,25", 4250000), (26, 26000000),
    ("1,5 jt", 1500000), ("2.500.000", 2500000), ("", None), ("-", None), ("Rp 150,000", 150000),
])
def test_values_the_import_tests_assert_in_millions(value, amount):
    assert parse_rupiah(value, millions=True) == amount


@pytest.mark.parametrize("value, why", [
    # test_clean_money_unreadable
    ("banyak", "unreadable"), ("10-20 jt", "unreadable"), ("1.23.456", "unreadable"), ("Rp", "unreadable"),
    ("-5.000", "negative"), (-5000, "negative"), ("12 kg", "unreadable"),
    # test_omzet_that_is_not_a_rupiah_amount_is_refused, test_parse_rupiah_keeps_indonesian_decimals_apart_from_thousands
    ("abc", "unreadable"), ("15.00.000", "unreadable"), ("1.5", "unreadable"), ("-5000", "negative"),
    ("15 dolar", "unreadable"),
    # test_price_with_letters_is_refused_with_a_clear_message
    ("lima belas ribu", "unreadable"),
])
def test_values_the_other_tests_refuse(value, why):
    assert reason(parse_rupiah, value) == why


@pytest.mark.parametrize("value, prices", [
    (25000, (25000, None)), (25000.0, (25000, None)), ("Rp25.000", (25000, None)), ("Rp 25.000", (25000, None)),
    ("25.000", (25000, None)), ("25rb", (25000, None)), ("25 ribu", (25000, None)), ("25K", (25000, None)),
    ("1,2 jt", (1200000, None)), ("Rp 25.000/pcs", (25000, None)), ("10.000 - 15.000", (10000, 15000)),
    ("Rp10.000-Rp15.000", (10000, 15000)), ("10.000 s/d 15.000", (10000, 15000)), ("10rb-15rb", (10000, 15000)),
    ("10-15rb", (10000, 15000)), ("Rp 10.000,- - Rp 15.000,-", (10000, 15000)), ("15.000 - 15.000", (15000, None)),
    ("-", (None, None)), ("", (None, None)), (None, (None, None)), ("Rp 150,000", (150000, None)),
    # the reader's answer; clean_price refuses a price of 0 (test_clean_price_refused)
    (0, (0, None)), ("0 - 5.000", (0, 5000)),
])
def test_ranges_the_import_tests_assert(value, prices):
    assert parse_rupiah_range(value) == prices


@pytest.mark.parametrize("value, why", [
    (-5000, "negative"), ("-5000", "negative"), ("gratis", "unreadable"), ("harga menyusul", "unreadable"),
    ("15.000 - 10.000", "reversed"), ("Rp", "unreadable"), ("nego", "unreadable"), ("Hubungi penjual", "unreadable"),
])
def test_ranges_the_import_tests_refuse(value, why):
    # "nego" and "hubungi penjual" are not amounts; clean_price reads them as "no price".
    assert reason(parse_rupiah_range, value) == why


# ---------------------------------------------------------------------------- one formatter

def test_the_template_filters_are_the_formatter():
    from umkm_portal.templatetags.portal import price, price_text, rupiah, thousands

    class Product:
        price_min, price_max, is_price_range = 15000, 40000, True

    assert rupiah(1_250_000) == format_rupiah(1_250_000) == "Rp 1.250.000"
    assert thousands(1_250_000) == format_thousands(1_250_000) == "1.250.000"
    assert rupiah(None) == thousands(None) == rupiah("") == ""
    assert format_rupiah_range(15000, 40000) == "Rp 15.000 – Rp 40.000"
    # The same text, each amount kept on one line so a narrow card breaks the range only at the dash.
    assert price(Product()) == '<span class="nowrap">Rp 15.000</span> – <span class="nowrap">Rp 40.000</span>'
    assert price_text(Product()) == "Rp 15.000 – Rp 40.000"
    Product.price_max, Product.is_price_range = None, False
    assert price(Product()) == '<span class="nowrap">Rp 15.000</span>'
    Product.price_min = None
    assert price(Product()) == ""


# ---------------------------------------------------------------------------- the callers agree

SINGLE_AMOUNTS = [
    "15000", "15.000", "Rp 15.000", "Rp15.000,-", "rp. 15000", " 15000 ", "Rp 150,000", "150,000", "15rb", "15 ribu",
    "15K", "15.000,50", "1,5 jt", "1.5 jt", "15 juta", "15.000.000,00", "15,000,000", "15.000 rb", "23 000 000",
    "± 12 juta", "IDR 15000", "2,5",
]
NOT_AMOUNTS = ["abc", "lima belas ribu", "15.00.000", "1.5", "-5000", "Rp", "15 dolar", "1.23.456", "12 kg", "15000.00"]


def price_field():
    return ProductForm.base_fields["price_min"]


def omzet_field():
    return TurnoverForm.base_fields["omzet"]


def field_value(field, text):
    try:
        return field.clean(text)
    except ValidationError as error:
        return error.code


@pytest.mark.parametrize("text", SINGLE_AMOUNTS)
def test_import_and_forms_read_an_amount_alike(text):
    amount = parse_rupiah(text)
    assert amount is not None and amount > 0
    assert clean_money(text) == amount
    assert clean_price(text) == (amount, None) == parse_rupiah_range(text)
    assert field_value(price_field(), text) == field_value(omzet_field(), text) == amount


@pytest.mark.parametrize("text", NOT_AMOUNTS)
def test_import_and_forms_refuse_alike(text):
    with pytest.raises(NotRupiah):
        parse_rupiah(text)
    with pytest.raises(CellProblem):
        clean_money(text)
    with pytest.raises(CellProblem):
        clean_price(text)
    assert field_value(price_field(), text) == field_value(omzet_field(), text) == "invalid"


@pytest.mark.parametrize("text", ["15.000 - 40.000", "10rb-15rb", "40.000 - 15.000", "Rp 1 jt s/d Rp 2 jt"])
def test_forms_refuse_a_range_where_one_amount_is_asked(text):
    assert field_value(price_field(), text) == field_value(omzet_field(), text) == "range"
    with pytest.raises(CellProblem):
        clean_money(text)


def test_the_form_field():
    field = RupiahField(required=False, max_value=1_000_000)
    assert field.clean("") is None and field.clean("-") is None and field.clean("1 jt") == 1_000_000
    assert field_value(field, "1.000.001") == "max_value"
    assert field.prepare_value(1_250_000) == "1.250.000" and field.prepare_value("15rb") == "15rb"
    assert field_value(RupiahField(), "") == "required"
    attrs = field.widget.attrs
    assert (attrs["inputmode"], field.widget.input_type) == ("numeric", "text")
