"""Which mapping, sheet, header and source columns a table file is read with.

Given a file (and optionally a mapping or a kind), :func:`resolve_layout`
reads the grid, picks a mapping — the one given, a built-in one whose
``[match]`` fits, or one built from common column names — finds the header
and resolves every mapped column to a grid column. Everything
:func:`exposure.io.inspect.inspect` shows comes from here.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from exposure.errors import DataError
from exposure.io.blocks import find_blocks
from exposure.io.fields import BRACKETED
from exposure.io.grid import Grid, read_grid
from exposure.io.header import Header, find_header, squash
from exposure.io.limits import display_name
from exposure.io.mapping import (MONEY, Block, ColumnRef, FlowSpec, Mapping, builtin_mappings, column_letter,
                                 get_mapping, parse_mapping)

KIND_ALIASES = {
    "trade_flows": "trade_flows", "flows": "trade_flows", "imports": "trade_flows", "exports_by_product":
    "trade_flows", "world_exports": "trade_flows", "own_exports": "trade_flows", "monthly": "trade_flows",
    "export_items": "export_items", "exports": "export_items", "top100": "export_items",
    "sector_profile": "sector_profile", "profile": "sector_profile",
    "io": "io_table", "io_table": "io_table", "leontief": "leontief",
    "sme_exports": "sme_exports",
}

# Common column names of trade-by-product downloads (Korea Customs, K-stat, hand-made sheets),
# compared without spaces, underscores, case or a bracketed unit.
_SYNONYMS: dict[str, list[str]] = {
    "year": ["기간", "연도", "년도", "년", "year", "period", "시점", "yr"],
    "month": ["월", "month", "mon"],
    "partner": ["국가", "국가명", "상대국", "교역국", "국가(지역)", "country", "partner", "countryname", "partnername"],
    "code": ["HS코드", "HSK코드", "HSK", "HS", "HS10", "HS6", "품목코드", "MTI코드", "MTI", "세번", "세번부호", "코드",
             "item", "code", "hscode", "hskcode", "commoditycode", "itemcode", "product", "productcode"],
    "name": ["품목명", "품명", "품목", "description", "commodity", "itemname", "productname"],
    "flow": ["수출입구분", "수출입", "구분", "flow", "tradeflow"],
    "value": ["금액", "value", "tradevalue", "amount", "usd", "dollar"],
    "qty": ["중량", "weight", "qty", "quantity", "물량", "netweight"],
}
_EXPORT_VALUE = ["수출금액", "수출액", "수출", "exportdollar", "exportvalue", "exports", "export", "exportusd"]
_EXPORT_QTY = ["수출중량", "수출물량", "exportweight", "exportqty", "exportkg", "exportquantity"]
_IMPORT_VALUE = ["수입금액", "수입액", "수입", "importdollar", "importvalue", "imports", "import", "importusd"]
_IMPORT_QTY = ["수입중량", "수입물량", "importweight", "importqty", "importkg", "importquantity"]
_BRACKET = re.compile(r"[(\[（][^()\[\]（）]*[)\]）]")
# Second chance when no synonym matches exactly: patterns over the squashed header name.
_PATTERNS: dict[str, str] = {
    "export_value": r"^(수출.*(금액|액|달러|불)|export.*(dollar|usd|value))",
    "export_qty": r"^(수출.*(중량|물량|수량|톤|kg)|export.*(kg|weight|ton|qty|quantity))",
    "import_value": r"^(수입.*(금액|액|달러|불)|import.*(dollar|usd|value))",
    "import_qty": r"^(수입.*(중량|물량|수량|톤|kg)|import.*(kg|weight|ton|qty|quantity))",
}


def canonical_kind(kind: str | None) -> str | None:
    """``"imports"`` → ``"trade_flows"`` and so on; None stays None.

    Raises
    ------
    DataError
        For a kind nobody knows.
    """
    if kind is None:
        return None
    k = str(kind).strip().lower().replace("-", "_")
    if k not in KIND_ALIASES:
        raise DataError("kind", f"unknown kind {kind!r}; expected one of {', '.join(sorted(set(KIND_ALIASES)))}")
    return KIND_ALIASES[k]


def name_key(name: str) -> str:
    """A header name without its bracketed unit, spaces, underscores or case."""
    return squash(_BRACKET.sub("", name)) or squash(name)


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
#: the partner the run is about (ISO3), set while a run reads its inputs: of several columns a pattern finds that
#: each name a partner (대중국 금액 | 대일본 금액), the one naming it is read; unset (inspect), the first
TARGET_PARTNER: ContextVar[str | None] = ContextVar("exposure_target_partner", default=None)


def resolve_ref(ref: ColumnRef, names: list[str]) -> int | None:
    """Grid column index of ``ref`` in a header, or None."""
    if ref.index is not None:
        return ref.index if ref.index < len(names) else None
    if ref.regex is not None:
        pat = re.compile(ref.regex)
        hits = [i for i, n in enumerate(names) if n and pat.search(n)]
        years = [_YEAR.search(names[i]) for i in hits]
        if len(hits) > 1 and all(years) and len({y.group(0) for y in years}) == len(hits):
            # a block per year side by side (2018년 금액 | 2019년 금액): the latest year's, the others left unused
            return max(zip((int(y.group(0)) for y in years), hits))[1]
        target = TARGET_PARTNER.get()
        if len(hits) > 1 and target:
            from exposure.codes.countries import partner_of_header

            named = [i for i in hits if partner_of_header(names[i]) == target]
            if len(named) == 1:
                return named[0]
        return hits[0] if hits else None
    for alt in ref.names:
        key = squash(alt)
        for i, n in enumerate(names):
            if n and squash(n) == key:
                return i
        if _BRACKET.search(alt) is None:  # "수출액" finds "수출액(백만달러)", but "품목명(영문)" never finds "품목명"
            for i, n in enumerate(names):
                if n and name_key(n) == squash(alt):
                    return i
    return None


@dataclass
class BlockColumns:
    """A block's canonical columns resolved to grid columns."""

    block: Block
    columns: dict[str, int]
    flows: list[tuple[FlowSpec, int, int | None]]  # (spec, value column, qty column)


