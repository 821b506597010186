"""Units of money and weight as written in Korean and English table headers.

Money is always converted to USD: ``천달러``/``천불`` (thousand USD) × 1,000,
``백만달러`` × 1,000,000 and so on. Weights keep their unit (``t`` or ``kg``)
in ``qty_unit``.

Amounts in another currency (``천원``, ``백만원``, ``억원``, ``엔``, ``유로``, ``위안``,
``KRW``, ``JPY``, ``EUR``, ``CNY``, ``HK$`` …) are never read as dollars: they are
converted with an exchange rate the user gives (``fx``: currency → units per US
dollar, e.g. ``{"KRW": 1165.7}``), or refused. Korean currency words that are also
parts of other words (원 in 원산지 or 원료, 엔 in 엔진) count only as a unit of their
own: the whole text, a bracketed part (``금액(원)``) or a word after ``단위:``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# A dollar unit: a Korean word (천달러, 백만불, 만달러, 억 달러; 천US$) or a Latin one (USD, US$, $, dollars) with a
# scale written as a word or a number (thousand, '000, 1,000, k, million, mn, billion, bn). 불 alone is a unit only
# as the whole text ("(불)", "단위: 불"): as a substring it is too common (불화수소).
#: a power of ten written in digits before 달러/불 ("1,000달러" once the commas are gone)
_NUMBER_DOLLAR = re.compile(r"(?<![\d.])(10+|1(?:000)+)(?:us)?(?:달러|불)")
_NUMBER_DOLLAR_LABEL = {10.0: "십달러", 100.0: "백달러", 1e3: "천달러", 1e4: "만달러", 1e5: "십만달러", 1e6: "백만달러",
                        1e7: "천만달러", 1e8: "억달러", 1e9: "십억달러"}
_KO_DOLLAR = re.compile(r"(십억|백억|천억|억|천만|백만|십만|만|천)?(?:us)?(달러|불|\$)")
#: a power of ten in digits before a Korean scale (100만달러 is a million dollars, 10억달러 a billion)
_DIGITS_KO_DOLLAR = re.compile(r"(?<![\d.])(1|10|100|1000)(십억|백억|천억|억|천만|백만|십만|만|천)(?:us)?(?:달러|불|\$)")
#: a Korean scale written as a word of its own beside a Latin dollar (백만 USD, USD 천, US$ 백만)
_KO_SCALE_WORD = re.compile(r"(?<![가-힣])(십억|백억|천억|억|천만|백만|십만|만|천)(?![가-힣])")
_OTHER_DOLLAR = re.compile(r"(홍콩|대만|싱가포르|캐나다|호주)달러")
_KO_DOLLAR_SCALE = {None: 1.0, "천": 1e3, "만": 1e4, "십만": 1e5, "백만": 1e6, "천만": 1e7, "억": 1e8, "십억": 1e9,
                    "백억": 1e10, "천억": 1e11}
_LATIN_DOLLAR = re.compile(r"us\$|usd|dollars?|(?<![a-z])(?:mn|k)?\$")
_LATIN_DOLLAR_SCALE = [  # (token, factor, label), matched as whole tokens of the text
    ({"thousand", "thousands", "000", "'000", "1,000", "1000", "k", "kusd", "k$", "tsd", "thous"}, 1e3, "USD thousand"),
    ({"million", "millions", "mn", "mio", "mln", "mil", "mill", "1,000,000", "1000000", "musd", "mn$"}, 1e6,
     "USD million"),
    ({"billion", "billions", "bn", "bln", "bil", "busd"}, 1e9, "USD billion"),
]
_DOLLAR_M = re.compile(r"(?:us\$|usd|\$)\s*m(?![a-z])|(?<![a-z])m\s*(?:us\$|usd|\$)")  # US$ m, $m, m USD: millions
_LATIN_TOKEN = re.compile(r"[a-z]*\$|'?\d[\d,]*|[a-z]+")
_BARE_DOLLAR = {"불", "달러", "usd"}
#: 불 written as a word of its own (단위: 불, 금액(불)), not inside one (불화수소)
_STANDALONE_BUL = re.compile(r"(?<![가-힣])불(?![가-힣])")

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
    >>> money_unit("수입액(US$ 1,000)"), money_unit("금액(만달러)"), money_unit("Value (USD mn)")
    (('USD thousand', 1000.0), ('만달러', 10000.0), ('USD million', 1000000.0))
    >>> money_unit("(단위: 1,000달러)"), money_unit("금액(1000불)")
    (('천달러', 1000.0), ('천달러', 1000.0))
    >>> money_unit("중량") is None
    True
    """
    if text is None:
        return None
    s = _squash(text)
    if s in _BARE_DOLLAR:
        return "USD", 1.0
    korean = s.replace(",", "")
    scaled = _NUMBER_DOLLAR.search(korean)
    if scaled:  # 1,000달러, 1000불, 1,000,000달러: the number is the unit's scale
        factor = float(scaled.group(1))
        return _NUMBER_DOLLAR_LABEL.get(factor, f"{factor:,.0f} USD"), factor
    digits = _DIGITS_KO_DOLLAR.search(korean)
    if digits:  # 100만달러, 10억달러: the digits multiply the scale word
        factor = float(digits.group(1)) * _KO_DOLLAR_SCALE[digits.group(2)]
        return _NUMBER_DOLLAR_LABEL.get(factor, f"{digits.group(1)}{digits.group(2)}달러"), factor
    for m in _KO_DOLLAR.finditer(korean):
        prefix, word = m.group(1), m.group(2)
        if _OTHER_DOLLAR.search(korean[max(0, m.start() - 5):m.end()]):
            continue  # 홍콩달러, 대만달러 …: another currency (see foreign_unit)
        if word == "불" and prefix is None and not _STANDALONE_BUL.search(str(text)):
            continue  # 불화수소: the word, not the unit (불 alone, 단위: 불, 금액(불) are dollars)
        if word == "$" and prefix is None:
            break  # a Latin "$": read below with its scale
        return (prefix or "") + "달러" if prefix else "USD", _KO_DOLLAR_SCALE[prefix]
    low = str(text).lower()
    if not _LATIN_DOLLAR.search(low.replace(" ", "")):
        return None
    if _DOLLAR_M.search(low):
        return "USD million", 1e6
    ko_scale = _KO_SCALE_WORD.search(str(text))
    if ko_scale:  # 백만 USD, USD 천: the Korean word is the scale
        factor = _KO_DOLLAR_SCALE[ko_scale.group(1)]
        return _NUMBER_DOLLAR_LABEL.get(factor, f"{ko_scale.group(1)}달러"), factor
    tokens = set(_LATIN_TOKEN.findall(low))
    for names, factor, label in _LATIN_DOLLAR_SCALE:
        if tokens & names:
            return label, factor
    return "USD", 1.0


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


