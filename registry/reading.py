"""Reading a registry spreadsheet: which format it really is, which sheet and which rows hold
the data, and which column holds which field.

read_table() refuses a file it cannot read as a whole with FileProblem, whose message tells
the dinas staff member why and what to do. It reads the first rows only (format, sheet, header);
Table.rows() then streams the data rows, so a 100,000-row sheet is never held in memory.
Cells arrive raw, as the reader gave them; registry.cleaning makes sense of them.
"""

import codecs
import csv
import io
import logging
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from contextlib import closing, contextmanager
from datetime import datetime, time
from itertools import islice, takewhile
from typing import NamedTuple

import xlrd
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from xlrd import compdoc

from registry.columns import FIELDS, REQUIRED, header_key, match_header
from registry.xlsx import XlsxWorkbook

logger = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 30
# A sheet is unzipped and parsed in full: refuse archives that would expand to far more than
# any registry needs (a "zip bomb"), judged from the sizes the archive declares. Python's
# zipfile never inflates an entry beyond its declared size.
ZIP_MAX_TOTAL_BYTES = 300 * 1024 * 1024
ZIP_MAX_RATIO = 200
ZIP_RATIO_FROM_BYTES = 10 * 1024 * 1024
# After a JUMLAH/TOTAL row, this many rows are kept aside in case it was a subtotal with more
# data below; beyond that the rest of the sheet is footer (signature block, notes).
FOOTER_LOOKAHEAD_ROWS = 50
MAX_COLUMNS = 16384  # Excel's limit; an ODS row may claim more through repeated cells

ACCEPTED = "XLSX, XLS, ODS, CSV"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
SKIP_REASONS = ("blank", "section", "column_numbers", "repeated_header", "subtotal", "footer")
_FOOTER_LABEL = re.compile(r"(jumlah|total|grand total|sub ?total)( |$)")
_FOOTER_HINT = re.compile(r"\W*(jumlah|total|grand|sub)", re.IGNORECASE)  # cheap test before header_key


