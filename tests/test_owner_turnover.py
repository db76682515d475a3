"""Monthly omzet: the owner reports it at /akun/usaha/<slug>/omzet/ and reads back a table and a
chart; staff read "Ringkasan omzet" per kabupaten/kota of their scope in the admin. Omzet never
reaches a public page, sitemap or feed."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from directory.models import Ownership, TurnoverReport
from regions.models import Regency
from staff.roles import REGENCY_GROUP
from tests.conftest import get_html, make_business, make_user
from umkm_portal.money import NotRupiah, parse_rupiah
from umkm_portal.months import month_label, month_shift

pytestmark = pytest.mark.django_db

THIS_MONTH = timezone.localdate().replace(day=1)
LAST_MONTH = month_shift(THIS_MONTH, -1)


def page_url(business):
    return f"/akun/usaha/{business.slug}/omzet/"


def month_value(month):
    return month.strftime("%Y-%m")


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def report(client, business, month, omzet, **extra):
    return client.post(page_url(business), {"month": month_value(month), "omzet": omzet, **extra})


# ---------------------------------------------------------------------------- the owner page


def test_owner_reports_a_month_and_sees_it_in_the_table_and_the_chart(client, roles):
    client.force_login(roles.owner)
    response = report(client, roles.business, LAST_MONTH, "Rp 15.000.000", transactions="120", workers="3")
    assert response.status_code == 302 and response["Location"] == page_url(roles.business)

    stored = TurnoverReport.objects.get(business=roles.business)
    assert (stored.month, stored.omzet, stored.transactions, stored.workers) == (LAST_MONTH, 15_000_000, 120, 3)
    text = text_of(client.get(page_url(roles.business)))
    assert f"Omzet {month_label(LAST_MONTH)} tersimpan." in text
    row = re.search(r'<tbody>.*?</tbody>', text).group(0)
    assert f"<th scope=\"row\">{month_label(LAST_MONTH)}</th>" in row
    assert "Rp 15.000.000" in row and ">120<" in row and ">3<" in row
    # The chart: an inline SVG with a title, a description, and one bar for the one month reported.
    svg = re.search(r"<svg class=\"chart\".*?</svg>", text).group(0)
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "Tertinggi Rp 15.000.000" in svg
    assert len(re.findall(r'<rect class="bar"', svg)) == 1
    assert f"{month_label(LAST_MONTH)}: Rp 15.000.000" in svg
    assert "Omzet hanya terlihat oleh Anda dan dinas; tidak pernah tampil di halaman publik." in text
    assert "<script" not in text


def test_the_form_offers_months_in_words_and_marks_reported_ones(client, roles):
    TurnoverReport.objects.create(business=roles.business, month=LAST_MONTH, omzet=5_130_000)
    client.force_login(roles.owner)
    text = text_of(client.get(page_url(roles.business)))
    assert f'<option value="{month_value(THIS_MONTH)}" selected>{month_label(THIS_MONTH)}</option>' in text
    assert f'<option value="{month_value(LAST_MONTH)}">{month_label(LAST_MONTH)} (sudah dilaporkan)</option>' in text
    assert f'value="{month_value(month_shift(THIS_MONTH, 1))}"' not in text  # no future month offered
    assert 'name="omzet"' in text and 'inputmode="numeric"' in text
    assert "5.130.000" not in re.search(r"<form.*?</form>", text).group(0)  # figures only after "Ubah"


def selected_month(client, business):
    return re.findall(r'<option value="([\d-]+)" selected>', text_of(client.get(page_url(business))))


@pytest.mark.parametrize("reported_back, expected_back", [
    ([], 1),  # nothing reported: last month
    ([1], 0),  # last month done: this month, never last month again
    ([4, 5, 6], 3),  # reported up to four months ago: the month after, not last month
    ([1, 3], 0),  # the month after the newest report, even with an older gap
    ([0, 1, 3], 2),  # every month up to this one: the newest still missing
    ([0, 1, 2], 3),
])
def test_the_form_starts_on_the_first_month_not_yet_reported(client, roles, reported_back, expected_back):
    roles.business.founded_year = None
    roles.business.save(update_fields=["founded_year"])
    for back in reported_back:
        TurnoverReport.objects.create(business=roles.business, month=month_shift(THIS_MONTH, -back), omzet=1_000_000)
    client.force_login(roles.owner)
    assert selected_month(client, roles.business) == [month_value(month_shift(THIS_MONTH, -expected_back))]
    # Saving the form as it comes adds a month: it never replaces one already reported.
    before = TurnoverReport.objects.filter(business=roles.business).count()
    assert report(client, roles.business, month_shift(THIS_MONTH, -expected_back), "2.000.000").status_code == 302
    assert TurnoverReport.objects.filter(business=roles.business).count() == before + 1


def test_reporting_a_month_again_replaces_it(client, roles):
    client.force_login(roles.owner)
    report(client, roles.business, LAST_MONTH, "10.000.000", workers="2")
    response = report(client, roles.business, LAST_MONTH, "12.500.000", transactions="90")
    assert response.status_code == 302
    stored = TurnoverReport.objects.get(business=roles.business)
    assert (stored.omzet, stored.transactions, stored.workers) == (12_500_000, 90, None)
    assert f"Omzet {month_label(LAST_MONTH)} diperbarui." in text_of(client.get(page_url(roles.business)))


def test_the_edit_link_fills_the_form_with_that_month(client, roles):
    earlier = month_shift(THIS_MONTH, -3)
    TurnoverReport.objects.create(business=roles.business, month=earlier, omzet=7_250_000, transactions=40, workers=4)
    client.force_login(roles.owner)
    text = text_of(client.get(page_url(roles.business)))
    assert f'href="?bulan={month_value(earlier)}#turnover-form-title"' in text
    text = text_of(client.get(page_url(roles.business) + f"?bulan={month_value(earlier)}"))
    assert f'<option value="{month_value(earlier)}" selected>' in text
    assert 'value="7.250.000"' in text and 'name="transactions" value="40"' in text


def test_change_against_the_month_before(client, roles):
    for back, omzet in [(3, 8_000_000), (2, 10_000_000), (1, 12_000_000)]:
        TurnoverReport.objects.create(business=roles.business, month=month_shift(THIS_MONTH, -back), omzet=omzet)
    TurnoverReport.objects.create(business=roles.business, month=month_shift(THIS_MONTH, -6), omzet=9_000_000)
    client.force_login(roles.owner)
    rows = re.findall(r"<tr>(.*?)</tr>", re.search(r"<tbody>.*?</tbody>", text_of(client.get(page_url(roles.business)))).group(0))
    assert len(rows) == 4
    assert "▲ Rp 2.000.000 (+20%)" in rows[0]  # 12 against 10 million
    assert "▲ Rp 2.000.000 (+25%)" in rows[1]  # 10 against 8 million
    assert "—" in rows[2] and "—" in rows[3]  # the month before was not reported


@pytest.mark.parametrize("typed", [
    "15000000", "15.000.000", "Rp 15.000.000", "Rp15.000.000", "rp. 15.000.000", "15.000.000,00", "15,000,000", "15 juta",
    "15 jt", "15.000 rb",
])
def test_omzet_as_people_write_it(client, roles, typed):
    client.force_login(roles.owner)
    assert report(client, roles.business, LAST_MONTH, typed).status_code == 302
    assert TurnoverReport.objects.get(business=roles.business).omzet == 15_000_000


@pytest.mark.parametrize("typed", ["abc", "15.00.000", "1.5", "-5000", "Rp", "15 dolar"])
def test_omzet_that_is_not_a_rupiah_amount_is_refused(client, roles, typed):
    client.force_login(roles.owner)
    response = report(client, roles.business, LAST_MONTH, typed)
    assert response.status_code == 200
    text = text_of(response)
    assert "Periksa lagi isian di bawah:" in text
    assert re.search(r"Omzet bulan itu \(Rp\): (Tulis jumlah rupiah dengan angka, mis\. 15\.000\.000\.|Bidang ini tidak boleh kosong\.)", text)
    assert not TurnoverReport.objects.exists()


def test_parse_rupiah_keeps_indonesian_decimals_apart_from_thousands():
    assert parse_rupiah("1,5 juta") == 1_500_000
    assert parse_rupiah("2.500") == 2_500
    assert parse_rupiah("2,5") == 3  # Rp 2,50 rounds to a whole rupiah
    with pytest.raises(NotRupiah):
        parse_rupiah("1.5")  # not an amount: a dot groups thousands
    assert parse_rupiah("") is None


def test_an_empty_omzet_is_refused_and_transactions_must_be_numbers(client, roles):
    client.force_login(roles.owner)
    text = text_of(report(client, roles.business, LAST_MONTH, "", transactions="banyak"))
    assert "Omzet bulan itu (Rp): Bidang ini tidak boleh kosong." in text
    assert "Jumlah transaksi: Tulis dengan angka saja, mis. 12." in text
    assert not TurnoverReport.objects.exists()


def test_a_future_month_is_refused(client, roles):
    client.force_login(roles.owner)
    next_month = month_shift(THIS_MONTH, 1)
    response = report(client, roles.business, next_month, "5.000.000")
    assert response.status_code == 200
    assert f"Bulan: {month_label(next_month)} belum tiba" in text_of(response)
    assert not TurnoverReport.objects.exists()


def test_this_month_may_be_reported(client, roles):
    client.force_login(roles.owner)
    assert report(client, roles.business, THIS_MONTH, "1.000.000").status_code == 302


def test_a_month_before_the_business_was_founded_is_refused(client, roles):
    roles.business.founded_year = THIS_MONTH.year - 1
    roles.business.save()
    client.force_login(roles.owner)
    before = datetime.date(THIS_MONTH.year - 2, 12, 1)
    text = text_of(report(client, roles.business, before, "5.000.000"))
    assert f"Bulan: {month_label(before)} sebelum usaha ini berdiri (tahun {THIS_MONTH.year - 1})." in text
    assert report(client, roles.business, datetime.date(THIS_MONTH.year - 1, 1, 1), "5.000.000").status_code == 302
    assert TurnoverReport.objects.count() == 1


def test_a_month_older_than_five_years_is_refused(client, roles):
    client.force_login(roles.owner)
    too_old = month_shift(THIS_MONTH, -61)
    text = text_of(report(client, roles.business, too_old, "5.000.000"))
    assert "Laporan omzet hanya untuk 5 tahun terakhir" in text
    assert report(client, roles.business, month_shift(THIS_MONTH, -60), "5.000.000").status_code == 302
    assert TurnoverReport.objects.count() == 1


@pytest.mark.parametrize("month", ["2026-13", "bulan lalu", ""])
def test_a_month_that_is_not_one_is_refused(client, roles, month):
    client.force_login(roles.owner)
    response = client.post(page_url(roles.business), {"month": month, "omzet": "5.000.000"})
    assert response.status_code == 200 and "Bulan: " in text_of(response)
    assert not TurnoverReport.objects.exists()


@pytest.mark.parametrize("who", ["other_owner", "staff_same", "staff_other", "provincial", "buyer"])
def test_only_the_owner_reaches_the_page(client, roles, who):
    client.force_login(getattr(roles, who))
    assert client.get(page_url(roles.business)).status_code == 404
    assert report(client, roles.business, LAST_MONTH, "5.000.000").status_code == 404
    assert not TurnoverReport.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, roles):
    url = page_url(roles.business)
    for response in (client.get(url), report(client, roles.business, LAST_MONTH, "5.000.000")):
        assert response.status_code == 302 and response["Location"].startswith(f"/akun/masuk/?next={url}")
    assert not TurnoverReport.objects.exists()


def test_the_page_is_not_cached(client, roles):
    client.force_login(roles.owner)
    assert "no-store" in client.get(page_url(roles.business))["Cache-Control"]


@pytest.mark.parametrize("months", [3, 12])
def test_owner_page_queries_do_not_grow_with_months(client, roles, django_assert_num_queries, months):
    for back in range(months):
        TurnoverReport.objects.create(business=roles.business, month=month_shift(LAST_MONTH, -back), omzet=1_000_000 + back)
    client.force_login(roles.owner)
    # session, user, the business (⋈ regency, owned by the user), its reports
    with django_assert_num_queries(4):
        response = client.get(page_url(roles.business))
    assert response.content.decode().count('<rect class="bar"') == min(months, 12)


# ---------------------------------------------------------------------------- never public

OMZET_FORMS = ["73219004", "73.219.004", "73,219,004", "73 219 004", "48173", "48.173"]


def test_omzet_never_reaches_a_public_page(client, roles, commit):
    business, product = roles.business, roles.product
    client.force_login(roles.owner)
    assert report(client, business, LAST_MONTH, "Rp 73.219.004", transactions="48173", workers="7").status_code == 302
    assert "Rp 73.219.004" in get_html(client, page_url(business))  # the owner does see it
    client.logout()
    urls = [
        business.get_absolute_url(), product.get_absolute_url(), "/produk/", "/produk/?q=pempek", "/umkm/",
        "/umkm/?q=pempek", business.regency.get_absolute_url(), "/", "/produk/feed/",
        "/sitemap.xml", "/sitemap-umkm.xml", "/sitemap-produk.xml",
    ]
    for url in urls + ["/en" + url for url in urls[:8]]:
        body = get_html(client, url)
        for figure in OMZET_FORMS:
            assert figure not in body, (url, figure)
    # Those pages do show the business, so the check above looked where a leak would be.
    assert business.name in get_html(client, business.get_absolute_url())
    assert product.name in get_html(client, "/produk/feed/")


# ---------------------------------------------------------------------------- staff summary

SUMMARY_URL = "/admin/directory/turnoverreport/ringkasan/"


@pytest.fixture
def reports(roles, palembang, oki, bandung, commit):
    """Known figures for last month: Palembang 3 reports (median of 3), OKI 4 (median of 4), one
    report of another month, one of a business outside the province."""
    with commit():
        plg = [roles.business] + [make_business(palembang) for _ in range(2)]
        oki_businesses = [roles.other_business] + [make_business(oki) for _ in range(3)]
        outside = make_business(bandung)
    for business, omzet, workers in zip(plg, [10_000_000, 60_000_000, 20_000_000], [2, 5, None]):
        TurnoverReport.objects.create(business=business, month=LAST_MONTH, omzet=omzet, workers=workers)
    for business, omzet, workers in zip(oki_businesses, [4_000_000, 1_000_000, 100_000_000, 2_000_000], [1, 2, 3, 4]):
        TurnoverReport.objects.create(business=business, month=LAST_MONTH, omzet=omzet, workers=workers)
    TurnoverReport.objects.create(business=plg[0], month=month_shift(LAST_MONTH, -1), omzet=999_000_000)
    TurnoverReport.objects.create(business=outside, month=LAST_MONTH, omzet=555_000_000)
    return roles


def summary_rows(html):
    """{regency code or "total": [cell texts]} of the summary table."""
    rows = {}
    for code, cells in re.findall(r'<tr data-regency="([^"]+)">(.*?)</tr>', html, re.S):
        rows[code] = [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", cells, re.S)]
    return rows


def test_kabupaten_staff_see_their_region_only(client, reports):
    client.force_login(reports.staff_same)
    response = client.get(SUMMARY_URL)
    assert response.status_code == 200
    rows = summary_rows(response.content.decode())
    assert set(rows) == {"16.71", "total"}
    assert rows["16.71"] == ["Kota Palembang", "3", "Rp 90.000.000", "Rp 20.000.000", "3,5"]
    assert rows["total"] == ["Seluruh wilayah Anda", "3", "Rp 90.000.000", "Rp 20.000.000", "3,5"]
    assert f"Ringkasan omzet {month_label(LAST_MONTH)}" in response.content.decode()


def test_staff_of_another_region_see_theirs(client, reports):
    client.force_login(reports.staff_other)
    rows = summary_rows(client.get(SUMMARY_URL).content.decode())
    assert set(rows) == {"16.02", "total"}
    # Median of 1, 2, 4 and 100 million: 3 million; of 1-4 workers: 2,5.
    assert rows["16.02"][1:] == ["4", "Rp 107.000.000", "Rp 3.000.000", "2,5"]


def test_provincial_staff_see_every_region_and_the_province(client, reports):
    client.force_login(reports.provincial)
    html = client.get(SUMMARY_URL).content.decode()
    rows = summary_rows(html)
    assert len(rows) == 18 and all(code.startswith("16.") for code in rows if code != "total")  # 17 + total
    assert rows["16.71"][1:] == ["3", "Rp 90.000.000", "Rp 20.000.000", "3,5"]
    assert rows["16.02"][1:] == ["4", "Rp 107.000.000", "Rp 3.000.000", "2,5"]
    assert rows["16.74"][1:] == ["0", "—", "—", "—"]
    # 7 reports: median 10 million; workers 1, 2, 2, 3, 4, 5: median 2,5. Kota Bandung's is not here.
    assert rows["total"] == ["Seluruh provinsi", "7", "Rp 197.000.000", "Rp 10.000.000", "2,5"]
    assert "555.000.000" not in html and "999.000.000" not in html


def test_staff_pick_another_month(client, reports):
    client.force_login(reports.staff_same)
    earlier = month_shift(LAST_MONTH, -1)
    html = client.get(SUMMARY_URL + f"?bulan={month_value(earlier)}").content.decode()
    assert summary_rows(html)["16.71"][1:] == ["1", "Rp 999.000.000", "Rp 999.000.000", "—"]
    assert f'<option value="{month_value(earlier)}" selected>' in html
    html = client.get(SUMMARY_URL + "?bulan=kemarin").content.decode()
    assert "Bulan itu tidak dikenal" in html and summary_rows(html)["16.71"][1] == "3"


def test_the_region_count_links_to_that_regions_reports(client, reports):
    client.force_login(reports.staff_same)
    html = client.get(SUMMARY_URL).content.decode()
    link = f"/admin/directory/turnoverreport/?month={LAST_MONTH.isoformat()}&amp;wilayah=16.71"
    assert f'href="{link}"' in html
    listed = client.get(link.replace("&amp;", "&")).content.decode()
    assert listed.count("field-business") == 3


def test_the_report_list_links_to_the_summary(client, reports):
    client.force_login(reports.staff_same)
    assert f'href="{SUMMARY_URL}"' in client.get("/admin/directory/turnoverreport/").content.decode()


@pytest.mark.parametrize("who", ["owner", "buyer"])
def test_non_staff_cannot_reach_the_summary(client, reports, who):
    client.force_login(getattr(reports, who))
    response = client.get(SUMMARY_URL)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_anonymous_cannot_reach_the_summary(client, reports):
    response = client.get(SUMMARY_URL)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_staff_without_the_view_permission_are_refused(client, reports):
    group = Group.objects.get(name=REGENCY_GROUP)
    group.permissions.remove(*group.permissions.filter(codename="view_turnoverreport"))
    client.force_login(reports.staff_same)
    assert client.get(SUMMARY_URL).status_code == 403


@pytest.mark.parametrize("regions", [2, 5])
def test_summary_queries_do_not_grow_with_regions(client, roles, commit, django_assert_num_queries, regions):
    with commit():
        for regency in Regency.objects.in_portal().order_by("code")[:regions]:
            for omzet in (1_000_000, 2_000_000):
                TurnoverReport.objects.create(business=make_business(regency), month=LAST_MONTH, omzet=omzet)
    client.force_login(roles.provincial)
    # session, user, user permissions, group permissions, staff scope, the scope's regions, the month's reports
    with django_assert_num_queries(7):
        response = client.get(SUMMARY_URL)
    assert summary_rows(response.content.decode())["total"][1] == str(regions * 2)


def test_the_report_list_stays_scoped(client, reports):
    other = TurnoverReport.objects.get(business=reports.other_business, month=LAST_MONTH)
    client.force_login(reports.staff_same)
    assert client.get(f"/admin/directory/turnoverreport/{other.pk}/change/").status_code == 404
    assert reports.other_business.name not in client.get("/admin/directory/turnoverreport/").content.decode()


def test_a_second_owner_of_the_business_sees_the_same_reports(client, roles):
    partner = make_user("partner@contoh.id")
    Ownership.objects.create(business=roles.business, user=partner)
    TurnoverReport.objects.create(business=roles.business, month=LAST_MONTH, omzet=4_400_000)
    client.force_login(partner)
    assert "Rp 4.400.000" in get_html(client, page_url(roles.business))
