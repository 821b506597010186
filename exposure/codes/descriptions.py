"""Product descriptions from a classification file the user points to.

The tool ships no HS description texts: names come from the input files themselves
or from a file like UN Comtrade's classification JSON (``{"results": [{"id": "010619",
"text": "010619 - Mammals; …"}]}``) or any CSV/xlsx with a code and a description column.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from exposure.errors import DataError

_CODE_COLUMNS = ("code", "id", "hs6", "hs_code", "품목코드", "hs코드", "cmdcode")
_TEXT_COLUMNS = ("description", "text", "name", "품목명", "cmddesc", "desc")


def load_descriptions(path: str | Path) -> pd.Series:
    """Read a classification file into a Series ``code → description`` (codes as text).

    Parameters
    ----------
    path : str or Path
        Comtrade classification JSON, or a CSV (UTF-8/CP949) or xlsx with a code column
        (one of ``code, id, hs6, hs_code, 품목코드, HS코드``) and a description column
        (``description, text, name, 품목명``). Comtrade's "010619 - " prefix is removed.

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "names.csv")
    >>> _ = open(f, "w", encoding="utf-8").write("code,description\\n010619,Mammals\\n")
    >>> load_descriptions(f).to_dict()
    {'010619': 'Mammals'}
    """
    p = Path(path)
    if not p.is_file():
        raise DataError(p, "classification file not found")
    if p.suffix.lower() == ".json":
        table = _from_json(p)
    else:
        table = _from_table(p)
    table = table[table["code"].str.fullmatch(r"\d{2,10}")]
    text = [re.sub(rf"^{re.escape(c)}\s*-\s*", "", t) for c, t in zip(table["code"], table["description"])]
    return pd.Series(text, index=pd.Index(table["code"], name="code"), name="description")


def _from_json(p: Path) -> pd.DataFrame:
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(p, f"not a readable JSON file ({exc})") from None
    rows = data.get("results") if isinstance(data, dict) else data
    if not isinstance(rows, list) or not all(isinstance(r, dict) and "id" in r and "text" in r for r in rows):
        raise DataError(p, "expected a classification JSON with a 'results' list of {id, text} entries")
    return pd.DataFrame({"code": [str(r["id"]) for r in rows], "description": [str(r["text"]) for r in rows]})


def _from_table(p: Path) -> pd.DataFrame:
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        raw = pd.read_excel(p, dtype=str)
    else:
        raw = None
        for enc in ("utf-8-sig", "cp949"):
            try:
                raw = pd.read_csv(p, dtype=str, encoding=enc, keep_default_na=False)
                break
            except UnicodeDecodeError:
                continue
        if raw is None:
            raise DataError(p, "expected a CSV in UTF-8 or CP949")
    cols = {str(c).strip().lower().replace(" ", ""): c for c in raw.columns}
    code = next((cols[c] for c in _CODE_COLUMNS if c in cols), None)
    text = next((cols[c] for c in _TEXT_COLUMNS if c in cols), None)
    if code is None or text is None:
        raise DataError(p, f"expected a code column ({', '.join(_CODE_COLUMNS)}) and a description column "
                           f"({', '.join(_TEXT_COLUMNS)}); found {', '.join(map(str, raw.columns))}")
    return pd.DataFrame({"code": raw[code].fillna("").astype(str).str.strip(),
                         "description": raw[text].fillna("").astype(str).str.strip()})


def describe(codes: pd.Series, descriptions: pd.Series) -> pd.Series:
    """Description of each code: exact match first, then its HS6, HS4 and HS2 parents (empty if none)."""
    codes = codes.astype(str)
    out = pd.Series("", index=codes.index, dtype=object)
    for n in (None, 6, 4, 2):
        key = codes if n is None else codes.str[:n]
        found = key.map(descriptions)
        take = (out == "") & found.notna()
        out[take] = found[take]
    return out
