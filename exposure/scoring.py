"""Sector exposure, value at risk, SME weighting, ranking and decomposition (DESIGN §7).

For each sector j under a scenario:

- ``exposure_rate`` E(j): share of j's output resting on the shortfall (:mod:`exposure.linkage`);
- ``export_at_risk_usd`` = E(j) · export(j); ``sme_export_at_risk_usd`` = that · sme_share(j);
- ``demand_rate`` and ``demand_at_risk_usd`` = demand_rate(j) · exports to the target(j) under a
  demand-side (retaliation) scenario; ``sme_demand_at_risk_usd`` = that · sme_share(j).

Sectors are ranked by ``config.rank_by`` (default ``sme_export_at_risk_usd``), or by a composite
index (``rank_by = "composite"``) of ``config.composite_weights`` after
``config.composite_normalisation`` (minmax, rank or zscore). Under a demand-side scenario
the supply-side measures are zero by construction, so a supply measure in ``rank_by`` is read
as its demand counterpart (``rank_basis`` says which was used).

Every sector row decomposes into ``drivers`` rows — (sector, product, channel) — whose
contributions sum to the sector totals. Sectors without data stay in the table with
``no_data_reason`` and no rank.

:func:`run_scenario` is the one call the pipeline makes per scenario. The ``calc_*``
functions work on numpy arrays with a leading draws axis for the Monte Carlo.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from exposure import linkage, scenarios
from exposure.config import Config
from exposure.errors import DataError
from exposure.linkage import FLAG_COLUMNS, Propagation
from exposure.scenarios import Scenario
from exposure.schema import IOTable

SECTOR_COLUMNS = [
    "scenario", "rank", "sector", "sector_name_ko", "sector_name_en", "exposure_rate", "direct_rate",
    "override_rate", "indirect_rate", "export_usd", "export_source", "sme_share", "sme_share_basis",
    "export_at_risk_usd", "sme_export_at_risk_usd", "export_to_target_usd", "demand_rate", "demand_at_risk_usd",
    "sme_demand_at_risk_usd", "rank_basis", "rank_value", "flags", "notes", "no_data_reason",
]
DRIVER_COLUMNS = [
    "scenario", "sector", "code", "code_system", "channel", "exposure_rate", "export_at_risk_usd",
    "sme_export_at_risk_usd", "demand_at_risk_usd", "share_of_sector",
]
ITEM_COLUMNS = [
    "scenario", "year", "rank", "item_code", "code_system", "item_name_ko", "item_name_en", "export_usd",
    "export_to_target_usd", "sector", "sector_weight", "exposure_rate", "export_at_risk_usd",
    "sme_export_at_risk_usd", "demand_at_risk_usd", "rank_at_risk", "no_data_reason",
]
_DEMAND_TWIN = {"export_at_risk_usd": "demand_at_risk_usd", "sme_export_at_risk_usd": "sme_demand_at_risk_usd",
                "exposure_rate": "demand_rate"}


# --------------------------------------------------------------------------- formulas on arrays
def calc_value_at_risk(exposure_rate: np.ndarray, export_usd: np.ndarray, sme_share: np.ndarray | None = None
                       ) -> np.ndarray:
    """E · export (· sme_share); broadcasts over a leading draws axis.

    Examples
    --------
    >>> calc_value_at_risk(np.array([0.1, 0.5]), np.array([100.0, 10.0]), np.array([0.5, 1.0])).tolist()
    [5.0, 5.0]
    """
    v = np.asarray(exposure_rate, float) * np.asarray(export_usd, float)
    return v if sme_share is None else v * np.asarray(sme_share, float)


def calc_ranks(values: np.ndarray) -> np.ndarray:
    """Descending ranks (1 = largest) along the last axis; NaN values get rank NaN.

    Ties keep sector order (the first sector ranks higher). Broadcasts over draws.

    Examples
    --------
    >>> calc_ranks(np.array([3.0, np.nan, 5.0, 3.0])).tolist()
    [2.0, nan, 1.0, 3.0]
    """
    v = np.asarray(values, float)
    key = np.where(np.isnan(v), np.inf, -v)
    order = np.argsort(key, axis=-1, kind="stable")
    ranks = np.empty_like(v)
    np.put_along_axis(ranks, order, np.broadcast_to(np.arange(1, v.shape[-1] + 1, dtype=float), v.shape), axis=-1)
    return np.where(np.isnan(v), np.nan, ranks)


def calc_normalised(values: np.ndarray, method: str = "minmax") -> np.ndarray:
    """Normalise along the last axis ignoring NaN: minmax to [0, 1], rank to (0, 1], or z-scores.

    A constant vector normalises to 0 (it tells sectors apart by nothing).
    """
    v = np.asarray(values, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "minmax":
            lo = np.nanmin(np.where(np.isnan(v).all(-1, keepdims=True), 0.0, v), axis=-1, keepdims=True)
            hi = np.nanmax(np.where(np.isnan(v).all(-1, keepdims=True), 0.0, v), axis=-1, keepdims=True)
            span = hi - lo
            return np.where(span > 0, (v - lo) / np.where(span > 0, span, 1.0), 0.0 * v)
        if method == "rank":
            r = calc_ranks(v)
            m = np.sum(~np.isnan(v), axis=-1, keepdims=True)
            return np.where(m > 1, (m - r + 1) / np.where(m > 0, m, 1), 0.0 * v)
        if method == "zscore":
            mu = np.nanmean(np.where(np.isnan(v).all(-1, keepdims=True), 0.0, v), axis=-1, keepdims=True)
            sd = np.nanstd(np.where(np.isnan(v).all(-1, keepdims=True), 0.0, v), axis=-1, keepdims=True)
            return np.where(sd > 0, (v - mu) / np.where(sd > 0, sd, 1.0), 0.0 * v)
    raise ValueError(f"unknown normalisation {method!r}")


def calc_composite(components: dict[str, np.ndarray], weights: dict[str, float], method: str = "minmax"
                   ) -> np.ndarray:
    """Weighted mean of normalised components; weights (dict or (n_draws,)-arrays) need not sum to 1.

    A sector with a missing component gets NaN (no rank) rather than an invented 0.
    """
    total_w = sum(np.asarray(w, float) for w in weights.values())
    acc = None
    for name, w in weights.items():
        part = calc_normalised(components[name], method) * np.expand_dims(np.asarray(w, float), -1)
        acc = part if acc is None else acc + part
    return acc / np.expand_dims(np.where(np.asarray(total_w) > 0, total_w, 1.0), -1)


# --------------------------------------------------------------------------- scoring tables
def _profile_frame(profile: pd.DataFrame | None) -> pd.DataFrame:
    if profile is None:
        return pd.DataFrame(columns=["sector"])
    missing = [c for c in ("sector", "export_usd", "sme_share") if c not in profile.columns]
    if missing:
        raise DataError("sector profile", f"column(s) {', '.join(missing)} missing (expected sector, export_usd, "
                                          f"sme_share)", column=missing[0])
    p = profile.copy()
    p["sector"] = p["sector"].astype(str)
    if p["sector"].duplicated().any():
        raise DataError("sector profile", f"sector {p.loc[p['sector'].duplicated(), 'sector'].iloc[0]} appears "
                                          f"twice: one row per sector", column="sector")
    return p


def exports_to_target_from_items(export_items: pd.DataFrame, mti_concordance: pd.DataFrame | None = None
                                 ) -> pd.DataFrame:
    """Exports to the target by (sector, item) from the top-100 table: ``sector, code, code_system,
    export_to_target_usd``. Items map to sectors via ``mti_concordance`` or their own ``sector`` column."""
    if "export_to_target_usd" not in export_items.columns:
        return pd.DataFrame(columns=["sector", "code", "code_system", "export_to_target_usd"])
    w, _ = item_sectors(export_items, mti_concordance)
    items = export_items.reset_index(drop=True)
    xt = pd.to_numeric(items["export_to_target_usd"], errors="coerce").to_numpy(dtype=float)
    w = w[~np.isnan(xt[w["pos"].to_numpy()])]
    return pd.DataFrame({
        "sector": w["sector"].to_numpy(),
        "code": items["item_code"].astype(str).to_numpy()[w["pos"].to_numpy()],
        "code_system": items["code_system"].astype(str).to_numpy()[w["pos"].to_numpy()]
        if "code_system" in items.columns else "",
        "export_to_target_usd": xt[w["pos"].to_numpy()] * w["weight"].to_numpy(),
    })


def score(propagation: Propagation, profile: pd.DataFrame | None, config: Config, scenario: Scenario,
          exports_to_target: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sector table and drivers of one scenario.

    Parameters
    ----------
    propagation : Propagation
        From :func:`exposure.linkage.propagate` (exposure per sector and contributions).
    profile : DataFrame or None
        SectorProfile: ``sector, export_usd, sme_share`` (+ names, ``sme_share_basis``,
        ``export_to_target_usd``). Sectors missing from it take their exports from the
        IO table (noted) and have no SME share (no SME figures, stated in ``no_data_reason``).
    config : Config
        ``rank_by``, ``composite_weights``, ``composite_normalisation``, scenario defaults.
    scenario : Scenario
    exports_to_target : DataFrame, optional
        ``sector, export_to_target_usd`` (optionally ``code, code_system`` for item-level
        drivers) — used by demand-side scenarios; else the profile's ``export_to_target_usd``.

    Returns
    -------
    sectors : DataFrame (:data:`SECTOR_COLUMNS`), sorted by rank (unranked last)
    drivers : DataFrame (:data:`DRIVER_COLUMNS`)
    """
    expo = propagation.exposure.set_index("sector")
    prof = _profile_frame(profile).set_index("sector")
    universe = list(expo.index) + [s for s in prof.index if s not in expo.index]
    n = len(universe)
    notes = [[] for _ in range(n)]
    reasons = [[] for _ in range(n)]
    in_io = np.array([s in expo.index for s in universe])
    in_prof = np.array([s in prof.index for s in universe])

    def from_expo(col: str) -> np.ndarray:
        return expo[col].reindex(universe).to_numpy(dtype=float)

    e = from_expo("exposure_rate")
    for i in np.flatnonzero(~in_io):
        reasons[i].append("sector not in the input–output table")
    for i in np.flatnonzero(in_io):
        r = expo["no_data_reason"].get(universe[i], "")
        if r:
            reasons[i].append(r)

    names_ko = _text(prof, "sector_name_ko", universe)
    names_en = _text(prof, "sector_name_en", universe)
    io_names = expo["sector_name"].reindex(universe).fillna("").astype(str).to_numpy() \
        if "sector_name" in expo.columns else np.full(n, "")
    names_en = np.where(names_en == "", io_names, names_en)

    prof_x = pd.to_numeric(prof["export_usd"], errors="coerce").reindex(universe).to_numpy(dtype=float) \
        if len(prof) else np.full(n, np.nan)
    io_x = from_expo("io_export_usd")
    use_io = np.isnan(prof_x) & ~np.isnan(io_x)
    export = np.where(use_io, io_x, prof_x)
    source = np.where(~np.isnan(prof_x), "profile", np.where(use_io, "io", ""))
    for i in np.flatnonzero(use_io):
        notes[i].append("exports taken from the input–output table (not in the sector profile)")
    for i in np.flatnonzero(np.isnan(export)):
        reasons[i].append("no exports for this sector")

    sme = pd.to_numeric(prof["sme_share"], errors="coerce").reindex(universe).to_numpy(dtype=float) \
        if len(prof) else np.full(n, np.nan)
    basis = _text(prof, "sme_share_basis", universe)
    for i in np.flatnonzero(np.isnan(sme)):
        reasons[i].append("no SME share (sector not in the sector profile)" if not in_prof[i]
                          else "no SME share in the sector profile")

    # rates are shares over the horizon; money is USD over the horizon (DESIGN §6)
    years = scenario.parameters(config)["horizon_days"] / scenarios.DAYS_PER_YEAR
    xat = calc_value_at_risk(e, export) * years
    sme_xat = calc_value_at_risk(e, export, sme) * years

    demand = scenarios.apply_demand(scenario, universe, config).set_index("sector")
    d_rate = demand["demand_rate"].reindex(universe).to_numpy(dtype=float)
    xt, xt_long = _exports_to_target(exports_to_target, prof, universe)
    if scenario.kind == "demand":
        d_at = d_rate * xt * years
        for i in np.flatnonzero(np.isnan(xt)):
            reasons[i].append(f"no exports to {config.target} for this sector")
    else:
        d_at = np.zeros(n)  # no retaliation in a supply scenario: known zero, not missing
    sme_d_at = d_at * sme

    basis_col = config.rank_by
    if scenario.kind == "demand" and basis_col in _DEMAND_TWIN:
        basis_col = _DEMAND_TWIN[basis_col]
    cols = {"exposure_rate": e, "export_at_risk_usd": xat, "sme_export_at_risk_usd": sme_xat,
            "demand_at_risk_usd": d_at, "sme_demand_at_risk_usd": sme_d_at, "demand_rate": d_rate}
    if basis_col == "composite":
        value = calc_composite({k: cols[k] for k in config.weights_map}, config.weights_map,
                               config.composite_normalisation)
    else:
        value = cols[basis_col]
    ranks = calc_ranks(value)

    flags_txt = _sector_flags(propagation.flags, universe)
    out = pd.DataFrame({
        "scenario": scenario.name,
        "rank": pd.array([None if np.isnan(r) else int(r) for r in ranks], dtype="Int64"),
        "sector": universe, "sector_name_ko": names_ko, "sector_name_en": names_en,
        "exposure_rate": e, "direct_rate": from_expo("direct_rate"), "override_rate": from_expo("override_rate"),
        "indirect_rate": from_expo("indirect_rate"), "export_usd": export, "export_source": source,
        "sme_share": sme, "sme_share_basis": basis, "export_at_risk_usd": xat, "sme_export_at_risk_usd": sme_xat,
        "export_to_target_usd": xt, "demand_rate": d_rate, "demand_at_risk_usd": d_at,
        "sme_demand_at_risk_usd": sme_d_at, "rank_basis": basis_col, "rank_value": value, "flags": flags_txt,
        "notes": ["; ".join(x) for x in notes], "no_data_reason": ["; ".join(x) for x in reasons],
    })
    out = out.assign(_r=out["rank"].astype("Float64").fillna(np.inf)).sort_values(["_r"], kind="stable") \
        .drop(columns="_r").reset_index(drop=True)
    drivers = _drivers(propagation.contributions, out, scenario, xt_long, d_rate * years, universe, years)
    return out[SECTOR_COLUMNS], drivers


