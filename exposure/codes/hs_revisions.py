"""Convert HS6 codes and values between the HS2012, HS2017 and HS2022 revisions.

The links come from the UN Statistics Division conversion and correlation
tables (``data/hs{new}_hs{old}.csv``). Two link sets are offered:

``method="standard"`` (default)
    newer → older: UNSD's *conversion* table, which gives every newer code
    exactly one older code, so nothing is split. older → newer: the same
    pairs read backwards (an older code is split over the newer codes UNSD
    converts into it), plus the correlation links of the few older codes
    that no newer code converts into. This keeps, for instance, laptops
    (847130) out of HS2022's e-waste heading 8549, which the correlation
    table links to a thousand HS2017 codes.
``method="correlation"``
    every pair of codes whose content overlaps, in either direction.

Where a code has several targets, its value is split equally by default or
in proportion to trade values the user supplies for the target codes
(``weights``). The weights of each source code sum to 1, so value is
conserved; codes the table does not know are reported, never dropped
silently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from exposure.codes.normalize import normalize_codes
from exposure.errors import DataError
from exposure.members import isin

REVISIONS = ("2012", "2017", "2022")
REPORT_COLUMNS = ["code", "status", "n_targets", "detail"]
_COMTRADE = {"H4": "2012", "H5": "2017", "H6": "2022"}


def hs_revision(label: object) -> str:
    """The four-digit HS revision named by ``label``.

    Accepts ``2017``, ``"17"``, ``"HS2017"``, ``"HS6-2017"``, ``"H5"``.

    Examples
    --------
    >>> hs_revision("HS6-2017"), hs_revision(12), hs_revision("H6")
    ('2017', '2012', '2022')
    """
    text = str(label).strip().upper()
    if text in _COMTRADE:
        return _COMTRADE[text]
    match = re.search(r"(\d{4}|\d{2})$", text)
    year = match.group(1) if match else ""
    year = "20" + year if len(year) == 2 else year
    if year not in REVISIONS:
        raise ValueError(f"unknown HS revision {label!r}; expected one of {', '.join(REVISIONS)}")
    return year


@lru_cache(maxsize=6)
def _table(new: str, old: str) -> pd.DataFrame:
    path = resources.files("exposure.codes") / "data" / f"hs{new}_hs{old}.csv"
    with path.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype={f"hs{new}": str, f"hs{old}": str, "relationship": str, "conversion": int})


def revision_links(from_rev: object, to_rev: object, method: str = "standard") -> pd.DataFrame:
    """The code pairs used to convert from one HS revision to another.

    Parameters
    ----------
    from_rev, to_rev : str or int
        HS revisions (see :func:`hs_revision`).
    method : {"standard", "correlation"}
        Which links (see the module docstring).

    Returns
    -------
    pandas.DataFrame
        ``from_code, to_code, relationship`` (UNSD's 1:1, n:1, 1:n, n:n,
        read from newer to older), one row per link.
    """
    src, dst = hs_revision(from_rev), hs_revision(to_rev)
    if method not in ("standard", "correlation"):
        raise ValueError(f"unknown method {method!r}; expected 'standard' or 'correlation'")
    if src == dst:
        raise ValueError(f"from_rev and to_rev are both HS{src}")
    new, old = max(src, dst), min(src, dst)
    table = _table(new, old)
    forward = src == new
    cols = {f"hs{new}": "from_code" if forward else "to_code", f"hs{old}": "to_code" if forward else "from_code"}
    links = table.rename(columns=cols)
    if method == "standard":
        conv = links[links["conversion"] == 1]
        if not forward:  # older codes no newer code converts into keep their correlation links
            missing = ~isin(links["from_code"], conv["from_code"])
            conv = pd.concat([conv, links[missing]], ignore_index=True)
        links = conv
    return links[["from_code", "to_code", "relationship"]].sort_values(["from_code", "to_code"]).reset_index(drop=True)


def hs_concordance(
    from_rev: object,
    to_rev: object,
    weights: pd.Series | pd.DataFrame | None = None,
    method: str = "standard",
) -> pd.DataFrame:
    """Conversion weights between two HS revisions as a Concordance table.

    Parameters
    ----------
    from_rev, to_rev : str or int
        HS revisions.
    weights : Series or DataFrame, optional
        Trade values of the *target* codes used to split one-to-many links:
        a Series indexed by target HS6 code, or a DataFrame with columns
        ``code`` and ``value``. Missing codes count as 0. Codes whose
        targets all have zero weight are split equally (``weight_basis``
        says so). Default: equal split.
    method : {"standard", "correlation"}
        Which links (see the module docstring).

    Returns
    -------
    pandas.DataFrame
        ``from_code, to_code, weight, n_targets, weight_basis``; the weights
        of each ``from_code`` sum to 1. ``weight_basis`` is ``"single"``,
        ``"equal"``, ``"trade"`` or ``"equal (no trade weights)"``.

    Raises
    ------
    DataError
        If the weights are negative or not numbers.
    """
    links = revision_links(from_rev, to_rev, method)
    n = links.groupby("from_code")["to_code"].transform("size")
    out = links.assign(n_targets=n.astype("int64"), weight=1.0 / n)
    basis = np.where(n == 1, "single", "equal")
    if weights is not None:
        trade = _weight_series(weights).reindex(out["to_code"]).fillna(0.0).to_numpy()
        total = pd.Series(trade).groupby(out["from_code"].to_numpy()).transform("sum").to_numpy()
        use = (total > 0) & (n.to_numpy() > 1)
        out["weight"] = np.where(use, trade / np.where(total > 0, total, 1.0), out["weight"])
        basis = np.where(use, "trade", np.where(n > 1, "equal (no trade weights)", "single"))
    out["weight_basis"] = basis
    return out[["from_code", "to_code", "weight", "n_targets", "weight_basis"]]


def _weight_series(weights: pd.Series | pd.DataFrame) -> pd.Series:
    if isinstance(weights, pd.DataFrame):
        missing = [c for c in ("code", "value") if c not in weights.columns]
        if missing:
            raise DataError("weights", f"expected columns 'code' and 'value', missing {missing}")
        weights = pd.Series(weights["value"].to_numpy(), index=weights["code"].to_numpy())
    values = pd.to_numeric(pd.Series(weights.to_numpy()), errors="coerce")
    if values.isna().any() or (values < 0).any():
        bad = weights.iloc[int(np.flatnonzero(values.isna() | (values < 0))[0])]
        raise DataError("weights", f"expected non-negative trade values, got '{bad}'")
    codes = normalize_codes(pd.Series(weights.index), "HS6", source="weights", column="code")
    return pd.Series(values.to_numpy(), index=codes.to_numpy()).groupby(level=0).sum()


def convert_hs(
    df: pd.DataFrame,
    code_col: str,
    value_cols: str | Sequence[str],
    from_rev: object,
    to_rev: object,
    weights: pd.Series | pd.DataFrame | None = None,
    method: str = "standard",
    keep: Sequence[str] | None = None,
    source: str = "",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Convert a table of HS6 codes and values to another HS revision.

    Parameters
    ----------
    df : pandas.DataFrame
        The data; not modified.
    code_col : str
        Column with HS6 codes of ``from_rev`` (lost leading zeros are restored).
    value_cols : str or sequence of str
        Numeric columns split with the weights (values, quantities).
    from_rev, to_rev : str or int
        HS revisions, e.g. ``"2017"``, ``"HS6-2012"``, ``"H6"``.
    weights : Series or DataFrame, optional
        Trade values of target codes for splitting (see :func:`hs_concordance`).
    method : {"standard", "correlation"}
        Which links (see the module docstring).
    keep : sequence of str, optional
        Other columns to carry; rows are summed over ``keep`` + code. Default:
        every other column, so drop descriptive columns (product names)
        first or name the keys here. A ``code_system`` column among them is
        set to ``HS6-<to_rev>``.
    source : str, optional
        File name for error messages and the report.

    Returns
    -------
    converted : pandas.DataFrame
        ``keep`` columns, ``code_col`` in the new revision and the value
        columns, summed per key.
    report : pandas.DataFrame
        One row per source code that was not converted one-to-one:
        ``code, status, n_targets, detail`` and the value columns (the
        code's values in the input). ``status`` is ``"unmatched"`` (not in
        the table; its value is *not* in ``converted``) or ``"split"``.

    Raises
    ------
    DataError
        If a column is missing or not numeric, or a code is not an HS6 code.

    Examples
    --------
    >>> df = pd.DataFrame({"code": ["847130"], "value": [100.0]})
    >>> convert_hs(df, "code", "value", 2017, 2012)[0].values.tolist()
    [['847130', 100.0]]
    """
    values = [value_cols] if isinstance(value_cols, str) else list(value_cols)
    for col in [code_col, *values, *(keep or [])]:
        if col not in df.columns:
            raise DataError(source, f"expected a column '{col}'", column=col)
    for col in values:
        if not pd.api.types.is_numeric_dtype(df[col]):
            raise DataError(source, "expected numbers in a value column", column=col)
    keys = [c for c in df.columns if c not in (code_col, *values)] if keep is None else list(keep)
    table = hs_concordance(from_rev, to_rev, weights, method)
    codes = normalize_codes(df[code_col], "HS6", source=source, column=code_col)
    work = df[keys + values].assign(_from=codes.to_numpy())
    matched = isin(work["_from"], table["from_code"])

    merged = work[matched].merge(table, left_on="_from", right_on="from_code", how="inner")
    scaled = merged[keys].assign(**{code_col: merged["to_code"]})
    for col in values:
        scaled[col] = merged[col].to_numpy(dtype="float64") * merged["weight"].to_numpy()
    group = keys + [code_col]
    converted = scaled.groupby(group, dropna=False, sort=False, as_index=False)[values].sum(min_count=1)
    if "code_system" in converted.columns:
        converted["code_system"] = f"HS6-{hs_revision(to_rev)}"
    order = [c for c in df.columns if c in set(group) | set(values)]
    converted = converted[order].sort_values([code_col], kind="stable").reset_index(drop=True)
    return converted, _report(work, matched, table, values, from_rev, to_rev)


