"""The vocabulary of options shared by :class:`~exposure.config.Config` and :class:`~exposure.inputs.Inputs`.

One place says how a key may be spelled (the CLI spellings are aliases: ``scenario`` for
``scenarios``, ``format`` for ``formats``, hyphens for underscores) and how a value given in
a TOML file or a mapping is turned into the type a field is annotated with. Every value is
checked: a string where a number is expected, ``"no"`` where a boolean is expected, or an
unknown key is a :class:`~exposure.errors.ConfigError` that names the key, the value and what
was expected — never a traceback, never a silent truthy string.
"""

from __future__ import annotations

import math
import types
import typing
from pathlib import Path
from typing import Any, Mapping

from exposure.errors import ConfigError

#: other spellings of keys (CLI option names and their singular forms) → the field name
ALIASES = {
    "scenario": "scenarios", "format": "formats", "fx": "fx_rates", "io_table": "io", "mapping": "mappings",
    "countermeasure": "countermeasures", "critical": "critical_inputs", "world_export": "world_exports",
    "own_export": "own_exports", "import": "imports", "config_file": "config",
}


def canonical_key(key: str) -> str:
    """The field name of a key as a user may write it.

    >>> canonical_key("world-exports"), canonical_key("scenario")
    ('world_exports', 'scenarios')
    """
    k = str(key).strip().replace("-", "_")
    return ALIASES.get(k, k)


def canonical_keys(data: Mapping[str, Any], source: str) -> dict[str, Any]:
    """``data`` with canonical keys; two spellings of one key are an error."""
    out: dict[str, Any] = {}
    spelled: dict[str, str] = {}
    for key, value in data.items():
        k = canonical_key(key)
        if k in out:
            raise ConfigError(f"{source}: {spelled[k]!r} and {key!r} are the same key; give it once")
        out[k], spelled[k] = value, str(key)
    return out


def describe(annotation: Any) -> str:
    """What a value of this annotation looks like, in words for an error message."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if _is_optional(annotation):
        inner = [a for a in args if a is not type(None)][0]
        return describe(inner) + " (or leave it out)"
    if annotation is bool:
        return "true or false (a TOML boolean, without quotes)"
    if annotation is int:
        return "a whole number (without quotes)"
    if annotation is float:
        return "a number (without quotes)"
    if annotation is str:
        return "a quoted string"
    if annotation is Path:
        return "a file path (a quoted string)"
    if origin is tuple and args and args[-1] is Ellipsis:
        item = args[0]
        if typing.get_origin(item) is tuple:
            return "a table of name = number, e.g. { KRW = 1100.3 }"
        return f"a list of {_plural(item)}"
    if origin is list:
        return f"a list of {_plural(args[0])}"
    if origin is dict:
        return "a table of name = file path"
    return str(annotation)


def _plural(annotation: Any) -> str:
    return {bool: "booleans", int: "whole numbers", float: "numbers", str: "quoted strings",
            Path: "file paths"}.get(annotation, str(annotation))


def _is_optional(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    return origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation)


def coerce(value: Any, annotation: Any, key: str, source: str) -> Any:
    """``value`` as the annotated type, or ConfigError naming the key, the value and what was expected.

    Examples
    --------
    >>> coerce([0.5, 0.9], tuple[float, ...], "share_bands", "run.toml")
    (0.5, 0.9)
    >>> coerce("catch-all, full-embargo", tuple[str, ...], "scenarios", "run.toml")
    ('catch-all', 'full-embargo')
    >>> coerce("100", int, "draws", "run.toml")
    Traceback (most recent call last):
    ...
    exposure.errors.ConfigError: run.toml: draws = '100': expected a whole number (without quotes)
    """
    def fail() -> ConfigError:
        shown = repr(value) if not isinstance(value, float) else f"{value:g}"
        return ConfigError(f"{source}: {key} = {shown}: expected {describe(annotation)}")

    if _is_optional(annotation):
        if value is None:
            return None
        inner = [a for a in typing.get_args(annotation) if a is not type(None)][0]
        try:
            return coerce(value, inner, key, source)
        except ConfigError:
            raise fail() from None
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is bool:
        if isinstance(value, bool):
            return value
        raise fail()
    if annotation is int:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer() and math.isfinite(value):
                return int(value)
            raise fail()
        return int(value)
    if annotation is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise fail()
        v = float(value)
        if not math.isfinite(v):
            raise ConfigError(f"{source}: {key} = {value!r}: expected a finite number")
        return v
    if annotation is str:
        if not isinstance(value, str):
            raise fail()
        return value
    if annotation is Path:
        if not isinstance(value, (str, Path)) or not str(value):
            raise fail()
        return Path(value)
    if origin is tuple and args and args[-1] is Ellipsis:
        item = args[0]
        if typing.get_origin(item) is tuple:  # tuple[tuple[str, float], ...]: a table of name = number
            pairs = value.items() if isinstance(value, Mapping) else value
            try:
                return tuple((str(k), coerce(v, item.__args__[1], f"{key}[{k!r}]", source)) for k, v in pairs)
            except (TypeError, ValueError):
                raise fail() from None
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, (list, tuple)):
            raise fail()
        return tuple(coerce(v, item, f"{key}[{i}]", source) for i, v in enumerate(value))
    if origin is list:
        if isinstance(value, (str, Path)):
            value = [value]
        if not isinstance(value, (list, tuple)):
            raise fail()
        return [coerce(v, args[0], f"{key}[{i}]", source) for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, Mapping):
            raise fail()
        return {str(k): coerce(v, args[1], f"{key}.{k}", source) for k, v in value.items()}
    raise TypeError(f"no coercion for {annotation!r}")


def field_types(cls: type) -> dict[str, Any]:
    """The resolved annotations of a dataclass's fields."""
    return typing.get_type_hints(cls)


def unknown_key_error(unknown: list[str], valid: list[str], source: str) -> ConfigError:
    """The error for keys nobody reads: each named, with the valid key it most resembles (a typo), and the list.

    >>> str(unknown_key_error(["drawz"], ["draws", "seed"], "run.toml"))
    "run.toml: unknown key 'drawz' (did you mean 'draws'?); valid keys are: draws, seed"
    """
    import difflib

    named = []
    for key in unknown:
        close = difflib.get_close_matches(key, valid, n=1, cutoff=0.75)
        named.append(f"{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    s = "s" if len(unknown) > 1 else ""
    return ConfigError(f"{source}: unknown key{s} {', '.join(named)}; valid keys are: {', '.join(valid)}")
