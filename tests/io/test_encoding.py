"""Encoding detection: UTF-8, UTF-8 with BOM and CP949 (never EUC-KR)."""

from __future__ import annotations

import pytest

from exposure.errors import DataError
from exposure.io.encoding import detect_encoding, normalise_encoding_name, read_text


def test_cp949_only_syllables_are_decoded_as_cp949():
    data = "품목명,똠얌,햏\n".encode("cp949")
    with pytest.raises(UnicodeDecodeError):
        data.decode("euc-kr")  # the reason EUC-KR must never be used for these files
    assert detect_encoding(data) == "cp949"


def test_bom_and_plain_utf8():
    assert detect_encoding("기간,국가".encode("utf-8-sig")) == "utf-8-sig"
    assert detect_encoding("기간,국가".encode("utf-8")) == "utf-8"
    assert detect_encoding(b"year,partner") == "utf-8"


@pytest.mark.parametrize("name", ["EUC-KR", "euc_kr", "ks_c_5601-1987", "CP949", "uhc"])
def test_korean_aliases_become_cp949(name):
    assert normalise_encoding_name(name) == "cp949"


def test_read_text_strips_bom_and_reports_encoding(tmp_path):
    f = tmp_path / "a.csv"
    f.write_bytes("기간,국가\n".encode("utf-8-sig"))
    text, enc = read_text(f)
    assert (text, enc) == ("기간,국가\n", "utf-8-sig")


def test_undecodable_bytes_name_the_file(tmp_path):
    f = tmp_path / "broken.csv"
    f.write_bytes("똠".encode("cp949"))
    with pytest.raises(DataError, match="broken.csv: row 1: cannot decode the file as utf-8"):
        read_text(f, encoding="utf-8")
