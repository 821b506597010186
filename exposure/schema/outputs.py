"""The output tables: every column the engine writes, declared once, and one spec per table (DESIGN §9).

:data:`CATALOGUE` holds each column once — dtype, format kind, Korean and English header and
description. A money header states its unit and period: *USD over the horizon* (a scenario's H
days), *USD per year* (the same loss as an annual rate), *USD a year* (annual trade or output).
The table specs (:data:`OUTPUTS`) list the columns of each table in order; the engine builds its
tables with :meth:`TableSpec.conform`, the report takes headers, formats and the column
dictionary from here, and a test checks every table of a run against its spec.
"""

from __future__ import annotations

from exposure.schema.core import FLOAT, INT, NULLABLE_BOOL, NULLABLE_INT, STR, Column, TableSpec
from exposure.schema.inputs import DROPPED_COLUMNS, EXPORT_ITEMS, SECTOR_PROFILE, TOTALS_COLUMNS, TRADE_FLOWS

_DTYPE = {"usd": FLOAT, "usd_change": FLOAT, "share": FLOAT, "rate": FLOAT, "ratio": FLOAT, "int": INT,
          "rank": NULLABLE_INT, "rank_float": FLOAT, "year": INT, "code": STR, "text": STR, "bool": NULLABLE_BOOL,
          "days": FLOAT, "krw": FLOAT}
H, Y, A = "분석 기간", "over the horizon", "a year"  # the periods money columns state


def _c(name: str, ko: str, en: str, kind: str = "text", desc_ko: str = "", desc_en: str = "", at_risk: bool = False,
       dtype: str | None = None) -> Column:
    return Column(name, dtype or _DTYPE[kind], label_ko=ko, label_en=en, kind=kind, description_ko=desc_ko or ko,
                  description_en=desc_en or en, at_risk=at_risk)


