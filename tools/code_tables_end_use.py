"""Builders of the end-use (BEC) and critical-input tables, called by ``build_code_tables.py``.

``hs6_bec.csv``
    every HS2017 subheading of the UN HS2017–BEC Rev.4 correlation with its BEC code(s) and the
    end-use class of the UN's BEC → SNA basic-class correspondence (``curated/bec_end_use.csv``).
``ksic_classes.csv``
    every KSIC 4-digit class of the 9th and 10th revisions with its Korean name (English names
    only where ``curated/ksic_classes_en.csv`` gives one: KSIC's English edition is not among
    the public sources).
``critical_inputs.csv``
    the hand-written rows of ``curated/critical_inputs.csv`` with ``dependent_share`` derived
    from the 2015 Economic Census: production of the using KSIC class over production of the
    KSIC classes that make up the OECD sector (classes placed in ISIC divisions by
    ``curated/ksic_isic_rules.csv``, the rules behind ``ksic_isic.csv``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

TOOLS = Path(__file__).resolve().parent
CODES = TOOLS.parent / "exposure" / "codes"
CURATED = CODES / "curated"
DATA = CODES / "data"

CENSUS = Path("census") / "economic_census_2015_mining_manufacturing.csv"
CENSUS_KSIC = ["industry_medium", "industry_small", "industry_subdivision", "industry_subsubdivision"]
END_USES = ("capital", "intermediate", "consumption", "mixed")


def _curated(name: str) -> pd.DataFrame:
    return pd.read_csv(CURATED / name, dtype=str, keep_default_na=False, encoding="utf-8")


# --------------------------------------------------------------------------- HS → BEC


def build_bec(shared: Path) -> dict[str, pd.DataFrame]:
    """hs6_bec.csv: ``hs6, bec, end_use, weight, relationship``.

    The UN file (``concordance/HS2017_to_BEC.csv``, UTF-8 with a byte-order mark, header
    ``HS 2017,BEC,Relationship``) links 5,386 HS2017 codes to BEC Rev.4 basic categories;
    100 codes have several BEC codes (``n:n``) and no split is published, so ``weight`` is an
    equal split (1/n). HS 710820 (monetary gold) and 711890 (coin) have no link and are left
    out (reported as unmatched at run time). The UN uses the non-basic BEC 32 for petroleum
    oils (271012, 271019, 271020): it holds motor spirit (321), which the UN does not assign.
    """
    raw = pd.read_csv(shared / "concordance" / "HS2017_to_BEC.csv", dtype=str, keep_default_na=False,
                      encoding="utf-8-sig")
    expected = ["HS 2017", "BEC", "Relationship"]
    if list(raw.columns) != expected:
        raise ValueError(f"HS2017_to_BEC.csv: expected columns {expected}, got {list(raw.columns)}")
    table = raw.set_axis(["hs6", "bec", "relationship"], axis=1).apply(lambda s: s.str.strip())
    if not table["hs6"].str.fullmatch(r"\d{4,6}").all():
        raise ValueError("HS2017_to_BEC.csv: HS codes that are not numbers")
    table["hs6"] = table["hs6"].str.zfill(6)  # the file keeps its zeros today; a re-save may not
    classes = _curated("bec_end_use.csv")
    if set(classes["end_use"]) - set(END_USES):
        raise ValueError(f"curated/bec_end_use.csv: end uses other than {END_USES}")
    unknown = sorted(set(table["bec"]) - set(classes["bec"]))
    if unknown:
        raise ValueError(f"BEC codes without an end-use class in curated/bec_end_use.csv: {unknown}")
    table = table.drop_duplicates(["hs6", "bec"]).merge(classes[["bec", "end_use"]], on="bec", how="left")
    n = table.groupby("hs6")["bec"].transform("size")
    table["weight"] = 1.0 / n
    single = table.groupby("hs6")["relationship"].transform(lambda s: (s == "n:n").any()) | (n == 1)
    if not single.all():
        raise ValueError("HS2017_to_BEC.csv: a code with several BEC codes is not marked n:n")
    out = table[["hs6", "bec", "end_use", "weight", "relationship"]]
    return {"hs6_bec.csv": out.sort_values(["hs6", "bec"]).reset_index(drop=True)}


# --------------------------------------------------------------------------- KSIC classes


def ksic4_names(shared: Path) -> pd.DataFrame:
    """Every KSIC 4-digit class of both revisions: ``revision, ksic4, division, name_ko``."""
    db = pd.read_csv(shared / "ksic" / "ksicDB.csv", dtype=str, keep_default_na=False)
    four = db[db["digit"] == "4"].assign(revision=lambda d: d["ksic_C"].str[1:])
    four = four.rename(columns={"cd": "ksic4", "nm": "name_ko"})
    if not four["ksic4"].str.fullmatch(r"\d{4}").all() or four.duplicated(["revision", "ksic4"]).any():
        raise ValueError("ksicDB.csv: malformed or repeated 4-digit classes")
    four = four.assign(division=four["ksic4"].str[:2])
    return four[["revision", "ksic4", "division", "name_ko"]]


def build_ksic_classes(shared: Path) -> dict[str, pd.DataFrame]:
    """ksic_classes.csv: ``revision, ksic4, division, name_ko, name_en``."""
    names = ksic4_names(shared)
    english = _curated("ksic_classes_en.csv")
    missing = english.merge(names, on=["revision", "ksic4"], how="left", indicator=True)
    if (missing["_merge"] != "both").any():
        raise ValueError(f"curated/ksic_classes_en.csv names classes KSIC lacks: "
                         f"{missing.loc[missing['_merge'] != 'both', ['revision', 'ksic4']].values.tolist()}")
    out = names.merge(english[["revision", "ksic4", "name_en"]], on=["revision", "ksic4"], how="left")
    out = out.fillna({"name_en": ""})
    out = out.sort_values(["revision", "ksic4"], key=lambda c: c.astype(int) if c.name == "revision" else c)
    return {"ksic_classes.csv": out.reset_index(drop=True)}


# --------------------------------------------------------------------------- census shares


def census_production(shared: Path) -> pd.DataFrame:
    """2015 Economic Census production by KSIC 9th-revision 5-digit class: ``ksic5, production, n, masked``.

    The KSIC code is split over five columns (section letter, then one column per level:
    ``industry_medium`` = division without its leading zero, then one digit per column). Numbers
    are stored as text; confidential cells are asterisks (``***``) and are counted in ``masked``.
    Production is in the census's unit (million KRW, judging by the total: 1,431.6 trillion won
    for mining and manufacturing in 2015); the shares built from it are unit-free.
    """
    raw = pd.read_csv(shared / CENSUS, dtype=str, keep_default_na=False)
    parts = raw[CENSUS_KSIC].apply(lambda s: s.str.strip())
    if not (parts["industry_medium"].str.fullmatch(r"\d{1,2}").all()
            and parts[CENSUS_KSIC[1:]].apply(lambda s: s.str.fullmatch(r"\d")).all().all()):
        raise ValueError(f"{CENSUS.name}: KSIC columns that are not digits")
    ksic5 = parts["industry_medium"].str.zfill(2) + parts[CENSUS_KSIC[1:]].agg("".join, axis=1)
    text = raw["production"].str.replace(",", "", regex=False).str.strip()
    masked = text.str.fullmatch(r"\*+")
    if not (masked | text.str.fullmatch(r"-?\d+")).all():
        raise ValueError(f"{CENSUS.name}: production values that are neither numbers nor masked")
    value = pd.to_numeric(text.where(~masked), errors="raise")
    frame = pd.DataFrame({"ksic5": ksic5, "production": value, "masked": masked.astype(int)})
    return frame.groupby("ksic5", as_index=False).agg(production=("production", "sum"),
                                                      n=("production", "size"), masked=("masked", "sum"))


def _sector_divisions(sector: str) -> set[str]:
    sectors = pd.read_csv(DATA / "sectors_oecd36.csv", dtype=str, keep_default_na=False)
    spec = sectors.loc[sectors["sector"] == sector, "isic_divisions"]
    if spec.empty:
        raise ValueError(f"curated/critical_inputs.csv: sector {sector} is not an OECD36 sector")
    first, _, last = spec.iloc[0].partition("-")
    return {f"{d:02d}" for d in range(int(first), int(last or first) + 1)}


def dependent_shares(shared: Path, pairs: pd.DataFrame, isic_of: dict[str, str]) -> pd.DataFrame:
    """Census production of each (sector, ksic) class and of its sector: ``sector, ksic, class_production,
    sector_production, division_production, dependent_share, dependent_share_division``.

    ``dependent_share`` divides by the production of every KSIC class whose ISIC division lies in
    the sector (OECD D26 = ISIC 26 = KSIC division 26 plus the instrument classes of KSIC 27);
    ``dependent_share_division`` divides by the class's own KSIC division, for comparison.
    ``isic_of`` gives the ISIC division of every KSIC 9th-revision 5-digit class.
    """
    prod = census_production(shared)
    unknown = sorted(set(prod["ksic5"]) - set(isic_of))
    if unknown:
        raise ValueError(f"census KSIC codes that are not KSIC 9th-revision classes: {unknown[:10]}")
    prod = prod.assign(isic_division=prod["ksic5"].map(isic_of))
    rows = []
    for rec in pairs.drop_duplicates(["sector", "ksic"]).itertuples(index=False):
        in_sector = prod[prod["isic_division"].isin(_sector_divisions(rec.sector))]
        in_division = prod[prod["ksic5"].str[:2] == rec.ksic[:2]]
        in_class = prod[prod["ksic5"].str[:4] == rec.ksic]
        if in_class.empty:
            raise ValueError(f"KSIC class {rec.ksic} has no establishment in the 2015 census")
        if in_sector["masked"].sum() or in_division["masked"].sum():
            raise ValueError(f"masked production values inside sector {rec.sector}: the share would be biased")
        if not set(in_class["ksic5"]) <= set(in_sector["ksic5"]):
            raise ValueError(f"KSIC class {rec.ksic} does not lie in sector {rec.sector}")
        c, s, d = in_class["production"].sum(), in_sector["production"].sum(), in_division["production"].sum()
        rows.append({"sector": rec.sector, "ksic": rec.ksic, "class_production": c, "sector_production": s,
                     "division_production": d, "dependent_share": c / s, "dependent_share_division": c / d})
    return pd.DataFrame(rows)


CRITICAL_COLUMNS = ["code", "code_system", "sector", "ksic", "criticality", "dependent_share", "domestic_share",
                    "stock_days", "source", "name_ko", "name_en", "note_ko", "note_en"]


def build_critical(shared: Path, isic_of: dict[str, str]) -> dict[str, pd.DataFrame]:
    """critical_inputs.csv: the curated rows with ``dependent_share`` from the census (4 decimals)."""
    rows = _curated("critical_inputs.csv")
    if "dependent_share" in rows.columns:
        raise ValueError("curated/critical_inputs.csv must not carry dependent_share: the census gives it")
    shares = dependent_shares(shared, rows, isic_of)
    out = rows.merge(shares[["sector", "ksic", "dependent_share"]], on=["sector", "ksic"], how="left")
    out["dependent_share"] = out["dependent_share"].map(lambda v: f"{v:.4f}")
    return {"critical_inputs.csv": out[CRITICAL_COLUMNS]}
