"""Which rows are the same business (issue 11): a shared name alone never makes two businesses
one; a merge never moves a business or rewrites its address without staff's yes; and the
problem rows, downloaded, fixed and uploaded again, change nothing but themselves. Every
file is written here, in the shape of the failure, and goes through the admin as staff use it."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from directory.models import Business, BusinessPrivate, Certification
from registry.columns import match_header
from registry.matching import BusinessDuplicates, addresses_similar, distance_metres
from registry.models import ImportChange, ImportConflict, ImportJob
from registry.records import BusinessRecord
from tests.conftest import run_background_tasks
from tests.test_import_admin import make_staff, post_file, xlsx

HEADER = ["No", "Nama Usaha", "Nama Pemilik", "NIB", "Kabupaten/Kota", "Kecamatan", "Alamat", "No HP", "Catatan Petugas"]
ILIR_TIMUR_I, BUKIT_KECIL, KALIDONI, ILIR_BARAT_I = "16.71.05", "16.71.11", "16.71.10", "16.71.04"


@pytest.fixture
def staff(db, villages):
    return make_staff("staf-plg", "16.71")


def row(number, name, *, nib="", regency="Kota Palembang", district="Ilir Timur I", address="", phone="", note="",
        owner="Pemilik"):
    return [number, name, owner, nib, regency, district, address, phone, note]


def preview(client, rows):
    response = post_file(client, xlsx([HEADER, *rows]))
    assert response.status_code == 302
    run_background_tasks()
    job = ImportJob.objects.latest("id")
    assert job.status == ImportJob.Status.PREVIEWED, job.message
    return job


def confirm(client, job, commit):
    with commit():
        client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
        run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    return job


def import_rows(client, rows, commit):
    return confirm(client, preview(client, rows), commit)


def registry_snapshot():
    """Every column of every business, its private data and its certificates, by business id."""
    businesses = {values["id"]: values for values in Business.objects.values()}
    privates = {values["business_id"]: values for values in BusinessPrivate.objects.values()}
    certificates = {}
    for values in Certification.objects.order_by("id").values():
        certificates.setdefault(values["business_id"], []).append(values)
    return {id: (values, privates.get(id), certificates.get(id)) for id, values in businesses.items()}


def created_by(job):
    return list(Business.objects.filter(
        id__in=ImportChange.objects.filter(job=job, action="created").values("business")
    ).order_by("id"))


# THE test: a file with five HENDRA firms, fixed and imported again --------------------------

EARLIER_REGISTRY = [
    row(1, "HENDRA", district="Kalidoni", address="Jl. Residen Abdul Rozak 12", phone="081300000001", owner="Hendra W"),
    row(2, "HENDRA", district="Sako", owner="Hendra S"),
    row(3, "Pempek Cek Ani", nib="9120000000001", address="Jl. Merdeka No. 5", phone="081300000002"),
    row(4, "Songket Cik Ipah", district="Bukit Kecil", address="Jl. Sudirman 10"),
]

HENDRA_FILE = [
    row(1, "HENDRA", address="Jl. Merdeka No. 20", phone="0812-1111-0001", note="arsip A"),
    row(2, "HENDRA", address="Jl. Merdeka No. 20", phone="0812-1111-0001", note="arsip A"),  # the same again
    row(3, "HENDRA", district="Bukit Kecil", address="Jl. Sudirman No. 8", phone="081211110002"),
    row(4, "HENDRA", address="Jl. Kolonel Atmo 33"),
    row(5, "HENDRA", regency="Kab. Antah Berantah", district="Ilir Barat I", address="Jl. Veteran 3", note="perlu cek"),
    row(6, "Toko Sembako Makmur", district="Sako", address="Jl. Sako Baru 1", phone="081211110003"),
]


def test_fixing_the_problem_rows_and_importing_them_again_changes_nothing_else(client, staff, commit):
    client.force_login(staff)
    import_rows(client, EARLIER_REGISTRY, commit)
    job = import_rows(client, HENDRA_FILE, commit)
    # Five HENDRA rows at four addresses: four businesses, the repeat skipped, the bad row an error.
    assert (job.counts["new"], job.counts["skipped"], job.counts["errors"]) == (4, 1, 1)
    hendras = [b for b in created_by(job) if b.name_key == "hendra"]
    assert sorted((b.district_id, b.address) for b in hendras) == sorted([
        (ILIR_TIMUR_I, "Jl. Merdeka No. 20"), (BUKIT_KECIL, "Jl. Sudirman No. 8"), (ILIR_TIMUR_I, "Jl. Kolonel Atmo 33"),
    ])
    assert Business.objects.filter(name_key="hendra").count() == 5
    duplicate = job.problems.get(severity="duplicate")
    assert duplicate.row == 3
    assert "Duplikat baris 2 (nama sama dan nomor HP sama (081211110001))" in duplicate.message

    # "Unduh baris bermasalah": every column of the file, under its own headers, in its order.
    download = client.get(reverse("admin:registry_importjob_problems", args=[job.pk]))
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(download.content))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    assert header == ["BARIS ASAL", *HEADER, "MASALAH"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    assert set(rows) == {3, 6}
    assert [cell.value for cell in rows[6][1:-1]] == ["5", "HENDRA", "Pemilik", None, "Kab. Antah Berantah",
                                                      "Ilir Barat I", "Jl. Veteran 3", None, "perlu cek"]
    assert rows[3][header.index("Catatan Petugas")].value == "arsip A"

    # Staff fix the kabupaten/kota in the downloaded file and upload it again.
    rows[6][header.index("Kabupaten/Kota")].value = "Kota Palembang"
    fixed = io.BytesIO()
    book.save(fixed)
    before = registry_snapshot()
    response = post_file(client, fixed.getvalue(), name="perbaikan.xlsx")
    assert response.status_code == 302
    run_background_tasks()
    again = ImportJob.objects.latest("id")
    assert again.status == ImportJob.Status.PREVIEWED, again.message
    assert again.counts["errors"] == 0 and again.counts["skipped"] == 0
    assert (again.counts["new"], again.counts["updated"], again.counts["unchanged"]) == (1, 0, 1)
    assert not again.conflicts.exists()
    confirm(client, again, commit)

    after = registry_snapshot()
    assert set(after) - set(before) == {created_by(again)[0].id}
    assert {id: after[id] for id in before} == before  # no other business changed, not one column
    fixed_business = created_by(again)[0]
    assert (fixed_business.name_key, fixed_business.district_id, fixed_business.address) == (
        "hendra", ILIR_BARAT_I, "Jl. Veteran 3"
    )
    assert not ImportChange.objects.filter(job=again, action="updated").exists()


# Duplicates inside one file -------------------------------------------------------------

DUPLICATES = {
    "same NIB": (
        [row(1, "Kopi Bubuk Sumsel", nib="9120000000011"), row(2, "Kopi Bubuk Sriwijaya", nib="9120000000011")],
        "NIB sama",
    ),
    "same name and phone": (
        [row(1, "HENDRA", address="Jl. Merdeka 1", phone="081211110001"),
         row(2, "HENDRA", address="Pasar 16 Ilir Blok C", phone="0812 1111 0001")],
        "nama sama dan nomor HP sama (081211110001)",
    ),
    "same name, kecamatan and a similar address": (
        [row(1, "HENDRA", address="Jl. Merdeka No. 5"), row(2, "HENDRA", address="Jalan Merdeka 5")],
        "nama sama, kecamatan sama, alamat mirip: 'Jl. Merdeka No. 5' / 'Jalan Merdeka 5'",
    ),
    "same name and kecamatan, no address on either": (
        [row(1, "HENDRA"), row(2, "HENDRA")],
        "nama sama, kecamatan sama, alamat tidak diisi",
    ),
}


@pytest.mark.parametrize("case", DUPLICATES)
def test_duplicates_in_a_file_are_skipped_with_their_evidence(client, staff, case):
    rows, evidence = DUPLICATES[case]
    client.force_login(staff)
    job = preview(client, rows)
    assert (job.counts["new"], job.counts["skipped"]) == (1, 1)
    message = job.problems.get(severity="duplicate").message
    assert f"Duplikat baris 2 ({evidence})" in message, message


NOT_DUPLICATES = {
    "another kecamatan": [row(1, "HENDRA", address="Jl. Merdeka 5"), row(2, "HENDRA", district="Bukit Kecil", address="Jl. Merdeka 5")],
    "another address": [row(1, "HENDRA", address="Jl. Merdeka"), row(2, "HENDRA", address="Jl. Sudirman")],
    "another house on the street": [row(1, "HENDRA", address="Jl. Merdeka No. 5"), row(2, "HENDRA", address="Jl. Merdeka No. 7")],
    "each its own phone": [row(1, "HENDRA", phone="081211110001"), row(2, "HENDRA", phone="081211110002")],
    "two NIBs": [row(1, "HENDRA", nib="9120000000011", phone="081211110001"),
                 row(2, "HENDRA", nib="9120000000012", phone="081211110001")],
}


@pytest.mark.parametrize("case", NOT_DUPLICATES)
def test_same_name_elsewhere_is_another_business(client, staff, commit, case):
    client.force_login(staff)
    job = import_rows(client, NOT_DUPLICATES[case], commit)
    assert (job.counts["new"], job.counts["skipped"]) == (2, 0)
    assert Business.objects.filter(name_key="hendra").count() == 2


def _record(row, *, latitude=None, longitude=None, **fields):
    fields = {"name": "HENDRA", "name_key": "hendra", "regency": "16.71", "district": ILIR_TIMUR_I, **fields}
    return BusinessRecord(row=row, latitude=latitude, longitude=longitude, **fields)


def test_coordinates_within_200_metres_are_the_same_business():
    duplicates = BusinessDuplicates()
    assert duplicates.earlier_row(_record(2, address="Jl. Merdeka 5", latitude=-2.976000, longitude=104.775000)) is None
    # 40 m north, written as another address: the coordinates agree.
    earlier = duplicates.earlier_row(_record(3, address="Pasar 16 Ilir", latitude=-2.975640, longitude=104.775000))
    assert earlier == (2, "nama sama, titik koordinat berjarak 40 m")


def test_coordinates_far_apart_are_two_businesses_even_at_a_similar_address():
    duplicates = BusinessDuplicates()
    assert duplicates.earlier_row(_record(2, address="Jl. Merdeka 5", latitude=-2.976, longitude=104.775)) is None
    # 1.1 km away: another outlet, although the address reads the same.
    assert duplicates.earlier_row(_record(3, address="Jl. Merdeka 5", latitude=-2.986, longitude=104.775)) is None
    # Without coordinates on one side, the address decides.
    assert duplicates.earlier_row(_record(4, address="Jalan Merdeka No. 5"))[0] == 2


def test_distance():
    near = distance_metres(_record(1, latitude=-2.976, longitude=104.775), _record(2, latitude=-2.976, longitude=104.7768))
    assert 195 < near < 205
    assert distance_metres(_record(1, latitude=-2.976, longitude=104.775), _record(2)) is None


@pytest.mark.parametrize("a, b, similar", [
    ("Jl. Merdeka No. 5", "Jalan Merdeka 5", True),
    ("JL MERDEKA NO.05", "jl. merdeka no 5", True),
    ("Jl. Merdeka", "Jl. Merdeka Lr. Sejahtera", True),
    ("Jl. Merdeka No. 5 RT 02", "Jl. Merdeka No. 5", True),
    ("Jl. Sudirman", "Jl. Merdeka", False),
    ("Jl. Merdeka No. 5", "Jl. Merdeka No. 7", False),
    ("Jl. Kolonel Atmo 33", "Jl. Merdeka No. 20", False),
    ("", "", False),
    ("Jl. Merdeka", "", False),
])
def test_addresses_similar(a, b, similar):
    assert addresses_similar(a, b) is similar
    assert addresses_similar(b, a) is similar


@pytest.mark.skipif(match_header("Latitude", "business") != "latitude", reason="coordinates are not read from files yet")
def test_coordinates_in_the_file_tell_same_name_businesses_apart(client, staff):
    client.force_login(staff)
    rows = [
        ["Nama Usaha", "Kabupaten/Kota", "Kecamatan", "Alamat", "Latitude", "Longitude"],
        ["HENDRA", "Kota Palembang", "Ilir Timur I", "Jl. Merdeka 5", -2.976, 104.775],
        ["HENDRA", "Kota Palembang", "Ilir Timur I", "Pasar 16 Ilir", -2.97564, 104.775],  # 40 m away
        ["HENDRA", "Kota Palembang", "Ilir Timur I", "Jl. Merdeka 5", -2.986, 104.775],  # 1.1 km away
    ]
    post_file(client, xlsx(rows))
    run_background_tasks()
    job = ImportJob.objects.latest("id")
    assert (job.counts["new"], job.counts["skipped"]) == (2, 1)
    assert "berjarak 40 m" in job.problems.get(severity="duplicate", row=3).message


def test_coordinates_on_the_registry_tell_same_name_businesses_apart(client, staff, commit):
    """A row matched by name and a similar address is another business when the registry puts
    the business more than 200 m from where the row says (compared only when both have them)."""
    from directory.models import BusinessPrivate as Private
    from registry.matching import match_businesses

    client.force_login(staff)
    import_rows(client, [row(1, "HENDRA", address="Jl. Merdeka 5")], commit)
    business = Business.objects.get()
    Private.objects.update_or_create(business=business, defaults={"latitude": "-2.976000", "longitude": "104.775000"})
    assert match_businesses([_record(7, address="Jl. Merdeka No. 5", latitude=-2.986, longitude=104.775)]) == {}
    found = match_businesses([_record(7, address="Pasar 16 Ilir", latitude=-2.97564, longitude=104.775)])
    assert found[7][0].id == business.id and found[7][1] == "nama sama, titik koordinat berjarak 40 m"
    assert match_businesses([_record(7, address="Jalan Merdeka 5")])[7][0].id == business.id


# Merges with the registry: a conflict, not a silent move ---------------------------------


def _moving_rows():
    return [
        row(1, "Pempek Cek Ani", nib="9120000000001", district="Bukit Kecil", address="Jl. Sudirman 10", phone="081300000002"),
    ]


def _registry_with_pempek(client, commit):
    import_rows(client, [row(1, "Pempek Cek Ani", nib="9120000000001", address="Jl. Merdeka No. 5")], commit)
    return Business.objects.get(name="Pempek Cek Ani")


def test_a_move_to_another_kecamatan_is_a_conflict_refused_unless_accepted(client, staff, commit):
    client.force_login(staff)
    business = _registry_with_pempek(client, commit)
    job = preview(client, _moving_rows())
    conflict = job.conflicts.get()
    assert (conflict.row, conflict.business_id, conflict.evidence, conflict.decision) == (2, business.id, "NIB sama", "")
    assert conflict.fields == {"district": [ILIR_TIMUR_I, BUKIT_KECIL], "address": ["Jl. Merdeka No. 5", "Jl. Sudirman 10"]}
    page = client.get(reverse("admin:registry_importjob_change", args=[job.pk])).content.decode()
    assert reverse("admin:directory_business_change", args=[business.id]) in page
    assert "Ilir Timur Satu" in page and "Bukitkecil" in page and "Jl. Sudirman 10" in page
    assert "belum diputuskan dianggap ditolak" in page
    assert page.index('id="konflik"') < page.index(reverse("admin:registry_importjob_confirm", args=[job.pk]))

    # Confirmed without a decision: the place stays, the rest of the row (the phone) is written.
    confirm(client, job, commit)
    business.refresh_from_db()
    assert (business.district_id, business.address) == (ILIR_TIMUR_I, "Jl. Merdeka No. 5")
    assert business.private.owner_phone == "+6281300000002"

    # The same file again, the row accepted this time: the business moves.
    job = preview(client, _moving_rows())
    response = client.post(reverse("admin:registry_importjob_conflicts", args=[job.pk]), {"baris-2": "terima"})
    assert response.status_code == 302 and response["Location"].endswith("#konflik")
    assert job.conflicts.get().decision == ImportConflict.Decision.ACCEPTED
    confirm(client, job, commit)
    business.refresh_from_db()
    assert (business.district_id, business.address) == (BUKIT_KECIL, "Jl. Sudirman 10")


def test_a_refused_conflict_keeps_the_registry(client, staff, commit):
    client.force_login(staff)
    business = _registry_with_pempek(client, commit)
    job = preview(client, _moving_rows())
    client.post(reverse("admin:registry_importjob_conflicts", args=[job.pk]), {"baris-2": "tolak"})
    assert job.conflicts.get().decision == ImportConflict.Decision.REFUSED
    confirm(client, job, commit)
    business.refresh_from_db()
    assert (business.district_id, business.address) == (ILIR_TIMUR_I, "Jl. Merdeka No. 5")
    page = client.get(reverse("admin:registry_importjob_change", args=[job.pk])).content.decode()
    assert "Ditolak" in page and 'name="baris-2"' not in page  # decided and done: no form any more


def test_accept_all_and_a_decision_sent_twice(client, staff, commit):
    client.force_login(staff)
    import_rows(client, [
        row(1, "Pempek Cek Ani", address="Jl. Merdeka No. 5", phone="081300000002"),
        row(2, "Songket Cik Ipah", district="Bukit Kecil", address="Jl. Sudirman 10", phone="081300000003"),
        row(3, "Kopi Bubuk Sumsel", district="Sako", address="Jl. Sako Baru 1"),
    ], commit)
    before = registry_snapshot()
    job = preview(client, [  # matched by name and phone: moved to Kalidoni, both of them
        row(1, "Pempek Cek Ani", district="Kalidoni", address="Jl. Mayor Zen 3", phone="081300000002"),
        row(2, "Songket Cik Ipah", district="Kalidoni", address="Jl. Mayor Zen 4", phone="081300000003"),
    ])
    assert job.conflicts.count() == 2
    assert set(job.conflicts.values_list("evidence", flat=True)) == {
        "nama sama dan nomor HP sama (081300000002)", "nama sama dan nomor HP sama (081300000003)",
    }
    url = reverse("admin:registry_importjob_conflicts", args=[job.pk])
    first = client.post(url, {"semua": "terima"}, follow=True)
    assert "Keputusan disimpan (2 berubah)" in first.content.decode()
    decided_at = set(job.conflicts.values_list("decided_at", flat=True))
    second = client.post(url, {"semua": "terima"}, follow=True)
    assert "Keputusan disimpan (0 berubah)" in second.content.decode()
    assert set(job.conflicts.values_list("decided_at", flat=True)) == decided_at
    confirm(client, job, commit)
    assert set(Business.objects.filter(name__in=["Pempek Cek Ani", "Songket Cik Ipah"]).values_list(
        "district_id", "address")) == {(KALIDONI, "Jl. Mayor Zen 3"), (KALIDONI, "Jl. Mayor Zen 4")}
    kopi = Business.objects.get(name="Kopi Bubuk Sumsel").id
    assert registry_snapshot()[kopi] == before[kopi]
    # Once written, decisions are closed.
    response = client.post(url, {"semua": "tolak"}, follow=True)
    assert "tidak dapat diubah lagi" in response.content.decode()
    assert set(job.conflicts.values_list("decision", flat=True)) == {"accepted"}


def test_a_village_or_address_filled_where_the_registry_has_none_is_no_conflict(client, staff, commit):
    client.force_login(staff)
    import_rows(client, [row(1, "Pempek Cek Ani", nib="9120000000001")], commit)
    job = preview(client, [row(1, "Pempek Cek Ani", nib="9120000000001", address="Jl. Merdeka No. 5")])
    assert not job.conflicts.exists() and job.counts["updated"] == 1
    confirm(client, job, commit)
    assert Business.objects.get().address == "Jl. Merdeka No. 5"


# Who may decide -------------------------------------------------------------------------


@pytest.fixture
def conflict_job(client, staff, commit):
    client.force_login(staff)
    _registry_with_pempek(client, commit)
    job = preview(client, _moving_rows())
    client.logout()
    return job


@pytest.mark.parametrize("who, status, decided", [
    ("anonymous", 302, False),
    ("staff same kabupaten", 302, True),
    ("staff another kabupaten", 404, False),
    ("provincial staff", 302, True),
])
def test_conflict_decisions_by_role(client, staff, conflict_job, who, status, decided):
    users = {
        "anonymous": None,
        "staff same kabupaten": staff,
        "staff another kabupaten": make_staff("staf-oki", "16.02"),
        "provincial staff": make_staff("staf-prov", provincial=True),
    }
    if users[who]:
        client.force_login(users[who])
    url = reverse("admin:registry_importjob_conflicts", args=[conflict_job.pk])
    response = client.post(url, {"baris-2": "terima"})
    assert response.status_code == status
    if who == "anonymous":
        assert "/admin/login/" in response["Location"]
    assert (conflict_job.conflicts.get().decision == "accepted") is decided
    if users[who] and status == 302:
        assert client.get(url).status_code == 405


def test_conflict_list_costs_the_same_for_many_rows(client, staff, commit):
    """The conflicts on the preview page: a page of them with their businesses, a count, the
    region names of the page (kabupaten/kota, kecamatan, desa): no query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)

    def queries_for(count):
        Business.objects.all().delete()
        import_rows(client, [row(n, f"Usaha {n}", nib=f"91200000001{n:02d}") for n in range(1, count + 1)], commit)
        job = preview(client, [row(n, f"Usaha {n}", nib=f"91200000001{n:02d}", district="Sako", address=f"Jl. Baru {n}")
                               for n in range(1, count + 1)])
        assert job.conflicts.count() == count
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("admin:registry_importjob_change", args=[job.pk]))
        assert page.status_code == 200 and page.content.decode().count('type="radio"') == 2 * count
        return len(queries)

    assert queries_for(2) == queries_for(20)


@pytest.mark.parametrize("new, old, adds", [
    ("Jl. Bougenville No. 177, Kel. 9 Ilir", "Jl. Bougenville No. 177", True),
    ("Jalan Merdeka 5", "Jl. Merdeka No. 5", True),
    ("Jl. Merdeka No. 7", "Jl. Merdeka No. 5", False),
    ("Jl. Merdeka", "Jl. Merdeka No. 5", False),
    ("Jl. Sudirman 10", "Jl. Merdeka No. 5", False),
])
def test_an_address_that_adds_detail_is_no_conflict(client, staff, commit, new, old, adds):
    from registry.matching import address_adds_to

    assert address_adds_to(new, old) is adds
    client.force_login(staff)
    import_rows(client, [row(1, "Pempek Cek Ani", nib="9120000000001", address=old)], commit)
    job = confirm(client, preview(client, [row(1, "Pempek Cek Ani", nib="9120000000001", address=new)]), commit)
    assert job.conflicts.exists() is not adds
    assert Business.objects.get().address == (new if adds else old)
