"""Forms of the owner pages that edit one business (profile, contact, certificates, photos)
and register a new one. They only validate: the views save through owners.services."""

import datetime
import re
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from directory.models import Business, Certification, nib_validator
from directory.phones import normalize_phone
from directory.services import BUSINESS_PHOTO_LIMIT
from owners.forms.fields import DateInput, MultipleImageField, TelInput
from regions.models import District, Regency, Village
from umkm_portal.coordinates import NotCoordinates, read_location
from umkm_portal.images import process_uploads

postal_code_validator = RegexValidator(r"^\d{5}$", _("Kode pos terdiri dari 5 angka."))
EARLIEST_FOUNDED_YEAR = 1900


def _whatsapp(value):
    """A WhatsApp number in the one stored form (+62…), with the phones module's message when it is not one."""
    return normalize_phone(value.strip())


def _grouped_choices(rows, group_of):
    """[("", "---------"), (group, [(pk, name), …]), …] for a <select> with <optgroup>s:
    one plain list a phone shows natively, without JavaScript."""
    groups = {}
    for row in rows:
        groups.setdefault(group_of(row), []).append((row.pk, row.name))
    return [("", "---------"), *groups.items()]


# ---------------------------------------------------------------------------- profile


class BusinessProfileForm(forms.ModelForm):
    """What the business is and where. The kabupaten/kota is fixed (staff change it), so the
    kecamatan and desa/kelurahan lists hold only its own."""

    class Meta:
        model = Business
        fields = [
            "name", "description", "business_type", "main_products", "founded_year", "workers",
            "address", "district", "village", "postal_code",
        ]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "main_products": forms.TextInput(),
            "address": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "postal_code": forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric", "maxlength": 5}),
        }
        help_texts = {
            "description": _("Ceritakan usaha Anda kepada pembeli: apa yang dibuat, sejak kapan, apa keunggulannya."),
            "business_type": _("Mis. Kuliner, Kriya, Fashion, Pertanian."),
            "main_products": _("Mis. pempek, kerupuk kemplang, kopi bubuk."),
            "workers": _("Jumlah orang yang bekerja di usaha ini, termasuk Anda."),
            "address": _("Nama jalan, nomor, RT/RW."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regency = self.instance.regency
        this_year = datetime.date.today().year
        self.fields["founded_year"].widget.attrs.update({"min": EARLIEST_FOUNDED_YEAR, "max": this_year, "inputmode": "numeric"})
        self.fields["founded_year"].validators += [
            MinValueValidator(EARLIEST_FOUNDED_YEAR, _("Tahun berdiri paling awal %(limit_value)s.")),
            MaxValueValidator(this_year, _("Tahun berdiri tidak boleh setelah tahun ini (%(limit_value)s).")),
        ]
        self.fields["workers"].widget.attrs.update({"min": 0, "inputmode": "numeric"})
        self.fields["postal_code"].validators.append(postal_code_validator)

        district = self.fields["district"]
        district.queryset = District.objects.filter(regency=regency)
        district.error_messages["invalid_choice"] = _("Pilih kecamatan di %(regency)s.") % {"regency": regency.name}
        district.help_text = _("Kecamatan di %(regency)s.") % {"regency": regency.name}

        villages = list(Village.objects.filter(district__regency=regency).select_related("district").order_by("district__name", "name"))
        if villages:
            village = self.fields["village"]
            village.queryset = Village.objects.filter(district__regency=regency)
            village.choices = _grouped_choices(villages, lambda row: row.district.name)
            village.error_messages["invalid_choice"] = _("Pilih desa/kelurahan di %(regency)s.") % {"regency": regency.name}
            village.help_text = _("Dikelompokkan per kecamatan: pilih yang ada di kecamatan Anda.")
        else:
            # No desa/kelurahan loaded for this region: nothing to choose from, so no field.
            del self.fields["village"]

    def clean(self):
        cleaned = super().clean()
        district, village = cleaned.get("district"), cleaned.get("village")
        if village and district is None and "district" not in self.errors:
            cleaned["district"] = village.district
            self.instance.district = village.district
        elif village and district and village.district_id != district.pk:
            self.add_error("village", _(
                "Desa/kelurahan %(village)s ada di Kecamatan %(village_district)s, bukan di Kecamatan %(district)s. "
                "Pilih desa/kelurahan di kecamatan yang Anda pilih, atau ganti kecamatannya."
            ) % {"village": village.name, "village_district": village.district.name, "district": district.name})
        return cleaned


# ---------------------------------------------------------------------------- location


def _degrees_text(value):
    """A stored coordinate as the owner typed it: -2.9761, not -2.976100."""
    return "" if value is None else format(value.normalize(), "f")


class BusinessLocationForm(forms.Form):
    """Where the business is on the map, and whether buyers may see it. Read by the one
    coordinates reader (umkm_portal.coordinates), like a registry's LATITUDE/LONGITUDE columns.
    Saved with owners.services.listing.business_location_set; shown on the profile page."""

    latitude = forms.CharField(
        label=_("Lintang (latitude)"), required=False, max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "-6,1754"}),
    )
    longitude = forms.CharField(
        label=_("Bujur (longitude)"), required=False, max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "106,8272"}),
        help_text=_(
            "Dari Google Maps: tekan lama titik usaha Anda, lalu salin dua angka yang muncul (lintang, bujur). "
            "Boleh ditempel keduanya di kotak lintang."
        ),
    )
    location_public = forms.BooleanField(
        label=_("Tampilkan lokasi usaha di halaman publik"), required=False,
        help_text=_("Tanpa centang, pembeli hanya melihat kecamatan usaha Anda; koordinatnya hanya untuk dinas."),
    )

    def __init__(self, *args, business, private=None, **kwargs):
        kwargs.setdefault("initial", {
            "latitude": _degrees_text(private.latitude if private else None),
            "longitude": _degrees_text(private.longitude if private else None),
            "location_public": business.location_public,
        })
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude", "").strip(), cleaned.get("longitude", "").strip()
        try:
            if latitude and not longitude:  # both pasted into one box, as Google Maps copies them
                try:
                    location = read_location(pair=latitude)
                except NotCoordinates:
                    location = read_location(latitude=latitude)  # one coordinate: says which is missing
            else:
                location = read_location(latitude=latitude, longitude=longitude)
        except NotCoordinates as problem:
            self.add_error("latitude" if problem.reason != "half" or not latitude else "longitude", {
                "unreadable": _("Koordinat tidak terbaca. Tulis dalam derajat desimal, mis. lintang -6,1754 dan bujur 106,8272."),
                "half": _("Isi lintang dan bujur, atau kosongkan keduanya."),
                "outside": _("Koordinat ini di luar Indonesia. Periksa angkanya dan tanda minus pada lintang (selatan khatulistiwa)."),
            }[problem.reason])
            return cleaned
        cleaned["location"] = location
        if cleaned.get("location_public") and location is None:
            self.add_error("location_public", _("Isi lintang dan bujur dulu untuk menampilkan lokasi di halaman publik."))
        return cleaned


