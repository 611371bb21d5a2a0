"""The source contract (erw/datagen/schema.py), the dbt sources and the model docs agree."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from erw.datagen import schema

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"


def _sources() -> dict[tuple[str, str], list[str]]:
    found = {}
    for path in (MODELS / "staging").glob("*/_*__sources.yml"):
        for source in yaml.safe_load(path.read_text())["sources"]:
            for table in source["tables"]:
                found[(source["name"], table["name"])] = [c["name"] for c in table["columns"]]
    return found


def test_sources_declare_exactly_the_contract_columns():
    sources = _sources()
    assert set(sources) == set(schema.all_tables())
    for system, table in schema.all_tables():
        expected = [name for name, _ in schema.columns(system, table)]
        assert sources[(system, table)] == expected, f"{system}.{table}"


def test_every_source_table_and_column_is_described():
    for path in (MODELS / "staging").glob("*/_*__sources.yml"):
        for source in yaml.safe_load(path.read_text())["sources"]:
            assert source.get("description"), source["name"]
            for table in source["tables"]:
                assert table.get("description"), table["name"]
                for column in table["columns"]:
                    assert column.get("description"), f"{table['name']}.{column['name']}"


def test_one_staging_model_per_raw_table_and_sources_only_in_staging():
    for system, table in schema.all_tables():
        assert (MODELS / "staging" / system / f"stg_{system}__{table}.sql").exists()
    for sql in MODELS.rglob("*.sql"):
        if "source(" in sql.read_text():
            assert sql.relative_to(MODELS).parts[0] == "staging", sql


def test_raw_tables_macro_lists_the_contract():
    text = (ROOT / "macros" / "staging" / "raw_tables.sql").read_text()
    listed = re.findall(r"\('(\w+)', '(\w+)'\)", text)
    assert sorted(listed) == sorted(schema.all_tables())


def test_every_model_is_documented_in_its_folder_yml():
    for sql in list(MODELS.rglob("*.sql")) + list(MODELS.rglob("*.py")):
        ymls = list(sql.parent.glob("_*__models.yml"))
        assert len(ymls) == 1, f"{sql.parent} needs exactly one _<dir>__models.yml"
        documented = {m["name"]: m for m in yaml.safe_load(ymls[0].read_text())["models"]}
        assert sql.stem in documented, f"{sql.stem} missing from {ymls[0].name}"
        assert documented[sql.stem].get("description"), sql.stem


def test_source_column_types_match_the_contract():
    sql_types = {
        "string": "string",
        "int": "bigint",
        "float": "double",
        "bool": "boolean",
        "timestamp": "timestamp",
        "date": "date",
    }
    for path in (MODELS / "staging").glob("*/_*__sources.yml"):
        for source in yaml.safe_load(path.read_text())["sources"]:
            for table in source["tables"]:
                contract = dict(schema.columns(source["name"], table["name"]))
                for column in table["columns"]:
                    assert column["data_type"] == sql_types[contract[column["name"]]], (
                        f"{table['name']}.{column['name']}"
                    )
