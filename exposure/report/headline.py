"""What the one-page brief says (the Summary sheet and the PDF brief): headlines, totals, top sectors, basis.

Pure presentation of the run's tables, in Korean or English:

- :func:`scenario_totals` — per scenario the totals over sectors (USD over its horizon): all firms,
  SMEs, the SME range of the production functions (linear–Leontief), sectors hit, the largest sector
  and the week output first falls there; demand-side scenarios use the exports to the target;
- :func:`headlines` — one sentence per scenario from those totals (백만/억 달러, USD million/billion);
- :func:`top_sectors` — the sectors at the top of any scenario, side by side, with the central
  figure, the 5–95 % Monte Carlo interval (when draws were run) and the linear–Leontief range;
- :func:`no_data` — sectors without a score, counted by reason;
- :func:`basis` — what the figures rest on (unit and horizon, SME basis, production function, IO
  split, draws, sources).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

import numpy as np
import pandas as pd

from exposure.report import view
from exposure.report.money import range_text, say_money
from exposure.report.translate import VOCAB, Translator, translator
from exposure.results import Results

TOP_SECTORS = 10

_T = {
    "line": ("{name}: 분석 기간 {h}일 동안 중소기업 수출 {sme}{range}가 위험합니다 (전체 기업 {all}). 가장 큰 업종은 "
             "{top}({top_value}, 중소기업 위험액의 {share})이며{week}.",
             "{name}: over {h} days, {sme} of SME exports{range} are at risk (all firms: {all}). The largest is "
             "{top} ({top_value}, {share} of the SME total){week}."),
    "demand": ("{name}: 분석 기간 {h}일 동안 중소기업의 대상국 수출 {sme}가 위험합니다 (전체 기업 {all}). 가장 큰 업종은 "
               "{top}({top_value}, {share})입니다.",
               "{name}: over {h} days, {sme} of SME exports to the target are at risk (all firms: {all}). The largest "
               "is {top} ({top_value}, {share})."),
    "range": ("(생산함수에 따라 {low}–{high})", " ({low}–{high} depending on the production function)"),
    "week": (", 산출은 {w}주째부터 줄어듭니다", "; output first falls in week {w}"),
    "week_now": (", 산출은 첫 주부터 줄어듭니다", "; output falls from the first week"),
    "zero": ("{name}: 분석 기간 {h}일 동안 위험액이 없습니다 — 시나리오 규칙에 맞는 대상국 수입 품목이 없습니다.",
             "{name}: nothing at risk over {h} days — the scenario's rules match no product imported from the target."),
    "unscored": ("{name}: 계산하지 못했습니다 — {why}.", "{name}: not scored — {why}."),
    "unscored_why": ("업종별 대상국 수출액 자료가 없습니다 (중소기업 프로필이나 수출 상위 품목 표에 필요)",
                     "no exports to the target by sector (needed in the SME profile or the top-100 items table)"),
    "sme_basis": ("중소기업 비중 기준: {basis}", "SME share basis: {basis}"),
    "money": ("금액: 미국 달러, 각 시나리오의 분석 기간(H = {h}일) 동안의 손실 (연간 금액 아님)",
              "Money: US dollars lost over each scenario's horizon (H = {h} days), not per year"),
    "production": ("중심 추정의 생산함수: {p}{sigma}; 범위는 선형(하한)–레온티예프(상한)",
                   "Production function of the central figure: {p}{sigma}; range linear (low) to Leontief (high)"),
    "io_official": ("산업연관표의 수입·국산 분리: 제공 기관(OECD)의 자체 분리 (국산 레온티예프 역행렬)",
                    "IO split: the provider's own (OECD domestic Leontief inverse)"),
    "io_proportional": ("산업연관표의 수입·국산 분리: 수입비례 가정 (총거래만 제공)",
                        "IO split: import proportionality (the table gives total flows only)"),
    "draws": ("불확실성: 몬테카를로 {n:,}회 (시드 {seed}), 5–95% 구간",
              "Uncertainty: {n:,} Monte Carlo draws (seed {seed}), 5–95 % interval"),
    "no_draws": ("불확실성: 몬테카를로를 실행하지 않음 (범위는 생산함수 범위)",
                 "Uncertainty: no Monte Carlo draws (ranges are the production-function range)"),
    "sources": ("자료: {files}", "Sources: {files}"),
    "no_data_line": ("{reason}: {n}개 업종 — {sectors}{where}", "{reason}: {n} {noun} — {sectors}{where}"),
    "where": (" ({scenarios})", " ({scenarios})"),
}


def t(key: str, lang: str, **kw: object) -> str:
    ko, en = _T[key]
    return (ko if lang == "ko" else en).format(**kw)


@dataclass
class Totals:
    scenario: str
    name: str
    kind: str
    horizon_days: float
    scored: bool
    all_usd: float
    sme_usd: float
    sme_low_usd: float
    sme_high_usd: float
    sectors_hit: int
    top_sector: str
    top_name: str
    top_usd: float
    first_week: float


def _num(df: pd.DataFrame, col: str) -> np.ndarray:
    return pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float) if col in df.columns \
        else np.full(len(df), np.nan)


def _cols(kind: str) -> tuple[str, str, str, str]:
    if kind == "demand":
        return "demand_at_risk_usd", "sme_demand_at_risk_usd", "sme_demand_at_risk_usd", "sme_demand_at_risk_usd"
    return "export_at_risk_usd", "sme_export_at_risk_usd", "sme_export_at_risk_low_usd", "sme_export_at_risk_high_usd"


def scenario_kinds(results: Results) -> dict[str, str]:
    s = results.scenarios
    if s is None or s.empty or "kind" not in s.columns:
        return {}
    return dict(zip(s["scenario"].astype(str), s["kind"].astype(str)))


def scenario_totals(results: Results, lang: str) -> list[Totals]:
    """Totals over sectors per scenario, in run order (see the module docstring)."""
    names = view.sector_names(results, lang)
    tr = translator(results, lang)
    kinds = scenario_kinds(results)
    out = []
    for scen in view.scenario_order(results):
        r = view.ranking(results, scen)
        kind = kinds.get(scen, "supply")
        c_all, c_sme, c_low, c_high = _cols(kind)
        sme = _num(r, c_sme)
        h = float(np.nanmax(_num(r, "horizon_days"))) if len(r) and np.isfinite(_num(r, "horizon_days")).any() \
            else float(results.config.horizon_days)
        scored = bool(np.isfinite(sme).any())
        best = int(np.nanargmax(np.where(np.isfinite(sme), sme, -np.inf))) if scored else -1
        top = str(r["sector"].iloc[best]) if best >= 0 else ""
        week = _num(r, "first_loss_week")[best] if best >= 0 and kind != "demand" else np.nan
        out.append(Totals(scen, tr.scenario(scen), kind, h, scored, float(np.nansum(_num(r, c_all))),
                          float(np.nansum(sme)), float(np.nansum(_num(r, c_low))), float(np.nansum(_num(r, c_high))),
                          int(np.sum(np.nan_to_num(sme) > 0)), top, names.get(top, top),
                          float(sme[best]) if best >= 0 else np.nan, float(week)))
    return out


def headlines(results: Results, lang: str, totals: list[Totals] | None = None) -> list[str]:
    """One sentence per scenario (see the module docstring)."""
    lines = []
    for x in totals or scenario_totals(results, lang):
        h = f"{x.horizon_days:g}"
        if not x.scored:
            lines.append(t("unscored", lang, name=x.name, why=t("unscored_why", lang)))
            continue
        if not x.sme_usd > 0 and not x.all_usd > 0:
            lines.append(t("zero", lang, name=x.name, h=h))
            continue
        share = f"{x.top_usd / x.sme_usd:.0%}" if x.sme_usd > 0 else "–"
        if x.kind == "demand":
            lines.append(t("demand", lang, name=x.name, h=h, sme=say_money(x.sme_usd, lang),
                           all=say_money(x.all_usd, lang), top=x.top_name, top_value=say_money(x.top_usd, lang),
                           share=share))
            continue
        spread = t("range", lang, low=say_money(x.sme_low_usd, lang), high=say_money(x.sme_high_usd, lang)) \
            if _differs(x.sme_low_usd, x.sme_high_usd) else ""
        week = "" if not np.isfinite(x.first_week) else (t("week_now", lang) if x.first_week <= 1 else
                                                           t("week", lang, w=int(x.first_week)))
        lines.append(t("line", lang, name=x.name, h=h, sme=say_money(x.sme_usd, lang), all=say_money(x.all_usd, lang),
                       range=spread, top=x.top_name, top_value=say_money(x.top_usd, lang), share=share, week=week))
    return lines


def _differs(a: float, b: float) -> bool:
    return np.isfinite(a) and np.isfinite(b) and abs(b - a) > 0.005 * max(abs(a), abs(b), 1.0)


def top_sectors(results: Results, lang: str, n: int = TOP_SECTORS) -> tuple[list[str], list[str], pd.DataFrame]:
    """The top sectors of the scored scenarios side by side.

    Sectors are ordered by their best rank in any scored scenario (ties: the first scenario's rank);
    the first ``n`` are kept.

    Returns
    -------
    (scenarios, names, DataFrame)
        The scored scenarios (ids, run order), their names in ``lang``, and a table with ``sector``,
        ``sector_name`` and per scenario ``<id>|value`` (USD over the horizon, SME; SME exports to the
        target for demand scenarios), ``<id>|p05``/``<id>|p95`` (Monte Carlo, NaN without draws) and
        ``<id>|low``/``<id>|high`` (linear–Leontief).
    """
    totals = [x for x in scenario_totals(results, lang) if x.scored and (x.sme_usd > 0 or x.all_usd > 0)]
    if not totals:
        return [], [], pd.DataFrame()
    u = results.uncertainty
    ranks = {}
    frames = {}
    for x in totals:
        r = view.ranking(results, x.scenario).set_index("sector")
        r.index = r.index.astype(str)
        frames[x.scenario] = r
        rk = pd.to_numeric(r["rank"], errors="coerce").astype("float64")
        ranks[x.scenario] = rk
    table = pd.DataFrame(ranks)
    key = table.min(axis=1)
    first = table.iloc[:, 0]
    chosen = pd.DataFrame({"best": key, "first": first.fillna(np.inf)}).dropna(subset=["best"])
    chosen = chosen.sort_values(["best", "first"], kind="stable").head(n).index.tolist()
    names = view.sector_names(results, lang)
    out = pd.DataFrame({"sector": chosen, "sector_name": [names.get(s, s) for s in chosen]})
    for x in totals:
        r = frames[x.scenario].reindex(chosen)
        _a, c_sme, c_low, c_high = _cols(x.kind)
        out[f"{x.scenario}|value"] = _num(r, c_sme)
        out[f"{x.scenario}|low"] = _num(r, c_low)
        out[f"{x.scenario}|high"] = _num(r, c_high)
        p05 = p95 = np.full(len(chosen), np.nan)
        if not u.empty and {"scenario", "sector"} <= set(u.columns):
            pre = "sme_demand_at_risk" if x.kind == "demand" else "sme_export_at_risk"
            sub = u[u["scenario"] == x.scenario].assign(sector=lambda d: d["sector"].astype(str)).set_index("sector")
            if f"{pre}_p05" in sub.columns:
                p05 = _num(sub.reindex(chosen), f"{pre}_p05")
                p95 = _num(sub.reindex(chosen), f"{pre}_p95")
        out[f"{x.scenario}|p05"] = p05
        out[f"{x.scenario}|p95"] = p95
    return [x.scenario for x in totals], [x.name for x in totals], out


def cell_ranges(table: pd.DataFrame, scenario: str) -> tuple[list[str], list[str]]:
    """The Monte Carlo and production-function ranges of one scenario's column as text (millions)."""
    mc = [range_text(a, b) if np.isfinite(a) and np.isfinite(b) else ""
          for a, b in zip(table[f"{scenario}|p05"], table[f"{scenario}|p95"])]
    pf = [range_text(a, b) if np.isfinite(a) and np.isfinite(b) else ""
          for a, b in zip(table[f"{scenario}|low"], table[f"{scenario}|high"])]
    return mc, pf


def no_data(results: Results, lang: str, tr: Translator | None = None) -> list[str]:
    """Sectors without a score, one line per reason: the reason, how many sectors, which (and in which
    scenarios, when not in all)."""
    s = results.sectors
    if s.empty or "no_data_reason" not in s.columns:
        return []
    tr = tr or translator(results, lang)
    names = view.sector_names(results, lang)
    order = view.scenario_order(results)
    seen: dict[str, dict[str, set[str]]] = {}
    for scen, sector, reason in zip(s["scenario"].astype(str), s["sector"].astype(str), s["no_data_reason"]):
        if not isinstance(reason, str) or not reason.strip():
            continue
        for part in reason.split("; "):
            entry = seen.setdefault(part, {"sectors": set(), "scenarios": set()})
            entry["sectors"].add(sector)
            entry["scenarios"].add(scen)
    lines = []
    for reason, entry in sorted(seen.items(), key=lambda kv: (-len(kv[1]["sectors"]), kv[0])):
        secs = sorted(entry["sectors"])
        listed = ", ".join(names.get(x, x) for x in secs[:8]) + (" …" if len(secs) > 8 else "")
        where = "" if entry["scenarios"] >= set(order) else t(
            "where", lang, scenarios=", ".join(tr.scenario(x) for x in order if x in entry["scenarios"]))
        lines.append(t("no_data_line", lang, reason=tr.text(reason), n=len(secs), sectors=listed, where=where,
                       noun="sector" if len(secs) == 1 else "sectors"))
    return lines


def basis(results: Results, lang: str, tr: Translator | None = None) -> list[str]:
    """What the figures rest on, one line each (see the module docstring)."""
    tr = tr or translator(results, lang)
    cfg = results.config
    s = results.sectors
    days = sorted({float(h) for h in s["horizon_days"].dropna()}) if "horizon_days" in s.columns and len(s) else \
        [float(cfg.horizon_days)]
    h = f"{days[0]:g}" if len(days) == 1 else f"{days[0]:g}–{days[-1]:g}"
    lines = [t("money", lang, h=h)]
    sme_note = next((n for n in results.notes if n.startswith(("SME shares", "No SME profile"))), "")
    label = VOCAB["sme_share_basis"].get(results.sme_basis, (results.sme_basis, results.sme_basis))
    lines.append(tr.text(sme_note) if sme_note else t("sme_basis", lang, basis=label[0] if lang == "ko" else label[1]))
    prod = VOCAB["production"].get(cfg.production, (cfg.production, cfg.production))[0 if lang == "ko" else 1]
    lines.append(t("production", lang, p=prod, sigma=f" (σ = {cfg.sigma:g})" if cfg.production == "ces" else ""))
    if any("provider's own split" in n for n in results.notes):
        lines.append(t("io_official", lang))
    elif any("import-proportionality" in n for n in results.notes):
        lines.append(t("io_proportional", lang))
    lines.append(t("draws", lang, n=cfg.draws, seed=cfg.seed) if cfg.draws and not results.uncertainty.empty
                 else t("no_draws", lang))
    files = ", ".join(dict.fromkeys(PurePath(f.path).name for f in results.inputs))
    if files:
        lines.append(t("sources", lang, files=files))
    return lines
