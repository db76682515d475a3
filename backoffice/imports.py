"""Registry imports in the admin: upload, follow the background reading, read the preview,
confirm or cancel, download the rows to fix. Staff see their own imports; provincial staff
see everyone's. Another person's import answers 404."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions.models import District, Regency, Village
from registry.models import ImportConflict, ImportJob, ImportProblem
from registry.scans import FIELD_TITLES
from registry.services import (
    ImportRefused,
    import_job_cancel,
    import_job_confirm,
    import_job_create,
    import_job_decide_conflicts,
    problem_rows_workbook,
    too_large_message,
)
from registry.tasks import commit_import, preview_import
from staff.scope import staff_scope

PROBLEMS_PER_PAGE = 50
CONFLICTS_PER_PAGE = 50
# A queued job nobody picked up after this long probably means no worker runs: say so.
WORKER_HINT_AFTER = datetime.timedelta(seconds=20)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Jenis data"), choices=ImportJob.Kind.choices, widget=forms.RadioSelect,
        initial=ImportJob.Kind.BUSINESS,
    )
    file = forms.FileField(
        label=gettext_lazy("Berkas"),
        help_text=gettext_lazy("XLSX, XLS, ODS atau CSV, seperti yang biasa disimpan dinas; judul dan baris kosong boleh ada."),
    )
    default_regency = forms.ModelChoiceField(
        label=gettext_lazy("Kabupaten/kota berkas"), queryset=Regency.objects.none(), required=False,
        help_text=gettext_lazy("Isi bila berkas tidak punya kolom Kabupaten/Kota: semua barisnya dianggap di sini."),
        empty_label=gettext_lazy("— ada kolomnya di berkas —"),
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_regency"].queryset = scope.filter(Regency.objects.in_portal(), field="code")


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["filename", "kind", "status", "created_by", "created_at", "summary"]
    list_filter = ["kind", "status"]
    list_select_related = ["created_by"]
    search_fields = ["filename"]
    show_full_result_count = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request).defer("file_data", "staged")
        if staff_scope(request.user).is_provincial:
            return queryset
        return queryset.filter(created_by=request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("Ringkasan"))
    def summary(self, job):
        counts = job.counts or {}
        if not counts:
            return "—"
        return _("%(new)d baru, %(updated)d diperbarui, %(unchanged)d tetap, %(skipped)d dilewati, %(errors)d salah") % {
            key: counts.get(key, 0) for key in ("new", "updated", "unchanged", "skipped", "errors")
        }

    def get_urls(self):
        own = [
            path("<int:job_id>/konfirmasi/", self.admin_site.admin_view(self.confirm_view), name="registry_importjob_confirm"),
            path("<int:job_id>/batal/", self.admin_site.admin_view(self.cancel_view), name="registry_importjob_cancel"),
            path("<int:job_id>/konflik/", self.admin_site.admin_view(self.conflicts_view), name="registry_importjob_conflicts"),
            path(
                "<int:job_id>/baris-bermasalah.xlsx",
                self.admin_site.admin_view(self.problems_download_view),
                name="registry_importjob_problems",
            ),
        ]
        return own + super().get_urls()

    def _job(self, request, job_id):
        """The import this staff member may see, else 404."""
        job = self.get_queryset(request).filter(pk=job_id).first()
        if job is None or not self.has_view_permission(request, job):
            raise Http404
        return job

    # Upload -----------------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise Http404
        scope = staff_scope(request.user)
        initial = {"kind": request.GET.get("jenis", ImportJob.Kind.BUSINESS)}
        form = UploadForm(request.POST or None, request.FILES or None, scope=scope, initial=initial)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = import_job_create(
                    user=request.user, filename=upload.name, data=_read_upload(upload),
                    kind=form.cleaned_data["kind"], default_regency=form.cleaned_data["default_regency"],
                )
            except ImportRefused as refused:
                form.add_error("file", refused.message)
            else:
                preview_import.enqueue(job.pk)
                return redirect("admin:registry_importjob_change", job.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Impor registri dari Excel/CSV"),
            "opts": self.model._meta,
            "form": form,
            "max_mb": round(_max_bytes() / 1024 / 1024),
            "recent": self.get_queryset(request)[:5],
        }
        return TemplateResponse(request, "admin/registry/importjob/upload.html", context)

    # Preview, progress, result ----------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self._job(request, object_id)
        # By default the rows that need action (errors, skipped duplicates); warnings on their own tab.
        severity = request.GET.get("jenis", "")
        if severity in ImportProblem.Severity.values:
            problems = job.problems.filter(severity=severity)
        else:
            severity = ""
            problems = job.problems.exclude(severity=ImportProblem.Severity.WARNING)
        page = Paginator(problems.order_by("row", "id"), PROBLEMS_PER_PAGE).get_page(request.GET.get("halaman"))
        waiting_too_long = job.status == ImportJob.Status.QUEUED and timezone.now() - job.created_at > WORKER_HINT_AFTER
        context = {
            **self.admin_site.each_context(request),
            "title": _("Impor: %(file)s") % {"file": job.filename},
            "opts": self.model._meta,
            "job": job,
            # Titles in the reader's language, not the worker's (job.columns keeps the field names).
            "columns": [{**c, "title": FIELD_TITLES.get(c["field"], c["field"])} for c in job.columns],
            "counts": _count_rows(job),
            "page": page,
            "severity": severity,
            "severities": ImportProblem.Severity.choices,
            "problem_totals": dict(
                job.problems.order_by().values_list("severity").annotate(n=Count("id"))
            ),
            "skipped": _skipped(job),
            "changes": job.changes.select_related("business", "product")[:50] if job.status == ImportJob.Status.DONE else [],
            "waiting_too_long": waiting_too_long,
            "refresh": job.is_active,
            "conflicts": _conflicts_page(job, request.GET.get("halaman_konflik")),
        }
        return TemplateResponse(request, "admin/registry/importjob/detail.html", context)

    def conflicts_view(self, request, job_id):
        """Accept or refuse the conflicts of a previewed import: per row (the radio buttons of
        the rows shown) or all at once. For whoever may see the import."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._job(request, job_id)
        choices = {"terima": ImportConflict.Decision.ACCEPTED, "tolak": ImportConflict.Decision.REFUSED}
        rows = {ImportConflict.Decision.ACCEPTED: [], ImportConflict.Decision.REFUSED: []}
        for key, value in request.POST.items():
            row = key.removeprefix("baris-")
            if row != key and row.isdigit() and value in choices:
                rows[choices[value]].append(int(row))
        changed = import_job_decide_conflicts(
            job=job, user=request.user, accepted=rows[ImportConflict.Decision.ACCEPTED],
            refused=rows[ImportConflict.Decision.REFUSED], all_decision=choices.get(request.POST.get("semua")),
        )
        if changed is None:
            messages.error(request, _("Keputusan tidak dapat diubah lagi (status impor: %(status)s).") % {
                "status": job.get_status_display()
            })
        else:
            messages.success(request, _("Keputusan disimpan (%(count)d berubah).") % {"count": changed})
        page = request.POST.get("halaman_konflik", "")
        query = f"?halaman_konflik={page}" if page.isdigit() else ""
        return redirect(reverse("admin:registry_importjob_change", args=[job.pk]) + query + "#konflik")

    def confirm_view(self, request, job_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._job(request, job_id)
        if import_job_confirm(job=job):
            commit_import.enqueue(job.pk)
            messages.success(request, _("Impor dikonfirmasi; data sedang disimpan."))
        else:
            messages.error(request, _("Impor ini tidak dapat dikonfirmasi lagi (status: %(status)s).") % {
                "status": job.get_status_display()
            })
        return redirect("admin:registry_importjob_change", job.pk)

    def cancel_view(self, request, job_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._job(request, job_id)
        if import_job_cancel(job=job):
            messages.success(request, _("Impor dibatalkan; tidak ada data yang disimpan."))
        return redirect("admin:registry_importjob_change", job.pk)

    def problems_download_view(self, request, job_id):
        job = self._job(request, job_id)
        response = HttpResponse(
            problem_rows_workbook(job),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        stem = job.filename.rsplit(".", 1)[0][:80] or "impor"
        response["Content-Disposition"] = f'attachment; filename="{stem}-baris-bermasalah.xlsx"'
        return response


def _max_bytes():
    return settings.IMPORT_MAX_BYTES


def _read_upload(upload):
    """The upload's bytes; a file over the limit is refused before it is read into memory."""
    if upload.size > _max_bytes():
        raise ImportRefused(too_large_message(upload.size))
    return upload.read()


def _conflicts_page(job, number):
    """A page of the job's conflicts, each with its fields as staff read them: region names, not codes."""
    conflicts = job.conflicts.select_related("business").order_by("row")
    page = Paginator(conflicts, CONFLICTS_PER_PAGE).get_page(number)
    if not page.paginator.count:
        return None
    codes = {"regency": set(), "district": set(), "village": set()}
    for conflict in page:
        for field, values in conflict.fields.items():
            if field in codes:
                codes[field].update(value for value in values if value)
    names = {
        "regency": dict(Regency.objects.filter(code__in=codes["regency"]).values_list("code", "name")),
        "district": dict(District.objects.filter(code__in=codes["district"]).values_list("code", "name")),
        "village": dict(Village.objects.filter(code__in=codes["village"]).values_list("code", "name")),
    }
    titles = {"regency": FIELD_TITLES["regency"], "district": FIELD_TITLES["district"],
              "village": FIELD_TITLES["village"], "address": FIELD_TITLES["address"]}
    page.accepted = job.conflicts.filter(decision=ImportConflict.Decision.ACCEPTED).count()
    for conflict in page:
        conflict.items = [
            (titles.get(field, field), *(names.get(field, {}).get(value, value) if value else "" for value in values))
            for field, values in conflict.fields.items()
        ]
    return page


def _count_rows(job):
    counts = job.counts or {}
    labels = [
        ("rows", _("Baris data")),
        ("new", _("Baru")),
        ("updated", _("Diperbarui")),
        ("unchanged", _("Tidak berubah")),
        ("skipped", _("Dilewati (duplikat)")),
        ("errors", _("Kesalahan")),
        ("warnings", _("Dengan peringatan")),
    ]
    return [(key, label, counts.get(key, 0)) for key, label in labels]


def _skipped(job):
    labels = {
        "blank": _("Baris kosong"),
        "section": _("Baris judul bagian"),
        "column_numbers": _("Baris nomor kolom"),
        "footer": _("Baris jumlah/tanda tangan di bawah data"),
        "repeated_header": _("Baris judul kolom yang terulang"),
        "subtotal": _("Baris subtotal (JUMLAH) dengan data di bawahnya"),
    }
    return [(labels.get(kind, kind), rows) for kind, rows in (job.skipped_rows or {}).items() if rows]
