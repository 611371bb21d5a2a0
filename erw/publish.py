"""Build the warehouse into a working copy, test it, and publish it atomically.

The published warehouse is the DuckDB file ``ERW_DUCKDB_PATH`` names: BI tools, the sign-off and the
board pack open it read-only. A build never writes to it. Instead:

1. take the build lock ``.<name>.lock`` beside the published file (an advisory ``flock`` held by the
   build and its dbt process, so a killed build never leaves a lock behind; the file also records
   the holder's pid, host, start time and command for operators);
2. remove any working file a killed build left behind and copy the published file (and its WAL, if a
   writer left one) to the working file ``<stem>.building<suffix>`` in the same directory, so
   incremental models and snapshots keep their state;
3. run ``dbt <command> <args>`` with ``ERW_DUCKDB_PATH`` set to the working file (``profiles.yml``
   reads it); dbt build runs the models and their tests and exits non-zero on any error, including
   an error-level test;
4. on success append a row to ``main.warehouse_publication`` in the working file (time, git commit,
   dbt invocation id, result counts, ...), checkpoint it, and ``os.replace`` it over the published file:
   an atomic rename on the same file system. Readers that hold the old file keep reading it; new
   readers open the new one. The same record is written to ``<stem>.publication.json`` beside it;
5. on failure, interruption (SIGTERM, SIGINT, SIGHUP) or a killed parent, stop dbt, delete the working
   file and leave the published file untouched.

    python -m erw.publish build -- --full-refresh          # what `make build` runs
    python -m erw.publish build --threads 1 -- -s +fct_mrr  # any dbt build arguments after --
    python -m erw.publish status                           # the last publication record
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import datetime as dt
import errno
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_WAREHOUSE = PROJECT_DIR / "warehouse" / "expansion_revenue.duckdb"
PUBLICATION_TABLE = "main.warehouse_publication"
# Seconds to wait for another build's lock before giving up (a previous build being stopped).
DEFAULT_LOCK_TIMEOUT = 120.0
# Seconds dbt gets to stop after SIGTERM before it is killed.
STOP_GRACE_SECONDS = 20.0
_PR_SET_PDEATHSIG = 1


class BuildLocked(RuntimeError):
    """Another build holds the lock."""


class BuildInterrupted(RuntimeError):
    """The build received a termination signal."""

    def __init__(self, signum: int):
        super().__init__(f"build interrupted by {signal.Signals(signum).name}")
        self.signum = signum


@dataclass(frozen=True)
class WarehousePaths:
    """The published file and everything a build keeps beside it (same directory, same file system)."""

    published: Path

    @property
    def directory(self) -> Path:
        return self.published.parent

    @property
    def working(self) -> Path:
        return self.directory / f"{self.published.stem}.building{self.published.suffix}"

    @property
    def lock(self) -> Path:
        return self.directory / f".{self.published.name}.lock"

    @property
    def record(self) -> Path:
        return self.directory / f"{self.published.stem}.publication.json"

    @staticmethod
    def companions(database: Path) -> list[Path]:
        """Files DuckDB keeps next to a database file: its write-ahead log and spill directory."""
        return [database.with_name(database.name + ".wal"), database.with_name(database.name + ".tmp")]


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _describe_holder(lock_path: Path) -> str:
    try:
        holder = json.loads(lock_path.read_text() or "{}")
    except (OSError, ValueError):
        return "an unknown process"
    pid = holder.get("pid")
    text = f"pid {pid} on {holder.get('host')} since {holder.get('started_at')}"
    if isinstance(pid, int) and holder.get("host") == socket.gethostname() and not _pid_alive(pid):
        text += " (that process is gone; a dbt process it started still holds the lock)"
    return text


@contextlib.contextmanager
def build_lock(lock_path: Path, timeout: float = DEFAULT_LOCK_TIMEOUT, poll: float = 0.5) -> Iterator[int]:
    """Hold the exclusive build lock; yield its file descriptor (pass it to child processes).

    The lock is an flock on the file, so the kernel releases it when every process holding the
    descriptor has exited, however it ended: no stale lock survives a kill. The file's content (pid,
    host, start time) only tells operators who holds it.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise BuildLocked(
                        f"another build holds {lock_path}: {_describe_holder(lock_path)}"
                    ) from None
                time.sleep(poll)
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started_at": _now().isoformat(),
            "command": sys.argv,
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder).encode(), 0)
        yield fd
    finally:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)


