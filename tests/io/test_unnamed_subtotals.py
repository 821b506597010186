"""A row with no partner that sums its product's rows is a subtotal left unlabelled: refused, both readers alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from exposure.errors import DataError
from exposure.io import load, streamcsv

DATA = Path(__file__).resolve().parents[1] / "data" / "io"


@pytest.mark.parametrize("stream", [False, True], ids=["generic", "streamed"])
def test_a_blank_partner_row_that_sums_its_product_is_refused(monkeypatch, stream):
    # 7,400 (Japan) + 730 (China) = 8,130: kept as an unknown partner, Japan's share of HF would fall from 91 % to 46 %
    monkeypatch.setattr(streamcsv, "STREAM_MIN_BYTES", 0 if stream else 1 << 62)
    with pytest.raises(DataError, match=r"partner_blank_subtotal.csv: row 4: no partner, and its amount is the sum of "
                                        r"the 2 row\(s\) of product 2811111000 in 2019 that name one: a subtotal\?"):
        load(DATA / "partner_blank_subtotal.csv")


@pytest.mark.parametrize("stream", [False, True], ids=["generic", "streamed"])
def test_an_unknown_partner_of_its_own_is_kept(monkeypatch, stream):
    monkeypatch.setattr(streamcsv, "STREAM_MIN_BYTES", 0 if stream else 1 << 62)
    table, _ = load(DATA / "partner_dash_unknown.csv")
    assert table[table["partner"].astype(str) == "UNK"]["value_usd"].tolist() == [12_000.0]
    assert len(table) == 4
