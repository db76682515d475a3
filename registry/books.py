"""Stage 2 of reading a registry file (registry.reading): one reader per format (XLSX, XLS,
ODS, CSV), each giving its sheet names and streaming a sheet as (row number, values), cells raw
as the file holds them."""

import codecs
import csv
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from contextlib import closing
from datetime import datetime, time
from itertools import islice

import xlrd
from django.utils.translation import gettext as _

from registry.formats import FileProblem, damaged_on_error, password_protected
from registry.xlsx import XlsxWorkbook

MAX_COLUMNS = 16384  # Excel's limit; an ODS row may claim more through repeated cells


def open_book(fmt, data):
    books = {"xlsx": _XlsxBook, "xls": _XlsBook, "ods": _OdsBook, "csv": _CsvBook}
    with damaged_on_error(fmt):
        return books[fmt](data)


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

    sheet_size = row_bound  # the rows of the sheet, as listed in the preview

    def sheet_rows(self, sheet):
        with damaged_on_error(self.format):
            yield from self.workbook.rows(sheet)
_XLSX_ROW = re.compile(rb"<(?:\w+:)?row[\s>]")
_ODS_ROW = re.compile(rb"<table:table-row[\s>/]")


def _count_in_member(fmt, data, name, pattern):
    """Occurrences of a tag in a zip member, inflated piece by piece (far faster than parsing)."""
    count, tail = 0, b""
    with damaged_on_error(fmt), zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(name) as member:
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
                raise password_protected() from error
            raise
        self.sheet_names = self.book.sheet_names()

    def row_bound(self, sheet):
        with damaged_on_error(self.format):
            return self.book.sheet_by_name(sheet).nrows

    sheet_size = row_bound

    def sheet_rows(self, sheet):
        with damaged_on_error(self.format):
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

    def sheet_size(self, sheet):
        """Rows of one sheet: row_bound counts the whole document, so known for a lone sheet only."""
        return self.row_bound(sheet) if len(self.sheet_names) == 1 else None

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
        with damaged_on_error(self.format), zipfile.ZipFile(io.BytesIO(self.data)) as archive, \
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

    sheet_size = row_bound

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
