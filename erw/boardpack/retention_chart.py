"""TTM NRR and GRR by segment against the segment NRR targets and the GRR bands.

Two panels stacked (each gets the page width, on a phone too). The x axis runs past the last month
into a label gutter (GUTTER_SHARE of the months shown): target and band labels sit there, right of
every line and inside the axes, moved apart vertically (labels.spread_labels) and kept inside the
y range, which always covers the data and every target. A band is drawn and labelled only over the
part of it the y axis shows.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from erw.boardpack.figures import LAYOUT
from erw.boardpack.labels import segment_label, spread_labels
from erw.boardpack.responsive import narrow_updates

SEGMENT_COLOURS = {
    "total": "#222222",
    "enterprise": "#1f77b4",
    "mid_market": "#2ca02c",
    "smb": "#ff7f0e",
}
BAND_COLOURS = {
    "critical": "rgba(214, 39, 40, 0.12)",
    "concerning": "rgba(255, 127, 14, 0.12)",
    "healthy": "rgba(44, 160, 44, 0.10)",
    "excellent": "rgba(31, 119, 180, 0.10)",
}
# The label gutter: the x axis runs this share of the months shown past the last month; labels
# start LABEL_OFFSET_SHARE past it.
GUTTER_SHARE = 0.35
LABEL_OFFSET_SHARE = 0.03
# Labels at least this share of the y range apart.
LABEL_GAP_SHARE = 0.08
GRR_AXIS_FLOOR = 0.5


def _x_range(segments: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp]:
    """(first month, end of the gutter, where labels start)."""
    months = pd.to_datetime(segments["revenue_month"])
    first, last = months.min(), months.max()
    span = max(last - first, pd.Timedelta(days=30))
    return first, last + GUTTER_SHARE * span, last + LABEL_OFFSET_SHARE * span


def nrr_range(segments: pd.DataFrame, nrr_targets: pd.DataFrame) -> tuple[float, float]:
    values = pd.concat(
        [pd.to_numeric(segments["ttm_nrr"]), pd.to_numeric(nrr_targets["nrr_target"])]
    ).dropna()
    low, high = float(values.min()), float(values.max())
    pad = max(0.05 * (high - low), 0.02)
    return low - pad, high + pad


def grr_range(segments: pd.DataFrame) -> tuple[float, float]:
    grr = pd.to_numeric(segments["ttm_grr"]).dropna()
    return min(GRR_AXIS_FLOOR, float(grr.min()) - 0.02 if len(grr) else GRR_AXIS_FLOOR), 1.0


def _add_lines(fig: go.Figure, segments: pd.DataFrame) -> None:
    for segment, rows in segments.groupby("segment", sort=False):
        colour = SEGMENT_COLOURS.get(segment)
        for row, column, suffix in ((1, "ttm_nrr", ""), (2, "ttm_grr", " GRR")):
            fig.add_trace(
                go.Scatter(
                    x=rows["revenue_month"],
                    y=rows[column],
                    name=f"{segment_label(segment)}{suffix}",
                    mode="lines",
                    line={"color": colour},
                    legendgroup=segment,
                    showlegend=row == 1,
                ),
                row=row,
                col=1,
            )


def _label(fig, x, y, text, axis: str, colour=None) -> dict:
    fig.add_annotation(
        x=x,
        y=y,
        xref=f"x{axis}",
        yref=f"y{axis}",
        text=text,
        showarrow=False,
        xanchor="left",
        yanchor="middle",
        font={"size": 11, "color": colour or "#444"},
    )
    return fig.layout.annotations[-1]


def retention_by_segment(
    segments: pd.DataFrame, grr_bands: pd.DataFrame, nrr_targets: pd.DataFrame
) -> go.Figure:
    fig = make_subplots(
        rows=2,
        cols=1,
        vertical_spacing=0.12,
        subplot_titles=("TTM NRR vs segment target", "TTM GRR vs GRR bands"),
    )
    _add_lines(fig, segments)
    first, end, label_x = _x_range(segments)
    narrow = {}

    nrr_low, nrr_high = nrr_range(segments, nrr_targets)
    targets = list(nrr_targets.itertuples())
    gap = LABEL_GAP_SHARE * (nrr_high - nrr_low)
    placed = spread_labels([t.nrr_target for t in targets], nrr_low, nrr_high, gap)
    for target, y in zip(targets, placed, strict=True):
        colour = SEGMENT_COLOURS.get(target.segment)
        fig.add_shape(
            type="line",
            x0=first,
            x1=label_x,
            y0=target.nrr_target,
            y1=target.nrr_target,
            xref="x",
            yref="y",
            line={"color": colour, "dash": "dash", "width": 1},
        )
        _label(fig, label_x, y, f"{segment_label(target.segment)} target {target.nrr_target:.0%}", "", colour)
        narrow[f"annotations[{len(fig.layout.annotations) - 1}].text"] = f"{target.nrr_target:.0%}"

    grr_low, grr_high = grr_range(segments)
    visible = []
    for band in grr_bands.itertuples():
        low = max(float(band.lower_bound), grr_low)
        high = min(float(band.upper_bound) if pd.notna(band.upper_bound) else 1.0, grr_high)
        if high <= low:
            continue  # the band lies outside the axis: not drawn, not labelled
        fig.add_hrect(
            y0=low,
            y1=high,
            row=2,
            col=1,
            line_width=0,
            fillcolor=BAND_COLOURS.get(band.grr_band, "rgba(0,0,0,0.05)"),
        )
        visible.append((band.grr_band, (low + high) / 2))
    gap = LABEL_GAP_SHARE * (grr_high - grr_low)
    for (name, _), y in zip(
        visible, spread_labels([y for _, y in visible], grr_low, grr_high, gap), strict=True
    ):
        _label(fig, label_x, y, name, "2")

    # ticks only under the months shown: none in the label gutter
    last = pd.to_datetime(segments["revenue_month"]).max()
    ticks = pd.date_range(last - pd.DateOffset(months=3 * 24), last, freq=pd.DateOffset(months=3))
    fig.update_xaxes(range=[first, end], tickvals=[t for t in ticks if t >= first], tickformat="%b %Y")
    fig.update_yaxes(tickformat=".0%")
    fig.update_yaxes(range=[nrr_low, nrr_high], row=1, col=1)
    fig.update_yaxes(range=[grr_low, grr_high], row=2, col=1)
    fig.update_layout(
        title="TTM retention by segment (grains placed by their segment at t-12)",
        **{**LAYOUT, "height": 820},
    )
    narrow_updates(fig, narrow)
    return fig
