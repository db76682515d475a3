"""Reading a registry spreadsheet: which format it really is, which sheets and which rows hold
the data, and which column holds which field, in four stages: registry.formats (the file as a
whole), registry.books (a reader per format), registry.headers (sheets and header) and
registry.rows (data rows apart from the rest).

read_table() refuses a file it cannot read as a whole with FileProblem, whose message tells
the dinas staff member why and what to do. It reads the first rows only (format, sheets,
header); Table.rows() then streams the data rows, so a 100,000-row sheet is never held in
memory. Cells arrive raw, as the reader gave them; registry.cleaning makes sense of them.
"""

from contextlib import closing

from django.conf import settings

from registry.books import open_book
from registry.columns import FIELDS
from registry.formats import FileProblem, check_size, detect_format
from registry.headers import choose_sheets
from registry.rows import SKIP_REASONS, RowNames, RowSorter, is_column_numbers, is_empty

__all__ = ["FileProblem", "Table", "read_table"]  # read_table raises FileProblem


class Table:
    """The data of the sheets read together (or of a CSV file): every sheet of the workbook
    whose header names the same fields in the same columns as the main sheet's (the one naming
    the most fields). `columns` is the main sheet's; each sheet keeps its own header rows.

    skipped and formula_rows fill in as rows() runs: they are complete once it is exhausted.
    skipped lists row ids (registry.rows.row_id: the Excel row on the first sheet read) under
    "blank" (inside the data, not trailing), "section" (a lone title such as "BINAAN PLUT
    SUMSEL"), "column_numbers" (1, 2, 3 … under the header), "repeated_header", "continuation"
    (a row without a name going on with the row above; its products added to it),
    "continuation_dropped" (the same, holding values that could not be added), "subtotal" (a
    JUMLAH row with data below it) and "footer" (the JUMLAH/TOTAL row and every non-blank row
    after it). sheets describes every sheet of the file (ImportJob.sheets); data_rows of the
    sheets read fill in as rows() runs.
    """

    def __init__(self, *, book, filename, choice):
        self._book = book
        self.filename = filename
        self.format = book.format
        self.parts = choice.parts
        self.sheets = choice.sheets
        self.ignored_sheets = choice.ignored
        self.sheet = choice.main.name
        self.header_rows = choice.main.header.rows
        self.columns = choice.main.header.columns
        self.row_names = RowNames([part.name for part in self.parts])
        self.estimated_rows = sum(
            max((part.rows if part.rows is not None else book.row_bound(part.name)) - part.header.rows[-1], 0)
            for part in self.parts
        )
        self.skipped = {reason: [] for reason in SKIP_REASONS}
        self.formula_rows = 0
        self.data_rows = 0
        self.name_parts = []  # column indexes whose cells, joined, make the name (staff's choice)

    def sample(self, limit):
        """The cells of the first `limit` rows under the header that hold two values or more (a
        lone title or a row of column numbers says nothing about the columns): what
        registry.guessing reads. Stops there: the rest of the sheet is not read."""
        rows = []
        with closing(self._book.sheet_rows(self.sheet)) as source:
            for number, values in source:
                if number <= self.header_rows[-1]:
                    continue
                filled = [(index, value) for index, value in enumerate(values) if not is_empty(value)]
                if len(filled) < 2 or is_column_numbers(filled, len(self.columns)):
                    continue
                rows.append(values)
                if len(rows) >= limit:
                    break
        return rows

    def use_columns(self, columns, name_parts=()):
        """Read the rows under these fields (registry.mappings: the guess, a saved format or
        staff's choice); with name_parts, the name is those columns' cells joined."""
        self.columns = list(columns)
        self.name_parts = list(name_parts)

    @property
    def fields(self):
        return {column.field for column in self.columns if column.field}

    def column_of(self, field):
        return next((column for column in self.columns if column.field == field), None)

    def rows(self):
        """(row id, {field: raw value}) of each data row, sheet after sheet, in order. May raise
        FileProblem (more rows than settings.IMPORT_MAX_ROWS, a damaged file, a sheet of formulas)."""
        self.skipped = {reason: [] for reason in SKIP_REASONS}
        self.formula_rows = 0
        self.data_rows = 0
        for part in self.parts:
            sorter = RowSorter(self, part)
            last_header_row = part.header.rows[-1]
            with closing(self._book.sheet_rows(part.name)) as source:
                for number, values in source:
                    if number > last_header_row:
                        yield from sorter.take(number, values)
            yield from sorter.finish()
            for sheet in self.sheets:
                if sheet["part"] == part.position:
                    sheet["data_rows"] = sorter.data_rows


def read_table(data, filename, kind, *, excluded_sheets=(), accept_missing_name=False):
    """The data table of an uploaded registry file for this kind of import ("business" or
    "product"), leaving out the sheets staff excluded. Raises FileProblem when the file cannot be
    imported as a whole. accept_missing_name: a header without the name column is read all the
    same (the admin import lets staff pick that column; registry.mappings)."""
    if kind not in FIELDS:
        raise ValueError(f"unknown import kind {kind!r}")
    check_size(data)
    book = open_book(detect_format(data), data)
    choice = choose_sheets(book, kind, excluded=excluded_sheets, accept_missing_name=accept_missing_name)
    table = Table(book=book, filename=filename, choice=choice)
    if (table.estimated_rows or 0) > settings.IMPORT_MAX_ROWS:
        # Probably too many rows: count them now (stopping past the limit) rather than let the
        # pipeline clean 200,000 rows first. Table.rows() enforces the limit in any case.
        table.estimated_rows = sum(1 for _row in table.rows())
    return table
