"""Benchmark: generation, full build, tests and a one-day incremental build, each against a
hand-written DuckDB rollup of the same events measured in the same run.

    .venv/bin/python scripts/bench.py                          # make bench: demo (1k) and 10k accounts
    .venv/bin/python scripts/bench.py --accounts 100000 --events-per-user 0.35 \\
        --memory-limit 4GB                                      # make bench-large: ~100M events
    .venv/bin/python scripts/bench.py --accounts 1000 --top 15

Per size, each step in its own process (peak memory = that process's max RSS from os.wait4, so
DuckDB's memory inside dbt is included):
1. generate the raw data with the project's CLI (`python -m erw.datagen`);
2. hold back the newest day of event loads (rows whose `_loaded_at` falls on the last load date) as
   a separate load file, so step 6 can add it the way a daily loader would;
3. the reference: scripts/bench_reference.py (dedupe + account-day + account-month rollups) on the
   events the full build reads;
4. full build of the models: `dbt build --full-refresh --exclude-resource-type test unit_test`;
5. the held-back day is copied into `usage/events/` and the models are built again, incrementally;
6. the tests alone: `dbt test`.
Ratios: full build / reference, incremental / full build. Per-model times (dbt run_results.json)
are summed per folder so the next bottleneck is visible. Figures go to `<out>/results.json` (one
entry per size, updated in place); data and warehouses stay in `<out>/` (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MODELS_ONLY = ["--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]
# Targets (issue 10), printed next to the measured figures.
TARGETS = {
    "full_build_vs_reference": 3.5,
    "incremental_vs_full_build": 0.25,
    "peak_rss_gib_10k": 4.0,
    "peak_rss_gib_100k": 8.0,
    "full_build_s_100k": 15 * 60,
    "demo_build_s": 60,
}


def run(cmd: list[str], env: dict[str, str], log: Path) -> dict:
    """Run cmd; return wall seconds, CPU seconds, peak RSS (MiB) and the machine's 1-minute load
    average before and after (the machine is shared: only same-run ratios compare). Raise if it fails."""
    load_before = round(os.getloadavg()[0], 2)
    start = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed, see {log}")
    return {
        "wall_s": round(seconds, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mib": round(usage.ru_maxrss / 1024),
        "load_avg_1m": [load_before, round(os.getloadavg()[0], 2)],
    }


def model_timings(target: Path) -> list[tuple[str, str, str, float]]:
    """(model, folder, status, seconds) for every model (and snapshot) dbt ran; status `kept` for a
    model a build left as it was (inputs unchanged, macros/engines/reuse_unchanged.sql)."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    rows = []
    for result in results:
        node = nodes.get(result["unique_id"], {})
        if node.get("resource_type") in ("model", "snapshot"):
            folder = "/".join(Path(node["original_file_path"]).parts[1:-1]) or node["resource_type"]
            kept = (result.get("adapter_response") or {}).get("code") == "KEPT"
            status = "kept" if kept else result.get("status", "")
            rows.append((node["name"], folder, status, round(result["execution_time"], 2)))
    return rows


def by_folder(timings) -> dict[str, float]:
    folders: dict[str, float] = defaultdict(float)
    for _, folder, _, seconds in timings:
        folders[folder] += seconds
    return dict(sorted(((k, round(v, 2)) for k, v in folders.items()), key=lambda kv: -kv[1]))


def hold_back_last_day(raw: Path, held: Path) -> dict:
    """Move the newest day of event loads out of the load files into `held/`: every row loaded on or
    after the last day events occurred (that day's events, and the late ones loaded after midnight;
    dirty rows stamped in the future do not count as a day)."""
    events = raw / "usage" / "events"
    held.mkdir(parents=True, exist_ok=True)
    for stale in held.glob("*.parquet"):
        stale.unlink()
    con = duckdb.connect()
    files = sorted(str(p) for p in events.glob("*.parquet"))
    # the last day events happened on (rows stamped after their own load are dirty future timestamps)
    day = con.execute(
        "select cast(max(occurred_at) as date) from read_parquet(?) where occurred_at <= _loaded_at", [files]
    ).fetchone()[0]
    new_file = held / f"events_{day}.parquet"
    newer = f"_loaded_at >= timestamp '{day}'"
    con.execute(
        f"copy (select * from read_parquet(?) where {newer}) to '{new_file}' "
        "(format parquet, compression zstd)",
        [files],
    )
    for path in files:
        if con.execute(f"select count(*) from read_parquet(?) where {newer}", [path]).fetchone()[0]:
            kept = path + ".kept"
            con.execute(
                f"copy (select * from read_parquet(?) where not ({newer})) to '{kept}' "
                "(format parquet, compression zstd)",
                [path],
            )
            if con.execute("select count(*) from read_parquet(?)", [kept]).fetchone()[0]:
                os.replace(kept, path)
            else:
                os.remove(kept)
                os.remove(path)
    rows = con.execute("select count(*) from read_parquet(?)", [str(new_file)]).fetchone()[0]
    return {"date": str(day), "rows": rows, "file": new_file}


