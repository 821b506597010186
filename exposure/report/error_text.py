"""An error as the person who ran the command reads it: in Korean with ``--lang ko``.

The loaders and the config reader raise their errors in English (the tests and the logs hold those
texts). At the command line's boundary :func:`error_text` frames a :class:`~exposure.errors.DataError`
as ``파일: 4행, '수입 금액' 열: …`` and turns its problem into Korean with the patterns of
:mod:`exposure.report.phrases_errors`; a :class:`~exposure.errors.ConfigError` keeps its source and has
the rest translated. A problem no pattern knows stays as written, inside the Korean frame.

Examples
--------
>>> from exposure.errors import DataError
>>> error_text(DataError("imports.csv", "expected a number, got 'abc'", row=7, column="수입 금액"), "ko")
"imports.csv: 7행, '수입 금액' 열: 숫자여야 하는데 'abc'임"
>>> error_text(DataError("imports.csv", "expected a number, got 'abc'", row=7, column="수입 금액"), "en")
"imports.csv: row 7, column '수입 금액': expected a number, got 'abc'"
"""

from __future__ import annotations

from pathlib import Path

from exposure.errors import DataError, ExposureError, ValidationFailures, _opt_int, _opt_str


def error_text(exc: ExposureError, lang: str) -> str:
    """``exc`` worded for the reader: ``str(exc)`` in English, Korean with ``lang="ko"``.

    The wording must never be what fails: should the translation itself raise, the English text is given.
    """
    if lang != "ko":
        return str(exc)
    try:
        return _korean(exc)
    except Exception:  # noqa: BLE001 - the message of an error must reach the user whatever happens
        return str(exc)


def _korean(exc: ExposureError) -> str:
    from exposure.report.translate import Translator

    t = Translator("ko")
    if isinstance(exc, DataError):
        return _data_error(t, exc.source, exc.problem, exc.row, exc.column)
    if isinstance(exc, ValidationFailures):
        n = len(exc.failures)
        lines = [f"{t.text(exc.title)}: 문제 {n}건"]
        for rec in exc.failures.head(50).itertuples(index=False):
            lines.append("  - " + _data_error(t, rec.source, rec.problem, _opt_int(rec.row), _opt_str(rec.column)))
        if n > 50:
            lines.append(f"  … 외 {n - 50}건")
        return "\n".join(lines)
    return _sourced(t, str(exc))


#: the labels an error gives as its source when it is not one file (the engine's tables, the options)
SOURCES = {"imports": "수입 자료", "imports by partner": "상대국별 수입 자료", "later imports": "이후 수입 자료",
           "monthly": "월별 수입 자료", "monitor panel": "월별 패널", "scenarios": "시나리오", "shocks": "충격",
           "feeds": "연결 표", "weights": "가중치", "world exports": "세계 수출 자료", "sector profile": "업종 프로필",
           "io": "산업연관표", "kind": "입력 종류", "options": "옵션", "config": "설정", "input": "입력",
           "own exports": "자국 수출 자료"}


def _source(source: object) -> str:
    """The file(s) an error names (``a.csv and b.csv`` joined the Korean way), or its label in Korean."""
    text = str(source) if source else "input"
    if text in SOURCES:
        return SOURCES[text]
    return ", ".join(Path(part).name for part in text.split(" and "))


def _data_error(t, source: object, problem: str, row: int | None, column: str | None) -> str:
    where = _source(source)
    loc = ([f"{row}행"] if row is not None else []) + ([f"'{column}' 열"] if column is not None else [])
    return (f"{where}: {', '.join(loc)}: " if loc else f"{where}: ") + _sourced(t, problem)


def _sourced(t, text: str) -> str:
    """``text`` translated whole, else its source kept (``run.toml: …``, ``--out x: …``) and the rest translated."""
    whole = t.text(text)
    if whole != text:
        return whole
    head, sep, rest = text.partition(": ")
    if sep:
        done = t.text(rest)
        if done != rest:
            return f"{SOURCES.get(head, head)}: {done}"
    return text
