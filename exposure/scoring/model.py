"""From tables to the arrays of :class:`exposure.risk.RiskModel`: products, sectors, end uses, critical rows.

The pandas side of the scoring engine: it knows the canonical tables (products and shocks, the
sector profile, the IO table, the override and critical-input tables) and turns them into the
arrays the one array function works on, recording what the reader must know as flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from exposure import risk, scenarios
from exposure.codes.bec import end_use_classes
from exposure.config import Config
from exposure.errors import DataError
from exposure.linkage import Propagator, flag_table
from exposure.members import isin
from exposure.scenarios import Scenario
from exposure.schema import IOTable

#: BEC end use → engine channel (mixed and unmatched codes go through the IO table, flagged)
CHANNELS = {"capital": risk.INVESTMENT, "consumption": risk.FINAL_DEMAND}
CHANNEL_NAMES = {risk.INTERMEDIATE: "intermediate", risk.INVESTMENT: "investment", risk.FINAL_DEMAND: "final_demand"}


@dataclass
class Universe:
    """The scoring universe: the IO table's sectors, then the profile's sectors the table lacks."""

    sectors: list[str]
    io_pos: np.ndarray
    names_ko: np.ndarray
    names_en: np.ndarray
    export_usd: np.ndarray
    export_source: np.ndarray
    sme_share: np.ndarray
    sme_basis: np.ndarray
    export_to_target_usd: np.ndarray
    notes: list[list[str]] = field(default_factory=list)
    reasons: list[list[str]] = field(default_factory=list)


def _profile_frame(profile: pd.DataFrame | None) -> pd.DataFrame:
    if profile is None:
        return pd.DataFrame(columns=["sector"]).set_index("sector")
    missing = [c for c in ("sector", "export_usd", "sme_share") if c not in profile.columns]
    if missing:
        raise DataError("sector profile", f"column(s) {', '.join(missing)} missing (expected sector, export_usd, "
                                          f"sme_share)", column=missing[0])
    p = profile.assign(sector=profile["sector"].astype(str))
    if p["sector"].duplicated().any():
        raise DataError("sector profile", f"sector {p.loc[p['sector'].duplicated(), 'sector'].iloc[0]} appears "
                                          f"twice: one row per sector", column="sector")
    return p.set_index("sector")


def universe(io: IOTable, profile: pd.DataFrame | None, exports_to_target: pd.DataFrame | None = None) -> Universe:
    """Sector arrays of the scoring universe, with notes and the reasons a sector cannot be scored."""
    prof = _profile_frame(profile)
    sectors = list(io.sectors) + [s for s in prof.index if s not in set(io.sectors)]
    n = len(sectors)
    pos = {s: i for i, s in enumerate(io.sectors)}
    io_pos = np.array([pos.get(s, -1) for s in sectors])
    notes: list[list[str]] = [[] for _ in range(n)]
    reasons: list[list[str]] = [[] for _ in range(n)]

    def num(col: str) -> np.ndarray:
        if col not in prof.columns or not len(prof):
            return np.full(n, np.nan)
        return pd.to_numeric(prof[col], errors="coerce").reindex(sectors).to_numpy(dtype=float)

    def text(col: str) -> np.ndarray:
        if col not in prof.columns or not len(prof):
            return np.full(n, "", dtype=object)
        return prof[col].reindex(sectors).fillna("").astype(str).to_numpy(dtype=object)

    io_x = io.exports.reindex(sectors).to_numpy(dtype=float)
    prof_x = num("export_usd")
    use_io = np.isnan(prof_x) & ~np.isnan(io_x)
    export = np.where(use_io, io_x, prof_x)
    source = np.where(~np.isnan(prof_x), "profile", np.where(use_io, "io", ""))
    names_en = text("sector_name_en")
    names_en = np.where(names_en == "", np.array([io.names.get(s, "") for s in sectors], dtype=object), names_en)
    sme = num("sme_share")
    in_prof = np.array([s in prof.index for s in sectors])
    for i in range(n):
        if io_pos[i] < 0:
            reasons[i].append("sector not in the input–output table")
        elif not io.output.get(sectors[i], 0) > 0:
            reasons[i].append("no output in the input–output table")
        if use_io[i]:
            notes[i].append("exports taken from the input–output table (not in the sector profile)")
        if np.isnan(export[i]):
            reasons[i].append("no exports for this sector")
        if np.isnan(sme[i]):
            reasons[i].append("no SME share (sector not in the sector profile)" if not in_prof[i]
                              else "no SME share in the sector profile")
    xt = _exports_to_target(exports_to_target, num("export_to_target_usd"), sectors)
    return Universe(sectors=sectors, io_pos=io_pos, names_ko=text("sector_name_ko"), names_en=names_en,
                    export_usd=export, export_source=source, sme_share=sme, sme_basis=text("sme_share_basis"),
                    export_to_target_usd=xt, notes=notes, reasons=reasons)


def _exports_to_target(given: pd.DataFrame | None, from_profile: np.ndarray, sectors: list[str]) -> np.ndarray:
    if given is not None and len(given):
        g = given.assign(sector=given["sector"].astype(str),
                         export_to_target_usd=pd.to_numeric(given["export_to_target_usd"], errors="coerce"))
        return g.groupby("sector")["export_to_target_usd"].sum(min_count=1).reindex(sectors).to_numpy(dtype=float)
    return from_profile


# --------------------------------------------------------------------------- products: end uses
def end_uses(shocks: pd.DataFrame, overrides: pd.DataFrame | None) -> pd.DataFrame:
    """Per product: BEC class, the end use the engine applies and its channel.

    An override table's ``end_use`` column (intermediate, capital, consumption), where filled,
    wins over BEC; mixed and unmatched codes go through the IO table as intermediate inputs.
    """
    bec = end_use_classes(shocks["code"].astype(str), shocks["code_system"].astype(str))
    applied = bec["end_use"].astype(str).to_numpy(dtype=object).copy()
    source = np.full(len(shocks), "BEC", dtype=object)
    if overrides is not None and len(overrides) and "end_use" in overrides.columns:
        stated = overrides[overrides["end_use"].fillna("").astype(str) != ""].drop_duplicates("code")
        by_code = dict(zip(stated["code"].astype(str), stated["end_use"].astype(str)))
        codes = shocks["code"].astype(str).to_numpy()
        for i, c in enumerate(codes):
            for length in (len(c), 6, 4):  # the longest override code the product starts with
                if c[:length] in by_code:
                    applied[i], source[i] = by_code[c[:length]], "override"
                    break
    channel = np.array([CHANNELS.get(e, risk.INTERMEDIATE) for e in applied])
    return pd.DataFrame({"code": shocks["code"].to_numpy(), "code_system": shocks["code_system"].to_numpy(),
                         "bec": bec["bec"].to_numpy(), "end_use": applied, "end_use_source": source,
                         "channel": [CHANNEL_NAMES[c] for c in channel], "_channel": channel,
                         "end_use_reason": bec["reason"].to_numpy()})


# --------------------------------------------------------------------------- critical rows
def critical_rows(products: pd.DataFrame, prop: Propagator, critical: pd.DataFrame | None,
                  class_sme: dict[str, float] | None = None) -> tuple[risk.CriticalRows, pd.DataFrame]:
    """Rows of the critical-input table that name a product of the run (exact code) and a sector of the
    IO table, as arrays; with a table of the matched rows for the reader (supply basis stated).

    A product's total supply is its imports from all partners, divided by (1 − domestic share) where
    the row gives one; with imports from the target only (one-partner data), those imports are the
    supply (an upper bound on the lost fraction), and the row says so.
    """
    cols = ["code", "code_system", "sector", "ksic", "criticality", "dependent_share", "supply_usd", "supply_basis",
            "stock_days", "sme_share"]
    if critical is None or not len(critical) or not len(prop.codes):
        return risk.CriticalRows.empty(), pd.DataFrame(columns=cols)
    key = {c: i for i, c in enumerate(prop.codes)}
    spos = {s: i for i, s in enumerate(prop.sectors)}
    c = critical[isin(critical["code"].astype(str), key) & isin(critical["sector"].astype(str), spos)]
    c = c[c["criticality"].astype(str) != "non-critical"].reset_index(drop=True)
    if not len(c):
        return risk.CriticalRows.empty(), pd.DataFrame(columns=cols)
    prod = products.assign(code=products["code"].astype(str)).drop_duplicates("code").set_index("code")
    k = c["code"].astype(str).map(key).to_numpy(dtype=int)
    world = pd.to_numeric(prod["import_usd"], errors="coerce").reindex(c["code"].astype(str)).to_numpy(dtype=float) \
        if "import_usd" in prod.columns else np.full(len(c), np.nan)
    target = pd.to_numeric(prod["target_import_usd"], errors="coerce").reindex(c["code"].astype(str)).to_numpy(float)
    dom = pd.to_numeric(c.get("domestic_share", pd.Series(np.nan, index=c.index)), errors="coerce").to_numpy(float)
    known = np.isfinite(world) & (world > 0)
    imports = np.where(known, world, target)
    supply = np.where(np.isfinite(dom), imports / (1.0 - np.nan_to_num(dom)), imports)
    supply = np.fmax(supply, target)  # a total supply below the imports from the target is a data mismatch
    basis = np.where(known, np.where(np.isfinite(dom), "imports (all partners) and domestic supply",
                                     "imports from all partners"),
                     "imports from the target only (all-partner imports unknown): an upper bound on the lost fraction")
    ksic = c["ksic"].fillna("").astype(str).to_numpy(dtype=object) if "ksic" in c.columns else np.full(len(c), "")
    sme = np.array([(class_sme or {}).get(g, np.nan) for g in ksic], dtype=float)
    crit = c["criticality"].astype(str).to_numpy()
    weight = np.where(crit == "critical", 1.0, np.where(crit == "important", np.nan, 0.0))
    stock = pd.to_numeric(c.get("stock_days", pd.Series(np.nan, index=c.index)), errors="coerce").to_numpy(float)
    rows = risk.CriticalRows(product=k, sector=c["sector"].astype(str).map(spos).to_numpy(dtype=int), group=ksic,
                             weight=weight, dependent=pd.to_numeric(c["dependent_share"]).to_numpy(float),
                             supply=np.where(np.isfinite(supply) & (supply > 0), supply, 0.0), stock_days=stock,
                             sme_share=sme)
    table = pd.DataFrame({"code": c["code"].astype(str), "code_system": c["code_system"].astype(str),
                          "sector": c["sector"].astype(str), "ksic": ksic, "criticality": crit,
                          "dependent_share": rows.dependent, "supply_usd": rows.supply, "supply_basis": basis,
                          "stock_days": stock, "sme_share": sme})
    return rows, table


# --------------------------------------------------------------------------- the model
def build_model(scenario: Scenario, shocks: pd.DataFrame, prop: Propagator, uni: Universe, uses: pd.DataFrame,
                crit: risk.CriticalRows, config: Config) -> risk.RiskModel:
    """The arrays of one scenario, aligned on the propagator's products and the universe's sectors."""
    key = pd.MultiIndex.from_arrays([shocks["code"].astype(str), shocks["code_system"].astype(str)])
    want = pd.MultiIndex.from_arrays([prop.codes, prop.code_systems])
    pos = key.get_indexer(want)
    if (pos < 0).any():
        raise DataError("shocks", f"scenario {scenario.name!r}: product {want[int(np.flatnonzero(pos < 0)[0])]} has "
                                  f"no shock row", column="code")
    sh = shocks.iloc[pos].reset_index(drop=True)
    ch = uses.set_index(["code", "code_system"])["_channel"].reindex(want).fillna(risk.INTERMEDIATE)
    col = lambda name: pd.to_numeric(sh[name], errors="coerce").to_numpy(dtype=float)  # noqa: E731
    dem = scenarios.demand_parameters(scenario, uni.sectors, config)
    h = float(scenario.parameters(config)["horizon_days"])
    crit = _rule_stock_first(scenario, sh, crit)
    return risk.RiskModel(
        kind=scenario.kind, horizon_days=h, prop=prop, target_imports=col("target_import_usd"),
        coverage=col("coverage"), phi=col("phi"), buffer_days=col("buffer_days"), lag_days=col("lag_days"),
        licence_delay_days=col("licence_delay_days"), channel=ch.to_numpy(dtype=int), critical=crit,
        io_pos=uni.io_pos, export_usd=uni.export_usd, sme_share=uni.sme_share,
        export_to_target_usd=uni.export_to_target_usd, demand_coverage=dem["coverage"].to_numpy(float),
        demand_phi=dem["phi"].to_numpy(float), demand_buffer_days=dem["buffer_days"].to_numpy(float),
        demand_lag_days=dem["lag_days"].to_numpy(float),
        demand_licence_delay_days=dem["licence_delay_days"].to_numpy(float), cap_exposure=config.cap_exposure)


def _rule_stock_first(scenario: Scenario, shocks: pd.DataFrame, crit: risk.CriticalRows) -> risk.CriticalRows:
    """The critical rows with their own stock days dropped where the product's winning rule sets b.

    Precedence of the stock a critical input has: a rule that names the product and sets
    ``buffer_days`` (the full-embargo bound says "no stock" that way) > the row's ``stock_days`` in
    the critical-input table > the scenario's and the config's ``buffer_days``.
    """
    if not len(crit):
        return crit
    rule_b = np.array([r.buffer_days is not None for r in scenario.rules] + [False])
    win = pd.to_numeric(shocks["rule_no"], errors="coerce").fillna(0).to_numpy(dtype=int) - 1
    from_rule = rule_b[win][crit.product]
    if not from_rule.any():
        return crit
    return replace(crit, stock_days=np.where(from_rule, np.nan, crit.stock_days))


def flag_frame(rows: list[dict]) -> pd.DataFrame:
    return flag_table(rows)
