"""The owner pages of one business (profile, contact, certificates, logo and photos) and the
registration of a business the registry does not have. Only owners of the business reach its
pages (owned_business_or_404); every save goes through owners.services, so it is live at once
and kept in the history."""

import copy
import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from directory.models import Business, BusinessPhoto, BusinessPrivate, Certification
from directory.services import BUSINESS_PHOTO_LIMIT
from owners.access import owned_business_or_404
from owners.forms.listing import (
    BusinessContactForm,
    BusinessLocationForm,
    BusinessProfileForm,
    BusinessRegisterForm,
    CertificateForm,
    LogoForm,
    PhotosForm,
)
from owners.services.listing import (
    business_location_set,
    business_update,
    certifications_set,
    listing_logo_set,
    listing_photo_delete,
    listing_photos_add,
)
from owners.services.registration import business_register as register_business

# A certificate ending within this many days is flagged so the owner renews it in time.
EXPIRY_WARNING_DAYS = 60


def _saved_message(business):
    """What a saved edit means for the public page, by the business's status."""
    if business.is_listed:
        return _("Perubahan disimpan dan langsung tampil di portal.")
    if business.status == Business.Status.UNVERIFIED:
        return _("Perubahan disimpan. Usaha ini akan tampil di portal setelah diverifikasi dinas.")
    return _("Perubahan disimpan. Usaha ini sedang tidak tampil di portal.")


def _business_form_page(request, slug, *, form_class, tab, template, url_name):
    """The profile and contact pages: one ModelForm of the business, saved with business_update."""
    business = owned_business_or_404(request.user, slug)
    # The form edits a copy: after an invalid POST the header still shows what is stored.
    form = form_class(request.POST if request.method == "POST" else None, instance=copy.copy(business))
    if form.is_valid():
        try:
            record = business_update(business=form.instance, user=request.user, fields=list(form.fields))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if record is None:
                messages.info(request, _("Tidak ada perubahan."))
            else:
                messages.success(request, _saved_message(form.instance))
            return redirect(url_name, slug=business.slug)
    return render(request, template, {"business": business, "tab": tab, "form": form})


@never_cache
@login_required
def business_edit(request, slug):
    """Profile tab: name, description, kind of business, address, and the map location with
    the choice to show it publicly. Owners of the business only."""
    business = owned_business_or_404(request.user, slug)
    data = request.POST if request.method == "POST" else None
    form = BusinessProfileForm(data, instance=copy.copy(business))
    private = BusinessPrivate.objects.filter(business=business).only("latitude", "longitude").first()
    location_form = BusinessLocationForm(data, business=business, private=private)
    if data is not None and form.is_valid() and location_form.is_valid():
        try:
            record = business_update(business=form.instance, user=request.user, fields=list(form.fields))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            location = location_form.cleaned_data["location"]
            moved = business_location_set(
                business=form.instance, user=request.user, location=location,
                public=location_form.cleaned_data["location_public"],
            )
            if record is None and not moved:
                messages.info(request, _("Tidak ada perubahan."))
            else:
                messages.success(request, _saved_message(form.instance))
            if location is not None and location.swapped:
                messages.info(request, _("Lintang dan bujur tertukar; sudah kami balik."))
            return redirect("owners:business-edit", slug=business.slug)
    return render(request, "owners/listing/profile.html", {
        "business": business, "tab": "profile", "form": form, "location_form": location_form,
    })


@never_cache
@login_required
def business_contact(request, slug):
    """Contact tab: WhatsApp, email, marketplace and social links. Owners of the business only."""
    return _business_form_page(
        request, slug, form_class=BusinessContactForm, tab="contact",
        template="owners/listing/contact.html", url_name="owners:business-contact",
    )


# ---------------------------------------------------------------------------- certifications


@dataclass
class CertificateBlock:
    """One kind of certificate on the page: its form and how the stored one stands today."""

    label: str
    form: CertificateForm
    certificate: Certification | None
    state: str  # "none", "lifetime", "valid", "expiring" or "expired"
    days_left: int | None


def _certificate_state(certificate, today):
    if certificate is None:
        return "none", None
    if certificate.expires_on is None:
        return "lifetime", None
    days_left = (certificate.expires_on - today).days
    if days_left < 0:
        return "expired", days_left
    return ("expiring" if days_left <= EXPIRY_WARNING_DAYS else "valid"), days_left


def _expiry_warnings(forms, today):
    """Warnings for certificates just saved that are expired or about to expire."""
    warnings = []
    for form in forms:
        expires_on = form.cleaned_data["expires_on"]
        if not form.cleaned_data["held"] or expires_on is None:
            continue
        label = Certification.Kind(form.kind).label
        if expires_on < today:
            warnings.append(_(
                "Sertifikat %(kind)s sudah kedaluwarsa: disimpan, tetapi tidak ditampilkan di portal sampai diperpanjang."
            ) % {"kind": label})
        elif (expires_on - today).days <= EXPIRY_WARNING_DAYS:
            days_left = (expires_on - today).days
            warnings.append(ngettext(
                "Sertifikat %(kind)s berakhir dalam %(days)s hari: segera perpanjang.",
                "Sertifikat %(kind)s berakhir dalam %(days)s hari: segera perpanjang.",
                days_left,
            ) % {"kind": label, "days": days_left})
    return warnings


