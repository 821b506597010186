"""A hand-made Results for the report tests: realistic shapes, invented numbers.

Sector codes and Korean names follow exposure/codes/data/sectors_oecd36.csv. Product codes
are HSK10 (2811111000 hydrogen fluoride …) and HS6 codes with leading zeros (010619).
The three 2018 Japan shares of the 2019 items are the published reference figures
(DESIGN §1); every other number is invented for the tests. Texts the engine writes (reasons,
flags, notes) are the engine's own sentences, so the report's translation is tested on them;
the monitor tables are computed by exposure.monitor from the fixture's monthly imports.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from exposure.config import Config
from exposure.results import InputFile, Results
from exposure.schema import LoadReport

S1, S2 = "2019-three-items", "white-list-removal"
INJECTIONS = ("=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)")
PRODUCT_REASON = "no world export data given (world_export_hhi, target_world_share)"
SCENARIO_NAMES = {S1: ("2019년 3개 품목 수출규제", "2019 controls on three items"),
                  S2: ("화이트리스트 제외", "White-list removal")}

# sector, Korean name, English name, exports (USD), SME share, E under S1, E under S2
SECTORS = [
    ("D26", "컴퓨터·전자·광학기기", "Computer, electronic and optical products", 220e9, 0.12, 0.0200, 0.045),
    ("D20T21", "화학·의약품", "Chemicals and pharmaceutical products", 62e9, 0.25, 0.0150, 0.060),
    ("D27", "전기장비", "Electrical equipment", 35e9, 0.35, 0.0080, 0.030),
    ("D28", "기타 기계·장비", "Machinery and equipment, nec", 52e9, 0.40, 0.0040, 0.025),
    ("D29", "자동차·트레일러", "Motor vehicles, trailers and semi-trailers", 65e9, 0.20, 0.0020, 0.020),
    ("D22", "고무·플라스틱", "Rubber and plastic products", 12e9, 0.55, 0.0060, 0.040),
    ("D24", "1차 금속", "Basic metals", 40e9, 0.18, 0.0010, 0.015),
    ("D25", "금속가공제품", "Fabricated metal products", 9e9, 0.60, 0.0015, 0.012),
    ("D30", "기타 운송장비", "Other transport equipment", 30e9, 0.10, 0.0005, 0.010),
    ("D23", "비금속광물", "Other non-metallic mineral products", 4e9, 0.45, 0.0030, 0.018),
    ("D31T33", "기타 제조·수리", "Other manufacturing; repair and installation", 8e9, 0.50, 0.0012, 0.009),
    ("D13T15", "섬유·의복·가죽", "Textiles, wearing apparel, leather", 14e9, 0.55, 0.0008, 0.006),
    ("D17T18", "종이·인쇄", "Paper products and printing", 3e9, 0.50, 0.0006, 0.005),
    ("D19", "코크스·석유정제품", "Coke and refined petroleum products", 46e9, 0.02, 0.0002, 0.0001),
    ("D16", "목재·나무제품", "Wood and products of wood and cork", 0.5e9, 0.70, 0.0004, 0.003),
    ("D05T06", "에너지 광업", "Mining and extraction of energy producing products", 0.2e9, 0.30, 0.0001, 0.002),
    ("D07T08", "비금속 광업", "Mining and quarrying of non-energy producing products", 0.3e9, 0.40, 0.0001, 0.001),
    ("D01T03", "농림어업", "Agriculture, forestry and fishing", 2e9, 0.65, 0.0, 0.0005),
]
NO_DATA = ("D10T12", "음식료품·담배", "Food products, beverages and tobacco")
NO_DATA_REASON = "no exports for this sector; no SME share (sector not in the sector profile)"
NO_DATA_REASON_KO = "이 업종의 수출액 없음; 중소기업 비중 없음 (업종 프로필에 없는 업종)"

# code, system, name, imports (world), Japan share, HHI, partners
PRODUCTS = [
    ("2811111000", "HSK10", "불화수소(반도체 제조용)", 160e6, 0.419, 0.38, 6),
    ("3707901010", "HSK10", "포토레지스트", 380e6, 0.932, 0.87, 5),
    ("3920999010", "HSK10", "플루오린 폴리이미드", 55e6, 0.845, 0.72, 4),
    ("8486201000", "HSK10", "반도체 웨이퍼 가공 장비", 2.1e9, 0.34, 0.30, 12),
    ("3818001000", "HSK10", "실리콘 웨이퍼", 1.2e9, 0.36, 0.33, 9),
    ("8541401000", "HSK10", INJECTIONS[0], 90e6, 0.22, 0.20, 14),
    ("3824999000", "HSK10", "화학 조제품(기타)", 700e6, 0.28, 0.24, 20),
    ("7219340000", "HSK10", "스테인리스 평판압연", 310e6, 0.51, 0.41, 7),
    ("010619", "HS6-2017", "기타 살아있는 포유동물", 1.5e6, 0.05, 0.44, 3),
    ("030389", "HS6-2017", "기타 냉동 어류", 48e6, 0.12, 0.29, 11),
]


def _sectors() -> pd.DataFrame:
    rows = []
    for scen, col in ((S1, 5), (S2, 6)):
        for rec in SECTORS:
            code, ko, en, exports, sme = rec[:5]
            rate = rec[col]
            rows.append({"scenario": scen, "sector": code, "sector_name_ko": ko, "sector_name_en": en,
                         "exposure_rate": rate, "export_usd": exports, "export_at_risk_usd": rate * exports,
                         "sme_share": sme, "sme_export_at_risk_usd": rate * exports * sme,
                         # the production functions' range: linear half, Leontief three times the central figure
                         "sme_export_at_risk_low_usd": 0.5 * rate * exports * sme,
                         "sme_export_at_risk_high_usd": 3.0 * rate * exports * sme,
                         "horizon_days": 180.0, "first_loss_week": 5 if rate > 0 else None,
                         "demand_at_risk_usd": np.nan, "persistent_flag": code == "D20T21" and scen == S2,
                         "flags": "exposure rate capped" if code == "D20T21" and scen == S2 else "",
                         "notes": "exports taken from the input–output table (not in the sector profile)"
                         if code == "D16" else "",
                         "no_data_reason": ""})
        rows.append({"scenario": scen, "sector": NO_DATA[0], "sector_name_ko": NO_DATA[1],
                     "sector_name_en": NO_DATA[2], "exposure_rate": np.nan, "export_usd": np.nan,
                     "export_at_risk_usd": np.nan, "sme_share": np.nan, "sme_export_at_risk_usd": np.nan,
                     "demand_at_risk_usd": np.nan, "persistent_flag": False, "flags": "",
                     "sme_export_at_risk_low_usd": np.nan, "sme_export_at_risk_high_usd": np.nan,
                     "horizon_days": 180.0, "first_loss_week": None, "notes": "",
                     "no_data_reason": NO_DATA_REASON})
    df = pd.DataFrame(rows)
    df["rank"] = (df.groupby("scenario")["sme_export_at_risk_usd"]
                  .rank(ascending=False, method="first").astype("Int64"))
    df["first_loss_week"] = pd.array(df["first_loss_week"], dtype="Int64")
    df["extra_engine_column"] = "유지"  # the report must tolerate columns it does not know
    return df


def _products() -> pd.DataFrame:
    rows = []
    for code, system, name, imports, share, hhi, partners in PRODUCTS:
        band = max([b for b in (0.5, 0.7, 0.8, 0.9) if share >= b], default=np.nan)
        rows.append({"year": 2018, "code": code, "code_system": system, "name": name, "import_usd": imports,
                     "target_import_usd": imports * share, "target_share": share, "share_band": band,
                     "import_hhi": hhi, "n_partners": partners, "world_export_hhi": np.nan,
                     "target_world_share": np.nan, "import_export_ratio": 9999.0 if code == "3707901010" else 2.5,
                     "tsi": -0.6, "persistent": share >= 0.5, "geodep_dependent": False,
                     "reasons": PRODUCT_REASON})
    return pd.DataFrame(rows)


def _shocks(products: pd.DataFrame) -> pd.DataFrame:
    cover = {S1: {"2811111000": 1.0, "3707901010": 1.0, "3920999010": 1.0},
             S2: {"2811111000": 1.0, "3707901010": 1.0, "3920999010": 1.0, "8486201000": 0.5,
                  "3818001000": 0.5, "3824999000": 0.3, "7219340000": 0.3}}
    rows = []
    for scen, cov in cover.items():
        for p in products.itertuples():
            c = cov.get(p.code, 0.0)
            lost = 73.0  # days of the covered flow lost over a 180-day horizon
            rows.append({"scenario": scen, "code": p.code, "code_system": p.code_system, "coverage": c,
                         "phi": 0.6, "horizon_days": 180.0, "lost_days": lost, "target_import_usd": p.target_import_usd,
                         "shortfall_usd": p.target_import_usd * c / 365 * lost,
                         "shortfall_usd_per_year": p.target_import_usd * c / 365 * lost * 365 / 180,
                         "rule": INJECTIONS[1] if p.code == "7219340000" else ("catch-all base" if c else "")})
    return pd.DataFrame(rows)


def _drivers(sectors: pd.DataFrame) -> pd.DataFrame:
    # each sector's total split over products and channels with fixed weights (they sum to 1)
    split = [("3707901010", "direct", 0.45), ("2811111000", "direct", 0.30), ("3920999010", "downstream", 0.15),
             ("8486201000", "downstream", 0.10)]
    rows = []
    for s in sectors.dropna(subset=["exposure_rate"]).itertuples():
        for code, channel, w in split:
            rows.append({"scenario": s.scenario, "sector": s.sector, "code": code, "channel": channel,
                         "contribution_rate": s.exposure_rate * w,
                         "export_at_risk_usd": s.export_at_risk_usd * w,
                         "sme_export_at_risk_usd": s.sme_export_at_risk_usd * w})
    return pd.DataFrame(rows)


def _uncertainty() -> pd.DataFrame:
    # scenario 1 only: median rank, 5-95 % interval, P(top 10), mean |shift|
    rows = [("D26", 1, 1, 2, 1.00, 0.1), ("D20T21", 2, 1, 4, 0.99, 0.6), ("D27", 3, 2, 5, 0.97, 0.8),
            ("D28", 4, 3, 7, 0.93, 1.1), ("D22", 5, 3, 8, 0.88, 1.4), ("D29", 6, 4, 9, 0.80, 1.6),
            ("D24", 8, 5, 12, 0.58, 2.2), ("D25", 7, 5, 11, 0.66, 2.0), ("D23", 9, 6, 14, 0.45, 2.7),
            ("D31T33", 10, 7, 15, 0.40, 2.9), ("D13T15", 11, 8, 16, 0.30, 3.1)]
    sme = {rec[0]: rec[3] * rec[4] * rec[5] for rec in SECTORS}
    # SME export at risk: 5th percentile 0.8, 95th 1.5 times the central figure
    return pd.DataFrame([{"scenario": S1, "sector": s, "median_rank": float(m), "rank_p05": float(lo),
                          "rank_p95": float(hi), "p_top10": p, "mean_abs_rank_shift": sh,
                          "sme_export_at_risk_usd": sme[s], "sme_export_at_risk_p05": 0.8 * sme[s],
                          "sme_export_at_risk_p95": 1.5 * sme[s]}
                         for s, m, lo, hi, p, sh in rows])


def _monthly() -> pd.DataFrame:
    # 2018-01 … 2020-12 imports from Japan; hydrogen fluoride collapses after July 2019
    rows = []
    base = {"2811111000": 5.6e6, "3707901010": 29.5e6, "3920999010": 3.9e6}
    for y in (2018, 2019, 2020):
        for m in range(1, 13):
            after = (y, m) >= (2019, 7)
            for code, v in base.items():
                factor = (0.15 if code == "2811111000" else 0.8) if after else 1.0
                rows.append({"code": code, "partner": "JPN", "year": y, "month": m,
                             "value_usd": v * factor * (1 + 0.01 * m)})
            rows.append({"code": "2811111000", "partner": "CHN", "year": y, "month": m, "value_usd": 4.0e6})
    out = pd.DataFrame(rows)
    return out.assign(code_system="HSK10", reporter="KOR", flow="M", name="", source="monthly_hsk10.xlsx")


def _weekly() -> pd.DataFrame:
    """Scenario 1, D26 and D20T21 over 26 weeks: nothing lost while the stock lasts (weeks 1–4), then a loss
    that eases as substitution ramps up (central 2 %, linear 1 % in week 5, falling 0.05 points a week)."""
    rows = []
    for sector in ("D26", "D20T21"):
        for week in range(1, 27):
            central = 0.0 if week < 5 else max(0.0, 0.02 - 0.0005 * (week - 5))
            rows.append({"scenario": S1, "sector": sector, "week": week, "start_day": 7.0 * (week - 1),
                         "end_day": min(7.0 * week, 180.0), "loss_rate_low": central / 2, "loss_rate": central,
                         "week_export_at_risk_usd": central * 1e8, "cumulative_export_at_risk_usd": np.nan})
    return pd.DataFrame(rows)


def _critical() -> pd.DataFrame:
    return pd.DataFrame({
        "scenario": S1, "code": ["2811111000", "3707901010"], "code_system": "HSK10", "sector": "D26",
        "ksic": ["2611", "2612"], "criticality": ["critical", "important"], "dependent_share": [0.28, 0.03],
        "supply_usd": [160e6, 380e6], "supply_basis": "imports from all partners", "stock_days": np.nan,
        "sme_share": [0.013, 0.2], "lost_fraction": [0.4, 0.6], "linear_rate": [7e-5, 8e-6],
        "loss_rate_row": [2.3e-4, 2.6e-5]})


def _screens(products: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Alternatives, next targets and dependence counts of the fixture's products (hand-made, the engine's
    columns and reason codes)."""
    p = products.sort_values("target_import_usd", ascending=False).reset_index(drop=True)
    alt = pd.DataFrame({"rank": np.arange(1, len(p) + 1), "year": 2018, "code": p["code"],
                        "code_system": p["code_system"], "name": p["name"], "target": "JPN",
                        "import_usd": p["import_usd"], "target_import_usd": p["target_import_usd"],
                        "target_share": p["target_share"], "n_other_suppliers": p["n_partners"] - 1.0,
                        "kor_supplier_1": "CHN", "kor_supplier_1_share": 1 - p["target_share"],
                        "world_match": "none", "capacity_usd": np.nan, "coverable_share": np.nan,
                        "reason": "no_world_data"})
    nt = pd.DataFrame({"rank": np.arange(1, len(p) + 1), "year": 2018, "code": p["code"],
                       "code_system": p["code_system"], "name": p["name"], "target": "JPN",
                       "target_import_usd": p["target_import_usd"], "import_usd": p["import_usd"],
                       "target_share": p["target_share"], "meets_high_share": p["target_share"] >= 0.7,
                       "n_met": (p["target_share"] >= 0.7).astype(int),
                       "candidate": pd.array([c == "3707901010" for c in p["code"]], dtype="boolean"),
                       "criteria_met": np.where(p["target_share"] >= 0.7, "high_share", ""),
                       "reason": "no_world_data;cost_unknown"})
    dep = pd.DataFrame({"year": 2018, "code_system": "HSK10", "scope": ["total", "total"], "sector": ["ALL", "ALL"],
                        "threshold": [0.5, 0.9], "n_products": [3.0, 1.0], "n_touching": [3.0, 1.0],
                        "target_import_usd": [706.5e6, 354.2e6], "n_from_target": [8.0, 8.0], "note": ""})
    return {"alternatives": alt, "next_targets": nt, "dependence": dep}


