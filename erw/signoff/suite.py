"""Finance sign-off: one Great Expectations checkpoint over the board, bridge and scorecard marts.

Every expectation carries a stable name in `meta.check` (printed on failure and shown in Data Docs).
The marts are read read-only from the warehouse, turned into check frames (erw.signoff.frames),
written to a temporary folder as parquet and validated there by a pandas filesystem datasource in
an ephemeral GX context (GX's SQL route does not work with DuckDB), so the whole suite is one
checkpoint with one validation per frame. Data Docs are written under the report folder.
"""

from __future__ import annotations

import logging
import math
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from erw.signoff import frames as F
from erw.warehouse_reader import Warehouse, project_var

# Defaults used only when dbt_project.yml lacks the var (INTERFACES item 3 agrees 0.005).
DEFAULT_HELD_ARR_TOLERANCE = 0.005
DEFAULT_AMOUNT_TOLERANCE_USD = 0.01
DEFAULT_RATIO_TOLERANCE = 1e-9


@dataclass
class Check:
    name: str
    frame: str
    expectation: object
    description: str


@dataclass
class CheckResult:
    name: str
    frame: str
    success: bool
    detail: str


@dataclass
class SignoffResult:
    results: list[CheckResult] = field(default_factory=list)
    docs_index: Path | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return all(r.success for r in self.results)

    @property
    def failed(self) -> list[CheckResult]:
        return [r for r in self.results if not r.success]


@dataclass
class Thresholds:
    held_arr_tolerance: float
    amount_tolerance_usd: float
    ratio_tolerance: float
    notices: list[str]

    @classmethod
    def from_project(cls) -> Thresholds:
        notices = []
        held = project_var("held_arr_tolerance")
        if held is None:
            held = DEFAULT_HELD_ARR_TOLERANCE
            notices.append(
                f"var held_arr_tolerance is not set in dbt_project.yml: using {held} (the agreed default)"
            )
        amount = project_var("signoff_amount_tolerance_usd", DEFAULT_AMOUNT_TOLERANCE_USD)
        ratio = project_var("signoff_ratio_tolerance", DEFAULT_RATIO_TOLERANCE)
        return cls(float(held), float(amount), float(ratio), notices)


def load_frames(warehouse: Warehouse) -> dict[str, pd.DataFrame]:
    """Every frame the suite validates, each with a `row_key` naming its rows in failure reports."""
    board = warehouse.read("rpt_board_retention")
    bridge = warehouse.read("rpt_arr_bridge")
    scorecard = warehouse.read("rpt_expansion_scorecard")
    snapshot = warehouse.read("snap_board_retention")
    motions = warehouse.read("readiness_motions")

    out = {
        "board": F.board_frame(board).assign(row_key=lambda f: f["board_row_id"]),
        "board_ttm": F.board_ttm_frame(board).assign(row_key=lambda f: f["board_row_id"]),
        "board_segments": F.segment_gap_frame(board, "revenue_month", F.BOARD_ADDITIVE),
        "board_segment_ratios": F.board_weighted_nrr_gap(board),
        "bridge": F.bridge_frame(bridge).assign(row_key=lambda f: f["bridge_row_id"]),
        "bridge_segments": F.segment_gap_frame(
            bridge,
            "revenue_month",
            (*F.BRIDGE_MOVEMENTS, "starting_mrr_usd", "ending_mrr_usd", "fx_impact_usd"),
        ),
        "board_vs_snapshot": F.snapshot_frame(board, snapshot).assign(row_key=lambda f: f["board_row_id"]),
        "scorecard": F.scorecard_frame(scorecard).assign(row_key=lambda f: f["account_id"]),
        "scorecard_failed_gate": F.failed_gate_frame(scorecard).assign(row_key=lambda f: f["account_id"]),
    }
    for key in ("board_segments", "board_segment_ratios", "bridge_segments"):
        out[key] = out[key].assign(row_key=out[key]["revenue_month"].astype(str))
    non_expansion = motions.loc[motions["recommended_action"] == "monitor", "recommended_motion"]
    out["_non_expansion_motions"] = sorted(non_expansion.unique().tolist())
    return out


def _collector():
    checks: list[Check] = []

    def add(name, frame, expectation, description):
        checks.append(Check(name, frame, expectation, description))

    return checks, add


