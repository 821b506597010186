"""The ``exposure`` command line: a thin click layer over :mod:`exposure.pipeline` and :mod:`exposure.io`.

Exit codes: 0 success, 1 a data or configuration error (a plain message naming the
file, row and column), 2 a usage error (click's own). Every command runs inside one
boundary (:class:`ExposureGroup`) that turns every failure into such a message: no
traceback reaches the user (set ``EXPOSURE_DEBUG=1`` to see one for an internal error).

Options shared by several commands are declared once (:func:`input_options`,
:func:`analysis_options`, :func:`output_options`), as sqlite-utils does; commands take them as
explicit keyword arguments and hand them to :class:`~exposure.inputs.Inputs` and
:class:`~exposure.config.Config`, the only readers of options and config files.

Shell completion (bash)::

    eval "$(_EXPOSURE_COMPLETE=bash_source exposure)"

(zsh: ``zsh_source``, fish: ``fish_source``).
"""

from __future__ import annotations

import errno
import os
import re
import sys
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Callable

# The arrays are small (36 × 36 tables, blocks of draws): a second BLAS thread only spins and doubles the
# CPU time of a run (Monte Carlo 5 × 1,000 draws: 3.5 → 2.0 CPU s). Set before numpy is first imported;
# an analyst's own setting wins.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import click  # noqa: E402

from exposure import __version__  # noqa: E402
from exposure.config import FORMATS, LANGS, PRODUCTIONS, settings_out  # noqa: E402
from exposure.errors import ConfigError, ExposureError  # noqa: E402

FilePath = click.Path(dir_okay=False, path_type=Path)


def _err(msg: str) -> None:
    click.echo(printable(msg), err=True)


def printable(text: str) -> str:
    """Text that any terminal can print: bytes of undecodable file names shown as \\xNN."""
    return str(text).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


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
        click.echo(printable(f"\r{bar} {self.done}/{self.total} {message[:60]:<60}"), err=True, nl=False)

    def close(self) -> None:
        if self.tty:
            click.echo("", err=True)


# --------------------------------------------------------------------------- the boundary
class DataErrorExit(click.ClickException):
    """A user-caused data or configuration problem: exit code 1 with a plain message (``오류:`` in Korean)."""

    exit_code = 1

    def __init__(self, message: str, lang: str = "en") -> None:
        super().__init__(message)
        self.lang = lang

    def format_message(self) -> str:
        return printable(self.message)

    def show(self, file: Any = None) -> None:
        click.echo(("오류: " if self.lang == "ko" else "Error: ") + self.format_message(), err=True, file=file)


#: the language the failure of the running command is worded in: a command with --lang sets it (its option,
#: then its config's ``lang``, Korean by default); the others keep English, as the rest of their output
_MESSAGE_LANG: ContextVar[str] = ContextVar("message_lang", default="en")


def _settings(config_file: Path | None, config_opts: dict[str, Any], input_opts: dict[str, Any]):
    """``read_settings``, with the language a failure is worded in set first from the option, then the config."""
    from exposure.config import read_settings


    _MESSAGE_LANG.set(config_opts.get("lang") or "ko")
    config, inputs = read_settings(config_file, config_opts, input_opts)
    _MESSAGE_LANG.set(config.lang)
    return config, inputs


#: the operating system's reasons a Korean reader meets most, in Korean (others are shown as the system words them)
_ERRNO_KO = {errno.ENOSPC: "디스크 공간 부족", errno.EACCES: "권한 없음", errno.EPERM: "허용되지 않은 작업",
             errno.ENOENT: "파일이나 폴더가 없음", errno.EROFS: "읽기 전용 파일 시스템", errno.EBUSY: "사용 중인 장치나 자원",
             errno.EEXIST: "이미 있음", errno.ENOTDIR: "폴더가 아님", errno.EISDIR: "폴더임", errno.EDQUOT: "디스크 할당량 초과",
             errno.ENAMETOOLONG: "이름이 너무 김", errno.EIO: "입출력 오류"}


