"""Texts of the brief, the new sheets and their charts, in Korean and English (merged into
:data:`exposure.report.labels.TEXT` and :data:`~exposure.report.labels.CHART`)."""

from __future__ import annotations

SHEETS: dict[str, tuple[str, str]] = {
    "weekly": ("주간 영향", "Time profile"),
    "critical": ("핵심 투입재", "Critical inputs"),
    "alternatives": ("대체 공급처", "Alternatives"),
    "next_targets": ("차기 규제 후보", "Next targets"),
    "dependence": ("의존 품목", "Dependence counts"),
    "early_warning": ("조기경보", "Early warning"),
    "countermeasures": ("대응책", "Counter-measures"),
    "top100": ("수출 상위 100대 품목", "Top-100 items"),
}

TEXT: dict[str, tuple[str, str]] = {
    # Summary (one-page brief)
    "summary_title": ("요약 — 한·일 무역분쟁 확대 시 중소기업 수출 위험", "Summary — SME export value at risk if the "
                                                              "Korea–Japan trade dispute widens"),
    "summary_meta2": ("대상국 {target} · 기준연도 {year} · 시나리오 {n}개 · 순위 기준: {rank_by} · exposure {version}",
                      "Target {target} · year {year} · {n} scenarios · ranked by {rank_by} · exposure {version}"),
    "scen_totals_head": ("시나리오별 합계 (백만 달러, 각 시나리오의 분석 기간)", "Totals by scenario (USD million over each "
                                                                "scenario's horizon)"),
    "top_head": ("상위 업종의 중소기업 수출 위험액 (백만 달러, 분석 기간)", "SME export value at risk of the top sectors "
                                                                "(USD million over the horizon)"),
    "no_data_head": ("자료가 없어 점수를 내지 못한 업종", "Sectors without a score (no data)"),
    "basis_head": ("계산 근거", "What the figures rest on"),
    "col_scenario": ("시나리오", "Scenario"), "col_days": ("분석 기간(일)", "Horizon (days)"),
    "col_all": ("전체 기업 수출 위험액", "Export at risk, all firms"),
    "col_sme": ("중소기업 수출 위험액", "SME export at risk"),
    "col_sme_range": ("중소기업 범위 (선형–레온티예프)", "SME range (linear–Leontief)"),
    "col_hit": ("영향 업종 수", "Sectors hit"), "col_top": ("가장 큰 업종", "Largest sector"),
    "col_week": ("산출 감소 시작 주", "Week output first falls"),
    "col_central": ("{name} 중심", "{name} central"), "col_mc": ("{name} 5–95%", "{name} 5–95 %"),
    "col_pf": ("{name} 선형–레온티예프", "{name} linear–Leontief"),
    "not_scored": ("계산 안 됨", "not scored"),
    "col_central_short": ("중심", "central"), "col_pf_short": ("선형–레온티예프", "linear–Leontief"),
    "summary_chart": ("상위 업종의 중소기업 수출 위험액 (백만 달러{log})", "SME export at risk of the top sectors "
                                                             "(USD million{log})"),
    "log_axis": (", 로그 눈금", ", log scale"),
    "summary_chart_short": ("중소기업 수출 위험액 (백만 달러{log})", "SME export at risk (USD million{log})"),
    "ranges_note": ("범위: 5–95%는 몬테카를로 {n:,}회의 5–95% 구간, 선형–레온티예프는 생산함수에 따른 하한–상한.",
                    "Ranges: 5–95 % is the interval of {n:,} Monte Carlo draws; linear–Leontief the production-function "
                    "range."),
    "ranges_note_pf": ("범위: 선형–레온티예프는 생산함수에 따른 하한–상한 (몬테카를로 없음).",
                       "Range: linear–Leontief is the production-function range (no Monte Carlo draws)."),
    # detail sheets
    "compact_note": ("{shown}개 행을 보여 주며 나머지 {rest:,}개 행은 합계 한 행으로 묶었습니다. 모든 행은 tables/{table}.csv에 "
                     "있습니다.", "{shown} rows shown; the other {rest:,} rows are summed in one row. Every row is in "
                     "tables/{table}.csv."),
    "reasons_head": ("지표를 계산할 수 없는 사유별 품목 수 (모든 품목)", "Products by reason for a missing indicator (all products)"),
    "col_products": ("품목 수", "Products"),
    "rest_products": ("나머지 {n}개 품목 합계", "other {n} products, summed"),
    "products_note": ("대상국 수입액이 큰 상위 {n}개 품목과 나머지 {rest:,}개 품목의 합계 (전체 {total:,}개 품목은 "
                      "tables/products.csv).", "The top {n} products by imports from the target and the sum of the "
                      "other {rest:,} (all {total:,} products in tables/products.csv)."),
    "shocks_note": ("시나리오마다 공급 부족액이 큰 상위 {n}개 품목과 나머지 품목의 합계 (모든 행 {total:,}개는 "
                    "tables/shocks.csv).", "Per scenario the top {n} products by shortfall and the sum of the others "
                    "(all {total:,} rows in tables/shocks.csv)."),
    "drivers_note2": ("시나리오마다 상위 {sectors}개 업종, 업종마다 기여가 큰 상위 {top}개 품목과 나머지 품목의 합계 한 행 "
                      "(업종 합계는 그대로). tables/drivers.csv에는 업종·경로마다 상위 {csv_top}개 품목(각각 그 경로의 "
                      "{share} 이상)과 나머지 합계 한 행이 있어 합계가 그대로이며, 전체 {rows:,}행은 --format parquet로 "
                      "tables/drivers.parquet에 씁니다.",
                      "Per scenario the top {sectors} sectors, per sector the top {top} products and one row summing the "
                      "others (sector totals unchanged). tables/drivers.csv keeps per sector and channel the {csv_top} "
                      "largest products (each at least {share} of the channel) and one row summing the rest, so sums "
                      "hold; all {rows:,} rows are written to tables/drivers.parquet with --format parquet."),
    "sectors_note": ("시나리오마다 모든 업종 (자료가 없는 업종은 사유와 함께 맨 아래).",
                     "Every sector of every scenario (sectors without data last, with the reason)."),
    "uncertainty_note": ("시나리오마다 순위 중앙값 상위 {n}개 업종 (모든 업종은 tables/uncertainty.csv).",
                         "Per scenario the top {n} sectors by median rank (all sectors in tables/uncertainty.csv)."),
    "dropped_by_reason_head": ("제외되거나 매칭되지 않은 행: 파일·사유별 개수", "Rows dropped or unmatched, counted by file "
                                                                    "and reason"),
    "dropped_note": ("행 하나하나는 tables/dropped.csv에 있습니다 ({n:,}행).", "Every row is in tables/dropped.csv ({n:,} rows)."),
    "first_row": ("첫 행", "First row"), "first_detail": ("첫 행 내용", "First row's detail"),
    # time profile
    "weekly_head": ("주간 영향: 주별 산출 손실률 (상위 업종)", "Time profile: share of output lost each week (top sectors)"),
    "weekly_note": ("손실률 = 그 주 산출 중 잃는 비율 (중심 추정). 재고가 b일을 메우고, 허가 심사(D일) 뒤 선적이 재개되며, "
                    "대체 공급이 L일에 걸쳐 φ까지 늘어납니다. 전체 주간 자료는 tables/weekly.csv.",
                    "Loss = share of the week's output lost (central figure). The stock covers b days, licensed shipments "
                    "resume after the review (D days), substitution ramps up to φ over L days. All weeks in "
                    "tables/weekly.csv."),
    "week_n": ("{w}주", "wk {w}"), "col_first_week": ("감소 시작 주", "First week"),
    "col_total_h": ("분석 기간 수출 위험액(백만 달러)", "Export at risk over H (USD million)"),
    # screens
    "critical_head": ("핵심 투입재: 생산함수가 적용된 품목과 사용 업종", "Critical inputs: products under the production "
                                                             "function and their users"),
    "alternatives_head": ("대체 공급처: 대상국 수입액 상위 {n}개 품목", "Alternative suppliers: the top {n} products by "
                                                              "imports from the target"),
    "alternatives_assumptions": ("가정", "Assumptions"),
    "next_head": ("차기 규제 후보 (KERI 기준: 높은 의존도, 대상국의 낮은 규제 비용, 낮은 자국 공급)",
                  "Next targets (KERI screen: high dependence, cheap for the target, little own supply)"),
    "next_none": ("세 기준을 모두 충족한 후보가 없습니다. 기준을 평가할 수 없는 품목은 사유와 함께 tables/next_targets.csv에 "
                  "있습니다.", "No product meets all three criteria; products whose criteria cannot be evaluated are "
                  "in tables/next_targets.csv with the reason."),
    "next_partial": ("후보 없음: 충족한 기준 수가 많은 상위 {n}개 품목 (기준을 평가할 수 없는 이유 포함).",
                     "No candidate: the top {n} products by criteria met (with why criteria could not be evaluated)."),
    "dependence_head": ("의존 품목 수: 대상국 의존도 50%·90% 이상 품목과 수입액", "Dependence counts: products ≥ 50 % / "
                                                                     "≥ 90 % from the target and their imports"),
    "ew_head": ("조기경보: 경보와 사례 (월별 수입)", "Early warning: alerts and episodes (monthly imports)"),
    "ew_rules": ("경보 규칙", "Alert rules"), "ew_grades": ("등급의 뜻", "What the grades mean"),
    "ew_grade_line": ("등급 {grade} ({points}점): {meaning}", "Grade {grade} ({points} points): {meaning}"),
    "ew_episodes": ("경보 사례 (최근 순)", "Episodes (most recent first)"),
    "ew_alerts": ("경보 (최근 순, 상위 {n}건; 전체는 tables/alerts.csv)", "Alerts (most recent first, top {n}; all in "
                                                                  "tables/alerts.csv)"),
    "ew_none": ("경보가 없습니다.", "No alerts."),
    "ew_no_monthly": ("월별 수입 자료(--monthly)가 없어 조기경보를 계산하지 않았습니다.",
                      "No monthly imports (--monthly) were given: no early warning."),
    "cm_head": ("대응책: 시나리오별로 줄어드는 위험액", "Counter-measures: what each removes, by scenario"),
    "cm_not_additive": ("대응책별 감소액은 더해지지 않습니다: 함께 시행한 효과는 '모든 대응책 동시 시행' 행을 보십시오.",
                        "Amounts removed by each counter-measure alone do not add up: see the 'all together' row."),
    "cm_sectors_head": ("대응책별로 위험이 가장 많이 줄어드는 업종 (상위 {n}개)", "Sectors each counter-measure helps most "
                                                                  "(top {n})"),
    "rest_items": ("나머지 {n}개 품목 합계", "other {n} items, summed"),
    "top100_head": ("수출 상위 100대 품목별 위험액과 대응책 효과", "Top-100 export items: value at risk and the effect of "
                                                           "counter-measures"),
    # method sheet additions
    "method_more_head": ("가정과 기준", "Assumptions and bases"),
    "sme_definition": ("중소기업: 종사자 300명 미만 사업체 (중소기업기본법 제조업 기준의 근사). 중소기업 비중은 {basis} 기준.",
                       "SMEs: establishments with fewer than 300 workers (approximating the SME Act's manufacturing "
                       "threshold). SME shares on the {basis} basis."),
    "sources_head": ("자료 출처", "Sources"),
    "warnings_head": ("실행 경고", "Warnings of the run"),
    "dict_desc": ("설명", "Description"),
}

