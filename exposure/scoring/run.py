"""One scenario end to end: shock → link → impact → score (:func:`run_scenario`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from exposure import linkage, risk, scenarios
from exposure.config import Config
from exposure.members import isin
from exposure.scenarios import Scenario
from exposure.schema import CRITICAL, IOTable
from exposure.scoring import model as build
from exposure.scoring.items import exports_to_target_from_items, score_export_items
from exposure.scoring.tables import driver_table, sector_table, weekly_profile


@dataclass
class ScenarioResult:
    """Everything one scenario produced (tables for :class:`exposure.results.Results`).

    ``model`` holds the arrays the Monte Carlo perturbs (:class:`exposure.risk.RiskModel`),
    aligned with the propagator's products; ``critical`` the critical-input rows that applied.
    """

    scenario: Scenario
    shocks: pd.DataFrame
    sectors: pd.DataFrame
    drivers: pd.DataFrame
    flags: pd.DataFrame
    export_items: pd.DataFrame | None
    weekly: pd.DataFrame
    critical: pd.DataFrame
    model: risk.RiskModel
    notes: list[str] = field(default_factory=list)

    @property
    def propagator(self) -> linkage.Propagator:
        return self.model.prop


def run_scenario(products: pd.DataFrame, scenario: Scenario, io: IOTable, concordance: pd.DataFrame,
                 overrides: pd.DataFrame | None = None, profile: pd.DataFrame | None = None,
                 config: Config | None = None, export_items: pd.DataFrame | None = None,
                 mti_concordance: pd.DataFrame | None = None, exports_to_target: pd.DataFrame | None = None,
                 critical: pd.DataFrame | None = None, class_sme: dict[str, float] | None = None,
                 adjust: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> ScenarioResult:
    """Shock → link → impact → score for one scenario.

    Parameters
    ----------
    products : DataFrame
        Indicator table (:func:`exposure.indicators.product_indicators`) of the analysis year (or
        several years: ``config.year``, else the latest); needs ``code, code_system, target_import_usd``
        (and ``import_usd`` for the total supply of critical inputs).
    scenario : Scenario
    io : IOTable
    concordance : DataFrame
        Product → IO sector (e.g. ``concordance("HS6-OECD36")``).
    overrides : DataFrame, optional
        End-use overrides ``code, code_system, sector, share`` (optional ``end_use``).
    profile : DataFrame, optional
        SectorProfile (exports, SME share and its basis).
    config : Config, optional
        ``production`` and ``sigma`` set the central figure; ``important_weight`` the weight of
        important inputs.
    export_items : DataFrame, optional
        ExportItems (top-100); scored item by item when given.
    mti_concordance : DataFrame, optional
        MTI → sector concordance for the items.
    exports_to_target : DataFrame, optional
        ``sector, export_to_target_usd`` for demand-side scenarios; else the profile's, else the
        items' (top-100 only, so a lower bound).
    critical : DataFrame, optional
        Critical inputs (:func:`exposure.codes.critical.load_critical_inputs`); products not in it
        are non-critical.
    class_sme : dict, optional
        SME share by KSIC class (the users named by critical rows), on the run's SME basis.
    adjust : callable, optional
        Shocks → shocks (same rows and columns), applied right after :func:`exposure.scenarios.apply`,
        before the model is built: e.g. counter-measures (:func:`exposure.countermeasures.adjuster`).
    """
    config = config or Config()
    shocks = scenarios.apply(scenario, products, config)
    if adjust is not None:
        shocks = adjust(shocks)
    names = _product_names(products)
    if names is not None:
        shocks = shocks.merge(names, on=["code", "code_system"], how="left")
        shocks["name"] = shocks["name"].fillna("")
    flags: list[dict] = []

    def flag(kind: str, severity: str, code: str, sector: str, value: float, detail: str) -> None:
        flags.append(dict(scenario=scenario.name, kind=kind, severity=severity, code=code, sector=sector,
                          value=value, detail=detail))

    effective = _overrides_with_rules(scenario, shocks, overrides, io, config, flag)
    uses = build.end_uses(shocks, effective if config.use_overrides else None)
    shocks = shocks.assign(end_use=uses["end_use"].to_numpy(), channel=uses["channel"].to_numpy())
    prop = linkage.build_propagator(shocks["code"], io, concordance, effective, config, shocks["code_system"])
    if exports_to_target is None and scenario.kind == "demand" and export_items is not None \
            and not _has_exports_to_target(profile):
        from_items = exports_to_target_from_items(export_items, mti_concordance)
        exports_to_target = from_items if len(from_items) else None
    uni = build.universe(io, profile, exports_to_target)
    crit, crit_table = build.critical_rows(products, prop, critical, class_sme)
    model = build.build_model(scenario, shocks, prop, uni, uses, crit, config)
    arrays = risk.calc_risk(model, risk.Draw(sigma=config.sigma, important_weight=config.important_weight),
                            production=config.production, variants=risk.VARIANTS, detail=True)
    _propagation_flags(model, arrays, uses, flag)
    profile_table, first_week = weekly_profile(scenario, uni, arrays, model)
    flag_table = build.flag_frame(flags)
    sectors = sector_table(scenario, uni, arrays, model, config, flag_table, first_week)
    drivers = driver_table(scenario, uni, arrays, model, shocks)
    items = score_export_items(export_items, sectors, mti_concordance) if export_items is not None else None
    flag_table = _concat([flag_table, _reporting_flags(scenario, products, sectors, io, config)])
    notes = _notes(io, crit_table)
    crit_table = crit_table.assign(scenario=scenario.name, lost_fraction=np.nan, linear_rate=np.nan,
                                   loss_rate_row=np.nan)
    if "row_loss" in arrays.detail and len(crit_table):
        crit_table = crit_table.assign(lost_fraction=arrays.detail["row_lost_fraction"],
                                       linear_rate=arrays.detail["row_linear"], loss_rate_row=arrays.detail["row_loss"])
    crit_table = CRITICAL.conform(crit_table)
    return ScenarioResult(scenario=scenario, shocks=shocks, sectors=sectors, drivers=drivers, flags=flag_table,
                          export_items=items, weekly=profile_table, critical=crit_table, model=model, notes=notes)


def _has_exports_to_target(profile: pd.DataFrame | None) -> bool:
    return profile is not None and "export_to_target_usd" in profile.columns \
        and pd.to_numeric(profile["export_to_target_usd"], errors="coerce").notna().any()


def _overrides_with_rules(scenario: Scenario, shocks: pd.DataFrame, overrides: pd.DataFrame | None, io: IOTable,
                          config: Config, flag) -> pd.DataFrame | None:
    """The general override table with the scenario rules' end uses taking precedence (exact codes)."""
    rule_rows = scenarios.end_use_overrides(scenario, shocks)
    off = ~rule_rows["sector"].isin(io.sectors)
    if config.use_overrides:
        for r in rule_rows[off].itertuples(index=False):
            flag("rule_end_use_unknown_sector", "warning", r.code, r.sector, np.nan,
                 f"rule {r.rule}: end-use sector {r.sector} is not in the input–output table; the general overrides "
                 f"or proportional allocation apply instead")
    rows = rule_rows[~off]
    if rows.empty:
        return overrides
    if config.use_overrides:
        hit = shocks.set_index(["code", "code_system"])["shortfall_usd"]
        for r in rows.itertuples(index=False):
            flag("rule_end_use", "info", r.code, r.sector, float(hit.get((r.code, r.code_system), np.nan)) * r.share,
                 f"rule {r.rule}: end use {r.sector} {r.share * 100:.1f}% (replaces the general override table)")
    cols = ["code", "code_system", "sector", "share"]
    if overrides is None or len(overrides) == 0:
        return rows[cols].reset_index(drop=True)
    general = overrides[~isin(overrides["code"].astype(str), rows["code"])]
    keep = [c for c in general.columns if c in cols + ["end_use"]]
    return pd.concat([general[keep], rows[cols]], ignore_index=True)