def _failure_message(exc: BaseException, lang: str = "en") -> str:
    """One plain sentence for a failure that is not an ExposureError (in Korean with ``lang="ko"``)."""
    ko = lang == "ko"
    if isinstance(exc, OSError):
        from exposure.tomlfile import display_name

        where = f"{display_name(exc.filename)}: " if exc.filename else ""
        what = exc.strerror or str(exc)
        if ko:
            what = _ERRNO_KO.get(exc.errno or 0, what)
        return (f"{where}파일 시스템이 거부함 ({what}): 경로, 여유 공간, 권한을 확인하십시오" if ko else
                f"{where}{what} (the file system refused; check the path, free space and permissions)")
    if isinstance(exc, RecursionError):
        return ("입력의 중첩이 너무 깊어 읽을 수 없음 (재귀 한도): 이 도구가 읽을 수 있는 표가 아님" if ko else
                "an input nests too deeply to be read (recursion limit); it is not a table this tool can read")
    if isinstance(exc, MemoryError):
        return ("이 입력을 처리할 메모리가 부족함: 더 작은 파일을 주거나 몬테카를로 추출 횟수를 줄이십시오" if ko else
                "not enough memory for this input; give a smaller file or fewer Monte Carlo draws")
    if isinstance(exc, UnicodeError):
        return (f"디코딩하거나 출력할 수 없는 텍스트 ({exc.__class__.__name__}: {exc})" if ko else
                f"text that cannot be decoded or printed ({exc.__class__.__name__}: {exc})")
    if ko:
        return (f"내부 오류 ({exc.__class__.__name__}: {exc}): 명령줄과 함께 알려 주십시오 (EXPOSURE_DEBUG=1로 "
                "실행하면 역추적이 보임)")
    return (f"internal error ({exc.__class__.__name__}: {exc}); please report it with the command line "
            f"(set EXPOSURE_DEBUG=1 to see the traceback)")


class KoreanUsageError(click.UsageError):
    """A usage error (exit code 2) shown in Korean: ``사용법:`` and ``오류:``."""

    def __init__(self, original: click.UsageError) -> None:
        from exposure.report.usage_text import usage_text

        super().__init__(usage_text(original.format_message()), original.ctx)

    def show(self, file: Any = None) -> None:
        from exposure.report.usage_text import usage_header

        ctx = self.ctx
        if ctx is not None:
            # the longest help option (--help), as click's own hint names it
            hint = (f"{ctx.command_path} {max(ctx.command.get_help_option_names(ctx), key=len)}"
                    if ctx.command.get_help_option(ctx) is not None else None)
            click.echo(usage_header(ctx.get_usage(), hint), err=True, file=file, color=ctx.color)
        click.echo(f"오류: {printable(self.format_message())}", err=True, file=file,
                   color=ctx.color if ctx is not None else None)


def _asked_lang(args: list[str]) -> str:
    """The language a usage error or a help page is shown in: the command line's ``--lang``, else the
    ``lang`` of its ``--config`` file, else Korean.

    A usage error comes before the parse, so both are looked up in the words as typed. A config file
    that cannot be read, or names no language, leaves Korean (the usage error is what is shown).
    """
    value = _option_value(args, "--lang")
    if value is not None:
        return value
    config = _option_value(args, "--config")
    if config is not None:
        from exposure.tomlfile import read_toml

        try:
            lang = read_toml(config).get("lang")
        except (ExposureError, OSError, ValueError):
            lang = None
        if lang in ("ko", "en"):
            return lang
    return "ko"


def _option_value(args: list[str], name: str) -> str | None:
    """The value given to option ``name`` in the words as typed (``--name value`` or ``--name=value``), or None."""
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


#: click's "usage error" that is a help page (a group named without its command): shown as it is, already in
#: the page's language (click 8.2 and later; before, such a page was no error)
_HELP_PAGE: tuple[type[Exception], ...] = tuple(
    e for e in (getattr(click.exceptions, "NoArgsIsHelpError", None),) if e is not None)
#: where the root context keeps the command line as typed (``ctx.meta`` is shared by every context of a run)
_ARGV = "exposure.argv"


