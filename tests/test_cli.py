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
    assert result.output == f"exposure, version {__version__}\n"


def test_every_command_has_help_and_is_in_the_readme(runner):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    names = list(_commands(cli))
    assert {" ".join(n) for n, _ in names} >= {"report", "inspect", "validate", "indicators", "scenarios list",
                                              "scenarios show", "scenarios export", "demo export"}
    for name, cmd in names:
        assert cmd.help and len(cmd.help.strip()) > 10, f"{' '.join(name)} has no help text"
        result = runner.invoke(cli, [*name, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage: " in result.output
        # the README names the command (sub-commands may be written "scenarios list / show NAME")
        assert f"exposure {name[0]}" in readme, f"README does not mention 'exposure {name[0]}'"
        assert name[-1] in readme


def test_python_dash_m_works():
    proc = subprocess.run([sys.executable, "-m", "exposure", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"exposure, version {__version__}"


def test_unknown_option_is_a_usage_error(runner):
    result = runner.invoke(cli, ["report", "--bogus"])
    assert result.exit_code == 2
    assert "No such option: --bogus" in result.output or "No such option '--bogus'" in result.output


def test_bad_format_is_a_usage_error(runner):
    result = runner.invoke(cli, ["report", "--format", "xlsx,docx"])
    assert result.exit_code == 2
    assert "unknown format docx" in result.output


def test_missing_input_file_is_a_data_error(runner, tmp_path):
    result = runner.invoke(cli, ["report", "--imports", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.output.strip().endswith("Error: nope.csv: file not found")
    assert not (tmp_path / "o").exists()


def test_report_on_demo_prints_ranking_and_paths(runner, tmp_path):
    out = tmp_path / "rep"
    result = runner.invoke(cli, ["report", "--out", str(out), "--top", "3"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()  # progress goes to stderr
    assert lines[0].startswith("Scenario 2019-three-items — target JPN, year 2019")
    assert re.match(r"\s+1\s+D26\s", lines[2]), lines[2]  # semiconductors' sector leads on the demo
    assert "running on the embedded demo data (synthetic values" in result.stderr
    assert f"to {out}/:" in result.output
    assert str(out / "exposure_report.xlsx") in result.output
    assert len(list((out / "charts").glob("*.png"))) >= 2
    assert (out / "tables" / "sectors.csv").is_file()


def test_report_with_unknown_scenario_exits_1(runner, tmp_path):
    result = runner.invoke(cli, ["report", "--scenario", "no-such-tier", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "unknown scenario 'no-such-tier'" in result.output
    assert "2019-three-items" in result.output
    assert not (tmp_path / "o").exists()


def test_report_config_file_keys_mirror_options(runner, tmp_path):
    cfg = tmp_path / "run.toml"
    cfg.write_text('target = "JPN"\nscenario = ["2019-three-items", "full-embargo"]\nformat = "csv"\n',
                   encoding="utf-8")
    result = runner.invoke(cli, ["report", "--config", str(cfg), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "Scenario full-embargo" in result.output
    assert not (tmp_path / "o" / "exposure_report.xlsx").exists()  # format csv only
    assert (tmp_path / "o" / "tables" / "sectors.csv").is_file()


def test_report_config_with_unknown_key_names_it(runner, tmp_path):
    cfg = tmp_path / "run.toml"
    cfg.write_text('targte = "JPN"\n', encoding="utf-8")
    result = runner.invoke(cli, ["report", "--config", str(cfg), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "unknown key 'targte'" in result.output
    assert "valid keys are:" in result.output


def test_inspect_demo_imports(runner, demo_dir):
    result = runner.invoke(cli, ["inspect", str(demo_dir / "parts_imports_by_country_2017_2019.csv")])
    assert result.exit_code == 0, result.output
    assert "encoding       cp949" in result.output
    assert "총계" in result.output
    assert "HSK10" in result.output


def test_inspect_exits_1_when_a_file_would_not_load(runner, demo_dir, tmp_path):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\x01\x02\xff" * 64)
    result = runner.invoke(cli, ["inspect", str(demo_dir / "sme_profile_2019.csv"), str(junk)])
    assert result.exit_code == 1
    assert "ERROR" in result.stdout
    assert result.output.strip().endswith("Error: 1 of 2 files would not load (see ERROR above)")


def test_validate_ok_and_error(runner, demo_dir, tmp_path):
    ok = runner.invoke(cli, ["validate", str(demo_dir / "sme_profile_2019.csv")])
    assert ok.exit_code == 0, ok.output
    assert "36 rows kept" in ok.output
    bad = tmp_path / "empty.csv"
    bad.write_bytes(b"")
    result = runner.invoke(cli, ["validate", str(demo_dir / "sme_profile_2019.csv"), str(bad)])
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
    assert result.stdout.startswith(f"Wrote {len(table)} rows to")


def test_indicators_for_another_target(runner, demo_dir):
    result = runner.invoke(cli, ["indicators", "--imports", str(demo_dir / "parts_imports_by_country_2017_2019.csv"),
                                 "--target", "CHN", "--year", "2019"])
    assert result.exit_code == 0, result.output
    assert "products; top 20 by imports from the target" in result.stdout


def test_scenarios_list_show_export(runner, tmp_path):
    listed = runner.invoke(cli, ["scenarios", "list"])
    assert listed.exit_code == 0
    names = [line.split()[0] for line in listed.output.splitlines()]
    assert names == ["2019-three-items", "white-list-removal", "catch-all", "full-embargo", "export-retaliation"]
    shown = runner.invoke(cli, ["scenarios", "show", "catch-all"])
    assert shown.exit_code == 0 and 'name = "catch-all"' in shown.output
    exported = runner.invoke(cli, ["scenarios", "export", "catch-all", str(tmp_path)])
    assert exported.exit_code == 0
    path = tmp_path / "catch-all.toml"
    assert exported.output.strip() == f"Wrote {path}"
    # the exported copy loads back as a scenario file and runs
    result = runner.invoke(cli, ["report", "--scenario", str(path), "--format", "csv", "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output


def test_scenarios_show_unknown(runner):
    result = runner.invoke(cli, ["scenarios", "show", "nope"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown scenario 'nope'")


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
