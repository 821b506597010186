"""Finishing a TradeFlows table: one row per key, validated, with its LoadReport.

Shared by every trade-flow loader so the duplicate rule is the same everywhere:
records with the same key (year, month, reporter, partner, flow, code,
code_system) are summed into the first one — two unnamed partners that both
become ``UNK``, or two spellings of one country — and each merged record is
reported as dropped with value 0 (its value lives on in the row it joined).
"""

from __future__ import annotations

import pandas as pd

from exposure.io.reporting import ReportBuilder
from exposure.schema import TRADE_FLOWS, LoadReport, validate

KEY = list(TRADE_FLOWS.key)
# groupby(observed=True) throughout: reporter and partner come categorical from the BACI and Korea Customs
# readers; it is pandas 3's default, and pandas 2.2 warns without it


def merge_duplicate_keys(table: pd.DataFrame, builder: ReportBuilder) -> pd.DataFrame:
    """Sum records that share a key into the first one; report the others.

    ``table`` needs a ``_row`` column (file row numbers) besides the TradeFlows columns.
    """
    if table.empty:
        return table
    dup = table.duplicated(KEY, keep="first").to_numpy()
    if not dup.any():
        return table
    first_row = table.groupby(KEY, sort=False, observed=True)["_row"].transform("first")
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


def finish_flows(table: pd.DataFrame, builder: ReportBuilder, source: str) -> tuple[pd.DataFrame, LoadReport]:
    """Merge duplicate keys, order by file row, validate, and close the report."""
    if table.empty:
        table = pd.DataFrame({c: pd.Series(dtype=object) for c in TRADE_FLOWS.names + ["_row"]})
    table = merge_duplicate_keys(table, builder)
    if len(table):
        table = table.sort_values("_row", kind="stable").reset_index(drop=True)
    checked = validate(table, TRADE_FLOWS, source=source)
    checked = checked[[c for c in TRADE_FLOWS.names if c in checked.columns]].reset_index(drop=True)
    value_kept = float(checked["value_usd"].sum()) if len(checked) else 0.0
    return checked, builder.finish(len(checked), value_kept)
