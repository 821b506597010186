"""Readers for the files analysts download (DESIGN §2: the only place that knows source formats).

Every reader returns a canonical table (:mod:`exposure.schema`) and a
:class:`~exposure.schema.LoadReport` whose ``check()`` holds: rows read = kept +
dropped, value read = kept + dropped value.

- :func:`load` — any file: detects the format and dispatches.
- :func:`load_table` — Korea Customs / K-stat / hand-made tables (.xlsx, .xls, HTML, CSV) via mappings;
  large plain CSV downloads of trade flows are streamed (:mod:`exposure.io.streamcsv`).
- :func:`load_sme_exports` — exports by firm size by MTI item or sector (``kind="sme_exports"``).
- :func:`load_comtrade`, :func:`load_baci` — UN Comtrade CSV, CEPII BACI.
- :func:`load_oecd_iot`, :func:`load_oecd_leontief`, :func:`load_io_workbook` — input–output tables.
- :func:`inspect` / :func:`format_inspection` — what a file will load as.
- :func:`combine_flows` — trade flows of several files put together: repeats refused, finer
  codes kept over the coarse rows they cover (:mod:`exposure.io.combine`).

Every input is untrusted: the limits it is read within are in :mod:`exposure.io.limits`.
"""

from exposure.io.baci import load_baci, read_country_codes
from exposure.io.combine import CombineReport, combine_flows
from exposure.io.comtrade import load_comtrade
from exposure.io.inspect import Inspection, format_inspection, inspect
from exposure.io.iotable import load_io_workbook
from exposure.io.load import detect_format, load
from exposure.io.mapping import Mapping, builtin_mappings, get_mapping, read_mapping
from exposure.io.oecd import load_oecd_iot, load_oecd_leontief
from exposure.io.smeexports import load_sme_exports
from exposure.io.tabular import load_table

__all__ = [
    "CombineReport", "Inspection", "Mapping", "builtin_mappings", "combine_flows", "detect_format", "format_inspection", "get_mapping", "inspect",
    "load", "load_baci", "load_comtrade", "load_io_workbook", "load_oecd_iot", "load_oecd_leontief", "load_sme_exports",
    "load_table",
    "read_country_codes", "read_mapping",
]
