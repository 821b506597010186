"""Can the run mean something? Checks before and after scoring (DESIGN §9b: no wrong number with exit 0).

Each check either raises (the run cannot mean anything: exit 1 with the reason) or returns
warnings (the run is still meaningful; they go to stderr and the Validation sheet):

- the configuration fails :meth:`Config.check` (e.g. the target partner is the reporter itself) → error;
- no import from the target in the import files → error (partners present named);
- a demand-side scenario without exports to the target by sector → error when no other scenario
  can be scored, else a warning (its sectors stay unscored, with the reason);
- every sector zero under every scenario → error (the rules match none of the target's products);
  one scenario zero everywhere → a warning.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from exposure.config import Config
from exposure.errors import DataError
from exposure.linkage import flag_table
from exposure.tomlfile import display_name


def check_target(config: Config) -> None:
    """Every check of the run configuration (:meth:`Config.check`: the target is not the reporter, ranges,
    bands …), for a Config built in Python with ``Config(...)``, which the file and option readers never saw."""
    config.check()


def check_target_in_imports(imports: pd.DataFrame, config: Config, files: list[Path]) -> None:
    partners = imports["partner"].astype(str)
    if not (partners == config.target).any():
        present = partners.value_counts()
        listing = ", ".join(f"{p} ({n})" for p, n in present.head(8).items())
        names = ", ".join(display_name(f) for f in files)
        raise DataError(names, f"no imports from the target {config.target} in the import file(s); partners present "
                               f"(rows): {listing or 'none'}; check --target or the files", column="partner")


def _has_exports_to_target(profile: pd.DataFrame | None, items: pd.DataFrame | None) -> bool:
    for table in (profile, items):
        if table is not None and "export_to_target_usd" in table.columns \
                and pd.to_numeric(table["export_to_target_usd"], errors="coerce").notna().any():
            return True
    return False


def scenario_data(loaded: dict, profile: pd.DataFrame | None, items: pd.DataFrame | None, config: Config
                  ) -> list[str]:
    """Scenarios that need data the inputs lack: an error when none of the run's scenarios can be scored."""
    warnings = overridden_settings(loaded, config)
    lacking = [s.name for s in loaded.values() if s.kind == "demand" and not _has_exports_to_target(profile, items)]
    if lacking:
        why = (f"scenario {', '.join(lacking)} is demand-side (retaliation on exports to {config.target}) and needs "
               f"each sector's exports to {config.target}: export_to_target_usd in the SME profile or the top-100 "
               f"export items table")
        if len(lacking) == len(loaded):
            raise DataError("scenarios", why + "; none of the inputs gives them")
        warnings.append(why + "; its sectors are left unscored")
    return warnings


def profile_sectors_as_io(profile: pd.DataFrame | None, sectors: list[str], source: str | None
                          ) -> tuple[pd.DataFrame | None, list[str]]:
    """The SME profile with its sector codes spelled as the IO table spells them (``d26`` is ``D26``).

    A code that matches no IO sector as written but exactly one once case and spaces are set aside is
    rewritten, and a warning says how many. When no row of the profile names an IO sector at all, the
    profile describes other sectors (another classification): refused, as a run on it scores nothing.
    """
    if profile is None or "sector" not in profile.columns or not len(profile):
        return profile, []
    known = set(sectors)
    folded: dict[str, list[str]] = {}
    for s in sectors:
        folded.setdefault("".join(s.split()).upper(), []).append(s)
    codes = profile["sector"].astype(str)
    spelled = {c: folded["".join(c.split()).upper()][0] for c in codes.unique()
               if c not in known and len(folded.get("".join(c.split()).upper(), [])) == 1}
    warnings = []
    if spelled:
        profile = profile.assign(sector=codes.map(lambda c: spelled.get(c, c)))
        shown = ", ".join(f"{a} → {b}" for a, b in list(spelled.items())[:5])
        warnings.append(f"the SME profile spells {len(spelled)} sector code(s) otherwise than the input–output table "
                        f"({shown}{' …' if len(spelled) > 5 else ''}): read as the table's codes")
    if not profile["sector"].astype(str).isin(known).any():
        raise DataError(source or "sector profile", f"no sector code of the SME profile is a sector of the "
                                                    f"input–output table (profile: {', '.join(codes.unique()[:5])}; "
                                                    f"table: {', '.join(sectors[:5])}): expected the table's "
                                                    "sector codes")
    return profile, warnings


