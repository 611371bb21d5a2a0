"""Words the board reads: segment names as a person writes them, and label placement inside a chart."""

from __future__ import annotations

# Segment codes of the marts -> the names the board pack prints. A code not listed is written out
# from its code ('public_sector' -> 'Public sector'), so a new segment never shows up raw.
SEGMENT_LABELS = {
    "total": "Total",
    "enterprise": "Enterprise",
    "mid_market": "Mid-market",
    "smb": "SMB",
}


def segment_label(segment) -> str:
    """'mid_market' -> 'Mid-market', 'smb' -> 'SMB', 'public_sector' -> 'Public sector'."""
    code = str(segment)
    if code in SEGMENT_LABELS:
        return SEGMENT_LABELS[code]
    words = code.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() if words else code


def spread_labels(positions, low: float, high: float, gap: float) -> list[float]:
    """Label positions (same order as given) moved apart so neighbours are at least `gap` apart and
    all stay within [low + gap / 2, high - gap / 2]: pushed up from the bottom, then down from the
    top. When they cannot all fit, the lowest ones keep the bound and may sit closer than `gap`."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [float(positions[i]) for i in order]
    floor, ceiling = low + gap / 2, high - gap / 2
    for i, value in enumerate(placed):
        placed[i] = max(value, floor if i == 0 else placed[i - 1] + gap)
    for i in range(len(placed) - 1, -1, -1):
        placed[i] = min(placed[i], ceiling if i == len(placed) - 1 else placed[i + 1] - gap)
    placed = [max(value, floor) for value in placed]
    out = [0.0] * len(positions)
    for rank, index in enumerate(order):
        out[index] = placed[rank]
    return out
