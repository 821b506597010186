"""Every word a reader of the report sees, in Korean and English.

One place for column labels and descriptions (the column dictionary of the
README sheet), the number format of each column, sheet names and chart texts,
so the workbook, the charts and the CSV documentation never disagree.
Descriptions of columns that are also canonical-table columns come from
:mod:`exposure.schema`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from exposure.errors import ConfigError

from exposure.schema import CONCORDANCE, EXPORT_ITEMS, SECTOR_PROFILE, TRADE_FLOWS

LANGS = ("ko", "en")


@dataclass(frozen=True)
class Label:
    """How one column is shown.

    ``kind`` drives the number format and conditional formatting:
    usd, usd_change, share, rate, ratio, int, rank, rank_float, year, code, text, bool.
    ``at_risk`` marks money at risk (data bars in the workbook).
    """

    ko: str
    en: str
    kind: str = "text"
    desc_ko: str = ""
    desc_en: str = ""
    at_risk: bool = False

    def text(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en

    def description(self, lang: str) -> str:
        return self.desc_ko if lang == "ko" else self.desc_en


def _L(ko: str, en: str, kind: str = "text", desc_ko: str = "", desc_en: str = "",
       at_risk: bool = False) -> Label:
    return Label(ko, en, kind, desc_ko, desc_en, at_risk)


_OWN: dict[str, Label] = {
    # keys and names
    "scenario": _L("시나리오", "Scenario", desc_ko="확전 시나리오 이름", desc_en="escalation scenario name"),
    "sector": _L("업종 코드", "Sector code", "code"),
    "sector_name_ko": _L("업종명", "Sector name (Korean)"),
    "sector_name_en": _L("업종명(영문)", "Sector name"),
    "sector_name": _L("업종명", "Sector name", desc_ko="업종 이름", desc_en="sector name"),
    "code": _L("품목 코드", "Product code", "code",
               desc_ko="품목 코드 (앞자리 0 유지, 텍스트)", desc_en="product code, text with leading zeros"),
    "code_system": _L("코드 체계", "Code system"),
    "name": _L("품목명", "Product name", desc_ko="품목 이름", desc_en="product name"),
    "year": _L("연도", "Year", "year"),
    "month": _L("월", "Month", "rank"),
    "partner": _L("상대국", "Partner", "code"),
    "reporter": _L("보고국", "Reporter", "code"),
    "value_usd": _L("금액(달러)", "Value (USD)", "usd"),
    "export_usd": _L("수출액(달러)", "Exports (USD)", "usd"),
    "output_usd": _L("산출액(달러)", "Output (USD)", "usd"),
    "export_to_target_usd": _L("대상국 수출액(달러)", "Exports to target (USD)", "usd"),
    "sme_share": _L("중소기업 비중", "SME share", "share"),
    # products (§4)
    "import_usd": _L("총수입액(달러)", "Imports, world (USD)", "usd",
                     "전 세계로부터의 수입액 M(k)", "imports from the world M(k)"),
    "target_import_usd": _L("대상국 수입액(달러)", "Imports from target (USD)", "usd",
                            "대상국(기본: 일본)으로부터의 수입액 M(k,T)", "imports from the target partner M(k,T)"),
    "target_share": _L("대상국 의존도", "Target share", "share",
                       "대상국 수입 비중 s = M(k,T)/M(k)", "target share s = M(k,T)/M(k)"),
    "share_band": _L("의존도 구간", "Share band", "share",
                     "의존도 구간 하한 (50·70·80·90%)", "lower bound of the share band (50/70/80/90 %)"),
    "import_hhi": _L("수입 집중도(HHI)", "Import HHI", "ratio",
                     "상대국별 수입 비중 제곱합 (0–1, 0.4 초과 시 집중)",
                     "sum of squared partner shares of imports (0-1; > 0.4 concentrated)"),
    "n_partners": _L("수입 상대국 수", "Partners", "int",
                     "수입액이 있는 상대국 수", "number of partners with imports"),
    "world_export_hhi": _L("세계 수출 집중도(HHI)", "World export HHI", "ratio",
                           "세계 수출국별 비중 제곱합", "sum of squared exporter shares of world exports"),
    "target_world_share": _L("대상국 세계수출 점유율", "Target's world export share", "share",
                             "세계 수출 중 대상국 비중 (대체 어려움)", "target's share of world exports (hard to replace)"),
    "import_export_ratio": _L("수입/수출 비율", "Import/export ratio", "ratio",
                              "M(k)/X(k), 수출이 0이면 9999", "M(k)/X(k); 9999 when exports are 0"),
    "tsi": _L("무역특화지수", "Trade specialisation index", "ratio",
              "(X−M)/(X+M)", "(X−M)/(X+M)"),
    "persistent": _L("의존 지속", "Persistent", "bool",
                     "최근 3년 중 2년 이상 의존 기준 충족", "dependence flag holds in ≥ 2 of the last 3 years"),
    "geodep_dependent": _L("전략적 의존 품목", "GeoDep dependent", "bool",
                           "수입·세계수출 집중, 수입/수출 > 1, 지속 (CEPII GeoDep)",
                           "concentrated imports and world exports, ratio > 1, persistent (CEPII GeoDep)"),
    "concentrated": _L("수입 집중", "Concentrated", "bool"),
    "reasons": _L("결측 사유", "Reasons for gaps",
                  desc_ko="지표를 계산할 수 없는 이유", desc_en="why an indicator could not be computed"),
    # shocks (§6)
    "coverage": _L("공급차질 범위 c", "Coverage c", "share",
                   "대상국 공급을 잃을 확률 × 심각도", "probability × severity of losing the target's supply"),
    "phi": _L("대체 가능 비율 φ", "Substitutable fraction φ", "share",
              "다른 공급처로 대체 가능한 비율", "fraction that other suppliers can replace"),
    "lost_days": _L("공급 상실 일수", "Days of supply lost", "ratio",
                    "max(0, G(min(H, D)) − b): 분석 기간 중 잃은 대상 공급 일수",
                    "max(0, G(min(H, D)) − b): days of the covered flow lost over the horizon"),
    "shortfall_usd": _L("공급 부족액(달러, 분석 기간)", "Shortfall (USD over the horizon)", "usd",
                        "c·M(k,T)/365 × 공급 상실 일수", "c·M(k,T)/365 × days of supply lost", at_risk=True),
    "shortfall_usd_per_year": _L("공급 부족액(달러/년)", "Shortfall (USD per year)", "usd",
                                 "공급 부족액 × 365/H", "shortfall × 365/H"),
    "licence_delay_days": _L("허가 심사 일수 D", "Licence delay D (days)", "int",
                             "허가된 선적이 재개되는 날 (빈칸: 기간 내 재개 없음)",
                             "day licensed shipments resume (blank: not within the horizon)"),
    "rule": _L("적용 규칙", "Rule", desc_ko="c를 정한 시나리오 규칙", desc_en="scenario rule that set c"),
    "buffer_days": _L("재고 일수 b", "Buffer days b", "int"),
    "lag_days": _L("대체 소요일 L", "Substitution lag L (days)", "int"),
    "horizon_days": _L("분석 기간 H", "Horizon H (days)", "int"),
    # sectors (§7)
    "exposure_rate": _L("노출률 E", "Exposure rate E", "rate",
                        "업종 산출(또는 투입) 중 공급 부족에 걸린 비율",
                        "share of the sector's output (or inputs) resting on the shortfall"),
    "export_at_risk_usd": _L("수출 위험액(달러)", "Export at risk (USD)", "usd",
                             "E × 수출액", "E × exports", at_risk=True),
    "sme_export_at_risk_usd": _L("중소기업 수출 위험액(달러)", "SME export at risk (USD)", "usd",
                                 "수출 위험액 × 중소기업 비중", "export at risk × SME share", at_risk=True),
    "demand_at_risk_usd": _L("수요 위험액(달러)", "Demand at risk (USD)", "usd",
                             "보복 시나리오에서 대상국 수출 중 위험액",
                             "exports to the target at risk under retaliation", at_risk=True),
    "rank": _L("순위", "Rank", "rank", "순위 (1 = 가장 큼)", "rank (1 = largest)"),
    "capped": _L("상한 적용", "Capped", "bool",
                 "비율이 1을 넘어 상한을 적용함", "a share above 1 was capped"),
    "no_data_reason": _L("자료 없음 사유", "Reason for no data",
                         desc_ko="점수를 낼 수 없는 이유", desc_en="why the sector could not be scored"),
    "composite_index": _L("종합지수", "Composite index", "ratio"),
    "flags": _L("주의 사항", "Flags"),
    # drivers
    "channel": _L("경로", "Channel", desc_ko="직접·간접(산업연관)·수요 등", desc_en="direct, indirect (input-output), demand …"),
    "contribution_rate": _L("노출률 기여", "Contribution to E", "rate",
                            "이 품목·경로가 업종 노출률에 기여한 몫",
                            "part of the sector's exposure rate due to this product and channel"),
    "share_of_sector": _L("업종 내 비중", "Share of sector total", "share"),
    # uncertainty (§8)
    "median_rank": _L("순위 중앙값", "Median rank", "rank_float"),
    "rank_p05": _L("순위 5%", "Rank, 5th percentile", "rank_float"),
    "rank_p95": _L("순위 95%", "Rank, 95th percentile", "rank_float"),
    "p_top10": _L("상위 10위 확률", "P(top 10)", "share"),
    "mean_abs_rank_shift": _L("평균 순위 변동", "Mean abs. rank shift", "rank_float"),
    "parameter": _L("매개변수", "Parameter"),
    "index": _L("민감도 지수", "Sensitivity index", "ratio",
                "순위 분산 중 이 매개변수의 몫", "share of ranking variance due to this parameter"),
    "threshold": _L("기준값", "Threshold", "share"),
    "n_products": _L("품목 수", "Products", "int"),
    # scenario parameters (scenarios.Scenario.summary)
    "description_ko": _L("설명", "Description (Korean)"),
    "description_en": _L("설명(영문)", "Description"),
    "rules": _L("규칙 수", "Rules", "int"),
    "max_coverage": _L("최대 공급차질 범위", "Largest coverage", "share"),
    # flags
    "kind": _L("유형", "Kind"),
    "detail": _L("내용", "Detail"),
    "value": _L("값", "Value", "ratio"),
    # further engine columns (scoring, scenarios, uncertainty, linkage flags)
    "target": _L("대상국", "Target", "code"),
    "hhi_concentrated": _L("수입 집중", "Concentrated imports", "bool",
                           "수입 HHI가 기준을 넘음", "import HHI above the threshold"),
    "world_export_usd": _L("세계 수출액(달러)", "World exports (USD)", "usd"),
    "direct_rate": _L("직접 노출률", "Direct exposure rate", "rate",
                      "연계표로 배분된 직접 노출", "exposure through the concordance (direct)"),
    "override_rate": _L("용도 지정 노출률", "Override exposure rate", "rate",
                        "최종 용도 배분표에 따른 노출", "exposure through end-use overrides"),
    "indirect_rate": _L("간접 노출률", "Indirect exposure rate", "rate",
                        "국내 공급망(산업연관)을 거친 노출", "exposure through domestic suppliers (input-output)"),
    "export_source": _L("수출액 출처", "Source of exports"),
    "demand_rate": _L("수요 위험 비율", "Demand-at-risk rate", "rate",
                      "대상국 수출 중 위험 비율", "share of exports to the target at risk"),
    "sme_demand_at_risk_usd": _L("중소기업 수요 위험액(달러)", "SME demand at risk (USD)", "usd",
                                 "수요 위험액 × 중소기업 비중", "demand at risk × SME share", at_risk=True),
    "rank_basis": _L("순위 기준", "Ranked by"),
    "rank_value": _L("순위 기준값", "Ranking value", "ratio"),
    "notes": _L("비고", "Notes"),
    "sector_weight": _L("업종 배분 비중", "Sector weight", "share"),
    "rank_at_risk": _L("위험액 순위", "Rank by value at risk", "rank"),
    "phi_source": _L("φ 출처", "Source of φ"),
    "rule_no": _L("규칙 번호", "Rule no.", "rank"),
    "n_draws": _L("추출 수", "Draws", "int"),
    "top_n": _L("상위 기준 N", "Top N", "int"),
    "point_rank": _L("기준 순위", "Point rank", "rank", "불확실성 없이 계산한 순위", "rank without uncertainty"),
    "sme_export_at_risk_median": _L("중소기업 수출 위험액 중앙값(달러)", "SME export at risk, median (USD)", "usd"),
    "sme_export_at_risk_p05": _L("중소기업 수출 위험액 5%(달러)", "SME export at risk, 5th pct (USD)", "usd"),
    "sme_export_at_risk_p95": _L("중소기업 수출 위험액 95%(달러)", "SME export at risk, 95th pct (USD)", "usd"),
    "sme_demand_at_risk_median": _L("중소기업 수요 위험액 중앙값(달러)", "SME demand at risk, median (USD)", "usd"),
    "sme_demand_at_risk_p05": _L("중소기업 수요 위험액 5%(달러)", "SME demand at risk, 5th pct (USD)", "usd"),
    "sme_demand_at_risk_p95": _L("중소기업 수요 위험액 95%(달러)", "SME demand at risk, 95th pct (USD)", "usd"),
    "spread": _L("변동 폭", "Spread", "ratio", "매개변수를 흔든 폭", "how far the parameter was varied"),
    "first_order": _L("1차 민감도 지수", "First-order index", "ratio",
                      "순위 분산 중 이 매개변수 단독의 몫", "share of ranking variance due to this parameter alone"),
    "total_order": _L("총 민감도 지수", "Total-order index", "ratio",
                      "상호작용을 포함한 몫", "share including interactions"),
    "rank_correlation": _L("순위 상관", "Rank correlation", "ratio"),
    "spearman_rho2": _L("스피어먼 ρ²", "Spearman ρ²", "ratio",
                        "매개변수와 순위의 스피어먼 상관계수 제곱", "squared Spearman correlation of parameter and rank"),
    "most_affected_sector": _L("가장 영향받는 업종", "Most affected sector", "code"),
    "note": _L("비고", "Note"),
    "indicator": _L("지표", "Indicator"),
    "delta": _L("기준 변화", "Change of threshold", "ratio"),
    "swept_threshold": _L("변경 기준값", "Moved threshold", "ratio"),
    "products_flagged": _L("해당 품목 수", "Products flagged", "int"),
    "products_flagged_swept": _L("변경 후 해당 품목 수", "Products flagged after the move", "int"),
    "products_changed": _L("바뀐 품목 수", "Products changed", "int"),
    "changed_target_import_usd": _L("바뀐 품목의 대상국 수입액(달러)", "Imports from target of changed products (USD)",
                                    "usd"),
    "sectors_changed": _L("바뀐 업종 수", "Sectors changed", "int"),
    "sectors": _L("바뀐 업종", "Sectors changed (codes)"),
    "severity": _L("심각도", "Severity"),
    # validation (LoadReport)
    "source": _L("파일", "File"),
    "format": _L("형식", "Format"),
    "encoding": _L("인코딩", "Encoding"),
    "sheet": _L("시트", "Sheet"),
    "header_row": _L("머리글 행", "Header row", "rank"),
    "unit": _L("단위", "Unit"),
    "rows_read": _L("읽은 행", "Rows read", "int"),
    "rows_kept": _L("유지 행", "Rows kept", "int"),
    "rows_dropped": _L("제외 행", "Rows dropped", "int"),
    "value_read_usd": _L("읽은 금액(달러)", "Value read (USD)", "usd"),
    "value_kept_usd": _L("유지 금액(달러)", "Value kept (USD)", "usd"),
    "value_dropped_usd": _L("제외 금액(달러)", "Value dropped (USD)", "usd"),
    "warnings": _L("경고", "Warnings"),
    "row": _L("행 번호", "Row", "rank"),
    "reason": _L("사유", "Reason"),
    "label": _L("합계 항목", "Total label"),
    "total_usd": _L("원자료 합계(달러)", "Stated total (USD)", "usd"),
    "sum_of_rows_usd": _L("행 합계(달러)", "Sum of rows (USD)", "usd"),
    "difference_usd": _L("차이(달러)", "Difference (USD)", "usd_change"),
    # inputs
    "role": _L("역할", "Role"),
    "path": _L("경로", "Path"),
    "file": _L("파일명", "File name"),
    "sha256": _L("SHA-256", "SHA-256", "code"),
    "size_bytes": _L("크기(바이트)", "Size (bytes)", "int"),
}


def _schema_descriptions() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for spec in (TRADE_FLOWS, EXPORT_ITEMS, SECTOR_PROFILE, CONCORDANCE):
        for col in spec.columns:
            out.setdefault(col.name, (col.description_ko, col.description_en))
    return out


def _build() -> dict[str, Label]:
    schema = _schema_descriptions()
    labels = dict(_OWN)
    for name, (dko, den) in schema.items():
        if name not in labels:
            kind = "usd" if name.endswith("_usd") else ("code" if "code" in name else "text")
            if name in ("sme_share", "weight"):
                kind = "share"
            labels[name] = Label(dko or name, den or name, kind, dko, den)
        else:
            own = labels[name]
            labels[name] = Label(own.ko, own.en, own.kind, own.desc_ko or dko, own.desc_en or den, own.at_risk)
    for name, lab in list(labels.items()):
        if not lab.desc_ko or not lab.desc_en:
            labels[name] = Label(lab.ko, lab.en, lab.kind, lab.desc_ko or lab.ko, lab.desc_en or lab.en, lab.at_risk)
    return labels


COLUMNS: dict[str, Label] = _build()

# The columns the engine produces for each Results table (extra columns are tolerated).
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "sectors": ("scenario", "rank", "sector", "sector_name_ko", "sector_name_en", "exposure_rate", "direct_rate",
                "override_rate", "indirect_rate", "export_usd", "export_source", "sme_share", "sme_share_basis",
                "export_at_risk_usd", "sme_export_at_risk_usd", "export_to_target_usd", "demand_rate",
                "demand_at_risk_usd", "sme_demand_at_risk_usd", "rank_basis", "rank_value", "capped", "flags",
                "notes", "no_data_reason"),
    "products": ("year", "code", "code_system", "name", "target", "import_usd", "target_import_usd", "target_share",
                 "share_band", "n_partners", "import_hhi", "hhi_concentrated", "world_export_usd",
                 "world_export_hhi", "target_world_share", "export_usd", "import_export_ratio", "tsi", "persistent",
                 "geodep_dependent", "reasons"),
    "shocks": ("scenario", "year", "code", "code_system", "coverage", "phi", "phi_source", "buffer_days",
               "lag_days", "horizon_days", "licence_delay_days", "lost_days", "target_import_usd", "shortfall_usd",
               "shortfall_usd_per_year", "rule", "rule_no"),
    "drivers": ("scenario", "sector", "code", "code_system", "channel", "exposure_rate", "contribution_rate",
                "export_at_risk_usd", "sme_export_at_risk_usd", "demand_at_risk_usd", "share_of_sector"),
    "export_items": ("scenario", "year", "rank", "item_code", "code_system", "item_name_ko", "item_name_en",
                     "export_usd", "export_to_target_usd", "sector", "sector_weight", "exposure_rate",
                     "export_at_risk_usd", "sme_export_at_risk_usd", "demand_at_risk_usd", "rank_at_risk",
                     "no_data_reason"),
    "uncertainty": ("scenario", "sector", "sector_name_ko", "sector_name_en", "rank_basis", "n_draws", "top_n",
                    "point_rank", "median_rank", "rank_p05", "rank_p95", "p_top10", "mean_abs_rank_shift",
                    "sme_export_at_risk_usd", "sme_export_at_risk_median", "sme_export_at_risk_p05",
                    "sme_export_at_risk_p95", "sme_demand_at_risk_usd", "sme_demand_at_risk_median",
                    "sme_demand_at_risk_p05", "sme_demand_at_risk_p95"),
    "sensitivity": ("scenario", "parameter", "index", "spread", "first_order", "total_order", "rank_correlation",
                    "most_affected_sector", "n_draws", "note"),
    "threshold_sweep": ("indicator", "threshold", "delta", "swept_threshold", "n_products", "products_flagged",
                        "products_flagged_swept", "products_changed", "target_import_usd",
                        "changed_target_import_usd", "sectors_changed", "sectors"),
    "flags": ("scenario", "kind", "severity", "code", "sector", "value", "detail"),
    "monthly": ("code", "code_system", "partner", "year", "month", "value_usd"),
    "scenarios": ("scenario", "kind", "target", "description_ko", "description_en", "rules", "buffer_days",
                  "lag_days", "horizon_days", "phi", "max_coverage", "source"),
    "validation": ("source", "format", "encoding", "sheet", "header_row", "unit", "code_system", "rows_read",
                   "rows_kept", "rows_dropped", "value_read_usd", "value_kept_usd", "value_dropped_usd", "warnings"),
    "dropped": ("source", "row", "reason", "value_usd", "detail"),
    "totals": ("source", "row", "label", "total_usd", "sum_of_rows_usd", "difference_usd"),
    "inputs": ("role", "file", "path", "sha256", "size_bytes"),
}

NUMBER_FORMATS: dict[str, str] = {
    "usd": "#,##0",
    "share": "0.0%",
    "rate": "0.00%",
    "ratio": "0.000",
    "int": "#,##0",
    "rank": "0",
    "rank_float": "0.0",
    "year": "0",
    "code": "@",
}
# Korean tables mark negative changes with △ instead of a minus sign.
CHANGE_FORMATS = {"ko": '#,##0;"△"#,##0;0', "en": "#,##0;-#,##0;0"}


def label(column: str) -> Label:
    """The Label of ``column``; unknown columns get one guessed from their name."""
    if column in COLUMNS:
        return COLUMNS[column]
    kind = "text"
    if column.endswith("_usd"):
        kind = "usd"
    elif column.endswith("_share") or column.endswith("_rate"):
        kind = "share"
    elif column.endswith("_code"):
        kind = "code"
    return Label(column, column, kind, column, column)


def header(column: str, lang: str) -> str:
    """The column header shown to the reader."""
    return label(column).text(lang)


def headers(columns: list[str], lang: str) -> list[str]:
    """Headers for a table, made unique (Excel tables need unique header names)."""
    out: list[str] = []
    seen: set[str] = set()
    for col in columns:
        text = header(col, lang)
        if text.casefold() in seen:
            text = f"{text} ({col})"
        seen.add(text.casefold())
        out.append(text)
    return out


def number_format(column: str, lang: str, series: pd.Series | None = None) -> str | None:
    """The Excel number format of ``column`` (None: leave General)."""
    kind = label(column).kind
    if kind == "usd_change":
        return CHANGE_FORMATS[lang]
    if column not in COLUMNS and series is not None and kind == "text" and pd.api.types.is_float_dtype(series):
        return "#,##0.###"
    return NUMBER_FORMATS.get(kind)


SHEETS: dict[str, tuple[str, str]] = {
    "readme": ("방법론", "README"),
    "summary": ("요약", "Summary"),
    "sectors": ("업종", "Sectors"),
    "products": ("품목", "Products"),
    "shocks": ("공급부족", "Shocks"),
    "drivers": ("기여요인", "Drivers"),
    "export_items": ("수출품목", "Export items"),
    "scenarios": ("시나리오", "Scenarios"),
    "uncertainty": ("불확실성", "Uncertainty"),
    "validation": ("검증", "Validation"),
}


def sheet_name(key: str, lang: str) -> str:
    ko, en = SHEETS[key]
    return ko if lang == "ko" else en


TEXT: dict[str, tuple[str, str]] = {
    # workbook
    "title": ("한·일 무역분쟁 확대 시 중소기업 업종별 수출 위험", "SME export value at risk if the Korea–Japan trade dispute widens"),
    "summary_head": ("업종 순위 — 시나리오: {scenario}", "Sector ranking — scenario: {scenario}"),
    "summary_meta": ("대상국 {target} · 기준연도 {year} · 순위 기준: {rank_by}",
                     "Target {target} · year {year} · ranked by {rank_by}"),
    "chart_title": ("중소기업 수출 위험액 상위 {n}개 업종", "Top {n} sectors by SME export at risk"),
    "chart_data": ("차트 자료: 중소기업 수출 위험액 상위 {n}개", "Chart data: top {n} by SME export at risk"),
    "purpose_head": ("목적", "Purpose"),
    "purpose": (
        "일본과의 무역분쟁이 확대될 경우(규제 품목 확대, 캐치올 규제, 한국 수출에 대한 보복) 어떤 중소기업 업종이 "
        "어떤 수입 중간재를 통해 얼마만큼의 수출액을 잃을 수 있는지, 얼마나 빨리, 얼마나 확실한지를 보여줍니다. "
        "분석은 사용자의 컴퓨터에서만 실행되며 자료는 외부로 전송되지 않습니다.",
        "Shows which SME sectors would lose most export value, through which imported inputs, how fast and "
        "how surely, if the trade dispute with Japan widens (more items, catch-all controls, retaliation "
        "against Korean exports). The analysis runs on the user's own machine; no data leaves it."),
    "run_head": ("실행 정보", "Run"),
    "version": ("도구 버전", "Tool version"),
    "target": ("대상국", "Target partner"),
    "reporter": ("보고국", "Reporter"),
    "year": ("기준연도", "Analysis year"),
    "scenarios": ("시나리오", "Scenarios"),
    "created": ("작성 시각(UTC)", "Created (UTC)"),
    "inputs_head": ("입력 파일", "Input files"),
    "no_inputs": ("입력 파일 정보가 없습니다.", "No input files were recorded."),
    "scenario_params_head": ("시나리오 매개변수", "Scenario parameters"),
    "params_head": ("분석 매개변수", "Analysis parameters"),
    "param": ("매개변수", "Parameter"),
    "param_value": ("값", "Value"),
    "param_desc": ("설명", "Description"),
    "formulas_head": ("계산 방법", "Method"),
    "notes_head": ("참고", "Notes"),
    "dictionary_head": ("열 설명 (한/영)", "Column dictionary (Korean/English)"),
    "dict_table": ("표", "Table"),
    "dict_column": ("열 이름", "Column"),
    "dict_ko": ("한글 이름", "Korean label"),
    "dict_en": ("영문 이름", "English label"),
    "dict_desc_ko": ("설명(한글)", "Description (Korean)"),
    "dict_desc_en": ("설명(영문)", "Description (English)"),
    "empty_table": ("(자료 없음)", "(no rows)"),
    "usd_million": ("백만 달러", "USD million"),
    "vs_first": ("{first} 대비 차이(달러)", "Change vs {first} (USD)"),
    "sector": ("업종 코드", "Sector code"),
    "sector_name": ("업종명", "Sector name"),
    # uncertainty
    "uncertainty_head": ("순위 불확실성 (몬테카를로)", "Rank uncertainty (Monte Carlo)"),
    "sensitivity_head": ("민감도: 순위를 가장 많이 움직이는 매개변수", "Sensitivity: which parameter moves the ranking most"),
    "sweep_head": ("의존도 기준값 변화에 따른 결과", "Results across dependence thresholds"),
    "no_draws": ("몬테카를로 추출을 실행하지 않았습니다. 순위 구간을 보려면 `--draws 1000` 옵션으로 다시 실행하세요.",
                 "No Monte Carlo draws were run. To see rank intervals, run again with `--draws 1000`."),
    # validation
    "validation_head": ("입력 파일별 읽기 결과", "What was read from each input file"),
    "dropped_head": ("제외되거나 매칭되지 않은 행과 사유", "Rows dropped or unmatched, and why"),
    "totals_head": ("원자료 합계 대조", "Totals stated in the files vs. sum of rows"),
    "flags_head": ("주의 사항 (상한 적용, 미매칭 코드, 사용자 지정 배분 등)",
                   "Flags (capped shares, unmatched codes, overrides used …)"),
    "none": ("없음", "None"),
    "yes": ("예", "yes"),
    "no": ("아니오", "no"),
    "other_products": ("기타 품목 {n}개 합계", "other products ({n}), summed"),
    "drivers_note": ("업종마다 기여가 큰 상위 {top}개 품목과 나머지 품목의 합계 한 행을 보여줍니다(업종별 합계는 그대로). "
                     "모든 행({rows:,}행)은 tables/drivers.csv에 있습니다.",
                     "Per sector the top {top} products and one row summing the other products (sector totals "
                     "unchanged). Every row ({rows:,} rows) is in tables/drivers.csv."),
    "export_items_head": ("수출 상위 품목과 수출 위험액", "Top export items and export value at risk"),
}


def text(key: str, lang: str, **kwargs: object) -> str:
    """A UI text in ``lang`` with ``{placeholders}`` filled."""
    ko, en = TEXT[key]
    return (ko if lang == "ko" else en).format(**kwargs)


PARAMS: dict[str, tuple[str, str]] = {
    "reporter": ("보고국(수입국)", "reporter (importing country)"),
    "target": ("대상 공급국", "target supplier"),
    "year": ("기준연도 (비어 있으면 최신 연도)", "analysis year (empty: latest)"),
    "share_bands": ("의존도 구간 하한", "target-share band bounds"),
    "hhi_concentrated": ("수입 집중 기준 HHI", "import HHI above which imports are concentrated"),
    "world_hhi_concentrated": ("세계 수출 집중 기준 HHI", "world export HHI threshold"),
    "import_export_ratio_min": ("수입/수출 비율 기준", "import/export ratio threshold"),
    "persistence_window": ("지속성 판단 기간(년)", "persistence window (years)"),
    "persistence_min_years": ("지속성 최소 연수", "years a flag must hold in the window"),
    "sector_system": ("업종 분류", "sector system"),
    "use_overrides": ("최종 용도 배분표 사용", "use end-use overrides"),
    "cap_exposure": ("노출률 상한", "cap on exposure shares"),
    "cap_share": ("투입 비중 상한 (초과 시 상한 적용·표시)", "cap on input shares (above: capped and flagged)"),
    "buffer_days": ("재고 일수 b (시나리오가 정하지 않을 때)", "inventory buffer days b (when the scenario gives none)"),
    "lag_days": ("대체 소요일 L", "substitution lag L (days)"),
    "horizon_days": ("분석 기간 H (일)", "horizon H (days)"),
    "phi_default": ("기본 대체 가능 비율 φ", "default substitutable fraction φ"),
    "production": ("핵심 투입재 생산함수 (중심 추정)", "production function of critical inputs (central figure)"),
    "sigma": ("CES 대체탄력성 σ", "CES elasticity of substitution σ"),
    "important_weight": ("'중요' 투입재 가중치", "weight of 'important' inputs"),
    "sme_basis": ("중소기업 비중 기준", "basis of SME shares"),
    "sme_export_share": ("전국 중소기업 수출 비중 (보정 기준)", "national SME share of exports (calibration target)"),
    "sme_export_share_source": ("전국 중소기업 수출 비중 출처", "source of the national SME export share"),
    "fx_rates": ("환율 (달러당 통화 단위)", "exchange rates (currency units per USD)"),
    "countermeasures": ("대응책", "counter-measures"),
    "rank_by": ("순위 기준", "ranking criterion"),
    "composite_weights": ("종합지수 가중치", "composite index weights"),
    "composite_normalisation": ("종합지수 정규화", "composite index normalisation"),
    "top_n": ("상위 업종 수", "number of top sectors shown"),
    "draws": ("몬테카를로 추출 수", "Monte Carlo draws"),
    "seed": ("난수 시드", "random seed"),
    "noise": ("불확실성 폭 (매개변수 묶음별)", "uncertainty spread per parameter group"),
    "noise_distribution": ("불확실성 분포", "distribution of the random factors"),
    "noise_item": ("개별 항목 변동 비율", "per-item spread as a fraction of the group's spread"),
    "sweep_deltas": ("기준값 변화 폭 (민감도 점검)", "offsets of the threshold sweep"),
    "input_materiality": ("투입 중요도 하한", "smallest share of output for a product to count as an input"),
    "lang": ("언어", "language"),
    "scenarios": ("시나리오", "scenarios"),
    "formats": ("출력 형식", "output formats"),
}


CHART: dict[str, tuple[str, str]] = {
    "ranking_title": ("중소기업 수출 위험액 상위 {n}개 업종 — {scenario}", "Top {n} sectors by SME export at risk — {scenario}"),
    "sme_at_risk": ("중소기업 수출 위험액", "SME export at risk"),
    "heatmap_title": ("업종 × 품목 중소기업 수출 위험액 — {scenario}", "SME export at risk by sector × product — {scenario}"),
    "sector": ("업종", "Sector"),
    "product": ("품목", "Product"),
    "bubble_title": ("대상국 의존도와 수입액 (원 크기: 공급 부족액) — {scenario}",
                     "Dependence vs value (bubble size: shortfall) — {scenario}"),
    "target_share": ("대상국 의존도", "Target share of imports"),
    "target_import": ("대상국 수입액", "Imports from target"),
    "scenarios_title": ("시나리오별 중소기업 수출 위험액 (상위 {n}개 업종)", "SME export at risk by scenario (top {n} sectors)"),
    "intervals_title": ("업종 순위의 불확실성 — {scenario}", "Rank uncertainty — {scenario}"),
    "rank": ("순위 (중앙값, 5–95% 구간)", "Rank (median, 5–95 % interval)"),
    "median": ("중앙값", "median"),
    "interval": ("5–95% 구간", "5–95 % interval"),
    "monthly_title": ("대상국({target})으로부터의 월별 수입 — 주요 품목", "Monthly imports from {target} — main products"),
    "top_n": ("상위 {n}위", "top {n}"),
    "month": ("월", "Month"),
    "imports": ("수입액", "Imports"),
    "july2019": ("2019년 7월 수출규제", "July 2019 export controls"),
    "band": ("{p:.0%} 기준", "{p:.0%} band"),
    "usd": ("달러", "USD"),
    "usd_thousand": ("천 달러", "USD thousand"),
    "usd_million": ("백만 달러", "USD million"),
    "usd_billion": ("십억 달러", "USD billion"),
    "no_draws": ("순위 구간 차트 생략: 몬테카를로 추출이 없습니다 (--draws 1000 으로 실행).",
                 "Rank-interval chart skipped: no Monte Carlo draws (run with --draws 1000)."),
    "no_monthly": ("월별 수입 차트 생략: 월별 자료가 없습니다.", "Monthly import chart skipped: no monthly data."),
}


def chart_text(key: str, lang: str, **kwargs: object) -> str:
    """A chart text in ``lang`` with ``{placeholders}`` filled."""
    ko, en = CHART[key]
    return (ko if lang == "ko" else en).format(**kwargs)


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ConfigError naming the choices."""
    if lang not in LANGS:
        raise ConfigError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang
