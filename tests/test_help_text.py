"""``--help`` in Korean (exposure.help_text): every command and option has its Korean text, the page
keeps to 80 columns, and English is one ``--lang en`` away."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from exposure.cli import cli
from exposure import help_text
from exposure.help_text import columns, first_line, korean_frame, wrapped
from exposure.report.translate import english_words


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    yield prefix, group
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))
        else:
            yield (*prefix, name), cmd


COMMANDS = list(_commands(cli))
#: what a Korean page keeps as typed: metavars, choices, file formats and names of tools and data
TYPED = {"exposure", "OPTIONS", "COMMAND", "ARGS", "FILE", "FILES", "TEXT", "INTEGER", "FLOAT", "RANGE", "NAME", "DEST",
         "KIND", "CUR", "RATE", "ko", "en", "ces", "cobb", "douglas", "leontief", "linear", "xlsx", "csv", "parquet", "png",
         "svg", "pdf", "brief", "toml", "Comtrade", "stat", "zip", "layout", "my", "imports", "three", "items",
         "list", "countermeasures", "report", "exposure-report", "exposure-monitor", "x", "YYYY", "MM", "IOT",
         "φ", "L", "H", "min", "max", "h", "K-stat", "pdf-brief",
         *(name for path, _ in COMMANDS for name in path)}  # command names, as typed


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) or "exposure" for p, _ in COMMANDS])
def test_every_command_and_option_has_its_korean_help(path, command):
    assert " ".join(path) in help_text.COMMANDS, f"no Korean help for 'exposure {' '.join(path)}'"
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            assert text in help_text.OPTIONS, f"{' '.join(path)} {param.opts[0]}: no Korean text for {text!r}"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) or "exposure" for p, _ in COMMANDS])
def test_help_is_korean_by_default_within_80_columns(runner, path, command):
    result = runner.invoke(cli, [*path, "--help"], prog_name="exposure")
    assert result.exit_code == 0, result.output
    page = result.output
    assert page.startswith(f"사용법: exposure {' '.join(path)}".rstrip())
    assert "\n옵션:\n" in page and ("\n명령:\n" in page) == isinstance(command, click.Group)
    assert "이 도움말을 보이고 끝냅니다." in page
    assert max(columns(line) for line in page.splitlines()) <= 80
    for line in page.splitlines():
        typed = re.sub(r"\[[^\]]*\|[^\]]*\]", " ", line)  # a choice list, [ko|en], is what the analyst types
        assert english_words(typed, allowed=TYPED) == [], line


@pytest.mark.parametrize("args", [["report", "--help", "--lang", "en"], ["report", "--lang", "en", "--help"],
                                  ["scenarios", "list", "--help", "--lang", "en"]])
def test_help_is_english_when_the_command_line_asks(runner, args):
    result = runner.invoke(cli, args, prog_name="exposure")
    assert result.exit_code == 0
    assert result.output.startswith("Usage: exposure") and "Options:" in result.output
    assert "한" not in result.output and "Show this message and exit." in result.output


def test_help_follows_the_config_files_language(runner, tmp_path):
    cfg = tmp_path / "run.toml"
    cfg.write_text('lang = "en"\n', encoding="utf-8")
    english = runner.invoke(cli, ["report", "--config", str(cfg), "--help"], prog_name="exposure")
    assert english.output.startswith("Usage: exposure report")
    cfg.write_text('lang = "ko"\n', encoding="utf-8")
    korean = runner.invoke(cli, ["report", "--config", str(cfg), "--help"], prog_name="exposure")
    assert korean.output.startswith("사용법: exposure report")


def test_a_korean_page_leaves_the_english_texts_in_place(runner):
    before = {(p.name, p.help) for p in cli.commands["report"].params}
    runner.invoke(cli, ["report", "--help"])
    assert {(p.name, p.help) for p in cli.commands["report"].params} == before
    assert cli.commands["report"].help.startswith("Run the analysis")
    english = runner.invoke(cli, ["report", "--help", "--lang", "en"]).output
    assert "Parts/materials import table(s) by country" in english


def test_the_korean_report_page_gives_each_option_its_korean_text_and_default(runner):
    page = runner.invoke(cli, ["calibrate", "--help"], prog_name="exposure").output
    assert "--product TEXT          잴 품목(HSK10 또는 HS6 코드).  [필수]" in page
    assert "--event TEXT            사건의 첫 달, YYYY-MM.  [기본값: 2019-07]" in page
    # the default mark overflowed 78 columns: broken once more under the text it continues
    assert "사건부터 대체를 재는 개월 수(H).  [기본값: 12;\n                          1<=x<=120]" in page


def test_wrapped_breaks_between_words_by_the_columns_they_take():
    text = "가나다 라마 바사아 자차"  # 6 + 1 + 4 + 1 + 6 + 1 + 4 columns
    assert wrapped(text, 11) == "\b\n가나다 라마\n바사아 자차"
    assert wrapped(text, 10) == "\b\n가나다\n라마\n바사아\n자차"  # no two words fit in 10 columns
    assert wrapped("하나.\n\n둘.", 40) == "\b\n하나.\n\n\b\n둘."  # each paragraph kept as it is


def test_first_line_is_the_first_sentence_cut_by_columns():
    assert first_line("보고서를 씁니다. 옵션 없이", 40) == "보고서를 씁니다"
    assert first_line("가나다라마바사", 9) == "가나다라…"  # 8 columns and the ellipsis
    assert columns(first_line("가나다라마바사", 9)) <= 9


def test_korean_frame_words_clicks_own_headings_and_marks():
    page = "Usage: exposure [OPTIONS]\n\nOptions:\n  --a  가  [default: 1]\n  --b  나  [required]\n\nCommands:\n"
    assert korean_frame(page) == "사용법: exposure [OPTIONS]\n\n옵션:\n  --a  가  [기본값: 1]\n  --b  나  [필수]\n\n명령:\n"


def test_a_help_page_imports_none_of_the_heavy_libraries():
    """``exposure --help`` stays a fraction of a second (benchmarks/bench_startup.py): no pandas behind a page."""
    import subprocess
    import sys

    code = ("import sys\nfrom click.testing import CliRunner\nfrom exposure.cli import cli\n"
            "for args in (['--help'], ['report', '--help'], ['report', '--help', '--lang', 'en']):\n"
            "    assert CliRunner().invoke(cli, args).exit_code == 0\n"
            "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib', 'openpyxl', 'pyarrow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("group", [[], ["scenarios"], ["countermeasures"], ["demo"]],
                         ids=["exposure", "scenarios", "countermeasures", "demo"])
def test_a_group_named_without_its_command_shows_its_help_page_not_an_error(runner, group):
    bare = runner.invoke(cli, group, prog_name="exposure")
    page = runner.invoke(cli, [*group, "--help"], prog_name="exposure").output
    assert bare.exit_code in (0, 2)  # click 8.2 and later: 2
    assert "오류:" not in bare.output and "Error:" not in bare.output
    assert bare.output.strip() == page.strip() and page.startswith("사용법: exposure")
