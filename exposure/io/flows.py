"""Finishing a TradeFlows table: one row per key, validated, with its LoadReport.

Shared by every trade-flow loader so the duplicate rule is the same everywhere:
records with the same key (year, month, reporter, partner, flow, code,
code_system) are summed into the first one — two unnamed partners that both
become ``UNK``, or two spellings of one country — and each merged record is
reported as dropped with value 0 (its value lives on in the row it joined).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from exposure.errors import DataError
from exposure.io.reporting import ReportBuilder
from exposure.schema import TRADE_FLOWS, UNKNOWN_PARTNER, LoadReport, validate

KEY = list(TRADE_FLOWS.key)
# groupby(observed=True) throughout: reporter and partner come categorical from the BACI and Korea Customs
# readers; it is pandas 3's default, and pandas 2.2 warns without it


def merge_duplicate_keys(table: pd.DataFrame, builder: ReportBuilder, refuse_named: bool = False,
                         source: str = "") -> pd.DataFrame:
    """Sum records that share a key into the first one; report the others.

    ``table`` needs a ``_row`` column (file row numbers) besides the TradeFlows columns.
    ``refuse_named``: a hand-made table (Korea Customs, K-stat) lists each partner once a period and
    product, so two rows of one named partner (일본 and JAPAN) are a table pasted twice, not parts
    to add: refused as a repeated row. Rows of no known partner (UNK) are still summed.
    """
    if table.empty:
        return table
    dup = table.duplicated(KEY, keep="first").to_numpy()
    if not dup.any():
        return table
    first_row = table.groupby(KEY, sort=False, observed=True)["_row"].transform("first")
    if refuse_named:
        from exposure.io.flowtable import repeated_row_message

        named = dup & (table["partner"].astype(str) != UNKNOWN_PARTNER).to_numpy()
        if named.any():
            rows = table["_row"].to_numpy()
            at = int(np.flatnonzero(named)[np.argmin(rows[named])])
            rec = table.iloc[at]
            raise DataError(source, repeated_row_message(int(first_row.iloc[at]), int(rec["year"]), int(rec["month"]),
                                                         str(rec["partner"]), str(rec["code"])), row=int(rows[at]))
    builder.drop(table["_row"].to_numpy()[dup], "duplicate key: summed into an earlier row", 0.0,
                 [f"summed into row {r}" for r in first_row.to_numpy()[dup]])
    builder.warn(f"{int(dup.sum())} rows repeat the key of an earlier row ({', '.join(KEY)}): their values "
                 "were added to that row")
    groups = table.groupby(KEY, sort=False, observed=True)
    sums = groups[["value_usd", "qty"]].sum(min_count=1)  # qty stays NaN when no row had one
    others = [c for c in table.columns if c not in KEY + ["value_usd", "qty"]]
    firsts = groups[others].first()
    out = pd.concat([firsts, sums], axis=1).reset_index()
    return out[table.columns]


def refuse_annual_beside_monthly(table: pd.DataFrame, source: str) -> None:
    """An annual row (month 0) and monthly rows of the same year, reporter, partner, flow and product are refused.

    Why refuse rather than keep one kind: within one file the two disagree about what the year was (an
    annual 7,400 beside a July of 740 — is the annual row the whole year, the sum of the months shown, or
    a row pasted from another download?), and either choice changes the partner's share without the
    analyst knowing which figure was used. Summing would count the year twice; keeping the annual row
    (what the indicators did) silently dropped the months, and keeping the months would drop the
    annual figure. Only the analyst can say which is right, so the file is refused with both rows
    named. Across files the rule of :func:`exposure.io.combine_flows` applies instead (monthly rows of
    a code cover its annual row there, and the annual row is reported as dropped).

    ``table`` has the TradeFlows key columns and ``_row`` (file row numbers), rows in any order.
    """
    if table.empty:
        return
    month = table["month"].to_numpy()
    annual = month == 0
    if annual.all() or not annual.any():
        return
    scope = [c for c in KEY if c != "month"]
    f = pd.DataFrame({c: table[c].astype(str).to_numpy() for c in scope})
    f["_annual"] = annual
    f["_row"] = table["_row"].to_numpy().astype("int64")
    f["_month"] = month.astype("int64")
    f = f.sort_values("_row", kind="stable")
    firsts = f.groupby(scope + ["_annual"], sort=False, observed=True).head(1)
    both = firsts[firsts.duplicated(scope, keep=False)]
    if both.empty:
        return
    pairs = both.groupby(scope, sort=False, observed=True)["_row"].agg(["min", "max"])
    # the pair whose second row comes first: where, reading down the file, the contradiction shows
    key = pairs["max"].idxmin()
    a, b = int(pairs.loc[key, "min"]), int(pairs.loc[key, "max"])
    rec = dict(zip(scope, key))
    pair = both.set_index(scope).loc[[key]]
    mon = int(pair.loc[~pair["_annual"].to_numpy(), "_month"].iloc[0])
    what = {True: f"the annual row ({rec['year']})", False: f"a monthly row ({rec['year']}.{mon:02d})"}
    first_annual = bool(pair.loc[pair["_row"].to_numpy() == a, "_annual"].iloc[0])
    raise DataError(source, f"{what[not first_annual]} beside {what[first_annual]} in row {a}, for partner "
                            f"{rec['partner']}, product {rec['code']} (flow {rec['flow']}): expected either annual "
                            "or monthly rows for a product and partner, not both (the annual row would stand for the "
                            "whole year and the months be left out; delete the annual row or the monthly rows)",
                    row=b)


def unnamed_subtotal(group: np.ndarray, unknown: np.ndarray, value: np.ndarray, row: np.ndarray
                     ) -> tuple[int, int] | None:
    """(file row, rows summed) of the first row with no partner whose amount is the sum of the rows of its group
    (period, flow and product) that name one; None when there is none.

    Such a row is a subtotal left unlabelled (a pivot table's, or one typed in): kept as an unknown partner it
    would double the product's imports and halve the target's share.
    """
    named = ~unknown
    if not unknown.any() or not named.any():
        return None
    sums = pd.DataFrame({"g": group[named], "v": value[named]}).groupby("g")["v"].agg(["sum", "count"])
    cand = np.flatnonzero(unknown)
    got = sums.reindex(group[cand])
    total, count = got["sum"].to_numpy(dtype=float), got["count"].to_numpy(dtype=float)
    hit = (count >= 1) & (value[cand] > 0) & np.isclose(value[cand], total, rtol=1e-9, atol=0.5)
    if not hit.any():
        return None
    first = int(np.argmin(row[cand][hit]))
    return int(row[cand][hit][first]), int(count[hit][first])


def refuse_unnamed_subtotals(table: pd.DataFrame, source: str) -> None:
    """Refuse a row with no partner (UNK) that sums its product's rows of the same period and flow (see
    :func:`unnamed_subtotal`). ``table`` has the TradeFlows key columns, ``value_usd`` and ``_row``."""
    if table.empty or not (table["partner"].astype(str) == "UNK").any():
        return
    keys = ["year", "month", "reporter", "flow", "code", "code_system"]
    group = pd.factorize(pd.MultiIndex.from_arrays([table[c].astype(str) for c in keys]))[0]
    found = unnamed_subtotal(group, (table["partner"].astype(str) == "UNK").to_numpy(),
                             table["value_usd"].to_numpy(dtype=float), table["_row"].to_numpy(dtype=np.int64))
    if found is None:
        return
    row, count = found
    rec = table.loc[table["_row"].to_numpy(dtype=np.int64) == row].iloc[0]
    period = f"{rec['year']}" + (f".{int(rec['month']):02d}" if int(rec["month"]) else "")
    raise DataError(source, f"no partner, and its amount is the sum of the {count} row(s) of product {rec['code']} in "
                            f"{period} that name one: a subtotal? expected a partner, or 합계/계/Total in its partner "
                            "cell for a total row (kept as an unknown partner it would count the product twice)",
                    row=row)


def finish_flows(table: pd.DataFrame, builder: ReportBuilder, source: str, refuse_named: bool = False
                 ) -> tuple[pd.DataFrame, LoadReport]:
    """Refuse annual rows beside monthly ones and unlabelled subtotals, merge duplicate keys (``refuse_named``:
    see :func:`merge_duplicate_keys`), order by file row, validate, close the report."""
    if table.empty:
        table = pd.DataFrame({c: pd.Series(dtype=object) for c in TRADE_FLOWS.names + ["_row"]})
    refuse_annual_beside_monthly(table, source)
    refuse_unnamed_subtotals(table, source)
    table = merge_duplicate_keys(table, builder, refuse_named, source)
    if len(table):
        table = table.sort_values("_row", kind="stable").reset_index(drop=True)
    checked = validate(table, TRADE_FLOWS, source=source)
    checked = checked[[c for c in TRADE_FLOWS.names if c in checked.columns]].reset_index(drop=True)
    value_kept = float(checked["value_usd"].sum()) if len(checked) else 0.0
    return checked, builder.finish(len(checked), value_kept)