def _propagation_flags(model: risk.RiskModel, arrays: risk.RiskArrays, uses: pd.DataFrame,
                       flag) -> None:
    """What the reader must know about how the shortfall was linked to sectors."""
    p, det = model.prop, arrays.detail
    S = arrays.shortfall
    hit = S > 0
    s_unc = det["shares_uncapped"]
    for k in np.flatnonzero(np.isnan(model.target_imports) & (model.coverage > 0)):
        flag("shortfall_unknown", "warning", p.codes[k], "", np.nan, "imports from the target unknown: product left out")
    inter = model.channel == risk.INTERMEDIATE
    keep = 1.0 - p.O.sum(axis=1)
    for k in np.flatnonzero(hit & inter & ~p.matched & (keep > 0)):
        flag("no_concordance", "warning", p.codes[k], "", S[k] * keep[k],
             "product not in the concordance: its proportional part is not allocated to any sector")
    lost_w = 1.0 - p.W.sum(axis=1)
    for k in np.flatnonzero(hit & inter & p.matched & (lost_w > 1e-9) & (keep > 0)):
        flag("sector_not_in_io", "warning", p.codes[k], "", S[k] * keep[k] * lost_w[k],
             f"{lost_w[k]:.0%} of the concordance weight goes to sectors not in the input–output table")
    for k in np.flatnonzero(hit & (p.O.sum(axis=1) > 0)):
        used = [f"{p.sectors[j]} {p.O[k, j]:.0%}" for j in np.flatnonzero(p.O[k])]
        flag("override_used", "info", p.codes[k], ", ".join(p.sectors[j] for j in np.flatnonzero(p.O[k])),
             S[k] * p.O[k].sum(), f"end-use override: {', '.join(used)}; remainder {keep[k]:.0%} spread proportionally"
             if inter[k] else f"end-use override: {', '.join(used)}")
    for i in np.flatnonzero(s_unc > p.cap_share):
        why = "no imports of this product group in the input–output table" if p.M[i] <= 0 else \
            "shortfall exceeds the table's imports of this product group (year mismatch or concordance noise)"
        flag("share_capped", "warning", "", p.sectors[i], float(s_unc[i]),
             f"share of imports lost {s_unc[i]:.3g} capped at {p.cap_share:g}: {why}")
    d0 = det["d0"]
    for j in np.flatnonzero(d0 >= model.cap_exposure - 1e-12):
        flag("exposure_capped", "warning", "", p.sectors[j], float(d0[j]),
             f"first-round loss {d0[j]:.3g} of output reaches the cap {model.cap_exposure:g}")
    for channel, name in ((risk.INVESTMENT, "investment"), (risk.FINAL_DEMAND, "final demand")):
        mask = hit & (model.channel == channel)
        if mask.any():
            flag(f"end_use_{name.replace(' ', '_')}", "info", "", "", float(S[mask].sum()),
                 f"{int(mask.sum())} capital or consumption goods (BEC) with a shortfall are not spread as intermediate "
                 f"inputs: {name} channel (USD over the horizon; see the products' end use)")
    mixed = hit & uses.set_index(["code", "code_system"])["end_use"].reindex(
        pd.MultiIndex.from_arrays([p.codes, p.code_systems])).isin(["mixed", "unmatched"]).to_numpy()
    if mixed.any():
        flag("end_use_mixed", "info", "", "", float(S[mixed].sum()),
             f"{int(mixed.sum())} products with a shortfall have no single BEC end use (mixed or not in the "
             f"HS–BEC table): treated as intermediate inputs")


