from django.contrib import admin

from catalog.models import Category, Product
from catalog.services import product_save


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "business", "category", "price_min", "regency", "is_listed", "is_featured"]
    list_select_related = ["business", "category", "regency"]
    list_filter = ["category", "is_listed", "is_featured", "is_hidden", ("regency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]
    autocomplete_fields = ["business"]
    exclude = ["slug"]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        product_save(product=obj)
