"""From the arrays of :func:`exposure.risk.calc_risk` to the sector, driver and weekly-profile tables.

Every money column is USD over the scenario's horizon, with the annual rate beside the headline
figures. The drivers decompose every sector's figures by product and channel — ``direct``
(proportional linear first round), ``override`` (end-use overrides), ``critical`` (the extra loss
of critical inputs under the run's production function), ``downstream`` (passed on through domestic
supply), ``demand`` (retaliation) — and sum to the sector totals; zero rows are left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from exposure import impact, risk
from exposure.config import Config
from exposure.scenarios import Scenario, calc_per_year
from exposure.schema import DRIVERS, SECTORS, WEEKLY
from exposure.scoring.model import Universe
from exposure.scoring.ranking import calc_ranks, rank_basis, rank_values

CHANNELS = ("direct", "override", "critical", "downstream")


def sector_table(scenario: Scenario, uni: Universe, arrays: risk.RiskArrays, model: risk.RiskModel,
                 config: Config, flags: pd.DataFrame, first_week: np.ndarray) -> pd.DataFrame:
    """One row per sector of the universe, ranked by the central figure (unranked last)."""
    h = model.horizon_days
    e, xat, sme = arrays.exposure, arrays.export_at_risk, arrays.sme_export_at_risk
    cols = {"exposure_rate": e["central"], "export_at_risk_usd": xat["central"],
            "sme_export_at_risk_usd": sme["central"], "demand_at_risk_usd": arrays.demand_at_risk,
            "sme_demand_at_risk_usd": arrays.sme_demand_at_risk, "demand_rate": arrays.demand_rate}
    basis = rank_basis(config, scenario.kind)
    value = rank_values(cols, basis, config)
    ranks = calc_ranks(value)
    reasons = [list(r) for r in uni.reasons]
    if scenario.kind == "demand":
        for i in np.flatnonzero(np.isnan(uni.export_to_target_usd)):
            reasons[i].append(f"no exports to {config.target} for this sector")
    capped = _sector_flags(flags, uni.sectors) if flags is not None else [""] * len(uni.sectors)
    out = pd.DataFrame({
        "scenario": scenario.name,
        "rank": pd.array([None if np.isnan(r) else int(r) for r in ranks], dtype="Int64"),
        "sector": uni.sectors, "sector_name_ko": uni.names_ko, "sector_name_en": uni.names_en,
        "exposure_rate_low": e["low"], "exposure_rate": e["central"], "exposure_rate_high": e["high"],
        **{f"{c}_rate": arrays.channels[c] for c in CHANNELS},
        "export_usd": uni.export_usd, "export_source": uni.export_source, "sme_share": uni.sme_share,
        "sme_share_basis": uni.sme_basis,
        "export_at_risk_low_usd": xat["low"], "export_at_risk_usd": xat["central"],
        "export_at_risk_high_usd": xat["high"], "export_at_risk_usd_per_year": calc_per_year(xat["central"], h),
        "sme_export_at_risk_low_usd": sme["low"], "sme_export_at_risk_usd": sme["central"],
        "sme_export_at_risk_high_usd": sme["high"], "sme_export_at_risk_usd_per_year": calc_per_year(sme["central"], h),
        "investment_shortfall_usd": arrays.investment_usd, "final_demand_shortfall_usd": arrays.final_demand_usd,
        "export_to_target_usd": uni.export_to_target_usd, "demand_rate": arrays.demand_rate,
        "demand_at_risk_usd": arrays.demand_at_risk, "sme_demand_at_risk_usd": arrays.sme_demand_at_risk,
        "first_loss_week": pd.array([int(w) if w > 0 else None for w in first_week], dtype="Int64"),
        "horizon_days": h, "production": config.production, "rank_basis": basis, "rank_value": value,
        "flags": capped, "notes": ["; ".join(x) for x in uni.notes], "no_data_reason": ["; ".join(x) for x in reasons],
    })
    out = out.assign(_r=out["rank"].astype("Float64").fillna(np.inf)).sort_values("_r", kind="stable")
    return SECTORS.conform(out.drop(columns="_r").reset_index(drop=True))


def _sector_flags(flags: pd.DataFrame, sectors: list[str]) -> list[str]:
    if flags.empty:
        return [""] * len(sectors)
    f = flags[flags["kind"].isin(["exposure_capped", "share_capped"]) & (flags["sector"].astype(str) != "")]
    label = {"exposure_capped": "exposure rate capped", "share_capped": "share of its imports lost capped"}
    by = f.groupby("sector")["kind"].apply(lambda k: "; ".join(label[x] for x in k))
    return [by.get(s, "") for s in sectors]


def driver_table(scenario: Scenario, uni: Universe, arrays: risk.RiskArrays, model: risk.RiskModel,
                 shocks: pd.DataFrame) -> pd.DataFrame:
    """Contributions by (sector, product, channel) that sum to each sector's central figures; non-zero rows only.

    A contribution's SME export at risk uses the SME share of its bearer: the KSIC class of a
    critical row for that row's linear and critical parts, the sector's otherwise.
    """
    det, prop = arrays.detail, model.prop
    years = model.years
    io_pos = np.asarray(uni.io_pos, dtype=np.int64)
    u_of_io = np.full(int(io_pos.max()) + 1 if len(io_pos) else 0, -1, dtype=np.int64)
    u_of_io[io_pos[io_pos >= 0]] = np.flatnonzero(io_pos >= 0)
    frames = []
    for channel in CHANNELS:
        R = det.get(channel)
        if R is None:
            continue
        k, j = np.nonzero(R)
        if not len(k):
            continue
        u = u_of_io[j]
        rate = R[k, j]
        frames.append(pd.DataFrame({"sector": np.asarray(uni.sectors, dtype=object)[u], "_u": u, "_k": k, "_j": j,
                                    "channel": channel, "exposure_rate": rate}))
    if not frames:
        empty = _empty_drivers(shocks)
        if scenario.kind != "demand":
            return empty
        return _with_shock_columns(_demand_drivers(scenario, uni, arrays), shocks)
    d = pd.concat(frames, ignore_index=True)
    x = model.export_usd[d["_u"].to_numpy()]
    sme = model.sme_share[d["_u"].to_numpy()]
    sme = _bearer_sme(d, sme, model, det)
    tot = arrays.exposure["central"][d["_u"].to_numpy()]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(tot > 0, d["exposure_rate"] / np.where(tot > 0, tot, 1.0), np.nan)
    out = pd.DataFrame({
        "scenario": scenario.name, "sector": d["sector"], "code": np.asarray(prop.codes, dtype=object)[d["_k"]],
        "code_system": np.asarray(prop.code_systems, dtype=object)[d["_k"]], "channel": d["channel"],
        "exposure_rate": d["exposure_rate"], "export_at_risk_usd": d["exposure_rate"] * x * years,
        "sme_export_at_risk_usd": d["exposure_rate"] * x * years * sme, "demand_at_risk_usd": 0.0,
        "share_of_sector": share,
    })
    if scenario.kind == "demand":
        out = pd.concat([out, _demand_drivers(scenario, uni, arrays)], ignore_index=True)
    order = {c: i for i, c in enumerate(CHANNELS + ("demand",))}
    sec = {s: i for i, s in enumerate(uni.sectors)}
    # by sector (the universe's order), code, channel; ranks as integers (a string sort of every row is slow)
    code_rank = pd.factorize(out["code"].astype(str).to_numpy(dtype=object), sort=True)[0]
    keys = (np.arange(len(out)), out["channel"].map(order).to_numpy(dtype=float), code_rank,
            out["sector"].map(sec).to_numpy(dtype=float))
    out = out.iloc[np.lexsort(keys)].reset_index(drop=True)
    return _with_shock_columns(out, shocks)


def _bearer_sme(d: pd.DataFrame, sector_sme: np.ndarray, model: risk.RiskModel, det: dict) -> np.ndarray:
    """SME share of each contribution's bearer: critical rows' classes where the table names one."""
    cr = model.critical
    out = sector_sme.copy()
    if not len(cr) or not np.isfinite(cr.sme_share).any():
        return out
    known = np.isfinite(cr.sme_share)
    lin = det.get("row_linear", np.zeros(len(cr)))
    ext = det.get("row_extra", np.zeros(len(cr)))
    for channel, weight in (("direct", lin), ("override", lin), ("critical", ext)):
        rows = d["channel"].to_numpy() == channel
        for r in np.flatnonzero(known):
            hit = rows & (d["_k"].to_numpy() == cr.product[r]) & (d["_j"].to_numpy() == cr.sector[r])
            if not hit.any():
                continue
            # the pair's rows: SME share weighted by each class's part of the pair
            same = np.flatnonzero((cr.product == cr.product[r]) & (cr.sector == cr.sector[r]))
            w = np.asarray(weight)[same]
            shares = np.where(np.isfinite(cr.sme_share[same]), cr.sme_share[same], sector_sme[hit][0])
            out[hit] = float(np.sum(w * shares) / np.sum(w)) if np.sum(w) > 0 else out[hit]
    return out


def _demand_drivers(scenario: Scenario, uni: Universe, arrays: risk.RiskArrays) -> pd.DataFrame:
    d_at = arrays.demand_at_risk
    keep = np.isfinite(d_at) & (d_at > 0)
    return pd.DataFrame({
        "scenario": scenario.name, "sector": np.asarray(uni.sectors, dtype=object)[keep], "code": "",
        "code_system": "", "channel": "demand", "exposure_rate": 0.0, "export_at_risk_usd": 0.0,
        "sme_export_at_risk_usd": 0.0, "demand_at_risk_usd": d_at[keep], "share_of_sector": 1.0})


def _empty_drivers(shocks: pd.DataFrame) -> pd.DataFrame:
    cols = ["scenario", "sector", "code", "code_system", "channel", "exposure_rate", "export_at_risk_usd",
            "sme_export_at_risk_usd", "demand_at_risk_usd", "share_of_sector"]
    return _with_shock_columns(pd.DataFrame(columns=cols).astype({c: "float64" for c in cols[5:]}), shocks)


def _with_shock_columns(drivers: pd.DataFrame, shocks: pd.DataFrame) -> pd.DataFrame:
    keep = ["code", "code_system", "coverage", "rule"] + (["name"] if "name" in shocks.columns else [])
    out = _left_join(drivers, shocks[keep], ["code", "code_system"])
    if "name" not in out.columns:
        out["name"] = ""
    return DRIVERS.conform(out.fillna({"name": "", "rule": ""}))


def _left_join(left: pd.DataFrame, right: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """``left.merge(right, on=on, how="left")`` by looking the keys up, when ``right`` has each key once (one row
    per product): the same table, without the merge's hashing and copying of a six-figure row count."""
    rkeys = pd.MultiIndex.from_arrays([right[c] for c in on])
    if not rkeys.is_unique:
        return left.merge(right, on=on, how="left")
    at = rkeys.get_indexer(pd.MultiIndex.from_arrays([left[c] for c in on]))
    extra = right.drop(columns=on).reset_index(drop=True)
    looked_up = extra.reindex(at) if (at < 0).any() else extra.take(at)
    return pd.concat([left.reset_index(drop=True), looked_up.reset_index(drop=True)], axis=1)


