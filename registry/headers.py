"""Stage 3 of reading a registry file (registry.reading): which sheets hold the data and which
row is their header (title blocks above it, a two-row merged header), and which column holds
which field (registry.columns)."""

import re
from contextlib import closing
from itertools import takewhile
from typing import NamedTuple

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from registry.columns import REQUIRED, WEAK_ALIASES, header_key, match_header
from registry.formats import FileProblem, sheet_place
from registry.rows import is_empty, is_formula, is_numeric

HEADER_SEARCH_ROWS = 30


class Column(NamedTuple):
    index: int  # 0-based
    letter: str  # "A", …, "AB"
    header: str  # as written; the two levels of a merged header joined: "ALAMAT USAHA / KECAMATAN"
    field: str | None
    note: str  # why the column is not imported ("" when it is)
    named: str | None = None  # the field the header names, even when an earlier column took it
    source: str = "header"  # who chose `field`: "header", "values" (registry.guessing), "format" or "staff"
    samples: tuple = ()  # the first data rows' cells, row-aligned across columns (registry.mappings)
    parts: tuple = ()  # a composed name's column: the indexes of the columns it joins


class Header(NamedTuple):
    rows: list  # Excel row numbers
    columns: list  # Column
    texts: list  # per column, the header_key of each header level (to recognise a repeated header)
    fields: frozenset


class SheetLook(NamedTuple):
    """What the first rows of a sheet say."""

    name: str | None
    header: Header | None  # the best header holding the required fields
    near_miss: Header | None  # a header-like row without a required field
    only_formulas: bool
    found: str  # "data", "recap" (counts per region, formulas summing other sheets), "empty", "no_header"


class SheetPart(NamedTuple):
    """A sheet read with the others of its group."""

    position: int  # among the sheets read together (registry.rows.row_id)
    name: str | None
    header: Header
    rows: int | None  # rows of the sheet as the file lists them (books' sheet_size)


class SheetChoice(NamedTuple):
    main: SheetPart  # the sheet naming the most fields: its columns are the table's
    parts: list  # SheetPart, in workbook order: the sheets with the main sheet's columns
    sheets: list  # for ImportJob.sheets, one dict per sheet of the file (sheet_summary)
    ignored: list  # "NAME: why it is not read", for each sheet not read


# A sheet named so is a summary of the others, whatever its columns.
_RECAP_NAME = re.compile(r"rekap|pivot|ringkas|summary|grafik|chart|statisti", re.IGNORECASE)


def choose_sheets(book, kind, excluded=(), *, accept_missing_name=False):
    """The sheets to read: of those staff did not exclude, the one whose header names the most
    fields of this kind of import (the first of equals), with every sheet whose header names the
    same fields in the same columns. Recap and empty sheets are never read. Raises FileProblem
    when no sheet has a usable header.
    accept_missing_name: a header-like row without the name column will do (staff then pick the
    column that names the business in the preview's mapping)."""
    excluded = set(excluded)
    looks = [_look_at(book, sheet, kind) for sheet in book.sheet_names]
    usable = [look for look in looks if look.header and look.name not in excluded]
    near = [look for look in looks if look.near_miss and look.name not in excluded]
    if not usable and accept_missing_name and near:
        near = [look for look in near if look.found != "recap"] or near
        best = max(near, key=lambda look: len(look.near_miss.fields))
        usable = [best._replace(header=best.near_miss, found="data")]
        looks = [usable[0] if look is best else look for look in looks]
    if not usable:
        raise _no_header(looks, kind, excluded)
    # A sheet of formula rows is read only when nothing else is: the row sorter refuses it then.
    candidates = [look for look in usable if look.found == "data"] or usable
    chosen = max(candidates, key=lambda look: len(look.header.fields))
    layout = _layout(chosen.header)
    together = [look for look in candidates if _layout(look.header) == layout]
    parts = [
        SheetPart(position, look.name, look.header, book.sheet_size(look.name))
        for position, look in enumerate(together)
    ]
    main = parts[together.index(chosen)]
    sizes = {part.name: part.rows for part in parts}
    sheets, ignored = [], []
    for look in looks:
        part = next((part for part in parts if part.name == look.name), None)
        rows = sizes[look.name] if part else book.sheet_size(look.name)
        summary = sheet_summary(look, part, rows, main, excluded, kind)
        sheets.append(summary)
        if part is None:
            ignored.append(_("%(sheet)s: %(reason)s") % {"sheet": look.name, "reason": summary["note"]})
    return SheetChoice(main, parts, sheets, ignored)


