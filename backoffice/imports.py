"""Registry imports in the admin: upload, follow the background reading, read the preview,
confirm or cancel, download the rows to fix, retry a failed import from its stored file. Staff see their own imports; provincial staff
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
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.import_mapping import FormatForm, MappingForm, can_remap, mapping_context
from regions.models import District, Regency, Village
from registry.cleaning import EARLIEST_DATA_DATE, CellProblem, read_date
from registry.mappings import import_format_create, mapping_of_columns
from registry.models import ImportConflict, ImportJob, ImportProblem
from registry.places import PlaceResolver
from registry.rows import RowNames
from registry.scans import FIELD_TITLES
from registry.services import (
    REREAD_STATUSES,
    ImportRefused,
    import_job_cancel,
    import_job_confirm,
    import_job_create,
    import_job_decide_conflicts,
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

PROBLEMS_PER_PAGE = 50  # groups of identical problems
ROWS_LISTED_PER_GROUP = 200  # behind a grouped problem; the rest is "… dan N lainnya" (all are in the download)
SKIPPED_ROWS_LISTED = 20
CONFLICTS_PER_PAGE = 50
# A queued job nobody picked up after this long probably means no worker runs: say so.
WORKER_HINT_AFTER = datetime.timedelta(seconds=20)


class PlaceForm(forms.Form):
    """The place of the whole file, each part optional and within the staff member's regions: the
    kabupaten/kota, a kecamatan of it, a desa of that kecamatan (written, found as the rows' desa are),
    and whether the kabupaten/kota's own name in the kecamatan column means "not given"."""

    PLACE_FIELDS = ("default_regency", "default_district", "default_village", "regency_name_is_blank")

    default_regency = forms.ModelChoiceField(
        label=gettext_lazy("Kabupaten/kota berkas"), queryset=Regency.objects.none(), required=False,
        help_text=gettext_lazy("Isi bila berkas tidak punya kolom Kabupaten/Kota: semua barisnya dianggap di sini."),
        empty_label=gettext_lazy("— ada kolomnya di berkas —"),
    )
    default_district = forms.ChoiceField(
        label=gettext_lazy("Kecamatan berkas"), required=False,
        help_text=gettext_lazy("Untuk daftar satu kecamatan: baris yang kolom kecamatannya kosong (atau tidak ada) "
                               "dianggap di kecamatan ini."),
    )
    default_village = forms.CharField(
        label=gettext_lazy("Desa/kelurahan berkas"), required=False, max_length=100,
        help_text=gettext_lazy("Untuk daftar satu desa: tulis nama desa/kelurahan di kecamatan berkas (mis. Sembilan "
                               "Ilir); baris yang kolom desanya kosong dianggap di desa ini."),
    )
    regency_name_is_blank = forms.BooleanField(
        label=gettext_lazy("Nama kabupaten/kota di kolom kecamatan berarti kosong"), required=False,
        help_text=gettext_lazy("Mis. “Palembang” di kolom kecamatan daftar Kota Palembang: baris itu memakai "
                               "kecamatan berkas (bila dipilih) atau tanpa kecamatan, bukan ditolak."),
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        regencies = scope.regencies()
        self.fields["default_regency"].queryset = regencies
        self._districts = {}
        grouped = {}
        for district in District.objects.filter(regency__in=regencies).select_related("regency").order_by("regency_id", "name"):
            self._districts[district.code] = district
            grouped.setdefault(district.regency.name, []).append((district.code, district.name))
        self.fields["default_district"].choices = [("", _("— ada kolomnya di berkas, atau bukan satu kecamatan —"))] + [
            (regency, choices) for regency, choices in grouped.items()
        ]
        # The desa of the kecamatan already chosen, as suggestions for the text field (a plain <datalist>).
        chosen = self.data.get(self.add_prefix("default_district")) if self.is_bound else self.initial.get("default_district")
        self.village_names = []
        if chosen in self._districts:
            self.village_names = list(Village.objects.filter(district_id=chosen).values_list("name", flat=True))
            self.fields["default_village"].widget.attrs["list"] = "place-villages"

    def main_fields(self):
        return [self[name] for name in self.fields if name not in self.PLACE_FIELDS]

    def place_fields(self):
        return [self[name] for name in self.PLACE_FIELDS]

    def clean(self):
        data = super().clean()
        regency = data.get("default_regency")
        district = self._districts.get(data.get("default_district") or "")
        if district and regency and district.regency_id != regency.code:
            self.add_error("default_district", _(
                "Kecamatan %(district)s ada di %(regency)s, bukan di %(chosen)s. Pilih kecamatan %(chosen)s, atau "
                "kosongkan kabupaten/kota berkas."
            ) % {"district": district.name, "regency": district.regency.name, "chosen": regency.name})
            district = None
        elif district and not regency and "default_regency" not in self.errors:
            data["default_regency"] = district.regency
        data["default_district"] = district
        data["default_village"] = self._village(district, data.get("default_village", ""))
        return data

    def _village(self, district, written):
        if not written:
            return None
        if district is None:
            if "default_district" not in self.errors:
                self.add_error("default_village", _(
                    "Pilih dulu kecamatan berkas: desa/kelurahan “%(value)s” dicari di kecamatan itu."
                ) % {"value": written})
            return None
        try:
            code = PlaceResolver().village(district.code, written)
        except CellProblem as problem:
            self.add_error("default_village", problem.message)
            return None
        return Village.objects.get(code=code) if code else None

    def place_values(self):
        """The ImportJob fields this form sets (cleaned)."""
        return {name: self.cleaned_data[name] for name in self.PLACE_FIELDS}


def _place_of(job):
    """The place fields of `job` as PlaceForm.place_values() gives them, for comparing without queries."""
    return (job.default_regency_id, job.default_district_id, job.default_village_id, job.regency_name_is_blank)


def _values_as_place(values):
    return (
        *(getattr(values[name], "pk", None) for name in ("default_regency", "default_district", "default_village")),
        values["regency_name_is_blank"],
    )


class UploadForm(PlaceForm):
    field_order = ["kind", "file"]

    kind = forms.ChoiceField(
        label=gettext_lazy("Jenis data"), choices=ImportJob.Kind.choices, widget=forms.RadioSelect,
        initial=ImportJob.Kind.BUSINESS,
    )
    file = forms.FileField(
        label=gettext_lazy("Berkas"),
        help_text=gettext_lazy("XLSX, XLS, ODS atau CSV, seperti yang biasa disimpan dinas; judul dan baris kosong boleh ada."),
    )
    recorded_on = forms.CharField(
        label=gettext_lazy("Tanggal data berkas"), required=False, max_length=40,
        help_text=gettext_lazy(
            "Kapan data ini didata, mis. 12/03/2020, Maret 2020 atau 2020; untuk baris tanpa tanggal pendataannya "
            "sendiri. Kosongkan bila tidak tahu. Ini bukan tanggal verifikasi."
        ),
    )

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
            path("<int:job_id>/coba-lagi/", self.admin_site.admin_view(self.retry_view), name="registry_importjob_retry"),
            path("<int:job_id>/tempat/", self.admin_site.admin_view(self.place_view), name="registry_importjob_place"),
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
                    kind=form.cleaned_data["kind"], **form.place_values(),
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
            "retry_step": import_job_retry_step(job),
            "place_form": (extra_context or {}).get("place_form") or self._place_form(request, job),
            "conflicts": _conflicts_page(job, request.GET.get("halaman_konflik")),
        }
        return TemplateResponse(request, "admin/registry/importjob/detail.html", context)

    def _place_form(self, request, job):
        """The form to change the file's place and read it again; None when the job cannot be re-read."""
        if job.kind != ImportJob.Kind.BUSINESS or job.status not in REREAD_STATUSES:
            return None
        if job.status == ImportJob.Status.FAILED and not ImportJob.objects.filter(pk=job.pk, file_data__isnull=False).exists():
            return None
        village = job.default_village.name if job.default_village_id else ""
        initial = {
            "default_regency": job.default_regency_id, "default_district": job.default_district_id or "",
            "default_village": village, "regency_name_is_blank": job.regency_name_is_blank,
        }
        return PlaceForm(initial=initial, scope=staff_scope(request.user))

    def place_view(self, request, job_id):
        """POST only, by whoever sees the import (else 404): the whole file's place changes and the
        preview is read again from the stored file. The same values sent twice change nothing."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._job(request, job_id)
        form = PlaceForm(request.POST, scope=staff_scope(request.user))
        if not form.is_valid():
            return self.change_view(request, str(job.pk), extra_context={"place_form": form})
        values = form.place_values()
        if _values_as_place(values) == _place_of(job):
            messages.info(request, _("Tempat seluruh berkas tidak berubah; pratinjau tetap."))
        else:
            _read_again(request, job, _("Tempat seluruh berkas diubah; berkas sedang dibaca ulang."), **values)
        return redirect("admin:registry_importjob_change", job.pk)

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
        else:
            _read_again(request, job, _("Berkas sedang dibaca ulang dengan sheet yang dipilih."), excluded_sheets=excluded)
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
        else:
            _read_again(request, job, _("Pemetaan kolom disimpan; berkas sedang dibaca ulang."), mapping=mapping,
                        applied_format=None)
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


def _read_again(request, job, done_message, **fields):
    """Read the stored file again with these settings changed (a mapping, a place, the sheets):
    the one way every form of the preview re-reads, with the one message when it cannot."""
    if import_job_reread(job=job, **fields):
        preview_import.enqueue(job.pk)
        messages.success(request, done_message)
    else:
        messages.error(request, _("Impor ini tidak dapat dibaca ulang (status: %(status)s).") % {
            "status": job.get_status_display()
        })


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
