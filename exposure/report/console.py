"""What the command line prints: the ranking and the indicator summary, in Korean or English."""

from __future__ import annotations

import pandas as pd

from exposure.results import Results

_TEXT = {
    "head": ("{scenario} — 대상국 {target}, {year}년: {basis} 기준 상위 {n}개 업종 (백만 달러, 분석 기간 {days}일)",
             "Scenario {scenario} — target {target}, year {year}: top {n} sectors by {basis} "
             "(USD million over {days} days)"),
    "columns": ("{rank:>4}  {sector:8}  {sme:>12}  {all:>12}  {rate:>8}  업종명",
                "{rank:>4}  {sector:8}  {sme:>12}  {all:>12}  {rate:>8}  name"),
    "rank": ("순위", "rank"), "sector": ("업종", "sector"), "sme": ("중소기업 위험액", "SME at risk"),
    "all": ("전체 위험액", "at risk"), "rate": ("노출률", "exposure"),
    "sme:demand": ("중소기업 대상국 수출 위험액", "SME exports to target at risk"),
    "all:demand": ("대상국 수출 위험액", "exports to target at risk"), "rate:demand": ("대상국 수출 감소율", "lost"),
    "basis:sme_export_at_risk_usd": ("중소기업 수출 위험액", "SME export value at risk"),
    "basis:export_at_risk_usd": ("수출 위험액(전체 기업)", "export value at risk (all firms)"),
    "basis:sme_demand_at_risk_usd": ("중소기업 대상국 수출 위험액", "SME exports to the target at risk"),
    "basis:demand_at_risk_usd": ("대상국 수출 위험액", "exports to the target at risk"),
    "basis:exposure_rate": ("노출률", "exposure rate"),
    "basis:demand_rate": ("대상국 수출 감소율", "share of exports to the target lost"),
    "basis:composite": ("종합지수", "composite index"),
    "range": ("     범위(선형–레온티예프): {low} – {high}", "     range (linear–Leontief): {low} – {high}"),
    "indicators": ("{n}개 품목; 대상국 수입액 상위 {top}개:", "{n} products; top {top} by imports from the target:"),
    "wrote": ("{out}/ 에 파일 {n}개를 썼습니다:", "Wrote {n} files to {out}/:"),
    "demo": ("--imports 가 없어 내장 데모 자료로 실행합니다 (실제 원자료 형식의 합성 값; datasets/README.md 참고).",
             "No --imports given: running on the embedded demo data (synthetic values in the real source "
             "formats; see datasets/README.md)."),
    "na": ("없음", "n/a"),
    "warning": ("경고: {text}", "Warning: {text}"),
    "writing": ("보고서를 {out} 에 쓰는 중", "writing report to {out}"),
    "alerts_head": ("조기경보 {n}건 ({episodes}개 사례), 대상국 {target}; 규칙: {rules}",
                    "{n} alerts ({episodes} episodes), target {target}; rules: {rules}"),
    "no_alerts": ("경보 없음 (대상국 {target}, {products}개 품목, {first}–{last}); 규칙: {rules}",
                  "No alerts (target {target}, {products} products, {first}–{last}); rules: {rules}"),
    "calibrated": ("{code}: {event} 이후 {months}개월 — 대상국 공급 {loss:.1%} 감소, 다른 공급처가 φ = {phi:.2f} 대체, "
                   "L = {lag}", "{code}: {months} months from {event} — the target's supply fell {loss:.1%}, other "
                   "partners replaced φ = {phi:.2f}, L = {lag}"),
    "not_measured": ("{code}: {event} 이후 측정할 대체가 없습니다 — {why}", "{code}: nothing to measure after {event} — {why}"),
    "partners": ("대체 공급처 (기준 대비 증가, 사건 후 {months}개월 합계, 달러):",
                 "Partners that replaced the target (gain over baseline, USD over the {months} months from the event):"),
    "gain": ("  {rank}. {name} ({iso})  {gain:+,.0f}달러 ({share:.1%})", "  {rank}. {name} ({iso})  {gain:+,.0f} USD ({share:.1%})"),
    "no_lag": ("측정 불가", "not measured"), "days": ("{n}일", "{n} days"),
}


