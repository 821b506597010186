"""One object holding every analysis parameter, with the defaults of DESIGN §4–§8.

Thresholds are parameters, never constants buried in code. A config can be
built from a TOML file or a mapping whose keys mirror the CLI options; unknown
keys are an error that lists the valid ones.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from exposure.errors import ConfigError

#: Sector columns a ranking can use (DESIGN §7); "composite" is the weighted index.
COMPOSITE_COMPONENTS = ("exposure_rate", "export_at_risk_usd", "sme_export_at_risk_usd", "demand_at_risk_usd",
                        "sme_demand_at_risk_usd")
RANK_CHOICES = COMPOSITE_COMPONENTS + ("composite",)
NORMALISATIONS = ("minmax", "rank", "zscore")
#: Uncertain parameter groups of the Monte Carlo (DESIGN §8), the keys of ``Config.noise``.
NOISE_PARAMETERS = ("coverage", "phi", "buffer_days", "lag_days", "io", "sme_share", "weights", "normalisation")
NOISE_DISTRIBUTIONS = ("lognormal", "uniform")


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
    # scoring (§7)
    rank_by: str = "sme_export_at_risk_usd"
    composite_weights: tuple[tuple[str, float], ...] = (
        ("exposure_rate", 0.4), ("sme_export_at_risk_usd", 0.4), ("demand_at_risk_usd", 0.2))
    composite_normalisation: str = "minmax"  # or "rank", "zscore"
    top_n: int = 10
    # uncertainty (§8)
    draws: int = 0
    seed: int = 20190701
    # noise: (parameter, spread) per group of NOISE_PARAMETERS; a group left out has no noise.
    # Every group but normalisation is multiplicative: each draw scales the group by a draw-level
    # factor and each item (product, sector, IO cell, index weight) by its own factor with
    # noise_item × that spread. Spread = sd of the log factor (lognormal, median 1) or the half
    # width of a uniform factor on [1 − spread, 1 + spread]. Coverage, φ and SME shares are
    # clipped to [0, 1]; days stay ≥ 0. normalisation is the probability that a draw ranks the
    # composite with another of NORMALISATIONS than composite_normalisation (chosen evenly).
    noise: tuple[tuple[str, float], ...] = (
        ("coverage", 0.2), ("phi", 0.2), ("buffer_days", 0.3), ("lag_days", 0.3),
        ("io", 0.1), ("sme_share", 0.1), ("weights", 0.2), ("normalisation", 0.25))
    noise_distribution: str = "lognormal"  # or "uniform"
    noise_item: float = 0.5  # per-item spread as a fraction of the group's spread (0: items move together)
    # threshold sweep: offsets added to each share band and to hhi_concentrated
    sweep_deltas: tuple[float, ...] = (-0.10, -0.05, 0.05, 0.10)
    # a sector depends on a product when losing all of the product's imports from the target
    # would directly cost at least this share of the sector's output (0.01 %: a single HS line
    # is small beside a whole industry's output)
    input_materiality: float = 1e-4
    # output
    lang: str = "ko"
    scenarios: tuple[str, ...] = ("2019-three-items",)
    formats: tuple[str, ...] = ("xlsx", "csv", "png")

    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls) if f.name != "extra"]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "config") -> "Config":
        """Build a Config from a mapping, naming any unknown key and the valid ones."""
        data = {k.replace("-", "_"): v for k, v in data.items()}
        unknown = sorted(set(data) - set(cls.field_names()))
        if unknown:
            raise ConfigError(
                f"{source}: unknown key{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
                f"valid keys are: {', '.join(cls.field_names())}"
            )
        kwargs: dict[str, Any] = {}
        defaults = cls()
        for key, value in data.items():
            default = getattr(defaults, key)
            if isinstance(default, tuple):
                if isinstance(value, Mapping):
                    value = tuple((str(k), float(v)) for k, v in value.items())
                elif isinstance(value, str):
                    value = tuple(v.strip() for v in value.split(",") if v.strip())
                else:
                    value = tuple(value)
            kwargs[key] = value
        cfg = cls(**kwargs)
        cfg.check(source)
        return cfg

    @classmethod
    def from_toml(cls, path: str | Path) -> "Config":
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: config file not found") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path.name}: not valid TOML ({exc})") from None
        return cls.from_mapping(data, source=path.name)

    def replace(self, **changes: Any) -> "Config":
        cfg = dataclasses.replace(self, **changes)
        cfg.check()
        return cfg

    def check(self, source: str = "config") -> None:
        """Raise ConfigError naming the first bad parameter."""
        for name in ("cap_exposure", "cap_share"):
            v = getattr(self, name)
            if not v > 0:
                raise ConfigError(f"{source}: {name} must be > 0, got {v}")
        for name in ("buffer_days", "horizon_days"):
            v = getattr(self, name)
            if not v >= 0:
                raise ConfigError(f"{source}: {name} must be ≥ 0 days, got {v}")
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
        for key, w in self.composite_weights:
            if key not in COMPOSITE_COMPONENTS:
                raise ConfigError(f"{source}: composite_weights key {key!r} is not known; valid keys are: "
                                  f"{', '.join(COMPOSITE_COMPONENTS)}")
            if not w >= 0:
                raise ConfigError(f"{source}: composite_weights[{key!r}] must be ≥ 0, got {w}")
        for b in self.share_bands:
            if not 0 < b <= 1:
                raise ConfigError(f"{source}: share_bands must lie in (0, 1], got {b}")
        for name in ("hhi_concentrated", "world_hhi_concentrated"):
            v = getattr(self, name)
            if not 0 <= v <= 1:
                raise ConfigError(f"{source}: {name} must lie in [0, 1], got {v}")
        if self.persistence_min_years > self.persistence_window:
            raise ConfigError(f"{source}: persistence_min_years ({self.persistence_min_years}) exceeds "
                              f"persistence_window ({self.persistence_window})")
        if self.draws < 0:
            raise ConfigError(f"{source}: draws must be ≥ 0, got {self.draws}")
        self._check_noise(source)
        if self.lang not in ("ko", "en"):
            raise ConfigError(f"{source}: lang must be 'ko' or 'en', got {self.lang!r}")
        if len(self.target) != 3 or not self.target.isalpha():
            raise ConfigError(f"{source}: target must be an ISO3 code such as JPN, got {self.target!r}")

    def _check_noise(self, source: str) -> None:
        if self.noise_distribution not in NOISE_DISTRIBUTIONS:
            raise ConfigError(f"{source}: noise_distribution {self.noise_distribution!r} is not known; valid choices "
                              f"are: {', '.join(NOISE_DISTRIBUTIONS)}")
        if not self.noise_item >= 0:
            raise ConfigError(f"{source}: noise_item must be ≥ 0, got {self.noise_item}")
        for key, spread in self.noise:
            if key not in NOISE_PARAMETERS:
                raise ConfigError(f"{source}: noise key {key!r} is not known; valid keys are: "
                                  f"{', '.join(NOISE_PARAMETERS)}")
            if not spread >= 0:
                raise ConfigError(f"{source}: noise[{key!r}] must be ≥ 0, got {spread}")
            if key == "normalisation":
                if spread > 1:
                    raise ConfigError(f"{source}: noise['normalisation'] is a probability and must lie in [0, 1], "
                                      f"got {spread}")
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
