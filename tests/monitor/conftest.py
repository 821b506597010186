"""Builders of small monthly TradeFlows tables for the monitor tests, and the shared HSK10 file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

HSK10_MONTHLY = "kcs/hsk10_monthly_by_partner_2000_2021.xlsx"


def monthly(series: dict[str, list[float]], start: str = "2016-01", code: str = "2811111000",
            system: str = "HSK10", reporter: str = "KOR", flow: str = "M", drop_zero: bool = False) -> pd.DataFrame:
    """TradeFlows from {partner: monthly values from ``start``}; ``drop_zero`` drops zero rows as loaders do."""
    y0, m0 = (int(x) for x in start.split("-"))
    recs = []
    for partner, values in series.items():
        for i, v in enumerate(values):
            if v is None or (drop_zero and v == 0):
                continue
            k = y0 * 12 + m0 - 1 + i
            recs.append(dict(year=k // 12, month=k % 12 + 1, reporter=reporter, partner=partner, flow=flow,
                             code=code, code_system=system, name="", value_usd=float(v), source="hand.xlsx"))
    return pd.DataFrame(recs)


@pytest.fixture(scope="session")
def hsk10_flows(shared_data: Path) -> pd.DataFrame:
    """The shared HSK10 monthly file through the project's loader (skips when ../shared/data is absent)."""
    from exposure.io import load

    path = shared_data / HSK10_MONTHLY
    if not path.is_file():
        pytest.skip(f"{HSK10_MONTHLY} is absent")
    table, _report = load(path, kind="imports")
    return table


@pytest.fixture(scope="session")
def hsk10_raw(shared_data: Path) -> pd.DataFrame:
    """The same file read directly with pandas (an independent path to the figures)."""
    path = shared_data / HSK10_MONTHLY
    if not path.is_file():
        pytest.skip(f"{HSK10_MONTHLY} is absent")
    raw = pd.read_excel(path, dtype={"Item": str})
    return raw


@pytest.fixture(scope="session")
def make_flows():
    """:func:`monthly` as a fixture."""
    return monthly
