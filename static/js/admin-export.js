// The export page's "Pilih semua" toggle (templates/admin/import_export/export.html), wired here
// rather than in an onchange="…" attribute, which the Content-Security-Policy refuses to run.
// onSelectToggleChange comes from django-import-export's export_selectable_fields.js (form.media).
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("select-all-toggle");
  if (toggle && typeof onSelectToggleChange === "function") {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
