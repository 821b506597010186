"""Errors in the run's language: the Korean frame, the pattern tables, the fall-back to English."""

import re
import string
from pathlib import Path

import pandas as pd
import pytest

from exposure.errors import ConfigError, DataError, ValidationFailures
from exposure.report import phrases_errors
from exposure.report.error_text import error_text
from exposure.report.translate import english_words


def test_every_template_fills_from_its_pattern():
    # a placeholder without its group would fail at the worst moment: while a user's error is being worded
    for pattern, template in phrases_errors.PATTERNS:
        groups = re.compile(pattern, re.DOTALL).groupindex
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        assert fields <= set(groups), (pattern, template)


@pytest.mark.parametrize("exc, ko", [
    (DataError("imports.csv", "expected a number, got 'abc'", row=7, column="수입 금액"),
     "imports.csv: 7행, '수입 금액' 열: 숫자여야 하는데 'abc'임"),
    (DataError("a.csv and b.csv", "expected a number, got 'x'", row=2),
     "a.csv, b.csv: 2행: 숫자여야 하는데 'x'임"),
    (DataError("scenarios", "expected a number, got 'x'"), "시나리오: 숫자여야 하는데 'x'임"),
    (ConfigError("run.toml: seed must be ≥ 0, got -1"), "run.toml: 'seed' 값은 0 이상이어야 하는데 -1임"),
    (ConfigError("event must be a month written YYYY-MM (e.g. 2019-07), got 'July'"),
     "'event' 값은 YYYY-MM 형식의 월(예: 2019-07)이어야 하는데 'July'임"),
    (DataError("imports", "no monthly import rows (flow M, month 1–12) of reporter KOR: the monitor needs a monthly "
                          "by-partner import table"),
     "수입 자료: 보고국 대한민국(KOR)의 월별 수입 행('flow' M, 1–12월)이 없음: 조기경보에는 상대국·월별 수입표가 필요함"),
    (DataError("a.csv", "expected a number, got ''2100'", row=3), "a.csv: 3행: 숫자여야 하는데 ''2100'임 (앞의 작은따옴표는 "
                                                                 "Excel의 텍스트 표시: 지우십시오)"),
    (DataError("t.csv", "the row is labelled 합계 (a total) but no other row shares its labels (기간=2019, HS코드=3707901010), "
                        "so it totals nothing: expected a total of the rows it names; if it is a data row, remove the word "
                        "합계", row=3),
     "t.csv: 3행: 이 행은 합계 행(합계)으로 적혀 있지만 같은 구분(기간=2019, HS코드=3707901010)의 다른 행이 없어 합할 행이 없음: "
     "이름 붙인 행들의 합계여야 함; 자료 행이라면 '합계'라는 말을 지우십시오"),
    (DataError("p.csv", "the SME profile gives shares of exports for 35 sectors and of another basis for 1: D29 (output); "
                        "expected one basis for every sector (or set sme_basis = 'output-calibrated' to read them all as "
                        "output shares, or give an SME-exports table with --sme-exports)"),
     "p.csv: 중소기업 프로필의 비중 기준이 35개 업종은 수출, 1개 업종은 다른 기준임: D29 (output); 모든 업종이 같은 기준이어야 "
     "함 (모두 산출 기준으로 읽으려면 sme_basis = 'output-calibrated'로 설정하거나, --sme-exports로 기업규모별 수출 표를 "
     "지정하십시오)"),
    (DataError("s.csv", "no column of all firms' exports (looked for 전체, 총계, 합계, 수출액): expected a table of exports by "
                        "firm size; the header has: '기간', '국가'", row=1),
     "s.csv: 1행: 전체 기업 수출 열이 없음 (찾아본 이름: 전체, 총계, 합계, 수출액): 기업규모별 수출 표여야 함; 머리글: '기간', "
     "'국가'"),
    (DataError("imports", "2019: only 1 of 12 months (01) in the imports: annual figures are the sum of those months"),
     "수입 자료: 2019년: 수입 자료에 12개월 중 1개월(01)만 있음: 연간 수치는 그 달들의 합계"),
    (DataError("ov.csv", "expected columns code, code_system, sector, share; missing sector, share", column="code"),
     "ov.csv: 'code' 열: 'code', 'code_system', 'sector', 'share' 열이 있어야 함; 'sector', 'share' 열이 없음"),
])
def test_korean_frame_and_problem(exc, ko):
    assert error_text(exc, "ko") == ko
    assert error_text(exc, "en") == str(exc)


def test_a_problem_no_pattern_knows_keeps_its_words_inside_the_korean_frame():
    exc = DataError("f.csv", "a problem worded nowhere else", row=3)
    assert error_text(exc, "ko") == "f.csv: 3행: a problem worded nowhere else"


def test_validation_failures_in_korean():
    failures = pd.DataFrame({"source": ["p.csv"], "row": [3], "column": ["sme_share"], "check": ["range"],
                             "problem": ["expected a value between 0 and 1"]})
    text = error_text(ValidationFailures(failures, title="p.csv: not a valid SectorProfile"), "ko")
    lines = text.splitlines()
    assert lines[0].endswith(": 문제 1건") and lines[1].startswith("  - p.csv: 3행, 'sme_share' 열: ")
    assert english_words(text) == [], text


def test_a_translation_that_fails_gives_the_english_text(monkeypatch):
    import exposure.report.error_text as et

    monkeypatch.setattr(et, "_korean", lambda exc: 1 / 0)
    exc = DataError("f.csv", "expected a number, got 'x'")
    assert error_text(exc, "ko") == str(exc)


def _constant_problems() -> list[str]:
    """Every constant problem text the package raises (``DataError(source, "…")``, ``ConfigError("…")``)."""
    import ast

    root = Path(__file__).resolve().parents[2] / "exposure"
    found = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            position = {"DataError": 1, "ConfigError": 0}.get(name)
            if position is None or len(node.args) <= position:
                continue
            arg = node.args[position]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return sorted(found)


PROBLEMS = _constant_problems()


def test_the_scan_finds_the_package_s_constant_problems():
    assert len(PROBLEMS) > 40
    assert "the header is the last row: expected rows of data under it" in PROBLEMS


@pytest.mark.parametrize("problem", PROBLEMS)
def test_every_constant_problem_has_its_korean_text(problem):
    korean = error_text(DataError("f.csv", problem), "ko")
    assert korean.startswith("f.csv: ")
    assert english_words(korean[len("f.csv: "):]) == [], korean
