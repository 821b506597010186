"""The product screens of a run (DESIGN §9a): who could replace the target, what it could restrict next,
how many products depend on it, and the early-warning monitor over monthly imports.

Each screen is a core module of its own (:mod:`exposure.alternatives`, :mod:`exposure.next_target`,
:mod:`exposure.dependence`, :mod:`exposure.monitor`); this module gives them the run's tables and
parameters, so the pipeline makes one call.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from exposure import linkage, scenarios
from exposure.alternatives import alternative_suppliers
from exposure.config import Config
from exposure.dependence import dependence_counts
from exposure.monitor import AlertRules, episodes, find_alerts, monthly_panel
from exposure.next_target import ScreenThresholds, next_targets
from exposure.schema import IOTable
from exposure.uncertainty.sweep import calc_full_loss_rates


@dataclass
class Screens:
    alternatives: pd.DataFrame = field(default_factory=pd.DataFrame)
    next_targets: pd.DataFrame = field(default_factory=pd.DataFrame)
    dependence: pd.DataFrame = field(default_factory=pd.DataFrame)
    monitor_panel: pd.DataFrame = field(default_factory=pd.DataFrame)
    alerts: pd.DataFrame = field(default_factory=pd.DataFrame)
    episodes: pd.DataFrame = field(default_factory=pd.DataFrame)


def alert_rules(config: Config) -> AlertRules:
    """The monitor's rules from the run's parameters (0 switches a rule off)."""
    off = lambda v: None if v == 0 else v  # noqa: E731
    return AlertRules(min_share=config.monitor_min_share, drop_vs_baseline=off(config.monitor_drop),
                      drop_months=config.monitor_drop_months, share_fall_points=off(config.monitor_share_fall),
                      share_fall_months=config.monitor_share_fall_months,
                      robust_score=off(config.monitor_robust_score))


def feeds(products: pd.DataFrame, io: IOTable, concordance: pd.DataFrame, overrides: pd.DataFrame | None,
          config: Config) -> pd.DataFrame:
    """Which sectors each product feeds: the share of a sector's output that losing all of the product's
    imports from the target would cost in the first round (``code, code_system, sector, rate``), at least
    ``config.input_materiality``."""
    prop = linkage.build_propagator(products["code"].astype(str), io, concordance, overrides, config,
                                    products["code_system"].astype(str))
    T = pd.to_numeric(products["target_import_usd"], errors="coerce").to_numpy(dtype=float)
    rates = calc_full_loss_rates(prop, T)
    k, j = np.nonzero(rates >= max(config.input_materiality, 1e-300))
    return pd.DataFrame({"code": np.asarray(prop.codes, dtype=object)[k],
                         "code_system": np.asarray(prop.code_systems, dtype=object)[k],
                         "sector": np.asarray(prop.sectors, dtype=object)[j], "rate": rates[k, j]})


def run_screens(products: pd.DataFrame, imports: pd.DataFrame, exporters: pd.DataFrame | None,
                monthly: pd.DataFrame | None, io: IOTable, concordance: pd.DataFrame,
                overrides: pd.DataFrame | None, config: Config) -> Screens:
    """Every screen the inputs allow (the monitor only with monthly imports)."""
    prods = scenarios.analysis_year(products, config)
    year = int(prods["year"].iloc[0]) if len(prods) else None
    lang = config.lang
    out = Screens()
    out.alternatives = alternative_suppliers(prods, imports, exporters, config.target, config.alternatives_top_n,
                                             reporter=config.reporter, year=year, lang=lang)
    thresholds = ScreenThresholds(min_target_share=config.screen_min_target_share,
                                  max_to_reporter_share=config.screen_max_to_reporter_share,
                                  max_own_export_ratio=config.screen_max_own_export_ratio)
    out.next_targets = next_targets(prods, exporters, feeds(prods, io, concordance, overrides, config), thresholds,
                                    year=year, lang=lang)
    out.dependence = dependence_counts(prods, config.dependence_thresholds, f"HS6-{config.sector_system}",
                                       lang=lang)
    if monthly is not None and len(monthly):
        panel = monthly_panel(monthly[monthly["flow"] == "M"], target=config.target, reporter=config.reporter)
        out.monitor_panel = panel
        out.alerts = find_alerts(panel, alert_rules(config), lang=lang)
        out.episodes = episodes(out.alerts)
    return out