def _layout(header):
    return tuple((column.index, column.field) for column in header.columns if column.field)


def sheet_summary(look, part, rows, main, excluded, kind):
    """What the preview lists of a sheet: found ("data" when read; "other_columns", "excluded",
    "recap", "empty", "no_header" when not), its rows, whether staff may choose to read it, and
    why it is not read."""
    choosable = bool(look.header) and look.found == "data"
    if part is not None:
        found, note = "data", ""
    elif look.name in excluded and look.header:
        found, note = "excluded", _("dikecualikan; centang lagi untuk ikut dibaca")
    elif look.found == "recap":
        found = "recap"
        note = _("rekap/pivot (jumlah per wilayah atau rumus yang menjumlah sheet lain), bukan daftar usaha; tidak "
                 "diimpor")
    elif look.found == "empty":
        found, note = "empty", _("kosong")
    elif look.header:
        found = "other_columns"
        note = _(
            "kolomnya berbeda dari sheet '%(main)s' (%(found)d kolom dikenali, di '%(main)s' %(best)d), jadi tidak "
            "diimpor bersamanya. Untuk mengimpornya, kecualikan sheet '%(main)s' lalu baca ulang, atau unggah sheet "
            "ini sebagai berkas tersendiri"
        ) % {"main": main.name, "found": len(look.header.fields), "best": len(main.header.fields)}
    else:
        found, note = "no_header", _why_ignored(look, kind)
    return {
        "name": look.name, "found": found, "rows": rows, "part": part.position if part else None,
        "header_rows": (part or look).header.rows if (part or look.header) else [], "data_rows": None,
        "choosable": choosable, "note": note,
    }


def _look_at(book, sheet, kind):
    with closing(book.sheet_rows(sheet)) as source:
        # A two-row header may start on the last searched row.
        first = list(takewhile(lambda row: row[0] <= HEADER_SEARCH_ROWS + 1, source))
    filled = [value for _number, values in first for value in values if not is_empty(value)]
    only_formulas = bool(filled) and all(is_formula(value) for value in filled)
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
    header = _best(complete)
    near_miss = _best(partial) if not complete else None
    return SheetLook(
        name=sheet, header=header, near_miss=near_miss, only_formulas=only_formulas,
        found=_what_it_holds(sheet, first, filled, header, near_miss),
    )


def _what_it_holds(sheet, first, filled, header, near_miss):
    """"empty", "recap" or "data" (for a sheet without a usable header, "no_header"), judged from
    its first rows: a recap holds mostly numbers and formulas under its header (counts per
    kecamatan, =SUM('Kuliner'!F:F)), or is named so; with a usable header, most of its rows
    carry a formula in an imported column."""
    if not filled:
        return "empty"
    top = header or near_miss
    below = [values for number, values in first if top is None or number > top.rows[-1]]
    if header is not None:
        imported = [column.index for column in header.columns if column.field and column.field != "number"]
        rows = [values for values in below if any(not is_empty(value) for value in values)]
        with_formulas = sum(
            1 for values in rows if any(index < len(values) and is_formula(values[index]) for index in imported)
        )
        return "recap" if rows and with_formulas * 2 > len(rows) else "data"
    cells = [value for values in below for value in values if not is_empty(value)]
    counted = sum(1 for value in cells if is_formula(value) or is_numeric(value))
    if (sheet and _RECAP_NAME.search(sheet)) or (cells and counted * 2 > len(cells)):
        return "recap"
    return "no_header"


