"""Escalation scenarios (DESIGN §6): loading, validating and applying them to products.

A scenario is a TOML file (the shipped ones live in ``exposure/scenario_data/``)::

    name = "2019-three-items"
    description_ko = "..."
    description_en = "..."
    kind = "supply"            # or "demand" (retaliation on the reporter's exports)
    target = "JPN"             # optional: a scenario without target works for any target
    buffer_days = 30           # optional: inventory on hand (b)
    lag_days = 180             # optional: time to switch supplier (L)
    horizon_days = 180         # optional: period counted (H)
    phi = 0.5                  # optional: substitutable fraction (φ)
    extends = "white-list-removal"   # optional: start from another scenario's rules

    [[rules]]
    name = "hydrogen fluoride"
    codes = ["2811111000", "281111"]   # exact codes (quoted: leading zeros)
    prefixes = ["28", "72-81"]         # code prefixes; "72-81" expands to 72, 73, …, 81
    exclude = ["2804"]                 # prefixes never matched by this rule
    condition = "target_share >= 0.5 and import_hhi > 0.4"
    all = false                        # true: every product (every sector for demand rules)
    sectors = ["D26"]                  # demand rules: the sectors whose exports are hit
    coverage = 1.0                     # c in [0, 1]: probability × severity of losing T's supply
    phi = 0.3                          # optional per-rule b, L, φ
    end_use = { D26 = 1.0 }            # optional: where this rule's shortfall is used (sector = share)
    note = "why this coverage"

Rules combine by **maximum**: a product's coverage is the largest coverage of the
rules that match it, and that rule (the first one on ties) also supplies any
per-rule φ, b and L. Order therefore does not matter, and a broad low-coverage rule
can sit beside narrow high-coverage ones. A rule with only a ``condition`` applies
to every product meeting it; a product whose condition cannot be evaluated (a
missing indicator, e.g. the target share of a one-partner Comtrade extract) is not
matched, and :func:`unmatched_entries` reports it.

Shortfall of product k over the horizon H (DESIGN §6)::

    shortfall = M(k,T) · c · (1 − φ · min(1, max(0, H − b) / L))

φ comes from the rule, else the scenario, else 1 − target_world_share when world
export data gave it, else ``config.phi_default``; b, L and H from the rule, else
the scenario, else ``config``.

A rule's ``end_use`` says which sectors use the part of a product the rule cuts. It
takes precedence over the general end-use override table for the products that rule
wins: an HS6 rule whose coverage is the controlled sub-line's share (e.g. photoresist in
HS 370790) cuts only that sub-line, so its end use is the sub-line's, not the whole
line's mix. ``config.use_overrides = false`` switches these off too.

Codes or prefixes that match no product are **not** an error — one scenario serves
many datasets (the shipped ``2019-three-items`` lists HSK10 and HS6 codes side by
side). :func:`unmatched_entries` lists them; the pipeline shows them on the
Validation sheet.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from exposure.config import Config
from exposure.errors import ConfigError

DATA_PACKAGE = "exposure"
DATA_DIR = "scenario_data"

KINDS = ("supply", "demand")
SCENARIO_KEYS = ("name", "description_ko", "description_en", "kind", "target", "extends", "buffer_days",
                 "lag_days", "horizon_days", "phi", "rules")
RULE_KEYS = ("name", "codes", "prefixes", "exclude", "condition", "all", "sectors", "coverage", "phi",
             "buffer_days", "lag_days", "end_use", "note")

#: Columns of the table :func:`apply` returns.
SHOCK_COLUMNS = ["scenario", "year", "code", "code_system", "coverage", "phi", "phi_source", "buffer_days",
                 "lag_days", "horizon_days", "time_factor", "target_import_usd", "shortfall_usd", "rule", "rule_no"]

_MAX_RANGE = 10_000  # a prefix range longer than this is surely a typo


# --------------------------------------------------------------------------- formulas on arrays
def calc_time_factor(buffer_days: Any, lag_days: Any, horizon_days: Any) -> np.ndarray:
    """Fraction of the substitutable part replaced within the horizon: min(1, max(0, H − b) / L).

    Broadcasts, so a leading Monte Carlo draws axis works.

    Examples
    --------
    >>> calc_time_factor(30, 180, 180).round(4).item()
    0.8333
    >>> calc_time_factor(np.array([0, 200]), 100, 180).tolist()
    [1.0, 0.0]
    """
    b = np.asarray(buffer_days, dtype=float)
    lag = np.asarray(lag_days, dtype=float)
    h = np.asarray(horizon_days, dtype=float)
    return np.minimum(1.0, np.maximum(0.0, h - b) / lag)


def calc_shortfall(target_imports: Any, coverage: Any, phi: Any, buffer_days: Any, lag_days: Any,
                   horizon_days: Any) -> np.ndarray:
    """Shortfall M(k,T) · c · (1 − φ · time_factor); every argument broadcasts.

    For the Monte Carlo, pass arrays of shape (n_draws, n_products) (or (n_draws, 1)
    for a parameter shared by all products) and ``target_imports`` of shape (n_products,).

    Examples
    --------
    >>> calc_shortfall(100.0, 0.5, 0.5, 30, 180, 180).round(4).item()
    29.1667
    """
    tf = calc_time_factor(buffer_days, lag_days, horizon_days)
    return np.asarray(target_imports, float) * np.asarray(coverage, float) * (1.0 - np.asarray(phi, float) * tf)


# --------------------------------------------------------------------------- conditions
_TOKEN = re.compile(r"\s*(?:(?P<num>-?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?%?)|(?P<str>\"[^\"]*\"|'[^']*')"
                    r"|(?P<op>>=|<=|==|!=|>|<|\(|\))|(?P<word>[A-Za-z_][A-Za-z_0-9]*))")
_OPS = {">=": np.greater_equal, "<=": np.less_equal, ">": np.greater, "<": np.less, "==": np.equal,
        "!=": np.not_equal}


@dataclass(frozen=True)
class Condition:
    """A parsed condition: comparisons ``column op value`` joined by and / or / not, with parentheses.

    Evaluation is three-valued: a comparison on a missing value is unknown; the
    rule matches only where the whole condition is known to be true.
    """

    text: str
    tree: tuple

    @classmethod
    def parse(cls, text: str, where: str, columns: tuple[str, ...] | None = None) -> "Condition":
        tokens = _tokenize(text, where)
        pos, tree = _parse_or(tokens, 0, where, text)
        if pos != len(tokens):
            raise ConfigError(f"{where}: condition {text!r}: unexpected {tokens[pos][1]!r}")
        cond = cls(text, tree)
        if columns is not None:
            bad = sorted(set(cond.columns()) - set(columns))
            if bad:
                raise ConfigError(f"{where}: condition {text!r} uses unknown column {', '.join(map(repr, bad))}; "
                                  f"valid columns are: {', '.join(columns)}")
        return cond

    def columns(self) -> list[str]:
        out: list[str] = []

        def walk(node: tuple) -> None:
            if node[0] == "cmp":
                out.append(node[1])
            else:
                for child in node[1:]:
                    walk(child)
        walk(self.tree)
        return out

    def evaluate(self, table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Return (true, known) boolean arrays over the rows of ``table``."""
        return _eval(self.tree, table)