_ENTRIES = [
    # ---- keys and names
    _c("scenario", "시나리오", "Scenario", desc_ko="확전 시나리오 (CSV에는 식별 이름, 보고서에는 시나리오명)",
       desc_en="escalation scenario (its identifier in the CSV files, its name in the workbook)"),
    _c("sector", "업종 코드", "Sector code", "code", "OECD 산업연관표 업종 코드", "OECD input–output industry code"),
    _c("sector_name_ko", "업종명", "Sector name (Korean)"),
    _c("sector_name_en", "업종명(영문)", "Sector name"),
    _c("sector_name", "업종명", "Sector name", desc_ko="보고서 언어의 업종명", desc_en="sector name in the report's language"),
    _c("code", "품목 코드", "Product code", "code", "품목 코드 (앞자리 0 유지, 텍스트)", "product code, text with leading zeros"),
    _c("code_system", "코드 체계", "Code system", desc_ko="HS6-2017, HSK10, MTI3 등", desc_en="HS6-2017, HSK10, MTI3 …"),
    _c("name", "품목명", "Product name"),
    _c("year", "연도", "Year", "year"),
    _c("target", "대상국", "Target", "code", "공급이 위험한 상대국 (ISO3)", "partner whose supply is at risk (ISO3)"),
    # ---- products (§4)
    _c("import_usd", "총수입액(달러/년)", "Imports, world (USD a year)", "usd", "전 세계로부터의 연간 수입액 M(k)",
       "annual imports from the world M(k)"),
    _c("target_import_usd", "대상국 수입액(달러/년)", "Imports from target (USD a year)", "usd",
       "대상국(기본: 일본)으로부터의 연간 수입액 M(k,T)", "annual imports from the target partner M(k,T)"),
    _c("target_share", "대상국 의존도", "Target share", "share", "대상국 수입 비중 s = M(k,T)/M(k)",
       "target share s = M(k,T)/M(k)"),
    _c("share_band", "의존도 구간", "Share band", desc_ko="의존도 구간 하한 (50·70·80·90%)",
       desc_en="lower bound of the share band (50/70/80/90 %)"),
    _c("n_partners", "수입 상대국 수", "Partners", "int", "수입액이 있는 상대국 수", "number of partners with imports",
       dtype=FLOAT),
    _c("import_hhi", "수입 집중도(HHI)", "Import HHI", "ratio", "상대국별 수입 비중 제곱합 (0–1, 0.4 초과 시 집중)",
       "sum of squared partner shares of imports (0–1; > 0.4 concentrated)"),
    _c("hhi_concentrated", "수입 집중", "Concentrated imports", "bool", "수입 HHI가 기준을 넘음",
       "import HHI above the threshold"),
    _c("world_export_usd", "세계 수출액(달러/년)", "World exports (USD a year)", "usd"),
    _c("world_export_hhi", "세계 수출 집중도(HHI)", "World export HHI", "ratio", "세계 수출국별 비중 제곱합",
       "sum of squared exporter shares of world exports"),
    _c("target_world_share", "대상국 세계수출 점유율", "Target's world export share", "share",
       "세계 수출 중 대상국 비중 (대체 어려움)", "target's share of world exports (hard to replace)"),
    _c("export_usd", "수출액(달러/년)", "Exports (USD a year)", "usd", "연간 수출액", "annual exports"),
    _c("import_export_ratio", "수입/수출 비율", "Import/export ratio", "ratio", "M(k)/X(k), 수출이 0이면 9999",
       "M(k)/X(k); 9999 when exports are 0"),
    _c("tsi", "무역특화지수", "Trade specialisation index", "ratio", "(X−M)/(X+M)", "(X−M)/(X+M)"),
    _c("persistent", "의존 지속", "Persistent", "bool", "최근 3년 중 2년 이상 의존 기준 충족",
       "dependence flag holds in ≥ 2 of the last 3 years"),
    _c("geodep_dependent", "전략적 의존 품목", "GeoDep dependent", "bool",
       "수입·세계수출 집중, 수입/수출 > 1, 지속 (CEPII GeoDep)",
       "concentrated imports and world exports, ratio > 1, persistent (CEPII GeoDep)"),
    _c("reasons", "결측 사유", "Reasons for gaps", desc_ko="지표를 계산할 수 없는 이유",
       desc_en="why an indicator could not be computed"),
    # ---- shocks (§6)
    _c("coverage", "공급차질 범위 c", "Coverage c", "share", "대상국 공급을 잃을 확률 × 심각도",
       "probability × severity of losing the target's supply"),
    _c("phi", "대체 가능 비율 φ", "Substitutable fraction φ", "share", "다른 공급처로 대체 가능한 비율",
       "fraction that other suppliers can replace"),
    _c("phi_source", "φ 출처", "Source of φ"),
    _c("buffer_days", "재고 일수 b", "Stock days b", "days", "재고가 메우는 대상 공급 일수",
       "days of the covered flow the stock covers"),
    _c("lag_days", "대체 소요일 L", "Substitution lag L (days)", "days", "다른 공급처가 φ까지 늘어나는 데 걸리는 일수",
       "days for other suppliers to ramp up to φ"),
    _c("horizon_days", "분석 기간 H (일)", "Horizon H (days)", "days", "공급 부족을 세는 기간", "period the shortfall is counted over"),
    _c("licence_delay_days", "허가 심사 일수 D", "Licence delay D (days)", "days",
       "허가된 선적이 재개되는 날 (빈칸: 기간 내 재개 없음)", "day licensed shipments resume (blank: not within the horizon)"),
    _c("lost_days", "공급 상실 일수", "Days of supply lost", "ratio", "max(0, G(min(H, D)) − b): 분석 기간 중 잃은 대상 공급 일수",
       "max(0, G(min(H, D)) − b): days of the covered flow lost over the horizon"),
    _c("shortfall_usd", f"공급 부족액(달러, {H})", f"Shortfall (USD {Y})", "usd", "c·M(k,T)/365 × 공급 상실 일수",
       "c·M(k,T)/365 × days of supply lost", at_risk=True),
    _c("shortfall_usd_per_year", "공급 부족액(달러/년 환산)", "Shortfall (USD per year)", "usd", "공급 부족액 × 365/H",
       "shortfall × 365/H"),
    _c("rule", "적용 규칙", "Rule", desc_ko="c를 정한 시나리오 규칙", desc_en="scenario rule that set c"),
    _c("rule_no", "규칙 번호", "Rule no.", "int"),
    _c("end_use", "최종 용도", "End use", desc_ko="BEC 기준 용도 (중간재·자본재·소비재·혼합)",
       desc_en="end use by BEC (intermediate, capital, consumption, mixed)"),
    _c("channel", "경로", "Channel", desc_ko="직접·용도지정·핵심투입·파급·수요 / 투자·최종수요",
       desc_en="direct, override, critical, downstream, demand / investment, final demand"),
    # ---- sectors (§7, §7a)
    _c("rank", "순위", "Rank", "rank", "순위 (1 = 가장 큼)", "rank (1 = largest)"),
    _c("exposure_rate_low", "노출률 하한(선형)", "Exposure rate, low (linear)", "rate",
       "선형 생산함수(투입 $1 손실 = 산출 $1 손실)의 노출률", "exposure rate under the linear measure (lower bound)"),
    _c("exposure_rate", "노출률 E", "Exposure rate E", "rate", "분석 기간 업종 산출 중 공급 부족으로 잃는 비율 (중심 추정)",
       "share of the sector's output over the horizon lost to the shortfall (central figure)"),
    _c("exposure_rate_high", "노출률 상한(레온티예프)", "Exposure rate, high (Leontief)", "rate",
       "핵심 투입재가 멈추면 생산도 멈추는 경우의 노출률", "exposure rate when critical inputs stop output (upper bound)"),
    _c("direct_rate", "직접 노출률", "Direct rate", "rate", "연계표 비례 배분에 따른 1차 손실", "first round through the concordance"),
    _c("override_rate", "용도 지정 노출률", "Override rate", "rate", "최종 용도 배분표에 따른 1차 손실",
       "first round through end-use overrides"),
    _c("critical_rate", "핵심 투입재 추가 손실률", "Critical-input rate", "rate",
       "핵심 투입재의 생산함수로 더해진 1차 손실", "extra first-round loss of critical inputs under the production function"),
    _c("downstream_rate", "파급 노출률", "Downstream rate", "rate", "국내 공급망을 거쳐 고객 업종에 전달된 손실",
       "losses passed on to domestic customers"),
    _c("export_source", "수출액 출처", "Source of exports"),
    _c("sme_share", "중소기업 비중", "SME share", "share", "중소기업 비중 (기준: sme_share_basis)", "SME share (basis: sme_share_basis)"),
    _c("sme_share_basis", "중소기업 비중 기준", "SME share basis", desc_ko="수출·산출(보정)·산출",
       desc_en="export, output-calibrated or output"),
    _c("export_at_risk_low_usd", f"수출 위험액 하한(달러, {H})", f"Export at risk, low (USD {Y})", "usd",
       "선형 노출률 × 수출액 × H/365", "linear exposure × exports × H/365", at_risk=True),
    _c("export_at_risk_usd", f"수출 위험액(달러, {H})", f"Export at risk (USD {Y})", "usd", "E × 수출액 × H/365",
       "E × exports × H/365", at_risk=True),
    _c("export_at_risk_high_usd", f"수출 위험액 상한(달러, {H})", f"Export at risk, high (USD {Y})", "usd",
       "레온티예프 노출률 × 수출액 × H/365", "Leontief exposure × exports × H/365", at_risk=True),
    _c("export_at_risk_usd_per_year", "수출 위험액(달러/년 환산)", "Export at risk (USD per year)", "usd",
       "수출 위험액 × 365/H", "export at risk × 365/H"),
    _c("sme_export_at_risk_low_usd", f"중소기업 수출 위험액 하한(달러, {H})", f"SME export at risk, low (USD {Y})", "usd",
       at_risk=True),
    _c("sme_export_at_risk_usd", f"중소기업 수출 위험액(달러, {H})", f"SME export at risk (USD {Y})", "usd",
       "수출 위험액 × 그 손실을 지는 업종·세부업종의 중소기업 비중",
       "export at risk × the SME share of the sector or sub-industry that bears it", at_risk=True),
    _c("sme_export_at_risk_high_usd", f"중소기업 수출 위험액 상한(달러, {H})", f"SME export at risk, high (USD {Y})",
       "usd", at_risk=True),
    _c("sme_export_at_risk_usd_per_year", "중소기업 수출 위험액(달러/년 환산)", "SME export at risk (USD per year)", "usd"),
    _c("investment_shortfall_usd", f"투자재 공급 부족액(달러, {H})", f"Capital goods lost (USD {Y})", "usd",
       "용도 지정으로 이 업종에 가는 자본재 부족액 (산출 손실 아님)",
       "capital goods an override sends to this sector, not an output loss"),
    _c("final_demand_shortfall_usd", f"소비재 공급 부족액(달러, {H})", f"Consumption goods lost (USD {Y})", "usd"),
    _c("export_to_target_usd", "대상국 수출액(달러/년)", "Exports to target (USD a year)", "usd"),
    _c("demand_rate", "대상국 수출 감소율", "Share of exports to target lost", "rate", "분석 기간 대상국 수출 중 잃는 비율",
       "share of exports to the target lost over the horizon"),
    _c("demand_at_risk_usd", f"대상국 수출 위험액(달러, {H})", f"Exports to target at risk (USD {Y})", "usd",
       "보복 시나리오에서 대상국 수출 중 위험액", "exports to the target at risk under retaliation", at_risk=True),
    _c("sme_demand_at_risk_usd", f"중소기업 대상국 수출 위험액(달러, {H})", f"SME exports to target at risk (USD {Y})",
       "usd", at_risk=True),
    _c("first_loss_week", "산출 감소 시작 주", "Week output first falls", "rank",
       "재고·허가 심사·대체가 반영된 주간 손실이 처음 생기는 주", "first week with a loss, after stock, licence review and substitution"),
    _c("production", "생산함수", "Production function", desc_ko="중심 추정의 생산함수 (선형·CES·레온티예프)",
       desc_en="production function of the central figure (linear, ces, leontief)"),
    _c("rank_basis", "순위 기준", "Ranked by"),
    _c("rank_value", "순위 기준값", "Ranking value", "ratio", "순위 기준 열의 값 (그 열의 단위: 달러는 분석 기간 합계, 비율은 0–1)",
       "the value of the column the ranking is by, in that column's unit (dollars over the horizon, rates 0–1)"),
    _c("flags", "주의 사항", "Flags"),
    _c("notes", "비고", "Notes"),
    _c("no_data_reason", "자료 없음 사유", "Reason for no data", desc_ko="점수를 낼 수 없는 이유",
       desc_en="why the sector could not be scored"),
    # ---- drivers
    _c("share_of_sector", "업종 내 비중", "Share of sector total", "share"),
    # ---- weekly profile and critical inputs (§7a)
    _c("week", "주", "Week", "int"),
    _c("start_day", "시작일", "First day", "days"),
    _c("end_day", "종료일", "Last day", "days"),
    _c("loss_rate_low", "주간 손실률(선형)", "Loss in the week, linear", "rate", "그 주 산출 중 잃는 비율 (선형)",
       "share of the week's output lost (linear)"),
    _c("loss_rate", "주간 손실률", "Loss in the week", "rate", "그 주 산출 중 잃는 비율 (중심 추정)",
       "share of the week's output lost (central figure)"),
    _c("week_export_at_risk_usd", "주간 수출 위험액(달러, 해당 주)", "Export at risk (USD in the week)", "usd"),
    _c("cumulative_export_at_risk_usd", "누적 수출 위험액(달러, 해당 주까지)", "Export at risk (USD to the week's end)",
       "usd"),
    _c("ksic", "KSIC 세분류", "KSIC class", "code", "사용 업종의 한국표준산업분류 (9차) 4자리", "user's KSIC (9th revision) class"),
    _c("criticality", "핵심도", "Criticality", desc_ko="핵심·중요·비핵심", desc_en="critical, important, non-critical"),
    _c("dependent_share", "의존 산출 비중", "Dependent share of output", "share", "이 품목이 필요한 사용 업종 산출 비중",
       "share of the user's output that needs the product"),
    _c("supply_usd", "총공급(달러/년)", "Total supply (USD a year)", "usd", "전체 수입 (+ 알려진 국내 공급)",
       "imports from all partners (+ domestic supply where known)"),
    _c("supply_basis", "총공급 기준", "Basis of supply"),
    _c("stock_days", "재고 일수(사용자)", "User's stock days", "days"),
    _c("lost_fraction", "공급 상실 비율", "Lost fraction of supply", "share", "분석 기간 평균 총공급 중 잃는 비율",
       "mean share of the product's total supply lost over the horizon"),
    _c("linear_rate", "선형 손실률", "Linear loss", "rate"),
    _c("loss_rate_row", "생산함수 손실률", "Loss under the production function", "rate"),
    # ---- top-100 items
    _c("item_code", "품목 코드(MTI)", "Item code (MTI)", "code"),
    _c("item_name_ko", "품목명", "Item name (Korean)"),
    _c("item_name_en", "품목명(영문)", "Item name"),
    _c("sector_weight", "업종 배분 비중", "Sector weight", "share"),
    _c("rank_at_risk", "위험액 순위", "Rank by value at risk", "rank"),
    # ---- uncertainty (§8)
    _c("n_draws", "추출 수", "Draws", "int"),
    _c("sensitivity_draws", "민감도 추출 수", "Sensitivity draws", "int",
       "1·전체 차수 비중을 계산한 추출 수 (앞에서부터)", "draws behind the first- and total-order shares (the first ones)"),
    _c("top_n", "상위 기준 N", "Top N", "int"),
    _c("point_rank", "기준 순위", "Point rank", "rank", "불확실성 없이 계산한 순위", "rank without uncertainty"),
    _c("median_rank", "순위 중앙값", "Median rank", "rank_float"),
    _c("rank_p05", "순위 5%", "Rank, 5th percentile", "rank_float"),
    _c("rank_p95", "순위 95%", "Rank, 95th percentile", "rank_float"),
    _c("p_top10", "상위 N위 확률", "P(top N)", "share"),
    _c("mean_abs_rank_shift", "평균 순위 변동", "Mean abs. rank shift", "rank_float"),
    _c("sme_export_at_risk_median", f"중소기업 수출 위험액 중앙값(달러, {H})", f"SME export at risk, median (USD {Y})", "usd"),
    _c("sme_export_at_risk_p05", f"중소기업 수출 위험액 5%(달러, {H})", f"SME export at risk, 5th pct (USD {Y})", "usd"),
    _c("sme_export_at_risk_p95", f"중소기업 수출 위험액 95%(달러, {H})", f"SME export at risk, 95th pct (USD {Y})", "usd"),
    _c("sme_demand_at_risk_median", f"중소기업 대상국 수출 위험액 중앙값(달러, {H})",
       f"SME exports to target at risk, median (USD {Y})", "usd"),
    _c("sme_demand_at_risk_p05", f"중소기업 대상국 수출 위험액 5%(달러, {H})", f"SME exports to target at risk, 5th pct (USD {Y})",
       "usd"),
    _c("sme_demand_at_risk_p95", f"중소기업 대상국 수출 위험액 95%(달러, {H})",
       f"SME exports to target at risk, 95th pct (USD {Y})", "usd"),
    _c("parameter", "매개변수", "Parameter"),
    _c("spread", "변동 폭", "Spread", "ratio", "매개변수를 흔든 폭", "how far the parameter was varied"),
    _c("first_order", "1차 민감도 지수", "First-order index", "ratio", "순위 분산 중 이 매개변수 단독의 몫",
       "share of ranking variance due to this parameter alone"),
    _c("total_order", "총 민감도 지수", "Total-order index", "ratio", "상호작용을 포함한 몫", "share including interactions"),
    _c("spearman_rho2", "스피어먼 ρ²", "Spearman ρ²", "ratio", "매개변수와 순위의 스피어먼 상관계수 제곱",
       "squared Spearman correlation of parameter and rank"),
    _c("most_affected_sector", "가장 영향받는 업종", "Most affected sector", "code"),
    _c("note", "비고", "Note"),
    _c("indicator", "지표", "Indicator"),
    _c("threshold", "기준값", "Threshold", "share"),
    _c("delta", "기준 변화", "Change of threshold", "ratio"),
    _c("swept_threshold", "변경 기준값", "Moved threshold", "ratio"),
    _c("products_flagged", "해당 품목 수", "Products flagged", "int"),
    _c("products_flagged_swept", "변경 후 해당 품목 수", "Products flagged after the move", "int"),
    _c("products_changed", "바뀐 품목 수", "Products changed", "int"),
    _c("changed_target_import_usd", "바뀐 품목의 대상국 수입액(달러/년)", "Imports from target of changed products (USD a year)",
       "usd"),
    _c("sectors_changed", "바뀐 업종 수", "Sectors changed", "int"),
    _c("sectors", "바뀐 업종", "Sectors changed (codes)"),
    # ---- flags
    _c("kind", "유형", "Kind"),
    _c("severity", "심각도", "Severity"),
    _c("value", "값", "Value", "ratio"),
    _c("value_unit", "값의 단위", "Unit of the value", desc_ko="값의 단위와 기간 (달러는 분석 기간 합계, 비율은 0–1)",
       desc_en="the value's unit and period (dollars over the horizon, shares from 0 to 1)"),
    _c("detail", "내용", "Detail"),
    # ---- scenarios (Scenario.summary)
    _c("name_ko", "시나리오명", "Scenario name (Korean)"),
    _c("name_en", "시나리오명(영문)", "Scenario name"),
    _c("description_ko", "설명", "Description (Korean)"),
    _c("description_en", "설명(영문)", "Description"),
    _c("rules", "규칙 수", "Rules", "int"),
    _c("max_coverage", "최대 공급차질 범위", "Largest coverage", "share"),
    _c("reference", "지정 방법", "Given as", desc_ko="설정에 적은 이름 또는 파일", desc_en="name or file given in the config"),
    # ---- validation (LoadReport) and inputs
    _c("source", "파일", "File"),
    _c("format", "형식", "Format"),
    _c("encoding", "인코딩", "Encoding"),
    _c("sheet", "시트", "Sheet"),
    _c("header_row", "머리글 행", "Header row", "rank", dtype=FLOAT),
    _c("unit", "단위", "Unit"),
    _c("rows_read", "읽은 행", "Rows read", "int"),
    _c("rows_kept", "유지 행", "Rows kept", "int"),
    _c("rows_dropped", "제외 행", "Rows dropped", "int"),
    _c("value_read_usd", "읽은 금액(달러)", "Value read (USD)", "usd"),
    _c("value_kept_usd", "유지 금액(달러)", "Value kept (USD)", "usd"),
    _c("value_dropped_usd", "제외 금액(달러)", "Value dropped (USD)", "usd"),
    _c("warnings", "경고", "Warnings"),
    _c("row", "행 번호", "Row", "rank", dtype=FLOAT),
    _c("reason", "사유", "Reason"),
    _c("value_usd", "금액(달러)", "Value (USD)", "usd", "원자료 행의 금액 (파일의 기간)", "the row's value (the file's period)"),
    _c("label", "합계 항목", "Total label"),
    _c("total_usd", "원자료 합계(달러)", "Stated total (USD)", "usd"),
    _c("sum_of_rows_usd", "행 합계(달러)", "Sum of rows (USD)", "usd"),
    _c("difference_usd", "차이(달러)", "Difference (USD)", "usd_change"),
    _c("role", "역할", "Role"),
    _c("file", "파일명", "File name"),
    _c("path", "경로", "Path"),
    _c("sha256", "SHA-256", "SHA-256", "code"),
    _c("size_bytes", "크기(바이트)", "Size (bytes)", "int"),
    # ---- monthly imports
    _c("partner", "상대국", "Partner", "code"),
    _c("month", "월", "Month", "int"),
    # ---- alternative suppliers (exposure.alternatives)
    _c("n_other_suppliers", "대상국 외 공급국 수", "Other suppliers", "int", "대상국 외에 수입이 있는 상대국 수",
       "partners other than the target with imports", dtype=FLOAT),
    _c("other_import_usd", "대상국 외 수입액(달러/년)", "Imports from others (USD a year)", "usd"),
    *[_c(f"kor_supplier_{i}", f"대체 공급국 {i}", f"Other supplier {i}", "code",
         f"대상국 외 한국의 {i}번째 수입 상대국 (ISO3)", f"Korea's supplier no. {i} other than the target (ISO3)")
      for i in range(1, 6)],
    *[_c(f"kor_supplier_{i}_share", f"대체 공급국 {i} 비중", f"Other supplier {i} share", "share",
         f"{i}번째 공급국의 한국 수입 비중", f"supplier no. {i}'s share of Korea's imports") for i in range(1, 6)],
    _c("hs6", "HS6 코드", "HS6 code", "code", "세계 수출 자료와 연결한 HS 6단위", "HS6 subheading matched to world exports"),
    _c("world_match", "세계 자료 연결", "Match to world data"),
    _c("target_export_usd", "대상국 세계 수출액(달러/년)", "Target's world exports (USD a year)", "usd"),
    _c("target_to_reporter_usd", "대상국의 한국 수출액(달러/년)", "Target's exports to Korea (USD a year)", "usd"),
    _c("alt_export_usd", "대체 수출국 수출액(달러/년)", "Other exporters' exports (USD a year)", "usd",
       "대상국·한국 외 수출국의 세계 수출 X(A,k)", "world exports of exporters other than the target and Korea X(A,k)"),
    _c("alt_world_hhi", "대체 수출국 집중도(HHI)", "Other exporters' HHI", "ratio"),
    _c("n_alt_exporters", "대체 수출국 수", "Other exporters", "int", dtype=FLOAT),
    *[_c(f"alt_exporter_{i}", f"대체 수출국 {i}", f"Other exporter {i}", "code") for i in range(1, 6)],
    *[_c(f"alt_exporter_{i}_usd", f"대체 수출국 {i} 수출액(달러/년)", f"Other exporter {i} exports (USD a year)", "usd")
      for i in range(1, 6)],
    _c("capacity_usd", "대체 가능 물량(달러/년)", "Redirectable capacity (USD a year)", "usd",
       "대체 수출국이 한국 외 지역으로 수출하는 금액 (수출처 전환 상한)",
       "what the other exporters ship to destinations other than Korea (upper bound on redirection)"),
    _c("capacity_ratio", "대체 가능 물량/대상국 수입", "Capacity ÷ imports from target", "ratio"),
    _c("coverable_share", "충당 가능 비중", "Coverable share", "share", "min(1, 대체 가능 물량 / 대상국 수입액)",
       "min(1, capacity / imports from the target)"),
    _c("reason_text", "사유 (설명)", "Reason (text)", desc_ko="사유 코드의 설명 (실행 언어)",
       desc_en="the reason codes in words (the run's language)"),
    # ---- next-target screen (exposure.next_target)
    _c("to_reporter_share", "대상국 수출 중 한국 비중", "Share of target's exports to Korea", "share",
       "X(T,k→한국) / X(T,k): 작을수록 대상국의 규제 비용이 작음", "X(T,k→Korea) / X(T,k): small = cheap to restrict"),
    _c("own_export_usd", "한국 수출액(달러/년)", "Korea's exports (USD a year)", "usd"),
    _c("own_export_source", "한국 수출 출처", "Source of Korea's exports"),
    _c("own_export_ratio", "한국 수출/수입", "Own exports ÷ imports", "ratio"),
    _c("meets_high_share", "기준: 높은 의존도", "High share", "bool"),
    _c("meets_low_cost", "기준: 낮은 규제 비용", "Cheap to restrict", "bool"),
    _c("meets_low_own_supply", "기준: 낮은 자국 공급", "Little own supply", "bool"),
    _c("criteria_met", "충족 기준", "Criteria met"),
    _c("criteria_unknown", "평가 불가 기준", "Criteria not evaluable"),
    _c("n_met", "충족 기준 수", "Criteria met (count)", "int"),
    _c("candidate", "규제 후보", "Candidate", "bool", "세 기준을 모두 충족", "meets all three criteria"),
    *[_c(f"feeds_sector_{i}", f"의존 업종 {i}", f"Sector fed {i}", "code") for i in range(1, 4)],
    *[_c(f"feeds_rate_{i}", f"의존 업종 {i} 손실률", f"Sector fed {i} loss rate", "rate",
         "이 품목의 대상국 수입을 모두 잃을 때 업종 산출 손실률 (1차)",
         "first-round loss of the sector's output if all imports from the target were lost") for i in range(1, 4)],
    _c("criteria_met_text", "충족 기준 (설명)", "Criteria met (text)"),
    # ---- dependence counts (exposure.dependence)
    _c("scope", "범위", "Scope", desc_ko="전체 또는 업종별", desc_en="total or by sector"),
    _c("n_products", "품목 수", "Products", "ratio", "기준 이상 품목 수 (업종별은 배분 가중치로 센 수)",
       "products at or above the threshold (by sector: weighted by the concordance)"),
    _c("n_touching", "관련 품목 수", "Products touching", "int", "업종에 배분 비중이 있는 품목 수",
       "products with any weight in the sector", dtype=FLOAT),
    _c("target_import_share", "대상국 수입 중 비중", "Share of imports from target", "share"),
    _c("n_from_target", "대상국 수입 품목 수", "Products from target", "ratio"),
    _c("from_target_import_usd", "대상국 수입 총액(달러/년)", "All imports from target (USD a year)", "usd"),
    _c("n_share_unknown", "의존도 미상 품목 수", "Products with unknown share", "ratio"),
    _c("note_text", "비고 (설명)", "Note (text)"),
    # ---- monitor (exposure.monitor)
    _c("period", "연월", "Month (YYYY-MM)"),
    _c("target_usd", "대상국 수입액(달러, 해당 월)", "Imports from target (USD in the month)", "usd"),
    _c("other_usd", "대상국 외 수입액(달러, 해당 월)", "Imports from others (USD in the month)", "usd"),
    _c("total_basis", "총수입 기준", "Basis of the total"),
    _c("target_yoy_change", "대상국 수입 전년 동월 대비", "Imports from target, change on a year earlier", "share"),
    _c("total_yoy_change", "총수입 전년 동월 대비", "All imports, change on a year earlier", "share"),
    _c("target_baseline_usd", "대상국 수입 계절 기준(달러, 월)", "Seasonal baseline of target imports (USD a month)", "usd",
       "직전 몇 년 같은 달의 평균", "mean of the same month in the previous years"),
    _c("target_baseline_years", "기준 연수", "Baseline years", "int"),
    _c("target_change_vs_baseline", "계절 기준 대비 변화", "Change on the seasonal baseline", "share"),
    _c("total_baseline_usd", "총수입 계절 기준(달러, 월)", "Seasonal baseline of all imports (USD a month)", "usd"),
    _c("total_change_vs_baseline", "총수입 계절 기준 대비", "All imports, change on the baseline", "share"),
    _c("log_deviation", "로그 편차", "Log deviation", "ratio"),
    _c("robust_score", "로버스트 점수", "Robust score", "ratio", "수정 z 점수 (−3.5 이하 이상치)",
       "modified z-score (≤ −3.5: an outlier)"),
    _c("share_12m", "직전 12개월 대상국 비중", "Target share, previous 12 months", "share"),
    _c("target_12m_usd", "직전 12개월 대상국 수입(달러)", "Imports from target, previous 12 months (USD)", "usd"),
    _c("rule_name", "경보 규칙", "Alert rule"),
    _c("grade", "등급", "Grade", desc_ko="A–D: 의존도와 규모", desc_en="A–D: dependence and size"),
    _c("share_before", "이전 비중", "Share before", "share"),
    _c("share_after", "이후 비중", "Share after", "share"),
    _c("evidence", "근거", "Evidence"),
    _c("episode", "사례 번호", "Episode", "int"),
    _c("episode_start", "사례 시작", "Episode start"),
    _c("episode_months", "사례 개월 수", "Episode months", "int"),
    _c("episode_month", "사례 중 몇째 달", "Month of the episode", "int"),
    _c("start", "시작 월", "First month"),
    _c("end", "마지막 월", "Last month"),
    _c("months", "개월 수", "Months", "int"),
    _c("largest_drop", "최대 감소율", "Largest fall", "share"),
    _c("lowest_share", "최저 비중", "Lowest share", "share"),
    _c("condition", "조건", "Condition"),
    _c("points", "점수", "Points"),
    _c("meaning", "뜻", "Meaning"),
    _c("basis", "기준", "Basis"),
    # ---- names the report shows in its own language (from the tables' _ko/_en pairs)
    _c("countermeasure_name", "대응책명", "Counter-measure", desc_ko="보고서 언어의 대응책 이름",
       desc_en="counter-measure name in the report's language"),
    _c("best_countermeasure_name", "가장 효과 큰 대응책", "Most effective counter-measure",
       desc_ko="이 품목의 위험을 가장 많이 줄이는 대응책 (보고서 언어)",
       desc_en="the counter-measure that removes most of the item's risk (report's language)"),
    _c("item_name", "품목명", "Item name", desc_ko="보고서 언어의 수출 품목명", desc_en="export item name in the report's language"),
]