def _report(work, matched, table, values, from_rev, to_rev) -> pd.DataFrame:
    sums = work.groupby("_from", sort=True)[values].sum(min_count=1)
    unmatched = sums.loc[sorted(set(work.loc[~matched, "_from"]))]
    rows = [pd.DataFrame({"code": unmatched.index, "status": "unmatched", "n_targets": 0,
                          "detail": f"not an HS{hs_revision(from_rev)} code in the UNSD table to "
                                    f"HS{hs_revision(to_rev)}"}).join(unmatched.reset_index(drop=True))]
    split = table[(table["n_targets"] > 1) & isin(table["from_code"], work.loc[matched, "_from"])]
    if len(split):
        detail = split.groupby("from_code", sort=True).apply(_describe_split, include_groups=False)
        part = pd.DataFrame({"code": detail.index, "status": "split",
                             "n_targets": split.groupby("from_code", sort=True).size().to_numpy(),
                             "detail": detail.to_numpy()})
        rows.append(part.join(sums.loc[detail.index].reset_index(drop=True)))
    report = pd.concat([r for r in rows if len(r)], ignore_index=True) if any(len(r) for r in rows) else None
    if report is None:
        report = pd.DataFrame({c: pd.Series(dtype=object) for c in REPORT_COLUMNS} |
                              {c: pd.Series(dtype="float64") for c in values})
    return report.astype({"n_targets": "int64"})[REPORT_COLUMNS + values]


def _describe_split(group: pd.DataFrame) -> str:
    basis = group["weight_basis"].iloc[0]
    parts = [f"{code} ({w:.3g})" for code, w in zip(group["to_code"].head(10), group["weight"].head(10))]
    more = f" … and {len(group) - 10} more" if len(group) > 10 else ""
    return f"split ({basis}) over " + ", ".join(parts) + more