# --------------------------------------------------------------------------- weekly profile
def weekly_profile(scenario: Scenario, uni: Universe, arrays: risk.RiskArrays, model: risk.RiskModel
                   ) -> tuple[pd.DataFrame, np.ndarray]:
    """Per sector and week of the horizon: the share of the week's output lost (linear and central),
    export value at risk in the week and cumulated; and per sector the first week output falls.

    The week's linear rate follows each product's own time profile (stock, licence review,
    substitution ramp); the critical extra is computed week by week; both pass downstream with
    the week's figures (so the mean over weeks is the horizon figure wherever no cap binds).
    """
    starts, ends = impact.week_edges(model.horizon_days)
    lens = ends - starts
    n, W = len(model.prop.sectors), len(starts)
    det = arrays.detail
    S = arrays.shortfall
    weekly = impact.calc_weekly_shortfall(model.horizon_days, model.target_imports, model.coverage, model.phi,
                                          model.buffer_days, model.lag_days, model.licence_delay_days)
    weekly = np.nan_to_num(weekly)
    with np.errstate(divide="ignore", invalid="ignore"):
        shape = np.where(S[:, None] > 0, (weekly / lens) / np.where(S > 0, S / model.horizon_days, 1.0)[:, None], 0.0)
    linear = ((det["direct"] + det["override"]).T @ shape) if S.any() else np.zeros((n, W))  # (n, W)
    extra = det.get("extra_weekly", np.zeros((n, W)))
    d0_low = np.minimum(linear, model.cap_exposure).T
    d0 = np.minimum(linear + extra, model.cap_exposure).T
    low = impact.calc_downstream(d0_low, model.prop.Ad, cap=model.cap_exposure)  # (W, n)
    central = impact.calc_downstream(d0, model.prop.Ad, cap=model.cap_exposure)
    first = impact.first_week_below(central.T)
    rows = []
    u_io = uni.io_pos
    for u, s in enumerate(uni.sectors):
        j = u_io[u]
        if j < 0 or not model.prop.x[j] > 0:
            continue
        x_week = uni.export_usd[u] * lens / 365.0
        xat = central[:, j] * x_week
        rows.append(pd.DataFrame({
            "scenario": scenario.name, "sector": s, "week": np.arange(1, W + 1), "start_day": starts,
            "end_day": ends, "loss_rate_low": low[:, j], "loss_rate": central[:, j], "week_export_at_risk_usd": xat,
            "cumulative_export_at_risk_usd": np.cumsum(xat)}))
    first_u = np.array([first[j] if j >= 0 else 0 for j in u_io])
    table = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=WEEKLY.names)
    return WEEKLY.conform(table), first_u