class _HelpInLanguage:
    """``--help`` in the language the command line asks for (:func:`_asked_lang`: Korean unless it says English).

    The English texts are the commands' own; the Korean ones come from :mod:`exposure.help_text`,
    put in place while the page is formatted and taken back after.
    """

    def get_help(self, ctx: click.Context) -> str:
        if _asked_lang(ctx.meta.get(_ARGV, [])) == "en":
            return super().get_help(ctx)  # type: ignore[misc]
        from exposure.help_text import COMMANDS, OPTION_NAMES, OPTIONS, PAGE, first_line, korean_frame, wrapped

        names = []
        at: click.Context | None = ctx
        while at is not None and at.parent is not None:
            names.append(at.command.name or "")
            at = at.parent
        path = " ".join(reversed(names))
        # (object, attribute, Korean text): put in place while the page is formatted, the English after
        texts: list[tuple[Any, str, str]] = []
        if path in COMMANDS:
            texts.append((self, "help", wrapped(COMMANDS[path], PAGE - 2)))
        texts += [(p, "help", wrapped(OPTIONS[p.help], PAGE - OPTION_NAMES))  # type: ignore[attr-defined]
                  for p in self.params if getattr(p, "help", None) in OPTIONS]
        if isinstance(self, click.Group):
            room = PAGE - 6 - max((len(n) for n in self.commands), default=0)
            texts += [(c, "short_help", first_line(COMMANDS[f"{path} {n}".strip()], room))
                      for n, c in self.commands.items() if f"{path} {n}".strip() in COMMANDS]
        english = [(obj, attr, getattr(obj, attr)) for obj, attr, _ in texts]
        try:
            for obj, attr, korean in texts:
                setattr(obj, attr, korean)
            return korean_frame(super().get_help(ctx))  # type: ignore[misc]
        finally:
            for obj, attr, text in english:
                setattr(obj, attr, text)


class ExposureCommand(_HelpInLanguage, click.Command):
    """A command whose help follows the command line's language."""


class HelpGroup(_HelpInLanguage, click.Group):
    """A group of commands (``scenarios``, ``countermeasures``, ``demo``) whose help follows the language."""

    command_class = ExposureCommand


class ExposureGroup(_HelpInLanguage, click.Group):
    """A click group that turns every failure of a command into a message and exit code 1.

    Usage errors keep click's exit code 2 and are shown in Korean unless the command line asks for
    ``--lang en``: those of a command and those of the group's own options (``exposure --bogus``).
    """

    command_class = ExposureCommand
    group_class = HelpGroup

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta.setdefault(_ARGV, list(args))  # the whole line: a command's --help is formatted before its parse ends
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            if _asked_lang(args) == "en" or isinstance(exc, (KoreanUsageError, *_HELP_PAGE)):
                raise
            raise KoreanUsageError(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        token = _MESSAGE_LANG.set("en")
        args = [*getattr(ctx, "_protected_args", []), *ctx.args]
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            if _asked_lang(args) == "en" or isinstance(exc, (KoreanUsageError, *_HELP_PAGE)):
                raise
            raise KoreanUsageError(exc) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt, SystemExit):
            raise
        except ExposureError as exc:
            from exposure.report.error_text import error_text

            lang = _MESSAGE_LANG.get()
            raise DataErrorExit(error_text(exc, lang), lang) from None
        except Exception as exc:  # noqa: BLE001 - the one boundary: no traceback reaches the user
            if os.environ.get("EXPOSURE_DEBUG"):
                raise
            lang = _MESSAGE_LANG.get()
            raise DataErrorExit(_failure_message(exc, lang), lang) from None
        finally:
            _MESSAGE_LANG.reset(token)


# --------------------------------------------------------------------------- shared options
def _options(*decorators: Callable) -> Callable:
    def apply(f: Callable) -> Callable:
        for d in reversed(decorators):
            f = d(f)
        return f
    return apply


def _split_formats(_ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...] | None:
    # repeated like --scenario (--format xlsx --format pdf-brief) or comma-separated: all of them, once each
    if not value:
        return None
    items = tuple(dict.fromkeys(v.strip().lower() for given in value for v in given.split(",") if v.strip()))
    bad = [v for v in items if v not in FORMATS]
    if bad:
        raise click.BadParameter(f"unknown format {', '.join(bad)}; choose from {', '.join(FORMATS)}")
    return items


