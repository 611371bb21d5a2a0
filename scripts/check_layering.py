"""Check the layering rules of ARCHITECTURE.md on a dbt manifest (and the size rules on erw/).

    python scripts/check_layering.py target/manifest.json            # print every count, exit 1 on a breach
    python scripts/check_layering.py target/manifest.json --allow view_chain   # report it, don't fail

Counts (each must be zero, except view_chain which must be at most --max-view-chain):
  upward_reads           staging or intermediate models that read a mart
  staging_reads_staging  staging models that read another table's staging model
  view_chain             the longest chain of views (models materialized as view), in models
  long_sql_models        SQL models with more than --max-sql-lines lines
  long_python_classes    classes in erw/ over --max-class-lines lines
  long_python_functions  functions in erw/ over --max-function-lines lines
Also printed, not judged: marts in all, marts downstream of a Python model, disabled marts.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from functools import cache
from pathlib import Path

LAYERS = ("staging", "intermediate", "marts")
STAGING_NAME = re.compile(r"^(?:stg|base)_(?P<system>[a-z0-9]+)__(?P<table>[a-z0-9_]+)$")


def layer_of(node: dict) -> str | None:
    """The layer folder a model lives in (models/<layer>/...), or None."""
    parts = Path(node["original_file_path"]).parts
    return parts[1] if len(parts) > 2 and parts[0] == "models" and parts[1] in LAYERS else None


def models_of(manifest: dict) -> dict[str, dict]:
    return {uid: n for uid, n in manifest["nodes"].items() if n["resource_type"] == "model"}


def upward_reads(manifest: dict) -> list[tuple[str, str]]:
    """(reader, mart) pairs where a staging or intermediate model reads a mart."""
    models = models_of(manifest)
    pairs = []
    for node in models.values():
        if layer_of(node) not in ("staging", "intermediate"):
            continue
        for parent in node["depends_on"]["nodes"]:
            if parent in models and layer_of(models[parent]) == "marts":
                pairs.append((node["name"], models[parent]["name"]))
    return sorted(pairs)


def staging_reads_staging(manifest: dict) -> list[tuple[str, str]]:
    """(reader, parent) pairs where a staging model reads the staging model of another source table."""
    models = models_of(manifest)
    pairs = []
    for node in models.values():
        if layer_of(node) != "staging":
            continue
        own = STAGING_NAME.match(node["name"])
        for parent in node["depends_on"]["nodes"]:
            if parent not in models or layer_of(models[parent]) != "staging":
                continue
            other = STAGING_NAME.match(models[parent]["name"])
            if not own or not other or own.groups() != other.groups():
                pairs.append((node["name"], models[parent]["name"]))
    return sorted(pairs)


def longest_view_chain(manifest: dict) -> list[str]:
    """The longest path of views (each reading the previous), as model names."""
    models = models_of(manifest)
    views = {uid for uid, n in models.items() if n["config"].get("materialized") == "view"}

    @cache
    def chain_to(uid: str) -> tuple[str, ...]:
        best: tuple[str, ...] = ()
        for parent in models[uid]["depends_on"]["nodes"]:
            if parent in views:
                candidate = chain_to(parent)
                if len(candidate) > len(best):
                    best = candidate
        return (*best, models[uid]["name"])

    return max((list(chain_to(uid)) for uid in sorted(views)), key=len, default=[])


def long_sql_models(manifest: dict, project_dir: Path, max_lines: int) -> list[tuple[str, int]]:
    """(model, lines) for SQL models whose file has more than max_lines lines."""
    found = []
    for node in models_of(manifest).values():
        if node.get("language", "sql") != "sql":
            continue
        path = project_dir / node["original_file_path"]
        text = path.read_text() if path.exists() else node.get("raw_code", "")
        lines = len(text.splitlines())
        if lines > max_lines:
            found.append((node["name"], lines))
    return sorted(found)


def marts_downstream_of_python(manifest: dict) -> list[str]:
    """Mart names that are a Python model or read one, directly or not."""
    models = models_of(manifest)

    @cache
    def needs_python(uid: str) -> bool:
        node = models[uid]
        if node.get("language") == "python":
            return True
        return any(needs_python(p) for p in node["depends_on"]["nodes"] if p in models)

    return sorted(n["name"] for uid, n in models.items() if layer_of(n) == "marts" and needs_python(uid))


def disabled_marts(manifest: dict) -> list[str]:
    names = set()
    for versions in manifest.get("disabled", {}).values():
        for node in versions:
            if node.get("resource_type") == "model" and layer_of(node) == "marts":
                names.add(node["name"])
    return sorted(names)


def long_python_code(package_dir: Path, max_class: int, max_function: int) -> tuple[list, list]:
    """([(class, lines)], [(function, lines)]) over the limits in every .py file under package_dir."""
    classes, functions = [], []
    for path in sorted(package_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            length = (node.end_lineno or node.lineno) - node.lineno + 1 if hasattr(node, "lineno") else 0
            label = f"{path.relative_to(package_dir.parent)}:{getattr(node, 'name', '')}"
            if isinstance(node, ast.ClassDef) and length > max_class:
                classes.append((label, length))
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and length > max_function:
                functions.append((label, length))
    return classes, functions


def run_checks(manifest: dict, project_dir: Path, args: argparse.Namespace) -> dict[str, object]:
    classes, functions = long_python_code(project_dir / "erw", args.max_class_lines, args.max_function_lines)
    return {
        "upward_reads": upward_reads(manifest),
        "staging_reads_staging": staging_reads_staging(manifest),
        "view_chain": longest_view_chain(manifest),
        "long_sql_models": long_sql_models(manifest, project_dir, args.max_sql_lines),
        "long_python_classes": classes,
        "long_python_functions": functions,
    }


def breaches(results: dict[str, object], max_view_chain: int, allowed: set[str]) -> list[str]:
    failed = []
    for key, found in results.items():
        limit = max_view_chain if key == "view_chain" else 0
        if len(found) > limit and key not in allowed:
            failed.append(key)
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("manifest", nargs="?", default="target/manifest.json")
    parser.add_argument("--project-dir", default=".")
    parser.add_argument("--max-sql-lines", type=int, default=250)
    parser.add_argument("--max-view-chain", type=int, default=4)
    parser.add_argument("--max-class-lines", type=int, default=400)
    parser.add_argument("--max-function-lines", type=int, default=120)
    parser.add_argument("--allow", default="", help="comma-separated checks reported but not failed")
    args = parser.parse_args(argv)

    manifest = json.loads(Path(args.manifest).read_text())
    results = run_checks(manifest, Path(args.project_dir), args)
    for key, found in results.items():
        shown = " -> ".join(found) if key == "view_chain" else "; ".join(map(str, found))
        print(f"{key}: {len(found)}{'  ' + shown if found else ''}")
    python_marts = marts_downstream_of_python(manifest)
    all_marts = [n for n in models_of(manifest).values() if layer_of(n) == "marts"]
    print(f"marts enabled: {len(all_marts)}; downstream of a Python model: {len(python_marts)}")
    print(f"marts disabled: {len(disabled_marts(manifest))}  {', '.join(disabled_marts(manifest))}")
    failed = breaches(results, args.max_view_chain, {a for a in args.allow.split(",") if a})
    if failed:
        print("FAILED: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
