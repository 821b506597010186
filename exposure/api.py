"""The Python API behind the CLI and the notebooks: options → Inputs/Config → run → files.

Turning command-line style options (or a config file whose keys mirror them)
into an :class:`~exposure.pipeline.Inputs` and a :class:`~exposure.config.Config`
lives here, so the CLI stays a thin layer and notebooks can do the same in one call.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import pandas as pd

from exposure.config import Config
from exposure.errors import ConfigError, ExposureError
from exposure.pipeline import Inputs, run
from exposure.results import Results

Progress = Callable[[str], None]

_INPUT_KEYS = ("imports", "exports", "profile", "io_table", "world_exports", "own_exports", "monthly",
               "overrides", "names", "mappings")
_LIST_INPUTS = ("imports", "world_exports", "own_exports", "monthly")


def build_config(opts: Mapping[str, Any]) -> Config:
    """Config from a TOML file (``config_file``) overlaid with explicit options that are not None.

    Keys of the TOML file mirror the CLI options (``target``, ``year``, ``scenario``, ``draws`` …);
    input files may be given there too (``imports = ["a.csv"]``) and are ignored here.
    """
    base: dict[str, Any] = {}
    cfg_file = opts.get("config_file")
    if cfg_file:
        base = _read_toml(Path(cfg_file))
        base = {k: v for k, v in base.items() if k not in _INPUT_KEYS + ("io", "out", "format", "scenario")}
        fmt = _read_toml(Path(cfg_file)).get("format")
        scen = _read_toml(Path(cfg_file)).get("scenario")
        if fmt:
            base["formats"] = fmt if isinstance(fmt, list) else [v.strip() for v in str(fmt).split(",")]
        if scen:
            base["scenarios"] = scen if isinstance(scen, list) else [scen]
    explicit = {
        "target": opts.get("target"),
        "year": opts.get("year"),
        "lang": opts.get("lang"),
        "draws": opts.get("draws"),
        "seed": opts.get("seed"),
        "formats": opts.get("formats"),
        "scenarios": tuple(opts["scenario_names"]) if opts.get("scenario_names") else None,
    }
    base.update({k: v for k, v in explicit.items() if v is not None})
    if "target" in base:
        base["target"] = str(base["target"]).upper()
    return Config.from_mapping(base, source=Path(cfg_file).name if cfg_file else "options")


def build_inputs(opts: Mapping[str, Any]) -> Inputs:
    """Inputs from options; the embedded demo when no import file is given at all."""
    from_file: dict[str, Any] = {}
    cfg_file = opts.get("config_file")
    if cfg_file:
        raw = _read_toml(Path(cfg_file))
        base_dir = Path(cfg_file).parent
        for key in _INPUT_KEYS + ("io",):
            if key in raw:
                from_file[key] = raw[key]
        from_file = {k: _resolve(v, base_dir) for k, v in from_file.items()}
        if "io" in from_file:
            from_file["io_table"] = from_file.pop("io")

    def pick(key: str) -> Any:
        value = opts.get(key)
        if value in (None, (), []):
            value = from_file.get(key)
        return value

    mappings = dict(from_file.get("mappings") or {})
    for item in opts.get("mappings") or ():
        if "=" not in item:
            raise ConfigError(f"--mapping expects KIND=FILE, got {item!r}")
        kind, _, file = item.partition("=")
        mappings[kind.strip()] = Path(file.strip())
    given = Inputs(
        imports=[Path(p) for p in _as_list(pick("imports"))],
        exports=_opt_path(pick("exports")),
        profile=_opt_path(pick("profile")),
        io=_opt_path(pick("io_table")),
        world_exports=[Path(p) for p in _as_list(pick("world_exports"))],
        own_exports=[Path(p) for p in _as_list(pick("own_exports"))],
        monthly=[Path(p) for p in _as_list(pick("monthly"))],
        overrides=_opt_path(pick("overrides")),
        names=_opt_path(pick("names")),
        mappings={k: Path(v) for k, v in mappings.items()},
    )
    if given.imports:
        return given
    # no imports of one's own: the demo's files fill every role not given (e.g. demo + a BACI year)
    demo = Inputs.demo()
    for name in ("exports", "profile", "io"):
        if getattr(given, name) is None:
            setattr(given, name, getattr(demo, name))
    given.imports = demo.imports
    return given


def report_from_options(opts: Mapping[str, Any], out: Path, progress: Progress | None = None
                        ) -> tuple[Results, list[Path]]:
    """Run the analysis for CLI-style options and write the report into ``out``."""
    config = build_config(opts)
    inputs = build_inputs(opts)
    with _old_objects_frozen():
        results = run(inputs, config, progress=progress)
        if progress:
            progress(f"writing report to {out}")
        written = write_report_atomically(results, out, formats=config.formats, lang=config.lang)
    return results, written


@contextmanager
def _old_objects_frozen() -> Iterator[None]:
    """Keep the garbage collector's full passes off the objects that exist before the run.

    Modules, classes and caches of pandas, numpy and openpyxl are hundreds of thousands of
    objects that live as long as the process; every full collection triggered by the run's
    short-lived objects walked all of them again (about 0.15 s of a 3 s demo report).
    They are handed back to the collector afterwards.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def write_report_atomically(results: Results, out: Path, formats: tuple[str, ...] = ("xlsx", "csv", "png"),
                            lang: str = "ko") -> list[Path]:
    """Write every output into a temporary folder, then move the files into ``out``.

    Nothing in ``out`` changes unless the whole report was written: an error or an
    interrupt leaves the previous outputs as they were and no partial file behind.
    """
    from exposure.report import write_report
    from exposure.report.atomic import staged, sync_dir

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        with staged():  # renames inside the throw-away folder need no folder sync each
            files = write_report(results, tmp, formats=formats, lang=lang)
        out.mkdir(parents=True, exist_ok=True)
        final = []
        for f in files:
            dest = out / Path(f).relative_to(tmp)
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(f, dest)
            final.append(dest)
        for folder in dict.fromkeys([out, *(dest.parent for dest in final)]):
            sync_dir(folder)
        return final
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def format_ranking(results: Results, n: int = 10) -> str:
    """The top of each scenario's ranking as plain text, in USD millions."""
    lines = []
    name_col = "sector_name_ko" if results.config.lang == "ko" else "sector_name_en"
    for scen in results.config.scenarios:
        top = results.ranking(scen, n=n)
        basis = "SME export value at risk" if results.config.rank_by == "sme_export_at_risk_usd" \
            else results.config.rank_by.replace("_usd", "").replace("_", " ")
        lines.append(f"Scenario {scen} — target {results.config.target}, year {results.year}: "
                     f"top {len(top)} sectors by {basis} (USD million)")
        lines.append(f"{'rank':>4}  {'sector':8}  {'SME at risk':>12}  {'at risk':>12}  {'exposure':>8}  name")
        for r in top.itertuples(index=False):
            rank = "–" if pd.isna(r.rank) else str(int(r.rank))
            lines.append(f"{rank:>4}  {r.sector:8}  {_money(r.sme_export_at_risk_usd):>12}  "
                         f"{_money(r.export_at_risk_usd):>12}  {_pct(r.exposure_rate):>8}  {getattr(r, name_col)}")
    return "\n".join(lines)


