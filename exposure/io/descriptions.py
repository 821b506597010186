"""Product descriptions from a classification file the user points to.

The tool ships no HS description texts: names come from the input files themselves
or from a file like UN Comtrade's classification JSON (``{"results": [{"id": "010619",
"text": "010619 - Mammals; …"}]}``) or any CSV/xlsx with a code and a description column.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from exposure.errors import DataError

_CODE_COLUMNS = ("code", "id", "hs6", "hs_code", "품목코드", "hs코드", "cmdcode")
_TEXT_COLUMNS = ("description", "text", "name", "품목명", "cmddesc", "desc")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


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
    from exposure.io.limits import check_regular_file, display_name

    p = Path(path)
    if not p.exists():
        raise DataError(p, "classification file not found")
    check_regular_file(p)
    try:
        table = _from_json(p) if p.suffix.lower() == ".json" else _from_table(p)
    except DataError as exc:
        exc.source = display_name(exc.source)
        exc.args = (str(exc),)
        raise
    table = table.astype({"code": object, "description": object}).fillna("")
    table = table[table["code"].astype(str).str.fullmatch(r"\d{2,10}")]
    if table.empty:
        raise DataError(display_name(p), "no descriptions in the file: expected rows of a product code (2 to 10 "
                                         "digits) and its description")
    text = [re.sub(rf"^{re.escape(c)}\s*-\s*", "", str(t)) for c, t in zip(table["code"], table["description"])]
    out = pd.DataFrame({"code": table["code"].astype(str).to_numpy(), "description": text}).drop_duplicates()
    damaged = out["description"].str.contains(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", regex=True)
    if damaged.any():  # as every loader refuses them: they would reach the workbook and the CSV tables
        code = out.loc[damaged, "code"].iloc[0]
        raise DataError(display_name(p), f"the description of code {code} holds a control character: expected "
                                         "printable text (the file may be damaged)")
    twice = out[out["code"].duplicated(keep=False)]
    if len(twice):  # one code, two texts: which the analyst meant cannot be told
        code = twice["code"].iloc[0]
        texts = twice.loc[twice["code"] == code, "description"].tolist()
        raise DataError(display_name(p), f"code {code} is described twice ('{texts[0]}' and '{texts[1]}'): expected "
                                         "one description per code")
    return pd.Series(out["description"].to_numpy(), index=pd.Index(out["code"], name="code"), name="description")


def _from_json(p: Path) -> pd.DataFrame:
    """A Comtrade classification JSON, within the size and nesting limits of :mod:`exposure.io.limits`."""
    from exposure.io.limits import MAX_JSON_BYTES, MAX_JSON_DEPTH, check_regular_file

    check_regular_file(p, MAX_JSON_BYTES)
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(p, f"not UTF-8 (byte 0x{raw[exc.start]:02x}): expected a JSON file saved as UTF-8",
                        row=line) from None
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise DataError(p, f"the JSON nests {depth:,} levels deep, more than the {MAX_JSON_DEPTH} a classification "
                           "file needs (it has 3): refused before parsing")
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise DataError(p, f"not a readable JSON file ({exc})") from None
    rows = data.get("results") if isinstance(data, dict) else data
    if not isinstance(rows, list) or not all(isinstance(r, dict) and "id" in r and "text" in r for r in rows):
        raise DataError(p, "expected a classification JSON with a 'results' list of {id, text} entries")
    return pd.DataFrame({"code": [str(r["id"]) for r in rows], "description": [str(r["text"]) for r in rows]})


def json_depth(text: str) -> int:
    """How deeply ``[`` and ``{`` nest in a JSON text (brackets inside strings do not count).

    Examples
    --------
    >>> json_depth('{"results": [{"id": "01", "text": "[a]"}]}')
    3
    """
    bare = _JSON_STRING.sub('""', text)
    steps = np.zeros(len(bare), dtype=np.int64)
    arr = np.frombuffer(bare.encode("utf-32-le"), dtype=np.uint32)
    steps[(arr == ord("[")) | (arr == ord("{"))] = 1
    steps[(arr == ord("]")) | (arr == ord("}"))] = -1
    return int(np.cumsum(steps).max()) if len(steps) else 0


def _from_table(p: Path) -> pd.DataFrame:
    """A CSV (UTF-8/CP949), xlsx or xls with a code and a description column, read like any input table."""
    from exposure.io.grid import read_grid
    from exposure.io.header import normalise_name

    grid = read_grid(p)
    if grid.cells.empty:
        raise DataError(p, "the file is empty: expected a code and a description column")
    head = [normalise_name(v) for v in grid.cells.iloc[0].tolist()]
    cols = {h.lower().replace(" ", ""): i for i, h in enumerate(head) if h}
    code = next((cols[c] for c in _CODE_COLUMNS if c in cols), None)
    text = next((cols[c] for c in _TEXT_COLUMNS if c in cols), None)
    if code is None or text is None:
        raise DataError(p, f"expected a code column ({', '.join(_CODE_COLUMNS)}) and a description column "
                           f"({', '.join(_TEXT_COLUMNS)}); found {', '.join(h for h in head if h)}")
    body = grid.cells.iloc[1:]
    return pd.DataFrame({"code": [_code_text(v) for v in body[code].tolist()],
                         "description": [normalise_name(v) for v in body[text].tolist()]})


def _code_text(value: object) -> str:
    """A code cell as text: numbers lose a '.0' the spreadsheet gave them."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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
