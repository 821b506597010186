"""UN Comtrade CSV: the legacy export and the current API / bulk download.

Both are read into TradeFlows with the same rules:

- **Flows.** Import → ``M`` and Export → ``X``. Comtrade's exports *include*
  re-exports and its imports include re-imports (re-exports and re-imports are
  published as sub-flows of the totals), so Re-export / Re-import rows (legacy
  codes 3 and 4; API ``RX``/``RM``) and the other sub-flows of the API
  (``DX``, ``FM``, processing flows …) are dropped and reported as
  ``sub-flow (part of total X/M)``: keeping them would count them twice.
- **Breakdowns.** Only totals are kept: customs procedure ``C00``, mode of
  transport ``0``, second partner ``0`` (blank in legacy files means total).
  Other rows are dropped as ``breakdown row``.
- **Partners.** The ISO3 column where it is a country code; else the numeric
  code (0 = World → ``WLD``, 490 "Other Asia, nes" → ``TWN``, 899 Areas, nes →
  ``UNK``); groups are dropped as ``partner not a country``.
- **Products.** ``TOTAL`` (all products) rows are dropped and compared with the
  sum of the most detailed rows of the same reporter, partner, flow and period.
  Codes get their leading zeros back (``10619`` → ``010619``); the code system
  is ``HS<level>-<revision>`` from the classification (``H5`` → ``HS6-2017``).
- **Quantity.** Net weight in kg where reported, else the reported quantity and unit.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from exposure.codes.countries import from_numeric, to_iso3
from exposure.codes.normalize import code_system_parts, normalize_codes
from exposure.errors import DataError
from exposure.io.flows import finish_flows
from exposure.io.flowtable import repeated_row_message
from exposure.io.numbers import parse_numbers
from exposure.io.reporting import ReportBuilder
from exposure.members import isin
from exposure.schema import LoadReport

LEGACY = {
    "year": "Year", "period": "Period", "classification": "Classification", "level": "Aggregate Level",
    "flow": "Trade Flow Code", "flow_desc": "Trade Flow", "reporter_code": "Reporter Code",
    "reporter_iso": "Reporter ISO", "reporter_name": "Reporter", "partner_code": "Partner Code",
    "partner_iso": "Partner ISO", "partner_name": "Partner", "partner2": "2nd Partner Code",
    "customs": "Customs Proc. Code", "mot": "Mode of Transport Code", "cmd": "Commodity Code",
    "cmd_desc": "Commodity", "qty_unit": "Qty Unit", "qty": "Qty", "netwgt": "Netweight (kg)",
    "value": "Trade Value (US$)",
}
API = {
    "type": "typeCode", "freq": "freqCode", "year": "refYear", "month": "refMonth", "period": "period",
    "classification": "classificationCode", "level": "aggrLevel", "flow": "flowCode", "flow_desc": "flowDesc",
    "reporter_code": "reporterCode", "reporter_iso": "reporterISO", "reporter_name": "reporterDesc",
    "partner_code": "partnerCode", "partner_iso": "partnerISO", "partner_name": "partnerDesc",
    "partner2": "partner2Code", "customs": "customsCode", "mot": "motCode", "cmd": "cmdCode",
    "cmd_desc": "cmdDesc", "qty_unit": "qtyUnitAbbr", "qty": "qty", "netwgt": "netWgt", "value": "primaryValue",
}
_REQUIRED = ("year", "flow", "reporter_code", "partner_code", "cmd", "value")
_LEGACY_FLOWS = {"1": "M", "2": "X", "import": "M", "export": "X"}
_API_FLOWS = {"M": "M", "X": "X"}
_TOTAL_BREAKDOWN = {"partner2": {"", "0"}, "customs": {"", "C00"}, "mot": {"", "0"}}


def comtrade_flavour(columns: list[str]) -> str | None:
    """``"legacy"``, ``"api"`` or None, from a CSV header."""
    cols = set(columns)
    if {"Trade Value (US$)", "Commodity Code", "Reporter Code"} <= cols:
        return "legacy"
    if {"primaryValue", "cmdCode", "reporterCode"} <= cols:
        return "api"
    return None


def _read(path: Path) -> pd.DataFrame:
    """All columns as text (codes keep their zeros; values are parsed with row numbers later)."""
    with open(path, "rb") as fh:
        head = fh.readline().decode("utf-8-sig", errors="replace")
    header = next(csv.reader([head]))
    try:
        table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in header}, strings_can_be_null=False))
    except pa.ArrowInvalid as exc:
        raise DataError(path, f"not a readable CSV file: {exc}") from None
    return table.to_pandas()


def _text(frame: pd.DataFrame, cols: dict[str, str], key: str) -> pd.Series:
    name = cols.get(key)
    if name is None or name not in frame.columns:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[name].astype(object).fillna("").astype(str).str.strip()


def _partner_iso(iso: pd.Series, code: pd.Series, name: pd.Series, source: str,
                 builder: ReportBuilder, role: str) -> pd.Series:
    """ISO3 from the ISO column when it is a country code, else from the numeric code, else from the name."""
    out = pd.Series(None, index=iso.index, dtype=object)
    looks_iso = iso.str.fullmatch(r"[A-Z]{3}").to_numpy(dtype=bool)
    if looks_iso.any():
        mapped, _ = to_iso3(iso[looks_iso], source=source)
        out[looks_iso] = mapped.where(mapped != "UNK", None).to_numpy()
    missing = out.isna()
    if missing.any():
        out[missing] = from_numeric(code[missing], kind="comtrade").to_numpy()
    missing = out.isna()
    if missing.any():
        by_name, unmatched = to_iso3(name[missing], source=source)
        out[missing] = by_name.to_numpy()
        for rec in unmatched.itertuples(index=False):
            fate = "kept as UNK" if rec.iso3 == "UNK" else "rows dropped"
            builder.warn(f"{role} '{rec.name}' ({rec.count} rows): {str(rec.reason).replace(', kept as UNK', '')}"
                         f" — {fate}")
    return out


def load_comtrade(path: str | Path, keep_zero: bool = False) -> tuple[pd.DataFrame, LoadReport]:
    """Read a UN Comtrade CSV (legacy export or current API/bulk file) into TradeFlows.

    Parameters
    ----------
    path : str or Path
    keep_zero : bool
        Keep rows whose trade value is zero (dropped and reported by default).

    Returns
    -------
    table : pandas.DataFrame
        TradeFlows; ``value_usd`` is the trade value (primary value) in USD.
    report : LoadReport

    Raises
    ------
    DataError
        If the header is neither Comtrade flavour, or a value or code is malformed.
    """
    p = Path(path)
    raw = _read(p)
    flavour = comtrade_flavour(list(raw.columns))
    if flavour is None:
        raise DataError(p, "not a UN Comtrade CSV: expected the legacy columns (Commodity Code, Trade Value (US$) …) "
                           "or the API columns (cmdCode, primaryValue …)")
    cols = LEGACY if flavour == "legacy" else API
    missing = [cols[k] for k in _REQUIRED if cols[k] not in raw.columns]
    if missing:
        raise DataError(p, f"Comtrade {flavour} CSV without the columns {missing}")
    builder = ReportBuilder(p, format=f"comtrade-{flavour}", encoding="utf-8", header_row=1, unit="USD",
                            column_mapping={"value_usd": cols["value"], "code": cols["cmd"],
                                            "partner": cols["partner_iso"], "reporter": cols["reporter_iso"],
                                            "flow": cols["flow"]})
    n = len(raw)
    rows = np.arange(2, n + 2)
    value = parse_numbers(_text(raw, cols, "value"), p, cols["value"], rows)
    builder.read(n, float(value.fillna(0).sum()))
    keep = np.ones(n, dtype=bool)

    def drop(mask: np.ndarray, reason: str, detail: pd.Series | str = "") -> None:
        nonlocal keep
        mask = mask & keep
        if mask.any():
            det = detail[mask].tolist() if isinstance(detail, pd.Series) else detail
            builder.drop(rows[mask], reason, value[mask].to_numpy(), det)
            keep &= ~mask

    if "type" in cols and cols["type"] in raw.columns:
        typ = _text(raw, cols, "type")
        drop((typ != "C").to_numpy() & (typ != "").to_numpy(), "services row (not goods)", "typeCode " + typ)
    flow_raw = _text(raw, cols, "flow")
    flow_desc = _text(raw, cols, "flow_desc")
    if flavour == "legacy":
        flow = flow_raw.map(_LEGACY_FLOWS).fillna(flow_desc.str.lower().map(_LEGACY_FLOWS))
    else:
        flow = flow_raw.str.upper().map(_API_FLOWS)
    drop(flow.isna().to_numpy(), "sub-flow (part of total X/M)", (flow_desc.where(flow_desc != "", flow_raw)))
    for key, totals in _TOTAL_BREAKDOWN.items():
        if cols.get(key) in raw.columns:
            t = _text(raw, cols, key)
            drop(~t.isin(totals).to_numpy(), "breakdown row", f"{cols[key]} " + t)
    cmd = _text(raw, cols, "cmd")
    is_total = cmd.str.upper().isin(["TOTAL", "ALL", "AG0"])
    partner = _partner_iso(_text(raw, cols, "partner_iso"), _text(raw, cols, "partner_code"),
                           _text(raw, cols, "partner_name"), p.name, builder, "partner")
    reporter = _partner_iso(_text(raw, cols, "reporter_iso"), _text(raw, cols, "reporter_code"),
                            _text(raw, cols, "reporter_name"), p.name, builder, "reporter")
    year, month = _periods(raw, cols, flavour, p, rows)
    level = _levels(raw, cols, cmd)
    # Totals over products, compared with the most detailed rows of the same reporter/partner/flow/period.
    tot_mask = is_total.to_numpy() & keep
    if tot_mask.any():
        _compare_product_totals(builder, rows, tot_mask, keep & ~is_total.to_numpy(), level, value,
                                [year, month, reporter, partner, flow])
    drop(tot_mask, "total row", cmd)
    drop(partner.isna().to_numpy(), "partner not a country", _text(raw, cols, "partner_name"))
    drop(reporter.isna().to_numpy(), "reporter not a country", _text(raw, cols, "reporter_name"))
    if not keep_zero:
        drop((value.fillna(0) == 0).to_numpy(), "zero value")
    revision = _revisions(raw, cols, p, keep)
    system = ("HS" + level.astype(str) + "-" + revision).where(revision != "", "HS" + level.astype(str))
    codes = pd.Series("", index=raw.index, dtype=object)
    for sys_name in system[keep].unique():
        sel = keep & (system == sys_name).to_numpy()
        codes[sel] = normalize_codes(cmd[sel], sys_name, source=p.name, column=cols["cmd"], rows=rows[sel]).to_numpy()
    _refuse_repeated_rows(raw, cols, keep, rows, year, month, cmd, p)
    # an "all levels" export holds each HS4 heading (and HS2 chapter) beside the HS6 lines it sums: counted too,
    # every dollar would be there twice
    covered = _covered_aggregates(keep, level, codes, [year, month, reporter, partner, flow])
    if covered.any():
        _compare_aggregates(builder, rows, covered, keep & ~covered, level, codes, value,
                            [year, month, reporter, partner, flow])
        drop(covered, "aggregate row (its finer lines are in the file)", "HS" + level.astype(str) + " " + codes)
    qty, qty_unit = _quantities(raw, cols, p, rows)
    table = pd.DataFrame({
        "year": year[keep], "month": month[keep], "reporter": reporter[keep], "partner": partner[keep],
        "flow": flow[keep], "code": codes[keep], "code_system": system[keep],
        "name": _text(raw, cols, "cmd_desc")[keep], "value_usd": value[keep], "qty": qty[keep],
        "qty_unit": qty_unit[keep], "source": p.name, "_row": rows[keep],
    })
    systems = sorted(system[keep].unique())
    builder.meta["code_system"] = ", ".join(systems)
    return finish_flows(table, builder, p.name)


def _periods(raw: pd.DataFrame, cols: dict[str, str], flavour: str, path: Path, rows: np.ndarray
             ) -> tuple[pd.Series, pd.Series]:
    year = pd.to_numeric(_text(raw, cols, "year"), errors="coerce")
    bad = year.isna().to_numpy()
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise DataError(path, f"expected a year, got '{_text(raw, cols, 'year').iloc[pos]}'", row=int(rows[pos]),
                        column=cols["year"])
    period = _text(raw, cols, "period")
    if flavour == "api":
        freq = _text(raw, cols, "freq").str.upper()
        month = pd.to_numeric(_text(raw, cols, "month"), errors="coerce").fillna(0)
        month = month.where(freq == "M", 0)
    else:  # legacy Period is YYYY (annual) or YYYYMM (monthly)
        month = pd.to_numeric(period.where(period.str.len() == 6, "").str[4:], errors="coerce").fillna(0)
    return year.astype("int64"), month.astype("int64")


def _levels(raw: pd.DataFrame, cols: dict[str, str], cmd: pd.Series) -> pd.Series:
    """HS level (2/4/6) of each code: the file's aggregate level, else the code length (zeros may be lost)."""
    lvl = pd.to_numeric(_text(raw, cols, "level"), errors="coerce")
    by_len = cmd.str.len().map(lambda n: 2 if n <= 2 else 4 if n <= 4 else 6)
    lvl = lvl.where(lvl.isin([2, 4, 6]), by_len)
    return lvl.astype("int64")


