"""End-use overrides: which sector *uses* an imported product (DESIGN §5, layer 3).

Without an override, imports of a product are spread over the sectors that
use its producing industry's output, in proportion to the input–output
table. Some products have one known user: hydrogen fluoride "for
semiconductor manufacturing" (HSK 2811111000) goes to electronic components
(D26), not to every buyer of chemicals. An override says so.

File format (CSV in UTF-8 or CP949, or an Excel sheet), one row per product
and using sector:

===========  ====================================================================
code         product code; leading zeros may be lost (``281111``, ``2811111000``)
code_system  ``HSK10``, ``HS6`` or ``HS4`` (``HS6-2017`` is read as ``HS6``)
sector       using sector, a code of the sector system (OECD36 by default: ``D26``)
share        share of the product's imports that this sector uses, 0–1; the shares
             of one code sum to at most 1 and the rest is spread in proportion to
             the IO table
name_ko      product name (Korean), optional; name_en: the English name
note_ko      why (Korean), optional
note_en      why (English), optional
source       where the share comes from, optional
===========  ====================================================================

An override code applies to every product code that starts with it, so an
HS6 row covers the HSK10 lines under it unless a more specific HSK10 row
exists. The shipped defaults (``data/end_use_overrides.csv``) cover the
three items of July 2019; a user's table is added to them, and a user's
rows replace the default rows of the same code.

Example (a user table)::

    code,code_system,sector,share,note_en,source
    3818001000,HSK10,D26,1.0,silicon wafers are used only by chip makers,HSK description
    854232,HS6,D26,0.6,memory chips mostly go into electronic products,own estimate
    854232,HS6,D28,0.1,… and into machinery,own estimate
"""

from __future__ import annotations

import csv
import io

from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from exposure.codes.concordance import sector_names
from exposure.codes.normalize import code_system_parts, normalize_codes
from exposure.errors import DataError
from exposure.members import isin

COLUMNS = ["code", "code_system", "sector", "share", "name_ko", "name_en", "note_ko", "note_en", "source"]
REQUIRED = ["code", "code_system", "sector", "share"]
SYSTEMS = ("HSK10", "HS6", "HS4")
DEFAULT_FILE = "end_use_overrides.csv"


def default_overrides_path() -> Path:
    """Path of the shipped default table."""
    return Path(str(resources.files("exposure.codes") / "data" / DEFAULT_FILE))


def load_overrides(
    path: str | Path | None = None,
    sector_system: str = "OECD36",
    include_defaults: bool = True,
) -> pd.DataFrame:
    """Read and validate an end-use override table.

    Parameters
    ----------
    path : str or Path, optional
        A user's table (CSV or Excel; format in the module docstring). None:
        the shipped defaults only.
    sector_system : str
        Sector codes the ``sector`` column must use (``OECD36``, ``OECD45`` or
        ``WIOD56``).
    include_defaults : bool
        Add the shipped defaults to a user's table (user rows replace the
        default rows of the same code). Ignored when ``path`` is None.

    Returns
    -------
    pandas.DataFrame
        ``code, code_system, sector, share, name_ko, name_en, note_ko, note_en, source``; codes
        with their leading zeros, ``share`` float.

    Raises
    ------
    DataError
        Naming the file, row (as a spreadsheet shows it) and column: missing
        columns, unknown code systems or sectors, malformed codes, shares
        outside 0–1, shares of one code above 1, duplicate rows.
    """
    defaults = _validate(read_user_table(default_overrides_path()), default_overrides_path().name, sector_system)
    if path is None:
        return defaults
    user = _validate(read_user_table(Path(path)), Path(path).name, sector_system)
    if not include_defaults:
        return user
    kept = defaults[~isin(defaults["code"], user["code"])]
    return pd.concat([kept, user], ignore_index=True)


