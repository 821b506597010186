"""write_report: the whole report in one folder, in the requested formats and language."""

from __future__ import annotations

import openpyxl
import pytest

from exposure.errors import ConfigError
from exposure.report import BRIEF_NAME, WORKBOOK_NAME, write_report


def test_default_report_layout(shared_results, tmp_path):
    paths = write_report(shared_results, tmp_path)
    rel = sorted(str(p.relative_to(tmp_path)) for p in paths)
    assert WORKBOOK_NAME in rel
    assert "tables/products.csv" in rel and "charts/ranking.png" in rel
    assert not [r for r in rel if r.endswith((".svg", ".pdf", ".parquet"))]
    assert all(p.is_file() for p in paths)
    # nothing else (no temporary file) is left in the folders
    on_disk = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert on_disk == rel


def test_english_workbook_only(shared_results, tmp_path):
    paths = write_report(shared_results, tmp_path, formats=("xlsx",), lang="en")
    assert [p.name for p in paths] == [WORKBOOK_NAME]
    sheets = openpyxl.load_workbook(paths[0]).sheetnames
    assert sheets[0] == "Summary" and sheets[-1] == "README"  # the brief first, the method last


def test_pdf_brief_is_written_with_the_workbook(shared_results, tmp_path):
    paths = write_report(shared_results, tmp_path, formats=("xlsx", "pdf-brief"))
    assert [p.name for p in paths] == [WORKBOOK_NAME, BRIEF_NAME]
    assert (tmp_path / BRIEF_NAME).read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("kwargs, match", [({"formats": ("xlsx", "docx")}, "docx"), ({"lang": "de"}, "lang")])
def test_bad_options_fail_before_writing(shared_results, tmp_path, kwargs, match):
    with pytest.raises(ConfigError, match=match):
        write_report(shared_results, tmp_path / "out", **kwargs)
    assert not (tmp_path / "out").exists()