def _refuse_repeated_rows(raw: pd.DataFrame, cols: dict[str, str], keep: np.ndarray, rows: np.ndarray, year: pd.Series,
                          month: pd.Series, cmd: pd.Series, path: Path) -> None:
    """Two kept rows with the same period, reporter, partner and flow as written and the same commodity: a row
    pasted twice (as the table reader refuses it). Partners that only become one code later (two spellings,
    unspecified areas) are summed by :func:`finish_flows` and reported, as before."""
    parts = [year.astype(str), month.astype(str), cmd.astype(str)]
    for key in ("reporter_code", "reporter_iso", "partner_code", "partner_iso", "flow", "classification"):
        if cols.get(key) in raw.columns:
            parts.append(_text(raw, cols, key))
    key = pd.MultiIndex.from_arrays([part[keep] for part in parts])
    again = np.flatnonzero(key.duplicated(keep="first"))
    if not len(again):
        return
    pos = np.flatnonzero(keep)
    later = int(pos[again[0]])
    first = int(pos[np.flatnonzero(key == key[again[0]])[0]])
    partner = _text(raw, cols, "partner_iso").iloc[later] if cols.get("partner_iso") in raw.columns else ""
    raise DataError(path, repeated_row_message(int(rows[first]), int(year.iloc[later]), int(month.iloc[later]),
                                               partner or _text(raw, cols, "partner_code").iloc[later],
                                               cmd.iloc[later]), row=int(rows[later]))