def _tokenize(text: str, where: str) -> list[tuple[str, Any]]:
    pos, out = 0, []
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ConfigError(f"{where}: condition {text!r}: cannot read {text[pos:pos + 10]!r}")
        pos = m.end()
        if m.group("num"):
            raw = m.group("num")
            out.append(("val", float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)))
        elif m.group("str"):
            out.append(("val", m.group("str")[1:-1]))
        elif m.group("op"):
            out.append(("op", m.group("op")))
        else:
            w = m.group("word")
            lw = w.lower()
            if lw in ("and", "or", "not"):
                out.append((lw, lw))
            elif lw in ("true", "false"):
                out.append(("val", lw == "true"))
            else:
                out.append(("col", w))
    return out


def _parse_or(tok: list, pos: int, where: str, text: str) -> tuple[int, tuple]:
    pos, left = _parse_and(tok, pos, where, text)
    while pos < len(tok) and tok[pos][0] == "or":
        pos, right = _parse_and(tok, pos + 1, where, text)
        left = ("or", left, right)
    return pos, left


def _parse_and(tok: list, pos: int, where: str, text: str) -> tuple[int, tuple]:
    pos, left = _parse_not(tok, pos, where, text)
    while pos < len(tok) and tok[pos][0] == "and":
        pos, right = _parse_not(tok, pos + 1, where, text)
        left = ("and", left, right)
    return pos, left


