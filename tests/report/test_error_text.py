"""Errors in the run's language: the Korean frame, the pattern tables, the fall-back to English."""

import re
import string

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
