"""Owner accounts sign in with their email. Django's User keeps `username` as the login key:
an account made here stores its email, lower-cased, there too, so the database's unique
constraint on username also guards against two accounts with one email."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

User = get_user_model()

# User.username holds the email of accounts made here, and it is 150 characters long.
EMAIL_MAX_LENGTH = 150


def _email_field():
    return forms.EmailField(
        label=_("Email"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


def username_for_email(email):
    """The username to authenticate an email with: the account's own (staff accounts may have
    a username that is not their email), else the email itself, so a failed attempt on an
    unknown email still reaches authenticate() and counts towards the lockout."""
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    return user.get_username() if user else email


class SignUpForm(BaseUserCreationForm):
    email = _email_field()

    class Meta(BaseUserCreationForm.Meta):
        fields = ("first_name", "email")
        labels = {"first_name": _("Nama Anda")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["first_name"].widget.attrs.update({"autocomplete": "name", "autofocus": True})
        self.fields["email"].widget.attrs.pop("autofocus", None)

    duplicate_email_message = _("Email ini sudah terdaftar. Masuk dengan email ini, atau pakai “Lupa kata sandi” bila lupa sandinya.")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists() or User.objects.filter(username__iexact=email).exists():
            raise forms.ValidationError(self.duplicate_email_message, code="duplicate_email")
        return email

    def save(self, commit=True):
        self.instance.username = self.cleaned_data["email"]
        return super().save(commit=commit)

    def save_unless_taken(self):
        """The new account, or None when another sign-up with this email was saved between
        clean_email() and now (two at once): the unique username refuses the second, and the
        form then says, as clean_email() would have, that the email is registered."""
        try:
            with transaction.atomic():
                return self.save()
        except IntegrityError:
            self.add_error("email", forms.ValidationError(self.duplicate_email_message, code="duplicate_email"))
            return None


class EmailLoginForm(AuthenticationForm):
    username = _email_field()

    error_messages = {
        "invalid_login": _(
            "Email atau kata sandi salah. Periksa lagi keduanya (huruf besar/kecil pada sandi berpengaruh), "
            "atau pakai “Lupa kata sandi”."
        ),
        "inactive": _("Akun ini dinonaktifkan. Hubungi dinas koperasi & UMKM kabupaten/kota Anda."),
    }

    def clean_username(self):
        return username_for_email(self.cleaned_data["username"].strip())
