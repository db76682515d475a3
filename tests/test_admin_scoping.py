"""Who may open which staff admin page: URLs × roles, the way pretix tests them.

Logged out, a business owner or a buyer (not staff) → the admin login. Kabupaten/kota staff
see their own region's records and get 404 for another region's (a 403 would tell that
the record exists). Provincial staff see everything. Neither staff role deletes a business
(403); a superuser can. Plus: the forms refuse a region outside the scope, and the
autocompletes offer only the staff member's regions and businesses."""

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase

from catalog.models import Category
from directory.models import Business, Ownership, TurnoverReport
from regions.models import District, Regency
from staff.models import StaffProfile
from staff.roles import staff_assign_role
from staff.scope import staff_scope
from tests.conftest import make_business, make_product, module_data

pytestmark = pytest.mark.django_db


def make_staff(username, *regencies, provincial=False):
    """A dinas staff account as create_staff makes it: profile, regions, role group."""
    user = get_user_model().objects.create_user(username, f"{username}@dinas.example")
    profile = StaffProfile.objects.create(user=user, is_provincial=provincial)
    profile.regencies.set(regencies)
    staff_assign_role(profile=profile)
    return get_user_model().objects.get(pk=user.pk)  # fresh: no cached permissions or scope


class _FormReader(HTMLParser):
    """The values a browser would post with the page's main form (the first post form that
    is not the header's logout form)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data, self._select, self._textarea, self._in_form, self._done = {}, None, None, False, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        is_post = (attrs.get("method") or "").lower() == "post"
        if tag == "form" and is_post and attrs.get("id") != "logout-form" and not self._done:
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [] if "multiple" in attrs else "")
        elif tag == "option" and self._select and "selected" in attrs:
            if isinstance(self.data[self._select], list):
                self.data[self._select].append(attrs.get("value", ""))
            else:
                self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, True

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.lstrip("\n") if not self.data[self._textarea] else data


def form_data(client, url):
    """GET an admin form and return what submitting it unchanged would post."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    reader = _FormReader()
    reader.feed(response.content.decode())
    reader.data.pop("csrfmiddlewaretoken", None)
    return reader.data