@dataclass
class Layout:
    """Everything decided before any row is parsed."""

    grid: Grid
    header: Header
    mapping: Mapping
    mapping_origin: str  # "given", "built-in" or "auto"
    blocks: list[BlockColumns] = field(default_factory=list)

    def column_mapping(self) -> dict[str, str]:
        """canonical → source column name (the LoadReport's ``column_mapping``)."""
        names = self.header.names
        out: dict[str, str] = {}
        multi = len(self.blocks) > 1
        for b in self.blocks:
            prefix = f"{b.block.name}: " if multi and b.block.name else ""
            for canon, idx in b.columns.items():
                out[prefix + canon] = names[idx]
            for spec, v, q in b.flows:
                out[f"{prefix}value_usd[{spec.flow}]"] = names[v]
                if q is not None:
                    out[f"{prefix}qty[{spec.flow}]"] = names[q]
        return out

    def unused_columns(self) -> list[str]:
        used = set()
        for b in self.blocks:
            used |= set(b.columns.values()) | {v for _, v, _ in b.flows} | {q for _, _, q in b.flows if q is not None}
        return [n for i, n in enumerate(self.header.names) if n and i not in used]


def _find(names: list[str], keys: list[str], taken: set[int], pattern: str | None = None) -> int | None:
    wanted = [squash(k) for k in keys]
    for key in wanted:  # synonyms in order of preference
        for i, n in enumerate(names):
            if i not in taken and n and name_key(n) == key:
                return i
    if pattern is not None:
        for i, n in enumerate(names):
            if i not in taken and n and re.search(pattern, squash(n)):
                return i
    return None


