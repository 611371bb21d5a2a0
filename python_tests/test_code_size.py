"""Size limits of the Python package (issue 12): no class over 400 lines, no function over 120.

The limits are counted from the first line of the definition (decorators excluded) to its last
line, as `ast` reports them, for every class, function and method anywhere under `erw/`.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

ERW = Path(__file__).resolve().parents[1] / "erw"
MAX_CLASS_LINES = 400
MAX_FUNCTION_LINES = 120


def oversized(source: str, name: str) -> list[str]:
    """'file:line kind name (n lines)' for every definition above its limit."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            limit, kind = MAX_CLASS_LINES, "class"
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            limit, kind = MAX_FUNCTION_LINES, "function"
        else:
            continue
        lines = node.end_lineno - node.lineno + 1
        if lines > limit:
            found.append(f"{name}:{node.lineno} {kind} {node.name} ({lines} lines > {limit})")
    return found


def test_the_scan_flags_what_is_over_the_limits_and_nothing_else():
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES - 1))  # def line + 119 = 120
    at_limit = f"def ok():\n{body}\n"
    over = f"def too_long():\n{body}\n    x = 0\n"
    methods = "\n".join(f"    def m{i}(self):\n        return {i}\n" for i in range(MAX_CLASS_LINES // 3 + 1))
    big_class = f"class Big:\n{methods}"
    assert oversized(at_limit, "a.py") == []
    assert oversized(over, "b.py") == [f"b.py:1 function too_long ({MAX_FUNCTION_LINES + 1} lines > 120)"]
    big = oversized(big_class, "c.py")
    assert len(big) == 1 and big[0].startswith("c.py:1 class Big (")
    nested = textwrap.indent(over, "    ")
    assert oversized(f"class Small:\n{nested}", "d.py") == [
        f"d.py:2 function too_long ({MAX_FUNCTION_LINES + 1} lines > 120)"
    ]


def test_no_class_or_function_in_erw_is_over_the_limits():
    files = sorted(ERW.rglob("*.py"))
    assert len(files) > 20  # the whole package is scanned, not an empty directory
    problems = [p for f in files for p in oversized(f.read_text(), str(f.relative_to(ERW.parent)))]
    assert problems == []