#: units of counts, stated alone in a header's brackets: "(개)", "(건)", "(pieces)"
_COUNT_UNITS = {"개", "건", "대", "척", "수량", "개수", "pcs", "pieces", "units", "number", "count", "no."}


def quantity_unit(text: str | None) -> str | None:
    """What a bracketed unit that is not money states: ``"weight"``, ``"percentage"`` or ``"count"``; else None.

    Used on the bracket of an amount column's header: a money column headed ``수입 금액(톤)`` holds
    no money (the columns are swapped or the header is wrong), and must not be read in the mapping's
    default unit.

    Examples
    --------
    >>> quantity_unit("톤"), quantity_unit("%"), quantity_unit("개"), quantity_unit("천달러")
    ('weight', 'percentage', 'count', None)
    >>> quantity_unit("HS 10단위") is None  # a bracket that is no unit at all
    True
    """
    if text is None or money_unit(text) is not None:
        return None
    s = _squash(text)
    if weight_unit(text) is not None and _only_a_unit(text):
        return "weight"
    if s in ("%", "퍼센트", "percent", "pct"):
        return "percentage"
    if s in _COUNT_UNITS:
        return "count"
    return None


#: headers of a column that states each row's unit or currency ("단위" = 천원 on every row)
_UNIT_COLUMNS = {"단위", "통화", "화폐", "통화단위", "화폐단위", "금액단위", "unit", "units", "currency",
                 "currencyunit", "currencycode", "curr"}


def is_unit_column(name: str) -> bool:
    """Is ``name`` the header of a column of units or currencies (``단위``, ``통화``, ``Currency``)?

    Examples
    --------
    >>> is_unit_column("금액 단위"), is_unit_column("Currency"), is_unit_column("수입 금액")
    (True, True, False)
    """
    return _squash(name) in _UNIT_COLUMNS


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


