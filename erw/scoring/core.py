"""Building blocks shared by every score: ramps, step tables, weighted components, bands, gates.

Everything is vectorised over a frame of inputs (one row per scored grain); the parameters come
from the scoring seeds as small frames, so nothing here knows a weight or a threshold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DEFAULT_SEGMENT = "default"


def ramp(values: pd.Series, floor: float, target: float) -> pd.Series:
    """Linear 0-100 score: 0 at or beyond `floor`, 100 at or beyond `target`, missing stays missing.

    A floor above the target scores "lower is better" inputs (ticket ratio, days since contact).
    """
    x = pd.to_numeric(values, errors="coerce").astype("float64")
    if floor == target:
        return pd.Series(np.where(x.isna(), np.nan, np.where(x >= target, 100.0, 0.0)), index=x.index)
    scaled = (x - floor) / (target - floor)
    return scaled.clip(lower=0.0, upper=1.0) * 100.0


def _model_rows(frame: pd.DataFrame, score_model: str) -> pd.DataFrame:
    rows = frame[frame["score_model"] == score_model]
    if rows.empty:
        raise ValueError(f"no parameters for score model {score_model!r}")
    return rows


def _component_from_rows(inputs: pd.DataFrame, rows: pd.DataFrame) -> pd.Series:
    num = pd.Series(0.0, index=inputs.index)
    den = pd.Series(0.0, index=inputs.index)
    for row in rows.itertuples(index=False):
        if row.input_name in inputs:
            scored = ramp(inputs[row.input_name], float(row.floor_value), float(row.target_value))
        else:
            scored = pd.Series(np.nan, index=inputs.index)
        num = num + scored.fillna(0.0) * float(row.sub_weight)
        den = den + scored.notna() * float(row.sub_weight)
    return (num / den.where(den > 0)).astype("float64")


def component_scores(
    inputs: pd.DataFrame,
    component_inputs: pd.DataFrame,
    score_model: str,
    segments: pd.Series | None = None,
) -> pd.DataFrame:
    """One 0-100 column per component (`<component>_score`): sub-weighted mean of its ramped inputs.

    An input that is missing (null, or a column the frame lacks) drops out and its sub-weight is
    shared among the component's other inputs; a component with no input present is missing.
    Rows with segment `default` define every component; a segment that lists a component itself
    replaces that component's whole input list for its accounts (e.g. engagement targets scaled to
    the enterprise touch model).
    """
    spec = _model_rows(component_inputs, score_model)
    if "segment" not in spec:
        spec = spec.assign(segment=DEFAULT_SEGMENT)
    if segments is None:
        segments = pd.Series(DEFAULT_SEGMENT, index=inputs.index)
    out = {}
    for component in dict.fromkeys(spec["component"]):
        rows = spec[spec["component"] == component]
        default_rows = rows[rows["segment"] == DEFAULT_SEGMENT]
        score = _component_from_rows(inputs, default_rows)
        for segment, seg_rows in rows[rows["segment"] != DEFAULT_SEGMENT].groupby("segment", sort=True):
            mask = (segments == segment).to_numpy()
            if mask.any():
                score[mask] = _component_from_rows(inputs[mask], seg_rows).to_numpy()
        out[f"{component}_score"] = score
    return pd.DataFrame(out, index=inputs.index)


def segment_weights(
    weights: pd.DataFrame, score_model: str, segments: pd.Series, components: list[str]
) -> pd.DataFrame:
    """Row-aligned weight matrix: the segment's own weights, else the model's `default` weights."""
    spec = _model_rows(weights, score_model)
    table = spec.pivot_table(index="segment", columns="component", values="weight", aggfunc="sum")
    table = table.reindex(columns=components).fillna(0.0)
    if DEFAULT_SEGMENT not in table.index:
        raise ValueError(f"score model {score_model!r} has no default weights")
    seg = segments.astype("object").where(segments.isin(table.index), DEFAULT_SEGMENT)
    matrix = table.loc[seg.to_numpy()].to_numpy(dtype="float64")
    return pd.DataFrame(matrix, index=segments.index, columns=components)


def weighted_total(component_frame: pd.DataFrame, weight_matrix: pd.DataFrame) -> pd.Series:
    """Weighted mean of present components; a missing component's weight goes to the others."""
    values = component_frame[weight_matrix.columns].to_numpy(dtype="float64")
    w = weight_matrix.to_numpy(dtype="float64")
    present = ~np.isnan(values)
    den = (w * present).sum(axis=1)
    num = np.nansum(w * np.where(present, values, 0.0), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        total = np.where(den > 0, num / den, np.nan)
    return pd.Series(total, index=component_frame.index)


def assign_band(scores: pd.Series, bands: pd.DataFrame, score_model: str) -> tuple[pd.Series, pd.Series]:
    """(band, band_rank): the band with the highest lower bound at or below the score.

    Bounds are whole points, so 29.9 is still in a band ending at 29 and 30.0 starts the next.
    """
    spec = _model_rows(bands, score_model).sort_values("lower_bound")
    lower = spec["lower_bound"].to_numpy(dtype="float64")
    x = scores.to_numpy(dtype="float64")
    idx = np.searchsorted(lower, x, side="right") - 1
    valid = ~np.isnan(x) & (idx >= 0)
    idx = np.where(valid, idx, 0)
    names = spec["band"].to_numpy(dtype="object")[idx]
    ranks = spec["band_rank"].to_numpy(dtype="float64")[idx]
    band = pd.Series(np.where(valid, names, None), index=scores.index, dtype="object")
    rank = pd.Series(np.where(valid, ranks, np.nan), index=scores.index).astype("Int64")
    return band, rank


def step_points(values: pd.Series, lower_bounds, points) -> pd.Series:
    """Points of the step with the highest lower bound at or below the value.

    Values below the first bound get the first step's points; missing values get the factor's
    smallest points (an unknown signal never earns more than the worst observed one).
    """
    order = np.argsort(np.asarray(lower_bounds, dtype="float64"))
    lb = np.asarray(lower_bounds, dtype="float64")[order]
    pts = np.asarray(points, dtype="float64")[order]
    x = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64")
    idx = np.searchsorted(lb, x, side="right") - 1
    idx = np.where(idx < 0, 0, idx)
    earned = np.where(np.isnan(x), pts.min(), pts[idx])
    return pd.Series(earned, index=values.index)


def category_points(values: pd.Series, categories, points, fallback: float) -> pd.Series:
    """Points looked up by category; unknown or missing categories get `fallback`."""
    mapping = dict(zip(categories, points, strict=True))
    mapped = values.astype("object").map(mapping)
    return pd.to_numeric(mapped, errors="coerce").fillna(fallback).astype("float64")


_COMPARISONS = {
    "gt": np.greater,
    "gte": np.greater_equal,
    "lt": np.less,
    "lte": np.less_equal,
    "eq": np.equal,
}


def _is_false(value) -> bool:
    """A seed flag read as false: False, 0 or the strings false / f / 0 / no (any case)."""
    if isinstance(value, str):
        return value.strip().lower() in ("false", "f", "0", "no")
    return value is not None and not pd.isna(value) and not bool(value)


def evaluate_gate(inputs: pd.DataFrame, thresholds: pd.DataFrame, segments: pd.Series) -> pd.DataFrame:
    """One boolean column per criterion (`gate_<criterion>`) plus `passes_gate` and
    `failed_gate_criteria` (comma-separated criterion names in seed order, '' when passed).

    Each row is held to its own segment's thresholds; a missing input fails its criterion, and a
    segment without thresholds fails every criterion (nobody is recommended by accident). When the
    thresholds carry an `is_enforced` column, a criterion set to false for a segment is reported
    but always met there (a calibration that drops a criterion keeps its row and reference value).
    """
    criteria = list(dict.fromkeys(thresholds["criterion"]))
    # factorize once: per-row thresholds are small per-segment lookups taken by segment code
    seg_codes, uniques = pd.factorize(segments.astype("object"), use_na_sentinel=False)
    uniques = list(uniques)
    result = {}
    for criterion in criteria:
        rows = thresholds[thresholds["criterion"] == criterion]
        by_segment = rows.set_index("segment")
        seg_threshold = np.array(
            [float(by_segment["threshold"].get(u, np.nan)) for u in uniques] or [np.nan], dtype="float64"
        )
        seg_comparison = np.array(
            [by_segment["comparison"].get(u, "") for u in uniques] or [""], dtype=object
        )
        threshold = seg_threshold[seg_codes]
        comparison = seg_comparison[seg_codes]
        x = (
            pd.to_numeric(inputs[criterion], errors="coerce").to_numpy(dtype="float64")
            if criterion in inputs
            else np.full(len(inputs), np.nan)
        )
        passed = np.zeros(len(inputs), dtype=bool)
        for name, op in _COMPARISONS.items():
            mask = comparison == name
            if mask.any():
                with np.errstate(invalid="ignore"):
                    passed[mask] = op(x[mask], threshold[mask])
        passed &= ~np.isnan(x) & ~np.isnan(threshold)
        if "is_enforced" in by_segment:
            waived = np.array(
                [_is_false(by_segment["is_enforced"].get(u, True)) for u in uniques] or [False], dtype=bool
            )
            passed |= waived[seg_codes]
        result[f"gate_{criterion}"] = passed
    frame = pd.DataFrame(result, index=inputs.index)
    # One bit per criterion, then one label per distinct combination (at most 2^criteria).
    codes = np.zeros(len(frame), dtype=np.int64)
    for bit, criterion in enumerate(criteria):
        codes |= (~frame[f"gate_{criterion}"].to_numpy(dtype=bool)).astype(np.int64) << bit
    labels = {
        code: ",".join(c for bit, c in enumerate(criteria) if code >> bit & 1)
        for code in np.unique(codes).tolist()
    }
    frame["failed_gate_criteria"] = pd.Series(codes, index=frame.index).map(labels).astype("object")
    frame["passes_gate"] = frame[[f"gate_{c}" for c in criteria]].all(axis=1)
    return frame


def parameter(params: pd.DataFrame, score_model: str, name: str) -> float:
    rows = params[(params["score_model"] == score_model) & (params["parameter"] == name)]
    if len(rows) != 1:
        raise ValueError(f"parameter {score_model}.{name} must appear exactly once in score_parameters")
    return float(rows["value"].iloc[0])
