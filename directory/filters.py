import django_filters
from django.utils.translation import gettext_lazy as _

from directory.models import Business, Kbli, Scale
from regions.models import Regency


def sector_choices():
    return [(k.code, f"{k.code} — {k.title}") for k in Kbli.objects.filter(level="kategori")]


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
