"""The ``exposure`` command line: a thin click layer over :mod:`exposure.pipeline` and :mod:`exposure.io`.

Exit codes: 0 success, 1 a data or configuration error (a plain message naming the
file, row and column), 2 a usage error (click's own). No analysis logic lives here.

Shell completion (bash)::

    eval "$(_EXPOSURE_COMPLETE=bash_source exposure)"

(zsh: ``zsh_source``, fish: ``fish_source``).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import click

from exposure import __version__
from exposure.errors import ExposureError

FORMATS = ("xlsx", "csv", "parquet", "png", "svg", "pdf")


def _err(msg: str) -> None:
    click.echo(msg, err=True)


class StderrProgress:
    """Progress of a run on stderr: a bar on a terminal, one plain line per step otherwise (logs, CI)."""

    def __init__(self, total: int, width: int = 24) -> None:
        self.total, self.width, self.done = max(total, 1), width, 0
        self.tty = sys.stderr.isatty()

    def __call__(self, message: str) -> None:
        self.done = min(self.done + 1, self.total)
        if not self.tty:
            _err(message)
            return
        filled = round(self.width * self.done / self.total)
        bar = "█" * filled + "·" * (self.width - filled)
        click.echo(f"\r{bar} {self.done}/{self.total} {message[:60]:<60}", err=True, nl=False)

    def close(self) -> None:
        if self.tty:
            click.echo("", err=True)


def _split_formats(_ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    items = tuple(v.strip().lower() for v in value.split(",") if v.strip())
    bad = [v for v in items if v not in FORMATS]
    if bad:
        raise click.BadParameter(f"unknown format {', '.join(bad)}; choose from {', '.join(FORMATS)}")
    return items


class DataErrorExit(click.ClickException):
    """A user-caused data or configuration problem: exit code 1 with a plain message."""

    exit_code = 1


class ExposureGroup(click.Group):
    """A click group that turns :class:`ExposureError` into exit code 1 without a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ExposureError as exc:
            raise DataErrorExit(str(exc)) from None


@click.group(cls=ExposureGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="exposure")
def cli() -> None:
    """Which SME sectors lose most export value if the Korea–Japan trade dispute widens.

    Reads the trade tables analysts download (Korea Customs, K-stat, UN Comtrade,
    CEPII BACI, input–output tables), scores product dependence on a partner,
    links products to sectors and ranks sectors by SME export value at risk.
    Everything runs offline.
    """