def _text(prof: pd.DataFrame, col: str, universe: list[str]) -> np.ndarray:
    if col not in prof.columns or not len(prof):
        return np.full(len(universe), "", dtype=object)
    return prof[col].reindex(universe).fillna("").astype(str).to_numpy(dtype=object)


def _exports_to_target(given: pd.DataFrame | None, prof: pd.DataFrame, universe: list[str]
                       ) -> tuple[np.ndarray, pd.DataFrame | None]:
    if given is not None and len(given):
        g = given.copy()
        g["sector"] = g["sector"].astype(str)
        g["export_to_target_usd"] = pd.to_numeric(g["export_to_target_usd"], errors="coerce")
        xt = g.groupby("sector")["export_to_target_usd"].sum(min_count=1).reindex(universe).to_numpy(dtype=float)
        return xt, (g if "code" in g.columns else None)
    if "export_to_target_usd" in prof.columns:
        xt = pd.to_numeric(prof["export_to_target_usd"], errors="coerce").reindex(universe).to_numpy(dtype=float)
        return xt, None
    return np.full(len(universe), np.nan), None


def _sector_flags(flags: pd.DataFrame, universe: list[str]) -> list[str]:
    if flags is None or flags.empty:
        return [""] * len(universe)
    f = flags[flags["kind"].isin(["exposure_capped", "share_capped"]) & (flags["sector"].astype(str) != "")]
    label = {"exposure_capped": "exposure rate capped", "share_capped": "share of its imports lost capped"}
    by = f.groupby("sector")["kind"].apply(lambda k: "; ".join(label[x] for x in k))
    return [by.get(s, "") for s in universe]


