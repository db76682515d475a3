from django.urls import path

from catalog.feeds import NewestProductsFeed
from catalog.views import businesses, products

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
]
