"""Is each text value one of a set of members? Hashed once, on pandas 2.2 and 3.x alike.

pandas 3 stores text as Arrow strings, and ``Series.isin`` on them turns every member into an
Arrow scalar, one Python call per member: matching 4,226 product codes against a concordance of
6,000 costs ~60 ms a call on pandas 3.1 against ~1 ms on pandas 2.2, and the scoring chain makes
such calls dozens of times. Comparing as Python objects uses pandas' hash table on both versions.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


def isin(values: pd.Series | pd.Index | np.ndarray | Iterable, members: Iterable) -> np.ndarray:
    """Boolean array: is each of ``values`` among ``members``, compared as Python objects.

    Same answer as ``pd.Series(values).isin(members)`` for text: ``"010121"`` never equals the
    number ``10121``, and a missing value (None, NaN, pd.NA) matches a missing member of any spelling.

    Parameters
    ----------
    values : Series, Index, array or iterable
        The values to look up (in their order).
    members : iterable
        The set to look them up in (a Series, Index, array, list, set or dict's keys).

    Returns
    -------
    ndarray of bool, one per value (positional: it carries no index).

    Examples
    --------
    >>> isin(pd.Series(["010121", "281111", None]), {"281111": 0, "999999": 1}).tolist()
    [False, True, False]
    """
    left, right = _objects(values), _objects(members)
    if not len(left) or not len(right):
        return np.zeros(len(left), dtype=bool)
    return pd.Series(left, dtype=object, copy=False).isin(right).to_numpy(dtype=bool)


def _objects(values: object) -> np.ndarray:
    """The values as a one-dimensional object array, every missing value spelled None."""
    if isinstance(values, (pd.Series, pd.Index)):
        out = values.to_numpy(dtype=object)
    else:
        items = values if isinstance(values, (list, np.ndarray)) else list(values)  # type: ignore[call-overload]
        out = np.empty(len(items), dtype=object)
        out[:] = items
    missing = pd.isna(out)
    if missing.any():  # None, NaN and pd.NA are one missing value, as for pandas' text dtype
        out = out.copy()
        out[missing] = None
    return out
