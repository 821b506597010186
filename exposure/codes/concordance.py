"""Product → sector concordances: HS6, KSIC, ISIC, MTI → OECD IOT, WIOD, KSIC and KIET industries.

Every concordance is a table ``from_code, to_code, weight`` (the canonical
Concordance of DESIGN §3) in which the weights of one ``from_code`` sum to 1.
Named ``"<FROM>-<TO>"``; the systems are

========  ==============================================================
HS6       HS 6-digit products (codes of HS2012, HS2017 and HS2022)
ISIC4     ISIC Rev.4 classes (4 digits); ISIC2: ISIC Rev.4 divisions
KSIC9     KSIC 9th-revision divisions (2 digits); KSIC10: 10th revision
          (``KSIC2`` means KSIC10)
OECD36    industries of the OECD IOT 2018 edition (``D26``, ``D20T21``)
OECD45    industries of the OECD IOT 2021 edition (``D20``, ``D21``)
WIOD56    the 56 sectors of WIOD 2016 (``C26``, ``C31_C32``)
KIET60    KIET's 60 industries (``I3102`` semiconductors)
MTI3      MTI 3-digit items of the Korea International Trade Association
========  ==============================================================

Available: ``HS6-`` ISIC4, ISIC2, KSIC9, KSIC10, OECD36, OECD45, WIOD56,
KIET60; ``KSIC9-`` and ``KSIC10-`` ISIC2, OECD36, OECD45, WIOD56;
``ISIC2-`` OECD36, OECD45, WIOD56, KSIC9, KSIC10; ``OECD45-OECD36``;
``MTI3-OECD36``. How the tables were built is in ``data/SOURCES.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from exposure.codes.hs_revisions import REVISIONS, _table as _revision_table
from exposure.codes.normalize import normalize_codes
from exposure.errors import DataError
from exposure.members import isin

SECTOR_SYSTEMS = ("OECD36", "OECD45", "WIOD56")
_ALIASES = {"KSIC2": "KSIC10", "KSIC": "KSIC10", "ISIC": "ISIC2", "MTI": "MTI3", "KIET": "KIET60"}
_SECTOR_FILES = {"OECD36": "sectors_oecd36.csv", "OECD45": "sectors_oecd45.csv", "WIOD56": "sectors_wiod56.csv"}
# which chain of direct tables gives each concordance
_PATHS: dict[tuple[str, str], tuple[str, ...]] = {
    ("HS6", "ISIC4"): ("HS6", "ISIC4"),
    ("HS6", "ISIC2"): ("HS6", "ISIC2"),
    ("HS6", "KSIC9"): ("HS6", "KSIC9"),
    ("HS6", "KSIC10"): ("HS6", "KSIC10"),
    ("HS6", "KIET60"): ("HS6", "KIET60"),
    ("OECD45", "OECD36"): ("OECD45", "ISIC2", "OECD36"),
    ("MTI3", "OECD36"): ("MTI3", "OECD36"),
}
for _src in ("HS6", "KSIC9", "KSIC10"):
    for _dst in SECTOR_SYSTEMS:
        _PATHS[(_src, _dst)] = (_src, "ISIC2", _dst)
for _dst in (*SECTOR_SYSTEMS, "KSIC9", "KSIC10"):
    _PATHS[("ISIC2", _dst)] = ("ISIC2", _dst)
for _rev in ("KSIC9", "KSIC10"):
    _PATHS[(_rev, "ISIC2")] = (_rev, "ISIC2")

UNMATCHED_COLUMNS = ["code", "reason"]


def _read(name: str) -> pd.DataFrame:
    path = resources.files("exposure.codes") / "data" / name
    with path.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def _system(label: str) -> str:
    key = str(label).strip().upper().replace("-", "").replace("_", "")
    return _ALIASES.get(key, key)


def concordance_names() -> list[str]:
    """Names accepted by :func:`concordance`."""
    return sorted(f"{a}-{b}" for a, b in _PATHS)


def _parse(name: str) -> tuple[str, str]:
    parts = str(name).strip().upper().split("-")
    if len(parts) == 3 and parts[0].startswith("HS") and parts[1].isdigit():
        parts = [parts[0], parts[2]]  # "HS6-2017-OECD36": every HS revision is in the tables
    if len(parts) != 2:
        raise ValueError(f"concordance name {name!r} should look like 'HS6-OECD36'")
    src, dst = _system(parts[0]), _system(parts[1])
    if (src, dst) not in _PATHS:
        raise ValueError(f"no concordance {name!r}; available: {', '.join(concordance_names())}")
    return src, dst


# --------------------------------------------------------------------------- direct tables


def _ranges(spec: str) -> list[str]:
    """``"01-03"`` → ``["01", "02", "03"]``; ``"26"`` → ``["26"]`` (only divisions ISIC has)."""
    divisions = set(_read("isic4_divisions.csv")["division"])
    first, _, last = spec.partition("-")
    last = last or first
    return [f"{d:02d}" for d in range(int(first), int(last) + 1) if f"{d:02d}" in divisions]


def _sector_table(system: str) -> pd.DataFrame:
    if system == "MTI3":
        table = _read("mti3_sectors.csv").rename(columns={"mti3": "sector"})
        return table[["sector", "name_en", "name_ko"]]
    if system in ("KSIC9", "KSIC10"):
        table = _read("ksic_divisions.csv")
        table = table[table["revision"] == system[4:]].rename(columns={"ksic_division": "sector"})
        return table.assign(name_en="")[["sector", "name_en", "name_ko"]]
    if system == "ISIC2":
        return _read("isic4_divisions.csv").rename(columns={"division": "sector"}).assign(name_ko="")[
            ["sector", "name_en", "name_ko"]]
    if system == "KIET60":
        table = _read("kiet60_sectors.csv").rename(columns={"kiet60": "sector"})
        return table.assign(name_en="")[["sector", "name_en", "name_ko", "level", "parent"]]
    if system in _SECTOR_FILES:
        return _read(_SECTOR_FILES[system])
    raise ValueError(f"unknown sector system {system!r}; expected one of "
                     f"{', '.join([*SECTOR_SYSTEMS, 'KSIC9', 'KSIC10', 'ISIC2', 'KIET60', 'MTI3'])}")


def sector_names(system: str = "OECD36") -> pd.DataFrame:
    """Codes and names of a sector system.

    Parameters
    ----------
    system : str
        ``OECD36``, ``OECD45``, ``WIOD56``, ``KSIC9``, ``KSIC10``, ``ISIC2``,
        ``KIET60`` or ``MTI3``.

    Returns
    -------
    pandas.DataFrame
        ``sector, name_en, name_ko`` (a name is empty where the source has
        none: KSIC and KIET names are Korean only, ISIC names English only);
        KIET60 adds ``level`` and ``parent``.
    """
    table = _sector_table(_system(system))
    cols = ["sector", "name_en", "name_ko"] + [c for c in ("level", "parent") if c in table.columns]
    return table[cols].reset_index(drop=True)


def sector_isic_divisions(system: str = "OECD36") -> pd.DataFrame:
    """The ISIC Rev.4 divisions each sector of an IOT sector system covers: ``sector, isic2``."""
    table = _sector_table(_system(system))
    rows = [(sec, div) for sec, spec in zip(table["sector"], table["isic_divisions"]) for div in _ranges(spec)]
    return pd.DataFrame(rows, columns=["sector", "isic2"])


@lru_cache(maxsize=None)
def _edge(src: str, dst: str) -> pd.DataFrame:
    """One direct table as from_code, to_code, weight."""
    if (src, dst) == ("HS6", "ISIC4"):
        t = _read("hs6_isic4.csv").rename(columns={"hs6": "from_code", "isic4": "to_code"})
        return _equal(t)
    if (src, dst) == ("HS6", "ISIC2"):
        t = _read("hs6_isic2.csv").rename(columns={"hs6": "from_code", "isic2": "to_code"})
        return t.assign(weight=t["weight"].astype(float))[["from_code", "to_code", "weight"]]
    if src == "HS6" and dst in ("KSIC9", "KSIC10"):
        t = _read("hs6_ksic.csv")
        t = t[t["revision"] == dst[4:]].rename(columns={"hs6": "from_code", "ksic_division": "to_code"})
        return t.assign(weight=t["weight"].astype(float))[["from_code", "to_code", "weight"]]
    if (src, dst) == ("HS6", "KIET60"):
        return _equal(_read("hs6_kiet60.csv").rename(columns={"hs6": "from_code", "kiet60": "to_code"}))
    if src in ("KSIC9", "KSIC10") and dst == "ISIC2":
        t = _read("ksic_isic.csv")
        t = t[t["revision"] == src[4:]].rename(columns={"ksic_division": "from_code", "isic_division": "to_code"})
        return t.assign(weight=t["weight"].astype(float))[["from_code", "to_code", "weight"]]
    if src == "ISIC2" and dst in ("KSIC9", "KSIC10"):
        t = _read("ksic_isic.csv")
        t = t[t["revision"] == dst[4:]].rename(columns={"isic_division": "from_code", "ksic_division": "to_code"})
        n = t["n_classes"].astype(float)  # an ISIC division is split over KSIC divisions by their classes
        t = t.assign(weight=n / n.groupby(t["from_code"]).transform("sum"))
        return t[["from_code", "to_code", "weight"]].sort_values(["from_code", "to_code"]).reset_index(drop=True)
    if src == "ISIC2" and dst in SECTOR_SYSTEMS:
        t = sector_isic_divisions(dst).rename(columns={"isic2": "from_code", "sector": "to_code"})
        return _equal(t[["from_code", "to_code"]])
    if src in SECTOR_SYSTEMS and dst == "ISIC2":
        t = sector_isic_divisions(src).rename(columns={"sector": "from_code", "isic2": "to_code"})
        return _equal(t[["from_code", "to_code"]])
    if (src, dst) == ("MTI3", "OECD36"):
        return _equal(_read("mti3_sectors.csv").rename(columns={"mti3": "from_code", "sector": "to_code"}))
    raise ValueError(f"no direct table {src}-{dst}")


def _equal(pairs: pd.DataFrame) -> pd.DataFrame:
    pairs = pairs[["from_code", "to_code"]].drop_duplicates()
    n = pairs.groupby("from_code")["to_code"].transform("size")
    out = pairs.assign(weight=1.0 / n)
    return out.sort_values(["from_code", "to_code"]).reset_index(drop=True)


def _compose(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    merged = first.merge(second, left_on="to_code", right_on="from_code", suffixes=("", "_2"))
    merged = merged.assign(weight=merged["weight"] * merged["weight_2"])
    out = merged.groupby(["from_code", "to_code_2"], as_index=False)["weight"].sum()
    out = out.rename(columns={"to_code_2": "to_code"})
    # a from_code whose every link leads nowhere in the second table would silently lose weight:
    # renormalise over the links that do continue (e.g. ISIC 99 has no OECD36 industry)
    total = out.groupby("from_code")["weight"].transform("sum")
    return out.assign(weight=out["weight"] / total)


@lru_cache(maxsize=None)
def _concordance(src: str, dst: str) -> pd.DataFrame:
    path = _PATHS[(src, dst)]
    table = _edge(path[0], path[1])
    for a, b in zip(path[1:], path[2:]):
        table = _compose(table, _edge(a, b))
    table = table[table["weight"] > 0]
    return table.sort_values(["from_code", "to_code"]).reset_index(drop=True)[["from_code", "to_code", "weight"]]


def concordance(name: str) -> pd.DataFrame:
    """A concordance table by name.

    Parameters
    ----------
    name : str
        ``"<FROM>-<TO>"``, e.g. ``"HS6-OECD36"``, ``"HS6-KSIC2"``,
        ``"HS6-ISIC4"``, ``"HS6-KIET60"``, ``"KSIC9-ISIC2"``,
        ``"MTI3-OECD36"`` (see :func:`concordance_names`). A revision in the
        HS label (``"HS6-2017-OECD36"``) is accepted: the HS tables hold the
        codes of every revision.

    Returns
    -------
    pandas.DataFrame
        ``from_code, to_code, weight`` (a copy); the weights of each
        ``from_code`` sum to 1.

    Examples
    --------
    >>> c = concordance("HS6-OECD36")
    >>> c[c["from_code"] == "392099"].values.tolist()
    [['392099', 'D22', 1.0]]
    >>> concordance("KSIC9-ISIC2").query("from_code == '30'").values.tolist()
    [['30', '29', 1.0]]
    """
    src, dst = _parse(name)
    return _concordance(src, dst).copy()


# --------------------------------------------------------------------------- allocation


def _normalise_source(codes: pd.Series, src: str, source: str) -> pd.Series:
    if src == "HS6":
        return normalize_codes(codes, "HS6", source=source)
    if src == "MTI3":
        return normalize_codes(codes, "MTI3", source=source)
    width = {"ISIC4": 4}.get(src, 2) if src in ("ISIC2", "ISIC4", "KSIC9", "KSIC10") else None
    text = codes.astype("object").where(codes.notna(), "").astype(str).str.strip()
    text = text.str.replace(r"\.0$", "", regex=True)
    if width is not None:
        bad = ~text.str.fullmatch(r"\d{1,%d}" % width)
        if bad.any():
            first = text[bad].iloc[0]
            raise DataError(source, f"expected a {width}-digit {src} code, got '{first}'")
        text = text.str.zfill(width)
    return text


def allocate(codes: Sequence[object] | pd.Series, name: str, source: str = "") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Allocate codes to sectors with a concordance, reporting what cannot be allocated.

    Parameters
    ----------
    codes : sequence or Series
        Source codes (raw numbers are normalised: lost leading zeros of HS6
        and MTI codes are restored, KSIC/ISIC divisions zero-padded).
    name : str
        Concordance name, e.g. ``"HS6-OECD36"`` (see :func:`concordance`).
    source : str, optional
        File name for error messages.

    Returns
    -------
    allocation : pandas.DataFrame
        ``code, sector, weight, via`` for each distinct code that could be
        allocated; weights of one code sum to 1. ``via`` is empty for codes
        in the table and, for HS6 codes found only through the HS revision
        tables, names the linked codes used (their allocations averaged).
    unmatched : pandas.DataFrame
        ``code, reason`` for each distinct code that could not be allocated.

    Raises
    ------
    DataError
        If a code is malformed (not digits, too long).
    """
    src, dst = _parse(name)
    series = codes if isinstance(codes, pd.Series) else pd.Series(list(codes), dtype=object)
    distinct = pd.Series(pd.unique(_normalise_source(series, src, source)), dtype=object)
    table = _concordance(src, dst)
    linked = isin(distinct, table["from_code"])
    known = distinct[linked]
    alloc = table[isin(table["from_code"], known)].rename(columns={"from_code": "code", "to_code": "sector"})
    alloc = alloc.assign(via="")
    missing = distinct[~linked].tolist()
    routed, unmatched = (_route_hs(missing, table) if src == "HS6" else
                         (_empty_alloc(), [(c, f"no {dst} sector for this {src} code") for c in missing]))
    alloc = pd.concat([alloc, routed], ignore_index=True) if len(routed) else alloc
    alloc = alloc.sort_values(["code", "sector"]).reset_index(drop=True)[["code", "sector", "weight", "via"]]
    report = pd.DataFrame(unmatched, columns=UNMATCHED_COLUMNS)
    return alloc, report


