"""Every word a reader of the report sees, in Korean and English.

Column labels and descriptions come from their one declaration in
:mod:`exposure.schema.outputs`; this module adds the number format of each kind
of column, sheet names and the texts of the workbook and charts, so the workbook,
the charts and the CSV documentation never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from exposure.texts import LANGS, check_lang  # noqa: F401  (both used from here)

from exposure.schema import CATALOGUE



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


def _from_catalogue(col) -> Label:
    return Label(col.label_ko, col.label_en, col.kind, col.description_ko or col.label_ko,
                 col.description_en or col.label_en, col.at_risk)


#: the labels of every output column, from their one declaration in :mod:`exposure.schema.outputs`
COLUMN_LABELS: dict[str, Label] = {name: _from_catalogue(col) for name, col in CATALOGUE.items()}


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
    "krw": "#,##0",
}
# Korean tables mark negative changes with △ instead of a minus sign.
CHANGE_FORMATS = {"ko": '#,##0;"△"#,##0;0', "en": "#,##0;-#,##0;0"}


def label(column: str) -> Label:
    """The Label of ``column``; unknown columns get one guessed from their name."""
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column]
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
    if column not in COLUMN_LABELS and series is not None and kind == "text" and pd.api.types.is_float_dtype(series):
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


def _merge_words() -> None:
    from exposure.report import words

    SHEETS.update(words.SHEETS)
    TEXT.update(words.TEXT)
    CHART.update(words.CHART)


def sheet_name(key: str, lang: str) -> str:
    ko, en = SHEETS[key]
    return ko if lang == "ko" else en


TEXT: dict[str, tuple[str, str]] = {
    # workbook
    "title": ("한·일 무역분쟁 확대 시 중소기업 업종별 수출 위험", "SME export value at risk if the Korea–Japan trade dispute widens"),
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
    "alternatives_top_n": ("대체 공급처 표시 수", "alternative suppliers listed per product"),
    "screen_min_target_share": ("차기 규제 후보: 대상국 수입 비중 하한", "next-target screen: least import share from the target"),
    "screen_max_to_reporter_share": ("차기 규제 후보: 대상국 수출 중 한국 비중 상한",
                                     "next-target screen: largest share of the target's exports going to Korea"),
    "screen_max_own_export_ratio": ("차기 규제 후보: 한국 수출/수입 상한", "next-target screen: largest own exports ÷ imports"),
    "dependence_thresholds": ("의존 품목 집계 기준", "thresholds of the dependence counts"),
    "monitor_min_share": ("조기경보: 대상국 12개월 비중 하한", "early warning: least 12-month share of the target"),
    "monitor_drop": ("조기경보: 계절 기준 대비 감소율", "early warning: fall below the seasonal baseline"),
    "monitor_drop_months": ("조기경보: 감소 연속 개월", "early warning: months in a row of the fall"),
    "monitor_share_fall": ("조기경보: 비중 하락폭", "early warning: fall of the share"),
    "monitor_share_fall_months": ("조기경보: 비중 비교 개월", "early warning: months the share is compared over"),
    "monitor_robust_score": ("조기경보: 로버스트 점수 기준", "early warning: robust score threshold"),
    "monitor_event": ("조기경보 차트의 기준 월", "month the early-warning chart centres on"),
    "rank_by": ("순위 기준", "ranking criterion"),
    "composite_weights": ("종합지수 가중치", "composite index weights"),
    "composite_normalisation": ("종합지수 정규화", "composite index normalisation"),
    "top_n": ("상위 업종 수", "number of top sectors shown"),
    "draws": ("몬테카를로 추출 수", "Monte Carlo draws"),
    "seed": ("난수 시드", "random seed"),
    "sensitivity_draws": ("민감도 지수에 쓰는 추출 수", "draws used for the sensitivity indices"),
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
    "bubble_sizes": ("원의 넓이는 공급 부족액에 비례; 가장 큰 원 {top} 달러 (분석 기간 {days}일 합계)",
                     "Bubble area proportional to the shortfall; the largest USD {top} (over the {days}-day horizon)"),
    "target_share": ("대상국 의존도", "Target share of imports"),
    "target_import": ("대상국 수입액", "Imports from target"),
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
    "no_monthly": ("조기경보 차트 생략: 월별 수입 자료(--monthly)나 경보가 없습니다.",
                   "Early-warning chart skipped: no monthly imports (--monthly) or no alerts."),
}


def chart_text(key: str, lang: str, **kwargs: object) -> str:
    """A chart text in ``lang`` with ``{placeholders}`` filled."""
    ko, en = CHART[key]
    return (ko if lang == "ko" else en).format(**kwargs)




_merge_words()
