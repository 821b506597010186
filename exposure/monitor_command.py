"""The monitor and calibrate commands: monthly imports → alerts and episodes, or φ and L measured from an episode.

Like :mod:`exposure.report_command`: the analysis is :mod:`exposure.monitor`'s, the files are the
report layer's; this module reads the monthly files (:mod:`exposure.intake`) and wires the two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click
import pandas as pd

from exposure.checks import check_target_in_imports
from exposure.codes.names import product_names
from exposure.config import Config
from exposure.errors import DataError
from exposure.inputs import Inputs
from exposure.intake import combine_files, load_options
from exposure.monitor import Calibration, calibrate, episodes, find_alerts, monthly_panel, texts
from exposure.monitor.panel import missing_months
from exposure.monitor.series import parse_period, period_label
from exposure.schema import LoadReport
from exposure.screens import alert_rules


@dataclass
class MonitorResults:
    """What ``exposure monitor`` found: the monthly panel, the alerts and their episodes."""

    config: Config
    panel: pd.DataFrame
    alerts: pd.DataFrame
    episodes: pd.DataFrame
    names: dict[str, object] = field(default_factory=dict)
    load_reports: list[LoadReport] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # in the run's language, also written to stderr


def read_monthly(inputs: Inputs, config: Config) -> tuple[pd.DataFrame, list[LoadReport]]:
    """The monthly imports of ``inputs.monthly`` (or ``inputs.imports``), combined, flow M only."""
    paths = inputs.monthly or inputs.imports
    if not paths:
        raise DataError("monthly", "no monthly import file given (--monthly FILE: imports by partner and month)")
    reports: list[LoadReport] = []
    flows = combine_files(paths, "monthly", inputs, load_options(inputs, config), reports)
    flows = flows[flows["flow"] == "M"]
    if flows.empty:  # no import column read, or every import row dropped (zero values): not a question of months
        raise DataError(paths[0], "no import rows with a value (flow M) in the monthly file(s): expected imports by "
                                  "partner and month; `exposure inspect` shows which columns were read and which rows "
                                  "were dropped")
    if not (pd.to_numeric(flows["month"], errors="coerce") > 0).any():
        raise DataError(paths[0], "no monthly rows (every row is annual, month 0): the monitor needs imports by month",
                        column="month")
    # a typo in --target would otherwise read as "no alert" / "no loss": an all-clear with exit 0
    check_target_in_imports(flows, config, list(paths))
    return flows, reports


def _names(flows: pd.DataFrame) -> dict[str, object]:
    """Names by code: the shipped tables' Korean and English names, else the file's own."""
    codes = flows["code"].astype(str).drop_duplicates()
    ko, en = product_names(codes, "ko"), product_names(codes, "en")
    given = flows[flows["name"].fillna("").astype(str) != ""].drop_duplicates("code").set_index("code")["name"] \
        if "name" in flows.columns else pd.Series(dtype=object)
    out = {}
    for c, k, e in zip(codes, ko, en):
        fallback = str(given.get(c, "")) or c
        out[c] = {"ko": k or fallback, "en": e or fallback}
    return out


def _to_stderr(text: str) -> None:
    click.echo(text, err=True)


def _event_outside(flows: pd.DataFrame, event: str) -> dict[str, str] | None:
    """The months to name when the chart's month cannot centre a chart of these months (None: it can)."""
    months = pd.to_numeric(flows["month"], errors="coerce")
    mi = flows["year"][months > 0].astype("int64") * 12 + months[months > 0].astype("int64") - 1
    lo, hi, e = int(mi.min()), int(mi.max()), parse_period(event, "event")
    if lo < e <= hi:
        return None
    return dict(event=period_label(e), first=period_label(lo), last=period_label(hi), after=period_label(lo + 1))


def run_monitor(inputs: Inputs, config: Config, warn: Callable[[str], None] | None = _to_stderr,
                event_given: bool = False) -> MonitorResults:
    """Panel, alerts (graded, with evidence) and episodes of the monthly imports.

    ``warn`` receives each warning (``경고:``/``Warning:`` first; default: stderr, None: kept quiet); the
    warnings are also in ``MonitorResults.warnings`` and, in English, in the last load report's.

    Raises
    ------
    DataError
        When ``event_given`` (the analyst chose the chart's month) and that month is outside the data;
        the default month outside the data is a warning (no chart).
    """
    flows, reports = read_monthly(inputs, config)
    outside = _event_outside(flows, config.monitor_event)
    if outside and event_given:
        raise DataError((inputs.monthly or inputs.imports)[0],
                        texts.pick(texts.EVENT_OUTSIDE, config.lang).format(**outside), column="month")
    panel = monthly_panel(flows, target=config.target, reporter=config.reporter)
    alerts = find_alerts(panel, alert_rules(config), lang=config.lang)
    sources = [Path(p).name for p in (inputs.monthly or inputs.imports)]
    warnings = []
    gaps = missing_months(flows, config.reporter)
    if gaps:  # a month no product and partner has: missing data, which the panel leaves unknown (no alert)
        shown = dict(files=", ".join(sources), months=", ".join(gaps))
        warnings.append(texts.pick(texts.MISSING_MONTHS, config.lang).format(**shown))
        reports[-1].warnings.append(texts.pick(texts.MISSING_MONTHS, "en").format(**shown))
    if outside:
        for lang, into in ((config.lang, warnings), ("en", reports[-1].warnings)):
            into.append(texts.pick(texts.NO_CHART, lang).format(reason=texts.pick(texts.EVENT_OUTSIDE, lang)
                                                                .format(**outside)))
    blank = blank_amounts(reports, config.lang)
    warnings += blank
    reports[-1].warnings.extend(blank_amounts(reports, "en"))
    for w in warnings:
        if warn is not None:
            warn(("경고: " if config.lang == "ko" else "Warning: ") + w)
    return MonitorResults(config=config, panel=panel, alerts=alerts, episodes=episodes(alerts), names=_names(flows),
                          load_reports=reports, sources=sources, warnings=warnings)


def blank_amounts(reports: list[LoadReport], lang: str) -> list[str]:
    """The warning for rows of the monthly files whose amount cell is blank: left out, so the monitor and the
    calibration count that partner's month as no imports (a download omits zero rows, so absence means zero)."""
    out = []
    for rep in reports:
        rows = rep.dropped.loc[rep.dropped["reason"] == "no value", "row"].astype(int).tolist() \
            if len(rep.dropped) else []
        if rows:
            shown = ", ".join(map(str, rows[:5])) + (" …" if len(rows) > 5 else "")
            out.append(texts.pick(texts.BLANK_AMOUNTS, lang).format(files=rep.source, n=len(rows), rows=shown))
    return out


def run_calibration(inputs: Inputs, config: Config, code: str, event: str, window_months: int,
                    warn: Callable[[str], None] | None = _to_stderr) -> Calibration:
    """φ and L measured for ``code`` after ``event`` (``exposure calibrate``)."""
    flows, reports = read_monthly(inputs, config)
    for w in blank_amounts(reports, config.lang):
        if warn is not None:
            warn(("경고: " if config.lang == "ko" else "Warning: ") + w)
    if not (flows["code"].astype(str) == code).any():
        present = ", ".join(sorted(flows["code"].astype(str).unique())[:10])
        raise DataError((inputs.monthly or inputs.imports)[0], f"product {code} is not in the monthly file(s) "
                                                                f"(products: {present})", column="code")
    return calibrate(flows, code, event=event, window_months=window_months, target=config.target,
                     reporter=config.reporter)
