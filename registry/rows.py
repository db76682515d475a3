"""Stage 4 of reading a registry file (registry.reading): sorting the rows under the header
into data rows and the rest (blank, section, column-number, repeated-header, continuation,
subtotal and footer rows), in one pass.

A row is known by its row id: the Excel row number (a CSV's record number) on the first sheet
read, plus SHEET_ROW_BASE × the sheet's position among the sheets read together on the others
(row_id, RowNames). Every dict and list of the import keyed by row uses the row id, so rows of
two sheets never collide; whatever staff see names the sheet and the Excel row (RowNames)."""

import re

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from registry.columns import header_key
from registry.formats import FileProblem, sheet_place

# After a JUMLAH/TOTAL row, this many rows are kept aside in case it was a subtotal with more
# data below; beyond that the rest of the sheet is footer (signature block, notes).
FOOTER_LOOKAHEAD_ROWS = 50
SKIP_REASONS = (
    "blank", "section", "column_numbers", "repeated_header", "continuation", "continuation_dropped", "subtotal", "footer",
)
# Over a million rows per sheet (Excel's limit is 1,048,576), and room for 214 sheets in a
# PositiveIntegerField (ImportProblem.row, ImportChange.row).
SHEET_ROW_BASE = 10_000_000
# A continuation row (no name, under a business) adds its text in these columns to the row above.
CONTINUED_FIELDS = {"main_products": ", ", "address": " ", "description": " "}
# Fields that identify a business of its own: a row holding one is never a continuation.
_OWN_IDENTITY = ("nib", "nik")
_SECTION_TITLE = re.compile(
    r"\s*(?:(?:[A-Z]|[IVX]+)[.)]\s|(?:kecamatan|kelurahan|desa|kabupaten|kota|kab\.|kec\.|sektor|bidang|kelompok|binaan)\b)",
    re.IGNORECASE,
)
_OUTLINE_MARK = re.compile(r"\s*(?:[A-Za-z]|[IVXivx]+)[.)]?\s*")
_NUMERIC_TEXT = re.compile(r"[\s\d.,%()+\-]*(?:rp\.?)?[\s\d.,%()+\-]*", re.IGNORECASE)
_FOOTER_LABEL = re.compile(r"(jumlah|total|grand total|sub ?total)( |$)")
_FOOTER_HINT = re.compile(r"\W*(jumlah|total|grand|sub)", re.IGNORECASE)  # cheap test before header_key


def is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def is_formula(value):
    return isinstance(value, str) and value.startswith("=")


class RowFields(dict):
    """{field: raw value} of one data row; .cells: every cell of the row as read, mapped or
    not (the download of problem rows gives back the whole row)."""

    __slots__ = ("cells",)


def is_numeric(value):
    """A number, or a text holding only one ("1.233", "Rp 3.400.000", "12,5%")."""
    if isinstance(value, str):
        return bool(value.strip()) and _NUMERIC_TEXT.fullmatch(value) is not None and any(c.isdigit() for c in value)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def row_id(position, number):
    """The id of Excel row `number` of the sheet at `position` among the sheets read together."""
    return position * SHEET_ROW_BASE + number


class RowNames:
    """Row ids as staff read them: the Excel row, and the sheet when several sheets are read."""

    def __init__(self, sheets):
        self.sheets = list(sheets)  # names of the sheets read together, by position; [None] for a CSV
        self.several = len(self.sheets) > 1

    @classmethod
    def of_job(cls, job):
        """From ImportJob.sheets (a job read before sheets were listed has one sheet: job.sheet)."""
        parts = sorted((s["part"], s["name"]) for s in job.sheets or () if s.get("part") is not None)
        return cls([name for _part, name in parts] or [job.sheet or None])

    def sheet(self, row):
        position = row // SHEET_ROW_BASE
        return self.sheets[position] if position < len(self.sheets) else None

    @staticmethod
    def number(row):
        return row % SHEET_ROW_BASE

    def text(self, row):
        """"12", or "12 (sheet 'Kuliner')" when several sheets are read: for "baris …" in a message."""
        if not self.several:
            return str(self.number(row))
        return _("%(row)d (sheet '%(sheet)s')") % {"row": self.number(row), "sheet": self.sheet(row)}

    def grouped(self, rows):
        """[(sheet or None, [Excel rows])] of row ids, sheet by sheet, in the order given."""
        groups = []
        for row in rows:
            sheet = self.sheet(row) if self.several else None
            if not groups or groups[-1][0] != sheet:
                groups.append((sheet, []))
            groups[-1][1].append(self.number(row))
        return groups


