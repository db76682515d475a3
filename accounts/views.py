"""Owner accounts under /akun/: sign up, log in, password reset. None of these pages goes
through the public page cache. After logging in, owners land on their home (owners.views.home)."""

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.forms import EmailLoginForm, SignUpForm
from accounts.services import password_reset_allowed
from umkm_portal.client_ip import client_ip


def sign_up(request):
    """Anyone may sign up; the new account is logged in at once."""
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    form = SignUpForm(request.POST or None)
    user = form.save_unless_taken() if form.is_valid() else None
    if user is not None:
        # Two authentication backends are configured (axes first): name the one that applies.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/sign_up.html", {"form": form, "next": next_url})


def _safe_next(request):
    """The ?next= page to go to after signing up (a claim link, say), when it is on this site."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return next_url
    return ""


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

    def form_valid(self, form):
        # Counted for unknown emails too, and refused the same way: the page never tells which exist.
        if not password_reset_allowed(email=form.cleaned_data["email"], ip_address=client_ip(self.request)):
            form.add_error(None, _(
                "Terlalu banyak permintaan tautan sandi baru untuk email ini atau dari jaringan ini. "
                "Coba lagi dalam 1 jam; tautan yang sudah terkirim tetap berlaku."
            ))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
