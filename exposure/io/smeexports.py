"""Exports by firm size (기업규모별 수출): the SMEs' share of exports by MTI item or by sector.

The Ministry of SMEs and Startups and KITA publish Korea's exports split by firm size —
전체/총계, 대기업, 중견기업, 중소기업 — by MTI item (``MTI코드, 품목명``) or by industry
(an OECD input–output sector such as ``D26``, or a KSIC division ``26``), usually in
thousand USD, sometimes with the SME share in %. :func:`load_sme_exports` reads such a
table (CSV in CP949/UTF-8, xlsx, xls) into one canonical table:

==================  =============================================================
``code``            MTI code (leading zeros kept), OECD sector or KSIC division
``code_system``     ``MTI3`` (``MTI1``…``MTI6`` by the code length), ``OECD36`` or ``KSIC9``
``item_code``       the same code, the column :func:`exposure.sme.from_items` takes
``name_ko``         item or industry name as written
``export_usd``      all firms' exports, USD
``sme_export_usd``  SMEs' exports, USD (share × exports where the table gives only the share)
``sme_share``       ``sme_export_usd / export_usd``, 0–1 (the table's own share when it has no
                    SME amount)
``source``          file name
==================  =============================================================

Rows dropped, each in the LoadReport: blank rows, total rows (총계, 합계, 전체 …; each is checked
against the sum of the rows it totals, for all exports and for SME exports), MTI group rows
above the item level (``8`` over ``831``; checked against their items), rows with no export
value (notes, sources). Refused, naming row and column: SME exports above total exports, a
share outside 0–100 % (0–1 when the header has no %), negative amounts, a code that is not one.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from exposure.codes.concordance import sector_names
from exposure.codes.normalize import normalize_codes
from exposure.errors import DataError
from exposure.io.grid import read_grid
from exposure.io.header import find_header, squash
from exposure.io.layout import Layout
from exposure.io.limits import display_name
from exposure.io.mapping import DEFAULT_TOTALS, Mapping
from exposure.io.numbers import parse_numbers, refuse_fractions_as_percent
from exposure.io.reporting import ReportBuilder
from exposure.io.sheet import Options, Sheet, check_printable, money_column
from exposure.io.units import is_percent, parse_fx
from exposure.schema import LoadReport

COLUMNS = ["code", "code_system", "item_code", "name_ko", "export_usd", "sme_export_usd", "sme_share", "source"]

# header names (compared without spaces, case or a bracketed unit); first match wins
_ROLES: dict[str, list[str]] = {
    "code": ["mti코드", "mti", "품목코드", "업종코드", "산업코드", "ksic", "ksic코드", "코드", "code", "sector", "업종"],
    "name": ["품목명", "품목", "업종명", "산업명", "name", "item"],
    "total": ["전체", "총계", "합계", "계", "수출액전체", "전체수출", "전체수출액", "수출액", "수출", "total", "exports"],
    "large": ["대기업"],
    "mid": ["중견기업", "중견"],
    "sme": ["중소기업", "중소기업수출", "중소기업수출액", "중소", "sme", "smes"],
    "share": ["중소기업비중", "중소비중", "비중", "smeshare", "share"],
}
_EXPECTED = [["MTI코드", "품목코드", "업종코드", "산업코드", "re:KSIC"], ["중소기업", "중소기업 비중", "re:중소"],
             ["전체", "총계", "합계", "수출액", "re:수출액"]]
_BRACKET = re.compile(r"\s*[(\[（][^()\[\]（）]*[)\]）]")
_OECD = re.compile(r"^D\d{2}(T\d{2})?$")
#: SME + large + mid-sized exports may differ from the total by rounding only
_SUM_RTOL = 0.005


def _key(name: str) -> str:
    return squash(_BRACKET.sub("", name))


def _find(names: list[str], role: str, taken: set[int]) -> int | None:
    keys = [_key(n) for n in names]
    for want in _ROLES[role]:
        for i, k in enumerate(keys):
            if i not in taken and k == want:
                return i
    if role == "share":  # "중소기업 비중(%)", "SME share (%)"
        return next((i for i, n in enumerate(names) if i not in taken and ("비중" in n or "share" in n.lower())), None)
    if role == "code":
        return next((i for i, n in enumerate(names) if i not in taken and ("코드" in n or "ksic" in n.lower())), None)
    return None


def _columns(names: list[str], path: Path, row: int) -> dict[str, int]:
    taken: set[int] = set()
    found: dict[str, int] = {}
    for role in ("code", "share", "sme", "large", "mid", "total", "name"):
        i = _find(names, role, taken)
        if i is not None:
            found[role] = i
            taken.add(i)
    have = ", ".join(repr(n) for n in names if n)
    if "code" not in found:
        raise DataError(path, "no code column (looked for MTI코드, 품목코드, 업종코드, 산업코드, KSIC): expected a table "
                              f"of exports by firm size by MTI item or by sector; the header has: {have}", row=row)
    if "total" not in found:
        raise DataError(path, "no column of all firms' exports (looked for 전체, 총계, 합계, 수출액): expected a table of "
                              f"exports by firm size; the header has: {have}", row=row)
    if "sme" not in found and "share" not in found:
        raise DataError(path, "no SME column (looked for 중소기업 and 중소기업 비중): expected the SMEs' exports or their "
                              f"share; the header has: {have}", row=row)
    return found


def _code_system(codes: list[str], header: str, given: str | None, path: Path, column: str) -> str:
    if given:
        return given.strip().upper()
    filled = [c for c in codes if c]
    if filled and all(_OECD.match(c) for c in filled):
        return "OECD36"
    if not all(re.fullmatch(r"\d+", c) for c in filled):
        bad = next(c for c in filled if not re.fullmatch(r"\d+", c))
        raise DataError(path, f"expected MTI codes, KSIC divisions or OECD sectors (D26, D10T12), got '{bad}'",
                        column=column)
    h = header.upper()
    if "KSIC" in h or "산업" in header or "업종" in header:
        return "KSIC9"
    return f"MTI{max(len(c) for c in filled)}" if filled else "MTI3"


def load_sme_exports(path: str | Path, *, sheet: str | int | None = None, header_row: int | None = None,
                     encoding: str | None = None, unit: str | float | None = None, code_system: str | None = None,
                     fx: object = None) -> tuple[pd.DataFrame, LoadReport]:
    """Read a table of exports by firm size into SME shares of exports (see the module docstring).

    Parameters
    ----------
    path : str or Path
        CSV (CP949, UTF-8), xlsx or xls as downloaded.
    sheet, header_row, encoding : optional
        Override detection (``header_row`` 1-based).
    unit : str or float, optional
        Money unit when the file states none (``"천달러"``).
    code_system : str, optional
        ``MTI3``, ``OECD36``, ``KSIC9`` …; inferred from the header and codes when omitted.
    fx : dict, optional
        Exchange rates for amounts in another currency (currency → units per USD).

    Returns
    -------
    table : DataFrame
        :data:`COLUMNS`, one row per item or sector.
    report : LoadReport
        Rows read = kept + dropped; value = all firms' exports in USD; totals checked.

    Raises
    ------
    DataError
        Naming the row and column of SME exports above total exports, a share outside 0–1,
        a negative amount or a bad code.

    Examples
    --------
    >>> table, report = load_sme_exports("sme_exports_by_item.xlsx")            # doctest: +SKIP
    >>> table.set_index("code").loc["831", "sme_share"]                         # doctest: +SKIP
    0.005
    """
    p = Path(path)
    grid = read_grid(p, sheet, encoding)
    header = find_header(grid, _EXPECTED, header_row)
    names = header.names
    cols = _columns(names, p, header.row)
    try:
        rates = parse_fx(fx, "--fx")
    except ValueError as exc:
        raise DataError(p, str(exc)) from None
    mapping = Mapping(name="sme_exports", kind="sector_profile", source="builtin:sme_exports", totals=DEFAULT_TOTALS)
    sh = Sheet(Layout(grid, header, mapping, "built-in", []))
    sh.fx = rates
    if sh.cells.empty:
        raise DataError(p, "the header is the last row: expected rows of data under it", row=header.row)
    options = Options(unit=unit, fx=rates)
    builder = ReportBuilder(p, format=grid.format, encoding=grid.encoding, sheet=grid.sheet, header_row=header.row,
                            column_mapping={k: names[i] for k, i in cols.items()})
    used = sorted(cols.values())
    check_printable(sh, used)
    code_text = sh.text(cols["code"])
    name_text = sh.text(cols["name"]) if "name" in cols else pd.Series("", index=sh.cells.index)
    blank = np.column_stack([sh.text(i).eq("").to_numpy() for i in used]).all(axis=1)
    total = (code_text.map(squash).isin(sh.totals) | name_text.map(squash).isin(sh.totals)).to_numpy() & ~blank
    member = ~blank & ~total
    money = [r for r in ("total", "sme", "large", "mid") if r in cols]
    values: dict[str, pd.Series] = {}
    label = ""
    for r in money:
        lab, factor = sh.money_factor(cols[r], options)
        values[r] = money_column(sh, cols[r], factor, member)
        label = label or lab
    exports = values["total"]
    no_value = member & exports.isna().to_numpy()
    keep = member & ~no_value
    rows = sh.rows
    builder.read(len(sh.cells), float(exports.fillna(0).sum()))
    builder.drop(rows[blank], "blank row", 0.0)
    builder.drop(rows[no_value], "no value", 0.0, [" | ".join(t for t in (code_text.iloc[k], name_text.iloc[k]) if t)
                                                   for k in np.flatnonzero(no_value)])
    builder.meta["unit"] = label

    share = None
    if "share" in cols:
        idx = cols["share"]
        share = parse_numbers(sh.cells[idx], p, names[idx], rows, percent=True)
        if is_percent(names[idx]) or is_percent(" ".join(header.above)):
            refuse_fractions_as_percent(share, sh.cells[idx], keep, p, names[idx], rows)
            share = share / 100.0
        bad = np.flatnonzero(keep & ((share < 0) | (share > 1)).to_numpy())
        if len(bad):
            k = int(bad[0])
            raise DataError(p, f"expected an SME share between 0 and 100 %, got '{sh.cells[idx].iloc[k]}'"
                               + ("" if is_percent(names[idx]) else " (a header without % means a share 0–1)"),
                            row=int(rows[k]), column=names[idx])
    if "sme" in values:
        sme = values["sme"]
        over = np.flatnonzero(keep & (sme > exports * (1 + 1e-9)).to_numpy())
        if len(over):
            k = int(over[0])
            raise DataError(p, f"SME exports {sh.cells[cols['sme']].iloc[k]} are more than all firms' exports "
                               f"{sh.cells[cols['total']].iloc[k]} ('{names[cols['total']]}'): expected SME exports "
                               "within the total", row=int(rows[k]), column=names[cols["sme"]])
        missing = np.flatnonzero(keep & sme.isna().to_numpy())
        if len(missing) and share is None:
            k = int(missing[0])
            raise DataError(p, "expected the SMEs' exports (blank)", row=int(rows[k]), column=names[cols["sme"]])
    else:
        sme = share * exports
        builder.warn(f"sme_export_usd = '{names[cols['share']]}' × '{names[cols['total']]}' (the table gives the "
                     "SME share, not the SME amount)")
    _check_parts(values, keep, rows, names, cols, builder)

    codes_raw = code_text[keep].tolist()
    system = _code_system(codes_raw, names[cols["code"]], code_system, p, names[cols["code"]])
    codes = _codes(codes_raw, system, p, names[cols["code"]], rows[keep])
    group = np.zeros(len(keep), dtype=bool)
    if system.startswith("MTI"):
        # a shorter code over finer ones is a group (8 over 831); one with none under it lost its zeros (13 = 013)
        finest = max((len(c) for c in codes), default=3)
        full = [c for c in codes if len(c) == finest]
        parent = [len(c) < finest and any(f.startswith(c) for f in full) for c in codes]
        group[np.flatnonzero(keep)[np.array(parent, dtype=bool)]] = True
        codes = [c if len(c) == finest or is_group else c.zfill(finest) for c, is_group in zip(codes, parent)]
        system = f"MTI{finest}"
    builder.meta["code_system"] = system

    item = keep & ~group
    code_of = pd.Series("", index=sh.cells.index, dtype=object)
    code_of[keep] = codes
    sme_v = sme.to_numpy(dtype=float)
    x = exports.to_numpy(dtype=float)
    _totals(builder, rows, total, group, item, code_of, x, sme_v, code_text, name_text)
    builder.drop(rows[total], "total row", x[total], names[cols["total"]])
    builder.drop(rows[group], "MTI group above the item level", x[group], code_of[group].tolist())

    with np.errstate(invalid="ignore", divide="ignore"):
        computed = np.where(x > 0, sme_v / np.where(x > 0, x, 1.0), np.nan)
    out_share = computed if "sme" in values else share.to_numpy(dtype=float)
    if share is not None and "sme" in values:
        given = share.to_numpy(dtype=float)
        off = np.flatnonzero(item & (np.abs(given - computed) > 0.0015))  # beyond the rounding of a 0.1 % figure
        if len(off):
            k = int(off[0])
            builder.warn(f"'{names[cols['share']]}' differs from 중소기업 / 전체 in {len(off)} rows (first: row "
                         f"{int(rows[k])}, {given[k]:.1%} vs {computed[k]:.1%}): the share computed from the amounts is used")
    names_ko = name_text.to_numpy(dtype=object)
    if system == "OECD36" and "name" not in cols:
        names_ko = code_of.map(sector_names("OECD36").set_index("sector")["name_ko"]).fillna("").to_numpy(dtype=object)
    table = pd.DataFrame({
        "code": code_of[item].to_numpy(dtype=object), "code_system": system,
        "item_code": code_of[item].to_numpy(dtype=object), "name_ko": names_ko[item],
        "export_usd": x[item], "sme_export_usd": sme_v[item], "sme_share": out_share[item],
        "source": display_name(p),
    })
    dup = table["code"].duplicated(keep=False)
    if dup.any():
        k = np.flatnonzero(item)[np.flatnonzero(dup.to_numpy())[1]]
        raise DataError(p, f"code {code_of.iloc[k]} appears twice: expected one row per item or sector",
                        row=int(rows[k]), column=names[cols["code"]])
    builder.warn("sme_share = SMEs' exports / all firms' exports (basis: export)")
    return table[COLUMNS], builder.finish(len(table), float(table["export_usd"].sum()))


def _codes(raw: list[str], system: str, path: Path, column: str, rows: np.ndarray) -> list[str]:
    if system == "OECD36":
        known = set(sector_names("OECD36")["sector"])
        for c, r in zip(raw, rows):
            if c not in known:
                raise DataError(path, f"expected an OECD36 sector code (D01T03 … D97T98), got '{c}'", row=int(r),
                                column=column)
        return list(raw)
    if system == "KSIC9":
        out = [c.zfill(2) for c in raw]
        for c, r in zip(out, rows):
            if not re.fullmatch(r"\d{2}", c):
                raise DataError(path, f"expected a two-digit KSIC division, got '{c}'", row=int(r), column=column)
        return out
    if system.startswith("MTI"):  # each code at its own length: group rows (8 over 831) are found after
        return [normalize_codes([c], f"MTI{len(c)}" if 1 <= len(c) <= 6 else "MTI6", source=display_name(path),
                                column=column, rows=[r]).iloc[0] for c, r in zip(raw, rows)]
    raise DataError(path, f"unknown code system {system!r}: expected MTI3 (MTI1 … MTI6), OECD36 or KSIC9",
                    column=column)


def _check_parts(values: dict[str, pd.Series], keep: np.ndarray, rows: np.ndarray, names: list[str],
                 cols: dict[str, int], builder: ReportBuilder) -> None:
    """대기업 + 중견기업 + 중소기업 against 전체, where the table has all three."""
    if not all(r in values for r in ("large", "mid", "sme")):
        return
    parts = values["large"].fillna(0) + values["mid"].fillna(0) + values["sme"].fillna(0)
    x = values["total"]
    off = np.flatnonzero(keep & ((parts - x).abs() > _SUM_RTOL * x.abs()).to_numpy())
    if len(off):
        k = int(off[0])
        builder.warn(f"대기업 + 중견기업 + 중소기업 differs from '{names[cols['total']]}' in {len(off)} rows (first: row "
                     f"{int(rows[k])}: {parts.iloc[k]:,.0f} vs {x.iloc[k]:,.0f} USD)")


def _totals(builder: ReportBuilder, rows: np.ndarray, total: np.ndarray, group: np.ndarray, item: np.ndarray,
            code_of: pd.Series, x: np.ndarray, sme: np.ndarray, code_text: pd.Series, name_text: pd.Series) -> None:
    """Each total row and MTI group against the items it totals: all exports, then SME exports."""
    checks = [(k, (code_text.iloc[k] or name_text.iloc[k]), item) for k in np.flatnonzero(total)]
    codes = code_of.to_numpy(dtype=object)
    for k in np.flatnonzero(group):
        under = item & np.array([c.startswith(codes[k]) for c in codes], dtype=bool)
        checks.append((k, f"MTI {codes[k]}", under))
    for k, label, members in checks:
        for what, v in (("", x), (" (중소기업)", sme)):
            summed = float(np.nansum(v[members]))
            builder.total(int(rows[k]), f"{label}{what}", float(np.nan_to_num(v[k])), summed)