def _parse_not(tok: list, pos: int, where: str, text: str) -> tuple[int, tuple]:
    if pos < len(tok) and tok[pos][0] == "not":
        pos, inner = _parse_not(tok, pos + 1, where, text)
        return pos, ("not", inner)
    if pos < len(tok) and tok[pos] == ("op", "("):
        pos, inner = _parse_or(tok, pos + 1, where, text)
        if pos >= len(tok) or tok[pos] != ("op", ")"):
            raise ConfigError(f"{where}: condition {text!r}: missing ')'")
        return pos + 1, inner
    if pos + 2 < len(tok) and tok[pos][0] == "col" and tok[pos + 1][0] == "op" \
            and tok[pos + 1][1] in _OPS and tok[pos + 2][0] == "val":
        return pos + 3, ("cmp", tok[pos][1], tok[pos + 1][1], tok[pos + 2][1])
    got = tok[pos][1] if pos < len(tok) else "end of text"
    raise ConfigError(f"{where}: condition {text!r}: expected 'column op value' (op one of "
                      f"{', '.join(_OPS)}) at {got!r}")


def _eval(node: tuple, table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    kind = node[0]
    if kind == "cmp":
        _, col, op, value = node
        if col not in table.columns:
            n = len(table)
            return np.zeros(n, bool), np.zeros(n, bool)
        s = table[col]
        if isinstance(value, str):
            known = s.notna().to_numpy()
            vals = s.astype(object).to_numpy()
            true = np.array([_OPS[op](v, value) if k else False for v, k in zip(vals, known)], dtype=bool)
            return true & known, known
        arr = pd.to_numeric(s.astype("Float64") if s.dtype == "boolean" else s, errors="coerce") \
            .to_numpy(dtype=float, na_value=np.nan)
        known = ~np.isnan(arr)
        with np.errstate(invalid="ignore"):
            true = _OPS[op](arr, float(value)) & known
        return true, known
    if kind == "not":
        t, k = _eval(node[1], table)
        return ~t & k, k
    lt, lk = _eval(node[1], table)
    rt, rk = _eval(node[2], table)
    if kind == "and":
        false = (lk & ~lt) | (rk & ~rt)
        true = lt & rt
    else:
        true = lt | rt
        false = (lk & ~lt) & (rk & ~rt)
    return true, true | false


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
    end_use: tuple[tuple[str, float], ...] = ()
    note: str = ""

    @property
    def label(self) -> str:
        return self.name or "(unnamed rule)"

    def expanded_prefixes(self) -> tuple[str, ...]:
        return _expand(self.prefixes)

    def expanded_exclude(self) -> tuple[str, ...]:
        return _expand(self.exclude)

    def match(self, products: pd.DataFrame) -> np.ndarray:
        """Boolean array: which rows of ``products`` (columns code and the indicators) this rule hits."""
        codes = products["code"].astype(str)
        n = len(products)
        if self.all or (not self.codes and not self.prefixes):
            hit = np.ones(n, bool)
        else:
            hit = codes.isin(self.codes).to_numpy()
            pre = self.expanded_prefixes()
            if pre:
                hit = hit | codes.str.startswith(pre).to_numpy()
        exc = self.expanded_exclude()
        if exc:
            hit = hit & ~codes.str.startswith(exc).to_numpy()
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
    target are at risk).
    """

    name: str
    rules: tuple[Rule, ...]
    description_ko: str = ""
    description_en: str = ""
    kind: str = "supply"
    target: str | None = None
    buffer_days: float | None = None
    lag_days: float | None = None
    horizon_days: float | None = None
    phi: float | None = None
    source: str = field(default="", compare=False)

    # ---- parameters resolved against a config
    def parameters(self, config: Config) -> dict[str, float | None]:
        """b, L, H and φ with the config defaults filled in (φ None: per product, from world share or default)."""
        return {
            "buffer_days": _first(self.buffer_days, config.buffer_days),
            "lag_days": _first(self.lag_days, config.lag_days),
            "horizon_days": _first(self.horizon_days, config.horizon_days),
            "phi": self.phi,
        }

    def summary(self) -> dict[str, Any]:
        """One flat row for the Scenarios sheet (parameters the scenario leaves to the config are blank)."""
        return {
            "scenario": self.name, "kind": self.kind, "target": self.target or "",
            "description_ko": self.description_ko, "description_en": self.description_en,
            "rules": len(self.rules),
            "buffer_days": _nan(self.buffer_days), "lag_days": _nan(self.lag_days),
            "horizon_days": _nan(self.horizon_days), "phi": _nan(self.phi),
            "max_coverage": max((r.coverage for r in self.rules), default=0.0),
            "source": self.source,
        }

    def to_toml(self) -> str:
        """The scenario as TOML that :func:`load` reads back to an equal scenario (``extends`` resolved)."""
        lines = [f"# exposure scenario {self.name!r}: an editable copy; load it by giving this file's path",
                 "# instead of a scenario name. Keys: see exposure/scenarios.py.", ""]
        for key in ("name", "description_ko", "description_en", "kind", "target", "buffer_days", "lag_days",
                    "horizon_days", "phi"):
            value = getattr(self, key)
            if value is None or (key == "target" and not value):
                continue
            lines.append(f"{key} = {_toml_value(value)}")
        defaults = {f.name: f.default for f in fields(Rule)}
        for rule in self.rules:
            lines += ["", "[[rules]]"]
            for key in RULE_KEYS:
                value = getattr(rule, key)
                if key != "coverage" and (value is None or value == defaults[key]):
                    continue
                lines.append(f"{key} = {_toml_value(value)}")
        return "\n".join(lines) + "\n"


def _first(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


def _nan(value: float | None) -> float:
    return float("nan") if value is None else float(value)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        v = float(value)
        return repr(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_value(key)


def _expand(prefixes: tuple[str, ...]) -> tuple[str, ...]:
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
def available() -> list[str]:
    """Names of the shipped scenarios, in escalation order."""
    names = [p.name[:-5] for p in _data_dir().iterdir() if p.name.endswith(".toml")]
    order = {n: i for i, n in enumerate(("2019-three-items", "white-list-removal", "catch-all", "full-embargo",
                                         "export-retaliation"))}
    return sorted(names, key=lambda n: (order.get(n, len(order)), n))


def _data_dir() -> Any:
    return resources.files(DATA_PACKAGE) / DATA_DIR


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
    is_file = ref.endswith(".toml") or Path(ref).is_file()
    key = str(Path(ref).resolve()) if is_file else ref
    if key in _seen:
        raise ConfigError(f"'extends' cycle: {' → '.join(Path(k).name for k in _seen + (key,))}")
    text, source = _read(ref)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML ({exc})") from None
    return from_mapping(data, source=source, _seen=_seen + (key,), _base=Path(ref).parent if is_file else None)


def _read(name_or_path: str | Path) -> tuple[str, str]:
    s = str(name_or_path)
    path = Path(s)
    if s.endswith(".toml") or path.is_file():
        if not path.is_file():
            raise ConfigError(f"{path}: scenario file not found")
        return path.read_text(encoding="utf-8"), path.name
    res = _data_dir() / f"{s}.toml"
    if not res.is_file():
        raise ConfigError(f"unknown scenario {s!r}; shipped scenarios are: {', '.join(available())} "
                          f"(or give the path of a .toml file)")
    return res.read_text(encoding="utf-8"), f"{s}.toml"


def from_mapping(data: Mapping[str, Any], source: str = "scenario", _seen: tuple[str, ...] = (),
                 _base: Path | None = None) -> Scenario:
    """Build and validate a Scenario from a parsed TOML mapping."""
    from exposure.indicators import COLUMNS as INDICATOR_COLUMNS

    _check_keys(data, SCENARIO_KEYS, source)
    name = str(data.get("name") or Path(source).stem)
    kind = str(data.get("kind", "supply"))
    if kind not in KINDS:
        raise ConfigError(f"{source}: kind {kind!r} is not known; valid kinds are: {', '.join(KINDS)}")
    parent: Scenario | None = None
    if "extends" in data:
        ref = str(data["extends"])
        if ref == name:
            raise ConfigError(f"{source}: 'extends' cycle: scenario {name!r} extends itself")
        parent = load(ref, _seen=_seen, _base=_base)
        if parent.kind != kind:
            raise ConfigError(f"{source}: extends {ref!r}, a {parent.kind} scenario, but is kind {kind!r}")
    rules_raw = data.get("rules", [])
    if not isinstance(rules_raw, list) or not all(isinstance(r, Mapping) for r in rules_raw):
        raise ConfigError(f"{source}: 'rules' must be an array of tables ([[rules]] blocks)")
    own = tuple(_rule(r, i + 1, kind, source, tuple(c for c in INDICATOR_COLUMNS)) for i, r in enumerate(rules_raw))
    rules = (parent.rules if parent else ()) + own
    if not rules:
        raise ConfigError(f"{source}: a scenario needs at least one [[rules]] block")
    target = data.get("target", parent.target if parent else None)
    if target is not None:
        target = str(target)
        if len(target) != 3 or not target.isalpha():
            raise ConfigError(f"{source}: target must be an ISO3 code such as JPN, got {target!r}")
    params = {}
    for key in ("buffer_days", "lag_days", "horizon_days", "phi"):
        value = data.get(key, getattr(parent, key) if parent else None)
        params[key] = None if value is None else _number(value, key, source)
    _check_params(params, source)
    return Scenario(
        name=name, rules=rules, kind=kind, target=target,
        description_ko=str(data.get("description_ko", parent.description_ko if parent else "")),
        description_en=str(data.get("description_en", parent.description_en if parent else "")),
        source=source, **params,
    )


def _check_keys(data: Mapping[str, Any], valid: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(data) - set(valid))
    if unknown:
        raise ConfigError(f"{where}: unknown key{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
                          f"valid keys are: {', '.join(valid)}")


def _number(value: Any, key: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}: {key} must be a number, got {value!r}")
    v = float(value)
    if math.isnan(v):
        raise ConfigError(f"{where}: {key} must be a number, got nan")
    return v


def _check_params(p: Mapping[str, float | None], where: str) -> None:
    for key in ("coverage", "phi"):
        v = p.get(key)
        if v is not None and not 0 <= v <= 1:
            raise ConfigError(f"{where}: {key} must lie in [0, 1], got {v:g}")
    for key in ("buffer_days", "horizon_days"):
        v = p.get(key)
        if v is not None and v < 0:
            raise ConfigError(f"{where}: {key} must be ≥ 0 days, got {v:g}")
    v = p.get("lag_days")
    if v is not None and not v > 0:
        raise ConfigError(f"{where}: lag_days must be > 0 days, got {v:g}")


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(f"{where}: {key} must be a list of quoted strings")
    for v in value:
        if not isinstance(v, str):
            raise ConfigError(f"{where}: {key} entry {v!r} must be a quoted string (\"{v}\") so that leading "
                              f"zeros survive")
    return tuple(v.strip() for v in value)


def _end_use(value: Any, where: str) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, Mapping) or not value:
        raise ConfigError(f"{where}: end_use must be a table of sector = share, e.g. end_use = {{ D26 = 1.0 }}")
    out = []
    for sector, share in value.items():
        v = _number(share, f"end_use share of {sector}", where)
        if not 0 <= v <= 1:
            raise ConfigError(f"{where}: end_use share of {sector} must lie in [0, 1], got {v:g}")
        out.append((str(sector), v))
    if sum(v for _, v in out) > 1 + 1e-9:
        raise ConfigError(f"{where}: end_use shares sum to {sum(v for _, v in out):g}; they must sum to at most 1")
    return tuple(out)


def _rule(data: Mapping[str, Any], number: int, kind: str, source: str, columns: tuple[str, ...]) -> Rule:
    label = data.get("name")
    where = f"{source}: rule {number}" + (f" ({label!r})" if label else "")
    _check_keys(data, RULE_KEYS, where)
    if "coverage" not in data:
        raise ConfigError(f"{where}: 'coverage' is required (a number in [0, 1])")
    kw: dict[str, Any] = {"name": str(label or ""), "note": str(data.get("note", ""))}
    for key in ("coverage", "phi", "buffer_days", "lag_days"):
        if key in data:
            kw[key] = _number(data[key], key, where)
    _check_params(kw, where)
    for key in ("codes", "prefixes", "exclude", "sectors"):
        if key in data:
            kw[key] = _strings(data[key], key, where)
    for key in ("prefixes", "exclude"):
        for p in kw.get(key, ()):
            if not re.fullmatch(r"\d+(-\d+)?", p):
                raise ConfigError(f"{where}: {key} entry {p!r} must be digits or a range like \"72-81\"")
            if "-" in p:
                lo, hi = p.split("-")
                if len(lo) != len(hi) or int(hi) < int(lo) or int(hi) - int(lo) > _MAX_RANGE:
                    raise ConfigError(f"{where}: {key} range {p!r} must go from low to high with equal widths")
    if "end_use" in data:
        kw["end_use"] = _end_use(data["end_use"], where)
    if "all" in data:
        if not isinstance(data["all"], bool):
            raise ConfigError(f"{where}: all must be true or false")
        kw["all"] = data["all"]
    if "condition" in data:
        kw["condition"] = str(data["condition"])
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


# --------------------------------------------------------------------------- applying
def check_target(scenario: Scenario, config: Config) -> None:
    """Raise ConfigError when the scenario is written for another target than the analysis."""
    if scenario.target is not None and scenario.target != config.target:
        raise ConfigError(f"scenario {scenario.name!r} is written for target {scenario.target} but the analysis "
                          f"target is {config.target}; choose a scenario without a target (e.g. full-embargo) "
                          f"or export this one and edit its target")


def analysis_year(products: pd.DataFrame, config: Config) -> pd.DataFrame:
    """The rows of the analysis year: ``config.year``, else the latest year present."""
    if "year" not in products.columns or products.empty:
        return products
    years = sorted(products["year"].unique())
    year = config.year if config.year is not None else years[-1]
    if year not in years:
        raise ConfigError(f"year {year} is not in the products table (years present: "
                          f"{', '.join(str(y) for y in years)})")
    return products[products["year"] == year].reset_index(drop=True) if len(years) > 1 else products


def match_rules(scenario: Scenario, products: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Coverage (max over matching rules) and the index of the winning rule (−1: none) per product."""
    n = len(products)
    cov = np.full(n, -1.0)
    win = np.full(n, -1, dtype=int)
    for i, rule in enumerate(scenario.rules):
        hit = rule.match(products)
        better = hit & (rule.coverage > cov)
        cov = np.where(better, rule.coverage, cov)
        win = np.where(better, i, win)
    return np.maximum(cov, 0.0), win