def _bracketed(samples: dict[int, list[str]] | None, i: int) -> bool:
    """Do the column's first cells hold codes in brackets ("[2811111000] 반도체 제조용")?"""
    cells = (samples or {}).get(i, [])
    return bool(cells) and sum(bool(re.match(BRACKETED, c)) for c in cells) >= 0.8 * len(cells)


def _samples(grid: Grid, header: Header, n: int = 50) -> dict[int, list[str]]:
    """The first ``n`` non-empty cells under the header, as text, per column."""
    body = grid.cells.iloc[header.start: header.start + 5 * n]
    out = {}
    for i in body.columns:
        cells = [str(v).strip() for v in body[i].tolist() if v is not None and str(v).strip()]
        out[int(i)] = cells[:n]
    return out


def _is_value_name(name: str) -> bool:
    key = name_key(name)
    return any(key == squash(k) for k in _EXPORT_VALUE + _IMPORT_VALUE + _SYNONYMS["value"]) or any(
        re.search(_PATTERNS[f"{side}_value"], squash(name)) for side in ("export", "import"))


def _is_code_name(name: str) -> bool:
    return name_key(name) in {squash(k) for k in _SYNONYMS["code"]}


def _auto_block(names: list[str], code_given: bool, samples: dict[int, list[str]] | None = None
                ) -> dict[str, object]:
    """Columns and flows of one table from common column names (``names``: "" for columns not in it).

    A column named like an item name (품목, Item …) whose cells are bracketed codes
    ("[2811111000] 반도체 제조용") is the code column when no column is named like a code.
    """
    taken: set[int] = set()
    flows: list[dict[str, object]] = []
    for flow, vkeys, qkeys, side in (("X", _EXPORT_VALUE, _EXPORT_QTY, "export"),
                                     ("M", _IMPORT_VALUE, _IMPORT_QTY, "import")):
        v = _find(names, vkeys, taken, _PATTERNS[f"{side}_value"])
        if v is None:
            continue
        taken.add(v)
        entry: dict[str, object] = {"flow": flow, "value": {"index": v}}
        q = _find(names, qkeys, taken, _PATTERNS[f"{side}_qty"])
        if q is not None:
            taken.add(q)
            entry["qty"] = {"index": q}
        flows.append(entry)
    columns: dict[str, object] = {}
    # with the code given, a column named like a code (Item, 품목) holds the product's name
    roles = ("year", "month", "partner", "name", "flow") if code_given else ("year", "month", "partner", "code",
                                                                             "name", "flow")
    for canon in roles:
        keys = _SYNONYMS[canon] + (_SYNONYMS["code"] if canon == "name" and code_given else [])
        i = _find(names, keys, taken)
        if i is None and canon == "code":
            i = next((j for j, n in enumerate(names) if n and j not in taken and _bracketed(samples, j)), None)
        if i is not None:
            taken.add(i)
            columns[canon] = {"index": i}
    if not flows:
        v = _find(names, _SYNONYMS["value"], taken)
        if v is not None:
            taken.add(v)
            columns["value"] = {"index": v}
            q = _find(names, _SYNONYMS["qty"], taken)
            if q is not None:
                columns["qty"] = {"index": q}
    out: dict[str, object] = {"columns": columns}
    if flows:
        out["flows"] = flows
    return out