def _fx(_ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> tuple[tuple[str, float], ...] | None:
    out = []
    for item in value:
        cur, sep, rate = item.partition("=")
        try:
            out.append((cur.strip().upper(), float(rate)))
        except ValueError:
            raise click.BadParameter(f"{item!r}: expected CURRENCY=RATE (units per USD), e.g. KRW=1100.3") from None
        if not sep:
            raise click.BadParameter(f"{item!r}: expected CURRENCY=RATE (units per USD), e.g. KRW=1100.3")
    return tuple(out) or None


def _one_file(_ctx: click.Context, param: click.Parameter, value: tuple[Path, ...]) -> Path | None:
    """A file option given once; given twice, click would keep the last and the first be silently ignored."""
    if len(value) > 1:
        raise click.BadParameter(f"given {len(value)} times ({', '.join(str(v) for v in value)}): expected one file",
                                 param=param)
    return value[0] if value else None


input_options = _options(
    click.option("--imports", multiple=True, type=FilePath,
                 help="Parts/materials import table(s) by country (Korea Customs CSV/xlsx, Comtrade, …)."),
    click.option("--exports", type=FilePath, multiple=True, callback=_one_file, help="Top-100 export items table (K-stat layout)."),
    click.option("--profile", type=FilePath, multiple=True, callback=_one_file,
                 help="SME profile by sector (CSV/xlsx), or the Economic Census establishment file."),
    click.option("--sme-exports", type=FilePath, multiple=True, callback=_one_file,
                 help="SME shares of exports by sector or MTI item (기업규모별 수출), the preferred SME basis."),
    click.option("--io", "io", multiple=True, type=FilePath,
                 help="Input–output table (Bank of Korea style workbook or OECD IOT CSV); repeat to add the "
                      "OECD total and domestic Leontief inverses of the same table."),
    click.option("--world-exports", multiple=True, type=FilePath,
                 help="World export data, e.g. a CEPII BACI year (CSV or zip); repeat for several years."),
    click.option("--own-exports", multiple=True, type=FilePath,
                 help="The reporter's own exports by product (for import/export ratio and TSI)."),
    click.option("--monthly", multiple=True, type=FilePath,
                 help="Monthly imports by partner (HSK10 or HS6), for the monthly chart and the monitor."),
    click.option("--overrides", type=FilePath, multiple=True, callback=_one_file, help="Your own end-use overrides CSV (replaces the shipped defaults)."),
    click.option("--critical", "critical_inputs", type=FilePath, multiple=True, callback=_one_file,
                 help="Your own critical-inputs CSV (added to the shipped table; same rows replace it)."),
    click.option("--names", type=FilePath, multiple=True, callback=_one_file,
                 help="Product descriptions (Comtrade classification JSON, or CSV/xlsx with code and description) "
                      "for products the input files do not name."),
    click.option("--mapping", "mappings", multiple=True, metavar="KIND=FILE",
                 help="Layout mapping (TOML) for an input kind, e.g. imports=my_layout.toml."),
    click.option("--code", help="Product code for single-item files that have no code column (e.g. 2811111000)."),
)

analysis_options = _options(
    click.option("--config", "config_file", type=FilePath, help="TOML config whose keys mirror these options."),
    click.option("--scenario", "scenarios", multiple=True, metavar="NAME|FILE",
                 help="Scenario name or TOML file; repeat for several (default 2019-three-items)."),
    click.option("--countermeasure", "countermeasures", multiple=True, metavar="NAME|FILE",
                 help="Counter-measure name or TOML file, valued on top of every supply scenario; repeat for "
                      "several (see 'exposure countermeasures list')."),
    click.option("--target", help="Target partner ISO3 (default JPN)."),
    click.option("--year", type=int, help="Analysis year (default: latest in the imports)."),
    click.option("--production", type=click.Choice(PRODUCTIONS),
                 help="Production function of the central figure for critical inputs (default ces)."),
    click.option("--sigma", type=click.FloatRange(min=0), help="CES elasticity of substitution (default 0.5)."),
    click.option("--draws", type=click.IntRange(min=0), help="Monte Carlo draws for rank intervals (0 = none)."),
    click.option("--seed", type=click.IntRange(min=0), help="Random seed for the Monte Carlo (≥ 0)."),
    click.option("--fx", "fx_rates", multiple=True, metavar="CUR=RATE", callback=_fx,
                 help="Exchange rate for tables in another currency, units per USD, e.g. KRW=1100.3."),
)

output_options = _options(
    click.option("--out", "out", type=click.Path(path_type=Path), default=None,
                 help="Output folder (default ./exposure-report); it is replaced whole by the new run."),
    click.option("--lang", type=click.Choice(LANGS), help="Texts in Korean (default) or English."),
    click.option("--format", "formats", multiple=True, callback=_split_formats,
                 help=f"Outputs among {','.join(FORMATS)}, comma-separated or repeated (default xlsx,csv,png)."),
)

INPUT_KEYS = ("imports", "exports", "profile", "sme_exports", "io", "world_exports", "own_exports", "monthly",
              "overrides", "critical_inputs", "names", "mappings", "code")  # the rest of a command's options are Config's


def _split(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    inputs = {k: options.pop(k) for k in INPUT_KEYS if k in options}
    return inputs, options


def _out_dir(out: Path | None) -> Path:
    from exposure.report.folder import check_out_dir

    path = out or Path("exposure-report")
    try:
        return check_out_dir(path)
    except ConfigError as exc:
        from exposure.report.error_text import error_text

        ctx = click.get_current_context(silent=True)
        lang = _asked_lang(ctx.meta.get(_ARGV, sys.argv[1:]) if ctx else sys.argv[1:])
        # the option is named by click's own frame ("'--out' 값이 잘못됨: …"), so the message starts after its name
        text = re.sub(r"^--out [^:]*: ", "", error_text(exc, lang))
        raise click.BadParameter(text, param_hint="'--out'") from None


# --------------------------------------------------------------------------- commands
def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version`` in Korean, as the group's own help page and usage errors (the group takes no ``--lang``)."""
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"exposure 버전 {__version__}")
    ctx.exit()


@click.group(cls=ExposureGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="Show the version and exit.")
def cli() -> None:
    """Which SME sectors lose most export value if the Korea–Japan trade dispute widens.

    Reads the trade tables analysts download (Korea Customs, K-stat, UN Comtrade,
    CEPII BACI, input–output tables), scores product dependence on a partner,
    links products to sectors and ranks sectors by SME export value at risk.
    Everything runs offline.
    """


@cli.command()
@input_options
@analysis_options
@output_options
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many sectors to print.")
def report(top: int, out: Path | None, config_file: Path | None, **options: Any) -> None:
    """Run the analysis and write the workbook, charts and tables.

    With no options it runs on the embedded demo data.
    """
    from exposure.report.console import ranking_text, say, warnings_text
    from exposure.report_command import count_steps, run_report

    input_opts, config_opts = _split(options)
    config, inputs = _settings(config_file, config_opts, input_opts)
    out_dir = _out_dir(out or settings_out(config_file))
    if inputs.is_demo:
        _err(say("demo", config.lang))
    progress = StderrProgress(total=count_steps(config))
    try:
        results, written = run_report(inputs.with_demo_defaults(), config, out_dir, progress=progress)
    finally:
        progress.close()
    for line in warnings_text(results):
        _err(printable(line))
    click.echo(printable(ranking_text(results, n=top)))
    click.echo("")
    click.echo(printable(say("wrote", config.lang, n=len(written), out=out_dir)))
    for p in written:
        click.echo(printable(f"  {p}"))


def _inspect_mapping(mapping: str | None, kind: str | None) -> tuple[Path | None, str | None]:
    """``--mapping FILE`` or ``--mapping KIND=FILE`` (the form ``report`` takes)."""
    if not mapping:
        return None, kind
    if "=" in mapping:
        from exposure.inputs import Inputs

        parsed = Inputs.from_mapping({"mappings": [mapping]}).mappings
        (k, path), = parsed.items()
        return path, kind or k
    return Path(mapping), kind


_KINDS = click.Choice(["imports", "exports", "profile", "io", "world_exports", "sme_exports"])


file_options = _options(
    click.argument("files", nargs=-1, required=True, type=FilePath),
    click.option("--kind", type=_KINDS, help="What the files hold, when detection needs help."),
    click.option("--mapping", metavar="[KIND=]FILE", help="Layout mapping (TOML), as FILE or KIND=FILE."),
    click.option("--code", help="Product code for single-item files that have no code column."),
    click.option("--fx", "fx_rates", multiple=True, metavar="CUR=RATE", callback=_fx,
                 help="Exchange rate for tables in another currency, units per USD, e.g. KRW=1100.3."),
    click.option("--lang", type=click.Choice(LANGS), default="ko", show_default=True,
                 help="Texts in Korean or English."),
)


def _load_options(code: str | None, fx_rates: tuple[tuple[str, float], ...] | None) -> dict[str, Any]:
    """The options a loader takes, checked by Config like a run's (an fx rate must be a positive number)."""
    from exposure.config import Config

    opts: dict[str, Any] = {"code": code} if code else {}
    if fx_rates:
        opts["fx"] = Config.from_options(fx_rates=fx_rates).fx_map
    return opts


@cli.command()
@file_options
def inspect(files: tuple[Path, ...], kind: str | None, mapping: str | None, code: str | None,
            fx_rates: tuple[tuple[str, float], ...] | None, lang: str) -> None:
    """Show how FILES will load: format, encoding, sheet, header row, columns, unit, totals and a preview.

    Exits 1 when a file would not load (after showing what could be detected).
    """
    from exposure.io.inspect import format_inspection, inspect as inspect_file

    _MESSAGE_LANG.set(lang)
    mapping_path, kind = _inspect_mapping(mapping, kind)
    opts = _load_options(code, fx_rates)
    failed = 0
    for i, f in enumerate(files):
        if i:
            click.echo("")
        info = inspect_file(f, kind=kind, mapping=mapping_path, **opts)
        click.echo(printable(format_inspection(info, lang=lang)))
        failed += info.error is not None
    if failed:
        raise DataErrorExit(f"파일 {len(files)}개 중 {failed}개를 읽을 수 없음 (위의 '오류' 참조)" if lang == "ko" else
                            f"{failed} of {len(files)} file{'s' if len(files) > 1 else ''} would not load "
                            "(see ERROR above)", lang)


@cli.command()
@file_options
def validate(files: tuple[Path, ...], kind: str | None, mapping: str | None, code: str | None,
             fx_rates: tuple[tuple[str, float], ...] | None, lang: str) -> None:
    """Load FILES and list every problem at once; exit 1 if any file has errors."""
    from exposure.io.validate import format_validation, validate_files

    _MESSAGE_LANG.set(lang)
    mapping_path, kind = _inspect_mapping(mapping, kind)
    table = validate_files(list(files), kind=kind, mapping=mapping_path, lang=lang, **_load_options(code, fx_rates))
    click.echo(printable(format_validation(table, lang)))
    if (table["status"] == "error").any():
        raise SystemExit(1)


@cli.command()
@click.option("--imports", multiple=True, type=FilePath, help="Import table(s) by partner.")
@click.option("--world-exports", multiple=True, type=FilePath,
              help="World export data (BACI) for world HHI and the target's world share.")
@click.option("--own-exports", multiple=True, type=FilePath,
              help="The reporter's exports by product, for the import/export ratio.")
@click.option("--mapping", "mappings", multiple=True, metavar="KIND=FILE", help="Layout mapping (TOML) for an input kind.")
@click.option("--code", help="Product code for single-item files that have no code column.")
@click.option("--config", "config_file", type=FilePath, help="TOML config.")
@click.option("--target", help="Target partner ISO3 (default JPN).")
@click.option("--year", type=int, help="Only this year.")
@click.option("--fx", "fx_rates", multiple=True, metavar="CUR=RATE", callback=_fx,
              help="Exchange rate for tables in another currency, units per USD, e.g. KRW=1100.3.")
@click.option("--lang", type=click.Choice(LANGS), help="Texts in Korean (default) or English.")
@click.option("--out", "out_file", type=FilePath,
              help="Write the table to this CSV (UTF-8 with BOM) instead of printing the top rows.")
def indicators(out_file: Path | None, config_file: Path | None, **options: Any) -> None:
    """Product-level dependence indicators (target share, bands, HHI, …) without sector linkage."""
    from exposure.pipeline import product_table
    from exposure.report.console import indicators_text
    from exposure.report.tables import write_csv

    input_opts, config_opts = _split(options)
    config, inputs = _settings(config_file, config_opts, input_opts)
    if not inputs.imports:
        raise click.UsageError("give at least one --imports file (or imports = [...] in --config)")
    _refuse_writing_over_an_input(out_file, inputs)
    table = product_table(inputs, config, progress=_err)
    if out_file:
        if config.lang == "ko":  # the reasons in Korean beside the machine values, as the report's products.csv
            from exposure.report.display import with_korean_twins
            from exposure.report.translate import Translator

            table = with_korean_twins(table, "products", None, Translator("ko"))
        write_csv(table, out_file)
        click.echo(printable(f"{len(table):,}개 행 저장함: {out_file}" if config.lang == "ko"
                             else f"Wrote {len(table)} rows to {out_file}"))
    else:
        click.echo(printable(indicators_text(table, lang=config.lang)))


def _refuse_writing_over_an_input(out_file: Path | None, inputs: Any) -> None:
    """The tool never writes over what it reads: an --out naming one of the input files is refused first."""
    import os

    from exposure.errors import DataError

    if out_file is None or not Path(out_file).exists():
        return
    for role, p in inputs.files():
        if Path(p).exists() and os.path.samefile(out_file, p):
            raise DataError(out_file, f"--out names the {role.replace('_', ' ')} file itself: the tool never writes "
                                      "over its inputs; expected another file name")


_monthly_options = _options(
    click.option("--monthly", multiple=True, type=FilePath, required=False,
                 help="Monthly imports by partner (Korea Customs / K-stat layouts, HSK10 or HS6); repeat for several."),
    click.option("--mapping", "mappings", multiple=True, metavar="KIND=FILE", help="Layout mapping (TOML) for an input kind."),
    click.option("--code", help="Product code for single-item files that have no code column."),
    click.option("--config", "config_file", type=FilePath, help="TOML config."),
    click.option("--target", help="Target partner ISO3 (default JPN)."),
    click.option("--fx", "fx_rates", multiple=True, metavar="CUR=RATE", callback=_fx,
                 help="Exchange rate for tables in another currency, units per USD, e.g. KRW=1100.3."),
    click.option("--lang", type=click.Choice(LANGS), help="Texts in Korean (default) or English."),
)


@cli.command()
@_monthly_options
@click.option("--event", "monitor_event", help="Month the chart centres on, YYYY-MM (default 2019-07).")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Output folder (default ./exposure-monitor); it is replaced whole by the new run.")
@click.option("--format", "formats", multiple=True, callback=_split_formats,
              help="Outputs, comma-separated or repeated (default csv,png).")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="How many episodes to print.")
