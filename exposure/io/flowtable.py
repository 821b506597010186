"""Trade flows from a people-made table: one record per row and flow, every record kept or reported.

Wide layouts with an export and an import column give two records (X and M) per row;
report rows count records, so ``rows_read`` is rows × flows. Partners go through the
country table (unknown names are refused, groups dropped, blanks kept as ``UNK``), and a
row entered twice is refused rather than summed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from exposure.codes.countries import country_table, to_iso3
from exposure.errors import DataError
from exposure.io.fields import blank_mask, parse_month, parse_period
from exposure.io.header import squash
from exposure.io.layout import BlockColumns
from exposure.io.limits import display_name
from exposure.io.mapping import ColumnRef, FlowSpec
from exposure.io.numbers import parse_numbers
from exposure.io.reporting import ReportBuilder
from exposure.io.sheet import (Options, Sheet, check_printable, codes_column, compare_totals, constant_code,
                               constant_year, label_columns, money_column, recode, row_text, total_mask,
                               year_elsewhere)

_FLOW_VALUES = {"수출": "X", "수입": "M", "export": "X", "exports": "X", "import": "M", "imports": "M", "x": "X",
                "m": "M", "2": "X", "1": "M"}


# ---------------------------------------------------------------------------------------------- trade flows


@dataclass
class _FlowValues:
    """One value column of a trade-flow block, parsed."""

    spec: FlowSpec
    column: int
    values: pd.Series  # USD
    qty: pd.Series | None
    qty_unit: str
    unit_label: str


def _flow_specs(block: BlockColumns) -> list[tuple[FlowSpec, int, int | None]]:
    """The block's flows; a long layout (one value column) becomes one flow from a column or a constant."""
    if block.flows:
        return list(block.flows)
    cols = block.columns
    flow_const = block.block.constants.get("flow")
    return [(FlowSpec(str(flow_const or "?"), ColumnRef(index=cols["value"])), cols["value"], cols.get("qty"))]


def _parse_flows(sheet: Sheet, block: BlockColumns, options: Options, member: np.ndarray) -> list[_FlowValues]:
    mapping = sheet.layout.mapping
    out = []
    for spec, v, q in _flow_specs(block):
        unit_label, factor = sheet.money_factor(v, options, spec.unit or block.block.unit, mapping.unit)
        values = money_column(sheet, v, factor, member)
        qty = (parse_numbers(sheet.cells[q], sheet.file, sheet.names[q], sheet.rows, sheet.decimal)
               if q is not None else None)
        qty_unit = sheet.qty_unit(q, spec.qty_unit, sheet.title_weight, mapping.qty_unit) if q is not None else ""
        out.append(_FlowValues(spec, v, values, qty, qty_unit, unit_label))
    return out


def _flow_column(sheet: Sheet, block: BlockColumns, keep: np.ndarray) -> pd.Series | None:
    if "flow" not in block.columns:
        return None
    idx = block.columns["flow"]
    table = {**_FLOW_VALUES, **sheet.layout.mapping.values.get("flow", {})}
    return recode(sheet.text(idx), table, sheet, sheet.names[idx], keep, "수출/수입, Export/Import or X/M")