def auto_mapping(names: list[str], source: str, code: str | None = None,
                 samples: dict[int, list[str]] | None = None) -> Mapping:
    """A trade-flows mapping built from common column names (Korean or English).

    Recognises wide layouts (수출 금액 / 수입 금액 side by side, two flows), long ones
    (one value column, with a flow column or none) and tables side by side
    (:mod:`exposure.io.blocks`: ``Item_10digit … Item_6digit``), one block each. With
    ``code`` (a file about one product) no code column is needed.

    Raises
    ------
    DataError
        If no value column or no code column can be recognised.
    """
    found = find_blocks(names, lambda i, n: _is_code_name(n) or _bracketed(samples, i),
                        lambda _i, n: _is_value_name(n)) if code is None else None
    if found:
        blocks = []
        for b in found:
            sub = [b.columns.get(i, "") for i in range(len(names))]
            entry = _auto_block(sub, False, samples)
            entry["name"] = b.name
            if b.code_system:
                entry["code_system"] = b.code_system
            blocks.append(entry)
        return parse_mapping({"name": "auto (side by side)", "kind": "trade_flows", "blocks": blocks}, f"auto:{source}")
    entry = _auto_block(names, code is not None, samples)
    columns = entry["columns"]
    if "flows" not in entry and "value" not in columns:  # type: ignore[operator]
        raise DataError(source, "cannot tell which column holds the trade value (looked for 수출 금액, 수입 금액, "
                                "금액, Export_dollar, Import_dollar, value …): give a mapping file; the header has: "
                                + ", ".join(repr(n) for n in names if n))
    if "code" not in columns and code is None:  # type: ignore[operator]
        raise DataError(source, "cannot tell which column holds the product code (looked for HS코드, 품목코드, "
                                "MTI코드, item, code …): give a mapping file, or the product's code with --code for a "
                                "file about one product; the header has: " + ", ".join(repr(n) for n in names if n))
    data: dict[str, object] = {"name": "auto", "kind": "trade_flows", **entry}
    return parse_mapping(data, f"auto:{source}")


def _resolve_blocks(mapping: Mapping, header: Header, grid: Grid, repeats_ok: bool = False
                    ) -> list[BlockColumns]:
    names = header.names
    out = []
    for b in mapping.blocks:
        cols: dict[str, int] = {}
        for canon, ref in b.columns.items():
            idx = resolve_ref(ref, names)
            if idx is None and ref.optional:
                continue
            if idx is None:
                raise DataError(grid.path, f"column {ref.describe()} (for '{canon}') not found in the header "
                                           f"(row {header.row}); the header has: "
                                           + ", ".join(repr(n) for n in names if n))
            cols[canon] = idx
        flows: list[tuple[FlowSpec, int, int | None]] = []
        for spec in b.flows:
            v = resolve_ref(spec.value, names)
            if v is None and spec.optional:
                continue
            if v is None:
                raise DataError(grid.path, f"value column {spec.value.describe()} (flow {spec.flow}) not found in "
                                           f"the header (row {header.row}); the header has: "
                                           + ", ".join(repr(n) for n in names if n))
            q = resolve_ref(spec.qty, names) if spec.qty is not None else None
            if spec.qty is not None and q is None and not spec.optional:
                raise DataError(grid.path, f"quantity column {spec.qty.describe()} (flow {spec.flow}) not found in "
                                           f"the header (row {header.row})")
            flows.append((spec, v, q))
        if b.flows and not flows:
            wanted = ", ".join(f.value.describe() for f in b.flows)
            raise DataError(grid.path, f"none of the value columns ({wanted}) is in the header, which has: "
                                       + ", ".join(repr(n) for n in names if n), row=header.row)
        numeric = [v for _, v, _ in flows] + [q for _, _, q in flows if q is not None] + \
            [cols[c] for c in MONEY.get(mapping.kind, ()) if c in cols] + ([cols["value"]] if "value" in cols else [])
        _check_columns(grid, header, sorted(set(cols.values()) | set(numeric)), numeric, repeats_ok)
        out.append(BlockColumns(b, cols, flows))
    return out


def _check_columns(grid: Grid, header: Header, used: list[int], numeric: list[int], repeats_ok: bool = False) -> None:
    """Refuse headers that make a used column ambiguous: a repeated name, or a merged header cell.

    A repeated name (two '수입 금액' columns) would silently read the first one. A header
    cell merged over two columns of numbers leaves the right one nameless; whether the
    merged name belongs to one or both cannot be told.
    """
    names = header.names
    for idx in used:
        name = names[idx]
        repeats = [j for j, n in enumerate(names) if re.fullmatch(re.escape(name) + r"\.\d+", n)]
        if name and repeats and not repeats_ok:
            where = ", ".join(column_letter(j) for j in [idx] + repeats)
            raise DataError(grid.path, f"{len(repeats) + 1} columns are named '{name}' ({where}): expected each "
                                       "column name once, so that it is clear which one to read",
                            row=header.row, column=name)
    data = grid.cells.iloc[header.start:]
    for idx in numeric:
        nxt = idx + 1
        if nxt < len(names) and not names[nxt] and nxt in data.columns and data[nxt].notna().any():
            raise DataError(grid.path, f"column {column_letter(nxt)} holds values but has no name; the header cell "
                                       f"'{names[idx]}' ({column_letter(idx)}{header.row}) is probably merged over "
                                       f"{column_letter(idx)}:{column_letter(nxt)}: expected one header name per column "
                                       f"(unmerge the cells and name column {column_letter(nxt)})",
                            row=header.row, column=column_letter(nxt))