CHART: dict[str, tuple[str, str]] = {
    "usd_100m": ("억 달러", "USD 100 million"),
    "usd_year": ("달러/년", "USD a year"),
    "source": ("자료: {files}.", "Source: {files}."),
    "no_files": ("입력 파일 정보 없음", "input files not recorded"),
    "tool": ("exposure {version}으로 계산.", "Computed with exposure {version}."),
    "horizon": ("금액은 분석 기간 {days}일 동안의 달러.", "Money in USD over the {days}-day horizon."),
    "range_legend": ("범위: 선형(하한)–레온티예프(상한)", "range: linear (low) to Leontief (high)"),
    "mc_legend": ("5–95% 구간 (몬테카를로)", "5–95 % interval (Monte Carlo)"),
    "central": ("중심 추정 ({p})", "central figure ({p})"),
    "log_scale": ("로그 눈금", "log scale"),
    "weekly_title": ("주별 산출 손실률 — 상위 업종, {scenario}", "Share of output lost each week — top sectors, {scenario}"),
    "weekly_y": ("그 주 산출 중 잃는 비율", "Share of the week's output lost"),
    "weekly_x": ("주 (충격 시작 = 0일)", "Week (shock on day 0)"),
    "licence": ("허가 심사 {d:g}일", "licence review {d:g} days"),
    "stock": ("재고 {b:g}일", "stock {b:g} days"),
    "ramp": ("대체 완료 {l:g}일", "substitution complete {l:g} days"),
    "weekly_note": ("선은 중심 추정, 음영은 선형(하한)과의 차이.", "Lines: central figure; shading down to the linear (low) figure."),
    "draws_note": ("몬테카를로 {n:,}회.", "{n:,} Monte Carlo draws."),
    "weekly_title_all": ("주별 산출 손실률 — 시나리오별 상위 업종 (중심 추정, 음영은 선형 하한까지)",
                         "Share of output lost each week — top sectors by scenario (central; shading down to linear)"),
    "cm_title": ("대응책별로 줄어드는 중소기업 수출 위험액", "SME export value at risk each counter-measure removes"),
    "cm_removed": ("줄어든 중소기업 수출 위험액", "SME export at risk removed"),
    "cm_note": ("막대 옆 숫자는 시나리오의 중소기업 수출 위험액 중 줄어드는 비율. 대응책별 감소액은 더해지지 않음.",
                "Labels: share of the scenario's SME export at risk removed. Amounts of single measures do not add up."),
    "scenarios_title2": ("시나리오별 중소기업 수출 위험액 — 상위 {n}개 업종", "SME export at risk by scenario — top {n} sectors"),
}
