"""One function per score. Each takes a frame of inputs (one row per scored grain, built by the
feature marts) and the seed frames holding its weights, thresholds and bands, and returns the
score with every component next to the grain keys. No dbt here: pytest calls these directly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from erw.scoring.core import (
    assign_band,
    category_points,
    component_scores,
    evaluate_gate,
    parameter,
    segment_weights,
    step_points,
    weighted_total,
)

HEALTH_COMPONENTS = [
    "product_usage",
    "engagement",
    "support",
    "business_outcomes",
    "relationship",
    "contract_financial",
]
READINESS_COMPONENTS = [
    "usage_growth",
    "stakeholder_breadth",
    "feature_depth",
    "health_trajectory",
    "contract_headroom",
]
CROSS_SELL_COMPONENTS = [
    "product_fit",
    "adoption_depth",
    "expressed_interest",
    "budget_timing",
    "champion_availability",
]
POINTS_COMPONENTS = ["adoption", "satisfaction", "growth_signals", "relationship", "expansion_potential"]
WHITESPACE_DIMENSIONS = {
    # dimension: (current state column, potential column)
    "product": ("product_lines_owned", "product_lines_total"),
    "seat": ("users_or_seats", "employee_count"),
    "department": ("departments_active", "departments_total"),
    "feature": ("features_adopted", "features_total"),
    "stakeholder": ("contacts_engaged_90d", "contacts_active"),
}
WIN_BACK_FACTORS = [
    "deal_size",
    "stage_reached",
    "engagement",
    "loss_reason",
    "days_since_loss",
    "company_trajectory",
]


def _numeric(inputs: pd.DataFrame, column: str) -> pd.Series:
    """A column as floats; an absent column is all missing."""
    if column not in inputs:
        return pd.Series(np.nan, index=inputs.index, dtype="float64")
    return pd.to_numeric(inputs[column], errors="coerce").astype("float64")


def _round(values: pd.Series, digits: int = 1) -> pd.Series:
    return values.astype("float64").round(digits)


def _keys(inputs: pd.DataFrame, keys: list[str], passthrough: tuple[str, ...] = ()) -> pd.DataFrame:
    """The grain keys (required) and any descriptive columns present (carried through unchanged)."""
    missing = [k for k in keys if k not in inputs]
    if missing:
        raise KeyError(f"inputs lack key columns {missing}")
    return inputs[keys + [c for c in passthrough if c in inputs and c not in keys]].copy()


def _weighted_score(
    inputs: pd.DataFrame,
    weights: pd.DataFrame,
    component_inputs: pd.DataFrame,
    score_model: str,
    components: list[str],
) -> tuple[pd.DataFrame, pd.Series]:
    segments = inputs["segment"] if "segment" in inputs else pd.Series("default", index=inputs.index)
    comps = component_scores(inputs, component_inputs, score_model, segments)
    comps = comps.reindex(columns=[f"{c}_score" for c in components])
    matrix = segment_weights(weights, score_model, segments, components)
    matrix.columns = [f"{c}_score" for c in components]
    total = weighted_total(comps, matrix)
    return comps.apply(_round), _round(total)


def health_score(
    inputs: pd.DataFrame,
    weights: pd.DataFrame,
    component_inputs: pd.DataFrame,
    bands: pd.DataFrame,
    params: pd.DataFrame,
) -> pd.DataFrame:
    """Customer health (0-100) per account and month, its band and its change over the trend window.

    Six components weighted by segment (a segment without its own weights uses `default`); a
    component without any input present hands its weight to the others. `health_trend_3m` is the
    score minus the same account's score `trend_months` earlier (null without that month).
    """
    out = _keys(inputs, ["account_id", "score_month", "segment"])
    comps, total = _weighted_score(inputs, weights, component_inputs, "health", HEALTH_COMPONENTS)
    out[comps.columns] = comps
    out["health_score"] = total
    out["health_band"], out["health_band_rank"] = assign_band(total, bands, "health")
    out["components_missing"] = comps.isna().sum(axis=1).astype("int64")

    months = int(parameter(params, "health", "trend_months"))
    month = pd.to_datetime(out["score_month"])
    earlier = pd.DataFrame(
        {
            "account_id": out["account_id"].to_numpy(),
            "score_month": (month + pd.DateOffset(months=months)).to_numpy(),
            "earlier_score": total.to_numpy(),
        }
    )
    current = pd.DataFrame({"account_id": out["account_id"].to_numpy(), "score_month": month.to_numpy()})
    merged = current.merge(earlier, on=["account_id", "score_month"], how="left")
    out["health_trend_3m"] = _round(
        pd.Series(total.to_numpy() - merged["earlier_score"].to_numpy(), index=out.index)
    )
    return out


def attach_health(inputs: pd.DataFrame, health: pd.DataFrame) -> pd.DataFrame:
    """Inputs with `health_score` and `health_trend_3m` of the same account and month."""
    keys = ["account_id", "score_month"]
    left = inputs.drop(columns=["health_score", "health_trend_3m"], errors="ignore").copy()
    right = health[[*keys, "health_score", "health_trend_3m"]].copy()
    left["score_month"] = pd.to_datetime(left["score_month"])
    right["score_month"] = pd.to_datetime(right["score_month"])
    merged = left.merge(right, on=keys, how="left", validate="one_to_one")
    merged.index = inputs.index
    return merged


def expansion_readiness(
    inputs: pd.DataFrame,
    weights: pd.DataFrame,
    component_inputs: pd.DataFrame,
    bands: pd.DataFrame,
    gate_thresholds: pd.DataFrame,
    params: pd.DataFrame,
    health: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Expansion readiness (0-100, five components), the activation gate and the resulting action.

    `readiness_band` is the score's own band; `recommended_action` is that band only when the
    account passes its segment's gate, otherwise `monitor` (activation first). The expansion
    estimate adds seat and usage pressure above the target utilisation and a cross-sell share when
    the account shows interest in a product line it does not own; `hand_to_sales` marks pursue
    accounts whose estimate exceeds the configured share of current ARR. The gate and the health
    trajectory read `health_score` / `health_trend_3m`: from `health` (the health score frame) when
    given, else from the inputs themselves.
    """
    if health is not None:
        inputs = attach_health(inputs, health)
    out = _keys(inputs, ["account_id", "score_month", "segment"])
    comps, total = _weighted_score(inputs, weights, component_inputs, "readiness", READINESS_COMPONENTS)
    out[comps.columns] = comps
    out["expansion_readiness"] = total
    out["health_score"] = _numeric(inputs, "health_score")
    out["readiness_band"], out["readiness_band_rank"] = assign_band(total, bands, "readiness")

    gate = evaluate_gate(inputs, gate_thresholds, inputs["segment"])
    out[gate.columns] = gate
    out["recommended_action"] = np.where(out["passes_gate"], out["readiness_band"], "monitor")
    out.loc[out["readiness_band"].isna(), "recommended_action"] = "monitor"

    arr = _numeric(inputs, "arr_usd").fillna(0.0)
    seat_target = parameter(params, "readiness", "seat_target_utilisation")
    usage_target = parameter(params, "readiness", "usage_target_utilisation")
    cross_share = parameter(params, "readiness", "cross_sell_acv_share")
    seat_util = _numeric(inputs, "active_user_share").fillna(0.0)
    usage_util = _numeric(inputs, "usage_utilisation").fillna(0.0)
    cross = _numeric(inputs, "cross_sell_interest").fillna(0.0).clip(0, 1)
    uplift = (
        (seat_util - seat_target).clip(lower=0, upper=1)
        + (usage_util - usage_target).clip(lower=0, upper=1)
        + cross_share * cross
    )
    out["estimated_expansion_acv"] = (arr * uplift).round(2)
    share = parameter(params, "readiness", "hand_to_sales_acv_share")
    out["hand_to_sales"] = (out["recommended_action"] == "pursue") & (
        out["estimated_expansion_acv"] > share * arr
    )
    return out


