"""Board pack: the figure logic on hand-made tables, then the real file on the demo warehouse,
rendered in headless Chromium (Debian package, installed by `make browser`): every chart drawn, the
headline tiles equal to the marts, nothing fetched from a network."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

import duckdb
import pandas as pd
import pytest

from erw.boardpack import data as D
from erw.boardpack import figures, gap, retention_chart, stamp, tiles
from erw.boardpack.labels import segment_label, spread_labels
from python_tests.warehouse import PROJECT_DIR

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Injected into a copy of the pack: after plotly has drawn (and the phone relayout ran), measures in
# CSS px the page width, each chart's SVG, its title, subplot titles, legend, plot areas, and every
# label placed on axes (with the plot area of its axes and the x of the last line point there).
GEOMETRY_PROBE = r"""
(function () {
  function box(el) { var r = el.getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom}; }
  function axisName(ref, kind) { var n = ref.slice(1); return kind + 'axis' + n; }
  function measure() {
    var out = {width: window.innerWidth, scrollWidth: document.documentElement.scrollWidth,
               clientWidth: document.documentElement.clientWidth, charts: {}, tiles: []};
    document.querySelectorAll('.tile .label').forEach(function (el) { out.tiles.push(box(el)); });
    document.querySelectorAll('.chart .js-plotly-plot').forEach(function (gd) {
      var svg = gd.querySelector('.main-svg'), s = box(svg), fl = gd._fullLayout;
      var chart = {svg: s, section: box(gd.closest('.chart')), layout: gd.getAttribute('data-layout'),
                   title: null, titles: [], legend: null,
                   plots: [], labels: []};
      var t = gd.querySelector('.gtitle'); if (t) { chart.title = box(t); }
      var lg = gd.querySelector('.legend'); if (lg) { chart.legend = box(lg); }
      gd.querySelectorAll('.nsewdrag').forEach(function (d) { chart.plots.push(box(d)); });
      chart.ticks = [];
      gd.querySelectorAll('.xtick text, .ytick text, .x2tick text, .y2tick text').forEach(function (el) {
        var b = box(el); if (b.r > b.l) { chart.ticks.push(b); } });
      var mb = gd.querySelector('.modebar-container');
      chart.modebar = (mb && mb.getBoundingClientRect().width > 0) ? box(mb) : null;
      (fl.annotations || []).forEach(function (a, i) {
        var el = gd.querySelector('.annotation[data-index="' + i + '"] .annotation-text-g');
        if (!el || !a.text) { return; }
        var b = box(el);
        if (a.xref === 'paper') { chart.titles.push(b); return; }
        var xref = a.xref.split(' ')[0], yref = a.yref.split(' ')[0];  // 'x2 domain' -> x2
        var xa = fl[axisName(xref, 'x')], ya = fl[axisName(yref, 'y')];
        var lastX = null;
        gd._fullData.forEach(function (tr) {
          if ((tr.xaxis || 'x') !== xref || !tr.x) { return; }
          for (var k = 0; k < tr.x.length; k++) { var v = xa.d2l(tr.x[k]); if (lastX === null || v > lastX) { lastX = v; } }
        });
        chart.labels.push({text: a.text, box: b,
          plot: {l: s.l + xa._offset, r: s.l + xa._offset + xa._length, t: s.t + ya._offset, b: s.t + ya._offset + ya._length},
          lastLineX: lastX === null ? null : s.l + xa._offset + xa.l2p(lastX)});
      });
      out.charts[gd.id] = chart;
    });
    var pre = document.createElement('pre'); pre.id = 'geometry'; pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
    if (window.parent !== window) { window.parent.postMessage(JSON.stringify(out), '*'); }
  }
  window.addEventListener('load', function () { setTimeout(measure, 3000); });
})();
"""
# The phone: headless Chromium will not make a window narrower than 500 px, so the pack is loaded in
# a 390 x 844 iframe (its own viewport: media queries and window.innerWidth see 390).
PHONE_FRAME = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="phone" src="{src}" style="width:390px;height:844px;border:0"></iframe>
<script>window.addEventListener('message', function (e) {{
  var pre = document.createElement('pre'); pre.id = 'geometry'; pre.textContent = e.data;
  document.body.appendChild(pre); }});</script></body></html>"""


def test_ratios_are_percentages_with_one_decimal():
    assert D.format_ratio(1.1756718265) == "117.6%"
    assert D.format_ratio(0.9) == "90.0%"
    assert D.format_ratio(0.99951) == "100.0%"
    assert D.format_ratio(None) == "n/a"
    assert D.format_usd(79435212.28) == "$79.4M"
    assert D.format_usd(51234) == "$51.2K"


