"""Graded alerts on the monthly panel: rules, evidence, grades A–D and episodes (DESIGN §9a).

Three rules, each firing in month t of product k only while the target's share of the
product's imports over the previous 12 months (``share_12m``) is at least ``min_share``:

``drop_vs_baseline``  imports from the target at least ``drop_vs_baseline`` below the seasonal
                      baseline (change ≤ −0.5 by default) in each of the last ``drop_months`` months
``share_fall``        the target's share this month at least ``share_fall_points`` below its
                      highest monthly share of the previous ``share_fall_months`` months, while
                      the target's own imports are below their seasonal baseline (change ≤
                      ``share_fall_max_change``, 0 by default): a share that falls because other
                      partners grow while the target's supply grows too is diversification, not
                      a disruption
``robust_score``      the panel's robust score at or below ``robust_score`` (−3.5, the usual cut-off
                      of the modified z-score of Iglewicz and Hoaglin)

Grade (dependence × size, both over the 12 months before the alert): dependence points 2 when
``share_12m`` ≥ ``grade_share[1]``, 1 when ≥ ``grade_share[0]``; size points 2 when
``target_12m_usd`` ≥ ``grade_size_usd[1]``, 1 when ≥ ``grade_size_usd[0]``. A = 4 points, B = 3,
C = 2, D = 0–1 (see :func:`grade_table`).

Alerts of one product and rule in consecutive months form one episode: every alert row carries
its episode's number, first month and length; :func:`episodes` gives one row per episode.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from exposure.errors import ConfigError, DataError
from exposure.monitor import texts
from exposure.monitor.series import month_index, period_label
from exposure.schema.outputs import ALERTS, EPISODES

RULES = ("drop_vs_baseline", "share_fall", "robust_score")
GRADES = ("A", "B", "C", "D")

#: Columns of :func:`find_alerts`, in order (declared once, in the output schema).
ALERT_COLUMNS = ALERTS.names

#: Columns of :func:`episodes`, in order.
EPISODE_COLUMNS = EPISODES.names

_PANEL_NEED = ["code", "code_system", "year", "month", "target", "target_usd", "target_share",
               "target_baseline_usd", "target_baseline_years", "target_change_vs_baseline", "robust_score",
               "share_12m", "target_12m_usd"]


@dataclass(frozen=True)
class AlertRules:
    """Parameters of the alert rules and grades; a rule whose threshold is None is off.

    Attributes
    ----------
    min_share : float
        Every rule needs the target's share of imports over the previous 12 months at least this (0.3).
    drop_vs_baseline : float or None
        Fall below the seasonal baseline, as a fraction (0.5: imports at most half the baseline).
    drop_months : int
        Months in a row the fall must hold (1).
    share_fall_points : float or None
        Fall of the share, in share units (0.15 = 15 percentage points).
    share_fall_months : int
        The share is compared with its highest of this many previous months (3).
    share_fall_max_change : float or None
        The share rule also needs the target's imports at most this far above their seasonal
        baseline (0.0: below it; a month without a baseline does not qualify); None drops the condition.
    robust_score : float or None
        Alert when the robust score is at or below this (−3.5).
    grade_share : (float, float)
        Dependence thresholds (medium, high) on ``share_12m`` (0.3, 0.5).
    grade_size_usd : (float, float)
        Size thresholds (medium, large) on the target's imports over the previous 12 months, USD
        (1 million, 10 million).

    Examples
    --------
    >>> AlertRules().drop_vs_baseline, AlertRules(robust_score=None).robust_score
    (0.5, None)
    """

    min_share: float = 0.3
    drop_vs_baseline: float | None = 0.5
    drop_months: int = 1
    share_fall_points: float | None = 0.15
    share_fall_months: int = 3
    share_fall_max_change: float | None = 0.0
    robust_score: float | None = -3.5
    grade_share: tuple[float, float] = (0.3, 0.5)
    grade_size_usd: tuple[float, float] = (1e6, 1e7)

    def __post_init__(self) -> None:
        def bad(name: str, value: object, expected: str) -> ConfigError:
            return ConfigError(f"alert rules: {name} must be {expected}, got {value!r}")

        if not 0 <= self.min_share <= 1:
            raise bad("min_share", self.min_share, "a share in [0, 1]")
        if self.drop_vs_baseline is not None and not 0 < self.drop_vs_baseline <= 1:
            raise bad("drop_vs_baseline", self.drop_vs_baseline, "a fraction in (0, 1] or None")
        if self.share_fall_points is not None and not 0 < self.share_fall_points <= 1:
            raise bad("share_fall_points", self.share_fall_points, "a share in (0, 1] or None")
        if self.robust_score is not None and not self.robust_score < 0:
            raise bad("robust_score", self.robust_score, "a negative score or None")
        for name in ("drop_months", "share_fall_months"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise bad(name, value, "a whole number of months ≥ 1")
        for name in ("grade_share", "grade_size_usd"):
            pair = tuple(getattr(self, name))
            if len(pair) != 2 or not 0 <= pair[0] <= pair[1]:
                raise bad(name, getattr(self, name), "two increasing non-negative thresholds (medium, high)")
            object.__setattr__(self, name, (float(pair[0]), float(pair[1])))
        if self.grade_share[1] > 1:
            raise bad("grade_share", self.grade_share, "shares in [0, 1]")

    def active(self) -> tuple[str, ...]:
        """The rules that are on."""
        on = {"drop_vs_baseline": self.drop_vs_baseline, "share_fall": self.share_fall_points,
              "robust_score": self.robust_score}
        return tuple(r for r in RULES if on[r] is not None)

    def describe(self, lang: str = "ko") -> pd.DataFrame:
        """The active rules: ``rule``, ``rule_name`` and ``condition`` (the parameters in words)."""
        args = {"drop_vs_baseline": {"drop": self.drop_vs_baseline, "months": self.drop_months},
                "share_fall": {"points": (self.share_fall_points or 0) * 100, "months": self.share_fall_months,
                               "change": self._share_fall_change(lang)},
                "robust_score": {"score": self.robust_score}}
        rows = [{"rule": r, "rule_name": texts.pick(texts.RULE_NAMES[r], lang),
                 "condition": texts.pick(texts.RULE_CONDITIONS[r], lang).format(share=self.min_share, **args[r])}
                for r in self.active()]
        return pd.DataFrame(rows, columns=["rule", "rule_name", "condition"])

    def _share_fall_change(self, lang: str) -> str:
        if self.share_fall_max_change is None:
            return ""
        if self.share_fall_max_change == 0:
            return texts.pick(texts.SHARE_FALL_BELOW, lang)
        return texts.pick(texts.SHARE_FALL_CHANGE, lang).format(change=self.share_fall_max_change)

    def as_dict(self) -> dict[str, object]:
        """The parameters by name (for a method sheet)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


