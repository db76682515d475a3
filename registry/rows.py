"""Stage 4 of reading a registry file (registry.reading): sorting the rows under the header
into data rows and the rest (blank, section, column-number, repeated-header, subtotal and
footer rows), in one pass."""

import re

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from registry.columns import header_key
from registry.formats import FileProblem, sheet_place

# After a JUMLAH/TOTAL row, this many rows are kept aside in case it was a subtotal with more
# data below; beyond that the rest of the sheet is footer (signature block, notes).
FOOTER_LOOKAHEAD_ROWS = 50
SKIP_REASONS = ("blank", "section", "column_numbers", "repeated_header", "subtotal", "footer")
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


class RowSorter:
    """Sorts the rows under the header into data, blank, section, column-number, repeated-header,
    subtotal and footer rows, in one pass."""

    def __init__(self, table):
        self.table = table
        self.skipped = table.skipped
        self.mapped = [(column.index, column.field) for column in table.columns if column.field]
        self.number_index = self._index_of("number")
        self.name_index = self._index_of("name")
        self.name_parts = table.name_parts
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
        filled = [(index, value) for index, value in enumerate(values) if not is_empty(value)]
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
        row = RowFields({field: values[index] if index < len(values) else None for index, field in self.mapped})
        if self.name_parts:
            row["name"] = " ".join(str(values[i]).strip() for i in self.name_parts if i < len(values)
                                   and not is_empty(values[i]))
        # A numbering formula (=A7+1) changes nothing that is imported.
        if any(is_formula(value) for field, value in row.items() if field != "number"):
            self.table.formula_rows += 1
        row.cells = values
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
        if all(is_formula(value) for _index, value in filled):
            if not self.data_rows:
                raise FileProblem(_(
                    "Baris data di %(where)s berisi rumus (formula), bukan nilai. Salin datanya, lalu Tempel "
                    "Spesial → Nilai ke buku kerja baru, simpan, lalu unggah lagi."
                ) % {"where": sheet_place(self.table.sheet)})
            return True
        texts = [(index, value) for index, value in filled if isinstance(value, str) and not is_formula(value)]
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
