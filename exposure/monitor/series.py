"""Formulas on monthly series (the last axis of an array is the month) and the month axis itself.

Used by :mod:`exposure.monitor.panel` (baselines, the robust score) and the calibration. Months
are counted on one axis, ``year·12 + month − 1``; labels are ``"YYYY-MM"``.
"""

from __future__ import annotations

import warnings

import numpy as np

from exposure.errors import ConfigError

#: Consistency constant of the MAD for normally distributed deviations.
MAD_SCALE = 1.4826

_CHUNK = 512  # rows per block of the trailing-window median (memory: chunk × months × window)


# --------------------------------------------------------------------------- months
def month_index(year: int | np.ndarray, month: int | np.ndarray) -> np.ndarray:
    """Months on one axis: ``year·12 + month − 1``.

    Examples
    --------
    >>> int(month_index(2019, 7) - month_index(2018, 7))
    12
    """
    return np.asarray(year, dtype="int64") * 12 + np.asarray(month, dtype="int64") - 1


def period_label(index: int | np.ndarray) -> str | list[str]:
    """``"YYYY-MM"`` of a month index (a list for an array).

    Examples
    --------
    >>> period_label(month_index(2019, 7))
    '2019-07'
    """
    arr = np.asarray(index, dtype="int64")
    labels = [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in arr.ravel()]
    return labels[0] if arr.ndim == 0 else labels


def parse_period(text: str | int, what: str = "month") -> int:
    """Month index of ``"YYYY-MM"`` (also ``"YYYY-M"``, ``"YYYYMM"``).

    Raises
    ------
    ConfigError
        When the text is not a month.

    Examples
    --------
    >>> period_label(parse_period("2019-7"))
    '2019-07'
    """
    s = str(text).strip()
    if "-" in s:
        y, _, m = s.partition("-")
    elif s.isdigit() and len(s) == 6:
        y, m = s[:4], s[4:]
    else:
        y, m = "", ""
    if not (y.isdigit() and m.isdigit() and len(y) == 4 and 1 <= int(m) <= 12):
        raise ConfigError(f"{what} must be a month written YYYY-MM (e.g. 2019-07), got {text!r}")
    return int(month_index(int(y), int(m)))


# --------------------------------------------------------------------------- formulas on arrays
def calc_lag(values: np.ndarray, k: int) -> np.ndarray:
    """``values`` shifted k months later along the last axis: out[..., t] = values[..., t − k] (NaN before).

    Examples
    --------
    >>> calc_lag(np.array([1.0, 2.0, 3.0]), 2).tolist()
    [nan, nan, 1.0]
    """
    v = np.asarray(values, dtype=float)
    out = np.full(v.shape, np.nan)
    if 0 < k < v.shape[-1]:
        out[..., k:] = v[..., :-k]
    elif k == 0:
        out = v.copy()
    return out


