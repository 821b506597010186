"""Presentation views of a Results: ordering, names joined on codes, display tables.

No analysis happens here: only choosing, ordering and labelling what the core computed.
"""

from __future__ import annotations

from pathlib import PurePath

import pandas as pd

from exposure.report.labels import TABLE_COLUMNS
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
    expected = [c for c in TABLE_COLUMNS.get(table, ()) if c in df.columns]
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
    """Sector code → name in ``lang`` (Korean falls back to English, then to the code)."""
    df = results.sectors
    names: dict[str, str] = {}
    if df.empty or "sector" not in df.columns:
        return names
    first, second = ("sector_name_ko", "sector_name_en") if lang == "ko" else ("sector_name_en", "sector_name_ko")
    for col in (second, first):  # the preferred language wins by being written last
        if col in df.columns:
            sub = df[["sector", col]].dropna()
            sub = sub[sub[col].astype(str).str.strip() != ""]
            names.update(dict(zip(sub["sector"].astype(str), sub[col].astype(str))))
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
    """A copy of ``df`` with a sector name after ``sector`` and a product name after ``code`` when missing."""
    out = df.copy()
    if "sector" in out.columns and not {"sector_name", "sector_name_ko", "sector_name_en"} & set(out.columns):
        names = sector_names(results, lang)
        out.insert(out.columns.get_loc("sector") + 1, "sector_name",
                   out["sector"].astype(str).map(names))
    if "code" in out.columns and "name" not in out.columns:
        pnames = product_names(results)
        if pnames:
            out.insert(out.columns.get_loc("code") + 1, "name", out["code"].astype(str).map(pnames))
    return out


def dropped_rows(results: Results) -> pd.DataFrame:
    """Every dropped or unmatched row of every LoadReport, with its file."""
    frames = []
    for rep in results.load_reports:
        d = rep.dropped
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
    records = [rec for f in frames for rec in f.to_dict("records")]
    return pd.DataFrame.from_records(records, columns=columns)


def totals_rows(results: Results) -> pd.DataFrame:
    """Every stated-total check of every LoadReport."""
    frames = []
    for rep in results.load_reports:
        t = rep.totals
        if len(t):
            t = t.copy()
            if "source" not in t.columns:
                t.insert(0, "source", rep.source)
            frames.append(t)
    return _stack(frames)


def inputs_table(results: Results) -> pd.DataFrame:
    """The input files with their SHA-256, one row each."""
    rows = [{"role": f.role, "file": PurePath(f.path).name, "path": f.path, "sha256": f.sha256,
             "size_bytes": f.size_bytes} for f in results.inputs]
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS["inputs"]))


def validation_table(results: Results) -> pd.DataFrame:
    """One row per input file (LoadReport.summary), empty with its columns when nothing was loaded."""
    v = results.validation()
    return v if len(v) else pd.DataFrame(columns=list(TABLE_COLUMNS["validation"]))
