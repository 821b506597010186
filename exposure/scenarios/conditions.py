"""The condition mini-language of scenario rules: ``target_share >= 0.5 and import_hhi > 0.4``.

Comparisons ``column op value`` (op one of ``>= <= == != > <``; a value is a number, a
percentage such as ``50%``, a quoted string, ``true`` or ``false``) joined by ``and``, ``or``
and ``not``, with parentheses. Evaluation is three-valued: a comparison on a missing value
is unknown, and a rule matches only where the whole condition is known to be true.

A value must be of the column's kind (:func:`column_kinds`): a number for a numeric column
(``target_share >= '0.5'`` is refused: the quotes make it text), a quoted string for a text
column (``code == 281111`` is refused: unquoted, the leading zeros of a code are lost),
``true``/``false`` (or 0/1) for a flag. :meth:`Condition.parse` checks this against the
declared kinds; :meth:`Condition.evaluate` against the table's columns.

A condition is untrusted text: it may hold at most :data:`MAX_LENGTH` characters and nest
at most :data:`MAX_DEPTH` levels (parentheses and ``not``), so a crafted file cannot exhaust
the parser's stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import pandas as pd

from exposure.errors import ConfigError

#: longest condition text accepted (characters)
MAX_LENGTH = 2_000
#: deepest nesting of parentheses and ``not`` accepted
MAX_DEPTH = 32

_TOKEN = re.compile(r"\s*(?:(?P<num>-?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?%?)|(?P<str>\"[^\"]*\"|'[^']*')"
                    r"|(?P<op>>=|<=|==|!=|>|<|\(|\))|(?P<word>[A-Za-z_][A-Za-z_0-9]*))")
OPERATORS = {">=": np.greater_equal, "<=": np.less_equal, ">": np.greater, "<": np.less, "==": np.equal,
             "!=": np.not_equal}
#: the kinds of column a condition compares, and the values each takes
KINDS = ("number", "text", "flag")


def column_kinds(spec: Any) -> dict[str, str]:
    """Column → ``number``, ``text`` or ``flag``, from a table spec's declared dtypes (a
    :class:`~exposure.schema.core.TableSpec`) or from a DataFrame's dtypes.

    >>> column_kinds(pd.DataFrame({"share": [0.5], "code": ["281111"], "flag": [True]}))
    {'share': 'number', 'code': 'text', 'flag': 'flag'}
    """
    if isinstance(spec, pd.DataFrame):
        return {str(c): _dtype_kind(spec[c].dtype) for c in spec.columns}
    return {c.name: _dtype_kind(c.dtype) for c in spec.columns}


def _dtype_kind(dtype: Any) -> str:
    if pd.api.types.is_bool_dtype(dtype):
        return "flag"
    if pd.api.types.is_numeric_dtype(dtype):
        return "number"
    return "text"


@dataclass(frozen=True)
class Condition:
    """A parsed condition (see the module docstring).

    Examples
    --------
    >>> c = Condition.parse("target_share >= 50% and not import_hhi < 0.4", "rule 1")
    >>> sorted(c.columns())
    ['import_hhi', 'target_share']
    >>> t, known = c.evaluate(pd.DataFrame({"target_share": [0.6, 0.6, None], "import_hhi": [0.5, 0.3, 0.9]}))
    >>> t.tolist(), known.tolist()
    ([True, False, False], [True, True, False])
    """

    text: str
    tree: tuple
    where: str = field(default="", compare=False)

    @classmethod
    def parse(cls, text: str, where: str, columns: tuple[str, ...] | Mapping[str, str] | None = None
              ) -> "Condition":
        """Parse ``text``; ``columns`` (names, or a mapping name → kind of :data:`KINDS`) are the
        columns it may use, and with kinds every comparison's value is checked against its column's."""
        if len(text) > MAX_LENGTH:
            raise ConfigError(f"{where}: condition is {len(text):,} characters long; at most {MAX_LENGTH:,} "
                              f"are accepted")
        tokens = _tokenize(text, where)
        pos, tree = _Parser(tokens, where, text).parse_or(0, 0)
        if pos != len(tokens):
            raise ConfigError(f"{where}: condition {text!r}: unexpected {tokens[pos][1]!r}")
        cond = cls(text, tree, where)
        if columns is not None:
            bad = sorted(set(cond.columns()) - set(columns))
            if bad:
                raise ConfigError(f"{where}: condition {text!r} uses unknown column {', '.join(map(repr, bad))}; "
                                  f"valid columns are: {', '.join(columns)}")
            if isinstance(columns, Mapping):
                cond.check_kinds(columns)
        return cond

    def comparisons(self) -> list[tuple[str, str, Any]]:
        """(column, operator, value) of every comparison, in order of appearance."""
        out: list[tuple[str, str, Any]] = []
        stack = [self.tree]
        while stack:  # iterative: the tree is at most MAX_DEPTH deep, but "and" chains may be long
            node = stack.pop()
            if node[0] == "cmp":
                out.append(node[1:])
            else:
                stack.extend(reversed(node[1:]))
        return out

    def check_kinds(self, kinds: Mapping[str, str]) -> None:
        """ConfigError for the first comparison whose value is not of its column's kind (columns not in
        ``kinds`` are not checked).

        >>> Condition.parse("target_share >= '0.5'", "rule 1").check_kinds({"target_share": "number"})
        Traceback (most recent call last):
        ...
        exposure.errors.ConfigError: rule 1: condition "target_share >= '0.5'": target_share is a number, got the text '0.5'; write the number without quotes: target_share >= 0.5
        """
        for col, op, value in self.comparisons():
            problem = _kind_problem(col, op, value, kinds.get(col))
            if problem:
                prefix = f"{self.where}: " if self.where else ""
                raise ConfigError(f"{prefix}condition {self.text!r}: {problem}")

    def columns(self) -> list[str]:
        """The columns the condition compares, in order of appearance (with repeats)."""
        return [col for col, _op, _value in self.comparisons()]

    def evaluate(self, table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Return (true, known) boolean arrays over the rows of ``table``.

        Raises ConfigError when text is compared with a numeric or true/false column of ``table``
        (what cannot be compared), for a condition that :meth:`parse` could not check.
        """
        kinds = {c: _dtype_kind(table[c].dtype) for c in set(self.columns()) if c in table.columns}
        self.check_kinds({c: k for c, k in kinds.items() if k != "text"})  # an object column may hold numbers
        return _eval(self.tree, table)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else repr(value)


