"""A streaming XLSX sheet reader on the standard library's expat parser.

openpyxl's read-only mode took 39 s of CPU for a 100,000-row, 22-column registry on the
2-core machine here (bench/README.md); this reader gives the same values in about a sixth of
that, so a whole import fits the 30-second target. It reads what a registry holds: shared and
inline strings, numbers, booleans, dates (by the cell's number format), and formulas, which
arrive as their text ("=SUM(A1:A9)"), never as a cached result. Values match openpyxl's
(read_only, data_only=False): "12" is an int, "12.0" a float, a date a datetime, a missing
cell None; a row is as long as its last cell, an empty row is ().
"""

import posixpath
import xml.parsers.expat
import zipfile
from datetime import datetime

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CHUNK = 1 << 20


def _column_index(letters):
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


_LOCAL = {}  # element name as the sheet writes it → local name ("x:c" → "c")
_COLUMNS = {}  # column letters → 1-based index


def _remember_local(name):
    _LOCAL[name] = local = name[name.rfind(":") + 1:]
    return local


def _remember_column(letters):
    _COLUMNS[letters] = index = _column_index(letters)
    return index


def _parse(member, start=None, end=None, text=None):
    """Run expat over a zip member in chunks, with namespaces reduced to local names."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    while chunk := member.read(_CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _local(name):
    return name.rpartition("}")[2]


class XlsxWorkbook:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.sheets = {}  # name → zip member path, in workbook order
        self.date_styles = set()
        self.shared_strings = []
        self.calendar = CALENDAR_WINDOWS_1900
        self._read_workbook()
        self._read_styles()
        self._read_shared_strings()

    @property
    def sheet_names(self):
        return list(self.sheets)

    def _read_workbook(self):
        targets = {}

        def relationship(name, attrs):
            if _local(name) == "Relationship":
                targets[attrs.get("Id")] = attrs.get("Target", "")

        with self.archive.open("xl/_rels/workbook.xml.rels") as member:
            _parse(member, start=relationship)
        order = []

        def sheet(name, attrs):
            local = _local(name)
            if local == "sheet":
                order.append((attrs.get("name", ""), attrs.get(f"{_RELATIONSHIPS}}}id")))
            elif local == "workbookPr" and attrs.get("date1904") in ("1", "true"):
                self.calendar = CALENDAR_MAC_1904

        with self.archive.open("xl/workbook.xml") as member:
            _parse(member, start=sheet)
        for name, rid in order:
            target = targets.get(rid, "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            self.sheets[name] = path

    def _read_styles(self):
        if "xl/styles.xml" not in self.archive.namelist():
            return
        custom, formats, where = {}, [], []

        def start(name, attrs):
            local = _local(name)
            where.append(local)
            if local == "numFmt":
                custom[int(attrs.get("numFmtId", 0))] = attrs.get("formatCode", "")
            elif local == "xf" and len(where) >= 2 and where[-2] == "cellXfs":
                formats.append(int(attrs.get("numFmtId", 0)))

        def end(name):
            where.pop()

        with self.archive.open("xl/styles.xml") as member:
            _parse(member, start=start, end=end)
        for index, format_id in enumerate(formats):
            code = custom.get(format_id) or BUILTIN_FORMATS.get(format_id, "")
            if code and is_date_format(code):
                self.date_styles.add(index)

    def _read_shared_strings(self):
        path = "xl/sharedStrings.xml"
        if path not in self.archive.namelist():
            return
        strings, parts, state = self.shared_strings, [], {"in_text": False, "in_phonetic": False}

        def start(name, attrs):
            local = _local(name)
            if local == "si":
                parts.clear()
            elif local == "t" and not state["in_phonetic"]:
                state["in_text"] = True
            elif local == "rPh":
                state["in_phonetic"] = True

        def end(name):
            local = _local(name)
            if local == "si":
                strings.append("".join(parts))
            elif local == "t":
                state["in_text"] = False
            elif local == "rPh":
                state["in_phonetic"] = False

        def text(data):
            if state["in_text"]:
                parts.append(data)

        with self.archive.open(path) as member:
            _parse(member, start=start, end=end, text=text)

    def rows(self, sheet_name):
        """(row number, tuple of values) for every row from 1 to the last, empty ones as ()."""
        reader = _SheetReader(self)
        with self.archive.open(self.sheets[sheet_name]) as member:
            # Without namespace processing (names as written, prefix and all): a fifth faster, and
            # a sheet has nothing but its own elements to tell apart.
            parser = xml.parsers.expat.ParserCreate()
            parser.buffer_text = True
            parser.StartElementHandler = reader.start
            parser.EndElementHandler = reader.end
            parser.CharacterDataHandler = reader.text_handler
            expected = 1

            def with_empty_rows(rows):
                """`rows` with the rows the sheet leaves out (empty ones) put back as ()."""
                nonlocal expected
                for number, values in rows:
                    while expected < number:
                        yield expected, ()
                        expected += 1
                    yield number, values
                    expected = number + 1

            while chunk := member.read(_CHUNK):
                parser.Parse(chunk, False)
                yield from with_empty_rows(reader.take())
            parser.Parse(b"", True)
            yield from with_empty_rows(reader.take())


class _SheetReader:
    """expat callbacks for one worksheet; finished rows wait in self.done. They run for each of
    the millions of elements of a large sheet, so the common elements are tested first: a cell
    <c> holds its value in <v>, or a string in <is><t>."""

    def __init__(self, book):
        self.book = book
        self.date_styles = {str(index) for index in book.date_styles}  # as the s="…" attribute writes them
        self.done = []
        self.row_number = 0
        self.cells = {}
        self.column = 0
        self.kind = None
        self.style = "0"
        self.value = None
        self.formula = None
        self.capture = None  # "v", "f" or "t" while inside one
        self.text = ""
        self.in_phonetic = False

    def take(self):
        done, self.done = self.done, []
        return done

    def start(self, name, attrs):
        local = _LOCAL.get(name) or _remember_local(name)
        if local == "c":
            reference = attrs.get("r")
            if reference:
                letters = reference.rstrip("0123456789")
                self.column = _COLUMNS.get(letters) or _remember_column(letters)
            else:
                self.column += 1
            self.kind = attrs.get("t", "n")
            self.style = attrs.get("s", "0")
            self.value = None
            self.formula = None
        elif local == "v" or (local == "t" and not self.in_phonetic):
            self.capture = local
            self.text = ""
        elif local == "is":
            self.value = ""
        elif local == "row":
            reference = attrs.get("r")
            self.row_number = int(reference) if reference else self.row_number + 1
            self.cells = {}
            self.column = 0
        elif local == "f":
            self.capture = local
            self.text = ""
            if self.formula is None:
                self.formula = ""  # a shared formula's other cells have an empty <f/>
        elif local == "rPh":
            self.in_phonetic = True

    def text_handler(self, data):
        if self.capture:
            self.text += data

    def end(self, name):
        local = _LOCAL.get(name) or _remember_local(name)
        if local == "c":
            self.cells[self.column] = self._cell_value()
        elif local == "v":
            if self.capture == "v":
                self.value = self.text
                self.capture = None
        elif local == "t":
            if self.capture == "t":
                self.value = (self.value or "") + self.text
                self.capture = None
        elif local == "row":
            if self.cells:
                width = max(self.cells)
                values = tuple(self.cells.get(index) for index in range(1, width + 1))
            else:
                values = ()
            self.done.append((self.row_number, values))
        elif local == "f":
            if self.capture == "f":
                self.formula = self.text
                self.capture = None
        elif local == "rPh":
            self.in_phonetic = False

    def _cell_value(self):
        if self.formula is not None:
            return "=" + self.formula if self.formula else "=" + (self.value or "")
        value, kind = self.value, self.kind
        if value is None:
            return None
        if kind == "inlineStr" or kind == "str":
            return value
        if kind == "s":
            return self.book.shared_strings[int(value)]
        if kind == "b":
            return value == "1"
        if kind == "e":
            return value
        if kind == "d":
            return datetime.fromisoformat(value)
        number = float(value) if "." in value or "e" in value or "E" in value else int(value)
        if self.style in self.date_styles:
            return from_excel(number, self.book.calendar)
        return number
