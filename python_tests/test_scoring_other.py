"""Whitespace, cross-sell propensity, the points model and the win-back score, hand-computed from
the seeds (cross-sell weights 30/25/20/15/10; points steps from reference document 003; win-back
factors 1-3 points, bands 15-18 priority, 10-14 automated nurture, 6-9 low touch)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from erw.scoring import cross_sell_propensity, points_model, whitespace, win_back_score
from erw.scoring.core import assign_band
from python_tests.scoring_fixtures import BANDS, COMPONENT_INPUTS, POINTS_STEPS, WEIGHTS, WIN_BACK_POINTS


def test_whitespace_is_the_average_gap():
    frame = pd.DataFrame(
        [
            {
                "account_id": "a",
                "score_month": pd.Timestamp("2025-06-01"),
                "product_lines_owned": 2,
                "product_lines_total": 5,  # 40 -> gap 60
                "users_or_seats": 50,
                "employee_count": 200,  # 25 -> gap 75
                "departments_active": 2,
                "departments_total": 8,  # 25 -> gap 75
                "features_adopted": 7,
                "features_total": 28,  # 25 -> gap 75
                "contacts_engaged_90d": 3,
                "contacts_active": 4,  # 75 -> gap 25
            }
        ]
    )
    out = whitespace(frame)
    assert out["product_penetration"].iloc[0] == 40.0
    assert out["stakeholder_penetration"].iloc[0] == 75.0
    assert out["whitespace_score"].iloc[0] == 62.0  # (60 + 75 + 75 + 75 + 25) / 5
    # unknown headcount: the seat dimension drops out -> (60 + 75 + 75 + 25) / 4 = 58.75 -> 58.8
    frame.loc[0, "employee_count"] = 0
    out = whitespace(frame)
    assert math.isnan(out["seat_penetration"].iloc[0])
    assert out["whitespace_score"].iloc[0] == 58.8
    assert out["dimensions_scored"].iloc[0] == 4


def test_whitespace_caps_penetration_at_100():
    frame = pd.DataFrame(
        [
            {
                "account_id": "a",
                "score_month": pd.Timestamp("2025-06-01"),
                "users_or_seats": 300,
                "employee_count": 200,
            }
        ]
    )
    out = whitespace(frame)
    assert out["seat_penetration"].iloc[0] == 100.0
    assert out["whitespace_score"].iloc[0] == 0.0


def test_cross_sell_propensity():
    frame = pd.DataFrame(
        [
            {
                "account_id": "a",
                "product_line": "insights",
                "industry_line_penetration": 0.25,  # 0 -> 0.5: 50
                "usage_percentile_in_segment": 1.0,  # 100
                "interest_signals_180d": 0,  # 0
                "days_to_budget_event": 30,  # 365 -> 30: 100
                "has_sponsor_or_champion": 1,  # 100
            },
            {"account_id": "b", "product_line": "insights"},  # nothing known
        ]
    )
    out = cross_sell_propensity(frame, WEIGHTS, COMPONENT_INPUTS)
    # 0.30*50 + 0.25*100 + 0.20*0 + 0.15*100 + 0.10*100 = 15 + 25 + 0 + 15 + 10 = 65
    assert out["cross_sell_propensity"].iloc[0] == 65.0
    assert math.isnan(out["cross_sell_propensity"].iloc[1])


BEST = {
    "adoption_rate": 0.8,
    "usage_frequency": 0.7,
    "feature_breadth": 0.6,  # 15 + 8 + 7 = 30
    "nps_score": 9.5,
    "csat_avg_180d": 4.8,
    "ticket_trend_direction": -1,  # 15 + 5 + 5 = 25
    "employee_growth_yoy": 0.4,
    "funded_recently": 1,
    "open_roles": 25,  # 8 + 6 + 6 = 20
    "stakeholders_engaged_90d": 6,
    "exec_engagement_level": 2,  # 8 + 7 = 15
    "arr_vs_industry_average": 0.5,
    "expansion_options": 3,  # 5 + 5 = 10
}


def _points(rows):
    frame = pd.DataFrame(rows)
    frame["account_id"] = [f"a{i}" for i in range(len(frame))]
    frame["score_month"] = pd.Timestamp("2025-06-01")
    return points_model(frame, POINTS_STEPS, WEIGHTS, BANDS)


def test_points_model_best_missing_and_middle():
    middle = {
        "adoption_rate": 0.5,
        "usage_frequency": 0.39,
        "feature_breadth": 0.3,  # 10 + 3 + 4 = 17
        "nps_score": 7,
        "csat_avg_180d": 4.0,
        "ticket_trend_direction": 0,  # 8 + 3 + 3 = 14
        "employee_growth_yoy": -0.05,
        "funded_recently": 0,
        "open_roles": 5,  # 1 + 2 + 4 = 7
        "stakeholders_engaged_90d": 3,
        "exec_engagement_level": 1,  # 5 + 4 = 9
        "arr_vs_industry_average": 1.0,
        "expansion_options": 1,  # 3 + 3 = 6
    }
    out = _points([BEST, {}, middle])
    assert out["points_score"].tolist() == [100.0, 15.0, 53.0]
    # all missing earns each factor's lowest points: adoption 2+1+1, satisfaction 2+1+1,
    # growth 1+2+1, relationship 0+1, potential 1+1 = 4 + 4 + 4 + 1 + 2 = 15
    assert out["adoption_points"].tolist() == [30.0, 4.0, 17.0]
    assert out["points_band"].tolist() == ["immediate", "low", "medium_term"]


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (39, "low"),
        (40, "medium_term"),
        (59, "medium_term"),
        (60, "short_term"),
        (79, "short_term"),
        (80, "immediate"),
        (81, "immediate"),
    ],
)
def test_points_band_boundaries(score, band):
    assert assign_band(pd.Series([float(score)]), BANDS, "points")[0].iloc[0] == band


def _win_back(rows):
    frame = pd.DataFrame(rows)
    frame["opportunity_id"] = [f"o{i}" for i in range(len(frame))]
    frame["account_id"] = "a"
    return win_back_score(frame, WIN_BACK_POINTS, BANDS)


def test_win_back_extremes_and_unknown_reason():
    out = _win_back(
        [
            {
                "deal_size": "enterprise",
                "stage_reached": "negotiation",
                "engagement": 4,
                "loss_reason": "budget",
                "days_since_loss": 90,
                "company_trajectory": 1,
            },  # 3+3+3+3+3+3 = 18
            {
                "deal_size": "smb",
                "stage_reached": "none",
                "engagement": 0,
                "loss_reason": "competitor",
                "days_since_loss": 200,
                "company_trajectory": -1,
            },  # 6
            {
                "deal_size": "mid_market",
                "stage_reached": "qualified",
                "engagement": 2,
                "loss_reason": "aliens",
                "days_since_loss": 45,
                "company_trajectory": 0,
            },  # 2+2+2+1+2+2 = 11
        ]
    )
    assert out["win_back_score"].tolist() == [18.0, 6.0, 11.0]
    assert out["win_back_band"].tolist() == ["priority", "low_touch", "automated_nurture"]


@pytest.mark.parametrize(
    ("days", "points"),
    [(0, 1), (29, 1), (30, 2), (59, 2), (60, 3), (120, 3), (121, 2), (180, 2), (181, 1), (400, 1)],
)
def test_win_back_time_since_loss(days, points):
    out = _win_back([{"days_since_loss": days}])
    assert out["days_since_loss_points"].iloc[0] == points


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (6, "low_touch"),
        (9, "low_touch"),
        (10, "automated_nurture"),
        (14, "automated_nurture"),
        (15, "priority"),
        (18, "priority"),
    ],
)
def test_win_back_band_boundaries(score, band):
    assert assign_band(pd.Series([float(score)]), BANDS, "win_back")[0].iloc[0] == band


def test_missing_band_for_missing_score():
    band, rank = assign_band(pd.Series([np.nan, 50.0]), BANDS, "health")
    assert band.iloc[0] is None
    assert pd.isna(rank.iloc[0])
    assert band.iloc[1] == "neutral"


def test_every_score_accepts_empty_inputs():
    from erw.scoring import expansion_readiness, health_score, pqa_score
    from python_tests.scoring_fixtures import GATE, PARAMS, PQA_POINTS

    monthly = pd.DataFrame(
        {
            "account_id": pd.Series([], dtype=object),
            "score_month": pd.Series([], dtype="datetime64[ns]"),
            "segment": pd.Series([], dtype=object),
        }
    )
    health = health_score(monthly, WEIGHTS, COMPONENT_INPUTS, BANDS, PARAMS)
    readiness = expansion_readiness(monthly, WEIGHTS, COMPONENT_INPUTS, BANDS, GATE, PARAMS, health=health)
    assert len(health) == len(readiness) == 0
    assert readiness["passes_gate"].dtype == bool
    assert len(whitespace(monthly)) == len(points_model(monthly, POINTS_STEPS, WEIGHTS, BANDS)) == 0
    daily = pd.DataFrame(
        {"account_id": pd.Series([], dtype=object), "score_date": pd.Series([], dtype="datetime64[ns]")}
    )
    for column in PQA_POINTS["signal_column"]:
        daily[column] = pd.Series([], dtype="int32")
    assert len(pqa_score(daily, PQA_POINTS, BANDS, PARAMS)) == 0
    lost = pd.DataFrame(
        {"opportunity_id": pd.Series([], dtype=object), "account_id": pd.Series([], dtype=object)}
    )
    assert len(win_back_score(lost, WIN_BACK_POINTS, BANDS)) == 0
