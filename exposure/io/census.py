"""Statistics Korea's Economic Census (2015), mining and manufacturing establishments → SME shares.

The establishment file (one row per establishment) gives the KSIC 9th-revision code
split over columns — ``industry_large`` (section letter), ``industry_medium``
(division, its leading zero lost: ``5`` = ``05``), ``industry_small`` … — and the
establishment's ``workers`` and ``production``, all stored as text. Cells the
statistics office suppressed for confidentiality are masked with asterisks (``***``).

:func:`sme_profile_from_census` turns it into a SectorProfile (DESIGN §3) of the
tool's sector system:

- ``sme_share`` = production of establishments with fewer than ``threshold`` workers
  (300 by default, the workforce ceiling of Korea's manufacturing SME definition) ÷
  production of all establishments, so ``sme_share_basis`` is ``"output"``;
- KSIC divisions are mapped to sectors with the concordance ``KSIC9-<system>``; a
  division split over two sectors (KSIC 27 over D26 and D31T33) adds its weight ×
  production to each;
- ``output_usd`` is the census production itself, the denominator of the share, so
  ``sme_share · output_usd`` is SME production. Production is in **KRW million**
  (``unit_krw = 1e6``: total manufacturing production of about 1,430 trillion won, some
  480 million won per worker), converted to USD at the rate the caller gives
  (``fx={"KRW": rate}``, the load option every reader takes, or ``krw_per_usd``), else at
  the 2015 average (1,131.5 KRW/USD, Bank of Korea); the LoadReport states the rate and
  where it came from. The census covers mining and
  manufacturing establishments (essentially those with 10 or more workers), so this is
  below the input–output table's output of the same sector; the scoring uses only
  ``export_usd`` and ``sme_share``, and the share is what the census is for;
- ``export_usd`` is not in the census: it comes from the input–output table's export
  column when one is given (``io``), else it is NaN (and the scoring takes it from the IO table);
- ``sme_firms`` counts SME *establishments* (weighted like production), not enterprises.

Rows dropped, each with its reason in the LoadReport: ``suppressed (masked with *)``,
``blank KSIC division``, ``unknown KSIC 9th-revision division``, ``KSIC division with no
OECD36 sector`` (e.g. 99), ``blank production``, ``blank workers``. Rows read = kept + dropped; the report's value is production in USD.
"""

from __future__ import annotations

import io as _io
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from exposure.codes.concordance import concordance, sector_names
from exposure.errors import DataError
from exposure.io.encoding import read_text
from exposure.io.numbers import is_blank, parse_numbers
from exposure.io.reporting import ReportBuilder
from exposure.io.units import parse_fx
from exposure.members import isin
from exposure.schema import SECTOR_PROFILE, IOTable, LoadReport, validate

#: Bank of Korea, 2015 average of the daily KRW/USD base rate (매매기준율 연평균), KRW per USD
KRW_PER_USD_2015 = 1131.5
#: workforce ceiling of Korea's manufacturing SME definition (중소기업기본법: fewer than 300 workers)
SME_WORKERS = 300
#: KRW per unit of the census money columns (the file is in KRW million)
UNIT_KRW = 1e6

COLUMNS = {"section": "industry_large", "division": "industry_medium", "workers": "workers",
           "production": "production"}
#: the third and fourth KSIC digits (group and class), where the file has them
CLASS_COLUMNS = ("industry_small", "industry_subdivision")
_MASKED = re.compile(r"^\s*\*+\s*$")
# production per worker that a manufacturing establishment can plausibly have, KRW (a file in
# another unit than ``unit_krw`` falls far outside: KRW thousand would make it ~175,000 won a year)
_PER_WORKER_KRW = (1e7, 1e10)

ESTABLISHMENT_COLUMNS = ["row", "section", "division", "ksic_class", "workers", "production_usd"]


