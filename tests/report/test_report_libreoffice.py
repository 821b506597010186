"""The workbook opens in LibreOffice (headless) and converts to PDF: skipped when LibreOffice is absent."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from exposure.report.excel import write_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_workbook_converts_to_pdf_in_libreoffice(shared_results, tmp_path, lang):
    book = write_workbook(shared_results, tmp_path / f"report_{lang}.xlsx", lang=lang)
    profile = tmp_path / "profile"  # a private profile: runs never share or lock the user's
    proc = subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(book)],
        capture_output=True, text=True, timeout=240)
    pdf = tmp_path / f"report_{lang}.pdf"
    assert proc.returncode == 0, proc.stderr
    assert pdf.is_file(), proc.stdout + proc.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext:  # poppler-utils: check the sheets' content made it onto the pages
        text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True,
                              timeout=60).stdout
        name = "컴퓨터·전자·광학기기" if lang == "ko" else "Computer, electronic and optical products"
        assert name in text and "2811111000" in text and "010619" in text
        pages = text.split("\f")
        assert len(pages) >= 16  # at least one page per sheet (16 sheets)
        # the footer names the sheet on every page: the Summary prints to exactly one
        summary = "요약" if lang == "ko" else "Summary"
        assert sum(1 for page in pages if f"{summary} — " in page) == 1