def say(key: str, lang: str, **kwargs: object) -> str:
    """A console text in ``lang`` with ``{placeholders}`` filled."""
    ko, en = _TEXT[key]
    return (ko if lang == "ko" else en).format(**kwargs)


def _money(v: float, lang: str) -> str:
    return say("na", lang) if pd.isna(v) else f"{v / 1e6:,.1f}"


def _pct(v: float, lang: str) -> str:
    return say("na", lang) if pd.isna(v) else f"{v:.3%}"


def ranking_text(results: Results, n: int = 10) -> str:
    """The top of each scenario's ranking as plain text, in USD million over the scenario's horizon.

    A scenario that could not be scored (no sector has a rank) gets its one-line reason instead.
    """
    from exposure.report import view
    from exposure.report.headline import headlines, scenario_totals

    lang = results.config.lang
    lines = []
    names = view.sector_names(results, lang)
    titles = _scenario_titles(results, lang)
    said = dict(zip([t.scenario for t in scenario_totals(results, lang)], headlines(results, lang)))
    for scen in results.scenario_names():
        top = results.ranking(scen, n=n)
        if not len(top) or "rank" not in top.columns or top["rank"].isna().all():
            lines.append(said.get(scen, titles.get(scen, scen)))
            continue
        basis = top["rank_basis"].iloc[0] if len(top) and "rank_basis" in top.columns else results.config.rank_by
        days = _horizon(results, scen)
        lines.append(say("head", lang, scenario=titles.get(scen, scen), target=_country(results.config.target, lang),
                         year=results.year, basis=say(f"basis:{basis}", lang), n=len(top), days=days))
        # a ranking by lost exports to the target shows those amounts, not the supply side's (zero in such a scenario)
        demand = "demand" in str(basis) and {"sme_demand_at_risk_usd", "demand_at_risk_usd"} <= set(top.columns)
        cols = (("sme_demand_at_risk_usd", "demand_at_risk_usd", "demand_rate") if demand
                else ("sme_export_at_risk_usd", "export_at_risk_usd", "exposure_rate"))
        side = ":demand" if demand else ""
        lines.append(say("columns", lang, rank=say("rank", lang), sector=say("sector", lang),
                         sme=say("sme" + side, lang), all=say("all" + side, lang), rate=say("rate" + side, lang)))
        for r in top.to_dict("records"):
            rank = "–" if pd.isna(r["rank"]) else str(int(r["rank"]))
            name = names.get(str(r["sector"]), str(r["sector"]))
            sme, whole, rate = (r.get(c, float("nan")) for c in cols)
            lines.append(f"{rank:>4}  {r['sector']:8}  {_money(sme, lang):>12}  {_money(whole, lang):>12}  "
                         f"{_pct(rate, lang):>8}  {name}")
    return "\n".join(lines)


def _scenario_titles(results: Results, lang: str) -> dict[str, str]:
    """Scenario id → its name in ``lang`` (never the id where the scenario has a name)."""
    from exposure.report.translate import scenario_names

    return scenario_names(results, lang)


def warnings_text(results: Results) -> list[str]:
    """The run's warnings in the run's language, one line each (``경고:`` / ``Warning:`` first)."""
    from exposure.report.translate import translator

    lang = results.config.lang
    tr = translator(results, lang)
    return [say("warning", lang, text=tr.text(w)) for w in results.warnings]


def headline_text(results: Results) -> str:
    """One sentence per scenario (the Summary's headlines), in the run's language."""
    from exposure.report.headline import headlines

    return "\n".join("• " + line for line in headlines(results, results.config.lang))