def _why_not(m: Mapping, header: Header) -> tuple[int, str, int | None]:
    """Why a built-in mapping does not fit a header: the columns its [match] needs that are missing."""
    keys = {squash(n) for n in header.names if n}
    missing = [c for c in m.match_columns if (not any(re.search(c[3:], n) for n in header.names if n)
                                              if c.startswith("re:") else squash(c) not in keys)]
    if not missing:
        return 500, f"the {m.name} mapping is for files named {', '.join(m.match_filename)}", None
    have = ", ".join(repr(n) for n in header.names if n)
    return len(missing), (f"the {m.name} mapping needs the column{'s' if len(missing) > 1 else ''} "
                          f"{', '.join(repr(c) for c in missing)}, which the header lacks; the header has: {have}"), \
        header.row


def _side_by_side(grid: Grid, p: Path, header_row: int | None, header_rows: int | None, code: str | None
                  ) -> Layout | None:
    """The layout of tables side by side found from the header alone, or None."""
    try:
        header = find_header(grid, None, header_row, header_rows)
        m = auto_mapping(header.names, display_name(p), code, _samples(grid, header))
    except DataError:
        return None
    if len(m.blocks) < 2:
        return None
    return Layout(grid, header, m, "auto", _resolve_blocks(m, header, grid, True))


def resolve_layout(path: str | Path, mapping: "str | Path | Mapping | None" = None, kind: str | None = None,
                   sheet: str | int | None = None, header_row: int | None = None, header_rows: int | None = None,
                   encoding: str | None = None, code: str | None = None, grid: Grid | None = None) -> Layout:
    """Read a table file's grid and decide how to read it (:func:`_resolve_layout`).

    A workbook read from its first visible sheet, no sheet named, must not hold the same table on
    another visible sheet (one year a sheet): only one would be read, the others silently left out.
    """
    lay = _resolve_layout(path, mapping, kind, sheet, header_row, header_rows, encoding, code, grid)
    named = sheet is not None or lay.mapping.sheet is not None
    if not named and lay.grid.format in ("xlsx", "xls"):
        _refuse_same_table_elsewhere(lay)
    return lay


def _refuse_same_table_elsewhere(lay: Layout) -> None:
    from exposure.io.workbook import sheet_heads

    grid = lay.grid
    others = [n for n in grid.sheets if n != grid.sheet and n not in grid.hidden]
    if not others:
        return

    def texts(row) -> list[str]:
        return [" ".join(str(c).split()) for c in row if c is not None and str(c).strip()]

    first = texts(grid.cells.iloc[lay.header.start - lay.header.n_rows].tolist())
    if len(first) < 2:
        return
    depth = lay.header.start + 1  # the rows holding a value down to the header, and one more
    for name, rows in sheet_heads(grid.path, grid.format, others, depth).items():
        if any(texts(r) == first for r in rows):
            raise DataError(grid.path, f"sheets '{grid.sheet}' and '{name}' hold tables with the same header "
                                       f"({', '.join(first[:4])}{' …' if len(first) > 4 else ''}): only one sheet "
                                       "is read: expected one table per file; save each sheet as a file of its own "
                                       "and give them all (--imports a.xlsx --imports b.xlsx), or name the sheet to "
                                       f"read in a mapping file ([read] sheet = \"{name}\")")


