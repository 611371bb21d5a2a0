"""Plotly figures of the board pack, one function per chart, each from BoardData parts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from erw.boardpack.data import format_usd

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


def trigger_effectiveness(triggers: pd.DataFrame, band: tuple[float, float]) -> go.Figure:
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    quarter = pd.Timestamp(triggers["fired_quarter"].iloc[0]) if len(triggers) else None
    fig.add_trace(
        go.Bar(x=triggers["trigger_key"], y=triggers["fire_rate"], name="fire rate", marker_color="#1f77b4"),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            x=triggers["trigger_key"],
            y=triggers["accuracy"],
            name="accuracy (fired -> expanded)",
            mode="markers",
            marker={"color": "#ff7f0e", "size": 10, "symbol": "diamond"},
        ),
        secondary_y=True,
    )
    low, high = band
    fig.add_hrect(y0=low, y1=high, line_width=0, fillcolor="rgba(44,160,44,0.08)", secondary_y=False)
    for value, label in ((low, f"floor {low:.0%}"), (high, f"ceiling {high:.0%}")):
        fig.add_hline(
            y=value, line={"dash": "dash", "color": "#2ca02c"}, annotation_text=label, secondary_y=False
        )
    title = "Trigger fire rate vs the acceptable band, with accuracy"
    if quarter is not None:
        title += f" ({quarter.year} Q{quarter.quarter})"
    fig.update_yaxes(title_text="fire rate", tickformat=".0%", secondary_y=False)
    fig.update_yaxes(title_text="accuracy", tickformat=".0%", range=[0, 1], secondary_y=True)
    fig.update_layout(title=title, xaxis_tickangle=-40, **{**LAYOUT, "height": 520})
    return fig


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
