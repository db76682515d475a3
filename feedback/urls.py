from django.urls import path

from feedback import views

app_name = "feedback"
urlpatterns = [
    path("produk/<slug:slug>/", views.report_product, name="product"),
    path("produk/<slug:slug>/terkirim/", views.product_sent, name="product-sent"),
    path("umkm/<slug:slug>/", views.report_business, name="business"),
    path("umkm/<slug:slug>/terkirim/", views.business_sent, name="business-sent"),
]