def _best(headers):
    """The header naming the most fields; of equals, the single row, then the first."""
    if not headers:
        return None
    return max(headers, key=lambda header: (len(header.fields), -len(header.rows), -header.rows[0]))


def _could_be_subheader(values):
    filled = [value for value in values if not is_empty(value)]
    return bool(filled) and all(isinstance(value, str) and not is_formula(value) for value in filled)


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
            # "TENAGA KERJA" over "L" | "P": a sub-header naming nothing alone may with its group.
            naming = lower if group is None or match_header(lower, kind) else f"{group} {lower}"
            titles.append((f"{group} / {lower}" if group else lower, naming, (header_key(upper), header_key(lower))))
        else:
            titles.append((upper, upper, (header_key(upper),)))
    while titles and not titles[-1][0]:
        titles.pop()
    named = [match_header(naming, kind) if naming else None for _title, naming, _keys in titles]
    weak = WEAK_ALIASES[kind]
    if not any(field in weak.values() for field in named):
        # "Nama" is the business's name when no column says so more plainly.
        for index, (_title, naming, _keys) in enumerate(titles):
            field = weak.get(header_key(naming))
            if field and field not in named:
                named[index] = field
    columns, taken = [], {}
    for index, (title, _naming, _keys) in enumerate(titles):
        field = named[index]
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
        columns.append(Column(index, get_column_letter(index + 1), title, field, note, named[index]))
    return Header(
        rows=[number for number, _values in rows],
        columns=columns,
        texts=[keys for _title, _naming, keys in titles],
        fields=frozenset(taken),
    )


def _cell_text(values, index):
    if index >= len(values) or is_empty(values[index]):
        return ""
    return str(values[index]).strip()
_EXAMPLES = {"business": "'Nama Usaha', 'Kabupaten/Kota'", "product": "'Nama Produk', 'Harga'"}
_REQUIRED_TITLES = {"business": "'Nama Usaha'", "product": "'Nama Produk'"}


def _no_header(looks, kind, excluded=()):
    left_out = [look.name for look in looks if look.header and look.name in excluded]
    if left_out:
        return FileProblem(_(
            "Semua sheet yang berisi data dikecualikan (%(sheets)s). Pilih minimal satu sheet untuk dibaca, lalu baca "
            "ulang."
        ) % {"sheets": ", ".join(f"'{name}'" for name in left_out)})
    near_misses = [look for look in looks if look.near_miss]
    if near_misses:
        look = max(near_misses, key=lambda look: len(look.near_miss.fields))
        found = ", ".join(f"'{c.header}'" for c in look.near_miss.columns if c.field)
        return FileProblem(_(
            "Baris %(row)d di %(where)s tampak seperti judul kolom, tetapi tidak ada kolom %(required)s (yang "
            "dikenali: %(found)s). Periksa apakah jenis impor yang dipilih benar, atau beri kolom itu judul yang "
            "jelas, lalu unggah lagi."
        ) % {"row": look.near_miss.rows[0], "where": sheet_place(look.name), "required": _REQUIRED_TITLES[kind],
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


def _where(looks):
    names = [look.name for look in looks if look.name is not None]
    if not names:
        return _("berkas")
    if len(names) == 1:
        return _("sheet '%(sheet)s'") % {"sheet": names[0]}
    return _("sheet mana pun (%(sheets)s)") % {"sheets": ", ".join(f"'{name}'" for name in names)}


def _why_ignored(look, kind):
    if look.near_miss:
        return _("tidak ada kolom %(required)s") % {"required": _REQUIRED_TITLES[kind]}
    if look.only_formulas:
        return _("hanya berisi rumus (formula)")
    return _("tidak ada baris judul kolom data")
