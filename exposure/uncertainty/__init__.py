"""How sure are we: Monte Carlo rank intervals and the sensitivity of the ranking (DESIGN §8).

The uncertain inputs fall into the parameter groups of :data:`exposure.config.NOISE_PARAMETERS`:

==================  ===========================================================================
``coverage``        scenario coverage c of every product (demand scenarios: of every sector)
``phi``             substitutable fraction φ, likewise
``buffer_days``     inventory buffer b, likewise
``lag_days``        substitution lag L, likewise
``io``              domestic and imported coefficients A^D, A^M (each cell), hence L^D = (I − A^D)⁻¹
``sme_share``       SME share of every sector
``sigma``           the CES elasticity σ (only with critical inputs under ``production = "ces"``)
``criticality``     the weight of "important" critical inputs (only where such inputs are shocked)
``overrides``       the end-use override shares (each product's shares kept to a sum ≤ 1)
``weights``         composite index weights (only when ranking by the composite)
``normalisation``   composite index normalisation (only when ranking by the composite)
==================  ===========================================================================

**Draws.** Every multiplicative group g has, in each draw, one draw-level factor f_g (shared
by all its items) and an independent factor ε_{g,k} per item k; the item's value is
point · f_g · ε_{g,k}. f_g has spread ``config.noise[g]``, ε ``config.noise_item`` times that;
both follow ``config.noise_distribution`` (lognormal with median 1, or uniform on
[1 − spread, 1 + spread]). Coverage, φ and SME shares are clipped to [0, 1]. The
normalisation group switches, with probability ``config.noise["normalisation"]``, to one
of the other normalisations. A draw that would make a sector use more than its whole output
as input (column sum of A^D + A^M ≥ 1) has that column scaled back to the table's input ratio.
Every draw is scored by the engine's own array function, :func:`exposure.risk.calc_risk`,
so with every spread 0 each draw is the point estimate and reproduces the point ranking.
Groups that cannot move the ranking are not drawn, and the sensitivity table says why:
weights and normalisation unless the ranking is by the composite, IO coefficients under a
demand-side scenario, σ unless critical inputs are scored with CES, the criticality weight
unless important inputs are shocked, override shares unless an override applies. Products
with coverage 0 (or no imports from the target) stay at 0 under multiplicative noise and are
left out of the arithmetic.

**Outputs per sector** (:func:`summarise`): median rank, 5–95 % rank interval, probability of
being in the top N (N = ``config.top_n``), mean absolute shift from the point rank, and the
median and 5–95 % interval of the SME export (and demand) value at risk.

**Sensitivity** (:func:`sensitivity_table`). A group carries per-item noise, so no single number
stands for it; the first-order index of a *group* is estimated by the pick–freeze design of
Saltelli et al. (2010, *Comput. Phys. Commun.* 181, 259–270): two independent samples A and B,
and for each group g the sample A_B^g (A with group g taken from B). With Y the rank of one sector,

    V_g  = mean(Y_B · (Y_{A_B^g} − Y_A))            first order:  S_g  = V_g / V(Y)
    VT_g = mean((Y_A − Y_{A_B^g})²) / 2             total order:  ST_g = VT_g / V(Y)

(the total-order estimator is Jansen's, 1999, *Comput. Phys. Commun.* 117, 35–43).

Sector indices are averaged with weights V(Y_j) (the sectors whose rank moves most count most),
i.e. S_g = Σ_j V_{g,j} / Σ_j V(Y_j); 1 − Σ_g S_g is the share left to interactions. The cost is
(G + 2) evaluations per draw for G noisy groups; the Leontief inverses are computed only for A and B.
Beside it, ``spearman_rho2`` is the variance-weighted mean of ρ², with ρ the Spearman correlation
between the group's draw-level factor f_g and a sector's rank (sample A): the share of rank
variance that moves monotonically with "this parameter higher across the board" (ρ² rather than
|ρ|, whose mean over sectors is biased upwards by about 0.8/√n_draws when nothing is there;
undefined for weights and normalisation, which have no such scalar factor).

**Threshold sweeps** (:func:`threshold_sweep`): each share band and the HHI threshold moved by
``config.sweep_deltas``; how many products change band, how much of the target's imports they
carry, and which sectors' sets of dependent inputs change (a sector depends on a product when
losing all of the product's imports from the target would directly cost at least
``config.input_materiality`` of the sector's output).

Modules: :mod:`~exposure.uncertainty.draws` (noise and streams), :mod:`~exposure.uncertainty.montecarlo`
(the simulation, pure arrays), :mod:`~exposure.uncertainty.kept` (what a run keeps of its draws: ranks
as small integers with their counts, SME figures in single precision for the sectors draws move),
:mod:`~exposure.uncertainty.summary` (rank intervals, sensitivity),
:mod:`~exposure.uncertainty.sweep` (threshold sweeps). :func:`attach` fills a
:class:`~exposure.results.Results` for every scenario.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping

import numpy as np
import pandas as pd

from exposure import linkage, scenarios
from exposure.results import Results
from exposure.schema import IOTable
from exposure.uncertainty.draws import NoiseSpec, calc_multipliers
from exposure.uncertainty.kept import (
    MovingColumns,
    calc_rank_counts,
    calc_rank_variance,
    decode_ranks,
    encode_ranks,
    rank_dtype,
)
from exposure.uncertainty.montecarlo import (  # Draws is defined in kept and used through here
    Draws,
    PickFreeze,
    ScenarioPoint,
    evaluate,
    point_estimate,
    simulate,
    simulate_all,
)
from exposure.uncertainty.summary import (
    SENSITIVITY_COLUMNS,
    UNCERTAINTY_COLUMNS,
    calc_count_midranks,
    calc_count_quantiles,
    calc_midranks,
    calc_sobol_share,
    calc_spearman,
    sensitivity_table,
    summarise,
)
from exposure.uncertainty.sweep import SWEEP_COLUMNS, calc_full_loss_rates, threshold_sweep

__all__ = ["Draws", "MovingColumns", "NoiseSpec", "PickFreeze", "SENSITIVITY_COLUMNS", "SWEEP_COLUMNS", "ScenarioPoint",
           "UNCERTAINTY_COLUMNS", "attach", "calc_count_midranks", "calc_count_quantiles", "calc_full_loss_rates",
           "calc_midranks", "calc_multipliers", "calc_rank_counts", "calc_rank_variance", "calc_sobol_share",
           "calc_spearman", "decode_ranks", "encode_ranks", "evaluate", "from_scenario_result", "point_estimate",
           "rank_dtype", "sensitivity_table", "simulate", "simulate_all", "summarise", "threshold_sweep"]


def from_scenario_result(result) -> tuple:
    """(model, point) of one scored scenario (:func:`exposure.scoring.run_scenario`), for :func:`simulate`."""
    return result.model, ScenarioPoint.of(result)


def attach(results: Results, runs: Mapping[str, object], io: IOTable, concordance: pd.DataFrame,
           overrides: pd.DataFrame | None) -> Results:
    """Fill ``uncertainty``, ``sensitivity`` and ``threshold_sweep`` for every scenario of the run.

    ``runs`` maps each scenario's name to its :class:`exposure.scoring.ScenarioResult` (the model
    the point scoring used: nothing is read or scored again). ``results.config.draws`` draws
    (seed ``results.config.seed``) per scenario; the same random numbers serve every scenario
    (common random numbers), so differences between scenarios are not sampling noise.

    Returns a new :class:`Results`; the input is not changed. With ``draws == 0`` the
    results are returned as they are.
    """
    config = results.config
    if config.draws <= 0:
        return results
    unc, sens, notes = [], [], []
    points = {name: (run.model, ScenarioPoint.of(run)) for name, run in runs.items()}
    for name, draws in simulate_all(points, config).items():
        point = points[name][1]
        agree = np.array_equal(np.nan_to_num(draws.point["rank"], nan=-1), np.nan_to_num(point.point_rank, nan=-1))
        if not agree:
            notes.append(f"Monte Carlo {name}: the zero-noise evaluation does not reproduce the published ranking; "
                         f"its rank intervals are not centred on it")
        unc.append(summarise(draws, config.top_n))
        sens.append(sensitivity_table(draws))
    # bands are a property of products, not of a scenario: general overrides only, no rule end uses
    prods = scenarios.analysis_year(results.products, config)
    sweep_prop = linkage.build_propagator(prods["code"].astype(str), io, concordance, overrides, config,
                                          prods["code_system"].astype(str))
    sweep = threshold_sweep(prods, sweep_prop, config)
    return dataclasses.replace(results, uncertainty=pd.concat(unc, ignore_index=True),
                               sensitivity=pd.concat(sens, ignore_index=True), threshold_sweep=sweep,
                               notes=list(results.notes) + notes)
