"""The figures the board pack shows, read from the marts (read-only) and shaped with plain pandas.

"Latest" is always the latest CLOSED month (rpt_board_retention.is_month_closed): an open month is
never presented as final. Every function here is pure over frames, so pytest checks it on small
hand-written tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

# the formats the pack prints, importable from here as before
from erw.boardpack.formats import format_ratio, format_usd, plain_number  # noqa: F401
from erw.boardpack.gap import gap_rows
from erw.boardpack.stamp import read_stamp
from erw.boardpack.tiles import tile_changes
from erw.warehouse_reader import Warehouse, project_var

BRIDGE_STEPS = (
    ("new", "new_mrr_usd", 1),
    ("expansion", "expansion_mrr_usd", 1),
    ("reactivation", "reactivation_mrr_usd", 1),
    ("contraction", "contraction_mrr_usd", -1),
    ("churn", "churn_mrr_usd", -1),
    ("fx impact", "fx_impact_usd", 1),
)
SLA_STAGES = (
    ("trigger -> created", "sla_trigger_to_created_status"),
    ("created -> qualified", "sla_created_to_qualified_status"),
    ("qualified -> proposal", "sla_qualified_to_proposal_status"),
    ("negotiation", "sla_negotiation_status"),
)
FUNNEL_STAGES = (
    ("created", "csqls_created"),
    ("qualified", "csqls_qualified"),
    ("proposal sent", "csqls_proposal_sent"),
    ("negotiation", "csqls_negotiation"),
    ("won", "csqls_won"),
)
HELD_ARR_COLUMN = "quarantined_arr_usd"


def latest_closed_month(board: pd.DataFrame) -> pd.Timestamp:
    closed = board[board["is_month_closed"].astype(bool)]
    if closed.empty:
        raise ValueError("rpt_board_retention has no closed month: nothing can be presented as final")
    return pd.Timestamp(closed["revenue_month"].max())


def headline(board: pd.DataFrame, month: pd.Timestamp) -> dict:
    """The total row of the latest closed month: ARR and the three TTM ratios."""
    months = pd.to_datetime(board["revenue_month"])
    row = board[(months == month) & (board["segment"] == "total")]
    if len(row) != 1:
        raise ValueError(f"rpt_board_retention has {len(row)} total rows for {month:%Y-%m}")
    row = row.iloc[0]
    return {
        "arr": float(row["arr_usd"]),
        "ttm_nrr": row["ttm_nrr"],
        "ttm_grr": row["ttm_grr"],
        "ttm_logo_retention": row["ttm_logo_retention"],
        "grr_band": row.get("grr_band"),
        "nrr_target": row.get("nrr_target"),
    }


def bridge_steps(starting_mrr: float, movements: dict, ending_mrr: float) -> list[tuple[str, float, str]]:
    """Waterfall steps in ARR (12 x MRR): ('starting ARR', x, 'absolute'), signed movements
    ('relative'), ('ending ARR', y, 'total'). Raises when the steps do not add up to the end."""
    steps = [("starting ARR", 12 * float(starting_mrr), "absolute")]
    for label, column, sign in BRIDGE_STEPS:
        steps.append((label, sign * 12 * float(movements[column]), "relative"))
    steps.append(("ending ARR", 12 * float(ending_mrr), "total"))
    implied = sum(value for _, value, _ in steps[:-1])
    if abs(implied - steps[-1][1]) > max(1.0, 1e-9 * abs(steps[-1][1])):
        raise ValueError(
            f"the ARR bridge does not add up: steps give {implied:,.2f}, ending is {steps[-1][1]:,.2f}"
        )
    return steps


def month_bridge(bridge: pd.DataFrame, month: pd.Timestamp) -> list[tuple[str, float, str]]:
    months = pd.to_datetime(bridge["revenue_month"])
    row = bridge[(months == month) & (bridge["segment"] == "total")].iloc[0]
    return bridge_steps(row["starting_mrr_usd"], row, row["ending_mrr_usd"])


def trailing_bridge(
    bridge: pd.DataFrame, month: pd.Timestamp, months: int = 12
) -> list[tuple[str, float, str]]:
    """The bridge over the `months` months ending at `month`: start of the first, movements summed,
    end of the last (the total rows)."""
    total = bridge[bridge["segment"] == "total"].assign(month_ts=lambda f: pd.to_datetime(f["revenue_month"]))
    first = month - pd.DateOffset(months=months - 1)
    window = total[(total["month_ts"] >= first) & (total["month_ts"] <= month)].sort_values("month_ts")
    if len(window) != months:
        raise ValueError(
            f"the trailing bridge needs {months} months up to {month:%Y-%m}, the mart has {len(window)}"
        )
    sums = {column: pd.to_numeric(window[column]).sum() for _, column, _ in BRIDGE_STEPS}
    return bridge_steps(window.iloc[0]["starting_mrr_usd"], sums, window.iloc[-1]["ending_mrr_usd"])


def segment_series(board: pd.DataFrame, month: pd.Timestamp) -> pd.DataFrame:
    """Closed months up to `month` with TTM NRR / GRR per segment (total included)."""
    months = pd.to_datetime(board["revenue_month"])
    keep = (months <= month) & board["is_month_closed"].astype(bool) & board["ttm_nrr"].notna()
    out = board.loc[keep, ["revenue_month", "segment", "ttm_nrr", "ttm_grr", "ttm_logo_retention"]].copy()
    out["revenue_month"] = pd.to_datetime(out["revenue_month"])
    return out.sort_values(["segment", "revenue_month"]).reset_index(drop=True)


def cohort_matrix(cohorts: pd.DataFrame, month: pd.Timestamp) -> pd.DataFrame:
    """Cohort month x months since start -> NRR, only cells whose month is closed (<= `month`)."""
    frame = cohorts.assign(cohort_ts=pd.to_datetime(cohorts["cohort_month"]))
    cell_month = frame.apply(
        lambda r: r["cohort_ts"] + pd.DateOffset(months=int(r["months_since_start"])), axis=1
    )
    frame = frame[cell_month <= month]
    matrix = frame.pivot(index="cohort_ts", columns="months_since_start", values="nrr").sort_index()
    return matrix


def cohort_sizes(cohorts: pd.DataFrame) -> pd.DataFrame:
    """Per cohort month: its logos (cohort_grains) and its month-0 MRR (mrr_usd at k = 0, the NRR
    denominator), indexed like cohort_matrix."""
    start = cohorts[pd.to_numeric(cohorts["months_since_start"]) == 0]
    sizes = pd.DataFrame(
        {
            "logos": pd.to_numeric(start["cohort_grains"]).astype(int).to_numpy(),
            "starting_mrr_usd": pd.to_numeric(start["mrr_usd"]).astype(float).to_numpy(),
        },
        index=pd.DatetimeIndex(pd.to_datetime(start["cohort_month"]), name="cohort_ts"),
    )
    return sizes.sort_index()


def funnel_counts(funnel: pd.DataFrame, month: pd.Timestamp, months: int = 12) -> list[tuple[str, int]]:
    """CSQLs created in the trailing `months` closed months and how many reached each stage."""
    created = pd.to_datetime(funnel["created_month"])
    window = funnel[(created > month - pd.DateOffset(months=months)) & (created <= month)]
    return [(label, int(pd.to_numeric(window[column]).sum())) for label, column in FUNNEL_STAGES]


def sla_breach_rates(
    pipeline: pd.DataFrame, month: pd.Timestamp, months: int = 12
) -> list[tuple[str, float, int]]:
    """Per SLA stage: breached / (met + breached) over CSQLs created in the trailing window, and the
    number judged. Pending and not-applicable stages are not judged."""
    created = pd.to_datetime(pipeline["created_month"])
    window = pipeline[(created > month - pd.DateOffset(months=months)) & (created <= month)]
    rates = []
    for label, column in SLA_STAGES:
        judged = window[column].isin(["met", "breached"])
        breached = (window[column] == "breached").sum()
        count = int(judged.sum())
        rates.append((label, breached / count if count else float("nan"), count))
    return rates


# Accuracy of a trigger in a quarter is shown only from this many matured firings (firings whose
# accuracy window has passed); below it the chart shows n and no rate: 0 of 3 is not "0% accurate".
MIN_MATURED_FIRINGS = 20


def latest_closed_quarter(
    effectiveness: pd.DataFrame, month: pd.Timestamp, min_matured: int = MIN_MATURED_FIRINGS
) -> pd.DataFrame:
    """The triggers of the latest quarter whose three months are all closed (its last month is on or
    before `month`, the latest closed month), with `accuracy_shown`: the accuracy when at least
    `min_matured` firings matured, else missing."""
    quarters = pd.to_datetime(effectiveness["fired_quarter"])
    closed = effectiveness[
        effectiveness["is_complete_quarter"].astype(bool) & (quarters + pd.DateOffset(months=2) <= month)
    ]
    if closed.empty:
        return closed.assign(accuracy_shown=pd.Series(dtype=float))
    quarter = closed["fired_quarter"].max()
    out = closed[closed["fired_quarter"] == quarter].sort_values("trigger_key").reset_index(drop=True)
    matured = pd.to_numeric(out["matured_firings"]).fillna(0)
    out["accuracy_shown"] = pd.to_numeric(out["accuracy"]).where(matured >= min_matured)
    return out


@dataclass
class BoardData:
    month: pd.Timestamp
    headline: dict
    changes: dict
    gap: pd.DataFrame
    month_bridge: list
    trailing_bridge: list | None
    segments: pd.DataFrame
    grr_bands: pd.DataFrame
    nrr_targets: pd.DataFrame
    cohorts: pd.DataFrame
    cohort_sizes: pd.DataFrame
    funnel: list
    sla_rates: list
    triggers: pd.DataFrame
    fire_rate_band: tuple[float, float]
    held: pd.DataFrame
    held_by_table: pd.DataFrame
    held_tolerance: float
    stamp: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def load(warehouse_path=None) -> BoardData:
    with Warehouse(warehouse_path) as wh:
        board = wh.read("rpt_board_retention")
        bridge = wh.read("rpt_arr_bridge")
        month = latest_closed_month(board)
        notes = []
        try:
            trailing = trailing_bridge(bridge, month)
        except ValueError as error:
            trailing, _ = None, notes.append(str(error))
        if HELD_ARR_COLUMN in board.columns:
            held = board[board["segment"] == "total"][["revenue_month", "arr_usd", HELD_ARR_COLUMN]]
            held = held[pd.to_datetime(held["revenue_month"]) <= month].sort_values("revenue_month")
        else:
            held = pd.DataFrame()
            notes.append(
                f"rpt_board_retention has no {HELD_ARR_COLUMN} column in this warehouse: the ARR held in "
                "quarantine per month cannot be shown; quarantined rows by table are shown instead."
            )
        summary = wh.read("rpt_quarantine_summary")
        cohorts = wh.read("fct_cohort_retention")
        return BoardData(
            month=month,
            headline=headline(board, month),
            changes=tile_changes(board, month),
            gap=gap_rows(board, month),
            month_bridge=month_bridge(bridge, month),
            trailing_bridge=trailing,
            segments=segment_series(board, month),
            grr_bands=wh.read("benchmark_grr_bands").sort_values("band_order"),
            nrr_targets=wh.read("benchmark_nrr_by_segment"),
            cohorts=cohort_matrix(cohorts, month),
            cohort_sizes=cohort_sizes(cohorts),
            funnel=funnel_counts(wh.read("rpt_csql_funnel"), month),
            sla_rates=sla_breach_rates(wh.read("fct_csql_pipeline"), month),
            triggers=latest_closed_quarter(wh.read("rpt_trigger_effectiveness"), month),
            fire_rate_band=(
                float(project_var("trigger_fire_rate_floor", 0.03)),
                float(project_var("trigger_fire_rate_ceiling", 0.40)),
            ),
            held=held,
            held_by_table=summary,
            held_tolerance=float(project_var("held_arr_tolerance", 0.005)),
            stamp=read_stamp(wh),
            notes=notes,
        )
