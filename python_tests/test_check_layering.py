"""scripts/check_layering.py finds each layering breach in a small manifest written by hand, and the
project's own SQL keeps the score-based triggers where the catalogue says they are."""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import check_layering  # noqa: E402


def _model(name: str, layer_path: str, parents=(), materialized="table", language="sql", code=""):
    return (
        f"model.p.{name}",
        {
            "resource_type": "model",
            "name": name,
            "original_file_path": f"models/{layer_path}/{name}.{'py' if language == 'python' else 'sql'}",
            "depends_on": {"nodes": [f"model.p.{p}" for p in parents]},
            "config": {"materialized": materialized},
            "language": language,
            "raw_code": code,
        },
    )


def _manifest(*models, disabled=()):
    return {
        "nodes": dict(models),
        "disabled": {uid: [node] for uid, node in disabled},
    }


# Hand-built DAG: 3 staging views in a chain across two tables, an intermediate reading a mart, a
# Python mart with one SQL mart downstream, and a mart that needs no Python.
MANIFEST = _manifest(
    _model("base_crm__accounts", "staging/crm/base", materialized="view"),
    _model("stg_crm__accounts", "staging/crm", ["base_crm__accounts"], materialized="view"),
    _model("base_billing__customers", "staging/billing/base", ["stg_crm__accounts"], materialized="view"),
    _model("stg_billing__customers", "staging/billing", ["base_billing__customers"], materialized="view"),
    _model("int_scores_read", "intermediate/scores", ["stg_crm__accounts", "fct_health"]),
    _model("fct_health", "marts/scores", ["stg_crm__accounts"], language="python"),
    _model("rpt_health", "marts/scores", ["fct_health"]),
    _model("fct_mrr", "marts/retention", ["stg_billing__customers"], code="select 1\n" * 251),
    _model("dim_accounts", "marts/core", ["stg_crm__accounts"], code="select 1\n" * 250),
    disabled=[_model("fct_score_firings", "marts/triggers", ["fct_health"])],
)


def test_upward_reads_are_found():
    assert check_layering.upward_reads(MANIFEST) == [("int_scores_read", "fct_health")]


def test_staging_reading_another_tables_staging_model_is_found_but_not_its_own_base():
    # base_billing__customers reads stg_crm__accounts (another table); the stg -> base reads of one
    # table are allowed.
    assert check_layering.staging_reads_staging(MANIFEST) == [
        ("base_billing__customers", "stg_crm__accounts")
    ]


def test_longest_view_chain():
    assert check_layering.longest_view_chain(MANIFEST) == [
        "base_crm__accounts",
        "stg_crm__accounts",
        "base_billing__customers",
        "stg_billing__customers",
    ]


def test_sql_models_over_the_line_limit(tmp_path):
    # files do not exist under tmp_path, so raw_code is counted: 251 lines breaks 250, 250 does not
    assert check_layering.long_sql_models(MANIFEST, tmp_path, 250) == [("fct_mrr", 251)]


def test_marts_downstream_of_python_and_disabled_marts():
    assert check_layering.marts_downstream_of_python(MANIFEST) == ["fct_health", "rpt_health"]
    assert check_layering.disabled_marts(MANIFEST) == ["fct_score_firings"]


def test_python_size_limits(tmp_path):
    package = tmp_path / "erw"
    package.mkdir()
    body = "\n".join(f"        x{i} = {i}" for i in range(5))
    (package / "m.py").write_text(f"class Small:\n    def f(self):\n{body}\n\n\ndef g():\n    return 1\n")
    classes, functions = check_layering.long_python_code(package, max_class=6, max_function=5)
    # Small spans 7 lines (class line, def line, 5 body lines); f spans 6; g spans 2
    assert classes == [("erw/m.py:Small", 7)]
    assert functions == [("erw/m.py:f", 6)]


def test_breaches_respect_allowances_and_the_view_chain_limit(tmp_path):
    (tmp_path / "erw").mkdir()  # no Python to judge; model files absent, so raw_code is counted
    args = argparse.Namespace(max_sql_lines=250, max_class_lines=400, max_function_lines=120)
    results = check_layering.run_checks(MANIFEST, tmp_path, args)
    assert check_layering.breaches(results, max_view_chain=4, allowed=set()) == [
        "upward_reads",
        "staging_reads_staging",
        "long_sql_models",
    ]
    allowed = {"upward_reads", "staging_reads_staging", "long_sql_models"}
    assert check_layering.breaches(results, max_view_chain=4, allowed=allowed) == []
    assert check_layering.breaches(results, max_view_chain=3, allowed=allowed) == ["view_chain"]


def test_score_based_triggers_match_the_catalogue():
    """The triggers fct_score_trigger_firings computes are exactly the catalogue rows marked
    needs_score, and no SQL model of the intermediate layer emits one of them."""
    with open(ROOT / "seeds" / "triggers" / "trigger_catalogue.csv", newline="") as f:
        marked = {row["trigger_key"] for row in csv.DictReader(f) if row["needs_score"] == "true"}
    emitted = re.compile(r"'([a-z0-9_]+)' as trigger_key")
    score_sql = (ROOT / "models" / "marts" / "triggers" / "fct_score_trigger_firings.sql").read_text()
    assert set(emitted.findall(score_sql)) == marked
    for path in (ROOT / "models" / "intermediate").rglob("*.sql"):
        assert not set(emitted.findall(path.read_text())) & marked, path
