"""Escalation scenarios (DESIGN §6): the file format, its condition language and its application.

- :mod:`~exposure.scenarios.conditions`: the condition mini-language of rules;
- :mod:`~exposure.scenarios.model`: :class:`Rule`, :class:`Scenario`, loading and validation;
- :mod:`~exposure.scenarios.shocks`: applying a scenario: coverage, parameters and the time profile per product.

Examples
--------
>>> from exposure import scenarios
>>> scenarios.available()[:2]
['2019-three-items', 'white-list-removal']
>>> scenarios.load("full-embargo").rules[0].coverage
1.0
"""

from exposure.scenarios.shocks import (
    DAYS_PER_YEAR,
    SHOCK_COLUMNS,
    UNMATCHED_COLUMNS,
    analysis_year,
    apply,
    apply_demand,
    calc_lost_days,
    calc_over_horizon,
    calc_per_year,
    calc_shortfall,
    calc_shortfall_profile,
    calc_unreplaced_days,
    check_target,
    demand_parameters,
    end_use_overrides,
    match_demand_rules,
    match_rules,
    unmatched_entries,
)
from exposure.scenarios.conditions import Condition
from exposure.scenarios.model import (
    KINDS,
    PARAMETERS,
    RULE_KEYS,
    SCENARIO_KEYS,
    Rule,
    Scenario,
    available,
    expand_prefixes,
    from_mapping,
    is_file_reference,
    load,
    with_changes,
)

__all__ = [
    "DAYS_PER_YEAR", "KINDS", "PARAMETERS", "RULE_KEYS", "SCENARIO_KEYS", "SHOCK_COLUMNS", "UNMATCHED_COLUMNS",
    "Condition", "Rule", "Scenario", "analysis_year", "apply", "apply_demand", "available", "calc_lost_days",
    "calc_over_horizon", "calc_per_year", "calc_shortfall", "calc_shortfall_profile", "calc_unreplaced_days",
    "check_target", "demand_parameters", "end_use_overrides", "expand_prefixes", "from_mapping",
    "is_file_reference", "load", "match_demand_rules", "match_rules", "unmatched_entries", "with_changes",
]
