"""Units of money and weight as written in Korean and English table headers.

Money is always converted to USD: ``천달러``/``천불`` (thousand USD) × 1,000,
``백만달러`` × 1,000,000 and so on. Weights keep their unit (``t`` or ``kg``)
in ``qty_unit``.
"""

from __future__ import annotations

import re

# Longest spellings first, so "천달러" is not read as "달러".
_MONEY: list[tuple[str, float, str]] = [
    ("십억달러", 1e9, "십억달러"), ("십억불", 1e9, "십억달러"),
    ("usdollar,billions", 1e9, "USD billion"), ("billionusd", 1e9, "USD billion"), ("usdbillion", 1e9, "USD billion"),
    ("억달러", 1e8, "억달러"), ("억불", 1e8, "억달러"),
    ("백만달러", 1e6, "백만달러"), ("백만불", 1e6, "백만달러"), ("백만us$", 1e6, "백만달러"),
    ("usdollar,millions", 1e6, "USD million"), ("millionusd", 1e6, "USD million"),
    ("usdmillions", 1e6, "USD million"), ("usdmillion", 1e6, "USD million"), ("us$million", 1e6, "USD million"),
    ("millionsofusdollars", 1e6, "USD million"), ("mn$", 1e6, "USD million"),
    ("천달러", 1e3, "천달러"), ("천불", 1e3, "천달러"), ("천us$", 1e3, "천달러"), ("천usd", 1e3, "천달러"),
    ("usdollar,thousands", 1e3, "USD thousand"), ("thousandusd", 1e3, "USD thousand"),
    ("usdthousands", 1e3, "USD thousand"), ("usdthousand", 1e3, "USD thousand"), ("us$thousand", 1e3, "USD thousand"),
    ("thousandsofusdollars", 1e3, "USD thousand"), ("1000usd", 1e3, "USD thousand"), ("000usd", 1e3, "USD thousand"),
    ("usd1000", 1e3, "USD thousand"), ("kusd", 1e3, "USD thousand"),
    ("달러", 1.0, "USD"), ("us$", 1.0, "USD"), ("usd", 1.0, "USD"), ("dollars", 1.0, "USD"),
    ("dollar", 1.0, "USD"), ("$", 1.0, "USD"),
]
# "불" alone is a unit only as the whole text ("(불)", "단위: 불"): as a substring it is too common.
_BARE_DOLLAR = {"불", "달러", "usd"}

_WEIGHT: list[tuple[str, str]] = [
    ("천톤", "kt"), ("킬로그램", "kg"), ("kilograms", "kg"), ("kilogram", "kg"), ("kg", "kg"),
    ("tonnes", "t"), ("tonne", "t"), ("tons", "t"), ("ton", "t"), ("톤", "t"),
]

_UNIT_ROW = re.compile(r"(?:단위|unit)\s*[:：]?\s*(.+)", re.IGNORECASE)
_PAREN = re.compile(r"[(\[（]([^()\[\]（）]*)[)\]）]")


def _squash(text: str) -> str:
    return re.sub(r"[\s_]", "", str(text)).lower()


def money_unit(text: str | None) -> tuple[str, float] | None:
    """Find a money unit in ``text``; return (label, factor to USD) or None.

    Examples
    --------
    >>> money_unit("단위: 천불, %")
    ('천달러', 1000.0)
    >>> money_unit("수출액(백만달러)")
    ('백만달러', 1000000.0)
    >>> money_unit("Trade Value (US$)")
    ('USD', 1.0)
    >>> money_unit("중량") is None
    True
    """
    if text is None:
        return None
    s = _squash(text)
    if s in _BARE_DOLLAR:
        return "USD", 1.0
    for key, factor, label in _MONEY:
        if key in s:
            return label, factor
    return None


def weight_unit(text: str | None) -> str | None:
    """Find a weight unit in ``text`` (``"t"``, ``"kg"``, ``"kt"``) or None.

    Examples
    --------
    >>> weight_unit("수입 중량(톤)")
    't'
    >>> weight_unit("Netweight (kg)")
    'kg'
    """
    if text is None:
        return None
    s = _squash(text)
    for key, label in _WEIGHT:
        if key in s:
            return label
    return None


def unit_from_title(lines: list[str]) -> tuple[str, float] | None:
    """The money unit stated in title/unit rows above a table (``단위: 천불``, ``(Unit: USD thousand)``)."""
    for line in lines:
        m = _UNIT_ROW.search(str(line))
        if m:
            found = money_unit(m.group(1))
            if found:
                return found
    return None


def unit_in_header(name: str) -> str | None:
    """The text in brackets of a column header (``"수출액(백만달러)"`` → ``"백만달러"``), or None."""
    m = _PAREN.findall(str(name))
    return m[-1].strip() if m else None


def is_percent(name: str) -> bool:
    """True when a header says its values are percentages (``비중(%)``, ``share %``)."""
    return "%" in str(name) or "퍼센트" in str(name) or "percent" in str(name).lower()


def parse_unit_option(unit: str | float | int) -> tuple[str, float]:
    """Read a user's ``unit=`` option: a spelling such as ``"천달러"`` or a factor such as ``1000``.

    Raises
    ------
    ValueError
        If the spelling is not a known money unit.
    """
    if isinstance(unit, (int, float)):
        return (f"×{unit:g} USD", float(unit))
    found = money_unit(str(unit))
    if found is None:
        raise ValueError(f"unknown money unit {unit!r}; expected e.g. 달러/USD, 천달러/천불, 백만달러")
    return found
