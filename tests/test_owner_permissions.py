"""Every /akun/ URL, for every role: anonymous, the owner, another owner, staff of the same
kabupaten/kota, staff of another, provincial staff, and a buyer account.

Pages of one business (and its products and photos) are the owner's alone: everyone else
gets 404 (or 405 for a method the URL never accepts, which reveals nothing), and a POST by
them changes nothing. Account-wide pages (home, claim search, registering a business) are for
any logged-in account. Anonymous visitors are sent to log in."""

import pytest
from django.urls import reverse

from catalog.models import Product, ProductPhoto
from catalog.services import product_add_photo
from directory.models import Business, BusinessPhoto, Certification, Ownership, TurnoverReport
from directory.services import business_add_photo
from owners.models import ChangeRecord, ClaimRequest
from tests.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db

ROLES = ["owner", "other_owner", "staff_same", "staff_other", "provincial", "buyer"]
NOT_OWNERS = [role for role in ROLES if role != "owner"]

# (url name, the objects it names, methods it answers: "page" = GET shows a page and POST
# acts; "post" = POST only (GET 405); "get" = GET only (POST 405)).
BUSINESS_URLS = [
    ("owners:business-edit", ["business"], "page"),
    ("owners:business-contact", ["business"], "page"),
    ("owners:business-certifications", ["business"], "page"),
    ("owners:business-photos", ["business"], "page"),
    ("owners:business-photo-delete", ["business", "business_photo"], "page"),
    ("owners:product-list", ["business"], "get"),
    ("owners:product-add", ["business"], "page"),
    ("owners:product-edit", ["business", "product"], "page"),
    ("owners:product-visibility", ["business", "product"], "post"),
    ("owners:product-delete", ["business", "product"], "page"),
    ("owners:product-photo-delete", ["business", "product", "product_photo"], "post"),
    ("owners:product-photo-cover", ["business", "product", "product_photo"], "post"),
    ("owners:turnover", ["business"], "page"),
]
ACCOUNT_URLS = ["owners:home", "owners:claim-search", "owners:business-register"]

# A POST that would change a great deal if any of these pages accepted it.
TAKEOVER = {
    "name": "Diambil Alih", "description": "Bukan milik Anda", "whatsapp": "0811-1111-1111",
    "tokopedia_url": "https://www.tokopedia.com/penipu", "price_min": "1", "unit": "pcs", "min_order": "1",
    "category": "", "month": "2026-01", "omzet": "999999999", "halal-has": "on", "halal-number": "X",
}


@pytest.fixture
def objects(roles, commit):
    with commit():
        business_photo = business_add_photo(business=roles.business, upload=jpeg_bytes())
        product_add_photo(product=roles.product, upload=jpeg_bytes(color=(10, 90, 200)))
        product_photo = product_add_photo(product=roles.product, upload=jpeg_bytes(color=(10, 200, 90)))
    return {
        "business": roles.business.slug, "product": roles.product.pk,
        "business_photo": business_photo.pk, "product_photo": product_photo.pk,
    }


def url_of(name, kinds, objects):
    keys = {"business": "slug", "product": "product_id", "business_photo": "photo_id", "product_photo": "photo_id"}
    return reverse(name, kwargs={keys[kind]: objects[kind] for kind in kinds})


def snapshot():
    """Everything an owner page could change, as plain values."""
    return (
        list(Business.objects.order_by("pk").values()),
        list(Product.objects.order_by("pk").values()),
        list(BusinessPhoto.objects.order_by("pk").values_list("pk", "image")),
        list(ProductPhoto.objects.order_by("pk").values_list("pk", "image", "position")),
        list(Certification.objects.order_by("pk").values()),
        list(TurnoverReport.objects.order_by("pk").values()),
        list(Ownership.objects.order_by("pk").values()),
        ChangeRecord.objects.count(),
        ClaimRequest.objects.count(),
    )


def assert_sent_to_login(response, url):
    assert response.status_code == 302, url
    assert response["Location"].startswith(reverse("accounts:login") + "?next="), url