def parse_unit_option(unit: str | float | int, fx: dict[str, float] | None = None) -> tuple[str, float]:
    """Read a user's ``unit=`` option: a spelling such as ``"천달러"`` or a factor such as ``1000``.

    Another currency (``"천원"``) is converted with its rate in ``fx`` (units per USD).

    Raises
    ------
    ValueError
        If the spelling is not a known money unit, or names another currency without a rate.
    """
    if isinstance(unit, (int, float)):
        return (f"×{unit:g} USD", float(unit))
    found = find_unit(str(unit), standalone=True)
    if found is None:
        raise ValueError(f"unknown money unit {unit!r}; expected e.g. 달러/USD, 천달러/천불, 백만달러 (or another "
                         "currency such as 천원 or JPY with its exchange rate)")
    usd = to_usd(found, fx)
    if usd is None:
        raise ValueError(f"the unit {unit!r} is {currency_name(found.currency)} ({found.currency}), not US dollars: "
                         + fx_hint(found.currency))
    return usd


# ------------------------------------------------------------------------------------------ other currencies
#: Korean magnitude prefixes (천원 = 1,000 won)
_KO_SCALE = {"": 1.0, "천": 1e3, "만": 1e4, "십만": 1e5, "백만": 1e6, "천만": 1e7, "억": 1e8, "십억": 1e9,
             "백억": 1e10, "천억": 1e11, "조": 1e12}
#: Korean currency words → ISO code (longest first)
_KO_CURRENCY = [("홍콩달러", "HKD"), ("대만달러", "TWD"), ("싱가포르달러", "SGD"), ("캐나다달러", "CAD"),
                ("호주달러", "AUD"), ("위안화", "CNY"), ("위안", "CNY"), ("유로화", "EUR"), ("유로", "EUR"),
                ("파운드", "GBP"), ("엔화", "JPY"), ("원화", "KRW"), ("엔", "JPY"), ("원", "KRW")]
#: Korean words that are a currency even inside a longer word (never part of another word)
_KO_SAFE_SUFFIX = {"원화", "엔화", "위안", "위안화", "유로", "유로화", "홍콩달러", "대만달러", "싱가포르달러",
                   "캐나다달러", "호주달러"}
#: Latin tokens → ISO code
_LATIN_CURRENCY = {"krw": "KRW", "won": "KRW", "jpy": "JPY", "yen": "JPY", "eur": "EUR", "euro": "EUR",
                   "euros": "EUR", "cny": "CNY", "rmb": "CNY", "yuan": "CNY", "gbp": "GBP", "twd": "TWD",
                   "nt$": "TWD", "hkd": "HKD", "hk$": "HKD", "sgd": "SGD", "s$": "SGD", "cad": "CAD", "c$": "CAD",
                   "aud": "AUD", "a$": "AUD", "₩": "KRW", "￦": "KRW", "¥": "JPY", "￥": "JPY", "€": "EUR",
                   "£": "GBP"}
_LATIN_SCALE = {"thousand": 1e3, "thousands": 1e3, "000": 1e3, "'000": 1e3, "k": 1e3, "million": 1e6,
                "millions": 1e6, "mn": 1e6, "mio": 1e6, "billion": 1e9, "billions": 1e9, "bn": 1e9}
_CURRENCY_NAMES = {"KRW": "won", "JPY": "yen", "EUR": "euro", "CNY": "yuan", "GBP": "pound", "TWD": "Taiwan dollar",
                   "HKD": "Hong Kong dollar", "SGD": "Singapore dollar", "CAD": "Canadian dollar",
                   "AUD": "Australian dollar", "USD": "US dollar"}
_JOIN_SCALE = re.compile(r"(십억|백억|천억|천만|백만|십만|천|만|억|조)\s+(원|엔|위안|유로)")
_SPLIT = re.compile(r"[\s,/;:：()\[\]（）{}<>|·・_\-=]+")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^A-Za-z\d]+")


@dataclass(frozen=True)
class MoneyUnit:
    """A money unit: how it was written, its multiple of the currency and the currency (ISO code)."""

    label: str
    factor: float
    currency: str = "USD"


#: a power of ten in digits ending a currency word's prefix (the 100만 of 100만원)
_DIGITS_KO_SCALE = re.compile(r"(?<![\d.])(1|10|100|1000)(" + "|".join(sorted((k for k in _KO_SCALE if k), key=len,
                                                                             reverse=True)) + ")$")


