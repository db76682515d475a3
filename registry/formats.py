"""Stage 1 of reading a registry file (registry.reading): which format it really is, judged
from its content (the file name may say anything), and whether it is safe to open: size,
zip bombs, password protection, an HTML page saved as .xls. FileProblem, the refusal of a
whole file with a message for the staff member, is raised by every stage."""

import codecs
import io
import logging
import re
import zipfile
from contextlib import contextmanager

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from xlrd import compdoc

logger = logging.getLogger(__name__)

# A sheet is unzipped and parsed in full: refuse archives that would expand to far more than
# any registry needs (a "zip bomb"), judged from the sizes the archive declares. Python's
# zipfile never inflates an entry beyond its declared size.
ZIP_MAX_TOTAL_BYTES = 300 * 1024 * 1024
ZIP_MAX_RATIO = 200
ZIP_RATIO_FROM_BYTES = 10 * 1024 * 1024
# openpyxl holds every shared string in memory as a Python str (~60 bytes even for "a"):
# 12.5 million tiny strings at a ratio of 9 took a worker to 1.1 GB. Bound them by number
# and by unpacked size, whatever the ratio.
SHARED_STRINGS_MAX_COUNT = 1_000_000
SHARED_STRINGS_MAX_BYTES = 200 * 1024 * 1024

ACCEPTED = "XLSX, XLS, ODS, CSV"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


class FileProblem(Exception):
    """The whole file is refused; .message (Bahasa Indonesia) says why and what to do."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def check_size(data):
    if not data:
        raise FileProblem(_("Berkas kosong. Pilih berkas XLSX, XLS, ODS atau CSV yang berisi data."))
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise FileProblem(_(
            "Berkas berukuran %(size)s MB, melebihi batas %(limit)s MB. Pecah menjadi beberapa berkas "
            "(misalnya per kabupaten/kota), lalu unggah lagi."
        ) % {
            "size": number_format(len(data) / 1024 / 1024, 1),
            "limit": number_format(settings.IMPORT_MAX_BYTES / 1024 / 1024, 0),
        })


def not_a_spreadsheet(what=None):
    if what:
        return FileProblem(_("Berkas ini %(what)s, bukan spreadsheet. Format yang diterima: %(formats)s.")
                           % {"what": what, "formats": ACCEPTED})
    return FileProblem(_(
        "Berkas ini bukan spreadsheet yang dikenali. Format yang diterima: %(formats)s. Di Excel: "
        "File → Simpan Sebagai → Buku Kerja Excel (.xlsx), lalu unggah berkas itu."
    ) % {"formats": ACCEPTED})


def damaged(fmt):
    messages = {
        "xlsx": _("Berkas XLSX rusak atau terpotong (mungkin unggahannya terputus). Buka di Excel, simpan "
                  "ulang sebagai .xlsx, lalu unggah lagi."),
        "ods": _("Berkas ODS rusak atau terpotong. Buka di LibreOffice, simpan ulang, lalu unggah lagi."),
        "xls": _("Berkas XLS rusak atau tidak bisa dibaca. Buka di Excel, simpan sebagai Buku Kerja Excel "
                 "(.xlsx), lalu unggah berkas itu."),
        "csv": _("Berkas CSV tidak bisa dibaca. Buka di Excel, simpan ulang sebagai CSV atau XLSX, lalu unggah lagi."),
    }
    return FileProblem(messages[fmt])


def password_protected():
    return FileProblem(_(
        "Berkas dilindungi kata sandi. Buka di Excel, hapus kata sandinya (File → Info → Lindungi Buku Kerja), "
        "simpan, lalu unggah lagi."
    ))


@contextmanager
def damaged_on_error(fmt):
    """A reader's own error (bad XML, a broken zip, a truncated record) means a damaged file."""
    try:
        yield
    except FileProblem:
        raise
    except Exception as error:
        # The message may quote a cell: only the kind of error is logged.
        logger.info("Unreadable %s file: %s", fmt, type(error).__name__)
        raise damaged(fmt) from error


