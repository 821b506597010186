"""Every example in the package's docstrings runs and prints what it says (``doctest``).

One test per module, so a wrong example names its module. Examples that need files the
analyst has are marked ``# doctest: +SKIP`` in the source.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import exposure

MODULES = sorted(m.name for m in pkgutil.walk_packages(exposure.__path__, "exposure."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, report=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} fail (run python -m doctest)"
