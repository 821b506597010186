"""The counter-measure file format (DESIGN §9a): measures, costs, loading and validation.

A counter-measure is a TOML file (the shipped ones live in ``exposure/countermeasure_data/``)
that mirrors a scenario file (:mod:`exposure.scenarios.model`)::

    name = "stockpile-90d"               # the id: letters, digits, spaces and - _ . ( ) only
    name_ko = "3개 품목 90일 비축"          # optional: the name a reader sees (Korean)
    name_en = "90-day stockpile of the three items"
    description_ko = "..."
    description_en = "..."
    cost_krw = 5e9                       # optional: a lump sum, KRW (e.g. a subsidy), for the whole measure
    annual_rate = 0.25                   # optional: carrying cost of stock per year, share of its value
    holding_days = 180                   # optional: days the stock is carried (default: the scenario horizon)
    krw_per_usd = 1100.3                 # optional: rate for costs computed in USD (the run's rate wins)

    [[measures]]
    name = "HF, photoresist, polyimide"
    kind = "stockpile"                   # stockpile | diversify | localise | fast_track
    codes = ["2811111000", "281111"]     # products, as scenario rules select them:
    prefixes = ["28", "38"]              #   exact codes, code prefixes (ranges "28-29"),
    exclude = ["2804"]                   #   prefixes never matched, or all = true
    stock_days = 90                      # the kind's own keys (below)
    note_ko = "..."                      # optional: why, with sources (Korean and English)
    note_en = "..."

Keys of each kind (on top of the selection keys and ``name``, ``note_ko``, ``note_en``):

- ``stockpile``: ``stock_days`` ≥ 0 — days of the product's imports from the target added to
  the stock b (the critical-input rows that carry their own stock days get them too);
- ``diversify``: ``phi`` (new substitutable fraction φ, in [0, 1]) or ``phi_add`` (added to φ),
  and/or ``lag_days`` (new substitution lag L, > 0) or ``lag_factor`` (L multiplied by it, in (0, 1]);
- ``localise``: ``domestic_share`` ∈ [0, 1] — the share of the product's imports from the target
  that domestic makers take over: the covered flow falls from c·M(k,T) to c·(1 − share)·M(k,T);
- ``fast_track``: ``licence_delay_days`` ≥ 0 — licensed shipments resume on that day. Where the
  scenario has no licence delay (nothing resumes within the horizon), this is the day they
  start to resume; where it has one, the earlier day holds.

A counter-measure never makes a product worse off than the scenario assumes: φ is raised,
never lowered, and lags and delays are shortened, never lengthened. How measures combine:
:mod:`exposure.countermeasures.apply`.

**Costs** (KRW): ``cost_krw`` is a lump sum; ``annual_rate`` adds the carrying cost of the
stockpile measures' stock, (value of the stock) × ``annual_rate`` × ``holding_days``/365, with
value = Σ (annual imports from the target of the products listed) × stock_days/365, in USD,
converted with ``krw_per_usd``: the rate of the run where one is given, else the file's; a cost in
USD with no rate is refused (:mod:`exposure.countermeasures.value`). The stock itself is not a
cost (it is sold on or used); interest, storage, insurance and obsolescence are.

A file is untrusted input, checked like a scenario file: numbers finite, names without control
characters, at most :data:`~exposure.scenarios.model.MAX_PREFIXES` prefixes per measure, and a
file whose counter-measure has a shipped one's name but other content is renamed ``name [file]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from exposure.config import MAX_HORIZON_DAYS
from exposure.errors import ConfigError
from exposure.scenarios.model import MAX_PREFIXES, in_lang, select_codes
from exposure.tomlfile import (Shipped, check_keys, check_name, check_number, check_strings, check_text, display_name,
                               is_file_reference, read_toml, toml_value)

DATA_PACKAGE = "exposure"
DATA_DIR = "countermeasure_data"
#: shipped counter-measures, in the order they are listed
SHIPPED_ORDER = ("stockpile-90d", "diversify-chemicals", "localise-three-items", "fast-track-licences")

KINDS = ("stockpile", "diversify", "localise", "fast_track")
#: the keys each kind takes (besides the selection and text keys)
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "stockpile": ("stock_days",),
    "diversify": ("phi", "phi_add", "lag_days", "lag_factor"),
    "localise": ("domestic_share",),
    "fast_track": ("licence_delay_days",),
}
SELECT_KEYS = ("codes", "prefixes", "exclude", "all")
VALUE_KEYS = tuple(k for kind in KINDS for k in KIND_KEYS[kind])
MEASURE_KEYS = ("name", "kind", *SELECT_KEYS, *VALUE_KEYS, "note_ko", "note_en")
COST_KEYS = ("cost_krw", "annual_rate", "holding_days", "krw_per_usd")
FILE_KEYS = ("name", "name_ko", "name_en", "description_ko", "description_en", *COST_KEYS, "measures")
TEXT_KEYS = ("name_ko", "name_en", "description_ko", "description_en")



# --------------------------------------------------------------------------- measures and counter-measures
@dataclass(frozen=True)
class Measure:
    """One ``[[measures]]`` block: which products and what changes for them (module docstring)."""

    kind: str
    name: str = ""
    codes: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    all: bool = False
    stock_days: float | None = None
    phi: float | None = None
    phi_add: float | None = None
    lag_days: float | None = None
    lag_factor: float | None = None
    domestic_share: float | None = None
    licence_delay_days: float | None = None
    note_ko: str = ""
    note_en: str = ""

    @property
    def label(self) -> str:
        return self.name or f"({self.kind})"

    def match(self, codes: pd.Series | list[str]) -> np.ndarray:
        """Boolean array: which of ``codes`` (product codes as text) this measure selects.

        Examples
        --------
        >>> Measure("stockpile", prefixes=("28-29",), exclude=("2804",), stock_days=30.0).match(
        ...     ["281111", "280410", "290110", "370790"]).tolist()
        [True, False, True, False]
        """
        return select_codes(codes, self.codes, self.prefixes, self.exclude, everything=self.all)


@dataclass(frozen=True)
class CounterMeasure:
    """A counter-measure: measures applied together, with an optional cost.

    ``name`` is the id used in tables; ``name_ko``/``name_en`` are what a reader sees.
    """

    name: str
    measures: tuple[Measure, ...]
    name_ko: str = ""
    name_en: str = ""
    description_ko: str = ""
    description_en: str = ""
    cost_krw: float | None = None
    annual_rate: float | None = None
    holding_days: float | None = None
    krw_per_usd: float | None = None
    source: str = field(default="", compare=False)

    def title(self, lang: str = "ko") -> str:
        """The name a reader sees in ``lang`` (the other language's, then the id, when not given)."""
        return in_lang(lang, self.name_ko, self.name_en, self.name)

    def description(self, lang: str = "ko") -> str:
        return in_lang(lang, self.description_ko, self.description_en)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of its measures, in :data:`KINDS` order, each once."""
        return tuple(k for k in KINDS if any(m.kind == k for m in self.measures))

    @property
    def has_cost(self) -> bool:
        return self.cost_krw is not None or self.annual_rate is not None

    def summary(self) -> dict[str, Any]:
        """One flat row for a Counter-measures sheet (costs not given are NaN)."""
        return {"countermeasure": self.name, "countermeasure_name_ko": self.title("ko"),
                "countermeasure_name_en": self.title("en"),
                "description_ko": self.description_ko, "description_en": self.description_en,
                "kinds": "; ".join(self.kinds), "measures": len(self.measures),
                **{k: np.nan if getattr(self, k) is None else float(getattr(self, k)) for k in COST_KEYS},
                "source": self.source}

    def to_toml(self, lang: str = "en") -> str:
        """The counter-measure as TOML that :func:`load` reads back to an equal one; its opening comment in ``lang``."""
        lines = ([f"# exposure 대응책 '{self.name}'의 편집용 사본: 대응책 이름 대신 이 파일의 경로를 주면 읽음.",
                  "# 키 설명: exposure/countermeasures/model.py.", ""] if lang == "ko" else
                 [f"# exposure counter-measure {self.name!r}: an editable copy; load it by giving this file's path",
                  "# instead of a counter-measure name. Keys: see exposure/countermeasures/model.py.", ""])
        for key in ("name", *TEXT_KEYS, *COST_KEYS):
            value = getattr(self, key)
            if value is None or (key in ("name_ko", "name_en") and not value):
                continue
            lines.append(f"{key} = {toml_value(value)}")
        defaults = {f.name: f.default for f in fields(Measure)}
        for m in self.measures:
            lines += ["", "[[measures]]"]
            for key in MEASURE_KEYS:
                value = getattr(m, key)
                if key != "kind" and (value is None or value == defaults[key]):
                    continue
                lines.append(f"{key} = {toml_value(value)}")
        return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- loading
SHIPPED = Shipped(DATA_DIR, SHIPPED_ORDER, "counter-measure", DATA_PACKAGE)


def available() -> list[str]:
    """Names of the shipped counter-measures."""
    return SHIPPED.names()


def load(name_or_path: str | Path) -> CounterMeasure:
    """Load a shipped counter-measure by name, or a TOML file by path, and validate it.

    Raises
    ------
    ConfigError
        Unknown counter-measure or file, invalid TOML, an unknown key (named, with the valid keys
        listed), a key of another kind, a value out of range.

    Examples
    --------
    >>> load("stockpile-90d").measures[0].stock_days
    90.0
    """
    ref = str(name_or_path)
    if is_file_reference(ref):
        data, source = read_toml(ref, what="counter-measure file"), display_name(ref)
        return SHIPPED.unique_name(from_mapping(data, source=source), load)
    data, source = SHIPPED.read(ref)
    return from_mapping(data, source=source)


def load_many(refs: list[str] | tuple[str, ...]) -> list[CounterMeasure]:
    """Each counter-measure of ``refs``, in order; two that carry one name are refused."""
    out: list[CounterMeasure] = []
    seen: dict[str, str] = {}
    for ref in refs:
        cm = load(ref)
        if cm.name in seen:
            raise ConfigError(f"counter-measures {seen[cm.name]!r} and {ref!r} are both named {cm.name!r}: give each "
                              f"counter-measure its own name")
        seen[cm.name] = str(ref)
        out.append(cm)
    return out


def shipped() -> list[CounterMeasure]:
    """Every shipped counter-measure, loaded."""
    return [load(n) for n in available()]


# --------------------------------------------------------------------------- validation
def from_mapping(data: Mapping[str, Any], source: str = "counter-measure") -> CounterMeasure:
    """Build and validate a CounterMeasure from a parsed TOML mapping.

    Examples
    --------
    >>> cm = from_mapping({"name": "hf", "measures": [{"kind": "localise", "codes": ["281111"],
    ...                                                "domestic_share": 0.3}]})
    >>> cm.name, cm.measures[0].domestic_share, cm.title("en")
    ('hf', 0.3, 'hf')
    """
    if not isinstance(data, Mapping):
        raise ConfigError(f"{source}: a counter-measure must be a TOML table of keys")
    check_keys(data, FILE_KEYS, source)
    name = check_name(data.get("name") or Path(source).stem, source, "counter-measure")
    raw = data.get("measures", [])
    if not isinstance(raw, list) or not all(isinstance(m, Mapping) for m in raw):
        raise ConfigError(f"{source}: 'measures' must be an array of tables ([[measures]] blocks)")
    if not raw:
        raise ConfigError(f"{source}: a counter-measure needs at least one [[measures]] block")
    measures = tuple(_measure(m, i + 1, source) for i, m in enumerate(raw))
    texts = {k: check_text(data[k], k, source) if k in data else "" for k in TEXT_KEYS}
    costs = {k: check_number(data[k], k, source) if k in data else None for k in COST_KEYS}
    _check_costs(costs, measures, source)
    return CounterMeasure(name=name, measures=measures, source=source, **texts, **costs)


def _check_costs(c: Mapping[str, float | None], measures: tuple[Measure, ...], where: str) -> None:
    if c["cost_krw"] is not None and c["cost_krw"] < 0:
        raise ConfigError(f"{where}: cost_krw must be ≥ 0 won, got {c['cost_krw']:g}")
    if c["annual_rate"] is not None:
        if not 0 <= c["annual_rate"] <= 1:
            raise ConfigError(f"{where}: annual_rate must lie in [0, 1] (a share of the stock's value per year), "
                              f"got {c['annual_rate']:g}")
        if not any(m.kind == "stockpile" for m in measures):
            raise ConfigError(f"{where}: annual_rate is the carrying cost of a stock: it needs a stockpile measure "
                              f"(or give cost_krw)")
    if c["holding_days"] is not None:
        if not c["holding_days"] > 0:
            raise ConfigError(f"{where}: holding_days must be > 0 days, got {c['holding_days']:g}")
        if c["annual_rate"] is None:
            raise ConfigError(f"{where}: holding_days is the period of the carrying cost: it needs annual_rate")
    if c["krw_per_usd"] is not None and not c["krw_per_usd"] > 0:
        raise ConfigError(f"{where}: krw_per_usd must be > 0 won per dollar, got {c['krw_per_usd']:g}")


#: range of each value key: (low, high, low included)
#: days are bounded by the longest horizon a run may have (ten years): a stock of 1e12 days is a typo, and its cost
#: in won would be read as a figure
_RANGES: dict[str, tuple[float, float, bool]] = {
    "stock_days": (0.0, MAX_HORIZON_DAYS, True), "phi": (0.0, 1.0, True), "phi_add": (0.0, 1.0, True),
    "lag_days": (0.0, MAX_HORIZON_DAYS, False), "lag_factor": (0.0, 1.0, False), "domestic_share": (0.0, 1.0, True),
    "licence_delay_days": (0.0, MAX_HORIZON_DAYS, True),
}
_DAYS = ("stock_days", "lag_days", "licence_delay_days")


def _check_range(key: str, v: float, where: str) -> None:
    low, high, closed = _RANGES[key]
    if (v < low if closed else v <= low) or v > high:
        if key in _DAYS:
            expected = f"be at most {high:g} days (ten years)" if v > high else \
                f"be {'≥' if closed else '>'} {low:g} days"
        else:
            expected = f"lie in {'[' if closed else '('}{low:g}, {high:g}]"
        raise ConfigError(f"{where}: {key} must {expected}, got {v:g}")


def _measure(data: Mapping[str, Any], number: int, source: str) -> Measure:
    label = data.get("name")
    where = f"{source}: measure {number}" + (f" ({label!r})" if isinstance(label, str) and label else "")
    check_keys(data, MEASURE_KEYS, where)
    if "kind" not in data:
        raise ConfigError(f"{where}: 'kind' is required; valid kinds are: {', '.join(KINDS)}")
    kind = check_text(data["kind"], "kind", where)
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind {kind!r} is not known; valid kinds are: {', '.join(KINDS)}")
    own = KIND_KEYS[kind]
    foreign = [k for k in VALUE_KEYS if k in data and k not in own]
    if foreign:
        raise ConfigError(f"{where}: key {foreign[0]!r} does not belong to a {kind} measure; a {kind} measure "
                          f"takes: {', '.join(own)} (besides name, {', '.join(SELECT_KEYS)}, note_ko, note_en)")
    kw: dict[str, Any] = {"kind": kind, "name": check_text(label, "name", where) if label is not None else ""}
    for key in ("note_ko", "note_en"):
        if key in data:
            kw[key] = check_text(data[key], key, where)
    for key in own:
        if key in data:
            kw[key] = check_number(data[key], key, where)
            _check_range(key, kw[key], where)
    _check_kind_values(kind, kw, where)
    for key in ("codes", "prefixes", "exclude"):
        if key in data:
            kw[key] = check_strings(data[key], key, where)
    for key in ("prefixes", "exclude"):
        _check_prefixes(kw.get(key, ()), key, where)
    if "all" in data:
        if not isinstance(data["all"], bool):
            raise ConfigError(f"{where}: all must be true or false")
        kw["all"] = data["all"]
    if not (kw.get("codes") or kw.get("prefixes") or kw.get("all")):
        raise ConfigError(f"{where}: a measure needs at least one of codes, prefixes or all = true")
    return Measure(**kw)


def _check_kind_values(kind: str, kw: Mapping[str, Any], where: str) -> None:
    need = {"stockpile": "stock_days", "localise": "domestic_share", "fast_track": "licence_delay_days"}
    if kind in need and need[kind] not in kw:
        raise ConfigError(f"{where}: a {kind} measure needs {need[kind]!r}")
    if kind == "diversify":
        if not any(k in kw for k in KIND_KEYS["diversify"]):
            raise ConfigError(f"{where}: a diversify measure needs at least one of phi, phi_add, lag_days, lag_factor")
        for a, b in (("phi", "phi_add"), ("lag_days", "lag_factor")):
            if a in kw and b in kw:
                raise ConfigError(f"{where}: give {a!r} (a new value) or {b!r}, not both")


def _check_prefixes(prefixes: tuple[str, ...], key: str, where: str) -> None:
    for p in prefixes:
        if not re.fullmatch(r"\d+(-\d+)?", p):
            raise ConfigError(f"{where}: {key} entry {p!r} must be digits or a range like \"28-29\"")
        if "-" in p:
            lo, hi = p.split("-")
            if len(lo) != len(hi) or int(hi) < int(lo):
                raise ConfigError(f"{where}: {key} range {p!r} must go from low to high with equal widths")
    n = sum(int(p.split("-")[1]) - int(p.split("-")[0]) + 1 if "-" in p else 1 for p in prefixes)
    if n > MAX_PREFIXES:
        raise ConfigError(f"{where}: {key} expand to {n:,} prefixes; at most {MAX_PREFIXES:,} are accepted (use "
                          f"shorter prefixes, e.g. \"28\" instead of \"2800-2899\")")