def _money(v: float) -> str:
    return "n/a" if pd.isna(v) else f"{v / 1e6:,.1f}"


def _pct(v: float) -> str:
    return "n/a" if pd.isna(v) else f"{v:.3%}"


def indicators_from_options(opts: Mapping[str, Any], progress: Progress | None = None) -> pd.DataFrame:
    """Product indicators for CLI-style options (no sector linkage)."""
    from exposure import indicators
    from exposure.io import load

    config = build_config(opts)
    if progress:
        progress("reading inputs")

    def load_all(paths: Any, kind: str) -> pd.DataFrame | None:
        tables = [load(Path(p), kind=kind)[0] for p in _as_list(paths)]
        return pd.concat(tables, ignore_index=True) if tables else None

    imports = load_all(opts.get("imports"), "imports")
    imports = imports[imports["flow"] == "M"]
    world = [indicators.world_supply(load(Path(p), kind="world_exports")[0], config.target)
             for p in _as_list(opts.get("world_exports"))]
    table = indicators.product_indicators(imports, config,
                                          world_exports=pd.concat(world, ignore_index=True) if world else None,
                                          own_exports=load_all(opts.get("own_exports"), "imports"))
    if config.year is not None:
        table = table[table["year"] == config.year].reset_index(drop=True)
    return table


