"""What the board pack says about its own data: the as-of date (mart rpt_reporting_period) and the
build it was read from (the last row of main.warehouse_publication, which erw.publish appends to the
published file: its published_at is the build time, its dbt invocation id the publication id).
A warehouse built without erw.publish has no publication row: the stamp says so."""

from __future__ import annotations

import html

import pandas as pd

REPORTING_TABLE = "rpt_reporting_period"
PUBLICATION_TABLE = "warehouse_publication"


def _date(value):
    return None if value is None or pd.isna(value) else pd.Timestamp(value)


def stamp_from(reporting: pd.DataFrame | None, publications: pd.DataFrame | None) -> dict:
    """{'as_of', 'latest_closed_month', 'built_at', 'publication_id', 'git_commit', 'git_dirty'} (None
    when not recorded); the publication is the row with the latest published_at."""
    keys = ("as_of", "latest_closed_month", "built_at", "publication_id", "git_commit", "git_dirty")
    stamp = dict.fromkeys(keys)
    if reporting is not None and len(reporting):
        row = reporting.iloc[0]
        stamp["as_of"] = _date(row.get("as_of_date"))
        stamp["latest_closed_month"] = _date(row.get("latest_closed_month"))
    if publications is not None and len(publications):
        row = publications.sort_values("published_at").iloc[-1]
        stamp["built_at"] = _date(row.get("published_at"))
        stamp["publication_id"] = row.get("dbt_invocation_id")
        stamp["git_commit"] = row.get("git_commit")
        stamp["git_dirty"] = bool(row.get("git_dirty")) if pd.notna(row.get("git_dirty")) else None
    return stamp


def read_stamp(wh) -> dict:
    """The stamp of the warehouse `wh` (an erw.warehouse_reader.Warehouse)."""
    reporting = wh.read(REPORTING_TABLE) if wh.has_table(REPORTING_TABLE) else None
    publications = wh.read(PUBLICATION_TABLE) if wh.has_table(PUBLICATION_TABLE) else None
    return stamp_from(reporting, publications)


def stamp_html(stamp: dict) -> str:
    as_of = stamp["as_of"]
    built = stamp["built_at"]
    parts = [f"Data as of {as_of:%d %b %Y}" if as_of is not None else "Data as of: not recorded"]
    if built is not None:
        parts.append(f"built {built:%Y-%m-%d %H:%M} UTC")
        dirty = " + uncommitted changes" if stamp["git_dirty"] else ""
        commit = f" (code {str(stamp['git_commit'])[:10]}{dirty})" if stamp["git_commit"] else ""
        parts.append(f"publication {stamp['publication_id']}{commit}")
    else:
        parts.append("build time and publication: not recorded (warehouse not published by erw.publish)")
    attrs = {
        "data-as-of": f"{as_of:%Y-%m-%d}" if as_of is not None else "",
        "data-built-at": built.isoformat() if built is not None else "",
        "data-publication-id": stamp["publication_id"] or "",
    }
    markup = " ".join(f'{key}="{html.escape(str(value))}"' for key, value in attrs.items())
    return f'<p class="sub stamp" id="stamp" {markup}>{html.escape(" · ".join(parts))}</p>'