def krw_rate(path: str | Path, krw_per_usd: float | None = None, fx: object = None) -> tuple[float, str]:
    """The KRW/USD rate to convert the census with, and where it comes from (for the LoadReport).

    ``fx`` is the load option of every reader (currency → units per US dollar); its ``KRW``
    rate is used when given. ``krw_per_usd`` says the same thing; given both, they must agree.
    Without either, the built-in 2015 average :data:`KRW_PER_USD_2015` is used.

    Examples
    --------
    >>> krw_rate("census.csv", fx={"KRW": 1165.7})
    (1165.7, 'the rate given (fx KRW=1,165.7)')
    >>> krw_rate("census.csv")[0]
    1131.5
    """
    try:
        given = parse_fx(fx, "fx").get("KRW")
    except ValueError as exc:
        raise DataError(path, str(exc)) from None
    if given is not None and krw_per_usd is not None and abs(given - float(krw_per_usd)) > 1e-9 * given:
        raise DataError(path, f"two exchange rates for the census: fx KRW={given:,.6g} and krw_per_usd="
                              f"{float(krw_per_usd):,.6g}: expected one")
    if given is not None:
        return given, f"the rate given (fx KRW={given:,.6g})"
    if krw_per_usd is not None:
        return float(krw_per_usd), "the rate given"
    return KRW_PER_USD_2015, ("the built-in 2015 average (Bank of Korea), the census year; give the rate for another "
                              "period with --fx KRW=<rate>")


@dataclass
class CensusFile:
    """What :func:`read_census` read.

    ``establishments`` holds the kept rows (:data:`ESTABLISHMENT_COLUMNS`); ``divisions``
    every KSIC division named in the file, dropped rows included (a suppressed row still
    shows its division); ``builder`` the report so far, to finish with what is kept.
    """

    establishments: pd.DataFrame
    divisions: frozenset[str]
    builder: ReportBuilder


