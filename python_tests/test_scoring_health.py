"""Health score: segment weights, missing inputs, bands at their boundaries, 3-month trend.
Expected values are worked out by hand from the weights in seeds/scoring/score_weights.csv
(default 35/20/15/15/10/5, enterprise 25/25/15/20/15/0, smb 45/15/15/15/10/0)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from erw.scoring import health_score
from erw.scoring.core import ramp
from erw.scoring.scores import HEALTH_COMPONENTS
from python_tests.scoring_fixtures import BANDS, COMPONENT_INPUTS, PARAMS, WEIGHTS, identity_inputs

IDENTITY = identity_inputs("health", HEALTH_COMPONENTS)


def _score(rows: list[dict], component_inputs=IDENTITY) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["score_month"] = pd.to_datetime(frame["score_month"])
    return health_score(frame, WEIGHTS, component_inputs, BANDS, PARAMS)


def _row(account, segment, **components):
    row = {"account_id": account, "segment": segment, "score_month": "2025-06-01"}
    row.update({c: components.get(c, np.nan) for c in HEALTH_COMPONENTS})
    return row


@pytest.mark.parametrize(
    ("segment", "expected"),
    [("smb", 45.0), ("enterprise", 25.0), ("mid_market", 35.0), ("no_such_segment", 35.0)],
)
def test_usage_only_at_100_gives_the_segments_usage_weight(segment, expected):
    # product_usage = 100, every other component present at 0: the score is the usage weight.
    comps = dict.fromkeys(HEALTH_COMPONENTS, 0.0)
    comps["product_usage"] = 100.0
    out = _score([_row("a", segment, **comps)])
    assert out["health_score"].iloc[0] == expected


def test_enterprise_contract_weight_is_zero():
    # enterprise: contract/financial weighs 0, so 100 there and 0 elsewhere scores 0.
    comps = dict.fromkeys(HEALTH_COMPONENTS, 0.0)
    comps["contract_financial"] = 100.0
    assert _score([_row("a", "enterprise", **comps)])["health_score"].iloc[0] == 0.0
    # default (mid-market): the same account scores its 5% weight.
    assert _score([_row("a", "mid_market", **comps)])["health_score"].iloc[0] == 5.0


def test_missing_components_share_their_weight():
    # smb with only usage (45) = 80 and relationship (10) = 20 present:
    # (45*80 + 10*20) / 55 = 3800 / 55 = 69.0909... -> 69.1
    out = _score([_row("a", "smb", product_usage=80.0, relationship=20.0)])
    assert out["health_score"].iloc[0] == 69.1
    assert out["components_missing"].iloc[0] == 4
    assert out["health_band"].iloc[0] == "neutral"


def test_no_input_at_all_gives_no_score():
    out = _score([_row("a", "smb")])
    assert math.isnan(out["health_score"].iloc[0])
    assert out["health_band"].iloc[0] is None


def test_all_zero_inputs_score_zero_and_critical():
    out = _score([_row("a", "mid_market", **dict.fromkeys(HEALTH_COMPONENTS, 0.0))])
    assert out["health_score"].iloc[0] == 0.0
    assert out["health_band"].iloc[0] == "critical"


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (29.0, "critical"),
        (29.9, "critical"),
        (30.0, "at_risk"),
        (31.0, "at_risk"),
        (49.0, "at_risk"),
        (50.0, "neutral"),
        (51.0, "neutral"),
        (69.0, "neutral"),
        (70.0, "healthy"),
        (71.0, "healthy"),
        (84.0, "healthy"),
        (85.0, "thriving"),
        (100.0, "thriving"),
    ],
)
def test_band_boundaries(value, band):
    # every component equal to `value` -> the weighted score is `value` whatever the weights
    out = _score([_row("a", "smb", **dict.fromkeys(HEALTH_COMPONENTS, value))])
    assert out["health_score"].iloc[0] == value
    assert out["health_band"].iloc[0] == band


def test_trend_is_change_over_three_months_and_needs_that_month():
    rows = [
        _row("a", "smb", **dict.fromkeys(HEALTH_COMPONENTS, v)) | {"score_month": m}
        for m, v in [("2025-01-01", 40.0), ("2025-02-01", 50.0), ("2025-03-01", 60.0), ("2025-04-01", 70.0)]
    ]
    # account b has January and May only: May has no February to compare with
    rows += [
        _row("b", "smb", **dict.fromkeys(HEALTH_COMPONENTS, v)) | {"score_month": m}
        for m, v in [("2025-01-01", 80.0), ("2025-05-01", 20.0)]
    ]
    out = _score(rows).set_index(["account_id", "score_month"])["health_trend_3m"]
    assert out[("a", pd.Timestamp("2025-04-01"))] == 30.0  # 70 - 40
    assert math.isnan(out[("a", pd.Timestamp("2025-03-01"))])
    assert math.isnan(out[("b", pd.Timestamp("2025-05-01"))])


def test_ramp_scores_both_directions_and_keeps_missing():
    values = pd.Series([0.2, 0.5, 0.8, 1.5, np.nan])
    # active_user_share: 0 at 0.2, 100 at 0.8 -> 0.5 is halfway
    assert ramp(values, 0.2, 0.8).tolist()[:4] == pytest.approx([0.0, 50.0, 100.0, 100.0])
    assert math.isnan(ramp(values, 0.2, 0.8).iloc[4])
    # days since last activity: 0 at 90 days, 100 at 14 days -> 52 days is halfway (38 / 76)
    assert ramp(pd.Series([90, 52, 14, 3]), 90, 14).tolist() == pytest.approx([0.0, 50.0, 100.0, 100.0])


def test_real_component_inputs_with_hand_computed_product_usage():
    # Seed ramps for product_usage (sub-weights 40/30/30):
    #   active_user_share 0.5 -> (0.5-0.2)/0.6 = 50; usage_growth_3m -0.15 -> (0.35/0.7) = 50;
    #   daily_active_user_share 0.08 -> (0.05/0.10) = 50  => product_usage = 50.
    # Only that component present -> health = 50 for any segment.
    frame = pd.DataFrame(
        [
            {
                "account_id": "a",
                "segment": "smb",
                "active_user_share": 0.5,
                "usage_growth_3m": -0.15,
                "daily_active_user_share": 0.08,
            }
        ]
    )
    frame["score_month"] = pd.Timestamp("2025-06-01")
    out = health_score(frame, WEIGHTS, COMPONENT_INPUTS, BANDS, PARAMS)
    assert out["product_usage_score"].iloc[0] == 50.0
    assert out["health_score"].iloc[0] == 50.0
    assert out["components_missing"].iloc[0] == 5


def test_engagement_targets_follow_the_segment_touch_model():
    # The same engagement inputs: 9 activities, 4.5 contacts, 26 days since the last activity.
    # mid_market rows (2->16, 1->8, 45->7): 50, 50, 50 -> 50.
    # default rows used by smb (0->8, 0->4, 90->14): 100, 100, 64/76 = 84.21 -> 40 + 30 + 25.26 = 95.3
    row = {"activities_90d": 9, "contacts_engaged_90d": 4.5, "days_since_last_activity": 26}
    frame = pd.DataFrame(
        [{"account_id": "m", "segment": "mid_market", **row}, {"account_id": "s", "segment": "smb", **row}]
    )
    frame["score_month"] = pd.Timestamp("2025-06-01")
    out = health_score(frame, WEIGHTS, COMPONENT_INPUTS, BANDS, PARAMS)
    assert out["engagement_score"].tolist() == [50.0, 95.3]
    # engagement is the only component present, so it is the health score too
    assert out["health_score"].tolist() == [50.0, 95.3]
