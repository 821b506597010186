"""What the command line prints of a ranking: the amounts the ranking is by (exposure.report.console)."""

from __future__ import annotations

import pytest

from exposure import run
from exposure.config import Config
from exposure.inputs import Inputs
from exposure.report.console import ranking_text


@pytest.fixture(scope="module")
def retaliation():
    return run(Inputs.demo(), Config(scenarios=("export-retaliation", "2019-three-items")))


def _block(text: str, title: str) -> list[str]:
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(title))
    return lines[at:at + 12]


def test_a_ranking_by_lost_exports_to_the_target_shows_those_amounts(retaliation):
    block = _block(ranking_text(retaliation), "대한국 수입 보복")
    assert "중소기업 대상국 수출 위험액 기준" in block[0]
    assert block[1].split()[2:] == ["중소기업", "대상국", "수출", "위험액", "대상국", "수출", "위험액", "대상국", "수출",
                                    "감소율", "업종명"]
    # D55T56 in the demo profile: exports to Japan USD 2,649 million a year, SME share 46.8 %, over 180 days
    rate = float(retaliation.sectors.set_index(["scenario", "sector"]).loc[("export-retaliation", "D55T56"),
                                                                          "demand_rate"])
    whole = 2_649e6 * rate * 180 / 365
    first = block[2].split()
    assert first[:2] == ["1", "D55T56"]
    assert first[2:5] == [f"{whole * 0.468 / 1e6:,.1f}", f"{whole / 1e6:,.1f}", f"{rate:.3%}"]
    assert float(first[2]) > 0


def test_a_supply_ranking_keeps_the_supply_side_amounts(retaliation):
    block = _block(ranking_text(retaliation), "2019년 3개 품목 수출규제")
    assert block[1].split()[2:] == ["중소기업", "위험액", "전체", "위험액", "노출률", "업종명"]
    top = retaliation.ranking("2019-three-items", n=1).iloc[0]
    assert block[2].split()[2] == f"{top['sme_export_at_risk_usd'] / 1e6:,.1f}"
