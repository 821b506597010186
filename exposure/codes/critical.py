"""Critical inputs: which products a using industry cannot run without (issue 14; DESIGN §7a).

A linear cost share is the lower bound of a supply loss; for named products the engine can
choose a Leontief (upper-bound) or CES production function. This table says which products
those are, for which user, and how much of the user's output rests on them.

File format (CSV in UTF-8 or CP949, or an Excel sheet), one row per product and user:

===============  ==========================================================================
code             HSK10 or HS6 product code, **as text with its leading zeros** (a key: a code
                 that lost a zero would silently miss the shipped row it means to replace)
code_system      ``HSK10`` or ``HS6`` (``HS6-2017`` is read as ``HS6``)
sector           using sector, a code of the sector system (OECD36 by default: ``D26``)
ksic             using KSIC class, 4 digits of the **9th revision** (the revision of the 2015
                 Economic Census that gives the shares), optional; it must lie in ``sector``
criticality      ``critical``, ``important`` (counted at half, after Pichler et al. 2022)
                 or ``non-critical``
dependent_share  share of the sector's output that needs the product, in (0, 1]; the
                 shares of one code and sector sum to at most 1
domestic_share   share of the product's total supply made in Korea, in [0, 1), optional
stock_days       days of use held in stock, ≥ 0, optional
source           where the judgment and the figures come from (required)
name_ko/name_en  product name, optional; note_ko/note_en: why, optional
===============  ==========================================================================

The shipped rows (``data/critical_inputs.csv``) cover the three items of July 2019 and their
users in electronic components (KSIC 2611, 2612, 2621). A user's table is added to them and
replaces shipped rows with the same (code, sector, ksic). Products that no row names are
non-critical (:func:`criticality_of`). Every problem of a table is reported at once, each
with its row (as a spreadsheet shows it) and column.

Example (a user table)::

    code,code_system,sector,ksic,criticality,dependent_share,source
    3818001000,HSK10,D26,2611,critical,0.2793,wafers: no chip without them (own judgment)
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from exposure.codes.concordance import _read, sector_isic_divisions, sector_names
from exposure.codes.normalize import CODE_LENGTHS, code_system_parts
from exposure.codes.overrides import read_user_table
from exposure.errors import DataError, ValidationFailures

COLUMNS = ["code", "code_system", "sector", "ksic", "criticality", "dependent_share", "domestic_share",
           "stock_days", "source", "name_ko", "name_en", "note_ko", "note_en", "origin"]
REQUIRED = ["code", "code_system", "sector", "criticality", "dependent_share", "source"]
SYSTEMS = ("HSK10", "HS6")
CRITICALITY = ("critical", "important", "non-critical")
KEY = ["code", "sector", "ksic"]
#: the longest stock a row may state (ten years, as a counter-measure's): inf days would be no shortage ever
MAX_STOCK_DAYS = 3650
DEFAULT_FILE = "critical_inputs.csv"
KSIC_REVISION = "9"
_FAILURE_COLUMNS = ["source", "row", "column", "check", "problem"]


def default_critical_path() -> Path:
    """Path of the shipped table."""
    return Path(str(resources.files("exposure.codes") / "data" / DEFAULT_FILE))


def load_critical_inputs(
    path: str | Path | None = None,
    sector_system: str = "OECD36",
    include_defaults: bool = True,
) -> pd.DataFrame:
    """Read and validate a critical-inputs table.

    Parameters
    ----------
    path : str or Path, optional
        A user's table (CSV or Excel; format in the module docstring). None: the shipped rows.
    sector_system : str
        Sector codes the ``sector`` column must use (``OECD36``, ``OECD45`` or ``WIOD56``).
    include_defaults : bool
        Add the shipped rows to a user's table (user rows replace shipped rows with the same
        code, sector and ksic). Ignored when ``path`` is None.

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`: codes with their leading zeros, ``dependent_share``,
        ``domestic_share`` and ``stock_days`` float (NaN where not given), ``origin`` the
        file each row came from.

    Raises
    ------
    DataError
        If the file is missing or unreadable.
    ValidationFailures
        Listing every problem with its row and column: missing columns, unknown code systems,
        sectors or KSIC classes, codes that are not text codes of the right length (a lost
        leading zero included), criticality other than the three values, shares or stock days
        out of range, a missing source, a repeated (code, sector, ksic), shares of one code
        and sector above 1.

    Examples
    --------
    >>> t = load_critical_inputs()
    >>> t.loc[t["code"] == "3920999010", ["ksic", "criticality"]].values.tolist()
    [['2621', 'critical']]
    """
    default = default_critical_path()
    defaults = _validate(read_user_table(default, "critical-inputs table"), default.name, sector_system)
    if path is None:
        return defaults
    user = _validate(read_user_table(Path(path), "critical-inputs table"), Path(path).name, sector_system)
    if not include_defaults:
        return user
    replaced = defaults.set_index(KEY).index.isin(user.set_index(KEY).index)
    merged = pd.concat([defaults[~replaced], user], ignore_index=True)
    _refuse_merged_over_one(merged, defaults[~replaced], Path(path))
    return merged


def _refuse_merged_over_one(merged: pd.DataFrame, kept: pd.DataFrame, path: Path) -> None:
    """Each file's shares of a code and sector sum to at most 1, but the user's rows join the shipped ones they do
    not replace: their sum is checked too (1.45 of a sector's output cannot depend on one product)."""
    total = merged["dependent_share"].groupby([merged["code"], merged["sector"]]).sum()
    over = total[total > 1 + 1e-9]
    if over.empty:
        return
    (code, sector), value = next(iter(over.items()))
    shipped = kept[(kept["code"] == code) & (kept["sector"] == sector)]
    listed = ", ".join(f"{k or '(no ksic)'} {v:g}" for k, v in zip(shipped["ksic"], shipped["dependent_share"]))
    raise DataError(path, f"the dependent shares of code {code} in sector {sector} sum to {value:.4g} with the shipped "
                          f"rows your file does not replace ({listed}): expected at most 1; a row replaces a shipped "
                          "one of the same code, sector and ksic, so give those ksic classes, or lower the shares")


def criticality_of(codes: pd.Series | list[str], table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The users and criticality of product codes; a code no row names is ``non-critical``.

    Codes are matched exactly (an HS6 row does not cover the HSK10 lines under it: not every
    line of a subheading is the restricted grade).

    Returns
    -------
    pandas.DataFrame
        ``code, sector, ksic, criticality, dependent_share`` (one row per matching table row;
        one ``non-critical`` row with empty sector and NaN share for an unlisted code).

    Examples
    --------
    >>> criticality_of(["392190", "999999"])[["code", "criticality"]].values.tolist()
    [['392190', 'critical'], ['999999', 'non-critical']]
    """
    table = load_critical_inputs() if table is None else table
    wanted = pd.DataFrame({"code": pd.Series(list(codes), dtype=object).astype(str)}).drop_duplicates()
    cols = ["code", "sector", "ksic", "criticality", "dependent_share"]
    out = wanted.merge(table[cols], on="code", how="left")
    return out.fillna({"sector": "", "ksic": "", "criticality": "non-critical"}).reset_index(drop=True)


# --------------------------------------------------------------------------- validation


class _Failures:
    """Problems of one table, collected so the user sees them all (first 20 rows per check)."""

    def __init__(self, source: str, lines: np.ndarray) -> None:
        self.source, self.lines, self.rows = source, lines, []

    def add(self, bad: pd.Series | np.ndarray, column: str | None, check: str, problem) -> None:
        where = np.flatnonzero(np.asarray(bad, dtype=bool))
        for i in where[:20]:
            text = problem(int(i)) if callable(problem) else problem
            self.rows.append([self.source, int(self.lines[i]), column, check, text])
        if len(where) > 20:
            self.rows.append([self.source, None, column, check, f"{len(where) - 20} more rows fail the same check"])

    def raise_any(self) -> None:
        if self.rows:
            table = pd.DataFrame(self.rows, columns=_FAILURE_COLUMNS)
            order = pd.to_numeric(table["row"]).fillna(np.inf)  # by row as the file reads; checks keep their order
            table = table.iloc[np.argsort(order.to_numpy(), kind="stable")].reset_index(drop=True)
            raise ValidationFailures(table,
                                     title=f"{self.source}: not a valid critical-inputs table")


def _validate(raw: pd.DataFrame, source: str, sector_system: str) -> pd.DataFrame:
    table = raw.rename(columns=lambda c: str(c).strip().lower())
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        rows = [[source, None, c, "required", f"expected columns {', '.join(REQUIRED)}; missing {c}"]
                for c in missing]
        raise ValidationFailures(pd.DataFrame(rows, columns=_FAILURE_COLUMNS),
                                 title=f"{source}: not a valid critical-inputs table")
    for col in COLUMNS[:-1]:
        if col not in table.columns:
            table[col] = ""
    t = table[COLUMNS[:-1]].astype(str).apply(lambda s: s.str.strip())
    fails = _Failures(source, np.arange(len(t)) + 2)  # header is line 1

    systems = t["code_system"].map(_system_or_none)
    fails.add(systems.isna(), "code_system", "allowed",
              lambda i: f"expected a code system {', '.join(SYSTEMS)}, got '{t['code_system'].iloc[i]}'")
    _check_codes(t["code"], systems, fails)
    known = set(sector_names(sector_system)["sector"])
    fails.add(~t["sector"].isin(known), "sector", "allowed",
              lambda i: f"expected a {sector_system} sector code such as D26, got '{t['sector'].iloc[i]}'")
    _check_ksic(t, known, sector_system, fails)
    crit = t["criticality"].str.lower()
    fails.add(~crit.isin(CRITICALITY), "criticality", "allowed",
              lambda i: f"expected {', '.join(CRITICALITY)}, got '{t['criticality'].iloc[i]}'")
    dep = _share(t, "dependent_share", fails, low=0.0, low_open=True, high=1.0, high_open=False, required=True)
    dom = _share(t, "domestic_share", fails, low=0.0, low_open=False, high=1.0, high_open=True, required=False)
    stock = pd.to_numeric(t["stock_days"].where(t["stock_days"] != ""), errors="coerce")
    fails.add(((t["stock_days"] != "") & ~((stock >= 0) & (stock <= MAX_STOCK_DAYS))).to_numpy(), "stock_days",
              "range", lambda i: f"expected a number of days from 0 to {MAX_STOCK_DAYS:,} (ten years), got "
                                 f"'{t['stock_days'].iloc[i]}'")
    fails.add(t["source"] == "", "source", "required", "expected a source for the judgment and the figures")

    fails.add(t.duplicated(KEY, keep="first"), "ksic", "unique",
              lambda i: f"code {t['code'].iloc[i]}, sector {t['sector'].iloc[i]} and ksic '{t['ksic'].iloc[i]}' "
                        f"appear twice (first on row {_first_row(t, i)})")
    # the sum check counts only rows that passed the share, sector and key checks: one problem, one message
    counted = dep.where(_in_range(dep, 0.0, True, 1.0, False) & t["sector"].isin(known) & ~t.duplicated(KEY))
    total = counted.groupby([t["code"], t["sector"]]).transform("sum")
    last = ~t.duplicated(["code", "sector"], keep="last")
    fails.add((total > 1 + 1e-9) & last, "dependent_share", "sum",
              lambda i: f"the dependent shares of code {t['code'].iloc[i]} in sector {t['sector'].iloc[i]} sum to "
                        f"{total.iloc[i]:.4g}; expected at most 1")
    fails.raise_any()
    out = t.assign(code_system=systems, criticality=crit, dependent_share=dep.astype(float),
                   domestic_share=dom.astype(float), stock_days=stock.astype(float), origin=source)
    return out[COLUMNS].reset_index(drop=True)


def _first_row(t: pd.DataFrame, i: int) -> int:
    same = (t[KEY] == t[KEY].iloc[i]).all(axis=1).to_numpy()
    return int(np.flatnonzero(same)[0]) + 2


def _check_codes(codes: pd.Series, systems: pd.Series, fails: _Failures) -> None:
    for system in SYSTEMS:
        n = CODE_LENGTHS[system]
        label = "HS" if system == "HS6" else "HSK"
        mine = (systems == system).to_numpy()
        digits = codes.str.fullmatch(r"\d+").to_numpy()
        short = mine & digits & (codes.str.len() < n).to_numpy()
        fails.add(short, "code", "leading zeros",
                  lambda i: f"expected a {n}-digit {label} code written as text, got '{codes.iloc[i]}': a lost "
                            f"leading zero? write '{codes.iloc[i].zfill(n)}' (format the column as text)")
        other = mine & ~short & ~codes.str.fullmatch(r"\d{%d}" % n).to_numpy()
        fails.add(other, "code", "format", lambda i: f"expected a {n}-digit {label} code, got '{codes.iloc[i]}'")


def _check_ksic(t: pd.DataFrame, sectors: set[str], sector_system: str, fails: _Failures) -> None:
    given = t["ksic"] != ""
    classes = _ksic4()
    known = t["ksic"].isin(classes)
    fails.add(given & ~known, "ksic", "allowed",
              lambda i: f"expected a 4-digit KSIC class of the 9th revision (e.g. 2611), got '{t['ksic'].iloc[i]}'")
    isic = _ksic_isic()
    divisions = sector_isic_divisions(sector_system).groupby("sector")["isic2"].agg(set).to_dict()
    outside = [bool(g and k and s in sectors and not (isic.get(c[:2], set()) & divisions.get(s, set())))
               for g, k, c, s in zip(given, known, t["ksic"], t["sector"])]
    fails.add(np.array(outside, dtype=bool), "ksic", "in sector",
              lambda i: f"KSIC {t['ksic'].iloc[i]} does not lie in sector {t['sector'].iloc[i]} (its ISIC divisions: "
                        f"{', '.join(sorted(isic.get(t['ksic'].iloc[i][:2], set())))})")


def _share(t: pd.DataFrame, col: str, fails: _Failures, low: float, low_open: bool, high: float, high_open: bool,
           required: bool) -> pd.Series:
    text = t[col]
    value = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = ~_in_range(value, low, low_open, high, high_open) & ((text != "") | required)
    interval = f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    fails.add(bad.to_numpy(), col, "range", lambda i: f"expected a share in {interval}, got '{text.iloc[i]}'")
    return value


def _in_range(value: pd.Series, low: float, low_open: bool, high: float, high_open: bool) -> pd.Series:
    return (value > low if low_open else value >= low) & (value < high if high_open else value <= high)


def _system_or_none(label: str) -> str | None:
    try:
        system = code_system_parts(label)[0]
    except ValueError:
        return None
    return system if system in SYSTEMS else None


@lru_cache(maxsize=1)
def _ksic4() -> frozenset[str]:
    t = _read("ksic_classes.csv")
    return frozenset(t.loc[t["revision"] == KSIC_REVISION, "ksic4"])


@lru_cache(maxsize=1)
def _ksic_isic() -> dict[str, set[str]]:
    t = _read("ksic_isic.csv")
    t = t[t["revision"] == KSIC_REVISION]
    return t.groupby("ksic_division")["isic_division"].agg(set).to_dict()
