"""Shared helpers for the scoring tests: the real seed files and small hand-made parameter frames."""

from __future__ import annotations

import pandas as pd

from erw.dbt_frames import read_csv_seed

WEIGHTS = read_csv_seed("score_weights")
COMPONENT_INPUTS = read_csv_seed("score_component_inputs")
BANDS = read_csv_seed("score_bands")
PARAMS = read_csv_seed("score_parameters")
GATE = read_csv_seed("readiness_gate_thresholds")
# The gate at the reference document 002 values with every criterion enforced: the rule tests
# check the mechanics against the document's numbers, whatever the shipped calibration is.
GATE_REFERENCE = GATE.assign(threshold=GATE["reference_threshold"], is_enforced=True)
POINTS_STEPS = read_csv_seed("points_model_steps")
WIN_BACK_POINTS = read_csv_seed("win_back_points")
PQA_POINTS = read_csv_seed("pqa_points")


def identity_inputs(score_model: str, components: list[str]) -> pd.DataFrame:
    """One input per component, named like the component, scored 0 at 0 and 100 at 100, so a
    component's score equals its input and the tests control components directly."""
    return pd.DataFrame(
        {
            "score_model": score_model,
            "component": components,
            "input_name": components,
            "sub_weight": 100,
            "floor_value": 0.0,
            "target_value": 100.0,
        }
    )