def overridden_settings(loaded: dict, config: Config) -> list[str]:
    """Settings a scenario of the run overrides: buffer_days, lag_days or horizon_days given in the settings are
    the default of scenarios that set none, so a shipped scenario's own value wins and the setting seems ignored."""
    out = []
    default = Config()
    for key in ("buffer_days", "lag_days", "horizon_days"):
        given = getattr(config, key)
        if given == getattr(default, key):
            continue
        own = [f"{s.name} ({getattr(s, key):g})" for s in loaded.values()
               if getattr(s, key, None) is not None and getattr(s, key) != given]
        if own:
            out.append(f"{key} = {given:g} in the settings applies to scenarios that set none; {', '.join(own)} "
                       f"set their own: to change it, edit a copy of the scenario (exposure scenarios export NAME)")
    return out


def unknown_profile_sectors(profile: pd.DataFrame | None, sectors: list[str]) -> list[str]:
    """Sector codes of the SME profile that the IO table lacks: their rows' exports and SME shares go unused."""
    if profile is None or "sector" not in profile.columns:
        return []
    codes = profile["sector"].astype(str)
    unknown = list(dict.fromkeys(c for c in codes if c not in set(sectors)))
    if not unknown:
        return []
    return [f"the SME profile names {len(unknown)} sector(s) the input–output table does not have: "
            f"{', '.join(unknown[:10])}; their rows are not used (check the sector codes)"]


def years_apart(items: pd.DataFrame | None, year: int) -> list[str]:
    """The export items of another year than the imports: a top-100 table is often a year ahead or behind the
    latest imports, and its export values then weigh the products by another year's trade."""
    if items is None or not len(items) or "year" not in items.columns:
        return []
    years = sorted({int(y) for y in pd.to_numeric(items["year"], errors="coerce").dropna()})
    other = [y for y in years if y != year]
    if not other:
        return []
    return [f"the export items are for {', '.join(map(str, years))} and the imports for {year}: the items' exports "
            "are used as they are, not moved to the imports' year"]


def unknown_end_use(loaded: dict, sectors: list[str], config: Config) -> list[str]:
    """Rules whose ``end_use`` names a sector the IO table lacks (a typo moves the shortfall elsewhere)."""
    if not config.use_overrides:
        return []
    known = set(sectors)
    out = []
    for scen in loaded.values():
        for rule in scen.rules:
            for sector, _share in rule.end_use:
                if sector not in known:
                    out.append(f"rule {rule.label}: end-use sector {sector} is not in the input–output table; the "
                               "general overrides or proportional allocation apply instead")
    return list(dict.fromkeys(out))


def zero_risk(runs: dict, products: pd.DataFrame, config: Config) -> list[str]:
    """Scenarios that put no value at risk anywhere: an error when every scenario does."""
    zero = []
    for name, run in runs.items():
        s = run.sectors
        total = np.nansum(pd.to_numeric(s["export_at_risk_high_usd"], errors="coerce")) + \
            np.nansum(pd.to_numeric(s["demand_at_risk_usd"], errors="coerce"))
        if not total > 0:
            zero.append(name)
    n_target = int((pd.to_numeric(products["target_import_usd"], errors="coerce") > 0).sum())
    # rules that do match products but lose nothing: the stock and licence review outlast the horizon
    matched = {name: int((pd.to_numeric(runs[name].shocks.get("coverage", pd.Series(dtype=float)),
                                        errors="coerce") > 0).sum()) for name in zero}
    horizon = {name: _horizon(runs[name].shocks, config) for name in zero}
    if zero and len(zero) == len(runs):
        if any(matched.values()):
            raise DataError("scenarios", f"every sector's value at risk is 0 under every scenario ({', '.join(zero)}): "
                                         f"their rules match {max(matched.values()):,} product(s), but no supply is "
                                         f"lost within the horizon of {max(horizon.values()):g} days (the stock and "
                                         "the licence review last longer); lengthen horizon_days")
        raise DataError("scenarios", f"every sector's value at risk is 0 under every scenario ({', '.join(zero)}): the "
                                     f"scenarios' rules match none of the {n_target:,} products imported from "
                                     f"{config.target} in the analysis year; check the target, the year and the "
                                     f"products' code system")
    return [f"scenario {name} puts no value at risk in any sector: its rules match {matched[name]:,} product(s), but "
            f"no supply is lost within the horizon of {horizon[name]:g} days" if matched[name] else
            f"scenario {name} puts no value at risk in any sector: its rules match none of the products imported from "
            f"{config.target}" for name in zero]


def _horizon(shocks: pd.DataFrame, config: Config) -> float:
    """The horizon a scenario was scored over (its own, else the run's)."""
    h = pd.to_numeric(shocks.get("horizon_days", pd.Series(dtype=float)), errors="coerce").dropna()
    return float(h.max()) if len(h) else float(config.horizon_days)


def warning_flags(warnings: list[str]) -> pd.DataFrame:
    """The run's warnings as flag rows (for the Validation sheet)."""
    return flag_table([dict(scenario="", kind="run_warning", severity="warning", code="", sector="", value=np.nan,
                            detail=w) for w in warnings])