def _resolve_layout(path: str | Path, mapping: "str | Path | Mapping | None" = None, kind: str | None = None,
                    sheet: str | int | None = None, header_row: int | None = None, header_rows: int | None = None,
                    encoding: str | None = None, code: str | None = None, grid: Grid | None = None) -> Layout:
    """Read a table file's grid and decide how to read it.

    Parameters
    ----------
    path : str or Path
    mapping : str, Path or Mapping, optional
        A mapping file, a built-in mapping's name, or a parsed mapping. When
        omitted, a built-in mapping whose ``[match]`` fits is used, else (for
        trade flows) one built from common column names.
    kind : str, optional
        ``trade_flows`` / ``export_items`` / ``sector_profile`` (or the CLI's
        ``imports`` / ``exports`` / ``profile``), to narrow the search.
    sheet, header_row, header_rows, encoding : optional
        Override the mapping's (or detected) values.
    code : str, optional
        The product of a file about one product: the file needs no code column.
    grid : Grid, optional
        The cells to decide on, when they are already read (the first rows of a CSV
        read in blocks, :mod:`exposure.io.streamcsv`).

    Raises
    ------
    DataError
        If the mapping does not fit the file or no layout can be found.
    """
    p = Path(path)
    kind = canonical_kind(kind)
    if mapping is not None:
        m = get_mapping(mapping)
        if kind is not None and kind != m.kind:
            raise DataError(p, f"the mapping {m.name!r} reads {m.kind}, but {kind} was asked for")
        grid = grid if grid is not None else read_grid(p, sheet if sheet is not None else m.sheet,
                                                       encoding or m.encoding)
        header = find_header(grid, m.expected_names(), header_row or m.header_row, header_rows or m.header_rows)
        return Layout(grid, header, m, "given", _resolve_blocks(m, header, grid))
    grid = grid if grid is not None else read_grid(p, sheet, encoding)
    fits: list[Layout] = []
    misses: list[tuple[int, str, int | None]] = []  # (how far off, why, header row) per built-in mapping
    broken: list[DataError] = []
    for m in builtin_mappings():
        if kind is not None and m.kind != kind:
            continue
        g = grid
        preferred = m.sheet if isinstance(m.sheet, str) else m.match_sheet
        if sheet is None and preferred and preferred in grid.sheets and grid.sheet != preferred \
                and preferred not in grid.hidden:  # a hidden sheet is read only when the caller names it
            g = read_grid(p, preferred, encoding)
        try:
            h = find_header(g, m.expected_names(), header_row or m.header_row, header_rows or m.header_rows)
        except DataError as exc:
            misses.append((1_000, f"{m.name}: {exc.problem}", exc.row))
            continue  # this built-in layout does not fit the file
        if not m.matches(p, g.sheets, h.names):
            misses.append(_why_not(m, h))
            continue
        try:
            fits.append(Layout(g, h, m, "built-in", _resolve_blocks(m, h, g)))
        except DataError as exc:  # the file looks like this layout but has a problem of its own
            broken.append(exc)
    if fits:
        # the most specific layout wins: the one that maps the most columns
        return max(fits, key=lambda lay: len(lay.column_mapping()))
    if broken:
        blocks = _side_by_side(grid, p, header_row, header_rows, code)
        if blocks is not None:  # a built-in layout repeated side by side: each copy is a table of its own
            return blocks
        raise broken[0]
    if kind not in (None, "trade_flows"):
        _off, why, row = min(misses, key=lambda t: t[0]) if misses else (0, "", None)
        raise DataError(p, f"the layout matches no built-in {kind} mapping{': ' + why if why else ''}; write a "
                           "mapping file (see exposure/io/mapping.py) and pass it with --mapping", row=row)
    header = find_header(grid, None, header_row, header_rows)
    m = auto_mapping(header.names, display_name(p), code, _samples(grid, header))
    return Layout(grid, header, m, "auto", _resolve_blocks(m, header, grid, len(m.blocks) > 1))
