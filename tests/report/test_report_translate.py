"""The engine's and loaders' English texts in Korean: exact texts, patterns, joined reasons, value names,
scenario names; a scan of the engine's source finds every constant reason and flag kind and checks each
has a Korean text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exposure.report.translate import VOCAB, Pattern, Translator, _tables, english_words, required_literals

ROOT = Path(__file__).resolve().parents[2] / "exposure"
KO = Translator("ko", {"white-list-removal": "화이트리스트 제외", "catch-all": "캐치올 규제 확대"})

# one text of each kind the engine and the loaders write (the f-strings filled as they would be), and its Korean
SAMPLES = [
    # analysis: sectors, products, flags, notes, warnings
    ("no SME share (sector not in the sector profile); no exports to JPN for this sector",
     "중소기업 비중 없음 (업종 프로필에 없는 업종); 이 업종의 대상국(일본) 수출액 없음"),
    ("partner rows sum to more than the WLD total; the WLD total is used; no imports of this product in the year",
     "상대국별 합이 세계(WLD) 합계보다 큼: 세계 합계를 사용; 해당 연도에 이 품목의 수입 없음"),
    ("the imports table names only one partner (JPN): no partner breakdown for the HHI",
     "수입 자료에 상대국이 하나뿐(일본): 수입 집중도(HHI)를 계산할 상대국별 자료 없음"),
    ("persistence needs the target share in enough of the last 3 years (at least 2)",
     "지속성 판단에는 최근 3년 중 2년 이상의 대상국 의존도가 필요"),
    ("end-use override: D26 75%; remainder 25% spread proportionally", "최종 용도 배분: D26 75%; 나머지 25%는 비례 배분"),
    ("share of imports lost 1.41 capped at 1: shortfall exceeds the table's imports of this product group (year "
     "mismatch or concordance noise)",
     "수입 손실 비율 1.41를 1로 제한: 공급 부족액이 산업연관표의 이 품목군 수입보다 큼 (연도 차이 또는 연계표 오차)"),
    ("rule hydrogen fluoride (HSK10) (codes): no product code of this length in the data (codes have 6 digits)",
     "규칙 '불화수소 (HSK10)' (코드): 자료에 이 길이의 품목 코드 없음 (자료의 코드는 6자리)"),
    ("508 capital or consumption goods (BEC) with a shortfall are not spread as intermediate inputs: investment "
     "channel (USD over the horizon; see the products' end use)",
     "공급 부족이 있는 자본재·소비재(BEC) 508개 품목은 중간재로 배분하지 않음: 투자 경로 (달러, 분석 기간; 품목의 최종 용도 참고)"),
    ("scenario catch-all puts no value at risk in any sector: its rules match none of the products imported from JPN",
     "'캐치올 규제 확대' 시나리오는 어느 업종에도 위험액이 없음: 규칙이 대상국 일본에서 수입한 품목과 하나도 맞지 않음"),
    ("not used: the ranking is by sme_export_at_risk_usd, not the composite index",
     "사용 안 함: 순위 기준이 종합지수가 아니라 중소기업 수출 위험액임"),
    ("Monte Carlo white-list-removal: the zero-noise evaluation does not reproduce the published ranking; its rank "
     "intervals are not centred on it",
     "몬테카를로 '화이트리스트 제외': 변동 0에서의 계산이 발표 순위와 달라 순위 구간이 발표 순위를 중심으로 하지 않음"),
    ("Source: Input-Output Tables 2018 edition, KOR: Korea, 2015; US Dollar, Millions converted to USD.",
     "출처: OECD 산업연관표 2018년판, 대한민국, 2015년; 백만 달러 단위를 달러로 환산."),
    ("SME shares: the SMEs' share of each sector's exports from the SME-exports table (basis: export).",
     "중소기업 비중: 기업규모별 수출 표의 업종별 수출 중 중소기업 비중 (기준: 수출)."),
    # loaders: dropped rows, warnings, units
    ("duplicate key: summed into an earlier row", "중복 키: 앞 행에 합산"),
    ("partner 'Areas, nes' (3 rows): unspecified partner — kept as UNK",
     "상대국 'Areas, nes' (3개 행): 미지정 상대국 — 미상(UNK)으로 유지"),
    ("12 rows repeat the key of an earlier row (year, month, reporter, partner, flow, code): their values were added "
     "to that row", "12개 행이 앞 행과 키가 같음 (연도, 월, 보고국, 상대국, 수출입 구분, 품목 코드): 값을 그 행에 더함"),
    ("rows 1,002–1,050 are empty: skipped", "1,002–1,050행이 비어 있어 건너뜀"),
    ("read with the built-in mapping 'kcs_trade_by_partner_en'; code system HSK10 inferred from the code lengths in "
     "column 'Item'", "내장 매핑 'kcs_trade_by_partner_en'에 따라 읽음; 코드 체계 추정: HSK10 ('Item' 열의 코드 길이로)"),
    ("production converted to USD at 1,131.5 KRW/USD: the built-in 2015 average (Bank of Korea), the census year; "
     "give the rate for another period with --fx KRW=<rate>",
     "생산액을 1달러 = 1,131.5원으로 환산: 내장된 2015년 평균 환율 (한국은행, 센서스 연도); 다른 기간의 환율은 "
     "--fx KRW=<환율>로 지정"),
    ("amounts of column '수입 금액' in 천원 converted to USD at 1,100.3 KRW per USD (the rate given)",
     "'수입 금액' 열의 금액(천원)을 지정한 환율 1달러 = 1,100.3 KRW로 달러 환산"),
    ("KRW million (production), converted at 1,131.5 KRW/USD", "백만 원 (생산액), 1달러 = 1,131.5원으로 환산"),
    ("USD thousand", "천 달러"),
]


@pytest.mark.parametrize("english, korean", SAMPLES)
def test_engine_and_loader_texts_in_korean(english, korean):
    assert KO.text(english) == korean
    assert not english_words(KO.text(english))


def test_english_reports_keep_the_text_but_name_the_scenarios():
    en = Translator("en", {"catch-all": "Catch-all controls"})
    assert en.text("blank row") == "blank row"
    assert en.text("scenario catch-all puts no value at risk in any sector: its rules match none of the products "
                   "imported from JPN").startswith("scenario Catch-all controls puts")
    # a rule name holding the id is left alone: only the scenario placeholders are names
    assert en.text("catch-all base") == "catch-all base"


def test_an_unknown_text_is_kept_as_the_engine_wrote_it():
    assert KO.text("something new the engine says; blank row") == "something new the engine says; blank row"
    assert english_words(KO.text("something new")) == ["something", "new"]


def test_value_names_in_both_languages():
    ko, en = Translator("ko", {"catch-all": "캐치올 규제 확대"}), Translator("en", {"catch-all": "Catch-all controls"})
    assert ko.value("channel", "direct, downstream") == "직접(비례 배분), 국내 공급망 파급"
    assert en.value("channel", "override") == "end-use override"
    assert ko.value("kind", "override_used") == "최종 용도 배분 사용"
    assert ko.value("scenario", "catch-all") == "캐치올 규제 확대" and en.value("scenario", "catch-all") == \
        "Catch-all controls"
    assert ko.value("rank_basis", "sme_export_at_risk_usd") == "중소기업 수출 위험액"
    assert ko.value("production", "leontief") == "레온티예프"
    for column, values in VOCAB.items():
        for value, (k, e) in values.items():
            assert k and e, (column, value)


def test_english_words_ignores_codes_acronyms_files_and_quoted_input():
    assert english_words("D26 업종 HS6-2017 KSIC 2611, tables/drivers.csv, --draws, 'Item' 열") == []
    assert english_words("SME share 없음") == ["share"]


def _constants(path: Path) -> set[str]:
    """Constant texts the engine writes: reasons (drop, notes.add, reasons.append), flag kinds and details."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        args = list(node.args)
        if name == "drop" and len(args) >= 2:
            args = [args[1]]
        elif name == "add" and len(args) >= 2 and isinstance(node.func, ast.Attribute) and \
                ast.unparse(node.func.value) == "notes":  # indicators' per-row reasons (fails.add: input errors)
            args = [args[1]]
        elif name == "append" and isinstance(node.func, ast.Attribute) and \
                ast.unparse(node.func.value).startswith(("reasons[", "notes[", "notes")):
            args = args[:1]
        elif name == "flag" and args:
            args = [args[0], args[-1]] if len(args) >= 6 else [args[0]]
        else:
            continue
        for a in args:
            if isinstance(a, ast.Constant) and isinstance(a.value, str) and a.value.strip():
                out.add(a.value)
            elif isinstance(a, ast.IfExp):
                out |= {v.value for v in (a.body, a.orelse) if isinstance(v, ast.Constant) and isinstance(v.value, str)}
    return out


