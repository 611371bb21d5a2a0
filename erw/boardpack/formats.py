"""How the board pack writes numbers: percentages, money, and plain numbers for markup attributes."""

from __future__ import annotations

import pandas as pd


def format_ratio(value) -> str:
    """A ratio as a percentage with one decimal: 1.1757 -> '117.6%'; missing -> 'n/a'."""
    if value is None or pd.isna(value):
        return "n/a"
    return f"{100 * float(value):.1f}%"


def format_usd(value) -> str:
    """Money in millions / thousands: 79435212 -> '$79.4M', 51200 -> '$51.2K'."""
    if value is None or pd.isna(value):
        return "n/a"
    value = float(value)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1e6:
        return f"{sign}${value / 1e6:.1f}M"
    if value >= 1e3:
        return f"{sign}${value / 1e3:.1f}K"
    return f"{sign}${value:.0f}"


def plain_number(value) -> str:
    """A number as markup can carry it (data-* attributes): numpy and Decimal values become a plain
    decimal literal ('53477104.12', not 'np.float64(53477104.12)'); missing -> ''."""
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