def whitespace(inputs: pd.DataFrame) -> pd.DataFrame:
    """Penetration (0-100) on five dimensions and the whitespace score, the average gap to 100.

    A dimension whose potential is unknown or zero is left out of the average.
    """
    out = _keys(inputs, ["account_id", "score_month"], ("segment",))
    gaps = []
    for dim, (current, potential) in WHITESPACE_DIMENSIONS.items():
        num = _numeric(inputs, current)
        den = _numeric(inputs, potential)
        pen = (num.fillna(0.0) / den.where(den > 0)).clip(lower=0, upper=1) * 100.0
        out[f"{dim}_penetration"] = _round(pen)
        gaps.append(100.0 - pen)
    out["whitespace_score"] = _round(pd.concat(gaps, axis=1).mean(axis=1, skipna=True))
    out["dimensions_scored"] = pd.concat(gaps, axis=1).notna().sum(axis=1).astype("int64")
    return out


def cross_sell_propensity(
    inputs: pd.DataFrame, weights: pd.DataFrame, component_inputs: pd.DataFrame
) -> pd.DataFrame:
    """Propensity (0-100) to buy a product line the account does not own yet, five weighted factors."""
    out = _keys(inputs, ["account_id", "product_line"], ("score_month", "segment"))
    comps, total = _weighted_score(inputs, weights, component_inputs, "cross_sell", CROSS_SELL_COMPONENTS)
    out[comps.columns] = comps
    out["cross_sell_propensity"] = total
    return out


