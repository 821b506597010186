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
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from exposure.errors import DataError
from exposure.io.baci import load_baci
from exposure.io.comtrade import comtrade_flavour, load_comtrade
from exposure.io.encoding import detect_encoding
from exposure.io.grid import HTML, XLS, XLSX, ZIP, sheet_names, sniff_delimiter, sniff_format
from exposure.io.iotable import is_io_workbook, load_io_workbook
from exposure.io.layout import canonical_kind
from exposure.io.oecd import is_oecd_iot, leontief_report, load_oecd_iot, load_oecd_leontief
from exposure.io.tabular import load_table
from exposure.schema import IOTable, LoadReport

#: what each format produces
PRODUCES = {"baci": "trade_flows", "baci-zip": "trade_flows", "comtrade": "trade_flows", "oecd-iot": "io_table",
            "oecd-leontief": "leontief", "io-workbook": "io_table", "economic-census": "sector_profile"}

#: header columns that identify the Economic Census establishment file
CENSUS_COLUMNS = {"industry_large", "industry_medium", "workers", "production"}


def _head_text(path: Path, size: int = 16384) -> tuple[str, str]:
    with open(path, "rb") as fh:
        data = fh.read(size)
    enc = detect_encoding(data[: max(0, len(data) - 4)] if len(data) == size else data, path)
    return data.decode(enc, errors="ignore").lstrip("\ufeff"), enc


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
        return "io-workbook" if is_io_workbook(sheet_names(p)) else "table"
    if container == HTML:
        return "table"
    if container == ZIP:
        with zipfile.ZipFile(p) as zf:
            names = [n.lower() for n in zf.namelist()]
        if any(Path(n).name.startswith("baci_") and n.endswith(".csv") for n in names) or \
                any(n.endswith(".csv") for n in names):
            return "baci-zip"
        raise DataError(p, "a zip archive with no CSV file in it")
    head, _enc = _head_text(p)
    first_line = head.splitlines()[0] if head else ""
    cols = [c.strip().strip('"') for c in next(csv.reader([first_line], delimiter=sniff_delimiter(head[:4000])))] \
        if first_line else []
    if [c.lower() for c in cols[:6]] == ["t", "i", "j", "k", "v", "q"]:
        return "baci"
    if comtrade_flavour(cols):
        return "comtrade"
    if is_oecd_iot(head):
        return "oecd-leontief" if "LEONTF" in head else "oecd-iot"
    if CENSUS_COLUMNS <= {c.lower() for c in cols}:
        return "economic-census"
    if cols and cols[0].lower() == "country_code":
        raise DataError(p, "this is a BACI country-codes file: pass it as country_codes= with the BACI data file")
    return "table"


def load(path: str | Path, kind: str | None = None, mapping: Any = None, **options: Any
         ) -> tuple[pd.DataFrame | IOTable, LoadReport]:
    """Load any supported input file into its canonical table.

    Parameters
    ----------
    path : str or Path
        Korea Customs / K-stat table (.xlsx, .xls, HTML-as-.xls, CSV), UN Comtrade CSV,
        BACI CSV or zip, OECD IOT or Leontief CSV, or a 국산/수입거래표 workbook.
    kind : str, optional
        What the caller expects: ``trade_flows`` (also ``imports``, ``world_exports``),
        ``export_items`` (``exports``), ``sector_profile`` (``profile``), ``io_table``
        (``io``) or ``leontief``. A file of another kind is an error.
    mapping : str, Path or Mapping, optional
        Layout mapping for tables (a TOML file or a built-in mapping's name).
    **options
        Passed to the reader: for tables ``sheet, header_row, header_rows, encoding, unit,
        code_system, year, month, reporter, partner, keep_zero``; for BACI ``country_codes,
        year, flow, hs, keep_zero``; for Comtrade ``keep_zero``; for IO workbooks ``unit``.

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
    p = Path(path)
    if not p.exists():
        raise DataError(p, "file not found")
    want = canonical_kind(kind)
    fmt = detect_format(p)
    if mapping is not None and fmt not in ("table",):
        raise DataError(p, f"a mapping file applies to tables, but this file is a {fmt} file")
    produces = PRODUCES.get(fmt)
    if want is not None and produces is not None and produces != want:
        raise DataError(p, f"this is a {fmt} file, which holds {produces}, but {want} was expected")
    if fmt in ("baci", "baci-zip"):
        return load_baci(p, **options)
    if fmt == "comtrade":
        return load_comtrade(p, **options)
    if fmt == "oecd-iot":
        return load_oecd_iot(p)
    if fmt == "oecd-leontief":
        table = load_oecd_leontief(p)
        return table, leontief_report(p, table)
    if fmt == "io-workbook":
        return load_io_workbook(p, **options)
    if fmt == "economic-census":
        from exposure.io.census import sme_profile_from_census

        return sme_profile_from_census(p, **options)
    if want in ("io_table", "leontief"):
        raise DataError(p, "expected an input–output table (OECD IOT CSV or a workbook with 국산거래표 and "
                           "수입거래표 sheets), found a plain table")
    return load_table(p, mapping=mapping, kind=want, **options)