def _monitor(monthly: pd.DataFrame) -> dict[str, pd.DataFrame]:
    from exposure.monitor import episodes, find_alerts, monthly_panel

    panel = monthly_panel(monthly, target="JPN", reporter="KOR")
    alerts = find_alerts(panel, lang="ko")
    return {"monitor_panel": panel, "alerts": alerts, "episodes": episodes(alerts)}


def _load_reports() -> list[LoadReport]:
    dropped = pd.DataFrame({
        "source": ["imports_hsk10_2018.csv"] * 4,
        "row": [3, 118, 540, 1250],
        "reason": ["blank row", "zero value", "partner not a country", "total row"],
        "value_usd": [np.nan, 0.0, 12_500.0, 2_000_000.0],
        "detail": ["", "", INJECTIONS[3], "합계"],
    })
    imports = LoadReport(source="imports_hsk10_2018.csv", format="csv", encoding="cp949", header_row=4,
                         unit="thousand USD", code_system="HSK10", rows_read=1250, rows_kept=1246,
                         value_read=5_002_012_500.0, value_kept=5_000_000_000.0, dropped=dropped,
                         totals=pd.DataFrame({"source": ["imports_hsk10_2018.csv"], "row": [1250],
                                              "label": ["합계"], "total_usd": [2_000_000.0],
                                              "sum_of_rows_usd": [2_012_500.0], "difference_usd": [-12_500.0]}),
                         warnings=["columns not used: 수입 중량, 무역수지"])
    profile = LoadReport(source="sector_profile.csv", format="csv", encoding="utf-8", rows_read=19,
                         rows_kept=19, value_read=0.0, value_kept=0.0)
    imports.check()
    profile.check()
    return [imports, profile]


