"""Trade flows from several files (or several blocks of one sheet) put together without counting anything twice.

Rules, in this order:

1. **Repeated rows are refused, never summed.** Two files holding a row with the same
   year, month, reporter, partner, flow and code at the same code level (``HS6`` and
   ``HS6-2017`` are one level) overlap: :func:`combine_flows` raises a
   :class:`~exposure.errors.DataError` naming both files, how many rows repeat and the
   first of them. Adding them up would double the flow; keeping one would be a guess.
2. **Finer rows win over the coarser rows they cover.** Within a code family (HS2 ⊂ HS4
   ⊂ HS6 ⊂ HSK10; MTI1 … MTI6) a coarse row is *covered* when a finer row of the same
   year, reporter, partner and flow has a code that starts with the coarse code, in the
   same period: an annual coarse row is covered by finer rows of any month of its year,
   a monthly one by finer rows of its month or by an annual finer row. An annual row is
   also covered by monthly rows of the same code. Covered rows are dropped, each reported
   with its value, the sum of the finer rows that cover it and the uncovered remainder
   (value − finer sum: the part of the coarse code the finer file does not detail), and
   every coarse row is checked against its finer rows in a totals row
   (``label, total_usd, sum_of_rows_usd, difference_usd``) for the Validation sheet.
   Rows of a coarse code that no finer row covers (other partners, other years) stay.

Example: Comtrade's HS6 281111 imports from Japan in 2018 ($73,141,118) and Korea
Customs' HSK10 2811111000 from Japan, month by month ($66,856,769 in 2018): the HS6 row
is dropped, reported with finer sum 66,856,769 and remainder 6,284,349 (the other
HSK10 lines of 281111).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from exposure.errors import DataError
from exposure.io.reporting import ReportBuilder
from exposure.schema import DROPPED_COLUMNS, TOTALS_COLUMNS, TRADE_FLOWS, LoadReport

KEY = list(TRADE_FLOWS.key)
COVERED = "covered by finer rows (kept instead)"
_SCOPE = ["year", "reporter", "partner", "flow", "_family"]


@dataclass
class CombineReport:
    """What :func:`combine_flows` kept and dropped; ``check()`` holds like a LoadReport's."""

    sources: list[str]
    rows_read: int = 0
    rows_kept: int = 0
    value_read: float = 0.0
    value_kept: float = 0.0
    dropped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=DROPPED_COLUMNS))
    totals: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TOTALS_COLUMNS))
    warnings: list[str] = field(default_factory=list)

    def check(self, rtol: float = 1e-9) -> None:
        self.to_load_report().check(rtol)

    def to_load_report(self) -> LoadReport:
        """The report as a LoadReport (source ``combined: a.csv + b.xlsx``), for the Validation sheet.

        Its dropped rows and totals name the file each coarse row came from; ``row`` is the
        file row where known (blocks of one sheet), else empty.
        """
        return LoadReport(source="combined: " + " + ".join(self.sources), format="combine", unit="USD",
                          rows_read=self.rows_read, rows_kept=self.rows_kept, value_read=self.value_read,
                          value_kept=self.value_kept, dropped=self.dropped.copy(), totals=self.totals.copy(),
                          warnings=list(self.warnings))


def _family(system: pd.Series) -> pd.Series:
    """HS for HS2/HS4/HS6(-rev)/HSK10, MTI for MTI1–6, else the system itself (no hierarchy)."""
    s = system.astype(str).str.upper()
    out = s.where(~s.str.startswith("HS"), "HS")
    return out.where(~s.str.startswith("MTI"), "MTI")


def _prepared(frame: pd.DataFrame) -> pd.DataFrame:
    f = pd.DataFrame({c: frame[c].astype(str).to_numpy() if c in ("reporter", "partner", "flow", "code",
                                                                    "code_system", "source")
                      else frame[c].to_numpy() for c in KEY + ["source"]})
    f["year"] = f["year"].astype("int64")
    f["month"] = f["month"].astype("int64")
    f["value_usd"] = pd.to_numeric(frame["value_usd"], errors="coerce").fillna(0.0).to_numpy(dtype="float64")
    f["_family"] = _family(f["code_system"]).to_numpy()
    f["_level"] = f["code"].str.len().to_numpy()
    f["_pos"] = np.arange(len(f))
    f["_row"] = frame["_row"].to_numpy() if "_row" in frame.columns else -1
    return f


