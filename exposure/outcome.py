"""What happened next: a scenario's covered products against the rest, in a later year's imports.

A backtest of the *model* rather than of an override table: if a scenario describes an event
that took place (the 2019 three items), the products it covers should have lost more of their
imports from the target, the year after, than the products it leaves alone, and in the order of
the shortfall the scenario predicts for them.

The comparison is descriptive. A calendar year holds only part of an event that starts mid-year
(the 2019 licences began on 4 July), the whole market moves with demand and prices, and an HS6
line is wider than the item a rule names (HS 392099 is every other plastic film, not only
fluorinated polyimide), so a covered share of a line moves with the rest of the line.

>>> import pandas as pd
>>> shocks = pd.DataFrame({"code": ["a", "b"], "code_system": "HS6", "coverage": [1.0, 0.0],
...                        "shortfall_usd": [30.0, 0.0], "target_import_usd": [100.0, 50.0]})
>>> later = pd.DataFrame({"code": ["a", "b"], "code_system": "HS6", "value_usd": [60.0, 45.0]})
>>> t = outcome_by_product(shocks, later)
>>> t["change"].round(3).tolist()
[-0.4, -0.1]
>>> s = outcome_summary(t)
>>> s.set_index("group")["change"].round(3).to_dict()
{'covered': -0.4, 'rest': -0.1}
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from exposure.errors import DataError

PRODUCT_COLUMNS = ["code", "code_system", "coverage", "target_import_usd", "later_import_usd", "change",
                   "shortfall_usd", "predicted_fall"]
SUMMARY_COLUMNS = ["group", "products", "target_import_usd", "later_import_usd", "change", "covered_import_usd",
                   "covered_later_import_usd", "covered_change"]


def outcome_by_product(shocks: pd.DataFrame, later: pd.DataFrame) -> pd.DataFrame:
    """Each product's imports from the target, before and in the later year, beside what the scenario cut.

    Parameters
    ----------
    shocks : DataFrame
        One scenario's shock table (:func:`exposure.scenarios.apply`): ``code``, ``code_system``,
        ``coverage``, ``shortfall_usd`` (USD over the horizon) and ``target_import_usd`` (annual USD,
        the analysis year).
    later : DataFrame
        Imports from the target in the later year, canonical trade flows (``code``, ``code_system``,
        ``value_usd``), restricted to the target and to one year: a table with several years,
        partners or flows is refused (summing them would mean nothing).

    Returns
    -------
    DataFrame
        :data:`PRODUCT_COLUMNS`, one row per product of either table (a product absent from one year
        has 0 there). ``change`` is later / before − 1 (NaN where before is 0); ``predicted_fall`` is the
        scenario's shortfall over its horizon as a share of the year's imports from the target.
    """
    for name, table, cols in (("shocks", shocks, ("code", "code_system", "coverage", "shortfall_usd",
                                                  "target_import_usd")),
                              ("later imports", later, ("code", "code_system", "value_usd"))):
        missing = [c for c in cols if c not in table.columns]
        if missing:
            raise DataError(name, f"needs the column(s) {', '.join(missing)}", column=missing[0])
    for col, what in (("year", "one year"), ("partner", "one partner (the target)"), ("flow", "one flow (imports)")):
        if col in later.columns and later[col].nunique(dropna=False) > 1:
            found = ", ".join(map(str, sorted(later[col].astype(str).unique())[:5]))
            raise DataError("later imports", f"must hold {what}; it has {col} {found}: select it first",
                            column=col)
    key = ["code", "code_system"]
    before = shocks.assign(code=shocks["code"].astype(str), code_system=shocks["code_system"].astype(str))
    after = (later.assign(code=later["code"].astype(str), code_system=later["code_system"].astype(str))
             .groupby(key, sort=False, observed=True)["value_usd"].sum().rename("later_import_usd").reset_index())
    out = before[key + ["coverage", "target_import_usd", "shortfall_usd"]].merge(after, on=key, how="outer")
    out = out.fillna({"coverage": 0.0, "target_import_usd": 0.0, "later_import_usd": 0.0, "shortfall_usd": 0.0})
    t = out["target_import_usd"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["change"] = np.where(t > 0, out["later_import_usd"].to_numpy(float) / t - 1.0, np.nan)
        out["predicted_fall"] = np.where(t > 0, out["shortfall_usd"].to_numpy(float) / t, np.nan)
    return out.sort_values(key, kind="stable").reset_index(drop=True)[PRODUCT_COLUMNS]


def outcome_summary(by_product: pd.DataFrame) -> pd.DataFrame:
    """Covered products (coverage > 0) against the rest: counts, imports before and after, change.

    ``covered_*`` weight each product by its coverage (the part of the line the scenario cuts), so a
    rule that covers 5 % of a wide HS6 line counts for 5 % of it.
    """
    t = by_product
    rows = []
    for group, part in (("covered", t[t["coverage"] > 0]), ("rest", t[~(t["coverage"] > 0)])):
        before, after = float(part["target_import_usd"].sum()), float(part["later_import_usd"].sum())
        cb = float((part["target_import_usd"] * part["coverage"]).sum())
        ca = float((part["later_import_usd"] * part["coverage"]).sum())
        rows.append({"group": group, "products": len(part), "target_import_usd": before, "later_import_usd": after,
                     "change": after / before - 1.0 if before > 0 else np.nan, "covered_import_usd": cb,
                     "covered_later_import_usd": ca, "covered_change": ca / cb - 1.0 if cb > 0 else np.nan})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
