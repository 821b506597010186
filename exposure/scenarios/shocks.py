"""Applying a scenario to products (the shocks): coverage, parameters and the time profile (DESIGN §6).

For product k with annual imports M(k,T) from the target, coverage c, stock b days,
substitution lag L days, substitutable fraction φ, horizon H days and licence delay D:

- the covered daily flow is q = c · M(k,T) / 365;
- other suppliers replace a rising part of it, from 0 at the shock to φ at day L, so the
  part not replaced by day t is G(t) = ∫₀ᵗ (1 − φ·min(1, s/L)) ds, i.e. t − φt²/(2L) for
  t ≤ L and (1 − φ)t + φL/2 after;
- the stock covers the first b days of the covered flow;
- with a licence delay D, licensed shipments resume on day D, so nothing more is lost
  after it (no D: nothing resumes within the horizon);
- the shortfall by day t is q · max(0, G(min(t, D)) − b), and over the horizon
  ``shortfall_usd`` = q · max(0, G(min(H, D)) − b), in **USD over the horizon**.
  ``shortfall_usd_per_year`` = shortfall_usd · 365 / H is the same loss as an annual rate.

The shortfall falls with b and φ and rises with c, L, H and D. ``lost_days`` =
max(0, G(min(H, D)) − b) is the number of days of the covered flow lost.

φ comes from the rule, else the scenario, else 1 − target_world_share when world
export data gave it, else ``config.phi_default``; b, L and D from the rule, else the
scenario, else ``config`` (D: else none); H from the scenario, else ``config``.

Demand-side (retaliation) scenarios use the same profile on each sector's exports to the
target: ``demand_rate`` = c · lost_days / H is the share of those exports lost over the
horizon (φ: the share redirected to other markets once the lag has passed).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from exposure.config import Config
from exposure.errors import ConfigError
from exposure.scenarios.conditions import Condition
from exposure.scenarios.model import Rule, Scenario, expand_prefixes
from exposure.schema import SHOCK_RULE_COLUMNS

DAYS_PER_YEAR = 365.0

#: Columns of the table :func:`apply` returns (``exposure.schema.SHOCKS`` without what scoring adds).
SHOCK_COLUMNS = SHOCK_RULE_COLUMNS


# --------------------------------------------------------------------------- the time profile (arrays)
def calc_unreplaced_days(t: Any, phi: Any, lag_days: Any) -> np.ndarray:
    """G(t) = ∫₀ᵗ (1 − φ·min(1, s/L)) ds: days of the covered flow not replaced by other suppliers by day t.

    Broadcasts, so a leading Monte Carlo draws axis (or a trailing axis of days) works.

    Examples
    --------
    H ≤ L: G(90) = 90 − 0.5·90²/(2·180) = 78.75; H > L: G(360) = 0.5·360 + 0.5·180/2 = 225.

    >>> calc_unreplaced_days(np.array([90.0, 360.0]), 0.5, 180.0).tolist()
    [78.75, 225.0]
    """
    t = np.maximum(np.asarray(t, dtype=float), 0.0)
    phi = np.asarray(phi, dtype=float)
    lag = np.asarray(lag_days, dtype=float)
    ramp = np.minimum(t, lag)
    with np.errstate(divide="ignore", invalid="ignore"):
        ramp_area = np.where(lag > 0, ramp * ramp / (2.0 * np.where(lag > 0, lag, 1.0)), 0.0)
    return t - phi * (ramp_area + np.maximum(t - lag, 0.0))


def _end_of_loss(horizon_days: Any, licence_delay_days: Any) -> np.ndarray:
    h = np.asarray(horizon_days, dtype=float)
    d = np.asarray(np.nan if licence_delay_days is None else licence_delay_days, dtype=float)
    return np.where(np.isnan(d), h, np.minimum(h, d))


def calc_lost_days(buffer_days: Any, lag_days: Any, horizon_days: Any, phi: Any,
                   licence_delay_days: Any = None) -> np.ndarray:
    """Days of the covered flow lost over the horizon: max(0, G(min(H, D)) − b); D NaN/None = no delay.

    Examples
    --------
    b = 30, L = 180, H = 180, φ = 0.5: G(180) = 180 − 45 = 135, so 105 days are lost; with
    D = 90 shipments resume on day 90: G(90) − 30 = 48.75.

    >>> calc_lost_days(30, 180, 180, 0.5).item(), calc_lost_days(30, 180, 180, 0.5, 90).item()
    (105.0, 48.75)
    """
    b, lag, phi = (np.asarray(v) for v in (buffer_days, lag_days, phi))
    # single precision in, single precision out: the Monte Carlo's draws need no more digits
    dtype = np.result_type(b, lag, phi, np.float32)
    dtype = dtype if dtype in (np.float32, np.float64) else np.float64
    e = np.maximum(_end_of_loss(horizon_days, licence_delay_days), 0.0).astype(dtype)
    # G(E) = E − φ·h(L) (calc_unreplaced_days at t = E): h = E²/(2L) while the ramp lasts (L ≥ E > 0),
    # E − L/2 after it (also L = 0); written in place because the Monte Carlo calls it on (draws, products)
    h = np.empty(np.broadcast_shapes(b.shape, lag.shape, phi.shape, e.shape), dtype=dtype)
    np.multiply(lag, dtype.type(-0.5), out=h)
    np.add(h, e, out=h)
    ramp = lag >= np.maximum(e, np.finfo(dtype).tiny)
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(dtype.type(0.5) * e * e, lag, out=h, where=ramp)
    np.multiply(h, phi, out=h)
    np.subtract(e, h, out=h)
    np.subtract(h, b, out=h)
    return np.maximum(h, dtype.type(0.0), out=h)


def calc_shortfall(target_imports: Any, coverage: Any, phi: Any, buffer_days: Any, lag_days: Any,
                   horizon_days: Any, licence_delay_days: Any = None) -> np.ndarray:
    """Shortfall over the horizon, USD: c · M(k,T)/365 · max(0, G(min(H, D)) − b); every argument broadcasts.

    For the Monte Carlo, pass arrays of shape (n_draws, n_products) (or (n_draws, 1) for
    a parameter shared by all products) and ``target_imports`` of shape (n_products,).

    Examples
    --------
    $365 a year from the target, c = 0.5: q = $0.5 a day, 105 days lost → $52.5 over 180 days.

    >>> calc_shortfall(365.0, 0.5, 0.5, 30, 180, 180).item()
    52.5
    """
    q = np.asarray(target_imports, float) * np.asarray(coverage, float) / DAYS_PER_YEAR
    return q * calc_lost_days(buffer_days, lag_days, horizon_days, phi, licence_delay_days)


def calc_shortfall_profile(days: Any, target_imports: Any, coverage: Any, phi: Any, buffer_days: Any,
                           lag_days: Any, licence_delay_days: Any = None) -> np.ndarray:
    """Cumulative shortfall by each day of ``days`` (last axis): q · max(0, G(min(t, D)) − b).

    Parameters broadcast against each other (e.g. (K,) products) and gain a trailing axis
    for the days: the result is (…, n_days).

    Examples
    --------
    >>> calc_shortfall_profile([0, 30, 60], 365.0, 1.0, 0.0, 30, 180).tolist()
    [0.0, 0.0, 30.0]
    """
    t = np.asarray(days, dtype=float)
    expand = lambda v: np.asarray(np.nan if v is None else v, dtype=float)[..., np.newaxis]  # noqa: E731
    q = expand(target_imports) * expand(coverage) / DAYS_PER_YEAR
    g = calc_unreplaced_days(_end_of_loss(t, expand(licence_delay_days)), expand(phi), expand(lag_days))
    return q * np.maximum(0.0, g - expand(buffer_days))


def calc_per_year(value_over_horizon: Any, horizon_days: Any) -> np.ndarray:
    """An amount over the horizon as an annual rate: value · 365 / H (0 for a zero horizon).

    >>> calc_per_year(50.0, 182.5).item()
    100.0
    """
    v = np.asarray(value_over_horizon, dtype=float)
    h = np.asarray(horizon_days, dtype=float)
    return np.where(h > 0, v * DAYS_PER_YEAR / np.where(h > 0, h, 1.0), 0.0)


def calc_over_horizon(annual_value: Any, rate: Any, horizon_days: Any) -> np.ndarray:
    """USD over the horizon from a rate over the horizon and an annual value: rate · value · H/365."""
    return np.asarray(rate, float) * np.asarray(annual_value, float) * np.asarray(horizon_days, float) \
        / DAYS_PER_YEAR


# --------------------------------------------------------------------------- applying to products
def check_target(scenario: Scenario, config: Config) -> None:
    """Raise ConfigError when the scenario is written for another target than the analysis."""
    if scenario.target is not None and scenario.target != config.target:
        raise ConfigError(f"scenario {scenario.name!r} is written for target {scenario.target} but the analysis "
                          f"target is {config.target}; choose a scenario without a target (e.g. full-embargo) "
                          f"or export this one and edit its target")


def analysis_year(products: pd.DataFrame, config: Config) -> pd.DataFrame:
    """The rows of the analysis year: ``config.year``, else the latest year present."""
    if "year" not in products.columns or products.empty:
        return products
    years = sorted(products["year"].unique())
    year = config.year if config.year is not None else years[-1]
    if year not in years:
        raise ConfigError(f"year {year} is not in the products table (years present: "
                          f"{', '.join(str(y) for y in years)})")
    return products[products["year"] == year].reset_index(drop=True) if len(years) > 1 else products


def match_rules(scenario: Scenario, products: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Coverage (max over matching rules) and the index of the winning rule (−1: none) per product."""
    n = len(products)
    cov = np.full(n, -1.0)
    win = np.full(n, -1, dtype=int)
    for i, rule in enumerate(scenario.rules):
        hit = rule.match(products)
        better = hit & (rule.coverage > cov)
        cov = np.where(better, rule.coverage, cov)
        win = np.where(better, i, win)
    return np.maximum(cov, 0.0), win