def _tokens(text: str) -> list[str]:
    out = []
    for part in _SPLIT.split(str(text)):
        if not part:
            continue
        if re.search(r"[a-z][A-Z]", part):  # ImportKRW, ValueEur
            out += [t for t in _CAMEL.findall(part) if t.strip()]
        else:
            out.append(part)
    return out


def _korean_currency(token: str, standalone: bool) -> MoneyUnit | None:
    for word, code in _KO_CURRENCY:
        if not token.endswith(word):
            continue
        prefix = token[: -len(word)]
        digits = _DIGITS_KO_SCALE.search(prefix)
        if digits:  # 100만원, 10억엔: the digits multiply the scale word
            return MoneyUnit(digits.group(0) + word, float(digits.group(1)) * _KO_SCALE[digits.group(2)], code)
        if prefix in _KO_SCALE and (standalone or prefix or word in _KO_SAFE_SUFFIX):
            if prefix == "" and not standalone and word not in _KO_SAFE_SUFFIX:
                return None
            return MoneyUnit(token, _KO_SCALE[prefix], code)
        # a multiple-prefixed unit at the end of a longer word: 수입액천원, 금액백만원
        for scale in sorted(_KO_SCALE, key=len, reverse=True):
            if scale and prefix.endswith(scale):
                return MoneyUnit(scale + word, _KO_SCALE[scale], code)
        if word in _KO_SAFE_SUFFIX:
            return MoneyUnit(word, 1.0, code)
        return None
    return None


def foreign_unit(text: str | None, standalone: bool = False) -> MoneyUnit | None:
    """A money unit of another currency than the US dollar in ``text``, or None.

    ``standalone`` says that ``text`` is a unit statement of its own (the part after
    ``단위:``, a bracketed part of a header, a mapping's ``unit``), where a bare 원 or 엔
    is a unit; elsewhere only unambiguous spellings count (천원, 원화, KRW, JPY …).

    Examples
    --------
    >>> foreign_unit("수입 금액(천원)")
    MoneyUnit(label='천원', factor=1000.0, currency='KRW')
    >>> foreign_unit("원산지") is None
    True
    >>> foreign_unit("Value (JPY million)")
    MoneyUnit(label='JPY million', factor=1000000.0, currency='JPY')
    """
    if text is None:
        return None
    text = _JOIN_SCALE.sub(r"\1\2", str(text))  # "천 원" is 천원
    brackets = [b.strip() for b in re.findall(r"[(\[（]([^()\[\]（）]*)[)\]）]", str(text))]
    tokens = _tokens(text)
    lower = [t.lower() for t in tokens]
    scale = next((_LATIN_SCALE[t] for t in lower if t in _LATIN_SCALE), 1.0)
    for t, low in zip(tokens, lower):
        if low in _LATIN_CURRENCY:
            code = _LATIN_CURRENCY[low]
            words = [w for w in tokens if w.lower() in _LATIN_SCALE]
            return MoneyUnit(" ".join([t] + words[:1]), scale, code)
    whole = re.sub(r"\s", "", str(text))
    for t in tokens:
        alone = standalone or t == whole or t in brackets or any(t == re.sub(r"\s", "", b) for b in brackets)
        found = _korean_currency(t, alone)
        if found is not None:
            return found
    return None


def find_unit(text: str | None, standalone: bool = False) -> MoneyUnit | None:
    """The money unit in ``text``, in dollars or another currency, or None.

    Raises
    ------
    ValueError
        If ``text`` states two different units (a dollar unit and another currency).

    Examples
    --------
    >>> find_unit("금액(천불)")
    MoneyUnit(label='천달러', factor=1000.0, currency='USD')
    >>> find_unit("홍콩달러")
    MoneyUnit(label='홍콩달러', factor=1.0, currency='HKD')
    """
    if text is None:
        return None
    other = foreign_unit(text, standalone)
    if other is not None:
        rest = str(text).replace(other.label, " ")
        for t in _tokens(text):
            if _korean_currency(t, True) == other or t.lower() in _LATIN_CURRENCY:
                rest = rest.replace(t, " ")
        usd = money_unit(rest) if not re.fullmatch(r"[\s,()]*", rest) else None
        if usd is not None and not re.search(r"(홍콩|대만|싱가포르|캐나다|호주)\s*달러", str(text)):
            raise ValueError(f"'{text}' states two money units, {usd[0]} and {other.label}")
        return other
    usd = money_unit(text)
    return MoneyUnit(usd[0], usd[1], "USD") if usd else None


