"""A request body larger than settings.MAX_REQUEST_BYTES is answered 413, in Indonesian,
before any of it is read (umkm_portal.middleware.RequestSizeMiddleware)."""

import pytest
from django.urls import reverse

from catalog.models import Product

pytestmark = pytest.mark.django_db


class UnreadableBody:
    """A wsgi.input that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def oversized_post(client, path, settings):
    length = settings.MAX_REQUEST_BYTES + 1
    return client.generic(
        "POST", path, b"", content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length), **{"wsgi.input": UnreadableBody()},
    )


def test_an_oversized_product_post_is_refused_unread(client, roles, settings):
    client.force_login(roles.owner)
    before = Product.objects.filter(business=roles.business).count()
    response = oversized_post(client, reverse("owners:product-add", args=[roles.business.slug]), settings)
    assert response.status_code == 413
    html = response.content.decode()
    assert "Kiriman terlalu besar" in html and f"{settings.MAX_REQUEST_BYTES // (1024 * 1024)} MB" in html
    assert Product.objects.filter(business=roles.business).count() == before


def test_the_limit_holds_for_anonymous_visitors_and_every_path(client, settings):
    response = oversized_post(client, reverse("catalog:product-list"), settings)
    assert response.status_code == 413


def test_a_post_within_the_limit_passes(client, roles, settings):
    settings.MAX_REQUEST_BYTES = 10 * 1024 * 1024
    client.force_login(roles.owner)
    response = client.post(reverse("owners:product-add", args=[roles.business.slug]), {"name": ""})
    assert response.status_code == 200  # the form, with its own messages
    settings.MAX_REQUEST_BYTES = 10
    response = client.post(reverse("owners:product-add", args=[roles.business.slug]), {"name": ""})
    assert response.status_code == 413
