"""Presentation views of a Results: ordering, names joined on codes, display tables.

No analysis happens here: only choosing, ordering and labelling what the core computed.
"""

from __future__ import annotations

import weakref
from pathlib import PurePath

import numpy as np
import pandas as pd

from exposure.schema import INPUTS, OUTPUTS, VALIDATION
from exposure.results import Results


def scenario_order(results: Results) -> list[str]:
    """Scenarios in the order the user asked for them, then any others found in the tables."""
    seen: list[str] = []
    found: list[str] = []
    for table in (results.sectors, results.drivers, results.shocks):
        if "scenario" in table.columns:
            found.extend(str(s) for s in table["scenario"].dropna().unique())
    for s in [*results.config.scenarios, *found]:
        if s in found and s not in seen:
            seen.append(s)
    return seen or list(results.config.scenarios)


def first_scenario(results: Results) -> str | None:
    """The headline scenario: the first requested one that has results."""
    order = scenario_order(results)
    return order[0] if order else None


def ordered(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Known columns first in their documented order, then extra columns; internal ``_`` columns dropped."""
    expected = [c for c in (OUTPUTS[table].names if table in OUTPUTS else ()) if c in df.columns]
    extra = [c for c in df.columns if c not in expected and not str(c).startswith("_")]
    return df[expected + extra]


def ranking(results: Results, scenario: str | None = None) -> pd.DataFrame:
    """Sectors of one scenario, best-ranked first (sectors without a rank last)."""
    scen = scenario or first_scenario(results)
    sectors = results.sectors
    if sectors.empty or "scenario" not in sectors.columns:
        return sectors.copy()
    out = sectors[sectors["scenario"] == scen]
    if "rank" in out.columns:
        out = out.sort_values("rank", na_position="last", kind="stable")
    return out.reset_index(drop=True)


def sector_names(results: Results, lang: str) -> dict[str, str]:
    """Sector code → name in ``lang``: the run's names, else the shipped names of the sector system, then the
    other language's name, then the code itself (a sector the IO table names only in English still gets its
    Korean name from ``exposure/codes/data``)."""
    df = results.sectors
    # every sheet and chart asks: worked out once per sectors table (held weakly) and language
    key = (id(df), str(results.config.sector_system), lang)
    hit = _SECTOR_NAMES.get(key)
    if hit is not None and hit[0]() is df:
        return dict(hit[1])
    names = _sector_names(results, lang)
    _SECTOR_NAMES[key] = (weakref.ref(df), names)
    return dict(names)


_SECTOR_NAMES: dict[tuple[int, str, str], tuple[weakref.ref, dict[str, str]]] = {}


def _sector_names(results: Results, lang: str) -> dict[str, str]:
    df = results.sectors
    names: dict[str, str] = {}
    first, second = ("ko", "en") if lang == "ko" else ("en", "ko")
    frames = []
    try:
        from exposure.codes.concordance import sector_names as shipped

        table = shipped(results.config.sector_system)
        frames.append((table["sector"], table.get(f"name_{second}"), table.get(f"name_{first}")))
    except (ValueError, KeyError, OSError):
        pass
    if not df.empty and "sector" in df.columns:
        frames.append((df["sector"], df.get(f"sector_name_{second}"), df.get(f"sector_name_{first}")))
    # weakest first: the other language's names, then shipped names in the language, then the run's own
    for pos in (1, 2):
        for frame in frames:
            codes, col = frame[0], frame[pos]
            if col is None:
                continue
            sub = pd.DataFrame({"s": codes.astype(str), "n": col}).dropna()
            sub = sub[sub["n"].astype(str).str.strip() != ""]
            names.update(dict(zip(sub["s"], sub["n"].astype(str))))
    return names


def product_names(results: Results) -> dict[str, str]:
    """Product code → name, from the products table (then the export items)."""
    names: dict[str, str] = {}
    p = results.products
    if not p.empty and {"code", "name"} <= set(p.columns):
        sub = p[["code", "name"]].dropna()
        names.update(dict(zip(sub["code"].astype(str), sub["name"].astype(str))))
    return names


def with_names(df: pd.DataFrame, results: Results, lang: str) -> pd.DataFrame:
    """A copy of ``df`` with a sector name after ``sector`` and a product name after ``code``.

    A missing product name is looked up in the products table; an existing one is moved
    next to the code (after ``code_system`` when that follows the code).
    """
    out = df.copy()
    if "sector" in out.columns and not {"sector_name", "sector_name_ko", "sector_name_en"} & set(out.columns):
        names = sector_names(results, lang)
        out.insert(out.columns.get_loc("sector") + 1, "sector_name",
                   out["sector"].astype(str).map(names))
    if "code" in out.columns and "name" not in out.columns:
        pnames = product_names(results)
        if pnames:
            out.insert(out.columns.get_loc("code") + 1, "name", out["code"].astype(str).map(pnames))
    elif "code" in out.columns:
        # an engine table that carries its own names at the end: show them beside the codes
        cols = [c for c in out.columns if c != "name"]
        at = cols.index("code") + 1
        if at < len(cols) and cols[at] == "code_system":
            at += 1
        out = out[[*cols[:at], "name", *cols[at:]]]
    return out


def dropped_rows(results: Results) -> pd.DataFrame:
    """Every dropped or unmatched row of every LoadReport, with its file."""
    return _report_rows(results, "dropped")


def _report_rows(results: Results, attr: str) -> pd.DataFrame:
    """One LoadReport table (``dropped`` or ``totals``) of every input, stacked, each row naming its file.

    The workbook, its column dictionary and the CSV tables each ask: stacked once per set of report
    tables (held weakly), a copy handed out each time.
    """
    parts = [(rep.source, getattr(rep, attr)) for rep in results.load_reports]
    key = tuple((source, id(d)) for source, d in parts)
    hit = _STACKED.get(attr)  # one run's tables at a time
    if hit is not None and hit[0] == key and all(ref() is d for ref, (_s, d) in zip(hit[1], parts)):
        return hit[2].copy()
    out = _stacked(results, attr)
    _STACKED[attr] = (key, [weakref.ref(d) for _s, d in parts], out)
    return out.copy()


_STACKED: dict[str, tuple[tuple, list[weakref.ref], pd.DataFrame]] = {}


def _stacked(results: Results, attr: str) -> pd.DataFrame:
    frames = []
    for rep in results.load_reports:
        d = getattr(rep, attr)
        if len(d):
            d = d.copy()
            if "source" not in d.columns:
                d.insert(0, "source", rep.source)
            else:
                d["source"] = d["source"].where(d["source"].notna() & (d["source"].astype(str) != ""), rep.source)
            frames.append(d)
    return _stack(frames)


def _stack(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Rows of several frames one under the other, columns in first-seen order.

    Built from records rather than ``pd.concat``, whose handling of all-empty columns
    differs (and warns) between pandas versions.
    """
    if not frames:
        return pd.DataFrame()
    columns = list(dict.fromkeys(c for f in frames for c in f.columns))
    # rows as tuples of the values records would hold (a frame without a column gives NaN there, as
    # from_records fills a missing key): the same types are inferred, without a dict per row (the
    # 328,046 dropped rows of a 5M-row download took 1.7 s as dicts)
    rows: list[tuple] = []
    for f in frames:
        cols = [_values(f, c) for c in columns]
        rows.extend(zip(*cols))
    return pd.DataFrame.from_records(rows, columns=columns)


