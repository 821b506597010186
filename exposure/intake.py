"""Reading every input of a run once, into the canonical tables and their LoadReports (the "read" step).

What it adds to :func:`exposure.io.load` is the run-level view: several import files are put
together without counting anything twice (:func:`exposure.io.combine_flows`: repeated rows are
refused, finer code levels win over the coarse rows they cover, and both are reported), world
export files are reduced one file at a time, an IO table given with its provider's total and
domestic Leontief inverses takes the provider's imported/domestic split, and an Economic Census
profile also gives the SME shares of its KSIC classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from exposure import indicators
from exposure.alternatives import world_exporters
from exposure.codes.countries import partner_of_header
from exposure.config import Config
from exposure.errors import DataError
from exposure.inputs import Inputs
from exposure.io import combine_flows, detect_format, load
from exposure.io.fields import PART_OF_YEAR
from exposure.io.layout import TARGET_PARTNER
from exposure.io.reporting import TOTAL_MISMATCH
from exposure.linkage import io_with_official_split
from exposure.schema import IOTable, LoadReport


@dataclass
class Intake:
    """The tables of one run. ``imports`` are flow M rows of every imports file, combined."""

    imports: pd.DataFrame
    export_items: pd.DataFrame | None = None
    profile: pd.DataFrame | None = None
    io: IOTable | None = None
    world: pd.DataFrame | None = None  # (year, hs6) supply reduction of the world export files
    exporters: pd.DataFrame | None = None  # (year, hs6, exporter) reduction, for the alternatives
    own_exports: pd.DataFrame | None = None
    monthly: pd.DataFrame | None = None
    sme_exports: pd.DataFrame | None = None
    class_sme: dict[str, float] = field(default_factory=dict)
    reports: list[LoadReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: what the analyst must hear on the terminal too (a year that is only part of its months)
    warnings: list[str] = field(default_factory=list)


def read_inputs(inputs: Inputs, config: Config, world: bool = True) -> Intake:
    """Load and reconcile every file of ``inputs`` (see the module docstring)."""
    token = TARGET_PARTNER.set(config.target)  # a table with 대중국 and 대일본 columns: the target's is read
    try:
        return _read_inputs(inputs, config, world)
    finally:
        TARGET_PARTNER.reset(token)


def _read_inputs(inputs: Inputs, config: Config, world: bool) -> Intake:
    reports: list[LoadReport] = []
    opts = load_options(inputs, config)
    warnings: list[str] = []
    imports = combine_files(inputs.imports, "imports", inputs, opts, reports, warnings)
    intake = Intake(imports=imports[imports["flow"] == "M"].reset_index(drop=True), reports=reports,
                    warnings=warnings)
    intake.export_items = _one(inputs.exports, "exports", inputs, opts, reports)
    if inputs.exports is not None:
        check_target_column(reports[-1], inputs.exports, config.target)
    intake.io = _io_table(inputs, opts, reports)
    if inputs.profile is not None:
        intake.profile, intake.class_sme = _profile(inputs, opts, reports, intake.io)
        check_target_column(reports[-1], inputs.profile, config.target)
    if inputs.sme_exports is not None:
        intake.sme_exports = _one(inputs.sme_exports, "sme_exports", inputs, opts, reports)
    if world:
        intake.world, intake.exporters = _world(inputs, config, reports)
    if inputs.own_exports:
        intake.own_exports = combine_files(inputs.own_exports, "own_exports", inputs, opts, reports, warnings)
    if inputs.monthly:
        intake.monthly = combine_files(inputs.monthly, "monthly", inputs, opts, reports)
    # a total row its rows do not add up to: rows may be missing, so the analyst hears it, not only the workbook
    intake.warnings += [f"{rep.source}: {w}" for rep in reports for w in rep.warnings
                        if TOTAL_MISMATCH.match(w) or PART_OF_YEAR.match(w)]
    return intake


def check_target_column(report: LoadReport, path: Path, target: str) -> None:
    """Refuse exports to one partner read as exports to another: a ``대중국 금액`` column in a run on JPN.

    The layouts take the exports-to-the-target column by its shape (대 + a partner + 금액/수출액), so
    the partner it names is checked against the target here, where the target is known.
    """
    header = report.column_mapping.get("export_to_target_usd")
    partner = partner_of_header(header) if header else None
    if partner is not None and partner != target:
        raise DataError(path, f"the column holds exports to {partner}, but the target is {target}: expected exports "
                              f"to {target} (give a table of exports to {target}, or --target {partner})",
                        column=header)


def load_options(inputs: Inputs, config: Config) -> dict[str, Any]:
    opts: dict[str, Any] = {}
    if config.fx_rates:
        opts["fx"] = config.fx_map
    if inputs.code:
        opts["code"] = inputs.code
    return opts


_KIND = {"imports": "imports", "own_exports": "imports", "monthly": "imports", "exports": "exports",
         "profile": "profile", "sme_exports": "sme_exports", "io": "io", "world_exports": "world_exports"}


def _load(path: Path, role: str, inputs: Inputs, opts: dict[str, Any]) -> tuple[Any, LoadReport]:
    kind = _KIND[role]
    allowed = {k: v for k, v in opts.items() if kind in ("imports", "exports", "profile") or k == "fx"}
    return load(path, kind=kind, mapping=inputs.mappings.get(role) or inputs.mappings.get(kind), **allowed)


def _one(path: Path | None, role: str, inputs: Inputs, opts: dict[str, Any], reports: list[LoadReport]) -> Any:
    if path is None:
        return None
    table, report = _load(path, role, inputs, opts)
    reports.append(report)
    return table


def combine_files(paths: list[Path], role: str, inputs: Inputs, opts: dict[str, Any], reports: list[LoadReport],
                  warnings: list[str] | None = None) -> pd.DataFrame:
    tables, own = [], []
    for p in paths:
        table, report = _load(p, role, inputs, opts)
        reports.append(report)
        own.append(report)
        tables.append(table)
    if len(tables) == 1:
        table = tables[0]
    else:
        table, combined = combine_flows(tables, own)
        reports.append(combined.to_load_report())
    if role in _ANNUALISED:  # judged on the files together: two halves of a year make a whole one
        partial = partial_year_warnings(table, " + ".join(Path(p).name for p in paths))
        reports[-1].warnings.extend(partial)
        if warnings is not None:
            warnings.extend(partial)
    return table


#: roles whose monthly rows are summed to the year (the indicators' annual imports and own exports); the
#: monitor's monthly files are read month by month, and a year a file has only begun is no assumption there
_ANNUALISED = ("imports", "own_exports")


def partial_year_warnings(table: pd.DataFrame, name: str) -> list[str]:
    """One warning per year whose monthly rows cover fewer than 12 months (any product and partner).

    The indicators sum monthly rows to the year; three months of 2019 summed are not 2019's imports (a
    quarter of them, roughly), and scaling them up would be a guess: the figure is the sum, and says so.
    """
    return [f"{year}: only {len(months)} of 12 months ({indicators.month_ranges(months)}) in {name}: annual figures "
            "are the sum of those months" for year, months in indicators.partial_years(table).items()]


def _io_table(inputs: Inputs, opts: dict[str, Any], reports: list[LoadReport]) -> IOTable | None:
    """The IO table; with the provider's total and domestic Leontief inverses, their split."""
    if not inputs.io:
        return None
    tables, inverses = [], {}
    for p in inputs.io:
        fmt = detect_format(p)
        if fmt == "oecd-leontief":
            L, report = load(p, kind="leontief")
            reports.append(report)
            variable = L.attrs.get("variable", "")
            if variable in inverses:
                raise DataError(p, f"a second {variable} Leontief inverse: give one total (LEONTFT) and one domestic "
                                   f"(LEONTFD) inverse of the table")
            inverses[variable] = L
        else:
            tables.append(_one(p, "io", inputs, opts, reports))
            table_format, table_path = fmt, p
    if len(tables) != 1:
        raise DataError(inputs.io[0], f"give one input–output table with --io ({len(tables)} given; the OECD Leontief "
                                      f"inverses of the same table may be added)")
    io = tables[0]
    if not inverses:
        return io
    if table_format != "oecd-iot":
        # a 국산/수입거래표 workbook states its own split; inverses of another table (another year, another
        # statistical office) would replace it with theirs
        raise DataError(table_path, "the OECD Leontief inverses split an OECD transactions table (TTL) of the same "
                                    "year; this table is not one (a 국산/수입거래표 workbook states its own domestic and "
                                    "imported flows): give the OECD TTL table with its inverses, or this table alone")
    if set(inverses) != {"LEONTFT", "LEONTFD"}:
        have = ", ".join(sorted(inverses))
        raise DataError(inputs.io[-1], f"the provider's split needs both the total (LEONTFT) and the domestic "
                                       f"(LEONTFD) Leontief inverse; given: {have}")
    years = {str(L.attrs.get("time", "")) for L in inverses.values()}
    if len(years) > 1:
        raise DataError(inputs.io[-1], f"the Leontief inverses are of different years ({', '.join(sorted(years))}): "
                                       f"give the inverses of the same table")
    return io_with_official_split(io, inverses["LEONTFT"], inverses["LEONTFD"])