def bench(args, accounts: int) -> dict:
    out: Path = args.out
    raw = out / f"raw_{accounts}"
    db = out / f"warehouse_{accounts}.duckdb"
    target = out / f"target_{accounts}"
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        DBT_PROFILES_DIR=str(ROOT),
        ERW_RAW_DIR=str(raw),
        ERW_DUCKDB_PATH=str(db),
        ERW_DUCKDB_MEMORY_LIMIT=args.memory_limit,
        ERW_DUCKDB_THREADS=str(args.threads),
        DBT_SEND_ANONYMOUS_USAGE_STATS="False",
        DBT_TARGET_PATH=str(target),
    )
    for stale in (db, Path(f"{db}.wal")):
        stale.unlink(missing_ok=True)
    shutil.rmtree(Path(f"{db}.tmp"), ignore_errors=True)  # DuckDB's spill directory
    reuse = args.reuse_data and (raw / "_dirty_manifest.parquet").exists()
    if not reuse:
        shutil.rmtree(raw, ignore_errors=True)
    log = out / f"logs_{accounts}"
    log.mkdir(parents=True, exist_ok=True)
    dbt = str(BIN / "dbt")
    result: dict = {"accounts": accounts, "months": args.months, "events_per_user": args.events_per_user}
    generate = [str(BIN / "python"), "-m", "erw.datagen", "--accounts", str(accounts)]
    generate += ["--months", str(args.months), "--out", str(raw)]
    if args.events_per_user is not None:
        generate += ["--events-per-user", str(args.events_per_user)]
    held = out / f"new_day_{accounts}"
    if reuse:  # data generated by an earlier run: put its held-back day back first
        for path in held.glob("*.parquet"):
            shutil.move(path, raw / "usage" / "events" / path.name)
        result["generate"] = None
    else:
        result["generate"] = run(generate, env, log / "generate.log")
    new_day = hold_back_last_day(raw, held)
    events_glob = str(raw / "usage" / "events" / "*.parquet")
    result["events"] = (
        duckdb.connect().execute("select count(*) from read_parquet(?)", [events_glob]).fetchone()[0]
    )
    result["new_day"] = {"date": new_day["date"], "events": new_day["rows"]}

    reference = [str(BIN / "python"), str(ROOT / "scripts" / "bench_reference.py"), events_glob]
    reference += [str(out / f"reference_{accounts}.duckdb"), "--threads", str(args.threads)]
    reference += ["--memory-limit", args.reference_memory_limit]
    result["reference"] = run(reference, env, log / "reference.log")

    result["full_build"] = run([dbt, "build", "--full-refresh", *MODELS_ONLY], env, log / "full_build.log")
    full_models = model_timings(target)
    save(args, result)
    shutil.copy(new_day["file"], raw / "usage" / "events" / new_day["file"].name)
    result["incremental_build"] = run([dbt, "build", *MODELS_ONLY], env, log / "incremental_build.log")
    incremental_models = model_timings(target)
    save(args, result)
    result["tests"] = run([dbt, "test"], env, log / "tests.log")

    full_s = result["full_build"]["wall_s"]
    result["ratios"] = {
        "full_build_vs_reference": round(full_s / result["reference"]["wall_s"], 2),
        "incremental_vs_full_build": round(result["incremental_build"]["wall_s"] / full_s, 3),
        "incremental_vs_reference": round(
            result["incremental_build"]["wall_s"] / result["reference"]["wall_s"], 2
        ),
    }
    result["full_build_and_tests_s"] = round(full_s + result["tests"]["wall_s"], 1)
    result["peak_rss_gib"] = round(
        max(result[step]["peak_mib"] for step in ("full_build", "tests", "incremental_build")) / 1024, 2
    )
    result["model_seconds_by_folder"] = {"full_build": by_folder(full_models)}
    result["model_seconds_by_folder"]["incremental_build"] = by_folder(incremental_models)
    result["models"] = {"full_build": full_models, "incremental_build": incremental_models}
    result["incremental_models_kept"] = sum(1 for row in incremental_models if row[2] == "kept")
    report(result, full_models, args.top)
    return result