# ---------------------------------------------------------------------------- contact


class ShopLinkField(forms.URLField):
    """The address of a shop or social page. Typed without https:// is fine (it is added);
    where `hosts` is given, only those sites (and their subdomains) are accepted, so a Shopee
    link cannot land in the Tokopedia field. `handle_url` turns "@name" into a profile link."""

    def __init__(self, *, hosts=(), example="", handle_url="", **kwargs):
        self.hosts, self.example, self.handle_url = hosts, example, handle_url
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)
        if example:
            self.widget.attrs["placeholder"] = example

    def to_python(self, value):
        value = (value or "").strip()
        if self.handle_url and re.fullmatch(r"@[\w.]{1,30}", value):
            value = self.handle_url.format(handle=value[1:])
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https"):
            raise ValidationError(_("Tautan harus diawali https://, mis. %(example)s.") % {"example": self.example or "https://contoh.id"}, code="scheme")
        host = (parts.hostname or "").lower()
        if self.hosts and not any(host == allowed or host.endswith("." + allowed) for allowed in self.hosts):
            raise ValidationError(
                _("Ini bukan tautan %(site)s. Salin alamat halaman Anda di %(site)s, mis. %(example)s.")
                % {"site": self.label, "example": self.example.removeprefix("https://").removeprefix("www.")},
                code="wrong_site",
            )