def title_unit(lines: list[str]) -> MoneyUnit | None:
    """The money unit stated in title/unit rows above a table (``단위: 천원``, ``(Unit: JPY thousand)``)."""
    for line in lines:
        m = _UNIT_ROW.search(str(line))
        if m:
            found = find_unit(m.group(1), standalone=True)
            if found:
                return found
        for part in re.findall(r"[(\[（]([^()\[\]（）]*)[)\]）]", str(line)):  # "2019년 수입 (천원)"
            found = find_unit(part, standalone=True) if _only_a_unit(part) else None
            if found:
                return found
    return None


#: words that name what a unit is of, inside a unit statement ("(금액: 백만달러, 중량: 톤)")
_UNIT_LABELS = {"금액", "중량", "물량", "수량", "가액", "수입액", "수출액", "수입금액", "수출금액", "value", "weight",
                "amount", "amounts", "quantity", "values"}


def _only_a_unit(text: str) -> bool:
    """A bracketed part of a title that states a unit and nothing else ("천원", "US$ thousand", "단위 천엔, 톤")."""
    rest = []
    for t in _tokens(_JOIN_SCALE.sub(r"\1\2", text)):
        low = t.lower()
        if low in _LATIN_CURRENCY or low in _LATIN_SCALE or low in ("단위", "unit", "%", "us$", "usd", "$") \
                or low in _UNIT_LABELS \
                or _korean_currency(t, True) or money_unit(t) or weight_unit(t):
            continue
        rest.append(t)
    return not rest


def parse_fx(fx: object, source: str = "fx") -> dict[str, float]:
    """Exchange rates as given (``{"KRW": 1165.7}`` or ``["KRW=1165.7"]``): currency → units per US dollar.

    Raises
    ------
    ValueError
        For a currency that is not a three-letter ISO code, a rate that is not a positive finite number,
        or a currency given two different rates (the same rate twice is accepted).

    Examples
    --------
    >>> parse_fx(["KRW=1165.7", "krw=1,165.7"])
    {'KRW': 1165.7}
    >>> parse_fx("KRW=1000,KRW=2000", "--fx")
    Traceback (most recent call last):
    ...
    ValueError: --fx: KRW is given two rates, 1000 and 2000 KRW per US dollar; give one rate per currency
    """
    if fx is None:
        return {}
    items: list[tuple[object, object]]
    if isinstance(fx, dict):
        items = list(fx.items())
    elif isinstance(fx, str):
        items = [tuple(part.split("=", 1)) if "=" in part else (part, None) for part in fx.split(",") if part.strip()]
    else:
        items = [tuple(str(part).split("=", 1)) if "=" in str(part) else (part, None) for part in fx]  # type: ignore
    out: dict[str, float] = {}
    for code, rate in items:
        cur = str(code).strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", cur):
            known = ", ".join(sorted(set(_LATIN_CURRENCY.values())))
            raise ValueError(f"{source}: unknown currency {code!r}; expected an ISO 4217 code such as {known} "
                             "(rates are currency units per US dollar, e.g. KRW=1165.7)")
        try:
            value = float(str(rate).replace(",", "")) if rate is not None else math.nan
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"{source}: the rate for {cur} must be a positive number of {cur} per US dollar, "
                             f"got {rate!r}")
        if cur in out and out[cur] != value:
            raise ValueError(f"{source}: {cur} is given two rates, {out[cur]:g} and {value:g} {cur} per US dollar; "
                             "give one rate per currency")
        out[cur] = value
    return out


def fx_hint(currency: str) -> str:
    """How to give the exchange rate for ``currency`` (CLI option and mapping key)."""
    return (f"give the rate in {currency} per US dollar for the data's period with --fx {currency}=<rate> (or fx = "
            f"{{ {currency} = <rate> }} in the [read] section of a mapping file)")


def to_usd(unit: MoneyUnit, fx: dict[str, float] | None) -> tuple[str, float] | None:
    """(label, factor to USD) of ``unit``; None when it is another currency and ``fx`` has no rate for it."""
    if unit.currency == "USD":
        return unit.label, unit.factor
    rate = (fx or {}).get(unit.currency)
    if rate is None:
        return None
    return f"{unit.label} ({unit.currency}, {rate:,.4g} per USD)", unit.factor / rate


def currency_name(code: str) -> str:
    return _CURRENCY_NAMES.get(code, code)
