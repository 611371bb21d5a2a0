"""Headline tiles: the latest closed month's figure, its change vs the month before and vs the same
month a year earlier (ARR as a relative change, ratios in percentage points)."""

from __future__ import annotations

import html

import pandas as pd

from erw.boardpack.formats import format_ratio, format_usd, plain_number

# tile -> rpt_board_retention column and how its change is measured
CHANGE_KINDS = {
    "arr": ("arr_usd", "relative"),
    "ttm_nrr": ("ttm_nrr", "points"),
    "ttm_grr": ("ttm_grr", "points"),
    "ttm_logo_retention": ("ttm_logo_retention", "points"),
}
PERIODS = (("month", 1), ("year", 12))


def _total_value(board: pd.DataFrame, month: pd.Timestamp, column: str):
    months = pd.to_datetime(board["revenue_month"])
    rows = board[(months == month) & (board["segment"] == "total")]
    if len(rows) != 1 or pd.isna(rows.iloc[0][column]):
        return None
    return float(rows.iloc[0][column])


def tile_changes(board: pd.DataFrame, month: pd.Timestamp) -> dict:
    """{tile: {'month' | 'year': (earlier month, change or None)}} from the total rows: relative
    change (now / then - 1) for ARR, difference (now - then) for ratios; None when either is missing."""
    out = {}
    for tile, (column, kind) in CHANGE_KINDS.items():
        now = _total_value(board, month, column)
        out[tile] = {}
        for period, months in PERIODS:
            earlier = month - pd.DateOffset(months=months)
            then = _total_value(board, earlier, column)
            if now is None or then is None or (kind == "relative" and then == 0):
                change = None
            else:
                change = now / then - 1 if kind == "relative" else now - then
            out[tile][period] = (earlier, change)
    return out


def format_change(change, kind: str) -> str:
    """+0.0234 relative -> '+2.3%'; -0.0104 in points -> '-1.0 pts'; None -> 'n/a'."""
    if change is None or pd.isna(change):
        return "n/a"
    if kind == "relative":
        return f"{100 * change:+.1f}%"
    return f"{100 * change:+.1f} pts"


def change_html(tile: str, changes: dict) -> str:
    kind = CHANGE_KINDS[tile][1]
    parts = []
    for period, _ in PERIODS:
        earlier, change = changes[tile][period]
        parts.append(
            f'<span class="change" data-period="{period}" data-change="{plain_number(change)}">'
            f"{html.escape(format_change(change, kind))} vs {earlier:%b %Y}</span>"
        )
    return '<div class="changes">' + "".join(parts) + "</div>"


def tiles_html(head: dict, changes: dict) -> str:
    tiles = [
        ("arr", "ARR", format_usd(head["arr"]), head["arr"], "actual FX"),
        (
            "ttm_nrr",
            "TTM NRR",
            format_ratio(head["ttm_nrr"]),
            head["ttm_nrr"],
            f"target {format_ratio(head['nrr_target'])}",
        ),
        ("ttm_grr", "TTM GRR", format_ratio(head["ttm_grr"]), head["ttm_grr"], f"band: {head['grr_band']}"),
        (
            "ttm_logo_retention",
            "Logo retention",
            format_ratio(head["ttm_logo_retention"]),
            head["ttm_logo_retention"],
            "trailing 12 months",
        ),
    ]
    cells = [
        f'<div class="tile" data-metric="{key}" data-value="{plain_number(value)}">'
        f'<div class="label">{html.escape(label)}</div><div class="value">{html.escape(text)}</div>'
        f"{change_html(key, changes)}"
        f'<div class="hint">{html.escape(hint)}</div></div>'
        for key, label, text, value, hint in tiles
    ]
    return '<div class="tiles">' + "".join(cells) + "</div>"