def points_model(
    inputs: pd.DataFrame, steps: pd.DataFrame, weights: pd.DataFrame, bands: pd.DataFrame
) -> pd.DataFrame:
    """The step-table points model (0-100): each factor earns the points of its step, factors add
    up to their component, components to the score. A missing factor earns its lowest step.

    The component weights seed holds each component's maximum; the steps must reach exactly it.
    """
    out = _keys(inputs, ["account_id", "score_month"], ("segment",))
    maxima = weights[weights["score_model"] == "points"].set_index("component")["weight"]
    total = pd.Series(0.0, index=inputs.index)
    for component in POINTS_COMPONENTS:
        rows = steps[steps["component"] == component]
        comp = pd.Series(0.0, index=inputs.index)
        reachable = 0.0
        for factor, frows in rows.groupby("factor", sort=False):
            col = inputs[factor] if factor in inputs else pd.Series(np.nan, index=inputs.index)
            pts = step_points(col, frows["lower_bound"], frows["points"])
            out[f"{factor}_points"] = pts
            comp = comp + pts
            reachable += float(frows["points"].max())
        if component in maxima and reachable != float(maxima[component]):
            raise ValueError(
                f"points model {component}: steps reach {reachable}, weight is {maxima[component]}"
            )
        out[f"{component}_points"] = comp
        total = total + comp
    out["points_score"] = total
    out["points_band"], out["points_band_rank"] = assign_band(total, bands, "points")
    return out


