"""The examples in the monitor's docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["exposure.monitor", "exposure.monitor.series", "exposure.monitor.panel", "exposure.monitor.alerts",
           "exposure.monitor.calibrate", "exposure.monitor.texts"]


@pytest.mark.parametrize("name", MODULES)
def test_module_examples(name):
    module = importlib.import_module(name)
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0 and tried > 0