def _countermeasure_entries() -> list[Column]:
    """Columns of the counter-measure tables (exposure.countermeasures): what each remedy removes, costs, and
    the top-100 items view. Money at risk before a remedy is the scenario's own column (sme_export_at_risk_usd …);
    after and removed are declared here, for SMEs and all firms, low (linear), central and high (Leontief)."""
    out = [
        _c("countermeasure", "대응책", "Counter-measure", "code", "대응책 이름(식별자); 'all' = 모든 대응책 동시 시행",
           "counter-measure (its identifier); 'all' = all of them together"),
        _c("countermeasure_name_ko", "대응책명", "Counter-measure name (Korean)"),
        _c("countermeasure_name_en", "대응책명(영문)", "Counter-measure name"),
        _c("kinds", "대응 유형", "Kinds of measure", "code",
           "'stockpile'(비축)·'diversify'(수입처 다변화)·'localise'(국산화)·'fast_track'(허가 신속 심사), '; '로 구분",
           "stockpile, diversify, localise, fast_track, joined with '; '"),
        _c("baseline_rank", "대응 전 순위", "Rank before", "rank", "대응책 없이 시나리오만 적용한 업종 순위",
           "the sector's rank under the scenario alone"),
        _c("shortfall_after_usd", f"대응 후 공급 부족액(달러, {H})", f"Shortfall after (USD {Y})", "usd",
           "대응책을 시행한 뒤 품목별 공급 부족액의 합", "products' shortfall with the counter-measure, summed", at_risk=True),
        _c("shortfall_removed_usd", f"줄어든 공급 부족액(달러, {H})", f"Shortfall removed (USD {Y})", "usd",
           "대응 전 − 대응 후", "before − after"),
        _c("stock_value_usd", "비축 재고 가치(달러)", "Value of the stock (USD)", "usd",
           "비축 품목의 대상국 연간 수입액 × 비축일수/365 (재고 자체는 비용이 아님)",
           "annual imports from the target of the stockpiled products × stock days/365 (the stock is not a cost)"),
        _c("carrying_cost_usd", "재고 보유비용(달러, 보유 기간)", "Carrying cost (USD over the days held)", "usd",
           "재고 가치 × 연 보유비용률 × 보유일수/365", "stock value × annual rate × days held/365"),
        _c("holding_days", "보유일수", "Days held", "days", "보유비용을 세는 기간 (기본: 분석 기간)",
           "period of the carrying cost (default: the horizon)"),
        _c("cost_lump_krw", "일시 비용(원)", "Lump sum (KRW)", "krw", "대응책 파일에 적힌 일시 비용 (대응책 전체)",
           "the file's lump sum, for the whole measure"),
        _c("krw_per_usd", "환율(원/달러)", "KRW per USD", "ratio", "달러 비용(재고 보유비용)을 원화로 바꾼 환율",
           "rate converting the costs in USD (carrying cost) to won"),
        _c("krw_per_usd_source", "환율 출처", "Source of the rate", "code",
           "'run'(실행 시 지정) / 'config fx_rates'(설정 파일) / 'file'(대응책 파일)", "run / config fx_rates / file"),
        _c("cost_krw", "비용(원, 대응책 전체)", "Cost (KRW, whole measure)", "krw",
           "일시 비용 + 보유 기간의 재고 보유비용 (환율이 없으면 비움)",
           "lump sum + carrying cost over the days held (blank without a won-per-dollar rate)"),
        _c("cost_basis", "비용 기준", "Cost basis", "code", "비용 계산 방법 (코드)", "how the cost was computed (code)"),
        _c("sme_removed_share", "중소기업 위험 감소율", "Share of SME risk removed", "share",
           "줄어든 중소기업 수출 위험액 ÷ 대응 전 (중심 추정)", "SME export at risk removed ÷ before (central figure)"),
        _c("sme_usd_removed_per_million_krw", f"100만 원당 줄어든 중소기업 수출 위험액(달러, {H})",
           f"SME export at risk removed per million KRW (USD {Y})", "usd",
           "줄어든 중소기업 수출 위험액(중심 추정) ÷ 비용(백만 원)", "SME export at risk removed (central) ÷ cost in million KRW"),
        _c("usd_removed_per_million_krw", f"100만 원당 줄어든 수출 위험액(달러, {H})",
           f"Export at risk removed per million KRW (USD {Y})", "usd",
           "줄어든 전체 기업 수출 위험액(중심 추정) ÷ 비용(백만 원)", "all-firm export at risk removed (central) ÷ cost in "
           "million KRW"),
        _c("rank_per_won", "원당 효과 순위", "Rank per won", "rank", "비용이 있는 대응책 중 원당 줄어든 위험액 순위",
           "rank by risk removed per won, among the counter-measures with a cost"),
        # ---- the top-100 items view
        _c("item_sme_share", "품목 중소기업 비중", "Item's SME share", "share",
           "품목이 속한 업종들의 중소기업 비중 가중 평균 (비중이 없는 업종 제외)",
           "weighted SME share of the item's sectors (sectors without one left out)"),
        _c("best_countermeasure", "가장 효과적인 대응책", "Best counter-measure", "code",
           "이 품목의 위험을 가장 많이 줄이는 대응책 (단독 시행)", "the counter-measure, taken alone, that removes most of "
           "the item's risk"),
        _c("best_countermeasure_name_ko", "가장 효과적인 대응책명", "Best counter-measure (Korean)"),
        _c("best_countermeasure_name_en", "가장 효과적인 대응책명(영문)", "Best counter-measure (name)"),
        _c("best_removed_usd", f"그 대응책이 줄이는 위험액(달러, {H})", f"Removed by it (USD {Y})", "usd",
           "가장 효과적인 대응책이 줄이는 중소기업 수출 위험액 (중소기업 비중이 없으면 전체 기업, best_basis)",
           "SME export at risk the best counter-measure removes (all firms where no SME share is known: best_basis)"),
        _c("best_removed_share", "그 대응책의 위험 감소율", "Share removed by it", "share"),
        _c("best_basis", "비교 기준", "Compared on", "code", "대응책을 비교한 열", "the column the counter-measures are "
           "compared on"),
        # ---- an item's drivers, one row each (countermeasures.item_drivers)
        _c("driver_rank", "투입물 순위", "Driver rank", "rank", "품목 위험을 일으키는 수입 투입물의 순위",
           "rank of the imported input among the item's drivers"),
        _c("product_name_ko", "품목명(분류표)", "Product name (Korean, classification)",
           desc_ko="제품에 딸린 품목명 표의 이름", desc_en="Korean name from the shipped product tables"),
        _c("product_name_en", "품목명(분류표, 영문)", "Product name (classification)",
           desc_ko="제품에 딸린 품목명 표의 영문 이름", desc_en="English name from the shipped product tables"),
        _c("contribution_usd", f"이 투입물로 인한 품목 위험액(달러, {H})", f"Item's export at risk from this input (USD {Y})",
           "usd", "품목 수출액 × Σ 업종 비중 × 업종의 투입물별 위험액/업종 수출액 (투입물 합 = 품목 위험액)",
           "item exports × Σ sector weight × the sector's risk from the input per dollar exported (inputs add up to "
           "the item's risk)", at_risk=True),
        _c("share_of_item", "품목 위험 중 비중", "Share of the item's risk", "share"),
    ]
    base = {"sme_export_at_risk": ("중소기업 수출 위험액", "SME export at risk"),
            "export_at_risk": ("수출 위험액", "Export at risk")}
    variant = {"_low": (" 하한", ", low", "선형 생산함수, 하한", "linear, the lower bound"),
               "": ("", "", "실행의 생산함수", "the run's production function"),
               "_high": (" 상한", ", high", "레온티예프, 상한", "Leontief, the upper bound")}
    for fig, (b_ko, b_en) in base.items():
        for v, (v_ko, v_en, how_ko, how_en) in variant.items():
            out += [_c(f"{fig}{v}_after_usd", f"대응 후 {b_ko}{v_ko}(달러, {H})", f"{b_en} after{v_en} (USD {Y})", "usd",
                       f"대응책을 시행한 뒤의 {b_ko} ({how_ko})", f"{b_en} with the counter-measure ({how_en})",
                       at_risk=True),
                    _c(f"{fig}{v}_removed_usd", f"줄어든 {b_ko}{v_ko}(달러, {H})", f"{b_en} removed{v_en} (USD {Y})",
                       "usd", f"대응 전 − 대응 후 ({how_ko})", f"before − after ({how_en})")]
    for n in range(1, MAX_DRIVERS + 1):
        out += [_c(f"driver_{n}_code", f"{n}위 투입물 코드", f"Driver {n}: product code", "code",
                   f"품목 위험을 {n}번째로 크게 일으키는 수입 품목 코드", f"imported product driving the item's risk, no. {n}"),
                _c(f"driver_{n}_name_ko", f"{n}위 투입물명", f"Driver {n}: name (Korean)"),
                _c(f"driver_{n}_name_en", f"{n}위 투입물명(영문)", f"Driver {n}: name"),
                _c(f"driver_{n}_name", f"{n}위 투입물명(입력 파일)", f"Driver {n}: name in the input file"),
                _c(f"driver_{n}_export_at_risk_usd", f"{n}위 투입물로 인한 위험액(달러, {H})",
                   f"Driver {n}: export at risk from it (USD {Y})", "usd",
                   "이 투입물로 인한 품목 수출 위험액 (중심 추정)", "the item's export at risk from this input (central)",
                   at_risk=True),
                _c(f"driver_{n}_share_of_item", f"{n}위 투입물 비중", f"Driver {n}: share of the item's risk", "share")]
    return out