def apply(scenario: Scenario, products: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Coverage, φ, time factor and shortfall of every product (DESIGN §6).

    Parameters
    ----------
    scenario : Scenario
    products : DataFrame
        The indicator table (:func:`exposure.indicators.product_indicators`), or any
        table with ``code``, ``code_system`` and ``target_import_usd`` (plus the
        columns conditions use). With several years, ``config.year`` (else the
        latest) is used.
    config : Config

    Returns
    -------
    DataFrame
        :data:`SHOCK_COLUMNS`, one row per product (coverage 0 where no rule
        matches; a demand-side scenario gives every product coverage 0).
        ``shortfall_usd`` is NaN where ``target_import_usd`` is unknown.
    """
    check_target(scenario, config)
    prod = analysis_year(products, config)
    n = len(prod)
    if scenario.kind == "supply":
        cov, win = match_rules(scenario, prod)
    else:
        cov, win = np.zeros(n), np.full(n, -1, dtype=int)
    par = scenario.parameters(config)

    def per_rule(attr: str, default: float) -> np.ndarray:
        vals = np.array([_first(getattr(r, attr), default) for r in scenario.rules] + [default], dtype=float)
        return vals[win]  # win == -1 picks the trailing default

    b = per_rule("buffer_days", par["buffer_days"])
    lag = per_rule("lag_days", par["lag_days"])
    h = np.full(n, par["horizon_days"], dtype=float)
    phi, phi_src = _phi(scenario, prod, win, config)
    target_imports = pd.to_numeric(prod["target_import_usd"], errors="coerce").to_numpy(dtype=float)
    out = pd.DataFrame({
        "scenario": scenario.name,
        "year": prod["year"].to_numpy() if "year" in prod.columns else np.full(n, config.year or 0),
        "code": prod["code"].astype(str).to_numpy(),
        "code_system": prod["code_system"].astype(str).to_numpy(),
        "coverage": cov, "phi": phi, "phi_source": phi_src, "buffer_days": b, "lag_days": lag,
        "horizon_days": h, "time_factor": calc_time_factor(b, lag, h), "target_import_usd": target_imports,
    })
    out["shortfall_usd"] = calc_shortfall(target_imports, cov, phi, b, lag, h)
    names = [r.label for r in scenario.rules] + [""]
    out["rule"] = [names[i] for i in win]
    out["rule_no"] = win + 1
    return out[SHOCK_COLUMNS]


def _phi(scenario: Scenario, prod: pd.DataFrame, win: np.ndarray, config: Config) -> tuple[np.ndarray, list[str]]:
    n = len(prod)
    rule_phi = np.array([np.nan if r.phi is None else r.phi for r in scenario.rules] + [np.nan])[win]
    if "target_world_share" in prod.columns:
        world = 1.0 - pd.to_numeric(prod["target_world_share"], errors="coerce").to_numpy(dtype=float)
    else:
        world = np.full(n, np.nan)
    layers = [(rule_phi, "rule"), (np.full(n, np.nan if scenario.phi is None else scenario.phi), "scenario"),
              (world, "1 - target_world_share"), (np.full(n, config.phi_default), "config phi_default")]
    phi = np.full(n, np.nan)
    src = np.full(n, "", dtype=object)
    for vals, label in layers:
        take = np.isnan(phi) & ~np.isnan(vals)
        phi = np.where(take, vals, phi)
        src = np.where(take, label, src)
    return phi, list(src)


def match_demand_rules(scenario: Scenario, sectors: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per sector, the highest coverage of the demand rules that name it and the winning rule's index.

    Sectors no rule names get coverage −1 and index −1 (so callers can tell "no rule" from
    a rule with coverage 0); a supply scenario names no sector.
    """
    n = len(sectors)
    cov = np.full(n, -1.0)
    win = np.full(n, -1, dtype=int)
    if scenario.kind == "demand":
        arr = np.array(sectors, dtype=object)
        for i, rule in enumerate(scenario.rules):
            hit = np.ones(n, bool) if rule.all else np.isin(arr, list(rule.sectors))
            better = hit & (rule.coverage > cov)
            cov = np.where(better, rule.coverage, cov)
            win = np.where(better, i, win)
    return cov, win


def apply_demand(scenario: Scenario, sectors: list[str] | pd.Index, config: Config) -> pd.DataFrame:
    """Share of each sector's exports to the target at risk under a demand-side scenario.

    Returns one row per sector: ``sector, coverage, phi, time_factor, demand_rate, rule`` with
    ``demand_rate = coverage · (1 − φ · time_factor)`` (φ: the share of lost exports that
    can be redirected to other markets within the lag). A supply scenario gives rate 0.
    """
    check_target(scenario, config)
    sectors = [str(s) for s in sectors]
    cov, win = match_demand_rules(scenario, sectors)
    cov = np.maximum(cov, 0.0)
    par = scenario.parameters(config)
    rules = scenario.rules
    phi = np.array([_first(r.phi, scenario.phi, config.phi_default) for r in rules]
                   + [_first(scenario.phi, config.phi_default)], dtype=float)[win]
    b = np.array([_first(r.buffer_days, par["buffer_days"]) for r in rules] + [par["buffer_days"]], float)[win]
    lag = np.array([_first(r.lag_days, par["lag_days"]) for r in rules] + [par["lag_days"]], float)[win]
    tf = calc_time_factor(b, lag, par["horizon_days"])
    names = [r.label for r in rules] + [""]
    return pd.DataFrame({"sector": sectors, "coverage": cov, "phi": phi, "time_factor": tf,
                         "demand_rate": cov * (1.0 - phi * tf), "rule": [names[i] for i in win]})


def end_use_overrides(scenario: Scenario, shocks: pd.DataFrame) -> pd.DataFrame:
    """Override rows from the rules' ``end_use``: one per (product hit by such a rule, sector).

    ``shocks`` is the table of :func:`apply` (its ``rule_no`` names the winning rule). Returns
    ``code, code_system, sector, share, rule`` with exact product codes, so they take
    precedence over the general override table for those products.
    """
    rows = []
    for no, rule in enumerate(scenario.rules, start=1):
        if not rule.end_use:
            continue
        hit = shocks[shocks["rule_no"] == no]
        for sector, share in rule.end_use:
            rows.append(pd.DataFrame({"code": hit["code"].to_numpy(), "code_system": hit["code_system"].to_numpy(),
                                      "sector": sector, "share": share, "rule": rule.label}))
    cols = ["code", "code_system", "sector", "share", "rule"]
    return pd.concat(rows, ignore_index=True)[cols] if rows else pd.DataFrame(columns=cols)


UNMATCHED_COLUMNS = ["scenario", "rule", "key", "entry", "problem"]


def unmatched_entries(scenario: Scenario, products: pd.DataFrame, sectors: list[str] | None = None
                      ) -> pd.DataFrame:
    """Codes, prefixes, sectors and conditions of the scenario that match nothing in this dataset.

    Not an error — a scenario is reused across datasets — but the reader must know.
    Returns :data:`UNMATCHED_COLUMNS`.
    """
    rows: list[dict[str, str]] = []
    codes = products["code"].astype(str) if "code" in products.columns else pd.Series([], dtype=object)
    code_set = set(codes)
    lengths = sorted({len(c) for c in code_set})

    def why(entry: str, kind: str) -> str:
        if len(entry) > max(lengths, default=0):
            return f"no product code of this length in the data (codes have {', '.join(map(str, lengths))} digits)"
        return "no product in the data has this code" if kind == "codes" else "no product code starts with it"

    def add(rule: Rule, key: str, entry: str, problem: str) -> None:
        rows.append(dict(scenario=scenario.name, rule=rule.label, key=key, entry=entry, problem=problem))

    for rule in scenario.rules:
        if scenario.kind == "demand":
            for s in rule.sectors:
                if sectors is not None and s not in sectors:
                    add(rule, "sectors", s, "sector not in the sector list")
            continue
        for c in rule.codes:
            if c not in code_set:
                add(rule, "codes", c, why(c, "codes"))
        for p in rule.prefixes:
            pre = _expand((p,))
            if not codes.str.startswith(pre).any():
                add(rule, "prefixes", p, why(pre[0], "prefixes"))
        if rule.condition:
            cond = Condition.parse(rule.condition, rule.label)
            missing = [c for c in cond.columns() if c not in products.columns]
            base = replace(rule, condition="").match(products)  # the products the condition is asked about
            _true, known = cond.evaluate(products)
            unknown = int((base & ~known).sum())
            if missing:
                add(rule, "condition", rule.condition,
                    f"column {', '.join(missing)} not in the products table: rule matches nothing")
            elif unknown:
                add(rule, "condition", rule.condition, f"cannot be evaluated for {unknown} of {int(base.sum())} "
                                                       f"products (missing values); they are not matched")
    return pd.DataFrame(rows, columns=UNMATCHED_COLUMNS)


def with_changes(scenario: Scenario, **changes: Any) -> Scenario:
    """A copy with scenario-level parameters changed, validated (for what-if runs)."""
    new = replace(scenario, **changes)
    _check_params({k: getattr(new, k) for k in ("buffer_days", "lag_days", "horizon_days", "phi")}, new.name)
    return new
