"""One entry point for every input file: detect the format, pick the reader, return table + report.

Formats (``detect_format``):

========================  ==================================================  ===========================
format                    recognised by                                        read by
========================  ==================================================  ===========================
``baci``/``baci-zip``     header ``t,i,j,k,v,q`` / a zip holding ``BACI_…csv``  :func:`load_baci`
``comtrade``              legacy or API Comtrade header                        :func:`load_comtrade`
``oecd-iot``              OECD.Stat IOT export, variable TTL                   :func:`load_oecd_iot`
``oecd-leontief``         OECD.Stat IOT export, variable LEONTFT/LEONTFD       :func:`load_oecd_leontief`
``io-workbook``           sheets 국산거래표 and 수입거래표                        :func:`load_io_workbook`
``table``                 any other sheet / CSV / HTML table                   :func:`load_table`
========================  ==================================================  ===========================

A table asked for as ``kind="sme_exports"`` (exports by firm size, 기업규모별 수출) is read by
:func:`exposure.io.smeexports.load_sme_exports`.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from exposure.errors import DataError
from exposure.io.baci import load_baci
from exposure.io.comtrade import comtrade_flavour, load_comtrade
from exposure.io.encoding import detect_encoding
from exposure.io.grid import HTML, ODS, XLS, XLSX, ZIP, sheet_names, sniff_delimiter, sniff_format
from exposure.io.iotable import is_io_workbook, load_io_workbook
from exposure.io.layout import canonical_kind
from exposure.io.limits import check_regular_file, display_name, is_resource_fork, safe_text
from exposure.io.memory import on_small_pages
from exposure.io.oecd import is_oecd_iot, leontief_report, load_oecd_iot, load_oecd_leontief
from exposure.io.tabular import load_table
from exposure.schema import IOTable, LoadReport

#: what each format produces
PRODUCES = {"baci": "trade_flows", "baci-zip": "trade_flows", "comtrade": "trade_flows", "oecd-iot": "io_table",
            "oecd-leontief": "leontief", "io-workbook": "io_table", "economic-census": "sector_profile"}

#: header columns that identify the Economic Census establishment file
CENSUS_COLUMNS = {"industry_large", "industry_medium", "workers", "production"}


def _head_text(path: Path, size: int = 16384) -> tuple[str, str]:
    """The first ``size`` bytes as text; the sample may end inside a character (decoded incrementally)."""
    with open(path, "rb") as fh:
        data = fh.read(size)
    enc = detect_encoding(data, path, partial=len(data) == size)
    text = codecs.getincrementaldecoder(enc)(errors="replace").decode(data, final=False)
    return text.lstrip("\ufeff"), enc


def detect_format(path: str | Path) -> str:
    """The format of a file (see the module docstring); ``"table"`` when nothing more specific fits.

    Raises
    ------
    DataError
        For a zip that holds no BACI file or a BACI country-codes file given as data.
    """
    p = Path(path)
    container = sniff_format(p)
    if container in (XLSX, XLS):
        return "io-workbook" if is_io_workbook(sheet_names(p, visible_only=True)) else "table"
    if container == HTML:
        return "table"
    if container == ZIP:
        try:
            with zipfile.ZipFile(p) as zf:
                names = [n.lower() for n in zf.namelist() if not is_resource_fork(n)]
        except (zipfile.BadZipFile, OSError, ValueError):
            raise DataError(p, "looks like a zip file but the archive is damaged") from None
        if any(n.endswith(".csv") for n in names):
            return "baci-zip"
        raise DataError(p, "a zip archive with no CSV file in it")
    if container == ODS:
        return "table"  # read_grid refuses it by name
    head, _enc = _head_text(p)
    first_line = head.splitlines()[0] if head else ""
    try:
        cols = [c.strip().strip('"') for c in next(csv.reader([first_line], delimiter=sniff_delimiter(head[:4000])))] \
            if first_line else []
    except (csv.Error, StopIteration):
        cols = []
    if [c.lower() for c in cols[:6]] == ["t", "i", "j", "k", "v", "q"]:
        return "baci"
    if comtrade_flavour(cols):
        return "comtrade"
    if is_oecd_iot(head):
        return "oecd-leontief" if "LEONTF" in head else "oecd-iot"
    if CENSUS_COLUMNS <= {c.lower() for c in cols}:
        return "economic-census"
    if cols and cols[0].lower() == "country_code":
        raise DataError(p, "this is a BACI country-codes file, not trade data: keep it beside the BACI data file "
                           "(or inside its zip), where it is found by itself")
    return "table"


#: options each reader takes (``fx`` is accepted everywhere: formats in US dollars by definition ignore it)
_READER_OPTIONS = {
    "table": {"sheet", "header_row", "header_rows", "encoding", "unit", "code_system", "year", "month", "reporter",
              "partner", "keep_zero", "fx", "code"},
    "baci": {"country_codes", "year", "flow", "hs", "keep_zero"},
    "comtrade": {"keep_zero"},
    "oecd-iot": {"fx"},
    "oecd-leontief": set(),
    "io-workbook": {"unit", "fx", "domestic_sheet", "imported_sheet"},
    "sme-exports": {"sheet", "header_row", "encoding", "unit", "code_system", "fx"},
}


def _options_for(fmt: str, p: Path, options: dict[str, Any], census: Any = None) -> dict[str, Any]:
    """The options the reader of ``fmt`` takes; ``code`` (and the like) for a reader without it is an error."""
    import inspect as _inspect

    accepted = _READER_OPTIONS.get("baci" if fmt == "baci-zip" else fmt)
    if accepted is None and census is not None:
        accepted = set(_inspect.signature(census).parameters) - {"path"}
    accepted = accepted if accepted is not None else set(options)
    given = {k: v for k, v in options.items() if v is not None}
    if "code" in given and "code" not in accepted:
        raise DataError(p, f"--code is for a table about one product without a code column; this is a {fmt} file, "
                           "whose rows name their products")
    unknown = sorted(set(given) - accepted - {"fx", "code"})
    if unknown:
        raise DataError(p, f"option{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} do{'' if len(unknown) > 1 else 'es'} "
                           f"not apply to a {fmt} file")
    return {k: v for k, v in given.items() if k in accepted}


@on_small_pages
def load(path: str | Path, kind: str | None = None, mapping: Any = None, **options: Any
         ) -> tuple[pd.DataFrame | IOTable, LoadReport]:
    """Load any supported input file into its canonical table.

    Parameters
    ----------
    path : str or Path
        Korea Customs / K-stat table (.xlsx, .xls, HTML-as-.xls, CSV), UN Comtrade CSV,
        BACI CSV or zip, OECD IOT or Leontief CSV, or a 국산/수입거래표 workbook. It must be
        a regular file (not a folder, pipe or device); see :mod:`exposure.io.limits`.
    kind : str, optional
        What the caller expects: ``trade_flows`` (also ``imports``, ``world_exports``),
        ``export_items`` (``exports``), ``sector_profile`` (``profile``), ``io_table``
        (``io``), ``leontief`` or ``sme_exports`` (exports by firm size by MTI item or
        sector, :mod:`exposure.io.smeexports`). A file of another kind is an error.
    mapping : str, Path or Mapping, optional
        Layout mapping for tables (a TOML file or a built-in mapping's name).
    **options
        Passed to the reader: for tables ``sheet, header_row, header_rows, encoding, unit,
        code_system, year, month, reporter, partner, keep_zero, fx, code``; for BACI
        ``country_codes, year, flow, hs, keep_zero``; for Comtrade ``keep_zero``; for IO
        workbooks ``unit, fx``; for OECD tables ``fx``. ``fx`` (currency → units per US
        dollar, e.g. ``{"KRW": 1165.7}``) converts amounts in another currency and is
        ignored by formats that are in US dollars by definition (BACI, Comtrade); ``code``
        names the product of a table without a code column. ``None`` values are ignored.

    Returns
    -------
    table : DataFrame or IOTable
        TradeFlows / ExportItems / SectorProfile DataFrame, an IOTable, or (``leontief``) a
        square DataFrame.
    report : LoadReport
        Rows and value read, kept and dropped (``report.check()`` holds).

    Raises
    ------
    DataError
        If the file cannot be read as the kind asked for, naming file, row and column.
    """
    try:
        return _load(Path(path), kind, mapping, options)
    except DataError as exc:
        raise printable(exc) from None


def printable(exc: DataError) -> DataError:
    """The same error with a file name that can be printed (undecodable bytes as escapes)."""
    source = str(exc.source)
    if safe_text(source) != source or safe_text(exc.problem) != exc.problem:
        exc.source = display_name(source)
        exc.problem = safe_text(exc.problem)
        exc.args = (str(exc),)
    return exc


def _load(p: Path, kind: str | None, mapping: Any, options: dict[str, Any]
          ) -> tuple[pd.DataFrame | IOTable, LoadReport]:
    check_regular_file(p)
    want = canonical_kind(kind)
    fmt = detect_format(p)
    if mapping is not None and fmt not in ("table",):
        raise DataError(p, f"a mapping file applies to tables, but this file is a {fmt} file")
    produces = PRODUCES.get(fmt)
    if want is not None and produces is not None and produces != want:
        raise DataError(p, f"this is a {fmt} file, which holds {produces}, but {want} was expected")
    if fmt == "economic-census":
        from exposure.io.census import sme_profile_from_census

        return sme_profile_from_census(p, **_options_for(fmt, p, options, sme_profile_from_census))
    opts = _options_for(fmt, p, options)
    if fmt in ("baci", "baci-zip"):
        return load_baci(p, **opts)
    if fmt == "comtrade":
        return load_comtrade(p, **opts)
    if fmt == "oecd-iot":
        return load_oecd_iot(p, **opts)
    if fmt == "oecd-leontief":
        table = load_oecd_leontief(p)
        return table, leontief_report(p, table)
    if fmt == "io-workbook":
        return load_io_workbook(p, **opts)
    if want == "sme_exports":
        from exposure.io.smeexports import load_sme_exports

        if mapping is not None:
            raise DataError(p, "a table of exports by firm size is read from its header (MTI코드/업종코드, 전체, "
                               "중소기업 …): leave the mapping out")
        return load_sme_exports(p, **_options_for("sme-exports", p, options))
    if want in ("io_table", "leontief"):
        raise DataError(p, "expected an input–output table (OECD IOT CSV or a workbook with 국산거래표 and "
                           "수입거래표 sheets), found a plain table")
    return load_table(p, mapping=mapping, kind=want, **opts)
