"""The canonical tables every part of the tool speaks (DESIGN §3), in one place.

- :mod:`~exposure.schema.core`: :class:`Column`, :class:`TableSpec`, validation at the boundaries;
- :mod:`~exposure.schema.inputs`: the input tables (TradeFlows, ExportItems, SectorProfile,
  Concordance), :class:`IOTable` and the :class:`LoadReport` of every loader;
- :mod:`~exposure.schema.outputs`: every output column, declared once with its labels, and one spec
  per output table.

Values are USD (never thousand USD) as float64; codes are strings that keep their leading zeros.
"""

from exposure.schema.core import (
    BOOL,
    FLOAT,
    INT,
    NULLABLE_BOOL,
    NULLABLE_INT,
    STR,
    Column,
    TableSpec,
    coerce,
    validate,
)
from exposure.schema.inputs import (
    CONCORDANCE,
    DROPPED_COLUMNS,
    EXPORT_ITEMS,
    SECTOR_PROFILE,
    TOTALS_COLUMNS,
    TRADE_FLOWS,
    UNKNOWN_PARTNER,
    WORLD,
    IOTable,
    LoadReport,
    empty_dropped,
)
from exposure.schema.outputs import (
    CATALOGUE,
    CRITICAL,
    DRIVERS,
    DROPPED,
    EXPORT_ITEMS_AT_RISK,
    FLAGS,
    INPUTS,
    MONTHLY,
    OUTPUTS,
    PRODUCTS,
    SCENARIOS,
    SECTORS,
    SENSITIVITY,
    SHOCK_RULE_COLUMNS,
    SHOCKS,
    SWEEP,
    TOTALS,
    UNCERTAINTY,
    VALIDATION,
    WEEKLY,
)

__all__ = [
    "BOOL", "CATALOGUE", "CONCORDANCE", "CRITICAL", "Column", "DRIVERS", "DROPPED", "DROPPED_COLUMNS",
    "EXPORT_ITEMS", "EXPORT_ITEMS_AT_RISK", "FLAGS", "FLOAT", "INPUTS", "INT", "IOTable", "LoadReport", "MONTHLY",
    "NULLABLE_BOOL", "NULLABLE_INT", "OUTPUTS", "PRODUCTS", "SCENARIOS", "SECTORS", "SECTOR_PROFILE", "SENSITIVITY",
    "SHOCKS", "SHOCK_RULE_COLUMNS", "STR", "SWEEP", "TOTALS", "TOTALS_COLUMNS", "TRADE_FLOWS", "TableSpec",
    "UNCERTAINTY", "UNKNOWN_PARTNER", "VALIDATION", "WEEKLY", "WORLD", "coerce", "empty_dropped", "validate",
]