@cli.command()
@click.option("--imports", "imports", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Parts/materials import table(s) by country (Korea Customs CSV/xlsx, Comtrade, …).")
@click.option("--exports", type=click.Path(dir_okay=False, path_type=Path),
              help="Top-100 export items table (K-stat layout).")
@click.option("--profile", type=click.Path(dir_okay=False, path_type=Path),
              help="SME profile by sector (exports, output, SME share).")
@click.option("--io", "io_table", type=click.Path(dir_okay=False, path_type=Path),
              help="Input–output table (Bank of Korea style workbook or OECD IOT CSV).")
@click.option("--world-exports", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="World export data, e.g. a CEPII BACI year (CSV or zip).")
@click.option("--own-exports", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The reporter's own exports by product (for import/export ratio and TSI).")
@click.option("--monthly", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Monthly imports by partner (HSK10), for the monthly chart.")
@click.option("--overrides", type=click.Path(dir_okay=False, path_type=Path),
              help="Your own end-use overrides CSV (replaces the shipped defaults).")
@click.option("--names", type=click.Path(dir_okay=False, path_type=Path),
              help="Product descriptions (Comtrade classification JSON, or CSV/xlsx with code and description) "
                   "for products the input files do not name.")
@click.option("--mapping", "mappings", multiple=True, metavar="KIND=FILE",
              help="Layout mapping (TOML) for an input kind, e.g. imports=my_layout.toml.")
@click.option("--scenario", "scenario_names", multiple=True, metavar="NAME|FILE",
              help="Scenario name or TOML file; repeat for several (default 2019-three-items).")
@click.option("--target", help="Target partner ISO3 (default JPN).")
@click.option("--year", type=int, help="Analysis year (default: latest in the imports).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default ./exposure-report).")
@click.option("--lang", type=click.Choice(["ko", "en"]), help="Labels in Korean (default) or English.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="TOML config whose keys mirror these options.")
@click.option("--draws", type=click.IntRange(min=0), help="Monte Carlo draws for rank intervals (0 = none).")
@click.option("--seed", type=int, help="Random seed for the Monte Carlo.")
@click.option("--format", "formats", callback=_split_formats,
              help=f"Comma-separated outputs among {','.join(FORMATS)} (default xlsx,csv,png).")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many sectors to print.")
def report(**opts: Any) -> None:
    """Run the analysis and write the workbook, charts and tables.

    With no options it runs on the embedded demo data.
    """
    from exposure import api

    out = opts.pop("out_dir") or Path("exposure-report")
    top = opts.pop("top")
    n_scen = max(len(opts.get("scenario_names") or ()), 1)
    draws = opts.get("draws") or 0
    progress = StderrProgress(total=3 + n_scen + (1 + n_scen if draws else 0) + 1)
    if not opts.get("imports") and not opts.get("config_file"):
        _err("No --imports given: running on the embedded demo data (synthetic values in the real source "
             "formats; see datasets/README.md).")
    try:
        results, written = api.report_from_options(opts, out, progress=progress)
    finally:
        progress.close()
    click.echo(api.format_ranking(results, n=top))
    click.echo("")
    click.echo(f"Wrote {len(written)} files to {out}/:")
    for p in written:
        click.echo(f"  {p}")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(["imports", "exports", "profile", "io", "world_exports"]),
              help="What the file holds, when detection needs help.")
@click.option("--mapping", type=click.Path(dir_okay=False, path_type=Path), help="Layout mapping (TOML).")
def inspect(files: tuple[Path, ...], kind: str | None, mapping: Path | None) -> None:
    """Show how FILES will load: format, encoding, sheet, header row, columns, unit, totals and a preview.

    Exits 1 when a file would not load (after showing what could be detected).
    """
    from exposure.io.inspect import format_inspection, inspect as inspect_file

    failed = 0
    for i, f in enumerate(files):
        if i:
            click.echo("")
        info = inspect_file(f, kind=kind, mapping=mapping)
        click.echo(format_inspection(info))
        failed += info.error is not None
    if failed:
        raise DataErrorExit(f"{failed} of {len(files)} file{'s' if len(files) > 1 else ''} would not load "
                            "(see ERROR above)")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(["imports", "exports", "profile", "io", "world_exports"]),
              help="What the files hold, when detection needs help.")
@click.option("--mapping", type=click.Path(dir_okay=False, path_type=Path), help="Layout mapping (TOML).")
def validate(files: tuple[Path, ...], kind: str | None, mapping: Path | None) -> None:
    """Load FILES and list every problem at once; exit 1 if any file has errors."""
    from exposure import api

    table = api.validate_files(list(files), kind=kind, mapping=mapping)
    click.echo(table.to_string(index=False))
    if (table["status"] == "error").any():
        raise SystemExit(1)


@cli.command()
@click.option("--imports", "imports", multiple=True, required=True,
              type=click.Path(dir_okay=False, path_type=Path), help="Import table(s) by partner.")
@click.option("--world-exports", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="World export data (BACI) for world HHI and the target's world share.")
@click.option("--own-exports", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The reporter's exports by product, for the import/export ratio.")
@click.option("--target", help="Target partner ISO3 (default JPN).")
@click.option("--year", type=int, help="Only this year.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the table to this CSV (UTF-8 with BOM) instead of printing the top rows.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="TOML config.")
def indicators(**opts: Any) -> None:
    """Product-level dependence indicators (target share, bands, HHI, …) without sector linkage."""
    from exposure import api

    out_file = opts.pop("out_file")
    table = api.indicators_from_options(opts, progress=_err)
    if out_file:
        api.write_csv(table, out_file)
        click.echo(f"Wrote {len(table)} rows to {out_file}")
    else:
        click.echo(api.format_indicators(table))


@cli.group()
def scenarios() -> None:
    """List, show and export escalation scenarios."""


@scenarios.command("list")
def scenarios_list() -> None:
    """List the shipped scenarios."""
    from exposure import scenarios as sc

    for name in sc.available():
        s = sc.load(name)
        click.echo(f"{name:22s} {s.description_en}")


@scenarios.command("show")
@click.argument("name")
def scenarios_show(name: str) -> None:
    """Show scenario NAME (or a TOML file) as TOML."""
    from exposure import scenarios as sc

    click.echo(sc.load(name).to_toml())


@scenarios.command("export")
@click.argument("name")
@click.argument("dest", type=click.Path(path_type=Path))
def scenarios_export(name: str, dest: Path) -> None:
    """Write an editable copy of scenario NAME to DEST (a file or folder)."""
    from exposure import api

    path = api.export_scenario(name, dest)
    click.echo(f"Wrote {path}")


@cli.group()
def demo() -> None:
    """The embedded demo inputs."""


@demo.command("export")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
def demo_export(dest: Path) -> None:
    """Copy the demo input files to DEST so you can see the formats."""
    from exposure.pipeline import demo_path

    dest.mkdir(parents=True, exist_ok=True)
    for f in sorted(demo_path().iterdir()):
        if f.is_file() and not f.name.startswith(("_", ".")):
            shutil.copyfile(f, dest / f.name)
            click.echo(f"  {dest / f.name}")


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``exposure`` console script and of ``python -m exposure``."""
    cli.main(args=argv, prog_name="exposure")
