"""The method sheet (방법론 / README): run, inputs with SHA-256, scenario and analysis parameters, the method,
notes and warnings of the run, and the column dictionary — all in the reader's language."""

from __future__ import annotations

from typing import Any

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

import exposure
from exposure.config import Config
from exposure.report import view
from exposure.report.labels import PARAMS, header, label, text
from exposure.report.method import method_sections
from exposure.report.sheets_detail import Context
from exposure.report.sheetwriter import PARAGRAPH_COLUMNS, SheetWriter, put
from exposure.report.translate import VOCAB, Translator
from exposure.results import Results
from exposure.schema import OUTPUTS

#: config fields whose values are names of a vocabulary (shown by their name in the reader's language)
_PARAM_VOCAB = {"production": "production", "sme_basis": "sme_share_basis", "composite_normalisation":
                "normalisation", "noise_distribution": "distribution"}
VOCAB.setdefault("normalisation", {"minmax": ("최소–최대", "min–max"), "rank": ("순위", "rank"),
                                   "zscore": ("z 점수", "z-score")})
VOCAB.setdefault("distribution", {"lognormal": ("로그정규", "lognormal"), "uniform": ("균등", "uniform")})
VOCAB["sme_share_basis"].setdefault("auto", ("자동", "automatic"))
_SCENARIO_ROWS = ("kind", "target", "rules", "buffer_days", "lag_days", "horizon_days", "phi", "licence_delay_days",
                  "max_coverage")


def sheet_method(ws: Worksheet, ctx: Context) -> None:
    res, lang, tr = ctx.results, ctx.lang, ctx.tr
    w = SheetWriter(ws, lang)
    cfg = res.config
    w.title(text("title", lang))
    w.blank()
    w.heading(text("purpose_head", lang))
    w.paragraph(text("purpose", lang))
    w.blank()
    w.heading(text("run_head", lang))
    w.pairs([
        (text("version", lang), f"exposure {exposure.__version__}"),
        (text("reporter", lang), tr.countries(cfg.reporter)),
        (text("target", lang), tr.countries(cfg.target)),
        (text("year", lang), res.year if res.year is not None else cfg.year),
        (text("scenarios", lang), ", ".join(tr.scenario(s) for s in view.scenario_order(res))),
    ])
    w.blank()
    w.heading(text("inputs_head", lang))
    inputs = view.inputs_table(res)
    if inputs.empty:
        w.line(text("no_inputs", lang))
    else:
        # file names only: a forwarded workbook should not carry the analyst's folder layout
        shown = inputs.drop(columns=["path"]).assign(role=tr.values("role", inputs["role"]))
        w.table(shown, "Inputs")
    w.blank()
    if scenario_parameters_table(w, ctx, "ScenarioParameters"):
        w.blank()
    w.heading(text("params_head", lang))
    params = params_table(cfg, lang, tr)
    w.table(params, "Parameters", column_headers=[text("param", lang), text("param_value", lang),
                                                  text("param_desc", lang)],
            formats={c: None for c in params.columns})
    w.blank()
    w.heading(text("formulas_head", lang))
    for head, body in method_sections(cfg, lang, res.notes, res.sme_basis):
        put(ws, w.row, 1, head).font = w.fonts.bold
        w.row += 1
        w.paragraph(body)
    for head, lines in ((text("notes_head", lang), res.notes), (text("warnings_head", lang), res.warnings)):
        if lines:
            w.blank()
            w.heading(head)
            for note in lines:
                w.paragraph(tr.text(note))
    w.blank()
    w.heading(text("dictionary_head", lang))
    d = dictionary(res, lang)
    keys = ("dict_column", "dict_table", "dict_ko", "dict_en", "dict_desc") if lang == "ko" else \
        ("dict_column", "dict_table", "dict_en", "dict_ko", "dict_desc")
    w.table(d, "ColumnDictionary", column_headers=[text(k, lang) for k in keys], formats={c: None for c in d.columns})
    for col in range(1, PARAGRAPH_COLUMNS + 1):
        w.widths[col] = max(w.widths.get(col, 0), 18)  # paragraphs span A:D
    w.finish()


