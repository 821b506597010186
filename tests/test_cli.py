"""The command line: every command, its exit code and its message (CliRunner, in process)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from exposure import __version__
from exposure.cli import cli
from exposure.report.translate import english_words
from tests.test_config import MEANINGLESS_SETTINGS

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def _commands(group, prefix=()):  # every leaf command with its full name
    import click

    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + (name,))
        else:
            yield prefix + (name,), cmd


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"exposure 버전 {__version__}\n"  # Korean, as the group's help page


def test_every_command_has_help_and_is_in_the_readme(runner):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    names = list(_commands(cli))
    assert {" ".join(n) for n, _ in names} >= {"report", "inspect", "validate", "indicators", "scenarios list",
                                              "scenarios show", "scenarios export", "demo export"}
    for name, cmd in names:
        assert cmd.help and len(cmd.help.strip()) > 10, f"{' '.join(name)} has no help text"
        result = runner.invoke(cli, [*name, "--help", "--lang", "en"])
        assert result.exit_code == 0, result.output
        assert "Usage: " in result.output  # Korean by default: tests/test_help_text.py
        # the README names the command (sub-commands may be written "scenarios list / show NAME")
        assert f"exposure {name[0]}" in readme, f"README does not mention 'exposure {name[0]}'"
        assert name[-1] in readme


def test_python_dash_m_works():
    proc = subprocess.run([sys.executable, "-m", "exposure", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"exposure 버전 {__version__}"


def test_unknown_option_is_a_usage_error(runner):
    result = runner.invoke(cli, ["report", "--bogus", "--lang", "en"])
    assert result.exit_code == 2
    assert "No such option: --bogus" in result.output or "No such option '--bogus'" in result.output


@pytest.mark.parametrize("args, message", [
    (["report", "--bogus"], "그런 옵션 없음: '--bogus' (비슷한 것: '--out')"),
    (["report", "--draws", "x"], "'--draws' 값이 잘못됨: 'x'은(는) 정수가 아님"),
    (["report", "--draws", "-1"], "'--draws' 값이 잘못됨: -1은(는) 범위 x>=0 밖임"),
    (["report", "--lang", "jp"], "'--lang' 값이 잘못됨: 'jp'은(는) 'ko', 'en' 중 하나가 아님"),
    (["report", "--format", "xlsx,docx"], "'--format' 값이 잘못됨: 알 수 없는 형식 docx; 다음 중에서 고르십시오: xlsx, csv, "
                                          "parquet, png, svg, pdf, pdf-brief"),
    (["report", "--fx", "KRW:1"], "'--fx' 값이 잘못됨: 'KRW:1': 통화=환율(1달러당 통화 단위) 형식이어야 함, 예: KRW=1100.3"),
    (["report", "extra"], "필요 없는 인수가 더 있음 (extra)"),
    (["reprt"], "그런 명령 없음: 'reprt' (비슷한 것: 'report')"),
    (["--bogus"], "그런 옵션 없음: '--bogus'"),
    (["-x", "report"], "그런 옵션 없음: '-x'"),
    (["scenarios", "export", "catch-all"], "인수 'DEST'이(가) 빠짐"),
    (["indicators"], "--imports 파일을 하나 이상 지정하십시오 (또는 --config 파일에 imports = [...])"),
    (["report", "--out", "."], "'--out' 값이 잘못됨: 지금 작업 중인 폴더임; 그 아래의 폴더를 지정하십시오 (예: --out "
                               "exposure-report): 보고서 폴더는 다음 실행 때 통째로 바뀜"),
], ids=["no-such-option", "not-an-integer", "out-of-range", "bad-choice", "bad-format", "bad-fx", "extra-argument",
        "no-such-command", "group-option", "group-short-option", "missing-argument", "no-imports", "out-is-here"])
def test_usage_errors_are_korean_unless_the_command_line_asks_for_english(runner, tmp_path, monkeypatch, args,
                                                                          message):
    from exposure.report.translate import english_words

    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, args, prog_name="exposure")
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith("사용법: exposure") and lines[1].startswith("도움말: 'exposure") and lines[1].endswith(
        " --help'"), lines
    assert lines[-1] == f"오류: {message}"
    # what the analyst typed, the formats' and options' names are not English prose
    typed = {"docx", "extra", "xlsx", "csv", "parquet", "png", "svg", "pdf", "pdf-brief", "imports", "exposure-report"}
    assert english_words(lines[-1], allowed=typed) == [], lines[-1]
    if "--lang" in args:
        return
    english = runner.invoke(cli, [*args, "--lang", "en"], prog_name="exposure")
    assert english.exit_code == 2 and english.stderr.splitlines()[-1].startswith("Error: ")
    assert english.stderr.splitlines()[0].startswith("Usage: exposure")


@pytest.mark.parametrize("command", ["report", "monitor"])
def test_an_out_that_is_a_file_is_refused_in_the_language_asked(runner, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("kept", encoding="utf-8")
    ko = runner.invoke(cli, [command, "--out", "notes.txt"], prog_name="exposure")
    assert ko.exit_code == 2
    assert ko.stderr.splitlines()[-1] == "오류: '--out' 값이 잘못됨: 같은 이름의 파일이 있음: 폴더를 지정하십시오"
    en = runner.invoke(cli, [command, "--out", "notes.txt", "--lang", "en"], prog_name="exposure")
    assert en.exit_code == 2
    assert en.stderr.splitlines()[-1] == "Error: Invalid value for '--out': a file of that name exists; give a folder"
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "kept"


@pytest.mark.parametrize("config, extra, first", [
    ('lang = "en"\n', [], "Error: No such option '--bogus'. Did you mean '--out'?"),
    ('lang = "ko"\n', [], "오류: 그런 옵션 없음: '--bogus' (비슷한 것: '--out')"),
    ('lang = "en"\n', ["--lang", "ko"], "오류: 그런 옵션 없음: '--bogus' (비슷한 것: '--out')"),  # the option first
    ("lang = 3\n", [], "오류: 그런 옵션 없음: '--bogus' (비슷한 것: '--out')"),  # no language it names: Korean
    ("lang = \n", [], "오류: 그런 옵션 없음: '--bogus' (비슷한 것: '--out')"),  # not TOML: the run would say so
    (None, [], "오류: 그런 옵션 없음: '--bogus' (비슷한 것: '--out')"),  # no such file
], ids=["config-en", "config-ko", "option-beats-config", "not-a-language", "invalid-toml", "missing-file"])
def test_a_usage_error_follows_the_config_files_language(runner, tmp_path, config, extra, first):
    cfg = tmp_path / "run.toml"
    if config is not None:
        cfg.write_text(config, encoding="utf-8")
    result = runner.invoke(cli, ["report", "--config", str(cfg), *extra, "--bogus"], prog_name="exposure")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == first
    assert cfg.exists() == (config is not None)  # the file is only read


def test_a_config_given_with_an_equals_sign_sets_the_language_of_a_usage_error_too(runner, tmp_path):
    cfg = tmp_path / "run.toml"
    cfg.write_text('lang = "en"\n', encoding="utf-8")
    result = runner.invoke(cli, ["report", f"--config={cfg}", "--draws", "x"], prog_name="exposure")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: Invalid value for '--draws': 'x' is not a valid integer range."


def test_bad_format_is_a_usage_error(runner):
    result = runner.invoke(cli, ["report", "--format", "xlsx,docx", "--lang", "en"])
    assert result.exit_code == 2
    assert "unknown format docx" in result.output


def test_repeated_format_writes_every_format_named(runner, tmp_path):
    # a repeated --format once kept only the last one: the workbook and the tables silently went missing
    out = tmp_path / "o"
    result = runner.invoke(cli, ["report", "--format", "csv", "--format", "xlsx,csv", "--lang", "en", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "exposure_report.xlsx").is_file()
    assert (out / "tables" / "sectors.csv").is_file()
    assert not list(out.glob("*.png"))
    bad = runner.invoke(cli, ["report", "--format", "csv", "--format", "docx", "--lang", "en"])
    assert bad.exit_code == 2
    assert "unknown format docx" in bad.output


def test_missing_input_file_is_a_data_error(runner, tmp_path):
    result = runner.invoke(cli, ["report", "--imports", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o"), "--lang", "en"])
    assert result.exit_code == 1
    assert result.output.strip().endswith("Error: nope.csv: file not found")
    assert not (tmp_path / "o").exists()


def test_report_on_demo_prints_ranking_and_paths(runner, tmp_path):
    out = tmp_path / "rep"
    result = runner.invoke(cli, ["report", "--out", str(out), "--top", "3", "--lang", "en"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()  # progress goes to stderr
    assert lines[0] == ("Scenario 2019 controls on three items — target Japan, year 2019: top 3 sectors by SME export "
                        "value at risk (USD million over 180 days)")
    assert lines[0].endswith("(USD million over 180 days)")
    assert re.match(r"\s+1\s+D26\s", lines[2]), lines[2]  # semiconductors' sector leads on the demo
    assert "running on the embedded demo data (synthetic values" in result.stderr
    assert f"to {out}/:" in result.output
    assert str(out / "exposure_report.xlsx") in result.output
    assert len(list((out / "charts").glob("*.png"))) >= 2
    assert (out / "tables" / "sectors.csv").is_file()


def test_report_with_unknown_scenario_exits_1(runner, tmp_path):
    result = runner.invoke(cli, ["report", "--scenario", "no-such-tier", "--out", str(tmp_path / "o"), "--lang", "en"])
    assert result.exit_code == 1
    assert "unknown scenario 'no-such-tier'" in result.output
    assert "2019-three-items" in result.output
    assert not (tmp_path / "o").exists()
    # Korean by default, the names of the shipped scenarios kept as they are written
    result = runner.invoke(cli, ["report", "--scenario", "no-such-tier", "--out", str(tmp_path / "o")])
    error = result.stderr.splitlines()[-1]
    assert result.exit_code == 1 and error.startswith("오류: 알 수 없는 시나리오 'no-such-tier'"), result.stderr
    assert "'2019-three-items'" in error and english_words(error) == [], error


def test_report_config_file_keys_mirror_options(runner, tmp_path):
    cfg = tmp_path / "run.toml"
    cfg.write_text('target = "JPN"\nscenario = ["2019-three-items", "full-embargo"]\nformat = "csv"\nlang = "en"\n',
                   encoding="utf-8")
    result = runner.invoke(cli, ["report", "--config", str(cfg), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "Scenario Full embargo (upper bound) — target Japan" in result.output
    assert not (tmp_path / "o" / "exposure_report.xlsx").exists()  # format csv only
    assert (tmp_path / "o" / "tables" / "sectors.csv").is_file()


def test_report_config_with_unknown_key_names_it(runner, tmp_path):
    cfg = tmp_path / "run.toml"
    cfg.write_text('targte = "JPN"\n', encoding="utf-8")
    result = runner.invoke(cli, ["report", "--config", str(cfg), "--out", str(tmp_path / "o"), "--lang", "en"])
    assert result.exit_code == 1
    assert "unknown key 'targte'" in result.output
    assert "valid keys are:" in result.output


def test_inspect_demo_imports(runner, demo_dir):
    result = runner.invoke(cli, ["inspect", str(demo_dir / "parts_imports_by_country_2017_2019.csv"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "encoding       cp949" in result.output
    assert "총계" in result.output
    assert "HSK10" in result.output


def test_inspect_exits_1_when_a_file_would_not_load(runner, demo_dir, tmp_path):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\x01\x02\xff" * 64)
    result = runner.invoke(cli, ["inspect", str(demo_dir / "sme_profile_2019.csv"), str(junk), "--lang", "en"])
    assert result.exit_code == 1
    assert "ERROR" in result.stdout
    assert result.output.strip().endswith("Error: 1 of 2 files would not load (see ERROR above)")
    korean = runner.invoke(cli, ["inspect", str(demo_dir / "sme_profile_2019.csv"), str(junk)])
    assert korean.exit_code == 1
    assert korean.stderr == "오류: 파일 2개 중 1개를 읽을 수 없음 (위의 '오류' 참조)\n"


def test_validate_ok_and_error(runner, demo_dir, tmp_path):
    ok = runner.invoke(cli, ["validate", str(demo_dir / "sme_profile_2019.csv"), "--lang", "en"])
    assert ok.exit_code == 0, ok.output
    assert "36 rows kept" in ok.output
    bad = tmp_path / "empty.csv"
    bad.write_bytes(b"")
    result = runner.invoke(cli, ["validate", str(demo_dir / "sme_profile_2019.csv"), str(bad), "--lang", "en"])
    assert result.exit_code == 1
    assert "empty.csv" in result.output and "error" in result.output


def test_indicators_to_csv(runner, demo_dir, tmp_path):
    out = tmp_path / "ind.csv"
    result = runner.invoke(cli, ["indicators", "--imports", str(demo_dir / "parts_imports_by_country_2017_2019.csv"),
                                 "--year", "2018", "--out", str(out)])
    assert result.exit_code == 0, result.output
    import pandas as pd

    table = pd.read_csv(out, dtype={"code": str}, encoding="utf-8-sig")
    hf = table.loc[table["code"] == "2811111000", "target_share"].item()
    assert hf == pytest.approx(66_857 / 159_423, abs=1e-9)  # the demo carries the published 41.9 %
    assert result.stdout.startswith(f"{len(table):,}개 행 저장함: ")  # Korean by default
    english = runner.invoke(cli, ["indicators", "--imports", str(demo_dir / "parts_imports_by_country_2017_2019.csv"),
                                  "--year", "2018", "--out", str(out), "--lang", "en"])
    assert english.exit_code == 0 and english.stdout.startswith(f"Wrote {len(table)} rows to")
    # Korean by default: each reason has its Korean beside it, as in the report's products.csv
    ko = runner.invoke(cli, ["indicators", "--imports", str(demo_dir / "parts_imports_by_country_2017_2019.csv"),
                             "--year", "2018", "--out", str(out)])
    assert ko.exit_code == 0
    twins = pd.read_csv(out, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    assert list(twins.columns).index("reasons_ko") == list(twins.columns).index("reasons") + 1
    assert twins["reasons_ko"].str.startswith("세계 수출 자료 없음").all()


def test_indicators_on_the_terminal_show_no_none_or_nan(runner, demo_dir):
    result = runner.invoke(cli, ["indicators", "--imports", str(demo_dir / "parts_imports_by_country_2017_2019.csv"),
                                 "--year", "2019"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[2].split()[:5] == ["2019", "8542311000", "HSK10", "8,949,178,000", "3,752,663,000"]
    assert not [ln for ln in lines if "None" in ln or "NaN" in ln or "nan" in ln]


def test_indicators_for_another_target(runner, demo_dir):
    result = runner.invoke(cli, ["indicators", "--imports", str(demo_dir / "parts_imports_by_country_2017_2019.csv"),
                                 "--target", "CHN", "--year", "2019", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "products; top 20 by imports from the target" in result.stdout


def test_scenarios_list_show_export(runner, tmp_path):
    listed = runner.invoke(cli, ["scenarios", "list"])
    assert listed.exit_code == 0
    names = [line.split()[0] for line in listed.output.splitlines()]
    assert names == ["2019-three-items", "white-list-removal", "catch-all", "full-embargo", "export-retaliation"]
    shown = runner.invoke(cli, ["scenarios", "show", "catch-all"])
    assert shown.exit_code == 0 and 'name = "catch-all"' in shown.output
    # the copy's opening comment follows --lang (Korean by default); the keys and values do not change
    assert shown.output.startswith("# exposure 시나리오 'catch-all'의 편집용 사본: 시나리오 이름 대신 이 파일의 경로를")
    english = runner.invoke(cli, ["scenarios", "show", "catch-all", "--lang", "en"])
    assert english.output.startswith("# exposure scenario 'catch-all': an editable copy")
    # the keys and values do not change: only the comments (each rule's Korean title) differ
    assert english.output.splitlines()[3:] == [ln for ln in shown.output.splitlines()[3:] if not ln.startswith("# ")]
    exported = runner.invoke(cli, ["scenarios", "export", "catch-all", str(tmp_path), "--lang", "en"])
    assert exported.exit_code == 0
    path = tmp_path / "catch-all.toml"
    assert exported.output.strip() == f"Wrote {path}"
    # the exported copy loads back as a scenario file and runs
    result = runner.invoke(cli, ["report", "--scenario", str(path), "--format", "csv", "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output


def test_scenarios_show_unknown(runner):
    result = runner.invoke(cli, ["scenarios", "show", "nope", "--lang", "en"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown scenario 'nope'")
    korean = runner.invoke(cli, ["scenarios", "show", "nope"])
    assert korean.exit_code == 1
    assert korean.output.startswith("오류: 알 수 없는 시나리오 'nope'; 내장 시나리오: '2019-three-items', ")


def test_demo_export(runner, tmp_path):
    result = runner.invoke(cli, ["demo", "export", str(tmp_path / "demo")])
    assert result.exit_code == 0
    written = sorted(p.name for p in (tmp_path / "demo").iterdir())
    assert written == ["io_table_2019.xlsx", "parts_imports_by_country_2017_2019.csv", "sme_profile_2019.csv",
                       "top100_exports_2019.xlsx"]


def test_progress_is_plain_lines_off_a_terminal(capsys):
    from exposure.cli import StderrProgress

    p = StderrProgress(total=2)
    p("reading inputs")
    p("scenario x")
    p("one more than announced")  # never overflows the bar
    p.close()
    assert capsys.readouterr().err.splitlines() == ["reading inputs", "scenario x", "one more than announced"]


def test_progress_bar_on_a_terminal(capsys, monkeypatch):
    from exposure.cli import StderrProgress

    p = StderrProgress(total=4, width=8)
    p.tty = True
    p("reading inputs")
    p.close()
    err = capsys.readouterr().err
    assert err.startswith("\r██······ 1/4 reading inputs")
    assert err.endswith("\n")


def test_korean_console_by_default(runner, tmp_path):
    result = runner.invoke(cli, ["report", "--out", str(tmp_path / "o"), "--format", "csv", "--top", "3"])
    assert result.exit_code == 0, result.output
    head = result.stdout.splitlines()[0]
    assert head == "2019년 3개 품목 수출규제 — 대상국 일본, 2019년: 중소기업 수출 위험액 기준 상위 3개 업종 (백만 달러, 분석 기간 180일)"
    assert head.endswith("(백만 달러, 분석 기간 180일)")
    assert "내장 데모 자료로 실행합니다" in result.stderr
    assert any(line.endswith("개를 썼습니다:") for line in result.stdout.splitlines())


def test_a_scenario_file_prints_its_ranking(runner, tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('name = "my-tier"\n[[rules]]\nprefixes = ["28"]\ncoverage = 0.5\n', encoding="utf-8")
    result = runner.invoke(cli, ["report", "--scenario", str(path), "--format", "csv", "--lang", "en", "--top", "3",
                                 "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Scenario my-tier — target Japan, year 2019: top 3 sectors")
    assert re.match(r"\s+1\s+D\w+\s", lines[2]), lines[2]


def test_config_file_and_options_give_identical_outputs(runner, tmp_path, demo_dir):
    cfg = tmp_path / "run.toml"
    cfg.write_text(f'imports = ["{demo_dir / "parts_imports_by_country_2017_2019.csv"}"]\n'
                   f'io = "{demo_dir / "io_table_2019.xlsx"}"\nprofile = "{demo_dir / "sme_profile_2019.csv"}"\n'
                   'scenario = ["2019-three-items", "catch-all"]\ndraws = 20\nseed = 7\nformat = "csv"\n'
                   'production = "leontief"\nlang = "en"\n', encoding="utf-8")
    a = runner.invoke(cli, ["report", "--config", str(cfg), "--out", str(tmp_path / "a")])
    b = runner.invoke(cli, ["report", "--imports", str(demo_dir / "parts_imports_by_country_2017_2019.csv"),
                            "--io", str(demo_dir / "io_table_2019.xlsx"), "--profile",
                            str(demo_dir / "sme_profile_2019.csv"), "--scenario", "2019-three-items",
                            "--scenario", "catch-all", "--draws", "20", "--seed", "7", "--format", "csv",
                            "--production", "leontief", "--lang", "en", "--out", str(tmp_path / "b")])
    assert a.exit_code == 0 and b.exit_code == 0, a.output + b.output
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.csv"))
    assert files_a == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.csv")) and files_a
    for rel in files_a:
        if rel.name == "inputs.csv":  # the config file itself is not an input; the same data files are
            continue
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


@pytest.mark.parametrize("body, fragment", [
    ('draws = "100"\n', "run.toml: draws = '100': expected a whole number (without quotes)"),
    ('use_overrides = "no"\n', "run.toml: use_overrides = 'no': expected true or false"),
    ('format = "docx"\n', "run.toml: formats: unknown format 'docx'; valid formats are: xlsx"),
])
def test_bad_config_values_fail_before_anything_is_read(runner, tmp_path, monkeypatch, body, fragment):
    import exposure.pipeline as pipeline

    monkeypatch.setattr(pipeline, "run", lambda *a, **k: pytest.fail("the analysis ran"))
    cfg = tmp_path / "run.toml"
    cfg.write_text(body, encoding="utf-8")
    result = runner.invoke(cli, ["report", "--config", str(cfg), "--out", str(tmp_path / "o"), "--lang", "en"])
    assert result.exit_code == 1
    assert result.output.strip().endswith(f"Error: {fragment}") or fragment in result.output
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("body, message", MEANINGLESS_SETTINGS)
def test_meaningless_settings_are_refused_before_anything_is_read(runner, tmp_path, monkeypatch, body, message):
    import exposure.report_command as report_command

    monkeypatch.setattr(report_command, "run", lambda *a, **k: pytest.fail("the analysis ran"))
    cfg = tmp_path / "run.toml"
    cfg.write_text(body, encoding="utf-8")
    result = runner.invoke(cli, ["report", "--config", str(cfg), "--out", str(tmp_path / "o"), "--format", "csv",
                                 "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines()[-1] == f"Error: {message}"
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert not (tmp_path / "o").exists()


def test_two_rates_for_one_currency_are_refused(runner, tmp_path):
    result = runner.invoke(cli, ["report", "--fx", "KRW=1000", "--fx", "krw=2000", "--out", str(tmp_path / "o"), "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines()[-1] == ("Error: options: fx_rates: KRW is given two rates, 1000 and 2000 "
                                                      "KRW per USD; give one rate per currency")
    assert not (tmp_path / "o").exists()


def test_scenario_rules_as_people_write_them(runner, tmp_path):
    exported = tmp_path / "s3.toml"
    assert runner.invoke(cli, ["scenarios", "export", "2019-three-items", str(exported)]).exit_code == 0
    text = exported.read_text(encoding="utf-8")
    quoted = tmp_path / "quoted.toml"
    quoted.write_text(text.replace('codes = ["2811111000"]', 'condition = "target_share >= \'0.5\'"', 1),
                      encoding="utf-8")
    result = runner.invoke(cli, ["report", "--scenario", str(quoted), "--out", str(tmp_path / "o"), "--format", "csv",
                                 "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines()[-1] == (
        "Error: quoted.toml: rule 1 ('hydrogen fluoride (HSK10)'): condition \"target_share >= '0.5'\": target_share "
        "is a number, got the text '0.5'; write the number without quotes: target_share >= 0.5")
    assert "internal error" not in result.output and not (tmp_path / "o").exists()
    # a code copied from a tariff schedule reads as the imports' codes do: the same report as the shipped file
    dotted = tmp_path / "dotted.toml"
    dotted.write_text(text.replace('codes = ["2811111000"]', 'codes = ["2811.11-1000"]', 1), encoding="utf-8")
    outs = {}
    for name, path in (("shipped", exported), ("dotted", dotted)):
        result = runner.invoke(cli, ["report", "--scenario", str(path), "--out", str(tmp_path / name),
                                     "--format", "csv", "--lang", "en"])
        assert result.exit_code == 0, result.output
        outs[name] = (tmp_path / name / "tables" / "shocks.csv").read_bytes()
    assert outs["dotted"] == outs["shipped"] and b"2811111000" in outs["dotted"]


@pytest.mark.parametrize("args, code, fragment", [
    (["--seed", "-1"], 2, "Invalid value for '--seed'"),
    (["--mapping", "bogus=x.toml"], 1, "mapping kind 'bogus' is not known; valid kinds are: imports, exports"),
    (["--fx", "KRW"], 2, "expected CURRENCY=RATE"),
    (["--code", "12"], 1, "the file has a code column ('HS코드'): --code is for files about one product"),
])
def test_option_hygiene(runner, tmp_path, args, code, fragment):
    result = runner.invoke(cli, ["report", *args, "--format", "csv", "--out", str(tmp_path / "o"), "--lang", "en"])
    assert result.exit_code == code, result.output
    if fragment:
        assert fragment in result.output


def test_out_is_checked_before_any_input_is_read(runner, tmp_path):
    afile = tmp_path / "f"
    afile.write_text("")
    result = runner.invoke(cli, ["report", "--imports", str(tmp_path / "missing.csv"), "--out", str(afile / "rep"),
                                 "--lang", "en"])
    assert result.exit_code == 2
    assert "Invalid value for '--out'" in result.output and "is a file" in result.output
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "mine.txt").write_text("x")
    result = runner.invoke(cli, ["report", "--out", str(docs), "--lang", "en"])
    assert result.exit_code == 2 and "not an exposure report" in result.output
    assert (docs / "mine.txt").read_text() == "x"


@pytest.mark.parametrize("out, message", [
    (".", "Invalid value for '--out': that is the folder you are working in; give a folder below it (e.g. --out "
          "exposure-report)"),
    ("..", "Invalid value for '--out': that is the folder you are working in or one above it; give a folder below it"),
])
@pytest.mark.parametrize("command", ["report", "monitor"])
def test_out_cannot_be_the_working_folder_or_above_it(runner, tmp_path, monkeypatch, out, message, command):
    # an empty working folder once passed the checks, the whole run was made, and the last step failed
    here = tmp_path / "work"
    here.mkdir()
    monkeypatch.chdir(here)
    result = runner.invoke(cli, [command, "--out", out, "--lang", "en"])
    assert result.exit_code == 2 and message in " ".join(result.output.split()), result.output
    assert list(here.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["work"]


def test_every_failure_is_a_message(runner, tmp_path, monkeypatch):
    import exposure.report_command as rc

    def disk_full(*_a, **_k):
        raise OSError(28, "No space left on device", str(tmp_path / "o" / "x.xlsx"))

    monkeypatch.setattr(rc, "run", disk_full)
    result = runner.invoke(cli, ["report", "--out", str(tmp_path / "o"), "--lang", "en"])
    assert result.exit_code == 1
    assert result.output.strip().endswith("Error: x.xlsx: No space left on device (the file system refused; check "
                                          "the path, free space and permissions)")
    assert "Traceback" not in result.output
    result = runner.invoke(cli, ["report", "--out", str(tmp_path / "o")])  # Korean, the default
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("오류: x.xlsx: 파일 시스템이 거부함 (디스크 공간 부족): 경로, 여유 공간, 권한을 "
                                          "확인하십시오")

    def bug(*_a, **_k):
        raise ValueError("boom")

    monkeypatch.setattr(rc, "run", bug)
    result = runner.invoke(cli, ["report", "--out", str(tmp_path / "o"), "--lang", "en"])
    assert result.exit_code == 1 and "internal error (ValueError: boom)" in result.output
    result = runner.invoke(cli, ["report", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "오류: 내부 오류 (ValueError: boom): 명령줄과 함께 알려 주십시오" in result.stderr
    monkeypatch.setattr(rc, "run", lambda *a, **k: (_ for _ in ()).throw(RecursionError()))
    result = runner.invoke(cli, ["report", "--out", str(tmp_path / "o"), "--lang", "en"])
    assert result.exit_code == 1 and "nests too deeply" in result.output


def test_undecodable_file_names_are_printed(runner, tmp_path):
    name = tmp_path / "bad\udcff.csv"  # the bytes of a file name that is not UTF-8
    result = runner.invoke(cli, ["report", "--imports", str(name), "--out", str(tmp_path / "o"), "--lang", "en"])
    assert result.exit_code == 1
    assert "bad\\xff.csv: file not found" in result.output


def test_inspect_takes_kind_equals_file(runner, demo_dir):
    result = runner.invoke(cli, ["inspect", "--mapping", "imports=nonexistent.toml",
                                 str(demo_dir / "parts_imports_by_country_2017_2019.csv")])
    assert result.exit_code == 1
    bogus = runner.invoke(cli, ["inspect", "--mapping", "bogus=x.toml", str(demo_dir / "sme_profile_2019.csv"),
                                "--lang", "en"])
    assert bogus.exit_code == 1 and "mapping kind 'bogus' is not known" in bogus.output


# --------------------------------------------------------------------------- monitor and calibrate
def _monthly_csv(path, drop_from=(2019, 7)):
    rows = ["기간,국가,HS코드,품목명,수입 중량,수입 금액"]
    for y in range(2015, 2021):
        for m in range(1, 13):
            jp = 0 if (y, m) >= drop_from else 600
            rows += [f"{y}.{m:02d},일본,2811111000,불화수소,1,{jp}", f"{y}.{m:02d},중국,2811111000,불화수소,1,400"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_monitor_lists_graded_alerts_and_writes_its_folder(runner, tmp_path):
    f = _monthly_csv(tmp_path / "monthly.csv")
    out = tmp_path / "mon"
    result = runner.invoke(cli, ["monitor", "--monthly", str(f), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "21 alerts (3 episodes), target Japan; rules: "
    assert any(line.strip().startswith("2019-07  2811111000  ") for line in lines)
    assert (out / "tables" / "alerts.csv").is_file() and (out / "charts" / "early_warning.png").is_file()


def test_monitor_needs_monthly_rows(runner, demo_dir, tmp_path):
    annual = tmp_path / "annual.csv"
    annual.write_text("기간,국가,HS코드,품목명,수입 중량,수입 금액\n2019,일본,2811111000,불화수소,1,600\n", encoding="utf-8")
    result = runner.invoke(cli, ["monitor", "--monthly", str(annual), "--out", str(tmp_path / "m"), "--lang", "en"])
    assert result.exit_code == 1 and "no monthly rows (every row is annual, month 0)" in result.output
    korean = runner.invoke(cli, ["monitor", "--monthly", str(annual), "--out", str(tmp_path / "m")])
    assert korean.exit_code == 1 and "월별 행이 없음 (모든 행이 연간 자료, 'month' 0)" in korean.output


def test_calibrate_writes_a_reusable_rule(runner, tmp_path):
    f = _monthly_csv(tmp_path / "monthly.csv")
    rule = tmp_path / "hf.toml"
    result = runner.invoke(cli, ["calibrate", "--monthly", str(f), "--product", "2811111000", "--event", "2019-07",
                                 "--out", str(rule), "--lang", "en"])
    assert result.exit_code == 0, result.output
    # Japan's 600 a month stops; China stays at 400: nothing replaces it (φ = 0); coverage 1
    assert "the target's supply fell 100.0%" in result.stdout and "φ = 0.00" in result.stdout
    import tomllib

    text = rule.read_text(encoding="utf-8")
    assert tomllib.loads(text)["rules"][0]["coverage"] == 1.0
    assert tomllib.loads(text)["rules"][0]["name"] == "2811111000 measured 2019-07 +12m"
    assert result.stdout.endswith(f"Wrote {rule}\n")
    korean = runner.invoke(cli, ["calibrate", "--monthly", str(f), "--product", "2811111000", "--event", "2019-07"])
    assert korean.exit_code == 0 and 'name = "2811111000 실측 2019-07 이후 12개월"' in korean.stdout
    missing = runner.invoke(cli, ["calibrate", "--monthly", str(f), "--product", "3707901010", "--lang", "en"])
    assert missing.exit_code == 1 and "product 3707901010 is not in the monthly file(s)" in missing.output
    missing = runner.invoke(cli, ["calibrate", "--monthly", str(f), "--product", "3707901010"])
    assert missing.exit_code == 1 and "품목 3707901010이(가) 월별 파일에 없음 (있는 품목: 2811111000)" in missing.output


def test_monitor_backtest_on_the_2019_record(runner, shared_data, tmp_path):
    result = runner.invoke(cli, ["monitor", "--monthly", str(shared_data / "kcs" / "hsk10_monthly_by_partner_2000_2021.xlsx"),
                                 "--out", str(tmp_path / "m"), "--lang", "en", "--top", "50"])
    assert result.exit_code == 0, result.output
    hf = [line for line in result.stdout.splitlines() if " 2811111000 " in line and line.strip()[:7] in ("2019-07", "2019-08")]
    assert hf, result.stdout


@pytest.mark.parametrize("command", ["validate", "inspect"])
def test_inspect_and_validate_take_the_exchange_rate_a_run_takes(runner, command):
    won = Path(__file__).parent / "data" / "bad" / "unit_thousand_won_with_fx.csv"
    without = runner.invoke(cli, [command, str(won), "--lang", "en"])
    assert without.exit_code == 1 and "--fx KRW=<rate>" in without.output
    # 7,400 + 730 + … 천원 at 1,000 KRW per USD: the file's 10,330 thousand won are USD 10,330
    given = runner.invoke(cli, [command, str(won), "--fx", "KRW=1000", "--lang", "en"])
    assert given.exit_code == 0, given.output
    assert "1,000 KRW per USD" in given.output or "1,000 per USD" in given.output
    bad = runner.invoke(cli, [command, str(won), "--fx", "KRW=-1", "--lang", "en"])
    assert bad.exit_code == 1
    assert bad.output.strip() == "Error: options: fx_rates: KRW must be a positive number of KRW per USD, got -1"


def test_a_run_refuses_a_folder_or_a_pipe_as_an_input_before_reading_any(runner, tmp_path):
    import os

    fifo = tmp_path / "imports.csv"
    os.mkfifo(fifo)  # reading it would block for ever
    result = runner.invoke(cli, ["report", "--imports", str(fifo), "--format", "csv", "--out", str(tmp_path / "o"),
                                 "--lang", "en"])
    assert result.exit_code == 1 and "a named pipe (FIFO)" in result.output and "imports.csv" in result.output
    result = runner.invoke(cli, ["report", "--profile", str(tmp_path), "--format", "csv", "--out",
                                 str(tmp_path / "o"), "--lang", "en"])
    assert result.exit_code == 2 and "Invalid value for '--profile'" in result.output and "is a directory" in result.output
    assert not (tmp_path / "o").exists()


# --------------------------------------------------------------------------- counter-measures (issue 16)
SHIPPED_CMS = ["stockpile-90d", "diversify-chemicals", "localise-three-items", "fast-track-licences"]
UNKNOWN_CM = ("Error: unknown counter-measure 'nope'; shipped counter-measures are: stockpile-90d, "
              "diversify-chemicals, localise-three-items, fast-track-licences (or give the path of a .toml file)\n")


def test_countermeasures_list_in_both_languages(runner):
    listed = runner.invoke(cli, ["countermeasures", "list", "--lang", "en"])
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert [line.split()[0] for line in lines] == SHIPPED_CMS
    assert lines[0] == f"{'stockpile-90d':22s} 90 more days of stock of the three items"
    ko = runner.invoke(cli, ["countermeasures", "list"])  # Korean by default, as every command
    assert ko.exit_code == 0
    assert ko.output.splitlines()[2] == f"{'localise-three-items':22s} 3개 품목 국산화 30%"
    assert runner.invoke(cli, ["countermeasures", "list", "--lang", "jp"]).exit_code == 2


def test_countermeasures_show_and_export_an_editable_copy_that_runs(runner, tmp_path):
    from exposure import countermeasures

    shown = runner.invoke(cli, ["countermeasures", "show", "localise-three-items"])
    assert shown.exit_code == 0
    assert shown.output.startswith("# exposure 대응책 'localise-three-items'의 편집용 사본")
    assert 'name = "localise-three-items"' in shown.output and "domestic_share = 0.3" in shown.output
    exported = runner.invoke(cli, ["countermeasures", "export", "stockpile-90d", str(tmp_path), "--lang", "en"])
    path = tmp_path / "stockpile-90d.toml"
    assert exported.exit_code == 0 and exported.output == f"Wrote {path}\n"
    assert countermeasures.load(path) == countermeasures.load("stockpile-90d")
    # to a file name, and again over it (a copy is replaced whole, as scenarios export does)
    mine = tmp_path / "edit" / "mine.toml"
    for _ in range(2):
        again = runner.invoke(cli, ["countermeasures", "export", "localise-three-items", str(mine)])
        assert again.exit_code == 0 and again.output == f"저장함: {mine}\n"
    assert countermeasures.load(mine) == countermeasures.load("localise-three-items")
    shown_file = runner.invoke(cli, ["countermeasures", "show", str(mine)])
    assert shown_file.exit_code == 0 and shown_file.output == shown.output
    result = runner.invoke(cli, ["report", "--countermeasure", str(mine), "--format", "csv", "--lang", "en",
                                 "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "valuing 1 counter-measure(s)" in result.stderr


def test_countermeasures_unknown_name_and_missing_argument(runner, tmp_path):
    for args in (["show", "nope"], ["export", "nope", str(tmp_path)]):
        result = runner.invoke(cli, ["countermeasures", *args, "--lang", "en"])
        assert result.exit_code == 1 and result.output == UNKNOWN_CM
    assert list(tmp_path.iterdir()) == []
    missing = runner.invoke(cli, ["countermeasures", "export", "stockpile-90d", "--lang", "en"])
    assert missing.exit_code == 2 and "Missing argument 'DEST'" in missing.output


def test_report_takes_repeatable_countermeasures_and_warns_without_a_rate(runner, tmp_path):
    assert "--countermeasure NAME|FILE" in runner.invoke(cli, ["report", "--help"]).output
    result = runner.invoke(cli, ["report", "--scenario", "white-list-removal", "--countermeasure", "stockpile-90d",
                                 "--countermeasure", "localise-three-items", "--format", "csv", "--lang", "en",
                                 "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "valuing 2 counter-measure(s)" in result.stderr
    assert ("Warning: stockpile-90d.toml: counter-measure 'stockpile-90d': annual_rate = 0.25 is a carrying cost in "
            "USD and no won-per-dollar rate is given") in result.stderr
    # the same from a config file, with the run's rate: no warning
    cfg = tmp_path / "run.toml"
    cfg.write_text('scenario = ["white-list-removal"]\ncountermeasures = ["stockpile-90d", "localise-three-items"]\n'
                   'fx = {KRW = 1100.0}\nformat = "csv"\nlang = "en"\n', encoding="utf-8")
    rated = runner.invoke(cli, ["report", "--config", str(cfg), "--out", str(tmp_path / "p")])
    assert rated.exit_code == 0, rated.output
    assert "valuing 2 counter-measure(s)" in rated.stderr and "Warning:" not in rated.stderr


def test_report_with_a_bad_counter_measure_exits_1_before_reading_inputs(runner, tmp_path, monkeypatch):
    import exposure.pipeline as pipeline

    monkeypatch.setattr(pipeline, "read_inputs", lambda *a, **k: pytest.fail("an input was read"))
    bad = tmp_path / "stock.toml"
    bad.write_text('name = "stock"\n[[measures]]\nname = "hf"\nkind = "stockpile"\ncodes = ["281111"]\nphi = 0.5\n',
                   encoding="utf-8")
    result = runner.invoke(cli, ["report", "--countermeasure", str(bad), "--out", str(tmp_path / "o"), "--lang", "en"])
    assert result.exit_code == 1
    assert result.output.strip().endswith(
        "Error: stock.toml: measure 1 ('hf'): key 'phi' does not belong to a stockpile measure; a stockpile measure "
        "takes: stock_days (besides name, codes, prefixes, exclude, all, note_ko, note_en)")
    assert not (tmp_path / "o").exists()
    unknown = runner.invoke(cli, ["report", "--countermeasure", "nope", "--out", str(tmp_path / "o"), "--lang", "en"])
    assert unknown.exit_code == 1 and unknown.output.endswith(UNKNOWN_CM)
    assert not (tmp_path / "o").exists()


def test_calibrate_names_only_partners_whose_imports_grew(runner, shared_data):
    monthly = shared_data / "kcs" / "hsk10_monthly_by_partner_2000_2021.xlsx"
    result = runner.invoke(cli, ["calibrate", "--monthly", str(monthly), "--product", "2811111000", "--event",
                                 "2019-07", "--lang", "en"])
    assert result.exit_code == 0, result.output
    head = "Partners that replaced the target (gain over baseline, USD over the 12 months from the event):\n"
    listed = result.output.split(head)[1].split("\n\n")[0]
    # Taiwan and the USA sold more HF to Korea after July 2019; China, whose imports fell, is not a replacement
    assert listed.splitlines()[:2] == ["  1. Taiwan (TWN)  +2,112,341 USD (3.5%)", "  2. United States (USA)  +1,418,547 USD (2.3%)"]
    assert "CHN" not in listed
    ko = runner.invoke(cli, ["calibrate", "--monthly", str(monthly), "--product", "2811111000", "--event", "2019-07"])
    assert "대체 공급처 (기준 대비 증가, 사건 후 12개월 합계, 달러):\n  1. 대만 (TWN)  +2,112,341달러 (3.5%)\n" in ko.output


def test_a_config_file_and_the_same_options_give_identical_outputs(runner, tmp_path):
    cfg = tmp_path / "run.toml"
    cfg.write_text('scenario = ["2019-three-items", "white-list-removal"]\ndraws = 30\nseed = 7\nproduction = "leontief"\n'
                   'fx_rates = { KRW = 1100 }\nformat = ["csv"]\nlang = "en"\n', encoding="utf-8")
    by_file = runner.invoke(cli, ["report", "--config", str(cfg), "--out", str(tmp_path / "a")])
    by_options = runner.invoke(cli, ["report", "--scenario", "2019-three-items", "--scenario", "white-list-removal",
                                     "--draws", "30", "--seed", "7", "--production", "leontief", "--fx", "KRW=1100",
                                     "--format", "csv", "--lang", "en", "--out", str(tmp_path / "b")])
    assert by_file.exit_code == 0 and by_options.exit_code == 0, by_file.output + by_options.output
    a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.csv"))
    b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.csv"))
    assert a == b and len(a) > 10
    for rel in a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


@pytest.mark.parametrize("lang, line", [
    ("ko", "경고: 2019년: monthly_first_quarter.csv에 12개월 중 3개월(01–03)만 있음: 연간 수치는 그 달들의 합계"),
    ("en", "Warning: 2019: only 3 of 12 months (01–03) in monthly_first_quarter.csv: annual figures are the sum of "
           "those months"),
])
def test_a_year_of_three_months_is_said_on_the_terminal(runner, tmp_path, lang, line):
    data = Path(__file__).resolve().parent / "data" / "io" / "monthly_first_quarter.csv"
    io = Path(__file__).resolve().parents[1] / "datasets" / "demo" / "io_table_2019.xlsx"
    result = runner.invoke(cli, ["report", "--imports", str(data), "--io", str(io), "--format", "csv", "--lang", lang,
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert line in result.stderr.splitlines()


@pytest.mark.parametrize("command", [["monitor"], ["calibrate", "--product", "2811111000", "--event", "2019-02"]])
def test_monitor_and_calibrate_refuse_a_target_the_monthly_file_lacks(runner, tmp_path, command):
    # a typo in --target read as "no alert" or "no loss" would be an all-clear with exit 0
    data = Path(__file__).resolve().parent / "data" / "io" / "monthly_first_quarter.csv"
    result = runner.invoke(cli, [*command, "--monthly", str(data), "--target", "ATA", "--lang", "en"])
    assert result.exit_code == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: monthly_first_quarter.csv: column 'partner': no imports from the target ATA in the "
                           "import file(s); partners present (rows): ")
    assert "JPN (3)" in last and "CHN (3)" in last and last.endswith("; check --target or the files")
    # a code that is no country is refused before the file is read
    typo = runner.invoke(cli, [*command, "--monthly", str(data), "--target", "XXX", "--lang", "en"])
    assert typo.exit_code == 1
    assert "target 'XXX' is not a country code the tool knows" in typo.stderr


def test_monitor_on_a_file_of_zero_imports_says_so(runner, tmp_path):
    f = tmp_path / "zeros.csv"
    f.write_text("기간,국가,HS코드,품목명,수입 중량,수입 금액\n2019.01,일본,2811111000,불화수소,1,0\n"
                 "2019.02,일본,2811111000,불화수소,1,0\n", encoding="utf-8")
    result = runner.invoke(cli, ["monitor", "--monthly", str(f), "--lang", "en", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith(
        "Error: zeros.csv: no import rows with a value (flow M) in the monthly file(s)")


def test_an_out_file_that_is_an_input_is_refused_and_the_input_kept(runner, tmp_path):
    import hashlib

    data = tmp_path / "m.csv"
    data.write_bytes((Path(__file__).resolve().parent / "data" / "io" / "monthly_first_quarter.csv").read_bytes())
    digest = hashlib.sha256(data.read_bytes()).hexdigest()
    result = runner.invoke(cli, ["indicators", "--imports", str(data), "--out", str(data), "--lang", "en"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == ("Error: m.csv: --out names the imports file itself: the tool "
                                                      "never writes over its inputs; expected another file name")
    result = runner.invoke(cli, ["scenarios", "export", "2019-three-items", str(data), "--lang", "en"])
    assert result.exit_code == 1 and "exists and is not a TOML file" in result.stderr
    result = runner.invoke(cli, ["scenarios", "export", "2019-three-items", str(data)])
    assert result.exit_code == 1 and "이미 있는 TOML이 아닌 파일임" in result.stderr
    assert hashlib.sha256(data.read_bytes()).hexdigest() == digest


@pytest.mark.parametrize("option", ["--exports", "--profile", "--sme-exports", "--overrides", "--critical", "--names"])
def test_a_one_file_option_given_twice_is_refused(runner, tmp_path, option):
    # click keeps the last of a repeated option: the first file would be ignored without a word
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("x\n", encoding="utf-8")
    b.write_text("x\n", encoding="utf-8")
    result = runner.invoke(cli, ["report", option, str(a), option, str(b), "--out", str(tmp_path / "o"), "--lang", "en"])
    assert result.exit_code == 2
    assert f"Invalid value for '{option}': given 2 times ({a}, {b}): expected one file" in result.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("lang, message", [
    ("en", "monthly.csv: column 'month': the chart's month 2030-01 is outside the monthly data (2015-01 to 2020-12): "
           "the chart is indexed on the month before it, so expected a month from 2015-02 to 2020-12 (--event YYYY-MM)"),
    ("ko", "monthly.csv: 'month' 열: 차트 기준 월 2030-01이(가) 월별 자료 기간(2015-01~2020-12) 밖: 차트의 기준값은 그 "
           "직전 달이므로 2015-02부터 2020-12까지의 달이어야 함 (--event YYYY-MM)"),
])
@pytest.mark.parametrize("event", ["2030-01", "2015-01"])
def test_monitor_refuses_a_chart_month_outside_the_data(runner, tmp_path, lang, message, event):
    f = _monthly_csv(tmp_path / "monthly.csv")
    out = tmp_path / "mon"
    result = runner.invoke(cli, ["monitor", "--monthly", str(f), "--out", str(out), "--lang", lang, "--event", event])
    assert result.exit_code == 1 and message.replace("2030-01", event) in result.output
    assert not out.exists()


def test_monitor_warns_when_the_default_chart_month_is_outside_the_data(runner, tmp_path):
    # data from 2021 on: the default month, 2019-07, has nothing around it; the alerts are still listed
    f = _monthly_csv(tmp_path / "monthly.csv")
    rows = f.read_text(encoding="utf-8").splitlines()
    later = [rows[0]] + [r.replace(r[:4], str(int(r[:4]) + 6), 1) for r in rows[1:]]
    f.write_text("\n".join(later) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["monitor", "--monthly", str(f), "--out", str(tmp_path / "mon"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert ("Warning: the chart's month 2019-07 is outside the monthly data (2021-01 to 2026-12): the chart is indexed "
            "on the month before it, so expected a month from 2021-02 to 2026-12 (--event YYYY-MM); no early-warning "
            "chart drawn") in result.stderr
    assert "2025-07  2811111000  " in result.stdout
    ko = runner.invoke(cli, ["monitor", "--monthly", str(f), "--out", str(tmp_path / "mon-ko"), "--lang", "ko"])
    warning = next(w for w in ko.stderr.splitlines() if "차트 기준 월" in w)
    assert warning == ("경고: 차트 기준 월 2019-07이(가) 월별 자료 기간(2021-01~2026-12) 밖: 차트의 기준값은 그 직전 달이므로 "
                       "2021-02부터 2026-12까지의 달이어야 함 (--event YYYY-MM); 조기경보 차트는 그리지 않음")
    from exposure.report.translate import Translator

    english = next(w for w in result.stderr.splitlines() if "chart's month" in w).removeprefix("Warning: ")
    assert "경고: " + Translator("ko").text(english) == warning  # the report's English warning reads the same in Korean


def test_a_korean_scenario_copy_titles_each_rule_in_korean_and_reads_back(runner, tmp_path):
    from exposure import scenarios as sc

    ko = runner.invoke(cli, ["scenarios", "show", "2019-three-items"])
    assert ko.exit_code == 0
    assert '# 불화수소 (HSK10)\n[[rules]]\nname = "hydrogen fluoride (HSK10)"\n' in ko.output
    en = runner.invoke(cli, ["scenarios", "show", "2019-three-items", "--lang", "en"])
    assert "# 불화수소" not in en.output and '[[rules]]\nname = "hydrogen fluoride (HSK10)"' in en.output
    copy = tmp_path / "mine.toml"
    copy.write_text(ko.output, encoding="utf-8")
    assert sc.load(str(copy)) == sc.load("2019-three-items")  # the titles are comments: the same scenario


def test_the_out_of_a_settings_file_is_where_the_report_goes(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cfg").mkdir()
    cfg = tmp_path / "cfg" / "run.toml"
    cfg.write_text('out = "myrep"\nformat = ["csv"]\n', encoding="utf-8")
    result = runner.invoke(cli, ["report", "--config", str(cfg)])
    assert result.exit_code == 0, result.output
    # relative to the settings file's folder, as its input paths are; nothing in the working folder
    assert (tmp_path / "cfg" / "myrep" / "tables" / "sectors.csv").is_file()
    assert not (tmp_path / "exposure-report").exists()
    other = runner.invoke(cli, ["report", "--config", str(cfg), "--out", str(tmp_path / "given")])
    assert other.exit_code == 0 and (tmp_path / "given" / "tables" / "sectors.csv").is_file()  # --out wins
    cfg.write_text("out = 5\n", encoding="utf-8")
    bad = runner.invoke(cli, ["report", "--config", str(cfg)])
    assert bad.exit_code == 1
    assert bad.output.strip().endswith("오류: run.toml: 'out' 값은 문자열로 적은 폴더 이름이어야 하는데(out = "
                                       "\"exposure-report\") 5임")
