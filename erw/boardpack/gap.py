"""The NRR gap to target and what it costs, per segment and in total, for the latest closed month.

Read from rpt_board_retention as they are (no figure is recomputed here):
- nrr_gap_to_target: target - TTM NRR, in points (positive = short of target);
- nrr_gap_arr_usd, published as "run-rate gap": ARR x gap, the ARR a year of retention at target
  would have added (a run-rate, not revenue booked);
- nrr_gap_cost_3y_usd, published as "run-rate gap after 3 years": ARR x (target^3 - NRR^3), the
  difference in ARR after three years of compounding at NRR vs at target - also a run-rate, not the
  revenue lost over the three years;
- nrr_gap_revenue_3y_usd (CUMULATIVE_GAP_COLUMN), published as "cumulative revenue gap, 3 years":
  the revenue the next 36 months bring in less at NRR than at target, both paths compounding monthly
  (ARR / 12 x sum_k=1..36 (target^(k/12) - NRR^(k/12))); shown only when the mart has it.
"""

from __future__ import annotations

import html

import pandas as pd

from erw.boardpack.formats import format_ratio, format_usd, plain_number
from erw.boardpack.labels import SEGMENT_LABELS, segment_label

CUMULATIVE_GAP_COLUMN = "nrr_gap_revenue_3y_usd"
COLUMNS = (
    ("ttm_nrr", "TTM NRR"),
    ("nrr_target", "Target"),
    ("nrr_gap_to_target", "Gap to target"),
    ("nrr_gap_arr_usd", "Run-rate gap (ARR, 1 year)"),
    ("nrr_gap_cost_3y_usd", "Run-rate gap after 3 years (ARR)"),
    (CUMULATIVE_GAP_COLUMN, "Cumulative revenue gap, 3 years"),
)


def gap_rows(board: pd.DataFrame, month: pd.Timestamp) -> pd.DataFrame:
    """The month's rows (total first, then segments in SEGMENT_LABELS order) with the gap columns the
    mart has."""
    months = pd.to_datetime(board["revenue_month"])
    columns = ["segment"] + [c for c, _ in COLUMNS if c in board.columns]
    rows = board.loc[months == month, columns].copy()
    order = {code: i for i, code in enumerate(SEGMENT_LABELS)}
    rows["_order"] = rows["segment"].map(order).fillna(len(order))
    return rows.sort_values(["_order", "segment"]).drop(columns="_order").reset_index(drop=True)


def format_gap_points(gap) -> str:
    """0.0427 -> '4.3 pts short'; -0.02 -> 'above by 2.0 pts'; missing -> 'n/a'."""
    if gap is None or pd.isna(gap):
        return "n/a"
    gap = float(gap)
    return f"{100 * gap:.1f} pts short" if gap > 0 else f"above by {-100 * gap:.1f} pts"


def _cell(column: str, value) -> str:
    if column in ("ttm_nrr", "nrr_target"):
        text = format_ratio(value)
    elif column == "nrr_gap_to_target":
        text = format_gap_points(value)
    else:
        text = format_usd(value)
    return f'<td data-column="{column}" data-value="{plain_number(value)}">{html.escape(text)}</td>'


def gap_html(rows: pd.DataFrame, month: pd.Timestamp) -> str:
    shown = [(c, label) for c, label in COLUMNS if c in rows.columns]
    head = "".join(f"<th>{html.escape(label)}</th>" for _, label in shown)
    body = "".join(
        f'<tr data-segment="{html.escape(str(row["segment"]))}">'
        f"<th>{html.escape(segment_label(row['segment']))}</th>"
        + "".join(_cell(c, row[c]) for c, _ in shown)
        + "</tr>"
        for _, row in rows.iterrows()
    )
    note = (
        "Run-rate gaps are ARR, not revenue: ARR x (target - NRR) for one year, and the ARR difference "
        "after three years of compounding at NRR instead of target."
    )
    if CUMULATIVE_GAP_COLUMN not in rows.columns:
        note += " The cumulative revenue lost over three years is not in the marts yet."
    else:
        note += (
            " The cumulative revenue gap is revenue: what the next 36 months bring in less at NRR than at "
            "target, both compounding monthly from today's MRR."
        )
    return (
        f'<section class="gap" id="nrr-gap"><h2>NRR gap to target, {month:%B %Y}</h2>'
        f'<div class="scroll"><table class="gap"><thead><tr><th>Segment</th>{head}</tr></thead>'
        f'<tbody>{body}</tbody></table></div><p class="sub">{html.escape(note)}</p></section>'
    )