def test_plain_numbers_never_carry_a_numpy_or_decimal_repr():
    import decimal

    import numpy as np

    assert D.plain_number(np.float64(1.2345)) == "1.2345"
    assert D.plain_number(decimal.Decimal("53477104.125000")) == "53477104.125"
    assert D.plain_number(np.int64(12)) == "12"
    assert D.plain_number(np.float64("nan")) == ""
    assert D.plain_number(None) == ""


def test_latest_closed_month_ignores_the_open_month():
    board = pd.DataFrame(
        {
            "revenue_month": pd.to_datetime(["2026-04-01", "2026-05-01", "2026-06-01"]),
            "is_month_closed": [True, True, False],
        }
    )
    assert D.latest_closed_month(board) == pd.Timestamp("2026-05-01")
    with pytest.raises(ValueError, match="no closed month"):
        D.latest_closed_month(board.assign(is_month_closed=False))


def bridge_month(month, start, new, exp, contr, churn, fx=0.0, react=0.0):
    end = start + new + exp + react - contr - churn + fx
    return {
        "revenue_month": month,
        "segment": "total",
        "starting_mrr_usd": start,
        "new_mrr_usd": new,
        "expansion_mrr_usd": exp,
        "reactivation_mrr_usd": react,
        "contraction_mrr_usd": contr,
        "churn_mrr_usd": churn,
        "fx_impact_usd": fx,
        "ending_mrr_usd": end,
    }


def test_trailing_bridge_sums_twelve_months_in_arr():
    rows, start = [], 1000.0
    for i, month in enumerate(pd.date_range("2025-01-01", periods=13, freq="MS")):
        row = bridge_month(month, start, new=10, exp=5, contr=2, churn=1 + (i == 12), fx=0.5)
        rows.append(row)
        start = row["ending_mrr_usd"]
    steps = D.trailing_bridge(pd.DataFrame(rows), pd.Timestamp("2026-01-01"))
    values = dict((label, value) for label, value, _ in steps)
    # months 2025-02 .. 2026-01: start = end of 2025-01 = 1000 + 10 + 5 - 2 - 1 + 0.5 = 1012.5
    assert values["starting ARR"] == pytest.approx(12 * 1012.5)
    assert values["new"] == pytest.approx(12 * 12 * 10)
    assert values["churn"] == pytest.approx(-12 * (11 * 1 + 2))
    assert values["fx impact"] == pytest.approx(12 * 12 * 0.5)
    assert values["ending ARR"] == pytest.approx(12 * rows[-1]["ending_mrr_usd"])
    with pytest.raises(ValueError, match="needs 12 months"):
        D.trailing_bridge(pd.DataFrame(rows), pd.Timestamp("2025-06-01"))


def test_bridge_steps_refuse_a_bridge_that_does_not_add_up():
    movements = {
        "new_mrr_usd": 10,
        "expansion_mrr_usd": 0,
        "reactivation_mrr_usd": 0,
        "contraction_mrr_usd": 0,
        "churn_mrr_usd": 0,
        "fx_impact_usd": 0,
    }
    with pytest.raises(ValueError, match="does not add up"):
        D.bridge_steps(100, movements, 120)


def test_sla_breach_rates_judge_only_met_or_breached_stages():
    pipeline = pd.DataFrame(
        {
            "created_month": pd.to_datetime(["2026-05-01"] * 4 + ["2024-01-01"]),
            "sla_trigger_to_created_status": ["met", "breached", "breached", "met", "breached"],
            "sla_created_to_qualified_status": ["met", "pending", "not_applicable", "breached", "breached"],
            "sla_qualified_to_proposal_status": ["not_applicable"] * 5,
            "sla_negotiation_status": ["met"] * 5,
        }
    )
    rates = {label: (rate, n) for label, rate, n in D.sla_breach_rates(pipeline, pd.Timestamp("2026-05-01"))}
    assert rates["trigger -> created"] == (0.5, 4)  # the 2024 CSQL is outside the 12 months
    assert rates["created -> qualified"] == (0.5, 2)
    assert rates["qualified -> proposal"][1] == 0
    assert rates["negotiation"] == (0.0, 4)


