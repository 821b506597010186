"""Country names and numbers → ISO 3166 alpha-3 codes.

Korea Customs, K-stat, Comtrade and BACI name and number partners
differently (일본 / Japan / JP / 392; 대만 / Chinese Taipei / Other Asia, nes /
490). This module maps all of them to ISO3, the code the canonical tables
use, with two special codes: ``WLD`` (world total) and ``UNK`` (unspecified
partner).

Matching ignores case, spaces, punctuation, accents and the words "and"/"the",
and expands the abbreviations Comtrade uses (Rep., Dem., Isds, St., Fmr), so
``"Dem. Rep. of the Congo"`` and ``"Democratic Republic of the Congo"`` match.

Names that are not one country are never silently dropped: totals (총계),
country groups (EU, ASEAN, 중동), international organisations and names we
do not know come back as missing and are listed in the ``unmatched`` report
with the reason; residual partners (기타국, "Areas, nes") become ``UNK`` and
are reported too. Empty names become ``UNK``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

WORLD = "WLD"
UNKNOWN = "UNK"

_REASONS = {
    "total": "total row, not a partner",
    "group": "group of countries, not one partner",
    "organisation": "international organisation, not a country",
    "special": "special trade category (bunkers, free zones …), not a country",
    "unrecognised": "not an ISO 3166 country",
    "unspecified": "unspecified partner, kept as UNK",
}
_UNKNOWN_REASON = "unknown country name"
_TOKEN = re.compile(r"\w+")
_EXPAND = {"rep": "republic", "dem": "democratic", "isds": "islands", "st": "saint", "fmr": "former"}
_DROP = {"and", "the"}
UNMATCHED_COLUMNS = ["source", "name", "count", "reason", "iso3"]


def name_key(name: object) -> str:
    """Matching key of a country name: case-, space-, accent- and punctuation-insensitive.

    Examples
    --------
    >>> name_key("Dem. Rep. of the Congo") == name_key("Democratic Republic of Congo")
    True
    >>> name_key("보스니아-헤르체고비나") == name_key("보스니아 헤르체고비나")
    True
    """
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text).casefold().replace("&", " and ").replace("_", " ")
    tokens = [_EXPAND.get(tok, tok) for tok in _TOKEN.findall(text)]
    return "".join(tok for tok in tokens if tok not in _DROP)


def _read(name: str) -> pd.DataFrame:
    path = resources.files("exposure.codes") / "data" / name
    with path.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def _countries() -> pd.DataFrame:
    return _read("countries.csv")


@lru_cache(maxsize=1)
def iso3_codes() -> frozenset[str]:
    """Every ISO3 code of the shipped country table, former countries included.

    >>> "JPN" in iso3_codes(), "XXX" in iso3_codes()
    (True, False)
    """
    return frozenset(_countries()["iso3"])


def country_table() -> pd.DataFrame:
    """The shipped country table (a copy).

    Returns
    -------
    pandas.DataFrame
        Columns ``iso3, iso2, m49, baci, name_en, name_ko, name_ko_customs,
        current``: all text; ``m49`` and ``baci`` are three-digit strings
        (``baci`` empty where BACI has no code); ``current`` is ``"1"`` for
        countries in ISO 3166-1 today and ``"0"`` for former ones kept
        because old data use them (Netherlands Antilles, USSR …).
    """
    return _countries().copy()


@lru_cache(maxsize=1)
def _lookup() -> dict[str, tuple[str, str]]:
    """key → (iso3, kind); built once. Raises if one key would mean two things."""
    countries = _countries()
    aliases = _read("country_aliases.csv")
    entries: list[tuple[str, str, str]] = []
    for col in ("iso3", "iso2", "name_en", "name_ko", "name_ko_customs"):
        for value, iso3 in zip(countries[col], countries["iso3"]):
            if value:
                entries.append((value, iso3, "country"))
    for rec in aliases.itertuples(index=False):
        kind = rec.kind if rec.kind in _REASONS else "country"
        entries.append((rec.alias, rec.iso3, kind))
    entries += [(WORLD, WORLD, "world"), (UNKNOWN, UNKNOWN, "unspecified")]
    table: dict[str, tuple[str, str]] = {}
    for value, iso3, kind in entries:
        key = name_key(value)
        kind = "world" if iso3 == WORLD else kind
        if key in table and table[key][0] != iso3:
            raise ValueError(f"country name {value!r} would map to both {table[key][0]} and {iso3}")
        table.setdefault(key, (iso3, kind))
    return table


def to_iso3(names: Sequence[object] | pd.Series, source: str = "") -> tuple[pd.Series, pd.DataFrame]:
    """Map country names, ISO2/ISO3 codes or Comtrade names to ISO3.

    Parameters
    ----------
    names : sequence or Series
        Partner names as they appear in the input (Korean or English), or
        ISO2/ISO3 codes. Missing or blank values are allowed.
    source : str, optional
        File name, copied into the report.

    Returns
    -------
    iso3 : pandas.Series
        Same index as ``names``: the ISO3 code, ``"WLD"`` for world totals,
        ``"UNK"`` for blank or unspecified partners, and missing (None) for
        names that are not one country (totals, groups, organisations) or
        that are unknown.
    unmatched : pandas.DataFrame
        One row per distinct name that did not map to a country, with
        columns ``source, name, count, reason, iso3`` (``iso3`` is ``"UNK"``
        for residual partners, else missing), most frequent first. Blank
        names (→ UNK) and world totals (→ WLD) are not listed.

    Examples
    --------
    >>> iso3, unmatched = to_iso3(["일본", "Chinese Taipei", "Viet Nam", "총계", None])
    >>> iso3.tolist()
    ['JPN', 'TWN', 'VNM', None, 'UNK']
    >>> unmatched[["name", "reason"]].values.tolist()
    [['총계', 'total row, not a partner']]
    """
    series = names if isinstance(names, pd.Series) else pd.Series(list(names), dtype=object)
    ids, uniques = pd.factorize(series, use_na_sentinel=True)
    lookup = _lookup()
    mapped: list[object] = []
    report: list[dict[str, object]] = []
    counts = np.bincount(ids[ids >= 0], minlength=len(uniques))
    for pos, raw in enumerate(uniques):
        key = name_key(raw)
        if key == "":
            mapped.append(UNKNOWN)
            continue
        iso3, kind = lookup.get(key, (None, "unknown"))
        if kind in ("country", "world"):
            mapped.append(iso3)
            continue
        result = UNKNOWN if kind == "unspecified" else None
        mapped.append(result)
        report.append({"source": source, "name": str(raw), "count": int(counts[pos]),
                       "reason": _REASONS.get(kind, _UNKNOWN_REASON), "iso3": result})
    values = np.array(mapped + [UNKNOWN], dtype=object)  # slot -1 (missing) → UNK
    iso3_series = pd.Series(values[ids], index=series.index, name="iso3", dtype=object)
    unmatched = pd.DataFrame(report, columns=UNMATCHED_COLUMNS)
    unmatched = unmatched.astype({"count": "int64"}).sort_values(["count", "name"], ascending=[False, True])
    return iso3_series, unmatched.reset_index(drop=True)


@lru_cache(maxsize=4)
def _numeric_map(kind: str) -> dict[int, str]:
    if kind == "m49":
        table = _countries()
        out = {int(code): iso3 for code, iso3 in zip(table["m49"], table["iso3"])}
        out[1] = WORLD  # M49 001 = World
        return out
    if kind in ("baci", "comtrade"):
        table = _read("baci_countries.csv")
        out = {int(code): iso3 for code, iso3 in zip(table["baci"], table["iso3"]) if iso3}
        if kind == "comtrade":  # Comtrade partner codes: 0 = World, 899 = Areas, nes
            out.update({0: WORLD, 899: UNKNOWN})
        return out
    raise ValueError(f"unknown numeric country code kind {kind!r}; expected 'm49', 'baci' or 'comtrade'")


def from_numeric(codes: Sequence[object] | pd.Series, kind: str = "m49") -> pd.Series:
    """Map numeric country codes to ISO3.

    Parameters
    ----------
    codes : sequence or Series
        Numbers or digit strings (``392``, ``"004"``, ``"4"``).
    kind : {"m49", "baci", "comtrade"}
        UN M49 (ISO 3166 numeric; 001 = World), CEPII BACI codes (France
        251, USA 842, India 699, Taiwan 490 …; also the former codes 58
        Belgium-Luxembourg, 280 West Germany, 711 SACU), or Comtrade partner
        codes (BACI's plus 0 = World, 899 = Areas, nes → UNK).

    Returns
    -------
    pandas.Series
        ISO3 codes, same index as ``codes``; None where the code is unknown
        or a group of countries (e.g. BACI 697 Europe EFTA, nes).

    Examples
    --------
    >>> from_numeric([392, "410", 251], kind="baci").tolist()
    ['JPN', 'KOR', 'FRA']
    >>> from_numeric(["250", "158"]).tolist()
    ['FRA', 'TWN']
    """
    series = codes if isinstance(codes, pd.Series) else pd.Series(list(codes), dtype=object)
    numbers = pd.to_numeric(series.astype("object").astype(str).str.strip(), errors="coerce")
    table = _numeric_map(kind)
    whole = numbers.where(numbers.notna() & (numbers % 1 == 0))
    out = [table.get(int(v)) if not np.isnan(v) else None for v in whole.to_numpy(dtype=float)]
    return pd.Series(out, index=series.index, name="iso3", dtype=object)


def country_names(iso3: Sequence[str] | pd.Series, lang: str = "ko") -> pd.Series:
    """Display names of ISO3 codes (``lang`` ``"ko"`` or ``"en"``); WLD/UNK get 세계/미상, World/Unspecified."""
    series = iso3 if isinstance(iso3, pd.Series) else pd.Series(list(iso3), dtype=object)
    col = {"ko": "name_ko", "en": "name_en"}[lang]
    table = dict(zip(_countries()["iso3"], _countries()[col]))
    table.update({WORLD: "세계" if lang == "ko" else "World", UNKNOWN: "미상" if lang == "ko" else "Unspecified"})
    return series.map(table)


#: partners written as one syllable after 대 in Korean trade tables (대일 수출, 대중 수출액, 대미 수출)
_ONE_SYLLABLE = {"일": "JPN", "중": "CHN", "미": "USA", "러": "RUS", "독": "DEU", "영": "GBR", "베": "VNM",
                 "대만": "TWN", "홍콩": "HKG"}
_TOWARDS = re.compile(r"^\s*대\s*([^\s(（\d]+?)\s*(?:수출액|수출|금액|\(|（|$)")


def partner_of_header(header: str) -> str | None:
    """The partner a ``대X`` header names (``대일본 금액``, ``대일 수출액(백만달러)``), as ISO3; None if it names none.

    Examples
    --------
    >>> partner_of_header("대일본 금액"), partner_of_header("대일 수출액(백만달러)"), partner_of_header("대중국 수출액")
    ('JPN', 'JPN', 'CHN')
    >>> partner_of_header("대상국 수출액") is None, partner_of_header("수출액") is None
    (True, True)
    """
    m = _TOWARDS.match(str(header))
    if not m:
        return None
    word = m.group(1)
    if word in _ONE_SYLLABLE:
        return _ONE_SYLLABLE[word]
    iso3, _unmatched = to_iso3([word])
    code = iso3.iloc[0]
    return code if isinstance(code, str) and code not in ("WLD", "UNK") else None