def format_indicators(table: pd.DataFrame, n: int = 20) -> str:
    cols = [c for c in ("year", "code", "code_system", "import_usd", "target_import_usd", "target_share",
                        "share_band", "import_hhi") if c in table.columns]
    top = table.sort_values("target_import_usd", ascending=False).head(n)[cols]
    return f"{len(table)} products; top {len(top)} by imports from the target:\n" + top.to_string(index=False)


def write_csv(table: pd.DataFrame, path: Path) -> Path:
    """CSV in UTF-8 with BOM (Excel opens Korean text), written atomically."""
    from exposure.report.atomic import atomic_write

    with atomic_write(Path(path)) as tmp:
        table.to_csv(tmp, index=False, encoding="utf-8-sig")
    return Path(path)


def validate_files(files: list[Path], kind: str | None = None, mapping: Path | None = None) -> pd.DataFrame:
    """Load each file and collect every problem: one row per problem (or one ``ok`` row per file)."""
    from exposure.errors import DataError, ValidationFailures
    from exposure.io import load

    rows: list[dict[str, Any]] = []
    for f in files:
        try:
            _table, report = load(Path(f), kind=kind, mapping=mapping)
        except ValidationFailures as exc:
            for rec in exc.failures.itertuples(index=False):
                rows.append({"file": Path(f).name, "status": "error", "row": rec.row, "column": rec.column,
                             "problem": rec.problem})
            continue
        except DataError as exc:
            rows.append({"file": Path(f).name, "status": "error", "row": exc.row, "column": exc.column,
                         "problem": exc.problem})
            continue
        except ExposureError as exc:
            rows.append({"file": Path(f).name, "status": "error", "row": None, "column": None, "problem": str(exc)})
            continue
        rows.append({"file": Path(f).name, "status": "ok", "row": None, "column": None,
                     "problem": f"{report.rows_kept} rows kept, {len(report.dropped)} dropped "
                                f"({report.format}{', ' + report.encoding if report.encoding else ''})"})
        for w in report.warnings:
            rows.append({"file": Path(f).name, "status": "warning", "row": None, "column": None, "problem": w})
    table = pd.DataFrame(rows, columns=["file", "status", "row", "column", "problem"])
    table["row"] = table["row"].astype("Int64")
    return table.fillna({"column": ""})


def export_scenario(name: str, dest: Path) -> Path:
    """Write an editable TOML copy of a scenario to ``dest`` (a file, or a folder to put ``NAME.toml`` in)."""
    from exposure import scenarios
    from exposure.report.atomic import atomic_write

    scen = scenarios.load(name)
    dest = Path(dest)
    if dest.is_dir() or str(dest).endswith(("/", os.sep)) or not dest.suffix:
        dest.mkdir(parents=True, exist_ok=True)
        dest = dest / f"{scen.name}.toml"
    with atomic_write(dest) as tmp:
        Path(tmp).write_text(scen.to_toml(), encoding="utf-8")
    return dest


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name}: not valid TOML ({exc})") from None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _opt_path(value: Any) -> Path | None:
    return Path(value) if value else None


def _resolve(value: Any, base: Path) -> Any:
    if isinstance(value, list):
        return [_resolve(v, base) for v in value]
    if isinstance(value, dict):
        return {k: _resolve(v, base) for k, v in value.items()}
    p = Path(str(value))
    return p if p.is_absolute() else base / p