@dataclass
class _Cover:
    """Coverage found by :func:`reconcile`: which rows are covered, and by which finer rows."""

    covered: np.ndarray  # bool per row
    pairs: pd.DataFrame  # _pos (coarse), _fine (finer position)


def reconcile(frame: pd.DataFrame) -> _Cover:
    """Which rows of ``frame`` are covered by finer rows (see the module docstring), processing from finest.

    ``frame`` is the output of :func:`_prepared`. A coarse row is compared only with rows
    that are themselves kept, so the finer sum never counts one flow twice (an HS4 row is
    checked against the HSK10 rows and the HS6 rows they leave uncovered).
    """
    n = len(frame)
    kept = np.zeros(n, dtype=bool)
    covered = np.zeros(n, dtype=bool)
    pairs: list[pd.DataFrame] = []
    level = frame["_level"].to_numpy()
    monthly = frame["month"].to_numpy() > 0
    hierarchical = frame["_family"].isin(["HS", "MTI"]).to_numpy()
    kept[~hierarchical] = True
    for lvl in sorted(set(level[hierarchical].tolist()), reverse=True):
        for want_monthly in (True, False):
            cand = np.flatnonzero(hierarchical & (level == lvl) & (monthly == want_monthly))
            if not len(cand):
                continue
            finer = np.flatnonzero(kept & hierarchical & ((level > lvl) | ((level == lvl) & monthly
                                                                          & (not want_monthly))))
            if len(finer):
                hit = _matches(frame, cand, finer, lvl)
                if len(hit):
                    covered[hit["_pos"].unique()] = True
                    pairs.append(hit)
            kept[cand] = ~covered[cand]
    pair_frame = pd.concat(pairs, ignore_index=True) if pairs else pd.DataFrame({"_pos": [], "_fine": []},
                                                                                dtype="int64")
    return _Cover(covered, pair_frame)


def _matches(frame: pd.DataFrame, cand: np.ndarray, finer: np.ndarray, lvl: int) -> pd.DataFrame:
    """(coarse position, finer position) pairs: same scope, finer code starts with the coarse code, same period."""
    coarse = frame.iloc[cand][_SCOPE + ["month", "code", "_pos"]]
    fine = frame.iloc[finer][_SCOPE + ["month", "code", "_pos"]].copy()
    fine["code"] = fine["code"].str[:lvl]
    hit = coarse.merge(fine, on=_SCOPE + ["code"], suffixes=("", "_f"))
    period = (hit["month"] == 0) | (hit["month_f"] == hit["month"]) | (hit["month_f"] == 0)
    hit = hit[period]
    return pd.DataFrame({"_pos": hit["_pos"].to_numpy(), "_fine": hit["_pos_f"].to_numpy()})


def _describe(frame: pd.DataFrame, pos: int) -> str:
    r = frame.iloc[pos]
    period = f"{r['year']}-{r['month']:02d}" if r["month"] else f"{r['year']}"
    return f"{r['code_system']} {r['code']} {r['reporter']}←{r['partner']} {r['flow']} {period}"


