"""Fixtures shared by the counter-measure tests: the demo's inputs as the pipeline prepares them."""

from __future__ import annotations

import pytest

from exposure import pipeline, sme
from exposure.codes import concordance as concordances
from exposure.codes import critical as critical_mod
from exposure.codes import overrides as overrides_mod
from exposure.config import Config
from exposure.countermeasures import RunInputs
from exposure.inputs import Inputs
from exposure.intake import read_inputs


def demo_run_inputs(config: Config | None = None) -> RunInputs:
    """What ``exposure.run()`` hands each scenario, read the way :func:`exposure.pipeline.run` reads it."""
    config = config or Config()
    inputs = Inputs.demo()
    data = read_inputs(inputs, config)
    products = pipeline._products(data, inputs, config)
    basis = sme.resolve(data.profile, config, data.sme_exports, data.class_sme)
    system = config.sector_system
    return RunInputs(products=products, io=data.io, concordance=concordances.concordance(f"HS6-{system}"),
                     overrides=overrides_mod.load_overrides(inputs.overrides, sector_system=system),
                     profile=basis.profile, config=config, export_items=data.export_items,
                     mti_concordance=concordances.concordance(f"MTI3-{system}"),
                     critical=critical_mod.load_critical_inputs(inputs.critical_inputs, sector_system=system),
                     class_sme=basis.class_shares)


@pytest.fixture(scope="session")
def demo_inputs() -> RunInputs:
    return demo_run_inputs()


@pytest.fixture(name="write")
def write_fixture():
    """Write a text file: ``write(tmp_path, name, text)``."""

    def write(tmp_path, name, text):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return p

    return write
