"""Every text a reader sees from the counter-measures, in Korean and English.

``TEXTS``: the short machine codes the tables carry (kinds, cost bases, notes, rank bases) with
their Korean and English text; :func:`explain` turns codes into text. ``COLUMNS``: the column
dictionary of the tables :mod:`~exposure.countermeasures.value` and
:mod:`~exposure.countermeasures.top100` return — label and description in both languages and the
kind of value (usd, share, days, rank, code, text, rate), for the workbook's sheets.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from exposure.errors import ConfigError

TEXTS: dict[str, dict[str, str]] = {
    # kinds of measure
    "stockpile": {"ko": "비축", "en": "stockpile"},
    "diversify": {"ko": "수입처 다변화", "en": "diversified suppliers"},
    "localise": {"ko": "국산화", "en": "domestic production"},
    "fast_track": {"ko": "허가 신속 심사", "en": "licence fast-track"},
    # cost bases
    "none": {"ko": "비용 정보 없음", "en": "no cost given"},
    "lump_sum": {"ko": "일시 비용(원)", "en": "lump sum (KRW)"},
    "carrying_cost": {"ko": "재고 보유비용 = 재고가치 × 연 보유비용률 × 보유일수/365",
                      "en": "carrying cost = stock value × annual rate × days held/365"},
    "lump_sum+carrying_cost": {"ko": "일시 비용 + 재고 보유비용", "en": "lump sum + carrying cost"},
    "sum": {"ko": "각 대응책 비용의 합", "en": "sum of the counter-measures' costs"},
    "sum_of_some": {"ko": "비용이 주어진 대응책만의 합(하한)", "en": "sum of the costs given (some have none): a lower bound"},
    # where the won-per-dollar rate comes from
    "run": {"ko": "실행 시 지정한 환율", "en": "rate given to the run"},
    "config fx_rates": {"ko": "설정 파일의 환율(fx_rates KRW)", "en": "rate in the config (fx_rates KRW)"},
    "file": {"ko": "대응책 파일의 환율", "en": "rate in the counter-measure file"},
    # rank bases
    "sme_export_at_risk_removed_usd": {"ko": "줄어든 중소기업 수출 위험액(중앙값)",
                                       "en": "SME export value at risk removed (central)"},
    "export_at_risk_removed_usd": {"ko": "줄어든 전체 기업 수출 위험액(중앙값)",
                                   "en": "all-firm export value at risk removed (central)"},
    # notes
    "not_additive": {"ko": "대응책별 감소액은 더해지지 않는다: 함께 시행한 효과는 '모든 대응책' 행을 본다",
                     "en": "amounts removed by each counter-measure alone do not add up: see the 'all' row for "
                           "them together"},
    "demand_scenario": {"ko": "수요 측(수출 보복) 시나리오: 대응책은 수입 공급에만 작용하므로 위험이 줄지 않는다",
                        "en": "demand-side (export retaliation) scenario: counter-measures act on imported supply, "
                              "so they remove nothing here"},
    "no_cost": {"ko": "비용이 주어진 대응책이 없어 원당 효과를 계산하지 않았다",
                "en": "no counter-measure has a cost, so nothing is computed per won"},
}


def _c(ko: str, en: str, kind: str = "text", desc_ko: str = "", desc_en: str = "") -> dict[str, str]:
    return {"ko": ko, "en": en, "kind": kind, "desc_ko": desc_ko or ko, "desc_en": desc_en or en}


H_KO, H_EN = "달러, 분석 기간", "USD over the horizon"  # the period of every money-at-risk column
#: kinds as in exposure.schema.outputs (usd, share, ratio, days, rank, code, text) plus ``krw`` (won)
COLUMNS: dict[str, dict[str, str]] = {
    "scenario": _c("시나리오", "Scenario", "code", "확전 시나리오의 이름(id)", "escalation scenario (id)"),
    "scenario_name_ko": _c("시나리오명", "Scenario name (Korean)"),
    "scenario_name_en": _c("시나리오명(영문)", "Scenario name"),
    "countermeasure": _c("대응책", "Counter-measure", "code", "대응책 이름(id); 'all' = 모든 대응책 동시 시행",
                         "counter-measure (id); 'all' = all of them together"),
    "name_ko": _c("대응책명", "Counter-measure name (Korean)"),
    "name_en": _c("대응책명(영문)", "Counter-measure name"),
    "kinds": _c("대응 유형", "Kinds", "code", "stockpile(비축)·diversify(다변화)·localise(국산화)·fast_track(허가 신속 심사)",
                "stockpile, diversify, localise, fast_track"),
    "horizon_days": _c("분석 기간 H (일)", "Horizon H (days)", "days", "위험액을 세는 기간", "period the amounts cover"),
    "sector": _c("업종 코드", "Sector code", "code", "OECD 산업연관표 업종 코드", "OECD input–output industry code"),
    "sector_name_ko": _c("업종명", "Sector name (Korean)"),
    "sector_name_en": _c("업종명(영문)", "Sector name"),
    "sme_share": _c("중소기업 비중", "SME share", "share", "업종 수출 중 중소기업 비중 (품목: 소속 업종의 가중 평균)",
                    "SME share of the sector's exports (an item: its sectors', weighted)"),
    "baseline_rank": _c("대응 전 순위", "Rank before", "rank", "대응책 없는 시나리오에서의 업종 순위",
                        "the sector's rank under the scenario alone"),
    "shortfall_usd": _c(f"공급 부족액({H_KO})", f"Shortfall ({H_EN})", "usd", "대응 전 품목별 공급 부족의 합",
                        "products' shortfall before the counter-measure"),
    "shortfall_after_usd": _c(f"대응 후 공급 부족액({H_KO})", f"Shortfall after ({H_EN})", "usd",
                              "대응 후 품목별 공급 부족의 합", "products' shortfall with the counter-measure"),
    "shortfall_removed_usd": _c(f"줄어든 공급 부족액({H_KO})", f"Shortfall removed ({H_EN})", "usd", "대응 전 − 대응 후",
                                "before − after"),
    "stock_value_usd": _c("비축 재고 가치(달러)", "Stock value (USD)", "usd",
                          "비축 품목의 대상국 연간 수입액 × 비축일수/365", "annual imports from the target × stock days/365"),
    "carrying_cost_usd": _c("재고 보유비용(달러, 보유 기간)", "Carrying cost (USD over the days held)", "usd",
                            "재고 가치 × 연 보유비용률 × 보유일수/365", "stock value × annual rate × days held/365"),
    "holding_days": _c("보유일수", "Days held", "days", "보유비용을 세는 기간 (기본: 분석 기간)",
                       "period of the carrying cost (default: the horizon)"),
    "cost_lump_krw": _c("일시 비용(원)", "Lump sum (KRW)", "krw", "대응책 파일에 적힌 일시 비용", "the file's lump sum"),
    "krw_per_usd": _c("환율(원/달러)", "KRW per USD", "ratio", "달러 비용을 원화로 바꾼 환율", "rate converting USD costs"),
    "krw_per_usd_source": _c("환율 출처", "Rate from", "code", "run(실행 시 지정) / config fx_rates / file(대응책 파일)",
                             "run / config fx_rates / file"),
    "cost_krw": _c("비용(원)", "Cost (KRW)", "krw", "일시 비용 + 재고 보유비용", "lump sum + carrying cost"),
    "cost_basis": _c("비용 기준", "Cost basis", "code", "비용 계산 방법 (코드)", "how the cost was computed (code)"),
    "sme_removed_share": _c("중소기업 위험 감소율", "SME risk removed (share)", "share",
                            "줄어든 중소기업 수출 위험액 ÷ 대응 전 (중앙값)", "SME export at risk removed ÷ before (central)"),
    "sme_usd_removed_per_million_krw": _c("100만 원당 줄어든 중소기업 위험액(달러)", "SME USD removed per million KRW", "usd",
                                          "줄어든 중소기업 수출 위험액(중앙값, 분석 기간 달러) ÷ 비용(백만 원)",
                                          "SME export at risk removed (central, USD over the horizon) per million KRW"),
    "usd_removed_per_million_krw": _c("100만 원당 줄어든 위험액(달러)", "USD removed per million KRW", "usd",
                                      "줄어든 전체 기업 수출 위험액(중앙값, 분석 기간 달러) ÷ 비용(백만 원)",
                                      "all-firm export at risk removed (central, USD over the horizon) per "
                                      "million KRW"),
    "rank": _c("순위", "Rank", "rank", "순위 (1 = 가장 큼)", "rank (1 = largest)"),
    "rank_basis": _c("순위 기준", "Rank basis", "code", "순위를 매긴 열", "the column ranked"),
    "rank_per_won": _c("원당 효과 순위", "Rank per won", "rank", "비용이 있는 대응책 중 원당 줄어든 위험액 순위",
                       "rank by risk removed per won, among counter-measures with a cost"),
    # top-100 items
    "item_code": _c("품목 코드", "Item code", "code", "MTI 품목 코드", "MTI item code"),
    "code_system": _c("코드 체계", "Code system", "code", "HS6-2017, HSK10, MTI3 등", "HS6-2017, HSK10, MTI3 …"),
    "item_name_ko": _c("품목명", "Item name (Korean)"),
    "item_name_en": _c("품목명(영문)", "Item name"),
    "export_usd": _c("수출액(달러/년)", "Exports (USD a year)", "usd", "연간 수출액", "annual exports"),
    "export_to_target_usd": _c("대상국 수출액(달러/년)", "Exports to the target (USD a year)", "usd"),
    "rank_at_risk": _c("위험 순위", "Rank at risk", "rank", "수출 위험액(중앙값) 순위", "rank by export at risk (central)"),
    "no_data_reason": _c("자료 없음 사유", "Why no data"),
    "best_countermeasure": _c("가장 효과적인 대응책", "Best counter-measure", "code",
                              "이 품목의 위험을 가장 많이 줄이는 대응책 (단독 시행)", "the counter-measure alone removing most"),
    "best_countermeasure_name_ko": _c("가장 효과적인 대응책명", "Best counter-measure (Korean)"),
    "best_countermeasure_name_en": _c("가장 효과적인 대응책명(영문)", "Best counter-measure"),
    "best_removed_usd": _c(f"그 대응책이 줄이는 위험액({H_KO})", f"Removed by it ({H_EN})", "usd"),
    "best_removed_share": _c("위험 감소율", "Share removed", "share"),
    "best_basis": _c("비교 기준", "Compared on", "code", "비교한 열", "the column compared"),
    # drivers of an item
    "driver_rank": _c("순위", "Rank", "rank", "품목 위험을 일으키는 수입 투입물 순위", "rank of the imported input"),
    "code": _c("품목 코드", "Product code", "code", "수입 품목 코드 (앞자리 0 유지, 텍스트)",
               "imported product code, text with leading zeros"),
    "name": _c("입력 파일의 품목명", "Name in the input file"),
    "share_of_item": _c("품목 위험 중 비중", "Share of the item's risk", "share"),
}
# money at risk before, after and removed, for SMEs and all firms, low / central / high
for _fig, (_ko, _en) in {"sme_export_at_risk": ("중소기업 수출 위험액", "SME export at risk"),
                         "export_at_risk": ("수출 위험액", "Export at risk")}.items():
    for _v, (_vko, _ven) in {"_low": (" 하한", ", low"), "": ("", ""), "_high": (" 상한", ", high")}.items():
        for _s, (_sko, _sen) in {"": ("", ""), "_after": ("대응 후 ", ", after"),
                                 "_removed": ("줄어든 ", ", removed")}.items():
            _how_ko = "하한 = 선형, 상한 = 레온티예프" if _v else "실행의 생산함수"
            _how_en = "low = linear, high = Leontief" if _v else "the run's production function"
            COLUMNS[f"{_fig}{_v}{_s}_usd"] = _c(
                f"{_sko}{_ko}{_vko}({H_KO})", f"{_en}{_ven}{_sen} ({H_EN})", "usd",
                f"{_sko or '대응책 없이 '}{_ko}{_vko} ({_how_ko})", f"{_en}{_ven}{_sen or ', without counter-measures'} "
                                                                 f"({_how_en})")
for _n in range(1, 4):
    for _col, (_ko, _en, _kind) in {"code": ("코드", "code", "code"), "name_ko": ("품목명", "name (Korean)", "text"),
                                    "name_en": ("품목명(영문)", "name", "text"),
                                    "name": ("입력 파일의 품목명", "name in the input file", "text"),
                                    "export_at_risk_usd": (f"위험액({H_KO})", f"export at risk ({H_EN})", "usd"),
                                    "share_of_item": ("품목 위험 중 비중", "share of the item's risk", "share")}.items():
        COLUMNS[f"driver_{_n}_{_col}"] = _c(f"{_n}위 투입물 {_ko}", f"Driver {_n}, {_en}", _kind)


def check_lang(lang: str) -> str:
    if lang not in ("ko", "en"):
        raise ConfigError(f"lang must be 'ko' or 'en', got {lang!r}")
    return lang


def explain(code: str | pd.Series, lang: str = "ko", texts: Mapping[str, Mapping[str, str]] = TEXTS
            ) -> str | pd.Series:
    """The text of a code (or of each code of a Series, ``"; "``-joined codes too); unknown codes stay as they are.

    >>> explain("stockpile", "ko"), explain("kinds", "en")
    ('비축', 'kinds')
    """
    check_lang(lang)

    def one(c: str) -> str:
        return "; ".join(texts.get(p, {}).get(lang, p) for p in str(c).split("; ")) if c else ""

    if isinstance(code, pd.Series):
        return code.fillna("").astype(str).map(one)
    return one(code)
