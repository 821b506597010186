"""Every text of the monitor a person reads, in Korean and English (``lang`` "ko" default, or "en").

Rule names, evidence sentences, grade meanings and calibration notes. The numbers in them
are formatted here too: money in 만/억 달러 (Korean) or $K/M/B (English), shares in %.
"""

from __future__ import annotations

import math

from exposure.texts import LANGS, check_lang  # noqa: F401  (both used from here)


#: rule id → (Korean, English) name
RULE_NAMES = {
    "drop_vs_baseline": ("대상국 수입 급감 (계절 기준 대비)", "Imports from the target fell below the seasonal baseline"),
    "share_fall": ("대상국 비중 급락", "Target's share fell sharply"),
    "robust_score": ("이상 하락 (로버스트 점수)", "Abnormal fall (robust score)"),
}

#: rule id → (Korean, English) statement of the condition, filled with the rule parameters
RULE_CONDITIONS = {
    "drop_vs_baseline": ("대상국 수입이 계절 기준보다 {drop:.0%} 이상 적은 달이 {months}개월 연속; 직전 12개월 대상국 "
                         "비중 {share:.0%} 이상",
                         "imports from the target at least {drop:.0%} below the seasonal baseline for {months} "
                         "month(s) in a row while the target's share over the previous 12 months was at least "
                         "{share:.0%}"),
    "share_fall": ("대상국 비중이 직전 {months}개월 최고치보다 {points:.0f}%p 이상 낮음{change}; 직전 12개월 비중 "
                   "{share:.0%} 이상",
                   "target's share at least {points:.0f} points below its highest of the previous {months} "
                   "months{change} while its share over the previous 12 months was at least {share:.0%}"),
    "robust_score": ("로버스트 점수 {score:g} 이하; 직전 12개월 대상국 비중 {share:.0%} 이상",
                     "robust score at or below {score:g} while the target's share over the previous 12 months "
                     "was at least {share:.0%}"),
}

#: the share rule's extra condition on the target's own imports, filled with share_fall_max_change
SHARE_FALL_CHANGE = ("; 대상국 수입이 계절 기준 대비 {change:+.0%} 이하", " and imports from the target at most "
                     "{change:+.0%} on the seasonal baseline")
SHARE_FALL_BELOW = ("; 대상국 수입이 계절 기준 이하", " and imports from the target at or below the seasonal baseline")

#: months the monthly file(s) lack altogether (exposure.monitor.panel.missing_months), filled with files and months
BLANK_AMOUNTS = ("{files}: 금액이 빈칸인 행 {n}개는 읽지 않았으므로 그 달 그 상대국의 수입은 0으로 셈 (첫 행: {rows}): 금액을 "
                 "채우거나 행을 지우십시오",
                 "{files}: {n} rows with a blank amount were left out, so their months count no imports from their "
                 "partner (first rows: {rows}): fill the amounts or delete the rows")
MISSING_MONTHS = ("{files}: {months}에는 어떤 품목·상대국의 행도 없음: 수입 0이 아니라 파일에 빠진 달로 보고 그 달에는 경보를 "
                  "내지 않음 (이후 달의 직전 12개월 비중·합계에서도 제외)",
                  "{files}: no row for any product or partner in {months}: taken as months missing from the file, "
                  "not as zero imports; no alert is raised on them (the 12-month share and sum of the months after "
                  "leave them out)")

#: the chart's month has no data around it: the chart would come out empty (the base is the month before it)
EVENT_OUTSIDE = ("차트 기준 월 {event}이(가) 월별 자료 기간({first}~{last}) 밖: 차트의 기준값은 그 직전 달이므로 {after}부터 "
                 "{last}까지의 달이어야 함 (--event YYYY-MM)",
                 "the chart's month {event} is outside the monthly data ({first} to {last}): the chart is indexed on "
                 "the month before it, so expected a month from {after} to {last} (--event YYYY-MM)")
NO_CHART = ("{reason}; 조기경보 차트는 그리지 않음", "{reason}; no early-warning chart drawn")

GRADE_MEANINGS = {
    "A": ("의존도와 규모 모두 높음", "high dependence and large imports"),
    "B": ("하나는 높고 하나는 중간", "one high, the other medium"),
    "C": ("둘 다 중간이거나, 하나는 높고 하나는 낮음", "both medium, or one high and the other low"),
    "D": ("의존도나 규모가 낮음", "low dependence or small imports"),
}