def detect_format(data):
    """"xlsx", "xls", "ods" or "csv", from the content: the file name may say anything."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_format(data)
    if data.startswith(OLE2_SIGNATURE):
        return _ole2_format(data)
    head = data[:16]
    for magic, what in ((b"\x89PNG", _("gambar PNG")), (b"\xff\xd8\xff", _("gambar JPEG")), (b"GIF8", _("gambar GIF")),
                        (b"%PDF", _("dokumen PDF")), (b"{\\rtf", _("dokumen RTF"))):
        if head.startswith(magic):
            raise not_a_spreadsheet(what)
    _check_text(data)
    return "csv"


def _zip_format(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise damaged("ods" if data[30:38] == b"mimetype" and ODS_MIMETYPE in data[38:100] else "xlsx") from error
    if "xl/workbook.xml" in names:
        if "[Content_Types].xml" not in names:
            raise damaged("xlsx")
        fmt = "xlsx"
    elif "mimetype" in names and _read_member(archive, "mimetype", 200).startswith(ODS_MIMETYPE):
        fmt = "ods"
    elif "xl/workbook.bin" in names:
        raise FileProblem(_("Berkas ini Buku Kerja Biner Excel (.xlsb), yang tidak didukung. Di Excel: File → "
                            "Simpan Sebagai → Buku Kerja Excel (.xlsx), lalu unggah berkas itu."))
    elif "word/document.xml" in names:
        raise not_a_spreadsheet(_("dokumen Word (.docx)"))
    elif "ppt/presentation.xml" in names:
        raise not_a_spreadsheet(_("presentasi PowerPoint (.pptx)"))
    elif "mimetype" in names:
        raise not_a_spreadsheet(_("dokumen OpenDocument yang bukan spreadsheet"))
    else:
        raise not_a_spreadsheet(_("arsip ZIP; ekstrak dulu, lalu unggah spreadsheet di dalamnya"))
    _check_zip_sizes(archive, fmt)
    if fmt == "xlsx":
        _check_shared_strings(archive, fmt)
    return fmt


def _read_member(archive, name, limit):
    try:
        with archive.open(name) as member:
            return member.read(limit)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return b""


def _check_zip_sizes(archive, fmt):
    entries = archive.infolist()
    total = sum(entry.file_size for entry in entries)
    swollen = any(
        entry.file_size > ZIP_RATIO_FROM_BYTES and entry.file_size > ZIP_MAX_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    if total > ZIP_MAX_TOTAL_BYTES or swollen:
        raise FileProblem(_(
            "Berkas %(format)s mencurigakan (isi terurai jauh lebih besar dari berkasnya), jadi tidak dibaca. "
            "Buka di Excel, salin datanya saja ke buku kerja baru, simpan, lalu unggah lagi."
        ) % {"format": fmt.upper()})


def _check_shared_strings(archive, fmt):
    entry = next((e for e in archive.infolist() if e.filename.lower().endswith("sharedstrings.xml")), None)
    if entry is None:
        return
    too_many = entry.file_size > SHARED_STRINGS_MAX_BYTES
    if not too_many:
        head = _read_member(archive, entry.filename, 4096)
        declared = [int(n) for n in re.findall(rb'\b(?:count|uniqueCount)="(\d{1,12})"', head)]
        too_many = any(n > SHARED_STRINGS_MAX_COUNT for n in declared) or _counted_strings(archive, entry) > SHARED_STRINGS_MAX_COUNT
    if too_many:
        raise FileProblem(_(
            "Berkas %(format)s memuat terlalu banyak teks berbeda (lebih dari %(count)s), jadi tidak dibaca. "
            "Simpan hanya lembar data yang diperlukan ke buku kerja baru, lalu unggah lagi."
        ) % {"format": fmt.upper(), "count": number_format(SHARED_STRINGS_MAX_COUNT, 0, force_grouping=True)})


def _counted_strings(archive, entry):
    """The <si> elements actually there (a declared count may be missing or lie), read in
    chunks: a bounded, streaming pass over at most SHARED_STRINGS_MAX_BYTES."""
    count, tail = 0, b""
    try:
        with archive.open(entry.filename) as member:
            while chunk := member.read(1024 * 1024):
                window = tail + chunk
                count += window.count(b"<si>") + window.count(b"<si ") + window.count(b":si>") + window.count(b":si ")
                tail = window[-3:]  # a 4-byte tag split across chunks is counted once, in the next window
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return 0
    return count


def _ole2_format(data):
    """An OLE2 compound file is an old Excel workbook (.xls), an encrypted modern one (Excel
    keeps a password-protected .xlsx as OLE2 holding an "EncryptedPackage" stream), or some
    other Office document."""
    try:
        names = {entry.name for entry in compdoc.CompDoc(data, logfile=io.StringIO()).dirlist}
    except Exception as error:  # xlrd's CompDocError, struct.error, IndexError… on a damaged file
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise password_protected() from error
        raise damaged("xls") from error
    if "EncryptedPackage" in names:
        raise password_protected()
    if "Workbook" in names or "Book" in names:
        return "xls"
    if "WordDocument" in names:
        raise not_a_spreadsheet(_("dokumen Word lama (.doc)"))
    raise not_a_spreadsheet(_("dokumen Office lama yang bukan buku kerja Excel"))


def _check_text(data):
    """A CSV is text: no NUL bytes (outside UTF-16) and hardly any control characters."""
    sample = data[:65536]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        sample = sample[2:].decode("utf-16-le" if sample.startswith(codecs.BOM_UTF16_LE) else "utf-16-be", "replace")
        sample = sample.encode("utf-8", "replace")
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    if b"\x00" in sample or controls > max(2, len(sample) // 1000):
        raise not_a_spreadsheet()
    start = sample.lstrip(codecs.BOM_UTF8).lstrip()[:400].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table")) or (
        start.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in sample
    ):
        raise FileProblem(_(
            "Berkas ini halaman web (HTML) atau XML yang diberi nama spreadsheet, biasanya hasil unduhan dari "
            "aplikasi lain. Buka di Excel, pilih File → Simpan Sebagai → Buku Kerja Excel (.xlsx), lalu unggah "
            "berkas itu."
        ))


def sheet_place(sheet):
    """"sheet 'DATA UMKM'", or "berkas ini" for a CSV (no sheets), in a message."""
    return _("sheet '%(sheet)s'") % {"sheet": sheet} if sheet is not None else _("berkas ini")
