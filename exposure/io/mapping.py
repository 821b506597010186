"""Mapping files: a table layout described in TOML, so a new layout needs no code.

A mapping says which sheet and header row to read, which source column feeds
which canonical column, the money unit, the code system, and which rows are
totals. The layouts of the demo files ship as built-in mappings in
``exposure/io/mappings/*.toml``; an analyst writes one for any other layout.

Format (every key but ``kind`` and ``columns``/``flows`` is optional)::

    name = "parts_imports_by_country"
    kind = "trade_flows"          # trade_flows | export_items | sector_profile
    description = "…"

    [match]                       # lets load() pick this mapping by itself
    columns = ["기간", "국가", "HS코드", "수입 금액"]   # all must be in the header ("re:…" for a pattern)
    sheet = "품목별 수출"            # read this sheet when the file has it
    filename = "parts_imports_*.csv"

    [read]
    sheet = 0                     # name or 0-based number
    header_row = "auto"           # or the 1-based row of the header
    header_rows = "auto"          # or 1 / 2 (two-row header joined as "2019년 금액")
    encoding = "auto"             # CSV: utf-8, utf-8-sig or cp949
    unit = "천달러"                 # money unit when the file states none
    qty_unit = "t"                # weight unit when the file states none (in a header or the title rows)
    fx = { KRW = 1165.7 }         # exchange rates (units per US dollar) for amounts in another currency
    code_system = "HSK10"         # HS2/HS4/HS6(-2017)/HSK10/MTI1…6, or "auto" (from code lengths)
    code_pattern = '\\[(\\d+)\\]'  # a regex whose group 1 is the code inside a label
    totals = ["총계", "합계", "Total", "계", "소계"]

    [columns]                     # canonical = source name | [alternatives] | {regex=…} | {index=0} | {letter="B"}
                                  # add optional = true ({name="…", optional=true}) for columns that may be absent
    year = "기간"
    partner = "국가"
    code = "HS코드"
    name = "품목명"

    [constants]                   # values that are not in the file; year = "header" reads it from the headers
    reporter = "KOR"
    month = 0
    code = "2811111000"           # a file about one product without a code column (system from its length)

    [[flows]]                     # trade_flows: one entry per value column (wide X/M layouts have two)
    flow = "M"
    value = "수입 금액"
    qty = "수입 중량"
    qty_unit = "t"                # this flow's weights: beats the file's title rows (its header still wins)
    optional = false              # true: skip this flow when the column is missing

    [values.sme_share_basis]      # recode source values
    "수출" = "exports"

    [[blocks]]                    # several tables side by side in one sheet; each block takes
    columns = {…}                 # columns / constants / flows / code_system / code_pattern and
    constants = {…}               # falls back to the top-level ones
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from exposure.errors import DataError

KINDS = ("trade_flows", "export_items", "sector_profile")

#: canonical columns each kind may map from the file
CANONICAL: dict[str, tuple[str, ...]] = {
    "trade_flows": ("year", "month", "period", "reporter", "partner", "flow", "code", "name", "value", "qty"),
    "export_items": ("year", "rank", "item_code", "item_name_ko", "item_name_en", "export_usd",
                     "export_to_target_usd", "sector"),
    "sector_profile": ("sector", "sector_name_ko", "sector_name_en", "export_usd", "output_usd", "sme_share",
                       "sme_share_basis", "sme_firms", "export_to_target_usd"),
}
#: money columns (converted to USD) per kind; the first is the one a LoadReport accounts for
MONEY: dict[str, tuple[str, ...]] = {
    "trade_flows": ("value",),
    "export_items": ("export_usd", "export_to_target_usd"),
    "sector_profile": ("export_usd", "output_usd", "export_to_target_usd"),
}
DEFAULT_TOTALS = ("총계", "합계", "계", "소계", "전체", "총합계", "Total", "TOTAL", "Grand Total", "Grand total",
                  "Sub-total", "Subtotal", "Sum", "All", "전 세계 합계")

_READ_KEYS = {"sheet", "header_row", "header_rows", "encoding", "unit", "code_system", "code_pattern", "totals",
              "qty_unit", "delimiter", "fx"}
_TOP_KEYS = {"name", "kind", "description", "match", "read", "columns", "constants", "flows", "values", "blocks"}
_BLOCK_KEYS = {"name", "columns", "constants", "flows", "code_system", "code_pattern", "unit"}
_FLOW_KEYS = {"flow", "value", "qty", "qty_unit", "unit", "optional"}


@dataclass(frozen=True)
class ColumnRef:
    """How to find one source column: by name (alternatives), regex, 0-based index or letter."""

    names: tuple[str, ...] = ()
    regex: str | None = None
    index: int | None = None
    optional: bool = False  # a missing optional column is left out instead of being an error

    def describe(self) -> str:
        if self.index is not None:
            return f"column {column_letter(self.index)}"
        if self.regex is not None:
            return f"regex {self.regex!r}"
        return " or ".join(repr(n) for n in self.names)

    def alternatives(self) -> list[str]:
        """What a header search looks for (regexes prefixed with ``re:``)."""
        if self.regex is not None:
            return ["re:" + self.regex]
        return list(self.names)


@dataclass(frozen=True)
class FlowSpec:
    flow: str
    value: ColumnRef
    qty: ColumnRef | None = None
    qty_unit: str | None = None
    unit: str | None = None
    optional: bool = False  # skipped when the file has no such column (export-only / import-only downloads)


@dataclass(frozen=True)
class Block:
    """One table inside the sheet (most sheets have one)."""

    name: str
    columns: dict[str, ColumnRef]
    constants: dict[str, Any]
    flows: tuple[FlowSpec, ...]
    code_system: str | None
    code_pattern: str | None
    unit: str | None


@dataclass(frozen=True)
class Mapping:
    """A parsed mapping file (see the module docstring for the format)."""

    name: str
    kind: str
    description: str = ""
    source: str = ""
    match_columns: tuple[str, ...] = ()
    match_sheet: str | None = None  # preferred sheet when the file has it
    match_filename: tuple[str, ...] = ()
    sheet: str | int | None = None
    header_row: int | None = None
    header_rows: int | None = None
    encoding: str | None = None
    unit: str | None = None
    qty_unit: str | None = None
    delimiter: str | None = None
    totals: tuple[str, ...] = DEFAULT_TOTALS
    blocks: tuple[Block, ...] = ()
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    fx: dict[str, float] = field(default_factory=dict)

    def expected_names(self) -> list[list[str]]:
        """Alternatives for every named source column, for the header search."""
        out = [[c] for c in self.match_columns if not c.startswith("re:")]
        out += [[c] for c in self.match_columns if c.startswith("re:")]
        for b in self.blocks:
            refs = list(b.columns.values()) + [f.value for f in b.flows] + [f.qty for f in b.flows if f.qty]
            out += [r.alternatives() for r in refs if r.index is None and not r.optional]
        return out

    def matches(self, path: Path, sheets: list[str], header_names: list[str]) -> bool:
        """Does a file with these sheets and header look like this mapping's layout?"""
        if not (self.match_columns or self.match_sheet or self.match_filename):
            return False
        if self.match_filename and not any(fnmatch.fnmatch(path.name.lower(), g.lower())
                                           for g in self.match_filename):
            return False
        keys = {re.sub(r"[\s_]", "", n).lower() for n in header_names}
        return all(any(re.search(c[3:], n) for n in header_names) if c.startswith("re:")
                   else re.sub(r"[\s_]", "", c).lower() in keys for c in self.match_columns)


