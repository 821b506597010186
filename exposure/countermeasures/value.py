"""What each remedy buys (DESIGN §9a): risk removed, by sector and top-100 item, its cost and risk removed per won.

For a scenario and counter-measures C₁…Cₙ: the baseline run, one run per counter-measure alone
and one with all of them together (:data:`ALL`), each through :func:`exposure.scoring.run_scenario`
with the shocks adjusted (:func:`exposure.countermeasures.adjuster`). Removed = baseline − after,
for the SME and all-firm export value at risk, low (linear), central (the run's production
function) and high (Leontief); every amount is **USD over the scenario's horizon**. Amounts removed
by counter-measures taken one at a time do not add up to what all of them remove together (a
stock matters less once other suppliers replace more): the :data:`ALL` row gives the joint figure.

**Cost** (KRW, :func:`calc_cost`): the file's lump sum ``cost_krw`` plus, with ``annual_rate``, the
carrying cost of the stockpile measures' stock over ``holding_days`` (default: the horizon, the
period the risk figures cover): value × annual_rate × days/365, value = Σ annual imports from the
target of the listed products × stock_days/365 (USD). It is converted with ``krw_per_usd``: the
run's rate (the argument, else ``config.fx_rates`` KRW), else the file's; ``krw_per_usd_source``
says which. A carrying cost with no rate anywhere stays in USD (``carrying_cost_usd``): the cost in
won is then blank, ``cost_basis`` says ``carrying_cost_no_rate`` and the valuation notes
``no_rate`` (nothing is converted at a rate nobody gave). **Per won**:
``sme_usd_removed_per_million_krw`` = SME export value at risk removed (central, USD over the
horizon) per million KRW of cost.

The tables follow their specs in :mod:`exposure.schema.outputs` (``COUNTERMEASURES``,
``COUNTERMEASURE_SECTORS``, ``COUNTERMEASURE_ITEMS``), where every column is declared once.

Ranking: by SME export value at risk removed (central), else all-firm where no sector has an SME
share (``rank_basis``); ``rank_per_won`` ranks the counter-measures that have a cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from exposure.config import Config
from exposure.countermeasures.apply import adjust_critical, adjuster
from exposure.countermeasures.model import KINDS, CounterMeasure, shipped
from exposure.errors import ConfigError
from exposure.scenarios import Scenario, analysis_year
from exposure.scenarios.shocks import DAYS_PER_YEAR
from exposure.schema import IOTable
from exposure.schema.outputs import COUNTERMEASURE_ITEMS, COUNTERMEASURE_SECTORS, COUNTERMEASURES
from exposure.scoring import ScenarioResult, run_scenario

BASELINE = "baseline"
#: the row of all counter-measures applied together, and its names
ALL = "all"
ALL_TITLES = {"ko": "모든 대응책 동시 시행", "en": "all counter-measures together"}
VARIANTS = ("_low", "", "_high")
FIGURES = ("sme_export_at_risk", "export_at_risk")


@dataclass(frozen=True)
class RunInputs:
    """The arguments of :func:`exposure.scoring.run_scenario` but the scenario: what one run reads."""

    products: pd.DataFrame
    io: IOTable
    concordance: pd.DataFrame
    overrides: pd.DataFrame | None = None
    profile: pd.DataFrame | None = None
    config: Config = field(default_factory=Config)
    export_items: pd.DataFrame | None = None
    mti_concordance: pd.DataFrame | None = None
    critical: pd.DataFrame | None = None
    class_sme: dict[str, float] | None = None

    def run(self, scenario: Scenario, countermeasures: Sequence[CounterMeasure] = ()) -> ScenarioResult:
        """One scenario with the counter-measures applied on top (none: the baseline)."""
        cms = list(countermeasures)
        return run_scenario(self.products, scenario, self.io, self.concordance, self.overrides, self.profile,
                            self.config, export_items=self.export_items, mti_concordance=self.mti_concordance,
                            critical=adjust_critical(self.critical, cms) if cms else self.critical,
                            class_sme=self.class_sme, adjust=adjuster(cms) if cms else None)


@dataclass
class Valuation:
    """What :func:`value_countermeasures` returns; the tables' columns are declared in :mod:`exposure.schema.outputs`.

    ``runs`` holds the :class:`~exposure.scoring.ScenarioResult` of :data:`BASELINE`, of each
    counter-measure by name and of :data:`ALL`; ``notes`` are codes of ``texts.TEXTS``.
    """

    scenario: Scenario
    countermeasures: tuple[CounterMeasure, ...]
    runs: dict[str, ScenarioResult]
    summary: pd.DataFrame
    by_sector: pd.DataFrame
    by_item: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def ranking(self) -> pd.DataFrame:
        """The counter-measures alone (no :data:`ALL` row), best first."""
        return ranking(self.summary)


# --------------------------------------------------------------------------- cost
def calc_carrying_cost(stock_value_usd: float, annual_rate: float, holding_days: float) -> float:
    """Carrying cost of a stock over ``holding_days``: value × annual_rate × days/365 (USD).

    >>> calc_carrying_cost(1_000_000.0, 0.25, 73.0)
    50000.0
    """
    return float(stock_value_usd) * float(annual_rate) * float(holding_days) / DAYS_PER_YEAR


def calc_stock_value(cm: CounterMeasure, products: pd.DataFrame) -> float:
    """USD value of the stockpile measures' stock: Σ annual imports from the target × stock_days/365.

    Products whose imports from the target are unknown add nothing (the value is then a lower bound).
    """
    codes = products["code"].astype(str)
    m = pd.to_numeric(products["target_import_usd"], errors="coerce").to_numpy(dtype=float)
    total = 0.0
    for measure in cm.measures:
        if measure.kind == "stockpile" and measure.stock_days:
            hit = measure.match(codes)
            total += float(np.nansum(m[hit])) * measure.stock_days / DAYS_PER_YEAR
    return total


def run_rate(krw_per_usd: float | None, config: Config) -> tuple[float | None, str]:
    """The run's won-per-dollar rate and where it comes from: the argument, else ``config.fx_rates`` KRW."""
    if krw_per_usd is not None:
        if not np.isfinite(krw_per_usd) or not krw_per_usd > 0:
            raise ConfigError(f"krw_per_usd must be a number > 0 won per dollar, got {krw_per_usd!r}")
        return float(krw_per_usd), "run"
    rates = dict(config.fx_rates)
    if "KRW" in rates:
        return float(rates["KRW"]), "config fx_rates"
    return None, ""