def monitor(out: Path | None, top: int, config_file: Path | None, **options: Any) -> None:
    """Early warning over monthly imports: graded alerts with their evidence, and a chart of the alerted products."""
    from exposure.monitor_command import run_monitor
    from exposure.report.console import alerts_text, say
    from exposure.report.monitor_report import write_monitor_folder

    input_opts, config_opts = _split(options)
    formats = config_opts.pop("formats", None) or ("csv", "png")
    config, inputs = _settings(config_file, config_opts, input_opts)
    out_dir = _out_dir(out or settings_out(config_file) or Path("exposure-monitor"))
    # a month the analyst chose (option or config) must be in the data; the default outside it only warns
    chosen = options.get("monitor_event") is not None or config.monitor_event != type(config)().monitor_event
    results = run_monitor(inputs, config, event_given=chosen)
    written = write_monitor_folder(results, out_dir, formats=formats, lang=config.lang)
    click.echo(printable(alerts_text(results, n=top)))
    click.echo("")
    click.echo(printable(say("wrote", config.lang, n=len(written), out=out_dir)))
    for p in written:
        click.echo(printable(f"  {p}"))


@cli.command()
@_monthly_options
@click.option("--product", "product", required=True, help="The product to measure (HSK10 or HS6 code).")
@click.option("--event", default="2019-07", show_default=True, help="First month of the episode, YYYY-MM.")
@click.option("--window", type=click.IntRange(min=1, max=120), default=12, show_default=True,
              help="Months from the event over which replacement is measured (H).")
