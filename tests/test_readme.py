"""The README stays true: its first screen gives exactly the two commands, and its examples run."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from exposure.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_the_first_screen_gives_two_commands_and_ci_runs_the_second():
    first = README.read_text(encoding="utf-8").split("\n## ")[0]
    commands = re.findall(r"```bash\n(.*?)```", first, flags=re.S)
    assert [c.strip() for c in commands] == [
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/exposure report",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"]
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]'" in ci and "python -m pytest" in ci


def test_the_mapping_example_reads_a_file_laid_out_like_it(tmp_path):
    (mapping,) = [b for b in _blocks("toml") if "[[flows]]" in b]
    (tmp_path / "my_layout.toml").write_text(mapping, encoding="utf-8")
    (tmp_path / "mine.csv").write_text('기간,국가,HS코드,수입 금액\n2019,일본,2811111000,"7,400"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "mine.csv"), "--lang", "en", "--mapping",
                                      f"imports={tmp_path / 'my_layout.toml'}"])
    assert result.exit_code == 0, result.output
    assert "1 rows kept, 0 dropped" in result.output and "read with the given mapping 'my_customs_download'" in \
        result.output