def _values(frame: pd.DataFrame, column: str) -> list:
    """The cells of ``column`` as ``to_dict("records")`` gives them (NaN for a column the frame lacks)."""
    if column not in frame.columns:
        return [np.nan] * len(frame)
    return list(frame[[column]].to_dict("list")[column])


def totals_rows(results: Results) -> pd.DataFrame:
    """Every stated-total check of every LoadReport."""
    return _report_rows(results, "totals")


def inputs_table(results: Results) -> pd.DataFrame:
    """The input files with their SHA-256, one row each."""
    rows = [{"role": f.role, "file": PurePath(f.path).name, "path": f.path, "sha256": f.sha256,
             "size_bytes": f.size_bytes} for f in results.inputs]
    return pd.DataFrame(rows, columns=INPUTS.names)


def validation_table(results: Results) -> pd.DataFrame:
    """One row per input file (LoadReport.summary), empty with its columns when nothing was loaded."""
    v = results.validation()
    return v if len(v) else pd.DataFrame(columns=VALIDATION.names)


#: Products shown per scenario × sector on the Drivers sheet; the rest share one row per channel group.
DRIVERS_TOP_N = 15
_DRIVER_VALUES = ("exposure_rate", "contribution_rate", "export_at_risk_usd", "sme_export_at_risk_usd",
                  "demand_at_risk_usd", "share_of_sector")


