"""Forms of the owner's product pages: one product's details, prices as people type them
(owners.forms.fields.RupiahField), and its photos (several files in one input)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.models import Category, Product
from catalog.services import MAX_PRODUCT_PHOTOS, too_many_photos_message
from owners.forms.fields import MultipleImageField
from umkm_portal.fields import RupiahField

# A price above a trillion Rupiah is a typing slip (and would not fit some databases' integers).
MAX_PRICE = 999_999_999_999


def _price_field(label, help_text, **error_messages):
    return RupiahField(
        label=label, help_text=help_text, required=False, max_value=MAX_PRICE,
        error_messages={
            "invalid": _("Tulis harga dengan angka saja, misalnya 15000, Rp 15.000 atau 15rb."),
            "max_value": _("Harga ini terlalu besar. Periksa lagi jumlah angkanya."),
            **error_messages,
        },
    )


class ProductForm(forms.ModelForm):
    """A product's details plus photos to add. `photo_count` is how many photos it already has."""

    price_min = _price_field(
        _("Harga (Rp)"), _("Contoh: 15.000, Rp 15.000 atau 15rb. Kosongkan bila pembeli perlu menanyakan harga."),
        range=_("Di sini cukup satu harga, yaitu harga terendah; tulis harga tertinggi di kolom “Harga tertinggi”."),
    )
    price_max = _price_field(
        _("Harga tertinggi (Rp), bila bervariasi"),
        _("Isi hanya bila harganya berbeda-beda (misalnya menurut ukuran): harga di atas menjadi harga terendah."),
        range=_("Di sini cukup satu harga, yaitu harga tertinggi; tulis harga terendah di kolom “Harga (Rp)”."),
    )
    min_order = forms.IntegerField(
        label=_("Minimal pembelian"), min_value=1, max_value=1_000_000, initial=1,
        help_text=_("Jumlah paling sedikit yang bisa dibeli, dalam satuan di atas."),
        error_messages={"min_value": _("Minimal pembelian paling sedikit 1."), "invalid": _("Tulis minimal pembelian dengan angka, misalnya 1.")},
        widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
    )
    photos = MultipleImageField(label=_("Foto"), required=False)

    class Meta:
        model = Product
        fields = ["name", "category", "description", "price_min", "price_max", "unit", "min_order", "is_available"]
        labels = {
            "name": _("Nama produk"),
            "category": _("Kategori"),
            "description": _("Deskripsi"),
            "unit": _("Satuan"),
            "is_available": _("Stok tersedia"),
        }
        help_texts = {
            "description": _("Bahan, ukuran, rasa, cara pesan: apa yang ingin diketahui pembeli."),
            "unit": _("Misalnya pcs, bungkus, kg, porsi, lembar."),
            "is_available": _("Hapus centang bila stok sedang habis: produk tetap tampil dengan tanda “stok habis”."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "unit": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, photo_count=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.photo_count = photo_count
        self.fields["category"].queryset = Category.objects.all()
        self.fields["category"].empty_label = _("— pilih kategori —")
        room = MAX_PRODUCT_PHOTOS - photo_count
        photos = self.fields["photos"]
        if photo_count:
            photos.label = _("Tambah foto")
            photos.help_text = _("Sudah %(count)s dari %(max)s foto. Anda bisa memilih beberapa foto sekaligus.") % {
                "count": photo_count, "max": MAX_PRODUCT_PHOTOS,
            }
        else:
            photos.help_text = _("Paling banyak %(max)s foto; pilih beberapa sekaligus. Foto pertama menjadi sampul.") % {
                "max": MAX_PRODUCT_PHOTOS,
            }
        if room <= 0:
            photos.disabled = True
            photos.help_text = _("Sudah %(max)s foto, batas satu produk. Hapus satu foto untuk menambah yang lain.") % {
                "max": MAX_PRODUCT_PHOTOS,
            }

    def clean_photos(self):
        photos = self.cleaned_data["photos"] or []
        if self.photo_count + len(photos) > MAX_PRODUCT_PHOTOS:
            raise ValidationError(too_many_photos_message(len(photos), self.photo_count), code="too_many_photos")
        return photos

    def clean(self):
        cleaned = super().clean()
        price, highest = cleaned.get("price_min"), cleaned.get("price_max")
        if highest is not None and "price_min" not in self.errors:
            if price is None:
                self.add_error("price_max", _("Isi juga kolom Harga (harga terendah) bila mengisi harga tertinggi."))
            elif highest < price:
                self.add_error("price_max", _("Harga tertinggi harus sama dengan atau lebih besar dari Harga."))
        return cleaned

    def product_fields(self):
        """The cleaned details as keyword arguments for owners.services.products.product_add."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}
