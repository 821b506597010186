"""CEPII BACI: a generated year file, plain and zipped, with both country-code column sets."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pandas as pd
import pytest

from exposure.errors import DataError
from exposure.io import load, load_baci, read_country_codes
from tests.io.conftest import assert_reconciles

OLD_CODES = ("country_code,country_name_abbreviation,country_name_full,iso_2digit_alpha,iso_3digit_alpha\n"
             "392,Japan,Japan,JP,JPN\n410,Rep. of Korea,Republic of Korea,KR,KOR\n"
             "490,\"Other Asia, nes\",\"Other Asia, not elsewhere specified\",N/A,N/A\n"
             "842,USA,United States of America,US,USA\n251,France,France,FR,FRA\n"
             "697,\"Europe EFTA, nes\",\"Europe EFTA, not elsewhere specified\",N/A,N/A\n")
NEW_CODES = ("country_code,country_name,country_iso2,country_iso3\n392,Japan,JP,JPN\n410,Korea,KR,KOR\n"
             "490,\"Other Asia, nes\",S19,S19\n842,USA,US,USA\n251,France,FR,FRA\n697,\"Europe EFTA, nes\",,\n")
COUNTRIES = {392: "JPN", 410: "KOR", 490: "TWN", 842: "USA", 251: "FRA"}


def _baci_frame(seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    codes = np.array([10121, 281111, 370790, 392099, 848620, 90111])
    rows = [(i, j, k) for i in COUNTRIES for j in COUNTRIES if i != j for k in codes if rng.random() < 0.7]
    frame = pd.DataFrame(rows, columns=["i", "j", "k"]).sort_values(["i", "j", "k"])
    frame.insert(0, "t", 2019)
    frame["v"] = np.round(rng.lognormal(3, 2, len(frame)), 3)
    q = np.round(rng.lognormal(1, 1, len(frame)), 3).astype(object)
    q[rng.random(len(frame)) < 0.2] = "           NA"  # padded NA, as some BACI versions write it
    frame["q"] = q
    return frame.reset_index(drop=True)


@pytest.fixture()
def baci_dir(tmp_path):
    frame = _baci_frame()
    data = tmp_path / "BACI_HS17_Y2019_V202301.csv"
    frame.to_csv(data, index=False)
    (tmp_path / "country_codes_V202301.csv").write_text(OLD_CODES, encoding="utf-8")
    return tmp_path, frame


def _expected(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "reporter": frame["i"].map(COUNTRIES), "partner": frame["j"].map(COUNTRIES),
        "code": frame["k"].map(lambda k: f"{k:06d}"), "value_usd": frame["v"] * 1000,
        "qty": pd.to_numeric(frame["q"].astype(str).str.strip().replace("NA", np.nan)),
    })


def _compare(table: pd.DataFrame, frame: pd.DataFrame) -> None:
    got = table[["reporter", "partner", "code", "value_usd", "qty"]].astype(
        {"reporter": str, "partner": str, "code": str})
    exp = _expected(frame)
    key = ["reporter", "partner", "code"]
    got = got.sort_values(key).reset_index(drop=True)
    exp = exp.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(got[key], exp[key])
    np.testing.assert_allclose(got["value_usd"], exp["value_usd"], rtol=1e-12)
    np.testing.assert_allclose(got["qty"], exp["qty"], rtol=1e-12)


def test_plain_csv_round_trips(baci_dir):
    folder, frame = baci_dir
    table, report = load(folder / "BACI_HS17_Y2019_V202301.csv", kind="world_exports")
    _compare(table, frame)
    assert (table["year"] == 2019).all() and (table["month"] == 0).all() and (table["flow"] == "X").all()
    assert (table["code_system"] == "HS6-2017").all() and (table["qty_unit"] == "t").all()
    assert "010121" in set(table["code"].astype(str)) and "090111" in set(table["code"].astype(str))
    assert report.rows_read == len(frame) == report.rows_kept
    assert report.value_read == pytest.approx(frame["v"].sum() * 1000, rel=1e-12)
    assert_reconciles(report)


def test_zip_with_codes_inside_gives_the_same_values(baci_dir, tmp_path_factory):
    folder, frame = baci_dir
    z = tmp_path_factory.mktemp("zip") / "BACI_HS17_V202301.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(folder / "BACI_HS17_Y2019_V202301.csv", "BACI_HS17_Y2019_V202301.csv")
        zf.writestr("country_codes_V202301.csv", NEW_CODES)  # the newer column set
    plain, _ = load(folder / "BACI_HS17_Y2019_V202301.csv")
    zipped, report = load(z)
    assert report.format == "baci-zip"
    _compare(zipped, frame)
    cols = ["reporter", "partner", "code"]
    pd.testing.assert_frame_equal(zipped.astype({c: str for c in cols}).drop(columns="source"),
                                  plain.astype({c: str for c in cols}).drop(columns="source"))
    assert_reconciles(report)


def test_importer_view(baci_dir):
    folder, frame = baci_dir
    table, _ = load_baci(folder / "BACI_HS17_Y2019_V202301.csv", flow="M")
    first = frame.iloc[0]
    row = table[(table.reporter == COUNTRIES[first.j]) & (table.partner == COUNTRIES[first.i])
                & (table.code == f"{first.k:06d}")]
    assert (row["flow"] == "M").all() and row["value_usd"].item() == pytest.approx(first.v * 1000)


def test_country_code_files_in_both_column_sets(tmp_path):
    old = tmp_path / "old.csv"
    old.write_text(OLD_CODES.replace(",", ";"), encoding="utf-8")  # the semicolon variant
    new = tmp_path / "new.csv"
    new.write_text(NEW_CODES, encoding="utf-8")
    assert read_country_codes(old)[392] == ("JPN", "Japan")
    assert read_country_codes(old)[490][0] == ""  # N/A
    assert read_country_codes(new)[842][0] == "USA"
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\n1,x\n", encoding="utf-8")
    with pytest.raises(DataError, match="not a BACI country-codes file"):
        read_country_codes(bad)


def test_numbers_without_iso3_become_unk_and_collisions_are_summed(tmp_path):
    frame = pd.DataFrame({"t": 2019, "i": [392, 392, 392], "j": [490, 697, 842], "k": [281111] * 3,
                          "v": [1.0, 2.0, 4.0], "q": ["1", "NA", "2"]})
    (tmp_path / "country_codes_V1.csv").write_text(OLD_CODES.replace("490,", "491,"), encoding="utf-8")
    f = tmp_path / "BACI_HS17_Y2019_V1.csv"
    frame.iloc[1:].to_csv(f, index=False)
    table, report = load_baci(f)
    assert table[["partner", "value_usd"]].astype({"partner": str}).values.tolist() == [["UNK", 2000.0],
                                                                                         ["USA", 4000.0]]
    assert any("697" in w for w in report.warnings)
    # two numbers that both mean UNK: one row, summed
    codes = OLD_CODES + "899,\"Areas, nes\",\"Areas, nes\",N/A,N/A\n"
    (tmp_path / "country_codes_V1.csv").write_text(codes, encoding="utf-8")
    two = pd.DataFrame({"t": 2019, "i": [392, 392], "j": [697, 899], "k": [281111] * 2, "v": [2.0, 3.0],
                        "q": ["NA", "1.5"]})
    two.to_csv(f, index=False)
    table, report = load_baci(f)
    assert len(table) == 1 and table["value_usd"].item() == 5000.0 and table["qty"].item() == 1.5
    assert report.dropped["reason"].tolist() == ["duplicate key: summed into an earlier row"]
    assert_reconciles(report)


def test_bad_files(tmp_path):
    (tmp_path / "country_codes_V1.csv").write_text(OLD_CODES, encoding="utf-8")
    f = tmp_path / "BACI_HS17_Y2019_V1.csv"
    f.write_text("t,i,j,k,v,q\n2019,392,410,281111,1.0,NA\n2019,392,410,28111X,1.0,NA\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 3, column 'k': expected an HS6 code of up to six digits, got '28111X'"):
        load_baci(f)
    f.write_text("t,i,j,k,v,q\n2019,392,410,281111,1.0,NA\n2019,392,410,2811110,1.0,NA\n", encoding="utf-8")
    with pytest.raises(DataError, match="row 3, column 'k'"):
        load_baci(f)
    f.write_text("t,i,j,k,v,q\n2019,392,410,281111,-1.0,NA\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 2, column 'v': expected a value ≥ 0"):
        load_baci(f)
    f.write_text("t,i,j,k,v,q\n2019,392,777,281111,1.0,NA\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"country numbers \[777\] are not in the country-codes file"):
        load_baci(f)
    f.write_text("t,i,j,k,v,q\n2019,392,410,281111,1.0,NA\n2019,392,410,281111,2.0,NA\n", encoding="utf-8")
    with pytest.raises(DataError, match="row 3.*appear twice"):
        load_baci(f)
    f.write_text("t,i,j,k,v,q\n2019,392,410,281111,0,NA\n2019,392,842,281111,2.0,NA\n", encoding="utf-8")
    table, report = load_baci(f)
    assert len(table) == 1 and report.dropped["reason"].tolist() == ["zero value"]


def test_country_codes_file_given_as_data_is_explained(tmp_path):
    f = tmp_path / "country_codes_V202301.csv"
    f.write_text(NEW_CODES, encoding="utf-8")
    with pytest.raises(DataError, match="a BACI country-codes file, not trade data: keep it beside the BACI data"):
        load(f)


def test_zip_with_several_years_needs_a_year(baci_dir, tmp_path_factory):
    folder, frame = baci_dir
    z = tmp_path_factory.mktemp("zip") / "BACI_HS17_V202301.zip"
    later = frame.assign(t=2020, v=frame["v"] * 2)
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(folder / "BACI_HS17_Y2019_V202301.csv", "BACI_HS17_Y2019_V202301.csv")
        zf.writestr("BACI_HS17_Y2020_V202301.csv", later.to_csv(index=False))
        zf.writestr("country_codes_V202301.csv", OLD_CODES)
    with pytest.raises(DataError, match="expected one BACI year file in the zip, found 2"):
        load(z)
    table, _ = load(z, year=2020)
    assert (table["year"] == 2020).all()
    assert table["value_usd"].sum() == pytest.approx(2000 * frame["v"].sum(), rel=1e-12)


# ------------------------------------------------------------------ the number read against the text read
# The year is read with its numbers parsed by Arrow; a file that read refuses is read again with k and q
# as text (the loader's own checks). Both must give the same table, report and message on every file.

def _lines(rows: list[str]) -> str:
    return "t,i,j,k,v,q\n" + "".join(r + "\n" for r in rows)


_GOOD = ["2019,392,410,10121,1.5,2.25", "2019,392,410,281111,3.0,NA", "2019,392,842,370790,0.5,7",
         "2019,410,392,281111,2.0,NA", "2019,842,251,90111,9.25,0.125"]
_LATE = 6  # rows of _GOOD repeated before an edit, so that the edit lies beyond the first lines read


_MANY = [f"2019,410,842,{100000 + n},1.5,2.0" for n in range(90_000)]  # 2.6 MB


def _late(edit: str) -> list[str]:
    base = [f"2019,251,392,{100000 + n},1.0,1.0" for n in range(_LATE)]
    return base + [edit] + _GOOD


VARIANTS = {
    "plain": _GOOD,
    "k padded and quoted": [r.replace(",10121,", ",010121,").replace(",90111,", ',"090111",') for r in _GOOD],
    "padded NA from the first line": [r.replace("NA", "           NA") for r in _GOOD],
    "padded NA only later": _late("2019,392,251,10121,1.0,      NA"),
    "blank and spaces-only q": _GOOD[:2] + ["2019,392,842,370790,0.5,", "2019,410,392,281111,2.0,   "] + _GOOD[4:],
    "q nan and quoted NA": _GOOD[:2] + ['2019,392,842,370790,0.5,nan', '2019,410,392,281111,2.0,"NA"'] + _GOOD[4:],
    "a zero value": _GOOD[:2] + ["2019,392,842,370790,0,1"] + _GOOD[3:],
    "unsorted": [_GOOD[3], *_GOOD[:3], _GOOD[4]],
    "CRLF lines": [r + "\r" for r in _GOOD],
    # files with a problem: the message must be the same
    "NA in v": _GOOD[:2] + ["2019,392,842,370790,NA,1"] + _GOOD[3:],
    "empty v": _GOOD[:2] + ["2019,392,842,370790,,1"] + _GOOD[3:],
    "a space before k, later": _late("2019,392,251, 10121,1.0,1.0"),
    "a tab after k, later": _late("2019,392,251,10121\t,1.0,1.0"),
    "k not a number": _GOOD[:2] + ["2019,392,842,28111X,0.5,1"] + _GOOD[3:],
    "k of seven digits": _GOOD[:2] + ["2019,392,842,2811110,0.5,1"] + _GOOD[3:],
    "k empty": _GOOD[:2] + ["2019,392,842,,0.5,1"] + _GOOD[3:],
    "q text": _GOOD[:2] + ["2019,392,842,370790,0.5,x"] + _GOOD[3:],
    "q a no-break space before a number": _GOOD[:2] + ["2019,392,842,370790,0.5,\u00a05"] + _GOOD[3:],
    "v infinite": _GOOD[:2] + ["2019,392,842,370790,1e999,1"] + _GOOD[3:],
    "v negative": _GOOD[:2] + ["2019,392,842,370790,-1,1"] + _GOOD[3:],
    "v nan": _GOOD[:2] + ["2019,392,842,370790,nan,1"] + _GOOD[3:],
    "v minus infinity": _GOOD[:2] + ["2019,392,842,370790,-1e999,1"] + _GOOD[3:],
    "k negative": _GOOD[:2] + ["2019,392,842,-5,0.5,1"] + _GOOD[3:],
    # Arrow reads about 1 MiB a block: problems in a later block than the first
    "v negative past the first block": _MANY + ["2019,392,842,370790,-2,1"] + _GOOD,
    "v nan past the first block": _MANY + ["2019,392,842,370790,nan,1"] + _GOOD,
    "k negative past the first block": _MANY + ["2019,392,842,-370790,2,1"] + _GOOD,
    "a row twice": _GOOD + [_GOOD[0]],
    "a short row": _GOOD[:2] + ["2019,392,842,370790,0.5"] + _GOOD[3:],
    "NA in t": ["NA,392,410,10121,1.5,2.25"] + _GOOD[1:],
}


def _outcome(path, monkeypatch, text: bool):
    from exposure.io import baci

    if text:
        monkeypatch.setattr(baci, "_read_numbers", lambda *args: None)
    try:
        table, report = load_baci(path)
    except DataError as exc:
        return "error", str(exc)
    finally:
        monkeypatch.undo()
    return "ok", (table, report)


@pytest.mark.parametrize("name", list(VARIANTS))
@pytest.mark.parametrize("zipped", [False, True], ids=["csv", "zip"])
def test_the_number_read_gives_what_the_text_read_gives(tmp_path, monkeypatch, name: str, zipped: bool):
    from exposure.io import baci

    (tmp_path / "country_codes_V1.csv").write_text(OLD_CODES, encoding="utf-8")
    path = tmp_path / "BACI_HS17_Y2019_V1.csv"
    path.write_bytes(_lines(VARIANTS[name]).encode("utf-8"))
    if zipped:
        z = tmp_path / "BACI_HS17_V1.zip"
        with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.write(path, path.name)
            zf.writestr("country_codes_V1.csv", OLD_CODES)
        path = z
    head = len(_lines(VARIANTS[name][:_LATE]).encode())  # the first lines: everything before a late edit
    monkeypatch.setattr(baci, "_HEAD_BYTES", head)
    used = []
    real = baci._read_numbers
    monkeypatch.setattr(baci, "_read_numbers", lambda *args: used.append(real(*args)) or used[-1])
    fast = _outcome(path, monkeypatch, text=False)
    monkeypatch.setattr(baci, "_HEAD_BYTES", head)
    text = _outcome(path, monkeypatch, text=True)
    assert fast[0] == text[0], (fast[1], text[1])
    if fast[0] == "error":
        assert fast[1] == text[1]
        return
    (a, ra), (b, rb) = fast[1], text[1]
    pd.testing.assert_frame_equal(a, b)
    for f in ("rows_read", "rows_kept", "value_read", "value_kept", "warnings", "code_system", "format"):
        assert getattr(ra, f) == getattr(rb, f), f
    pd.testing.assert_frame_equal(ra.dropped, rb.dropped)
    # the files meant for the number read do take it (the text read is the exception)
    took_numbers = used[0] is not None
    assert took_numbers == (name not in ("padded NA only later", "q a no-break space before a number")), name


@pytest.mark.parametrize("text_read", [False, True], ids=["number read", "text read"])
def test_spaces_around_k_are_not_part_of_the_code(tmp_path, monkeypatch, text_read):
    from exposure.io import baci

    if text_read:
        monkeypatch.setattr(baci, "_read_numbers", lambda *args: None)
    (tmp_path / "country_codes_V1.csv").write_text(OLD_CODES, encoding="utf-8")
    path = tmp_path / "BACI_HS17_Y2019_V1.csv"
    rows = ["2019,392,410, 10121,1.5,2.25", "2019,392,410,281111\t,3.0,NA", "2019,392,842,\t370790 ,0.5,7"]
    path.write_text(_lines(rows), encoding="utf-8")
    table, _ = load_baci(path)
    assert table["code"].astype(str).tolist() == ["010121", "281111", "370790"]


def test_floats_into_writes_missing_cells_as_nan_at_any_offset():
    from exposure.io.baci import _floats_into

    col = pa.array([1.0, None, 3.0, 4.0, None, None, 7.0, 8.0, 9.0, None], type=pa.float64()).slice(3)
    out = np.full(len(col), -1.0)
    _floats_into(col, out)
    np.testing.assert_array_equal(out, [4.0, np.nan, np.nan, 7.0, 8.0, 9.0, np.nan])


def test_hs6_numbers_out_of_range_append_nothing():
    from exposure.io.baci import _Numbered
    from exposure.io.streamcsv import Growing

    hs6, out = _Numbered(), Growing(np.int16)
    hs6.ids_into(np.array([281111, 10121, 281111], dtype=np.int32), out, 8)
    for bad in ([5, 1_000_000], [5, -1]):
        with pytest.raises(IndexError):
            hs6.ids_into(np.array(bad, dtype=np.int32), out, 8)
    hs6.ids_into(np.array([10121, 370790], dtype=np.int32), out, 8)
    assert out.array.tolist() == [1, 0, 1, 0, 2]  # numbered block by block (in code order within one): 370790 last


def _mapped_kb() -> int:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("RssFile:"))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="RssFile is Linux's")
def test_a_plain_year_is_read_in_place_and_its_pages_let_go(tmp_path, monkeypatch):
    from exposure.io import baci

    (tmp_path / "country_codes_V1.csv").write_text(OLD_CODES, encoding="utf-8")
    path = tmp_path / "BACI_HS17_Y2019_V1.csv"
    pairs = [(i, j) for i in (251, 392, 410, 842) for j in (251, 392, 410, 842) if i != j]
    rows = 1_200_000
    with path.open("w", encoding="utf-8") as fh:
        fh.write("t,i,j,k,v,q\n")
        for i, j in pairs:
            fh.write("".join(f"2019,{i},{j},{100000 + n},1.5,2.25\n" for n in range(rows // len(pairs))))
    size = path.stat().st_size
    assert size > 32 * 2**20
    held = []
    parsed = baci._Mapped.parsed

    def watch(self, batches):
        parsed(self, batches)
        held.append(_mapped_kb())

    monkeypatch.setattr(baci._Mapped, "parsed", watch)
    before = _mapped_kb()
    table, report = load_baci(path)
    assert report.rows_read == len(table) == rows // len(pairs) * len(pairs)
    assert len(held) >= 30  # Arrow's blocks, each seen as parsed
    assert max(held) - before < 16 * 1024, f"{max(held) - before} KB of the {size >> 20} MB file held at once"


def test_a_year_that_grows_while_it_is_read_is_refused(tmp_path, monkeypatch):
    from exposure.io import baci

    (tmp_path / "country_codes_V1.csv").write_text(OLD_CODES, encoding="utf-8")
    path = tmp_path / "BACI_HS17_Y2019_V1.csv"
    path.write_text(_lines(_MANY + _GOOD), encoding="utf-8")  # 2.6 MB: three of Arrow's 1 MiB reads
    size = path.stat().st_size
    read, calls = baci._Mapped.read, []

    def read_while_it_grows(self, n=-1):
        calls.append(n)
        if len(calls) == 3:  # the head, Arrow's first block, then: a download still being written
            with path.open("a", encoding="utf-8") as fh:
                fh.write("2019,842,251,90112,1.0,1.0\n")
        return read(self, n)

    monkeypatch.setattr(baci._Mapped, "read", read_while_it_grows)
    with pytest.raises(DataError) as err:
        load_baci(path)
    assert str(err.value) == (f"BACI_HS17_Y2019_V1.csv: the file changed while it was read ({size:,} bytes when "
                              f"opened, {size + 27:,} now): read it again once it is complete")


def test_padded_na_and_spaces_only_q_are_missing(tmp_path):
    (tmp_path / "country_codes_V1.csv").write_text(OLD_CODES, encoding="utf-8")
    path = tmp_path / "BACI_HS17_Y2019_V1.csv"
    path.write_text(_lines(VARIANTS["blank and spaces-only q"]), encoding="utf-8")
    table, _ = load_baci(path)
    assert table["qty"].isna().tolist() == [False, True, True, True, False]
    assert table["qty"].iloc[0] == 2.25 and table["code"].astype(str).iloc[0] == "010121"


@pytest.mark.parametrize("edit, message", [
    ("2019,392,842,370790,-2,1", "row 90002, column 'v': expected a value ≥ 0, got -2"),
    ("2019,392,842,370790,nan,1", "row 90002, column 'v': expected a finite number, got 'nan'"),
    ("2019,392,842,-370790,2,1", "row 90002, column 'k': expected an HS6 code of up to six digits, got '-370790'"),
])
def test_a_bad_cell_past_the_first_block_is_named_by_its_row(tmp_path, edit, message):
    # header on row 1, the 90,000 good rows on rows 2–90,001: the edit is row 90,002, in Arrow's third block
    (tmp_path / "country_codes_V1.csv").write_text(OLD_CODES, encoding="utf-8")
    f = tmp_path / "BACI_HS17_Y2019_V1.csv"
    f.write_bytes(_lines(_MANY + [edit] + _GOOD).encode("utf-8"))
    assert f.stat().st_size > 2 * 1024 * 1024
    with pytest.raises(DataError, match=re.escape(message)):
        load_baci(f)


@pytest.mark.parametrize("header", ["t, i, j, k, v, q", "T,I,J,K,V,Q", '"t", "i","j","k","v","q"'])
def test_a_header_spelled_otherwise_is_named_not_a_library_error(tmp_path, header):
    from exposure.report.error_text import error_text

    f = tmp_path / "BACI_HS17_Y2019_V202301.csv"
    f.write_text(header + "\n2019,392,410,281111,10.5,1.0\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_baci(f)
    assert str(err.value) == (f"BACI_HS17_Y2019_V202301.csv: row 1: the header is '{header}': expected the column names "
                              "exactly as CEPII writes them, t,i,j,k,v,q (lower case, no spaces): correct the first line")
    assert error_text(err.value, "ko").endswith("열 이름은 CEPII가 쓰는 그대로 t,i,j,k,v,q(소문자, 공백 없음)여야 함: 첫 줄을 "
                                                "고치십시오")
