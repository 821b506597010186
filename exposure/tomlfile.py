"""Reading a TOML file a user hands over (config, scenario, counter-measure, mapping), within limits.

One reader so that every TOML input fails the same clear way: not found, not a regular
file, too large, not UTF-8 (a CP949 file saved by a Korean editor is named as such), a
UTF-8 BOM (accepted), invalid TOML (with tomllib's line and column), or nested too deep.
"""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path
from typing import Any

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
