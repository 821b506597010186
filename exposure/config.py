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
    noise: tuple[tuple[str, float], ...] = (
        ("coverage", 0.2), ("phi", 0.2), ("buffer_days", 0.3), ("lag_days", 0.3),
        ("io", 0.1), ("sme_share", 0.1), ("weights", 0.2))
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
        if self.lang not in ("ko", "en"):
            raise ConfigError(f"{source}: lang must be 'ko' or 'en', got {self.lang!r}")
        if len(self.target) != 3 or not self.target.isalpha():
            raise ConfigError(f"{source}: target must be an ISO3 code such as JPN, got {self.target!r}")

    @property
    def noise_map(self) -> dict[str, float]:
        return dict(self.noise)

    @property
    def weights_map(self) -> dict[str, float]:
        return dict(self.composite_weights)
