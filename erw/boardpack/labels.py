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