def test_cohort_matrix_drops_cells_after_the_closed_month():
    cohorts = pd.DataFrame(
        {
            "cohort_month": ["2026-04-01", "2026-04-01", "2026-04-01", "2026-05-01", "2026-05-01"],
            "months_since_start": [0, 1, 2, 0, 1],
            "nrr": [1.0, 1.1, 1.2, 1.0, 0.9],
        }
    )
    matrix = D.cohort_matrix(cohorts, pd.Timestamp("2026-05-01"))
    assert matrix.loc[pd.Timestamp("2026-04-01"), 1] == 1.1
    assert pd.isna(matrix.loc[pd.Timestamp("2026-05-01"), 1])  # June is open
    assert 2 not in matrix.columns


def test_cohort_heatmap_scale_is_bounded_and_rows_show_cohort_sizes():
    cohorts = pd.DataFrame(
        {
            "cohort_month": ["2026-03-01"] * 3 + ["2026-04-01"] * 2,
            "months_since_start": [0, 1, 2, 0, 1],
            "cohort_grains": [120, 120, 120, 3, 3],
            "mrr_usd": [250_000.0, 260_000.0, 255_000.0, 1_200.0, 10_800.0],
            "nrr": [1.0, 1.04, 1.02, 1.0, 9.0],  # a 3-logo cohort that grew 9x
        }
    )
    month = pd.Timestamp("2026-05-01")
    fig = figures.cohort_heatmap(D.cohort_matrix(cohorts, month), D.cohort_sizes(cohorts))
    heat = fig.data[0]
    # the scale is 0-200% around 100% whatever the data: the 9x cell does not stretch it
    assert (heat.zmin, heat.zmax, heat.zmid) == (0.0, 2.0, 1.0)
    assert heat.colorbar.ticktext[-1] == "\u2265200%"
    assert heat.z[1][1] == 9.0  # the value itself is kept (hover shows it)
    # rows: cohort month (logos, month-0 MRR)
    assert list(heat.y) == ["2026-03 (120 logos, $250.0K)", "2026-04 (3 logos, $1.2K)"]


def test_segment_names_are_written_for_people():
    assert segment_label("mid_market") == "Mid-market"
    assert segment_label("smb") == "SMB"
    assert segment_label("enterprise") == "Enterprise"
    assert segment_label("total") == "Total"
    assert segment_label("public_sector") == "Public sector"  # not in the table: written out


