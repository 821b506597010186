"""The Excel workbook an analyst forwards as it is (DESIGN §9, issue 17).

Built fresh with openpyxl on every run, every text in the report's language, named in 맑은 고딕 /
Malgun Gothic (Hangul glyphs), each sheet set up for A4 printing:

요약 / Summary (a one-page brief), 업종 / Sectors, 시나리오 / Scenarios, 주간 영향 / Time profile,
기여요인 / Drivers, 핵심 투입재 / Critical inputs, 품목 / Products, 공급부족 / Shocks, 수출품목 /
Export items (when given), 대체 공급처 / Alternatives, 차기 규제 후보 / Next targets, 의존 품목 /
Dependence counts, 조기경보 / Early warning (with monthly imports), 불확실성 / Uncertainty, 검증 /
Validation and 방법론 / README (method, parameters, column dictionary). Sheets show what matters
(top-N, the rest summed); the full tables are the CSV/Parquet files. The file is written atomically.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils.indexed_list import IndexedList

import exposure
from exposure.report import view
from exposure.report.atomic import atomic_write
from exposure.report.fonts import WORKBOOK_FONT, WORKBOOK_FONT_SIZE
from exposure.report.labels import check_lang, sheet_name, text
from exposure.report.sheet_method import scenario_parameters_table, sheet_method
from exposure.report.sheet_summary import sheet_summary
from exposure.report.sheets_detail import (Context, sheet_drivers, sheet_export_items, sheet_products,
                                           sheet_scenarios, sheet_sectors, sheet_shocks, sheet_uncertainty,
                                           sheet_validation)
from exposure.report.sheets_screens import (has_table, sheet_alternatives, sheet_critical, sheet_dependence,
                                            sheet_early_warning, sheet_next_targets, sheet_weekly)
from exposure.report.sheetwriter import (FORMULA_PREFIXES, SheetWriter, cell_value, display_width, put,  # noqa: F401
                                         safe_text)
from exposure.results import Results


def _sheets(results: Results) -> list[tuple[str, Callable]]:
    """(sheet key, builder) in workbook order; sheets whose table the run did not produce are left out."""
    r = results
    out: list[tuple[str, Callable]] = [
        ("summary", lambda ws, c: sheet_summary(ws, r, c.lang)),
        ("sectors", sheet_sectors),
        ("scenarios", lambda ws, c: sheet_scenarios(ws, c, scenario_parameters_table)),
    ]
    if has_table(r.weekly):
        out.append(("weekly", sheet_weekly))
    out.append(("drivers", sheet_drivers))
    if has_table(r.critical):
        out.append(("critical", sheet_critical))
    out += [("products", sheet_products), ("shocks", sheet_shocks)]
    if not r.export_items.empty:
        out.append(("export_items", sheet_export_items))
    if has_table(r.alternatives):
        out.append(("alternatives", sheet_alternatives))
    if has_table(r.next_targets):
        out.append(("next_targets", sheet_next_targets))
    if has_table(r.dependence):
        out.append(("dependence", sheet_dependence))
    if has_table(r.monitor_panel):
        out.append(("early_warning", sheet_early_warning))
    for key in ("countermeasures", "top100"):
        if has_table(getattr(r, key, None)):
            from exposure.report.sheets_countermeasures import BUILDERS

            out.append((key, BUILDERS[key]))
    out += [("uncertainty", sheet_uncertainty), ("validation", sheet_validation), ("readme", sheet_method)]
    return out


def new_workbook(lang: str) -> Workbook:
    """An empty workbook whose default font is the workbook font (every cell without a font of its own)."""
    wb = Workbook()
    wb.remove(wb.active)
    font = Font(name=WORKBOOK_FONT[lang], size=WORKBOOK_FONT_SIZE, family=3 if lang == "ko" else 2,
                charset=129 if lang == "ko" else None)  # 129: Hangul
    wb._fonts = IndexedList([font])  # font 0: the style of every plain cell
    wb._named_styles["Normal"].font = font
    return wb


def resolve_created(results: Results, created: datetime | None = None) -> datetime:
    """The workbook's creation time: given > ``results.created`` > $SOURCE_DATE_EPOCH > now (UTC, naive)."""
    stamp = created or getattr(results, "created", None)
    if stamp is None and os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        stamp = datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), tz=timezone.utc)
    if stamp is None:
        stamp = datetime.now(tz=timezone.utc)
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(timezone.utc).replace(tzinfo=None)
    return stamp.replace(microsecond=0)


def build_workbook(results: Results, lang: str = "ko", created: datetime | None = None) -> Workbook:
    """Build the report workbook in memory (see :func:`write_workbook`)."""
    check_lang(lang)
    wb = new_workbook(lang)
    ctx = Context(results, lang)
    for key, build in _sheets(results):
        build(wb.create_sheet(sheet_name(key, lang)), ctx)
    wb.active = 0  # open on the Summary
    props = wb.properties
    props.title = text("title", lang)
    props.creator = f"exposure {exposure.__version__}"
    props.lastModifiedBy = props.creator
    props.created = resolve_created(results, created)
    props.subject = ", ".join(ctx.tr.scenario(s) for s in view.scenario_order(results))
    props.language = "ko-KR" if lang == "ko" else "en"
    props.keywords = f"exposure; {results.config.reporter}; {results.config.target}"
    return wb


def write_workbook(results: Results, path: str | os.PathLike[str], lang: str = "ko",
                   created: datetime | None = None) -> Path:
    """Write the report workbook to ``path`` atomically and return the path.

    Parameters
    ----------
    results : Results
        What the run produced.
    path : path-like
        The ``.xlsx`` file; an existing file is replaced only when the new one is complete.
    lang : {"ko", "en"}
        Language of sheet names, headers and texts (Korean by default).
    created : datetime, optional
        The creation time stored in the workbook properties (UTC). Defaults to
        ``results.created`` when present, else ``$SOURCE_DATE_EPOCH``, else now. Cell contents
        never depend on the clock, so two runs on the same Results give identical cells.

    Returns
    -------
    Path
    """
    wb = build_workbook(results, lang, created)
    target = Path(path)
    with atomic_write(target) as tmp:
        wb.save(tmp)
    return target


__all__ = ["FORMULA_PREFIXES", "SheetWriter", "build_workbook", "cell_value", "display_width", "put", "safe_text",
           "write_workbook", "new_workbook", "resolve_created"]