#: driving inputs the top-100 view lists per item
MAX_DRIVERS = 3
_ENTRIES += _countermeasure_entries()

#: every output column, once
CATALOGUE: dict[str, Column] = {c.name: c for c in _ENTRIES}
if len(CATALOGUE) != len(_ENTRIES):  # a column declared twice would silently lose one declaration
    raise RuntimeError("an output column is declared twice in exposure.schema.outputs")


def _inputs_described() -> None:
    """Columns of the input tables reaching the outputs take their descriptions from the input specs."""
    for spec in (TRADE_FLOWS, EXPORT_ITEMS, SECTOR_PROFILE):
        for col in spec.columns:
            if col.name not in CATALOGUE:
                kind = "usd" if col.name.endswith("_usd") else ("code" if "code" in col.name else "text")
                CATALOGUE[col.name] = Column(col.name, col.dtype, label_ko=col.description_ko or col.name,
                                             label_en=col.description_en or col.name, kind=kind,
                                             description_ko=col.description_ko, description_en=col.description_en)


_inputs_described()


def spec(name: str, columns: str) -> TableSpec:
    """A table spec from column names of the catalogue (whitespace-separated)."""
    return TableSpec(name, tuple(CATALOGUE[c] for c in columns.split()))


PRODUCTS = spec("products", """year code code_system name target import_usd target_import_usd target_share share_band
    n_partners import_hhi hhi_concentrated world_export_usd world_export_hhi target_world_share export_usd
    import_export_ratio tsi persistent geodep_dependent reasons""")