class FileProblem(Exception):
    """The whole file is refused; .message (Bahasa Indonesia) says why and what to do."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class Column(NamedTuple):
    index: int  # 0-based
    letter: str  # "A", …, "AB"
    header: str  # as written; the two levels of a merged header joined: "ALAMAT USAHA / KECAMATAN"
    field: str | None
    note: str  # why the column is not imported ("" when it is)


class Table:
    """The data of one sheet (or CSV file).

    skipped and formula_rows fill in as rows() runs: they are complete once it is exhausted.
    skipped lists Excel row numbers (CSV: record numbers) under "blank" (inside the data, not
    trailing), "section" (a lone title such as "BINAAN PLUT SUMSEL"), "column_numbers" (1, 2, 3 …
    under the header), "repeated_header", "subtotal" (a JUMLAH row with data below it) and
    "footer" (the JUMLAH/TOTAL row and every non-blank row after it).
    """

    def __init__(self, *, book, filename, sheet, header, ignored_sheets):
        self._book = book
        self.filename = filename
        self.format = book.format
        self.sheet = sheet
        self.header_rows = header.rows
        self.columns = header.columns
        self.ignored_sheets = ignored_sheets
        self._header_texts = header.texts
        bound = book.row_bound(sheet)
        self.estimated_rows = max(bound - header.rows[-1], 0) if bound is not None else None
        self.skipped = {reason: [] for reason in SKIP_REASONS}
        self.formula_rows = 0

    @property
    def fields(self):
        return {column.field for column in self.columns if column.field}

    def column_of(self, field):
        return next((column for column in self.columns if column.field == field), None)

    def rows(self):
        """(row number, {field: raw value}) of each data row, in order. May raise FileProblem
        (more rows than settings.IMPORT_MAX_ROWS, a damaged file, a sheet of formulas)."""
        self.skipped = {reason: [] for reason in SKIP_REASONS}
        self.formula_rows = 0
        sorter = _RowSorter(self)
        with closing(self._book.sheet_rows(self.sheet)) as source:
            for number, values in source:
                if number > self.header_rows[-1]:
                    yield from sorter.take(number, values)
        sorter.finish()


def read_table(data, filename, kind):
    """The data table of an uploaded registry file for this kind of import ("business" or
    "product"). Raises FileProblem when the file cannot be imported as a whole."""
    if kind not in FIELDS:
        raise ValueError(f"unknown import kind {kind!r}")
    _check_size(data)
    book = _open_book(_detect_format(data), data)
    table = _choose_table(book, filename, kind)
    if (table.estimated_rows or 0) > settings.IMPORT_MAX_ROWS:
        # Probably too many rows: count them now (stopping past the limit) rather than let the
        # pipeline clean 200,000 rows first. Table.rows() enforces the limit in any case.
        table.estimated_rows = sum(1 for _row in table.rows())
    return table


# The file as a whole ----------------------------------------------------------------------


def _check_size(data):
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


def _not_a_spreadsheet(what=None):
    if what:
        return FileProblem(_("Berkas ini %(what)s, bukan spreadsheet. Format yang diterima: %(formats)s.")
                           % {"what": what, "formats": ACCEPTED})
    return FileProblem(_(
        "Berkas ini bukan spreadsheet yang dikenali. Format yang diterima: %(formats)s. Di Excel: "
        "File → Simpan Sebagai → Buku Kerja Excel (.xlsx), lalu unggah berkas itu."
    ) % {"formats": ACCEPTED})


def _damaged(fmt):
    messages = {
        "xlsx": _("Berkas XLSX rusak atau terpotong (mungkin unggahannya terputus). Buka di Excel, simpan "
                  "ulang sebagai .xlsx, lalu unggah lagi."),
        "ods": _("Berkas ODS rusak atau terpotong. Buka di LibreOffice, simpan ulang, lalu unggah lagi."),
        "xls": _("Berkas XLS rusak atau tidak bisa dibaca. Buka di Excel, simpan sebagai Buku Kerja Excel "
                 "(.xlsx), lalu unggah berkas itu."),
        "csv": _("Berkas CSV tidak bisa dibaca. Buka di Excel, simpan ulang sebagai CSV atau XLSX, lalu unggah lagi."),
    }
    return FileProblem(messages[fmt])


def _password_protected():
    return FileProblem(_(
        "Berkas dilindungi kata sandi. Buka di Excel, hapus kata sandinya (File → Info → Lindungi Buku Kerja), "
        "simpan, lalu unggah lagi."
    ))


@contextmanager
def _reading(fmt):
    """A reader's own error (bad XML, a broken zip, a truncated record) means a damaged file."""
    try:
        yield
    except FileProblem:
        raise
    except Exception as error:
        # The message may quote a cell: only the kind of error is logged.
        logger.info("Unreadable %s file: %s", fmt, type(error).__name__)
        raise _damaged(fmt) from error