def prepare_working_copy(paths: WarehousePaths) -> str:
    """Replace any stale working file by a fresh copy of the published file.

    Called with the lock held, so a working file that exists was left by a build that died.
    Returns how the working file starts: 'copy of published' or 'empty'.
    """
    for path in [paths.working, *paths.companions(paths.working)]:
        _remove(path)
    if not paths.published.exists():
        return "empty"
    partial = paths.working.with_name(paths.working.name + ".copying")
    shutil.copyfile(paths.published, partial)
    published_wal, working_wal = paths.companions(paths.published)[0], paths.companions(paths.working)[0]
    if published_wal.exists():
        shutil.copyfile(published_wal, working_wal)
    os.replace(partial, paths.working)
    return "copy of published"


def _exit_with_parent(signum: int = signal.SIGTERM) -> None:
    """Ask Linux to send `signum` to this process when its parent dies (no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0)


def _dbt_executable() -> str:
    beside = Path(sys.executable).with_name("dbt")
    if beside.exists():
        return str(beside)
    found = shutil.which("dbt")
    if not found:
        raise FileNotFoundError("dbt executable not found beside the Python interpreter or on PATH")
    return found


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", *args], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


def _run_results(target_dir: Path, started: dt.datetime) -> dict:
    """Invocation id and result counts from dbt's run_results.json, if this run wrote it."""
    path = target_dir / "run_results.json"
    try:
        results = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    metadata = results.get("metadata", {})
    generated = metadata.get("generated_at", "")
    try:
        generated_at = dt.datetime.fromisoformat(generated.replace("Z", "+00:00"))
    except ValueError:
        return {}
    if generated_at.tzinfo is None:
        generated_at = generated_at.replace(tzinfo=dt.UTC)
    if generated_at < started:
        return {}
    counts = Counter(str(result.get("status")) for result in results.get("results", []))
    return {
        "dbt_invocation_id": metadata.get("invocation_id"),
        "dbt_version": metadata.get("dbt_version"),
        "result_counts": dict(sorted(counts.items())),
    }


def write_publication_record(database: Path, record: dict) -> None:
    """Append `record` to main.warehouse_publication in `database` and checkpoint it."""
    con = duckdb.connect(str(database))
    try:
        con.execute(
            f"""
            create table if not exists {PUBLICATION_TABLE} (
                published_at timestamp,
                build_started_at timestamp,
                build_seconds double,
                git_commit varchar,
                git_dirty boolean,
                dbt_invocation_id varchar,
                dbt_version varchar,
                dbt_command varchar,
                dbt_threads varchar,
                result_counts varchar,
                started_from varchar,
                raw_dir varchar,
                published_path varchar,
                host varchar,
                publisher_pid integer
            )
            """
        )
        con.execute(
            f"""
            insert into {PUBLICATION_TABLE} by name
            select
                cast(? as timestamp) as published_at,
                cast(? as timestamp) as build_started_at,
                ? as build_seconds,
                ? as git_commit,
                ? as git_dirty,
                ? as dbt_invocation_id,
                ? as dbt_version,
                ? as dbt_command,
                ? as dbt_threads,
                ? as result_counts,
                ? as started_from,
                ? as raw_dir,
                ? as published_path,
                ? as host,
                ? as publisher_pid
            """,
            [
                record["published_at"].replace("+00:00", ""),
                record["build_started_at"].replace("+00:00", ""),
                record["build_seconds"],
                record["git_commit"],
                record["git_dirty"],
                record["dbt_invocation_id"],
                record["dbt_version"],
                record["dbt_command"],
                record["dbt_threads"],
                json.dumps(record["result_counts"], sort_keys=True),
                record["started_from"],
                record["raw_dir"],
                record["published_path"],
                record["host"],
                record["publisher_pid"],
            ],
        )
        con.execute("checkpoint")
    finally:
        con.close()


