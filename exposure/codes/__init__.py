"""Code handling and reference tables: HS/HSK/MTI codes, HS revisions, product→sector
concordances, country codes and end-use overrides (DESIGN §2, §5).

The tables live in ``exposure/codes/data`` (CSV; provenance in ``data/SOURCES.md``) and are
regenerated from public sources by the maintainer script ``tools/build_code_tables.py``
(run from the repository root; the package never imports it).
"""

# ``exposure.codes.concordance`` stays the module (callers import it as such); its function
# ``concordance(name)`` is reached as ``exposure.codes.concordance.concordance``.
from exposure.codes.concordance import (SECTOR_SYSTEMS, allocate, concordance_names, ksic_to_isic,
                                        sector_isic_divisions, sector_names)
from exposure.codes.countries import country_names, country_table, from_numeric, name_key, to_iso3
from exposure.codes.hs_revisions import REVISIONS, convert_hs, hs_concordance, hs_revision, revision_links
from exposure.codes.normalize import CODE_LENGTHS, code_length, code_system_parts, normalize_codes, roll_up
from exposure.codes.overrides import default_overrides_path, load_overrides

__all__ = [
    # normalize
    "CODE_LENGTHS", "code_length", "code_system_parts", "normalize_codes", "roll_up",
    # countries
    "country_names", "country_table", "from_numeric", "name_key", "to_iso3",
    # HS revisions
    "REVISIONS", "convert_hs", "hs_concordance", "hs_revision", "revision_links",
    # concordances
    "SECTOR_SYSTEMS", "allocate", "concordance_names", "ksic_to_isic", "sector_isic_divisions",
    "sector_names",
    # overrides
    "default_overrides_path", "load_overrides",
]
