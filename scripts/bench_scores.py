"""Benchmark the scoring module on synthetic input frames: seconds per score at several sizes.

    .venv/bin/python scripts/bench_scores.py                    # 1,000 (demo), 10,000 and 100,000 accounts
    .venv/bin/python scripts/bench_scores.py --accounts 10000   # one size
    .venv/bin/python scripts/bench_scores.py --months 12 --pqa-days 90

Frames are random but shaped like the feature marts (one row per account and month for the
monthly scores, per account and product line for cross-sell, per account and day for PQA, per
closed-lost opportunity for win-back), so this times erw.scoring alone, without dbt or DuckDB.
The seeds are read from seeds/scoring. Timings for the dbt Python models on the demo warehouse are
in target/run_results.json after `make build` (and in scripts/bench.py's per-model table).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from erw import scoring  # noqa: E402
from erw.dbt_frames import read_csv_seed  # noqa: E402

SEEDS = {
    name: read_csv_seed(name)
    for name in (
        "score_weights",
        "score_component_inputs",
        "score_bands",
        "score_parameters",
        "readiness_gate_thresholds",
        "points_model_steps",
        "win_back_points",
        "pqa_points",
    )
}
SEGMENTS = np.array(["smb", "mid_market", "enterprise"])


def monthly_inputs(accounts: int, months: int, rng: np.random.Generator) -> pd.DataFrame:
    n = accounts * months
    ids = np.repeat(np.arange(accounts), months)
    month = pd.date_range("2024-01-01", periods=months, freq="MS")
    frame = pd.DataFrame(
        {
            "account_id": pd.Series(ids).map("acc{:06d}".format),
            "score_month": np.tile(month.to_numpy(), accounts),
            "segment": SEGMENTS[rng.integers(0, 3, accounts)][ids],
        }
    )
    numeric = set(SEEDS["score_component_inputs"]["input_name"]) | set(SEEDS["points_model_steps"]["factor"])
    numeric |= set(SEEDS["readiness_gate_thresholds"]["criterion"])
    numeric |= {
        "arr_usd",
        "usage_utilisation",
        "cross_sell_interest",
        "product_lines_owned",
        "product_lines_total",
        "users_or_seats",
        "employee_count",
        "departments_total",
        "features_adopted",
        "features_total",
        "contacts_active",
    }
    for column in sorted(numeric):
        values = rng.gamma(2.0, 2.0, n)
        values[rng.random(n) < 0.05] = np.nan  # some missing inputs
        frame[column] = values
    return frame


def time_call(label: str, rows: int, func, *args, **kwargs) -> pd.DataFrame:
    start = time.perf_counter()
    out = func(*args, **kwargs)
    seconds = time.perf_counter() - start
    print(f"  {label:<22} {rows:>12,} rows  {seconds:8.3f} s")
    return out


def bench(accounts: int, months: int, pqa_days: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    s = SEEDS
    print(f"accounts={accounts:,} (monthly scores over {months} month(s), PQA over {pqa_days} days)")
    monthly = monthly_inputs(accounts, months, rng)
    health = time_call(
        "health",
        len(monthly),
        scoring.health_score,
        monthly,
        s["score_weights"],
        s["score_component_inputs"],
        s["score_bands"],
        s["score_parameters"],
    )
    time_call(
        "expansion_readiness",
        len(monthly),
        scoring.expansion_readiness,
        monthly,
        s["score_weights"],
        s["score_component_inputs"],
        s["score_bands"],
        s["readiness_gate_thresholds"],
        s["score_parameters"],
        health=health,
    )
    time_call("whitespace", len(monthly), scoring.whitespace, monthly)
    time_call(
        "points_model",
        len(monthly),
        scoring.points_model,
        monthly,
        s["points_model_steps"],
        s["score_weights"],
        s["score_bands"],
    )

    lines = ["insights", "automation", "governance", "connect"]
    cross = monthly.loc[monthly["score_month"] == monthly["score_month"].max()]
    cross = cross.loc[cross.index.repeat(len(lines))].reset_index(drop=True)
    cross["product_line"] = np.tile(lines, len(cross) // len(lines))
    time_call(
        "cross_sell_propensity",
        len(cross),
        scoring.cross_sell_propensity,
        cross,
        s["score_weights"],
        s["score_component_inputs"],
    )

    wb = pd.DataFrame(
        {
            "opportunity_id": [f"opp{i}" for i in range(accounts)],
            "account_id": [f"acc{i}" for i in range(accounts)],
            "deal_size": SEGMENTS[rng.integers(0, 3, accounts)],
            "stage_reached": rng.choice(
                ["none", "created", "qualified", "proposal_sent", "negotiation"], accounts
            ),
            "engagement": rng.integers(0, 6, accounts),
            "loss_reason": rng.choice(["budget", "timing", "price", "competitor", "not_a_fit"], accounts),
            "days_since_loss": rng.integers(0, 400, accounts),
            "company_trajectory": rng.integers(-1, 2, accounts),
        }
    )
    time_call("win_back", len(wb), scoring.win_back_score, wb, s["win_back_points"], s["score_bands"])

    days = pd.date_range("2025-01-01", periods=pqa_days, freq="D")
    n = accounts * pqa_days
    daily = pd.DataFrame(
        {
            "account_id": np.repeat(np.arange(accounts), pqa_days),
            "score_date": np.tile(days.to_numpy(), accounts),
            "active_users": rng.poisson(2.0, n),
            "inactive_users": rng.poisson(3.0, n),
        }
    )
    for column in s["pqa_points"]["signal_column"]:
        if column not in daily:
            daily[column] = rng.poisson(0.02, n)
    time_call(
        "pqa (daily)",
        len(daily),
        scoring.pqa_score,
        daily,
        s["pqa_points"],
        s["score_bands"],
        s["score_parameters"],
    )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--accounts", type=int, action="append", help="accounts (repeatable); default 1000 10000 100000"
    )
    parser.add_argument("--months", type=int, default=1, help="months per account for the monthly scores")
    parser.add_argument("--pqa-days", type=int, default=30, help="days per account for the PQA score")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    for accounts in args.accounts or [1000, 10000, 100000]:
        bench(accounts, args.months, args.pqa_days, args.seed)


if __name__ == "__main__":
    main()
