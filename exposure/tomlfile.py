"""Reading a TOML file a user hands over (config, scenario, counter-measure, mapping), within limits.

One reader so that every TOML input fails the same clear way: not found, not a regular
file, too large, not UTF-8 (a CP949 file saved by a Korean editor is named as such), a
UTF-8 BOM (accepted), invalid TOML (with tomllib's line and column), or nested too deep.
"""

from __future__ import annotations

import math
import re
import stat
import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Mapping, TypeVar

from exposure.errors import ConfigError

#: largest TOML file accepted (bytes); a config or scenario is a few kilobytes
MAX_BYTES = 1_000_000


def read_toml(path: str | Path, what: str = "config file") -> dict[str, Any]:
    """Parse a TOML file, raising :class:`ConfigError` with the file's name for every failure.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "a.toml"
    ...     _ = p.write_bytes("\\ufeffname = '불화수소'".encode("utf-8"))
    ...     read_toml(p)
    {'name': '불화수소'}
    """
    p = Path(path)
    name = display_name(p)
    try:
        info = p.stat()
    except FileNotFoundError:
        raise ConfigError(f"{name}: {what} not found") from None
    except OSError as exc:
        raise ConfigError(f"{name}: cannot read the {what} ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(f"{name}: the {what} is not a regular file (a folder, device or pipe)")
    if info.st_size > MAX_BYTES:
        raise ConfigError(f"{name}: the {what} is {info.st_size:,} bytes; at most {MAX_BYTES:,} are accepted")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{name}: cannot read the {what} ({exc.strerror or exc})") from None
    text = decode_toml(data, name, what)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: not valid TOML ({exc})") from None
    except RecursionError:
        raise ConfigError(f"{name}: the {what} nests tables or arrays too deeply") from None


def decode_toml(data: bytes, name: str, what: str = "config file") -> str:
    """UTF-8 text of a TOML file (a leading BOM dropped); CP949 and other encodings refused by name."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("cp949")
            hint = "; it looks like CP949 (EUC-KR): save it as UTF-8"
        except UnicodeDecodeError:
            pass
        raise ConfigError(f"{name}: line {line}: the {what} is not UTF-8 (TOML files must be UTF-8){hint}") from None


def display_name(path: str | Path) -> str:
    """A file's name as text that can always be printed (undecodable bytes shown as \\xNN)."""
    raw = Path(path).name or str(path)
    return raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# --------------------------------------------------------------------------- values of a TOML entity


def toml_value(value: Any) -> str:
    """A value as TOML text (numbers without a needless .0, strings escaped, pairs as an inline table)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        v = float(value)
        return repr(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def toml_key(key: str) -> str:
    """A key as TOML: bare where it may be, quoted otherwise."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_value(key)


def check_text(value: Any, key: str, where: str) -> str:
    """A quoted string without control characters (they would corrupt the workbook and the console)."""
    if not isinstance(value, str):
        raise ConfigError(f"{where}: {key} must be a quoted string, got {value!r}")
    if any(ord(ch) < 32 and ch not in "\t\n" or ord(ch) == 127 for ch in value):
        raise ConfigError(f"{where}: {key} holds control characters")
    return value


def check_keys(data: Mapping[str, Any], valid: tuple[str, ...], where: str) -> None:
    """Every key of ``data`` is one of ``valid`` (else the error names it, the closest valid key and the list)."""
    from exposure.options import unknown_key_error

    unknown = sorted(set(data) - set(valid))
    if unknown:
        raise unknown_key_error(unknown, list(valid), where)


def check_number(value: Any, key: str, where: str) -> float:
    """A finite number (not a bool, not text)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}: {key} must be a number, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ConfigError(f"{where}: {key} must be a finite number, got {value!r}")
    return v


def check_strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    """A list of quoted strings (one string is a list of one): codes keep their leading zeros that way."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(f"{where}: {key} must be a list of quoted strings")
    for v in value:
        if not isinstance(v, str):
            raise ConfigError(f"{where}: {key} entry {v!r} must be a quoted string (\"{v}\") so that leading "
                              f"zeros survive")
    return tuple(v.strip() for v in value)


# --------------------------------------------------------------------------- shipped definitions
#: longest name of a scenario or counter-measure
MAX_NAME = 80
_NAME = re.compile(r"[\w .()\-]+")
T = TypeVar("T")


def check_name(value: Any, source: str, what: str) -> str:
    """A definition's ``name``: 1–:data:`MAX_NAME` letters, digits, spaces or ``- _ . ( )``."""
    name = check_text(value, "name", source).strip()
    if not name or len(name) > MAX_NAME or not _NAME.fullmatch(name):
        raise ConfigError(f"{source}: {what} name {name[:MAX_NAME]!r} must be 1–{MAX_NAME} letters, digits, spaces "
                          f"or - _ . ( ) (no control characters)")
    return name


def is_file_reference(ref: str | Path) -> bool:
    """True when ``ref`` names a file rather than a shipped definition."""
    s = str(ref)
    return s.endswith(".toml") or Path(s).is_file() or "/" in s or "\\" in s


@dataclass(frozen=True)
class Shipped:
    """The TOML definitions a package folder ships (scenarios, counter-measures), listed in a set order.

    Examples
    --------
    >>> Shipped("scenario_data", ("2019-three-items",), "scenario").names()[0]
    '2019-three-items'
    """

    folder: str
    order: tuple[str, ...]
    what: str  # "scenario", "counter-measure": for messages
    package: str = "exposure"

    def names(self) -> list[str]:
        """The shipped names: those of :attr:`order` first, in that order, then the rest alphabetically."""
        names = [p.name[:-5] for p in (resources.files(self.package) / self.folder).iterdir()
                 if p.name.endswith(".toml")]
        rank = {n: i for i, n in enumerate(self.order)}
        return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))

    def read(self, name: str) -> tuple[dict[str, Any], str]:
        """The parsed file of the shipped ``name`` and its source label; an unknown name lists the shipped ones."""
        res = resources.files(self.package) / self.folder / f"{name}.toml"
        if not res.is_file():
            raise ConfigError(f"unknown {self.what} {name!r}; shipped {self.what}s are: {', '.join(self.names())} "
                              f"(or give the path of a .toml file)")
        return read_toml(Path(str(res)), what=f"{self.what} file"), f"{name}.toml"

    def unique_name(self, item: T, load: Callable[[str], T]) -> T:
        """A file's definition that borrows a shipped name but differs from it is renamed ``name [file]``
        (an unedited exported copy keeps its name: it is the same definition)."""
        name = getattr(item, "name")
        if name not in self.names() or load(name) == item:
            return item
        return replace(item, name=f"{name} [{getattr(item, 'source')}]")  # type: ignore[type-var]
