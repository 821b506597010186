"""The canonical tables every part of the tool speaks (DESIGN §3).

Loaders produce these tables; the core consumes them. Values are USD (never
thousand USD) as float64; codes are strings that keep their leading zeros.

Validation happens at the boundaries (after a loader, before the core) and
collects *all* failures into one table, so the user fixes a file once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from exposure.schema.core import FLOAT, INT, STR, Column, TableSpec

WORLD = "WLD"
UNKNOWN_PARTNER = "UNK"


TRADE_FLOWS = TableSpec(
    "TradeFlows",
    (
        Column("year", INT, description_en="calendar year", description_ko="연도"),
        Column("month", INT, description_en="month, 0 = annual", description_ko="월 (0 = 연간)"),
        Column("reporter", STR, description_en="reporter ISO3", description_ko="보고국 ISO3"),
        Column("partner", STR, description_en="partner ISO3 (WLD world, UNK unknown)", description_ko="상대국 ISO3"),
        Column("flow", STR, allowed=("M", "X"), description_en="M import, X export", description_ko="M 수입, X 수출"),
        Column("code", STR, description_en="product code with leading zeros", description_ko="품목 코드"),
        Column("code_system", STR, description_en="code system, e.g. HS6-2017, HSK10", description_ko="코드 체계"),
        Column("name", STR, required=False, description_en="product name as given in the file",
               description_ko="품목명"),
        Column("value_usd", FLOAT, nonnegative=True, description_en="trade value, USD", description_ko="금액 (달러)"),
        Column("qty", FLOAT, required=False, description_en="quantity", description_ko="물량"),
        Column("qty_unit", STR, required=False, description_en="quantity unit", description_ko="물량 단위"),
        Column("source", STR, description_en="file the row came from", description_ko="원자료 파일"),
    ),
    key=("year", "month", "reporter", "partner", "flow", "code", "code_system"),
)

EXPORT_ITEMS = TableSpec(
    "ExportItems",
    (
        Column("year", INT, description_en="year", description_ko="연도"),
        Column("rank", INT, description_en="rank in the source table", description_ko="순위"),
        Column("item_code", STR, description_en="item code (e.g. MTI 3-digit)", description_ko="품목 코드"),
        Column("code_system", STR, description_en="code system", description_ko="코드 체계"),
        Column("item_name_ko", STR, description_en="item name (Korean)", description_ko="품목명"),
        Column("item_name_en", STR, required=False, description_en="item name (English)", description_ko="품목명 (영문)"),
        Column("export_usd", FLOAT, nonnegative=True, description_en="exports, USD", description_ko="수출액 (달러)"),
        Column("export_to_target_usd", FLOAT, required=False, nonnegative=True,
               description_en="exports to the target partner, USD", description_ko="대상국 수출액 (달러)"),
        Column("sector", STR, required=False, description_en="sector code", description_ko="업종 코드"),
    ),
    key=("year", "item_code"),
)

SECTOR_PROFILE = TableSpec(
    "SectorProfile",
    (
        Column("sector", STR, description_en="sector code", description_ko="업종 코드"),
        Column("sector_name_ko", STR, description_en="sector name (Korean)", description_ko="업종명"),
        Column("sector_name_en", STR, description_en="sector name (English)", description_ko="업종명 (영문)"),
        Column("export_usd", FLOAT, nonnegative=True, description_en="sector exports, USD", description_ko="수출액 (달러)"),
        Column("output_usd", FLOAT, nonnegative=True, description_en="sector output, USD", description_ko="산출액 (달러)"),
        Column("sme_share", FLOAT, unit_interval=True, description_en="SME share (0-1)", description_ko="중소기업 비중"),
        Column("sme_share_basis", STR, required=False, allowed=("export", "exports", "output", "output-calibrated"),
               description_en="what sme_share is a share of", description_ko="중소기업 비중 기준"),
        Column("sme_firms", FLOAT, required=False, nonnegative=True, description_en="number of SMEs", description_ko="중소기업 수"),
        Column("export_to_target_usd", FLOAT, required=False, nonnegative=True,
               description_en="sector exports to the target partner, USD", description_ko="대상국 수출액 (달러)"),
    ),
    key=("sector",),
)

CONCORDANCE = TableSpec(
    "Concordance",
    (
        Column("from_code", STR, description_en="source code", description_ko="원 코드"),
        Column("to_code", STR, description_en="target code", description_ko="대상 코드"),
        Column("weight", FLOAT, unit_interval=True, description_en="share of from_code going to to_code",
               description_ko="배분 비중"),
    ),
    key=("from_code", "to_code"),
)


@dataclass
class IOTable:
    """An industry × industry input–output table in USD.

    ``domestic`` and ``imported`` are square intermediate-flow matrices
    (rows: supplying sector/product, columns: using sector) with identical,
    ordered sector labels. ``output``, ``exports`` and ``imports`` are Series
    indexed by the same labels. ``imported`` may be derived (import-
    proportionality) when the source only gives total flows; ``notes`` says so.
    """

    domestic: pd.DataFrame
    imported: pd.DataFrame
    output: pd.Series
    exports: pd.Series
    imports: pd.Series
    names: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    source: str = ""

    @property
    def sectors(self) -> list[str]:
        return list(self.domestic.index)

    @classmethod
    def from_arrays(cls, sectors: list[str], domestic: np.ndarray, imported: np.ndarray, output: np.ndarray,
                    exports: np.ndarray, imports: np.ndarray, **meta: object) -> "IOTable":
        """An IOTable from plain arrays aligned on ``sectors`` (``meta``: names, notes, source)."""
        labels = pd.Index(sectors, name="sector")
        return cls(domestic=pd.DataFrame(domestic, index=labels, columns=labels),
                   imported=pd.DataFrame(imported, index=labels, columns=labels),
                   output=pd.Series(output, index=labels, name="output"),
                   exports=pd.Series(exports, index=labels, name="exports"),
                   imports=pd.Series(imports, index=labels, name="imports"), **meta)  # type: ignore[arg-type]


DROPPED_COLUMNS = ["source", "row", "reason", "value_usd", "detail"]
TOTALS_COLUMNS = ["source", "row", "label", "total_usd", "sum_of_rows_usd", "difference_usd"]


@dataclass
class LoadReport:
    """What a loader read, kept and dropped: nothing disappears silently.

    Invariants (checked by :meth:`check`): ``rows_read == rows_kept + len(dropped)``
    and ``value_read == value_kept + dropped.value_usd.sum()``.
    """

    source: str
    format: str = ""
    encoding: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    unit: str | None = None
    code_system: str | None = None
    column_mapping: dict[str, str] = field(default_factory=dict)
    rows_read: int = 0
    rows_kept: int = 0
    value_read: float = 0.0
    value_kept: float = 0.0
    dropped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=DROPPED_COLUMNS))
    totals: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TOTALS_COLUMNS))
    warnings: list[str] = field(default_factory=list)

    @property
    def value_dropped(self) -> float:
        return float(self.dropped["value_usd"].fillna(0).sum()) if len(self.dropped) else 0.0

    def check(self, rtol: float = 1e-9) -> None:
        """Raise AssertionError if rows or value do not reconcile."""
        if self.rows_read != self.rows_kept + len(self.dropped):
            raise AssertionError(
                f"{self.source}: rows read {self.rows_read} != kept {self.rows_kept} + dropped {len(self.dropped)}"
            )
        expected = self.value_kept + self.value_dropped
        if not np.isclose(self.value_read, expected, rtol=rtol, atol=1e-6):
            raise AssertionError(f"{self.source}: value read {self.value_read} != kept + dropped {expected}")

    def summary(self) -> dict[str, object]:
        """One flat row for the Validation sheet."""
        return {
            "source": self.source,
            "format": self.format,
            "encoding": self.encoding or "",
            "sheet": self.sheet or "",
            "header_row": self.header_row,
            "unit": self.unit or "",
            "code_system": self.code_system or "",
            "rows_read": self.rows_read,
            "rows_kept": self.rows_kept,
            "rows_dropped": len(self.dropped),
            "value_read_usd": self.value_read,
            "value_kept_usd": self.value_kept,
            "value_dropped_usd": self.value_dropped,
            "warnings": "; ".join(self.warnings),
        }


def empty_dropped() -> pd.DataFrame:
    return pd.DataFrame({"source": pd.Series(dtype=object), "row": pd.Series(dtype="int64"),
                         "reason": pd.Series(dtype=object), "value_usd": pd.Series(dtype="float64"),
                         "detail": pd.Series(dtype=object)})


