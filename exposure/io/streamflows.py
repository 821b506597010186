"""Trade flows of a streamed CSV (:mod:`exposure.io.streamcsv`): the checks of :mod:`exposure.io.flowtable` on whole columns.

Every step follows :func:`exposure.io.flowtable.flow_records` and
:func:`exposure.io.flows.finish_flows` in the same order, with the same report entries and
messages, but works on the distinct labels of each column (their first row stands for
them) instead of on every row. The result has its text columns as pandas ``category``
(as the BACI reader's): millions of rows name a few hundred partners and a few thousand codes.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np
import pandas as pd

from exposure.codes.countries import to_iso3
from exposure.codes.normalize import code_system_parts, code_texts, normalize_codes
from exposure.errors import DataError
from exposure.io.fields import parse_period, part_of_year_warning
from exposure.io.flows import refuse_annual_beside_monthly, refuse_unnamed_subtotals
from exposure.io.flowtable import _known_partner_names, repeated_row_message
from exposure.io.header import squash
from exposure.io.limits import display_name
from exposure.io.mapping import Mapping, get_mapping
from exposure.io.memory import on_small_pages
from exposure.io.numbers import _ONLY_COMMA, _clean_text, parse_numbers
from exposure.io.reporting import ReportBuilder
from exposure.io.sheet import Options, Sheet, infer_code_system, label_columns
from exposure.io.units import is_unit_column
from exposure.io.streamcsv import (Columns, Decline, control_error, head_grid, is_bracketed, layout_fits,
                                   read_columns, text_ids, within_generic_limits)
from exposure.io.units import parse_fx
from exposure.schema import TRADE_FLOWS, UNKNOWN_PARTNER, LoadReport

_SCI = r"[0-9.]+[eE][+-]?\d+"


#: rows worked on at a time by the row-wise steps: their temporaries stay small (and in the CPU's cache)
STEP = 1 << 16


def _first_rows(ids: np.ndarray, mask: np.ndarray, n_ids: int, present: int | None = None) -> np.ndarray:
    """Position of the first row with each id among ``mask`` rows (-1: none).

    ``present``, when known: how many ids some ``mask`` row has. The search stops once each has been met
    (a download names its codes in its first periods).
    """
    first = np.full(n_ids, -1, dtype=np.int64)
    found = 0
    for at in range(0, len(ids), STEP):
        if present is not None and found >= present:
            break
        pos = np.flatnonzero(mask[at:at + STEP])
        got = ids[at:at + STEP][pos]
        new = first[got] < 0
        if new.any():  # assigned last to first: the earliest row of each id is written last
            first[got[new][::-1]] = pos[new][::-1] + at
            found = int(np.count_nonzero(first >= 0))
    return first


def _first_rows_in_runs(ids: np.ndarray, mask: np.ndarray, n_ids: int, most: int = 4096) -> np.ndarray:
    """:func:`_first_rows` for a column whose ids come in a few long runs (a download's periods, sorted).

    The first ``mask`` row of an id is within the first of its runs that has one: each run is searched
    from its start. With more than ``most`` runs the rows are searched one slice at a time instead.
    """
    if not len(ids):
        return np.full(n_ids, -1, dtype=np.int64)
    change = np.flatnonzero(ids[1:] != ids[:-1]) + 1
    if len(change) > most:
        return _first_rows(ids, mask, n_ids)
    first = np.full(n_ids, -1, dtype=np.int64)
    starts, ends = [0, *change.tolist()], [*change.tolist(), len(ids)]
    for lo, hi in zip(starts, ends):
        k = int(ids[lo])
        if first[k] >= 0:
            continue
        at = int(np.argmax(mask[lo:hi]))  # the first True, or 0 when there is none
        if mask[lo + at]:
            first[k] = lo + at
    return first


def _counts(ids: np.ndarray, mask: np.ndarray, n_ids: int) -> np.ndarray:
    """How many ``mask`` rows have each id."""
    counts = np.zeros(n_ids, dtype=np.int64)
    for at in range(0, len(ids), STEP):
        counts += np.bincount(ids[at:at + STEP][mask[at:at + STEP]], minlength=n_ids)
    return counts


def _positions(mask: np.ndarray) -> np.ndarray:
    """``np.flatnonzero(mask)`` as int32 (half the memory) when the rows allow it."""
    if len(mask) >= np.iinfo(np.int32).max:
        return np.flatnonzero(mask)
    out = np.empty(int(np.count_nonzero(mask)), dtype=np.int32)
    w = 0
    for at in range(0, len(mask), STEP):
        pos = np.flatnonzero(mask[at:at + STEP])
        out[w:w + len(pos)] = pos + at
        w += len(pos)
    return out


def _gather(table: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """``table[ids]`` for ids into a table of their own column's distinct values (so never out of its range).

    Slice by slice with ``np.take(mode="clip")``: about three times as fast as indexing (no bounds
    check, no buffering), and a slice's ids are widened to intp where they stay in the CPU's cache.
    """
    out = np.empty(len(ids), dtype=table.dtype)
    for at in range(0, len(ids), STEP):
        np.take(table, ids[at:at + STEP], out=out[at:at + STEP], mode="clip")
    return out


def _lookup(table: np.ndarray, ids: np.ndarray, rows: np.ndarray, dtype=None) -> np.ndarray:
    """``table[ids[rows]]`` slice by slice, without the full-size ``ids[rows]``."""
    table = table if dtype is None else table.astype(dtype)
    out = np.empty(len(rows), dtype=table.dtype)
    for at in range(0, len(rows), STEP):
        np.take(table, ids[rows[at:at + STEP]], out=out[at:at + STEP], mode="clip")  # ids within table (_gather)
    return out


def _picked(values: np.ndarray, mask: np.ndarray, n: int, out: np.ndarray | None = None) -> np.ndarray:
    """``values[mask]`` (``n`` of them), slice by slice: the column read in order, no positions in between.

    ``out`` may be ``values`` itself (a column compacted in place: each slice is written behind where it was read).
    """
    return _picked_all([values], mask, n, None if out is None else [out])[0]


def _picked_all(columns: list[np.ndarray], mask: np.ndarray, n: int,
                outs: list[np.ndarray] | None = None) -> list[np.ndarray]:
    """:func:`_picked` of several columns in one pass over the mask (each slice of it is read once)."""
    outs = [np.empty(n, dtype=c.dtype) for c in columns] if outs is None else outs
    w = 0
    for at in range(0, len(mask), STEP):
        keep = mask[at:at + STEP]
        got = 0
        for col, out in zip(columns, outs):
            part = col[at:at + STEP][keep]
            out[w:w + len(part)] = part
            got = len(part)
        w += got
    return [out[:n] for out in outs]


def _categorical(table: np.ndarray, ids: np.ndarray, rows: np.ndarray, cats: list[str],
                 picked: np.ndarray | None = None) -> pd.Categorical:
    """``Categorical.from_codes(table[ids[rows]], cats).remove_unused_categories()``, counting instead of sorting.

    ``picked``, when given, is ``ids[rows]`` already (picked with the rows' mask, see :func:`_picked_all`).
    """
    present = np.zeros(len(cats), dtype=bool)
    if picked is not None:
        seen = np.zeros(len(table), dtype=bool)  # table has an entry per id
        for at in range(0, len(picked), STEP):
            seen[picked[at:at + STEP]] = True
        present[table[np.flatnonzero(seen)]] = True
    else:
        for at in range(0, len(rows), STEP):
            present[table[ids[rows[at:at + STEP]]]] = True
    used = np.flatnonzero(present)
    remap = np.zeros(len(cats), dtype=np.int64)
    remap[used] = np.arange(len(used))
    # pandas' own choice of code type (coerce_indexer_dtype), so that from_codes keeps the array
    small = np.int8 if len(used) < 127 else np.int16 if len(used) < 32_767 else np.int32
    if picked is not None and picked.dtype == small:  # written over the picked ids (each read before it is written)
        lut = remap[table].astype(small)
        for at in range(0, len(picked), STEP):
            np.take(lut, picked[at:at + STEP], out=picked[at:at + STEP], mode="clip")
        codes = picked
    else:
        codes = _gather(remap[table].astype(small), picked) if picked is not None else \
            _lookup(remap[table].astype(small), ids, rows)
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(pd.CategoricalDtype(cats).categories.take(used)))


def _rows_with(ids: np.ndarray, flags: np.ndarray) -> np.ndarray:
    """``flags[ids]``: which rows have a flagged id (compared with each when there are a few, cheaper than a gather)."""
    hits = np.flatnonzero(flags)
    if len(hits) > 3:
        return _gather(flags, ids)
    out = np.zeros(len(ids), dtype=bool)
    for k in hits:
        out |= ids == k
    return out


def _compact(values: np.ndarray, take: np.ndarray) -> np.ndarray:
    """``values[take]`` written over ``values`` itself (``take`` rising): no second array of the column."""
    for at in range(0, len(take), STEP):
        part = take[at:at + STEP]
        values[at:at + len(part)] = values[part]  # take[i] >= i: only rows not yet written are read
    return values[:len(take)]


class _Periods:
    """Year and month of each row, through the row's period id."""

    def __init__(self, pids: np.ndarray, year: np.ndarray, month: np.ndarray, kept: np.ndarray) -> None:
        self.pids, self.year, self.month = pids, year, month
        self.kept = kept  # per period id: some kept row has it
        self.ym = year * 13 + month


class _Keys:
    """What the key of a row is made of (period, partner, code), per distinct label, with the rows' ids."""

    def __init__(self, periods: _Periods, ptid, psq_of, iso_of, n_iso: int, cid, code_of, n_codes: int) -> None:
        self.periods, self.ptid, self.psq_of, self.iso_of, self.n_iso = periods, ptid, psq_of, iso_of, n_iso
        self.cid, self.code_of, self.n_codes = cid, code_of, n_codes
        # (period, partner as written) as one number, period part and partner part per id: int32 when it fits
        # (the whole-file check reads them for every row)
        partners = int(psq_of.max()) + 1 if len(psq_of) else 1
        by_period = periods.ym * partners
        small = len(by_period) == 0 or int(by_period.max()) + partners < np.iinfo(np.int32).max
        self._by_period = by_period.astype(np.int32 if small else np.int64)
        self._by_partner = np.asarray(psq_of).astype(self._by_period.dtype)

    def written(self, t: np.ndarray | slice) -> tuple[np.ndarray, np.ndarray]:
        """(period and partner as written, code) of rows ``t`` (positions or a slice), as int32 or int64."""
        return (_gather(self._by_period, self.periods.pids[t]) + _gather(self._by_partner, self.ptid[t]),
                _gather(self.code_of, self.cid[t]))

    def merged(self, t: np.ndarray, flow_codes: np.ndarray) -> np.ndarray:
        """The TradeFlows key of rows ``t`` (partner as an ISO code, flow) as one integer."""
        ym = self.periods.ym[self.periods.pids[t]]
        return ((ym * (self.n_iso + 1) + self.iso_of[self.ptid[t]]) * 2 + flow_codes) * (self.n_codes + 1) \
            + self.code_of[self.cid[t]]


class _Rows:
    """File row numbers of data positions (position + the header's row + 1), computed for the positions asked."""

    def __init__(self, first: int) -> None:
        self.first = first

    def __getitem__(self, at):
        if isinstance(at, (int, np.integer)):
            return int(at) + self.first
        at = np.asarray(at)
        return (np.flatnonzero(at) if at.dtype == bool else at.astype(np.int64)) + self.first


class _Flow:
    def __init__(self, spec, v: int, q: int | None) -> None:
        self.spec, self.column, self.qty_column = spec, v, q
        self.values: np.ndarray = np.zeros(0)
        self.qty: np.ndarray | None = None
        self.unit_label = ""
        self.qty_unit = ""


def _numbers(data: Columns, idx: int, sheet: Sheet, rows: np.ndarray) -> tuple[np.ndarray, dict[int, str]]:
    """A number column as parse_numbers reads it: plain cells from Arrow, the others through parse_numbers."""
    values, _blank, pos, texts = data.numbers[idx]
    out = values  # parsed in place: the stream's array is not needed again
    if len(pos):
        parsed = parse_numbers(pd.Series(texts, dtype=object), sheet.file, sheet.names[idx], rows[pos], sheet.decimal)
        out[pos] = parsed.to_numpy()
    return out, dict(zip(pos.tolist(), texts))


@on_small_pages
def load_streamed(path: str | Path, mapping: "str | Path | Mapping | None" = None, kind: str | None = None, *,
                  encoding: str | None = None, unit: str | float | None = None, code_system: str | None = None,
                  reporter: str | None = None, keep_zero: bool = False, fx: object = None,
                  preview: int | None = None, fallback: bool = True):
    """Read a large plain CSV of trade flows in blocks; same table and report as :func:`load_table`.

    Parameters
    ----------
    preview : int, optional
        Build only the first ``preview`` rows of the table (``exposure inspect``); the report
        is that of the whole file either way.
    fallback : bool
        When the file has a problem and the generic reader can read it within its limits,
        raise :class:`Decline` so that the generic reader words the message.

    Returns
    -------
    (table, report, layout)

    Raises
    ------
    Decline
        When the file is not one this reader takes.
    DataError
        For a bad file beyond the generic reader's limits, as the generic reader would say it.
    """
    p = Path(path)
    m = get_mapping(mapping) if mapping is not None else None
    from exposure.io.layout import resolve_layout

    grid, one_line = head_grid(p, encoding or (m.encoding if m else None), m.delimiter if m else None)
    lay = resolve_layout(p, m, kind, encoding=encoding, grid=grid)
    if lay.header.start >= len(lay.grid.cells):
        raise DataError(lay.grid.path, "the header is the last row: expected rows of data under it",
                        row=lay.header.row + lay.header.n_rows - 1)
    if not layout_fits(lay, one_line):
        raise Decline("not the layout streamed")
    if any(is_unit_column(n) for n in lay.header.names):
        raise Decline("a column of units: the generic reader reads the unit each row states")
    try:
        rates = {**parse_fx(lay.mapping.fx, "the mapping's fx"), **parse_fx(fx, "--fx")}
    except ValueError as exc:
        raise DataError(lay.grid.path, str(exc)) from None
    options = Options(unit, code_system, None, None, reporter, None, keep_zero, rates, None)
    block = lay.blocks[0]
    flows = [_Flow(spec, v, q) for spec, v, q in block.flows]
    money = {f.column for f in flows} | {f.qty_column for f in flows if f.qty_column is not None}
    used = sorted(set(block.columns.values()) | money)
    data = read_columns(lay, used, set(used) - money, [f.column for f in flows])
    if any(_clean_text(pd.Series(data.numbers[i][3], dtype=object))[0].str.fullmatch(_ONLY_COMMA.pattern).any()
           for i in sorted(money) if data.numbers[i][3]):
        raise Decline("numbers with the decimal comma")
    try:
        return _flows(lay, data, block, flows, options, rates, used, money, preview) + (lay,)
    except DataError:
        if fallback and within_generic_limits(lay, data.n):
            raise Decline("a problem the generic reader words") from None
        raise


def _flows(lay, data: Columns, block, flows: list[_Flow], options: Options, rates, used, money, preview):
    sheet = Sheet(lay)
    sheet.fx = rates
    file, names, n = lay.grid.path, lay.header.names, data.n
    rows = _Rows(lay.header.row + 1)
    cols = block.columns
    builder = ReportBuilder(file, format=lay.grid.format, encoding=lay.grid.encoding, sheet=None,
                            header_row=lay.header.row, column_mapping=lay.column_mapping())
    for note in lay.grid.notes:
        builder.warn(note)
    if lay.mapping_origin != "auto":
        builder.warn(f"read with the {lay.mapping_origin} mapping '{lay.mapping.name}'")
    part = part_of_year_warning(lay.header.above)
    if part:
        builder.warn(part)
    unused = lay.unused_columns()
    if unused:
        builder.warn("columns not used: " + ", ".join(unused))

    # control characters, column by column in the order of the file
    for idx in used:
        if idx in data.labels:
            ids, uniq = data.labels[idx]
            # one search over all the distinct cells; cell by cell only when it finds something
            bad = [k for k, u in enumerate(uniq) if u.strip() and _has_control(u)] if _has_control("\n".join(uniq)) \
                else []
            if bad:
                pos = int(np.flatnonzero(np.isin(ids, bad))[0])
                raise control_error(file, uniq[ids[pos]], int(rows[pos]), names[idx])
        else:
            _v, _b, pos, texts = data.numbers[idx]
            for k, t in enumerate(texts):
                if _has_control(t):
                    raise control_error(file, t, int(rows[pos[k]]), names[idx])

    label_cols = label_columns(block, money)
    texts: dict[int, tuple[np.ndarray, list[str]]] = {i: text_ids(data.labels[i][1]) for i in data.labels}

    by_row: dict[int, tuple[np.ndarray, list[str]]] = {}

    def text_of(idx: int) -> tuple[np.ndarray, list[str]]:
        """Row ids into the distinct stripped texts of a label column (computed once per column)."""
        if idx not in by_row:
            ids, _uniq = data.labels[idx]
            tid, cats = texts[idx]
            same = len(tid) == len(cats) and bool(np.all(tid == np.arange(len(tid))))  # stripping merged nothing
            by_row[idx] = (ids if same else _gather(tid, ids), cats)
        return by_row[idx]

    blank = np.ones(n, dtype=bool)
    for idx in used:
        if idx in data.labels:
            ids, uniq = data.labels[idx]
            empty = np.array([not u.strip() for u in uniq], dtype=bool)
            if not empty.any():  # no row is blank in this column, so none is blank in all
                blank = np.zeros(n, dtype=bool)
                break
            blank &= _gather(empty, ids)
        else:
            blank &= data.numbers[idx][1]
    total = np.zeros(n, dtype=bool)
    for idx in label_cols:
        tid, cats = text_of(idx)
        is_total = np.array([squash(c) in sheet.totals for c in cats], dtype=bool)
        if is_total.any():
            total |= _rows_with(tid, is_total)
    total &= ~blank
    member = ~blank & ~total

    for f in flows:
        f.unit_label, factor = sheet.money_factor(f.column, options, f.spec.unit or block.block.unit,
                                                  lay.mapping.unit)
        values, raw = _numbers(data, f.column, sheet, rows)
        values *= factor
        f.values = values
        neg = np.flatnonzero(member & (f.values < 0))
        if len(neg):
            pos = int(neg[0])
            raise DataError(file, f"expected an amount ≥ 0, got '{raw.get(pos, values[pos] / factor)}'", row=int(rows[pos]),
                            column=names[f.column])
        if f.qty_column is not None:
            f.qty = _numbers(data, f.qty_column, sheet, rows)[0]
            f.qty_unit = sheet.qty_unit(f.qty_column, f.spec.qty_unit, sheet.title_weight, lay.mapping.qty_unit)
    missing = [np.isnan(f.values) for f in flows]
    has_value = np.logical_or.reduce([~m for m in missing])
    no_value = member & ~has_value
    keep = member & has_value
    tagged = len(flows) > 1
    for f, miss in zip(flows, missing):
        # nansum copies the column to zero its NaN: with none, the plain sum is the same to the bit
        builder.read(n, float(np.nansum(f.values) if miss.any() else f.values.sum()))
        builder.drop(rows[blank], "blank row", 0.0, f"flow {f.spec.flow}" if tagged else "")
        builder.drop(rows[total], "total row", f.values[total], names[f.column])
        _compare_totals(sheet, builder, label_cols, text_of, total, member, f.values, rows,
                        f" ({f.spec.flow})" if tagged else "")
        nv = np.flatnonzero(no_value)
        builder.drop(rows[nv], "no value", 0.0, [data.row_texts.get(int(k), "") for k in nv])

    # codes
    cidx = cols["code"]
    cid, ccats = text_of(cidx)
    keep_ids = np.flatnonzero(_counts(cid, keep, len(ccats)))
    if is_bracketed([ccats[k] for k in keep_ids]):
        raise Decline("codes in brackets")
    written_cats = ccats
    # as the generic reader's split_code_label: full-width digits and ="…" read as the code before its system is told
    ccats = code_texts(pd.Series(ccats, dtype=object)).tolist()
    system = options.code_system or block.block.code_system
    if system is None:
        system = infer_code_system(pd.Series([ccats[k] for k in keep_ids], dtype=object), names[cidx])
        if system is None:
            sci = pd.Series(ccats, dtype=object).astype(str).str.strip().str.fullmatch(_SCI).to_numpy()
            hit = np.flatnonzero(keep & sci[cid])
            if len(hit):
                pos = int(hit[0])
                raise DataError(file, f"expected a product code, got '{written_cats[cid[pos]]}' (scientific notation "
                                      "has lost digits): store the code column as text and export it again",
                                row=int(rows[pos]), column=names[cidx])
            raise DataError(file, "cannot tell the code system from the codes: name it in a mapping file "
                                  "([read] code_system = \"HSK10\"; HS2, HS4, HS6, HSK10, MTI3 …)", column=names[cidx])
        builder.warn(f"code system {system} inferred from the code lengths in column '{names[cidx]}'")
    try:
        code_system_parts(system)
    except ValueError as exc:
        raise DataError(file, str(exc), column=names[cidx]) from None
    norm = _normalised(ccats, cid, keep, system, file, names[cidx], rows, len(keep_ids))
    code_cats = sorted(set(norm))  # in code order, so that a file sorted by code gives rising keys
    code_rank = {c: k for k, c in enumerate(code_cats)}
    code_of = np.array([code_rank[c] for c in norm], dtype=np.int32)  # per distinct code text

    name_ids, name_cats = (text_of(cols["name"]) if "name" in cols else (np.zeros(n, dtype=np.int8), [""]))

    # periods
    ycol = cols.get("year", cols.get("period"))
    pids, puniq = data.labels[ycol]
    first = _first_rows_in_runs(pids, keep, len(puniq))
    order = np.argsort(np.where(first < 0, np.iinfo(np.int64).max, first), kind="stable")
    order = order[first[order] >= 0]
    y = np.zeros(len(puniq), dtype=np.int64)
    mo = np.zeros(len(puniq), dtype=np.int64)
    if len(order):
        yy, mm = parse_period(pd.Series([puniq[k] for k in order], dtype=object), file, names[ycol], rows[first[order]])
        y[order], mo[order] = yy.to_numpy(), mm.to_numpy()
    periods = _Periods(pids, y, mo, first >= 0)

    rep = options.reporter or block.block.constants.get("reporter")
    if rep is None:
        rep = "KOR"
        builder.warn("the file names no reporter: taken as KOR (set constants.reporter in a mapping file otherwise)")

    # partners (tables per distinct partner text; rows reach them through ptid)
    pidx = cols["partner"]
    ptid, pcats = text_of(pidx)
    iso_of, partner_bad_text = _partners(pcats, ptid, keep, file, names[pidx], rows, builder)
    psq = [squash(c) for c in pcats]
    psq_rank = {c: k for k, c in enumerate(sorted(set(psq)))}  # in name order, as downloads are sorted
    psq_of = np.array([psq_rank[c] for c in psq], dtype=np.int64)
    iso_cats = sorted({i or "" for i in iso_of})
    iso_rank = {c: k for k, c in enumerate(iso_cats)}
    iso_text = np.array([iso_rank[i or ""] for i in iso_of], dtype=np.int32)
    # rows whose key may meet another's once partners are ISO codes: UNK, or a code two spellings share
    spellings = pd.Series(psq).groupby(pd.Series([i or "" for i in iso_of])).nunique()
    merging = np.array([(i == "UNK") or spellings.get(i or "", 1) > 1 for i in iso_of], dtype=bool)
    not_unk = np.array([i != "UNK" for i in iso_of], dtype=bool)
    keys = _Keys(periods, ptid, psq_of, iso_text, len(iso_cats), cid, code_of, len(code_cats))

    parts = []
    kept: np.ndarray | None = None
    for k, f in enumerate(flows):
        # kept rows have no negative amount (refused above): zero or missing is "not above 0"
        # the masks worked in place: each is a fresh 1 byte a row, and fresh memory costs its first touch
        if options.keep_zero:
            zero = np.zeros(n, dtype=bool)
            ok = keep.copy()
        else:
            ok = np.greater(f.values, 0, out=np.empty(n, dtype=bool))  # NaN: not above 0
            ok &= keep
            zero = np.logical_xor(keep, ok, out=np.empty(n, dtype=bool))  # kept, not above 0
        builder.drop(rows[zero], "zero value", 0.0, f"flow {f.spec.flow}" if tagged else "")
        if partner_bad_text.any():
            bad = _rows_with(ptid, partner_bad_text)
            bad &= ok
            if bad.any():
                builder.drop(rows[bad], "partner not a country", f.values[bad], [pcats[t] for t in ptid[bad]])
                ok &= np.logical_not(bad, out=bad)
        take = _positions(ok)
        _refuse_repeated(file, take, keys, not_unk, rows, pcats, norm)
        parts.append((k, take))
        if len(flows) == 1:  # the rows taken as a mask, for the records' categories (see _categorical)
            kept = ok
        builder.meta.setdefault("unit", f.unit_label)
    for note in sorted(sheet.converted):
        builder.warn(note)
    builder.meta["code_system"] = system
    # the row masks are done with: freed before the table is built, their memory holds its columns
    del blank, total, member, keep, no_value, has_value, missing, zero, ok
    return _finish(lay, builder, flows, parts, keys, rep, iso_cats, code_cats, merging, system, name_ids, name_cats,
                   rows, preview, kept)


def _has_control(text: str) -> bool:
    from exposure.io.streamcsv import _CONTROL

    return bool(_CONTROL.search(text))


def _compare_totals(sheet: Sheet, builder: ReportBuilder, label_cols, text_of, total: np.ndarray, member: np.ndarray,
                    values: np.ndarray, rows, suffix: str) -> None:
    """Each total row against the member rows that share its non-blank, non-total labels (as compare_totals)."""
    cols = {idx: text_of(idx) for idx in label_cols}
    for pos in np.flatnonzero(total):
        group = member
        label = ""
        filters = []
        for idx, (tid, cats) in cols.items():
            cell = cats[tid[pos]]
            if not cell:
                continue
            if squash(cell) in sheet.totals:
                label = label or cell
                continue
            group = group & (tid == tid[pos])
            filters.append(f"{sheet.names[idx]}={cell}")
        text = label + (f" [{', '.join(filters)}]" if filters else "") + suffix
        # blank cells as the generic reader's fillna(0) (no cell is infinite here); summed slice by slice, so
        # that no copy of the column is made (the same numbers as the generic reader's sum, in another order)
        summed = sum(float(np.nansum(values[at:at + STEP][group[at:at + STEP]])) for at in range(0, len(values), STEP))
        builder.total(int(rows[pos]), text, float(np.nan_to_num(values[pos])), summed)


def _normalised(cats: list[str], cid: np.ndarray, keep: np.ndarray, system: str, file: Path, column: str,
                rows: np.ndarray, present: int | None = None) -> list[str]:
    """Each distinct code normalised (those of no kept row left ''), raising as normalize_codes does."""
    first = _first_rows(cid, keep, len(cats), present)
    order = np.argsort(np.where(first < 0, np.iinfo(np.int64).max, first), kind="stable")
    order = order[first[order] >= 0]
    out = [""] * len(cats)
    if not len(order):
        return out
    try:
        norm = normalize_codes(pd.Series([cats[k] for k in order], dtype=object), system,
                               source=display_name(file), column=column, rows=rows[first[order]])
    except DataError:  # the message counts bad rows, not bad codes: say it over the rows
        pos = np.flatnonzero(keep)
        normalize_codes(pd.Series(np.asarray(cats, dtype=object)[cid[pos]]), system, source=display_name(file),
                        column=column, rows=rows[pos])
        raise
    for k, c in zip(order.tolist(), norm.tolist()):
        out[k] = c
    return out


def _partners(cats: list[str], tid: np.ndarray, keep: np.ndarray, file: Path, column: str, rows: np.ndarray,
              builder: ReportBuilder) -> tuple[list[str | None], np.ndarray]:
    """ISO3 of each distinct partner text; unknown names refused, the others reported (as flowtable._partners)."""
    present = _counts(tid, keep, len(cats))
    shown = [k for k in range(len(cats)) if present[k]]
    mapped, unmatched = to_iso3(pd.Series([cats[k] for k in shown], dtype=object), source=display_name(file))
    iso: list[str | None] = [None] * len(cats)
    for k, v in zip(shown, mapped.tolist()):
        iso[k] = v
    count = {cats[k]: int(present[k]) for k in shown}
    unmatched = unmatched.assign(count=unmatched["name"].map(count).astype("int64"))
    unmatched = unmatched.sort_values(["count", "name"], ascending=[False, True]).reset_index(drop=True)
    unknown = unmatched[unmatched["reason"].astype(str).str.startswith("unknown")]
    if len(unknown):
        bad_ids = [k for k in shown if cats[k] in set(unknown["name"])]
        pos = int(np.flatnonzero(keep & np.isin(tid, bad_ids))[0])
        name = cats[tid[pos]]
        close = difflib.get_close_matches(name, _known_partner_names(), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        more = f" ({len(unknown)} unknown names in all)" if len(unknown) > 1 else ""
        raise DataError(file, f"expected a country name (Korean or English) or an ISO code, got '{name}', which "
                              f"is in no country table{more}{hint}", row=int(rows[pos]), column=column)
    for rec in unmatched.itertuples(index=False):
        fate = "kept as UNK" if rec.iso3 == "UNK" else "rows dropped unless zero"
        reason = str(rec.reason).replace(", kept as UNK", "")
        builder.warn(f"partner '{rec.name}' ({rec.count} rows): {reason} — {fate}")
    bad = np.array([v is None for v in iso], dtype=bool)
    return iso, bad


def _refuse_repeated(file: Path, take: np.ndarray, keys: _Keys, not_unk: np.ndarray, rows, pcats, norm) -> None:
    """Two rows with the same period (year and month), partner as written and product (as
    flowtable._refuse_repeated_rows): the first row that repeats an earlier one, and that earlier row."""
    if _runs_rise(take, keys, not_unk):  # nothing repeats
        return
    t = take if not_unk.all() else take[not_unk[keys.ptid[take]]]
    group, codes = keys.written(t)
    key = pd.Series(group.astype(np.int64) * (keys.n_codes + 1) + codes)
    again_mask = key.duplicated(keep="first").to_numpy()
    if not again_mask.any():
        return
    j = int(np.flatnonzero(again_mask)[0])
    i = int(np.flatnonzero(key.to_numpy() == key.iloc[j])[0])
    at = int(t[j])
    pid = keys.periods.pids[at]
    raise DataError(file, repeated_row_message(int(rows[t[i]]), int(keys.periods.year[pid]),
                                               int(keys.periods.month[pid]), pcats[keys.ptid[at]],
                                               norm[keys.cid[at]]), row=int(rows[at]))


def _runs_rise(take: np.ndarray, keys: _Keys, not_unk: np.ndarray) -> bool:
    """Do the rows of each period and partner come as one run, codes rising within it? Then none repeats.

    The portal sorts by period, partner as it spells it and code; partners need not be in an order this
    reader knows (that of their squashed names may differ), so only runs are asked for. Slice by slice,
    so that the keys stay small.

    Every row of the file is asked first, in slices of the columns themselves (no gather through the
    positions): the rows taken are a subsequence of them, and a subsequence of runs that rise is runs
    that rise. Only when the file as a whole does not (a subtotal row inside a run, rows of no partner)
    are the rows taken asked themselves.
    """
    n = len(keys.cid)
    if not_unk.all() and _rising(keys, (slice(at, min(at + STEP, n)) for at in range(0, n, STEP))):
        return True

    def taken():
        for at in range(0, len(take), STEP):
            t = take[at:at + STEP]
            yield t[not_unk[keys.ptid[t]]]

    return _rising(keys, taken())


def _rising(keys: _Keys, parts) -> bool:
    """Are the rows of ``parts`` (slices or positions, in file order) runs of one period and partner each,
    codes rising within a run?"""
    starts = []
    last = None
    for t in parts:
        group, codes = keys.written(t)
        if not len(group):
            continue
        same = group[1:] == group[:-1]
        if not bool(np.all(codes[1:][same] > codes[:-1][same])):
            return False
        head = np.concatenate(([True], ~same))
        if last is not None and group[0] == last[0]:
            if codes[0] <= last[1]:
                return False
            head[0] = False
        starts.append(group[head])
        last = (group[-1], codes[-1])
    starts_all = np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64)
    return len(np.unique(starts_all)) == len(starts_all)


def _refuse_annual_beside_monthly(lay, flows, pos, which, keys: _Keys, reporter, iso_cats, code_cats, system,
                                  rows) -> None:
    """flows.refuse_annual_beside_monthly on the records, built only when the file has annual and monthly periods."""
    periods = keys.periods
    kinds = periods.month[periods.kept] == 0
    if kinds.all() or not kinds.any():  # the records' periods are among the kept rows': of one kind already
        return
    used = np.zeros(len(periods.month), dtype=bool)
    for at in range(0, len(pos), STEP):
        used[periods.pids[pos[at:at + STEP]]] = True
    kinds = periods.month[used] == 0
    if kinds.all() or not kinds.any():
        return
    pid = periods.pids[pos]
    table = pd.DataFrame({
        "year": periods.year[pid], "month": periods.month[pid], "reporter": str(reporter),
        "partner": np.asarray(iso_cats, dtype=object)[keys.iso_of[keys.ptid[pos]]],
        "flow": np.asarray([f.spec.flow for f in flows], dtype=object)[which],
        "code": np.asarray(code_cats, dtype=object)[keys.code_of[keys.cid[pos]]], "code_system": system,
        "_row": rows[pos],
    })
    refuse_annual_beside_monthly(table, display_name(lay.grid.path))


def _refuse_unnamed_subtotals(lay, flows, parts, keys: _Keys, reporter, iso_cats, code_cats, system, rows) -> None:
    """flows.refuse_unnamed_subtotals on the rows that share a period and product with a row of no partner (UNK),
    built only when the file has such a row."""
    if "UNK" not in iso_cats:
        return
    unk_text = keys.iso_of == iso_cats.index("UNK")  # per distinct partner text
    periods = keys.periods
    frames = []
    for k, take in parts:
        unknown = unk_text[keys.ptid[take]]
        if not unknown.any():
            continue
        group = periods.ym[periods.pids[take]] * (keys.n_codes + 1) + keys.code_of[keys.cid[take]]
        t = take[np.isin(group, group[unknown])]
        pid = periods.pids[t]
        frames.append(pd.DataFrame({
            "year": periods.year[pid], "month": periods.month[pid], "reporter": str(reporter),
            "partner": np.asarray(iso_cats, dtype=object)[keys.iso_of[keys.ptid[t]]], "flow": flows[k].spec.flow,
            "code": np.asarray(code_cats, dtype=object)[keys.code_of[keys.cid[t]]], "code_system": system,
            "value_usd": flows[k].values[t], "_row": rows[t]}))
    if frames:
        refuse_unnamed_subtotals(pd.concat(frames, ignore_index=True), display_name(lay.grid.path))


def _joined(arrays: list[np.ndarray]) -> np.ndarray:
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)


def _finish(lay, builder: ReportBuilder, flows, parts, keys: _Keys, reporter, iso_cats, code_cats, merging, system,
            name_ids, name_cats, rows, preview, kept=None) -> tuple[pd.DataFrame, LoadReport]:
    """Records of every flow, duplicate keys summed into the first, in file order; the report closed."""
    pos = _joined([take for _, take in parts])
    which = _joined([np.full(len(take), k, dtype=np.int8) for k, take in parts])
    _refuse_annual_beside_monthly(lay, flows, pos, which, keys, reporter, iso_cats, code_cats, system, rows)
    _refuse_unnamed_subtotals(lay, flows, parts, keys, reporter, iso_cats, code_cats, system, rows)
    if len(parts) == 1:  # one flow: its columns become the records' in place
        k, take = parts[0]
        if kept is not None and flows[k].qty is not None:  # the rows taken as a mask too: read in order, in place
            value, qty = _picked_all([flows[k].values, flows[k].qty], kept, len(take), [flows[k].values, flows[k].qty])
        elif kept is not None:
            value, qty = _picked(flows[k].values, kept, len(take), out=flows[k].values), np.full(len(take), np.nan)
        else:
            value = _compact(flows[k].values, take)
            qty = _compact(flows[k].qty, take) if flows[k].qty is not None else np.full(len(take), np.nan)
    else:
        value = np.concatenate([flows[k].values[take] for k, take in parts])
        qty = np.concatenate([(flows[k].qty[take] if flows[k].qty is not None else np.full(len(take), np.nan))
                              for k, take in parts])
    keep = np.ones(len(pos), dtype=bool)
    cand = np.flatnonzero(merging[keys.ptid[pos]]) if merging.any() else np.zeros(0, dtype=np.int64)
    if len(cand) > 1:  # only these can share a key: the repeated-rows check passed
        flow_codes = np.array([0 if f.spec.flow == "M" else 1 for f in flows], dtype=np.int64)[which]
        key = np.zeros(len(pos), dtype=np.int64)
        key[cand] = keys.merged(pos[cand], flow_codes[cand])
        shared = cand[pd.Series(key[cand]).duplicated(keep=False).to_numpy()]
        if len(shared):  # summed into the first record of each key (as flows.merge_duplicate_keys)
            firsts = pd.Series(shared).groupby(key[shared], sort=False).transform("first").to_numpy()
            later, target = shared[firsts != shared], firsts[firsts != shared]
            iso = np.asarray(iso_cats, dtype=object)[keys.iso_of[keys.ptid[pos[later]]]]
            named = iso != UNKNOWN_PARTNER  # two spellings of one country: a table pasted twice (flows.py)
            if named.any():
                at = int(np.flatnonzero(named)[np.argmin(rows[pos[later[named]]])])
                p_at, periods = pos[later[at]], keys.periods
                pid = periods.pids[p_at]
                raise DataError(lay.grid.path, repeated_row_message(
                    int(rows[pos[target[at]]]), int(periods.year[pid]), int(periods.month[pid]), str(iso[at]),
                    str(np.asarray(code_cats, dtype=object)[keys.code_of[keys.cid[p_at]]])), row=int(rows[p_at]))
            builder.drop(rows[pos[later]], "duplicate key: summed into an earlier row", 0.0,
                         [f"summed into row {r}" for r in rows[pos[target]]])
            builder.warn(f"{len(later)} rows repeat the key of an earlier row ({', '.join(TRADE_FLOWS.key)}): their "
                         "values were added to that row")
            np.add.at(value, target, value[later])
            has = ~np.isnan(qty[later])  # qty stays NaN when no record of the key had one
            if has.any():
                acc = np.where(np.isnan(qty), 0.0, qty)
                np.add.at(acc, target[has], qty[later][has])
                filled = np.zeros(len(qty), dtype=bool)
                filled[target[has]] = True
                qty = np.where(filled | ~np.isnan(qty), acc, np.nan)
            keep[later] = False
    every = bool(keep.all())  # then the records are pos itself, in order: nothing to pick
    order = np.arange(len(pos)) if every and len(parts) > 1 else np.flatnonzero(keep) if not every else None
    if len(parts) > 1 and not bool(np.all(np.diff(pos[order]) >= 0)):  # flows interleaved: back to file order
        order = order[np.argsort(pos[order], kind="stable")]
        every = False
    value_kept = float((value if every else value[order]).sum())
    report = builder.finish(len(pos) if every else len(order), value_kept)
    if preview is not None and preview < len(pos):
        order = (np.arange(len(pos)) if every else order)[:preview]
        every = False
    r = pos if every else pos[order]
    kept = kept if every and len(parts) == 1 else None  # then the records are the rows of that mask
    m = len(r)
    source = display_name(lay.grid.path)
    fl = [f.spec.flow for f in flows]
    periods = keys.periods

    def const(v: str) -> pd.Categorical:
        return pd.Categorical.from_codes(np.zeros(m, dtype=np.int8), categories=[v])

    flow_cat = pd.Categorical.from_codes((which if every else which[order]).astype(np.int8), categories=fl) \
        if len(set(fl)) == len(fl) else const(fl[0])
    qty_units = [f.qty_unit for f in flows]
    # the records' ids of each label column: one pass over the kept-row mask when the records are its rows
    picked = _picked_all([periods.pids, keys.ptid, keys.cid, name_ids], kept, m) if kept is not None \
        else [None] * 4
    pid = picked[0] if kept is not None else \
        _lookup(np.arange(len(periods.year), dtype=periods.pids.dtype), periods.pids, r)  # one gather for both
    table = pd.DataFrame({
        "year": _gather(periods.year, pid), "month": _gather(periods.month, pid),
        "reporter": const(str(reporter)),
        "partner": _categorical(keys.iso_of, keys.ptid, r, iso_cats, picked[1]),
        "flow": flow_cat,
        "code": _categorical(keys.code_of, keys.cid, r, code_cats, picked[2]),
        "code_system": const(system),
        "name": _categorical(np.arange(len(name_cats)), name_ids, r, name_cats, picked[3]),
        "value_usd": value if every else value[order], "qty": qty if every else qty[order],
        "qty_unit": pd.Categorical(np.asarray(qty_units, dtype=object)[which if every else which[order]])
        if len(set(qty_units)) > 1 else const(qty_units[0]),
        "source": const(source),
    }, copy=False)
    return table, report