def _detect_format(data):
    """"xlsx", "xls", "ods" or "csv", from the content: the file name may say anything."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_format(data)
    if data.startswith(OLE2_SIGNATURE):
        return _ole2_format(data)
    head = data[:16]
    for magic, what in ((b"\x89PNG", _("gambar PNG")), (b"\xff\xd8\xff", _("gambar JPEG")), (b"GIF8", _("gambar GIF")),
                        (b"%PDF", _("dokumen PDF")), (b"{\\rtf", _("dokumen RTF"))):
        if head.startswith(magic):
            raise _not_a_spreadsheet(what)
    _check_text(data)
    return "csv"


def _zip_format(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _damaged("ods" if data[30:38] == b"mimetype" and ODS_MIMETYPE in data[38:100] else "xlsx") from error
    if "xl/workbook.xml" in names:
        if "[Content_Types].xml" not in names:
            raise _damaged("xlsx")
        fmt = "xlsx"
    elif "mimetype" in names and _read_member(archive, "mimetype", 200).startswith(ODS_MIMETYPE):
        fmt = "ods"
    elif "xl/workbook.bin" in names:
        raise FileProblem(_("Berkas ini Buku Kerja Biner Excel (.xlsb), yang tidak didukung. Di Excel: File → "
                            "Simpan Sebagai → Buku Kerja Excel (.xlsx), lalu unggah berkas itu."))
    elif "word/document.xml" in names:
        raise _not_a_spreadsheet(_("dokumen Word (.docx)"))
    elif "ppt/presentation.xml" in names:
        raise _not_a_spreadsheet(_("presentasi PowerPoint (.pptx)"))
    elif "mimetype" in names:
        raise _not_a_spreadsheet(_("dokumen OpenDocument yang bukan spreadsheet"))
    else:
        raise _not_a_spreadsheet(_("arsip ZIP; ekstrak dulu, lalu unggah spreadsheet di dalamnya"))
    _check_zip_sizes(archive, fmt)
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


def _ole2_format(data):
    """An OLE2 compound file is an old Excel workbook (.xls), an encrypted modern one (Excel
    keeps a password-protected .xlsx as OLE2 holding an "EncryptedPackage" stream), or some
    other Office document."""
    try:
        names = {entry.name for entry in compdoc.CompDoc(data, logfile=io.StringIO()).dirlist}
    except Exception as error:  # xlrd's CompDocError, struct.error, IndexError… on a damaged file
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise _password_protected() from error
        raise _damaged("xls") from error
    if "EncryptedPackage" in names:
        raise _password_protected()
    if "Workbook" in names or "Book" in names:
        return "xls"
    if "WordDocument" in names:
        raise _not_a_spreadsheet(_("dokumen Word lama (.doc)"))
    raise _not_a_spreadsheet(_("dokumen Office lama yang bukan buku kerja Excel"))


def _check_text(data):
    """A CSV is text: no NUL bytes (outside UTF-16) and hardly any control characters."""
    sample = data[:65536]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        sample = sample[2:].decode("utf-16-le" if sample.startswith(codecs.BOM_UTF16_LE) else "utf-16-be", "replace")
        sample = sample.encode("utf-8", "replace")
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    if b"\x00" in sample or controls > max(2, len(sample) // 1000):
        raise _not_a_spreadsheet()
    start = sample.lstrip(codecs.BOM_UTF8).lstrip()[:400].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table")) or (
        start.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in sample
    ):
        raise FileProblem(_(
            "Berkas ini halaman web (HTML) atau XML yang diberi nama spreadsheet, biasanya hasil unduhan dari "
            "aplikasi lain. Buka di Excel, pilih File → Simpan Sebagai → Buku Kerja Excel (.xlsx), lalu unggah "
            "berkas itu."
        ))


def _open_book(fmt, data):
    books = {"xlsx": _XlsxBook, "xls": _XlsBook, "ods": _OdsBook, "csv": _CsvBook}
    with _reading(fmt):
        return books[fmt](data)


# Readers: each gives its sheet names and streams a sheet as (row number, values) ----------


class _XlsxBook:
    format = "xlsx"

    def __init__(self, data):
        self.data = data
        # registry.xlsx, not openpyxl: six times faster on a 100,000-row sheet. Formulas arrive
        # as their text ("=SUM(…)"), never as a stale cached value.
        self.archive = zipfile.ZipFile(io.BytesIO(data))
        self.workbook = XlsxWorkbook(self.archive)
        self.sheet_names = self.workbook.sheet_names

    def row_bound(self, sheet):
        """The sheet's <row> elements, counted without parsing the XML (some writers leave out
        or misstate the declared dimensions)."""
        return _count_in_member(self.format, self.data, self.workbook.sheets[sheet], _XLSX_ROW)

    def sheet_rows(self, sheet):
        with _reading(self.format):
            yield from self.workbook.rows(sheet)


_XLSX_ROW = re.compile(rb"<(?:\w+:)?row[\s>]")
_ODS_ROW = re.compile(rb"<table:table-row[\s>/]")


def _count_in_member(fmt, data, name, pattern):
    """Occurrences of a tag in a zip member, inflated piece by piece (far faster than parsing)."""
    count, tail = 0, b""
    with _reading(fmt), zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(name) as member:
        while chunk := member.read(1 << 20):
            text = tail + chunk
            count += len(pattern.findall(text))
            tail = text[-40:]
            count -= len(pattern.findall(tail))  # counted with the next piece
    return count + len(pattern.findall(tail))


class _XlsBook:
    format = "xls"

    def __init__(self, data):
        try:
            self.book = xlrd.open_workbook(file_contents=data, logfile=io.StringIO())
        except xlrd.XLRDError as error:
            if "encrypted" in str(error).lower():
                raise _password_protected() from error
            raise
        self.sheet_names = self.book.sheet_names()

    def row_bound(self, sheet):
        with _reading(self.format):
            return self.book.sheet_by_name(sheet).nrows

    def sheet_rows(self, sheet):
        with _reading(self.format):
            worksheet = self.book.sheet_by_name(sheet)
            for index in range(worksheet.nrows):
                cells = zip(worksheet.row_types(index), worksheet.row_values(index))
                yield index + 1, tuple(self._value(kind, value) for kind, value in cells)

    def _value(self, kind, value):
        """As openpyxl gives a cell: a whole number as int (an .xls stores every number as a float),
        a date as datetime, an error as its text ("#N/A"). No formula text: .xls keeps results only."""
        if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        if kind == xlrd.XL_CELL_NUMBER:
            return int(value) if value.is_integer() else value
        if kind == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate.xldate_as_datetime(value, self.book.datemode)
            except (xlrd.xldate.XLDateError, ValueError, OverflowError):
                return value
        if kind == xlrd.XL_CELL_BOOLEAN:
            return bool(value)
        if kind == xlrd.XL_CELL_ERROR:
            return xlrd.error_text_from_code.get(value, "#ERR")
        return value if value != "" else None


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODS_TIME = re.compile(r"PT(\d+)H(\d+)M(\d+)(?:\.\d+)?S")


class _OdsBook:
    """OpenDocument spreadsheets, streamed from content.xml (odfpy would build the whole
    document in memory). Each pass over a sheet parses the document up to that sheet."""

    format = "ods"

    def __init__(self, data):
        self.data = data
        self.sheet_names = [name for event, name, *_rest in self._events() if event == "sheet"]

    def row_bound(self, sheet):
        """<table:table-row> elements in the whole document: a rough figure (several sheets, rows
        repeated through an attribute), good for progress; Table.rows() enforces the limit."""
        return _count_in_member(self.format, self.data, "content.xml", _ODS_ROW)

    def sheet_rows(self, sheet):
        current = None
        with closing(self._events()) as events:
            for event, *payload in events:
                if event == "sheet":
                    if current == sheet:
                        return
                    current = payload[0]
                elif current == sheet:
                    yield payload[0], payload[1]

    def _events(self):
        """("sheet", name) as each table starts, then ("row", number, values) for its non-empty rows."""
        with _reading(self.format), zipfile.ZipFile(io.BytesIO(self.data)) as archive, \
                archive.open("content.xml") as source:
            parents, number = [], 0
            for event, element in ET.iterparse(source, events=("start", "end")):
                if event == "start":
                    parents.append(element)
                    if element.tag == _TABLE + "table":
                        number = 0
                        yield "sheet", element.get(_TABLE + "name")
                    continue
                parents.pop()
                if element.tag != _TABLE + "table-row":
                    continue
                repeat = int(element.get(_TABLE + "number-rows-repeated", "1"))
                values = _ods_row_values(element)
                parents[-1].remove(element)  # keep memory flat on long sheets
                if not values:
                    number += repeat
                    continue
                for _repeat in range(repeat):
                    number += 1
                    yield "row", number, values


def _ods_row_values(row):
    values, empty_before = [], 0
    for cell in row:
        if cell.tag not in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            continue
        repeat = int(cell.get(_TABLE + "number-columns-repeated", "1"))
        value = _ods_cell_value(cell) if cell.tag == _TABLE + "table-cell" else None
        if value is None:
            empty_before += repeat  # trailing empty cells often repeat to column 16384
            continue
        room = MAX_COLUMNS - len(values) - empty_before
        if room <= 0:
            break
        values.extend([None] * empty_before + [value] * min(repeat, room))
        empty_before = 0
    return tuple(values)


def _ods_cell_value(cell):
    formula = cell.get(_TABLE + "formula")
    if formula:
        formula = re.sub(r"^[a-z]+:(?==)", "", formula)  # "of:=SUM([.A1:.A3])" → "=SUM([.A1:.A3])"
        return formula if formula.startswith("=") else "=" + formula
    kind = cell.get(_OFFICE + "value-type")
    try:
        if kind in ("float", "percentage", "currency"):
            number = cell.get(_OFFICE + "value")
            return int(number) if re.fullmatch(r"-?\d+", number) else float(number)
        if kind == "date":
            return datetime.fromisoformat(cell.get(_OFFICE + "date-value"))
        if kind == "time":
            hours, minutes, seconds = map(int, _ODS_TIME.fullmatch(cell.get(_OFFICE + "time-value")).groups())
            return time(hours % 24, minutes, seconds)
        if kind == "boolean":
            return cell.get(_OFFICE + "boolean-value") == "true"
    except (TypeError, ValueError, AttributeError):
        pass  # an odd value attribute: the text as shown
    text = "\n".join(_ods_text(paragraph) for paragraph in cell if paragraph.tag == _TEXT + "p")
    return text or cell.get(_OFFICE + "string-value") or None


def _ods_text(element):
    parts = [element.text or ""]
    for child in element:
        if child.tag == _TEXT + "s":
            parts.append(" " * int(child.get(_TEXT + "c", "1")))
        elif child.tag == _TEXT + "tab":
            parts.append("\t")
        elif child.tag == _TEXT + "line-break":
            parts.append("\n")
        elif child.tag != _OFFICE + "annotation":
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


class _CsvBook:
    """CSV as exported by Excel and old desktop programs: any of the usual encodings and
    delimiters, quoted cells with line breaks. Row numbers are record numbers."""

    format = "csv"
    sheet_names = [None]

    def __init__(self, data):
        self.data = data
        self.encoding = _csv_encoding(data)
        with self._text_stream() as stream:
            self.delimiter = _csv_delimiter(stream.read(65536))

    def _text_stream(self):
        # cp1252 leaves five bytes undefined: shown as "�" rather than refusing the file.
        return io.TextIOWrapper(io.BytesIO(self.data), encoding=self.encoding, errors="replace", newline="")

    def row_bound(self, sheet):
        return self.data.count(b"\n") + 1

    def sheet_rows(self, sheet):
        number = 0
        try:
            with self._text_stream() as stream:
                for number, record in enumerate(csv.reader(stream, delimiter=self.delimiter), start=1):
                    yield number, tuple(cell if cell != "" else None for cell in record)
        except csv.Error as error:
            raise FileProblem(_(
                "Berkas CSV tidak bisa dibaca mulai baris %(row)d: ada tanda kutip (\") yang tidak ditutup atau "
                "sel yang terlalu panjang. Perbaiki di Excel, simpan lagi sebagai CSV, lalu unggah lagi."
            ) % {"row": number + 1}) from error


def _csv_encoding(data):
    """A byte-order mark decides; else UTF-8 when every byte fits, else Windows-1252 (what Excel
    and old Windows programs write in Indonesia)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), 1 << 20):  # checked in pieces: no second copy of the file
            decoder.decode(data[start:start + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _csv_delimiter(sample):
    """The delimiter that splits the first records into the most columns, consistently."""
    best, best_width = ",", 1
    for delimiter in (";", ",", "\t", "|"):
        try:
            records = list(islice(csv.reader(io.StringIO(sample), delimiter=delimiter), 50))
        except csv.Error:
            continue
        if len(sample) >= 65536:
            records = records[:-1]  # may be cut short
        widths = Counter(len(record) for record in records if any(cell.strip() for cell in record))
        if not widths:
            continue
        width, count = widths.most_common(1)[0]
        if width > best_width and count * 2 >= sum(widths.values()):
            best, best_width = delimiter, width
    return best


# Sheet and header -------------------------------------------------------------------------


class _Header(NamedTuple):
    rows: list  # Excel row numbers
    columns: list  # Column
    texts: list  # per column, the header_key of each header level (to recognise a repeated header)
    fields: frozenset


class _SheetLook(NamedTuple):
    """What the first rows of a sheet say."""

    name: str | None
    header: _Header | None  # the best header holding the required fields
    near_miss: _Header | None  # a header-like row without a required field
    only_formulas: bool


def _choose_table(book, filename, kind):
    looks = [_look_at(book, sheet, kind) for sheet in book.sheet_names]
    usable = [look for look in looks if look.header]
    if not usable:
        raise _no_header(looks, kind)
    chosen = max(usable, key=lambda look: len(look.header.fields))  # the first of equals
    ignored = [_why_ignored(look, chosen, kind) for look in looks if look is not chosen]
    return Table(book=book, filename=filename, sheet=chosen.name, header=chosen.header, ignored_sheets=ignored)


def _look_at(book, sheet, kind):
    with closing(book.sheet_rows(sheet)) as source:
        # A two-row header may start on the last searched row.
        first = list(takewhile(lambda row: row[0] <= HEADER_SEARCH_ROWS + 1, source))
    filled = [value for _number, values in first for value in values if not _is_empty(value)]
    only_formulas = bool(filled) and all(_is_formula(value) for value in filled)
    candidates = []
    for position, (number, values) in enumerate(first):
        if number > HEADER_SEARCH_ROWS:
            break
        candidates.append(_header_of([(number, values)], kind))
        after = first[position + 1] if position + 1 < len(first) else None
        if after and after[0] == number + 1 and _could_be_subheader(after[1]):
            candidates.append(_header_of([(number, values), after], kind))
    complete = [header for header in candidates if REQUIRED[kind] <= header.fields]
    partial = [header for header in candidates if len(header.fields) >= 2]
    return _SheetLook(
        name=sheet,
        header=_best(complete),
        near_miss=_best(partial) if not complete else None,
        only_formulas=only_formulas,
    )


def _best(headers):
    """The header naming the most fields; of equals, the single row, then the first."""
    if not headers:
        return None
    return max(headers, key=lambda header: (len(header.fields), -len(header.rows), -header.rows[0]))


def _could_be_subheader(values):
    filled = [value for value in values if not _is_empty(value)]
    return bool(filled) and all(isinstance(value, str) and not _is_formula(value) for value in filled)


def _header_of(rows, kind):
    """The columns named by one header row, or by a row and the sub-header row under it. Under a
    merged group header ("ALAMAT USAHA" over KABUPATEN/KOTA … JALAN) the sub-header names the
    field and the group only adds to the column's title. openpyxl's read-only mode does not
    see merged ranges: the cells a merge covers simply read as empty."""
    top = rows[0][1]
    sub = rows[1][1] if len(rows) > 1 else ()
    width = max(len(top), len(sub))
    titles, group = [], None
    for index in range(width):
        upper, lower = _cell_text(top, index), _cell_text(sub, index)
        if upper and lower:
            group = upper
        elif not lower:
            group = None
        if lower:
            titles.append((f"{group} / {lower}" if group else lower, lower, (header_key(upper), header_key(lower))))
        else:
            titles.append((upper, upper, (header_key(upper),)))
    while titles and not titles[-1][0]:
        titles.pop()
    columns, taken = [], {}
    for index, (title, naming, keys) in enumerate(titles):
        field = match_header(naming, kind) if naming else None
        note = ""
        if not title:
            note = _("Kolom tanpa judul; tidak diimpor.")
        elif field is None:
            note = _("Judul kolom tidak dikenali; kolom ini tidak diimpor.")
        elif field in taken:
            note = _("Kolom %(first)s sudah dipakai untuk isian yang sama; kolom ini tidak diimpor.") % {
                "first": taken[field]}
            field = None
        else:
            taken[field] = get_column_letter(index + 1)
        columns.append(Column(index, get_column_letter(index + 1), title, field, note))
    return _Header(
        rows=[number for number, _values in rows],
        columns=columns,
        texts=[keys for _title, _naming, keys in titles],
        fields=frozenset(taken),
    )


def _cell_text(values, index):
    if index >= len(values) or _is_empty(values[index]):
        return ""
    return str(values[index]).strip()


_EXAMPLES = {"business": "'Nama Usaha', 'Kabupaten/Kota'", "product": "'Nama Produk', 'Harga'"}
_REQUIRED_TITLES = {"business": "'Nama Usaha'", "product": "'Nama Produk'"}


def _no_header(looks, kind):
    near_misses = [look for look in looks if look.near_miss]
    if near_misses:
        look = max(near_misses, key=lambda look: len(look.near_miss.fields))
        found = ", ".join(f"'{c.header}'" for c in look.near_miss.columns if c.field)
        return FileProblem(_(
            "Baris %(row)d di %(where)s tampak seperti judul kolom, tetapi tidak ada kolom %(required)s (yang "
            "dikenali: %(found)s). Periksa apakah jenis impor yang dipilih benar, atau beri kolom itu judul yang "
            "jelas, lalu unggah lagi."
        ) % {"row": look.near_miss.rows[0], "where": _place(look.name), "required": _REQUIRED_TITLES[kind],
             "found": found})
    if looks and all(look.only_formulas for look in looks):
        return FileProblem(_(
            "Tidak menemukan baris judul kolom: %(where)s hanya berisi rumus (formula), bukan nilai. Salin datanya, "
            "lalu Tempel Spesial → Nilai ke buku kerja baru, simpan, lalu unggah lagi."
        ) % {"where": _where(looks)})
    return FileProblem(_(
        "Tidak menemukan baris judul kolom (misalnya %(examples)s) di %(rows)d baris pertama %(where)s. Pastikan "
        "satu baris di atas data berisi judul kolom, lalu unggah lagi."
    ) % {"examples": _EXAMPLES[kind], "rows": HEADER_SEARCH_ROWS, "where": _where(looks)})


def _place(sheet):
    return _("sheet '%(sheet)s'") % {"sheet": sheet} if sheet is not None else _("berkas ini")


def _where(looks):
    names = [look.name for look in looks if look.name is not None]
    if not names:
        return _("berkas")
    if len(names) == 1:
        return _("sheet '%(sheet)s'") % {"sheet": names[0]}
    return _("sheet mana pun (%(sheets)s)") % {"sheets": ", ".join(f"'{name}'" for name in names)}


def _why_ignored(look, chosen, kind):
    if look.near_miss:
        reason = _("tidak ada kolom %(required)s") % {"required": _REQUIRED_TITLES[kind]}
    elif look.header:
        reason = _("kolom yang dikenali lebih sedikit (%(found)d) daripada sheet '%(chosen)s' (%(best)d)") % {
            "found": len(look.header.fields), "chosen": chosen.name, "best": len(chosen.header.fields)}
    elif look.only_formulas:
        reason = _("hanya berisi rumus (formula)")
    else:
        reason = _("tidak ada baris judul kolom data")
    return _("%(sheet)s: %(reason)s") % {"sheet": look.name, "reason": reason}


# Data rows --------------------------------------------------------------------------------


def _is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _is_formula(value):
    return isinstance(value, str) and value.startswith("=")


class _RowSorter:
    """Sorts the rows under the header into data, blank, section, column-number, repeated-header,
    subtotal and footer rows, in one pass."""

    def __init__(self, table):
        self.table = table
        self.skipped = table.skipped
        self.mapped = [(column.index, column.field) for column in table.columns if column.field]
        self.number_index = self._index_of("number")
        self.name_index = self._index_of("name")
        self.previous = table.header_rows[-1]
        self.blank_run = []  # blank rows, reported once data follows them
        self.footer = None  # (row, rows kept aside) after a JUMLAH/TOTAL row
        self.footer_final = False
        self.data_rows = 0

    def _index_of(self, field):
        return next((index for index, mapped in self.mapped if mapped == field), None)

    def take(self, number, values):
        """The data rows among this row and any rows skipped before it (readers leave out empty rows)."""
        for missing in range(self.previous + 1, number):
            yield from self._route(missing, ())
        self.previous = number
        yield from self._route(number, values)

    def finish(self):
        if self.footer:
            self._close_footer()

    def _route(self, number, values):
        filled = [(index, value) for index, value in enumerate(values) if not _is_empty(value)]
        if self.footer_final:
            if filled:
                self.skipped["footer"].append(number)
            return
        if self.footer is None:
            yield from self._sort(number, values, filled)
            return
        if not self._looks_like_data(filled):
            self.footer[1].append((number, values, filled))
            if len(self.footer[1]) >= FOOTER_LOOKAHEAD_ROWS:
                self._close_footer()
            return
        # Data again: the JUMLAH row was a subtotal. The rows kept aside are sorted as usual.
        subtotal, kept = self.footer
        self.footer = None
        self.skipped["subtotal"].append(subtotal)
        for kept_number, kept_values, _kept_filled in kept:
            yield from self._route(kept_number, kept_values)
        yield from self._route(number, values)

    def _close_footer(self):
        row, kept = self.footer
        self.skipped["footer"].extend([row] + [number for number, _values, filled in kept if filled])
        self.footer = None
        self.footer_final = True

    def _sort(self, number, values, filled):
        if not filled or self._only_a_row_number(filled):
            self.blank_run.append(number)
        elif self._is_column_numbers(filled):
            self._skip("column_numbers", number)
        elif self._is_repeated_header(filled):
            self._skip("repeated_header", number)
        elif self._is_footer(filled):
            self.blank_run = []  # blank rows before the footer are not inside the data
            self.footer = (number, [])
        elif self._is_section(filled):
            self._skip("section", number)
        else:
            yield self._data(number, values, filled)

    def _skip(self, reason, number):
        self._flush_blanks()
        self.skipped[reason].append(number)

    def _flush_blanks(self):
        self.skipped["blank"].extend(self.blank_run)
        self.blank_run = []

    def _data(self, number, values, filled):
        self._flush_blanks()
        self.data_rows += 1
        if self.data_rows > settings.IMPORT_MAX_ROWS:
            raise FileProblem(_("Berkas berisi lebih dari %(limit)s baris data; pecah menjadi beberapa berkas.")
                              % {"limit": number_format(settings.IMPORT_MAX_ROWS, force_grouping=True)})
        row = {field: values[index] if index < len(values) else None for index, field in self.mapped}
        # A numbering formula (=A7+1) changes nothing that is imported.
        if any(_is_formula(value) for field, value in row.items() if field != "number"):
            self.table.formula_rows += 1
        return number, row

    def _only_a_row_number(self, filled):
        """A numbered row left empty (the numbers were filled down in advance)."""
        return len(filled) == 1 and filled[0][0] == self.number_index and _whole_number(filled[0][1]) is not None

    @staticmethod
    def _is_column_numbers(filled):
        """1, 2, 3 … n (or "(1)", "(2)" …) under the header, as printed registries number their columns."""
        if len(filled) < 3 or _column_number(filled[0][1]) != 1:
            return False
        return [_column_number(value) for _index, value in filled] == list(range(1, len(filled) + 1))

    def _is_repeated_header(self, filled):
        texts = self.table._header_texts
        cells = dict(filled)
        name = cells.get(self.name_index)
        if name is not None and header_key(name) not in texts[self.name_index]:
            return False  # the usual case, settled with one comparison
        same = sum(
            1 for index, value in filled
            if index < len(texts) and isinstance(value, str) and header_key(value) in texts[index]
        )
        return same >= min(3, len(self.mapped)) and same * 2 > len(filled)

    def _is_footer(self, filled):
        """A JUMLAH/TOTAL row, or a row of formulas only (column totals)."""
        if all(_is_formula(value) for _index, value in filled):
            if not self.data_rows:
                raise FileProblem(_(
                    "Baris data di %(where)s berisi rumus (formula), bukan nilai. Salin datanya, lalu Tempel "
                    "Spesial → Nilai ke buku kerja baru, simpan, lalu unggah lagi."
                ) % {"where": _place(self.table.sheet)})
            return True
        texts = [(index, value) for index, value in filled if isinstance(value, str) and not _is_formula(value)]
        if not texts or len(texts) > 2 or not _FOOTER_HINT.match(texts[0][1]):
            return False
        if not _FOOTER_LABEL.match(header_key(texts[0][1])):
            return False
        # "Total Jaya Motor" numbered like every data row is a business, not a total.
        numbered = self.number_index is not None and any(
            index == self.number_index and _whole_number(value) is not None for index, value in filled
        )
        return not numbered

    @staticmethod
    def _is_section(filled):
        """A lone text between data rows: a title ("BINAAN PLUT SUMSEL"), or a note. A row holding
        nothing but a name is one too: without anything else it is no business to import."""
        return len(filled) == 1 and isinstance(filled[0][1], str) and not _is_formula(filled[0][1])

    def _looks_like_data(self, filled):
        """A row that can only be data: a name, a row number where the sheet numbers its rows,
        and at least two other imported values."""
        cells = dict(filled)
        if self.name_index is None or _is_empty(cells.get(self.name_index)):
            return False
        if self.number_index is not None and _whole_number(cells.get(self.number_index)) is None:
            return False
        others = [index for index, _field in self.mapped if index in cells and index not in (self.name_index,
                                                                                            self.number_index)]
        return len(others) >= 2 and not any(_is_formula(value) for value in cells.values())


def _column_number(value):
    if isinstance(value, str):
        value = value.strip().strip("().")
    return _whole_number(value)


def _whole_number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
