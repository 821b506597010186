"""Early-warning monitor: is it happening now, and how fast did we adapt last time? (DESIGN §9a)

From a monthly by-partner import table (TradeFlows, ``month`` 1–12), for a reporter and a
target partner:

1. :func:`monthly_panel` — per product and month: imports from the target and from all
   partners, the target's share, change on the same month of last year and on a seasonal
   baseline (same calendar month of the previous 3 years), a robust score of the deviation,
   and the dependence (share) and size over the previous 12 months.
2. :class:`AlertRules` and :func:`find_alerts` — rules as parameters of one frozen dataclass;
   every alert has its month, rule, evidence (numbers and a sentence), a grade A–D by
   dependence × size, and its episode (consecutive months of one product and rule).
   :func:`episodes` gives one row per episode, :func:`grade_table` what the grades mean.
3. :func:`calibrate` — substitution measured from a past episode: φ (share of the target's
   lost supply replaced at the plateau) and L (days to reach it), the partners that replaced
   the target, a quality note, and :meth:`Calibration.to_rule_toml`, a ``[[rules]]`` block for
   a scenario file.

The formulas behind the panel (seasonal baseline, log deviation, robust score, trailing sums)
are plain functions on arrays in :mod:`exposure.monitor.series`; :mod:`exposure.monitor.texts`
holds every sentence.

Every text a person reads (rule names, conditions, evidence, grade meanings, notes) follows
``lang`` ("ko" default, or "en"); column names are English snake_case. The module reads no
files and prints nothing.

Examples
--------
>>> import pandas as pd
>>> from exposure.monitor import AlertRules, find_alerts, monthly_panel
>>> rows = [(y, m, p, v) for y in range(2016, 2020) for m in range(1, 13)
...         for p, v in (("JPN", 0.0 if (y, m) >= (2019, 7) else 60.0), ("CHN", 40.0))]
>>> flows = pd.DataFrame(rows, columns=["year", "month", "partner", "value_usd"]).assign(
...     reporter="KOR", flow="M", code="2811111000", code_system="HSK10", source="demo")
>>> alerts = find_alerts(monthly_panel(flows), AlertRules(grade_size_usd=(100.0, 500.0)), lang="en")
>>> first = alerts[alerts["rule"] == "drop_vs_baseline"].iloc[0]
>>> first["episode_start"], int(first["episode_months"]), first["grade"]
('2019-07', 6, 'A')
"""

from exposure.monitor.alerts import (ALERT_COLUMNS, EPISODE_COLUMNS, GRADES, RULES, AlertRules, calc_grade,
                                     calc_grade_points, episodes, find_alerts, grade_table)
from exposure.monitor.calibrate import (MONTHLY_COLUMNS, PARTNER_COLUMNS, Calibration, calibrate, fit_ramp)
from exposure.monitor.panel import PANEL_COLUMNS, monthly_panel
from exposure.monitor.series import (calc_change, calc_log_deviation, calc_robust_score, calc_seasonal_baseline,
                                     calc_trailing_sum, month_index, parse_period, period_label)

__all__ = [
    "ALERT_COLUMNS", "EPISODE_COLUMNS", "GRADES", "MONTHLY_COLUMNS", "PANEL_COLUMNS", "PARTNER_COLUMNS", "RULES",
    "AlertRules", "Calibration", "calc_change", "calc_grade", "calc_grade_points", "calc_log_deviation",
    "calc_robust_score", "calc_seasonal_baseline", "calc_trailing_sum", "calibrate", "episodes", "find_alerts",
    "fit_ramp", "grade_table", "month_index", "monthly_panel", "parse_period", "period_label",
]