def calc_sme_share(production: np.ndarray, sme_production: np.ndarray) -> np.ndarray:
    """SME share of production; NaN where there is no production to share.

    Examples
    --------
    >>> calc_sme_share(np.array([100.0, 0.0]), np.array([25.0, 0.0])).tolist()
    [0.25, nan]
    """
    p = np.asarray(production, float)
    s = np.asarray(sme_production, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(p > 0, s / np.where(p > 0, p, 1.0), np.nan)


def read_census(path: str | Path, unit_krw: float = UNIT_KRW, krw_per_usd: float | None = None,
                sector_system: str = "OECD36", fx: object = None) -> CensusFile:
    """Read the establishment file: the kept establishments and the report so far.

    Parameters
    ----------
    path : str or Path
        The census CSV (columns ``industry_large, industry_medium, workers, production``).
    unit_krw : float
        KRW per unit of the ``production`` column (1e6: KRW million).
    krw_per_usd : float, optional
        Exchange rate used to state production in USD (see :func:`krw_rate`).
    sector_system : str
        Rows of a KSIC division with no sector in this system (e.g. 99, extraterritorial
        organisations) are dropped with that reason rather than lost in the mapping.
    fx : dict, optional
        Exchange rates (currency → units per USD); its ``KRW`` rate converts production.

    Returns
    -------
    CensusFile
        ``establishments`` (:data:`ESTABLISHMENT_COLUMNS`: file row, section, two-digit KSIC
        division, workers, production in USD), the divisions named in the file, and the
        report builder (rows and value read and dropped).

    Raises
    ------
    DataError
        If a required column is missing, a number cannot be read or is negative.
    """
    p = Path(path)
    if not p.is_file():
        raise DataError(p, "file not found")
    krw_per_usd, rate_source = krw_rate(p, krw_per_usd, fx)
    if not (unit_krw > 0 and krw_per_usd > 0):
        raise DataError(p, f"unit_krw and krw_per_usd must be > 0, got {unit_krw} and {krw_per_usd}")
    text, enc = read_text(p)
    try:
        raw = pd.read_csv(_io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(p, f"cannot read the file as CSV ({exc})") from None
    raw.columns = [str(c).strip() for c in raw.columns]
    missing = [c for c in COLUMNS.values() if c not in raw.columns]
    if missing:
        raise DataError(p, f"not an Economic Census establishment file: column(s) {', '.join(missing)} missing "
                           f"(expected {', '.join(COLUMNS.values())})", row=1, column=missing[0])
    rows = np.arange(len(raw), dtype="int64") + 2  # line 1 is the header
    usd_per_unit = unit_krw / krw_per_usd
    builder = ReportBuilder(
        p, format="economic-census", encoding=enc, header_row=1, code_system="KSIC9",
        unit=f"KRW {_unit_name(unit_krw)} (production), converted at {krw_per_usd:,.6g} KRW/USD",
        column_mapping={"division": COLUMNS["division"], "workers": COLUMNS["workers"],
                        "output_usd": COLUMNS["production"]})

    builder.warn(f"production converted to USD at {krw_per_usd:,.6g} KRW/USD: {rate_source}")
    cells = {k: raw[v].astype(str).str.strip() for k, v in COLUMNS.items()}
    masked = np.zeros(len(raw), dtype=bool)
    for key in ("division", "workers", "production"):
        masked |= cells[key].str.fullmatch(_MASKED.pattern).to_numpy(dtype=bool)
    blank_div = is_blank(cells["division"]).to_numpy() & ~masked
    blank_prod = is_blank(cells["production"]).to_numpy() & ~masked
    blank_work = is_blank(cells["workers"]).to_numpy() & ~masked

    readable = ~masked
    production = np.full(len(raw), np.nan)
    production[readable] = parse_numbers(cells["production"][readable], p, COLUMNS["production"],
                                         rows[readable]).to_numpy() * usd_per_unit
    workers = np.full(len(raw), np.nan)
    workers[readable] = parse_numbers(cells["workers"][readable], p, COLUMNS["workers"], rows[readable]).to_numpy()
    for name, values, col in (("production", production, COLUMNS["production"]),
                              ("workers", workers, COLUMNS["workers"])):
        neg = np.flatnonzero(values < 0)
        if len(neg):
            raise DataError(p, f"expected {name} ≥ 0, got a negative number ({len(neg)} such rows)",
                            row=int(rows[neg[0]]), column=col)
    builder.read(len(raw), float(np.nansum(production)))

    division = cells["division"].str.zfill(2).to_numpy(dtype=object)
    unknown = ~np.isin(division, list(set(concordance("KSIC9-ISIC2")["from_code"]))) & ~masked & ~blank_div
    unmapped = ~np.isin(division, list(set(concordance(f"KSIC9-{sector_system}")["from_code"])))

    dropped = np.zeros(len(raw), dtype=bool)

    def drop(mask: np.ndarray, reason: str, detail: pd.Series | str = "") -> None:
        nonlocal dropped
        m = mask & ~dropped
        if m.any():
            det = detail[m].tolist() if isinstance(detail, pd.Series) else detail
            builder.drop(rows[m], reason, production[m], det)
        dropped |= m

    drop(masked, "suppressed (masked with *)", "cell suppressed for confidentiality")
    drop(blank_div, "blank KSIC division")
    drop(unknown, "unknown KSIC 9th-revision division", COLUMNS["division"] + " " + cells["division"])
    drop(unmapped & ~masked & ~blank_div, f"KSIC division with no {sector_system} sector",
         COLUMNS["division"] + " " + cells["division"])
    drop(blank_prod, "blank production")
    drop(blank_work, "blank workers", "size class unknown")

    keep = ~dropped
    if all(c in raw.columns for c in CLASS_COLUMNS):
        digits = [raw[c].astype(str).str.strip() for c in CLASS_COLUMNS]
        whole = digits[0].str.fullmatch(r"\d") & digits[1].str.fullmatch(r"\d")
        ksic_class = np.where(whole, division + digits[0] + digits[1], "")
    else:
        ksic_class = np.full(len(raw), "", dtype=object)
    out = pd.DataFrame({"row": rows[keep], "section": cells["section"].to_numpy(dtype=object)[keep],
                        "division": division[keep], "ksic_class": np.asarray(ksic_class, dtype=object)[keep],
                        "workers": workers[keep], "production_usd": production[keep]})
    _check_sections(out, builder)
    _check_unit(out, unit_krw, usd_per_unit, builder)
    named = division[~is_blank(cells["division"]).to_numpy() & ~cells["division"].str.fullmatch(
        _MASKED.pattern).to_numpy(dtype=bool)]
    return CensusFile(out.reset_index(drop=True), frozenset(str(d) for d in named), builder)


def _unit_name(unit_krw: float) -> str:
    return {1.0: "", 1e3: "thousand", 1e6: "million", 1e8: "hundred million", 1e9: "billion"}.get(
        float(unit_krw), f"× {unit_krw:g}").strip() or "won"


def _check_sections(est: pd.DataFrame, builder: ReportBuilder) -> None:
    """Warn (and keep the row: the division is what is used) where the section letter disagrees."""
    with (resources.files("exposure.codes") / "data" / "ksic_divisions.csv").open("r", encoding="utf-8") as fh:
        table = pd.read_csv(fh, dtype=str, keep_default_na=False)
    section = table[table["revision"] == "9"].set_index("ksic_division")["section"]
    expected = est["division"].map(section)
    bad = est["section"].ne("") & expected.notna() & est["section"].ne(expected)
    if bad.any():
        first = est[bad].iloc[0]
        builder.warn(f"{int(bad.sum())} rows give a section letter that does not hold their KSIC division "
                     f"(first: row {first['row']}, section {first['section']}, division {first['division']}); "
                     f"the division is used")


def _check_unit(est: pd.DataFrame, unit_krw: float, usd_per_unit: float, builder: ReportBuilder) -> None:
    ok = (est["workers"] > 0) & (est["production_usd"] > 0)
    if not ok.any():
        return
    per_worker_krw = float((est.loc[ok, "production_usd"] / est.loc[ok, "workers"]).median()) / usd_per_unit * unit_krw
    lo, hi = _PER_WORKER_KRW
    if not lo <= per_worker_krw <= hi:
        builder.warn(f"median production per worker is {per_worker_krw:,.0f} KRW with unit_krw={unit_krw:g}: "
                     f"the production column is probably in another unit")


def division_totals(establishments: pd.DataFrame, threshold: float = SME_WORKERS) -> pd.DataFrame:
    """Production and establishments by KSIC division, all and under ``threshold`` workers.

    Returns
    -------
    DataFrame
        ``division, production_usd, sme_production_usd, establishments, sme_establishments``.
    """
    sme = establishments["workers"].to_numpy(dtype=float) < threshold
    frame = pd.DataFrame({
        "division": establishments["division"].to_numpy(dtype=object),
        "production_usd": establishments["production_usd"].to_numpy(dtype=float),
        "sme_production_usd": np.where(sme, establishments["production_usd"].to_numpy(dtype=float), 0.0),
        "establishments": 1.0,
        "sme_establishments": sme.astype(float),
    })
    return frame.groupby("division", as_index=False, sort=True).sum()


def class_sme_shares(path: str | Path, threshold: float = SME_WORKERS, unit_krw: float = UNIT_KRW,
                     krw_per_usd: float | None = None, fx: object = None,
                     census: CensusFile | None = None) -> dict[str, float]:
    """SME share of production by KSIC (9th revision) 4-digit class: the users that critical inputs name.

    Classes of the census file (division + industry_small + industry_subdivision); a class whose
    establishments were all dropped (suppressed) has no share. ``census``: the file as
    :func:`read_census` already read it (then it is not read again).

    Examples
    --------
    >>> class_sme_shares("economic_census_2015.csv")["2611"]      # doctest: +SKIP
    """
    if census is None:
        census = read_census(path, unit_krw=unit_krw, krw_per_usd=krw_per_usd, fx=fx)
    est = census.establishments
    est = est[est["ksic_class"].astype(str) != ""]
    sme = est["workers"].to_numpy(dtype=float) < threshold
    prod = est["production_usd"].to_numpy(dtype=float)
    frame = pd.DataFrame({"ksic": est["ksic_class"].astype(str).to_numpy(), "production": prod,
                          "sme": np.where(sme, prod, 0.0)})
    g = frame.groupby("ksic")[["production", "sme"]].sum()
    share = calc_sme_share(g["production"].to_numpy(), g["sme"].to_numpy())
    return {k: float(v) for k, v in zip(g.index, share) if np.isfinite(v)}


def sectors_from_divisions(by_division: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """Spread division totals over sectors with concordance weights (``from_code, to_code, weight``)."""
    w = weights.rename(columns={"from_code": "division", "to_code": "sector"})[["division", "sector", "weight"]]
    merged = by_division.merge(w, on="division", how="inner")
    value_cols = ["production_usd", "sme_production_usd", "establishments", "sme_establishments"]
    weighted = merged[value_cols].mul(merged["weight"], axis=0).assign(sector=merged["sector"])
    return weighted.groupby("sector", as_index=False, sort=True)[value_cols].sum()


def sme_profile_from_census(path: str | Path, io: IOTable | None = None, threshold: float = SME_WORKERS,
                            krw_per_usd: float | None = None, unit_krw: float = UNIT_KRW,
                            sector_system: str = "OECD36", fx: object = None,
                            census: CensusFile | None = None) -> tuple[pd.DataFrame, LoadReport]:
    """SectorProfile with SME shares of production from the Economic Census establishment file.

    Parameters
    ----------
    path : str or Path
        The census CSV (e.g. ``economic_census_2015_mining_manufacturing.csv``).
    io : IOTable, optional
        Gives ``export_usd`` (its export column). Without it ``export_usd`` is NaN.
    threshold : float
        An establishment with fewer workers than this is an SME (300 by default).
    krw_per_usd : float, optional
        KRW per USD for converting production; ``fx`` says the same.
    unit_krw : float
        KRW per unit of the file's money columns (1e6: the census is in KRW million).
    sector_system : str
        ``OECD36`` (default), ``OECD45`` or ``WIOD56``.
    fx : dict, optional
        Exchange rates, currency → units per US dollar (``{"KRW": 1165.7}``), as :func:`exposure.io.load`
        takes them: the ``KRW`` rate converts production. Without ``fx`` or ``krw_per_usd``, the
        2015 average of 1,131.5 KRW/USD (Bank of Korea) is used. The rate used and its origin are
        stated in the report.
    census : CensusFile, optional
        The file as :func:`read_census` already read it with these options (then it is not read
        again; its report is finished here).

    Returns
    -------
    profile : DataFrame
        SectorProfile: ``sector, sector_name_ko, sector_name_en, export_usd, output_usd,
        sme_share, sme_share_basis ("output"), sme_firms (SME establishments)``; one row per
        sector that a division in the file maps to (NaN share where nothing was kept).
    report : LoadReport
        Rows read = kept + dropped (with reasons); value = production in USD; the basis,
        threshold, rate and export source stated in ``warnings``.

    Raises
    ------
    DataError
        If the file is not a readable census establishment file.

    Examples
    --------
    >>> profile, report = sme_profile_from_census("economic_census_2015.csv")   # doctest: +SKIP
    >>> profile.set_index("sector").loc["D26", "sme_share"]                      # doctest: +SKIP
    """
    if not threshold > 0:
        raise DataError(path, f"the SME threshold must be a number of workers > 0, got {threshold}")
    if census is None:
        census = read_census(path, unit_krw=unit_krw, krw_per_usd=krw_per_usd, sector_system=sector_system, fx=fx)
    est, builder = census.establishments, census.builder
    weights = concordance(f"KSIC9-{sector_system}")
    by_div = division_totals(est, threshold)
    by_sector = sectors_from_divisions(by_div, weights)

    # every sector some division of the file maps to, kept rows or not (a sector whose rows were all
    # suppressed stays in the profile with no share, rather than disappearing)
    seen = census.divisions
    reached = sorted(set(weights.loc[isin(weights["from_code"], seen), "to_code"]))
    by_sector = by_sector.set_index("sector").reindex(reached).reset_index()
    names = sector_names(sector_system).set_index("sector")

    share = calc_sme_share(by_sector["production_usd"].fillna(0).to_numpy(),
                           by_sector["sme_production_usd"].fillna(0).to_numpy())
    profile = pd.DataFrame({
        "sector": by_sector["sector"].astype(str),
        "sector_name_ko": by_sector["sector"].map(names["name_ko"]).fillna(""),
        "sector_name_en": by_sector["sector"].map(names["name_en"]).fillna(""),
        "export_usd": _exports(by_sector["sector"], io, builder),
        "output_usd": by_sector["production_usd"].to_numpy(dtype=float),
        "sme_share": share,
        "sme_share_basis": "output",
        "sme_firms": by_sector["sme_establishments"].to_numpy(dtype=float),
        "export_to_target_usd": np.nan,  # not in the census
    })
    for sec in profile.loc[np.isnan(share), "sector"]:
        builder.warn(f"{sec}: no production left in the census after dropped rows, so no SME share")
    builder.warn(f"sme_share = share of production made by establishments with fewer than {threshold:g} workers "
                 f"(KSIC 9th-revision divisions mapped to {sector_system} with concordance weights)")
    builder.warn(f"output_usd = census production, KRW {_unit_name(unit_krw)}, converted to USD as stated above; "
                 f"sme_firms counts establishments, not enterprises")
    report = builder.finish(rows_kept=len(est), value_kept=float(est["production_usd"].sum()))
    return validate(profile, SECTOR_PROFILE, source=report.source), report


def _exports(sectors: pd.Series, io: IOTable | None, builder: ReportBuilder) -> np.ndarray:
    if io is None:
        builder.warn("export_usd is not in the census: left empty here; each sector's exports are taken from the "
                     "input–output table of the run (--io)")
        return np.full(len(sectors), np.nan)
    x = pd.to_numeric(io.exports, errors="coerce").reindex(sectors.astype(str)).to_numpy(dtype=float)
    missing = sectors[np.isnan(x)].tolist()
    builder.warn(f"export_usd taken from the input–output table's exports ({io.source or 'io'})")
    if missing:
        builder.warn(f"no exports in the input–output table for {', '.join(missing)}: export_usd left empty")
    return x
