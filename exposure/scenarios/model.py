"""The scenario file format (DESIGN §6): rules and parameters, loading and validation.

A scenario is a TOML file (the shipped ones live in ``exposure/scenario_data/``)::

    name = "2019-three-items"          # the id: letters, digits, spaces and - _ . ( ) only
    name_ko = "2019년 3개 품목 수출규제"   # optional: the name a reader sees (Korean)
    name_en = "2019 three-item controls"  # optional: the name a reader sees (English)
    description_ko = "..."
    description_en = "..."
    kind = "supply"            # or "demand" (retaliation on the reporter's exports)
    target = "JPN"             # optional: a scenario without target works for any target
    buffer_days = 30           # optional: inventory on hand, in days of the covered flow (b)
    lag_days = 180             # optional: time for other suppliers to ramp up to φ (L)
    horizon_days = 180         # optional: period counted (H)
    phi = 0.5                  # optional: substitutable fraction (φ)
    licence_delay_days = 90    # optional: licensed shipments resume after this many days (D)
    extends = "white-list-removal"   # optional: start from another scenario's rules

    [[rules]]
    name = "hydrogen fluoride"
    codes = ["2811111000", "281111"]   # exact codes (quoted: leading zeros; "2811.11-1000" reads as 2811111000)
    prefixes = ["28", "72-81"]         # code prefixes; "72-81" expands to 72, 73, …, 81
    exclude = ["2804"]                 # prefixes never matched by this rule
    condition = "target_share >= 0.5 and import_hhi > 0.4"
    all = false                        # true: every product (every sector for demand rules)
    sectors = ["D26"]                  # demand rules: the sectors whose exports are hit
    coverage = 1.0                     # c in [0, 1]: probability × severity of losing T's supply
    phi = 0.3                          # optional per-rule b, L, φ, D
    end_use = { D26 = 1.0 }            # optional: where this rule's shortfall is used (sector = share)
    note = "why this coverage"

Rules combine by **maximum**: a product's coverage is the largest coverage of the
rules that match it, and that rule (the first one on ties) also supplies any
per-rule φ, b, L and D. Order therefore does not matter, and a broad low-coverage rule
can sit beside narrow high-coverage ones. A rule with only a ``condition`` applies
to every product meeting it; a product whose condition cannot be evaluated (a
missing indicator, e.g. the target share of a one-partner Comtrade extract) is not
matched, and :func:`exposure.scenarios.unmatched_entries` reports it.

A rule's ``end_use`` says which sectors use the part of a product the rule cuts. It
takes precedence over the general end-use override table for the products that rule
wins: an HS6 rule whose coverage is the controlled sub-line's share (e.g. photoresist in
HS 370790) cuts only that sub-line, so its end use is the sub-line's, not the whole
line's mix. ``config.use_overrides = false`` switches these off too.

A file is untrusted input: numbers must be finite, a prefix range may expand to at most
:data:`MAX_PREFIXES` prefixes per rule, ``extends`` chains are at most
:data:`MAX_EXTENDS` deep, and a file's scenario whose name is a shipped scenario's but
whose content differs is renamed ``name [file.toml]`` so that the two never mix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from exposure.config import MAX_HORIZON_DAYS, Config
from exposure.errors import ConfigError
from exposure.scenarios.conditions import Condition, column_kinds
from exposure.tomlfile import (Shipped, check_keys, check_name, check_number, check_strings, check_text, display_name,
                               is_file_reference, read_toml, toml_value)

DATA_PACKAGE = "exposure"
DATA_DIR = "scenario_data"
#: shipped scenarios in escalation order
SHIPPED_ORDER = ("2019-three-items", "white-list-removal", "catch-all", "full-embargo", "export-retaliation")

KINDS = ("supply", "demand")
PARAMETERS = ("buffer_days", "lag_days", "horizon_days", "phi", "licence_delay_days")
SCENARIO_KEYS = ("name", "name_ko", "name_en", "description_ko", "description_en", "kind", "target", "extends",
                 *PARAMETERS, "rules")
RULE_KEYS = ("name", "codes", "prefixes", "exclude", "condition", "all", "sectors", "coverage", "phi",
             "buffer_days", "lag_days", "licence_delay_days", "end_use", "note")

#: most prefixes one rule's ranges may expand to; a range longer than this is surely a typo
MAX_PREFIXES = 10_000
#: deepest chain of ``extends``
MAX_EXTENDS = 16


# --------------------------------------------------------------------------- rules and scenarios
@dataclass(frozen=True)
class Rule:
    """One rule of a scenario: which products (or sectors) it hits and how hard.

    See the module docstring for the TOML keys.
    """

    coverage: float
    name: str = ""
    codes: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    condition: str = ""
    all: bool = False
    sectors: tuple[str, ...] = ()
    phi: float | None = None
    buffer_days: float | None = None
    lag_days: float | None = None
    licence_delay_days: float | None = None
    end_use: tuple[tuple[str, float], ...] = ()
    note: str = ""

    @property
    def label(self) -> str:
        return self.name or "(unnamed rule)"

    def expanded_prefixes(self) -> tuple[str, ...]:
        return expand_prefixes(self.prefixes)

    def expanded_exclude(self) -> tuple[str, ...]:
        return expand_prefixes(self.exclude)

    def match(self, products: pd.DataFrame) -> np.ndarray:
        """Boolean array: which rows of ``products`` (columns code and the indicators) this rule hits."""
        hit = select_codes(products["code"], self.codes, self.prefixes, self.exclude,
                           everything=self.all or (not self.codes and not self.prefixes))
        if self.condition:
            true, _known = Condition.parse(self.condition, self.label).evaluate(products)
            hit = hit & true
        return hit


@dataclass(frozen=True)
class Scenario:
    """An escalation scenario: rules giving coverage, plus the time parameters.

    ``target`` None means "whatever the analysis target is". ``kind`` is
    ``"supply"`` (imports from the target are cut) or ``"demand"`` (the target cuts
    its imports of the reporter's goods: rules select sectors whose exports to the
    target are at risk). ``name`` is the id used in tables; ``name_ko``/``name_en`` are
    what a reader sees (the id when not given).
    """

    name: str
    rules: tuple[Rule, ...]
    name_ko: str = ""
    name_en: str = ""
    description_ko: str = ""
    description_en: str = ""
    kind: str = "supply"
    target: str | None = None
    buffer_days: float | None = None
    lag_days: float | None = None
    horizon_days: float | None = None
    phi: float | None = None
    licence_delay_days: float | None = None
    source: str = field(default="", compare=False)

    def title(self, lang: str = "ko") -> str:
        """The name a reader sees in ``lang`` (the other language's, then the id, when not given)."""
        return in_lang(lang, self.name_ko, self.name_en, self.name)

    def parameters(self, config: Config) -> dict[str, float | None]:
        """b, L, H, φ and D with the config defaults filled in.

        φ None: per product, from the world share or ``config.phi_default``; D None: licensed
        shipments do not resume within the horizon.
        """
        return {
            "buffer_days": _first(self.buffer_days, config.buffer_days),
            "lag_days": _first(self.lag_days, config.lag_days),
            "horizon_days": _first(self.horizon_days, config.horizon_days),
            "phi": self.phi,
            "licence_delay_days": self.licence_delay_days,
        }

    def summary(self) -> dict[str, Any]:
        """One flat row for the Scenarios sheet (parameters the scenario leaves to the config are blank)."""
        return {
            "scenario": self.name, "name_ko": self.title("ko"), "name_en": self.title("en"), "kind": self.kind,
            "target": self.target or "", "description_ko": self.description_ko,
            "description_en": self.description_en, "rules": len(self.rules),
            **{p: _nan(getattr(self, p)) for p in PARAMETERS},
            "max_coverage": max((r.coverage for r in self.rules), default=0.0),
            "source": self.source,
        }

    def to_toml(self, lang: str = "en", rule_titles: Mapping[str, str] | None = None) -> str:
        """The scenario as TOML that :func:`load` reads back to an equal scenario (``extends`` resolved);
        its opening comment in ``lang``, and above each rule its name in the reader's language where
        ``rule_titles`` (rule name → title) has one (the names themselves stay as written: a run reads them)."""
        lines = ([f"# exposure 시나리오 '{self.name}'의 편집용 사본: 시나리오 이름 대신 이 파일의 경로를 주면 읽음.",
                  "# 키 설명: exposure/scenarios/model.py.", ""] if lang == "ko" else
                 [f"# exposure scenario {self.name!r}: an editable copy; load it by giving this file's path",
                  "# instead of a scenario name. Keys: see exposure/scenarios/model.py.", ""])
        for key in ("name", "name_ko", "name_en", "description_ko", "description_en", "kind", "target",
                    *PARAMETERS):
            value = getattr(self, key)
            if value is None or (key in ("target", "name_ko", "name_en") and not value):
                continue
            lines.append(f"{key} = {toml_value(value)}")
        defaults = {f.name: f.default for f in fields(Rule)}
        for rule in self.rules:
            title = (rule_titles or {}).get(rule.name)
            lines += ["", *([f"# {title}"] if title and title != rule.name else []), "[[rules]]"]
            for key in RULE_KEYS:
                value = getattr(rule, key)
                if key != "coverage" and (value is None or value == defaults[key]):
                    continue
                lines.append(f"{key} = {toml_value(value)}")
        return "\n".join(lines) + "\n"


def with_changes(scenario: Scenario, **changes: Any) -> Scenario:
    """A copy with scenario-level parameters changed, validated (for what-if runs)."""
    new = replace(scenario, **changes)
    _check_params({k: getattr(new, k) for k in PARAMETERS}, new.name)
    return new


def _first(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


def _nan(value: float | None) -> float:
    return float("nan") if value is None else float(value)




def select_codes(codes: pd.Series | list[str], listed: tuple[str, ...], prefixes: tuple[str, ...],
                 exclude: tuple[str, ...], everything: bool = False) -> np.ndarray:
    """Which ``codes`` a rule or a measure selects: listed codes or codes under a prefix (ranges
    ``28-38`` allowed), or every code, less those under an excluded prefix.

    >>> select_codes(["281111", "280410", "290110", "370790"], (), ("28-29",), ("2804",)).tolist()
    [True, False, True, False]
    """
    c = pd.Series(codes, dtype=object).astype(str)
    if everything:
        hit = np.ones(len(c), bool)
    else:
        hit = c.isin(listed).to_numpy()
        pre = expand_prefixes(prefixes)
        if pre:
            hit = hit | c.str.startswith(pre).to_numpy()
    exc = expand_prefixes(exclude)
    if exc:
        hit = hit & ~c.str.startswith(exc).to_numpy()
    return hit


def in_lang(lang: str, ko: str, en: str, fallback: str = "") -> str:
    """The text in ``lang``, else the other language's, else ``fallback`` (a name shown to a reader).

    >>> in_lang("en", "전면 수출금지", "", "full-embargo")
    '전면 수출금지'
    """
    first, second = (ko, en) if lang == "ko" else (en, ko)
    return first or second or fallback


def expand_prefixes(prefixes: tuple[str, ...]) -> tuple[str, ...]:
    """Prefixes with ranges expanded: ``("72-74", "8486")`` → ``("72", "73", "74", "8486")``.

    Examples
    --------
    >>> expand_prefixes(("08-10", "8486"))
    ('08', '09', '10', '8486')
    """
    out: list[str] = []
    for p in prefixes:
        if "-" in p:
            lo, hi = p.split("-", 1)
            width = len(lo)
            out += [str(i).zfill(width) for i in range(int(lo), int(hi) + 1)]
        else:
            out.append(p)
    return tuple(out)


# --------------------------------------------------------------------------- loading and validation
SHIPPED = Shipped(DATA_DIR, SHIPPED_ORDER, "scenario", DATA_PACKAGE)


def available() -> list[str]:
    """Names of the shipped scenarios, in escalation order."""
    return SHIPPED.names()


def load(name_or_path: str | Path, _seen: tuple[str, ...] = (), _base: Path | None = None) -> Scenario:
    """Load a shipped scenario by name, or a TOML file by path, and validate it.

    ``extends`` in a file names a shipped scenario or another file (relative paths are
    taken from the extending file's folder).

    Raises
    ------
    ConfigError
        Unknown scenario or file, invalid TOML, unknown key (named, with the valid
        keys listed), value out of range, or an ``extends`` cycle.
    """
    ref = str(name_or_path)
    if _base is not None and ref.endswith(".toml") and not Path(ref).is_absolute():
        ref = str(_base / ref)
    is_file = is_file_reference(ref)
    key = str(Path(ref).resolve()) if is_file else ref
    if key in _seen:
        raise ConfigError(f"'extends' cycle: {' → '.join(display_name(k) for k in _seen + (key,))}")
    if len(_seen) >= MAX_EXTENDS:
        raise ConfigError(f"{display_name(ref)}: 'extends' chain longer than {MAX_EXTENDS} scenarios")
    data, source = (read_toml(ref, what="scenario file"), display_name(ref)) if is_file else SHIPPED.read(ref)
    scen = from_mapping(data, source=source, _seen=_seen + (key,), _base=Path(ref).parent if is_file else None)
    return SHIPPED.unique_name(scen, load) if is_file else scen


def from_mapping(data: Mapping[str, Any], source: str = "scenario", _seen: tuple[str, ...] = (),
                 _base: Path | None = None) -> Scenario:
    """Build and validate a Scenario from a parsed TOML mapping.

    Examples
    --------
    >>> s = from_mapping({"name": "hf", "rules": [{"codes": ["281111"], "coverage": 0.5}]})
    >>> s.name, s.rules[0].coverage, s.title("ko")
    ('hf', 0.5, 'hf')
    """
    from exposure.schema import PRODUCTS

    if not isinstance(data, Mapping):
        raise ConfigError(f"{source}: a scenario must be a TOML table of keys")
    check_keys(data, SCENARIO_KEYS, source)
    name = check_name(data.get("name") or Path(source).stem, source, "scenario")
    kind = str(data.get("kind", "supply"))
    if kind not in KINDS:
        raise ConfigError(f"{source}: kind {kind!r} is not known; valid kinds are: {', '.join(KINDS)}")
    parent: Scenario | None = None
    if "extends" in data:
        ref = check_text(data["extends"], "extends", source)
        if ref == name:
            raise ConfigError(f"{source}: 'extends' cycle: scenario {name!r} extends itself")
        parent = load(ref, _seen=_seen, _base=_base)
        if parent.kind != kind:
            raise ConfigError(f"{source}: extends {ref!r}, a {parent.kind} scenario, but is kind {kind!r}")
    rules_raw = data.get("rules", [])
    if not isinstance(rules_raw, list) or not all(isinstance(r, Mapping) for r in rules_raw):
        raise ConfigError(f"{source}: 'rules' must be an array of tables ([[rules]] blocks)")
    own = tuple(_rule(r, i + 1, kind, source, column_kinds(PRODUCTS)) for i, r in enumerate(rules_raw))
    rules = (parent.rules if parent else ()) + own
    if not rules:
        raise ConfigError(f"{source}: a scenario needs at least one [[rules]] block")
    target = data.get("target", parent.target if parent else None)
    if target is not None:
        target = str(target).strip().upper()  # jpn is JPN, as the run's --target
        if len(target) != 3 or not target.isalpha():
            raise ConfigError(f"{source}: target must be an ISO3 code such as JPN, got {target!r}")
    params = {}
    for key in PARAMETERS:
        value = data.get(key, getattr(parent, key) if parent else None)
        params[key] = None if value is None else check_number(value, key, source)
    _check_params(params, source)
    texts = {key: check_text(data[key], key, source) if key in data else (getattr(parent, key) if parent else "")
             for key in ("name_ko", "name_en", "description_ko", "description_en")}
    if "name" in data and parent is not None:
        texts["name_ko"] = check_text(data["name_ko"], "name_ko", source) if "name_ko" in data else ""
        texts["name_en"] = check_text(data["name_en"], "name_en", source) if "name_en" in data else ""
    return Scenario(name=name, rules=rules, kind=kind, target=target, source=source, **texts, **params)


def _check_params(p: Mapping[str, float | None], where: str) -> None:
    for key in ("coverage", "phi"):
        v = p.get(key)
        if v is not None and not 0 <= v <= 1:
            raise ConfigError(f"{where}: {key} must lie in [0, 1], got {v:g}")
    for key in ("buffer_days", "licence_delay_days"):
        v = p.get(key)
        if v is not None and v < 0:
            raise ConfigError(f"{where}: {key} must be ≥ 0 days, got {v:g}")
    v = p.get("horizon_days")
    if v is not None and not 0 < v <= MAX_HORIZON_DAYS:
        raise ConfigError(f"{where}: horizon_days must be > 0 and at most {MAX_HORIZON_DAYS:g} days (ten years), "
                          f"got {v:g}")
    v = p.get("lag_days")
    if v is not None and not v > 0:
        raise ConfigError(f"{where}: lag_days must be > 0 days, got {v:g}")



#: the code system of a rule's code by its number of digits (HS chapters, headings, subheadings; Korea's HSK)
RULE_CODE_SYSTEMS = {2: "HS2", 4: "HS4", 6: "HS6", 10: "HSK10"}


def rule_code(code: str, where: str) -> str:
    """A rule's code as the loaders write the imports' codes (:func:`~exposure.codes.normalize.normalize_codes`):
    digits only, so that ``"2811.11-1000"`` copied from a tariff schedule matches HSK 2811111000.

    The code system is the one of its number of digits (:data:`RULE_CODE_SYSTEMS`); a code that is
    no such code is a ConfigError naming ``where`` (no zeros are put back: in a rule the code is text).

    >>> rule_code("2811.11-1000", "rule 1"), rule_code(" 3707.90 ", "rule 1")
    ('2811111000', '370790')
    """
    import unicodedata

    from exposure.codes.normalize import normalize_codes
    from exposure.errors import DataError

    digits = re.sub(r"[\s.\-]", "", unicodedata.normalize("NFKC", code))
    system = RULE_CODE_SYSTEMS.get(len(digits)) if re.fullmatch(r"[0-9]+", digits) else None
    if system is not None:
        try:
            return str(normalize_codes([code], system).iloc[0])
        except DataError:
            pass
    raise ConfigError(f"{where}: codes entry {code!r} is not a product code: expected an HS or HSK code of 2, 4, 6 or "
                      f"10 digits, quoted, with its leading zeros (dots, hyphens and spaces are ignored: "
                      f"\"2811.11-1000\" is 2811111000)")


def _end_use(value: Any, where: str) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, Mapping) or not value:
        raise ConfigError(f"{where}: end_use must be a table of sector = share, e.g. end_use = {{ D26 = 1.0 }}")
    out = []
    for sector, share in value.items():
        v = check_number(share, f"end_use share of {sector}", where)
        if not 0 <= v <= 1:
            raise ConfigError(f"{where}: end_use share of {sector} must lie in [0, 1], got {v:g}")
        out.append((str(sector), v))
    if sum(v for _, v in out) > 1 + 1e-9:
        raise ConfigError(f"{where}: end_use shares sum to {sum(v for _, v in out):g}; they must sum to at most 1")
    return tuple(out)


def _rule(data: Mapping[str, Any], number: int, kind: str, source: str, columns: Mapping[str, str]) -> Rule:
    label = data.get("name")
    where = f"{source}: rule {number}" + (f" ({label!r})" if label else "")
    check_keys(data, RULE_KEYS, where)
    if "coverage" not in data:
        raise ConfigError(f"{where}: 'coverage' is required (a number in [0, 1])")
    kw: dict[str, Any] = {"name": check_text(label, "name", where) if label else "",
                          "note": check_text(data["note"], "note", where) if "note" in data else ""}
    for key in ("coverage", "phi", "buffer_days", "lag_days", "licence_delay_days"):
        if key in data:
            kw[key] = check_number(data[key], key, where)
    _check_params(kw, where)
    for key in ("codes", "prefixes", "exclude", "sectors"):
        if key in data:
            kw[key] = check_strings(data[key], key, where)
    if "codes" in kw:
        kw["codes"] = tuple(dict.fromkeys(rule_code(c, where) for c in kw["codes"]))
    for key in ("prefixes", "exclude"):
        for p in kw.get(key, ()):
            if not re.fullmatch(r"\d+(-\d+)?", p):
                raise ConfigError(f"{where}: {key} entry {p!r} must be digits or a range like \"72-81\"")
            if "-" in p:
                lo, hi = p.split("-")
                if len(lo) != len(hi) or int(hi) < int(lo):
                    raise ConfigError(f"{where}: {key} range {p!r} must go from low to high with equal widths")
        n_expanded = sum(int(p.split("-")[1]) - int(p.split("-")[0]) + 1 if "-" in p else 1 for p in kw.get(key, ()))
        if n_expanded > MAX_PREFIXES:
            raise ConfigError(f"{where}: {key} expand to {n_expanded:,} prefixes; at most {MAX_PREFIXES:,} are "
                              f"accepted (use shorter prefixes, e.g. \"72\" instead of \"7200-7299\")")
    if "end_use" in data:
        kw["end_use"] = _end_use(data["end_use"], where)
    if "all" in data:
        if not isinstance(data["all"], bool):
            raise ConfigError(f"{where}: all must be true or false")
        kw["all"] = data["all"]
    if "condition" in data:
        kw["condition"] = check_text(data["condition"], "condition", where)
        Condition.parse(kw["condition"], where, columns)
    if kind == "demand":
        bad = [k for k in ("codes", "prefixes", "exclude", "condition", "end_use") if k in data]
        if bad:
            raise ConfigError(f"{where}: demand-side rules select sectors; {', '.join(map(repr, bad))} not allowed "
                              f"(use 'sectors' or 'all')")
        if not kw.get("sectors") and not kw.get("all"):
            raise ConfigError(f"{where}: a demand-side rule needs 'sectors' or 'all = true'")
    else:
        if "sectors" in data:
            raise ConfigError(f"{where}: 'sectors' is for demand-side rules; supply rules select products with "
                              f"codes, prefixes, condition or all")
        if not any(kw.get(k) for k in ("codes", "prefixes", "condition", "all")):
            raise ConfigError(f"{where}: a rule needs at least one of codes, prefixes, condition or all = true")
    return Rule(**kw)