def _prefix_keys(keys: list[pd.Series], codes: pd.Series, length: int) -> pd.Series:
    """One text per row: its reporter, partner, flow and period with the first ``length`` digits of its code."""
    parts = [k.astype(str) for k in keys] + [codes.astype(str).str[:length]]
    out = parts[0]
    for part in parts[1:]:
        out = out + "\x1f" + part
    return out


def _covered_aggregates(keep: np.ndarray, level: pd.Series, codes: pd.Series, keys: list[pd.Series]) -> np.ndarray:
    """Kept rows at HS2 or HS4 whose heading has kept rows of a finer level in the file (same period, reporter,
    partner and flow)."""
    covered = np.zeros(len(level), dtype=bool)
    lv = level.to_numpy()
    for coarse in (2, 4):
        rows = keep & (lv == coarse)
        finer = keep & (lv > coarse)
        if not rows.any() or not finer.any():
            continue
        heads = set(_prefix_keys([k[finer] for k in keys], codes[finer], coarse))
        covered[np.flatnonzero(rows)] = isin(_prefix_keys([k[rows] for k in keys], codes[rows], coarse), heads)
    return covered


def _compare_aggregates(builder: ReportBuilder, rows: np.ndarray, covered: np.ndarray, member: np.ndarray,
                        level: pd.Series, codes: pd.Series, value: pd.Series, keys: list[pd.Series]) -> None:
    """Each dropped heading against the sum of the finest lines under it (on the Validation sheet)."""
    lv = level.to_numpy()
    finest = member & (lv == lv[member].max()) if member.any() else member
    v = value.fillna(0)
    for coarse in (2, 4):
        sel = covered & (lv == coarse)
        if not sel.any():
            continue
        sums = v[finest].groupby(_prefix_keys([k[finest] for k in keys], codes[finest], coarse).to_numpy()).sum()
        heads = _prefix_keys([k[sel] for k in keys], codes[sel], coarse)
        for pos, head in zip(np.flatnonzero(sel), heads.tolist()):
            builder.total(int(rows[pos]), f"HS{coarse} {codes.iloc[pos]} [" + ", ".join(str(k.iloc[pos]) for k in keys)
                          + "]", float(v.iloc[pos]), float(sums.get(head, 0.0)))


