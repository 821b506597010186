"""Names the shipped tables know: MTI items (with how far their codes are verified), KSIC
classes, and the Korean and English names of the 2019 items.

No HS description texts are shipped (licensing): product names here are the few items of
the end-use override and critical-input tables. Names of other products come from the
input files or a classification file the user points to (``exposure.io.descriptions``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import pandas as pd

from exposure.codes.concordance import _read
from exposure.errors import ConfigError

MTI_COLUMNS = ["code", "name_ko", "name_en", "verified", "sector", "mti_source", "note"]


def mti_items() -> pd.DataFrame:
    """The MTI 3-digit items with their names and whether the code is verified.

    Only codes whose code–name pair was found in a cited public source are ``verified``;
    the engine should mark the others in its outputs (``data/SOURCES.md`` says what was
    checked and where; ``note`` says what is known of each unverified code).

    Returns
    -------
    pandas.DataFrame
        :data:`MTI_COLUMNS`: ``code`` (3 digits, text), Korean and English names,
        ``verified`` (bool), the producing OECD36 ``sector``, ``mti_source`` and ``note``.

    Examples
    --------
    >>> items = mti_items().set_index("code")
    >>> items.loc["831", "name_ko"], bool(items.loc["831", "verified"])
    ('반도체', True)
    """
    items = _read("mti3_sectors.csv").rename(columns={"mti3": "code"})
    check = _read("mti3_verification.csv").rename(columns={"mti3": "code"})
    out = items.merge(check, on="code", how="left", validate="one_to_one")
    out["verified"] = out["verified"].fillna("false").eq("true")
    return out.fillna({"mti_source": "", "note": ""})[MTI_COLUMNS]


def ksic_class_names(codes: Sequence[object] | pd.Series | None = None, revision: int = 9) -> pd.DataFrame:
    """Korean and English names of KSIC 4-digit classes.

    Korean names are Statistics Korea's; English names exist only for the classes the
    critical-input table uses (KSIC's English edition is not among the project's sources),
    elsewhere ``name_en`` is empty.

    Parameters
    ----------
    codes : sequence, optional
        KSIC 4-digit classes (``2611``, ``"0111"``); None: every class of the revision.
    revision : {9, 10}
        KSIC revision (the critical-input table uses the 9th, as the 2015 Economic Census).

    Returns
    -------
    pandas.DataFrame
        ``ksic, division, name_ko, name_en``; one row per requested code, in order, with
        empty names for a code the revision does not have.

    Examples
    --------
    >>> ksic_class_names(["2621"], revision=10)[["ksic", "name_ko"]].values.tolist()
    [['2621', '표시장치 제조업']]
    """
    if int(revision) not in (9, 10):
        raise ConfigError(f"KSIC revision must be 9 or 10, got {revision!r}")
    t = _read("ksic_classes.csv")
    t = t[t["revision"] == str(int(revision))].rename(columns={"ksic4": "ksic"})[["ksic", "division", "name_ko",
                                                                                   "name_en"]]
    if codes is None:
        return t.reset_index(drop=True)
    keys = pd.Series(list(codes), dtype=object).astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
    keys = keys.where(~keys.str.fullmatch(r"\d{1,3}"), keys.str.zfill(4))
    out = pd.DataFrame({"ksic": keys}).merge(t, on="ksic", how="left")
    return out.fillna({"division": "", "name_ko": "", "name_en": ""}).reset_index(drop=True)


@lru_cache(maxsize=1)
def _product_names() -> pd.DataFrame:
    frames = [_read(name)[["code", "name_ko", "name_en"]] for name in ("end_use_overrides.csv", "critical_inputs.csv")]
    names = pd.concat(frames, ignore_index=True)
    names = names[names["name_ko"] != ""].drop_duplicates()
    if names["code"].duplicated().any():  # the two tables must agree; a test holds them to it
        names = names.drop_duplicates("code")
    return names.set_index("code")


def product_names(codes: Sequence[object] | pd.Series, lang: str = "ko") -> pd.Series:
    """Names of the 2019 items (HSK10 and HS6 codes) the shipped tables know; ``""`` for others.

    Parameters
    ----------
    codes : sequence or Series
        Product codes as text with their leading zeros (``"2811111000"``, ``"281111"``).
    lang : {"ko", "en"}

    Returns
    -------
    pandas.Series
        One name per code, aligned with ``codes`` (its index when a Series).

    Examples
    --------
    >>> product_names(["2811111000", "848620"]).tolist()
    ['반도체 제조용 불화수소', '']
    """
    if lang not in ("ko", "en"):
        raise ConfigError(f"lang must be 'ko' or 'en', got {lang!r}")
    series = codes if isinstance(codes, pd.Series) else pd.Series(list(codes), dtype=object)
    column = _product_names()[f"name_{lang}"]
    keys = series.astype("object").where(series.notna(), "").astype(str).str.strip()
    return keys.map(column).fillna("").astype(object).rename("name_" + lang)


def product_names_ko(codes: Sequence[object] | pd.Series) -> pd.Series:
    """Korean names of the 2019 items the shipped tables know (see :func:`product_names`)."""
    return product_names(codes, "ko")
