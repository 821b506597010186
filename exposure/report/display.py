"""Tables as a reader of one language sees them: values translated, names in that language, ids hidden.

:func:`display` takes an engine table (machine column names, English values) and returns a copy
whose text a reader of ``lang`` can read: scenario ids become the scenarios' names, enumerated
values their names (:data:`exposure.report.translate.VOCAB`), engine sentences (reasons, flags,
notes) are translated, the screens' reason codes explained by their own modules, and the other
language's name columns dropped. Column names stay the machine names: headers, formats and the
column dictionary come from the schema. Nothing is computed here.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from exposure.codes.names import product_names as shipped_names
from exposure.report import view
from exposure.report.translate import EXPLAINED_COLUMNS, SENTENCE_COLUMNS, VOCAB, Translator
from exposure.results import Results

#: columns that hold a name in one language only, by the language they are in
_LANG_COLUMNS = {"ko": ("sector_name_ko", "name_ko", "description_ko", "item_name_ko"),
                 "en": ("sector_name_en", "name_en", "description_en", "item_name_en")}
_VALUE_COLUMNS = set(VOCAB) | {"scenario", "rank_basis"}
_HANGUL = re.compile(r"[가-힣]")
#: columns of identifiers a CSV keeps as they are, whatever the language (scenario ids, file formats, code systems)
_ID_COLUMNS = {"scenario", "format", "code_system"}


def in_language(names, lang: str) -> bool:
    """Whether most of ``names`` (non-empty ones) are written in ``lang``: Hangul for Korean, ASCII for English."""
    texts = [n for n in names if isinstance(n, str) and n.strip()]
    if not texts:
        return False
    hangul = sum(bool(_HANGUL.search(n)) for n in texts)
    return (hangul if lang == "ko" else len(texts) - hangul) >= len(texts) / 2


def product_names(results: Results, lang: str) -> dict[str, str]:
    """Product code → name in ``lang``.

    The input files' own names are kept when they are written in ``lang`` (a Korean Customs file's
    Korean names in a Korean report, an analyst's own names among them); otherwise (English Comtrade
    descriptions in a Korean report) the shipped names of the 2019 items replace them where known,
    the file's names filling the rest.
    """
    names = view.product_names(results)
    codes = list(names)
    for table in (results.shocks, results.drivers):
        if "code" in table.columns and len(table):
            codes += [c for c in pd.unique(table["code"].astype(str)) if c not in names]
    if not codes:
        return names
    shipped = {c: n for c, n in zip(codes, shipped_names(pd.Series(codes, dtype=object), lang).tolist()) if n}
    given = {c: n for c, n in names.items() if isinstance(n, str) and n.strip()}
    return {**shipped, **given} if in_language(given.values(), lang) else {**names, **shipped}


def display(df: pd.DataFrame, table: str, results: Results, lang: str, tr: Translator | None = None,
            names: dict[str, str] | None = None) -> pd.DataFrame:
    """``df`` (an engine table called ``table``) as a reader of ``lang`` sees it (see the module docstring).

    Parameters
    ----------
    names : dict, optional
        Product names to show beside codes (default :func:`product_names`); computed once by callers
        that display many tables.
    """
    from exposure.report.translate import translator

    tr = tr or translator(results, lang)
    out = df.copy()
    if "name" in out.columns and "code" in out.columns:
        names = names if names is not None else product_names(results, lang)
        codes = out["code"].astype(str)
        missing = [c for c in pd.unique(codes) if c not in names]
        if missing:  # codes of this table only (e.g. HSK10 lines of the monthly file): the shipped names
            names = {**names, **{c: n for c, n in zip(missing, shipped_names(pd.Series(missing, dtype=object),
                                                                             lang).tolist()) if n}}
        mapped = codes.map(names)
        given = out["name"].where(out["name"].notna(), "")
        out["name"] = mapped.where(mapped.notna() & (mapped != ""), given)  # names already chose the language
    if "sector" in out.columns and {"sector_name_ko", "sector_name_en"} & set(out.columns):
        # one name column in the reader's language, filled where the run has no name in it
        at = min(out.columns.get_loc(c) for c in ("sector_name_ko", "sector_name_en") if c in out.columns)
        out = out.drop(columns=[c for c in ("sector_name_ko", "sector_name_en") if c in out.columns])
        out.insert(at, "sector_name", out["sector"].astype(str).map(view.sector_names(results, lang)))
    explained = EXPLAINED_COLUMNS.get(table, ())
    for col in out.columns:
        s = out[col]
        if s.dtype != object and not pd.api.types.is_string_dtype(s):
            continue
        if col in explained:
            out[col] = _explain(table, s, lang)
        elif col in _VALUE_COLUMNS:
            out[col] = tr.values(col, s)
        elif col in SENTENCE_COLUMNS:
            out[col] = tr.series(s)
    drop = [c for c in _LANG_COLUMNS["en" if lang == "ko" else "ko"] if c in out.columns
            and _LANG_COLUMNS[lang][_LANG_COLUMNS["en" if lang == "ko" else "ko"].index(c)] in out.columns]
    return out.drop(columns=drop + [c for c in out.columns if str(c).endswith("_text")])


def _explain(table: str, codes: pd.Series, lang: str) -> pd.Series:
    if table == "alternatives":
        from exposure.alternatives import explain
    elif table == "next_targets":
        from exposure.next_target import explain
    elif table in ("countermeasures", "top100"):
        from exposure.countermeasures.texts import explain

        return explain(codes.fillna("").astype(str), lang)
    else:
        from exposure.dependence import explain
    return explain(codes, lang)


def with_korean_twins(df: pd.DataFrame, table: str, results: Results, tr: Translator | None = None) -> pd.DataFrame:
    """``df`` with a Korean twin ``<column>_ko`` right after each column of engine sentences, enumerated values or
    screen codes whose Korean differs (the CSV tables of a Korean report).

    The machine column keeps its English value, so a script reading ``channel == "direct"`` reads any
    report alike; the twin is what a Korean reader reads, translated as the workbook translates it.
    """
    explained = EXPLAINED_COLUMNS.get(table, ())
    wanted = [c for c in df.columns if (c in SENTENCE_COLUMNS or c in _VALUE_COLUMNS or c in explained)
              and c not in _ID_COLUMNS and f"{c}_ko" not in df.columns]
    flags = {c: words for c in df.columns if f"{c}_ko" not in df.columns and c not in wanted
             and (words := _yes_no(df[c])) is not None}
    if (not wanted and not flags) or df.empty:
        return df
    shown = display(df[wanted], table, results, "ko", tr) if wanted else pd.DataFrame(index=df.index)
    out = df.copy()
    for col in reversed(df.columns):
        if col in flags:
            ko = flags[col]
        elif col in wanted and col in shown.columns:
            ko = shown[col].to_numpy()
            if shown[col].astype(object).equals(df[col].astype(object)):
                continue  # nothing to translate (codes, numbers written as text, empty)
        else:
            continue
        out.insert(out.columns.get_loc(col) + 1, f"{col}_ko", ko)
    return out


def _yes_no(s: pd.Series) -> np.ndarray | None:
    """예/아니오 for a column of flags, as the workbook shows them (a missing flag blank); None for any other column."""
    from exposure.report.labels import label, text

    if not (pd.api.types.is_bool_dtype(s.dtype) or (label(str(s.name)).kind == "bool" and s.dtype == object)):
        return None
    try:
        flag = s.astype("boolean")
    except (TypeError, ValueError):  # not only flags: left as written
        return None
    yes, no = flag.fillna(False).to_numpy(bool), (~flag).fillna(False).to_numpy(bool)
    return np.select([yes, no], [text("yes", "ko"), text("no", "ko")], "").astype(object)