def flow_records(sheet: Sheet, block: BlockColumns, options: Options, builder: ReportBuilder
                  ) -> pd.DataFrame:
    """Records (one per row and flow) of one block; every record read is kept or reported."""
    cols = block.columns
    specs = _flow_specs(block)
    money_cols = {v for _, v, _ in specs} | {q for _, _, q in specs if q is not None}
    label_cols = label_columns(block, money_cols)
    used = sorted(set(cols.values()) | money_cols)
    check_printable(sheet, used)
    n = len(sheet.cells)
    blank = blank_mask(sheet.cells[used])
    total = total_mask(sheet, label_cols) & ~blank
    member = ~blank & ~total
    flows = _parse_flows(sheet, block, options, member)
    has_value = np.logical_or.reduce([f.values.notna().to_numpy() for f in flows])
    no_value = member & ~has_value
    keep = member & has_value
    tagged = len(flows) > 1
    for f in flows:  # rows that are not data, reported once per flow
        builder.read(n, float(f.values.fillna(0).sum()))
        builder.drop(sheet.rows[blank], "blank row", 0.0, f"flow {f.spec.flow}" if tagged else "")
        builder.drop(sheet.rows[total], "total row", f.values[total].to_numpy(), sheet.names[f.column])
        compare_totals(sheet, builder, label_cols, total, member, f.values, f" ({f.spec.flow})" if tagged else "")
        builder.drop(sheet.rows[no_value], "no value", 0.0, row_text(sheet, np.flatnonzero(no_value)))
    system = options.code_system or block.block.code_system
    if "code" in cols and options.code is not None:
        raise DataError(sheet.file, f"the file has a code column ('{sheet.names[cols['code']]}'): --code is for "
                                    "files about one product without one; leave it out")
    if "code" in cols:
        codes, code_names, system = codes_column(sheet, cols["code"], system, block.block.code_pattern, keep, builder)
    else:  # a file about one product: the code is given, or a constant of the mapping
        codes, code_names, system = constant_code(sheet, block, system, options, builder)
    names = sheet.text(cols["name"]) if "name" in cols else code_names
    year, month = _years_months(sheet, block, options, keep, [f.column for f in flows], builder)
    reporter = options.reporter or block.block.constants.get("reporter")
    if reporter is None:
        reporter = "KOR"
        builder.warn("the file names no reporter: taken as KOR (set constants.reporter in a mapping file "
                     "otherwise)")
    partner, partner_bad = _partners(sheet, block, options, keep, builder)
    flow_col = _flow_column(sheet, block, keep)
    frames = []
    for f in flows:
        if flow_col is None and f.spec.flow not in ("M", "X"):
            raise DataError(sheet.file, "no flow: map a flow column (수출입구분) or set constants.flow = \"M\"/\"X\"")
        flow = flow_col if flow_col is not None else pd.Series(f.spec.flow, index=sheet.cells.index)
        zero = np.zeros(n, dtype=bool) if options.keep_zero else keep & (f.values.fillna(0) == 0).to_numpy()
        builder.drop(sheet.rows[zero], "zero value", 0.0, f"flow {f.spec.flow}" if tagged else "")
        bad = keep & ~zero & partner_bad
        if bad.any():
            builder.drop(sheet.rows[bad], "partner not a country", f.values[bad].to_numpy(),
                         sheet.text(cols["partner"])[bad].tolist())
        take = keep & ~zero & ~partner_bad
        _refuse_repeated_rows(sheet, block, take, {"year": year, "month": month, "flow": flow, "code": codes}, partner)
        frames.append(pd.DataFrame({
            "year": year[take], "month": month[take], "reporter": reporter,
            "partner": partner[take], "flow": flow[take], "code": codes[take], "code_system": system,
            "name": names[take] if names is not None else "", "value_usd": f.values[take],
            "qty": f.qty[take] if f.qty is not None else np.nan, "qty_unit": f.qty_unit,
            "source": display_name(sheet.file), "_row": sheet.rows[take],
        }))
        builder.meta.setdefault("unit", f.unit_label)
    return pd.concat(frames, ignore_index=True)


def _years_months(sheet: Sheet, block: BlockColumns, options: Options, keep: np.ndarray, money: list[int],
                  builder: ReportBuilder) -> tuple[pd.Series, pd.Series]:
    cols = block.columns
    year = pd.Series(0, index=sheet.cells.index, dtype="int64")
    month = pd.Series(0, index=sheet.cells.index, dtype="int64")
    ycol = cols.get("year", cols.get("period"))
    if ycol is not None and options.year is None:
        y, m = parse_period(sheet.cells[ycol][keep], sheet.file, sheet.names[ycol], sheet.rows[keep])
        year[keep] = y.to_numpy()
        month[keep] = m.to_numpy()
    else:
        const = constant_year(sheet, block, options, money)
        if const is None:
            const = year_elsewhere(sheet, builder)
        year[:] = const
    if "month" in cols:
        m = parse_month(sheet.cells[cols["month"]][keep], sheet.file, sheet.names[cols["month"]], sheet.rows[keep])
        month[keep] = m.to_numpy()
    elif options.month is not None:
        month[:] = int(options.month)
    elif "month" in block.block.constants and ycol is None:
        month[:] = int(block.block.constants["month"])
    return year, month


