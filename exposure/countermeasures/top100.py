"""The top-100 export items view (DESIGN §9a): risk per item under each scenario, what drives it, what removes it.

For each MTI item i and scenario: its exports, the SME share of its sector(s), its export value at
risk low (linear) – central – high (Leontief) over the horizon (:func:`exposure.scoring.score_export_items`),
the imported inputs that drive it and the counter-measure that removes most of its risk.

**Drivers.** The item's sectors j carry weights w_ij (:func:`exposure.scoring.item_sectors`). A
product k drives the item by

    export_i · Σ_j w_ij · at_risk(j, k) / export(j)

with at_risk(j, k) the central export value at risk of sector j from product k, summed over the
channels of the driver table (direct, override, critical, downstream): the same per-dollar rule
as the item's own figure, so the drivers of an item add up to its central export value at risk.
``driver_n_share_of_item`` is the driver's part of it. Names are the shipped tables' Korean and
English names (:func:`exposure.codes.names.product_names`); ``driver_n_name`` is the input file's
name. Item names the top-100 file leaves blank come from the shipped MTI table (3-digit items).

The item's ``item_sme_share`` is the weighted SME share of its sectors (sectors without one left
out): items have no SME share of their own in the top-100 table.

The tables follow :data:`exposure.schema.outputs.TOP100` and ``ITEM_DRIVERS`` (columns declared once).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from exposure.codes.names import mti_items, product_names
from exposure.countermeasures.value import ALL, Valuation
from exposure.schema import TableSpec
from exposure.schema.outputs import ITEM_DRIVERS, MAX_DRIVERS, TOP100
from exposure.scoring import ScenarioResult, item_sectors, score_export_items

#: columns of :func:`item_drivers`
DRIVER_COLUMNS = ITEM_DRIVERS.names
#: wide column suffix of each :func:`item_drivers` column in the top-100 view (``driver_1_code`` …)
_WIDE = {"code": "code", "product_name_ko": "name_ko", "product_name_en": "name_en", "name": "name",
         "contribution_usd": "export_at_risk_usd", "share_of_item": "share_of_item"}


def item_drivers(export_items: pd.DataFrame, result: ScenarioResult, mti_concordance: pd.DataFrame | None = None,
                 n: int | None = 3) -> pd.DataFrame:
    """Per item, the imported inputs that drive its central export value at risk, largest first.

    Returns :data:`DRIVER_COLUMNS`, one row per (item, product) with a positive contribution
    (the first ``n`` per item; None: all). ``contribution_usd`` is the item's export value at risk
    from the product, USD over the horizon.
    """
    items = export_items.reset_index(drop=True)
    w, _ = item_sectors(items, mti_concordance)
    sectors = result.sectors.set_index("sector")
    d = result.drivers
    d = d[(d["code"].astype(str) != "") & d["export_at_risk_usd"].notna()]
    if not len(d) or not len(w):
        return pd.DataFrame(columns=DRIVER_COLUMNS)
    by = d.groupby(["sector", "code", "code_system"], as_index=False, sort=False)["export_at_risk_usd"].sum()
    x_sec = pd.to_numeric(sectors["export_usd"], errors="coerce").reindex(by["sector"]).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        by["per_dollar"] = np.where(x_sec > 0, by["export_at_risk_usd"] / np.where(x_sec > 0, x_sec, 1.0), 0.0)
    m = w.merge(by[["sector", "code", "code_system", "per_dollar"]], on="sector", how="inner")
    x_item = pd.to_numeric(items["export_usd"], errors="coerce").to_numpy(dtype=float)
    m["contribution"] = m["weight"] * m["per_dollar"] * x_item[m["pos"].to_numpy(dtype=int)]
    c = m.groupby(["pos", "code", "code_system"], as_index=False, sort=False)["contribution"].sum()
    c = c[c["contribution"] > 0].sort_values(["pos", "contribution", "code"], ascending=[True, False, True],
                                             kind="stable")
    c["driver_rank"] = c.groupby("pos").cumcount() + 1
    if n is not None:
        c = c[c["driver_rank"] <= n]
    item_total = score_export_items(items, result.sectors, mti_concordance)["export_at_risk_usd"].to_numpy(float)
    total = item_total[c["pos"].to_numpy(dtype=int)]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, c["contribution"].to_numpy() / np.where(total > 0, total, 1.0), np.nan)
    input_names = _input_names(result.shocks)
    codes = c["code"].astype(str)
    out = pd.DataFrame({
        "scenario": result.scenario.name, "item_code": items["item_code"].astype(str).to_numpy()[c["pos"]],
        "driver_rank": c["driver_rank"].to_numpy(dtype=int), "code": codes.to_numpy(),
        "code_system": c["code_system"].astype(str).to_numpy(),
        "product_name_ko": product_names(codes, "ko").to_numpy(),
        "product_name_en": product_names(codes, "en").to_numpy(),
        "name": codes.map(input_names).fillna("").to_numpy(), "contribution_usd": c["contribution"].to_numpy(),
        "share_of_item": share})
    return ITEM_DRIVERS.conform(out.reset_index(drop=True))


def _input_names(shocks: pd.DataFrame) -> dict[str, str]:
    if "name" not in shocks.columns:
        return {}
    s = shocks[shocks["name"].fillna("").astype(str) != ""]
    return dict(zip(s["code"].astype(str), s["name"].astype(str)))


def item_sme_share(export_items: pd.DataFrame, sectors: pd.DataFrame,
                   mti_concordance: pd.DataFrame | None = None) -> np.ndarray:
    """Per item, Σ_j w_ij sme_share_j / Σ_j w_ij over its sectors with an SME share (NaN: none has one)."""
    items = export_items.reset_index(drop=True)
    w, _ = item_sectors(items, mti_concordance)
    share = pd.to_numeric(sectors.set_index("sector")["sme_share"], errors="coerce")
    s = share.reindex(w["sector"]).to_numpy(dtype=float)
    ok = np.isfinite(s)
    pos = w["pos"].to_numpy(dtype=int)[ok]
    wt = w["weight"].to_numpy(dtype=float)[ok]
    num, den = np.zeros(len(items)), np.zeros(len(items))
    np.add.at(num, pos, wt * s[ok])
    np.add.at(den, pos, wt)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def _fill_item_names(items: pd.DataFrame) -> pd.DataFrame:
    """Item names the top-100 file left blank, from the shipped MTI table (by the item's first three digits)."""
    mti = mti_items().set_index("code")
    key = items["item_code"].astype(str).str[:3]
    out = items.copy()
    for col, src in (("item_name_ko", "name_ko"), ("item_name_en", "name_en")):
        given = out[col].fillna("").astype(str)
        shipped = key.map(mti[src]).fillna("").astype(str)
        exact = items["item_code"].astype(str).str.len() == 3  # a longer code is a sub-item: its own name only
        out[col] = given.where(given != "", shipped.where(exact, "")).to_numpy(dtype=object)
    return out


def _wide_drivers(drivers: pd.DataFrame, item_codes: pd.Series, n: int) -> pd.DataFrame:
    out = pd.DataFrame({"item_code": item_codes.astype(str).to_numpy()})
    for r in range(1, n + 1):
        d = drivers[drivers["driver_rank"] == r].drop_duplicates("item_code").set_index("item_code")
        for col, wide in _WIDE.items():
            values = d[col].reindex(out["item_code"]).to_numpy()
            out[f"driver_{r}_{wide}"] = values.astype(float) if col in ("contribution_usd", "share_of_item") else \
                pd.Series(values, dtype=object).fillna("").to_numpy()
    return out


def _best(valuation: Valuation | None, item_codes: pd.Series) -> pd.DataFrame:
    """Per item, the counter-measure (taken alone) that removes most of its SME export value at risk."""
    cols = ["best_countermeasure", "best_countermeasure_name_ko", "best_countermeasure_name_en",
            "best_removed_usd", "best_removed_share", "best_basis"]
    out = pd.DataFrame({"item_code": item_codes.astype(str).to_numpy()})
    if valuation is None or not len(valuation.by_item):
        return out.assign(**{c: ("" if not c.startswith("best_removed") else np.nan) for c in cols})
    b = valuation.by_item[valuation.by_item["countermeasure"] != ALL]
    basis = "sme_export_at_risk" if b["sme_export_at_risk_removed_usd"].notna().any() else "export_at_risk"
    b = b.assign(_r=b[f"{basis}_removed_usd"], _base=b[f"{basis}_usd"])
    b = b[b["_r"] > 0].sort_values(["item_code", "_r"], ascending=[True, False], kind="stable") \
        .drop_duplicates("item_code").set_index("item_code")
    titles = {cm.name: (cm.title("ko"), cm.title("en")) for cm in valuation.countermeasures}
    best = b["countermeasure"].reindex(out["item_code"])
    out["best_countermeasure"] = best.fillna("").to_numpy(dtype=object)
    out["best_countermeasure_name_ko"] = [titles.get(x, ("", ""))[0] for x in out["best_countermeasure"]]
    out["best_countermeasure_name_en"] = [titles.get(x, ("", ""))[1] for x in out["best_countermeasure"]]
    removed = b["_r"].reindex(out["item_code"]).to_numpy(dtype=float)
    base = b["_base"].reindex(out["item_code"]).to_numpy(dtype=float)
    out["best_removed_usd"] = removed
    with np.errstate(divide="ignore", invalid="ignore"):
        out["best_removed_share"] = np.where(base > 0, removed / np.where(base > 0, base, 1.0), np.nan)
    out["best_basis"] = np.where(best.notna().to_numpy(), f"{basis}_removed_usd", "")
    return out


def top100_view(export_items: pd.DataFrame, results: Sequence[ScenarioResult],
                mti_concordance: pd.DataFrame | None = None,
                valuations: Mapping[str, Valuation] | Sequence[Valuation] | None = None,
                n_drivers: int = 3) -> pd.DataFrame:
    """One row per (scenario, top-100 item): exports, SME share, risk low–central–high, drivers, best remedy.

    Parameters
    ----------
    export_items : DataFrame
        ExportItems (``item_code``, ``export_usd``, …), as given to the runs.
    results : sequence of ScenarioResult
        One per scenario (e.g. ``RunInputs.run(scenario)``), each scored with these items.
    mti_concordance : DataFrame, optional
        The MTI → sector concordance the runs used.
    valuations : mapping scenario name → Valuation, or a sequence of Valuation, optional
        Counter-measures valued under each scenario; the best one per item is named.
    n_drivers : int
        Driving inputs listed per item (``driver_1_…`` to ``driver_n_…``), 1 to
        :data:`~exposure.schema.outputs.MAX_DRIVERS` (3).

    Returns
    -------
    DataFrame
        :data:`~exposure.schema.outputs.TOP100` (without the drivers beyond ``n_drivers``); money
        columns are USD over each scenario's horizon (``horizon_days``).
    """
    if not 1 <= n_drivers <= MAX_DRIVERS:
        raise ValueError(f"n_drivers must be 1 to {MAX_DRIVERS}, got {n_drivers}")
    spec = TableSpec(TOP100.name, tuple(c for c in TOP100.columns if not _beyond(c.name, n_drivers)))
    if valuations is not None and not isinstance(valuations, Mapping):
        valuations = {v.scenario.name: v for v in valuations}
    frames = []
    for res in results:
        scored = res.export_items if res.export_items is not None else \
            score_export_items(export_items, res.sectors, mti_concordance)
        codes = scored["item_code"].astype(str)
        base = scored[["scenario", "rank", "item_code", "code_system", "item_name_ko", "item_name_en", "export_usd",
                       "export_to_target_usd", "sector", "export_at_risk_low_usd", "export_at_risk_usd",
                       "export_at_risk_high_usd", "sme_export_at_risk_usd", "rank_at_risk"]].reset_index(drop=True)
        base = _fill_item_names(base)
        base.insert(base.columns.get_loc("sector") + 1, "item_sme_share",
                    item_sme_share(export_items, res.sectors, mti_concordance))
        drivers = item_drivers(export_items, res, mti_concordance, n_drivers)
        wide = _wide_drivers(drivers, codes, n_drivers).drop(columns="item_code")
        best = _best((valuations or {}).get(res.scenario.name), codes).drop(columns="item_code")
        h = float(res.sectors["horizon_days"].iloc[0]) if len(res.sectors) else np.nan
        frames.append(spec.conform(pd.concat([base, wide, best], axis=1).assign(
            horizon_days=h, no_data_reason=scored["no_data_reason"].to_numpy())))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=spec.names)


def _beyond(column: str, n: int) -> bool:
    """A wide driver column of a driver after the ``n``-th (``driver_3_code`` with n = 2)."""
    parts = column.split("_")
    return parts[0] == "driver" and len(parts) > 2 and parts[1].isdigit() and int(parts[1]) > n
