"""The frames the sign-off validates, derived from the marts with plain pandas.

Identities that span rows (the bridge adds up, segments sum to the total, a closed month equals its
snapshot) become one column per identity holding the gap, so each is a single column expectation
that names the rows that break it. Nothing here decides pass or fail: the expectations in
`erw.signoff.suite` do, against thresholds from dbt_project.yml vars.
"""

from __future__ import annotations

import pandas as pd

BRIDGE_MOVEMENTS = (
    "new_mrr_usd",
    "expansion_mrr_usd",
    "reactivation_mrr_usd",
    "contraction_mrr_usd",
    "churn_mrr_usd",
)
# Board figures that sum across segments (money and base counts), and those compared with the
# snapshot of a closed month (as first reported).
BOARD_ADDITIVE = (
    "arr_usd",
    "arr_usd_constant",
    "ttm_base_mrr_usd",
    "ttm_new_arr_usd",
    "ttm_expansion_arr_usd",
    "ttm_reactivation_arr_usd",
    "ttm_contraction_arr_usd",
    "ttm_churn_arr_usd",
)
SNAPSHOT_FIGURES = (
    "arr_usd",
    "arr_usd_constant",
    "ttm_base_mrr_usd",
    "ttm_nrr",
    "ttm_grr",
    "ttm_logo_retention",
    "period_movement_nrr",
)
SCORE_COLUMNS = (
    "health_score",
    "product_usage_score",
    "engagement_score",
    "support_score",
    "business_outcomes_score",
    "relationship_score",
    "contract_financial_score",
    "expansion_readiness",
    "usage_growth_score",
    "stakeholder_breadth_score",
    "feature_depth_score",
    "health_trajectory_score",
    "contract_headroom_score",
    "whitespace_score",
)
HELD_ARR_COLUMN = "quarantined_arr_usd"


def _numeric(frame: pd.DataFrame, columns) -> pd.DataFrame:
    out = frame.copy()
    for column in columns:
        if column in out.columns:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    return out


def board_frame(board: pd.DataFrame) -> pd.DataFrame:
    """rpt_board_retention with the held-ARR share (quarantined ARR over ARR) when the column exists."""
    out = _numeric(board, BOARD_ADDITIVE + SNAPSHOT_FIGURES + (HELD_ARR_COLUMN,))
    if HELD_ARR_COLUMN in out.columns:
        out["held_arr_share"] = out[HELD_ARR_COLUMN] / out["arr_usd"].where(out["arr_usd"] != 0)
    return out


def board_ttm_frame(board: pd.DataFrame) -> pd.DataFrame:
    """Board rows that have a full trailing year behind them (12+ months after the first month):
    the rows whose TTM figures must be present."""
    out = board_frame(board)
    months = pd.to_datetime(out["revenue_month"])
    first = months.min()
    return out[months >= first + pd.DateOffset(months=12)].reset_index(drop=True)


def segment_gap_frame(frame: pd.DataFrame, month_column: str, columns) -> pd.DataFrame:
    """One row per month: for each column, the total row minus the sum of the segment rows."""
    numeric = _numeric(frame, columns)
    is_total = numeric["segment"] == "total"
    totals = numeric[is_total].set_index(month_column)[list(columns)]
    segments = numeric[~is_total].groupby(month_column)[list(columns)].sum(min_count=1)
    gaps = (totals - segments.reindex(totals.index)).add_prefix("gap_")
    gaps["segment_rows"] = numeric[~is_total].groupby(month_column).size().reindex(totals.index).fillna(0)
    # months with segment rows but no total row are a broken identity too
    orphan = segments.index.difference(totals.index)
    for month in orphan:
        gaps.loc[month, [f"gap_{c}" for c in columns]] = float("nan")
    return gaps.reset_index()