@click.option("--out", "out_file", type=FilePath, help="Write the scenario rule (TOML) to this file.")
def calibrate(product: str, event: str, window: int, out_file: Path | None, config_file: Path | None,
              **options: Any) -> None:
    """Substitution measured from the record: φ and L after an event, with the partners that replaced the target."""
    from exposure.monitor_command import run_calibration
    from exposure.report.console import calibration_text
    from exposure.report.copies import write_text_copy

    input_opts, config_opts = _split(options)
    config, inputs = _settings(config_file, config_opts, input_opts)
    _refuse_writing_over_an_input(out_file, inputs)
    cal = run_calibration(inputs, config, product, event, window)
    click.echo(printable(calibration_text(cal, config.lang)))
    if cal.measured:
        rule = cal.to_rule_toml(config.lang)
        click.echo("")
        click.echo(printable(rule))
        if out_file:
            click.echo(_wrote(write_text_copy(rule, out_file, product), config.lang))


@cli.group()
def scenarios() -> None:
    """List, show and export escalation scenarios."""


def _lang_option(what: str) -> Callable:
    """``--lang`` of a command without a run: the language of ``what`` and of its errors (Korean by default)."""
    def use(ctx: click.Context, _param: click.Parameter, value: str) -> str:
        _MESSAGE_LANG.set(value)
        return value

    return click.option("--lang", type=click.Choice(LANGS), default="ko", show_default=True, callback=use,
                        is_eager=True, help=f"Language of {what} (Korean or English).")