SHOCKS = spec("shocks", """scenario year code code_system coverage phi phi_source buffer_days lag_days horizon_days
    licence_delay_days lost_days target_import_usd shortfall_usd shortfall_usd_per_year rule rule_no name end_use
    channel""")
#: the columns the scenario alone gives (scoring adds the product's name and end use)
SHOCK_RULE_COLUMNS = [c for c in SHOCKS.names if c not in ("name", "end_use", "channel")]
SECTORS = spec("sectors", """scenario rank sector sector_name_ko sector_name_en exposure_rate_low exposure_rate
    exposure_rate_high direct_rate override_rate critical_rate downstream_rate export_usd export_source sme_share
    sme_share_basis export_at_risk_low_usd export_at_risk_usd export_at_risk_high_usd export_at_risk_usd_per_year
    sme_export_at_risk_low_usd sme_export_at_risk_usd sme_export_at_risk_high_usd sme_export_at_risk_usd_per_year
    investment_shortfall_usd final_demand_shortfall_usd export_to_target_usd demand_rate demand_at_risk_usd
    sme_demand_at_risk_usd first_loss_week horizon_days production rank_basis rank_value flags notes no_data_reason""")
DRIVERS = spec("drivers", """scenario sector code code_system channel exposure_rate export_at_risk_usd
    sme_export_at_risk_usd demand_at_risk_usd share_of_sector coverage rule name""")
