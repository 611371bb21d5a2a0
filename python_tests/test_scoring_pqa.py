"""PQA score: accumulation, decay over idle days (never below zero), one-time and per-occurrence
credits, monthly and weekly resets, the 0-100 clip and the bands. Points from
seeds/scoring/pqa_points.csv: +2 per active user-day, -1 per inactive user-day, core activation +20
once, invite +15 each, usage limit +25 per month, gate hit +10 per week, integration +30 each,
data import +20 once, admin settings +15 once."""

from __future__ import annotations

import pandas as pd
import pytest

from erw.scoring import pqa_score
from erw.scoring.core import assign_band
from python_tests.scoring_fixtures import BANDS, PARAMS, PQA_POINTS

SIGNALS = [
    "active_users",
    "inactive_users",
    "core_features_activated",
    "users_invited",
    "usage_limit_hits",
    "feature_gate_hits",
    "integrations_created",
    "data_imports",
    "admin_settings_changes",
]


def _days(account: str, start: str, days: list[dict]) -> pd.DataFrame:
    dates = pd.date_range(start, periods=len(days), freq="D")
    rows = [
        {"account_id": account, "score_date": d.date(), **dict.fromkeys(SIGNALS, 0), **day}
        for d, day in zip(dates, days, strict=True)
    ]
    return pd.DataFrame(rows)


def _score(frame: pd.DataFrame) -> pd.DataFrame:
    return pqa_score(frame, PQA_POINTS, BANDS, PARAMS)


def test_engagement_accumulates_and_decays_but_never_below_zero():
    # two users: both active (+4) -> 4; both idle (-2) -> 2; idle -> 0; idle -> 0 (floored, not -2);
    # one active one idle (+2 - 1) -> 1; both active -> 5
    days = [
        {"active_users": 2},
        {"inactive_users": 2},
        {"inactive_users": 2},
        {"inactive_users": 2},
        {"active_users": 1, "inactive_users": 1},
        {"active_users": 2},
    ]
    out = _score(_days("a", "2025-03-03", days))
    assert out["engagement_points"].tolist() == [4.0, 2.0, 0.0, 0.0, 1.0, 5.0]
    assert out["pqa_score"].tolist() == [4.0, 2.0, 0.0, 0.0, 1.0, 5.0]


def test_decay_over_a_long_idle_stretch():
    # 10 active user-days at once (+20), then 25 idle days with one user on file (-1 each):
    # 20 - k for k idle days until it reaches 0 on day 20, then stays 0.
    days = [{"active_users": 10}] + [{"inactive_users": 1}] * 25
    out = _score(_days("a", "2025-03-03", days))["engagement_points"].tolist()
    assert out[0] == 20.0
    assert out[5] == 15.0
    assert out[20] == 0.0
    assert out[25] == 0.0


def test_one_time_and_each_credits():
    days = [
        {"core_features_activated": 1, "users_invited": 1},  # +20 once, +15
        {},
        {"core_features_activated": 1, "users_invited": 2},  # no new activation credit, +30
        {"data_imports": 3, "admin_settings_changes": 1},  # +20 once, +15 once
        {"integrations_created": 1},  # +30
    ]
    out = _score(_days("a", "2025-03-03", days))
    assert out["one_time_points"].tolist() == [35.0, 35.0, 65.0, 100.0, 130.0]
    assert out["pqa_points_uncapped"].tolist() == [35.0, 35.0, 65.0, 100.0, 130.0]
    assert out["pqa_score"].tolist() == [35.0, 35.0, 65.0, 100.0, 100.0]  # clipped at 100


def test_usage_limit_credit_resets_monthly():
    # hit on 30 Jan -> +25 on 30 and 31 Jan, 0 from 1 Feb; two hits in Feb still +25 once
    days = [{"usage_limit_hits": 1}, {}, {}, {"usage_limit_hits": 2}, {"usage_limit_hits": 1}]
    out = _score(_days("a", "2025-01-30", days))
    assert out["usage_limit_points"].tolist() == [25.0, 25.0, 0.0, 25.0, 25.0]


def test_feature_gate_credit_resets_weekly_on_monday():
    # Wed 8 Jan 2025: hit -> +10 through Sun 12 Jan; Mon 13 Jan: 0; a second hit in a week adds nothing
    days = [{"feature_gate_hits": 1}, {"feature_gate_hits": 1}, {}, {}, {}, {}, {"feature_gate_hits": 1}]
    out = _score(_days("a", "2025-01-08", days))
    assert out["feature_gate_points"].tolist() == [10.0, 10.0, 10.0, 10.0, 10.0, 0.0, 10.0]