GRADE_BASIS = (
    "점수 = 의존도 점수 + 규모 점수 (A 4점, B 3점, C 2점, D 0–1점). 의존도: 직전 12개월 대상국 비중 {hi_share:.0%} 이상 "
    "2점, {lo_share:.0%} 이상 1점. 규모: 직전 12개월 대상국 수입 {hi_usd} 이상 2점, {lo_usd} 이상 1점.",
    "points = dependence points + size points (A 4, B 3, C 2, D 0–1). Dependence: the target's share of imports "
    "over the previous 12 months at least {hi_share:.0%} gives 2 points, at least {lo_share:.0%} 1 point. Size: "
    "imports from the target over the previous 12 months at least {hi_usd} give 2 points, at least {lo_usd} 1 point.",
)

EVIDENCE = {
    "drop_vs_baseline": (
        "{period} {target} 수입 {actual}: 계절 기준 {baseline}(직전 {years}년 같은 달 평균)보다 {change}; "
        "{target} 비중 직전 12개월 {share_12m} → 이번 달 {after}",
        "{period} imports from {target} {actual}: {change} the seasonal baseline of {baseline} (mean of the same "
        "month in the previous {years} years); {target}'s share {share_12m} over the previous 12 months, "
        "{after} this month"),
    "share_fall": (
        "{period} {target} 비중 {before}(직전 {months}개월 최고) → {after}, {points}%p 하락; {target} 수입 {actual}, "
        "직전 12개월 비중 {share_12m}",
        "{period} {target}'s share fell {points} points, from {before} (highest of the previous {months} months) "
        "to {after}; imports from {target} {actual}; share over the previous 12 months {share_12m}"),
    "robust_score": (
        "{period} 로버스트 점수 {score} (경보 기준 {threshold} 이하): {target} 수입 {actual}, 계절 기준 {baseline}보다 "
        "{change}; 직전 12개월 {target} 비중 {share_12m}",
        "{period} robust score {score} (alert at {threshold} or below): imports from {target} {actual}, {change} "
        "the seasonal baseline of {baseline}; {target}'s share over the previous 12 months {share_12m}"),
}

#: texts of a calibration (exposure.monitor.calibrate), (Korean, English)
CALIBRATION = {
    "no_loss": ("측정할 것이 없음: {event}부터 {months}개월 동안 {target} 수입이 직전 {base}개월 평균({before}/월)보다 "
                "{change}(손실 {loss} < 기준 {min_loss}). φ와 L을 추정하지 않음.",
                "Nothing to measure: over the {months} months from {event} imports from {target} were {change} "
                "their mean of the {base} months before ({before}/month) (loss {loss} < threshold {min_loss}); "
                "φ and L are not estimated."),
    "measured": ("{event}부터 {months}개월: {target} 공급 {loss} 감소(월 {before} → {after}).",
                 "{months} months from {event}: {target}'s supply fell {loss} ({before} → {after} a month)."),
    "raw": ("같은 기간 {who}이(가) 손실의 {raw}를 대체(기간 합계).", "Over the window {who} replaced {raw} of the loss."),
    "raw_negative": ("같은 기간 {who}의 공급도 줄어 손실에 {raw}가 더해짐(기간 합계).",
                     "Over the window supply from {who} fell too, adding {raw} to the loss."),
    "ramp": ("램프 적합: φ {phi}, L {lag}일, R² {r2} ({fit}).", "Ramp fit: φ {phi}, L {lag} days, R² {r2} ({fit})."),
    "no_ramp": ("대체가 없음(φ = 0): 다른 상대국{domestic_ko} 수입이 {target}의 감소를 메우지 못함(다른 상대국 수입 "
                "{others}).",
                "No replacement (φ = 0): other partners{domestic_en} did not make up for {target}'s fall (imports "
                "from other partners {others})."),
    "plateau": ("L이 분석 기간 끝에 닿음: 기간 안에 대체가 φ에 이르지 않아 φ는 외삽값.",
                "L reaches the end of the window: replacement had not levelled off, φ is extrapolated."),
    "no_domestic": ("국내 생산 자료가 없어 국내 업체의 대체는 측정하지 않음(수입 대체만). 전체 수입 {total}.",
                    "No domestic-production series: replacement by domestic makers is not measured (imports only). "
                    "Total imports {total}."),
    "demand": ("다른 상대국의 증가분에는 수요 변화도 섞여 있음.", "Other partners' gain also carries any change in demand."),
    "short": ("자료가 {last}에 끝나 분석 기간을 {months}개월로 줄임.", "Data end in {last}: window shortened to {months} months."),
    "others": ("다른 상대국", "other partners"),
    "others_domestic": ("다른 상대국과 국내 업체", "other partners and domestic makers"),
    "fit": {"good": ("좋음", "good"), "fair": ("보통", "fair"), "poor": ("나쁨: 월별 변동이 커서 φ와 L은 대략치",
                                                                    "poor: monthly noise, treat φ and L as rough")},
}

