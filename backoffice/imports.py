"""Registry imports in the admin: upload, follow the background reading, read the preview,
confirm or cancel, download the rows to fix. Staff see their own imports; provincial staff
see everyone's. Another person's import answers 404."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Min, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.import_mapping import FormatForm, MappingForm, can_remap, mapping_context
from regions.models import Regency
from registry.cleaning import EARLIEST_DATA_DATE, read_date
from registry.mappings import import_format_create, mapping_of_columns
from registry.models import ImportJob, ImportProblem
from registry.rows import RowNames
from registry.scans import FIELD_TITLES
from registry.services import (
    ImportRefused,
    import_job_cancel,
    import_job_confirm,
    import_job_create,
    import_job_reread,
    problem_rows_workbook,
    too_large_message,
)
from registry.tasks import commit_import, preview_import
from staff.scope import staff_scope

PROBLEMS_PER_PAGE = 50  # groups of identical problems
ROWS_LISTED_PER_GROUP = 200  # behind a grouped problem; the rest is "… dan N lainnya" (all are in the download)
SKIPPED_ROWS_LISTED = 20
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
            path("<int:job_id>/sheet/", self.admin_site.admin_view(self.sheets_view), name="registry_importjob_sheets"),
            path("<int:job_id>/kolom/", self.admin_site.admin_view(self.mapping_view), name="registry_importjob_mapping"),
            path("<int:job_id>/format/", self.admin_site.admin_view(self.format_view), name="registry_importjob_format"),
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
        # By default the rows that need action (errors, skipped duplicates); warnings on their own tab.
        severity = request.GET.get("jenis", "")
        if severity in ImportProblem.Severity.values:
            problems = job.problems.filter(severity=severity)
        else:
            severity = ""
            problems = job.problems.exclude(severity=ImportProblem.Severity.WARNING)
        names = RowNames.of_job(job)
        page = _problem_groups(problems, names, request.GET.get("halaman"))
        changes = []
        if job.status == ImportJob.Status.DONE:
            changes = list(job.changes.select_related("business", "product")[:50])
            for change in changes:
                change.row_label = names.text(change.row)
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
            "skipped": _skipped(job, names),
            "sheets": _sheets(job),
            "nothing_to_save": _nothing_to_save(job, problems),
            "changes": changes,
            "waiting_too_long": waiting_too_long,
            "refresh": job.is_active,
            **mapping_context(job, form=(extra_context or {}).get("form"),
                              format_form=(extra_context or {}).get("format_form")),
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

    def sheets_view(self, request, job_id):
        """Staff of the import (provincial staff: any import) choose which sheets to read; the
        preview is made again from the stored file, without a new upload."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._job(request, job_id)
        choosable = [sheet["name"] for sheet in job.sheets if sheet.get("choosable")]
        chosen = set(request.POST.getlist("sheet"))
        excluded = [name for name in choosable if name not in chosen]
        if len(excluded) == len(choosable):
            messages.error(request, _("Pilih minimal satu sheet untuk dibaca."))
        elif sorted(excluded) == sorted(job.excluded_sheets) and job.status == ImportJob.Status.PREVIEWED:
            messages.info(request, _("Pilihan sheet tidak berubah; pratinjau tetap sama."))
        elif import_job_reread(job=job, excluded_sheets=excluded):
            preview_import.enqueue(job.pk)
            messages.success(request, _("Berkas sedang dibaca ulang dengan sheet yang dipilih."))
        else:
            messages.error(request, _("Impor ini tidak dapat dibaca ulang lagi (status: %(status)s).") % {
                "status": job.get_status_display()
            })
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

    def problems_download_view(self, request, job_id):
        job = self._job(request, job_id)
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


def _skipped(job, names):
    """(label, rows as text, how many) of each kind of row that was not data."""
    labels = {
        "blank": _("Baris kosong"),
        "section": _("Baris judul bagian"),
        "column_numbers": _("Baris nomor kolom"),
        "footer": _("Baris jumlah/tanda tangan di bawah data"),
        "repeated_header": _("Baris judul kolom yang terulang"),
        "subtotal": _("Baris subtotal (JUMLAH) dengan data di bawahnya"),
        "continuation": _("Baris lanjutan tanpa nama usaha (produk/alamatnya digabung ke usaha di atasnya)"),
        "continuation_dropped": _(
            "Baris lanjutan tanpa nama usaha yang isinya tidak bisa digabung ke usaha di atasnya (dilewati; bila itu "
            "usaha tersendiri, isi nama usahanya lalu unggah lagi)"
        ),
    }
    return [
        (labels.get(kind, kind), _rows_text(names, rows[:SKIPPED_ROWS_LISTED]), len(rows))
        for kind, rows in (job.skipped_rows or {}).items() if rows
    ]


