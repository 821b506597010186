"""Money as a Korean or English report writes it: 백만 달러 and 억 달러, USD million and billion.

Tables of a brief use one unit per column (백만 달러 / USD million) so figures compare at a
glance; sentences pick the larger unit where the amount reaches it (억 달러 from 1억 = 100백만
달러; USD billion from 1,000 million).

Examples
--------
>>> say_money(2.5e8, "ko"), say_money(4.56e7, "ko"), say_money(2.5e9, "en")
('2.5억 달러', '45.6백만 달러', 'USD 2.5 billion')
>>> millions(1_234_567.0)
1.234567
"""

from __future__ import annotations

import math

#: the unit of a brief's money columns
MILLION = {"ko": "백만 달러", "en": "USD million"}
#: Excel number format of an amount in millions (one decimal)
MILLION_FORMAT = "#,##0.0"


def millions(value: float) -> float:
    """``value`` (USD) in millions, to the dollar (no floating-point dust in a copied cell); NaN stays NaN."""
    return round(value / 1e6, 6) if value == value else math.nan


def _num(x: float, decimals: int) -> str:
    return f"{x:,.{decimals}f}"


def say_money(value: float, lang: str, missing: str = "–") -> str:
    """An amount in words a report can quote: 억 달러 (≥ 1억) or 백만 달러 in Korean, USD billion/million in English.

    Three significant figures, at least one decimal below 100 of the unit; a tiny positive amount
    is written as below 0.1 of the unit rather than as zero.
    """
    if value is None or value != value:
        return missing
    if lang == "ko":
        if abs(value) >= 1e8:
            return f"{_sig(value / 1e8)}억 달러"
        if 0 < abs(value) < 5e4:
            return "0.1백만 달러 미만"
        return f"{_sig(value / 1e6)}백만 달러"
    if abs(value) >= 1e9:
        return f"USD {_sig(value / 1e9)} billion"
    if 0 < abs(value) < 5e4:
        return "under USD 0.1 million"
    return f"USD {_sig(value / 1e6)} million"


def _sig(x: float) -> str:
    """Three significant figures, never fewer than the integer part: 1,234 / 45.6 / 2.5 / 0.12."""
    a = abs(x)
    if a >= 100:
        return _num(x, 0)
    if a >= 10:
        return _num(x, 1)
    if a >= 1:
        return _num(x, 2).rstrip("0").rstrip(".") if _num(x, 2).endswith("0") else _num(x, 2)
    return f"{x:.2g}"


def million_text(value: float, missing: str = "–") -> str:
    """An amount as a number of millions with one decimal (the brief's columns): ``1,234.5``."""
    if value is None or value != value:
        return missing
    m = value / 1e6
    if 0 < abs(m) < 0.05:
        return "<0.1"
    return _num(m, 1)


def range_text(low: float, high: float) -> str:
    """``low–high`` in millions (one decimal), or the single figure when they agree to the decimal."""
    a, b = million_text(low), million_text(high)
    if a == "–" or b == "–":
        return ""
    return a if a == b else f"{a}–{b}"
