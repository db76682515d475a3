"""The filters of the public pages: products (/produk/, /wilayah/<slug>/ and the facet
counts) and businesses (/umkm/)."""

import django_filters
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from catalog.models import Category, Product
from catalog.search import search_products
from directory.models import Business, Certification, Scale, sector_choices
from regions.models import District, Regency


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Cari produk"), max_length=100)
    wilayah = django_filters.ModelChoiceFilter(
        field_name="regency", to_field_name="slug", queryset=Regency.objects.in_portal(), label=_("Kabupaten/kota")
    )
    kecamatan = django_filters.ModelChoiceFilter(field_name="district", queryset=District.objects.none(), label=_("Kecamatan"))
    kategori = django_filters.ModelChoiceFilter(
        field_name="category", to_field_name="slug", queryset=Category.objects.all(), label=_("Kategori")
    )
    harga_min = django_filters.NumberFilter(
        field_name="price_min", lookup_expr="gte", label=_("Harga terendah (Rp)"), min_value=0, max_value=10**12
    )
    harga_max = django_filters.NumberFilter(
        field_name="price_min", lookup_expr="lte", label=_("Harga tertinggi (Rp)"), min_value=0, max_value=10**12
    )
    sertifikasi = django_filters.MultipleChoiceFilter(
        choices=Certification.Kind.choices, method="filter_certified", label=_("Sertifikasi"), widget=forms.CheckboxSelectMultiple
    )
    skala = django_filters.ChoiceFilter(field_name="scale", choices=Scale.choices, label=_("Skala usaha"))

    class Meta:
        model = Product
        fields = []

    def __init__(self, data=None, *args, base=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        # Kecamatan of the page's kabupaten/kota (`base`, on /wilayah/<slug>/) or of the chosen one;
        # any of the province's when none is chosen.
        districts = District.objects.filter(regency__province_id=settings.PORTAL_PROVINCE)
        if base is not None:
            districts = districts.filter(regency=base)
        elif data and data.get("wilayah"):
            districts = districts.filter(regency__slug=data.get("wilayah"))
        self.filters["kecamatan"].queryset = districts

    def filter_search(self, queryset, name, value):
        return search_products(queryset, value)

    def filter_certified(self, queryset, name, values):
        return queryset.filter(**{f"has_{kind}": True for kind in values})

    @property
    def uses_live_counts(self):
        """Search and price are not in the facet table: their counts come from the products themselves."""
        data = self.form.cleaned_data
        return bool(data.get("q")) or data.get("harga_min") is not None or data.get("harga_max") is not None


class BusinessFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Cari UMKM"), max_length=100)
    wilayah = django_filters.ModelChoiceFilter(
        field_name="regency", to_field_name="slug", queryset=Regency.objects.in_portal(), label=_("Kabupaten/kota")
    )
    sektor = django_filters.ChoiceFilter(field_name="sector", choices=sector_choices, label=_("Sektor (KBLI)"))
    skala = django_filters.ChoiceFilter(field_name="scale", choices=Scale.choices, label=_("Skala usaha"))

    class Meta:
        model = Business
        fields = []