def report(result: dict, full_models, top: int) -> None:
    print(
        f"\n## --accounts {result['accounts']} --months {result['months']}  ({result['events']:,} raw events,"
    )
    print(f"   then one new day {result['new_day']['date']}: {result['new_day']['events']:,} events)")
    print(f"{'step':<44}{'wall s':>9}{'CPU s':>9}{'peak MiB':>10}{'ratio':>9}  load avg 1m")
    ratios = result["ratios"]
    steps = (
        ("generate (python -m erw.datagen)", "generate", ""),
        ("reference: hand-written DuckDB rollup", "reference", "1.00"),
        ("full build, models (--full-refresh)", "full_build", f"{ratios['full_build_vs_reference']:.2f}x"),
        (
            "one new day: incremental build, models",
            "incremental_build",
            f"{ratios['incremental_vs_full_build']:.1%}",
        ),
        ("tests (dbt test, after the incremental build)", "tests", ""),
    )
    for label, key, ratio in steps:
        step = result[key] or {"wall_s": float("nan"), "cpu_s": float("nan"), "peak_mib": "reused"}
        load = " -> ".join(str(x) for x in step.get("load_avg_1m", []))
        figures = f"{step['wall_s']:>9.1f}{step['cpu_s']:>9.1f}{step['peak_mib']:>10}"
        print(f"{label:<44}{figures}{ratio:>9}  {load}")
    ran = len(result["models"]["incremental_build"])
    print(f"incremental build: {result['incremental_models_kept']} of {ran} models kept unchanged")
    demo_target = TARGETS["demo_build_s"]
    print(f"full build + tests: {result['full_build_and_tests_s']:.1f} s (demo target < {demo_target} s)")
    print(
        f"targets: full build <= {TARGETS['full_build_vs_reference']}x the reference; incremental <= "
        f"{TARGETS['incremental_vs_full_build']:.0%} of the full build; peak RSS {result['peak_rss_gib']} GiB"
    )
    for phase, folders in result["model_seconds_by_folder"].items():
        print(f"model execution time by folder, {phase} (s, summed over its models; threads overlap):")
        for name, seconds in folders.items():
            print(f"  {name:<40}{seconds:>10.1f}")
    print(f"slowest {top} models of the full build (s):")
    for model, folder, status, seconds in sorted(full_models, key=lambda row: -row[3])[:top]:
        print(f"  {model:<50}{folder:<28}{seconds:>8.2f}  {status}")


def save(args, result: dict) -> None:
    """Merge one size's (possibly partial) figures into <out>/results.json."""
    path = args.out / "results.json"
    previous = json.loads(path.read_text()) if path.exists() else []
    by_size = {e["accounts"]: e for e in previous if isinstance(e, dict) and "accounts" in e}
    by_size[result["accounts"]] = {**result, "targets": TARGETS}
    path.write_text(json.dumps([by_size[k] for k in sorted(by_size)], indent=2, default=str))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument(
        "--events-per-user", type=float, default=None, help="generator knob (default: its own)"
    )
    parser.add_argument("--memory-limit", default=os.environ.get("ERW_DUCKDB_MEMORY_LIMIT", "3GB"))
    parser.add_argument("--reference-memory-limit", default="3GB")
    parser.add_argument("--threads", type=int, default=int(os.environ.get("ERW_DUCKDB_THREADS", "2")))
    parser.add_argument("--top", type=int, default=10, help="slowest models to list")
    parser.add_argument("--out", type=Path, default=ROOT / "bench")
    parser.add_argument("--reuse-data", action="store_true", help="keep raw data an earlier run generated")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for accounts in args.accounts:
        save(args, bench(args, accounts))
    print(f"\nfigures written to {args.out / 'results.json'}")


if __name__ == "__main__":
    main()
