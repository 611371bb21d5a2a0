"""Keyed hashing of personal data (emails, names, phone numbers) and the secret key behind it.

Staging replaces every personal value by HMAC-SHA256(key, normalised value) in hex. The key is read
here, in the process that hashes, and handed to the engine as a function (`erw_pii_hmac`): it never
appears in SQL text, dbt artifacts or the warehouse, so a reader of the published warehouse cannot
rebuild the hashes from a list of names (docs/security.md).

Where the key comes from, first match wins:
  ERW_PII_KEY        the key itself (any characters, at least MIN_KEY_CHARS of them)
  ERW_PII_KEY_FILE   a file holding it (one trailing newline is ignored)
  demo key file      demo and test targets only: generated once at random into DEMO_KEY_FILE
Anything else stops the run with one line (PiiKeyError) before a model runs.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

KEY_ENV = "ERW_PII_KEY"
KEY_FILE_ENV = "ERW_PII_KEY_FILE"
LEGACY_SALT_ENV = "ERW_PII_SALT"
MIN_KEY_CHARS = 32
# Git-ignored (.gitignore) and outside warehouse/, so publishing the warehouse never copies it.
DEMO_KEY_FILE = Path(__file__).resolve().parents[1] / ".erw" / "pii_key"
HOW_TO_SET = f"set {KEY_ENV} (e.g. export {KEY_ENV}=$(openssl rand -hex 32)); docs/security.md"
_KEY_ID_MESSAGE = b"erw-pii-key-id"
_SPACES = re.compile(r"\s+")


class PiiKeyError(RuntimeError):
    """The key is missing, too short or unreadable; the message is one line saying how to fix it."""


def normalise(value: str) -> str:
    """Compatibility-normalised (NFKC), case-folded, trimmed, inner whitespace runs as one space.

    `Jane.Doe@Example.com `, `jane.doe@example.com` and the full-width form hash the same.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip().casefold()


def keyed_hash(key: bytes, value: str | None) -> str | None:
    """HMAC-SHA256 of the normalised value as 64 lowercase hex characters; None stays None."""
    return keyed_hasher(key)(value)


def keyed_hasher(key: bytes) -> Callable[[str | None], str | None]:
    """keyed_hash with the key set up once: each value copies a keyed HMAC object (about 4x faster per
    value than hmac.new, which the engines call once per row)."""
    keyed = hmac.new(key, digestmod=hashlib.sha256)

    def hash_value(value: str | None) -> str | None:
        if value is None:
            return None
        mac = keyed.copy()
        mac.update(normalise(value).encode("utf-8"))
        return mac.hexdigest()

    return hash_value


def key_id(key: bytes) -> str:
    """A short public name of the key (an HMAC of a constant: says nothing about the key).

    Stored in the build state so a build after a key change rebuilds the hashed tables.
    """
    return hmac.new(key, _KEY_ID_MESSAGE, hashlib.sha256).hexdigest()[:16]


def _checked(text: str, origin: str) -> bytes:
    if len(text) < MIN_KEY_CHARS:
        raise PiiKeyError(
            f"PII key from {origin} has {len(text)} characters, at least {MIN_KEY_CHARS} needed: {HOW_TO_SET}"
        )
    return text.encode("utf-8")


def _read_key_file(path: Path, origin: str) -> bytes:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PiiKeyError(
            f"PII key file {path} ({origin}) cannot be read: {exc.strerror}; {HOW_TO_SET}"
        ) from None
    return _checked(text.removesuffix("\n").removesuffix("\r"), f"{origin} ({path})")


def _demo_key(path: Path) -> bytes:
    """The demo key file's key, generated at random on first use (safe against a concurrent first use)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(secrets.token_hex(32) + "\n")
        try:
            os.link(tmp, path)  # fails if another process created it first: theirs wins
            print(
                f"erw: generated a random PII key for the demo in {path} (git-ignored; demo and test "
                f"targets only; production sets {KEY_ENV})",
                file=sys.stderr,
            )
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return _read_key_file(path, "the demo key file")


def load_key(
    allow_demo_key: bool, environ: dict[str, str] | None = None, demo_file: Path = DEMO_KEY_FILE
) -> bytes:
    """The PII key for this run (see the module docstring); raises PiiKeyError with one line."""
    env = os.environ if environ is None else environ
    if env.get(KEY_ENV):
        return _checked(env[KEY_ENV], KEY_ENV)
    if env.get(KEY_FILE_ENV):
        return _read_key_file(Path(env[KEY_FILE_ENV]), KEY_FILE_ENV)
    if env.get(LEGACY_SALT_ENV):
        raise PiiKeyError(
            f"{LEGACY_SALT_ENV} is no longer read (the salt was stored in the warehouse): choose a new "
            f"secret and {HOW_TO_SET}"
        )
    if allow_demo_key:
        return _demo_key(demo_file)
    raise PiiKeyError(f"{KEY_ENV} is not set and this target has no demo key: {HOW_TO_SET}")
