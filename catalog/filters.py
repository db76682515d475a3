"""The filters of the public pages: products (/produk/, /wilayah/<slug>/ and the facet
counts) and businesses (/umkm/).

They never refuse a page: `fitting()` drops a value that does not fit (a kecamatan of
another kabupaten/kota after the shopper switched, an unknown category, a price that is not
an amount, a minimum above the maximum) with a short note naming it, and applies the rest.
`tidy_url()` gives the URL without the empty parameters the no-JS form sends."""

import django_filters
from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog.models import Category, Product
from catalog.search import search_products
from directory.models import Business, Certification, Scale, sector_choices
from regions.models import District, Regency
from umkm_portal.fields import RupiahField
from umkm_portal.keyset import held_to, is_comparable_text
from umkm_portal.money import format_rupiah

MAX_PRICE = 10**12


class RupiahFilter(django_filters.Filter):
    """A whole Rupiah bound as people type it ("12750", "12.750", "Rp 12.750", "15rb")."""

    field_class = RupiahField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_value", MAX_PRICE)
        super().__init__(*args, **kwargs)


def _shown(value):
    return Truncator(value).chars(40)


PAGING = ("setelah", "sebelum", "halaman")
# Removing a filter removes those that only make sense with it.
DEPENDENT = {"wilayah": ("kecamatan",)}


def _url(path, query):
    return f"{path}?{query.urlencode()}" if query else path


def tidy_url(request):
    """The URL of this page without its empty parameters, or None when it has none: the no-JS
    filter form sends every field, and a link never carries `kategori=&harga_min=`."""
    if all(value.strip() for _name, values in request.GET.lists() for value in values):
        return None
    tidy = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        kept = [value for value in values if value.strip()]
        if kept:
            tidy.setlist(name, kept)
    return _url(request.path, tidy)


def removal_links(path, query, active, *, keep=("q", "urut")):
    """The chips above the results: [{"label", "url"}] for each active filter value (`active`:
    (parameter, value as in `query`, label)), the URL being this page without it, back on page
    one; and the URL without any filter (`keep` stays: the search words and the order)."""
    rest = query.copy()
    for name in PAGING:
        rest.pop(name, None)
    chips = []
    for name, value, label in active:
        without = rest.copy()
        without.setlist(name, [v for v in without.getlist(name) if v != value])
        for dependent in DEPENDENT.get(name, ()):
            without.pop(dependent, None)
        chips.append({"label": label, "url": _url(path, without)})
    kept = QueryDict(mutable=True)
    for name in keep:
        if rest.get(name):
            kept.setlist(name, rest.getlist(name))
    return chips, _url(path, kept)


class FittingFilterSet(django_filters.FilterSet):
    """A FilterSet whose `fitting()` never refuses: what does not fit is dropped with a note."""

    @classmethod
    def fitting(cls, data, **kwargs):
        """(filter set, notes): the filter set for `data` without the values that do not fit, and a
        short note (Bahasa Indonesia) naming each value left out."""
        data = data.copy()
        notes = []
        for name in list(data):
            if not all(is_comparable_text(value) for value in data.getlist(name)):
                del data[name]
                notes.append(gettext("%(label)s tidak bisa dibaca, jadi tidak dipakai.") % {"label": cls._label(name)})
        for _attempt in range(3):  # a dropped wilayah widens the kecamatan choices: check again
            filterset = cls(data, **kwargs)
            if filterset.is_valid():
                misfits = filterset.misfits()
                if not misfits:
                    return filterset, notes
            else:
                misfits = {name: filterset.note_for(name, data.getlist(name), errors) for name, errors in filterset.form.errors.as_data().items()}
            for name, (note, kept) in misfits.items():
                if kept:
                    data.setlist(name, kept)
                else:
                    data.pop(name, None)
                notes.append(note)
        return cls(QueryDict(), **kwargs), notes  # not reached with the filters below

    @classmethod
    def _label(cls, name):
        parameter = cls.base_filters.get(name)
        return str(parameter.label) if parameter is not None else name

    def misfits(self):
        """{parameter: (note, values kept)} of valid values that still do not fit together."""
        return {}

    def note_for(self, name, values, errors):
        """(note, values kept) for a parameter the form refused."""
        label = self._label(name)
        field = self.form.fields.get(name)
        if isinstance(field, forms.MultipleChoiceField):
            known = {str(value) for value, _label in field.choices}
            kept = [value for value in values if value in known]
            unknown = ", ".join(_shown(value) for value in values if value not in known)
            return gettext("%(label)s “%(value)s” tidak dikenal, jadi tidak dipakai.") % {"label": label, "value": unknown}, kept
        value = _shown(values[-1] if values else "")
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            return gettext("%(label)s “%(value)s” tidak dikenal, jadi tidak dipakai.") % {"label": label, "value": value}, []
        if isinstance(field, RupiahField):
            return gettext("%(label)s “%(value)s” bukan jumlah rupiah, jadi tidak dipakai.") % {"label": label, "value": value}, []
        return gettext("%(label)s tidak dipakai: %(error)s") % {"label": label, "error": " ".join(errors[0].messages)}, []


