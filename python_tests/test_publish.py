"""erw.publish: a build never touches the published warehouse until it is complete and tested.

The first tests drive the publisher with a stand-in for dbt (a small script that writes to the file
ERW_DUCKDB_PATH names and then succeeds, fails or hangs), so each rule is checked in a second. The
last ones run the real dbt project on a small generated data set: a build killed mid-way, the clean
build after it with a read-only reader polling the published file throughout, and a build failing an
error-level test.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from erw import publish
from erw.datagen import generate
from python_tests.warehouse import PROJECT_DIR, dbt_env

FAKE_DBT = textwrap.dedent(
    """
    import datetime, json, os, sys, time
    import duckdb

    mode = os.environ["FAKE_DBT_MODE"]
    con = duckdb.connect(os.environ["ERW_DUCKDB_PATH"])
    con.execute("create schema if not exists main_marts")
    con.execute("create table if not exists main_marts.rpt_board_retention (version integer)")
    previous = con.execute("select coalesce(max(version), 0) from main_marts.rpt_board_retention").fetchone()[0]
    con.execute("delete from main_marts.rpt_board_retention")
    con.execute("insert into main_marts.rpt_board_retention values (?)", [previous + 1])
    con.close()
    if mode == "hang":
        with open(os.environ["FAKE_DBT_MARKER"], "w") as marker:
            marker.write(str(os.getpid()))
        time.sleep(120)
    if mode == "fail":
        sys.exit(1)
    target = os.environ["DBT_TARGET_PATH"]
    os.makedirs(target, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with open(os.path.join(target, "run_results.json"), "w") as handle:
        json.dump({"metadata": {"invocation_id": "fake-" + str(os.getpid()), "generated_at": now,
                                "dbt_version": "fake"},
                   "results": [{"status": "success"}, {"status": "pass"}, {"status": "warn"}]}, handle)
    """
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def board_version(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select version from main_marts.rpt_board_retention").fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def fake(tmp_path, monkeypatch):
    script = tmp_path / "fake_dbt"
    script.write_text(f"#!{sys.executable}\n{FAKE_DBT}")
    script.chmod(0o755)
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    monkeypatch.setenv("FAKE_DBT_MARKER", str(tmp_path / "marker"))
    published = tmp_path / "wh" / "warehouse.duckdb"

    def run(mode: str, **kwargs) -> int:
        monkeypatch.setenv("FAKE_DBT_MODE", mode)
        return publish.run_build(published, [], dbt_executable=str(script), log=lambda _: None, **kwargs)

    return published, script, run


def test_successful_builds_publish_and_record_each_publication(fake):
    published, _, run = fake
    paths = publish.WarehousePaths(published)
    assert run("ok") == 0
    assert board_version(published) == 1
    assert run("ok") == 0
    # the second build started from a copy of the published file, so it saw version 1
    assert board_version(published) == 2
    assert not paths.working.exists()

    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT_DIR, capture_output=True, text=True)
    record = json.loads(paths.record.read_text())
    assert record["git_commit"] == head.stdout.strip()
    assert record["dbt_invocation_id"].startswith("fake-")
    assert record["result_counts"] == {"pass": 1, "success": 1, "warn": 1}
    assert record["started_from"] == "copy of published"
    con = duckdb.connect(str(published), read_only=True)
    rows = con.execute(
        "select dbt_invocation_id, git_commit, started_from from main.warehouse_publication"
        " order by published_at, build_started_at"
    ).fetchall()
    con.close()
    assert len(rows) == 2
    assert rows[-1] == (record["dbt_invocation_id"], record["git_commit"], "copy of published")
    assert rows[0][2] == "empty"
    assert publish.read_publication(published) == record


def test_failed_build_leaves_the_published_file_byte_identical(fake):
    published, _, run = fake
    assert run("ok") == 0
    before = sha256(published)
    assert run("fail") == 1
    assert sha256(published) == before
    assert not publish.WarehousePaths(published).working.exists()


def test_error_in_run_results_blocks_publication(fake, monkeypatch, tmp_path):
    """dbt exiting 0 while run_results lists an error must not publish either."""
    published, script, run = fake
    assert run("ok") == 0
    before = sha256(published)
    wrapper = tmp_path / "fake_dbt_error"
    wrapper.write_text(
        f"#!{sys.executable}\nimport json, os, subprocess, sys\n"
        f"subprocess.run([{str(script)!r}], check=True)\n"
        "path = os.path.join(os.environ['DBT_TARGET_PATH'], 'run_results.json')\n"
        "data = json.load(open(path)); data['results'].append({'status': 'error'})\n"
        "json.dump(data, open(path, 'w'))\n"
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("FAKE_DBT_MODE", "ok")
    assert publish.run_build(published, [], dbt_executable=str(wrapper), log=lambda _: None) == 1
    assert sha256(published) == before


def _start_publisher(published: Path, script: Path) -> subprocess.Popen:
    code = (
        "import sys; from erw import publish; "
        f"sys.exit(publish.run_build({str(published)!r}, [], dbt_executable={str(script)!r}))"
    )
    return subprocess.Popen([sys.executable, "-c", code], cwd=PROJECT_DIR, stderr=subprocess.PIPE, text=True)


def _wait_for(path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.1)


def _gone(pid: int, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        # a zombie still answers kill(0); it has stopped running all the same
        with open(f"/proc/{pid}/stat") as stat:
            if stat.read().split()[2] == "Z":
                return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_killed_build_changes_nothing_and_the_next_build_succeeds(fake, monkeypatch, how):
    published, script, run = fake
    paths = publish.WarehousePaths(published)
    assert run("ok") == 0
    before = sha256(published)
    monkeypatch.setenv("FAKE_DBT_MODE", "hang")
    marker = Path(os.environ["FAKE_DBT_MARKER"])
    builder = _start_publisher(published, script)
    _wait_for(marker)
    dbt_pid = int(marker.read_text())
    builder.send_signal(how)
    builder.wait(timeout=60)
    assert builder.returncode != 0
    # the dbt process goes too: forwarded SIGTERM, or the parent-death signal after SIGKILL
    assert _gone(dbt_pid)
    assert sha256(published) == before
    if how == signal.SIGTERM:
        assert not paths.working.exists(), "an interrupted build removes its working file"
    else:
        assert paths.working.exists(), "SIGKILL leaves the working file behind (the next build handles it)"
    marker.unlink()
    assert run("ok", lock_timeout=30) == 0
    # started again from the published copy (version 1), not from the killed build's file
    assert board_version(published) == 2
    assert not paths.working.exists()


def test_a_running_build_holds_the_lock(fake, tmp_path):
    published, _, run = fake
    lock = publish.WarehousePaths(published).lock
    lock.parent.mkdir(parents=True, exist_ok=True)
    messages = []
    with publish.build_lock(lock, timeout=1):
        # another build gives up after its timeout and says who holds the lock
        code = publish.run_build(
            published, [], dbt_executable="/nonexistent", lock_timeout=0.5, log=messages.append
        )
        assert code == 75
        assert f"pid {os.getpid()}" in messages[-1]
    # released: the lock can be taken at once
    fd = os.open(lock, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.close(fd)
    assert not published.exists()


# --- the real project on a small generated data set -------------------------------------------------

BOARD = "select count(*) from main_marts.rpt_board_retention"


@pytest.fixture(scope="module")
def small_project(tmp_path_factory):
    """Raw data (the demo's settings at 150 accounts, so every error-level test passes on it) and a
    first published warehouse."""
    base = tmp_path_factory.mktemp("publish")
    raw = base / "raw"
    generate(accounts=150, months=36, as_of="2026-06-30", seed=42, out=raw, dirty_rate=0.002)
    published = base / "wh" / "warehouse.duckdb"
    env = dbt_env(
        raw,
        published,
        DBT_TARGET_PATH=str(base / "target"),
        DBT_LOG_PATH=str(base / "logs"),
        PYTHONUNBUFFERED="1",
    )
    # the board and the quarantine summary with their parents: what the tests below read
    first = _publisher(
        published,
        env,
        "--select",
        "+rpt_board_retention +rpt_quarantine_summary",
        "--exclude",
        "resource_type:test",
    )
    out, _ = first.communicate(timeout=900)
    assert first.returncode == 0, out[-4000:]
    return raw, published, env


def _publisher(published: Path, env: dict, *dbt_args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "erw.publish", "--warehouse", str(published), "build", "--", *dbt_args],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


READER = textwrap.dedent(
    """
    import json, os, sys, time
    import duckdb

    path, stop, interval = sys.argv[1], sys.argv[2], float(sys.argv[3])
    while not os.path.exists(stop):
        started = time.monotonic()
        try:
            con = duckdb.connect(path, read_only=True)
            rows = con.execute("select count(*) from main_marts.rpt_board_retention").fetchone()[0]
            build = con.execute(
                "select dbt_invocation_id from main.warehouse_publication order by published_at desc limit 1"
            ).fetchone()[0]
            con.close()
            print(json.dumps({"ok": True, "rows": rows, "build": build}), flush=True)
        except Exception as error:
            print(json.dumps({"ok": False, "error": str(error)}), flush=True)
        time.sleep(max(0.0, interval - (time.monotonic() - started)))
    """
)


def _board_checksums(published: Path) -> dict:
    sys.path.insert(0, str(PROJECT_DIR / "scripts"))
    from mart_checksums import mart_checksums

    return mart_checksums(str(published))


def test_killed_dbt_build_then_clean_build_while_a_reader_polls(small_project, tmp_path):
    raw, published, env = small_project
    paths = publish.WarehousePaths(published)
    before_bytes = sha256(published)
    before_marts = _board_checksums(published)
    before_record = publish.read_publication(published)

    # 1. a full build killed (SIGKILL, no chance to clean up) once dbt is well into the models
    killed = _publisher(published, env, "--full-refresh")
    deadline = time.monotonic() + 300
    seen = ""
    while "START sql table model main_intermediate" not in seen:
        assert time.monotonic() < deadline and killed.poll() is None, seen[-3000:]
        seen += killed.stdout.readline()
    time.sleep(3)
    children = subprocess.run(["pgrep", "-P", str(killed.pid)], capture_output=True, text=True).stdout.split()
    killed.kill()
    killed.wait()
    assert children, "the publisher had started dbt"
    assert all(_gone(int(pid)) for pid in children), "dbt stops when the build that started it is killed"
    assert sha256(published) == before_bytes
    assert _board_checksums(published) == before_marts
    assert paths.working.exists()  # left behind; the next build must cope

    # 2. the next build passes without any clean-up, and a reader polling every second is never
    #    refused and always finds the board
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published), str(stop), "1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    clean = _publisher(published, env, "--full-refresh")
    out, _ = clean.communicate(timeout=1800)
    time.sleep(2.5)
    stop.write_text("")
    reads = [json.loads(line) for line in reader.communicate(timeout=60)[0].splitlines()]
    assert clean.returncode == 0, out[-4000:]
    failures = [read for read in reads if not read["ok"]]
    assert not failures, failures[:3]
    assert len(reads) >= 10, "the build ran long enough for the reader to poll repeatedly"
    assert all(read["rows"] > 0 for read in reads)
    after_record = publish.read_publication(published)
    assert after_record["dbt_invocation_id"] != before_record["dbt_invocation_id"]
    # the reader saw the old build during the build and the new one once it was published
    assert reads[0]["build"] == before_record["dbt_invocation_id"]
    assert reads[-1]["build"] == after_record["dbt_invocation_id"]
    assert not paths.working.exists()


def test_build_failing_an_error_level_test_leaves_the_published_file_untouched(small_project):
    raw, published, env = small_project
    before = sha256(published)
    # with no tolerance, the dirty rows planted in the raw data (0.2%) fail the error-level test on
    # the rebuilt quarantine summary (its parents come with the copy of the published warehouse)
    failing = _publisher(
        published,
        env,
        "--select",
        "rpt_quarantine_summary",
        "--vars",
        '{"quarantine_tolerance": 0}',
    )
    out, _ = failing.communicate(timeout=900)
    assert failing.returncode != 0
    assert "OK created sql table model main_marts.rpt_quarantine_summary" in out, out[-4000:]
    assert "FAIL" in out and "assert_quarantine_rate_within_tolerance" in out, out[-4000:]
    assert sha256(published) == before
    assert not publish.WarehousePaths(published).working.exists()
