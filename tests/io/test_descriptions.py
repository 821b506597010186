"""Product descriptions from a user's classification file (none are shipped)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from exposure.io.descriptions import describe, load_descriptions
from exposure.errors import DataError


def test_comtrade_json(tmp_path):
    f = tmp_path / "H5.json"
    f.write_text(json.dumps({"results": [{"id": "TOTAL", "text": "Total", "parent": "#"},
                                         {"id": "28", "text": "28 - Inorganic chemicals", "parent": "TOTAL"},
                                         {"id": "281111", "text": "281111 - Hydrogen fluoride", "parent": "2811"}]}),
                 encoding="utf-8")
    d = load_descriptions(f)
    assert d.to_dict() == {"28": "Inorganic chemicals", "281111": "Hydrogen fluoride"}
    got = describe(pd.Series(["2811111000", "281111", "2804000000", "990000"]), d)
    assert got.tolist() == ["Hydrogen fluoride", "Hydrogen fluoride", "Inorganic chemicals", ""]


def test_cp949_csv_with_korean_headers(tmp_path):
    f = tmp_path / "names.csv"
    f.write_bytes("품목코드,품목명\n2811111000,불화수소(반도체 제조용)\n".encode("cp949"))
    assert load_descriptions(f).to_dict() == {"2811111000": "불화수소(반도체 제조용)"}


def test_bad_files_are_named(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="x.csv: expected a code column"):
        load_descriptions(f)
    with pytest.raises(DataError, match="classification file not found"):
        load_descriptions(tmp_path / "nope.json")


def test_real_comtrade_classification(shared_data):
    d = load_descriptions(shared_data / "concordance" / "hs2017_classification_H5.json")
    assert d["281111"].startswith("Hydrogen fluoride")
    assert d.index.str.len().isin([2, 4, 6]).all()


@pytest.mark.parametrize("name, body, message", [
    ("dup.csv", "code,description\n281111,HF\n281111,Other\n",
     "dup.csv: code 281111 is described twice ('HF' and 'Other'): expected one description per code"),
    ("dup.json", '{"results": [{"id": "281111", "text": "A"}, {"id": "281111", "text": "B"}]}',
     "dup.json: code 281111 is described twice ('A' and 'B'): expected one description per code"),
    ("empty.json", '{"results": []}', "empty.json: no descriptions in the file"),
    ("header.csv", "code,description\n", "header.csv: no descriptions in the file"),
])
def test_names_files_that_describe_a_code_twice_or_nothing_are_refused(tmp_path, name, body, message):
    f = tmp_path / name
    f.write_text(body, encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(message)):
        load_descriptions(f)


def test_a_code_given_twice_with_the_same_text_is_one_description(tmp_path):
    f = tmp_path / "same.csv"
    f.write_text("code,description\n281111,HF\n281111,HF\n", encoding="utf-8")
    assert load_descriptions(f).to_dict() == {"281111": "HF"}


def test_a_description_with_a_control_character_is_refused(tmp_path):
    f = tmp_path / "ctrl.csv"
    f.write_text("code,description\n281111,HF\x01\x02\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"ctrl.csv: the description of code 281111 holds a control character"):
        load_descriptions(f)
