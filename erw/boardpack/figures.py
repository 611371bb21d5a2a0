"""Plotly figures of the board pack, one function per chart, each from BoardData parts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from erw.boardpack.data import MIN_MATURED_FIRINGS, format_usd
from erw.boardpack.responsive import narrow_updates

LAYOUT = {"template": "plotly_white", "height": 460, "margin": {"l": 60, "r": 30, "t": 60, "b": 50}}


def waterfall(steps, title: str) -> go.Figure:
    fig = go.Figure(
        go.Waterfall(
            x=[label for label, _, _ in steps],
            y=[value if measure != "total" else 0 for _, value, measure in steps],
            measure=[measure for _, _, measure in steps],
            text=[f"{value / 1e6:,.2f}M" for _, value, _ in steps],
            textposition="outside",
            connector={"line": {"color": "#999"}},
        )
    )
    fig.update_layout(title=title, yaxis_title="ARR (USD)", showlegend=False, **LAYOUT)
    return fig


# The cohort heatmap's colour scale is fixed at 0-200% NRR, centred on 100%: a cohort of a few
# logos that grew 9x shows at the 200% colour instead of stretching the scale so every other cell
# looks flat. The cell keeps its value (hover shows it exactly).
COHORT_NRR_SCALE = (0.0, 2.0)


def cohort_row_label(month, logos, starting_mrr) -> str:
    """'2024-08 (14 logos, $12.6K)': the cohort and its size (logos, month-0 MRR)."""
    if logos is None or pd.isna(logos):
        return f"{month:%Y-%m}"
    return f"{month:%Y-%m} ({int(logos)} logos, {format_usd(starting_mrr)})"


def cohort_heatmap(matrix: pd.DataFrame, sizes: pd.DataFrame | None = None) -> go.Figure:
    sizes = sizes if sizes is not None else pd.DataFrame(columns=["logos", "starting_mrr_usd"])
    sizes = sizes.reindex(matrix.index)
    low, high = COHORT_NRR_SCALE
    ticks = [low + (high - low) * i / 4 for i in range(5)]
    fig = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=[int(c) for c in matrix.columns],
            y=[
                cohort_row_label(month, row.logos, row.starting_mrr_usd)
                for month, row in zip(matrix.index, sizes.itertuples(), strict=True)
            ],
            colorscale="RdYlGn",
            zmin=low,
            zmax=high,
            zmid=1.0,
            colorbar={
                "title": "NRR",
                "tickvals": ticks,
                "ticktext": [f"{t:.0%}" for t in ticks[:-1]] + [f"\u2265{high:.0%}"],
            },
            hovertemplate="cohort %{y}, month %{x}: NRR %{z:.1%}<extra></extra>",
        )
    )
    fig.update_layout(
        title=(
            f"Monthly cohort NRR (months since first paying month; colour clipped to {low:.0%}-{high:.0%})"
        ),
        xaxis_title="months since start",
        yaxis_title="cohort (logos, month-0 MRR)",
        **{**LAYOUT, "height": 620},
    )
    return fig


def csql_funnel(counts) -> go.Figure:
    fig = go.Figure(
        go.Funnel(
            y=[label for label, _ in counts],
            x=[value for _, value in counts],
            textinfo="value+percent initial",
        )
    )
    fig.update_layout(title="CSQL funnel, trailing 12 closed months", **LAYOUT)
    return fig


def sla_breaches(rates) -> go.Figure:
    fig = go.Figure(
        go.Bar(
            x=[label for label, _, _ in rates],
            y=[rate for _, rate, _ in rates],
            text=[f"{rate:.1%} of {count}" if count else "none judged" for _, rate, count in rates],
            textposition="outside",
            marker_color="#d62728",
        )
    )
    fig.update_layout(
        title="CSQL SLA breach rate by stage, trailing 12 closed months",
        yaxis={"tickformat": ".0%", "rangemode": "tozero"},
        **LAYOUT,
    )
    return fig


def trigger_effectiveness(
    triggers: pd.DataFrame, band: tuple[float, float], min_matured: int = MIN_MATURED_FIRINGS
) -> go.Figure:
    """Fire rate (bars) against the band and accuracy (diamonds, labelled with n matured firings).
    A trigger with fewer than `min_matured` matured firings gets a grey open marker at 0 labelled
    'n=3' and no rate; a trigger whose accuracy is not scored (advocacy) gets neither."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    quarter = pd.Timestamp(triggers["fired_quarter"].iloc[0]) if len(triggers) else None
    fig.add_trace(
        go.Bar(x=triggers["trigger_key"], y=triggers["fire_rate"], name="fire rate", marker_color="#1f77b4"),
        secondary_y=False,
    )
    matured = pd.to_numeric(triggers.get("matured_firings", pd.Series(dtype=float))).fillna(0).astype(int)
    scored = pd.to_numeric(triggers.get("accuracy", pd.Series(dtype=float))).notna()
    shown = pd.to_numeric(triggers.get("accuracy_shown", pd.Series(dtype=float)))
    ok = shown.notna()
    fig.add_trace(
        go.Scatter(
            x=triggers["trigger_key"][ok],
            y=shown[ok],
            text=[f"n={n}" for n in matured[ok]],
            textposition="top center",
            name=f"accuracy (fired -> expanded), n >= {min_matured} matured firings",
            mode="markers+text",
            marker={"color": "#ff7f0e", "size": 10, "symbol": "diamond"},
        ),
        secondary_y=True,
    )
    few = scored & ~ok
    fig.add_trace(
        go.Scatter(
            x=triggers["trigger_key"][few],
            y=[0.0] * int(few.sum()),
            text=[f"n={n}" for n in matured[few]],
            textposition="top center",
            name=f"too few matured firings (< {min_matured}): accuracy not shown",
            mode="markers+text",
            marker={"color": "#999999", "size": 9, "symbol": "circle-open"},
            textfont={"color": "#999999"},
        ),
        secondary_y=True,
    )
    low, high = band
    fig.add_hrect(y0=low, y1=high, line_width=0, fillcolor="rgba(44,160,44,0.08)", secondary_y=False)
    for value in (low, high):  # the band is named in the axis title, not by labels over the bars
        fig.add_hline(y=value, line={"dash": "dash", "color": "#2ca02c"}, secondary_y=False)
    title = "Trigger fire rate vs the acceptable band, with accuracy"
    if quarter is not None:
        title += f" ({quarter.year} Q{quarter.quarter}, the latest quarter of closed months)"
    fig.update_yaxes(
        title_text=f"fire rate (band {low:.0%}-{high:.0%}, dashed)", tickformat=".0%", secondary_y=False
    )
    fig.update_yaxes(title_text="accuracy", tickformat=".0%", range=[0, 1], secondary_y=True)
    fig.update_layout(
        title=title,
        xaxis_tickangle=-40,
        legend={"orientation": "h", "y": -0.45},
        **{**LAYOUT, "height": 580, "margin": {**LAYOUT["margin"], "b": 170}},
    )
    # on a phone the rotated trigger names take more height: the legend goes further down
    return narrow_updates(fig, {"legend.y": -0.8, "margin.b": 230})