def test_every_constant_text_of_the_engine_and_loaders_has_a_korean_text():
    files = [p for p in ROOT.rglob("*.py") if p.relative_to(ROOT).parts[0] not in ("report",)
             and p.name not in ("cli.py", "inspect.py")]
    texts = set()
    for p in files:
        texts |= _constants(p)
    assert len(texts) > 40  # the scan finds the engine's texts (a broken scan must not pass silently)
    missing = sorted(t for t in texts if english_words(KO.text(t)) and KO.value("kind", t) == t)
    assert not missing, f"add Korean texts to exposure/report/phrases*.py: {missing}"


# ---------------------------------------------------------------- patterns compiled on first use
@pytest.mark.parametrize("pattern, needs", [
    (r"sheet (?P<s>.+) has (?P<n>\d+) rows?", ("sheet ", " has ", " row")),
    (r"cost \(USD [^)]+\) of (?P<x>.*)", ("cost (USD ", ") of ")),
    (r"total\.? (?P<a>.+)", ("total", " ")),       # an optional character is not required
    (r"x{2,3}yz", ("yz",)),                          # nor a repeated one
    (r"a\d+b\sc", ("a", "b", "c")),                  # classes split runs
    (r"^the (?:x|y) end$", ("the ", " end")),        # an alternation inside a group leaves the rest required
    (r"[]a)] after", (" after",)),                   # a ] first in a set, a ) inside it
    (r"a|b", ()),                                    # a top-level alternation requires nothing
    (r"(?i)abc", ()),                                # nor an inline flag
    (r"(?=x)abc", ()),                               # nor a look-ahead
])
def test_required_literals(pattern, needs):
    assert required_literals(pattern) == needs


SOURCES = sorted({p.source for p in _tables()[1]})


@pytest.mark.parametrize("source", SOURCES)
@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
@given(data=st.data())
def test_the_prefilter_never_refuses_a_match(source, data):
    """Texts made to match each pattern of the phrase tables pass its literal prefilter."""
    text = data.draw(st.from_regex(re.compile(source, re.DOTALL), fullmatch=True))
    assert Pattern(source, "").fullmatch(text) is not None


def test_patterns_compile_only_when_a_text_holds_their_literals():
    ko = Translator("ko")
    _tables.cache_clear()
    try:
        ko.text("no exports for this sector")
        compiled = [p for p in _tables()[1] if p._regex is not None]
        assert len(compiled) < 10, [p.source for p in compiled]
        assert len(_tables()[1]) > 500
    finally:
        _tables.cache_clear()