def _drivers(contrib: pd.DataFrame, sectors: pd.DataFrame, scenario: Scenario, xt_long: pd.DataFrame | None,
             d_rate: np.ndarray, universe: list[str], years: float) -> pd.DataFrame:
    s = sectors.set_index("sector")
    c = contrib.copy()
    x = s["export_usd"].reindex(c["sector"]).to_numpy(dtype=float)
    sme = s["sme_share"].reindex(c["sector"]).to_numpy(dtype=float)
    tot = s["exposure_rate"].reindex(c["sector"]).to_numpy(dtype=float)
    c["scenario"] = scenario.name
    c["exposure_rate"] = c["contribution"].to_numpy(dtype=float)
    c["export_at_risk_usd"] = calc_value_at_risk(c["exposure_rate"].to_numpy(), x) * years
    c["sme_export_at_risk_usd"] = calc_value_at_risk(c["exposure_rate"].to_numpy(), x, sme) * years
    c["demand_at_risk_usd"] = 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        c["share_of_sector"] = np.where(tot > 0, c["exposure_rate"] / np.where(tot > 0, tot, 1.0), np.nan)
    frames = [c[DRIVER_COLUMNS]]
    if scenario.kind == "demand":
        rate = pd.Series(d_rate, index=universe)
        if xt_long is not None:
            d = xt_long.copy()
            d["code_system"] = d.get("code_system", "")
        else:
            d = pd.DataFrame({"sector": universe, "code": "", "code_system": "",
                              "export_to_target_usd": s["export_to_target_usd"].reindex(universe).to_numpy()})
        d = d[pd.to_numeric(d["export_to_target_usd"], errors="coerce").notna()]
        d_at = d["export_to_target_usd"].to_numpy(dtype=float) * rate.reindex(d["sector"]).to_numpy(dtype=float)
        d_tot = s["demand_at_risk_usd"].reindex(d["sector"]).to_numpy(dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(d_tot > 0, d_at / np.where(d_tot > 0, d_tot, 1.0), np.nan)
        frames.append(pd.DataFrame({
            "scenario": scenario.name, "sector": d["sector"].to_numpy(), "code": d["code"].astype(str).to_numpy(),
            "code_system": d["code_system"].astype(str).to_numpy(), "channel": "demand", "exposure_rate": 0.0,
            "export_at_risk_usd": 0.0, "sme_export_at_risk_usd": 0.0, "demand_at_risk_usd": d_at,
            "share_of_sector": share,
        }))
    out = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(len(f) for f in frames) \
        else frames[0]
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- top-100 export items
def item_sectors(export_items: pd.DataFrame, mti_concordance: pd.DataFrame | None = None
                 ) -> tuple[pd.DataFrame, pd.Series]:
    """Sector weights of each item: ``pos`` (row of ``export_items``), ``sector``, ``weight``.

    The concordance (MTI → sector; longer item codes meet it by their leading digits) is
    used first; items it does not know fall back to their own ``sector`` column. Returns the
    weights and, per item, the reason it has no sector ("" when it has one).
    """
    items = export_items.reset_index(drop=True)
    n = len(items)
    rows = []
    found = np.zeros(n, bool)
    if mti_concordance is not None and n:
        alloc, _ = linkage.allocate(pd.DataFrame({"code": items["item_code"].astype(str), "value": 1.0,
                                                  "pos": np.arange(n)}), mti_concordance)
        rows.append(pd.DataFrame({"pos": alloc["pos"].to_numpy(dtype=int), "sector": alloc["to_code"].to_numpy(),
                                  "weight": alloc["value"].to_numpy(dtype=float)}))
        found[alloc["pos"].to_numpy(dtype=int)] = True
    if "sector" in items.columns:
        own = items["sector"].fillna("").astype(str).to_numpy()
        take = ~found & (own != "")
        rows.append(pd.DataFrame({"pos": np.flatnonzero(take), "sector": own[take], "weight": 1.0}))
        found = found | take
    reason = pd.Series(np.where(found, "", "item code not in the MTI → sector concordance and no sector given"))
    w = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=["pos", "sector", "weight"])
    return w.astype({"pos": "int64", "weight": "float64"}), reason


