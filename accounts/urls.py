from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("daftar/", views.sign_up, name="sign-up"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    # Django's LogoutView answers only POST (405 otherwise): a link cannot log anyone out.
    path("keluar/", auth_views.LogoutView.as_view(next_page="catalog:home"), name="logout"),
    path("lupa-sandi/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "lupa-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "lupa-sandi/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "lupa-sandi/selesai/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password-reset-complete",
    ),
]