# ---------------------------------------------------------------------------- the cast


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two businesses (Kota Palembang, Kabupaten OKI) with a product each, their owners, a
    turnover report, and one user per role. Built once for this module inside a transaction
    rolled back after its last test (the pattern of conftest's `catalog`): each test runs in
    a savepoint within it."""
    yield from module_data(django_db_blocker, tmp_path_factory, _build_world)


def _build_world():
    User = get_user_model()
    palembang, oki = Regency.objects.get(code="16.71"), Regency.objects.get(code="16.02")
    with TestCase.captureOnCommitCallbacks(execute=True):
        mine = make_business(palembang, name="Pempek Cek Skop Palembang")
        theirs = make_business(oki, name="Kerupuk Kemplang Skop OKI")
        product = make_product(mine, name="Pempek Lenjer Skop")
        other_product = make_product(theirs, name="Kemplang Bakar Skop")
    owner = User.objects.create_user("pemilik", "pemilik@example.id")
    other_owner = User.objects.create_user("pemilik-lain", "lain@example.id")
    Ownership.objects.create(business=mine, user=owner)
    Ownership.objects.create(business=theirs, user=other_owner)
    report = TurnoverReport.objects.create(business=mine, month=datetime.date(2025, 1, 1), omzet=12_345_678)
    users = {
        "anonymous": None,
        "owner": owner,
        "other_owner": other_owner,
        "buyer": User.objects.create_user("pembeli", "pembeli@example.id"),
        "staff_same": make_staff("staf-plg", palembang),
        "staff_other": make_staff("staf-oki", oki),
        "provincial": make_staff("staf-prov", provincial=True),
        "superuser": User.objects.create_superuser("root", "root@example.id"),
    }
    return {
        "users": users, "business": mine, "other_business": theirs, "product": product,
        "other_product": other_product, "report": report,
        "profile": StaffProfile.objects.get(user=users["staff_same"]),
    }


def login(client, world, who):
    if world["users"][who] is not None:
        client.force_login(world["users"][who])
    return client


NOT_STAFF = ["anonymous", "owner", "other_owner", "buyer"]

# (url template, {role: expected status}); a record URL names Palembang's business/product/report.
# "list+" = 200 listing the record, "list-" = 200 without it.
PAGES = [
    ("/admin/directory/business/", {"staff_same": "list+", "staff_other": "list-", "provincial": "list+", "superuser": "list+"}),
    ("/admin/directory/business/{business}/change/", {"staff_same": 200, "staff_other": 404, "provincial": 200, "superuser": 200}),
    ("/admin/directory/business/add/", {"staff_same": 200, "staff_other": 200, "provincial": 200, "superuser": 200}),
    ("/admin/directory/business/{business}/delete/", {"staff_same": 403, "staff_other": 404, "provincial": 403, "superuser": 200}),
    ("/admin/directory/business/{business}/history/", {"staff_same": 200, "staff_other": 404, "provincial": 200, "superuser": 200}),
    ("/admin/directory/business/999999/change/", {"staff_same": 404, "staff_other": 404, "provincial": 404, "superuser": 404}),
    ("/admin/catalog/product/", {"staff_same": "list+", "staff_other": "list-", "provincial": "list+", "superuser": "list+"}),
    ("/admin/catalog/product/{product}/change/", {"staff_same": 200, "staff_other": 404, "provincial": 200, "superuser": 200}),
    ("/admin/catalog/product/{product}/history/", {"staff_same": 200, "staff_other": 404, "provincial": 200, "superuser": 200}),
    ("/admin/directory/turnoverreport/", {"staff_same": "list+", "staff_other": "list-", "provincial": "list+", "superuser": "list+"}),
    ("/admin/directory/turnoverreport/{report}/change/", {"staff_same": 200, "staff_other": 404, "provincial": 200, "superuser": 200}),
    ("/admin/directory/business/export/", {"staff_same": 200, "staff_other": 200, "provincial": 200, "superuser": 200}),
    ("/admin/catalog/product/export/", {"staff_same": 200, "staff_other": 200, "provincial": 200, "superuser": 200}),
    ("/admin/staff/staffprofile/", {"staff_same": 403, "staff_other": 403, "provincial": 200, "superuser": 200}),
    ("/admin/staff/staffprofile/{profile}/change/", {"staff_same": 403, "staff_other": 403, "provincial": 200, "superuser": 200}),
    ("/admin/staff/staffprofile/add/", {"staff_same": 403, "staff_other": 403, "provincial": 403, "superuser": 200}),
    ("/admin/auth/user/", {"staff_same": 403, "staff_other": 403, "provincial": 403, "superuser": 200}),
]
ROLES = NOT_STAFF + ["staff_same", "staff_other", "provincial", "superuser"]
# What each list page must (or must not) show of Palembang's record.
LISTED_NAME = {"business": "Pempek Cek Skop Palembang", "product": "Pempek Lenjer Skop", "turnoverreport": "Pempek Cek Skop Palembang"}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("url, expected", PAGES, ids=[url for url, _ in PAGES])
def test_page_access(client, world, who, url, expected):
    url = url.format(business=world["business"].pk, product=world["product"].pk, report=world["report"].pk,
                     profile=world["profile"].pk)
    response = login(client, world, who).get(url)
    if who in NOT_STAFF:
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), (who, response.status_code)
        return
    want = expected[who]
    if isinstance(want, int):
        assert response.status_code == want, (who, url, response.status_code)
        return
    assert response.status_code == 200, (who, url, response.status_code)
    name = LISTED_NAME[url.split("/")[3]]
    assert (name in response.content.decode()) == (want == "list+"), (who, url)


@pytest.mark.parametrize("who, status", [("staff_other", 404), ("staff_same", 302), ("provincial", 302)])
def test_change_post_answers_404_for_another_region(client, world, who, status):
    business = world["business"]
    data = form_data(login(client, world, "superuser"), f"/admin/directory/business/{business.pk}/change/")
    client.logout()
    data["name"] = "Nama Diganti"
    response = login(client, world, who).post(f"/admin/directory/business/{business.pk}/change/", data)
    assert response.status_code == status, response.content.decode()[:3000]
    business.refresh_from_db()
    assert (business.name == "Nama Diganti") == (status == 302)


def test_delete_post_by_other_region_answers_404_and_keeps_the_record(client, world):
    business = world["business"]
    response = login(client, world, "staff_other").post(f"/admin/directory/business/{business.pk}/delete/", {"post": "yes"})
    assert response.status_code == 404
    assert Business.objects.filter(pk=business.pk).exists()


def test_staff_cannot_move_a_business_to_another_region(client, world, oki):
    business = world["business"]
    login(client, world, "staff_same")
    data = form_data(client, f"/admin/directory/business/{business.pk}/change/")
    data["regency"] = oki.code
    data["district"] = District.objects.filter(regency=oki).first().code
    response = client.post(f"/admin/directory/business/{business.pk}/change/", data)
    assert response.status_code == 200
    assert "Anda hanya dapat mengelola UMKM di: Kota Palembang." in response.content.decode()
    business.refresh_from_db()
    assert business.regency_id == "16.71"


def test_staff_add_form_offers_only_their_regions(client, world):
    html = login(client, world, "staff_same").get("/admin/directory/business/add/").content.decode()
    assert '<option value="16.71" selected>Kota Palembang</option>' in html  # the only one, preselected
    assert 'value="16.02"' not in html and 'value="32.73"' not in html


def test_staff_adds_a_business_in_their_region(client, world, commit):
    login(client, world, "staff_same")
    data = form_data(client, "/admin/directory/business/add/")
    district = District.objects.filter(regency_id="16.71").order_by("code").first()
    data.update({"name": "Tekwan Baru Staf", "district": district.code, "status": "active", "scale": "mikro"})
    with commit():
        response = client.post("/admin/directory/business/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    business = Business.objects.get(name="Tekwan Baru Staf")
    assert (business.regency_id, business.slug) == ("16.71", "tekwan-baru-staf")


def test_provincial_staff_moves_a_business_and_its_products_follow(client, world, oki, commit):
    business, product = world["business"], world["product"]
    login(client, world, "provincial")
    data = form_data(client, f"/admin/directory/business/{business.pk}/change/")
    data["regency"] = oki.code
    data["district"] = District.objects.filter(regency=oki).order_by("code").first().code
    with commit():
        response = client.post(f"/admin/directory/business/{business.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    product.refresh_from_db()
    assert product.regency_id == "16.02"


def test_product_form_refuses_a_business_of_another_region(client, world):
    login(client, world, "staff_same")
    data = form_data(client, "/admin/catalog/product/add/")
    data.update({
        "business": world["other_business"].pk, "name": "Produk Selundupan", "category": Category.objects.get(slug="kuliner").pk,
        "price_min": "10000", "unit": "pcs", "min_order": "1",
    })
    response = client.post("/admin/catalog/product/add/", data)
    assert response.status_code == 200
    assert "Produk Selundupan" not in set(world["other_business"].products.values_list("name", flat=True))
    assert "errorlist" in response.content.decode()


def _autocomplete(client, model, field, term=""):
    app = {"business": "directory", "product": "catalog"}[model]
    response = client.get("/admin/autocomplete/", {"app_label": app, "model_name": model, "field_name": field, "term": term})
    assert response.status_code == 200, response.content[:500]
    return [row["id"] for row in response.json()["results"]]


def test_district_autocomplete_offers_only_the_staff_regions(client, world):
    login(client, world, "staff_same")
    codes = _autocomplete(client, "business", "district")
    assert codes and all(code.startswith("16.71.") for code in codes)
    login(client, world, "provincial")
    assert any(not code.startswith("16.71.") for code in _autocomplete(client, "business", "district"))


def test_business_autocomplete_of_the_product_form_offers_only_own_businesses(client, world):
    login(client, world, "staff_same")
    ids = _autocomplete(client, "product", "business", "Skop")
    assert ids == [str(world["business"].pk)]


def test_staff_scope_reads_once_per_user(world, django_assert_num_queries, palembang):
    user = get_user_model().objects.get(username="staf-plg")
    with django_assert_num_queries(1):  # the profile joined to its regencies
        scope = staff_scope(user)
        staff_scope(user)
    assert scope.regency_codes == {"16.71"} and scope.allows("16.71") and not scope.allows("16.02")
    assert scope.regency_names == {"16.71": "Kota Palembang"}
    assert list(scope.filter(Business.objects.all()).values_list("name", flat=True)) == ["Pempek Cek Skop Palembang"]


@pytest.mark.parametrize("who, provincial, codes, member", [
    ("superuser", True, set(), True),
    ("provincial", True, set(), True),
    ("staff_other", False, {"16.02"}, True),
    ("owner", False, set(), False),
    ("buyer", False, set(), False),
])
def test_staff_scope_by_role(world, who, provincial, codes, member):
    scope = staff_scope(world["users"][who])
    assert (scope.is_provincial, set(scope.regency_codes), scope.is_staff_member) == (provincial, codes, member)
    assert scope.filter(Business.objects.all()).count() == (2 if provincial else len(codes))


def test_staff_without_profile_or_deactivated_sees_nothing(world):
    User = get_user_model()
    bare = User.objects.create_user("staf-tanpa-profil", "x@example.id", is_staff=True)
    assert not staff_scope(bare).is_staff_member and not staff_scope(bare).filter(Business.objects.all()).exists()
    retired = User.objects.get(username="staf-plg")
    retired.is_active = False
    assert not staff_scope(retired).is_staff_member
    anonymous = type("Anon", (), {"is_authenticated": False, "is_active": False})()
    assert not staff_scope(anonymous).allows("16.71")
