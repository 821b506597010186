"""The files one analysis reads: :class:`Inputs`, built from options or a config file.

The same TOML file can hold the analysis parameters (:class:`~exposure.config.Config`) and
the input files; paths in it are taken relative to the file's folder. Keys mirror the CLI
options (``imports``, ``io``, ``world-exports``, ``mapping`` …; see :mod:`exposure.options`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any, Collection, Mapping

from exposure.errors import ConfigError
from exposure.options import canonical_key, canonical_keys, coerce, field_types, unknown_key_error

#: the roles a layout mapping can be given for (``--mapping KIND=FILE``)
MAPPING_KINDS = ("imports", "exports", "profile", "io", "world_exports", "own_exports", "monthly", "sme_exports")


def demo_path() -> Path:
    """Folder of the embedded demo inputs (shipped inside the package as ``exposure.demo``)."""
    try:
        return Path(str(resources.files("exposure.demo")))
    except ModuleNotFoundError:  # running from a source checkout that was not installed
        return Path(__file__).resolve().parents[1] / "datasets" / "demo"


@dataclass
class Inputs:
    """The files one analysis reads; ``None`` or an empty list means "not given".

    ``io`` holds one input–output table: its transactions file, optionally with the
    provider's total and domestic Leontief inverses of the same table (OECD LEONTFT and
    LEONTFD), which then give the imported/domestic split. ``code`` is the product code of
    single-item downloads that carry no code column. ``Inputs.demo()`` gives the embedded demo.

    Examples
    --------
    >>> Inputs.from_mapping({"imports": "a.csv", "mapping": ["imports=layout.toml"]}).mappings
    {'imports': PosixPath('layout.toml')}
    """

    imports: list[Path] = field(default_factory=list)
    exports: Path | None = None
    profile: Path | None = None
    io: list[Path] = field(default_factory=list)
    world_exports: list[Path] = field(default_factory=list)
    own_exports: list[Path] = field(default_factory=list)
    monthly: list[Path] = field(default_factory=list)
    overrides: Path | None = None
    critical_inputs: Path | None = None
    sme_exports: Path | None = None  # SME shares of exports by sector or MTI item (기업규모별 수출)
    names: Path | None = None  # a classification file with product descriptions (none are shipped)
    mappings: dict[str, Path] = field(default_factory=dict)
    code: str | None = None

    def __post_init__(self) -> None:
        # a single path is accepted where a list is expected (Inputs(io=path))
        for f in fields(self):
            value = getattr(self, f.name)
            if f.default_factory is list and isinstance(value, (str, Path)):  # type: ignore[misc]
                setattr(self, f.name, [Path(value)])
            elif isinstance(value, list):
                setattr(self, f.name, [Path(v) for v in value])

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def demo(cls) -> "Inputs":
        d = demo_path()
        return cls(imports=[d / "parts_imports_by_country_2017_2019.csv"], exports=d / "top100_exports_2019.xlsx",
                   profile=d / "sme_profile_2019.csv", io=[d / "io_table_2019.xlsx"])

    # ---------------------------------------------------------------- building
    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "options", base: Path | None = None,
                     others: Collection[str] = ()) -> "Inputs":
        """Inputs from a mapping whose keys mirror the CLI options.

        ``others``: keys that other readers of the same mapping own (a config file's analysis
        parameters: :func:`exposure.config.read_settings` reads both); any other unknown key is an
        error. Relative paths are taken from ``base`` (a config file's folder) when given. Mappings
        may be a table ``{imports = "layout.toml"}`` or ``KIND=FILE`` strings.
        """
        data = canonical_keys(data, source)
        mine = cls.field_names()
        unknown = sorted(set(data) - set(mine) - set(others))
        if unknown:
            raise unknown_key_error(unknown, sorted(set(mine) | set(others)), source)
        data = {k: v for k, v in data.items() if k in mine}
        if "mappings" in data:
            data["mappings"] = _mappings(data["mappings"], source)
        types = field_types(cls)
        kwargs = {k: coerce(v, types[k], k, source) for k, v in data.items()}
        if base is not None:
            kwargs = {k: _resolve(v, base) if k != "code" else v for k, v in kwargs.items()}
        if kwargs.get("code") is not None:
            kwargs["code"] = _code(kwargs["code"], source)
        return cls(**kwargs)

    @classmethod
    def from_toml(cls, path: str | Path, overrides: Mapping[str, Any] | None = None,
                  others: Collection[str] = ()) -> "Inputs":
        """Inputs from a config file (paths relative to its folder), ``overrides`` taking precedence;
        ``others`` as in :meth:`from_mapping`."""
        from exposure.tomlfile import display_name, read_toml

        source = display_name(path)
        from_file = cls.from_mapping(read_toml(path, what="config file"), source=source, base=Path(path).parent,
                                     others=others)
        given = cls.from_mapping({k: v for k, v in (overrides or {}).items() if v not in (None, (), [])})
        merged = {f.name: getattr(given, f.name) or getattr(from_file, f.name) for f in fields(cls)}
        merged["mappings"] = {**from_file.mappings, **given.mappings}
        return cls(**merged)

    @classmethod
    def from_options(cls, config_file: str | Path | None = None, others: Collection[str] = (),
                     **options: Any) -> "Inputs":
        """Inputs from an optional config file and keyword options (None or empty: not given)."""
        if config_file:
            return cls.from_toml(config_file, options, others=others)
        return cls.from_mapping({k: v for k, v in options.items() if v not in (None, (), [])})

    # ---------------------------------------------------------------- queries
    @property
    def is_demo(self) -> bool:
        return not self.imports

    def with_demo_defaults(self) -> "Inputs":
        """When no import file is given, the demo's files fill every role not given (e.g. demo + a BACI year)."""
        if self.imports:
            return self
        demo = Inputs.demo()
        changes: dict[str, Any] = {"imports": demo.imports}
        for name in ("exports", "profile", "io"):
            if not getattr(self, name):
                changes[name] = getattr(demo, name)
        return dataclasses.replace(self, **changes)

    def files(self) -> list[tuple[str, Path]]:
        """(role, path) of every file given, in field order."""
        out: list[tuple[str, Path]] = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "mappings":
                out += [(f"mapping:{k}", Path(v)) for k, v in value.items()]
            elif f.name == "code" or value is None:
                continue
            elif isinstance(value, list):
                out += [(f.name, Path(v)) for v in value]
            else:
                out.append((f.name, Path(value)))
        return out


def _mappings(value: Any, source: str) -> dict[str, Any]:
    if isinstance(value, Mapping):
        items = list(value.items())
    else:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)):
            raise ConfigError(f"{source}: mappings = {value!r}: expected KIND=FILE entries or a table")
        items = []
        for item in value:
            kind, sep, file = str(item).partition("=")
            if not sep or not file.strip():
                raise ConfigError(f"{source}: mapping {item!r}: expected KIND=FILE, e.g. imports=my_layout.toml "
                                  f"(KIND one of {', '.join(MAPPING_KINDS)})")
            items.append((kind.strip(), file.strip()))
    out = {}
    for kind, file in items:
        k = canonical_key(kind)
        if k not in MAPPING_KINDS:
            raise ConfigError(f"{source}: mapping kind {kind!r} is not known; valid kinds are: "
                              f"{', '.join(MAPPING_KINDS)}")
        out[k] = file
    return out


def _code(code: str, source: str) -> str:
    c = str(code).strip()
    if not c.isdigit() or len(c) not in (2, 4, 6, 10):
        raise ConfigError(f"{source}: code {code!r}: expected an HS or HSK product code of 2, 4, 6 or 10 digits "
                          f"(as text, with its leading zeros)")
    return c


def _resolve(value: Any, base: Path) -> Any:
    if isinstance(value, list):
        return [_resolve(v, base) for v in value]
    if isinstance(value, dict):
        return {k: _resolve(v, base) for k, v in value.items()}
    if isinstance(value, Path):
        return value if value.is_absolute() else base / value
    return value