def score_export_items(export_items: pd.DataFrame, sectors: pd.DataFrame,
                       mti_concordance: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each top-100 item's export value at risk, through the sector(s) it belongs to.

    export_at_risk = export_usd · Σ_j w_j E(j); SME and demand figures alike
    (demand: export_to_target_usd · Σ_j w_j demand_rate(j)).

    Parameters
    ----------
    export_items : DataFrame
        ExportItems (``item_code``, ``export_usd``, optional ``export_to_target_usd``, ``sector``).
    sectors : DataFrame
        The sector table of :func:`score` (one scenario).
    mti_concordance : DataFrame, optional
        MTI → sector (``from_code, to_code, weight``), e.g. ``concordance("MTI3-OECD36")``.
    """
    items = export_items.reset_index(drop=True)
    n = len(items)
    w, reason = item_sectors(items, mti_concordance)
    s = sectors.set_index("sector")
    sec_ok = w["sector"].isin(s.index).to_numpy()
    w = w[sec_ok]
    get = lambda col: s[col].reindex(w["sector"]).to_numpy(dtype=float)  # noqa: E731
    pos = w["pos"].to_numpy(dtype=int)
    wt = w["weight"].to_numpy(dtype=float)

    def per_item(values: np.ndarray) -> np.ndarray:
        acc = np.zeros(n)
        known = np.zeros(n, bool)
        ok = ~np.isnan(values)
        np.add.at(acc, pos[ok], wt[ok] * values[ok])
        np.logical_or.at(known, pos[ok], True)
        bad = np.zeros(n, bool)
        np.logical_or.at(bad, pos[~ok], True)
        return np.where(known & ~bad, acc, np.nan)

    e = per_item(get("exposure_rate"))
    e_sme = per_item(get("exposure_rate") * get("sme_share"))
    d_rate = per_item(get("demand_rate"))
    x = pd.to_numeric(items["export_usd"], errors="coerce").to_numpy(dtype=float)
    xt = pd.to_numeric(items["export_to_target_usd"], errors="coerce").to_numpy(dtype=float) \
        if "export_to_target_usd" in items.columns else np.full(n, np.nan)
    main = w.sort_values(["pos", "weight"], ascending=[True, False], kind="stable").drop_duplicates("pos")
    main_sector = pd.Series("", index=range(n), dtype=object)
    main_sector[main["pos"].to_numpy()] = main["sector"].to_numpy()
    main_w = pd.Series(np.nan, index=range(n))
    main_w[main["pos"].to_numpy()] = main["weight"].to_numpy()
    why = reason.to_numpy(dtype=object).copy()
    nosec = (main_sector.to_numpy() == "") & (why == "")
    why[nosec] = "its sector is not in the sector table"
    xat = x * e
    out = pd.DataFrame({
        "scenario": sectors["scenario"].iloc[0] if len(sectors) else "",
        "year": items["year"].to_numpy() if "year" in items.columns else np.nan,
        "rank": items["rank"].to_numpy() if "rank" in items.columns else np.arange(1, n + 1),
        "item_code": items["item_code"].astype(str).to_numpy(),
        "code_system": items["code_system"].astype(str).to_numpy() if "code_system" in items.columns else "",
        "item_name_ko": items["item_name_ko"].fillna("").astype(str).to_numpy()
        if "item_name_ko" in items.columns else "",
        "item_name_en": items["item_name_en"].fillna("").astype(str).to_numpy()
        if "item_name_en" in items.columns else "",
        "export_usd": x, "export_to_target_usd": xt, "sector": main_sector.to_numpy(),
        "sector_weight": main_w.to_numpy(), "exposure_rate": e, "export_at_risk_usd": xat,
        "sme_export_at_risk_usd": x * e_sme, "demand_at_risk_usd": xt * d_rate,
    })
    ranks = calc_ranks(xat)
    out["rank_at_risk"] = pd.array([None if np.isnan(r) else int(r) for r in ranks], dtype="Int64")
    out["no_data_reason"] = why
    return out[ITEM_COLUMNS]


# --------------------------------------------------------------------------- one scenario, end to end
@dataclass
class ScenarioResult:
    """Everything one scenario produced (tables for :class:`exposure.results.Results`).

    ``propagation.propagator`` holds the arrays for the Monte Carlo, aligned with the
    rows of ``shocks``.
    """

    scenario: Scenario
    shocks: pd.DataFrame
    sectors: pd.DataFrame
    drivers: pd.DataFrame
    flags: pd.DataFrame
    export_items: pd.DataFrame | None
    propagation: Propagation

    @property
    def notes(self) -> list[str]:
        """What the reader must know about the method (IO split, where M_i comes from)."""
        return self.propagation.notes


def run_scenario(products: pd.DataFrame, scenario: Scenario, io: IOTable, concordance: pd.DataFrame,
                 overrides: pd.DataFrame | None = None, profile: pd.DataFrame | None = None,
                 config: Config | None = None, export_items: pd.DataFrame | None = None,
                 mti_concordance: pd.DataFrame | None = None,
                 exports_to_target: pd.DataFrame | None = None) -> ScenarioResult:
    """Shock → link → score for one scenario.

    Parameters
    ----------
    products : DataFrame
        Indicator table of :func:`exposure.indicators.product_indicators` (the analysis year
        is ``config.year``, else the latest); needs ``code, code_system, target_import_usd``.
    scenario : Scenario
    io : IOTable
    concordance : DataFrame
        Product → IO sector (e.g. ``concordance("HS6-OECD36")``).
    overrides : DataFrame, optional
        End-use overrides ``code, code_system, sector, share``.
    profile : DataFrame, optional
        SectorProfile.
    config : Config, optional
    export_items : DataFrame, optional
        ExportItems (top-100); scored item by item when given.
    mti_concordance : DataFrame, optional
        MTI → sector concordance for the items (else their ``sector`` column is used).
    exports_to_target : DataFrame, optional
        ``sector, export_to_target_usd`` for demand-side scenarios; else the profile's
        ``export_to_target_usd`` (sector totals, the fuller source), else the items' (top-100
        only, so a lower bound).
    """
    config = config or Config()
    shocks = scenarios.apply(scenario, products, config)
    names = _product_names(products, config)
    if names is not None:
        shocks = shocks.merge(names, on=["code", "code_system"], how="left")
        shocks["name"] = shocks["name"].fillna("")
    rule_rows = scenarios.end_use_overrides(scenario, shocks)
    off_table = ~rule_rows["sector"].isin(io.sectors)
    effective, rule_rows_used = _effective_overrides(overrides, rule_rows[~off_table])
    # the IO table's flows are annual: the linkage takes the shortfall as an annual rate
    prop = linkage.propagate(shocks.assign(shortfall_usd=shocks["shortfall_usd_per_year"]), io, concordance,
                             effective, config, scenario=scenario.name)
    profile_has_xt = profile is not None and "export_to_target_usd" in profile.columns \
        and pd.to_numeric(profile["export_to_target_usd"], errors="coerce").notna().any()
    if exports_to_target is None and not profile_has_xt and export_items is not None and scenario.kind == "demand":
        from_items = exports_to_target_from_items(export_items, mti_concordance)
        if len(from_items):
            exports_to_target = from_items
    sectors, drivers = score(prop, profile, config, scenario, exports_to_target)
    drivers = drivers.merge(shocks[["code", "code_system", "coverage", "rule"]
                                   + (["name"] if "name" in shocks.columns else [])],
                            on=["code", "code_system"], how="left")
    items = score_export_items(export_items, sectors, mti_concordance) if export_items is not None else None
    unmatched = scenarios.unmatched_entries(scenario, scenarios.analysis_year(products, config), io.sectors)
    flag_rows = [prop.flags, pd.DataFrame({
        "scenario": scenario.name, "kind": "scenario_entry_unmatched", "severity": "info", "code": unmatched["entry"],
        "sector": "", "value": np.nan,
        "detail": "rule " + unmatched["rule"] + " (" + unmatched["key"] + "): " + unmatched["problem"],
    }, columns=FLAG_COLUMNS)]
    if config.use_overrides and off_table.any():
        bad = rule_rows[off_table]
        flag_rows.append(pd.DataFrame({
            "scenario": scenario.name, "kind": "rule_end_use_unknown_sector", "severity": "warning",
            "code": bad["code"], "sector": bad["sector"], "value": np.nan,
            "detail": "rule " + bad["rule"] + ": end-use sector " + bad["sector"] + " is not in the input–output "
            "table; the general overrides or proportional allocation apply instead"}, columns=FLAG_COLUMNS))
    rule_rows = rule_rows_used
    if config.use_overrides and len(rule_rows):
        hit = shocks.set_index(["code", "code_system"])["shortfall_usd"]
        flag_rows.append(pd.DataFrame({
            "scenario": scenario.name, "kind": "rule_end_use", "severity": "info", "code": rule_rows["code"],
            "sector": rule_rows["sector"],
            "value": hit.reindex(pd.MultiIndex.from_frame(rule_rows[["code", "code_system"]])).to_numpy()
            * rule_rows["share"].to_numpy(),
            "detail": "rule " + rule_rows["rule"] + ": end use " + rule_rows["sector"] + " "
            + (rule_rows["share"] * 100).round(1).astype(str) + "% (replaces the general override table)",
        }, columns=FLAG_COLUMNS))
    # one flag per distinct reason, listing its sectors (36 identical rows would hide the others)
    nodata = sectors[sectors["no_data_reason"] != ""].groupby("no_data_reason", sort=False)["sector"] \
        .agg(lambda x: ", ".join(x))
    flag_rows.append(pd.DataFrame({"scenario": scenario.name, "kind": "sector_no_data", "severity": "info", "code": "",
                                   "sector": nodata.to_numpy(), "value": np.nan, "detail": nodata.index.to_numpy()},
                                  columns=FLAG_COLUMNS))
    flags = _concat_flags(flag_rows)
    return ScenarioResult(scenario=scenario, shocks=shocks, sectors=sectors, drivers=drivers, flags=flags,
                          export_items=items, propagation=prop)


def _concat_flags(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack flag tables with one dtype per column (pandas 2.2 warns on all-NA columns of another dtype)."""
    frames = [f.astype({"value": "float64"}) for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=FLAG_COLUMNS).astype({"value": "float64"})
    return pd.concat(frames, ignore_index=True)


def _effective_overrides(overrides: pd.DataFrame | None, rule_rows: pd.DataFrame
                         ) -> tuple[pd.DataFrame | None, pd.DataFrame]:
    """The general override table with the scenario rules' end uses taking precedence.

    Rule rows carry exact product codes; general rows with those exact codes are dropped
    (shorter general codes lose to the longer rule codes by the longest-match rule).
    """
    if rule_rows.empty:
        return overrides, rule_rows
    cols = ["code", "code_system", "sector", "share"]
    rows = rule_rows[cols]
    if overrides is None or len(overrides) == 0:
        return rows.reset_index(drop=True), rule_rows
    general = overrides[~overrides["code"].astype(str).isin(set(rows["code"]))]
    keep = [c for c in cols if c in general.columns]
    return pd.concat([general[keep], rows], ignore_index=True), rule_rows


def _product_names(products: pd.DataFrame, config: Config) -> pd.DataFrame | None:
    if "name" not in products.columns:
        return None
    p = products[products["name"].fillna("").astype(str) != ""]
    return p.drop_duplicates(["code", "code_system"])[["code", "code_system", "name"]].astype(
        {"code": str, "code_system": str})
