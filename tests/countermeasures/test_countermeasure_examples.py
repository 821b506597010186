"""The examples in the counter-measure modules' docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["exposure.countermeasures", "exposure.countermeasures.model", "exposure.countermeasures.apply",
           "exposure.countermeasures.value", "exposure.countermeasures.texts"]


@pytest.mark.parametrize("name", MODULES)
def test_module_examples(name):
    failures, tried = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert failures == 0 and tried > 0
