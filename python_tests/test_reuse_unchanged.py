"""Unchanged tables and views are kept; anything whose inputs changed is rebuilt (macros/engines/reuse_unchanged.sql).

The raw data are the hand-built billing export of test_retention_end_to_end (customer S: 5 EUR seats
at 10 EUR, 3 seats from 2024-10-20; constant-currency rate 1.10, so S's October 2024 MRR is
3 x 10 x 1.10 = 33 USD). The correction sets those 3 seats to 4: 4 x 10 x 1.10 = 44 USD. Every build
writes into the same raw folder and the same warehouse file, so nothing but the data tells the
builds apart. A model counts as kept when its run result's code is KEPT.
"""

from __future__ import annotations

import json

import duckdb
import pytest

from python_tests.rawdata import write_raw
from python_tests.test_retention_end_to_end import LOADED, raw_tables
from python_tests.warehouse import run_dbt

SELECTED = ["+fct_mrr", "+int_crm__activities_checked", "+int_business_days_numbered"]
BUILD = ["build", "--resource-type", "seed", "--resource-type", "model", "--select", *SELECTED]
SEATS_CHAIN = ["int_billing__subscription_items_checked", "int_subscription_item_months_valued", "fct_mrr"]
UNRELATED = ["int_crm__activities_checked", "int_billing__products_checked", "int_business_days_numbered"]


def _build(args, raw, db, target, **env):
    run_dbt(args, raw, db, DBT_TARGET_PATH=str(target), **env)
    results = json.loads((target / "run_results.json").read_text())["results"]
    models = [r for r in results if r["unique_id"].startswith("model.")]
    return {
        r["unique_id"].split(".")[-1]: (r["adapter_response"] or {}).get("code") == "KEPT" for r in models
    }


def _sql_tables_and_views(target):
    manifest = json.loads((target / "manifest.json").read_text())
    return {
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["language"] == "sql"
        and node["config"]["materialized"] in ("table", "view")
    }


def _s_october_mrr(db):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(
            "select mrr_usd from main_marts.fct_mrr where grain_id = 'S' and revenue_month = '2024-10-01'"
        ).fetchall()[0][0]


def _mrr(db):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(
            "select grain_id, revenue_month, mrr_usd from main_marts.fct_mrr order by all"
        ).fetchall()


@pytest.fixture(scope="module")
def files_mode(tmp_path_factory):
    base = tmp_path_factory.mktemp("reuse")
    raw, db, target = base / "raw", base / "warehouse.duckdb", base / "target"
    write_raw(raw, raw_tables(s_october_seats=3), loaded_at=LOADED)
    steps = {"first": _build(BUILD, raw, db, target)}
    steps["first_mrr"] = _s_october_mrr(db)
    steps["same"] = _build(BUILD, raw, db, target)
    steps["selected"] = {m for m in steps["same"]} & _sql_tables_and_views(target)
    write_raw(raw, raw_tables(s_october_seats=4), loaded_at=LOADED)  # same path, new contents
    steps["corrected"] = _build(BUILD, raw, db, target)
    steps["corrected_mrr"] = _s_october_mrr(db)
    steps["corrected_rows"] = _mrr(db)
    return base, raw, db, target, steps


def test_first_build_keeps_nothing(files_mode):
    *_, steps = files_mode
    assert steps["first"] and not any(steps["first"].values())
    assert steps["first_mrr"] == pytest.approx(33.0)


def test_second_build_on_the_same_data_keeps_every_sql_table_and_view(files_mode):
    *_, steps = files_mode
    assert len(steps["selected"]) > 30
    assert {m for m in steps["selected"] if not steps["same"][m]} == set()


def test_changed_export_rebuilds_its_chain_only(files_mode):
    *_, steps = files_mode
    for model in SEATS_CHAIN:
        assert steps["corrected"][model] is False, model
    for model in UNRELATED:
        assert steps["corrected"][model] is True, model
    assert steps["corrected_mrr"] == pytest.approx(44.0)


