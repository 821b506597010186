"""Counter-measures (DESIGN §9a): remedies as files, applied on top of a scenario, valued, and the top-100 view.

- :mod:`~exposure.countermeasures.model`: :class:`Measure`, :class:`CounterMeasure`, the TOML
  format, loading and validation (shipped files in ``exposure/countermeasure_data/``);
- :mod:`~exposure.countermeasures.apply`: measures applied to a scenario's shocks
  (:func:`adjuster` for ``run_scenario(..., adjust=...)``) and to the critical-input table;
- :mod:`~exposure.countermeasures.value`: what each remedy removes, costs and removes per won;
- :mod:`~exposure.countermeasures.top100`: the top-100 export items with drivers and best remedy;
- :mod:`~exposure.countermeasures.texts`: Korean and English texts and the column dictionary;
- :mod:`~exposure.countermeasures.tables`: the tables of a whole run (every supply scenario valued
  against its baseline, stacked, and the top-100 view), for :func:`exposure.pipeline.run`.

Examples
--------
>>> from exposure import countermeasures
>>> countermeasures.available()
['stockpile-90d', 'diversify-chemicals', 'localise-three-items', 'fast-track-licences']
>>> countermeasures.load("localise-three-items").measures[0].domestic_share
0.3
"""

from exposure.countermeasures.apply import (
    APPLIED_COLUMN,
    adjust_critical,
    adjuster,
    apply_countermeasures,
    calc_combined,
)
from exposure.countermeasures.model import (
    FILE_KEYS,
    KIND_KEYS,
    KINDS,
    MEASURE_KEYS,
    CounterMeasure,
    Measure,
    available,
    from_mapping,
    load,
    load_many,
    shipped,
)
from exposure.countermeasures.tables import RunTables, run_tables
from exposure.countermeasures.texts import COLUMNS, TEXTS, explain
from exposure.countermeasures.top100 import DRIVER_COLUMNS, item_drivers, item_sme_share, top100_view
from exposure.countermeasures.value import (
    ALL,
    BASELINE,
    RunInputs,
    Valuation,
    calc_carrying_cost,
    calc_cost,
    calc_per_million_krw,
    calc_stock_value,
    ranking,
    value_countermeasures,
    value_shipped,
)

__all__ = [
    "ALL", "APPLIED_COLUMN", "BASELINE", "COLUMNS", "DRIVER_COLUMNS", "FILE_KEYS", "KINDS", "KIND_KEYS",
    "MEASURE_KEYS", "TEXTS", "CounterMeasure", "Measure", "RunInputs", "RunTables", "Valuation", "adjust_critical",
    "adjuster", "apply_countermeasures", "available", "calc_carrying_cost", "calc_combined", "calc_cost",
    "calc_per_million_krw", "calc_stock_value", "explain", "from_mapping", "item_drivers",
    "item_sme_share", "load", "load_many", "ranking", "run_tables", "shipped", "top100_view",
    "value_countermeasures", "value_shipped",
]
