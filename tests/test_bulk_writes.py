"""umkm_portal.batches lookups and umkm_portal.bulk writes, the fast paths of the registry import,
on whichever database the suite runs (SQLite by default, PostgreSQL with DATABASE_URL)."""

import pytest
from django.db import connection

from directory.models import Business, BusinessPrivate, Certification
from tests.conftest import make_business
from umkm_portal.batches import lookup_chunks, one_of, one_of_rows
from umkm_portal.bulk import insert_rows


@pytest.fixture
def businesses(palembang, oki):
    return [
        make_business(palembang, name="Pempek Ani", nib="1200000000001"),
        make_business(oki, name="Pempek Ani"),
        make_business(palembang, name="Kopi Budi"),
    ]


def test_one_of(businesses):
    ani, other_ani, budi = businesses
    [chunk] = lookup_chunks([ani.id, budi.id, 0])
    assert set(Business.objects.filter(one_of("id", chunk))) == {ani, budi}
    assert list(Business.objects.filter(one_of("nib", ["1200000000001", "9"]))) == [ani]
    assert not Business.objects.filter(one_of("nib", [])).exists()


def test_one_of_rows_finds_each_pair(businesses):
    ani, other_ani, budi = businesses
    wanted = [(ani.regency_id, "pempek ani"), (other_ani.regency_id, "kopi budi")]
    found = Business.objects.filter(one_of_rows(("regency_id", "name_key"), wanted))
    # SQLite may let other combinations through (each field IN its values); the pairs asked for are always there.
    assert {(b.regency_id, b.name_key) for b in found} & set(wanted) == {(ani.regency_id, "pempek ani")}
    if connection.vendor == "postgresql":
        assert list(found) == [ani]


def test_lookup_chunks_bounded_without_arrays(db):
    chunks = list(lookup_chunks(range(2000)))
    assert [key for chunk in chunks for key in chunk] == list(range(2000))
    assert len(chunks) == (1 if connection.vendor == "postgresql" else 3)
    assert list(lookup_chunks([])) == []


def test_insert_rows_gives_the_new_keys_in_order(businesses):
    ani, _other, budi = businesses
    ids = insert_rows(Certification, ["business_id", "kind", "number"], [(ani.id, "halal", "1"), (budi.id, "pirt", "")])
    assert [(c.id, c.business_id, c.kind) for c in Certification.objects.order_by("id")] == [
        (ids[0], ani.id, "halal"), (ids[1], budi.id, "pirt"),
    ]


def test_insert_rows_streams_a_generator(businesses):
    ani, other_ani, budi = businesses
    rows = ((business.id, "halal", str(n)) for n, business in enumerate(businesses))
    ids = insert_rows(Certification, ["business_id", "kind", "number"], rows, count=3)
    assert list(Certification.objects.order_by("id").values_list("id", "number")) == list(zip(ids, ["0", "1", "2"]))
    # The primary key among the columns: no count needed, the keys are the ones given.
    BusinessPrivate.objects.filter(business__in=businesses).delete()
    keys = insert_rows(BusinessPrivate, ["business_id", "owner_name"], ((b.id, "Ani") for b in (ani, budi)))
    assert keys == [ani.id, budi.id]
    assert set(BusinessPrivate.objects.values_list("business_id", "owner_name")) == {(ani.id, "Ani"), (budi.id, "Ani")}
