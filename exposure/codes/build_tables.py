"""Generate the shipped reference tables in ``exposure/codes/data`` from public sources.

Run from the repository root::

    python -m exposure.codes.build_tables                # all tables, sources in ../shared/data
    python -m exposure.codes.build_tables --shared DIR --only countries hs_revisions

Inputs are the public files described in ``../shared/data/README.md`` and the
hand-written tables in ``exposure/codes/curated``. Outputs are code-to-code
facts only (no product descriptions). Each output has a row in
``exposure/codes/data/SOURCES.md``; ``tests/codes/test_build_tables.py``
rebuilds them and checks that the shipped copies are identical.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
CURATED = HERE / "curated"
DEFAULT_SHARED = HERE.parents[1].parent / "shared" / "data"


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


# --------------------------------------------------------------------------- driver

BUILDERS: dict[str, Callable[[Path], dict[str, pd.DataFrame]]] = {
    "countries": build_countries,
    "hs_revisions": build_hs_revisions,
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