# --------------------------------------------------------------------------- grades
def calc_grade_points(share_12m: np.ndarray, size_usd: np.ndarray, grade_share: tuple[float, float],
                      grade_size_usd: tuple[float, float]) -> np.ndarray:
    """Dependence points + size points (0–4); unknown share or size counts 0 points.

    Examples
    --------
    >>> calc_grade_points(np.array([0.93, 0.42, 0.42, 0.1]), np.array([3e8, 6.7e7, 5e5, 5e7]),
    ...                   (0.3, 0.5), (1e6, 1e7)).tolist()
    [4, 3, 1, 2]
    """
    s = np.nan_to_num(np.asarray(share_12m, dtype=float), nan=-1.0)
    v = np.nan_to_num(np.asarray(size_usd, dtype=float), nan=-1.0)
    dep = (s >= grade_share[0]).astype(int) + (s >= grade_share[1]).astype(int)
    size = (v >= grade_size_usd[0]).astype(int) + (v >= grade_size_usd[1]).astype(int)
    return dep + size


def calc_grade(points: np.ndarray) -> np.ndarray:
    """A (4 points), B (3), C (2), D (0–1).

    Examples
    --------
    >>> calc_grade(np.array([4, 3, 2, 1, 0])).tolist()
    ['A', 'B', 'C', 'D', 'D']
    """
    p = np.asarray(points, dtype=int)
    return np.select([p >= 4, p == 3, p == 2], ["A", "B", "C"], "D").astype(object)


def grade_table(rules: AlertRules = AlertRules(), lang: str = "ko") -> pd.DataFrame:
    """What each grade means: ``grade``, ``points``, ``meaning``, ``basis`` (the thresholds in words)."""
    lo_s, hi_s = rules.grade_share
    lo_v, hi_v = rules.grade_size_usd
    basis = texts.pick(texts.GRADE_BASIS, lang).format(
        hi_share=hi_s, lo_share=lo_s, hi_usd=texts.fmt_usd(hi_v, lang), lo_usd=texts.fmt_usd(lo_v, lang))
    points = {"A": "4", "B": "3", "C": "2", "D": "0–1"}
    return pd.DataFrame([{"grade": g, "points": points[g], "meaning": texts.pick(texts.GRADE_MEANINGS[g], lang),
                          "basis": basis} for g in GRADES])