def _kind_problem(col: str, op: str, value: Any, kind: str | None) -> str:
    """Why ``col op value`` compares values of different kinds ('' when it does not)."""
    if kind == "number":
        if isinstance(value, str):
            v = value.strip()
            try:
                finite = bool(np.isfinite(float(v[:-1] if v.endswith("%") else v)))
            except ValueError:
                finite = False
            fix = f"; write the number without quotes: {col} {op} {v}" if finite else ""
            return f"{col} is a number, got the text {value!r}{fix}"
        if isinstance(value, bool):
            return f"{col} is a number, got {_shown(value)}"
    elif kind == "text":
        if isinstance(value, bool):
            return f"{col} is text, got {_shown(value)}; quote the text: {col} {op} '...'"
        if not isinstance(value, str):
            return f"{col} is text, got the number {_shown(value)}; quote it: {col} {op} '{_shown(value)}'"
    elif kind == "flag":
        if isinstance(value, str):
            return f"{col} is true or false, got the text {value!r}; write true or false without quotes"
    return ""


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
            value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
            if not np.isfinite(value):
                raise ConfigError(f"{where}: condition {text!r}: {raw} is not a finite number")
            out.append(("val", value))
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


class _Parser:
    """Recursive descent over the tokens: or → and → not/parentheses/comparison."""

    def __init__(self, tokens: list[tuple[str, Any]], where: str, text: str) -> None:
        self.tok, self.where, self.text = tokens, where, text

    def _deeper(self, depth: int) -> int:
        if depth >= MAX_DEPTH:
            raise ConfigError(f"{self.where}: condition {self.text[:60]!r}…: nested more than {MAX_DEPTH} levels "
                              f"deep (parentheses and 'not')")
        return depth + 1

    def parse_or(self, pos: int, depth: int) -> tuple[int, tuple]:
        pos, left = self.parse_and(pos, depth)
        while pos < len(self.tok) and self.tok[pos][0] == "or":
            pos, right = self.parse_and(pos + 1, depth)
            left = ("or", left, right)
        return pos, left

    def parse_and(self, pos: int, depth: int) -> tuple[int, tuple]:
        pos, left = self.parse_not(pos, depth)
        while pos < len(self.tok) and self.tok[pos][0] == "and":
            pos, right = self.parse_not(pos + 1, depth)
            left = ("and", left, right)
        return pos, left

    def parse_not(self, pos: int, depth: int) -> tuple[int, tuple]:
        tok = self.tok
        if pos < len(tok) and tok[pos][0] == "not":
            pos, inner = self.parse_not(pos + 1, self._deeper(depth))
            return pos, ("not", inner)
        if pos < len(tok) and tok[pos] == ("op", "("):
            pos, inner = self.parse_or(pos + 1, self._deeper(depth))
            if pos >= len(tok) or tok[pos] != ("op", ")"):
                raise ConfigError(f"{self.where}: condition {self.text!r}: missing ')'")
            return pos + 1, inner
        if pos + 2 < len(tok) and tok[pos][0] == "col" and tok[pos + 1][0] == "op" \
                and tok[pos + 1][1] in OPERATORS and tok[pos + 2][0] == "val":
            return pos + 3, ("cmp", tok[pos][1], tok[pos + 1][1], tok[pos + 2][1])
        got = tok[pos][1] if pos < len(tok) else "end of text"
        raise ConfigError(f"{self.where}: condition {self.text!r}: expected 'column op value' (op one of "
                          f"{', '.join(OPERATORS)}) at {got!r}")


def _eval(node: tuple, table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    kind = node[0]
    if kind == "cmp":
        return _compare(node, table)
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


def _compare(node: tuple, table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    _, col, op, value = node
    n = len(table)
    if col not in table.columns:
        return np.zeros(n, bool), np.zeros(n, bool)
    s = table[col]
    if isinstance(value, str):
        known = s.notna().to_numpy()
        vals = s.astype(object).to_numpy()
        true = np.array([OPERATORS[op](v, value) if k else False for v, k in zip(vals, known)], dtype=bool)
        return true & known, known
    arr = pd.to_numeric(s.astype("Float64") if s.dtype == "boolean" else s, errors="coerce") \
        .to_numpy(dtype=float, na_value=np.nan)
    known = ~np.isnan(arr)
    with np.errstate(invalid="ignore"):
        true = OPERATORS[op](arr, float(value)) & known
    return true, known
