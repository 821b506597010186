"""Generate the shipped reference tables in ``exposure/codes/data`` from public sources.

A maintainer script, not part of the installed package (nothing in ``exposure`` imports it).
Run from the repository root::

    python tools/build_code_tables.py                  # all tables, sources in ../shared/data
    python tools/build_code_tables.py --shared DIR --only countries hs_revisions

Inputs are the public files described in ``../shared/data/README.md`` and the
hand-written tables in ``exposure/codes/curated``. Outputs are code-to-code
facts only (no product descriptions). Each output has a row in
``exposure/codes/data/SOURCES.md``; ``tests/codes/test_build_tables.py``
rebuilds them and checks that the shipped copies are identical.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

TOOLS = Path(__file__).resolve().parent
REPO = TOOLS.parent
CODES = REPO / "exposure" / "codes"
DATA = CODES / "data"
CURATED = CODES / "curated"
DEFAULT_SHARED = REPO.parent / "shared" / "data"

# the end-use and critical-input builders live beside this script (run as a script, its folder is
# on sys.path; imported from a test by file location, it is not)
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

import code_tables_end_use as end_use  # noqa: E402


def read_curated(name: str) -> pd.DataFrame:
    """A hand-written table from ``curated/`` with every column as text."""
    return pd.read_csv(CURATED / name, dtype=str, keep_default_na=False, encoding="utf-8")


def write_table(df: pd.DataFrame, name: str, out: Path = DATA) -> Path:
    """Write a table as UTF-8 CSV with Unix line ends, so rebuilding gives identical bytes."""
    path = out / name
    df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


# --------------------------------------------------------------------------- countries


def build_countries(shared: Path) -> dict[str, pd.DataFrame]:
    """countries.csv, baci_countries.csv and country_aliases.csv.

    The ISO 3166 codes, M49 numbers and Korean names are hand-written
    (``curated/iso_countries.csv``); CEPII BACI's country list adds the BACI
    numeric code and the Comtrade-style English names, and is cross-checked
    against the ISO table.
    """
    iso = read_curated("iso_countries.csv")
    baci = pd.read_csv(shared / "baci_codes" / "country_codes_V202301.csv", sep=";", dtype=str,
                       keep_default_na=False, encoding="utf-8")
    baci = baci.rename(columns={"country_code": "baci", "iso_3digit_alpha": "iso3", "iso_2digit_alpha": "iso2"})
    baci["baci"] = baci["baci"].str.zfill(3)
    # Comtrade convention: "Other Asia, nes" (490) is Taiwan; 849 "US Misc. Pacific Isds" is ISO's UMI.
    special = {"490": "TWN", "849": "UMI"}
    baci["iso3"] = baci["baci"].map(special).fillna(baci["iso3"]).replace("N/A", "")
    for rec in baci.itertuples(index=False):
        if rec.iso3 and rec.iso3 not in set(iso["iso3"]):
            raise ValueError(f"BACI code {rec.baci} has ISO3 {rec.iso3} missing from curated/iso_countries.csv")
    checked = baci.merge(iso[["iso3", "iso2", "current"]], on="iso3", suffixes=("", "_iso"))
    clash = checked[(checked["current"] == "1") & (checked["iso2"] != checked["iso2_iso"])
                    & ~checked["iso2"].isin(["", "N/A"]) & ~checked["baci"].isin(list(special))
                    & (checked["iso2"] != "FQ")]  # BACI keeps ATF's withdrawn ISO2 code FQ
    if len(clash):
        raise ValueError(f"ISO2 of BACI and the curated table differ:\n{clash}")

    primary = _primary_baci(baci, iso)
    countries = iso.merge(primary, on="iso3", how="left").fillna({"baci": ""})
    countries = countries[["iso3", "iso2", "m49", "baci", "name_en", "name_ko", "name_ko_customs", "current"]]

    baci_out = baci[["baci", "iso3", "country_name_abbreviation"]].rename(
        columns={"country_name_abbreviation": "name_baci"})
    baci_out = baci_out.assign(
        note=baci_out["baci"].map({"490": "Comtrade convention: Other Asia, nes = Taiwan",
                                   "849": "US Misc. Pacific Islands = ISO UMI",
                                   "697": "group: Europe EFTA, nes"}).fillna(""))
    baci_out = baci_out.sort_values("baci", key=lambda s: s.astype(int)).reset_index(drop=True)

    aliases = _country_aliases(iso, baci)
    return {"countries.csv": countries, "baci_countries.csv": baci_out, "country_aliases.csv": aliases}


def _primary_baci(baci: pd.DataFrame, iso: pd.DataFrame) -> pd.DataFrame:
    """One BACI code per ISO3: the one equal to M49 when BACI has several (BEL 56 not 58, DEU 276 not 280)."""
    have = baci[baci["iso3"] != ""].merge(iso[["iso3", "m49"]], on="iso3")
    have = have.assign(pref=(have["baci"] != have["m49"]).astype(int))
    have = have.sort_values(["iso3", "pref", "baci"])
    return have.drop_duplicates("iso3")[["iso3", "baci"]]


def _country_aliases(iso: pd.DataFrame, baci: pd.DataFrame) -> pd.DataFrame:
    curated = read_curated("country_aliases.csv").assign(source="hand-written")
    customs = iso.loc[iso["name_ko_customs"] != iso["name_ko"], ["name_ko_customs", "iso3"]]
    customs = customs.rename(columns={"name_ko_customs": "alias"}).assign(
        lang="ko", kind="customs", source="Korea Customs Service country names")
    rows = [curated, customs]
    for col in ("country_name_abbreviation", "country_name_full"):
        named = baci.loc[baci["iso3"] != "", [col, "iso3"]].rename(columns={col: "alias"})
        rows.append(named.assign(lang="en", kind="comtrade", source="CEPII BACI V202301 country list"))
    out = pd.concat(rows, ignore_index=True)[["alias", "iso3", "lang", "kind", "source"]]
    known = set(iso["name_en"]) | set(iso["name_ko"])
    out = out[~out["alias"].isin(known)]
    return out.drop_duplicates(["alias", "iso3"]).reset_index(drop=True)


# --------------------------------------------------------------------------- HS revisions

# (file, correlation sheet, its columns: new code, old code, relationship; conversion sheet; new, old revision)
_HS_TABLES = [
    ("HS2017toHS2012ConversionAndCorrelationTables.xlsx", "Correlation HS17-HS12", (0, 2, 3),
     "Conversion HS17-HS12", "2017", "2012"),
    ("HS2022toHS2017ConversionAndCorrelationTables.xlsx", "HS2022-HS2017 Correlations", (0, 1, 2),
     "HS2022-HS2017 Conversions", "2022", "2017"),
    ("HS2022toHS2012ConversionAndCorrelationTables.xlsx", "HS2022-HS2012 Correlations", (0, 1, 2),
     "HS2022-HS2012 Conversions", "2022", "2012"),
]


def build_hs_revisions(shared: Path) -> dict[str, pd.DataFrame]:
    """hs{new}_hs{old}.csv: every HS6 link of the UNSD correlation tables, flagged when UNSD's conversion table uses it.

    A correlation table lists every pair of codes whose content overlaps
    (1:1, n:1, 1:n, n:n). The conversion table picks one older code for
    each newer code; ``conversion`` = 1 marks those pairs.
    """
    out = {}
    for file_name, sheet, cols, conv_sheet, new, old in _HS_TABLES:
        path = shared / "concordance" / file_name
        raw = pd.read_excel(path, sheet_name=sheet, header=None, dtype=str)
        links = raw.iloc[:, list(cols)].set_axis([f"hs{new}", f"hs{old}", "relationship"], axis=1)
        links = links[links[f"hs{new}"].str.fullmatch(r"\d{6}", na=False)].drop_duplicates()
        conv = pd.read_excel(path, sheet_name=conv_sheet, header=None, dtype=str).iloc[:, :2]
        conv = conv.set_axis([f"hs{new}", f"hs{old}"], axis=1)
        conv = conv[conv[f"hs{new}"].str.fullmatch(r"\d{6}", na=False)]
        for table in (links, conv):
            if not table[f"hs{old}"].str.fullmatch(r"\d{6}", na=False).all():
                raise ValueError(f"{file_name}: codes that are not six digits")
        if conv[f"hs{new}"].duplicated().any():
            raise ValueError(f"{file_name}: the conversion table gives one code several targets")
        links = links.merge(conv.assign(conversion=1), on=[f"hs{new}", f"hs{old}"], how="left")
        if links["conversion"].sum() != len(conv):
            raise ValueError(f"{file_name}: conversion pairs missing from the correlation table")
        links["conversion"] = links["conversion"].fillna(0).astype(int)
        out[f"hs{new}_hs{old}.csv"] = links.sort_values([f"hs{new}", f"hs{old}"]).reset_index(drop=True)
    return out


# --------------------------------------------------------------------------- sector lists


def build_sectors(shared: Path) -> dict[str, pd.DataFrame]:
    """isic4_divisions.csv and sectors_oecd45.csv.

    ISIC Rev.4 divisions (with their section) come from UNSD's structure
    file; the 45 industries of the OECD IOT 2021 edition from the header of
    the Korean Leontief table, with Korean names from ``curated/``.
    """
    structure = pd.read_csv(shared / "concordance" / "ISIC_Rev_4_english_structure.txt", dtype=str,
                            keep_default_na=False)
    section = structure["Code"].where(structure["Code"].str.fullmatch(r"[A-U]")).ffill()
    divisions = structure.assign(section=section)[structure["Code"].str.fullmatch(r"\d{2}")]
    divisions = divisions.rename(columns={"Code": "division", "Description": "name_en"})
    divisions = divisions[["division", "section", "name_en"]].reset_index(drop=True)

    header = _oecd_header(shared / "io_kor" / "OECD_IOT2021ed_KOR2018_LEONTFD_raw.csv")
    oecd45 = pd.DataFrame([h.split(": ", 1) for h in header], columns=["sector", "name_en"])
    oecd45.insert(1, "isic_divisions", oecd45["sector"].map(_isic_range))
    names_ko = read_curated("sectors_oecd45_ko.csv")
    if set(names_ko["sector"]) != set(oecd45["sector"]):
        raise ValueError("curated/sectors_oecd45_ko.csv does not list the 45 industries of the IOT header")
    oecd45 = oecd45.merge(names_ko, on="sector", how="left")
    return {"isic4_divisions.csv": divisions, "sectors_oecd45.csv": oecd45}


def _oecd_header(path: Path) -> list[str]:
    import csv

    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if row and row[0].startswith("To "):
                return [c for c in row[2:] if c[:1] == "D"]
    raise ValueError(f"{path}: no 'To industry / sector' header row")


def _isic_range(sector: str) -> str:
    """``D01T02`` → ``01-02``; ``D26`` → ``26``."""
    first, _, last = sector[1:].partition("T")
    return f"{first}-{last}" if last else first


# --------------------------------------------------------------------------- KSIC ↔ ISIC


def ksic_classes(shared: Path) -> pd.DataFrame:
    """Every KSIC 5-digit class of the 9th and 10th revisions: revision, section, division, class."""
    tree = pd.read_csv(shared / "ksic" / "ksicTreeDB.csv", dtype=str, keep_default_na=False)
    tree = tree.assign(revision=tree["ksic_C"].str[1:])
    out = tree.rename(columns={"ksic1_cd": "section", "ksic2_cd": "division", "ksic5_cd": "ksic_class"})
    return out[["revision", "section", "division", "ksic_class"]].drop_duplicates().reset_index(drop=True)


def classes_to_isic(classes: pd.DataFrame) -> pd.DataFrame:
    """Attach the ISIC division of each KSIC class by the longest matching rule of ``curated/ksic_isic_rules.csv``."""
    rules = read_curated("ksic_isic_rules.csv")
    rules = rules.assign(n=rules["ksic_prefix"].str.len()).sort_values("n", kind="stable")
    isic = pd.Series("", index=classes.index, dtype=object)
    rule_of = pd.Series(-1, index=classes.index)
    for pos, rule in enumerate(rules.itertuples(index=False)):  # longer prefixes later, so they win
        hit = classes["ksic_class"].str.startswith(rule.ksic_prefix)
        if rule.revision:
            hit &= classes["revision"] == rule.revision
        isic[hit] = rule.isic_division
        rule_of[hit] = pos
    if (rule_of < 0).any():
        first = classes[rule_of < 0].iloc[0]
        raise ValueError(f"KSIC {first['revision']}th revision class {first['ksic_class']} has no ISIC rule")
    unused = set(range(len(rules))) - set(rule_of)
    if unused:
        raise ValueError(f"rules that decide no KSIC class: {rules.iloc[sorted(unused)].to_dict('records')}")
    return classes.assign(isic_division=isic.to_numpy())


def build_ksic(shared: Path) -> dict[str, pd.DataFrame]:
    """ksic_isic.csv (KSIC division → ISIC division, weights = share of the division's classes) and ksic_divisions.csv."""
    classes = classes_to_isic(ksic_classes(shared))
    counts = classes.groupby(["revision", "division", "isic_division"]).size().rename("n_classes").reset_index()
    total = counts.groupby(["revision", "division"])["n_classes"].transform("sum")
    counts["weight"] = counts["n_classes"] / total
    counts = counts.rename(columns={"division": "ksic_division"})
    counts = counts.sort_values(["revision", "ksic_division", "isic_division"], key=_natural).reset_index(drop=True)

    db = pd.read_csv(shared / "ksic" / "ksicDB.csv", dtype=str, keep_default_na=False)
    names = db[db["digit"] == "2"].assign(revision=lambda d: d["ksic_C"].str[1:])
    names = names.rename(columns={"cd": "ksic_division", "nm": "name_ko"})
    sections = classes[["revision", "division", "section"]].drop_duplicates().rename(
        columns={"division": "ksic_division"})
    divisions = names[["revision", "ksic_division", "name_ko"]].merge(sections, on=["revision", "ksic_division"])
    divisions = divisions[["revision", "ksic_division", "section", "name_ko"]]
    divisions = divisions.sort_values(["revision", "ksic_division"], key=_natural).reset_index(drop=True)
    return {"ksic_isic.csv": counts[["revision", "ksic_division", "isic_division", "weight", "n_classes"]],
            "ksic_divisions.csv": divisions}


def _natural(col: pd.Series) -> pd.Series:
    return col.astype(int) if col.name == "revision" else col


# --------------------------------------------------------------------------- KIET60


def _kiet_links(shared: Path) -> pd.DataFrame:
    """KIET code → KSIC prefix or section, per revision, from KIET's link table."""
    raw = pd.read_csv(shared / "hs_ksic_kiet60" / "KIET60_industry_KSIC_V2_linktable.csv", dtype=str,
                      keep_default_na=False, encoding="utf-8-sig")
    raw.columns = ["level1", "level2", "level3", "ksic10", "ksic9"]
    rows, owner, sectors = [], None, []
    parents = {1: None, 2: None}
    for rec in raw.itertuples(index=False):
        for level, cell in ((1, rec.level1), (2, rec.level2), (3, rec.level3)):
            if cell.strip():
                code, _, name = cell.strip().partition(" ")
                parent = parents.get(level - 1) if level > 1 else None
                sectors.append({"kiet60": code, "name_ko": name.strip(), "level": level, "parent": parent or ""})
                if level < 3:
                    parents[level] = code
                owner = code
        # a row whose level-3 cell is a lone space (KSIC 34, repair) belongs to no KIET industry:
        # repair services produce no traded goods
        if rec.level3 == " ":
            continue
        for rev, cell in (("10", rec.ksic10), ("9", rec.ksic9)):
            token = cell.strip().split()[0] if cell.strip() else ""
            if token and owner:
                rows.append({"kiet60": owner, "revision": rev, "ksic": token[1:] if len(token) > 1 else token})
    links = pd.DataFrame(rows)
    sector_table = pd.DataFrame(sectors).drop_duplicates("kiet60")
    return links, sector_table


def build_kiet(shared: Path) -> dict[str, pd.DataFrame]:
    """hs6_kiet60.csv and kiet60_sectors.csv."""
    links, sectors = _kiet_links(shared)
    codes = pd.read_csv(shared / "hs_ksic_kiet60" / "KIET60_industry_HSCODE.csv", dtype=str, keep_default_na=False)
    codes = codes.assign(hs6=codes["hsc"].str.strip().str.zfill(6),
                         kiet60=codes["레벨3코드"].where(codes["레벨3코드"] != "", codes["레벨1코드"]))
    codes = codes[codes["kiet60"] != ""]
    if codes["hs6"].duplicated().any() or not codes["hs6"].str.fullmatch(r"\d{6}").all():
        raise ValueError("KIET60_industry_HSCODE.csv: duplicate or malformed HS codes")
    unknown = set(codes["kiet60"]) - set(sectors["kiet60"])
    if unknown:
        raise ValueError(f"KIET codes missing from the link table: {unknown}")
    ksic = links.groupby(["kiet60", "revision"])["ksic"].agg(" ".join).unstack("revision").fillna("")
    sectors = sectors.merge(ksic.rename(columns={"10": "ksic10", "9": "ksic9"}), on="kiet60", how="left")
    sectors = sectors.fillna({"ksic10": "", "ksic9": ""})
    hs6 = codes[["hs6", "kiet60"]].sort_values("hs6").reset_index(drop=True)
    return {"hs6_kiet60.csv": hs6, "kiet60_sectors.csv": sectors[["kiet60", "name_ko", "level", "parent",
                                                                  "ksic10", "ksic9"]]}


# --------------------------------------------------------------------------- HS6 → ISIC / KSIC


def build_hs6_sectors(shared: Path) -> dict[str, pd.DataFrame]:
    """hs6_isic4.csv, hs6_isic2.csv and hs6_ksic.csv.

    ``hs6_isic4``: the HS6 → ISIC Rev.4 class pairs of the public table as they are.

    ``hs6_isic2`` (the table the tool allocates with): that table pools HS
    vintages and links many products to unrelated industries (photoresist
    370790 to food and machinery; machinery to repair). KIET's Korean HS →
    industry table names the producing industry of each HS6 code, which
    gives a set K of ISIC divisions (through the KSIC classes of the KIET
    industry); the HS-ISIC table gives divisions H with a count of ISIC
    classes each. Weights are the H counts over K ∩ H (basis ``KIET and
    HS-ISIC``); where the two do not meet, the H counts (basis ``HS-ISIC``:
    the target is ISIC, and there the international table is usually the
    one that follows ISIC's rules, e.g. fresh fish is fishing, not food
    manufacturing as in KIET); where the HS-ISIC table has no entry, K's
    class shares (basis ``KIET``).

    ``hs6_ksic``: each ISIC division of ``hs6_isic2`` is turned into the KSIC
    divisions that produce it, kept to those of the code's KIET industry
    when they meet, split by class counts (9th and 10th revisions).
    """
    pairs = pd.read_csv(shared / "concordance" / "hs_isic4.csv", dtype=str, keep_default_na=False)
    pairs = pairs.rename(columns={"HS_6d": "hs6", "ISIC4_4d": "isic4"})
    # HS 999999 "commodities not specified according to kind" is not a product: no producing sector
    pairs = pairs[(pairs["isic4"] != "") & (pairs["hs6"] != "999999")]
    pairs = pairs[["hs6", "isic4"]].drop_duplicates().sort_values(["hs6", "isic4"])
    if not (pairs["hs6"].str.fullmatch(r"\d{6}").all() and pairs["isic4"].str.fullmatch(r"\d{4}").all()):
        raise ValueError("hs_isic4.csv: malformed codes")
    pairs = pairs.reset_index(drop=True)

    classes = classes_to_isic(ksic_classes(shared))
    links, _ = _kiet_links(shared)
    kiet = build_kiet(shared)["hs6_kiet60.csv"]

    k_classes = _kiet_classes(links, classes)  # kiet60, revision, division, isic_division (one row per class)
    k_isic = (k_classes[k_classes["revision"] == "10"].groupby(["kiet60", "isic_division"]).size()
              .rename("k_count").reset_index())
    override = read_curated("kiet_isic_override.csv")
    k_isic = pd.concat([k_isic[~k_isic["kiet60"].isin(override["kiet60"])],
                        override[["kiet60", "isic_division"]].assign(k_count=1)], ignore_index=True)
    h = pairs.assign(isic_division=pairs["isic4"].str[:2]).groupby(["hs6", "isic_division"]).size()
    h = h.rename("h_count").reset_index()

    hs = pd.DataFrame({"hs6": sorted(set(pairs["hs6"]) | set(kiet["hs6"]))}).merge(kiet, on="hs6", how="left")
    cand = hs.merge(k_isic, on="kiet60", how="left").merge(h, on=["hs6", "isic_division"], how="outer")
    cand["kiet60"] = cand["hs6"].map(dict(zip(kiet["hs6"], kiet["kiet60"])))
    has_k = cand["k_count"].notna().groupby(cand["hs6"]).transform("any")
    meet = cand["k_count"].notna() & cand["h_count"].notna()
    any_meet = meet.groupby(cand["hs6"]).transform("any")
    has_h = cand["h_count"].notna().groupby(cand["hs6"]).transform("any")
    chosen = pd.concat([
        cand[any_meet & meet].assign(score=lambda d: d["h_count"], basis="KIET and HS-ISIC"),
        cand[~any_meet & has_h & cand["h_count"].notna()].assign(score=lambda d: d["h_count"], basis="HS-ISIC"),
        cand[~has_h & has_k & cand["k_count"].notna()].assign(score=lambda d: d["k_count"], basis="KIET"),
    ])
    chosen = chosen[chosen["hs6"] != "999999"]  # KIET files it under other manufacturing
    chosen["weight"] = chosen["score"] / chosen.groupby("hs6")["score"].transform("sum")
    isic2 = chosen[["hs6", "isic_division", "weight", "basis"]].rename(columns={"isic_division": "isic2"})
    isic2 = isic2.sort_values(["hs6", "isic2"]).reset_index(drop=True)

    ksic = pd.concat([_hs6_ksic(isic2, kiet, k_classes, classes, rev) for rev in ("9", "10")], ignore_index=True)
    return {"hs6_isic4.csv": pairs, "hs6_isic2.csv": isic2, "hs6_ksic.csv": ksic}


def _kiet_classes(links: pd.DataFrame, classes: pd.DataFrame) -> pd.DataFrame:
    """The KSIC classes (with their ISIC division) behind each KIET industry, per revision."""
    rows = []
    for rec in links.itertuples(index=False):
        rev = classes[classes["revision"] == rec.revision]
        if rec.ksic.isalpha():  # a whole KSIC section (agriculture, mining, utilities …)
            hit = rev[rev["section"] == rec.ksic]
        else:
            hit = rev[rev["ksic_class"].str.startswith(rec.ksic)]
        if hit.empty:
            raise ValueError(f"KIET {rec.kiet60}: KSIC {rec.ksic} ({rec.revision}th rev.) matches no class")
        rows.append(hit.assign(kiet60=rec.kiet60))
    out = pd.concat(rows, ignore_index=True)
    return out[["kiet60", "revision", "division", "isic_division", "ksic_class"]].drop_duplicates()


def _hs6_ksic(isic2: pd.DataFrame, kiet: pd.DataFrame, k_classes: pd.DataFrame, classes: pd.DataFrame,
              rev: str) -> pd.DataFrame:
    producers = classes[classes["revision"] == rev].groupby(["isic_division", "division"]).size()
    producers = producers.rename("n").reset_index().rename(columns={"isic_division": "isic2"})
    k = k_classes[k_classes["revision"] == rev].groupby(["kiet60", "isic_division", "division"]).size()
    k = k.rename("n_kiet").reset_index().rename(columns={"isic_division": "isic2"})
    base = isic2.merge(kiet, on="hs6", how="left")
    wide = base.merge(producers, on="isic2").merge(k, on=["kiet60", "isic2", "division"], how="left")
    restricted = wide["n_kiet"].notna().groupby([wide["hs6"], wide["isic2"]]).transform("any")
    wide = wide[~restricted | wide["n_kiet"].notna()]
    wide = wide.assign(score=wide["n_kiet"].where(restricted, wide["n"]))
    wide["share"] = wide["weight"] * wide["score"] / wide.groupby(["hs6", "isic2"])["score"].transform("sum")
    out = wide.groupby(["hs6", "division"], as_index=False)["share"].sum()
    out = out.rename(columns={"division": "ksic_division", "share": "weight"}).assign(revision=rev)
    return out[["revision", "hs6", "ksic_division", "weight"]].sort_values(["hs6", "ksic_division"])


# --------------------------------------------------------------------------- end use and critical inputs


def build_end_use(shared: Path) -> dict[str, pd.DataFrame]:
    """hs6_bec.csv (see ``code_tables_end_use.build_bec``)."""
    return end_use.build_bec(shared)


def build_critical_inputs(shared: Path) -> dict[str, pd.DataFrame]:
    """critical_inputs.csv and ksic_classes.csv (see ``code_tables_end_use``)."""
    placed = classes_to_isic(ksic_classes(shared))
    ninth = placed[placed["revision"] == "9"]
    isic_of = dict(zip(ninth["ksic_class"], ninth["isic_division"]))
    return {**end_use.build_critical(shared, isic_of), **end_use.build_ksic_classes(shared)}


# --------------------------------------------------------------------------- driver

BUILDERS: dict[str, Callable[[Path], dict[str, pd.DataFrame]]] = {
    "countries": build_countries,
    "hs_revisions": build_hs_revisions,
    "sectors": build_sectors,
    "ksic": build_ksic,
    "kiet": build_kiet,
    "hs6_sectors": build_hs6_sectors,
    "end_use": build_end_use,
    "critical_inputs": build_critical_inputs,
}


def build(shared: Path = DEFAULT_SHARED, only: list[str] | None = None, out: Path = DATA) -> list[Path]:
    """Build the selected tables (all by default) and write them to ``out``."""
    written = []
    for name, builder in BUILDERS.items():
        if only and name not in only:
            continue
        for file_name, table in builder(shared).items():
            written.append(write_table(table, file_name, out))
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="folder with the public source files")
    parser.add_argument("--only", nargs="*", choices=list(BUILDERS), help="build only these tables")
    parser.add_argument("--out", type=Path, default=DATA, help="output folder")
    args = parser.parse_args(argv)
    for path in build(args.shared, args.only, args.out):
        print(path)


if __name__ == "__main__":
    main()