# --------------------------------------------------------------------------- alerts
def find_alerts(panel: pd.DataFrame, rules: AlertRules = AlertRules(), lang: str = "ko") -> pd.DataFrame:
    """Every alert of every active rule in the panel, graded, with its evidence and episode.

    Parameters
    ----------
    panel : DataFrame
        From :func:`~exposure.monitor.monthly_panel` (any subset of its rows: months are matched
        by date, not by position).
    rules : AlertRules
    lang : {"ko", "en"}
        Language of ``rule_name`` and ``evidence``.

    Returns
    -------
    DataFrame
        Columns :data:`ALERT_COLUMNS`, one row per product, month and rule that fired, sorted by
        code, code system, month and rule order. ``share_before`` is the target's highest monthly
        share of the previous ``share_fall_months`` months, ``share_after`` its share in the alert
        month; ``episode`` numbers the episodes 1, 2, … in that order; ``episode_month`` is the
        alert's position in its episode (1 = first month).

    Examples
    --------
    >>> p = pd.DataFrame({"code": "2811111000", "code_system": "HSK10", "year": 2019, "month": [6, 7],
    ...     "target": "JPN", "target_usd": [5.3e6, 0.96e6], "target_share": [0.49, 0.12],
    ...     "target_baseline_usd": [4.4e6, 3.96e6], "target_baseline_years": 3,
    ...     "target_change_vs_baseline": [0.2, -0.757], "robust_score": [-0.3, -3.9],
    ...     "share_12m": [0.43, 0.43], "target_12m_usd": [6.9e7, 6.8e7]})
    >>> find_alerts(p, lang="en")[["period", "rule", "grade"]].values.tolist()
    [['2019-07', 'drop_vs_baseline', 'B'], ['2019-07', 'share_fall', 'B'], ['2019-07', 'robust_score', 'B']]
    """
    texts.check_lang(lang)
    missing = [c for c in _PANEL_NEED if c not in panel.columns]
    if missing:
        raise DataError("monitor panel", f"not a monthly panel: column(s) {', '.join(missing)} missing "
                                         "(build it with monthly_panel)", column=missing[0])
    p = panel.reset_index(drop=True)
    mi = month_index(p["year"].to_numpy(), p["month"].to_numpy())
    key = pd.MultiIndex.from_arrays([p["code"].astype(str), p["code_system"].astype(str), mi])
    if key.has_duplicates:
        raise DataError("monitor panel", "a product appears twice in the same month")
    share = p["target_share"].to_numpy(dtype=float)
    share_series = pd.Series(share, index=key)
    before = np.full(len(p), np.nan)
    for j in range(1, rules.share_fall_months + 1):
        lag_key = pd.MultiIndex.from_arrays([key.get_level_values(0), key.get_level_values(1), mi - j])
        before = np.fmax(before, share_series.reindex(lag_key).to_numpy())
    dependent = p["share_12m"].to_numpy(dtype=float) >= rules.min_share
    change = p["target_change_vs_baseline"].to_numpy(dtype=float)
    score = p["robust_score"].to_numpy(dtype=float)

    fired: dict[str, np.ndarray] = {}
    if rules.drop_vs_baseline is not None:
        drop = pd.Series(change <= -rules.drop_vs_baseline + 1e-12, index=key)
        held = np.ones(len(p), bool)
        for j in range(rules.drop_months):
            lag_key = pd.MultiIndex.from_arrays([key.get_level_values(0), key.get_level_values(1), mi - j])
            held &= drop.reindex(lag_key, fill_value=False).to_numpy(dtype=bool)
        fired["drop_vs_baseline"] = held & dependent
    if rules.share_fall_points is not None:
        fell = (before - share >= rules.share_fall_points - 1e-12) & dependent
        if rules.share_fall_max_change is not None:
            fell &= change <= rules.share_fall_max_change + 1e-12
        fired["share_fall"] = fell
    if rules.robust_score is not None:
        fired["robust_score"] = (score <= rules.robust_score) & dependent

    parts = []
    for order, rule in enumerate(RULES):
        if rule not in fired or not fired[rule].any():
            continue
        idx = np.flatnonzero(fired[rule])
        parts.append(pd.DataFrame({"_row": idx, "_mi": mi[idx], "_order": order, "rule": rule}))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in ALERT_COLUMNS})
    hits = pd.concat(parts, ignore_index=True)
    rows = p.iloc[hits["_row"].to_numpy()].reset_index(drop=True)
    out = pd.DataFrame({
        "code": rows["code"].astype(str), "code_system": rows["code_system"].astype(str),
        "name": rows["name"].fillna("").astype(str) if "name" in rows.columns else "",
        "year": rows["year"].astype("int64"), "month": rows["month"].astype("int64"),
        "period": period_label(hits["_mi"].to_numpy()), "target": rows["target"].astype(str),
        "rule": hits["rule"],
        "rule_name": [texts.pick(texts.RULE_NAMES[r], lang) for r in hits["rule"]],
        "share_12m": rows["share_12m"].astype("float64"), "target_12m_usd": rows["target_12m_usd"].astype("float64"),
        "target_usd": rows["target_usd"].astype("float64"),
        "target_baseline_usd": rows["target_baseline_usd"].astype("float64"),
        "target_change_vs_baseline": rows["target_change_vs_baseline"].astype("float64"),
        "share_before": before[hits["_row"].to_numpy()], "share_after": rows["target_share"].astype("float64"),
        "robust_score": rows["robust_score"].astype("float64"),
        "target_baseline_years": rows["target_baseline_years"].astype("int64"),
        "_mi": hits["_mi"], "_order": hits["_order"],
    })
    out["grade"] = calc_grade(calc_grade_points(out["share_12m"].to_numpy(), out["target_12m_usd"].to_numpy(),
                                                rules.grade_share, rules.grade_size_usd))
    out = out.sort_values(["code", "code_system", "_mi", "_order"], kind="stable").reset_index(drop=True)
    out["evidence"] = [_evidence(r, rules, lang) for r in out.itertuples(index=False)]
    _add_episodes(out)
    return out[ALERT_COLUMNS]


