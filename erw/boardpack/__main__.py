"""`python -m erw.boardpack`: write reports/board_pack.html and a PNG per chart."""

from __future__ import annotations

import argparse
import sys

from erw.boardpack import data as board_data
from erw.boardpack.render import write


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", help="DuckDB file (default: $ERW_DUCKDB_PATH), opened read-only")
    parser.add_argument("--out", default="reports/board_pack.html")
    parser.add_argument("--png-dir", default="reports/board_pack")
    parser.add_argument("--no-png", action="store_true", help="skip the PNG export")
    args = parser.parse_args(argv)

    data = board_data.load(args.warehouse)
    written = write(data, args.out, args.png_dir, png=not args.no_png)
    for note in data.notes:
        print(f"NOTE {note}")
    charts = len(written["png"])
    print(f"board pack for {data.month:%Y-%m}: {written['html']} ({charts} PNG charts in {args.png_dir})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
