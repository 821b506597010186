"""The counter-measure tables of a whole run: every supply scenario valued, stacked, and the top-100 view.

:func:`run_tables` is what :func:`exposure.pipeline.run` calls once every scenario has been
scored: it values the counter-measures under each supply scenario against the run's own
baseline (:func:`~exposure.countermeasures.value_countermeasures` with ``baseline=``, so no
scenario is scored twice), stacks the summaries, sector and item tables over the scenarios,
and builds the top-100 view over all the scenarios (drivers listed even without
counter-measures). Demand-side scenarios (export retaliation) are not valued: counter-measures
act on imported supply, so they would remove nothing, and a note says so.

Texts for the run's notes and warnings are English, like the rest of the engine's; their
Korean is in :data:`~exposure.countermeasures.texts.TEXTS` (the codes) and the report
translates them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from exposure.countermeasures.model import CounterMeasure
from exposure.countermeasures.texts import explain
from exposure.countermeasures.top100 import top100_view
from exposure.countermeasures.value import RunInputs, Valuation, value_countermeasures
from exposure.scenarios import Scenario
from exposure.schema.outputs import COUNTERMEASURE_ITEMS, COUNTERMEASURE_SECTORS, COUNTERMEASURES
from exposure.scoring import ScenarioResult

#: the note for a demand-side scenario under which nothing is valued
DEMAND_NOTE = ("Counter-measures are not valued under the demand-side scenario {name!r}: they act on imported "
               "supply, not on exports to the target.")
#: the warning for a carrying cost no rate converts
IDLE_WARNING = ("{source}: counter-measure {name!r}: measure {measure!r} selects no product of the run (codes "
                "{codes}): it removes nothing; check the codes (HS6 or HSK10, with their leading zeros)")
NO_RATE_WARNING = ("{source}: counter-measure {name!r}: annual_rate = {rate:g} is a carrying cost in USD and no "
                   "won-per-dollar rate is given (expected krw_per_usd in the file, or a run rate: --fx KRW=… or "
                   "fx_rates in the config); its cost in won and the risk it removes per won are left blank")


@dataclass
class RunTables:
    """The counter-measure tables of a run (each empty, without columns, when the run has none)."""

    summary: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_sector: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_item: pd.DataFrame = field(default_factory=pd.DataFrame)
    top100: pd.DataFrame = field(default_factory=pd.DataFrame)
    valuations: dict[str, Valuation] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def run_tables(inputs: RunInputs, scenarios: Sequence[Scenario], runs: Mapping[str, ScenarioResult],
               countermeasures: Sequence[CounterMeasure] = ()) -> RunTables:
    """Value ``countermeasures`` under each supply scenario and build the top-100 view.

    Parameters
    ----------
    inputs : RunInputs
        What every scenario of the run was scored with.
    scenarios : sequence of Scenario
        The run's scenarios, in run order.
    runs : mapping scenario name → ScenarioResult
        Each scenario's baseline, ``inputs.run(scenario)``.
    countermeasures : sequence of CounterMeasure
        None: only the top-100 view (when the run has export items).
    """
    out = RunTables()
    cms = tuple(countermeasures)
    out.warnings += idle_measure_warnings(cms, inputs.products["code"].astype(str))
    if cms:
        for scen in scenarios:
            if scen.kind == "demand":
                out.notes.append(DEMAND_NOTE.format(name=scen.name))
                continue
            out.valuations[scen.name] = value_countermeasures(inputs, scen, cms, baseline=runs[scen.name])
        out.summary = _stack([v.summary for v in out.valuations.values()], COUNTERMEASURES.names)
        out.by_sector = _stack([v.by_sector for v in out.valuations.values()], COUNTERMEASURE_SECTORS.names)
        out.by_item = _stack([v.by_item for v in out.valuations.values()], COUNTERMEASURE_ITEMS.names)
        codes = dict.fromkeys(c for v in out.valuations.values() for c in v.notes if c != "no_rate")
        out.notes += [explain(c, "en") for c in codes]
        if any("no_rate" in v.notes for v in out.valuations.values()):
            out.warnings += [NO_RATE_WARNING.format(source=cm.source, name=cm.name, rate=cm.annual_rate)
                             for cm in cms if cm.annual_rate is not None and cm.krw_per_usd is None]
    if inputs.export_items is not None and len(inputs.export_items):
        out.top100 = top100_view(inputs.export_items, [runs[s.name] for s in scenarios], inputs.mti_concordance,
                                 out.valuations)
    return out


def idle_measure_warnings(cms: Sequence[CounterMeasure], codes: pd.Series) -> list[str]:
    """A measure that selects no product of the run removes nothing and costs nothing: said, not ranked silently
    (a mistyped code, or a code of another system)."""
    out = []
    for cm in cms:
        for m in cm.measures:
            if not m.all and not m.match(codes).any():
                shown = ", ".join(m.codes[:5]) + (" …" if len(m.codes) > 5 else "")
                out.append(IDLE_WARNING.format(source=cm.source, name=cm.name, measure=m.label, codes=shown))
    return out


def _stack(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