def _add_episodes(out: pd.DataFrame) -> None:
    """Number the runs of consecutive months of one product and rule, in the table's order (in place)."""
    by = ["code", "code_system", "rule"]
    order = out.sort_values(by + ["_mi"], kind="stable")
    starts = order.groupby(by, sort=False)["_mi"].diff().ne(1).to_numpy()  # a group's first row starts a run
    run = pd.Series(np.cumsum(starts), index=order.index).reindex(out.index)
    first_mi = out.groupby(run)["_mi"].transform("min")
    out["episode"] = (pd.factorize(run)[0] + 1).astype("int64")
    out["episode_start"] = period_label(first_mi.to_numpy())
    out["episode_months"] = out.groupby(run)["_mi"].transform("size").astype("int64")
    out["episode_month"] = (out["_mi"] - first_mi + 1).astype("int64")


def _evidence(r, rules: AlertRules, lang: str) -> str:
    tgt = texts.country(r.target, lang)
    values = dict(period=r.period, target=tgt, actual=texts.fmt_usd(r.target_usd, lang),
                  baseline=texts.fmt_usd(r.target_baseline_usd, lang), years=int(r.target_baseline_years),
                  change=texts.fmt_change(r.target_change_vs_baseline, lang),
                  share_12m=texts.fmt_share(r.share_12m, lang), after=texts.fmt_share(r.share_after, lang),
                  before=texts.fmt_share(r.share_before, lang), months=rules.share_fall_months,
                  points=texts.fmt_number((r.share_before - r.share_after) * 100, lang),
                  score=texts.fmt_number(r.robust_score, lang), threshold=f"{rules.robust_score:g}"
                  if rules.robust_score is not None else "")
    return texts.pick(texts.EVIDENCE[r.rule], lang).format(**values)


def _dtype(col: str) -> str:
    if col in ("year", "month", "target_baseline_years", "episode", "episode_months", "episode_month", "months"):
        return "int64"
    if col in ("share_12m", "target_12m_usd", "target_usd", "target_baseline_usd", "target_change_vs_baseline",
               "share_before", "share_after", "robust_score"):
        return "float64"
    return "object"


def episodes(alerts: pd.DataFrame) -> pd.DataFrame:
    """One row per episode of :func:`find_alerts`: first and last month, length, grade and evidence.

    ``grade``, ``share_12m``, ``target_12m_usd`` and ``evidence`` are those of the episode's first
    month; ``largest_drop`` is the lowest ``target_change_vs_baseline`` over the episode and
    ``lowest_share`` the lowest ``share_after``.
    """
    if alerts.empty:
        return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in EPISODE_COLUMNS})
    a = alerts.sort_values(["episode", "episode_month"], kind="stable")
    g = a.groupby("episode", sort=True)
    first = g.first()
    out = pd.DataFrame({
        "episode": first.index.astype("int64"),
        **{c: first[c].to_numpy() for c in ("code", "code_system", "name", "target", "rule", "rule_name")},
        "start": first["episode_start"].to_numpy(), "end": g["period"].last().to_numpy(),
        "months": first["episode_months"].to_numpy().astype("int64"), "grade": first["grade"].to_numpy(),
        "share_12m": first["share_12m"].to_numpy(), "target_12m_usd": first["target_12m_usd"].to_numpy(),
        "largest_drop": g["target_change_vs_baseline"].min().to_numpy(),
        "lowest_share": g["share_after"].min().to_numpy(), "evidence": first["evidence"].to_numpy(),
    })
    return out[EPISODE_COLUMNS].reset_index(drop=True)
