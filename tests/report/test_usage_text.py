"""click's usage errors in Korean: the messages click itself raises, translated by exposure.report.usage_text."""

import click
import pytest

from exposure.report.translate import english_words
from exposure.report.usage_text import usage_header, usage_text


def _message(param_type: click.ParamType, value: str) -> str:
    with pytest.raises(click.BadParameter) as caught:
        param_type.convert(value, None, None)
    return caught.value.format_message()


@pytest.mark.parametrize("param_type, value, korean", [
    (click.INT, "x", "'x'은(는) 정수가 아님"),
    (click.FLOAT, "x", "'x'은(는) 숫자가 아님"),
    (click.IntRange(min=1, max=120), "0", "0은(는) 범위 1<=x<=120 밖임"),
    (click.FloatRange(min=0), "-0.5", "-0.5은(는) 범위 x>=0 밖임"),
    (click.Choice(["ko", "en"]), "jp", "'jp'은(는) 'ko', 'en' 중 하나가 아님"),
    (click.Path(exists=True), "/nonexistent/x.csv", "'/nonexistent/x.csv'이(가) 없음"),
    (click.Path(dir_okay=False), "/", "'/'은(는) 폴더임"),
])
def test_click_s_own_type_errors(param_type, value, korean):
    assert usage_text(_message(param_type, value)) == f"값이 잘못됨: {korean}"  # no parameter named: "Invalid value: …"


@pytest.mark.parametrize("english, korean", [
    ("No such option '--drws'. Did you mean '--draws'?", "그런 옵션 없음: '--drws' (비슷한 것: '--draws')"),
    ("No such option '--d'. (Did you mean one of: '--draws', '--dry'?)",
     "그런 옵션 없음: '--d' (비슷한 것: '--draws', '--dry')"),
    ("No such command 'x'.", "그런 명령 없음: 'x'"),
    ("Missing option '--monthly'.", "옵션 '--monthly'이(가) 빠짐"),
    ("Option '--draws' requires an argument.", "옵션 '--draws'에는 값이 필요함"),
    ("Got unexpected extra arguments (a b)", "필요 없는 인수가 더 있음 (a b)"),
    ("Invalid value for '--sme-exports': given 2 times (a.csv, b.csv): expected one file",
     "'--sme-exports' 값이 잘못됨: 2번 지정됨 (a.csv, b.csv): 파일은 하나여야 함"),
])
def test_click_s_messages(english, korean):
    assert usage_text(english) == korean
    assert english_words(korean) == []


def test_an_unknown_message_is_kept_and_the_header_is_korean():
    assert usage_text("something click never said") == "something click never said"
    assert usage_header("Usage: exposure report [OPTIONS]", "exposure report --help") == (
        "사용법: exposure report [OPTIONS]\n도움말: 'exposure report --help'\n")