def _refuse_ragged(text: str, path: Path) -> None:
    """A line with more fields than the header: pandas would take the first ones as an index and shift the rest."""
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, [])
    for number, row in enumerate(rows, start=2):
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            raise DataError(path, f"this row has {len(row)} fields but the header {len(header)} "
                                  f"({', '.join(header)}): expected one field per column (a comma inside a value "
                                  "needs quotes)", row=number)


def read_user_table(path: Path, what: str = "override table") -> pd.DataFrame:
    """A user's CSV (UTF-8 or CP949) or Excel table with every cell as text."""
    if not path.is_file():
        raise DataError(path, f"{what} not found")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
            return pd.read_excel(path, dtype=str, keep_default_na=False)
        for encoding in ("utf-8-sig", "cp949"):
            try:
                text = path.read_text(encoding=encoding)
            except UnicodeDecodeError:
                continue
            _refuse_ragged(text, path)
            return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, index_col=False)
    except pd.errors.EmptyDataError:
        raise DataError(path, f"the {what} is empty: expected a header row of columns and a row per entry") from None
    except pd.errors.ParserError as exc:
        raise DataError(path, f"not a readable CSV file ({' '.join(str(exc).split())}): expected the same number of "
                              "fields on every line") from None
    except (ValueError, OSError, KeyError) as exc:  # a damaged workbook: the reader's own words, the file named
        raise DataError(path, f"cannot read the {what} ({' '.join(str(exc).split())[:120]})") from None
    raise DataError(path, "expected a CSV file in UTF-8 or CP949")


def _validate(raw: pd.DataFrame, source: str, sector_system: str) -> pd.DataFrame:
    table = raw.rename(columns=lambda c: str(c).strip().lower())
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise DataError(source, f"expected columns {', '.join(REQUIRED)}; missing {', '.join(missing)}",
                        column=missing[0])
    for col in COLUMNS:
        if col not in table.columns:
            table[col] = ""
    table = table[COLUMNS].astype(str).apply(lambda s: s.str.strip())
    lines = np.arange(len(table)) + 2  # header is line 1

    systems = table["code_system"].map(_system_or_none)
    bad = systems.isna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(source, f"expected a code system {', '.join(SYSTEMS)}, got '{table['code_system'].iloc[i]}'",
                        row=int(lines[i]), column="code_system")
    codes = table["code"].copy()
    for system in SYSTEMS:
        rows = np.flatnonzero((systems == system).to_numpy())
        if len(rows):
            codes.iloc[rows] = normalize_codes(table["code"].iloc[rows], system, source=source, column="code",
                                               rows=lines[rows]).to_numpy()

    share = pd.to_numeric(table["share"], errors="coerce")
    bad = share.isna() | (share < 0) | (share > 1)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(source, f"expected a share between 0 and 1, got '{table['share'].iloc[i]}'",
                        row=int(lines[i]), column="share")

    known = set(sector_names(sector_system)["sector"])
    bad = ~table["sector"].isin(known)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(source, f"expected a {sector_system} sector code such as D26, got '{table['sector'].iloc[i]}'",
                        row=int(lines[i]), column="sector")

    out = table.assign(code=codes, code_system=systems, share=share.astype(float))
    dup = out.duplicated(["code", "sector"], keep="first")
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise DataError(source, f"code {out['code'].iloc[i]} and sector {out['sector'].iloc[i]} appear twice",
                        row=int(lines[i]), column="sector")
    totals = out.groupby("code", sort=False)["share"].sum()
    over = totals[totals > 1 + 1e-9]
    if len(over):
        code = over.index[0]
        i = int(np.flatnonzero((out["code"] == code).to_numpy())[-1])
        raise DataError(source, f"the shares of code {code} sum to {over.iloc[0]:.4g}; expected at most 1",
                        row=int(lines[i]), column="share")
    return out.reset_index(drop=True)


def _system_or_none(label: str) -> str | None:
    try:
        system = code_system_parts(label)[0]
    except ValueError:
        return None
    return system if system in SYSTEMS else None
