"""The command line's usage errors in Korean: click's own messages and the option checks of :mod:`exposure.cli`.

click words its usage errors (exit code 2) in English. :func:`usage_text` turns the message of one
into Korean with the patterns below, the messages click 8 writes and those the CLI's option checks
raise; a message none of them knows is translated as the engine's texts are
(:class:`~exposure.report.translate.Translator`), else kept as written.

Examples
--------
>>> usage_text("Invalid value for '--draws': 'x' is not a valid integer.")
"'--draws' 값이 잘못됨: 'x'은(는) 정수가 아님"
>>> usage_text("Missing argument 'DEST'.")
"인수 'DEST'이(가) 빠짐"
"""

from __future__ import annotations

import re

#: (English pattern, Korean template) of click's messages and the CLI's own checks, tried in order
PATTERNS: list[tuple[str, str]] = [
    # click.exceptions
    (r"Invalid value for (?P<p>.+?): (?P<m>.+)", "{p} 값이 잘못됨: {m:t}"),
    (r"Invalid value: (?P<m>.+)", "값이 잘못됨: {m:t}"),
    (r"Missing argument (?P<n>.+?)\.", "인수 {n}이(가) 빠짐"),
    (r"Missing option (?P<n>.+?)\.", "옵션 {n}이(가) 빠짐"),
    (r"Missing parameter: (?P<n>.+)", "값 {n}이(가) 빠짐"),
    (r"Missing (?P<n>.+?)\.", "{n}이(가) 빠짐"),
    (r"No such (?P<w>option|command) (?P<n>'[^']*')\. Did you mean (?P<d>'[^']*')\?",
     "그런 {w:t} 없음: {n} (비슷한 것: {d})"),
    (r"No such (?P<w>option|command) (?P<n>'[^']*')\. \(Did you mean one of: (?P<d>.+)\?\)",
     "그런 {w:t} 없음: {n} (비슷한 것: {d})"),
    (r"No such (?P<w>option|command) (?P<n>'[^']*')\.", "그런 {w:t} 없음: {n}"),
    (r"option", "옵션"),
    (r"command", "명령"),
    (r"Missing command\.", "명령이 빠짐"),
    (r"Got unexpected extra arguments? \((?P<a>.*)\)", "필요 없는 인수가 더 있음 ({a})"),
    (r"Option (?P<n>'[^']*') requires an argument\.", "옵션 {n}에는 값이 필요함"),
    (r"Option (?P<n>'[^']*') requires (?P<k>\d+) arguments\.", "옵션 {n}에는 값이 {k}개 필요함"),
    (r"Option (?P<n>'[^']*') does not take a value\.", "옵션 {n}은(는) 값을 받지 않음"),
    (r"Argument (?P<n>'[^']*') takes (?P<k>\d+) values\.", "인수 {n}은(는) 값을 {k}개 받음"),
    # click.types
    (r"(?P<v>.+) is not a valid integer(?: range)?\.", "{v}은(는) 정수가 아님"),
    (r"(?P<v>.+) is not a valid float(?: range)?\.", "{v}은(는) 숫자가 아님"),
    (r"(?P<v>.+) is not a valid boolean\. Recognized values: (?P<r>.*)", "{v}은(는) 참/거짓 값이 아님 (쓸 수 있는 값: {r})"),
    (r"(?P<v>.+) is not a valid boolean\.", "{v}은(는) 참/거짓 값이 아님"),
    (r"(?P<v>.+) is not in the range (?P<r>.+)\.", "{v}은(는) 범위 {r} 밖임"),
    (r"(?P<v>.+) is not one of (?P<c>.+)\.", "{v}은(는) {c} 중 하나가 아님"),
    (r"(?P<v>.+) is not (?P<c>'[^']*')\.", "{v}은(는) {c}이(가) 아님"),
    (r"(?:File|Directory|Path) (?P<f>'.*') does not exist\.", "{f}이(가) 없음"),
    (r"(?:File|Directory|Path) (?P<f>'.*') is a directory\.", "{f}은(는) 폴더임"),
    (r"(?:File|Directory|Path) (?P<f>'.*') is a file\.", "{f}은(는) 파일임"),
    (r"(?:File|Directory|Path) (?P<f>'.*') is not readable\.", "{f}을(를) 읽을 수 없음"),
    (r"(?:File|Directory|Path) (?P<f>'.*') is not writable\.", "{f}에 쓸 수 없음"),
    # exposure.cli's option checks
    (r"unknown format (?P<f>.+); choose from (?P<c>.+)", "알 수 없는 형식 {f}; 다음 중에서 고르십시오: {c}"),
    (r"(?P<i>'.*'): expected CURRENCY=RATE \(units per USD\), e\.g\. KRW=1100\.3",
     "{i}: 통화=환율(1달러당 통화 단위) 형식이어야 함, 예: KRW=1100.3"),
    (r"given (?P<n>\d+) times \((?P<f>.*)\): expected one file", "{n}번 지정됨 ({f}): 파일은 하나여야 함"),
    (r"give at least one --imports file \(or imports = \[\.\.\.\] in --config\)",
     "--imports 파일을 하나 이상 지정하십시오 (또는 --config 파일에 imports = [...])"),
]

_COMPILED: list[tuple[re.Pattern[str], str]] | None = None


def usage_text(message: str) -> str:
    """``message``, a usage error's text, in Korean (as written when nothing knows it)."""
    global _COMPILED
    if _COMPILED is None:
        _COMPILED = [(re.compile(p, re.DOTALL), t) for p, t in PATTERNS]
    for regex, template in _COMPILED:
        m = regex.fullmatch(message.strip())
        if m:
            return _fill(template, m.groupdict())
    return _engine(message)


def _fill(template: str, values: dict[str, str]) -> str:
    def one(m: re.Match[str]) -> str:
        value = values[m.group(1)] or ""
        return usage_text(value) if m.group(2) == ":t" else value

    return re.sub(r"\{(\w+)(:t)?\}", one, template)


def _engine(message: str) -> str:
    """A message of the engine's own (``--out`` checks): translated as the report translates it."""
    from exposure.report.translate import Translator

    return Translator("ko").text(message)


def usage_header(usage: str, hint: str | None) -> str:
    """click's ``Usage: …`` line and its help hint, in Korean."""
    line = re.sub(r"^Usage:", "사용법:", usage)
    return f"{line}\n도움말: '{hint}'\n" if hint else f"{line}\n"
