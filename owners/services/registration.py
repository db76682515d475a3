"""Owners registering a business the registry does not have."""

from django.db import transaction

from directory.models import Business, Ownership
from directory.services import business_create
from owners.models import ClaimRequest


def business_register(*, user, name, regency, message="", **fields):
    """A business not in the registry, registered by its owner: unverified (off public pages)
    until staff of its region approve the REGISTRATION request made with it."""
    with transaction.atomic():
        business = business_create(name=name, regency=regency, status=Business.Status.UNVERIFIED, **fields)
        Ownership.objects.create(business=business, user=user, via=Ownership.Via.REGISTRATION)
        ClaimRequest.objects.create(
            business=business, user=user, kind=ClaimRequest.Kind.REGISTRATION,
            phone=business.whatsapp, message=message,
        )
    return business
