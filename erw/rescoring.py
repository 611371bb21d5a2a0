"""Incremental dbt Python score models: score again only the input rows that changed.

A monthly score model (health, readiness, points, whitespace) computes each output row from one row
of int_account_score_inputs_monthly, the scoring seeds and the scoring code, nothing else. So a
daily build need not score all account-months again: it scores the input rows whose content changed
(after a new day of events, the current month's rows) and keeps the others. Each output row stores
`_inputs_digest` (a hash of the whole input row it was scored from) and `_scoring_version` (a digest
of the seeds and code); an incremental run scores every input row whose key is not stored with the
same digest, and every row when the version changed. The models' post-hook (macro
delete_rows_without_inputs) deletes the stored rows whose input row is gone, so an incremental build
holds what a full refresh writes.

DuckDB relations only (the dbt Python models run on DuckDB); anything else is scored in full.
"""

from __future__ import annotations

import hashlib
import inspect
import sys
import uuid
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

DIGEST = "_inputs_digest"
VERSION = "_scoring_version"
RESCORED = "_is_rescored"


def scoring_version(seeds: Mapping[str, pd.DataFrame], code: Iterable[object]) -> str:
    """A digest of the seed frames (names, columns, values) and of the source of the modules that
    define `code` (functions or modules). Source that cannot be read gives a fresh random version,
    so every row is scored again rather than kept on a guess."""
    digest = hashlib.sha256()
    for name in sorted(seeds):
        frame = seeds[name]
        digest.update(f"{name}|{list(frame.columns)}|".encode())
        digest.update(frame.to_csv(index=False).encode())
    for item in code:
        module = item if inspect.ismodule(item) else sys.modules.get(getattr(item, "__module__", ""), item)
        try:
            digest.update(inspect.getsource(module).encode())
        except (OSError, TypeError):
            digest.update(uuid.uuid4().bytes)
    return digest.hexdigest()[:16]


def rows_to_score(
    session, inputs, this, keys: Sequence[str], version: str, incremental: bool, lag_months: int = 0
):
    """The input rows a score model reads this run, with their `_inputs_digest` and `_is_rescored`
    (the rows whose scores it writes; the others are context).

    `inputs`: the input relation; `this`: the model's own table (dbt.this); `keys`: the grain, the
    month last. A full build, a changed `version`, a table without the bookkeeping columns, or an
    input that is not a DuckDB relation: every row, all rescored. Otherwise the rows whose key is
    not stored with the same digest, plus, for a score that also reads the row `lag_months` earlier
    (health's trend), the rows `lag_months` after a changed or removed row; their rows `lag_months`
    earlier come along as context.
    """
    if not hasattr(inputs, "sql_query"):
        frame = inputs.copy()
        frame[RESCORED] = True
        return frame
    row_hash = "cast(hash(inputs) >> 1 as bigint)"
    digested = f"select inputs.*, {row_hash} as {DIGEST} from ({inputs.sql_query()}) as inputs"
    if not incremental or not {DIGEST, VERSION} <= set(session.sql(f"select * from {this} limit 0").columns):
        return session.sql(f"select *, true as {RESCORED} from ({digested}) as digested")
    versions = session.sql(f"select distinct {VERSION} from {this}").fetchall()
    if any(row[0] != version for row in versions):
        return session.sql(f"select *, true as {RESCORED} from ({digested}) as digested")
    key_list = ", ".join(keys)
    month = keys[-1]

    def on(left, right, columns=keys):
        return " and ".join(f"{left}.{column} = {right}.{column}" for column in columns)

    def shifted(relation, months):
        others = ", ".join(keys[:-1])
        return (
            f"select {others}, cast({month} + interval ({months}) month as date) as {month} from {relation}"
        )

    rescored = "select * from changed"
    context = "select * from rescored"
    if lag_months:
        rescored += f" union {shifted('changed', lag_months)}"
        context += f" union {shifted('rescored', -lag_months)}"
    return session.sql(
        f"""
        with digested as ({digested}),
        stored as (select {key_list}, {DIGEST} from {this}),
        changed as (
            select {", ".join(f"digested.{k}" for k in keys)} from digested
            left join stored on {on("digested", "stored", (*keys, DIGEST))}
            where stored.{keys[0]} is null
            union
            select {", ".join(f"stored.{k}" for k in keys)} from stored
            left join digested on {on("stored", "digested")}
            where digested.{keys[0]} is null
        ),
        rescored as ({rescored}),
        context as ({context})
        select digested.*, rescored.{keys[0]} is not null as {RESCORED}
        from digested
        inner join context on {on("digested", "context")}
        left join rescored on {on("digested", "rescored")}
        """
    )


def with_columns_of(session, inputs, other, keys: Sequence[str], columns: Sequence[str]):
    """`inputs` with `columns` of `other` (same `keys`, left join; `inputs` must not have them): e.g. the
    readiness inputs with the health score and trend of the same account-month, so that a change of
    either rescores readiness."""
    if not hasattr(inputs, "sql_query") or not hasattr(other, "sql_query"):
        merged = inputs.drop(columns=list(columns), errors="ignore").merge(
            other[[*keys, *columns]], on=list(keys), how="left", validate="one_to_one"
        )
        merged.index = inputs.index
        return merged
    matched = " and ".join(f"inputs.{column} = other.{column}" for column in keys)
    picked = ", ".join(f"other.{column}" for column in columns)
    return session.sql(
        f"select inputs.*, {picked} "
        f"from ({inputs.sql_query()}) as inputs left join ({other.sql_query()}) as other on {matched}"
    )


def with_bookkeeping(
    scores: pd.DataFrame, inputs: pd.DataFrame, keys: Sequence[str], version: str
) -> pd.DataFrame:
    """The scores of the rescored rows (rows_to_score), with the digest of the input row each was
    scored from and the scoring version; context rows are dropped."""
    marks = inputs[[*keys, RESCORED, *([DIGEST] if DIGEST in inputs.columns else [])]]
    out = scores.merge(marks, on=list(keys), how="left", validate="one_to_one")
    out = out[out[RESCORED].fillna(False).astype(bool)].drop(columns=[RESCORED]).reset_index(drop=True)
    if DIGEST not in out.columns:
        out[DIGEST] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    out[DIGEST] = out[DIGEST].astype("Int64")
    out[VERSION] = version
    return out