def segments_frame() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Six months of TTM NRR / GRR for three segments and the total, GRR bands and NRR targets."""
    months = pd.date_range("2025-12-01", periods=6, freq="MS")
    rows = []
    for segment, nrr, grr in (
        ("total", 1.10, 0.91),
        ("enterprise", 1.20, 0.95),
        ("mid_market", 1.05, 0.88),
        ("smb", 0.96, 0.80),
    ):
        for i, month in enumerate(months):
            rows.append(
                {
                    "revenue_month": month,
                    "segment": segment,
                    "ttm_nrr": nrr + 0.01 * i,
                    "ttm_grr": grr,
                    "ttm_logo_retention": 0.9,
                }
            )
    bands = pd.DataFrame(
        {
            "grr_band": ["critical", "concerning", "healthy", "excellent"],
            "lower_bound": [0.0, 0.85, 0.90, 0.95],
            "upper_bound": [0.85, 0.90, 0.95, None],
            "band_order": [1, 2, 3, 4],
        }
    )
    targets = pd.DataFrame({"segment": ["enterprise", "mid_market", "smb"], "nrr_target": [1.18, 1.08, 0.97]})
    return pd.DataFrame(rows), bands, targets


def test_retention_chart_names_segments_for_people():
    fig = retention_chart.retention_by_segment(*segments_frame())
    names = {trace.name for trace in fig.data if trace.name}
    assert {"Total", "Enterprise", "Mid-market", "SMB"} <= names
    texts = [a.text for a in fig.layout.annotations] + sorted(names)
    assert not [t for t in texts if "_" in t], texts  # no raw segment code anywhere
    assert any(t.startswith("Mid-market target 108%") for t in texts)


def test_spread_labels_keeps_them_apart_and_inside():
    assert spread_labels([1.00, 1.01, 1.50], 0.9, 1.6, 0.05) == pytest.approx([1.00, 1.05, 1.50])
    # near the top: floor 0.925, ceiling 1.575; the upper label is pulled under the ceiling
    assert spread_labels([1.59, 1.58], 0.9, 1.6, 0.05) == pytest.approx([1.575, 1.525])


def test_target_and_band_labels_sit_right_of_the_lines_inside_the_axes():
    segments, bands, targets = segments_frame()
    fig = retention_chart.retention_by_segment(segments, bands, targets)
    last = segments["revenue_month"].max()
    labels = [a for a in fig.layout.annotations if a.xref != "paper"]  # not the subplot titles
    by_text = {a.text: a for a in labels}
    assert set(by_text) == {
        "Enterprise target 118%",
        "Mid-market target 108%",
        "SMB target 97%",
        "critical",
        "concerning",
        "healthy",
        "excellent",
    }
    for label in labels:
        axis = "xaxis" if label.xref == "x" else "xaxis" + label.xref[1:]
        yaxis = "yaxis" if label.yref == "y" else "yaxis" + label.yref[1:]
        x_low, x_high = (pd.Timestamp(v) for v in fig.layout[axis].range)
        y_low, y_high = fig.layout[yaxis].range
        # right of the last month (no line there), left-anchored, before the end of the axis
        assert last < pd.Timestamp(label.x) < x_high and label.xanchor == "left", label.text
        assert y_low < label.y < y_high, label.text
    # NRR axis by hand: data and targets span 0.96..1.25, padded by 0.02 -> [0.94, 1.27]
    assert fig.layout.yaxis.range == pytest.approx((0.94, 1.27))
    assert by_text["Mid-market target 108%"].y == pytest.approx(1.08)
    # GRR axis [0.5, 1.0]: the critical band (0 - 85%) is labelled in the middle of its visible part
    assert fig.layout.yaxis2.range == pytest.approx((0.5, 1.0))
    assert by_text["critical"].y == pytest.approx((0.5 + 0.85) / 2)
    assert by_text["excellent"].y == pytest.approx(0.975)
    # no x tick in the label gutter
    assert max(pd.Timestamp(t) for t in fig.layout.xaxis.tickvals) <= last


def test_trigger_chart_takes_the_latest_quarter_of_closed_months_and_needs_enough_matured_firings():
    rows = []
    for quarter, complete in (("2026-01-01", True), ("2026-04-01", True), ("2026-07-01", False)):
        for key, matured, accurate in (("a_trigger", 40, 10), ("b_trigger", 3, 0), ("c_advocacy", 30, None)):
            rows.append(
                {
                    "trigger_key": key,
                    "fired_quarter": pd.Timestamp(quarter),
                    "is_complete_quarter": complete,
                    "fire_rate": 0.1,
                    "matured_firings": matured,
                    "accuracy": None if accurate is None else accurate / matured,
                }
            )
    effectiveness = pd.DataFrame(rows)
    # As of 2026-06-30 Q2 counts as complete, but June is open: the latest closed month is May
    triggers = D.latest_closed_quarter(effectiveness, pd.Timestamp("2026-05-01"), min_matured=20)
    assert set(triggers["fired_quarter"]) == {pd.Timestamp("2026-01-01")}
    shown = dict(zip(triggers["trigger_key"], triggers["accuracy_shown"], strict=True))
    assert shown["a_trigger"] == pytest.approx(10 / 40)
    assert pd.isna(shown["b_trigger"])  # 0 of 3 matured: not a 0% accuracy
    assert pd.isna(shown["c_advocacy"])
    # June closed: Q2 is the quarter
    june = D.latest_closed_quarter(effectiveness, pd.Timestamp("2026-06-01"), min_matured=20)
    assert set(june["fired_quarter"]) == {pd.Timestamp("2026-04-01")}

    fig = figures.trigger_effectiveness(triggers, (0.03, 0.40), min_matured=20)
    accuracy, too_few = fig.data[1], fig.data[2]
    assert list(accuracy.x) == ["a_trigger"] and list(accuracy.y) == pytest.approx([0.25])
    assert list(accuracy.text) == ["n=40"]
    assert list(too_few.x) == ["b_trigger"] and list(too_few.text) == ["n=3"]  # grey, no rate
    assert "2026 Q1" in fig.layout.title.text
    assert not [a for a in fig.layout.annotations if a.text]  # no floor/ceiling text over the bars


def test_tiles_show_change_vs_last_month_and_last_year():
    board = pd.DataFrame(
        {
            "revenue_month": pd.to_datetime(["2025-05-01", "2026-04-01", "2026-05-01", "2026-05-01"]),
            "segment": ["total", "total", "total", "smb"],
            "arr_usd": [40e6, 50e6, 51e6, 1e6],
            "ttm_nrr": [1.20, 1.12, 1.105, 0.9],
            "ttm_grr": [0.90, None, 0.91, 0.8],
            "ttm_logo_retention": [0.85, 0.86, 0.87, 0.8],
        }
    )
    changes = tiles.tile_changes(board, pd.Timestamp("2026-05-01"))
    assert changes["arr"]["month"] == (pd.Timestamp("2026-04-01"), pytest.approx(51 / 50 - 1))  # +2.0%
    assert changes["arr"]["year"] == (pd.Timestamp("2025-05-01"), pytest.approx(51 / 40 - 1))  # +27.5%
    assert changes["ttm_nrr"]["month"][1] == pytest.approx(-0.015)  # 110.5% - 112.0%
    assert changes["ttm_nrr"]["year"][1] == pytest.approx(-0.095)
    assert changes["ttm_grr"]["month"][1] is None  # no GRR in April: no change shown
    assert tiles.format_change(51 / 50 - 1, "relative") == "+2.0%"
    assert tiles.format_change(-0.095, "points") == "-9.5 pts"
    assert tiles.format_change(None, "points") == "n/a"
    head = {
        "arr": 51e6,
        "ttm_nrr": 1.105,
        "ttm_grr": 0.91,
        "ttm_logo_retention": 0.87,
        "nrr_target": 1.1,
        "grr_band": "healthy",
    }
    markup = tiles.tiles_html(head, changes)
    assert "+27.5% vs May 2025" in markup and "-1.5 pts vs Apr 2026" in markup and "n/a vs Apr 2026" in markup


def test_nrr_gap_table_names_run_rate_gaps_and_orders_segments():
    board = pd.DataFrame(
        {
            "revenue_month": pd.to_datetime(["2026-05-01"] * 3 + ["2026-04-01"]),
            "segment": ["smb", "total", "enterprise", "total"],
            "ttm_nrr": [1.00, 1.06, 1.12, 1.2],
            "nrr_target": [0.97, 1.10, 1.18, 1.1],
            "nrr_gap_to_target": [-0.03, 0.04, 0.06, -0.1],
            # ARR 10M short 4 pts: 10M x 0.04 = 400K; 10M x (1.10^3 - 1.06^3) = 10M x 0.139984 = 1.39984M
            "nrr_gap_arr_usd": [0.0, 400_000.0, 300_000.0, 0.0],
            "nrr_gap_cost_3y_usd": [0.0, 1_399_840.0, 1_100_000.0, 0.0],
        }
    )
    rows = gap.gap_rows(board, pd.Timestamp("2026-05-01"))
    assert list(rows["segment"]) == ["total", "enterprise", "smb"]
    markup = gap.gap_html(rows, pd.Timestamp("2026-05-01"))
    assert "Run-rate gap (ARR, 1 year)" in markup and "Run-rate gap after 3 years (ARR)" in markup
    assert "Cumulative revenue gap" not in markup  # the mart has no such column: not invented
    assert "<th>Total</th>" in markup and "<th>SMB</th>" in markup
    assert '<td data-column="nrr_gap_to_target" data-value="0.04">4.0 pts short</td>' in markup
    assert '<td data-column="nrr_gap_to_target" data-value="-0.03">above by 3.0 pts</td>' in markup
    assert '<td data-column="nrr_gap_arr_usd" data-value="400000">$400.0K</td>' in markup
    assert '<td data-column="nrr_gap_cost_3y_usd" data-value="1399840">$1.4M</td>' in markup


def test_stamp_names_the_as_of_date_and_the_latest_publication():
    reporting = pd.DataFrame(
        {
            "as_of_date": [pd.Timestamp("2026-07-01")],
            "as_of_month": [pd.Timestamp("2026-07-01")],
            "latest_closed_month": [pd.Timestamp("2026-05-01")],
        }
    )
    publications = pd.DataFrame(
        {
            "published_at": pd.to_datetime(["2026-07-02 05:41:10", "2026-07-01 05:40:00"]),
            "dbt_invocation_id": ["second-build", "first-build"],
            "git_commit": ["0123456789abcdef", "fedcba9876543210"],
            "git_dirty": [False, True],
        }
    )
    got = stamp.stamp_from(reporting, publications)
    assert got["as_of"] == pd.Timestamp("2026-07-01")
    assert got["publication_id"] == "second-build"  # the latest published_at, not the last row
    assert got["built_at"] == pd.Timestamp("2026-07-02 05:41:10")
    markup = stamp.stamp_html(got)
    assert 'data-as-of="2026-07-01"' in markup and 'data-publication-id="second-build"' in markup
    assert "Data as of 01 Jul 2026" in markup and "built 2026-07-02 05:41 UTC" in markup
    assert "code 0123456789)" in markup
    unpublished = stamp.stamp_html(stamp.stamp_from(reporting, None))
    assert 'data-publication-id=""' in unpublished and "not recorded" in unpublished


class ChartDom(HTMLParser):
    """Collects, per chart div (id chart-*), whether a plotly SVG was drawn inside it, and tile texts."""

    def __init__(self):
        super().__init__()
        self.stack, self.charts, self.tiles, self._tile, self._in_value = [], {}, {}, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        chart = attrs.get("id", "") if tag == "div" and attrs.get("id", "").startswith("chart-") else None
        if chart:
            self.charts[chart] = 0
        self.stack.append((tag, chart))
        if tag == "svg" and "main-svg" in (attrs.get("class") or ""):
            for _, open_chart in reversed(self.stack):
                if open_chart:
                    self.charts[open_chart] += 1
                    break
        if tag == "div" and "tile" in (attrs.get("class") or "").split():
            self._tile = attrs.get("data-metric")
        if tag == "div" and attrs.get("class") == "value" and self._tile:
            self._in_value = True

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag == "div":
            self._in_value = False

    def handle_data(self, data):
        if self._in_value and self._tile:
            self.tiles[self._tile] = self.tiles.get(self._tile, "") + data.strip()


@pytest.fixture(scope="module")
def pack(demo, tmp_path_factory):
    out = tmp_path_factory.mktemp("board_pack")
    env = dict(os.environ, PYTHONPATH=str(PROJECT_DIR))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "erw.boardpack",
            "--warehouse",
            str(demo[1]),
            "--out",
            str(out / "board_pack.html"),
            "--png-dir",
            str(out / "png"),
        ],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out / "board_pack.html", out / "png", demo[1]


def test_board_pack_is_one_self_contained_file_with_a_png_per_chart(pack):
    html_path, png_dir, _ = pack
    text = html_path.read_text()
    assert not re.search(r"<script[^>]+src=", text), "a script is loaded from outside the file"
    assert not re.search(r"<link[^>]+href=", text), "a stylesheet is loaded from outside the file"
    assert not re.search(r"url\(\s*['\"]?https?:", text), "a style fetches from the network"
    assert "Plotly.newPlot" in text
    chart_ids = re.findall(r'<div id="chart-([a-z0-9_]+)"', text)
    assert len(chart_ids) == 8, chart_ids
    pngs = sorted(p.stem for p in png_dir.glob("*.png"))
    assert pngs == sorted(chart_ids)
    for png in png_dir.glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000, png


def data_attributes(text: str) -> list[tuple[str, str]]:
    return re.findall(r'(data-[a-z-]+)="([^"]*)"', text)


def test_board_pack_has_a_viewport_and_plain_numbers_in_its_markup(pack):
    html_path, _, db = pack
    text = html_path.read_text()
    assert re.search(r'<meta name="viewport" content="width=device-width, initial-scale=1">', text)
    page_markup = text.split("<body>", 1)[1]
    assert "np." not in "".join(value for _, value in data_attributes(page_markup))
    assert not re.search(r"np\.(float|int)\d*\(", page_markup)
    values = dict(re.findall(r'data-metric="([a-z_]+)" data-value="([^"]*)"', text))
    with duckdb.connect(str(db), read_only=True) as con:
        arr, nrr = con.execute(
            """
            select arr_usd, ttm_nrr from main_marts.rpt_board_retention
            where segment = 'total'
              and revenue_month = (select max(revenue_month) from main_marts.rpt_board_retention where is_month_closed)
            """
        ).fetchone()
    assert float(values["arr"]) == pytest.approx(float(arr), abs=1e-6)
    assert float(values["ttm_nrr"]) == pytest.approx(nrr, abs=1e-12)


def test_board_pack_shows_the_nrr_gap_of_the_mart(pack):
    html_path, _, db = pack
    text = html_path.read_text()
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            """
            select segment, nrr_gap_arr_usd, nrr_gap_cost_3y_usd, nrr_gap_revenue_3y_usd
            from main_marts.rpt_board_retention
            where revenue_month = (select max(revenue_month) from main_marts.rpt_board_retention where is_month_closed)
            """
        ).fetchall()
    assert rows
    assert "Cumulative revenue gap, 3 years" in text
    for segment, run_rate, after_3y, revenue_3y in rows:
        row = text.split(f'<tr data-segment="{segment}">', 1)[1].split("</tr>", 1)[0]
        found = dict(re.findall(r'data-column="([a-z_0-9]+)" data-value="([^"]*)"', row))
        assert float(found["nrr_gap_arr_usd"]) == pytest.approx(float(run_rate), abs=1e-6)
        assert float(found["nrr_gap_cost_3y_usd"]) == pytest.approx(float(after_3y), abs=1e-6)
        assert float(found["nrr_gap_revenue_3y_usd"]) == pytest.approx(float(revenue_3y), abs=1e-6)


def test_board_pack_is_stamped_with_as_of_date_build_time_and_publication(pack):
    html_path, _, db = pack
    text = html_path.read_text()
    found = dict(re.findall(r'(data-as-of|data-built-at|data-publication-id)="([^"]*)"', text))
    with duckdb.connect(str(db), read_only=True) as con:
        (as_of,) = con.execute("select as_of_date from main_marts.rpt_reporting_period").fetchone()
        published = con.execute(
            "select count(*) from information_schema.tables where table_name = 'warehouse_publication'"
        ).fetchone()[0]
        latest = (
            con.execute(
                "select dbt_invocation_id, published_at from main.warehouse_publication order by published_at desc limit 1"
            ).fetchone()
            if published
            else None
        )
    assert found["data-as-of"] == f"{as_of:%Y-%m-%d}"
    if latest is None:  # a warehouse dbt built directly (pytest's own): no publication to name
        assert found["data-publication-id"] == "" and "not recorded" in text
    else:
        assert found["data-publication-id"] == latest[0]
        assert pd.Timestamp(found["data-built-at"]) == pd.Timestamp(latest[1])


def test_board_pack_tile_changes_equal_the_mart(pack):
    html_path, _, db = pack
    text = html_path.read_text()
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            """
            with latest as (
                select max(revenue_month) as m from main_marts.rpt_board_retention where is_month_closed
            )
            select now.arr_usd / before.arr_usd - 1, now.ttm_nrr - before.ttm_nrr, year.ttm_grr
            from main_marts.rpt_board_retention as now
            cross join latest
            left join main_marts.rpt_board_retention as before
                on before.segment = 'total' and before.revenue_month = latest.m - interval 1 month
            left join main_marts.rpt_board_retention as year
                on year.segment = 'total' and year.revenue_month = latest.m - interval 12 month
            where now.segment = 'total' and now.revenue_month = latest.m
            """
        ).fetchone()
    arr_month, nrr_month, grr_year_ago = rows
    tile = lambda metric: text.split(f'data-metric="{metric}"', 1)[1].split('<div class="hint">', 1)[0]  # noqa: E731
    arr_change = re.search(r'data-period="month" data-change="([^"]*)"', tile("arr")).group(1)
    nrr_change = re.search(r'data-period="month" data-change="([^"]*)"', tile("ttm_nrr")).group(1)
    assert float(arr_change) == pytest.approx(float(arr_month), rel=1e-9)
    if nrr_month is None:  # a short history (pytest's own warehouse): no TTM NRR the month before
        assert nrr_change == "" and "n/a vs" in tile("ttm_nrr")
    else:
        assert float(nrr_change) == pytest.approx(nrr_month, abs=1e-12)
    assert ('data-period="year" data-change=""' in tile("ttm_grr")) == (grr_year_ago is None)


def test_board_pack_renders_in_headless_chromium(pack):
    html_path, _, db = pack
    chromium = shutil.which("chromium")
    assert chromium, "chromium is not installed: run `make browser` (Debian package chromium)"
    with tempfile.TemporaryDirectory(prefix="erw-chromium-") as profile:
        proc = subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--virtual-time-budget=20000",
                "--dump-dom",
                html_path.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = ChartDom()
    dom.feed(proc.stdout)
    assert len(dom.charts) == 8, dom.charts
    undrawn = [chart for chart, svgs in dom.charts.items() if svgs == 0]
    assert not undrawn, f"charts not drawn by plotly: {undrawn}"

    # headline figures straight from the mart, formatted here
    with duckdb.connect(str(db), read_only=True) as con:
        arr, nrr, grr, logo = con.execute(
            """
            select arr_usd, ttm_nrr, ttm_grr, ttm_logo_retention
            from main_marts.rpt_board_retention
            where segment = 'total'
              and revenue_month = (select max(revenue_month) from main_marts.rpt_board_retention where is_month_closed)
            """
        ).fetchone()
    assert dom.tiles["ttm_nrr"] == f"{nrr * 100:.1f}%"
    assert dom.tiles["ttm_grr"] == f"{grr * 100:.1f}%"
    assert dom.tiles["ttm_logo_retention"] == f"{logo * 100:.1f}%"
    assert dom.tiles["arr"] == f"${float(arr) / 1e6:.1f}M"


def overlaps(a: dict, b: dict, tolerance: float = 1.0) -> bool:
    return (
        a["l"] < b["r"] - tolerance
        and b["l"] < a["r"] - tolerance
        and a["t"] < b["b"] - tolerance
        and b["t"] < a["b"] - tolerance
    )


def inside(inner: dict, outer: dict, tolerance: float = 1.0) -> bool:
    return (
        inner["l"] >= outer["l"] - tolerance
        and inner["r"] <= outer["r"] + tolerance
        and inner["t"] >= outer["t"] - tolerance
        and inner["b"] <= outer["b"] + tolerance
    )


def measure_in_chromium(html_path, width: int | None) -> dict:
    """Geometry of the pack in headless Chromium: at `width` px in an iframe, or (None) in a 1280 px
    window."""
    chromium = shutil.which("chromium")
    assert chromium, "chromium is not installed: run `make browser` (Debian package chromium)"
    probe = html_path.with_name(html_path.stem + "_probe.html")
    probe.write_text(html_path.read_text().replace("</body>", f"<script>{GEOMETRY_PROBE}</script></body>"))
    target, window = probe, "1280,900"
    if width is not None:
        target = html_path.with_name(f"phone_{width}.html")
        target.write_text(PHONE_FRAME.format(src=probe.name).replace("390px", f"{width}px"))
    with tempfile.TemporaryDirectory(prefix="erw-chromium-") as profile:
        proc = subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={window}",
                "--virtual-time-budget=30000",
                "--dump-dom",
                target.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    found = re.search(r'<pre id="geometry">(.*?)</pre>', proc.stdout, re.S)
    assert found, "the geometry probe did not report (charts not drawn?)"
    import html as html_module
    import json

    return json.loads(html_module.unescape(found.group(1)))


def layout_problems(geometry: dict) -> list[str]:
    """Everything that overlaps or is cut off: page wider than the screen, a chart wider than the page,
    a title cut off or over a plot, a subplot title, the legend or the tool bar, the legend over tick
    labels, labels outside their axes or over a line, tile labels over each other."""
    problems = []
    page = geometry["clientWidth"]
    if geometry["scrollWidth"] > page + 1:
        problems.append(f"page scrolls sideways: {geometry['scrollWidth']} > {page}")
    for name, chart in geometry["charts"].items():
        svg = chart["svg"]
        if svg["l"] < -1 or svg["r"] > page + 1:
            problems.append(f"{name}: chart clipped ({svg['l']:.0f}-{svg['r']:.0f} of {page})")
        if not inside(svg, chart["section"]):
            problems.append(f"{name}: chart cut by its section ({svg} in {chart['section']})")
        if chart["legend"] and not inside(chart["legend"], svg):
            problems.append(f"{name}: legend outside the chart")
        titles = ([chart["title"]] if chart["title"] else []) + chart["titles"]
        for i, title in enumerate(titles):
            if not inside(title, svg):
                problems.append(f"{name}: title {i} cut off ({title} in {svg})")
            others = titles[i + 1 :] + chart["plots"] + [b for b in (chart["legend"], chart["modebar"]) if b]
            problems += [f"{name}: title {i} overlaps {other}" for other in others if overlaps(title, other)]
        if chart["legend"] and any(overlaps(chart["legend"], tick) for tick in chart["ticks"]):
            problems.append(f"{name}: legend over the axis tick labels")
        for label in chart["labels"]:
            if not inside(label["box"], label["plot"]):
                problems.append(f"{name}: label {label['text']!r} outside its axes")
            if label["lastLineX"] is not None and label["box"]["l"] <= label["lastLineX"]:
                problems.append(f"{name}: label {label['text']!r} over the lines")
    tiles = geometry["tiles"]
    problems += [
        f"tile labels {i} and {j} overlap"
        for i in range(len(tiles))
        for j in range(i + 1, len(tiles))
        if overlaps(tiles[i], tiles[j])
    ]
    return problems


@pytest.mark.parametrize("width", [390, None], ids=["phone-390px", "desktop-1280px"])
def test_board_pack_layout_in_chromium_has_no_overlap_or_clipping(pack, width):
    html_path, _, _ = pack
    geometry = measure_in_chromium(html_path, width)
    assert len(geometry["charts"]) == 8
    assert geometry["width"] == (width or 1280)
    expected = "narrow" if width is not None and width < 640 else "wide"
    assert {chart["layout"] for chart in geometry["charts"].values()} == {expected}
    labels = [label for chart in geometry["charts"].values() for label in chart["labels"]]
    assert len(labels) >= 6, "the target and band labels were not measured"
    assert layout_problems(geometry) == []