WEEKLY = spec("weekly", """scenario sector week start_day end_day loss_rate_low loss_rate week_export_at_risk_usd
    cumulative_export_at_risk_usd""")
CRITICAL = spec("critical", """scenario code code_system sector ksic criticality dependent_share supply_usd supply_basis
    stock_days sme_share lost_fraction linear_rate loss_rate_row""")
EXPORT_ITEMS_AT_RISK = spec("export_items", """scenario year rank item_code code_system item_name_ko item_name_en
    export_usd export_to_target_usd sector sector_weight exposure_rate export_at_risk_low_usd export_at_risk_usd
    export_at_risk_high_usd sme_export_at_risk_usd demand_at_risk_usd rank_at_risk no_data_reason""")
UNCERTAINTY = spec("uncertainty", """scenario sector sector_name_ko sector_name_en rank_basis n_draws top_n point_rank
    median_rank rank_p05 rank_p95 p_top10 mean_abs_rank_shift sme_export_at_risk_usd sme_export_at_risk_median
    sme_export_at_risk_p05 sme_export_at_risk_p95 sme_demand_at_risk_usd sme_demand_at_risk_median
    sme_demand_at_risk_p05 sme_demand_at_risk_p95""")
SENSITIVITY = spec("sensitivity", """scenario parameter spread first_order total_order spearman_rho2
    most_affected_sector n_draws sensitivity_draws note""")
