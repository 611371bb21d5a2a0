"""Benchmark: demo data generation and `dbt build`, wall time and peak memory, at several sizes.

    .venv/bin/python scripts/bench.py                      # default demo and --accounts 10000
    .venv/bin/python scripts/bench.py --accounts 1000 --top 15

Each step runs in its own process; peak memory is that process's max RSS (os.wait4), so DuckDB's
memory inside dbt is included. Per-model times come from dbt's run_results.json. Data and
warehouses go to bench/ (git-ignored) and are kept for inspection.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(cmd: list[str], env: dict[str, str], log: Path) -> tuple[float, float, float]:
    """Run cmd; return (wall seconds, CPU seconds, peak RSS in MiB). Raise if it fails."""
    start = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed, see {log}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def model_timings(target: Path) -> list[tuple[str, str, str, float]]:
    """(model, folder, status, seconds) for every model (and snapshot) dbt ran."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    rows = []
    for result in results:
        node = nodes.get(result["unique_id"], {})
        if node.get("resource_type") in ("model", "snapshot"):
            folder = "/".join(Path(node["original_file_path"]).parts[1:-1]) or node["resource_type"]
            folder = folder.removesuffix("/base")
            rows.append((node["name"], folder, result.get("status", ""), result["execution_time"]))
    return rows


def bench(accounts: int, months: int, top: int, bench_dir: Path) -> dict:
    raw = bench_dir / f"raw_{accounts}"
    db = bench_dir / f"warehouse_{accounts}.duckdb"
    target = bench_dir / f"target_{accounts}"
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        DBT_PROFILES_DIR=str(ROOT),
        ERW_RAW_DIR=str(raw),
        ERW_DUCKDB_PATH=str(db),
        DBT_SEND_ANONYMOUS_USAGE_STATS="False",
        DBT_TARGET_PATH=str(target),
    )
    for stale in (db, Path(f"{db}.wal")):
        stale.unlink(missing_ok=True)
    gen_s, gen_cpu, gen_mb = run(
        [
            str(BIN / "python"),
            "-m",
            "erw.datagen",
            "--accounts",
            str(accounts),
            "--months",
            str(months),
            "--out",
            str(raw),
        ],
        env,
        bench_dir / f"generate_{accounts}.log",
    )

    events = pq.read_metadata(raw / "usage" / "events.parquet").num_rows
    build_s, build_cpu, build_mb = run(
        [str(BIN / "dbt"), "build", "--full-refresh"], env, bench_dir / f"build_{accounts}.log"
    )
    timings = model_timings(target)
    by_folder: dict[str, float] = defaultdict(float)
    for _, folder, _, seconds in timings:
        by_folder[folder] += seconds
    print(f"\n## --accounts {accounts} --months {months}  ({events:,} raw events)")
    print(f"{'step':<28}{'wall s':>10}{'CPU s':>10}{'peak MiB':>12}")
    print(f"{'generate demo data':<28}{gen_s:>10.1f}{gen_cpu:>10.1f}{gen_mb:>12.0f}")
    print(f"{'dbt build (all)':<28}{build_s:>10.1f}{build_cpu:>10.1f}{build_mb:>12.0f}")
    print("model execution time by folder (s, summed over its models; dbt runs 2 threads in parallel):")
    for name, seconds in sorted(by_folder.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<40}{seconds:>10.1f}")
    print(f"slowest {top} models (s):")
    for model, folder, status, seconds in sorted(timings, key=lambda row: -row[3])[:top]:
        print(f"  {model:<50}{folder:<28}{seconds:>8.2f}  {status}")
    return {
        "accounts": accounts,
        "events": events,
        "generate_s": gen_s,
        "generate_peak_mib": gen_mb,
        "build_s": build_s,
        "build_peak_mib": build_mb,
        "models": timings,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--top", type=int, default=10, help="slowest models to list")
    parser.add_argument("--out", type=Path, default=ROOT / "bench")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results = [bench(n, args.months, args.top, args.out) for n in args.accounts]
    (args.out / "results.json").write_text(json.dumps(results, indent=2))
    print(f"\nfigures written to {args.out / 'results.json'}")


if __name__ == "__main__":
    main()