def _coverage_records(frame: pd.DataFrame, cover: _Cover, within_file: bool = False
                      ) -> tuple[list[dict], list[dict]]:
    """Dropped-row and totals records for every covered row (totals per coarse row and period)."""
    if not cover.covered.any():
        return [], []
    values = frame["value_usd"].to_numpy()
    months = frame["month"].to_numpy()
    pairs = cover.pairs
    fine_monthly = pd.Series(months[pairs["_fine"].to_numpy()] > 0).groupby(pairs["_pos"].to_numpy()).all()
    dropped, totals = [], []
    groups: dict[tuple, dict] = {}
    by_coarse = pairs.groupby("_pos")["_fine"].apply(lambda s: sorted(set(s.tolist())))
    for pos, fines in by_coarse.items():
        r = frame.iloc[pos]
        finer_sum = float(values[fines].sum())
        systems = ", ".join(sorted(set(frame["code_system"].iloc[fines])))
        files = ", ".join(sorted(set(frame["source"].iloc[fines])))
        per_year = bool(r["month"]) and not bool(fine_monthly[pos])
        where = systems if within_file else f"{systems}, {files}"
        detail = (f"{_describe(frame, pos)}: covered by {len(fines)} finer row{'s' if len(fines) > 1 else ''} "
                  f"({where}); finer sum {finer_sum:,.0f} USD")
        detail += (", compared for the whole year in the totals" if per_year
                   else f", uncovered remainder {float(r['value_usd']) - finer_sum:,.0f} USD")
        dropped.append({"source": r["source"], "row": int(r["_row"]) if r["_row"] >= 0 else pd.NA,
                        "reason": COVERED, "value_usd": float(r["value_usd"]), "detail": detail})
        key = (r["source"], int(r["year"]), 0 if per_year else int(r["month"]), r["reporter"], r["partner"],
               r["flow"], r["code"], r["code_system"])
        g = groups.setdefault(key, {"rows": [], "fines": set(), "value": 0.0, "systems": set(), "files": set()})
        g["rows"].append(int(r["_row"]))
        g["fines"].update(fines)
        g["value"] += float(r["value_usd"])
        g["systems"].add(systems)
        g["files"].add(files)
    for key, g in groups.items():
        source, year, month, reporter, partner, flow, code, system = key
        period = f"{year}-{month:02d}" if month else f"{year}"
        finer = float(values[sorted(g["fines"])].sum())
        label = f"{system} {code} {reporter}←{partner} {flow} {period} vs its {', '.join(sorted(g['systems']))} rows"
        if not within_file:
            label += f" in {', '.join(sorted(g['files']))}"
        first = min(g["rows"])
        totals.append({"source": source, "row": first if first >= 0 else pd.NA, "label": label,
                       "total_usd": g["value"], "sum_of_rows_usd": finer, "difference_usd": g["value"] - finer})
    return dropped, totals


def _refuse_repeats(frame: pd.DataFrame, table_of: np.ndarray) -> None:
    """The same flow at the same code level twice (in two files, or twice in one): an overlap, never summed."""
    key = ["year", "month", "reporter", "partner", "flow", "code", "_family"]
    dup = frame.duplicated(key, keep=False).to_numpy()
    if not dup.any():
        return
    rows = frame[dup].assign(_table=table_of[dup])
    first = rows.iloc[0]
    same = rows[(rows[key] == first[key]).all(axis=1)]
    files = list(dict.fromkeys(same["source"].tolist()))
    tables = set(same["_table"].tolist())
    n = int(frame[dup].duplicated(key, keep="first").sum())
    shown = (f"{first['year']}, {'month ' + str(first['month']) if first['month'] else 'annual'}, "
             f"{first['reporter']}, {first['partner']}, {first['flow']}, {first['code']}, "
             f"{' / '.join(dict.fromkeys(same['code_system']))}")
    where = f"{files[0]} and {files[1]}" if len(files) > 1 else files[0]
    place = ("in both files" if len(files) > 1 else
             "because the file is given twice" if len(tables) > 1 else "twice in this file")
    raise DataError(where, f"{n} row{'s' if n > 1 else ''} repeat{'' if n > 1 else 's'} a flow {place} (the same "
                           f"year, month, reporter, partner, flow and code), the first: {shown}: expected each flow "
                           "in one file only; rows are never summed across files (remove the overlap from one of "
                           "them)")