_MISSING = ("없음", "n/a")




def pick(pair: tuple[str, str], lang: str) -> str:
    """The Korean or English member of a (ko, en) pair."""
    return pair[0] if check_lang(lang) == "ko" else pair[1]


def fmt_usd(value: float, lang: str) -> str:
    """A dollar amount for a sentence: 만/억 달러 in Korean, $K/M/B in English.

    Examples
    --------
    >>> fmt_usd(961_061, "ko"), fmt_usd(961_061, "en"), fmt_usd(66_856_769, "ko")
    ('96만 달러', '$0.96M', '6,686만 달러')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return pick(_MISSING, lang)
    v = float(value)
    if lang == "ko":
        if abs(v) >= 1e8:
            return f"{v / 1e8:,.2f}억 달러"
        if abs(v) >= 1e4:
            return f"{v / 1e4:,.0f}만 달러"
        return f"{v:,.0f} 달러"
    if abs(v) >= 1e9:
        return f"${v / 1e9:,.2f}B"
    if abs(v) >= 1e5:  # $0.96M reads better beside $3.96M than $961K
        return f"${v / 1e6:,.2f}M"
    if abs(v) >= 1e3:
        return f"${v / 1e3:,.0f}K"
    return f"${v:,.0f}"


def fmt_share(value: float, lang: str) -> str:
    """A share as a percentage with one decimal.

    Examples
    --------
    >>> fmt_share(0.4294, "ko"), fmt_share(float("nan"), "en")
    ('42.9%', 'n/a')
    """
    if value is None or math.isnan(float(value)):
        return pick(_MISSING, lang)
    return f"{float(value):.1%}"


def fmt_change(value: float, lang: str) -> str:
    """A change on a reference: "75.7% 적음" / "75.7 % below"; "n/a" when unknown.

    Examples
    --------
    >>> fmt_change(-0.757, "ko"), fmt_change(0.2, "en")
    ('75.7% 적음', '20.0 % above')
    """
    if value is None or math.isnan(float(value)):
        return pick(("비교 불가", "not comparable with"), lang)
    v = float(value)
    if lang == "ko":
        return f"{abs(v):.1%} {'적음' if v < 0 else '많음'}"
    return f"{abs(v) * 100:.1f} % {'below' if v < 0 else 'above'}"


def fmt_number(value: float, lang: str, digits: int = 1) -> str:
    """A plain number with ``digits`` decimals, "n/a" when unknown."""
    if value is None or math.isnan(float(value)):
        return pick(_MISSING, lang)
    return f"{float(value):.{digits}f}"


def country(iso3: str, lang: str) -> str:
    """Display name of an ISO3 code (일본 / Japan); the code itself when unknown."""
    from exposure.codes.countries import country_names

    name = country_names([iso3], check_lang(lang)).iloc[0]
    return str(name) if isinstance(name, str) and name else iso3


def rule_note(c, lang: str) -> str:
    """The ``note`` of a calibrated scenario rule: where and how it was measured (c: a Calibration)."""
    who = ", ".join(c.top_partners()) or "-"
    if lang == "ko":
        head = (f"모니터가 {c.source or '수입 자료'}에서 측정: {c.reporter}의 {c.code}({c.code_system}) 수입, "
                f"{c.event}부터 {c.window_months}개월과 직전 {c.baseline_months}개월 비교. {c.target} 공급 "
                f"{c.loss_share:.0%} 감소, 대체 φ {c.phi:.2f}")
        tail = f", L {c.lag_days:.0f}일, R² {fmt_number(c.fit_r2, 'ko', 2)}; 대체 상대국 {who}" \
            if c.phi > 0 else "; 대체 없음"
        dom = "" if c.domestic else "; 국내 생산 대체는 미측정"
        return head + tail + dom
    head = (f"measured by the monitor from {c.source or 'the imports'}: {c.reporter} imports of {c.code} "
            f"({c.code_system}), {c.window_months} months from {c.event} vs the {c.baseline_months} months before; "
            f"{c.target} supply fell {c.loss_share:.0%}, replaced phi {c.phi:.2f}")
    tail = f" within L {c.lag_days:.0f} days (ramp fit R2 {fmt_number(c.fit_r2, 'en', 2)}), by {who}" \
        if c.phi > 0 else ", no replacement"
    dom = "" if c.domestic else "; domestic makers not measured"
    return head + tail + dom
