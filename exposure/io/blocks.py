"""Tables side by side in one sheet, found from the header alone.

Hand-made sheets often put two versions of one table next to each other: an HSK
10-digit breakdown and the HS 6-digit total, each with its own item, country and
amount columns. Two header conventions give such blocks away:

- **a level marker** in the column names: ``Item_10digit … Item_6digit``, ``HSK10 품목 …
  HS6 품목``, ``수입금액(10단위) … 수입금액(6단위)``. Columns with the same marker form a
  block; the marker names its code system (10 → HSK10, 6 → HS6, 4 → HS4, 2 → HS2).
- **a repeated group** of names: ``품목, 국가, 수입금액, 품목, 국가, 수입금액`` (the header
  reader numbers repeats ``품목.1`` …). The repeat forms a second block when it holds a
  code and an amount column; its code system follows from its code lengths.

Columns that belong to no block (``No.``, a shared ``기간`` or ``국가``) are shared by every
block. A header with one repeated name only (two ``수입 금액`` columns) is not a block:
that stays an error of the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: level markers → number of digits; the longest spellings first
_MARKERS = [(r"hsk\s*10|hs\s*10|10\s*digits?|10\s*단위|10\s*자리|hsk", 10), (r"hs\s*6|6\s*digits?|6\s*단위|6\s*자리", 6),
            (r"hs\s*4|4\s*digits?|4\s*단위|4\s*자리", 4), (r"hs\s*2|2\s*digits?|2\s*단위|2\s*자리", 2)]
_EDGE = r"(?:^|[\s_\-(\[（/]){m}(?:$|[\s_\-)\]）/])"
SYSTEM_OF_LEVEL = {10: "HSK10", 6: "HS6", 4: "HS4", 2: "HS2"}


@dataclass
class HeaderBlock:
    """One table of a side-by-side header: its name, its columns (with names stripped of the marker)."""

    name: str
    columns: dict[int, str]  # grid column → name without the marker
    code_system: str | None


def _marker(name: str) -> tuple[int, str] | None:
    """(level, name without the marker) when ``name`` carries a level marker at its start or end."""
    low = name.lower()
    for pattern, level in _MARKERS:
        m = re.search(_EDGE.format(m=f"(?:{pattern})"), low)
        if m is None:
            continue
        stripped = (name[: m.start()] + " " + name[m.end():]).strip(" _-()[]（）/")
        stripped = " ".join(stripped.split())
        if stripped:
            return level, stripped
    return None


def find_blocks(names: list[str], is_code: "callable", is_value: "callable") -> list[HeaderBlock] | None:
    """The side-by-side tables of a header, or None when it holds one table.

    Parameters
    ----------
    names : list of str
        Header names, one per grid column ("" for unnamed columns).
    is_code, is_value : callable
        Tests ``(column, name without the marker) -> bool``: is it a code column, an amount column?
    """
    return _by_marker(names, is_code, is_value) or _by_repeat(names, is_code, is_value)


def _complete(cols: dict[int, str], is_code, is_value) -> bool:
    return any(is_code(i, n) for i, n in cols.items()) and any(is_value(i, n) for i, n in cols.items())


def _by_marker(names: list[str], is_code, is_value) -> list[HeaderBlock] | None:
    groups: dict[int, dict[int, str]] = {}
    shared: dict[int, str] = {}
    for i, n in enumerate(names):
        if not n:
            continue
        found = _marker(n)
        if found is None:
            shared[i] = n
        else:
            groups.setdefault(found[0], {})[i] = found[1]
    complete = {lvl: cols for lvl, cols in groups.items() if _complete(cols, is_code, is_value)}
    if len(complete) < 2:
        return None
    out = []
    for level in sorted(complete, reverse=True):
        cols = {**{i: n for i, n in shared.items() if not _claimed(n, complete[level].values())},
                **complete[level]}
        out.append(HeaderBlock(SYSTEM_OF_LEVEL[level], dict(sorted(cols.items())), SYSTEM_OF_LEVEL[level]))
    return out


def _claimed(shared_name: str, block_names) -> bool:
    """A shared column whose role the block already has (a block's own 국가 beats a shared one)."""
    return shared_name in set(block_names)


def _by_repeat(names: list[str], is_code, is_value) -> list[HeaderBlock] | None:
    base = {}
    copies: dict[int, dict[int, str]] = {}
    for i, n in enumerate(names):
        m = re.fullmatch(r"(.+)\.(\d+)", n) if n else None
        if m and m.group(1) in names[:i]:
            copies.setdefault(int(m.group(2)), {})[i] = m.group(1)
        elif n:
            base[i] = n
    if not copies or not all(_complete(c, is_code, is_value) for c in copies.values()):
        return None
    repeated = {n for c in copies.values() for n in c.values()}
    first = {i: n for i, n in base.items() if n in repeated}
    if not _complete(first, is_code, is_value):
        return None
    shared = {i: n for i, n in base.items() if n not in repeated}
    out = [HeaderBlock("block 1", dict(sorted({**shared, **first}.items())), None)]
    for k in sorted(copies):
        out.append(HeaderBlock(f"block {k + 1}", dict(sorted({**shared, **copies[k]}.items())), None))
    return out
