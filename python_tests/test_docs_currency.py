"""Mart column descriptions say the currency basis their names give.

Two naming conventions live in the marts, each unambiguous within its mart:
- a mart that publishes a figure at both rates names the constant-currency one `<x>_constant`
  (`rpt_board_retention.arr_usd` / `arr_usd_constant`, `rpt_arr_bridge`): `<x>` is at the actual FX
  rate, so its description must say so and must not say constant currency;
- a mart that names the actual-rate one `<x>_actual_fx` (`fct_mrr.mrr_usd` / `mrr_usd_actual_fx`):
  `<x>` is at constant currency and its description says so.
Every `_constant` column is described as constant currency, every `_actual_fx` column as actual FX,
and in a mart that uses the `_constant` suffix, a money column described as constant currency is a
`_constant` column unless it is a flow with no actual-FX version at all (listed below with why).
The descriptions are read from the models' YAML, the same text dbt docs and the warehouse comments
(persist_docs) show.
"""

from __future__ import annotations

import re

import yaml

from python_tests.warehouse import PROJECT_DIR

CONSTANT = re.compile(r"constant[- ]currency", re.IGNORECASE)
ACTUAL = re.compile(r"actual[- ]fx|actual (fx )?rate|month-end rate", re.IGNORECASE)
# Constant-currency money columns without an actual-FX twin, in marts that use the `_constant`
# suffix for their twins: flows and held amounts, which only exist at one rate.
CONSTANT_ONLY = {
    ("rpt_board_retention", "quarantined_arr_usd"): "held ARR is valued at the constant rate only",
    (
        "rpt_arr_bridge",
        "segment_transfer_usd",
    ): "bridge flows are constant currency; fx_impact_usd carries FX",
}


def mart_columns() -> dict[str, dict[str, str]]:
    """{model: {column: description}} for every mart model documented in models/marts."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted((PROJECT_DIR / "models" / "marts").rglob("*.yml")):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models", []):
            out[model["name"]] = {c["name"]: c.get("description") or "" for c in model.get("columns", [])}
    return out


def currency_problems(models: dict[str, dict[str, str]]) -> list[str]:
    problems = []
    for model, columns in models.items():
        uses_constant_suffix = any(name.endswith("_constant") for name in columns)
        for name, text in columns.items():
            says_constant, says_actual = bool(CONSTANT.search(text)), bool(ACTUAL.search(text))
            where = f"{model}.{name}"
            if name.endswith("_constant") and not says_constant:
                problems.append(
                    f"{where} is a _constant column but its description does not say constant currency"
                )
            if name.endswith("_actual_fx") and (not says_actual or says_constant):
                problems.append(f"{where} is an _actual_fx column but its description does not say actual FX")
            if f"{name}_constant" in columns and (says_constant or not says_actual):
                problems.append(
                    f"{where} has a _constant twin, so it is at actual FX: its description must say so"
                )
            if f"{name}_actual_fx" in columns and not says_constant:
                problems.append(f"{where} has an _actual_fx twin, so it is at constant currency: say so")
            if (
                uses_constant_suffix
                and says_constant
                and "_usd" in name
                and not name.endswith("_constant")
                and (model, name) not in CONSTANT_ONLY
            ):
                problems.append(f"{where} is described as constant currency but is not a _constant column")
    return problems


def test_mart_currency_descriptions_match_column_names():
    models = mart_columns()
    assert {"rpt_board_retention", "rpt_arr_bridge", "fct_mrr"} <= set(models)
    assert currency_problems(models) == []
    for model, column in CONSTANT_ONLY:
        assert CONSTANT.search(models[model][column]), (
            f"{model}.{column} is listed as constant-only but not described so"
        )


def test_the_old_board_arr_description_is_caught():
    # rpt_board_retention.arr_usd used to read "ARR = 12 x MRR (constant currency)." while it is at actual FX.
    board = {
        "arr_usd": "ARR = 12 x MRR (constant currency).",
        "arr_usd_constant": "ARR at constant currency.",
    }
    assert currency_problems({"rpt_board_retention": board}) == [
        "rpt_board_retention.arr_usd has a _constant twin, so it is at actual FX: its description must say so",
        "rpt_board_retention.arr_usd is described as constant currency but is not a _constant column",
    ]
    fct = {"mrr_usd": "MRR in USD (contracted + usage).", "mrr_usd_actual_fx": "MRR at constant currency."}
    assert len(currency_problems({"fct_mrr": fct})) == 2


def test_semantic_metric_descriptions_match_their_names():
    """The same rule on the MetricFlow metrics: `<x>_constant_currency` says constant currency, its
    twin `<x>` says actual FX."""
    path = PROJECT_DIR / "models" / "marts" / "semantic" / "_semantic__metrics.yml"
    metrics = {m["name"]: m["description"] for m in yaml.safe_load(path.read_text())["metrics"]}
    twins = [name for name in metrics if f"{name}_constant_currency" in metrics]
    assert sorted(twins) == ["arr", "mrr"]
    for name in twins:
        assert ACTUAL.search(metrics[name]) and not CONSTANT.search(metrics[name]), name
        assert CONSTANT.search(metrics[f"{name}_constant_currency"]), name
