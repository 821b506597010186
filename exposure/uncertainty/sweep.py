"""Threshold sweeps: what changes band when the dependence thresholds move (DESIGN §8).

Each share band and the HHI threshold are moved by ``config.sweep_deltas``; the table says how
many products change band, how much of the target's imports they carry, and which sectors' sets
of dependent inputs change. Bands and concentration use the indicators' own rules
(:func:`exposure.indicators.calc_reaches`, :func:`exposure.indicators.calc_exceeds`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from exposure import linkage
from exposure.config import Config
from exposure.indicators import calc_exceeds, calc_reaches
from exposure.linkage import Propagator
from exposure.schema import SWEEP

SWEEP_COLUMNS = SWEEP.names


def calc_full_loss_rates(propagator: Propagator, target_imports: np.ndarray) -> np.ndarray:
    """(K, n) direct rate of each sector if all of one product's imports from the target were lost.

    r(k,j) = Σ_i min(T_k keep_k W(k,i) / M_i, cap_share) · a^M(i,j) + T_k σ(k,j) / x_j: the first
    round of :meth:`~exposure.linkage.Propagator.exposure` for the shortfall S = T_k of product k
    alone (no look-through), with T_k its imports from the target (NaN counts as 0).
    """
    T = np.nan_to_num(np.asarray(target_imports, float), nan=0.0)
    part = (T * propagator.keep)[:, None] * propagator.W  # (K, n) shortfall by supplying group
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(propagator.M > 0, part / np.where(propagator.M > 0, propagator.M, 1.0),
                     np.where(part > 0, np.inf, 0.0))
    s = np.minimum(s, propagator.cap_share)
    return s @ propagator.Am + T[:, None] * propagator.O * linkage._recip(propagator.x)[None, :]


def threshold_sweep(products: pd.DataFrame, propagator: Propagator, config: Config) -> pd.DataFrame:
    """Move each share band and the HHI threshold by ``config.sweep_deltas``: what changes band.

    Share bands use share ≥ threshold and the HHI uses HHI > threshold (as the indicators
    do). A product changes when its flag differs between the threshold and the swept one. A
    sector depends on a product when losing all of the product's imports from the target
    would directly cost at least ``config.input_materiality`` of its output
    (:func:`calc_full_loss_rates`); it changes when its set of flagged dependencies does.
    Swept thresholds are clipped to [0, 1]. Products without the indicator never change.
    """
    prod = products.reset_index(drop=True)
    key = pd.MultiIndex.from_arrays([prod["code"].astype(str), prod["code_system"].astype(str)])
    pos = pd.MultiIndex.from_arrays([propagator.codes, propagator.code_systems]).get_indexer(key)
    value = pd.to_numeric(prod["target_import_usd"], errors="coerce").to_numpy(dtype=float) \
        if "target_import_usd" in prod.columns else np.full(len(prod), np.nan)
    T = np.zeros(len(propagator.codes))
    T[pos[pos >= 0]] = np.nan_to_num(value[pos >= 0], nan=0.0)
    use = calc_full_loss_rates(propagator, T) >= max(config.input_materiality, 1e-300)
    use_p = np.zeros((len(prod), len(propagator.sectors)), bool)
    use_p[pos >= 0] = use[pos[pos >= 0]]
    specs = [("target_share", b, True) for b in config.share_bands] + \
            [("import_hhi", config.hhi_concentrated, False)]
    rows = []
    for indicator, t, at_least in specs:
        x = pd.to_numeric(prod[indicator], errors="coerce").to_numpy(dtype=float) if indicator in prod.columns \
            else np.full(len(prod), np.nan)
        rule = calc_reaches if at_least else calc_exceeds  # the indicators' own rules
        flag0 = rule(x, t)
        for d in config.sweep_deltas:
            t1 = float(np.clip(round(t + d, 12), 0.0, 1.0))
            flag1 = rule(x, t1)
            changed = flag0 != flag1
            sec = use_p[changed].any(axis=0)
            rows.append(dict(indicator=indicator, threshold=t, delta=d, swept_threshold=t1,
                             products_flagged=int(flag0.sum()), products_flagged_swept=int(flag1.sum()),
                             products_changed=int(changed.sum()),
                             changed_target_import_usd=float(np.nansum(value[changed])),
                             sectors_changed=int(sec.sum()),
                             sectors=", ".join(np.asarray(propagator.sectors, dtype=object)[sec])))
    return pd.DataFrame(rows, columns=SWEEP_COLUMNS)
