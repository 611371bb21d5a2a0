"""dbt-duckdb plugin (profiles.yml `plugins:`): gives every connection the PII hashing functions.

  erw_pii_hmac(varchar) -> varchar   keyed hash of one value (erw.pii.keyed_hash)
  erw_pii_key_id() -> varchar        public name of the key (erw.pii.key_id)

The key is loaded once when dbt opens the warehouse, before any hook or model runs, so a missing
key stops the run with one line. Plugin config `allow_demo_key: true` (dev and the tests) lets the
demo key file stand in for ERW_PII_KEY.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

from erw.pii import key_id, keyed_hasher, load_key


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]) -> None:
        allow = str(plugin_config.get("allow_demo_key", False)).lower() in ("true", "1", "yes")
        self._key = load_key(allow_demo_key=allow)

    def configure_connection(self, conn) -> None:
        conn.create_function(
            "erw_pii_hmac", keyed_hasher(self._key), ["VARCHAR"], "VARCHAR", side_effects=False
        )
        conn.create_function("erw_pii_key_id", partial(key_id, self._key), [], "VARCHAR", side_effects=False)
