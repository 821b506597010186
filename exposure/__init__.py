"""exposure: which SME sectors lose most export value if a trade dispute widens.

The Python API for notebooks and scripts::

    import exposure
    res = exposure.run()                      # the embedded demo
    res.ranking(n=10)

``run``, ``Inputs``, ``Config``, ``Results`` and ``load`` are imported on first use,
so ``exposure --version`` stays instant.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["Config", "Inputs", "Results", "load", "run"]

_LAZY = {
    "Config": ("exposure.config", "Config"),
    "Inputs": ("exposure.inputs", "Inputs"),
    "run": ("exposure.pipeline", "run"),
    "Results": ("exposure.results", "Results"),
    "load": ("exposure.io", "load"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'exposure' has no attribute {name!r}")
