"""Assemble the board pack: one self-contained HTML file (plotly.js, styles and data inline) and a
PNG of every chart (kaleido 0.2.1, no browser download)."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
from plotly.offline import get_plotlyjs

from erw.boardpack import figures, gap, responsive, retention_chart, stamp, tiles
from erw.boardpack.data import BoardData

STYLE = """
body { font-family: Helvetica, Arial, sans-serif; margin: 24px 40px; color: #222; }
h1 { margin-bottom: 0; } .sub { color: #666; margin-top: 4px; }
.tiles { display: flex; gap: 16px; margin: 20px 0; flex-wrap: wrap; }
.tile { border: 1px solid #ddd; border-radius: 8px; padding: 14px 20px; min-width: 180px; }
.tile .label { color: #666; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; }
.tile .value { font-size: 30px; font-weight: bold; margin-top: 6px; }
.tile .hint { color: #888; font-size: 12px; margin-top: 4px; }
.tile .changes { font-size: 12px; margin-top: 4px; color: #444; }
.tile .change { display: block; }
table.gap { border-collapse: collapse; font-size: 14px; }
table.gap th, table.gap td { border-bottom: 1px solid #eee; padding: 4px 10px; text-align: right; }
table.gap th:first-child { text-align: left; } .scroll { overflow-x: auto; max-width: 100%; }
h2 { font-size: 18px; margin: 24px 0 8px; }
.chart { margin: 28px 0; } .note { background: #fff4e5; border-left: 4px solid #ff9800; padding: 8px 12px; }
"""


def charts(data: BoardData) -> dict:
    """Chart id -> figure, in the order the pack shows them."""
    out = {
        "bridge_month": figures.waterfall(data.month_bridge, f"ARR bridge, {data.month:%B %Y}"),
    }
    if data.trailing_bridge is not None:
        first = data.month - pd.DateOffset(months=11)
        out["bridge_trailing_12"] = figures.waterfall(
            data.trailing_bridge, f"ARR bridge, trailing 12 months ({first:%b %Y} - {data.month:%b %Y})"
        )
    out["retention_by_segment"] = retention_chart.retention_by_segment(
        data.segments, data.grr_bands, data.nrr_targets
    )
    out["cohort_nrr"] = figures.cohort_heatmap(data.cohorts, data.cohort_sizes)
    out["csql_funnel"] = figures.csql_funnel(data.funnel)
    out["csql_sla_breaches"] = figures.sla_breaches(data.sla_rates)
    out["trigger_effectiveness"] = figures.trigger_effectiveness(data.triggers, data.fire_rate_band)
    out["held_arr"] = figures.held_arr(data.held, data.held_by_table, data.held_tolerance)
    return {chart_id: responsive.finish(fig) for chart_id, fig in out.items()}


def page(data: BoardData, figs: dict) -> str:
    notes = "".join(f'<p class="note">{html.escape(n)}</p>' for n in data.notes)
    sections = []
    for chart_id, fig in figs.items():
        body = fig.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=f"chart-{chart_id}",
            config={"displaylogo": False, "responsive": True},
        )
        sections.append(f'<section class="chart" data-chart="{chart_id}">{body}</section>')
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Board pack {data.month:%Y-%m}</title><style>{STYLE}{responsive.STYLE}</style>"
        f'<script type="text/javascript">{get_plotlyjs()}</script></head><body>'
        f"<h1>Board pack: {data.month:%B %Y}</h1>"
        f'<p class="sub" id="latest-closed-month" data-month="{data.month:%Y-%m-%d}">Latest closed month: '
        f"{data.month:%B %Y}. Retention at constant currency, ARR at actual FX.</p>"
        f"{stamp.stamp_html(data.stamp)}"
        f"{tiles.tiles_html(data.headline, data.changes)}{gap.gap_html(data.gap, data.month)}"
        f"{notes}{''.join(sections)}"
        f'<script type="text/javascript">{responsive.SCRIPT}</script></body></html>'
    )


def write(data: BoardData, html_path: str | Path, png_dir: str | Path, png: bool = True) -> dict:
    html_path, png_dir = Path(html_path), Path(png_dir)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    figs = charts(data)
    html_path.write_text(page(data, figs), encoding="utf-8")
    written = {"html": html_path, "png": []}
    if png:
        png_dir.mkdir(parents=True, exist_ok=True)
        for old in png_dir.glob("*.png"):
            old.unlink()
        for chart_id, fig in figs.items():
            target = png_dir / f"{chart_id}.png"
            fig.write_image(
                str(target), engine="kaleido", width=1200, height=fig.layout.height or 500, scale=1
            )
            written["png"].append(target)
    return written