def pqa_score(
    daily: pd.DataFrame, points: pd.DataFrame, bands: pd.DataFrame, params: pd.DataFrame
) -> pd.DataFrame:
    """Product-qualified account score per account and day.

    Credit rules (seed `pqa_points`): `once` credits the behaviour once while it happened within
    the trailing `one_off_window_days` days (score parameter `pqa`), whatever the number of
    occurrences; `each` credits every occurrence within that window; so one-off credits expire and
    the score describes recent behaviour instead of piling up for ever. The window counts calendar
    days, the scored day included (a behaviour on day d counts from d through d + window - 1).
    `month` / `week` credit it once per calendar month / ISO week (so the credit resets on the 1st
    and on Mondays); `daily` rules build an engagement balance that gains per active user-day and
    loses per inactive user-day, never below zero. The total is clipped to [min_score, max_score].
    `daily` must hold one row per account and day, idle days included (zeros), for the decay to
    count (the one-off window uses the dates themselves, so a missing day does not stretch it).
    """
    frame = daily.sort_values(["account_id", "score_date"], kind="stable").reset_index(drop=True)
    day = pd.to_datetime(frame["score_date"])
    acct = pd.Series(pd.factorize(frame["account_id"])[0], index=frame.index).astype("int64")
    day_number = (day - pd.Timestamp("1970-01-05")).dt.days.astype("int64")  # 1970-01-05 is a Monday
    month_number = (day.dt.year * 12 + day.dt.month).astype("int64")
    # single integer keys (account x month, account x ISO week) keep the grouped sums fast
    month_key = acct * 1_000_000 + month_number
    week_key = acct * 1_000_000 + day_number // 7
    out = frame[["account_id", "score_date"]].copy()

    def _col(name: str) -> pd.Series:
        return pd.to_numeric(frame[name], errors="coerce").fillna(0.0).astype("float64")

    window = int(parameter(params, "pqa", "one_off_window_days"))
    if window < 1:
        raise ValueError(f"pqa one_off_window_days must be at least 1, got {window}")
    # Row where each row's trailing window starts: first row of the same account on or after
    # day - window + 1 (rows are sorted by account then date, so one search on a combined key).
    day_key = acct.to_numpy() * 100_000_000 + day_number.to_numpy()
    window_start = np.searchsorted(day_key, day_key - window + 1, side="left")

    def _in_window(x: pd.Series) -> pd.Series:
        """Sum of x over each row's trailing window (same account, last `window` days)."""
        running = np.concatenate([[0.0], x.to_numpy(dtype="float64").cumsum()])
        return pd.Series(running[1:] - running[window_start], index=frame.index)

    engagement_delta = pd.Series(0.0, index=frame.index)
    totals = {"once": 0.0, "each": 0.0, "month": 0.0, "week": 0.0}
    parts = {key: pd.Series(0.0, index=frame.index) for key in totals}
    for row in points.itertuples(index=False):
        x = _col(row.signal_column)
        pts = float(row.points)
        if row.credit_rule == "daily":
            engagement_delta = engagement_delta + pts * x
        elif row.credit_rule == "once":
            parts["once"] += pts * (_in_window(x) > 0)
        elif row.credit_rule == "each":
            parts["each"] += pts * _in_window(x)
        elif row.credit_rule == "month":
            parts["month"] += pts * (x.groupby(month_key).cumsum() > 0)
        elif row.credit_rule == "week":
            parts["week"] += pts * (x.groupby(week_key).cumsum() > 0)
        else:
            raise ValueError(f"unknown PQA credit rule {row.credit_rule!r}")

    # Balance floored at zero without a loop: B_t = S_t - min(0, min_{k<=t} S_k), S the running sum.
    running = engagement_delta.groupby(acct).cumsum()
    floor = running.groupby(acct).cummin().clip(upper=0.0)
    out["engagement_points"] = running - floor
    out["one_time_points"] = parts["once"] + parts["each"]
    out["usage_limit_points"] = parts["month"]
    out["feature_gate_points"] = parts["week"]
    raw = (
        out["engagement_points"]
        + out["one_time_points"]
        + out["usage_limit_points"]
        + out["feature_gate_points"]
    )
    lo = parameter(params, "pqa", "min_score")
    hi = parameter(params, "pqa", "max_score")
    out["pqa_points_uncapped"] = raw
    out["pqa_score"] = raw.clip(lower=lo, upper=hi)
    out["pqa_band"], out["pqa_band_rank"] = assign_band(out["pqa_score"], bands, "pqa")
    return out


def win_back_score(inputs: pd.DataFrame, win_back_points: pd.DataFrame, bands: pd.DataFrame) -> pd.DataFrame:
    """Win-back score (6-18) for closed-lost opportunities: six factors of 1-3 points each.

    Factors with categories (deal size, stage reached, loss reason) are looked up by category,
    unknown ones get the factor's `other` points or else its lowest; numeric factors (engagement,
    days since loss, company trajectory) take the step at or below the value.
    """
    out = _keys(
        inputs,
        ["opportunity_id", "account_id"],
        ("opportunity_type", "closed_date", "amount_arr", "loss_reason", "days_since_loss"),
    )
    total = pd.Series(0.0, index=inputs.index)
    for factor in WIN_BACK_FACTORS:
        rows = win_back_points[win_back_points["factor"] == factor]
        col = inputs[factor] if factor in inputs else pd.Series(np.nan, index=inputs.index)
        categorical = rows["category"].notna() & (rows["category"].astype("object") != "")
        if categorical.all():
            other = rows.loc[rows["category"] == "other", "points"]
            fallback = float(other.iloc[0]) if len(other) else float(rows["points"].min())
            pts = category_points(col, rows["category"], rows["points"], fallback)
        else:
            pts = step_points(col, rows["lower_bound"], rows["points"])
        out[f"{factor}_points"] = pts
        total = total + pts
    out["win_back_score"] = total
    out["win_back_band"], out["win_back_band_rank"] = assign_band(total, bands, "win_back")
    return out
