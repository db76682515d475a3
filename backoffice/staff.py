"""Dinas staff accounts in the admin: their profiles (which kabupaten/kota each manages) and
Django's user admin with the profile beside it. Saving keeps the user's role group in line
(staff.roles)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions.models import Regency
from staff.models import StaffProfile
from staff.roles import staff_assign_role, staff_revoke_role


class PortalRegenciesMixin:
    """The regencies a staff profile may hold: those of the portal's province."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "regencies":
            kwargs["queryset"] = Regency.objects.in_portal()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(StaffProfile)
class StaffProfileAdmin(PortalRegenciesMixin, admin.ModelAdmin):
    """Superusers and provincial staff (the group's view/change permission) assign regions;
    only superusers create or delete profiles (or use manage.py create_staff)."""

    list_display = ["user", "is_provincial", "regions"]
    list_select_related = ["user"]
    list_filter = ["is_provincial"]
    search_fields = ["user__username", "user__email"]
    filter_horizontal = ["regencies"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("regencies")

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None and "user" in form.base_fields:
            form.base_fields["user"].queryset = get_user_model().objects.filter(staff_profile__isnull=True)
        return form

    @admin.display(description=gettext_lazy("kabupaten/kota"))
    def regions(self, profile):
        if profile.is_provincial:
            return _("semua kabupaten/kota")
        return ", ".join(regency.name for regency in profile.regencies.all()) or "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        staff_assign_role(profile=form.instance)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        staff_revoke_role(user=obj.user)

    def delete_queryset(self, request, queryset):
        users = [profile.user for profile in queryset.select_related("user")]
        super().delete_queryset(request, queryset)
        for user in users:
            staff_revoke_role(user=user)


class StaffProfileInline(PortalRegenciesMixin, admin.StackedInline):
    model = StaffProfile
    max_num = 1
    filter_horizontal = ["regencies"]
    verbose_name_plural = gettext_lazy("profil staf dinas (kosongkan untuk pengguna biasa)")


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Django's user admin with the dinas staff profile beside it (superusers only: the
    staff groups have no permission on users)."""

    inlines = [StaffProfileInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        profile = StaffProfile.objects.filter(user=form.instance).first()
        if profile is not None:
            staff_assign_role(profile=profile)
        else:
            staff_revoke_role(user=form.instance)
