"""``run(inputs, config) -> Results``: the one orchestrator behind the CLI, notebooks and tests.

read → normalise → measure → link → shock → rank. Each step is a call into the module that
owns it (:mod:`exposure.intake`, :mod:`exposure.indicators`, :mod:`exposure.sme`,
:mod:`exposure.scoring`, :mod:`exposure.countermeasures`, :mod:`exposure.uncertainty`); this file
wires them together (every scenario scored once, through one
:class:`~exposure.countermeasures.RunInputs`, whose runs are also the counter-measures' baselines), checks that
the run can mean something (:mod:`exposure.checks`) and keeps the record (inputs with SHA-256,
load reports, notes, warnings) that the workbook's README needs.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

import pandas as pd

from exposure import checks, countermeasures, indicators, linkage, scenarios, scoring, sme
from exposure.codes import concordance as concordances
from exposure.codes import critical as critical_mod
from exposure.codes import overrides as overrides_mod
from exposure.config import Config
from exposure.errors import ConfigError, DataError
from exposure.inputs import Inputs, demo_path
from exposure.intake import read_inputs
from exposure.results import InputFile, Results
from exposure.schema import SCENARIOS, IOTable
from exposure.screens import run_screens
from exposure.tomlfile import display_name

Progress = Callable[[str], None]

__all__ = ["Inputs", "Progress", "count_steps", "demo_path", "product_table", "run", "sha256"]

_STEPS = {"reading": ("입력 파일 읽는 중", "reading inputs"), "measuring": ("의존도 계산 중", "measuring dependence"),
          "linking": ("품목을 업종에 연결하는 중", "linking products to sectors"),
          "scenario": ("시나리오 {name}", "scenario {name}"),
          "countermeasures": ("대응책 효과 계산 중 ({n}개)", "valuing {n} counter-measure(s)"),
          "mc": ("몬테카를로: {draws}회 추출", "Monte Carlo: {draws} draws")}


def step(key: str, lang: str, **kwargs: object) -> str:
    """A progress message in ``lang``."""
    ko, en = _STEPS[key]
    return (ko if lang == "ko" else en).format(**kwargs)


def count_steps(config: Config) -> int:
    """How many progress messages :func:`run` sends for ``config`` (for a progress bar)."""
    n = len(config.scenarios)
    return 3 + n + (1 if config.countermeasures else 0) + (1 if config.draws else 0)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _check_files(inputs: Inputs) -> None:
    """Every input is a regular file before any is read (a folder, a pipe or a device named as such)."""
    from exposure.io.limits import check_regular_file

    for _role, p in inputs.files():
        check_regular_file(p)


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
    lang = config.lang
    if not inputs.imports:
        raise DataError("imports", "no imports file given (expected at least one parts/materials import table)")
    checks.check_target(config)
    _check_files(inputs)  # a file that is missing or not a file is named first
    if not inputs.io:  # told before the imports are read: a large download takes seconds to load
        raise DataError("io", "no input–output table given (needed to link products to sectors)")
    # a bad scenario or counter-measure file should fail at once, not after every input has been read
    loaded = _load_scenarios(config)
    remedies = countermeasures.load_many(config.countermeasures)

    say(step("reading", lang))
    data = read_inputs(inputs, config)
    checks.check_target_in_imports(data.imports, config, inputs.imports)

    say(step("measuring", lang))
    products = _products(data, inputs, config)
    year = int(products["year"].iloc[0])
    profile, spelled = checks.profile_sectors_as_io(data.profile, list(data.io.sectors),
                                                    Path(inputs.profile).name if inputs.profile else None)
    basis = sme.resolve(profile, config, data.sme_exports, data.class_sme,
                        source=Path(inputs.profile).name if inputs.profile else None)
    notes: list[str] = list(data.notes) + basis.notes
    if basis.profile is None and config.rank_by == "sme_export_at_risk_usd":
        # without an SME profile there are no SME shares: rank by all-firm export value at risk, and say so
        config = config.replace(rank_by="export_at_risk_usd")
        notes.insert(0, "No SME profile was given: sectors are ranked by export value at risk of all firms, and "
                        "SME columns are empty.")
    warnings = list(data.warnings) + spelled + checks.scenario_data(loaded, basis.profile, data.export_items, config)

    say(step("linking", lang))
    conc = concordances.concordance(f"HS6-{config.sector_system}")
    ovr = overrides_mod.load_overrides(inputs.overrides, sector_system=config.sector_system)
    crit = critical_mod.load_critical_inputs(inputs.critical_inputs, sector_system=config.sector_system)
    mti = concordances.concordance(f"MTI3-{config.sector_system}") if config.sector_system == "OECD36" else None
    _check_products_link(products, conc, data.io, ovr, inputs, config)

    # one set of run inputs: the same call scores each scenario alone and with counter-measures on top
    ri = countermeasures.RunInputs(products, data.io, conc, ovr, basis.profile, config, export_items=data.export_items,
                                   mti_concordance=mti, critical=crit, class_sme=basis.class_shares)
    runs: dict[str, scoring.ScenarioResult] = {}
    notes += [n for n in data.io.notes if n not in notes]
    for scen in loaded.values():
        say(step("scenario", lang, name=scen.title(lang)))
        res = ri.run(scen)
        runs[scen.name] = res
        notes += [n for n in res.notes if n not in notes]
    warnings += checks.unknown_profile_sectors(basis.profile, list(data.io.sectors))
    warnings += checks.years_apart(data.export_items, year)
    warnings += checks.unknown_end_use(loaded, list(data.io.sectors), config)
    warnings += checks.zero_risk(runs, products, config)
    if remedies:
        say(step("countermeasures", lang, n=len(remedies)))
    valued = countermeasures.run_tables(ri, list(loaded.values()), runs, remedies)
    notes += [n for n in valued.notes if n not in notes]
    warnings += valued.warnings

    def stack(attr: str) -> pd.DataFrame:
        frames = [getattr(r, attr) for r in runs.values() if getattr(r, attr) is not None and len(getattr(r, attr))]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    results = Results(
        config=config, products=products, shocks=stack("shocks"), sectors=stack("sectors"), drivers=stack("drivers"),
        flags=pd.concat([stack("flags"), checks.warning_flags(warnings)], ignore_index=True),
        export_items=stack("export_items"), weekly=stack("weekly"), critical=stack("critical"),
        monthly=data.monthly if data.monthly is not None else pd.DataFrame(), load_reports=data.reports,
        inputs=[InputFile(role, str(p), sha256(Path(p)), Path(p).stat().st_size) for role, p in inputs.files()],
        notes=notes, warnings=warnings, year=year, sme_basis=basis.basis, countermeasures=valued.summary,
        countermeasure_sectors=valued.by_sector, countermeasure_items=valued.by_item, top100=valued.top100)
    results.scenarios = SCENARIOS.conform(pd.DataFrame([{**scen.summary(), "reference": ref}
                                                        for ref, scen in loaded.items()]))
    found = run_screens(products, data.imports, data.exporters, data.monthly, data.io, conc, ovr, config)
    for name in ("alternatives", "next_targets", "dependence", "monitor_panel", "alerts", "episodes"):
        setattr(results, name, getattr(found, name))
    if config.draws > 0:
        from exposure import uncertainty

        say(step("mc", lang, draws=config.draws))
        results = uncertainty.attach(results, runs, data.io, conc, ovr)
    return results


def _check_products_link(products: pd.DataFrame, conc: pd.DataFrame, io: IOTable, ovr: pd.DataFrame | None,
                         inputs: Inputs, config: Config) -> None:
    """Stop, naming the import file(s), when not one product links to a sector (every figure would be 0)."""
    linkage.check_products_link(products, conc, io, ovr if config.use_overrides else None,
                                ", ".join(display_name(f) for f in inputs.imports), f"HS6-{config.sector_system}")


def _products(data, inputs: Inputs, config: Config) -> pd.DataFrame:
    """The indicator table of the analysis year, with product names."""
    products_all = indicators.product_indicators(data.imports, config, world_exports=data.world,
                                                 own_exports=data.own_exports)
    year = config.year or int(products_all["year"].max())
    products = products_all[products_all["year"] == year].reset_index(drop=True)
    if products.empty:
        raise DataError(inputs.imports[0], f"no imports in year {year} (years present: "
                        f"{', '.join(map(str, sorted(products_all['year'].unique())))})", column="year")
    products = _attach_names(products, data.imports)
    if inputs.names is not None:
        from exposure.io.descriptions import describe, load_descriptions

        # names given in the input files win; the classification fills the gaps
        given = products["name"].fillna("") if "name" in products.columns else pd.Series("", index=products.index)
        products["name"] = given.where(given != "", describe(products["code"], load_descriptions(inputs.names)))
    return products


def product_table(inputs: Inputs, config: Config, progress: Progress | None = None) -> pd.DataFrame:
    """Product-level indicators only (no sector linkage): ``exposure indicators``.

    With ``config.year`` only that year's rows are returned.
    """
    say = progress or (lambda _msg: None)
    checks.check_target(config)
    _check_files(inputs)
    say(step("reading", config.lang))
    data = read_inputs(inputs, config)
    say(step("measuring", config.lang))
    table = indicators.product_indicators(data.imports, config, world_exports=data.world,
                                          own_exports=data.own_exports)
    if config.year is not None:
        table = table[table["year"] == config.year].reset_index(drop=True)
    return table


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


def _attach_names(products: pd.DataFrame, imports: pd.DataFrame) -> pd.DataFrame:
    if "name" not in imports.columns or "name" in products.columns:
        return products
    names = (imports[imports["name"] != ""].drop_duplicates(["code", "code_system"])
             [["code", "code_system", "name"]])
    return products.merge(names, on=["code", "code_system"], how="left")
