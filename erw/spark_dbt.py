"""`python -m erw.spark_dbt <dbt args>`: dbt on the local Spark session with the PII hash function.

dbt-spark's `session` method runs Spark inside the dbt process and offers no hook to register a
function, so this entry point reads the PII key (erw.pii.load_key), wraps SparkSession's
`getOrCreate` so the session dbt opens registers `erw_pii_hmac` and `erw_pii_key_id` once (the same
Python function as DuckDB's, so hashes agree), and then runs dbt in the same process. The key stays in
this process: no SQL text, conf or artifact holds it. The `spark` output (a local session) is a demo
target: without ERW_PII_KEY it uses the demo key file. A cluster (`method: thrift`) runs no Python
from here: register a function named erw_pii_hmac on the cluster instead (docs/security.md).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from erw.pii import PiiKeyError, key_id, keyed_hash, load_key

REPO = Path(__file__).resolve().parents[1]


def register_pii_functions(session, key: bytes) -> None:
    """Register the keyed hash and the key id as temporary functions of `session`."""
    from pyspark.sql.types import StringType

    # keyed_hash, not keyed_hasher: Spark pickles the function for its workers, and a prepared HMAC
    # object cannot be pickled.
    def erw_pii_hmac(value):
        return keyed_hash(key, value)

    def erw_pii_key_id():
        return key_id(key)

    session.udf.register("erw_pii_hmac", erw_pii_hmac, StringType())
    session.udf.register("erw_pii_key_id", erw_pii_key_id, StringType())


def install(key: bytes) -> None:
    """Make every session SparkSession.builder returns carry the PII functions."""
    from pyspark.sql import SparkSession

    original = SparkSession.Builder.getOrCreate
    registered: set[int] = set()

    def get_or_create(builder):
        session = original(builder)
        if id(session) not in registered:
            register_pii_functions(session, key)
            registered.add(id(session))
        return session

    SparkSession.Builder.getOrCreate = get_or_create


def main(argv: list[str]) -> int:
    try:
        key = load_key(allow_demo_key=os.environ.get("ERW_TARGET", "dev") == "spark")
    except PiiKeyError as exc:
        print(f"erw: {exc}", file=sys.stderr)
        return 2
    # Spark's Python workers run the hash: the same interpreter, able to import erw.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    install(key)
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(argv)
    if result.exception is not None:
        return 2
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
