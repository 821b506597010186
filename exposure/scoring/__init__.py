"""Scoring (DESIGN §7): sector exposure, value at risk, SME weighting, ranking and decomposition.

- :mod:`~exposure.scoring.ranking`: value at risk and ranks on arrays (composite index included);
- :mod:`~exposure.scoring.model`: tables → the arrays of :class:`exposure.risk.RiskModel`;
- :mod:`~exposure.scoring.tables`: the arrays → sector, driver and weekly-profile tables;
- :mod:`~exposure.scoring.items`: the top-100 export items through their sectors;
- :mod:`~exposure.scoring.run`: one scenario end to end (:func:`run_scenario`).

The figures themselves come from one array function, :func:`exposure.risk.calc_risk`, which the
Monte Carlo calls too.
"""

from exposure.scoring.items import exports_to_target_from_items, item_sectors, score_export_items
from exposure.scoring.ranking import (
    calc_composite,
    calc_normalised,
    calc_ranks,
    calc_value_at_risk,
    rank_basis,
    rank_values,
)
from exposure.scoring.run import ScenarioResult, run_scenario

__all__ = ["ScenarioResult", "calc_composite", "calc_normalised", "calc_ranks", "calc_value_at_risk",
           "exports_to_target_from_items", "item_sectors", "rank_basis", "rank_values", "run_scenario",
           "score_export_items"]