def calc_cost(cm: CounterMeasure, products: pd.DataFrame, horizon_days: float, krw_per_usd: float | None = None,
              rate_source: str = "run") -> dict[str, float | str]:
    """The counter-measure's cost in KRW (module docstring), with its parts.

    Returns ``stock_value_usd``, ``carrying_cost_usd`` (USD over ``holding_days``), ``cost_lump_krw``,
    ``krw_per_usd`` and ``krw_per_usd_source`` (the run's rate wins over the file's), ``cost_krw`` (NaN
    when no cost is given, or when a carrying cost has no rate to convert it), ``cost_basis``
    (``none``, ``lump_sum``, ``carrying_cost`` or ``lump_sum+carrying_cost``; ``carrying_cost_no_rate``
    in place of ``carrying_cost`` when no won-per-dollar rate is given) and ``holding_days``.
    """
    rate, source = (krw_per_usd, rate_source) if krw_per_usd is not None else (cm.krw_per_usd, "file")
    if rate is None:
        source = ""
    value = calc_stock_value(cm, products)
    days = cm.holding_days if cm.holding_days is not None else horizon_days
    carrying = calc_carrying_cost(value, cm.annual_rate, days) if cm.annual_rate is not None else np.nan
    lump = np.nan if cm.cost_krw is None else float(cm.cost_krw)
    unconverted = cm.annual_rate is not None and rate is None
    parts = [p for p, v in (("lump_sum", lump), ("carrying_cost", carrying)) if not np.isnan(v)]
    if unconverted:  # a cost in USD nobody gave a rate for: left in USD, the won total blank
        parts = [p if p != "carrying_cost" else "carrying_cost_no_rate" for p in parts]
    cost = np.nan if not parts or unconverted else float(np.nansum([lump, carrying * rate if rate else np.nan]))
    return {"stock_value_usd": value, "carrying_cost_usd": carrying, "holding_days": float(days),
            "cost_lump_krw": lump, "krw_per_usd": np.nan if rate is None else float(rate),
            "krw_per_usd_source": source, "cost_krw": cost, "cost_basis": "+".join(parts) or "none"}