def held_arr(held: pd.DataFrame, summary: pd.DataFrame, tolerance: float) -> go.Figure:
    if len(held):
        fig = go.Figure()
        fig.add_trace(
            go.Bar(
                x=pd.to_datetime(held["revenue_month"]),
                y=held["quarantined_arr_usd"],
                name="ARR held in quarantine",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(held["revenue_month"]),
                y=tolerance * held["arr_usd"].astype(float),
                name=f"tolerance ({tolerance:.1%} of ARR)",
                mode="lines",
                line={"dash": "dash", "color": "#d62728"},
            )
        )
        fig.update_layout(title="ARR held in quarantine by month", yaxis_title="USD", **LAYOUT)
        return fig
    by_table = summary.groupby("source_table", as_index=False)["quarantined_rows"].sum()
    value = "quarantined_rows"
    if "held_arr_usd" in summary.columns:
        by_table = summary.groupby("source_table", as_index=False)["held_arr_usd"].sum()
        value = "held_arr_usd"
    by_table = by_table[by_table[value] > 0].sort_values(value, ascending=False)
    fig = go.Figure(go.Bar(x=by_table["source_table"], y=by_table[value], marker_color="#9467bd"))
    fig.update_layout(title=f"Quarantine: {value.replace('_', ' ')} by source table", **LAYOUT)
    return fig