def _empty_alloc() -> pd.DataFrame:
    return pd.DataFrame({"code": pd.Series(dtype=object), "sector": pd.Series(dtype=object),
                         "weight": pd.Series(dtype="float64"), "via": pd.Series(dtype=object)})


@lru_cache(maxsize=1)
def _revision_neighbours() -> pd.DataFrame:
    """Every pair of HS6 codes linked by a UNSD correlation table, in both directions."""
    pairs = []
    for new in REVISIONS:
        for old in REVISIONS:
            if new > old:
                t = _revision_table(new, old)
                a, b = t[f"hs{new}"], t[f"hs{old}"]
                pairs.append(pd.DataFrame({"code": a, "other": b, "via": f"HS{new}→HS{old}"}))
                pairs.append(pd.DataFrame({"code": b, "other": a, "via": f"HS{old}→HS{new}"}))
    out = pd.concat(pairs, ignore_index=True)
    return out[out["code"] != out["other"]].drop_duplicates(["code", "other"])


def _route_hs(missing: list[str], table: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Allocate HS6 codes the table lacks through the codes the HS revision tables link them to."""
    if not missing:
        return _empty_alloc(), []
    links = _revision_neighbours()
    links = links[isin(links["code"], missing) & isin(links["other"], table["from_code"])]
    if links.empty:
        return _empty_alloc(), [(c, _reason_unrouted(c)) for c in missing]
    n = links.groupby("code")["other"].transform("size")
    merged = links.assign(share=1.0 / n).merge(table, left_on="other", right_on="from_code")
    merged = merged.assign(weight=merged["share"] * merged["weight"])
    routed = merged.groupby(["code", "to_code"], as_index=False)["weight"].sum().rename(columns={"to_code": "sector"})
    via = links.groupby("code").apply(
        lambda g: f"HS revision links ({g['via'].iloc[0]}): " + ", ".join(sorted(g["other"])), include_groups=False)
    routed = routed.assign(via=routed["code"].map(via))
    failed = [(c, _reason_unrouted(c)) for c in missing if c not in set(routed["code"])]
    return routed, failed


_NO_ROUTE = "not in the concordance, and no HS2012/2017/2022 code linked to it is"


def _reason_unrouted(code: str) -> str:
    if code.startswith("9999"):
        return "commodities not specified according to kind (HS 9999): no producing sector"
    return _NO_ROUTE


# --------------------------------------------------------------------------- KSIC ↔ ISIC divisions


@lru_cache(maxsize=2)
def _principal_isic(revision: int) -> dict[str, str]:
    t = _read("ksic_isic.csv")
    t = t[t["revision"] == str(revision)].assign(w=lambda d: d["weight"].astype(float))
    t = t.sort_values(["ksic_division", "w", "isic_division"], ascending=[True, False, True])
    first = t.drop_duplicates("ksic_division")
    return dict(zip(first["ksic_division"], first["isic_division"]))


def ksic_to_isic(division: object | Sequence[object] | pd.Series, revision: int = 9) -> str | pd.Series:
    """The ISIC Rev.4 division in which a KSIC division's classes mostly fall.

    The numbering differs from division 26 on (and in mining and services):
    KSIC 27 medical/precision/optical instruments → ISIC 26, 28 electrical
    equipment → 27, 29 other machinery → 28, 30 motor vehicles → 29, 31
    other transport → 30, 32 furniture → 31, 33 other manufacturing → 32,
    (10th revision) 34 repair of industrial machinery → 33. Where a KSIC
    division spreads over several ISIC divisions (KSIC 27 also holds
    medical and dental instruments, ISIC 32) use :func:`concordance`
    ``"KSIC9-ISIC2"`` for the weights.

    Parameters
    ----------
    division : int, str or sequence/Series of them
        KSIC divisions (``30``, ``"05"``, ``5``).
    revision : {9, 10}
        KSIC revision.

    Returns
    -------
    str or pandas.Series
        The ISIC division (two-digit string); a Series (None where unknown)
        for sequence input.

    Raises
    ------
    DataError
        For a scalar division that KSIC does not have.

    Examples
    --------
    >>> ksic_to_isic(30), ksic_to_isic("29"), ksic_to_isic(34, revision=10)
    ('29', '28', '33')
    """
    if int(revision) not in (9, 10):
        raise ValueError(f"KSIC revision must be 9 or 10, got {revision!r}")
    table = _principal_isic(int(revision))
    if isinstance(division, (str, int, np.integer)):
        key = str(division).strip().zfill(2)
        if key not in table:
            raise DataError(f"KSIC {revision}th revision", f"expected a KSIC division, got '{division}'")
        return table[key]
    series = division if isinstance(division, pd.Series) else pd.Series(list(division), dtype=object)
    keys = series.astype("object").astype(str).str.strip().str.replace(r"\.0$", "", regex=True).str.zfill(2)
    return pd.Series([table.get(k) for k in keys], index=series.index, dtype=object)
