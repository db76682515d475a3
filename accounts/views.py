"""Owner accounts under /akun/. None of these pages goes through the public page cache."""

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache

from accounts.forms import EmailLoginForm, SignUpForm


def sign_up(request):
    """Anyone may sign up; the new account is logged in at once."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = SignUpForm(request.POST or None)
    if form.is_valid():
        user = form.save()
        # Two authentication backends are configured (axes first): name the one that applies.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("accounts:home")
    return render(request, "accounts/sign_up.html", {"form": form})


class LoginView(auth_views.LoginView):
    """Log in by email. After AXES_FAILURE_LIMIT failures axes answers with
    accounts/locked_out.html (see locked_out) instead of this page."""

    form_class = EmailLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Sends the reset link by email; the page says the same whether the email is known or not."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")
    # The link in the email uses the portal's public address, as canonical links do.
    extra_email_context = {"SITE_URL": settings.SITE_URL, "PORTAL_NAME": settings.PORTAL_NAME}


@never_cache
@login_required
def home(request):
    """The owner's home: the businesses this user owns, each linked to its public page when listed."""
    businesses = request.user.businesses.select_related("regency").order_by("name")
    return render(request, "accounts/home.html", {"businesses": businesses})