SWEEP = spec("threshold_sweep", """indicator threshold delta swept_threshold products_flagged products_flagged_swept
    products_changed changed_target_import_usd sectors_changed sectors""")
FLAGS = spec("flags", "scenario kind severity code sector value value_unit detail")
SCENARIOS = spec("scenarios", """scenario name_ko name_en kind target description_ko description_en rules buffer_days
    lag_days horizon_days phi licence_delay_days max_coverage source reference""")
VALIDATION = spec("validation", """source format encoding sheet header_row unit code_system rows_read rows_kept
    rows_dropped value_read_usd value_kept_usd value_dropped_usd warnings""")
DROPPED = spec("dropped", " ".join(DROPPED_COLUMNS))  # the LoadReport's own columns
TOTALS = spec("totals", " ".join(TOTALS_COLUMNS))
INPUTS = spec("inputs", "role file path sha256 size_bytes")
MONTHLY = spec("monthly", "code code_system partner year month value_usd")
ALTERNATIVES = spec("alternatives", """rank year code code_system name target import_usd target_import_usd target_share
    n_other_suppliers other_import_usd kor_supplier_1 kor_supplier_1_share kor_supplier_2 kor_supplier_2_share
    kor_supplier_3 kor_supplier_3_share kor_supplier_4 kor_supplier_4_share kor_supplier_5 kor_supplier_5_share hs6
    world_match world_export_usd target_export_usd target_world_share target_to_reporter_usd alt_export_usd
    alt_world_hhi n_alt_exporters alt_exporter_1 alt_exporter_1_usd alt_exporter_2 alt_exporter_2_usd alt_exporter_3
    alt_exporter_3_usd alt_exporter_4 alt_exporter_4_usd alt_exporter_5 alt_exporter_5_usd capacity_usd
    capacity_ratio coverable_share reason reason_text""")