def _reporting_flags(scenario: Scenario, products: pd.DataFrame, sectors: pd.DataFrame, io: IOTable,
                     config: Config) -> pd.DataFrame:
    unmatched = scenarios.unmatched_entries(scenario, scenarios.analysis_year(products, config), io.sectors)
    rows = [dict(scenario=scenario.name, kind="scenario_entry_unmatched", severity="info", code=r.entry, sector="",
                 value=np.nan, detail=f"rule {r.rule} ({r.key}): {r.problem}") for r in unmatched.itertuples()]
    # one flag per distinct reason, listing its sectors (36 identical rows would hide the others)
    nodata = sectors[sectors["no_data_reason"] != ""].groupby("no_data_reason", sort=False)["sector"] \
        .agg(lambda x: ", ".join(x))
    rows += [dict(scenario=scenario.name, kind="sector_no_data", severity="info", code="", sector=secs, value=np.nan,
                  detail=reason) for reason, secs in nodata.items()]
    return build.flag_frame(rows)


def _notes(io: IOTable, crit_table: pd.DataFrame) -> list[str]:
    notes = list(io.notes) + [
        f"Share of imports lost per product group s_i = shortfall (annual rate) / M_i, with M_i the total imports of "
        f"the product group in the input–output table{' (' + io.source + ')' if io.source else ''}, not the imports "
        f"file; the remainder after end-use overrides is spread over users in proportion to their imported inputs."]
    if len(crit_table):
        upper = crit_table["supply_basis"].str.startswith("imports from the target only")
        if upper.any():
            notes.append("Critical inputs: all-partner imports are unknown for " + ", ".join(
                sorted(set(crit_table.loc[upper, "code"]))) + "; their supply is the imports from the target, so the "
                "lost fraction of supply (and the stoppage range) is an upper bound.")
    return notes


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else build.flag_frame([])


def _product_names(products: pd.DataFrame) -> pd.DataFrame | None:
    if "name" not in products.columns:
        return None
    p = products[products["name"].fillna("").astype(str) != ""]
    return p.drop_duplicates(["code", "code_system"])[["code", "code_system", "name"]].astype(
        {"code": str, "code_system": str})