def test_corrected_build_equals_a_build_from_scratch(files_mode, tmp_path):
    base, raw, _, _, steps = files_mode
    fresh = tmp_path / "fresh.duckdb"
    run_dbt([*BUILD, "--full-refresh"], raw, fresh, DBT_TARGET_PATH=str(tmp_path / "target"))
    assert steps["corrected_rows"] == _mrr(fresh)


def test_seed_contents_changed_outside_a_build_rebuild_its_readers(files_mode):
    _, raw, db, target, _ = files_mode
    with duckdb.connect(str(db)) as con:
        con.execute(
            "delete from main_seeds.business_holidays where holiday_date = (select min(holiday_date) from main_seeds.business_holidays)"
        )
    kept = _build(["run", "--select", "int_business_days_numbered"], raw, db, target)
    assert kept == {"int_business_days_numbered": False}


def test_dropped_table_is_rebuilt(files_mode):
    _, raw, db, target, _ = files_mode
    with duckdb.connect(str(db)) as con:
        con.execute("drop table main_intermediate.int_crm__activities_checked")
    kept = _build(BUILD, raw, db, target)
    assert kept["int_crm__activities_checked"] is False
    assert kept["int_billing__products_checked"] is True
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.sql("select count(*) from main_intermediate.int_crm__activities_checked").fetchall() == [
            (0,)
        ]


def test_reuse_off_or_full_refresh_rebuilds_everything(files_mode):
    _, raw, db, target, _ = files_mode
    off = _build([*BUILD, "--vars", "{reuse_unchanged_models: false}"], raw, db, target)
    assert off and not any(off.values())
    full = _build([*BUILD, "--full-refresh"], raw, db, target)
    assert full and not any(full.values())


def test_tables_mode_detects_an_updated_row(tmp_path):
    """Raw data as warehouse tables: an UPDATE of one value is a change the next build sees."""
    raw = write_raw(tmp_path / "raw", raw_tables(s_october_seats=3), loaded_at=LOADED)
    db, target = tmp_path / "warehouse.duckdb", tmp_path / "target"
    with duckdb.connect(str(db)) as con:
        for path in sorted(raw.glob("*/*.parquet")):
            con.execute(f"create schema if not exists raw_{path.parent.name}")
            con.execute(
                f"create table raw_{path.parent.name}.{path.stem} as select * from read_parquet('{path}')"
            )
    build = ["build", "--resource-type", "seed", "--resource-type", "model", "--select", "+fct_mrr"]
    _build(build, raw, db, target, ERW_SOURCE_MODE="tables")
    assert _s_october_mrr(db) == pytest.approx(33.0)
    with duckdb.connect(str(db)) as con:
        con.execute(
            "update raw_billing.subscription_items set quantity = 4 where subscription_item_id = 'iS2'"
        )
    kept = _build(build, raw, db, target, ERW_SOURCE_MODE="tables")
    assert kept["fct_mrr"] is False and kept["int_billing__products_checked"] is True
    assert _s_october_mrr(db) == pytest.approx(44.0)
    kept = _build(build, raw, db, target, ERW_SOURCE_MODE="tables")
    assert kept["fct_mrr"] is True


def test_optional_table_that_arrives_is_read(tmp_path):
    """finance.gtm_costs is optional: absent on the first build, one row on the second."""
    raw, db, target = tmp_path / "raw", tmp_path / "warehouse.duckdb", tmp_path / "target"
    build = ["build", "--resource-type", "model", "--select", "+int_finance__gtm_costs_checked"]
    write_raw(raw, raw_tables(), loaded_at=LOADED, skip_tables={("finance", "gtm_costs")})
    _build(build, raw, db, target)
    cost = dict(cost_month=LOADED.date().replace(day=1), team="sales", motion="expansion", amount_usd=1000.0)
    write_raw(raw, {**raw_tables(), ("finance", "gtm_costs"): [cost]}, loaded_at=LOADED)
    kept = _build(build, raw, db, target)
    assert kept["int_finance__gtm_costs_checked"] is False
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.sql(
            "select count(*) from main_intermediate.int_finance__gtm_costs_checked"
        ).fetchall() == [(1,)]