def _revisions(raw: pd.DataFrame, cols: dict[str, str], path: Path, keep: np.ndarray) -> pd.Series:
    """HS revision year of each kept row's classification (``H5`` → ``2017``)."""
    cls = _text(raw, cols, "classification")
    out = {}
    for c in cls[keep].unique():
        if c in ("", "HS"):
            out[c] = ""
            continue
        try:
            out[c] = code_system_parts(c)[1] or ""
        except ValueError:
            raise DataError(path, f"classification '{c}' is not an HS revision (H0–H6): only HS data are read",
                            column=cols["classification"]) from None
    # object first: with no kept row the mapped column is all-NaN float, which cannot take ""
    return cls.map(out).astype(object).fillna("")


def _quantities(raw: pd.DataFrame, cols: dict[str, str], path: Path, rows: np.ndarray) -> tuple[pd.Series, pd.Series]:
    net = parse_numbers(_text(raw, cols, "netwgt"), path, cols["netwgt"], rows) if cols["netwgt"] in raw.columns \
        else pd.Series(np.nan, index=raw.index)
    qty = parse_numbers(_text(raw, cols, "qty"), path, cols["qty"], rows) if cols["qty"] in raw.columns \
        else pd.Series(np.nan, index=raw.index)
    unit = _text(raw, cols, "qty_unit").replace({"Weight in kilograms": "kg", "No Quantity": "", "N/A": ""})
    use_net = (net > 0).to_numpy()
    out_qty = qty.where(~use_net, net)
    out_unit = unit.where(~use_net, "kg")
    out_qty = out_qty.where(out_unit != "", np.nan)
    return out_qty, out_unit


def _compare_product_totals(builder: ReportBuilder, rows: np.ndarray, total: np.ndarray, member: np.ndarray,
                            level: pd.Series, value: pd.Series, keys: list[pd.Series]) -> None:
    frame = pd.DataFrame({f"k{i}": k.to_numpy() for i, k in enumerate(keys)})
    frame["value"] = value.fillna(0).to_numpy()
    frame["level"] = level.to_numpy()
    kcols = [f"k{i}" for i in range(len(keys))]
    members = frame[member]
    finest = members.groupby(kcols)["level"].transform("max")
    sums = members[members["level"] == finest].groupby(kcols)["value"].sum()
    for pos in np.flatnonzero(total):
        key = tuple(frame.loc[pos, kcols])
        label = "TOTAL [" + ", ".join(str(k) for k in key) + "]"
        builder.total(int(rows[pos]), label, float(frame.loc[pos, "value"]), float(sums.get(key, 0.0)))
