"""SPEC section 11: the same raw data gives byte-identical marts, whatever the dbt thread count.

Under `make test` this reuses the demo warehouse `make build` just published (its thread count is in
the publication record) and builds the demo again with the other thread count, starting like every
published build does from a copy of the published file (so the snapshot starts in the same state), into
a temporary file. Every mart's checksum (scripts/mart_checksums.py: all rows, every value to the last
bit, order independent) must match. Run alone, it builds a small generated data set both ways.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from erw import publish
from erw.datagen import generate
from python_tests.warehouse import PROJECT_DIR, run_dbt

sys.path.insert(0, str(PROJECT_DIR / "scripts"))
from mart_checksums import compare, mart_checksums  # noqa: E402


def test_marts_are_identical_with_one_and_two_threads(tmp_path):
    raw = Path(os.environ.get("ERW_RAW_DIR", "/nonexistent"))
    published = Path(os.environ.get("ERW_DUCKDB_PATH", "/nonexistent"))
    record = publish.read_publication(published) if published.exists() else None
    if record and (raw / "_dirty_manifest.parquet").exists() and record.get("raw_dir") == str(raw):
        first = mart_checksums(str(published))
        other_threads = "1" if str(record["dbt_threads"]) != "1" else "2"
        second_db = tmp_path / "other_threads.duckdb"
        shutil.copyfile(published, second_db)
        run_dbt(["build", "--full-refresh"], raw, second_db, ERW_THREADS=other_threads)
    else:
        raw = tmp_path / "raw"
        generate(accounts=150, months=14, as_of="2026-06-30", seed=5, out=raw, dirty_rate=0.01)
        first_db = tmp_path / "one_thread.duckdb"
        second_db = tmp_path / "two_threads.duckdb"
        run_dbt(["build", "--exclude", "resource_type:test"], raw, first_db, ERW_THREADS="1")
        run_dbt(["build", "--exclude", "resource_type:test"], raw, second_db, ERW_THREADS="2")
        first = mart_checksums(str(first_db))
    second = mart_checksums(str(second_db))
    assert len(first) >= 30, "every mart is compared"
    # Empty by design on clean generated data: restatements (until a closed month changes) and
    # unknown vocabulary (the generator writes only known words). Every other mart has rows.
    may_be_empty = {"rpt_board_restatements", "rpt_unknown_values_summary"}
    assert {name for name, entry in first.items() if entry["rows"] == 0} <= may_be_empty
    assert compare(first, second) == []