class ProductFilter(FittingFilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Cari produk"), max_length=100)
    wilayah = django_filters.ModelChoiceFilter(field_name="regency", to_field_name="slug", queryset=Regency.objects.in_portal(), label=_("Kabupaten/kota"))
    kecamatan = django_filters.ModelChoiceFilter(field_name="district", queryset=District.objects.none(), label=_("Kecamatan"))
    kategori = django_filters.ModelChoiceFilter(field_name="category", to_field_name="slug", queryset=Category.objects.all(), label=_("Kategori"))
    harga_min = RupiahFilter(field_name="price_min", lookup_expr="gte", label=_("Harga terendah"))
    harga_max = RupiahFilter(field_name="price_min", lookup_expr="lte", label=_("Harga tertinggi"))
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
        self.base = base
        self.filters["kecamatan"].queryset = districts

    def filter_search(self, queryset, name, value):
        return search_products(queryset, value, row_by_row=getattr(self, "_row_by_row", False))

    def rows_checked_one_by_one(self):
        """The same products, the search words checked on each row read rather than through the
        index (catalog.search.search_products): for the page of a search matching very many."""
        self._row_by_row = True
        try:
            return self.filter_queryset(self.queryset.all())
        finally:
            self._row_by_row = False

    def filter_certified(self, queryset, name, values):
        return queryset.filter(**{f"has_{kind}": True for kind in values})

    def misfits(self):
        data = self.form.cleaned_data
        lowest, highest = data.get("harga_min"), data.get("harga_max")
        if lowest is not None and highest is not None and highest < lowest:
            return {
                "harga_max": (
                    gettext("Harga tertinggi %(highest)s di bawah harga terendah %(lowest)s, jadi tidak dipakai.")
                    % {"highest": format_rupiah(highest), "lowest": format_rupiah(lowest)},
                    [],
                )
            }
        return {}

    def note_for(self, name, values, errors):
        if name == "kecamatan" and values:
            # Usually a kecamatan of the kabupaten/kota the shopper just switched away from.
            district = District.objects.filter(code=values[-1], regency__province_id=settings.PORTAL_PROVINCE).select_related("regency").first()
            regency = self.base or Regency.objects.in_portal().filter(slug=self.data.get("wilayah")).first()
            if district is not None and regency is not None:
                return gettext("Kecamatan %(district)s tidak ada di %(regency)s, jadi tidak dipakai.") % {
                    "district": district.name,
                    "regency": regency.name,
                }, []
        return super().note_for(name, values, errors)

    @property
    def uses_live_counts(self):
        """Search and price are not in the facet table: their counts come from the products themselves."""
        data = self.form.cleaned_data
        return bool(data.get("q")) or data.get("harga_min") is not None or data.get("harga_max") is not None


class BusinessFilter(FittingFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Cari UMKM"), max_length=100)
    wilayah = django_filters.ModelChoiceFilter(
        field_name="regency", to_field_name="slug", queryset=Regency.objects.in_portal(), label=_("Kabupaten/kota"), method="filter_held"
    )
    sektor = django_filters.ChoiceFilter(field_name="sector", choices=sector_choices, label=_("Sektor (KBLI)"), method="filter_held")
    skala = django_filters.ChoiceFilter(field_name="scale", choices=Scale.choices, label=_("Skala usaha"))

    class Meta:
        model = Business
        fields = []

    def filter_held(self, queryset, name, value):
        """The kabupaten/kota and the sector, written so that the list can be sorted within them
        (held_within()): see ordering()."""
        return queryset.filter(held_to(name, getattr(value, "pk", value)))

    def ordering(self, by_name):
        """`by_name` sorted first within the chosen sector, else within the chosen kabupaten/kota:
        the same order on the page, but PostgreSQL then reads it from the index that leads with
        that column (directory.models.Business.Meta). Sorted by name alone it walks every listed
        business by name filtering them, which for a sector reads ~20,000 rows for one page
        (names go with the kind of business)."""
        data = self.form.cleaned_data
        for parameter in ("sektor", "wilayah"):
            if data.get(parameter):
                return by_name.held_within(self.filters[parameter].field_name)
        return by_name
