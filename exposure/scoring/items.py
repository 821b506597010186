"""The top-100 export items: each item's export value at risk through the sector(s) it belongs to (DESIGN §7).

Items map to sectors through the MTI → sector concordance (longer item codes meet it by their
leading digits), else their own ``sector`` column. An item's figure is its exports times the
weighted exposure of its sectors: low (linear), central and high (Leontief) alike.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from exposure import linkage
from exposure.schema import EXPORT_ITEMS_AT_RISK
from exposure.scoring.ranking import calc_ranks

ITEM_COLUMNS = EXPORT_ITEMS_AT_RISK.names


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

    export_at_risk = export_usd · Σ_j w_j · export_at_risk(j)/exports(j): the item's exports times its
    sectors' export value at risk per dollar exported (over the scenario's horizon); low, high and SME
    figures alike; demand: export_to_target_usd · Σ_j w_j · demand_at_risk(j)/exports to the target(j).

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

    def per_dollar(money: str, base: str) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            b = get(base)
            return per_item(np.where(b > 0, get(money) / np.where(b > 0, b, 1.0), np.where(b == 0, 0.0, np.nan)))

    e = per_item(get("exposure_rate"))
    r = {v: per_dollar(f"export_at_risk{v}_usd", "export_usd") for v in ("_low", "", "_high")}
    r_sme = per_dollar("sme_export_at_risk_usd", "export_usd")
    r_dem = per_dollar("demand_at_risk_usd", "export_to_target_usd")
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
    xat = x * r[""]
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
        "sector_weight": main_w.to_numpy(), "exposure_rate": e, "export_at_risk_low_usd": x * r["_low"],
        "export_at_risk_usd": xat, "export_at_risk_high_usd": x * r["_high"], "sme_export_at_risk_usd": x * r_sme,
        "demand_at_risk_usd": xt * r_dem,
    })
    ranks = calc_ranks(xat)
    out["rank_at_risk"] = pd.array([None if np.isnan(r) else int(r) for r in ranks], dtype="Int64")
    out["no_data_reason"] = why
    return out[ITEM_COLUMNS]


