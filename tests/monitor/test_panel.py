"""Monthly panel: world total, spans and zeros, baselines and the robust score, worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from exposure.errors import ConfigError, DataError
from exposure.monitor import PANEL_COLUMNS, monthly_panel


def row(panel: pd.DataFrame, period: str, code: str | None = None) -> pd.Series:
    p = panel if code is None else panel[panel["code"] == code]
    hit = p[p["period"] == period]
    assert len(hit) == 1, (period, code, len(hit))
    return hit.iloc[0]


# --------------------------------------------------------------------------- the world total
def test_world_total_sums_partners_with_unk_or_takes_wld_never_both(make_flows):
    flows = pd.concat([
        make_flows({"JPN": [60], "CHN": [30], "UNK": [10]}, "2019-01", code="A"),   # 100, UNK counted
        make_flows({"WLD": [200], "JPN": [150]}, "2019-01", code="B"),               # only WLD + target
        make_flows({"WLD": [100], "JPN": [50], "CHN": [50]}, "2019-01", code="C"),   # WLD and a breakdown
    ], ignore_index=True)
    p = monthly_panel(flows)
    a, b, c = (row(p, "2019-01", k) for k in "ABC")
    assert (a["total_usd"], a["target_share"], a["total_basis"], a["other_usd"]) == (100.0, 0.6, "partners", 40.0)
    assert (b["total_usd"], b["target_share"], b["total_basis"]) == (200.0, 0.75, "WLD")
    assert (c["total_usd"], c["target_share"], c["total_basis"]) == (100.0, 0.5, "WLD")
    assert list(p.columns) == PANEL_COLUMNS


def test_target_above_wld_is_capped_with_a_note(make_flows):
    p = monthly_panel(make_flows({"WLD": [80], "JPN": [100], "CHN": [5]}, "2019-01"))
    r = row(p, "2019-01")
    assert r["target_share"] == 1.0 and "capped" in r["note"]


def test_a_table_naming_only_the_target_has_no_world_total(make_flows):
    p = monthly_panel(make_flows({"JPN": [10, 20]}, "2019-01"))
    assert p["total_usd"].isna().all() and p["target_share"].isna().all()
    assert set(p["total_basis"]) == {"none"} and "no world total" in p["note"].iloc[0]
    assert p["target_usd"].tolist() == [10.0, 20.0]


# --------------------------------------------------------------------------- spans and zeros
def test_months_without_rows_inside_the_span_are_zeros_and_outside_are_absent(make_flows):
    flows = pd.concat([
        make_flows({"JPN": [10, 0, 30], "CHN": [5, 0, 5]}, "2019-01", code="X", drop_zero=True),
        make_flows({"JPN": [1, 1, 1, 1, 1], "CHN": [1, 1, 1, 1, 1]}, "2019-01", code="Y"),
    ], ignore_index=True)
    p = monthly_panel(flows)
    x = p[p["code"] == "X"]
    assert x["period"].tolist() == ["2019-01", "2019-02", "2019-03"]  # X's file ends in March: no zeros after
    feb = row(p, "2019-02", "X")
    assert feb["target_usd"] == 0.0 and feb["total_usd"] == 0.0 and np.isnan(feb["target_share"])
    assert len(p[p["code"] == "Y"]) == 5
    # through: every product observed to May, X's April and May are zeros
    x5 = monthly_panel(flows, through="2019-05")
    assert x5[x5["code"] == "X"]["target_usd"].tolist() == [10.0, 0.0, 30.0, 0.0, 0.0]
    # an earlier `through` never cuts a product's own rows
    early = monthly_panel(flows, through="2019-02")
    assert len(early[early["code"] == "X"]) == 3 and len(early[early["code"] == "Y"]) == 5


def test_rows_of_another_flow_mark_a_month_as_covered(make_flows):
    flows = pd.concat([make_flows({"JPN": [10, 20], "CHN": [10, 10]}, "2019-01"),
                       make_flows({"CHN": [7]}, "2019-03", flow="X")], ignore_index=True)
    p = monthly_panel(flows)
    assert p["period"].tolist() == ["2019-01", "2019-02", "2019-03"]
    assert row(p, "2019-03")["target_usd"] == 0.0


# --------------------------------------------------------------------------- baselines through the panel
def test_panel_baseline_yoy_and_twelve_months_by_hand(make_flows):
    # JPN: 2016–2019, July values 30 (2016), 0 (2017), 60 (2018), 15 (2019); other months 10.
    # CHN: 10 every month.
    months = pd.period_range("2016-01", "2019-07", freq="M")
    jpn = [{7: {2016: 30.0, 2017: 0.0, 2018: 60.0, 2019: 15.0}[m.year]}.get(m.month, 10.0) for m in months]
    p = monthly_panel(make_flows({"JPN": jpn, "CHN": [10.0] * len(months)}, "2016-01"))
    r = row(p, "2019-07")
    assert r["target_baseline_usd"] == pytest.approx(30.0) and r["target_baseline_years"] == 3
    assert r["target_change_vs_baseline"] == pytest.approx(-0.5)
    assert r["target_yoy_change"] == pytest.approx(15 / 60 - 1)
    assert r["log_deviation"] == pytest.approx(math.log(0.55 / 1.05))
    # previous 12 months 2018-07 … 2019-06: JPN 60 + 11·10 = 170, CHN 120 → 170 / 290
    assert r["target_12m_usd"] == pytest.approx(170.0)
    assert r["share_12m"] == pytest.approx(170 / 290)
    # total: July totals 40, 10, 70 → baseline 40; 2019-07 total 25 → −37.5 %
    assert r["total_baseline_usd"] == pytest.approx(40.0)
    assert r["total_change_vs_baseline"] == pytest.approx(25 / 40 - 1)
    # 2016: no earlier years, no baseline; 2017: one year only (< 2), still none
    assert np.isnan(row(p, "2017-07")["target_baseline_usd"])
    assert row(p, "2018-07")["target_baseline_usd"] == pytest.approx(15.0)  # (30 + 0) / 2


def test_panel_robust_score_by_hand(make_flows):
    # 100 every month 2010–2014 except 50 in 2014-06: every earlier deviation is 0 (MAD 0 → floor 0.05)
    months = pd.period_range("2010-01", "2014-12", freq="M")
    jpn = [50.0 if str(m) == "2014-06" else 100.0 for m in months]
    p = monthly_panel(make_flows({"JPN": jpn, "CHN": [100.0] * len(months)}, "2010-01"))
    assert row(p, "2014-05")["robust_score"] == 0.0
    assert row(p, "2014-06")["robust_score"] == pytest.approx(math.log(0.55 / 1.05) / 0.05)
    # the first valid deviation is 2012-01 (two earlier years); 24 are needed: the first score is 2014-01
    scored = p.dropna(subset=["robust_score"])
    assert scored["period"].iloc[0] == "2014-01"


def test_scaling_every_value_changes_no_ratio(make_flows):
    rng = np.random.default_rng(7)
    n = 60
    flows = make_flows({"JPN": list(rng.uniform(50, 150, n)), "CHN": list(rng.uniform(20, 80, n)),
                        "UNK": list(rng.uniform(0, 5, n))}, "2015-01")
    a = monthly_panel(flows)
    b = monthly_panel(flows.assign(value_usd=flows["value_usd"] * 1000.0))
    ratios = ["target_share", "target_yoy_change", "target_change_vs_baseline", "total_change_vs_baseline",
              "log_deviation", "robust_score", "share_12m"]
    pd.testing.assert_frame_equal(a[ratios], b[ratios], rtol=1e-12)
    np.testing.assert_allclose(b["target_usd"], a["target_usd"] * 1000.0)


def test_input_is_not_modified(make_flows):
    flows = make_flows({"JPN": [1.0, 2.0], "CHN": [3.0, 4.0]}, "2019-01")
    before = flows.copy(deep=True)
    monthly_panel(flows, codes=["2811111000"])
    pd.testing.assert_frame_equal(flows, before)


def test_codes_keep_a_watch_list(make_flows):
    flows = pd.concat([make_flows({"JPN": [1.0], "CHN": [1.0]}, "2019-01", code=c) for c in ("A", "B")],
                      ignore_index=True)
    assert set(monthly_panel(flows, codes=["B"])["code"]) == {"B"}
    with pytest.raises(DataError, match="none of the codes"):
        monthly_panel(flows, codes=["Z"])


# --------------------------------------------------------------------------- bad input
def test_bad_tables_are_refused_with_the_column_or_row(make_flows):
    flows = make_flows({"JPN": [1.0], "CHN": [1.0]}, "2019-01")
    with pytest.raises(DataError, match="value_usd"):
        monthly_panel(flows.drop(columns="value_usd"))
    with pytest.raises(DataError, match="no monthly import rows"):
        monthly_panel(flows.assign(month=0))
    with pytest.raises(DataError, match="of reporter KOR"):
        monthly_panel(flows.assign(reporter="JPN"))
    bad = flows.copy()
    bad.loc[1, "month"] = 13
    with pytest.raises(DataError, match="row 2, column 'month'"):
        monthly_panel(bad)
    bad = flows.copy()
    bad.loc[0, "value_usd"] = float("inf")
    with pytest.raises(DataError, match="finite"):
        monthly_panel(bad)
    with pytest.raises(ConfigError, match="through"):
        monthly_panel(flows, through="2019-13")


# --------------------------------------------------------------------------- the shared HSK10 file
@pytest.mark.shared_data
def test_reference_shares_of_2018(hsk10_flows):
    p = monthly_panel(hsk10_flows)
    y = p[p["year"] == 2018].groupby("code")[["target_usd", "total_usd"]].sum()
    assert y.loc["2811111000", "target_usd"] == pytest.approx(66_856_769)
    assert y.loc["2811111000", "total_usd"] == pytest.approx(159_423_270)
    share = y["target_usd"] / y["total_usd"]
    assert round(share["2811111000"], 3) == 0.419
    assert round(share["3707901010"], 3) == 0.932
    assert round(share["3818001000"], 3) == 0.528


@pytest.mark.shared_data
def test_hf_july_2019_against_the_raw_file(hsk10_flows, hsk10_raw):
    raw = hsk10_raw[(hsk10_raw["Item"] == "2811111000") & (hsk10_raw["Country"] == "Japan")]
    july = raw[raw["Month"] == 7].set_index("Year")["Import_dollar"]
    base = float(july.loc[[2016, 2017, 2018]].mean())
    r = row(monthly_panel(hsk10_flows, codes=["2811111000"]), "2019-07")
    assert r["target_usd"] == pytest.approx(float(july.loc[2019]))
    assert r["target_baseline_usd"] == pytest.approx(base)
    assert r["target_change_vs_baseline"] == pytest.approx(july.loc[2019] / base - 1)
    assert r["target_change_vs_baseline"] < -0.5


@pytest.mark.shared_data
def test_items_end_where_their_rows_end_and_unnamed_partners_count(hsk10_flows, hsk10_raw):
    p = monthly_panel(hsk10_flows)
    last = p.groupby("code")["period"].max()
    assert last["2811111000"] == "2021-11"  # no row for 2021-12 in the file: not a zero month
    assert last["3818001000"] == "2021-12"
    # the wafer row without a country is part of the world total of its month
    unnamed = hsk10_raw[hsk10_raw["Country"].isna() & (hsk10_raw["Import_dollar"] > 0)].iloc[0]
    month = hsk10_raw[(hsk10_raw["Item"] == unnamed["Item"]) & (hsk10_raw["Year"] == unnamed["Year"])
                      & (hsk10_raw["Month"] == unnamed["Month"])]
    r = row(p, f"{unnamed['Year']}-{unnamed['Month']:02d}", unnamed["Item"])
    assert r["total_usd"] == pytest.approx(float(month["Import_dollar"].sum()))


def test_names_and_sources_per_product(make_flows):
    flows = pd.concat([make_flows({"JPN": [1.0], "CHN": [1.0]}, "2019-01").assign(source="b.xlsx"),
                       make_flows({"JPN": [1.0], "CHN": [1.0]}, "2019-02").assign(source="a.xlsx",
                                                                                   name="불화수소")],
                      ignore_index=True)
    p = monthly_panel(flows)
    assert set(p["source"]) == {"a.xlsx; b.xlsx"} and set(p["name"]) == {"불화수소"}


# --------------------------------------------------------------------------- a month the file lacks
def test_a_month_no_product_and_partner_has_is_missing_not_zero_and_raises_no_alert(make_flows):
    from exposure.monitor import AlertRules, find_alerts
    from exposure.monitor.panel import missing_months

    # 2016-01 … 2019-12, JPN 60 and CHN 40 every month, two products; every row of 2019-03 removed
    months = 48
    flows = pd.concat([make_flows({"JPN": [60.0] * months, "CHN": [40.0] * months}, "2016-01", code=c)
                       for c in ("2811111000", "3707901010")], ignore_index=True)
    gap = flows[~((flows["year"] == 2019) & (flows["month"] == 3))].reset_index(drop=True)
    assert missing_months(gap) == ["2019-03"] and missing_months(flows) == []
    p = monthly_panel(gap)
    mar = row(p, "2019-03", "2811111000")
    assert np.isnan(mar["target_usd"]) and np.isnan(mar["total_usd"]) and np.isnan(mar["target_share"])
    assert np.isnan(mar["target_change_vs_baseline"]) and np.isnan(mar["robust_score"])
    assert mar["note"] == ("no row for any product or partner in 2019-03: the month is missing from the file, not "
                           "read as zero imports")
    # April's previous 12 months (2018-04 … 2019-03) leave March out: 11 × 60 / (11 × 100), 660 from JPN
    apr = row(p, "2019-04", "2811111000")
    assert apr["share_12m"] == pytest.approx(0.6) and apr["target_12m_usd"] == pytest.approx(660.0)
    assert apr["note"] == "the previous 12 months leave out 2019-03 (missing from the file)"
    assert row(p, "2019-02", "2811111000")["note"] == "" and row(p, "2019-02", "2811111000")["target_usd"] == 60.0
    # read as zero, March was a "100 % below baseline" grade-A alert (share 0.6, 720 a year) for both products
    alerts = find_alerts(p, AlertRules(grade_size_usd=(100.0, 500.0)), lang="en")
    assert alerts.empty
    assert row(monthly_panel(flows), "2019-03", "2811111000")["note"] == ""


def test_the_monitor_command_warns_of_a_missing_month(tmp_path):
    from exposure.config import Config
    from exposure.inputs import Inputs
    from exposure.monitor_command import run_monitor

    head = "기간,국가,HS코드,품목명,수입 중량,수입 금액\n"
    lines = [f"{y}.{m:02d},{p},2811111000,불화수소,1,{v}\n" for y in range(2016, 2020) for m in range(1, 13)
             if (y, m) != (2019, 3) for p, v in (("일본", 60), ("중국", 40))]
    (tmp_path / "monthly.csv").write_text(head + "".join(lines), encoding="utf-8")
    said: list[str] = []
    res = run_monitor(Inputs(monthly=[tmp_path / "monthly.csv"]), Config(lang="en"), warn=said.append)
    text = ("monthly.csv: no row for any product or partner in 2019-03: taken as months missing from the file, not "
            "as zero imports; no alert is raised on them (the 12-month share and sum of the months after leave them "
            "out)")
    assert said == ["Warning: " + text] and res.warnings == [text] and text in res.load_reports[-1].warnings
    assert res.alerts.empty
    ko = run_monitor(Inputs(monthly=[tmp_path / "monthly.csv"]), Config(lang="ko"), warn=None)
    assert ko.warnings[0].startswith("monthly.csv: 2019-03에는 어떤 품목·상대국의 행도 없음")


def test_a_blank_amount_of_a_monthly_file_is_said_to_count_as_no_imports(tmp_path):
    from exposure.io import load
    from exposure.monitor_command import blank_amounts

    f = tmp_path / "m.csv"
    f.write_text("기간,국가,HS코드,품목명,수입 금액\n2019.11,일본,2811111000,HF,7400\n2019.12,일본,2811111000,HF,\n"
                 "2019.12,중국,2811111000,HF,730\n", encoding="utf-8")
    _, report = load(f)
    assert blank_amounts([report], "en") == ["m.csv: 1 rows with a blank amount were left out, so their months count "
                                             "no imports from their partner (first rows: 3): fill the amounts or "
                                             "delete the rows"]
    assert blank_amounts([report], "ko")[0].startswith("m.csv: 금액이 빈칸인 행 1개는 읽지 않았으므로")
    f.write_text("기간,국가,HS코드,품목명,수입 금액\n2019.11,일본,2811111000,HF,7400\n", encoding="utf-8")
    assert blank_amounts([load(f)[1]], "en") == []