def test_accounts_are_independent():
    frame = pd.concat(
        [
            _days("a", "2025-03-03", [{"active_users": 5}] * 2),
            _days("b", "2025-03-03", [{"inactive_users": 3}] * 2),
        ]
    )
    out = _score(frame).set_index("account_id")
    assert out.loc["a", "pqa_score"].tolist() == [10.0, 20.0]
    assert out.loc["b", "pqa_score"].tolist() == [0.0, 0.0]


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "nurture"),
        (30, "nurture"),
        (31, "warm"),
        (60, "warm"),
        (61, "sales_assist"),
        (80, "sales_assist"),
        (80.5, "sales_assist"),
        (81, "sales_ready"),
        (100, "sales_ready"),
    ],
)
def test_pqa_band_boundaries(score, band):
    bands, _ = assign_band(pd.Series([float(score)]), BANDS, "pqa")
    assert bands.iloc[0] == band


def test_all_zero_days_score_zero_nurture():
    out = _score(_days("a", "2025-03-03", [{}] * 3))
    assert out["pqa_score"].tolist() == [0.0, 0.0, 0.0]
    assert out["pqa_band"].tolist() == ["nurture"] * 3


def _params_with_window(days: int) -> pd.DataFrame:
    frame = PARAMS.copy()
    mask = (frame["score_model"] == "pqa") & (frame["parameter"] == "one_off_window_days")
    assert mask.sum() == 1, "seed score_parameters lacks pqa / one_off_window_days"
    frame.loc[mask, "value"] = float(days)
    return frame


def test_one_off_credits_expire_after_the_window():
    # window 3 days: an invite (+15) on day 1 counts on days 1-3 and is gone on day 4; two invites
    # on day 3 (+30) count on days 3-5; the integration (+30) on day 5 counts on days 5-7.
    # day:        1   2   3        4   5        6   7   8
    # invites:   15  15  15+30=45  30  30       0   0   0
    # integr.:    0   0   0         0  30      30  30   0
    days = [
        {"users_invited": 1},
        {},
        {"users_invited": 2},
        {},
        {"integrations_created": 1},
        {},
        {},
        {},
    ]
    out = pqa_score(_days("a", "2025-03-03", days), PQA_POINTS, BANDS, _params_with_window(3))
    assert out["one_time_points"].tolist() == [15.0, 15.0, 45.0, 30.0, 60.0, 30.0, 30.0, 0.0]


def test_once_credit_counts_again_after_it_expired():
    # window 2 days: data import (+20 once) on days 1 and 2 -> 20, 20 (not 40); day 3 still inside
    # the day-2 window -> 20; day 4 nothing in the window -> 0; a new import on day 5 -> 20 again.
    days = [{"data_imports": 1}, {"data_imports": 1}, {}, {}, {"data_imports": 1}]
    out = pqa_score(_days("a", "2025-03-03", days), PQA_POINTS, BANDS, _params_with_window(2))
    assert out["one_time_points"].tolist() == [20.0, 20.0, 20.0, 0.0, 20.0]


def test_one_off_window_uses_dates_not_rows_and_accounts_apart():
    # window 3 days; account a has rows on 3 and 6 March only (a gap): the 3 March admin change
    # (+15) is outside the window on 6 March (3 days later), so 6 March scores 0 although it is the
    # next row. Account b's invite on 2 March never leaks into account a.
    frame = pd.concat(
        [
            _days("b", "2025-03-02", [{"users_invited": 1}]),
            _days("a", "2025-03-03", [{"admin_settings_changes": 1}]),
            _days("a", "2025-03-06", [{}]),
        ]
    )
    out = pqa_score(frame, PQA_POINTS, BANDS, _params_with_window(3)).set_index(["account_id", "score_date"])
    assert out["one_time_points"].tolist() == [15.0, 0.0, 15.0]
    assert out.index.get_level_values(0).tolist() == ["a", "a", "b"]


def test_one_off_window_is_a_seed_parameter_of_at_least_one_day():
    assert (
        float(PARAMS.query("score_model == 'pqa' and parameter == 'one_off_window_days'")["value"].iloc[0])
        >= 1
    )
    with pytest.raises(ValueError, match="one_off_window_days"):
        pqa_score(_days("a", "2025-03-03", [{}]), PQA_POINTS, BANDS, _params_with_window(0))
