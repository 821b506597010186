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
    ``weekly``        per scenario × sector × week: the share of the week's output lost and the
                      export value at risk in the week (the time profile of DESIGN §7a).
    ``critical``      the critical-input rows that applied, per scenario, with their lost fraction of
                      supply, linear and central loss rates.
    ``alternatives``  per product imported from the target: Korea's other suppliers and the world's
                      other exporters, with the capacity they could redirect (exposure.alternatives).
    ``next_targets``  the products the target could restrict next at little cost (KERI screen).
    ``dependence``    products and import value at ≥ 50 % / ≥ 90 % from the target, by sector.
    ``alerts``, ``episodes``, ``monitor_panel``  the early-warning monitor over monthly imports.
    ``countermeasures``         per supply scenario × counter-measure (and ``all`` of them together):
                      SME and all-firm export value at risk before, after and removed (low, central,
                      high, USD over the horizon), cost in KRW, removed per million KRW, ranks; only when
                      the run was given counter-measures (``Config.countermeasures``).
    ``countermeasure_sectors``  the same by sector; ``countermeasure_items`` by top-100 export item.
    ``top100``        per scenario × top-100 export item: exports, the item's SME share, risk low–central–
                      high, the three imported inputs that drive it and the counter-measure that removes
                      most of it (whenever export items are given, with or without counter-measures).
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
    weekly: pd.DataFrame = field(default_factory=pd.DataFrame)
    critical: pd.DataFrame = field(default_factory=pd.DataFrame)
    alternatives: pd.DataFrame = field(default_factory=pd.DataFrame)
    next_targets: pd.DataFrame = field(default_factory=pd.DataFrame)
    dependence: pd.DataFrame = field(default_factory=pd.DataFrame)
    monitor_panel: pd.DataFrame = field(default_factory=pd.DataFrame)
    alerts: pd.DataFrame = field(default_factory=pd.DataFrame)
    episodes: pd.DataFrame = field(default_factory=pd.DataFrame)
    uncertainty: pd.DataFrame = field(default_factory=pd.DataFrame)
    sensitivity: pd.DataFrame = field(default_factory=pd.DataFrame)
    threshold_sweep: pd.DataFrame = field(default_factory=pd.DataFrame)
    countermeasures: pd.DataFrame = field(default_factory=pd.DataFrame)
    countermeasure_sectors: pd.DataFrame = field(default_factory=pd.DataFrame)
    countermeasure_items: pd.DataFrame = field(default_factory=pd.DataFrame)
    top100: pd.DataFrame = field(default_factory=pd.DataFrame)
    flags: pd.DataFrame = field(default_factory=pd.DataFrame)
    monthly: pd.DataFrame = field(default_factory=pd.DataFrame)
    load_reports: list[LoadReport] = field(default_factory=list)
    inputs: list[InputFile] = field(default_factory=list)
    scenarios: pd.DataFrame = field(default_factory=pd.DataFrame)  # scenario parameters side by side
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # the run is meaningful, but the reader must know
    year: int | None = None
    sme_basis: str = ""  # export, output-calibrated or output (exposure.sme)

    def scenario_names(self) -> list[str]:
        """The scenarios' names as the tables carry them (a scenario file's own ``name``), in run order."""
        if self.scenarios is not None and len(self.scenarios) and "scenario" in self.scenarios.columns:
            return [str(s) for s in self.scenarios["scenario"]]
        return list(dict.fromkeys(self.sectors["scenario"].astype(str))) if len(self.sectors) \
            else list(self.config.scenarios)

    def scenario_name(self, reference: str | None = None) -> str:
        """The table name of a scenario given by its name, or by the reference the config used (a file path)."""
        names = self.scenario_names()
        if reference is None:
            return names[0]
        if reference in names:
            return reference
        refs = list(self.config.scenarios)
        if reference in refs and len(refs) == len(names):
            return names[refs.index(reference)]
        return reference

    def ranking(self, scenario: str | None = None, n: int | None = None) -> pd.DataFrame:
        """The sector ranking of one scenario (the first by default), best-ranked first.

        ``scenario`` is a scenario's name or the reference given in the config (a TOML path).
        """
        scen = self.scenario_name(scenario)
        out = self.sectors[self.sectors["scenario"] == scen].sort_values("rank", na_position="last", kind="stable")
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
