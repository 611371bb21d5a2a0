"""PII protection: keyed hashing whose key never ships with the warehouse, no silent default key, no raw
email, name or phone number in any relation, and a dictionary attack that recovers nothing without the key.

Expected hashes are computed here with `hmac`/`hashlib` over values normalised by hand, not with erw.pii;
the RFC 4231 vector pins the construction itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import shutil
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from erw import pii
from erw.datagen import generate
from erw.datagen.names import FIRST_NAMES, LAST_NAMES
from python_tests.warehouse import DBT, PROJECT_DIR, connect, dbt_env, run_dbt

# Any key value works: quotes, backslash, unicode (the old salt broke the build on a quote).
KEY = 'it\'s a "quoted" \\ ключ 🔑 that is long enough for production'
ROTATED_KEY = "a second, rotated key: O'Brien-proof and also long enough"
OLD_DEMO_SALT = "erw-demo-salt"

EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
PHONE = r"(\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}|\+\d{1,3}([\s.-]?\d){7,}"
PLANTED_NAMES = ("Zelda Quistgaard", "Ottoline Brackenbury")
FULL_NAME = (
    "(?i)\\b("
    + "|".join([*FIRST_NAMES, "Zelda", "Ottoline"])
    + ")\\s+("
    + "|".join([*LAST_NAMES, "Quistgaard", "Brackenbury"])
    + ")\\b"
)


def hand_hmac(key: str, text: str) -> str:
    """HMAC-SHA256 hex of an ASCII value lowercased and trimmed by hand (all the normalisation ASCII needs)."""
    return hmac.new(key.encode(), text.strip().lower().encode(), hashlib.sha256).hexdigest()


# ---------------------------------------------------------------------------------------------- erw.pii


def test_keyed_hash_is_hmac_sha256():
    # RFC 4231 test case 2 (key "Jefe"); the message is already lowercase and trimmed.
    assert (
        pii.keyed_hash(b"Jefe", "what do ya want for nothing?")
        == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )


def test_hash_normalises_case_spaces_and_width():
    key = b"k" * 32
    same = pii.keyed_hash(key, "jane.doe@example.com")
    assert pii.keyed_hash(key, "  Jane.DOE@Example.COM\t") == same
    assert pii.keyed_hash(key, "ｊａｎｅ.ｄｏｅ@ｅｘａｍｐｌｅ.ｃｏｍ") == same  # full-width forms (NFKC)
    assert pii.keyed_hash(key, "Jane   Doe") == pii.keyed_hash(key, "jane doe")
    assert pii.keyed_hash(key, None) is None
    assert pii.keyed_hash(b"x" * 32, "jane.doe@example.com") != same


def test_missing_key_stops_outside_demo_targets_with_one_line(tmp_path):
    with pytest.raises(pii.PiiKeyError) as err:
        pii.load_key(allow_demo_key=False, environ={}, demo_file=tmp_path / "k")
    message = str(err.value)
    assert "\n" not in message and "ERW_PII_KEY" in message and "openssl rand" in message
    assert not (tmp_path / "k").exists()


@pytest.mark.parametrize(
    "environ, words",
    [
        ({"ERW_PII_KEY": "short"}, "5 characters, at least 32"),
        ({"ERW_PII_SALT": "erw-demo-salt"}, "ERW_PII_SALT is no longer read"),
        ({"ERW_PII_KEY_FILE": "/nonexistent/key"}, "cannot be read"),
    ],
)
def test_short_legacy_or_unreadable_key_stops(tmp_path, environ, words):
    with pytest.raises(pii.PiiKeyError) as err:
        pii.load_key(allow_demo_key=True, environ=environ, demo_file=tmp_path / "k")
    assert words in str(err.value) and "\n" not in str(err.value)


def test_key_from_env_or_file_any_characters(tmp_path):
    assert pii.load_key(False, environ={"ERW_PII_KEY": KEY}) == KEY.encode("utf-8")
    path = tmp_path / "key"
    path.write_text(KEY + "\n", encoding="utf-8")
    assert pii.load_key(False, environ={"ERW_PII_KEY_FILE": str(path)}) == KEY.encode("utf-8")


def test_demo_key_generated_once_private_and_stable(tmp_path, capsys):
    path = tmp_path / ".erw" / "pii_key"
    first = pii.load_key(True, environ={}, demo_file=path)
    said = capsys.readouterr().err
    assert "generated a random PII key" in said and str(path) in said
    assert re.fullmatch(rb"[0-9a-f]{64}", first)
    assert path.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert pii.load_key(True, environ={}, demo_file=path) == first
    assert capsys.readouterr().err == ""  # said once
    assert pii.load_key(True, environ={"ERW_PII_KEY": KEY}, demo_file=path) == KEY.encode()


# ------------------------------------------------------------------------------ a warehouse with planted PII

PLANTED_HISTORY = [
    # (field as a CRM export writes it, old value, new value)
    ("email", "zelda.q@oldmail.example", "Zelda.Quistgaard@NewCorp.example"),
    ("Full Name", "Zelda Quistgaard", "Zelda Quistgaard-Moe"),
    ("phone", "+1 (415) 555-0132", "415.555.0199"),
    ("Mobile-Phone", None, "+44 20 7946 0958"),
    ("notes", None, "reach Ottoline Brackenbury at ottoline@brackenbury.example"),
]


def _plant(raw: Path) -> None:
    """Personal data where real exports put it: contact_history changes, odd email forms, extra columns."""
    contacts_path = raw / "crm" / "contacts.parquet"
    contacts = pq.read_table(contacts_path)
    contact_id = contacts.column("contact_id")[0].as_py()
    emails = contacts.column("email").to_pylist()
    emails[1] = "  Ottoline.Brackenbury@Example.ORG "
    names = contacts.column("full_name").to_pylist()
    names[1] = PLANTED_NAMES[1]
    contacts = contacts.set_column(contacts.schema.get_field_index("email"), "email", pa.array(emails))
    contacts = contacts.set_column(contacts.schema.get_field_index("full_name"), "full_name", pa.array(names))
    # a column outside the contract: staging selects contract columns only
    contacts = contacts.append_column("mobile_phone", pa.array(["+1 415 555 0100"] * contacts.num_rows))
    pq.write_table(contacts, contacts_path)

    history_path = raw / "crm" / "contact_history.parquet"
    history = pq.read_table(history_path)
    loaded = history.column("_loaded_at")[0].as_py()
    changed = history.column("changed_at")[0].as_py()
    added = pa.table(
        {
            "contact_id": [contact_id] * len(PLANTED_HISTORY),
            "changed_at": [changed.replace(second=i) for i in range(len(PLANTED_HISTORY))],
            "field": [row[0] for row in PLANTED_HISTORY],
            "old_value": [row[1] for row in PLANTED_HISTORY],
            "new_value": [row[2] for row in PLANTED_HISTORY],
            "_loaded_at": [loaded] * len(PLANTED_HISTORY),
        },
        schema=history.schema,
    )
    pq.write_table(pa.concat_tables([history, added]), history_path)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """(raw dir, warehouse, dbt target dir) of a small build with planted PII and the key KEY."""
    base = tmp_path_factory.mktemp("pii")
    raw, db, target = base / "raw", base / "warehouse.duckdb", base / "target"
    generate(accounts=30, months=12, as_of="2026-06-30", seed=26, out=raw, dirty_rate=0.0)
    _plant(raw)
    run_dbt(
        ["build", "--exclude", "resource_type:test"], raw, db,
        ERW_PII_KEY=KEY, DBT_TARGET_PATH=str(target), DBT_LOG_PATH=str(base / "logs"),
    )  # fmt: skip
    return raw, db, target


def _text_columns(con) -> list[tuple[str, str, str]]:
    return con.execute(
        """
        select table_schema, table_name, column_name
        from information_schema.columns
        where data_type = 'VARCHAR'
          and (table_schema like '%staging' or table_schema like '%intermediate' or table_schema like '%marts')
        order by 1, 2, 3
        """
    ).fetchall()


def raw_pii_found(db: Path) -> list[str]:
    """'schema.table.column: kind e.g. value' for every text value holding an email, phone number or name.

    One pass per relation; the patterns are SQL literals, so DuckDB compiles each regex once per query.
    """
    patterns = {"email": EMAIL, "phone": PHONE, "name": FULL_NAME}
    # cheap tests that every match passes, so the regex runs on few rows (ids have no '@' or space)
    prefilters = {
        "email": "contains({c}, '@')",
        "phone": "(contains({c}, '+') or contains({c}, ' ') or contains({c}, '.') or contains({c}, '-'))",
        "name": "contains({c}, ' ')",
    }
    by_relation: dict[tuple[str, str], list[str]] = {}
    found = []
    with connect(db) as con:
        for schema, table, column in _text_columns(con):
            by_relation.setdefault((schema, table), []).append(column)
        for (schema, table), columns in by_relation.items():
            probes = [(column, kind) for column in columns for kind in patterns]
            selects = ", ".join(
                f"""max(case when {prefilters[kind].format(c=f'"{column}"')} """
                f"""and regexp_matches("{column}", '{patterns[kind].replace("'", "''")}') then "{column}" end)"""
                for column, kind in probes
            )
            row = con.execute(f'select {selects} from "{schema}"."{table}"').fetchone()
            found += [
                f"{schema}.{table}.{column}: {kind} e.g. {value!r}"
                for (column, kind), value in zip(probes, row, strict=True)
                if value is not None
            ]
    return found


def test_scan_finds_what_it_looks_for():
    """The scan's patterns match the planted forms (a scan that cannot fail would prove nothing)."""
    for text in ("zelda.q@oldmail.example", "  Ottoline.Brackenbury@Example.ORG "):
        assert re.search(EMAIL, text)
    for text in ("+1 (415) 555-0132", "415.555.0199", "+44 20 7946 0958"):
        assert re.search(PHONE, text)
    for text in ("2026-06-30", "2026-06-30 12:00:00", "acc_000123", "12345.67"):
        assert not re.search(PHONE, text)
    assert re.search(FULL_NAME.removeprefix("(?i)"), "maria garcia", re.IGNORECASE)
    assert re.search(FULL_NAME.removeprefix("(?i)"), "Zelda Quistgaard-Moe", re.IGNORECASE)


def test_scan_flags_an_unhashed_relation(planted, tmp_path):
    """Positive control on a warehouse copy: a planted clear-text column is reported."""
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(planted[1], copy)
    import duckdb

    with duckdb.connect(str(copy)) as con:
        con.execute(
            "create table main_intermediate.leak as select 'Zelda Quistgaard' as a, 'x@y.example' as b,"
            " '+1 (415) 555-0132' as c"
        )
    found = raw_pii_found(copy)
    assert {f.split(":")[0] for f in found} == {
        "main_intermediate.leak.a", "main_intermediate.leak.b", "main_intermediate.leak.c"
    }  # fmt: skip


def test_no_raw_pii_in_any_relation_of_the_planted_build(planted):
    assert raw_pii_found(planted[1]) == []


def test_no_raw_pii_in_any_relation_of_the_demo(demo):
    assert raw_pii_found(demo[1]) == []


def test_hashes_are_hmac_with_the_runtime_key(planted):
    raw, db, _ = planted
    contacts = pq.read_table(raw / "crm" / "contacts.parquet").to_pylist()
    with connect(db) as con:
        stored = dict(
            con.execute(
                "select contact_id, email_hash || '|' || full_name_hash from main_staging.stg_crm__contacts"
            ).fetchall()
        )
        history = con.execute(
            """
            select field, old_value, new_value, values_hashed
            from main_intermediate.int_crm__contact_history_cleaned
            where field not in ('title', 'seniority', 'is_champion')
            order by changed_at
            """
        ).fetchall()
        kept_clear = con.execute(
            "select count(*) from main_staging.stg_crm__contact_history"
            " where field = 'seniority' and not values_hashed and new_value in ('ic', 'manager', 'director', 'vp', 'c_level')"
        ).fetchone()[0]
    for row in contacts:
        assert stored[row["contact_id"]] == hand_hmac(KEY, row["email"]) + "|" + hand_hmac(
            KEY, row["full_name"]
        )
    assert history == [
        (field, old and hand_hmac(KEY, old), hand_hmac(KEY, new), True) for field, old, new in PLANTED_HISTORY
    ]
    assert kept_clear > 0  # non-personal changes (what the champion triggers read) stay readable


def _key_forms(key: str) -> list[bytes]:
    raw = key.encode("utf-8")
    return [raw, raw.hex().encode(), json.dumps(key).encode(), key.replace("'", "''").encode()]


def test_key_absent_from_warehouse_and_published_artifacts(planted):
    raw, db, target = planted
    with connect(db) as con:
        texts = [
            sql for (sql,) in con.execute("select sql from duckdb_views() where not internal").fetchall()
        ]
        texts += [c or "" for (c,) in con.execute("select comment from duckdb_tables()").fetchall()]
        texts += [c or "" for (c,) in con.execute("select comment from duckdb_columns()").fetchall()]
        for schema, table, column in con.execute(
            "select schema_name, table_name, column_name from duckdb_columns()"
            " where data_type = 'VARCHAR' and not internal"
        ).fetchall():
            texts += [
                v
                for (v,) in con.execute(f'select distinct "{column}" from "{schema}"."{table}"').fetchall()
                if v
            ]
    stored = "\n".join(texts).encode("utf-8")
    assert len(texts) > 1000  # the scan read the warehouse's strings
    artifacts = [p for p in target.rglob("*") if p.is_file()]
    assert {"manifest.json", "run_results.json"} <= {p.name for p in artifacts}
    for form in _key_forms(KEY):
        assert form not in stored
        assert form not in db.read_bytes()
        for path in artifacts:
            assert form not in path.read_bytes(), path


def test_dictionary_attack_on_the_demo_recovers_nothing_without_the_key(demo):
    """Hashes read from the demo warehouse read-only, a dictionary of the generator's own name lists:
    with the build's key the dictionary recovers the names (so the attack is real); with every salt or
    key an attacker could try (the old public salt, none) it recovers nothing."""
    raw, db = demo
    # The warehouse no longer stores the email's domain; the attacker is handed it from the raw export
    # (more than a BI reader has), so a miss is the key's doing, not a missing domain.
    domains = {
        row["contact_id"]: (row["email"] or "").strip().lower().partition("@")[2]
        for row in pq.read_table(
            raw / "crm" / "contacts.parquet", columns=["contact_id", "email"]
        ).to_pylist()
    }
    with connect(db) as con:
        rows = [
            (name_hash, email_hash, domains.get(contact_id, ""))
            for contact_id, name_hash, email_hash in con.execute(
                "select contact_id, full_name_hash, email_hash from main_staging.stg_crm__contacts"
                " where full_name_hash is not null order by contact_id"
            ).fetchall()
        ]
    names = [f"{first} {last}".lower() for first in FIRST_NAMES for last in LAST_NAMES]
    stored_names = {row[0] for row in rows}
    real_key = pii.load_key(allow_demo_key=True)

    def recovered(hash_of) -> int:
        return len(stored_names & {hash_of(name) for name in names})

    with_key = recovered(lambda v: hmac.new(real_key, v.encode(), hashlib.sha256).hexdigest())
    assert with_key >= 0.9 * len(stored_names)
    for salt in (OLD_DEMO_SALT, ""):
        assert recovered(lambda v, s=salt: hashlib.sha256((s + v).encode()).hexdigest()) == 0
        assert recovered(lambda v, s=salt: hmac.new(s.encode(), v.encode(), hashlib.sha256).hexdigest()) == 0

    # Emails are first.last@<domain>: a small search per row when the key is known, nothing without.
    sample = rows[:: max(1, len(rows) // 25)]
    locals_ = [name.replace(" ", ".") for name in names]
    for schemes, expect_all in (
        ([lambda v: hmac.new(real_key, v.encode(), hashlib.sha256).hexdigest()], True),
        ([lambda v: hashlib.sha256((OLD_DEMO_SALT + v).encode()).hexdigest(),
          lambda v: hmac.new(OLD_DEMO_SALT.encode(), v.encode(), hashlib.sha256).hexdigest()], False),
    ):  # fmt: skip
        hits = 0
        for _, email_hash, domain in sample:
            hits += any(scheme(f"{local}@{domain}") == email_hash for scheme in schemes for local in locals_)
        if expect_all:
            assert hits >= 0.5 * len(sample)  # names with a collision digit are not in the dictionary
        else:
            assert hits == 0


def test_no_mart_carries_a_hash_or_email_column(planted):
    with connect(planted[1]) as con:
        columns = con.execute(
            """
            select table_name || '.' || column_name
            from information_schema.columns
            where table_schema like '%marts'
              and (column_name like '%hash%' or column_name like '%email%' or column_name like '%name_h%')
            """
        ).fetchall()
    assert columns == []


def test_key_rotation_rebuilds_the_hashed_tables(planted, tmp_path):
    """A build with a new key (no --full-refresh) replaces every hash: the key id is in the build state."""
    raw, db, _ = planted
    rotated = tmp_path / "rotated.duckdb"
    shutil.copyfile(db, rotated)
    run_dbt(
        ["build", "--exclude", "resource_type:test", "--select", "stg_crm__contacts", "int_crm__contacts_checked",
         "int_crm__contacts_cleaned", "stg_usage__users", "int_usage__users_checked", "int_usage__users_cleaned"],
        raw, rotated, ERW_PII_KEY=ROTATED_KEY, DBT_TARGET_PATH=str(tmp_path / "target"),
    )  # fmt: skip
    contacts = pq.read_table(raw / "crm" / "contacts.parquet").to_pylist()
    users = pq.read_table(raw / "usage" / "users.parquet").to_pylist()
    with connect(rotated) as con:
        contact_hashes = dict(
            con.execute(
                "select contact_id, email_hash from main_intermediate.int_crm__contacts_cleaned"
            ).fetchall()
        )
        user_hashes = dict(
            con.execute(
                "select user_id, email_hash from main_intermediate.int_usage__users_cleaned"
            ).fetchall()
        )
    assert contact_hashes and user_hashes
    for row in contacts:
        if row["contact_id"] in contact_hashes:
            assert contact_hashes[row["contact_id"]] == hand_hmac(ROTATED_KEY, row["email"])
    for row in users:
        if row["user_id"] in user_hashes:
            assert user_hashes[row["user_id"]] == hand_hmac(ROTATED_KEY, row["email"])


def test_prod_target_without_key_stops_before_any_model(planted, tmp_path):
    raw = planted[0]
    db = tmp_path / "prod.duckdb"
    env = dbt_env(raw, db, ERW_TARGET="prod", DBT_TARGET_PATH=str(tmp_path / "target"))
    for name in ("ERW_PII_KEY", "ERW_PII_KEY_FILE", "ERW_PII_SALT"):
        env.pop(name, None)
    # (a short key stops the same way: test_short_legacy_or_unreadable_key_stops)
    proc = subprocess.run(
        [str(DBT), "build", "--project-dir", str(PROJECT_DIR)],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode != 0
    lines = [line for line in proc.stdout.splitlines() if "ERW_PII_KEY is not set" in line]
    assert len(lines) == 1 and "export ERW_PII_KEY=" in lines[0], proc.stdout[-2000:]
    assert "PASS=" not in proc.stdout and " OK created " not in proc.stdout
    if db.exists():
        with connect(db) as con:
            assert con.execute("select count(*) from duckdb_tables() where not internal").fetchone() == (0,)
