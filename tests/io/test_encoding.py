"""Encoding detection: UTF-8, UTF-8 with BOM and CP949 (never EUC-KR)."""

from __future__ import annotations

from pathlib import Path

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


# ------------------------------------------------------------------------------------- samples cut anywhere
def _cut_inside(encoding: str, into: int, sample: int = 16384) -> bytes:
    """A valid table whose first ``sample`` bytes end ``into`` bytes inside a Hangul syllable."""
    for pad in range(60):  # one row is ~40 bytes: some padding puts the cut on a syllable
        rows = ["기간,국가,HS코드,품목명,수입 금액(천달러)"]
        rows += [f"2019,일본,{2811111000 + i},플루오르화수소{'A' * pad if i == 0 else ''}{i},{i + 1}" for i in range(600)]
        data = ("\n".join(rows) + "\n").encode(encoding)
        head = data[:sample - into]
        try:
            head.decode(encoding)  # the sample less ``into`` bytes ends on a character boundary …
        except UnicodeDecodeError:
            continue
        ch = data[sample - into:].decode(encoding, errors="ignore")[:1]
        if "\uac00" <= ch <= "\ud7a3" and len(ch.encode(encoding)) > into:  # … before a syllable it cuts
            return data
    raise AssertionError("no layout cuts the sample there")


@pytest.mark.parametrize("encoding, into", [("utf-8", 1), ("utf-8", 2), ("cp949", 1)])
def test_a_sample_ending_inside_a_character_is_not_an_error(tmp_path, encoding, into):
    from exposure.io import detect_format, load
    from exposure.io.load import _head_text

    data = _cut_inside(encoding, into)
    with pytest.raises(UnicodeDecodeError):
        data[:16384].decode(encoding)  # the sample alone does not decode: the case this guards
    f = tmp_path / "imports.csv"
    f.write_bytes(data)
    assert _head_text(f)[1] == encoding
    assert detect_format(f) == "table"
    table, report = load(f)
    assert len(table) == 600 and report.encoding == encoding
    assert table["value_usd"].sum() == sum(range(1, 601)) * 1000


def test_partial_detection_tolerates_only_the_cut_at_the_end():
    text = "품목명,감광제\n".encode("utf-8")
    assert detect_encoding(text[:-2], partial=True) == "utf-8"  # "제" cut after its first byte
    assert detect_encoding("똠얌,햏\n".encode("cp949")[:-2], partial=True) == "cp949"
    # a bad byte in the middle is still a bad byte: the mixed-encoding message, row and all
    mixed = "기간,국가\n2019,일본\n".encode("utf-8") + "2019,중국\n".encode("cp949") + "2019,미국".encode("utf-8")
    with pytest.raises(DataError, match=r"row 3: the rows above are UTF-8 but byte 0xc1"):
        detect_encoding(mixed[:-1], "m.csv", partial=True)


@pytest.mark.parametrize("stream", [False, True], ids=["generic", "streamed"])
def test_hangul_written_decomposed_reads_as_everyone_elses(tmp_path, monkeypatch, stream):
    # a file saved on macOS writes 수입 as jamo (NFD): the same header, partners and names once composed
    import unicodedata

    from exposure.io import load, streamcsv

    demo = Path(__file__).resolve().parents[2] / "datasets" / "demo" / "parts_imports_by_country_2017_2019.csv"
    f = tmp_path / "nfd.csv"
    f.write_text(unicodedata.normalize("NFD", demo.read_bytes().decode("cp949")), encoding="utf-8")
    monkeypatch.setattr(streamcsv, "STREAM_MIN_BYTES", 0 if stream else 1 << 62)
    table, report = load(f)
    expected, _ = load(demo)
    assert report.rows_kept == 7_759 and table["value_usd"].sum() == expected["value_usd"].sum()
    assert table["partner"].astype(str).tolist() == expected["partner"].astype(str).tolist()
    assert table["name"].astype(str).tolist() == expected["name"].astype(str).tolist()


@pytest.mark.parametrize("enc, name", [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"),
                                       ("utf-32", "utf-32"), ("utf-16", "utf-16")])
def test_utf16_without_its_bom_and_utf32_are_read(tmp_path, enc, name):
    # Excel's "Unicode text" is UTF-16; saved by other tools the BOM may be missing, and UTF-32 starts like UTF-16
    from exposure.io import load

    text = "기간,국가,HS코드,품목명,수입 중량,수입 금액\n2019,일본,2811111000,불화수소,850,7400\n"
    assert detect_encoding(text.encode(enc)) == name
    f = tmp_path / "u.csv"
    f.write_bytes(text.encode(enc))
    table, report = load(f)
    assert table["value_usd"].tolist() == [7_400_000.0] and report.encoding == name