def _partners(sheet: Sheet, block: BlockColumns, options: Options, keep: np.ndarray, builder: ReportBuilder
              ) -> tuple[pd.Series, np.ndarray]:
    cols = block.columns
    n = len(sheet.cells)
    if "partner" not in cols:
        const = options.partner or block.block.constants.get("partner")
        if const is None:
            builder.warn("the file has no partner column: rows taken as world totals (WLD)")
            const = "WLD"
        iso, unmatched = to_iso3([const], source=display_name(sheet.file))
        if iso.iloc[0] is None:
            raise DataError(sheet.file, f"partner {const!r} is not a country, WLD or UNK")
        return pd.Series(iso.iloc[0], index=sheet.cells.index), np.zeros(n, dtype=bool)
    text = sheet.text(cols["partner"])
    iso = pd.Series("", index=text.index, dtype=object)
    bad = np.zeros(n, dtype=bool)
    if keep.any():
        mapped, unmatched = to_iso3(text[keep], source=display_name(sheet.file))
        _refuse_unknown_partners(sheet, cols["partner"], keep, unmatched)
        iso[keep] = mapped.fillna("").to_numpy()
        bad[keep] = mapped.isna().to_numpy()
        for rec in unmatched.itertuples(index=False):
            fate = "kept as UNK" if rec.iso3 == "UNK" else "rows dropped unless zero"
            reason = str(rec.reason).replace(", kept as UNK", "")
            builder.warn(f"partner '{rec.name}' ({rec.count} rows): {reason} — {fate}")
    return iso, bad


def _refuse_unknown_partners(sheet: Sheet, idx: int, keep: np.ndarray, unmatched: pd.DataFrame) -> None:
    """A partner name the country table does not know is an error, not a row to drop.

    Groups (EU, ASEAN), organisations and unspecified partners have a known reason and
    are dropped or kept as UNK and reported; a name nobody knows is most likely a typo
    of a real partner (일보 for 일본), and dropping it would change that partner's share.
    """
    unknown = unmatched[unmatched["reason"].astype(str).str.startswith("unknown")]
    if unknown.empty:
        return
    text = sheet.text(idx)
    names = set(unknown["name"])
    pos = int(np.flatnonzero(keep & text.isin(names).to_numpy())[0])
    name = text.iloc[pos]
    close = difflib.get_close_matches(name, _known_partner_names(), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    more = f" ({len(names)} unknown names in all)" if len(names) > 1 else ""
    raise DataError(sheet.file, f"expected a country name (Korean or English) or an ISO code, got '{name}', which "
                                f"is in no country table{more}{hint}", row=int(sheet.rows[pos]),
                    column=sheet.names[idx])


@lru_cache(maxsize=1)
def _known_partner_names() -> list[str]:
    table = country_table()
    return sorted({n for col in ("name_ko", "name_ko_customs", "name_en") for n in table[col].astype(str) if n})


def _refuse_repeated_rows(sheet: Sheet, block: BlockColumns, take: np.ndarray, key: dict[str, pd.Series],
                          partner: pd.Series) -> None:
    """Two rows with the same period (year and month), partner (as written), product and flow: a row entered twice.

    Rows whose partners only became one code on the way are dealt with later
    (``merge_duplicate_keys``): blank or unspecified partners turning into UNK are summed and
    reported, two spellings of one country (일본, JAPAN) refused as this is; a partner written the
    same way twice is not a rule to apply but a mistake to show. The message names the first row that repeats an earlier one and
    that earlier row (not merely the first two rows that have a twin somewhere).
    """
    if "partner" not in block.columns:
        return
    written = sheet.text(block.columns["partner"])
    named = (partner[take] != "UNK").to_numpy()
    frame = pd.DataFrame({**{k: v[take] for k, v in key.items()}, "_p": written[take].map(squash)})[named]
    again_mask = frame.duplicated(keep="first").to_numpy()
    if not again_mask.any():
        return
    j = int(np.flatnonzero(again_mask)[0])
    ids = frame.groupby(list(frame.columns), sort=False, observed=True).ngroup().to_numpy()
    i = int(np.flatnonzero(ids == ids[j])[0])
    rows = sheet.rows[take][named]
    first, again = int(rows[i]), int(rows[j])
    at = np.flatnonzero(sheet.rows == again)[0]
    raise DataError(sheet.file, repeated_row_message(first, int(key["year"].iloc[at]), int(key["month"].iloc[at]),
                                                     written.iloc[at], key["code"].iloc[at]), row=again)


def repeated_row_message(first: int, year: int, month: int, partner: str, code: str) -> str:
    """What both readers say of a row that repeats row ``first`` (the period in full: monthly rows of one year
    are not repeats of each other)."""
    if month:
        return (f"repeats row {first}: the same month ({year}.{month:02d}), partner '{partner}' and product {code}: "
                "expected one row per month, partner, product and flow (delete the repeated row, or add the two up "
                "if both are real)")
    return (f"repeats row {first}: the same year, partner '{partner}' and product {code}: expected one row per year, "
            "partner, product and flow (delete the repeated row, or add the two up if both are real)")
