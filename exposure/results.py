"""The Results of one analysis run: plain tables, handed to reports and notebooks.

The core fills it; ``report/`` turns it into files; notebooks display it. It
knows nothing of source formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from exposure.config import Config
from exposure.schema import LoadReport


@dataclass
class InputFile:
    role: str  # imports, exports, profile, io, world_exports, scenario, mapping
    path: str
    sha256: str
    size_bytes: int


@dataclass
class Results:
    """Everything one run produced.

    Tables (all DataFrames, codes as strings):

    ``products``      one row per product of the analysis year: imports, target share, bands,
                      import HHI and the other §4 indicators, with ``reasons`` for NaNs.
    ``shocks``        per scenario × product: coverage, phi, time factor, shortfall_usd, rule.
    ``sectors``       per scenario × sector: exposure_rate, export_at_risk_usd,
                      sme_export_at_risk_usd, demand_at_risk_usd, rank, flags, no_data_reason.
    ``drivers``       per scenario × sector × product × channel: contributions that sum to the
                      sector totals.
    ``export_items``  the top-100 export items with their sector and export value at risk.
    ``uncertainty``   per scenario × sector: median rank, 5–95 % interval, P(top 10) …
    ``sensitivity``   per scenario × parameter: share of ranking variance.
    ``flags``         capped shares, unmatched codes, overrides used: what the reader must know.
    ``monthly``       optional monthly import series (code, partner, year, month, value_usd).
    """

    config: Config
    products: pd.DataFrame
    shocks: pd.DataFrame
    sectors: pd.DataFrame
    drivers: pd.DataFrame
    export_items: pd.DataFrame = field(default_factory=pd.DataFrame)
    uncertainty: pd.DataFrame = field(default_factory=pd.DataFrame)
    sensitivity: pd.DataFrame = field(default_factory=pd.DataFrame)
    threshold_sweep: pd.DataFrame = field(default_factory=pd.DataFrame)
    flags: pd.DataFrame = field(default_factory=pd.DataFrame)
    monthly: pd.DataFrame = field(default_factory=pd.DataFrame)
    load_reports: list[LoadReport] = field(default_factory=list)
    inputs: list[InputFile] = field(default_factory=list)
    scenarios: pd.DataFrame = field(default_factory=pd.DataFrame)  # scenario parameters side by side
    notes: list[str] = field(default_factory=list)
    year: int | None = None

    def ranking(self, scenario: str | None = None, n: int | None = None) -> pd.DataFrame:
        """The sector ranking of one scenario (the first by default), best-ranked first."""
        scen = scenario or self.config.scenarios[0]
        out = self.sectors[self.sectors["scenario"] == scen].sort_values("rank", na_position="last")
        return out.head(n) if n else out

    def validation(self) -> pd.DataFrame:
        """One row per input file: rows and value read, kept and dropped."""
        return pd.DataFrame([r.summary() for r in self.load_reports])

    def _repr_html_(self) -> str:
        head = (f"<p><b>exposure results</b> — target {self.config.target}, year {self.year}, "
                f"scenarios: {', '.join(self.config.scenarios)}</p>")
        cols = [c for c in ("rank", "sector", "sector_name_en", "exposure_rate", "export_at_risk_usd",
                            "sme_export_at_risk_usd") if c in self.sectors.columns]
        return head + self.ranking(n=self.config.top_n)[cols].to_html(index=False)
