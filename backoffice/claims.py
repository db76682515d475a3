"""Staff side of claims, in the admin: the queue of claim and registration requests that staff
approve or reject with a note, and the one-time claim links they send owners by WhatsApp.

Both lists are limited to the staff member's kabupaten/kota (staff.admin_tools.RegionScopedAdmin):
another region's request or link answers 404, and so does making a link for another region's
business."""

from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import Business, BusinessPrivate
from directory.phones import whatsapp_link
from owners.models import ClaimLink, ClaimRequest
from owners.services.claims import CLAIM_LINK_DAYS, ClaimError, claim_link_create, claim_request_decide
from staff.admin_tools import RegencyListFilter, RegionScopedAdmin
from staff.scope import staff_scope


class ClaimDecisionForm(forms.Form):
    """The note for the requester; which button was pressed ("approve" or "reject") decides."""

    staff_note = forms.CharField(
        label=gettext_lazy("Catatan untuk pemohon"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=gettext_lazy("Dibaca pemohon di halaman akunnya. Wajib diisi bila menolak: tulis alasannya."),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.approve = data is not None and "approve" in data

    def clean(self):
        cleaned = super().clean()
        if not self.approve and not cleaned.get("staff_note", "").strip():
            self.add_error("staff_note", _("Tulis alasan penolakan agar pemohon tahu apa yang harus dilakukan."))
        return cleaned


@admin.register(ClaimRequest)
class ClaimRequestAdmin(RegionScopedAdmin):
    """Pending requests first, oldest first. Requests come from owners (never added here) and
    stay as a record (never deleted); a decided one is read-only."""

    regency_path = "business__regency"
    list_display = ["kind", "business", "region", "requester_email", "status", "created_at"]
    list_display_links = ["kind", "business"]
    list_select_related = ["business__regency", "user"]
    list_filter = ["status", "kind", RegencyListFilter]
    search_fields = ["business__name", "user__email"]
    show_full_result_count = False

    def get_ordering(self, request):
        pending_first = Case(When(status=ClaimRequest.Status.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField())
        return [pending_first, "created_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("kabupaten/kota"), ordering="business__regency__name")
    def region(self, claim):
        return claim.business.regency.name

    @admin.display(description=gettext_lazy("email pemohon"), ordering="user__email")
    def requester_email(self, claim):
        return claim.user.email

    def get_queryset(self, request):
        # The decision page shows the business, its region and the requester (as the list does).
        return super().get_queryset(request).select_related("business__regency", "user")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The request with what staff compare it against, and Setujui / Tolak while it is pending."""
        claim = self.get_object(request, unquote(object_id))  # 404 outside the staff member's regions
        if not self.has_view_or_change_permission(request, claim):
            raise PermissionDenied
        can_decide = claim.status == ClaimRequest.Status.PENDING and self.has_change_permission(request, claim)
        form = ClaimDecisionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            if not self.has_change_permission(request, claim):
                raise PermissionDenied
            if form.is_valid():
                try:
                    claim_request_decide(claim=claim, staff=request.user, approve=form.approve, note=form.cleaned_data["staff_note"].strip())
                except ClaimError as error:
                    messages.error(request, error.message)
                else:
                    decided = _("Permintaan %(claim)s disetujui.") if form.approve else _("Permintaan %(claim)s ditolak.")
                    messages.success(request, decided % {"claim": claim})
                return redirect("admin:owners_claimrequest_change", claim.pk)
        private = BusinessPrivate.objects.filter(business=claim.business).first()
        context = {
            **self.admin_site.each_context(request),
            "title": str(claim),
            "opts": self.model._meta,
            "original": claim,
            "claim": claim,
            "business": claim.business,
            "private": private,
            # A claim on a business that already has owners may be a takeover: staff see who.
            "current_owners": [
                ownership.user for ownership in claim.business.ownerships.select_related("user").order_by("created_at")
            ],
            "is_claim": claim.kind == ClaimRequest.Kind.CLAIM,
            "requester_whatsapp": whatsapp_link(claim.phone, _("Halo, kami dari dinas, tentang permintaan Anda untuk %(business)s.") % {
                "business": claim.business.name,
            }),
            "can_decide": can_decide,
            "form": form,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/owners/claimrequest/decide.html", context)


def claim_link_url(token):
    """The full address of a claim link, in the portal's default language whichever language
    the staff member reads the admin in."""
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse("owners:claim-link", args=[token])


@admin.register(ClaimLink)
class ClaimLinkAdmin(RegionScopedAdmin):
    """Read-only list of the links made (from a business's page: create_view). The token itself
    is never stored, so nothing here can show a link again."""

    regency_path = "business__regency"
    list_display = ["business", "region", "created_by", "created_at", "expires_at", "used_at", "used_by"]
    list_select_related = ["business__regency", "created_by", "used_by"]
    list_filter = [RegencyListFilter]
    search_fields = ["business__name"]
    fields = ["business", "created_by", "created_at", "expires_at", "used_at", "used_by"]
    show_full_result_count = False

    @admin.display(description=gettext_lazy("kabupaten/kota"), ordering="business__regency__name")
    def region(self, link):
        return link.business.regency.name

    def has_add_permission(self, request):
        # Not through the admin's add form: a link is made from a business's page (create_view),
        # which checks the add permission itself.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        own = [path("buat/<int:business_id>/", self.admin_site.admin_view(self.create_view), name="owners_claimlink_create")]
        return own + super().get_urls()

    def create_view(self, request, business_id):
        """From the business page: GET asks to confirm, POST makes a link and shows it this once
        (as the answer to the POST itself: the token is nowhere to be read back, not even from
        the session)."""
        business = staff_scope(request.user).filter(Business.objects.select_related("regency")).filter(pk=business_id).first()
        if business is None:
            raise Http404(_("Data ini tidak ada atau di luar wilayah Anda."))
        if not request.user.has_perm(f"{self.opts.app_label}.add_{self.opts.model_name}"):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.opts, "business": business}
        if request.method != "POST":
            context.update(title=_("Buat tautan klaim untuk %(business)s") % {"business": business.name}, days=CLAIM_LINK_DAYS)
            return TemplateResponse(request, "admin/owners/claimlink/confirm.html", context)
        link, token = claim_link_create(business=business, staff=request.user)
        url = claim_link_url(token)
        owner_phone = BusinessPrivate.objects.filter(business=business).values_list("owner_phone", flat=True).first() or ""
        with translation.override(settings.LANGUAGE_CODE):  # the owner reads it in Bahasa Indonesia
            message = _(
                "Halo, ini tautan dari dinas koperasi & UMKM untuk mengelola halaman %(business)s di %(portal)s. "
                "Buka tautan ini, lalu masuk atau daftar akun: %(url)s (berlaku sampai %(date)s, hanya sekali pakai)."
            ) % {
                "business": business.name, "portal": settings.PORTAL_NAME, "url": url,
                "date": formats.date_format(timezone.localtime(link.expires_at), "j F Y"),
            }
        context.update({
            "title": _("Tautan klaim untuk %(business)s") % {"business": business.name},
            "link": link,
            "url": url,
            "owner_phone": owner_phone,
            "whatsapp_url": whatsapp_link(owner_phone, message) or f"https://wa.me/?text={quote(message)}",
        })
        return TemplateResponse(request, "admin/owners/claimlink/created.html", context)