def board_weighted_nrr_gap(board: pd.DataFrame) -> pd.DataFrame:
    """Per month: total TTM NRR/GRR minus the segments' NRR/GRR weighted by their TTM base MRR (the
    segment ratios and the total must come from the same grains)."""
    numeric = _numeric(board, ("ttm_base_mrr_usd", "ttm_nrr", "ttm_grr"))
    numeric = numeric[numeric["ttm_base_mrr_usd"].notna()]
    is_total = numeric["segment"] == "total"
    seg = numeric[~is_total].copy()
    seg["net"] = seg["ttm_nrr"] * seg["ttm_base_mrr_usd"]
    seg["gross"] = seg["ttm_grr"] * seg["ttm_base_mrr_usd"]
    sums = seg.groupby("revenue_month")[["net", "gross", "ttm_base_mrr_usd"]].sum()
    totals = numeric[is_total].set_index("revenue_month")
    out = pd.DataFrame(index=totals.index)
    out["gap_ttm_nrr"] = totals["ttm_nrr"] - sums["net"] / sums["ttm_base_mrr_usd"]
    out["gap_ttm_grr"] = totals["ttm_grr"] - sums["gross"] / sums["ttm_base_mrr_usd"]
    return out.reset_index()


def bridge_frame(bridge: pd.DataFrame) -> pd.DataFrame:
    """rpt_arr_bridge with the residual of its identity and the gap to the previous month's end:
    starting + transfers + new + expansion + reactivation - contraction - churn + fx - ending = 0
    starting(m) - ending(m-1) = 0 (same segment; the first month starts at zero)."""
    columns = (
        "starting_mrr_usd",
        "segment_transfer_usd",
        *BRIDGE_MOVEMENTS,
        "fx_impact_usd",
        "ending_mrr_usd",
    )
    out = _numeric(bridge, columns).sort_values(["segment", "revenue_month"]).reset_index(drop=True)
    out["bridge_residual_usd"] = (
        out["starting_mrr_usd"]
        + out["segment_transfer_usd"]
        + out["new_mrr_usd"]
        + out["expansion_mrr_usd"]
        + out["reactivation_mrr_usd"]
        - out["contraction_mrr_usd"]
        - out["churn_mrr_usd"]
        + out["fx_impact_usd"]
        - out["ending_mrr_usd"]
    )
    months = pd.to_datetime(out["revenue_month"])
    previous = out.assign(next_month=months + pd.DateOffset(months=1))[
        ["segment", "next_month", "ending_mrr_usd"]
    ]
    merged = out.assign(month_ts=months).merge(
        previous.rename(columns={"next_month": "month_ts", "ending_mrr_usd": "previous_ending_mrr_usd"}),
        on=["segment", "month_ts"],
        how="left",
    )
    merged["previous_ending_mrr_usd"] = merged["previous_ending_mrr_usd"].fillna(0.0)
    out["continuity_gap_usd"] = (merged["starting_mrr_usd"] - merged["previous_ending_mrr_usd"]).to_numpy()
    return out


def snapshot_frame(board: pd.DataFrame, snapshot: pd.DataFrame) -> pd.DataFrame:
    """Closed board rows against the snapshot's first version of the same row (as first reported):
    one row per board_row_id on either side, `presence` = both / board_only / snapshot_only, and the
    absolute change of each figure."""
    current = board_frame(board)
    current = current[current["is_month_closed"].astype(bool)]
    snap = _numeric(snapshot, SNAPSHOT_FIGURES)
    first = snap.sort_values("dbt_valid_from").groupby("board_row_id", as_index=False).first()
    merged = current.merge(
        first[["board_row_id", *SNAPSHOT_FIGURES]],
        on="board_row_id",
        how="outer",
        suffixes=("", "_first_reported"),
        indicator="presence",
    )
    merged["presence"] = (
        merged["presence"]
        .astype(str)
        .map({"both": "both", "left_only": "board_only", "right_only": "snapshot_only"})
    )
    for figure in SNAPSHOT_FIGURES:
        now, then = merged[figure], merged[f"{figure}_first_reported"]
        change = (now - then).abs()
        # both null is unchanged; one side null is a change
        change = change.where(~(now.isna() & then.isna()), 0.0)
        change = change.where(~(now.isna() ^ then.isna()), float("inf"))
        merged[f"change_{figure}"] = change
    return merged


def failed_gate_frame(scorecard: pd.DataFrame) -> pd.DataFrame:
    """Scorecard accounts that fail the activation gate."""
    passes = scorecard["passes_gate"].astype("boolean")
    return scorecard[passes.eq(False).fillna(False).astype(bool)].reset_index(drop=True)


def scorecard_frame(scorecard: pd.DataFrame) -> pd.DataFrame:
    return _numeric(scorecard, SCORE_COLUMNS + ("top_cross_sell_propensity",))