def _horizon(results: Results, scenario: str) -> str:
    sh = results.shocks
    if sh is not None and len(sh) and "horizon_days" in sh.columns:
        h = sh.loc[sh["scenario"] == scenario, "horizon_days"]
        if len(h):
            return f"{float(h.iloc[0]):g}"
    return f"{results.config.horizon_days:g}"


def indicators_text(table: pd.DataFrame, lang: str = "en", n: int = 20) -> str:
    """The products with most imports from the target, as plain text."""
    cols = [c for c in ("year", "code", "code_system", "import_usd", "target_import_usd", "target_share",
                        "share_band", "import_hhi") if c in table.columns]
    top = table.sort_values("target_import_usd", ascending=False).head(n)[cols]
    # a missing value is blank, never Python's None or NaN; amounts in whole dollars with separators
    top = top.astype(object).where(top.notna(), "")
    for c in ("import_usd", "target_import_usd"):
        if c in top.columns:
            top[c] = [f"{v:,.0f}" if v != "" else "" for v in top[c]]
    if lang == "ko":
        from exposure.report.labels import header

        top = top.rename(columns={c: header(c, "ko") for c in top.columns})
    return say("indicators", lang, n=len(table), top=len(top)) + "\n" + top.to_string(index=False)


def alerts_text(results, n: int = 20) -> str:
    """The episodes of ``exposure monitor`` (most recent first) as plain text."""
    lang = results.config.lang
    from exposure.screens import alert_rules

    described = alert_rules(results.config).describe(lang)
    rules = "".join(f"\n  - {r.rule_name}: {r.condition}" for r in described.itertuples(index=False))
    ep = results.episodes
    if ep.empty:
        p = results.panel
        first = f"{int(p['year'].min())}-{int(p.loc[p['year'] == p['year'].min(), 'month'].min()):02d}" if len(p) else ""
        last = f"{int(p['year'].max())}-{int(p.loc[p['year'] == p['year'].max(), 'month'].max()):02d}" if len(p) else ""
        return say("no_alerts", lang, target=_country(results.config.target, lang), products=p["code"].nunique() if len(p) else 0,
                   first=first, last=last, rules=rules)
    lines = [say("alerts_head", lang, n=len(results.alerts), episodes=len(ep), target=_country(results.config.target, lang),
                 rules=rules)]
    show = ep.sort_values(["start", "grade"], ascending=[False, True], kind="stable").head(n)
    for r in show.itertuples(index=False):
        lines.append(f"  {r.start}  {r.code:10}  {r.grade}  {r.rule_name}: {r.evidence}")
    return "\n".join(lines)


def calibration_text(cal, lang: str) -> str:
    """What ``exposure calibrate`` measured, and the replacing partners."""
    if not cal.measured:
        return say("not_measured", lang, code=cal.code, event=cal.event, why=cal.quality(lang))
    lag = say("no_lag", lang) if cal.lag_days != cal.lag_days else say("days", lang, n=f"{cal.lag_days:.0f}")
    lines = [say("calibrated", lang, code=cal.code, event=cal.event, months=cal.window_months, loss=cal.loss_share,
                 phi=cal.phi, lag=lag), cal.quality(lang), say("partners", lang, months=cal.window_months)]
    gained = cal.partners[cal.partners["gain_usd"] > 0]  # a partner whose imports fell replaced nothing
    for r in gained.head(5).itertuples(index=False):
        lines.append(say("gain", lang, rank=r.rank, name=_country(r.partner, lang), iso=r.partner, gain=r.gain_usd,
                         share=r.share_of_loss))
    if not len(gained):
        lines.append("  " + say("na", lang))
    return "\n".join(lines)


def _country(iso3: str, lang: str) -> str:
    """The partner's name in ``lang`` (its ISO3 code where the country table has no name)."""
    from exposure.codes.countries import country_names

    name = country_names([iso3], lang).iloc[0]
    return str(name) if isinstance(name, str) and name else iso3