# Which sites each link field takes (their own domains and share-link domains) and an example.
SHOP_LINKS = {
    "tokopedia_url": {"hosts": ("tokopedia.com", "tokopedia.link"), "example": "https://www.tokopedia.com/namatoko"},
    "shopee_url": {"hosts": ("shopee.co.id", "shp.ee"), "example": "https://shopee.co.id/namatoko"},
    "bukalapak_url": {"hosts": ("bukalapak.com",), "example": "https://www.bukalapak.com/u/namatoko"},
    "lazada_url": {"hosts": ("lazada.co.id",), "example": "https://www.lazada.co.id/shop/namatoko"},
    "blibli_url": {"hosts": ("blibli.com",), "example": "https://www.blibli.com/merchant/namatoko"},
    "tiktok_url": {
        "hosts": ("tiktok.com",), "example": "https://www.tiktok.com/@namatoko",
        "handle_url": "https://www.tiktok.com/@{handle}",
    },
    "instagram_url": {
        "hosts": ("instagram.com", "instagr.am"), "example": "https://www.instagram.com/namatoko",
        "handle_url": "https://www.instagram.com/{handle}/",
    },
    "facebook_url": {"hosts": ("facebook.com", "fb.com", "fb.me"), "example": "https://www.facebook.com/namatoko"},
    "website_url": {"example": "https://namatoko.id"},
}


