"""manage.py create_staff, the two staff groups, and staff profiles edited in the admin."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

from staff.models import StaffProfile
from staff.roles import PROVINCIAL_GROUP, REGENCY_GROUP, ensure_staff_groups
from staff.scope import staff_scope
from tests.test_admin_scoping import form_data, make_staff

User = get_user_model()


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_staff", *args, stdout=out, stderr=err, **options)
    return out.getvalue() + err.getvalue()


def test_creates_regency_staff_from_codes_names_and_aliases(db):
    output = run("budi", "--email", "budi@dinas.example", "--regency", "16.71", "--regency", "OKU Timur",
                 "--regency", "Kabupaten Ogan Komering Ilir", "--regency", "plg")
    user = User.objects.get(username="budi")
    assert (user.email, user.is_staff, user.is_superuser, user.has_usable_password()) == ("budi@dinas.example", True, False, False)
    assert set(user.staff_profile.regencies.values_list("code", flat=True)) == {"16.71", "16.08", "16.02"}
    assert list(user.groups.values_list("name", flat=True)) == [REGENCY_GROUP]
    assert "Akun staf “budi” dibuat: Staf dinas kabupaten/kota" in output
    assert "python manage.py changepassword budi" in output
    fresh = User.objects.get(pk=user.pk)
    assert staff_scope(fresh).regency_codes == {"16.71", "16.08", "16.02"}
    assert fresh.has_perm("directory.change_business") and not fresh.has_perm("directory.delete_business")


def test_updating_replaces_regions_and_keeps_the_password(db, monkeypatch):
    monkeypatch.setenv("SANDI_STAF", "Sandi-Kuat-Dinas-2025")
    run("sari", "--regency", "16.71", "--password-from-env", "SANDI_STAF")
    assert User.objects.get(username="sari").check_password("Sandi-Kuat-Dinas-2025")
    output = run("sari", "--regency", "Prabumulih")
    user = User.objects.get(username="sari")
    assert list(user.staff_profile.regencies.values_list("code", flat=True)) == ["16.74"]
    assert user.check_password("Sandi-Kuat-Dinas-2025")
    assert "diperbarui" in output and "changepassword" not in output


def test_provincial_staff_and_back(db):
    run("prov", "--provincial")
    user = User.objects.get(username="prov")
    assert user.staff_profile.is_provincial and not user.staff_profile.regencies.exists()
    assert list(user.groups.values_list("name", flat=True)) == [PROVINCIAL_GROUP]
    assert User.objects.get(pk=user.pk).has_perm("staff.change_staffprofile")
    run("prov", "--regency", "16.02")
    user = User.objects.get(username="prov")
    assert not user.staff_profile.is_provincial
    assert list(user.groups.values_list("name", flat=True)) == [REGENCY_GROUP]
    assert not User.objects.get(pk=user.pk).has_perm("staff.change_staffprofile")


@pytest.mark.parametrize("args, message", [
    (["--regency", "Kota Atlantis"], "Kabupaten/kota “Kota Atlantis” tidak dikenal di Sumatera Selatan."),
    (["--regency", "32.73"], "Kabupaten/kota “32.73” tidak dikenal di Sumatera Selatan."),  # Kota Bandung: another province
    (["--regency", "16.71", "--provincial"], "Pilih salah satu: --regency atau --provincial"),
    ([], "Sebutkan wilayah staf ini"),
    (["--provincial", "--password-from-env", "TIDAK_ADA_VARIABEL_INI"], "Variabel lingkungan TIDAK_ADA_VARIABEL_INI kosong"),
    (["--provincial", "--email", "bukan-email"], "alamat email"),
])
def test_clear_errors_and_nothing_saved(db, args, message):
    with pytest.raises(CommandError) as error:
        run("gagal", *args)
    assert message in str(error.value)
    assert not User.objects.filter(username="gagal").exists()


def test_a_weak_password_is_refused(db, monkeypatch):
    monkeypatch.setenv("SANDI_LEMAH", "12345")
    with pytest.raises(CommandError):
        run("lemah", "--provincial", "--password-from-env", "SANDI_LEMAH")
    assert not User.objects.filter(username="lemah").exists()


def test_groups_are_idempotent_and_never_delete_businesses(db):
    assert ensure_staff_groups() == []  # every model is migrated, registry.ImportJob included
    ensure_staff_groups()
    for name in (PROVINCIAL_GROUP, REGENCY_GROUP):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert {"view_business", "add_business", "change_business", "view_businessprivate", "view_turnoverreport",
                "add_product", "delete_productphoto", "add_importjob", "view_importjob"} <= codenames
        assert not {"delete_business", "delete_product", "change_turnoverreport", "add_user"} & codenames
    assert Group.objects.filter(name__in=[PROVINCIAL_GROUP, REGENCY_GROUP]).count() == 2


# ---------------------------------------------------------------------------- profiles in the admin


def test_provincial_staff_reassign_regions_in_the_admin(client, db, palembang, oki):
    kab = make_staff("staf-kab", palembang)
    client.force_login(make_staff("staf-prov", provincial=True))
    url = f"/admin/staff/staffprofile/{kab.staff_profile.pk}/change/"
    html = client.get(url).content.decode()
    assert 'value="32.73"' not in html  # only the portal's kabupaten/kota are offered
    data = form_data(client, url)
    data["regencies"] = [oki.code]
    assert client.post(url, data).status_code == 302
    assert list(StaffProfile.objects.get(user=kab).regencies.values_list("code", flat=True)) == ["16.02"]


def test_superuser_makes_a_staff_member_on_the_user_page(client, db, palembang):
    buyer = User.objects.create_user("calon-staf", "calon@dinas.example")
    client.force_login(User.objects.create_superuser("root", "root@example.id"))
    url = f"/admin/auth/user/{buyer.pk}/change/"
    data = form_data(client, url)
    assert data["staff_profile-TOTAL_FORMS"] == "1"
    data["staff_profile-0-regencies"] = [palembang.code]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(pk=buyer.pk)
    assert user.is_staff and list(user.groups.values_list("name", flat=True)) == [REGENCY_GROUP]
    assert staff_scope(user).regency_codes == {"16.71"}


def test_a_missing_permission_is_reported_not_fatal(db):
    """Before registry is migrated its ImportJob permissions do not exist: the command still works."""
    Permission.objects.filter(content_type__app_label="registry", codename__endswith="_importjob").delete()
    output = run("awal", "--provincial")
    assert "registry.add_importjob, registry.view_importjob" in output
    assert User.objects.get(username="awal").groups.get().name == PROVINCIAL_GROUP


def test_removing_the_profile_on_the_user_page_removes_the_role(client, db, palembang):
    kab = make_staff("mantan-staf", palembang)
    client.force_login(User.objects.create_superuser("root", "root@example.id"))
    url = f"/admin/auth/user/{kab.pk}/change/"
    data = form_data(client, url)
    data["staff_profile-0-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    user = User.objects.get(pk=kab.pk)
    assert not StaffProfile.objects.filter(user=user).exists() and not user.groups.exists()
    assert not staff_scope(user).is_staff_member


@pytest.mark.parametrize("old, new", [
    ("/admin/directory/staffprofile/", "/admin/staff/staffprofile/"),
    ("/admin/directory/staffprofile/7/change/?x=1", "/admin/staff/staffprofile/7/change/?x=1"),
    ("/en/admin/directory/staffprofile/add/", "/en/admin/staff/staffprofile/add/"),
])
def test_staff_profile_pages_keep_their_old_addresses(client, db, old, new):
    """Staff profiles moved from the directory app to the staff app: old bookmarks still work."""
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new