def _board_checks(E, limits: Thresholds, board_columns: list[str]) -> list[Check]:
    checks, add = _collector()
    # board: ratios
    add(
        "board.grr_between_0_and_1",
        "board",
        E.ExpectColumnValuesToBeBetween(column="ttm_grr", min_value=0, max_value=1),
        "TTM GRR is a share of the base: 0 <= GRR <= 1 on every board row.",
    )
    add(
        "board.grr_not_above_nrr",
        "board",
        E.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="ttm_nrr", column_B="ttm_grr", or_equal=True, ignore_row_if="either_value_is_missing"
        ),
        "GRR <= NRR (gross retention caps each grain at its base, net does not).",
    )
    add(
        "board.logo_retention_between_0_and_1",
        "board",
        E.ExpectColumnValuesToBeBetween(column="ttm_logo_retention", min_value=0, max_value=1),
        "Logo retention is a share of the base grains.",
    )
    add(
        "board.row_unique",
        "board",
        E.ExpectColumnValuesToBeUnique(column="board_row_id"),
        "One board row per month and segment.",
    )
    for column in ("revenue_month", "segment", "arr_usd", "arr_usd_constant", "is_month_closed"):
        add(
            f"board.{column}_not_null",
            "board",
            E.ExpectColumnValuesToNotBeNull(column=column),
            f"Key figure {column} is present on every board row.",
        )
    for column in ("ttm_base_mrr_usd", "ttm_nrr", "ttm_grr", "ttm_logo_retention", "grr_band", "nrr_target"):
        add(
            f"board.{column}_not_null_after_first_year",
            "board_ttm",
            E.ExpectColumnValuesToNotBeNull(column=column),
            f"Key figure {column} is present on every board row with a full trailing year behind it.",
        )
    # board: held ARR
    add(
        "board.held_arr_column_present",
        "board",
        E.ExpectColumnToExist(column=F.HELD_ARR_COLUMN),
        "rpt_board_retention reports the ARR held in quarantine (quarantined_arr_usd).",
    )
    if F.HELD_ARR_COLUMN in board_columns:
        add(
            "board.held_arr_within_tolerance",
            "board",
            E.ExpectColumnValuesToBeBetween(
                column="held_arr_share", min_value=0, max_value=limits.held_arr_tolerance
            ),
            f"ARR held in quarantine is at most {limits.held_arr_tolerance:.1%} of ARR "
            "(var held_arr_tolerance).",
        )
    return checks


def _identity_checks(E, limits: Thresholds) -> list[Check]:
    checks, add = _collector()
    amount, ratio = limits.amount_tolerance_usd, limits.ratio_tolerance
    # board: segments sum to the total
    for column in F.BOARD_ADDITIVE:
        add(
            f"board.segments_sum_to_total.{column}",
            "board_segments",
            E.ExpectColumnValuesToBeBetween(column=f"gap_{column}", min_value=-amount, max_value=amount),
            f"Each month the segment rows' {column} add up to the total row (within {amount} USD).",
        )
    for column in ("ttm_nrr", "ttm_grr"):
        add(
            f"board.segments_weight_to_total.{column}",
            "board_segment_ratios",
            E.ExpectColumnValuesToBeBetween(column=f"gap_{column}", min_value=-ratio, max_value=ratio),
            f"The total {column} equals the segments' {column} weighted by their TTM base MRR.",
        )
    # board: closed months unchanged
    add(
        "board.closed_months_in_snapshot",
        "board_vs_snapshot",
        E.ExpectColumnValuesToBeInSet(column="presence", value_set=["both"]),
        "Every closed board row is in snap_board_retention and every snapshotted row is still on the board.",
    )
    for figure in F.SNAPSHOT_FIGURES:
        tolerance = amount if figure.endswith("_usd") or figure.startswith("arr") else ratio
        add(
            f"board.closed_months_unchanged.{figure}",
            "board_vs_snapshot",
            E.ExpectColumnValuesToBeBetween(column=f"change_{figure}", min_value=0, max_value=tolerance),
            f"A closed month's {figure} equals the figure first reported (snap_board_retention).",
        )
    return checks


def _bridge_checks(E, limits: Thresholds) -> list[Check]:
    checks, add = _collector()
    amount = limits.amount_tolerance_usd
    # bridge
    add(
        "bridge.adds_up",
        "bridge",
        E.ExpectColumnValuesToBeBetween(column="bridge_residual_usd", min_value=-amount, max_value=amount),
        "start + transfers + new + expansion + reactivation - contraction - churn + FX = end, every row.",
    )
    add(
        "bridge.starts_where_last_month_ended",
        "bridge",
        E.ExpectColumnValuesToBeBetween(column="continuity_gap_usd", min_value=-amount, max_value=amount),
        "Each month starts at the previous month's ending MRR (same segment).",
    )
    for column in F.BRIDGE_MOVEMENTS:
        add(
            f"bridge.{column}_not_negative",
            "bridge",
            E.ExpectColumnValuesToBeBetween(column=column, min_value=0),
            f"{column} is a size (the bridge applies its sign).",
        )
    for column in ("starting_mrr_usd", "ending_mrr_usd", "fx_impact_usd", *F.BRIDGE_MOVEMENTS):
        add(
            f"bridge.{column}_not_null",
            "bridge",
            E.ExpectColumnValuesToNotBeNull(column=column),
            f"Key figure {column} is present on every bridge row.",
        )
    for column in (*F.BRIDGE_MOVEMENTS, "starting_mrr_usd", "ending_mrr_usd", "fx_impact_usd"):
        add(
            f"bridge.segments_sum_to_total.{column}",
            "bridge_segments",
            E.ExpectColumnValuesToBeBetween(column=f"gap_{column}", min_value=-amount, max_value=amount),
            f"Each month the segment rows' {column} add up to the total row.",
        )
    return checks


