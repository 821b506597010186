"""Code handling and reference tables: HS/HSK/MTI codes, HS revisions, product→sector
concordances, country codes, end-use overrides, end use by BEC, critical inputs and the names
the shipped tables know (DESIGN §2, §5, §7a).

The tables live in ``exposure/codes/data`` (CSV; provenance in ``data/SOURCES.md``) and are
regenerated from public sources by the maintainer script ``tools/build_code_tables.py``
(run from the repository root; the package never imports it).
"""

# ``exposure.codes.concordance`` stays the module (callers import it as such); its function
# ``concordance(name)`` is reached as ``exposure.codes.concordance.concordance``.
from exposure.codes.bec import CHANNEL, END_USES, end_use_classes, end_use_name, engine_channel, explain_end_use
from exposure.codes.concordance import (SECTOR_SYSTEMS, allocate, concordance_names, ksic_to_isic,
                                        sector_isic_divisions, sector_names)
from exposure.codes.critical import criticality_of, default_critical_path, load_critical_inputs
from exposure.codes.countries import country_names, country_table, from_numeric, name_key, to_iso3
from exposure.codes.hs_revisions import REVISIONS, convert_hs, hs_concordance, hs_revision, revision_links
from exposure.codes.names import ksic_class_names, mti_items, product_names, product_names_ko
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
    # end use (BEC)
    "CHANNEL", "END_USES", "end_use_classes", "end_use_name", "engine_channel", "explain_end_use",
    # critical inputs
    "criticality_of", "default_critical_path", "load_critical_inputs",
    # names
    "ksic_class_names", "mti_items", "product_names", "product_names_ko",
]
