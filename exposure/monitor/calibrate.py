"""Substitution measured from a past episode: φ and L of DESIGN §6, written as a scenario rule.

For product k, event month e and window H (months e … e+H−1), against the B months before e
(e−B … e−1, plain means: no trend or seasonal adjustment)::

    lost(h)     = T̄ − T(e+h)                    the target's supply missing in month h, USD
    replaced(h) = (O(e+h) − Ō) + (D(e+h) − D̄)   other partners' gain, plus domestic makers' gain
                                                 when a domestic (or total-supply) series is given

with T the imports from the target, O those from every other partner (the panel's total minus
the target, so ``UNK`` counts) and D domestic supply. The ramp of DESIGN §6 says a fraction
φ·min(1, t/L) of the lost supply is replaced t days after the shock; it is fitted by least
squares in dollars, Σ_h (replaced(h) − φ·min(1, t_h/L)·lost(h))², with t_h the middle of month h
in days from the first day of the event month. For each whole L in 1 … H·30.44 days φ has a
closed form (clipped to [0, 1]); the L of the smallest residual wins (ties: the largest L, the
latest time the data allow). With φ = 0 there is no ramp and L is not defined.

Coverage (the c of a scenario rule) is the measured loss: 1 − mean T over the window / T̄.
When it stays below ``min_loss`` the target's supply did not fall: there is nothing to
measure, φ and L are NaN and no rule is written.

The other partners' gain mixes replacement with any change of demand for the product; the note
says so. Without a domestic series, replacement by domestic makers is not measured.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from exposure.errors import ConfigError, DataError
from exposure.monitor import texts
from exposure.monitor.panel import monthly_panel
from exposure.monitor.series import month_index, parse_period, period_label
from exposure.schema import WORLD

#: Days per month on average (365.25 / 12).
DAYS_PER_MONTH = 365.25 / 12

#: Columns of :attr:`Calibration.monthly`.
MONTHLY_COLUMNS = ["period", "h", "days", "target_usd", "lost_usd", "other_usd", "other_gain_usd",
                   "domestic_gain_usd", "replaced_usd", "replaced_share", "fitted_replaced_usd", "fitted_share"]
#: Columns of :attr:`Calibration.partners`.
PARTNER_COLUMNS = ["rank", "partner", "baseline_usd", "window_usd", "gain_usd", "share_of_loss"]

@dataclass(frozen=True)
class Calibration:
    """Substitution measured from one episode (see the module docstring).

    ``status`` is ``"measured"`` or ``"no_loss"``. Money is USD per month (``*_baseline_usd``,
    ``target_window_usd``) or USD over the window (``lost_usd``, ``replaced_usd``).
    ``monthly`` has :data:`MONTHLY_COLUMNS` (h = 0 is the event month; ``days`` its middle),
    ``partners`` has :data:`PARTNER_COLUMNS` (gain over the window vs the baseline, ranked, the
    target excluded; empty when the table has no partner breakdown).
    """

    code: str
    code_system: str
    reporter: str
    target: str
    event: str
    window_months: int
    baseline_months: int
    status: str
    target_baseline_usd: float
    target_window_usd: float
    other_baseline_usd: float
    other_window_usd: float
    total_change: float
    loss_share: float
    lost_usd: float
    replaced_usd: float
    replaced_share: float
    phi: float
    lag_days: float
    fit_r2: float
    plateau_reached: bool
    min_loss: float
    domestic: bool
    source: str
    monthly: pd.DataFrame = field(repr=False, compare=False)
    partners: pd.DataFrame = field(repr=False, compare=False)
    shortened_to: str = ""

    @property
    def measured(self) -> bool:
        return self.status == "measured"

    def quality(self, lang: str = "ko") -> str:
        """The finding and how far to trust it, in words."""
        texts.check_lang(lang)
        k = 0 if lang == "ko" else 1
        say = {key: value[k] if isinstance(value, tuple) else value for key, value in texts.CALIBRATION.items()}
        tgt = texts.country(self.target, lang)
        change = self.target_window_usd / self.target_baseline_usd - 1 if self.target_baseline_usd > 0 else math.nan
        base = dict(event=self.event, months=self.window_months, target=tgt, base=self.baseline_months,
                    before=texts.fmt_usd(self.target_baseline_usd, lang),
                    after=texts.fmt_usd(self.target_window_usd, lang), loss=f"{self.loss_share:.0%}",
                    min_loss=f"{self.min_loss:.0%}", change=texts.fmt_change(change, lang))
        parts = []
        if self.shortened_to:
            parts.append(say["short"].format(last=self.shortened_to, months=self.window_months))
        if not self.measured:
            parts.append(say["no_loss"].format(**base))
            return " ".join(parts)
        who = say["others_domestic" if self.domestic else "others"]
        parts.append(say["measured"].format(**base))
        raw = "raw_negative" if self.replaced_share < 0 else "raw"
        parts.append(say[raw].format(who=who, raw=f"{abs(self.replaced_share):.0%}"))
        if self.phi > 0:
            fit = "good" if self.fit_r2 >= 0.7 else "fair" if self.fit_r2 >= 0.4 else "poor"
            parts.append(say["ramp"].format(phi=f"{self.phi:.2f}", lag=f"{self.lag_days:.0f}",
                                            r2=texts.fmt_number(self.fit_r2, lang, 2), fit=say["fit"][fit][k]))
            if not self.plateau_reached:
                parts.append(say["plateau"])
        else:
            others = self.other_window_usd / self.other_baseline_usd - 1 if self.other_baseline_usd > 0 else math.nan
            parts.append(say["no_ramp"].format(target=tgt, others=texts.fmt_change(others, lang),
                                               domestic_ko="·국내 업체" if self.domestic else "",
                                               domestic_en=" and domestic makers" if self.domestic else ""))
        parts.append(say["demand"])
        if not self.domestic:
            parts.append(say["no_domestic"].format(total=texts.fmt_change(self.total_change, lang)))
        return " ".join(parts)

    def top_partners(self, n: int = 3) -> list[str]:
        """The ``n`` partners with the largest positive gain, best first."""
        p = self.partners[self.partners["gain_usd"] > 0]
        return p["partner"].head(n).tolist()

    def to_rule(self, lang: str = "en") -> dict[str, object]:
        """The scenario rule as a mapping (the keys of a ``[[rules]]`` block).

        Raises
        ------
        DataError
            When there was nothing to measure (the target's supply did not fall).
        """
        if not self.measured:
            raise DataError(self.source or "imports", f"no rule for {self.code}: " + self.quality("en"))
        note = texts.rule_note(self, lang)
        rule: dict[str, object] = {
            "name": (f"{self.code} 실측 {self.event} 이후 {self.window_months}개월" if lang == "ko"
                     else f"{self.code} measured {self.event} +{self.window_months}m"),
            "codes": [self.code],
            "coverage": round(min(1.0, max(0.0, self.loss_share)), 3),
            "phi": round(self.phi, 3),
        }
        if self.phi > 0:  # the lag of a ramp that replaces nothing means nothing
            rule["lag_days"] = float(max(1, round(self.lag_days)))
        rule["note"] = note
        return rule

    def to_rule_toml(self, lang: str = "en") -> str:
        """A ``[[rules]]`` block for a scenario TOML file, checked with ``exposure.scenarios.from_mapping``."""
        rule = self.to_rule(lang)
        lines = ["[[rules]]"] + [f"{k} = {_toml(v)}" for k, v in rule.items()]
        text = "\n".join(lines) + "\n"
        parsed = tomllib.loads(text)["rules"][0]
        from exposure.scenarios import from_mapping  # validated by the scenario loader itself

        from_mapping({"name": "calibration-check", "target": self.target, "rules": [parsed]},
                     source="calibrated rule")
        return text


def _toml(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    return repr(value)


# --------------------------------------------------------------------------- the fit
def fit_ramp(replaced: np.ndarray, lost: np.ndarray, days: np.ndarray, max_lag: int) -> tuple[float, float, float]:
    """Least-squares φ and L of replaced ≈ φ · min(1, days/L) · lost; returns (φ, L, R²).

    L runs over the whole days 1 … ``max_lag``; φ is clipped to [0, 1]. Ties go to the largest
    L. With φ = 0, L and R² are NaN.

    Examples
    --------
    A ramp to 0.6 in 120 days, 100 lost every month, read at mid-month:

    >>> d = (np.arange(12) + 0.5) * DAYS_PER_MONTH
    >>> lost = np.full(12, 100.0)
    >>> phi, lag, r2 = fit_ramp(0.6 * np.minimum(1, d / 120) * lost, lost, d, 365)
    >>> round(phi, 6), lag, round(r2, 6)
    (0.6, 120.0, 1.0)
    """
    r = np.asarray(replaced, dtype=float)
    ell = np.asarray(lost, dtype=float)
    t = np.asarray(days, dtype=float)
    lags = np.arange(1, max(1, int(max_lag)) + 1, dtype=float)
    x = np.minimum(1.0, t[None, :] / lags[:, None]) * ell[None, :]  # lags × months
    xx = (x * x).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = np.clip(np.where(xx > 0, (x * r).sum(axis=1) / np.where(xx > 0, xx, 1.0), 0.0), 0.0, 1.0)
    sse = ((r[None, :] - phi[:, None] * x) ** 2).sum(axis=1)
    best = sse.min()
    tol = 1e-9 * max(best, float((r * r).sum()), 1e-300)
    i = int(np.flatnonzero(sse <= best + tol)[-1])
    if phi[i] <= 0:
        return 0.0, math.nan, math.nan
    sst = float(((r - r.mean()) ** 2).sum())
    r2 = 1.0 - float(sse[i]) / sst if sst > 0 else math.nan
    return float(phi[i]), float(lags[i]), r2


# --------------------------------------------------------------------------- calibrate
def calibrate(
    flows: pd.DataFrame,
    code: str,
    event: str = "2019-07",
    window_months: int = 12,
    target: str = "JPN",
    reporter: str = "KOR",
    *,
    code_system: str | None = None,
    baseline_months: int = 12,
    min_loss: float = 0.1,
    domestic: pd.DataFrame | None = None,
    supply: pd.DataFrame | None = None,
) -> Calibration:
    """Measure how much of the target's lost supply was replaced after ``event``, and how fast.

    Parameters
    ----------
    flows : DataFrame
        Monthly TradeFlows (as for :func:`~exposure.monitor.monthly_panel`) holding the product.
    code : str
        Product code (leading zeros kept).
    event : str
        First month of the episode, ``"YYYY-MM"``.
    window_months : int
        H: months from the event month on (shortened, with a note, when the data end sooner).
    target, reporter : str
        ISO3 codes.
    code_system : str, optional
        Needed only when the code occurs in more than one code system.
    baseline_months : int
        B: months before the event that form the baseline; all must be in the data.
    min_loss : float
        The target's supply must fall at least this fraction over the window to measure anything.
    domestic, supply : DataFrame, optional
        Monthly ``year, month, value_usd`` (USD) of domestic makers' supply to the home market, or
        of total supply (imports + domestic), from which domestic = supply − total imports. At most one.

    Returns
    -------
    Calibration

    Raises
    ------
    DataError
        Product not in the table, baseline months missing, fewer than 2 months after the event,
        or a domestic series with months missing.
    ConfigError
        Bad parameters (window, event, both domestic and supply).
    """
    if domestic is not None and supply is not None:
        raise ConfigError("give either a domestic-production series or a total-supply series, not both")
    for name, value in (("window_months", window_months), ("baseline_months", baseline_months)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"{name} must be a whole number of months ≥ 1, got {value!r}")
    if not 0 <= min_loss < 1:
        raise ConfigError(f"min_loss must be a fraction in [0, 1), got {min_loss!r}")
    e = parse_period(event, "event")
    rows = _product_rows(flows, code, code_system)
    system = str(rows["code_system"].iloc[0])
    panel = monthly_panel(flows, target=target, reporter=reporter, codes=[code])
    panel = panel[panel["code_system"] == system]
    mi = month_index(panel["year"].to_numpy(), panel["month"].to_numpy())
    by_month = panel.set_index(mi)
    src = "; ".join(sorted(set(panel["source"]) - {""}))
    base_mi = np.arange(e - baseline_months, e)

    def absent(months: np.ndarray) -> list[int]:
        """Months the file lacks (no row, or the panel's gap row of a month no partner has)."""
        return [m for m in months if m not in by_month.index or not np.isfinite(float(by_month.loc[m, "target_usd"]))]

    missing = absent(base_mi)
    if missing:
        raise DataError(src or "imports", f"product {code}: the {baseline_months} months before {event} form the "
                                          f"baseline, but {period_label(missing[0])} is not in the data "
                                          f"(data cover {panel['period'].iloc[0]} to {panel['period'].iloc[-1]})")
    last = int(mi.max())
    if last < e + 1:
        raise DataError(src or "imports", f"product {code}: fewer than 2 months of data from {event} on "
                                          f"(data end in {period_label(last)})")
    months = min(window_months, last - e + 1)
    shortened = period_label(last) if months < window_months else ""
    win_mi = np.arange(e, e + months)
    gaps = absent(win_mi)
    if gaps:  # a month the file lacks is no month of zero imports: the loss cannot be measured over it
        raise DataError(src or "imports", f"product {code}: the {months} months from {event} on form the window, but "
                                          f"{', '.join(period_label(np.asarray(gaps)))} "
                                          f"{'is' if len(gaps) == 1 else 'are'} missing from the data: give a file "
                                          "with every month, or a --window that ends before them")
    tb = by_month.loc[base_mi, "target_usd"].to_numpy(dtype=float)
    ob = by_month.loc[base_mi, "other_usd"].to_numpy(dtype=float)
    tw = by_month.loc[win_mi, "target_usd"].to_numpy(dtype=float)
    ow = by_month.loc[win_mi, "other_usd"].to_numpy(dtype=float)
    if np.isnan(ob).any():
        raise DataError(src or "imports", f"product {code}: the table has no world total (only {target} rows), so "
                                          "replacement by other partners cannot be measured")
    total_b, total_w = tb + ob, tw + ow
    dom_gain = np.zeros(months)
    if domestic is not None or supply is not None:
        series = _monthly_series(domestic if domestic is not None else supply, "domestic production"
                                 if domestic is not None else "total supply", np.concatenate([base_mi, win_mi]))
        if supply is not None:
            series = series - np.concatenate([total_b, total_w])
        dom_gain = series[baseline_months:] - series[:baseline_months].mean()

    t_bar, o_bar = float(tb.mean()), float(ob.mean())
    lost = t_bar - tw
    replaced = (ow - o_bar) + dom_gain
    days = (np.arange(months) + 0.5) * DAYS_PER_MONTH
    loss_share = float(lost.sum() / (months * t_bar)) if t_bar > 0 else 0.0
    measured = t_bar > 0 and loss_share >= min_loss
    phi, lag, r2 = fit_ramp(replaced, lost, days, int(round(months * DAYS_PER_MONTH))) if measured \
        else (math.nan, math.nan, math.nan)
    ramp = phi * np.minimum(1.0, days / lag) if measured and phi > 0 else np.zeros(months)
    with np.errstate(divide="ignore", invalid="ignore"):
        share_m = np.where(lost > 0, replaced / np.where(lost > 0, lost, 1.0), np.nan)
    monthly = pd.DataFrame({
        "period": period_label(win_mi), "h": np.arange(months, dtype="int64"), "days": days, "target_usd": tw,
        "lost_usd": lost, "other_usd": ow, "other_gain_usd": ow - o_bar, "domestic_gain_usd": dom_gain,
        "replaced_usd": replaced, "replaced_share": share_m, "fitted_replaced_usd": ramp * lost + 0.0,
        "fitted_share": ramp if measured else np.full(months, np.nan),
    })[MONTHLY_COLUMNS]
    lost_total = float(lost.sum())
    return Calibration(
        code=str(code), code_system=system, reporter=reporter, target=target, event=period_label(e),
        window_months=months, baseline_months=baseline_months, status="measured" if measured else "no_loss",
        target_baseline_usd=t_bar, target_window_usd=float(tw.mean()), other_baseline_usd=o_bar,
        other_window_usd=float(ow.mean()),
        total_change=float(total_w.mean() / total_b.mean() - 1) if total_b.mean() > 0 else math.nan,
        loss_share=loss_share, lost_usd=lost_total, replaced_usd=float(replaced.sum()),
        replaced_share=float(replaced.sum() / lost_total) if lost_total > 0 else math.nan,
        phi=phi, lag_days=lag, fit_r2=r2,
        plateau_reached=bool(measured and phi > 0 and lag <= days[-1]),
        min_loss=min_loss, domestic=domestic is not None or supply is not None, source=src,
        monthly=monthly, partners=_partners(rows, reporter, target, base_mi, win_mi, lost_total),
        shortened_to=shortened,
    )


def _product_rows(flows: pd.DataFrame, code: str, code_system: str | None) -> pd.DataFrame:
    if "code" not in flows.columns or "code_system" not in flows.columns:
        raise DataError("imports", "not a TradeFlows table: columns code and code_system are needed", column="code")
    code = str(code)
    rows = flows[flows["code"].astype(str) == code]
    if code_system is not None:
        rows = rows[rows["code_system"].astype(str) == code_system]
    if rows.empty:
        raise DataError("imports", f"product {code}{' (' + code_system + ')' if code_system else ''} is not in the "
                                   "table")
    systems = sorted(set(rows["code_system"].astype(str)))
    if len(systems) > 1:
        raise ConfigError(f"product {code} occurs in several code systems ({', '.join(systems)}): say which with "
                          "code_system")
    return rows


def _monthly_series(series: pd.DataFrame, what: str, months: np.ndarray) -> np.ndarray:
    need = ["year", "month", "value_usd"]
    missing = [c for c in need if c not in series.columns]
    if missing:
        raise DataError(what, f"column(s) {', '.join(missing)} missing (expected {', '.join(need)}, USD a month)",
                        column=missing[0])
    mi = month_index(pd.to_numeric(series["year"]).to_numpy(), pd.to_numeric(series["month"]).to_numpy())
    value = pd.to_numeric(series["value_usd"], errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(value).all():
        i = int(np.flatnonzero(~np.isfinite(value))[0])
        raise DataError(what, f"value_usd must be a finite number, got {series['value_usd'].iloc[i]!r}",
                        row=i + 1, column="value_usd")
    s = pd.Series(value, index=mi).groupby(level=0).sum()
    absent = [m for m in months if m not in s.index]
    if absent:
        raise DataError(what, f"month {period_label(absent[0])} is missing: the series must cover the baseline and "
                              f"the window ({period_label(months[0])} to {period_label(months[-1])})")
    return s.reindex(months).to_numpy(dtype=float)


def _partners(rows: pd.DataFrame, reporter: str, target: str, base_mi: np.ndarray, win_mi: np.ndarray,
              lost_total: float) -> pd.DataFrame:
    m = rows[(rows["flow"].astype(str) == "M") if "flow" in rows.columns else slice(None)]
    if "reporter" in m.columns:
        m = m[m["reporter"].astype(str) == reporter]
    m = m[~m["partner"].astype(str).isin([WORLD, target])]
    month = pd.to_numeric(m["month"]).to_numpy()
    m = m[month != 0]
    if m.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c.endswith(("usd", "loss")) else "object")
                             for c in PARTNER_COLUMNS})
    mi = month_index(pd.to_numeric(m["year"]).to_numpy(), pd.to_numeric(m["month"]).to_numpy())
    v = pd.Series(m["value_usd"].to_numpy(dtype=float), index=[m["partner"].astype(str).to_numpy(), mi])
    grid = v.groupby(level=[0, 1]).sum().unstack(fill_value=0.0)
    grid = grid.reindex(columns=np.concatenate([base_mi, win_mi]), fill_value=0.0)
    base = grid[base_mi].mean(axis=1)
    win = grid[win_mi]
    gain = win.sub(base, axis=0).sum(axis=1)
    out = pd.DataFrame({"partner": grid.index.astype(str), "baseline_usd": base.to_numpy(),
                        "window_usd": win.mean(axis=1).to_numpy(), "gain_usd": gain.to_numpy()})
    out["share_of_loss"] = out["gain_usd"] / lost_total if lost_total > 0 else np.nan
    out = out.sort_values(["gain_usd", "partner"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1, dtype="int64"))
    return out[PARTNER_COLUMNS]
