"""One object holding every analysis parameter, with the defaults of DESIGN §4–§8.

Thresholds are parameters, never constants buried in code. A config is built from a
mapping or a TOML file whose keys mirror the CLI options (:mod:`exposure.options` gives the
spellings accepted and turns each value into its annotated type); input files given in the
same file belong to :class:`exposure.inputs.Inputs`. Unknown keys, values of the wrong type
and values out of range are errors that name the key, the value and what is valid — checked
before any input is read.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from exposure.errors import ConfigError
from exposure.inputs import Inputs
from exposure.options import canonical_keys, coerce, field_types, unknown_key_error

#: Sector columns a ranking can use (DESIGN §7); "composite" is the weighted index.
COMPOSITE_COMPONENTS = ("exposure_rate", "export_at_risk_usd", "sme_export_at_risk_usd", "demand_at_risk_usd",
                        "sme_demand_at_risk_usd")
#: the widest lognormal spread of a Monte Carlo group (sd of the log factor): beyond it draws overflow the model
MAX_LOG_SPREAD = 2.0
#: the longest horizon a run counts (ten years): one year of trade says nothing about a dispute's second decade
MAX_HORIZON_DAYS = 3650.0
RANK_CHOICES = COMPOSITE_COMPONENTS + ("composite",)
NORMALISATIONS = ("minmax", "rank", "zscore")
#: Uncertain parameter groups of the Monte Carlo (DESIGN §8), the keys of ``Config.noise``.
NOISE_PARAMETERS = ("coverage", "phi", "buffer_days", "lag_days", "io", "sme_share", "sigma", "criticality",
                    "overrides", "weights", "normalisation")
NOISE_DISTRIBUTIONS = ("lognormal", "uniform")
#: Output formats of a report.
FORMATS = ("xlsx", "csv", "parquet", "png", "svg", "pdf", "pdf-brief")
LANGS = ("ko", "en")
#: Production functions for critical inputs (DESIGN §7a).
PRODUCTIONS = ("linear", "ces", "leontief")
#: Bases of SME shares (DESIGN §7): the SMEs' share of exports, output shares calibrated to the
#: national SME export share, raw output shares; ``auto`` takes the first the inputs allow.
SME_BASES = ("auto", "export", "output-calibrated", "output")
#: Most Monte Carlo draws a run accepts.
MAX_DRAWS = 100_000
#: Longest persistence window (years) a run accepts: trade data in HS codes begin in 1988.
MAX_PERSISTENCE_WINDOW = 100


@dataclass(frozen=True)
class Config:
    """Analysis parameters.

    Examples
    --------
    >>> Config().target
    'JPN'
    >>> Config.from_mapping({"target": "CHN"}).target
    'CHN'
    """

    # who depends on whom
    reporter: str = "KOR"
    target: str = "JPN"
    year: int | None = None  # None: latest year in the imports
    # product-level indicator thresholds (§4)
    share_bands: tuple[float, ...] = (0.5, 0.7, 0.8, 0.9)
    hhi_concentrated: float = 0.4
    world_hhi_concentrated: float = 0.4
    import_export_ratio_min: float = 1.0
    persistence_window: int = 3
    persistence_min_years: int = 2
    # linkage (§5)
    sector_system: str = "OECD36"
    use_overrides: bool = True
    cap_exposure: float = 1.0
    cap_share: float = 1.0  # s_i = S_i / M_i above this is capped and flagged (year mismatch, concordance noise)
    # scenario defaults (§6), used where a scenario or rule leaves them out
    buffer_days: float = 30.0  # inventory on hand: firms reported about one month of stock in July 2019
    lag_days: float = 180.0  # time to qualify and ramp up another supplier
    horizon_days: float = 180.0  # the period over which the shortfall is counted
    phi_default: float = 0.5  # substitutable fraction when neither scenario nor world export share gives one
    # critical inputs (§7a): the production function of the central figure; linear is the lower
    # bound and leontief the upper bound of every range
    production: str = "ces"
    sigma: float = 0.5  # CES elasticity between a critical input and the rest (short run)
    important_weight: float = 0.5  # an "important" input counts at half (Pichler et al. 2022)
    # SME weighting (§7)
    sme_basis: str = "auto"
    # the national SME share of exports, to which census output shares are calibrated
    sme_export_share: float = 0.180
    sme_export_share_source: str = ("Ministry of SMEs and Startups, 2018 exports by firm size, final figure "
                                    "(Mar 2019): 18.0 % ($108.7bn); provisional (Jan 2019): 18.9 % ($114.6bn)")
    # currency → units per USD, for input tables in other currencies (e.g. {KRW = 1100.3})
    fx_rates: tuple[tuple[str, float], ...] = ()
    # scoring (§7)
    rank_by: str = "sme_export_at_risk_usd"
    composite_weights: tuple[tuple[str, float], ...] = (
        ("exposure_rate", 0.4), ("sme_export_at_risk_usd", 0.4), ("demand_at_risk_usd", 0.2))
    composite_normalisation: str = "minmax"  # or "rank", "zscore"
    top_n: int = 10
    # uncertainty (§8)
    draws: int = 0
    seed: int = 20190701
    # the first-/total-order shares of rank variance (pick–freeze) cost one evaluation per draw and group:
    # they use the first sensitivity_draws draws (all when fewer; 0: none), the rank intervals all draws
    sensitivity_draws: int = 250
    # noise: (parameter, spread) per group of NOISE_PARAMETERS; a group left out has no noise.
    # sigma is the CES elasticity, criticality the weight of "important" inputs, overrides the
    # end-use override shares (each product's shares kept to a sum of at most 1).
    # Every group but normalisation is multiplicative: each draw scales the group by a draw-level
    # factor and each item (product, sector, IO cell, index weight) by its own factor with
    # noise_item × that spread. Spread = sd of the log factor (lognormal, median 1) or the half
    # width of a uniform factor on [1 − spread, 1 + spread]. Coverage, φ and SME shares are
    # clipped to [0, 1]; days stay ≥ 0. normalisation is the probability that a draw ranks the
    # composite with another of NORMALISATIONS than composite_normalisation (chosen evenly).
    noise: tuple[tuple[str, float], ...] = (
        ("coverage", 0.2), ("phi", 0.2), ("buffer_days", 0.3), ("lag_days", 0.3),
        ("io", 0.1), ("sme_share", 0.1), ("sigma", 0.5), ("criticality", 0.5), ("overrides", 0.2),
        ("weights", 0.2), ("normalisation", 0.25))
    noise_distribution: str = "lognormal"  # or "uniform"
    noise_item: float = 0.5  # per-item spread as a fraction of the group's spread (0: items move together)
    # threshold sweep: offsets added to each share band and to hhi_concentrated
    sweep_deltas: tuple[float, ...] = (-0.10, -0.05, 0.05, 0.10)
    # a sector depends on a product when losing all of the product's imports from the target
    # would directly cost at least this share of the sector's output (0.01 %: a single HS line
    # is small beside a whole industry's output)
    input_materiality: float = 1e-4
    # product screens (§9a): alternative suppliers, the next-target screen (KERI 2019), dependence counts
    alternatives_top_n: int = 5
    screen_min_target_share: float = 0.7  # Korea's import share from the target at least this
    screen_max_to_reporter_share: float = 0.3  # the target's exports to Korea at most this share of its exports
    screen_max_own_export_ratio: float = 0.5  # Korea's own exports at most this share of its imports
    dependence_thresholds: tuple[float, ...] = (0.5, 0.9)
    # early-warning monitor (§9a) over monthly imports; 0 switches a rule off
    monitor_min_share: float = 0.3  # every rule needs the target's 12-month share at least this
    monitor_drop: float = 0.5  # imports at least this far below the seasonal baseline …
    monitor_drop_months: int = 1  # … for this many months in a row
    monitor_share_fall: float = 0.15  # the target's share falls this much (share units) …
    monitor_share_fall_months: int = 3  # … below its highest of this many previous months
    monitor_robust_score: float = -3.5  # the robust score of the deviation at or below this
    monitor_event: str = "2019-07"  # the month the monthly chart centres on
    # output
    lang: str = "ko"
    scenarios: tuple[str, ...] = ("2019-three-items",)
    countermeasures: tuple[str, ...] = ()
    formats: tuple[str, ...] = ("xlsx", "csv", "png")

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls)]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "config") -> "Config":
        """Build a Config from a mapping whose keys mirror the CLI options.

        Keys of :class:`~exposure.inputs.Inputs` (input files) and ``out`` are left to their
        owners; any other unknown key is an error listing the valid ones. Every value is
        coerced to its field's type and checked (:meth:`check`).

        Examples
        --------
        >>> Config.from_mapping({"target": "CHN", "scenario": "catch-all", "imports": ["a.csv"]}).scenarios
        ('catch-all',)
        """
        data = canonical_keys(data, source)
        mine = cls.field_names()
        others = set(Inputs.field_names()) | {"out"}
        unknown = sorted(set(data) - set(mine) - others)
        if unknown:
            raise unknown_key_error(unknown, mine + sorted(others), source)
        types = field_types(cls)
        kwargs = {k: coerce(v, types[k], k, source) for k, v in data.items() if k in mine}
        for key in ("target", "reporter"):  # ISO3 codes: kor is KOR
            if key in kwargs:
                kwargs[key] = kwargs[key].strip().upper()
        if "formats" in kwargs:
            kwargs["formats"] = tuple(f.lower() for f in kwargs["formats"])
        cfg = cls(**kwargs)
        cfg.check(source)
        return cfg

    @classmethod
    def from_toml(cls, path: str | Path, overrides: Mapping[str, Any] | None = None) -> "Config":
        """A Config from a TOML file, with ``overrides`` (e.g. the options given on the command line,
        None meaning "not given") taking precedence over the file's values."""
        from exposure.tomlfile import display_name, read_toml

        data = read_toml(path, what="config file")
        given = {k: v for k, v in (overrides or {}).items() if not _not_given(v)}
        source = display_name(path)
        merged = {**canonical_keys(data, source), **canonical_keys(given, "options")}
        return cls.from_mapping(merged, source=source)

    @classmethod
    def from_options(cls, config_file: str | Path | None = None, **options: Any) -> "Config":
        """A Config from an optional config file and keyword options (None: not given)."""
        if config_file:
            return cls.from_toml(config_file, options)
        return cls.from_mapping({k: v for k, v in options.items() if not _not_given(v)}, source="options")

    @property
    def fx_map(self) -> dict[str, float]:
        return dict(self.fx_rates)

    def replace(self, **changes: Any) -> "Config":
        cfg = dataclasses.replace(self, **changes)
        cfg.check()
        return cfg

    def check(self, source: str = "config") -> None:
        """Raise ConfigError naming the first bad parameter (the output settings first)."""
        if not self.formats:
            raise ConfigError(f"{source}: formats is empty: expected at least one of {', '.join(FORMATS)} (a run that "
                              "writes nothing would still replace the report folder)")
        bad = [f for f in self.formats if f not in FORMATS]
        if bad:
            raise ConfigError(f"{source}: formats: unknown format {', '.join(map(repr, bad))}; valid formats are: "
                              f"{', '.join(FORMATS)}")
        if self.lang not in LANGS:
            raise ConfigError(f"{source}: lang must be 'ko' or 'en', got {self.lang!r}")
        self._choice("production", PRODUCTIONS, source)
        from exposure.codes.concordance import SECTOR_SYSTEMS

        self._choice("sector_system", SECTOR_SYSTEMS, source)
        self._choice("sme_basis", SME_BASES, source)
        if not self.sigma >= 0:
            raise ConfigError(f"{source}: sigma must be ≥ 0 (0 is Leontief, 1 Cobb–Douglas), got {self.sigma:g}")
        for name in ("important_weight", "sme_export_share"):
            v = getattr(self, name)
            if not 0 <= v <= 1:
                raise ConfigError(f"{source}: {name} must lie in [0, 1], got {v:g}")
        seen_rates: dict[str, float] = {}
        for cur, rate in self.fx_rates:
            if not (len(cur) == 3 and cur.isalpha() and cur.isupper()):
                raise ConfigError(f"{source}: fx_rates: currency {cur!r} must be an ISO 4217 code such as KRW")
            if not rate > 0:
                raise ConfigError(f"{source}: fx_rates: {cur} must be a positive number of {cur} per USD, "
                                  f"got {rate:g}")
            if cur in seen_rates and seen_rates[cur] != rate:
                raise ConfigError(f"{source}: fx_rates: {cur} is given two rates, {seen_rates[cur]:g} and {rate:g} "
                                  f"{cur} per USD; give one rate per currency")
            seen_rates[cur] = rate
        if len(set(self.scenarios)) < len(self.scenarios):
            dup = next(s for s in self.scenarios if self.scenarios.count(s) > 1)
            raise ConfigError(f"{source}: scenarios: {dup!r} is given twice")
        if not self.scenarios:
            raise ConfigError(f"{source}: scenarios: give at least one scenario")
        for name in ("cap_exposure", "cap_share"):
            v = getattr(self, name)
            if not v > 0:
                raise ConfigError(f"{source}: {name} must be > 0, got {v}")
        if not self.buffer_days >= 0:
            raise ConfigError(f"{source}: buffer_days must be ≥ 0 days, got {self.buffer_days}")
        if not 0 < self.horizon_days <= MAX_HORIZON_DAYS:
            raise ConfigError(f"{source}: horizon_days must be > 0 and at most {MAX_HORIZON_DAYS:g} days (ten years), "
                              f"got {self.horizon_days}")
        if not self.lag_days > 0:
            raise ConfigError(f"{source}: lag_days must be > 0 days, got {self.lag_days}")
        if not 0 <= self.phi_default <= 1:
            raise ConfigError(f"{source}: phi_default must lie in [0, 1], got {self.phi_default}")
        if self.rank_by not in RANK_CHOICES:
            raise ConfigError(f"{source}: rank_by {self.rank_by!r} is not known; valid choices are: "
                              f"{', '.join(RANK_CHOICES)}")
        if self.composite_normalisation not in NORMALISATIONS:
            raise ConfigError(f"{source}: composite_normalisation {self.composite_normalisation!r} is not known; "
                              f"valid choices are: {', '.join(NORMALISATIONS)}")
        keys = [key for key, _w in self.composite_weights]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise ConfigError(f"{source}: composite_weights gives {', '.join(map(repr, twice))} more than once: "
                              "expected one weight a component")
        for key, w in self.composite_weights:
            if key not in COMPOSITE_COMPONENTS:
                raise ConfigError(f"{source}: composite_weights key {key!r} is not known; valid keys are: "
                                  f"{', '.join(COMPOSITE_COMPONENTS)}")
            if not w >= 0:
                raise ConfigError(f"{source}: composite_weights[{key!r}] must be ≥ 0, got {w}")
        if self.rank_by == "composite" and not any(w > 0 for _key, w in self.composite_weights):
            given = ", ".join(f"{k} = {w:g}" for k, w in self.composite_weights) or "none"
            raise ConfigError(f"{source}: composite_weights: rank_by = 'composite' needs at least one weight > 0, "
                              f"got {given} (with every weight 0 every sector scores 0 and the ranking means nothing); valid keys "
                              f"are: {', '.join(COMPOSITE_COMPONENTS)}")
        if not self.share_bands:
            raise ConfigError(f"{source}: share_bands must list at least one band: shares in (0, 1] in increasing "
                              f"order, e.g. [0.5, 0.7, 0.8, 0.9]")
        for b in self.share_bands:
            if not 0 < b <= 1:
                raise ConfigError(f"{source}: share_bands must lie in (0, 1], got {b}")
        _check_increasing("share_bands", self.share_bands, source)
        for name in ("hhi_concentrated", "world_hhi_concentrated"):
            v = getattr(self, name)
            if not 0 <= v <= 1:
                raise ConfigError(f"{source}: {name} must lie in [0, 1], got {v}")
        if not 1 <= self.persistence_window <= MAX_PERSISTENCE_WINDOW:
            raise ConfigError(f"{source}: persistence_window must be a number of years from 1 to "
                              f"{MAX_PERSISTENCE_WINDOW}, got {self.persistence_window}")
        if self.persistence_min_years < 0:
            raise ConfigError(f"{source}: persistence_min_years must be ≥ 0 (and at most persistence_window, "
                              f"{self.persistence_window}), got {self.persistence_min_years}")
        if self.persistence_min_years > self.persistence_window:
            raise ConfigError(f"{source}: persistence_min_years ({self.persistence_min_years}) exceeds "
                              f"persistence_window ({self.persistence_window})")
        if self.draws < 0:
            raise ConfigError(f"{source}: draws must be ≥ 0, got {self.draws}")
        if self.draws == 1:
            raise ConfigError(f"{source}: draws = 1 gives no spread: expected 0 (no Monte Carlo) or at least 2 draws "
                              "(the ranges and rank intervals want a few hundred)")
        if self.draws > MAX_DRAWS:
            raise ConfigError(f"{source}: draws = {self.draws:,} is more than the {MAX_DRAWS:,} a run accepts")
        if self.seed < 0:
            raise ConfigError(f"{source}: seed must be ≥ 0, got {self.seed}")
        if self.sensitivity_draws < 0:
            raise ConfigError(f"{source}: sensitivity_draws must be ≥ 0, got {self.sensitivity_draws}")
        if self.top_n < 1:
            raise ConfigError(f"{source}: top_n must be ≥ 1, got {self.top_n}")
        self._check_screens(source)
        self._check_noise(source)
        if len(self.target) != 3 or not self.target.isalpha():
            raise ConfigError(f"{source}: target must be an ISO3 code such as JPN, got {self.target!r}")
        from exposure.codes.countries import iso3_codes

        for key in ("target", "reporter"):
            code = getattr(self, key)
            if code not in iso3_codes():
                raise ConfigError(f"{source}: {key} {code!r} is not a country code the tool knows: expected an ISO3 "
                                  "code such as JPN, CHN or USA (the table: exposure/codes/data/countries.csv)")
        if self.year is not None and not 1900 <= self.year <= 2100:
            raise ConfigError(f"{source}: year must be a calendar year such as 2019, got {self.year}")
        if self.target.upper() == self.reporter.upper():
            raise ConfigError(f"{source}: target {self.target} is the reporter itself: give the partner whose supply "
                              f"is at risk (e.g. target = \"JPN\", --target JPN)")

    def _check_screens(self, source: str) -> None:
        for name in ("screen_min_target_share", "screen_max_to_reporter_share", "screen_max_own_export_ratio",
                     "monitor_min_share", "monitor_drop", "monitor_share_fall"):
            v = getattr(self, name)
            if not 0 <= v <= 1:
                raise ConfigError(f"{source}: {name} must lie in [0, 1], got {v:g}")
        if not self.dependence_thresholds:
            raise ConfigError(f"{source}: dependence_thresholds must list at least one threshold: shares in (0, 1], "
                              f"e.g. [0.5, 0.9]")
        for d in self.dependence_thresholds:
            if not 0 < d <= 1:
                raise ConfigError(f"{source}: dependence_thresholds must lie in (0, 1], got {d:g}")
        _check_increasing("dependence_thresholds", self.dependence_thresholds, source)
        for name in ("alternatives_top_n", "monitor_drop_months", "monitor_share_fall_months"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{source}: {name} must be ≥ 1, got {getattr(self, name)}")
        if self.monitor_robust_score > 0:
            raise ConfigError(f"{source}: monitor_robust_score is a fall, ≤ 0 (0 switches the rule off), got "
                              f"{self.monitor_robust_score:g}")
        import re

        if not re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", self.monitor_event):
            raise ConfigError(f"{source}: monitor_event must be a month written YYYY-MM, got {self.monitor_event!r}")

    def _choice(self, name: str, choices: tuple[str, ...], source: str) -> None:
        value = getattr(self, name)
        if value not in choices:
            raise ConfigError(f"{source}: {name} {value!r} is not known; valid choices are: {', '.join(choices)}")

    def _check_noise(self, source: str) -> None:
        if self.noise_distribution not in NOISE_DISTRIBUTIONS:
            raise ConfigError(f"{source}: noise_distribution {self.noise_distribution!r} is not known; valid choices "
                              f"are: {', '.join(NOISE_DISTRIBUTIONS)}")
        if not 0 <= self.noise_item <= 1:
            raise ConfigError(f"{source}: noise_item is the items' spread as a fraction of their group's and must lie "
                              f"in [0, 1], got {self.noise_item}")
        for key, spread in self.noise:
            if key not in NOISE_PARAMETERS:
                raise ConfigError(f"{source}: noise key {key!r} is not known; valid keys are: "
                                  f"{', '.join(NOISE_PARAMETERS)}")
            if not spread >= 0:
                raise ConfigError(f"{source}: noise[{key!r}] must be ≥ 0, got {spread}")
            if key == "normalisation":
                if spread > 1:
                    raise ConfigError(f"{source}: noise[{key!r}] is a probability and must lie in [0, 1], "
                                      f"got {spread}")
            elif self.noise_distribution == "lognormal" and spread > MAX_LOG_SPREAD:
                raise ConfigError(f"{source}: noise[{key!r}] = {spread} is the sd of a log factor and must be at most "
                                  f"{MAX_LOG_SPREAD:g} (a factor of e^{MAX_LOG_SPREAD:g} ≈ {math.exp(MAX_LOG_SPREAD):.1f}× "
                                  f"at one sd)")
            elif self.noise_distribution == "uniform" and max(spread, spread * self.noise_item) >= 1:
                raise ConfigError(f"{source}: noise[{key!r}] = {spread} with noise_item {self.noise_item}: a uniform "
                                  f"factor on [1 − spread, 1 + spread] needs spread < 1 to stay positive")
        for d in self.sweep_deltas:
            if not -1 < d < 1:
                raise ConfigError(f"{source}: sweep_deltas must lie in (−1, 1) (shares, not percent), got {d}")
        if not 0 <= self.input_materiality < 1:
            raise ConfigError(f"{source}: input_materiality must lie in [0, 1), got {self.input_materiality}")

    @property
    def noise_map(self) -> dict[str, float]:
        return dict(self.noise)

    @property
    def weights_map(self) -> dict[str, float]:
        return dict(self.composite_weights)


def _check_increasing(name: str, values: tuple[float, ...], source: str) -> None:
    """Thresholds each one above the last: a repeated or out-of-order value is a typo, not a band."""
    for lo, hi in zip(values, values[1:]):
        if not lo < hi:
            shown = ", ".join(f"{v:g}" for v in values)
            what = f"{lo:g} is given twice" if lo == hi else f"{hi:g} comes after {lo:g}"
            raise ConfigError(f"{source}: {name} must be strictly increasing, got [{shown}] ({what}); e.g. "
                              f"[{', '.join(f'{v:g}' for v in sorted(set(values)))}]")


def _not_given(value: Any) -> bool:
    """None, or an empty repeatable option (click gives ``()`` for an option not used)."""
    return value is None or (isinstance(value, (tuple, list)) and not value)


def read_settings(config_file: str | Path | None = None, config_options: Mapping[str, Any] | None = None,
                  input_options: Mapping[str, Any] | None = None) -> tuple[Config, Inputs]:
    """The analysis parameters and the input files of a run, from one config file and the options given.

    The one reader of a settings file that holds both: every key is Config's, Inputs' or ``out``,
    anything else is an error naming the key (and the valid key it most resembles); options given
    (None: not given) win over the file's values.

    Examples
    --------
    >>> cfg, inp = read_settings(config_options={"target": "CHN"}, input_options={"imports": ["a.csv"]})
    >>> cfg.target, [p.name for p in inp.imports]
    ('CHN', ['a.csv'])
    """
    config = Config.from_options(config_file, **dict(config_options or {}))
    inputs = Inputs.from_options(config_file, others=[*Config.field_names(), "out"], **dict(input_options or {}))
    settings_out(config_file)  # a bad out is refused here, with the other keys, before any input is read
    return config, inputs


def settings_out(config_file: str | Path | None) -> Path | None:
    """The ``out`` of a settings file: a folder, relative to the file's own folder as its input paths are; None when
    the file (or its ``out``) is not given."""
    if config_file is None:
        return None
    from exposure.tomlfile import read_toml

    path = Path(config_file)
    value = read_toml(path).get("out")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{path.name}: out must be a folder name written as text (out = \"exposure-report\"), "
                          f"got {value!r}")
    out = Path(value).expanduser()
    return out if out.is_absolute() else path.parent / out
