"""Products in the dinas staff admin, limited to the staff member's kabupaten/kota like the
businesses (staff.admin_tools.RegionScopedAdmin). Saving goes through catalog.services."""

from django.contrib import admin

from backoffice.exports import ProductExportResource
from catalog.models import Category, Product, ProductPhoto
from catalog.services import product_keep_a_cover, product_save
from directory.models import Business
from staff.admin_tools import PhotoPreviewInline, RegencyListFilter, RegionScopedAdmin
from staff.exports import StaffExportMixin
from staff.scope import staff_scope


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


class ProductPhotoInline(PhotoPreviewInline):
    model = ProductPhoto


@admin.register(Product)
class ProductAdmin(StaffExportMixin, RegionScopedAdmin):
    # The business's kabupaten/kota decides (the product's own regency column is its catalog copy).
    regency_path = "business__regency"
    list_display = ["name", "business", "category", "price_min", "regency", "is_listed", "is_featured"]
    list_select_related = ["business", "category", "regency"]
    list_filter = [RegencyListFilter, "category", "is_listed", "is_featured", "is_hidden"]
    search_fields = ["name", "business__name"]
    autocomplete_fields = ["business"]
    exclude = ["slug"]
    inlines = [ProductPhotoInline]
    show_full_result_count = False
    import_kind = "product"
    export_resources = [ProductExportResource]
    export_stem = "produk"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "business":
            # The autocomplete already offers only the staff member's businesses (BusinessAdmin's
            # queryset); this makes the form refuse any other id posted.
            kwargs["queryset"] = staff_scope(request.user).filter(Business.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        product_save(product=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Deleting the cover photo empties Product.cover (SET_NULL): the next photo takes its place.
        product_keep_a_cover(form.instance)