def is_column_numbers(filled, width):
    """1, 2, 3 … n (or "(1)", "(2)" …) under the header, as printed registries number their
    columns: `filled` is the row's (column index, value) pairs, `width` the header's columns. Some
    cells may be left blank (1, 2, , 4, 5): then the numbers still rise with the columns, never
    above a column's own position, over at least half of the header."""
    if len(filled) < 3:
        return False
    start, second = _column_number(filled[0][1]), _column_number(filled[1][1])
    if start is None or second is None or second <= start:
        return False  # a data row: its name follows its number
    numbers = [_column_number(value) for _index, value in filled]
    if start == 1 and numbers == list(range(1, len(filled) + 1)):
        return True
    if not 1 <= start <= filled[0][0] + 1 or len(filled) * 2 < width:
        return False
    base, previous = filled[0][0] - start, start
    for (index, _value), number in zip(filled[1:], numbers[1:]):
        if number is None or number <= previous or number > index - base:
            return False
        previous = number
    return True


class RowSorter:
    """Sorts the rows under the header of one sheet into data, blank, section, column-number,
    repeated-header, continuation, subtotal and footer rows, in one pass. Each data row is held
    back until the next row shows whether it continues it (a second product line); finish()
    gives the last one."""

    def __init__(self, table, part):
        self.table = table
        self.sheet = part.name
        self.offset = row_id(part.position, 0)
        self.header_texts = part.header.texts
        self.skipped = table.skipped
        self.mapped = [(column.index, column.field) for column in table.columns if column.field]
        self.number_index = self._index_of("number")
        self.name_index = self._index_of("name")
        self.continued = [(index, field) for index, field in self.mapped if field in CONTINUED_FIELDS]
        self.identity = [index for index, field in self.mapped if field in _OWN_IDENTITY]
        self.width = len(table.columns)
        self.previous = part.header.rows[-1]
        self.name_parts = table.name_parts
        self.blank_run = []  # blank rows, reported once data follows them
        self.footer = None  # (row, rows kept aside) after a JUMLAH/TOTAL row
        self.footer_final = False
        self.data_rows = 0
        self.held = None  # (row id, row) of the last data row, not yet given out
        self.held_number = None  # its Excel row, or that of the last row continuing it

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
        if self.held is not None:
            yield self.held
            self.held = None

    def _route(self, number, values):
        filled = [(index, value) for index, value in enumerate(values) if not is_empty(value)]
        if self.footer_final:
            if filled:
                self.skipped["footer"].append(self.offset + number)
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
        self.skipped["subtotal"].append(self.offset + subtotal)
        for kept_number, kept_values, _kept_filled in kept:
            yield from self._route(kept_number, kept_values)
        yield from self._route(number, values)

    def _close_footer(self):
        row, kept = self.footer
        self.skipped["footer"].extend(self.offset + number for number in [row] + [n for n, _v, filled in kept if filled])
        self.footer = None
        self.footer_final = True

    def _sort(self, number, values, filled):
        if not filled or self._only_a_row_number(filled):
            self.blank_run.append(self.offset + number)
        elif is_column_numbers(filled, self.width):
            self._skip("column_numbers", number)
        elif self._is_repeated_header(filled):
            self._skip("repeated_header", number)
        elif self._is_footer(filled):
            self.blank_run = []  # blank rows before the footer are not inside the data
            self.footer = (number, [])
        elif self.held_number == number - 1 and self._continues(values, filled):
            self._continue(number, filled)
        elif self._is_section(filled):
            self._skip("section", number)
        else:
            self._flush_blanks()
            self.data_rows += 1
            self.table.data_rows += 1
            if self.table.data_rows > settings.IMPORT_MAX_ROWS:
                raise FileProblem(_("Berkas berisi lebih dari %(limit)s baris data; pecah menjadi beberapa berkas.")
                                  % {"limit": number_format(settings.IMPORT_MAX_ROWS, force_grouping=True)})
            row = RowFields({field: values[index] if index < len(values) else None for index, field in self.mapped})
            row.cells = values
            if self.name_parts:
                row["name"] = " ".join(str(values[i]).strip() for i in self.name_parts if i < len(values)
                                       and not is_empty(values[i]))
            # A numbering formula (=A7+1) changes nothing that is imported.
            if any(is_formula(value) for field, value in row.items() if field != "number"):
                self.table.formula_rows += 1
            held, self.held, self.held_number = self.held, (self.offset + number, row), number
            if held is not None:
                yield held

    def _skip(self, reason, number):
        self._flush_blanks()
        self.skipped[reason].append(self.offset + number)

    def _flush_blanks(self):
        self.skipped["blank"].extend(self.blank_run)
        self.blank_run = []

    def _continues(self, values, filled):
        """A row right under a data row that goes on with it: no business name, no row number
        where the sheet numbers its rows, no NIB/NIK of its own, at most half the columns of a
        business filled, and something in a column the sheet imports (a second product line,
        the rest of a wrapped address). Never a lone section title."""
        name_index = self.name_index
        if name_index is None or (name_index < len(values) and not is_empty(values[name_index])):
            return False  # the usual case, settled at once
        cells = dict(filled)
        if self.number_index in cells and _whole_number(cells[self.number_index]) is not None:
            return False
        if any(index in cells for index in self.identity):
            return False
        imported = [index for index, field in self.mapped if index in cells and field != "number"]
        if not imported or len(imported) * 2 > max(len(self.mapped), 2):
            return False
        if any(is_formula(value) for value in cells.values()):
            return False
        if len(filled) == 1 and isinstance(filled[0][1], str) and _SECTION_TITLE.match(filled[0][1]):
            return False
        return True

    def _continue(self, number, filled):
        """Add a continuation row's products (and address, description) to the row it continues;
        anything else it holds is left out, and the row is listed as such."""
        self._flush_blanks()
        cells = dict(filled)
        _held_id, row = self.held
        for index, field in self.continued:
            value = cells.pop(index, None)
            if value is None:
                continue
            text = str(value).strip()
            before = row.get(field)
            row[field] = f"{str(before).strip()}{CONTINUED_FIELDS[field]}{text}" if not is_empty(before) else text
        same = {index for index, field in self.mapped if index in cells and str(cells[index]).strip() == str(
            row.get(field) if row.get(field) is not None else "").strip()}
        mapped = {index for index, _field in self.mapped}
        dropped = [index for index in cells if index in mapped and index not in same and index != self.number_index]
        self.skipped["continuation_dropped" if dropped else "continuation"].append(self.offset + number)
        self.held_number = number

    def _only_a_row_number(self, filled):
        """A numbered row left empty (the numbers were filled down in advance)."""
        return len(filled) == 1 and filled[0][0] == self.number_index and _whole_number(filled[0][1]) is not None

    def _is_repeated_header(self, filled):
        texts = self.header_texts
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
        """A JUMLAH/TOTAL row, or a row of formulas only (column totals). In a CSV every cell is
        text: the totals beside the label ("125", "3.400.000") are numbers all the same."""
        for _index, value in filled:  # the usual case, settled at the first text
            if isinstance(value, str) and not value.startswith("="):
                if not _FOOTER_HINT.match(value):
                    return False
                break
        if all(is_formula(value) for _index, value in filled):
            if not self.data_rows:
                raise FileProblem(_(
                    "Baris data di %(where)s berisi rumus (formula), bukan nilai. Salin datanya, lalu Tempel "
                    "Spesial → Nilai ke buku kerja baru, simpan, lalu unggah lagi."
                ) % {"where": sheet_place(self.sheet)})
            return True
        texts = [
            (index, value) for index, value in filled
            if isinstance(value, str) and not is_formula(value) and not is_numeric(value)
        ]
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
        """A lone text between data rows: a title ("BINAAN PLUT SUMSEL"), or a note, possibly after
        its outline mark ("A." | "INDUSTRI PANGAN"). A row holding nothing but a name is one too:
        without anything else it is no business to import."""
        if len(filled) == 2 and isinstance(filled[0][1], str) and _OUTLINE_MARK.fullmatch(filled[0][1]):
            filled = filled[1:]
        return len(filled) == 1 and isinstance(filled[0][1], str) and not is_formula(filled[0][1])

    def _looks_like_data(self, filled):
        """A row that can only be data: a name, a row number where the sheet numbers its rows,
        and at least two other imported values."""
        cells = dict(filled)
        if self.name_index is None or is_empty(cells.get(self.name_index)):
            return False
        if self.number_index is not None and _whole_number(cells.get(self.number_index)) is None:
            return False
        others = [index for index, _field in self.mapped if index in cells and index not in (self.name_index,
                                                                                            self.number_index)]
        return len(others) >= 2 and not any(is_formula(value) for value in cells.values())


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