def drivers_view(results: Results, top: int = DRIVERS_TOP_N, other_label: str = "other products ({n})"
                 ) -> tuple[pd.DataFrame, int]:
    """The Drivers table a reader can scan: per scenario × sector the ``top`` products, then one "other" row.

    Products are ranked within each scenario × sector × channel group (supply: direct,
    indirect, override; demand: retaliation) by their summed contribution over channels
    (``exposure_rate``; ``demand_at_risk_usd`` for demand). All channel rows of the top
    products are kept; the remaining products' rows are summed into one row per group whose
    ``name`` is ``other_label`` filled with the number of products ({n}), so each sector's
    rows still add up to its totals. Rows contributing nothing and sectors without exposure
    are left out. Sectors follow each scenario's ranking.

    Returns
    -------
    (DataFrame, int)
        The table (columns of ``results.drivers``, a ``name`` column included) and the number
        of drivers rows that were summed into "other" rows (0 when the table is complete).
    """
    d = results.drivers
    if d.empty or not {"sector", "code"} <= set(d.columns):
        return d, 0
    d = d.reset_index(drop=True)
    if "name" not in d.columns:
        d.insert(d.columns.get_loc("code") + 1, "name", d["code"].astype(str).map(product_names(results)))
    channel = d["channel"].astype(str) if "channel" in d.columns else pd.Series("", index=d.index)
    demand = (channel == "demand").to_numpy()
    supply_w = _numeric(d, "exposure_rate", "contribution_rate")
    demand_w = _numeric(d, "demand_at_risk_usd")
    weight = np.abs(np.where(demand, demand_w, supply_w))
    work = d.assign(_group=np.where(demand, 1, 0), _w=weight, _row=np.arange(len(d)),
                    _scen=d["scenario"].astype(str) if "scenario" in d.columns else "",
                    _sector=d["sector"].astype(str),
                    _prod=d["code"].astype(str) + "\x1f" + (d["code_system"].astype(str)
                                                           if "code_system" in d.columns else ""))
    work = work[work["_w"] > 0]
    if work.empty:
        return d.iloc[0:0], 0
    keys = ["_scen", "_sector", "_group"]
    prod = work.groupby([*keys, "_prod"], sort=False, as_index=False)["_w"].sum()
    prod = prod.sort_values("_w", ascending=False, kind="stable")
    prod["_pos"] = prod.groupby(keys, sort=False).cumcount()
    work = work.merge(prod[[*keys, "_prod", "_pos"]], on=[*keys, "_prod"], how="left")
    kept = work[work["_pos"] < top]
    rest = work[work["_pos"] >= top]
    columns = list(d.columns)
    if len(rest):
        values = [c for c in _DRIVER_VALUES if c in d.columns]
        grouped = rest.groupby(keys, sort=False)
        agg = grouped[values].sum(min_count=1)
        agg["_n"] = grouped["_prod"].nunique()
        agg["_w"] = grouped["_w"].sum()
        agg["_first"] = grouped["_row"].min()
        if "channel" in d.columns:
            pairs = rest[[*keys, "channel"]].astype({"channel": str}).drop_duplicates()
            agg["_channels"] = pairs.groupby(keys, sort=False)["channel"].agg(", ".join)
        agg = agg.reset_index()
        # start from a real row of each group so every column keeps its dtype (no all-NA concat)
        other = d.iloc[agg["_first"].to_numpy()].reset_index(drop=True)
        blank = np.zeros(len(other), dtype=bool)
        for c in columns:
            if c in values:
                other[c] = agg[c].to_numpy(dtype="float64")
            elif c not in ("scenario", "sector", "channel"):
                other[c] = other[c].where(blank)
        if "channel" in columns:
            other["channel"] = agg["_channels"].to_numpy()
        other["name"] = [other_label.format(n=n) for n in agg["_n"]]
        other = other.assign(**{k: agg[k].to_numpy() for k in keys}, _pos=top, _w=agg["_w"].to_numpy(),
                             _row=agg["_first"].to_numpy())
        kept = pd.concat([kept[[*columns, *keys, "_pos", "_w", "_row"]], other], ignore_index=True)
    # order: scenarios as asked, sectors by rank (then by size), groups, products by size, "other" last
    order = {s: i for i, s in enumerate(scenario_order(results))}
    rank = _sector_order(results)
    size = kept.groupby(["_scen", "_sector"])["_w"].transform("sum")
    out = kept.assign(_s=kept["_scen"].map(order).fillna(len(order)),
                      _r=[rank.get((s, x), np.inf) for s, x in zip(kept["_scen"], kept["_sector"])],
                      _size=-size)
    out = out.sort_values(["_s", "_r", "_size", "_sector", "_group", "_pos", "_row"], kind="stable")
    return out[columns].reset_index(drop=True), len(rest)


def _numeric(df: pd.DataFrame, *names: str) -> np.ndarray:
    for name in names:
        if name in df.columns:
            return pd.to_numeric(df[name], errors="coerce").fillna(0.0).to_numpy(dtype="float64")
    return np.zeros(len(df))


def _sector_order(results: Results) -> dict[tuple[str, str], float]:
    s = results.sectors
    if s.empty or not {"sector", "rank"} <= set(s.columns):
        return {}
    scen = s["scenario"].astype(str) if "scenario" in s.columns else pd.Series("", index=s.index)
    rank = pd.to_numeric(s["rank"], errors="coerce").astype("float64").fillna(np.inf)
    return dict(zip(zip(scen, s["sector"].astype(str)), rank))