def _wrote(path: Path, lang: str) -> str:
    return printable(f"저장함: {path}" if lang == "ko" else f"Wrote {path}")


@scenarios.command("list")
@_lang_option("the names")
def scenarios_list(lang: str) -> None:
    """List the shipped scenarios."""
    from exposure import scenarios as sc

    for name in sc.available():
        s = sc.load(name)
        click.echo(f"{name:22s} {s.title(lang) if lang == 'ko' else s.description_en}")


@scenarios.command("show")
@click.argument("name")
@_lang_option("the messages")
def scenarios_show(name: str, lang: str) -> None:
    """Show scenario NAME (or a TOML file) as TOML."""
    from exposure import scenarios as sc
    from exposure.report.copies import scenario_toml

    click.echo(printable(scenario_toml(sc.load(name), lang)))


@scenarios.command("export")
@click.argument("name")
@click.argument("dest", type=click.Path(path_type=Path))
@_lang_option("the messages")
def scenarios_export(name: str, dest: Path, lang: str) -> None:
    """Write an editable copy of scenario NAME to DEST (a file or folder)."""
    from exposure.report.copies import export_scenario

    click.echo(_wrote(export_scenario(name, dest, lang), lang))


@cli.group()
def countermeasures() -> None:
    """List, show and export counter-measures (stockpiles, other suppliers, domestic production, licences)."""


