from django.urls import path

from catalog import views
from catalog.feeds import NewestProductsFeed

app_name = "catalog"
urlpatterns = [
    path("", views.home, name="home"),
    path("produk/", views.product_list, name="product-list"),
    path("produk/feed/", NewestProductsFeed(), name="product-feed"),
    path("produk/<slug:slug>/", views.product_detail, name="product-detail"),
    path("wilayah/<slug:slug>/", views.region_detail, name="region"),
]
