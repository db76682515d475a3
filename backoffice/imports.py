"""Registry imports in the admin: upload, follow the background reading, read the preview,
confirm or cancel, download the rows to fix, retry a failed import from its stored file. Staff see their own imports; provincial staff
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
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.import_mapping import FormatForm, MappingForm, can_remap, mapping_context
from regions.models import Regency
from registry.cleaning import EARLIEST_DATA_DATE, read_date
from registry.mappings import import_format_create, mapping_of_columns
from registry.models import ImportJob, ImportProblem
from registry.scans import FIELD_TITLES
from registry.services import (
    ImportRefused,
    import_job_cancel,
    import_job_confirm,
    import_job_create,
    import_job_reread,
    import_job_retry,
    import_job_retry_step,
    import_jobs_fail_stale,
    is_stale,
    problem_rows_workbook,
    too_large_message,
)
from registry.tasks import commit_import, preview_import
from staff.scope import staff_scope

PROBLEMS_PER_PAGE = 50
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
    recorded_on = forms.CharField(
        label=gettext_lazy("Tanggal data berkas"), required=False, max_length=40,
        help_text=gettext_lazy(
            "Kapan data ini didata, mis. 12/03/2020, Maret 2020 atau 2020; untuk baris tanpa tanggal pendataannya "
            "sendiri. Kosongkan bila tidak tahu. Ini bukan tanggal verifikasi."
        ),
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_regency"].queryset = scope.filter(Regency.objects.in_portal(), field="code")

    def clean_recorded_on(self):
        """Read like a TANGGAL PENDATAAN cell (registry.cleaning.read_date); None when left empty."""
        text = self.cleaned_data["recorded_on"]
        try:
            date = read_date(text)
        except ValueError:
            raise forms.ValidationError(
                _("Tanggal tidak terbaca; tulis seperti 12/03/2020, 12 Maret 2020, Maret 2020 atau 2020.")
            ) from None
        if date is not None and date > timezone.localdate():
            raise forms.ValidationError(_("Tanggal data tidak boleh di masa depan."))
        if date is not None and date < EARLIEST_DATA_DATE:
            raise forms.ValidationError(_("Tanggal data paling awal tahun 1945."))
        return date


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
            path("<int:job_id>/kolom/", self.admin_site.admin_view(self.mapping_view), name="registry_importjob_mapping"),
            path("<int:job_id>/format/", self.admin_site.admin_view(self.format_view), name="registry_importjob_format"),
            path("<int:job_id>/coba-lagi/", self.admin_site.admin_view(self.retry_view), name="registry_importjob_retry"),
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
                    recorded_on=form.cleaned_data["recorded_on"],
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
        if is_stale(job):
            # Its worker died: say so and offer the retry (one UPDATE, only for a job that looks stale).
            import_jobs_fail_stale(job=job)
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
            **mapping_context(job, form=(extra_context or {}).get("form"),
                              format_form=(extra_context or {}).get("format_form")),
            "retry_step": import_job_retry_step(job),
        }
        return TemplateResponse(request, "admin/registry/importjob/detail.html", context)

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

    def mapping_view(self, request, job_id):
        """Staff's mapping of the columns: "Lihat contoh nama" shows the composed names; otherwise
        the mapping is stored and the kept file read again (no new upload)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._job(request, job_id)
        if not can_remap(job):
            messages.error(request, _("Pemetaan kolom impor ini tidak dapat diubah lagi (status: %(status)s).") % {
                "status": job.get_status_display()})
            return redirect("admin:registry_importjob_change", job.pk)
        form = MappingForm(request.POST, job=job)
        if not form.is_valid() or "contoh_nama" in request.POST:
            return self.change_view(request, str(job.pk), extra_context={"form": form})
        mapping = form.mapping()
        if job.status == ImportJob.Status.PREVIEWED and _same_mapping(mapping, mapping_of_columns(job.columns)):
            messages.info(request, _("Pemetaan kolom tidak berubah; pratinjau tetap."))
        elif import_job_reread(job=job, mapping=mapping, applied_format=None):
            preview_import.enqueue(job.pk)
            messages.success(request, _("Pemetaan kolom disimpan; berkas sedang dibaca ulang."))
        else:
            messages.error(request, _("Impor ini tidak dapat dibaca ulang (status: %(status)s).") % {
                "status": job.get_status_display()})
        return redirect("admin:registry_importjob_change", job.pk)

    def format_view(self, request, job_id):
        """Save the previewed job's mapping as a named format, proposed again for the same headers."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._job(request, job_id)
        form = FormatForm(request.POST)
        if job.status != ImportJob.Status.PREVIEWED:
            messages.error(request, _("Format hanya dapat disimpan dari pratinjau yang siap dikonfirmasi."))
        elif not form.is_valid():
            return self.change_view(request, str(job.pk), extra_context={"format_form": form})
        else:
            saved, problem = import_format_create(job=job, name=form.cleaned_data["name"], user=request.user)
            if saved is None:
                messages.error(request, problem)
            else:
                messages.success(request, _("Format '%(name)s' disimpan; dipakai lagi untuk berkas dengan judul kolom "
                                            "yang sama.") % {"name": saved.name})
        return redirect("admin:registry_importjob_change", job.pk)

    def retry_view(self, request, job_id):
        """"Coba lagi" on a failed import whose file is still stored: the step that failed runs
        again (a commit is committed again, a read is read again). Staff who see the import."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._job(request, job_id)
        step = import_job_retry(job=job)
        if step == "commit":
            commit_import.enqueue(job.pk)
            messages.success(request, _("Impor dicoba lagi: data sedang disimpan."))
        elif step == "read":
            preview_import.enqueue(job.pk)
            messages.success(request, _("Impor dicoba lagi: berkas sedang dibaca ulang."))
        elif job.status == ImportJob.Status.FAILED:
            messages.error(request, _(
                "Impor ini tidak dapat dicoba lagi: berkasnya tidak disimpan. Perbaiki berkas lalu unggah lagi."
            ))
        else:
            messages.error(request, _("Impor ini tidak dapat dicoba lagi (status: %(status)s).") % {
                "status": job.get_status_display()
            })
        return redirect("admin:registry_importjob_change", job.pk)

    def problems_download_view(self, request, job_id):
        job = self._job(request, job_id)
        if job.purged_at:
            messages.warning(request, _(
                "Baris bermasalah impor ini sudah dihapus pada %(date)s, %(days)d hari setelah impor selesai, "
                "karena memuat data pribadi. Unggah berkas aslinya lagi bila perlu memperbaikinya."
            ) % {"date": date_format(timezone.localtime(job.purged_at), "j F Y"), "days": settings.IMPORT_RETENTION_DAYS})
            return redirect("admin:registry_importjob_change", job.pk)
        response = HttpResponse(
            problem_rows_workbook(job),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        stem = job.filename.rsplit(".", 1)[0][:80] or "impor"
        response["Content-Disposition"] = f'attachment; filename="{stem}-baris-bermasalah.xlsx"'
        return response


def _same_mapping(one, other):
    return one["fields"] == other["fields"] and sorted(one["name_parts"]) == sorted(other["name_parts"])


def _max_bytes():
    return settings.IMPORT_MAX_BYTES


def _read_upload(upload):
    """The upload's bytes; a file over the limit is refused before it is read into memory."""
    if upload.size > _max_bytes():
        raise ImportRefused(too_large_message(upload.size))
    return upload.read()


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
