"""The owner workspace, under /akun/ beside the account pages (accounts.urls): the owner's home
and everything reached from it."""

from django.urls import path

from owners.views import claims, home, listing, products, turnover

app_name = "owners"
urlpatterns = [
    path("", home.home, name="home"),
    # Claiming an imported business, or registering one the registry does not have.
    path("klaim/", claims.claim_search, name="claim-search"),
    path("klaim/tautan/<str:token>/", claims.claim_link, name="claim-link"),
    path("klaim/<slug:slug>/", claims.claim, name="claim"),
    path("usaha/baru/", listing.business_register, name="business-register"),
    # One business the user owns.
    path("usaha/<slug:slug>/", listing.business_edit, name="business-edit"),
    path("usaha/<slug:slug>/kontak/", listing.business_contact, name="business-contact"),
    path("usaha/<slug:slug>/sertifikasi/", listing.business_certifications, name="business-certifications"),
    path("usaha/<slug:slug>/foto/", listing.business_photos, name="business-photos"),
    path("usaha/<slug:slug>/foto/<int:photo_id>/hapus/", listing.business_photo_delete, name="business-photo-delete"),
    path("usaha/<slug:slug>/produk/", products.product_list, name="product-list"),
    path("usaha/<slug:slug>/produk/baru/", products.product_add, name="product-add"),
    path("usaha/<slug:slug>/produk/<int:product_id>/", products.product_edit, name="product-edit"),
    path("usaha/<slug:slug>/produk/<int:product_id>/tampilkan/", products.product_visibility, name="product-visibility"),
    path("usaha/<slug:slug>/produk/<int:product_id>/hapus/", products.product_delete, name="product-delete"),
    path(
        "usaha/<slug:slug>/produk/<int:product_id>/foto/<int:photo_id>/hapus/",
        products.product_photo_delete, name="product-photo-delete",
    ),
    path(
        "usaha/<slug:slug>/produk/<int:product_id>/foto/<int:photo_id>/sampul/",
        products.product_photo_cover, name="product-photo-cover",
    ),
    path("usaha/<slug:slug>/omzet/", turnover.turnover, name="turnover"),
]
