"""scripts/compare_engines.py on hand-written marts: a DuckDB warehouse and Parquet folders laid out the
way Spark writes them (<warehouse>/main_marts.db/<mart>/part-*.parquet). No Spark needed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "compare_engines.py"
spec = importlib.util.spec_from_file_location("compare_engines", SCRIPT)
compare_engines = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare_engines)

# Two accounts' NRR and MRR as DuckDB stores them.
DUCK_ROWS = [
    ("a1", "2026-01-01 10:00:00.123456", "1250.50", 0.9301464846895489),
    ("a2", "2026-01-01 00:00:00", "99.99", 1.0),
]


def build_duckdb(path: Path, extra_marts: tuple[str, ...] = ()) -> None:
    con = duckdb.connect(str(path))
    con.execute("create schema main_marts")
    con.execute(
        "create table main_marts.fct_kpi (account_id varchar, observed_at timestamp, "
        "mrr_usd decimal(18, 2), nrr double)"
    )
    con.executemany("insert into main_marts.fct_kpi values (?, ?, ?, ?)", DUCK_ROWS)
    for mart in extra_marts:
        con.execute(f"create table main_marts.{mart} as select 1 as x")
    con.close()


def write_spark(
    warehouse: Path, rows: list[tuple], mart: str = "fct_kpi", money: str = "decimal(18, 2)"
) -> None:
    folder = warehouse / "main_marts.db" / mart
    folder.mkdir(parents=True)
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")  # Spark writes UTC instants
    con.execute(f"create table t (account_id varchar, observed_at timestamptz, mrr_usd {money}, nrr double)")
    con.executemany("insert into t values (?, ?, ?, ?)", rows)
    # Spark writes one file per task; split the rows over two files.
    con.execute(
        f"copy (select * from t where account_id = 'a1') to '{folder}/part-00000.parquet' (format parquet)"
    )
    con.execute(
        f"copy (select * from t where account_id <> 'a1') to '{folder}/part-00001.parquet' (format parquet)"
    )


def run(tmp_path: Path, spark_rows: list[tuple], **kwargs) -> tuple[list[str], list[str], list[str]]:
    build_duckdb(tmp_path / "duck.duckdb", kwargs.pop("extra_marts", ()))
    write_spark(tmp_path / "spark", spark_rows, money=kwargs.pop("money", "decimal(18, 2)"))
    return compare_engines.compare(
        str(tmp_path / "duck.duckdb"),
        str(tmp_path / "spark"),
        "main_marts",
        kwargs.pop("duckdb_only", set()),
        1e-6,
        1e-9,
    )


def test_same_rows_in_another_order_match(tmp_path):
    problems, compared, skipped = run(tmp_path, list(reversed(DUCK_ROWS)))
    assert (problems, compared, skipped) == ([], ["fct_kpi"], [])


def test_ratio_beyond_1e9_fails(tmp_path):
    # 0.930146 is what Spark gave when it divided decimals at scale 6 (issue 11).
    rows = [("a1", "2026-01-01 10:00:00.123456", "1250.50", 0.930146), DUCK_ROWS[1]]
    problems, _, _ = run(tmp_path, rows)
    assert problems == ["fct_kpi: 1 rows differ (unmatched keys or numbers beyond tolerance)"]


def test_ratio_within_1e9_and_money_within_1e6_pass(tmp_path):
    rows = [("a1", "2026-01-01 10:00:00.123456", "1250.50", 0.9301464846895489 + 1e-12), DUCK_ROWS[1]]
    problems, _, _ = run(tmp_path, rows)
    assert problems == []


def test_money_off_by_a_cent_fails(tmp_path):
    rows = [("a1", "2026-01-01 10:00:00.123456", "1250.51", 0.9301464846895489), DUCK_ROWS[1]]
    problems, _, _ = run(tmp_path, rows)
    assert problems == ["fct_kpi: 1 rows differ (unmatched keys or numbers beyond tolerance)"]


def test_timestamp_losing_microseconds_is_a_difference(tmp_path):
    rows = [("a1", "2026-01-01 10:00:00", "1250.50", 0.9301464846895489), DUCK_ROWS[1]]
    problems, _, _ = run(tmp_path, rows)
    # A timestamp is a key column: the DuckDB row and the Spark row are both left unmatched.
    assert problems == ["fct_kpi: 2 rows differ (unmatched keys or numbers beyond tolerance)"]


def test_money_at_another_scale_is_a_difference(tmp_path):
    # Same values, but Spark would have stored money at scale 6: the types must agree too.
    problems, _, _ = run(tmp_path, DUCK_ROWS, money="decimal(18, 6)")
    assert problems == ["fct_kpi: types differ (DuckDB vs Spark): mrr_usd DECIMAL(18,2) vs DECIMAL(18,6)"]


def test_row_count_and_missing_mart(tmp_path):
    problems, _, _ = run(tmp_path, DUCK_ROWS[:1], extra_marts=("rpt_other",))
    assert problems == ["fct_kpi: 2 rows on DuckDB, 1 on Spark", "rpt_other: not built on Spark"]


def test_mart_disabled_on_spark_is_skipped(tmp_path):
    problems, compared, skipped = run(
        tmp_path, DUCK_ROWS, extra_marts=("rpt_board_restatements",), duckdb_only={"rpt_board_restatements"}
    )
    assert (problems, compared, skipped) == ([], ["fct_kpi"], ["rpt_board_restatements"])


def test_duckdb_built_with_python_models_is_refused(tmp_path):
    problems, compared, _ = run(
        tmp_path,
        DUCK_ROWS,
        extra_marts=("fct_score_trigger_firings",),
        duckdb_only={"fct_score_trigger_firings"},
    )
    assert compared == []
    assert len(problems) == 1 and "python_models_enabled: false" in problems[0]


def test_disabled_models_read_from_manifest(tmp_path):
    manifest = tmp_path / "manifest.json"
    manifest.write_text(
        '{"disabled": {"model.p.fct_a": [{"name": "fct_a", "resource_type": "model"}],'
        ' "seed.p.s": [{"name": "s", "resource_type": "seed"}]}}'
    )
    assert compare_engines.disabled_models(str(manifest)) == {"fct_a"}
