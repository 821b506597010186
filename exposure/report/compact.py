"""Compact views that keep sums: the rows that matter, and one row summing the rest (issue 17).

- :func:`top_with_rest`: the ``n`` largest rows of a table (per group) and one row per group
  summing the money of the others (products, shocks, alternatives on their sheets);
- :func:`compact_drivers`: the drivers CSV — per scenario × sector × channel the
  :data:`DRIVERS_CSV_TOP` largest products that each carry at least :data:`DRIVERS_CSV_MIN_SHARE`
  of the group, and one "other products" row with the sum of the rest, so every sector's
  and channel's totals are unchanged;
- :func:`dropped_by_reason`: dropped rows counted by file and reason (the Validation sheet).

Nothing is computed but sums and counts of what the engine wrote.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: drivers CSV: products kept per (scenario, sector, channel)
DRIVERS_CSV_TOP = 20
#: drivers CSV: a product is kept only when it carries at least this share of its group's value
DRIVERS_CSV_MIN_SHARE = 0.001
#: money and rate columns of the drivers that an "other products" row sums
DRIVER_SUMS = ("exposure_rate", "contribution_rate", "export_at_risk_usd", "sme_export_at_risk_usd",
               "demand_at_risk_usd", "share_of_sector")
_CHANNEL_ORDER = {c: i for i, c in enumerate(("direct", "override", "critical", "downstream", "demand"))}


def top_with_rest(df: pd.DataFrame, sort_by: str, n: int, sums: list[str], label_column: str, label: str,
                  by: list[str] | None = None, keep_if: pd.Series | None = None) -> tuple[pd.DataFrame, int]:
    """The ``n`` rows with the largest ``sort_by`` (per ``by`` group) and one row per group summing ``sums`` over
    the others.

    Parameters
    ----------
    keep_if : Series of bool, optional
        Rows that may be listed at all (e.g. a shortfall above zero); the others go into the rest.
    label : str
        Text of the rest row in ``label_column``; ``{n}`` is replaced by the number of rows summed.

    Returns
    -------
    (DataFrame, int)
        The table (listed rows in order, each group's rest row after them) and the number of rows summed.
        A rest row holds the group keys, the sums and the label; its other cells are empty.
    """
    if df.empty:
        return df, 0
    by = by or []
    work = df.reset_index(drop=True)
    n_rows = len(work)
    # groups numbered in order of first appearance, keys compared as text (as a CSV reader sees them)
    group = pd.factorize(pd.MultiIndex.from_arrays([work[c].astype(str) for c in by]))[0] if by else \
        np.zeros(n_rows, dtype=int)
    ok = keep_if.reset_index(drop=True).to_numpy(dtype=bool) if keep_if is not None else np.ones(n_rows, bool)
    value = pd.to_numeric(work[sort_by], errors="coerce").fillna(-np.inf).to_numpy()
    order = np.lexsort((np.arange(n_rows), -value, ~ok, group))  # by group, listable first, largest first
    pos = np.empty(n_rows, dtype=int)
    pos[order] = pd.Series(group[order]).groupby(group[order]).cumcount().to_numpy()
    listed = ok & (pos < n)
    parts = [work[listed].assign(_g=group[listed], _o=0, _p=pos[listed])]
    if (~listed).any():
        rest = work[~listed]
        g = rest.groupby(group[~listed], sort=True)
        first = g.head(1)
        rows = pd.DataFrame({c: pd.Series([None] * len(first), dtype=object) for c in work.columns})
        for c in by:
            rows[c] = first[c].to_numpy()
        for c in sums:
            if c in work.columns:
                rows[c] = g[c].apply(lambda x: pd.to_numeric(x, errors="coerce").sum(min_count=1)).to_numpy(float)
        rows[label_column] = [label.format(n=f"{k:,}") for k in g.size().to_numpy()]
        listed_part = parts[0]
        for c in work.columns:  # both parts typed alike, so concat never decides a dtype on all-NA cells
            if c in by or c == label_column:
                continue
            dtype = work[c].dtype
            if isinstance(dtype, pd.BooleanDtype) or (pd.api.types.is_bool_dtype(dtype) and rows[c].isna().all()):
                rows[c] = pd.array([pd.NA] * len(rows), dtype="boolean")
                listed_part[c] = listed_part[c].astype("boolean")
            elif pd.api.types.is_numeric_dtype(dtype):  # numeric stays numeric (no object floats)
                rows[c] = pd.to_numeric(rows[c], errors="coerce").astype("float64")
                if pd.api.types.is_integer_dtype(dtype):
                    listed_part[c] = listed_part[c].astype("float64")
            elif rows[c].isna().all():
                rows[c] = rows[c].astype(dtype)
        parts.append(rows.assign(_g=g.size().index.to_numpy(), _o=1, _p=0))
    out = pd.concat(parts, ignore_index=True).sort_values(["_g", "_o", "_p"], kind="stable")
    return out[list(work.columns)].reset_index(drop=True), int((~listed).sum())


def compact_drivers(drivers: pd.DataFrame, other_label: str = "other products ({n})",
                    top: int = DRIVERS_CSV_TOP, min_share: float = DRIVERS_CSV_MIN_SHARE) -> pd.DataFrame:
    """The drivers table with, per (scenario, sector, channel), the ``top`` largest products that each carry at
    least ``min_share`` of the group's value, and one row summing the others (see the module docstring).

    A product's value is its exposure rate (``demand_at_risk_usd`` in the demand channel). The other
    row has an empty code, ``name`` = ``other_label`` with the number of products, and the sums of
    :data:`DRIVER_SUMS`; its ``coverage`` and ``rule`` are empty. Row order: as the table came,
    groups kept together, largest product first, the other row last.

    Examples
    --------
    >>> d = pd.DataFrame({"scenario": "s", "sector": "D26", "code": ["a", "b", "c"], "code_system": "HS6",
    ...                   "channel": "direct", "exposure_rate": [0.5, 0.3, 0.0002], "export_at_risk_usd": [5., 3., .002],
    ...                   "name": ""})
    >>> compact_drivers(d, top=1)[["code", "name", "export_at_risk_usd"]].values.tolist()
    [['a', '', 5.0], ['', 'other products (2)', 3.002]]
    """
    if drivers.empty or not {"scenario", "sector", "channel", "code"} <= set(drivers.columns):
        return drivers
    d = drivers.reset_index(drop=True)
    keys = ["scenario", "sector", "channel"]
    n = len(d)
    demand = (d["channel"].astype(str) == "demand").to_numpy()
    rate = pd.to_numeric(d.get("exposure_rate", pd.Series(0.0, index=d.index)), errors="coerce").fillna(0.0)
    dem = pd.to_numeric(d.get("demand_at_risk_usd", pd.Series(0.0, index=d.index)), errors="coerce").fillna(0.0)
    w = np.abs(np.where(demand, dem.to_numpy(), rate.to_numpy()))
    # worked on arrays (group ids, ranks, sums), the table's rows taken once: it runs to a million rows
    grp = d.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    idx = np.arange(n)
    total = np.bincount(grp, weights=w)
    by_size = np.lexsort((idx, -w))  # largest first, then in the table's order
    pos = np.empty(n, dtype=np.int64)
    pos[by_size] = pd.Series(grp[by_size]).groupby(grp[by_size]).cumcount().to_numpy()
    share = np.divide(w, total[grp], out=np.zeros(n), where=total[grp] > 0)
    kept_mask = (pos < top) & (share >= min_share)
    first = np.unique(grp, return_index=True)[1]  # each group's first row: where the group stands
    frames = [d[kept_mask]]
    g_of, o_of, w_of, i_of = [grp[kept_mask]], [np.zeros(int(kept_mask.sum()), dtype=np.int64)], [w[kept_mask]], \
        [idx[kept_mask]]
    rest = ~kept_mask
    if rest.any():
        rg = grp[rest]
        groups, lead = np.unique(rg, return_index=True)  # groups with a rest, the first rest row of each
        slot = np.searchsorted(groups, rg)
        count = np.bincount(slot, minlength=len(groups))
        other = pd.DataFrame({c: pd.Series([None] * len(groups), dtype=d[c].dtype if d[c].dtype != object else object)
                              for c in d.columns})
        for c in keys:
            other[c] = d[c].to_numpy()[idx[rest][lead]]
        sums = [c for c in DRIVER_SUMS if c in d.columns]
        if sums:  # added largest first, as pandas adds (compensated): the sums do not depend on the table's order
            ranked = by_size[rest[by_size]]
            values = pd.DataFrame({c: pd.to_numeric(d[c], errors="coerce").to_numpy(dtype="float64")[ranked]
                                   for c in sums})
            summed = values.groupby(np.searchsorted(groups, grp[ranked])).sum(min_count=1)
            for c in sums:
                other[c] = summed[c].to_numpy(dtype="float64")
        for c in ("code", "code_system", "rule"):
            if c in other.columns:
                other[c] = ""
        if "name" in other.columns:
            other["name"] = [other_label.format(n=f"{k:,}") for k in count]
        frames.append(other)
        g_of.append(groups)
        o_of.append(np.ones(len(groups), dtype=np.int64))
        w_of.append(np.full(len(groups), -1.0))
        i_of.append(idx[rest][lead])
    out = pd.concat([f for f in frames if len(f)], ignore_index=True)
    g, o, ww, i = (np.concatenate(a) for a in (g_of, o_of, w_of, i_of))
    # groups as the table came, the listed products largest first, the other row last
    order = np.lexsort((i, -ww, o, first[g]))
    return out.iloc[order][list(d.columns)].reset_index(drop=True)


def dropped_by_reason(dropped: pd.DataFrame) -> pd.DataFrame:
    """Dropped rows counted by file and reason: ``source, reason, rows_dropped, value_dropped_usd, row`` (the
    first row number) and ``detail`` (the first row's detail), largest counts first within a file."""
    cols = ["source", "reason", "rows_dropped", "value_dropped_usd", "row", "detail"]
    if dropped.empty:
        return pd.DataFrame(columns=cols)
    d = dropped.assign(source=dropped["source"].astype(str), reason=dropped["reason"].astype(str),
                       _v=pd.to_numeric(dropped.get("value_usd", 0.0), errors="coerce").fillna(0.0),
                       _i=np.arange(len(dropped)))
    g = d.groupby(["source", "reason"], sort=False)
    out = g.agg(rows_dropped=("_i", "size"), value_dropped_usd=("_v", "sum"), _first=("_i", "min")).reset_index()
    first = d.set_index("_i").loc[out["_first"].to_numpy()]
    out["row"] = pd.to_numeric(first["row"], errors="coerce").to_numpy() if "row" in first.columns else np.nan
    out["detail"] = first["detail"].to_numpy() if "detail" in first.columns else ""
    src = {s: i for i, s in enumerate(pd.unique(d["source"]))}
    out = out.assign(_s=out["source"].map(src)).sort_values(["_s", "rows_dropped"], ascending=[True, False],
                                                             kind="stable")
    return out[cols].reset_index(drop=True)