def _rows_text(names, rows):
    """"5, 6, 7", or "Kuliner: 5, 6; Kriya: 7" when several sheets are read."""
    return "; ".join(
        (f"{sheet}: " if sheet else "") + ", ".join(map(str, numbers)) for sheet, numbers in names.grouped(rows)
    )


SHEET_FINDINGS = {
    "data": gettext_lazy("Dibaca"),
    "other_columns": gettext_lazy("Kolom berbeda"),
    "excluded": gettext_lazy("Dikecualikan"),
    "recap": gettext_lazy("Rekap/pivot"),
    "empty": gettext_lazy("Kosong"),
    "no_header": gettext_lazy("Tanpa judul kolom"),
}


def _sheets(job):
    """Every sheet of a workbook with more than one, as the preview lists them."""
    if len(job.sheets or ()) < 2:
        return []
    return [{**sheet, "finding": SHEET_FINDINGS.get(sheet["found"], sheet["found"])} for sheet in job.sheets]


def _problem_groups(problems, names, page_number):
    """A page of groups of identical problems (same severity, column and message), in the order
    of their first row, each with the rows it holds (at most ROWS_LISTED_PER_GROUP). Three
    queries whatever the number of problems: count the groups, a page of them, their rows."""
    groups = (
        problems.order_by().values("severity", "column", "message")
        .annotate(count=Count("id"), first=Min("row")).order_by("first", "severity", "column", "message")
    )
    page = Paginator(groups, PROBLEMS_PER_PAGE).get_page(page_number)
    page.object_list = list(page.object_list)
    if not page.object_list:
        return page
    match = Q()
    for group in page.object_list:
        match |= Q(severity=group["severity"], column=group["column"], message=group["message"])
    listed = (
        problems.filter(match).order_by()
        .annotate(place=Window(RowNumber(), partition_by=[F("severity"), F("column"), F("message")],
                               order_by=[F("row").asc(), F("id").asc()]))
        .filter(place__lte=ROWS_LISTED_PER_GROUP).values_list("severity", "column", "message", "row")
    )
    rows = {}
    for severity, column, message, row in listed:
        rows.setdefault((severity, column, message), []).append(row)
    severities = dict(ImportProblem.Severity.choices)
    for group in page.object_list:
        held = sorted(rows.get((group["severity"], group["column"], group["message"]), []))
        group["severity_label"] = severities.get(group["severity"], group["severity"])
        group["first_label"] = names.text(group["first"])
        group["rows_text"] = _rows_text(names, held)
        group["more"] = group["count"] - len(held)
    return page


def _nothing_to_save(job, problems):
    """What to do instead of confirming, when the preview found nothing to save; else ""."""
    counts = job.counts or {}
    if job.status != ImportJob.Status.PREVIEWED or counts.get("new", 0) + counts.get("updated", 0):
        return ""
    if not counts.get("errors") and not counts.get("skipped"):
        if counts.get("unchanged"):
            return _("Semua baris sudah ada di registri tanpa perubahan: tidak ada yang perlu disimpan. Batalkan impor "
                     "ini.")
        return _("Tidak ada baris data yang terbaca. Periksa sheet dan kolom yang dibaca di bawah, lalu unggah berkas "
                 "yang benar.")
    top = (
        problems.order_by().values("message").annotate(count=Count("id")).order_by("-count", "message").first()
    )
    message = _(
        "Tidak ada yang bisa disimpan: dari %(rows)s baris data, %(errors)s salah dan %(skipped)s dilewati sebagai "
        "duplikat. Perbaiki berkasnya (unduh baris bermasalah di bawah), lalu unggah lagi; atau batalkan impor ini."
    ) % {key: number_format(counts.get(key, 0), force_grouping=True) for key in ("rows", "errors", "skipped")}
    if top:
        message += " " + _("Masalah yang paling sering (%(count)s baris): %(message)s") % {
            "count": number_format(top["count"], force_grouping=True), "message": top["message"]}
    return message
