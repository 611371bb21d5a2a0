"""The trigger catalogue seed covers every trigger of SPEC section 7 and every trigger key the demo
generator writes on CSQLs, with sane parameters; the holiday calendar seed is well formed."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from erw.datagen import deals

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

SPEC_TRIGGERS = {
    "expansion": {
        "usage_limit_80pct",
        "seats_90pct_active",
        "gated_feature_hits",
        "headcount_growth",
        "power_user",
        "renewal_60d_healthy",
        "dau_wau_growth",
        "champion_promoted",
        "readiness_70",
        "green_health_whitespace",
        "teammates_invited",
    },
    "risk": {
        "login_drop_40pct",
        "support_ticket_spike",
        "champion_left",
        "usage_plateau_30d",
        "payment_failure",
        "nps_detractor",
        "champion_silent_14d",
        "renewal_no_contact",
    },
    "advocacy": {"nps_promoter", "expansion_closed"},
}


def _catalogue() -> list[dict[str, str]]:
    with open(SEEDS / "triggers" / "trigger_catalogue.csv", newline="") as f:
        return list(csv.DictReader(f))


def test_every_spec_trigger_is_catalogued_in_its_class():
    rows = {row["trigger_key"]: row for row in _catalogue()}
    for trigger_class, keys in SPEC_TRIGGERS.items():
        for key in keys:
            assert key in rows, key
            assert rows[key]["trigger_class"] == trigger_class, key


def test_generator_trigger_keys_are_catalogued():
    keys = {row["trigger_key"] for row in _catalogue()}
    assert set(deals.TRIGGER_KEYS) <= keys


def test_catalogue_parameters_are_usable():
    rows = _catalogue()
    assert len({row["trigger_key"] for row in rows}) == len(rows)
    for row in rows:
        assert row["trigger_class"] in {"expansion", "risk", "advocacy"}
        assert row["evaluation_grain"] in {"day", "month", "event", "snapshot"}
        assert int(row["cooldown_days"]) > 0
        assert float(row["response_sla_hours"]) > 0
        assert int(row["persistence_periods"]) >= 1
        assert row["owner_role"] and row["response"] and row["description"]
        for column in ("threshold_value", "secondary_threshold_value", "window_days"):
            if row[column]:
                float(row[column])


def test_holidays_are_weekdays_and_unique():
    with open(SEEDS / "calendar" / "business_holidays.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    dates = [(row["calendar_code"], row["holiday_date"]) for row in rows]
    assert len(dates) == len(set(dates))
    for _, day in dates:
        assert dt.date.fromisoformat(day).weekday() < 5, day


def test_generator_emulates_the_catalogue_cooldowns():
    # CSMs in the generator respond to firings; a firing the warehouse suppresses by its cooldown
    # must not be one the generator responds to, so the two cooldown tables must agree.
    from erw.datagen.params import DEFAULT

    rows = {row["trigger_key"]: row for row in _catalogue()}
    emulated = dict(DEFAULT.deals.trigger_cooldown_days)
    assert set(emulated) == set(deals.TRIGGER_KEYS)
    for key, days in emulated.items():
        assert int(rows[key]["cooldown_days"]) == days, key