@countermeasures.command("list")
@_lang_option("the names")
def countermeasures_list(lang: str) -> None:
    """List the shipped counter-measures."""
    from exposure import countermeasures as cm

    for name in cm.available():
        click.echo(f"{name:22s} {cm.load(name).title(lang)}")


@countermeasures.command("show")
@click.argument("name")
@_lang_option("the messages")
def countermeasures_show(name: str, lang: str) -> None:
    """Show counter-measure NAME (or a TOML file) as TOML."""
    from exposure import countermeasures as cm

    click.echo(printable(cm.load(name).to_toml(lang)))


@countermeasures.command("export")
@click.argument("name")
@click.argument("dest", type=click.Path(path_type=Path))
@_lang_option("the messages")
def countermeasures_export(name: str, dest: Path, lang: str) -> None:
    """Write an editable copy of counter-measure NAME to DEST (a file or folder)."""
    from exposure.report.copies import export_countermeasure

    click.echo(_wrote(export_countermeasure(name, dest, lang), lang))


@cli.group()
def demo() -> None:
    """The embedded demo inputs."""


@demo.command("export")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@_lang_option("the messages")
def demo_export(dest: Path, lang: str) -> None:
    """Copy the demo input files to DEST so you can see the formats."""
    from exposure.report.copies import export_demo

    for path in export_demo(dest):
        click.echo(printable(f"  {path}"))


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``exposure`` console script and of ``python -m exposure``."""
    cli.main(args=argv, prog_name="exposure")