def _profile(inputs: Inputs, opts: dict[str, Any], reports: list[LoadReport], io: IOTable | None
             ) -> tuple[pd.DataFrame, dict[str, float]]:
    """The SME profile; from the Economic Census file also the SME shares of its KSIC classes."""
    path = inputs.profile
    if detect_format(path) == "economic-census":
        from exposure.io.census import class_sme_shares, read_census, sme_profile_from_census

        census = read_census(path, fx=opts.get("fx"))  # read once for the sectors and the KSIC classes
        profile, report = sme_profile_from_census(path, io=io, fx=opts.get("fx"), census=census)
        reports.append(report)
        return profile, class_sme_shares(path, census=census)
    return _one(path, "profile", inputs, opts, reports), {}


_WORLD_TABLE = ("expected every exporter's exports by product (a CEPII BACI year, or a UN Comtrade table of all "
                "reporters)")


def check_world_table(table: pd.DataFrame, path: Path) -> None:
    """Refuse a world export table that is not one: no exports at all, or one country's exports only (the
    Korea Customs table of Korea's own exports), where every product would show an HHI of 1 and the
    target a world share of 0."""
    # a BACI year is ~11M rows of categoricals: compared and counted on their codes, never turned into text
    is_x = (table["flow"] == "X").to_numpy() if "flow" in table.columns else np.ones(len(table), dtype=bool)
    if not is_x.any():
        raise DataError(path, f"the world export table has no export rows (flow X): {_WORLD_TABLE}")
    reporter = table["reporter"]
    if isinstance(reporter.dtype, pd.CategoricalDtype):
        codes = reporter.cat.codes.to_numpy()
        codes = codes if is_x.all() else codes[is_x]
        codes = codes[codes >= 0] if codes.min() < 0 else codes
        lo, hi = (int(codes.min()), int(codes.max())) if len(codes) else (0, -1)  # two exporters: lo < hi
        exporters = [str(reporter.cat.categories[c]) for c in sorted({lo, hi}) if c >= 0]
    else:
        exporters = [str(c) for c in pd.unique(reporter[is_x])[:2]]
    if len(exporters) < 2:
        raise DataError(path, f"the world export table holds the exports of one country only "
                              f"({exporters[0] if exporters else 'no exporter named'}): "
                              f"{_WORLD_TABLE}; one country's exports give every product a world HHI of 1")


def _world(inputs: Inputs, config: Config, reports: list[LoadReport]) -> tuple[pd.DataFrame | None,
                                                                             pd.DataFrame | None]:
    """World export files reduced one at a time (a BACI year is ~11M rows, its reductions a few thousand),
    so a multi-year panel needs no more memory than its largest year."""
    supply, exporters = [], []
    for p in inputs.world_exports:
        table, report = load(p, kind="world_exports", mapping=inputs.mappings.get("world_exports"))
        reports.append(report)
        check_world_table(table, Path(p))
        supply.append(indicators.world_supply(table, config.target))
        exporters.append(world_exporters(table, config.target, config.reporter))
        del table
    if not supply:
        return None, None
    return pd.concat(supply, ignore_index=True), pd.concat(exporters, ignore_index=True)