@pytest.mark.parametrize("name,kinds,methods", BUSINESS_URLS, ids=[spec[0] for spec in BUSINESS_URLS])
def test_business_pages_answer_only_their_owner(client, roles, objects, name, kinds, methods):
    url = url_of(name, kinds, objects)
    before = snapshot()

    assert_sent_to_login(client.get(url), url)
    assert_sent_to_login(client.post(url, TAKEOVER), url)

    for role in NOT_OWNERS:
        client.force_login(getattr(roles, role))
        get, post = client.get(url), client.post(url, TAKEOVER)
        assert get.status_code == (405 if methods == "post" else 404), (role, "GET", url)
        assert post.status_code == (405 if methods == "get" else 404), (role, "POST", url)
    assert snapshot() == before, "a POST by someone who does not own the business changed something"

    client.force_login(roles.owner)
    assert client.get(url).status_code == (405 if methods == "post" else 200), url


@pytest.mark.parametrize("name", ACCOUNT_URLS)
def test_account_pages_are_for_every_logged_in_account(client, roles, name):
    url = reverse(name)
    assert_sent_to_login(client.get(url), url)
    for role in ROLES:
        client.force_login(getattr(roles, role))
        assert client.get(url).status_code == 200, (role, url)


def test_the_claim_page_sends_its_owner_to_their_business_and_lets_others_ask(client, roles):
    url = reverse("owners:claim", args=[roles.business.slug])
    assert_sent_to_login(client.get(url), url)
    client.force_login(roles.owner)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("owners:business-edit", args=[roles.business.slug])
    for role in NOT_OWNERS:
        client.force_login(getattr(roles, role))
        assert client.get(url).status_code == 200, role


def test_an_unknown_claim_link_is_404_for_everyone(client, roles):
    url = reverse("owners:claim-link", args=["bukan-token-yang-ada"])
    assert client.get(url).status_code == 404
    for role in ROLES:
        client.force_login(getattr(roles, role))
        assert client.get(url).status_code == 404, role
        assert client.post(url).status_code == 404, role


def test_own_business_slug_with_another_business_product_or_photo_is_404(client, roles, objects, commit):
    """The business in the URL is the owner's, but the product or photo belongs to someone else."""
    with commit():
        foreign_photo = business_add_photo(business=roles.other_business, upload=jpeg_bytes())
    foreign_product = Product.objects.filter(business=roles.other_business).first()
    if foreign_product is None:
        from tests.conftest import make_product

        with commit():
            foreign_product = make_product(roles.other_business, name="Kemplang Bu Ani")
    with commit():
        foreign_product_photo = product_add_photo(product=foreign_product, upload=jpeg_bytes())
    client.force_login(roles.owner)
    slug = roles.business.slug
    before = snapshot()
    urls = [
        reverse("owners:business-photo-delete", args=[slug, foreign_photo.pk]),
        reverse("owners:product-edit", args=[slug, foreign_product.pk]),
        reverse("owners:product-visibility", args=[slug, foreign_product.pk]),
        reverse("owners:product-delete", args=[slug, foreign_product.pk]),
        reverse("owners:product-photo-delete", args=[slug, foreign_product.pk, foreign_product_photo.pk]),
        reverse("owners:product-photo-cover", args=[slug, foreign_product.pk, foreign_product_photo.pk]),
        # Own product, another product's photo.
        reverse("owners:product-photo-delete", args=[slug, objects["product"], foreign_product_photo.pk]),
        reverse("owners:product-photo-cover", args=[slug, objects["product"], foreign_product_photo.pk]),
    ]
    for url in urls:
        assert client.post(url, TAKEOVER).status_code == 404, url
    assert snapshot() == before


def test_staff_see_the_owners_on_the_business_page_and_remove_a_wrong_one(client, roles):
    from tests.test_admin_scoping import form_data

    url = f"/admin/directory/business/{roles.business.pk}/change/"
    client.force_login(roles.staff_other)
    assert client.get(url).status_code == 404
    client.force_login(roles.staff_same)
    response = client.get(url)
    assert "Sari &lt;sari@contoh.id&gt;" in response.content.decode()
    data = form_data(client, url)
    data["ownerships-0-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Ownership.objects.filter(business=roles.business).exists()
    client.force_login(roles.owner)
    assert client.get(reverse("owners:business-edit", args=[roles.business.slug])).status_code == 404