class BusinessContactForm(forms.ModelForm):
    """How buyers reach the business: WhatsApp, email, and its shops and pages online."""

    class Meta:
        model = Business
        fields = ["whatsapp", "email", "sales_channels", *Business.MARKETPLACE_FIELDS, *Business.SOCIAL_FIELDS]
        widgets = {
            "whatsapp": TelInput(attrs={"autocomplete": "tel", "placeholder": "0812-3456-7890"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "whatsapp": _("Nomor yang dihubungi pembeli lewat tombol WhatsApp, mis. 0812-3456-7890."),
            "sales_channels": _("Di mana saja Anda berjualan, mis. Shopee, GoFood, WhatsApp, pasar."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, rule in SHOP_LINKS.items():
            model_field = Business._meta.get_field(name)
            self.fields[name] = ShopLinkField(
                label=capfirst(model_field.verbose_name), required=False, max_length=model_field.max_length, **rule,
            )

    def clean_whatsapp(self):
        return _whatsapp(self.cleaned_data["whatsapp"])

    def marketplace_fields(self):
        return [self[name] for name in Business.MARKETPLACE_FIELDS]

    def social_fields(self):
        return [self[name] for name in Business.SOCIAL_FIELDS]


# ---------------------------------------------------------------------------- certifications


class CertificateForm(forms.Form):
    """One kind of certificate (halal, P-IRT, BPOM, SNI): held or not, its number and expiry.
    Used once per kind on one page, each with the kind as its prefix."""

    held = forms.BooleanField(required=False)
    number = forms.CharField(max_length=100, required=False)
    expires_on = forms.DateField(required=False, widget=DateInput())

    def __init__(self, *args, kind, certificate=None, **kwargs):
        self.kind, self.certificate = kind, certificate
        label = Certification.Kind(kind).label
        if certificate is not None:
            kwargs["initial"] = {"held": True, "number": certificate.number, "expires_on": certificate.expires_on}
        super().__init__(*args, prefix=kind, **kwargs)
        self.fields["held"].label = _("Usaha ini punya sertifikat %(kind)s") % {"kind": label}
        self.fields["number"].label = _("Nomor sertifikat %(kind)s") % {"kind": label}
        self.fields["expires_on"].label = _("%(kind)s berlaku sampai") % {"kind": label}
        self.fields["expires_on"].help_text = _("Kosongkan bila berlaku seumur hidup.")

    def clean(self):
        cleaned = super().clean()
        label = Certification.Kind(self.kind).label
        number = cleaned.get("number", "").strip()
        cleaned["number"] = number
        if cleaned.get("held") and not number:
            self.add_error("number", _(
                "Isi nomor sertifikat %(kind)s, atau hapus centang bila usaha ini tidak punya sertifikat %(kind)s."
            ) % {"kind": label})
        elif not cleaned.get("held") and number and self.certificate is None:
            # A number typed without ticking the box: say so rather than drop it silently.
            self.add_error("held", _(
                "Centang kotak ini untuk menyimpan sertifikat %(kind)s, atau kosongkan nomornya."
            ) % {"kind": label})
        return cleaned


# ---------------------------------------------------------------------------- photos


class LogoForm(forms.Form):
    logo = forms.FileField(
        label=_("Logo baru"), widget=forms.FileInput(attrs={"accept": "image/*"}),
        help_text=_("Foto dari kamera atau galeri (JPEG, PNG, WebP, HEIC). Paling pas berbentuk persegi."),
        error_messages={"required": _("Pilih foto logo dulu, lalu simpan.")},
    )

    def clean_logo(self):
        """The checked, resized image (umkm_portal.images.ProcessedImage), ready to save."""
        return process_uploads([self.cleaned_data["logo"]])[0]


class PhotosForm(forms.Form):
    photos = MultipleImageField(
        label=_("Tambah foto"),
        help_text=_("Foto tempat usaha, proses produksi, atau produk. Boleh pilih beberapa sekaligus."),
        error_messages={"required": _("Pilih satu foto atau lebih dulu, lalu simpan.")},
    )

    def __init__(self, *args, photo_count, **kwargs):
        super().__init__(*args, **kwargs)
        self.room = BUSINESS_PHOTO_LIMIT - photo_count

    def clean_photos(self):
        """The checked, resized images, every file checked before any is saved."""
        uploads = self.cleaned_data["photos"]
        if len(uploads) > self.room:
            raise ValidationError(
                _("Paling banyak %(limit)s foto per usaha. Anda memilih %(chosen)s foto, padahal tersisa tempat untuk "
                  "%(room)s foto lagi. Hapus foto lama dulu, atau pilih lebih sedikit.")
                % {"limit": BUSINESS_PHOTO_LIMIT, "chosen": len(uploads), "room": max(self.room, 0)},
                code="photo_limit",
            )
        return process_uploads(uploads)


# ---------------------------------------------------------------------------- registration


class BusinessRegisterForm(forms.Form):
    """A business the registry does not have, as its owner knows it. Only the portal's province."""

    name = forms.CharField(label=_("Nama usaha"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    regency = forms.ModelChoiceField(
        label=_("Kabupaten/kota"), queryset=Regency.objects.none(),
        error_messages={"invalid_choice": _("Pilih kabupaten/kota dari daftar.")},
    )
    district = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=District.objects.none(),
        help_text=_("Dikelompokkan per kabupaten/kota: pilih yang ada di kabupaten/kota Anda."),
        error_messages={"invalid_choice": _("Pilih kecamatan dari daftar.")},
    )
    address = forms.CharField(label=_("Alamat usaha"), max_length=300, help_text=_("Nama jalan, nomor, RT/RW, desa/kelurahan."),
                              widget=forms.TextInput(attrs={"autocomplete": "address-line1"}))
    business_type = forms.CharField(label=_("Jenis usaha"), max_length=40, required=False,
                                    help_text=_("Mis. Kuliner, Kriya, Fashion, Pertanian."))
    main_products = forms.CharField(label=_("Produk utama"), max_length=300, required=False,
                                    help_text=_("Mis. pempek, kerupuk kemplang, kopi bubuk."))
    description = forms.CharField(label=_("Deskripsi"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    whatsapp = forms.CharField(
        label=_("WhatsApp usaha"), max_length=20,
        widget=TelInput(attrs={"autocomplete": "tel", "placeholder": "0812-3456-7890"}),
        help_text=_("Staf dinas menghubungi nomor ini untuk verifikasi; setelah itu pembeli juga."),
    )
    nib = forms.CharField(
        label=_("NIB (bila ada)"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Nomor Induk Berusaha dari OSS, 13 angka."),
    )
    message = forms.CharField(
        label=_("Pesan untuk staf dinas (bila perlu)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Set when the NIB is already in the registry (the view links to its claim page).
        self.registered_business = None
        self.fields["regency"].queryset = Regency.objects.in_portal()
        districts = District.objects.filter(regency__province_id=settings.PORTAL_PROVINCE)
        self.fields["district"].queryset = districts
        self.fields["district"].choices = _grouped_choices(
            districts.select_related("regency").order_by("regency__name", "name"), lambda row: row.regency.name
        )

    def clean_whatsapp(self):
        return _whatsapp(self.cleaned_data["whatsapp"])

    def clean_nib(self):
        nib = re.sub(r"[\s.-]", "", self.cleaned_data["nib"])
        if not nib:
            return None
        nib_validator(nib)
        self.registered_business = Business.objects.filter(nib=nib).first()
        if self.registered_business is not None:
            raise ValidationError(
                _("NIB ini sudah terdaftar di portal. Bila usaha itu milik Anda, klaim usaha tersebut (atau hubungi "
                  "dinas koperasi & UMKM kabupaten/kota Anda); jangan didaftarkan lagi."),
                code="registered_nib",
            )
        return nib

    def clean(self):
        cleaned = super().clean()
        regency, district = cleaned.get("regency"), cleaned.get("district")
        if regency and district and district.regency_id != regency.pk:
            self.add_error("district", _("Kecamatan %(district)s tidak berada di %(regency)s. Pilih kecamatan di %(regency)s.")
                           % {"district": district.name, "regency": regency.name})
        return cleaned
