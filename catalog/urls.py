from django.urls import path

from catalog.feeds import NewestProductsFeed
from catalog.views import businesses, pages, products

app_name = "catalog"
urlpatterns = [
    path("", products.home, name="home"),
    path("produk/", products.product_list, name="product-list"),
    path("produk/feed/", NewestProductsFeed(), name="product-feed"),
    path("produk/<slug:slug>/", products.product_detail, name="product-detail"),
    path("wilayah/", products.region_list, name="region-list"),
    path("wilayah/<slug:slug>/", products.region_detail, name="region"),
    path("umkm/", businesses.business_list, name="business-list"),
    path("umkm/<slug:slug>/", businesses.business_detail, name="business-detail"),
    path("tentang/", pages.about, name="about"),
    path("kebijakan-privasi/", pages.privacy, name="privacy"),
    path("syarat-penggunaan/", pages.terms, name="terms"),
    path("tips-aman/", pages.safety_tips, name="safety-tips"),
]