def calc_change(value: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Relative change ``value / reference − 1``; NaN where the reference is not positive or missing.

    Examples
    --------
    >>> calc_change(np.array([50.0, 3.0, 1.0]), np.array([100.0, 0.0, np.nan])).tolist()
    [-0.5, nan, nan]
    """
    v = np.asarray(value, dtype=float)
    r = np.asarray(reference, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(r > 0, v / np.where(r > 0, r, 1.0) - 1.0, np.nan)


def calc_seasonal_baseline(values: np.ndarray, years: int = 3, min_years: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Mean of the same calendar month in the previous ``years`` years, and how many years it used.

    ``values`` are monthly (last axis), NaN where not observed. Unobserved years are left
    out of the mean; with fewer than ``min_years`` observed the baseline is NaN.

    Examples
    --------
    >>> v = np.array([10.0] * 12 + [20.0] * 12 + [np.nan] * 12 + [5.0])
    >>> base, n = calc_seasonal_baseline(v)
    >>> float(base[-1]), int(n[-1])
    (15.0, 2)
    """
    v = np.asarray(values, dtype=float)
    lagged = np.stack([calc_lag(v, 12 * j) for j in range(1, years + 1)], axis=-1)
    n = (~np.isnan(lagged)).sum(axis=-1)
    total = np.nansum(lagged, axis=-1)
    base = np.where(n >= min_years, total / np.maximum(n, 1), np.nan)
    return base, n


def calc_log_deviation(value: np.ndarray, baseline: np.ndarray, floor: float = 0.05) -> np.ndarray:
    """Seasonal log deviation ln((v/b + f) / (1 + f)); 0 when v = b, NaN where b is not positive.

    Examples
    --------
    >>> calc_log_deviation(np.array([100.0, 0.0]), np.array([100.0, 100.0])).round(4).tolist()
    [0.0, -3.0445]
    """
    ratio = calc_change(value, baseline) + 1.0
    with np.errstate(invalid="ignore"):
        return np.log((ratio + floor) / (1.0 + floor))


def calc_robust_score(deviation: np.ndarray, window: int = 36, min_months: int = 24,
                      min_scale: float = 0.05) -> np.ndarray:
    """Robust z-score of each month's deviation against the ``window`` months before it.

    z(t) = (d(t) − median(D)) / max(1.4826 · median(|D − median(D)|), min_scale), with D the valid
    deviations among d(t − window) … d(t − 1); NaN when D has fewer than ``min_months`` values or
    d(t) is NaN. Works along the last axis.

    Examples
    --------
    Window 4, history 0, 0.1, −0.1, 0.2: median 0.05, MAD 0.1, scale 0.14826;
    d = −0.4 scores (−0.4 − 0.05) / 0.14826 = −3.035.

    >>> d = np.array([0.0, 0.1, -0.1, 0.2, -0.4])
    >>> round(float(calc_robust_score(d, window=4, min_months=4)[-1]), 3)
    -3.035
    """
    d = np.asarray(deviation, dtype=float)
    flat = d.reshape(-1, d.shape[-1])
    out = np.full(flat.shape, np.nan)
    for lo in range(0, flat.shape[0], _CHUNK):
        block = flat[lo:lo + _CHUNK]
        pad = np.concatenate([np.full((block.shape[0], window), np.nan), block[:, :-1]], axis=1)
        win = np.lib.stride_tricks.sliding_window_view(pad, window, axis=1)  # win[:, t] = d[t-window .. t-1]
        count = (~np.isnan(win)).sum(axis=-1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN windows: masked below
            med = np.nanmedian(win, axis=-1)
            mad = np.nanmedian(np.abs(win - med[..., None]), axis=-1)
        scale = np.maximum(MAD_SCALE * mad, min_scale)
        with np.errstate(divide="ignore", invalid="ignore"):  # a zero scale only with min_scale = 0
            z = (block - med) / scale
        out[lo:lo + _CHUNK] = np.where(count >= min_months, z, np.nan)
    return out.reshape(d.shape)


def calc_trailing_sum(values: np.ndarray, months: int = 12) -> np.ndarray:
    """Σ v(t − months) … v(t − 1) along the last axis; NaN unless all those months are observed.

    Examples
    --------
    >>> calc_trailing_sum(np.array([1.0, 2.0, 3.0, np.nan, 5.0]), 2).tolist()
    [nan, nan, 3.0, 5.0, nan]
    """
    v = np.asarray(values, dtype=float)
    known = ~np.isnan(v)
    zeros = np.zeros(v.shape[:-1] + (1,))
    csum = np.concatenate([zeros, np.cumsum(np.where(known, v, 0.0), axis=-1)], axis=-1)
    ccount = np.concatenate([zeros, np.cumsum(known, axis=-1)], axis=-1)
    n = v.shape[-1]
    out = np.full(v.shape, np.nan)
    if months < n + 1:
        t = np.arange(months, n)
        s = csum[..., t] - csum[..., t - months]
        c = ccount[..., t] - ccount[..., t - months]
        out[..., t] = np.where(c == months, s, np.nan)
    return out


def calc_share_arrays(part: np.ndarray, total: np.ndarray) -> np.ndarray:
    """``part / total`` where the total is positive, else NaN.

    Examples
    --------
    >>> calc_share_arrays(np.array([1.0, 1.0]), np.array([4.0, 0.0])).tolist()
    [0.25, nan]
    """
    p = np.asarray(part, dtype=float)
    t = np.asarray(total, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(t > 0, p / np.where(t > 0, t, 1.0), np.nan)
