from django.urls import path

from directory import views

app_name = "directory"
urlpatterns = [
    path("umkm/", views.business_list, name="business-list"),
    path("umkm/<slug:slug>/", views.business_detail, name="business-detail"),
]