def _per_rule(scenario: Scenario, win: np.ndarray, attr: str, default: float | None) -> np.ndarray:
    """The winning rule's ``attr`` per item, else ``default`` (NaN for None); win −1 takes the default."""
    fill = np.nan if default is None else default
    vals = [fill if getattr(r, attr) is None else getattr(r, attr) for r in scenario.rules]
    return np.array(vals + [fill], dtype=float)[win]


def apply(scenario: Scenario, products: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Coverage, parameters and shortfall of every product (see the module docstring).

    Parameters
    ----------
    scenario : Scenario
    products : DataFrame
        The indicator table (:func:`exposure.indicators.product_indicators`), or any
        table with ``code``, ``code_system`` and ``target_import_usd`` (annual USD; plus the
        columns conditions use). With several years, ``config.year`` (else the latest) is used.
    config : Config

    Returns
    -------
    DataFrame
        :data:`SHOCK_COLUMNS`, one row per product (coverage 0 where no rule matches; a
        demand-side scenario gives every product coverage 0). ``shortfall_usd`` is USD over
        the horizon, NaN where ``target_import_usd`` is unknown.
    """
    check_target(scenario, config)
    prod = analysis_year(products, config)
    n = len(prod)
    if scenario.kind == "supply":
        cov, win = match_rules(scenario, prod)
    else:
        cov, win = np.zeros(n), np.full(n, -1, dtype=int)
    par = scenario.parameters(config)
    b = _per_rule(scenario, win, "buffer_days", par["buffer_days"])
    lag = _per_rule(scenario, win, "lag_days", par["lag_days"])
    delay = _per_rule(scenario, win, "licence_delay_days", par["licence_delay_days"])
    h = np.full(n, par["horizon_days"], dtype=float)
    phi, phi_src = _phi(scenario, prod, win, config)
    target_imports = pd.to_numeric(prod["target_import_usd"], errors="coerce").to_numpy(dtype=float)
    lost = calc_lost_days(b, lag, h, phi, delay)
    shortfall = target_imports * cov / DAYS_PER_YEAR * lost
    names = [r.label for r in scenario.rules] + [""]
    out = pd.DataFrame({
        "scenario": scenario.name,
        "year": prod["year"].to_numpy() if "year" in prod.columns else np.full(n, config.year or 0),
        "code": prod["code"].astype(str).to_numpy(),
        "code_system": prod["code_system"].astype(str).to_numpy(),
        "coverage": cov, "phi": phi, "phi_source": phi_src, "buffer_days": b, "lag_days": lag,
        "horizon_days": h, "licence_delay_days": delay, "lost_days": lost, "target_import_usd": target_imports,
        "shortfall_usd": shortfall, "shortfall_usd_per_year": calc_per_year(shortfall, h),
        "rule": [names[i] for i in win], "rule_no": win + 1,
    })
    return out[SHOCK_COLUMNS]


def _phi(scenario: Scenario, prod: pd.DataFrame, win: np.ndarray, config: Config) -> tuple[np.ndarray, list[str]]:
    n = len(prod)
    rule_phi = _per_rule(scenario, win, "phi", None)
    if "target_world_share" in prod.columns:
        world = 1.0 - pd.to_numeric(prod["target_world_share"], errors="coerce").to_numpy(dtype=float)
    else:
        world = np.full(n, np.nan)
    layers = [(rule_phi, "rule"), (np.full(n, np.nan if scenario.phi is None else scenario.phi), "scenario"),
              (world, "1 - target_world_share"), (np.full(n, config.phi_default), "config phi_default")]
    phi = np.full(n, np.nan)
    src = np.full(n, "", dtype=object)
    for vals, label in layers:
        take = np.isnan(phi) & ~np.isnan(vals)
        phi = np.where(take, vals, phi)
        src = np.where(take, label, src)
    return phi, list(src)


# --------------------------------------------------------------------------- demand side
def match_demand_rules(scenario: Scenario, sectors: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per sector, the highest coverage of the demand rules that name it and the winning rule's index.

    Sectors no rule names get coverage −1 and index −1 (so callers can tell "no rule" from
    a rule with coverage 0); a supply scenario names no sector.
    """
    n = len(sectors)
    cov = np.full(n, -1.0)
    win = np.full(n, -1, dtype=int)
    if scenario.kind == "demand":
        arr = np.array(sectors, dtype=object)
        for i, rule in enumerate(scenario.rules):
            hit = np.ones(n, bool) if rule.all else np.isin(arr, list(rule.sectors))
            better = hit & (rule.coverage > cov)
            cov = np.where(better, rule.coverage, cov)
            win = np.where(better, i, win)
    return cov, win


def demand_parameters(scenario: Scenario, sectors: list[str], config: Config) -> pd.DataFrame:
    """Per sector: coverage, φ, b, L, H and D of a demand-side scenario (rules combined by maximum).

    b here is the days before the cut bites (orders in hand); it comes from the rule or the
    scenario only: ``config.buffer_days`` is an input stock and does not apply to exports.
    A supply scenario gives coverage 0 (and the scenario's parameters).
    """
    sectors = [str(s) for s in sectors]
    cov, win = match_demand_rules(scenario, sectors)
    par = scenario.parameters(config)
    scen_phi = config.phi_default if scenario.phi is None else scenario.phi
    return pd.DataFrame({
        "sector": sectors, "coverage": np.maximum(cov, 0.0), "phi": _per_rule(scenario, win, "phi", scen_phi),
        "buffer_days": _per_rule(scenario, win, "buffer_days", _first_set(scenario.buffer_days, 0.0)),
        "lag_days": _per_rule(scenario, win, "lag_days", par["lag_days"]),
        "horizon_days": np.full(len(sectors), float(par["horizon_days"])),
        "licence_delay_days": _per_rule(scenario, win, "licence_delay_days", par["licence_delay_days"]),
        "rule": [([r.label for r in scenario.rules] + [""])[i] for i in win],
    })


def _first_set(value: float | None, default: float) -> float:
    return default if value is None else value


def apply_demand(scenario: Scenario, sectors: list[str] | pd.Index, config: Config) -> pd.DataFrame:
    """Share of each sector's exports to the target lost over the horizon under a demand-side scenario.

    Returns one row per sector: ``sector, coverage, phi, lost_days, demand_rate, rule`` with
    ``demand_rate = coverage · lost_days / H``. A supply scenario gives rate 0.
    """
    check_target(scenario, config)
    p = demand_parameters(scenario, list(sectors), config)
    lost = calc_lost_days(p["buffer_days"].to_numpy(), p["lag_days"].to_numpy(), p["horizon_days"].to_numpy(),
                          p["phi"].to_numpy(), p["licence_delay_days"].to_numpy())
    h = p["horizon_days"].to_numpy()
    rate = p["coverage"].to_numpy() * np.where(h > 0, lost / np.where(h > 0, h, 1.0), 0.0)
    return pd.DataFrame({"sector": p["sector"], "coverage": p["coverage"], "phi": p["phi"], "lost_days": lost,
                         "demand_rate": rate, "rule": p["rule"]})


# --------------------------------------------------------------------------- end uses and reporting
def end_use_overrides(scenario: Scenario, shocks: pd.DataFrame) -> pd.DataFrame:
    """Override rows from the rules' ``end_use``: one per (product hit by such a rule, sector).

    ``shocks`` is the table of :func:`apply` (its ``rule_no`` names the winning rule). Returns
    ``code, code_system, sector, share, rule`` with exact product codes, so they take
    precedence over the general override table for those products.
    """
    rows = []
    for no, rule in enumerate(scenario.rules, start=1):
        if not rule.end_use:
            continue
        hit = shocks[shocks["rule_no"] == no]
        for sector, share in rule.end_use:
            rows.append(pd.DataFrame({"code": hit["code"].to_numpy(), "code_system": hit["code_system"].to_numpy(),
                                      "sector": sector, "share": share, "rule": rule.label}))
    cols = ["code", "code_system", "sector", "share", "rule"]
    return pd.concat(rows, ignore_index=True)[cols] if rows else pd.DataFrame(columns=cols)


UNMATCHED_COLUMNS = ["scenario", "rule", "key", "entry", "problem"]


def unmatched_entries(scenario: Scenario, products: pd.DataFrame, sectors: list[str] | None = None
                      ) -> pd.DataFrame:
    """Codes, prefixes, sectors and conditions of the scenario that match nothing in this dataset.

    Not an error — a scenario is reused across datasets — but the reader must know.
    Returns :data:`UNMATCHED_COLUMNS`.
    """
    rows: list[dict[str, str]] = []
    codes = products["code"].astype(str) if "code" in products.columns else pd.Series([], dtype=object)
    code_set = set(codes)
    lengths = sorted({len(c) for c in code_set})

    def why(entry: str, kind: str) -> str:
        if len(entry) > max(lengths, default=0):
            return f"no product code of this length in the data (codes have {', '.join(map(str, lengths))} digits)"
        return "no product in the data has this code" if kind == "codes" else "no product code starts with it"

    def add(rule: Rule, key: str, entry: str, problem: str) -> None:
        rows.append(dict(scenario=scenario.name, rule=rule.label, key=key, entry=entry, problem=problem))

    for rule in scenario.rules:
        if scenario.kind == "demand":
            for s in rule.sectors:
                if sectors is not None and s not in sectors:
                    add(rule, "sectors", s, "sector not in the sector list")
            continue
        for c in rule.codes:
            if c not in code_set:
                add(rule, "codes", c, why(c, "codes"))
        for p in rule.prefixes:
            pre = expand_prefixes((p,))
            if not codes.str.startswith(pre).any():
                add(rule, "prefixes", p, why(pre[0], "prefixes"))
        if rule.condition:
            cond = Condition.parse(rule.condition, rule.label)
            missing = [c for c in cond.columns() if c not in products.columns]
            base = replace(rule, condition="").match(products)  # the products the condition is asked about
            _true, known = cond.evaluate(products)
            unknown = int((base & ~known).sum())
            if missing:
                add(rule, "condition", rule.condition,
                    f"column {', '.join(missing)} not in the products table: rule matches nothing")
            elif unknown:
                add(rule, "condition", rule.condition, f"cannot be evaluated for {unknown} of {int(base.sum())} "
                                                       f"products (missing values); they are not matched")
    return pd.DataFrame(rows, columns=UNMATCHED_COLUMNS)