@never_cache
@login_required
def business_certifications(request, slug):
    """Certificates tab: halal, P-IRT, BPOM, SNI, each held or not. An expired certificate may
    be saved (the owner keeps a record while renewing it); the portal shows only valid ones."""
    business = owned_business_or_404(request.user, slug)
    stored = {certificate.kind: certificate for certificate in Certification.objects.filter(business=business)}
    data = request.POST if request.method == "POST" else None
    forms = [CertificateForm(data, kind=kind, certificate=stored.get(kind)) for kind in Certification.Kind.values]
    today = datetime.date.today()
    if data is not None and all(form.is_valid() for form in forms):
        try:
            records = certifications_set(business=business, user=request.user, certificates={
                form.kind: (form.cleaned_data["number"], form.cleaned_data["expires_on"]) if form.cleaned_data["held"] else None
                for form in forms
            })
        except ValidationError as error:
            forms[0].add_error(None, error.messages)
        else:
            if any(records):
                messages.success(request, _saved_message(business))
                for warning in _expiry_warnings(forms, today):
                    messages.warning(request, warning)
            else:
                messages.info(request, _("Tidak ada perubahan."))
            return redirect("owners:business-certifications", slug=business.slug)
    blocks = []
    for form in forms:
        state, days_left = _certificate_state(form.certificate, today)
        blocks.append(CertificateBlock(Certification.Kind(form.kind).label, form, form.certificate, state, days_left))
    return render(request, "owners/listing/certifications.html", {
        "business": business, "tab": "certifications", "blocks": blocks, "has_errors": any(form.errors for form in forms),
    })


# ---------------------------------------------------------------------------- photos


@never_cache
@login_required
def business_photos(request, slug):
    """Logo and photos tab: replace the logo, add photos (several at once, BUSINESS_PHOTO_LIMIT
    in all), delete them. Every file is checked before any is saved."""
    business = owned_business_or_404(request.user, slug)
    photos = list(business.photos.all())
    posted = request.POST.get("form") if request.method == "POST" else None
    logo_form = LogoForm(request.POST, request.FILES) if posted == "logo" else LogoForm()
    photos_form = PhotosForm(request.POST, request.FILES, photo_count=len(photos)) if posted == "photos" else PhotosForm(photo_count=len(photos))
    if posted == "logo" and logo_form.is_valid():
        listing_logo_set(business=business, user=request.user, image=logo_form.cleaned_data["logo"])
        messages.success(request, _saved_message(business))
        return redirect("owners:business-photos", slug=business.slug)
    if posted == "photos" and photos_form.is_valid():
        try:
            added = listing_photos_add(business=business, user=request.user, images=photos_form.cleaned_data["photos"])
        except ValidationError as error:  # another upload filled the last places meanwhile
            photos_form.add_error("photos", error.messages)
        else:
            added_text = ngettext("%(count)s foto ditambahkan.", "%(count)s foto ditambahkan.", len(added)) % {"count": len(added)}
            messages.success(request, added_text + " " + _saved_message(business))
            return redirect("owners:business-photos", slug=business.slug)
    return render(request, "owners/listing/photos.html", {
        "business": business, "tab": "photos", "photos": photos,
        "logo_form": logo_form, "photos_form": photos_form,
        "photo_limit": BUSINESS_PHOTO_LIMIT, "is_full": len(photos) >= BUSINESS_PHOTO_LIMIT,
    })


@never_cache
@login_required
def business_photo_delete(request, slug, photo_id):
    """Delete one photo of the business: POST deletes, GET asks for confirmation. A photo of
    another business answers 404."""
    business = owned_business_or_404(request.user, slug)
    photo = get_object_or_404(BusinessPhoto.objects.filter(business=business), pk=photo_id)
    if request.method == "POST":
        listing_photo_delete(business=business, user=request.user, photo=photo)
        messages.success(request, _("Foto dihapus."))
        return redirect("owners:business-photos", slug=business.slug)
    return render(request, "owners/listing/photo_delete.html", {"business": business, "tab": "photos", "photo": photo})


# ---------------------------------------------------------------------------- registration


def _registered_business_link(business, user):
    """(url, text) of where to go for someone whose NIB is already in the registry: their own
    business's page, or the claim page of a listed one. None for an unlisted business of
    someone else (nothing about it is shown)."""
    if business is None:
        return None
    if business.ownerships.filter(user=user).exists():
        return reverse("owners:business-edit", args=[business.slug]), _("Usaha dengan NIB ini sudah milik Anda: buka halamannya")
    if Business.objects.listed().filter(pk=business.pk).exists():
        return reverse("owners:claim", args=[business.slug]), _("Klaim usaha dengan NIB ini")
    return None


@never_cache
@login_required
def business_register(request):
    """Register a business that is not in the registry: it stays unverified, off the public
    pages, until staff of its kabupaten/kota approve the request made with it. Any signed-in user."""
    form = BusinessRegisterForm(request.POST if request.method == "POST" else None, user=request.user)
    if form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            business = register_business(
                user=request.user, name=fields.pop("name"), regency=fields.pop("regency"), message=fields.pop("message"), **fields,
            )
        except ValidationError as error:  # e.g. the same NIB registered a moment ago
            form.add_error(None, error.messages)
        else:
            messages.success(request, _(
                "Usaha %(name)s sudah didaftarkan dan menunggu verifikasi dinas koperasi & UMKM %(regency)s. "
                "Sampai diverifikasi, usaha ini belum tampil di portal; sementara itu Anda bisa melengkapi datanya di sini."
            ) % {"name": business.name, "regency": business.regency.name})
            return redirect("owners:business-edit", slug=business.slug)
    return render(request, "owners/listing/register.html", {
        "form": form, "registered_business_link": _registered_business_link(form.registered_business, request.user),
    })