def publish_working_copy(paths: WarehousePaths) -> None:
    """Atomically make the working file the published file (rename within one directory).

    A WAL beside the published file belongs to the old file (a plain `dbt build` stopped mid-way);
    the working copy already replayed it, and it must not be replayed onto the new file.
    """
    for companion in [*paths.companions(paths.working), paths.companions(paths.published)[0]]:
        _remove(companion)
    os.replace(paths.working, paths.published)
    with contextlib.suppress(OSError):
        directory = os.open(paths.directory, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _write_json_atomically(path: Path, payload: dict) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")
    os.replace(partial, path)


def _raise_interrupted(signum: int, _frame) -> None:
    raise BuildInterrupted(signum)


@contextlib.contextmanager
def _signals_interrupt_build() -> Iterator[None]:
    handled = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
    previous = {signum: signal.signal(signum, _raise_interrupted) for signum in handled}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.terminate()
    try:
        process.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait()


def _child_setup() -> None:
    # dbt must never outlive the build that owns its working file.
    _exit_with_parent(signal.SIGTERM)


def run_build(
    published: Path,
    dbt_args: Sequence[str],
    *,
    dbt_command: str = "build",
    dbt_executable: str | None = None,
    threads: int | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    exit_with_parent: bool = False,
    log=print,
) -> int:
    """Build into a working copy and publish it; return 0 when published, non-zero otherwise."""
    paths = WarehousePaths(Path(published).resolve())
    paths.directory.mkdir(parents=True, exist_ok=True)
    if exit_with_parent:
        parent = os.getppid()
        _exit_with_parent(signal.SIGTERM)
        if os.getppid() != parent:
            log("publish: the process that started this build has gone; not building")
            return 1
    with _signals_interrupt_build():
        try:
            with build_lock(paths.lock, timeout=lock_timeout) as lock_fd:
                children: list[subprocess.Popen] = []
                try:
                    return _build_and_publish(
                        paths, dbt_command, dbt_args, dbt_executable, threads, lock_fd, children, log
                    )
                finally:
                    # Signals arriving now must not abort the clean-up.
                    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                        signal.signal(signum, signal.SIG_IGN)
                    for child in children:
                        _stop(child)
                    for path in [paths.working, *paths.companions(paths.working)]:
                        _remove(path)
                    _remove(paths.working.with_name(paths.working.name + ".copying"))
        except BuildInterrupted as interrupted:
            log(f"publish: {interrupted}; the published warehouse is unchanged")
            return 128 + interrupted.signum
        except BuildLocked as locked:
            log(f"publish: {locked}")
            return 75  # EX_TEMPFAIL: try again later


def _build_and_publish(
    paths: WarehousePaths,
    dbt_command: str,
    dbt_args: Sequence[str],
    dbt_executable: str | None,
    threads: int | None,
    lock_fd: int,
    children: list[subprocess.Popen],
    log,
) -> int:
    started = _now()
    clock = time.monotonic()
    # the code being built: read before dbt starts, so later edits to the checkout do not count
    git_commit = _git("rev-parse", "HEAD")
    git_status = _git("status", "--porcelain", "--untracked-files=no")
    started_from = prepare_working_copy(paths)
    log(f"publish: building {paths.working} ({started_from}); published: {paths.published}")
    env = dict(os.environ)
    env["ERW_DUCKDB_PATH"] = str(paths.working)
    env.setdefault("ERW_TARGET", "dev")
    if threads is not None:
        env["ERW_THREADS"] = str(threads)
    command = [dbt_executable or _dbt_executable(), dbt_command, *dbt_args]
    # The dbt process inherits the lock descriptor: while any process of this build lives, no other
    # build can start and delete the working file under it.
    children.append(
        subprocess.Popen(command, cwd=PROJECT_DIR, env=env, pass_fds=(lock_fd,), preexec_fn=_child_setup)
    )
    code = children[-1].wait()
    if code != 0:
        log(f"publish: dbt exited with {code}; the published warehouse is unchanged")
        return code
    results = _run_results(Path(env.get("DBT_TARGET_PATH") or PROJECT_DIR / "target"), started)
    failed = {
        status: count
        for status, count in results.get("result_counts", {}).items()
        if status in ("error", "fail", "runtime error")
    }
    if failed:
        log(f"publish: dbt reported {failed}; the published warehouse is unchanged")
        return 1
    record = {
        "published_at": None,
        "build_started_at": started.isoformat(),
        "build_seconds": None,
        "git_commit": git_commit,
        "git_dirty": None if git_status is None else bool(git_status),
        "dbt_invocation_id": results.get("dbt_invocation_id"),
        "dbt_version": results.get("dbt_version"),
        "dbt_command": " ".join([dbt_command, *dbt_args]),
        "dbt_threads": env.get("ERW_THREADS", "2"),
        "result_counts": results.get("result_counts", {}),
        "started_from": started_from,
        "raw_dir": env.get("ERW_RAW_DIR"),
        "published_path": str(paths.published),
        "host": socket.gethostname(),
        "publisher_pid": os.getpid(),
    }
    # From here on the build is complete: hold termination signals until it is published.
    held = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        record["published_at"] = _now().isoformat()
        record["build_seconds"] = round(time.monotonic() - clock, 1)
        write_publication_record(paths.working, record)
        publish_working_copy(paths)
        _write_json_atomically(paths.record, record)
        log(f"publish: published {paths.published} (dbt invocation {record['dbt_invocation_id']})")
    finally:
        for signum in held:
            signal.signal(signum, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
    return 0


def read_publication(published: Path) -> dict | None:
    """The last publication record of `published` (the JSON file beside it), or None."""
    path = WarehousePaths(Path(published).resolve()).record
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m erw.publish", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--warehouse",
        default=os.environ.get("ERW_DUCKDB_PATH", str(DEFAULT_WAREHOUSE)),
        help="the published DuckDB file (default: ERW_DUCKDB_PATH)",
    )
    sub = parser.add_subparsers(dest="action", required=True)
    build = sub.add_parser("build", help="build a working copy with dbt and publish it atomically")
    build.add_argument("--dbt-command", default="build", help="dbt sub-command (default: build)")
    build.add_argument("--threads", type=int, help="dbt threads (default: ERW_THREADS or the profile)")
    build.add_argument(
        "--lock-timeout",
        type=float,
        default=float(os.environ.get("ERW_PUBLISH_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT)),
        help="seconds to wait for a running build to finish (default 120)",
    )
    build.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="cancel the build if the process that started it dies (make passes this)",
    )
    build.add_argument("dbt_args", nargs=argparse.REMAINDER, help="arguments for dbt, after --")
    sub.add_parser("status", help="print the last publication record")
    args = parser.parse_args(argv)

    if args.action == "status":
        record = read_publication(Path(args.warehouse))
        if record is None:
            print(f"no publication record beside {args.warehouse}", file=sys.stderr)
            return 1
        print(json.dumps(record, indent=2, sort_keys=True))
        return 0
    dbt_args = list(args.dbt_args)
    if dbt_args[:1] == ["--"]:
        dbt_args = dbt_args[1:]
    return run_build(
        Path(args.warehouse),
        dbt_args,
        dbt_command=args.dbt_command,
        threads=args.threads,
        lock_timeout=args.lock_timeout,
        exit_with_parent=args.exit_with_parent,
        log=lambda message: print(message, file=sys.stderr, flush=True),
    )


if __name__ == "__main__":
    sys.exit(main())