def make_results(with_draws: bool = True, with_monthly: bool = True) -> Results:
    sectors = _sectors()
    products = _products()
    cfg = Config(scenarios=(S1, S2), draws=1000 if with_draws else 0)
    flags = pd.DataFrame({
        "scenario": [S2, S1, S1],
        "kind": ["exposure_capped", "no_concordance", "override_used"],
        "severity": ["warning", "warning", "info"],
        "code": ["", "9999999999", "2811111000"],
        "sector": ["D20T21", "", "D26"],
        "value": [1.08, 12_500.0, 3.0e6],
        "detail": ["first-round loss 1.08 of output reaches the cap 1", INJECTIONS[2],
                   "end-use override: D26 100%; remainder 0% spread proportionally"],
    })
    monthly = _monthly() if with_monthly else pd.DataFrame()
    screens = _screens(products)
    monitor = _monitor(monthly) if with_monthly else {}
    return Results(
        config=cfg, products=products, shocks=_shocks(products), sectors=sectors, drivers=_drivers(sectors),
        export_items=pd.DataFrame({
            "year": [2018, 2018], "rank": [1, 2], "item_code": ["831", "741"], "code_system": ["MTI3", "MTI3"],
            "item_name_ko": ["반도체", "자동차"], "item_name_en": ["Semiconductors", "Motor vehicles"],
            "export_usd": [126.7e9, 40.9e9], "export_to_target_usd": [1.2e9, 0.3e9], "sector": ["D26", "D29"]}),
        uncertainty=_uncertainty() if with_draws else pd.DataFrame(),
        sensitivity=pd.DataFrame({"scenario": S1, "parameter": ["coverage", "phi", "buffer_days", "lag_days",
                                                              "io", "sme_share", "weights"],
                                  "first_order": [0.42, 0.21, 0.12, 0.10, 0.08, 0.05, 0.02]}) if with_draws
        else pd.DataFrame(),
        threshold_sweep=pd.DataFrame({"threshold": [0.5, 0.7, 0.8, 0.9], "n_products": [4, 3, 3, 1],
                                      "target_import_usd": [706.5e6, 647.9e6, 647.9e6, 354.2e6]}),
        flags=flags,
        monthly=monthly, weekly=_weekly(), critical=_critical(), **screens, **monitor,
        load_reports=_load_reports(),
        inputs=[InputFile("imports", "/data/imports_hsk10_2018.csv",
                          hashlib.sha256(b"imports").hexdigest(), 81_234),
                InputFile("profile", "/data/sector_profile.csv", hashlib.sha256(b"profile").hexdigest(), 2_048)],
        scenarios=pd.DataFrame({
            "scenario": [S1, S2], "name_ko": [SCENARIO_NAMES[S1][0], SCENARIO_NAMES[S2][0]],
            "name_en": [SCENARIO_NAMES[S1][1], SCENARIO_NAMES[S2][1]], "kind": ["supply", "supply"],
            "target": ["JPN", "JPN"],
            "description_ko": ["2019년 7월 3개 품목 개별허가", "화이트리스트 제외: 전략물자 품목 전반"],
            "description_en": ["July 2019: three items under individual licences", "White-list removal"],
            "rules": [3, 7], "buffer_days": [90.0, np.nan], "lag_days": [180.0, 270.0],
            "horizon_days": [365.0, 365.0], "phi": [np.nan, 0.5], "max_coverage": [1.0, 1.0],
            "source": ["shipped", "shipped"]}),
        notes=["Imported intermediate flows are estimated with the import-proportionality assumption: m(i) = "
               "imports(i) / (output(i) + imports(i)); Z^M(i,j) = m(i)·Z(i,j); Z^D = Z − Z^M (the OECD table gives "
               "total flows only)."],
        warnings=["scenario white-list-removal puts no value at risk in any sector: its rules match none of the "
                  "products imported from JPN"],
        sme_basis="output-calibrated",
        year=2018,
    )


@pytest.fixture
def results() -> Results:
    return make_results()


@pytest.fixture(scope="session")
def shared_results() -> Results:
    """One Results for the whole session: for tests that only read it (the report never mutates it)."""
    return make_results()


@pytest.fixture
def results_factory():
    """``make_results`` itself, for tests that need a variant."""
    return make_results


@pytest.fixture
def results_no_draws() -> Results:
    return make_results(with_draws=False, with_monthly=False)


@pytest.fixture
def fx():
    """The fixture's hand-written constants, for tests that work out expected values from them."""
    from types import SimpleNamespace

    return SimpleNamespace(S1=S1, S2=S2, SECTORS=SECTORS, NO_DATA=NO_DATA, PRODUCTS=PRODUCTS,
                           INJECTIONS=INJECTIONS, NAMES=SCENARIO_NAMES, NO_DATA_REASON=NO_DATA_REASON,
                           NO_DATA_REASON_KO=NO_DATA_REASON_KO, PRODUCT_REASON=PRODUCT_REASON)
