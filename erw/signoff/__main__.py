"""`python -m erw.signoff`: run the finance sign-off and exit non-zero when any expectation fails."""

from __future__ import annotations

import argparse
import sys

from erw.signoff.suite import run_signoff


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", help="DuckDB file (default: $ERW_DUCKDB_PATH), opened read-only")
    parser.add_argument("--report-dir", default="reports/signoff", help="where the Data Docs HTML goes")
    args = parser.parse_args(argv)

    outcome = run_signoff(args.warehouse, args.report_dir)
    for notice in outcome.notices:
        print(f"NOTE   {notice}")
    for failure in outcome.failed:
        print(f"FAILED {failure.name} [{failure.frame}]: {failure.detail}")
    passed = len(outcome.results) - len(outcome.failed)
    print(f"sign-off: {passed} expectations passed, {len(outcome.failed)} failed")
    if outcome.docs_index:
        print(f"Data Docs: {outcome.docs_index}")
    if outcome.failed:
        print("SIGN-OFF FAILED: do not release these figures", file=sys.stderr)
        return 1
    print("SIGN-OFF PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