def column_letter(i: int) -> str:
    """Spreadsheet column letter of a 0-based index (0 → A, 26 → AA)."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _col_index(letter: str) -> int:
    n = 0
    for ch in letter.strip().upper():
        if not "A" <= ch <= "Z":
            raise ValueError(letter)
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _ref(value: Any, where: str, src: str) -> ColumnRef:
    if isinstance(value, str):
        return ColumnRef(names=(value,))
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return ColumnRef(names=tuple(value))
    if isinstance(value, dict) and value.get("optional"):
        rest = {k: v for k, v in value.items() if k != "optional"}
        if "name" in rest:
            rest = rest["name"]
        elif "names" in rest:
            rest = rest["names"]
        ref = _ref(rest, where, src)
        return ColumnRef(ref.names, ref.regex, ref.index, optional=True)
    if isinstance(value, dict):
        if "regex" in value:
            try:
                re.compile(value["regex"])
            except re.error as exc:
                raise DataError(src, f"{where}: bad regex {value['regex']!r}: {exc}") from None
            return ColumnRef(regex=str(value["regex"]))
        if "index" in value:
            index = value["index"]
            if isinstance(index, bool) or not isinstance(index, int) or index < 0:
                raise DataError(src, f"{where}: index must be a column number counted from 0 (0 is column A), got "
                                     f"{index!r}; a column letter is written {{letter = \"C\"}}")
            return ColumnRef(index=index)
        if "letter" in value:
            try:
                return ColumnRef(index=_col_index(str(value["letter"])))
            except ValueError:
                raise DataError(src, f"{where}: bad column letter {value['letter']!r}") from None
    raise DataError(src, f"{where}: expected a column name, a list of names, {{regex=…}}, {{index=…}} or "
                         f"{{letter=…}}, got {value!r}")


def _flows(items: Any, where: str, src: str) -> tuple[FlowSpec, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        raise DataError(src, f"{where}: expected [[flows]] entries")
    out = []
    for k, f in enumerate(items):
        unknown = set(f) - _FLOW_KEYS
        if unknown:
            raise DataError(src, f"{where}[{k}]: unknown keys {sorted(unknown)}; valid: {sorted(_FLOW_KEYS)}")
        if "value" not in f or "flow" not in f:
            raise DataError(src, f"{where}[{k}]: each flow needs 'flow' (M or X) and 'value' (the value column)")
        flow = str(f["flow"]).upper()
        if flow not in ("M", "X"):
            raise DataError(src, f"{where}[{k}]: flow must be M or X, got {f['flow']!r}")
        out.append(FlowSpec(flow, _ref(f["value"], f"{where}[{k}].value", src),
                            _ref(f["qty"], f"{where}[{k}].qty", src) if "qty" in f else None,
                            f.get("qty_unit"), f.get("unit"), bool(f.get("optional", False))))
    return tuple(out)


def _opt_int(value: Any, where: str, src: str) -> int | None:
    if value is None or (isinstance(value, str) and value.lower() == "auto"):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DataError(src, f"{where}: expected a row number or \"auto\", got {value!r}") from None
    if number < 1:
        raise DataError(src, f"{where}: expected a row number from 1 (the sheet's first row) or \"auto\", got {value!r}")
    return number


def _auto(value: Any) -> Any:
    return None if isinstance(value, str) and value.lower() == "auto" else value


def parse_mapping(data: dict[str, Any], source: str = "mapping") -> Mapping:
    """Build a :class:`Mapping` from parsed TOML, naming every mistake.

    Raises
    ------
    DataError
        On unknown keys, an unknown kind, unknown canonical columns or a bad flow.
    """
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise DataError(source, f"unknown keys {sorted(unknown)}; valid top-level keys: {sorted(_TOP_KEYS)}")
    kind = data.get("kind")
    if kind is None:
        raise DataError(source, f"the mapping file has no 'kind': expected kind = one of {', '.join(KINDS)}")
    if kind not in KINDS:
        raise DataError(source, f"'kind' must be one of {', '.join(KINDS)}, got {kind!r}")
    for key in ("read", "match", "columns", "constants", "values"):  # tables ([read] …), never a bare value
        if key in data and not isinstance(data[key], dict):
            raise DataError(source, f"'{key}' must be a table ([{key}] with its keys under it), got {data[key]!r}")
    if "blocks" in data and not (isinstance(data["blocks"], list) and all(isinstance(b, dict) for b in data["blocks"])):
        raise DataError(source, f"'blocks' must be a list of tables ([[blocks]] entries), got {data['blocks']!r}")
    for key, table in data.get("values", {}).items():
        if not isinstance(table, dict):
            raise DataError(source, f"values.{key} must be a table of cell = value (e.g. [values.{key}] 일본 = "
                                    f"\"JPN\"), got {table!r}")
    read = data.get("read", {})
    bad = set(read) - _READ_KEYS
    if bad:
        raise DataError(source, f"[read]: unknown keys {sorted(bad)}; valid: {sorted(_READ_KEYS)}")
    encoding = _auto(read.get("encoding"))
    if encoding is not None:
        from exposure.io.encoding import normalise_encoding_name

        if normalise_encoding_name(str(encoding)) not in ("utf-8", "utf-8-sig", "cp949"):
            raise DataError(source, f"read.encoding = {encoding!r}: expected utf-8, utf-8-sig, cp949 (euc-kr) or "
                                    "\"auto\" (the downloads this tool reads are in one of them)")
    for where, consts in (("constants", data.get("constants", {})),
                          *((f"blocks[{k}].constants", b.get("constants", {})) for k, b in
                            enumerate(data.get("blocks") or []))):
        month = consts.get("month")
        if month is not None and (isinstance(month, bool) or not isinstance(month, int) or not 0 <= month <= 12):
            raise DataError(source, f"{where}.month = {month!r}: expected a month 1–12 (or 0 for a year's total)")
    match = data.get("match", {})
    top_cols = data.get("columns", {})
    top_consts = data.get("constants", {})
    top_flows = _flows(data.get("flows"), "flows", source)
    raw_blocks = data.get("blocks") or [{}]
    blocks = []
    for k, b in enumerate(raw_blocks):
        bad = set(b) - _BLOCK_KEYS
        if bad:
            raise DataError(source, f"blocks[{k}]: unknown keys {sorted(bad)}; valid: {sorted(_BLOCK_KEYS)}")
        cols = {**top_cols, **b.get("columns", {})}
        for c in cols:
            if c not in CANONICAL[kind]:
                raise DataError(source, f"columns: '{c}' is not a {kind} column; expected one of "
                                        f"{', '.join(CANONICAL[kind])}")
        flows = _flows(b["flows"], f"blocks[{k}].flows", source) if "flows" in b else top_flows
        if kind == "trade_flows" and not flows and "value" not in cols:
            raise DataError(source, "a trade_flows mapping needs [[flows]] (or a 'value' column and a 'flow' "
                                    "column or constant)")
        blocks.append(Block(
            name=str(b.get("name", f"block {k + 1}" if len(raw_blocks) > 1 else "")),
            columns={c: _ref(v, f"columns.{c}", source) for c, v in cols.items()},
            constants={**top_consts, **b.get("constants", {})},
            flows=flows,
            code_system=_auto(b.get("code_system", read.get("code_system"))),
            code_pattern=b.get("code_pattern", read.get("code_pattern")),
            unit=_auto(b.get("unit")),
        ))
    match_files = match.get("filename", ())
    return Mapping(
        name=str(data.get("name", Path(source).stem)),
        kind=kind,
        description=str(data.get("description", "")),
        source=str(source),
        match_columns=tuple(match.get("columns", ())),
        match_sheet=match.get("sheet"),
        match_filename=(match_files,) if isinstance(match_files, str) else tuple(match_files),
        sheet=_auto(read.get("sheet")),
        header_row=_opt_int(read.get("header_row"), "read.header_row", source),
        header_rows=_opt_int(read.get("header_rows"), "read.header_rows", source),
        encoding=_auto(read.get("encoding")),
        unit=_auto(read.get("unit")),
        qty_unit=read.get("qty_unit"),
        delimiter=read.get("delimiter"),
        totals=tuple(read.get("totals", DEFAULT_TOTALS)),
        blocks=tuple(blocks),
        values={k: {str(a): str(b) for a, b in v.items()} for k, v in data.get("values", {}).items()},
        fx=_fx(read.get("fx"), source),
    )


def _fx(value: Any, source: str) -> dict[str, float]:
    from exposure.io.units import parse_fx

    try:
        return parse_fx(value, "[read] fx")
    except ValueError as exc:
        raise DataError(source, str(exc)) from None


def read_mapping(path: str | Path) -> Mapping:
    """Read a mapping TOML file.

    Raises
    ------
    DataError
        If the file is missing, not valid TOML, or describes an impossible layout.
    """
    return parse_mapping(read_toml(path, "mapping file"), str(path))


def read_toml(path: str | Path, what: str = "mapping file") -> dict[str, Any]:
    """A mapping file parsed by the one TOML reader of the tool (:func:`exposure.tomlfile.read_toml`).

    Its limits and messages are those of every TOML input (config, scenario, mapping):
    a regular UTF-8 file (a BOM allowed, CP949 refused by name) of at most
    :data:`exposure.tomlfile.MAX_BYTES`. A mapping describes a data file, so its failures
    are :class:`DataError` s (exit 1, row = the line named), not configuration errors.
    """
    from exposure.errors import ConfigError
    from exposure.io.limits import check_regular_file
    from exposure.tomlfile import display_name, read_toml as _read

    if Path(path).exists():  # a pipe, device or folder named as such, like any input (never opened)
        check_regular_file(path)
    try:
        return _read(path, what=what)
    except ConfigError as exc:
        message = str(exc)
        prefix = display_name(path) + ": "
        message = message[len(prefix):] if message.startswith(prefix) else message
        line = re.match(r"line (\d+): ", message)
        if line:
            raise DataError(Path(path), message[line.end():], row=int(line.group(1))) from None
        raise DataError(Path(path), message) from None


def builtin_mappings() -> list[Mapping]:
    """The mappings shipped in ``exposure/io/mappings`` (the demo layouts and common downloads)."""
    folder = resources.files("exposure.io") / "mappings"
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            out.append(parse_mapping(data, f"builtin:{entry.name}"))
    return out


def get_mapping(spec: "str | Path | Mapping") -> Mapping:
    """A mapping from a Mapping, a TOML path, or the name of a built-in mapping."""
    if isinstance(spec, Mapping):
        return spec
    p = Path(spec)
    if p.suffix.lower() == ".toml" or p.exists():
        return read_mapping(p)
    for m in builtin_mappings():
        if m.name == str(spec):
            return m
    names = ", ".join(m.name for m in builtin_mappings())
    raise DataError(str(spec), f"no mapping file or built-in mapping of that name (built-in: {names})")
