"""``run(inputs, config) -> Results``: the one orchestrator behind the CLI, notebooks and tests.

read → normalise → measure → link → shock → rank. Each step is a call into the
module that owns it; this file only wires them together and keeps the record
(inputs with SHA-256, load reports, notes) that the workbook's README needs.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

import pandas as pd

from exposure import indicators, scenarios, scoring
from exposure.codes import concordance as concordances
from exposure.codes import critical as critical_mod
from exposure.codes import overrides as overrides_mod
from exposure.config import Config
from exposure.errors import ConfigError, DataError
from exposure.inputs import Inputs, demo_path
from exposure.io import load
from exposure.results import InputFile, Results
from exposure.schema import IOTable, LoadReport

Progress = Callable[[str], None]

__all__ = ["Inputs", "count_steps", "demo_path", "run", "sha256"]


def count_steps(config: Config) -> int:
    """How many progress messages :func:`run` sends for ``config`` (for a progress bar)."""
    n = len(config.scenarios)
    return 3 + n + (1 + n if config.draws else 0)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _load_many(paths: list[Path], kind: str, mappings: dict[str, Path], reports: list[LoadReport]
               ) -> pd.DataFrame | None:
    tables = []
    for p in paths:
        table, report = load(p, kind=kind, mapping=mappings.get(kind))
        reports.append(report)
        tables.append(table)
    if not tables:
        return None
    return pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]


def _load_world(paths: list[Path], target: str, mappings: dict[str, Path], reports: list[LoadReport]
                ) -> pd.DataFrame | None:
    """World export files reduced one at a time (a BACI year is ~11M rows; its reduction a few thousand),
    so a multi-year panel needs no more memory than its largest year."""
    parts = []
    for p in paths:
        table, report = load(p, kind="world_exports", mapping=mappings.get("world_exports"))
        reports.append(report)
        parts.append(indicators.world_supply(table, target))
        del table
    return pd.concat(parts, ignore_index=True) if parts else None


def _load_one(path: Path | None, kind: str, mappings: dict[str, Path], reports: list[LoadReport]):
    if path is None:
        return None
    table, report = load(path, kind=kind, mapping=mappings.get(kind))
    reports.append(report)
    return table


def run(inputs: Inputs | None = None, config: Config | None = None, progress: Progress | None = None) -> Results:
    """Run the whole analysis.

    Parameters
    ----------
    inputs : Inputs, optional
        Files to read; the embedded demo when omitted.
    config : Config, optional
        Parameters; the defaults of DESIGN §4–§8 when omitted.
    progress : callable, optional
        Called with a short message before each step (the CLI prints it on stderr).

    Examples
    --------
    >>> res = run()                                    # doctest: +SKIP
    >>> res.ranking(n=3)[["rank", "sector"]]           # doctest: +SKIP
    """
    inputs = inputs or Inputs.demo()
    config = config or Config()
    say = progress or (lambda _msg: None)
    if not inputs.imports:
        raise DataError("imports", "no imports file given (expected at least one parts/materials import table)")
    _check_files(inputs)
    # a bad scenario file should fail at once, not after every input has been read
    loaded = _load_scenarios(config)

    reports: list[LoadReport] = []
    say("reading inputs")
    imports = _load_many(inputs.imports, "imports", inputs.mappings, reports)
    exports_items = _load_one(inputs.exports, "exports", inputs.mappings, reports)
    profile = _load_one(inputs.profile, "profile", inputs.mappings, reports)
    io: IOTable | None = _load_one(inputs.io[0] if inputs.io else None, "io", inputs.mappings, reports)
    world = _load_world(inputs.world_exports, config.target, inputs.mappings, reports)
    own = _load_many(inputs.own_exports, "imports", inputs.mappings, reports)
    monthly = _load_many(inputs.monthly, "imports", inputs.mappings, reports)
    if io is None:
        raise DataError("io", "no input–output table given (needed to link products to sectors)")

    say("measuring dependence")
    imports = imports[imports["flow"] == "M"]
    products_all = indicators.product_indicators(imports, config, world_exports=world, own_exports=own)
    year = config.year or int(products_all["year"].max())
    products = products_all[products_all["year"] == year].reset_index(drop=True)
    if products.empty:
        raise DataError(inputs.imports[0], f"no imports in year {year} (years present: "
                        f"{', '.join(map(str, sorted(products_all['year'].unique())))})", column="year")
    products = _attach_names(products, imports)
    if inputs.names is not None:
        from exposure.codes.descriptions import describe, load_descriptions

        # names given in the input files win; the classification fills the gaps
        given = products["name"].fillna("") if "name" in products.columns else pd.Series("", index=products.index)
        products["name"] = given.where(given != "", describe(products["code"], load_descriptions(inputs.names)))

    if profile is None and config.rank_by == "sme_export_at_risk_usd":
        # without an SME profile there are no SME shares: rank by all-firm export value at risk, and say so
        config = config.replace(rank_by="export_at_risk_usd")
        notes_pre = ["No SME profile was given: sectors are ranked by export value at risk of all firms, "
                     "and SME columns are empty."]
    else:
        notes_pre = []

    say("linking products to sectors")
    conc = concordances.concordance(f"HS6-{config.sector_system}")
    ovr = overrides_mod.load_overrides(inputs.overrides, sector_system=config.sector_system)
    crit = critical_mod.load_critical_inputs(inputs.critical_inputs, sector_system=config.sector_system)
    mti = concordances.concordance(f"MTI3-{config.sector_system}") if config.sector_system == "OECD36" else None

    runs: dict[str, scoring.ScenarioResult] = {}
    notes: list[str] = notes_pre + list(io.notes)
    for ref, scen in loaded.items():
        say(f"scenario {scen.name}")
        res = scoring.run_scenario(products, scen, io, conc, ovr, profile, config, export_items=exports_items,
                                   mti_concordance=mti, critical=crit)
        runs[scen.name] = res
        notes += [n for n in res.notes if n not in notes]

    def stack(attr: str) -> pd.DataFrame:
        frames = [getattr(r, attr) for r in runs.values() if getattr(r, attr) is not None and len(getattr(r, attr))]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    results = Results(
        config=config,
        products=products,
        shocks=stack("shocks"),
        sectors=stack("sectors"),
        drivers=stack("drivers"),
        flags=stack("flags"),
        export_items=stack("export_items"),
        weekly=stack("weekly"),
        critical=stack("critical"),
        monthly=monthly if monthly is not None else pd.DataFrame(),
        load_reports=reports,
        inputs=[InputFile(role, str(p), sha256(Path(p)), Path(p).stat().st_size) for role, p in inputs.files()],
        notes=notes,
        year=year,
    )
    results.scenarios = pd.DataFrame([{**scen.summary(), "reference": ref} for ref, scen in loaded.items()])
    if config.draws > 0:
        from exposure import uncertainty

        say(f"Monte Carlo: {config.draws} draws")
        results = uncertainty.attach(results, runs, io, conc, ovr, progress=say)
    return results


def _load_scenarios(config: Config) -> dict[str, scenarios.Scenario]:
    """Each configured scenario, by the reference the config gives; two that carry one name are refused."""
    loaded = {ref: scenarios.load(ref) for ref in config.scenarios}
    seen: dict[str, str] = {}
    for ref, scen in loaded.items():
        if scen.name in seen:
            raise ConfigError(f"scenarios {seen[scen.name]!r} and {ref!r} are both named {scen.name!r}: give each "
                              f"scenario its own name")
        seen[scen.name] = ref
    return loaded


def product_table(inputs: Inputs, config: Config, progress: Progress | None = None) -> pd.DataFrame:
    """Product-level indicators only (no sector linkage): ``exposure indicators``.

    With ``config.year`` only that year's rows are returned.
    """
    say = progress or (lambda _msg: None)
    _check_files(inputs)
    reports: list[LoadReport] = []
    say("reading inputs")
    imports = _load_many(inputs.imports, "imports", inputs.mappings, reports)
    imports = imports[imports["flow"] == "M"]
    world = _load_world(inputs.world_exports, config.target, inputs.mappings, reports)
    own = _load_many(inputs.own_exports, "imports", inputs.mappings, reports)
    say("measuring dependence")
    table = indicators.product_indicators(imports, config, world_exports=world, own_exports=own)
    if config.year is not None:
        table = table[table["year"] == config.year].reset_index(drop=True)
    return table


def _check_files(inputs: Inputs) -> None:
    for _role, p in inputs.files():
        if not Path(p).is_file():
            raise DataError(p, "file not found")


def _attach_names(products: pd.DataFrame, imports: pd.DataFrame) -> pd.DataFrame:
    if "name" not in imports.columns or "name" in products.columns:
        return products
    names = (imports[imports["name"] != ""].drop_duplicates(["code", "code_system"])
             [["code", "code_system", "name"]])
    return products.merge(names, on=["code", "code_system"], how="left")