def _param_text(value: Any) -> str:
    """A Config value as a reader writes it: "a, b" for tuples, "name=0.4, …" for pairs."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        if value and all(isinstance(x, tuple) and len(x) == 2 for x in value):
            return ", ".join(f"{k}={v:g}" if isinstance(v, (int, float)) else f"{k}={v}" for k, v in value)
        return ", ".join(str(x) for x in value)
    return str(value)


def _param_value(name: str, value: Any, lang: str, tr: Translator) -> str:
    """A parameter's value in the reader's words: names for enumerations, labels for columns, scenario names."""
    if value is None:
        return ""
    if name == "scenarios":  # by name in both languages: an id is no text for a reader
        return ", ".join(tr.scenario(s) for s in value)
    if lang == "en":
        return _param_text(value)
    if isinstance(value, bool):
        return text("yes" if value else "no", lang)
    if name in _PARAM_VOCAB:
        return VOCAB[_PARAM_VOCAB[name]].get(str(value), (str(value), str(value)))[0]
    if name == "rank_by":
        return tr.value("rank_basis", value)
    if name == "countermeasures":
        return ", ".join(tr.countermeasure(c) for c in value)
    if name == "formats":
        return ", ".join(str(v).upper() for v in value)
    if name == "lang":
        return {"ko": "한국어", "en": "영어"}.get(str(value), str(value))
    if name == "sme_export_share_source":
        return tr.text(value)
    if name in ("noise", "composite_weights"):
        return ", ".join(f"{tr.value('parameter', k) if name == 'noise' else tr.column_label(k)}={v:g}"
                         for k, v in value)
    return _param_text(value)


def params_table(cfg: Config, lang: str, tr: Translator) -> pd.DataFrame:
    rows = []
    for name in Config.field_names():
        ko, en = PARAMS.get(name, (name, name))
        rows.append({"parameter": name, "value": _param_value(name, getattr(cfg, name), lang, tr),
                     "description": ko if lang == "ko" else en})
    return pd.DataFrame(rows)


def scenario_parameters(results: Results, lang: str, tr: Translator) -> pd.DataFrame:
    """The scenarios' parameters side by side: one row per parameter, one column per scenario (by its name)."""
    s = results.scenarios
    if s is None or s.empty or "scenario" not in s.columns:
        return pd.DataFrame()
    s = s.drop_duplicates("scenario")
    names = [tr.scenario(x) for x in s["scenario"].astype(str)]
    desc = "description_ko" if lang == "ko" else "description_en"
    rows = []
    for col in (desc, *_SCENARIO_ROWS):
        if col not in s.columns:
            continue
        values = s[col].tolist()
        if col == "kind":
            values = [tr.value("kind", v) for v in values]
        elif col == "target":
            values = [tr.countries(str(v)) for v in values]
        rows.append({"parameter": header(col, lang), **dict(zip(names, values))})
    return pd.DataFrame(rows, columns=["parameter", *names])


def scenario_parameters_table(w: SheetWriter, ctx: Context, name: str) -> bool:
    """The scenarios' parameters side by side as an Excel table named ``name``; False when there are none."""
    params = scenario_parameters(ctx.results, ctx.lang, ctx.tr)
    if params.empty:
        return False
    w.heading(text("scenario_params_head", ctx.lang))
    w.table(params, name, column_headers=[text("param", ctx.lang), *params.columns[1:]],
            formats={c: None for c in params.columns})
    return True


def dictionary(results: Results, lang: str = "ko") -> pd.DataFrame:
    """The column dictionary: every column of the output tables once, the files that hold it, its labels and
    description (Korean workbook: Korean and English labels, Korean description; English: the other way)."""
    from exposure.report.tables import result_tables

    tables = result_tables(results)
    where: dict[str, list[str]] = {}
    for table, df in tables.items():
        cols = list(df.columns) if len(df.columns) else OUTPUTS[table].names
        for col in cols:
            where.setdefault(str(col), []).append(f"{table}.csv")
    rows = []
    for col, files in where.items():
        lab = label(col)
        first, second = (lab.ko, lab.en) if lang == "ko" else (lab.en, lab.ko)
        rows.append({"column": col, "tables": ", ".join(files), "label_1": first, "label_2": second,
                     "description": lab.desc_ko if lang == "ko" else lab.desc_en})
    return pd.DataFrame(rows)
