"""Every text a reader sees from the counter-measures, in Korean and English.

``TEXTS``: the short machine codes the tables carry (kinds, cost bases, notes, rank bases) with
their Korean and English text; :func:`explain` turns codes into text. ``COLUMNS``: the column
dictionary of the tables :mod:`~exposure.countermeasures.value` and
:mod:`~exposure.countermeasures.top100` return — label and description in both languages and the
kind of value — read from their one declaration in :mod:`exposure.schema.outputs`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from exposure.texts import check_lang, explain_codes  # noqa: F401  (check_lang is used from here)
from exposure.schema import Column
from exposure.schema.outputs import (
    COUNTERMEASURE_ITEMS,
    COUNTERMEASURE_SECTORS,
    COUNTERMEASURES,
    ITEM_DRIVERS,
    TOP100,
)

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
    "carrying_cost_no_rate": {"ko": "재고 보유비용(달러)만 있고 환율이 없어 원화 비용을 비움",
                              "en": "carrying cost in USD only: no won-per-dollar rate, so no cost in won"},
    "lump_sum+carrying_cost_no_rate": {"ko": "일시 비용 + 재고 보유비용(달러, 환율이 없어 원화 합계를 비움)",
                                       "en": "lump sum + carrying cost in USD (no won-per-dollar rate, so no total "
                                             "in won)"},
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
    "no_rate": {"ko": "원/달러 환율이 없어 재고 보유비용을 달러로만 표시하고 원당 효과를 비웠다: --fx KRW=… 또는 "
                      "설정 파일의 fx_rates, 대응책 파일의 krw_per_usd로 환율을 준다",
                "en": "no won-per-dollar rate: the carrying cost is shown in USD only and nothing is computed per "
                      "won; give one with --fx KRW=…, fx_rates in the config or krw_per_usd in the file"},
}


#: the tables of this package; their columns are declared once, in :mod:`exposure.schema.outputs`
TABLES = (COUNTERMEASURES, COUNTERMEASURE_SECTORS, COUNTERMEASURE_ITEMS, TOP100, ITEM_DRIVERS)


def _entry(col: Column) -> dict[str, str]:
    return {"ko": col.label_ko, "en": col.label_en, "kind": col.kind, "desc_ko": col.description("ko"),
            "desc_en": col.description("en")}


#: the column dictionary of the tables :mod:`~exposure.countermeasures.value` and
#: :mod:`~exposure.countermeasures.top100` return, taken from the catalogue (kinds as there; ``krw`` = won)
COLUMNS: dict[str, dict[str, str]] = {c.name: _entry(c) for spec in TABLES for c in spec.columns}



def explain(code: str | pd.Series, lang: str = "ko", texts: Mapping[str, Mapping[str, str]] = TEXTS
            ) -> str | pd.Series:
    """The text of a code (or of each code of a Series, ``"; "``-joined codes too); unknown codes stay as they are.

    >>> explain("stockpile", "ko"), explain("kinds", "en")
    ('비축', 'kinds')
    """
    return explain_codes(code, texts, lang)
