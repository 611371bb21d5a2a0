"""The one place dbt Python models turn relations into pandas frames, whatever the adapter.

DuckDB relations have `.df()`, Snowpark and PySpark frames `.to_pandas()` / `.toPandas()`; a
pandas frame passes through; `order_by` sorts the rows, so what a model computes does not depend on
the order the engine's threads produced them in. Models call `to_pandas(dbt.ref("name"))` and never touch
the adapter API (the `dbt.ref` calls must stay literal in the model file: dbt finds a Python model's
parents by parsing them).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd


def to_pandas(relation, order_by: Sequence[str] | None = None) -> pd.DataFrame:
    """The relation as a pandas frame; with `order_by`, rows sorted by those (unique key) columns.

    A parallel engine returns the rows of a table built by a parallel query in whatever order its
    threads wrote them; pandas sums, means and cumulative figures follow row order, so an unsorted
    input can change the last bits of a score from one build to the next. Models pass the grain of
    every model they read as `order_by` (see the docs block `rebuild_precision_rule`). Seeds are
    read in file order (their row order can carry meaning, e.g. the order gate criteria are listed in).
    """
    frame = _convert(relation)
    if order_by is None:
        return frame
    try:
        return frame.sort_values(list(order_by), kind="mergesort", na_position="last", ignore_index=True)
    except (TypeError, KeyError) as error:
        raise ValueError(f"cannot sort the frame by {list(order_by)}: {error!r}") from error


def _convert(relation) -> pd.DataFrame:
    if isinstance(relation, pd.DataFrame):
        return relation
    for method in ("df", "to_pandas", "toPandas"):
        convert = getattr(relation, method, None)
        if callable(convert):
            frame = convert()
            if isinstance(frame, pd.DataFrame):
                return frame
    raise TypeError(f"cannot convert {type(relation).__name__} to a pandas frame")


def read_csv_seed(name: str) -> pd.DataFrame:
    """A scoring seed read straight from seeds/scoring (tests and benchmarks, no warehouse needed)."""
    path = Path(__file__).resolve().parents[1] / "seeds" / "scoring" / f"{name}.csv"
    return pd.read_csv(path)


def for_warehouse(frame: pd.DataFrame, date_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """The frame a Python model returns, with types the warehouse keeps even when it is empty:
    `date_columns` become Arrow dates (stored as `date`, not timestamp) and text columns Arrow
    strings (an empty object column would otherwise be stored with no type at all)."""
    import pyarrow as pa

    out = frame.copy()
    for column in date_columns:
        out[column] = pd.to_datetime(out[column]).astype(pd.ArrowDtype(pa.date32()))
    for column in out.columns:
        if column not in date_columns and (
            out[column].dtype == object or pd.api.types.is_string_dtype(out[column])
        ):
            out[column] = out[column].astype(pd.ArrowDtype(pa.string()))
    return out
