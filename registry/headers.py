"""Stage 3 of reading a registry file (registry.reading): which sheet holds the data and which
row is its header (title blocks above it, a two-row merged header), and which column holds
which field (registry.columns)."""

from contextlib import closing
from itertools import takewhile
from typing import NamedTuple

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from registry.columns import REQUIRED, WEAK_ALIASES, header_key, match_header
from registry.formats import FileProblem, sheet_place
from registry.rows import is_empty, is_formula

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


def choose_sheet(book, kind, *, accept_missing_name=False):
    """The sheet whose header names the most fields of this kind of import, as a SheetLook, and
    why each other sheet was not taken. Raises FileProblem when no sheet has a usable header.
    accept_missing_name: a header-like row without the name column will do (staff then pick the
    column that names the business in the preview's mapping)."""
    looks = [_look_at(book, sheet, kind) for sheet in book.sheet_names]
    usable = [look for look in looks if look.header]
    if not usable and accept_missing_name and any(look.near_miss for look in looks):
        near = max((look for look in looks if look.near_miss), key=lambda look: len(look.near_miss.fields))
        chosen = near._replace(header=near.near_miss)
        return chosen, [_why_ignored(look, chosen, kind) for look in looks if look is not near]
    if not usable:
        raise _no_header(looks, kind)
    chosen = max(usable, key=lambda look: len(look.header.fields))  # the first of equals
    ignored = [_why_ignored(look, chosen, kind) for look in looks if look is not chosen]
    return chosen, ignored


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
    return SheetLook(
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


def _no_header(looks, kind):
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