NEXT_TARGETS = spec("next_targets", """rank year code code_system name target target_import_usd import_usd target_share
    hs6 world_match target_export_usd target_to_reporter_usd to_reporter_share own_export_usd own_export_source
    own_export_ratio meets_high_share meets_low_cost meets_low_own_supply criteria_met criteria_unknown n_met
    candidate feeds_sector_1 feeds_rate_1 feeds_sector_2 feeds_rate_2 feeds_sector_3 feeds_rate_3 reason
    criteria_met_text reason_text""")
DEPENDENCE = spec("dependence", """year code_system scope sector threshold n_products n_touching target_import_usd
    import_usd target_import_share n_from_target from_target_import_usd n_share_unknown note note_text""")
MONITOR_PANEL = spec("monitor_panel", """code code_system name year month period target target_usd total_usd other_usd
    total_basis target_share target_yoy_change total_yoy_change target_baseline_usd target_baseline_years
    target_change_vs_baseline total_baseline_usd total_change_vs_baseline log_deviation robust_score share_12m
    target_12m_usd source note""")
ALERTS = spec("alerts", """code code_system name year month period target rule rule_name grade share_12m target_12m_usd
    target_usd target_baseline_usd target_baseline_years target_change_vs_baseline share_before share_after
    robust_score evidence episode episode_start episode_months episode_month""")
EPISODES = spec("episodes", """episode code code_system name target rule rule_name start end months grade share_12m
    target_12m_usd largest_drop lowest_share evidence""")
ALERT_RULES = spec("alert_rules", "rule rule_name condition")
GRADES = spec("grades", "grade points meaning basis")

#: every output table of a run, by the name its file and sheet use
OUTPUTS: dict[str, TableSpec] = {s.name: s for s in (
    SECTORS, PRODUCTS, SHOCKS, DRIVERS, WEEKLY, CRITICAL, EXPORT_ITEMS_AT_RISK, UNCERTAINTY, SENSITIVITY, SWEEP,
    FLAGS, SCENARIOS, VALIDATION, DROPPED, TOTALS, INPUTS, MONTHLY, ALTERNATIVES, NEXT_TARGETS, DEPENDENCE,
    MONITOR_PANEL, ALERTS, EPISODES)}


# ---- counter-measures (exposure.countermeasures): per scenario, what each remedy (and all together: 'all') removes
_SME_MONEY = """sme_export_at_risk_low_usd sme_export_at_risk_low_after_usd sme_export_at_risk_low_removed_usd
    sme_export_at_risk_high_usd sme_export_at_risk_high_after_usd sme_export_at_risk_high_removed_usd"""
_ALL_FIRM_MONEY = """export_at_risk_usd export_at_risk_after_usd export_at_risk_removed_usd export_at_risk_low_usd
    export_at_risk_low_after_usd export_at_risk_low_removed_usd export_at_risk_high_usd export_at_risk_high_after_usd
    export_at_risk_high_removed_usd"""
COUNTERMEASURES = spec("countermeasures", f"""scenario countermeasure countermeasure_name_ko countermeasure_name_en
    kinds rank rank_basis sme_export_at_risk_usd sme_export_at_risk_after_usd sme_export_at_risk_removed_usd
    sme_removed_share cost_krw sme_usd_removed_per_million_krw rank_per_won {_SME_MONEY} {_ALL_FIRM_MONEY}
    usd_removed_per_million_krw
    shortfall_usd shortfall_after_usd shortfall_removed_usd stock_value_usd carrying_cost_usd holding_days
    cost_lump_krw krw_per_usd krw_per_usd_source cost_basis horizon_days""")
COUNTERMEASURE_SECTORS = spec("countermeasure_sectors", f"""scenario countermeasure sector sector_name_ko sector_name_en
    sme_share baseline_rank sme_export_at_risk_usd sme_export_at_risk_after_usd sme_export_at_risk_removed_usd
    {_SME_MONEY} {_ALL_FIRM_MONEY}""")
COUNTERMEASURE_ITEMS = spec("countermeasure_items", f"""scenario countermeasure rank item_code code_system item_name_ko
    item_name_en export_usd sector sme_export_at_risk_usd sme_export_at_risk_after_usd sme_export_at_risk_removed_usd
    {_ALL_FIRM_MONEY} no_data_reason""")
_DRIVER_WIDE = " ".join(f"driver_{n}_{c}" for n in range(1, MAX_DRIVERS + 1)
                        for c in ("code", "name_ko", "name_en", "name", "export_at_risk_usd", "share_of_item"))
TOP100 = spec("top100", f"""scenario rank item_code code_system item_name_ko item_name_en export_usd
    export_to_target_usd sector item_sme_share export_at_risk_low_usd export_at_risk_usd export_at_risk_high_usd
    sme_export_at_risk_usd rank_at_risk {_DRIVER_WIDE} best_countermeasure best_countermeasure_name_ko
    best_countermeasure_name_en best_removed_usd best_removed_share best_basis horizon_days no_data_reason""")
#: an item's drivers one row each (countermeasures.item_drivers); the run carries them wide, in TOP100
ITEM_DRIVERS = spec("item_drivers", """scenario item_code driver_rank code code_system product_name_ko product_name_en
    name contribution_usd share_of_item""")
OUTPUTS.update({s.name: s for s in (COUNTERMEASURES, COUNTERMEASURE_SECTORS, COUNTERMEASURE_ITEMS, TOP100)})