def combine_flows(tables: Sequence[pd.DataFrame], reports: Sequence[LoadReport] | None = None
                  ) -> tuple[pd.DataFrame, CombineReport]:
    """Put TradeFlows tables of several files together (see the module docstring for the rules).

    Parameters
    ----------
    tables : sequence of DataFrame
        TradeFlows tables, one per file (as :func:`exposure.io.load` returns them).
    reports : sequence of LoadReport, optional
        Their LoadReports, for the file names of tables without a ``source`` column.

    Returns
    -------
    table : DataFrame
        The rows kept, in input order, with the TradeFlows columns.
    report : CombineReport
        Rows and value read and kept, each dropped coarse row with its reason, and a totals
        row per covered coarse row; ``report.to_load_report()`` for the Validation sheet.

    Raises
    ------
    DataError
        If two files hold the same flow at the same code level (naming both files).

    Examples
    --------
    >>> import pandas as pd
    >>> row = dict(year=2018, month=0, reporter="KOR", partner="JPN", flow="M", qty=float("nan"), qty_unit="",
    ...            name="")
    >>> hs6 = pd.DataFrame([{**row, "code": "281111", "code_system": "HS6-2017", "value_usd": 73_141_118.0,
    ...                      "source": "comtrade.csv"}])
    >>> hsk = pd.DataFrame([{**row, "month": 7, "code": "2811111000", "code_system": "HSK10",
    ...                      "value_usd": 5_337_606.0, "source": "kcs.xlsx"}])
    >>> table, rep = combine_flows([hs6, hsk])
    >>> table["code"].tolist(), rep.totals["difference_usd"].tolist()
    (['2811111000'], [67803512.0])
    """
    names = []
    frames = []
    for i, t in enumerate(tables):
        t = t.copy()
        if "source" not in t.columns or (t["source"].astype(str) == "").all():
            t["source"] = reports[i].source if reports is not None and i < len(reports) else f"table {i + 1}"
        frames.append(t)
        names.extend(dict.fromkeys(t["source"].astype(str)))
    names = list(dict.fromkeys(names))
    columns = [c for c in TRADE_FLOWS.names]
    if not frames:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        return empty, CombineReport(sources=[])
    table_of = np.concatenate([np.full(len(t), i) for i, t in enumerate(frames)])
    stacked = pd.concat([t[[c for c in columns if c in t.columns]].astype(
        {c: object for c in t.columns if isinstance(t[c].dtype, pd.CategoricalDtype)}) for t in frames],
        ignore_index=True)
    prepared = _prepared(stacked)
    _refuse_repeats(prepared, table_of)
    cover = reconcile(prepared)
    dropped, totals = _coverage_records(prepared, cover)
    keep = ~cover.covered
    out = stacked[keep].reset_index(drop=True)
    report = CombineReport(sources=names, rows_read=len(stacked), rows_kept=int(keep.sum()),
                           value_read=float(prepared["value_usd"].sum()),
                           value_kept=float(prepared["value_usd"].to_numpy()[keep].sum()),
                           dropped=_records(dropped, DROPPED_COLUMNS), totals=_records(totals, TOTALS_COLUMNS))
    if dropped:
        report.warnings.append(f"{len(dropped)} rows dropped because finer rows of the same flows were kept "
                               f"(value {sum(d['value_usd'] for d in dropped):,.0f} USD; see the totals for what the "
                               "finer rows leave uncovered)")
    report.check()
    return out, report


def _records(records: list[dict], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=columns)
    if len(frame):
        frame["row"] = frame["row"].astype("Int64")
    return frame


def reconcile_blocks(table: pd.DataFrame, builder: ReportBuilder) -> pd.DataFrame:
    """Blocks of one sheet in different code systems (HSK10 beside HS6): keep the finer rows.

    ``table`` holds the records of all blocks with their file rows (``_row``); covered
    rows go to the report as dropped (with the file row) and each is checked against its
    finer rows in ``builder``'s totals. Returns the rows kept.
    """
    prepared = _prepared(table)
    cover = reconcile(prepared)
    if not cover.covered.any():
        return table
    dropped, totals = _coverage_records(prepared, cover, within_file=True)
    for d in dropped:
        builder.drop([int(d["row"])], d["reason"], d["value_usd"], d["detail"])
    for t in totals:
        builder.total(int(t["row"]), t["label"], t["total_usd"], t["sum_of_rows_usd"], expect_equal=False)
    if len(totals) > 1:  # and the coarser table against the finer one as a whole
        coarse = np.flatnonzero(cover.covered)
        fine = sorted(set(cover.pairs["_fine"].tolist()))
        values = prepared["value_usd"].to_numpy()
        systems = " and ".join(dict.fromkeys(prepared["code_system"].iloc[coarse]))
        finer = " and ".join(dict.fromkeys(prepared["code_system"].iloc[fine]))
        builder.total(int(prepared["_row"].iloc[coarse].min()),
                      f"{systems} table: its {len(coarse)} rows covered by the {finer} table, together",
                      float(values[coarse].sum()), float(values[fine].sum()), expect_equal=False)
    builder.warn(f"{len(dropped)} rows of the coarser table dropped: the finer table beside it covers them (each is "
                 "compared with its finer rows in the totals)")
    return table[~cover.covered].reset_index(drop=True)
