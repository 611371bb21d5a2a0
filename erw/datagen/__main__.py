"""Command line of the demo data generator.

python -m erw.datagen --accounts 1000 --months 36 --as-of 2026-06-30 --seed 42 --out data/raw

Volume: about 4,000 events per account at the defaults (36 months); `--events-per-user` scales the
sessions and feature use of each active user-month (the bulk of the events), e.g.
`--accounts 100000 --events-per-user 0.35` writes about 100M events. Memory stays bounded at any
size: accounts are simulated in chunks and every table is streamed to Parquet.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
import time

from .generator import generate
from .params import DEFAULT


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m erw.datagen", description="Generate the demo raw data.")
    ap.add_argument("--accounts", type=int, default=1000, help="number of CRM accounts (default 1000)")
    ap.add_argument("--months", type=int, default=36, help="months of history ending with the as-of month")
    ap.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        default=dt.date(2026, 6, 30),
        help="last day of data, YYYY-MM-DD (default 2026-06-30)",
    )
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", default="data/raw", help="output directory (default data/raw)")
    ap.add_argument(
        "--dirty-rate",
        type=float,
        default=0.002,
        help="share of rows planted as bad rows per eligible table; 0 = clean data",
    )
    ap.add_argument(
        "--events-per-user",
        type=float,
        default=DEFAULT.events.per_active_user_month,
        help="sessions + feature-use events per active user-month before engagement scaling "
        f"(params.events.per_active_user_month, default {DEFAULT.events.per_active_user_month})",
    )
    args = ap.parse_args(argv)
    if args.events_per_user < 0:
        ap.error("--events-per-user must be >= 0")
    params = dataclasses.replace(
        DEFAULT, events=dataclasses.replace(DEFAULT.events, per_active_user_month=args.events_per_user)
    )
    t0 = time.perf_counter()
    counts = generate(args.accounts, args.months, args.as_of, args.seed, args.out, args.dirty_rate, params)
    secs = time.perf_counter() - t0
    width = max(len(k) for k in counts)
    for name, n in counts.items():
        print(f"{name:<{width}}  {n:>12,}")
    print(f"{'total rows':<{width}}  {sum(v for k, v in counts.items() if not k.startswith('_')):>12,}")
    print(f"generated in {secs:.1f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