def calc_per_million_krw(removed_usd: np.ndarray | float, cost_krw: np.ndarray | float) -> np.ndarray:
    """USD removed per million KRW spent: removed / (cost / 10⁶); NaN where there is no cost (or it is 0).

    >>> calc_per_million_krw(5_000_000.0, 2_000_000_000.0).item()
    2500.0
    """
    r, c = np.asarray(removed_usd, float), np.asarray(cost_krw, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(c > 0, r / np.where(c > 0, c, 1.0) * 1e6, np.nan)


# --------------------------------------------------------------------------- the runs and their tables
def value_countermeasures(inputs: RunInputs, scenario: Scenario, countermeasures: Sequence[CounterMeasure],
                          krw_per_usd: float | None = None, baseline: ScenarioResult | None = None) -> Valuation:
    """Baseline, each counter-measure alone and all together: what each removes, costs and removes per won.

    Parameters
    ----------
    inputs : RunInputs
    scenario : Scenario
    countermeasures : sequence of CounterMeasure
        Each must have its own name.
    krw_per_usd : float, optional
        The run's won-per-dollar rate (else ``inputs.config.fx_rates`` KRW, else each file's).
    baseline : ScenarioResult, optional
        ``inputs.run(scenario)`` when the caller already has it (the pipeline scores every scenario
        once); it is not run again.

    Raises
    ------
    ConfigError
        No counter-measure, two with one name (or named ``baseline``/``all``), a bad rate.
    ValueError
        A ``baseline`` of another scenario.
    """
    cms = tuple(countermeasures)
    if not cms:
        raise ConfigError("no counter-measure given to value")
    names = [cm.name for cm in cms]
    if len(set(names)) < len(names) or BASELINE in names or ALL in names:
        raise ConfigError(f"counter-measures need distinct names other than {BASELINE!r} and {ALL!r}; got "
                          f"{', '.join(names)}")
    rate, source = run_rate(krw_per_usd, inputs.config)
    horizon = float(scenario.parameters(inputs.config)["horizon_days"])
    products = analysis_year(inputs.products, inputs.config)
    costs = {cm.name: calc_cost(cm, products, horizon, rate, source) for cm in cms}  # before any run
    costs[ALL] = _joint_cost(list(costs.values()))
    if baseline is not None and baseline.scenario.name != scenario.name:
        raise ValueError(f"the baseline given is scenario {baseline.scenario.name!r}, not {scenario.name!r}")
    runs = {BASELINE: baseline if baseline is not None else inputs.run(scenario)}
    for cm in cms:
        runs[cm.name] = inputs.run(scenario, [cm])
    runs[ALL] = inputs.run(scenario, list(cms)) if len(cms) > 1 else runs[cms[0].name]
    by_sector = _by_sector(scenario, runs, cms)
    summary = _summary(scenario, runs, cms, costs, by_sector, inputs.config)
    notes = ["not_additive"] if len(cms) > 1 else []
    if scenario.kind == "demand":
        notes.insert(0, "demand_scenario")
    if not any(cm.has_cost for cm in cms):
        notes.append("no_cost")
    if any(c["cost_basis"].endswith("carrying_cost_no_rate") for c in costs.values()):
        notes.append("no_rate")
    return Valuation(scenario=scenario, countermeasures=cms, runs=runs, summary=summary, by_sector=by_sector,
                     by_item=_by_item(scenario, runs, cms), notes=notes)


def value_shipped(inputs: RunInputs, scenario: Scenario, krw_per_usd: float | None = None) -> Valuation:
    """:func:`value_countermeasures` of every shipped counter-measure (their ranking: ``.ranking()``)."""
    return value_countermeasures(inputs, scenario, shipped(), krw_per_usd)


def _joint_cost(parts: list[dict]) -> dict[str, float | str]:
    """All counter-measures together cost the sum of their costs (NaN where none has one in won)."""

    def total(key: str) -> float:
        values = [p[key] for p in parts if not np.isnan(p[key])]
        return float(sum(values)) if values else np.nan

    known = [p for p in parts if not np.isnan(p["cost_krw"])]
    rates = {p["krw_per_usd"] for p in parts if not np.isnan(p["krw_per_usd"])}
    basis = "sum" if len(known) == len(parts) else "sum_of_some" if known else \
        "carrying_cost_no_rate" if any(p["cost_basis"] != "none" for p in parts) else "none"
    return {"stock_value_usd": total("stock_value_usd"), "carrying_cost_usd": total("carrying_cost_usd"),
            "holding_days": np.nan, "cost_lump_krw": total("cost_lump_krw"),
            "krw_per_usd": rates.pop() if len(rates) == 1 else np.nan,
            "krw_per_usd_source": "; ".join(sorted({p["krw_per_usd_source"] for p in parts} - {""})),
            "cost_krw": total("cost_krw"), "cost_basis": basis}


def _money_columns(prefix: str = "") -> list[str]:
    return [f"{f}{v}{prefix}_usd" for f in FIGURES for v in VARIANTS]


def _sector_frame(res: ScenarioResult) -> pd.DataFrame:
    s = res.sectors
    return s.set_index("sector")[[f"{f}{v}_usd" for f in FIGURES for v in VARIANTS]]


def _by_sector(scenario: Scenario, runs: dict[str, ScenarioResult], cms: tuple[CounterMeasure, ...]) -> pd.DataFrame:
    base = runs[BASELINE].sectors
    keys = base[["sector", "sector_name_ko", "sector_name_en", "sme_share", "rank"]].rename(
        columns={"rank": "baseline_rank"})
    before = _sector_frame(runs[BASELINE])
    frames = []
    for name in [cm.name for cm in cms] + [ALL]:
        after = _sector_frame(runs[name]).reindex(before.index)
        t = keys.copy()
        for col in before.columns:
            f = col[:-4]  # without "_usd"
            t[col] = before[col].to_numpy()
            t[f"{f}_after_usd"] = after[col].to_numpy()
            t[f"{f}_removed_usd"] = before[col].to_numpy() - after[col].to_numpy()
        frames.append(t.assign(scenario=scenario.name, countermeasure=name))
    return COUNTERMEASURE_SECTORS.conform(pd.concat(frames, ignore_index=True))


def _by_item(scenario: Scenario, runs: dict[str, ScenarioResult], cms: tuple[CounterMeasure, ...]) -> pd.DataFrame:
    base = runs[BASELINE].export_items
    if base is None:
        return pd.DataFrame(columns=COUNTERMEASURE_ITEMS.names)
    money = ["export_at_risk_low_usd", "export_at_risk_usd", "export_at_risk_high_usd", "sme_export_at_risk_usd"]
    keys = base[["rank", "item_code", "code_system", "item_name_ko", "item_name_en", "export_usd", "sector",
                 "no_data_reason"]]
    frames = []
    for name in [cm.name for cm in cms] + [ALL]:
        after = runs[name].export_items
        t = keys.copy()
        for col in money:
            f = col[:-4]
            t[col] = base[col].to_numpy()
            t[f"{f}_after_usd"] = after[col].to_numpy()
            t[f"{f}_removed_usd"] = base[col].to_numpy() - after[col].to_numpy()
        frames.append(t.assign(scenario=scenario.name, countermeasure=name))
    return COUNTERMEASURE_ITEMS.conform(pd.concat(frames, ignore_index=True))


def _total(values: pd.Series) -> float:
    return float(values.sum(min_count=1))


def _summary(scenario: Scenario, runs: dict[str, ScenarioResult], cms: tuple[CounterMeasure, ...],
             costs: dict[str, dict], by_sector: pd.DataFrame, config: Config) -> pd.DataFrame:
    rows = []
    shortfall0 = float(runs[BASELINE].shocks["shortfall_usd"].sum(min_count=1))
    for cm in list(cms) + [None]:
        name = cm.name if cm is not None else ALL
        sec = by_sector[by_sector["countermeasure"] == name]
        row = {"scenario": scenario.name, "countermeasure": name,
               "countermeasure_name_ko": cm.title("ko") if cm is not None else ALL_TITLES["ko"],
               "countermeasure_name_en": cm.title("en") if cm is not None else ALL_TITLES["en"],
               "kinds": "; ".join(cm.kinds if cm is not None else _kinds(cms)),
               "horizon_days": float(scenario.parameters(config)["horizon_days"])}
        for col in _money_columns():
            f = col[:-4]
            row[col] = _total(sec[col])
            row[f"{f}_after_usd"] = _total(sec[f"{f}_after_usd"])
            row[f"{f}_removed_usd"] = row[col] - row[f"{f}_after_usd"]
        after = float(runs[name].shocks["shortfall_usd"].sum(min_count=1))
        row.update(shortfall_usd=shortfall0, shortfall_after_usd=after, shortfall_removed_usd=shortfall0 - after)
        row.update(costs[name])
        rows.append(row)
    out = pd.DataFrame(rows)
    with np.errstate(divide="ignore", invalid="ignore"):
        base = out["sme_export_at_risk_usd"].to_numpy(float)
        out["sme_removed_share"] = np.where(base > 0, out["sme_export_at_risk_removed_usd"] / np.where(
            base > 0, base, 1.0), np.nan)
    out["sme_usd_removed_per_million_krw"] = calc_per_million_krw(out["sme_export_at_risk_removed_usd"],
                                                                  out["cost_krw"])
    out["usd_removed_per_million_krw"] = calc_per_million_krw(out["export_at_risk_removed_usd"], out["cost_krw"])
    return _ranked(out)


def _ranked(summary: pd.DataFrame) -> pd.DataFrame:
    alone = summary["countermeasure"] != ALL
    basis = "sme_export_at_risk_removed_usd"
    if not summary.loc[alone, basis].notna().any():
        basis = "export_at_risk_removed_usd"
    per_won = "sme_usd_removed_per_million_krw" if basis.startswith("sme") else "usd_removed_per_million_krw"

    def rank(values: pd.Series) -> pd.array:
        v = values.where(alone)
        r = v.rank(ascending=False, method="min")  # ties share a rank
        return pd.array([None if np.isnan(x) else int(x) for x in r], dtype="Int64")

    ranked = summary.assign(rank=rank(summary[basis]), rank_basis=basis, rank_per_won=rank(summary[per_won]))
    return COUNTERMEASURES.conform(ranked)


def ranking(summary: pd.DataFrame) -> pd.DataFrame:
    """The summary's counter-measures taken alone, best first (by ``rank``; ``rank_per_won`` beside it)."""
    alone = summary[summary["countermeasure"] != ALL]
    order = alone["rank"].astype("Float64").fillna(np.inf).to_numpy(dtype=float)
    return alone.iloc[np.argsort(order, kind="stable")].reset_index(drop=True)


def _kinds(cms: Sequence[CounterMeasure]) -> tuple[str, ...]:
    return tuple(k for k in KINDS if any(k in cm.kinds for cm in cms))