def _scorecard_checks(E, frames: dict) -> list[Check]:
    checks, add = _collector()
    # scorecard
    add(
        "scorecard.account_unique",
        "scorecard",
        E.ExpectColumnValuesToBeUnique(column="account_id"),
        "One scorecard row per account.",
    )
    for column in F.SCORE_COLUMNS:
        add(
            f"scorecard.{column}_within_0_100",
            "scorecard",
            E.ExpectColumnValuesToBeBetween(column=column, min_value=0, max_value=100),
            f"{column} is a 0-100 score.",
        )
    add(
        "scorecard.failed_gate_never_recommended.action",
        "scorecard_failed_gate",
        E.ExpectColumnValuesToBeInSet(column="recommended_action", value_set=["monitor"]),
        "An account that fails the activation gate gets the monitor action, never an expansion action.",
    )
    add(
        "scorecard.failed_gate_never_recommended.motion",
        "scorecard_failed_gate",
        E.ExpectColumnValuesToBeInSet(
            column="recommended_motion", value_set=frames["_non_expansion_motions"]
        ),
        "An account that fails the activation gate gets the adoption motion (readiness_motions seed), "
        "never an expansion motion.",
    )
    add(
        "scorecard.failed_gate_never_handed_to_sales",
        "scorecard_failed_gate",
        E.ExpectColumnValuesToBeInSet(column="hand_to_sales", value_set=[False]),
        "An account that fails the activation gate is never handed to sales.",
    )
    return checks


def build_checks(frames: dict, limits: Thresholds, board_columns: list[str]) -> list[Check]:
    """Every expectation of the sign-off, each with its stable name and the frame it reads."""
    import great_expectations as gx

    E = gx.expectations
    return [
        *_board_checks(E, limits, board_columns),
        *_identity_checks(E, limits),
        *_bridge_checks(E, limits),
        *_scorecard_checks(E, frames),
    ]


def _describe(validation_result) -> str:
    result = validation_result.result or {}
    if validation_result.exception_info and validation_result.exception_info.get("raised_exception"):
        message = validation_result.exception_info.get("exception_message") or "exception"
        return f"could not be evaluated: {message.splitlines()[0]}"
    config = validation_result.expectation_config
    if config.type == "expect_column_to_exist":
        return f"column {config.kwargs.get('column')} is missing"
    count = result.get("unexpected_count")
    keys = result.get("partial_unexpected_index_list") or []
    values = result.get("partial_unexpected_list") or []
    shown = []
    for index, value in list(zip(keys, values, strict=False))[:5]:
        key = index.get("row_key") if isinstance(index, dict) else index
        if isinstance(value, float) and not math.isinf(value):
            value = round(value, 9)
        shown.append(f"{key}={value}")
    if not shown and values:
        shown = [str(v) for v in values[:5]]
    return f"{count} row(s) break it" + (f": {', '.join(shown)}" if shown else "")


def run_signoff(warehouse_path=None, report_dir: str | Path = "reports/signoff") -> SignoffResult:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    limits = Thresholds.from_project()
    with Warehouse(warehouse_path) as warehouse:
        board_columns = warehouse.columns("rpt_board_retention")
        frames = load_frames(warehouse)
    checks = build_checks(frames, limits, board_columns)

    report_dir = Path(report_dir).resolve()
    if report_dir.exists():
        shutil.rmtree(report_dir)
    report_dir.mkdir(parents=True)

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.add_data_docs_site(
        site_name="signoff",
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(report_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    outcome = SignoffResult(notices=list(limits.notices))
    with tempfile.TemporaryDirectory(prefix="erw-signoff-") as tmp:
        source = context.data_sources.add_pandas_filesystem("warehouse_marts", base_directory=tmp)
        definitions = []
        for frame_name in dict.fromkeys(c.frame for c in checks):
            frames[frame_name].to_parquet(Path(tmp) / f"{frame_name}.parquet", index=False)
            asset = source.add_parquet_asset(frame_name)
            batch = asset.add_batch_definition_path(frame_name, path=f"{frame_name}.parquet")
            suite = context.suites.add(gx.ExpectationSuite(name=f"signoff_{frame_name}"))
            for check in (c for c in checks if c.frame == frame_name):
                check.expectation.meta = {"check": check.name}
                check.expectation.description = f"{check.name}: {check.description}"
                suite.add_expectation(check.expectation)
            definitions.append(
                context.validation_definitions.add(
                    gx.ValidationDefinition(name=f"signoff_{frame_name}", data=batch, suite=suite)
                )
            )
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name="finance_signoff",
                validation_definitions=definitions,
                actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs", site_names=["signoff"])],
                result_format={"result_format": "SUMMARY", "unexpected_index_column_names": ["row_key"]},
            )
        )
        run = checkpoint.run()
    for validation in run.run_results.values():
        for expectation_result in validation.results:
            meta = expectation_result.expectation_config.meta or {}
            name = meta.get("check", expectation_result.expectation_config.type)
            frame = validation.suite_name.removeprefix("signoff_")
            detail = "" if expectation_result.success else _describe(expectation_result)
            outcome.results.append(CheckResult(name, frame, bool(expectation_result.success), detail))
    index = report_dir / "index.html"
    outcome.docs_index = index if index.exists() else None
    return outcome
