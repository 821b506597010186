"""Code handling and reference tables: HS/HSK/MTI codes, HS revisions, product→sector
concordances, country codes and end-use overrides (DESIGN §2, §5)."""

from exposure.codes.countries import country_names, country_table, from_numeric, name_key, to_iso3
from exposure.codes.normalize import CODE_LENGTHS, code_length, code_system_parts, normalize_codes, roll_up

__all__ = [
    "CODE_LENGTHS", "code_length", "code_system_parts", "normalize_codes", "roll_up",
    "country_names", "country_table", "from_numeric", "name_key", "to_iso3",
]
