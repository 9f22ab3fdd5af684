#!/usr/bin/env python3
"""Checks that a merged sharded corpus run concluded what the single-process run did.

usage: compare_results.py SINGLE_DIR MERGED_DIR

stats.json and distance.json must match to 1e-12 relative in every number (shards sum their
float64 state in another order). probe.json must be identical: its accuracies are ratios of whole
counts, which float64 sums exactly in any order. Every key, string, integer and list length must
be equal, and every figure the single run drew (it must draw some) must exist in the merged folder
too. Prints each difference with its JSON path and exits 1 if there is any.
"""
import json
import math
import pathlib
import sys

RELATIVE_TOLERANCE = 1e-12
RESULT_FILES = ("stats.json", "distance.json", "probe.json")
EXACT_FILES = ("probe.json",)
FIGURE_SUFFIXES = (".png", ".svg", ".pdf")


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def numbers_match(single, merged, exact):
    if exact or (isinstance(single, int) and isinstance(merged, int)):
        return single == merged
    if math.isnan(single) and math.isnan(merged):  # both undefined, e.g. a head with no cases
        return True
    return math.isclose(single, merged, rel_tol=RELATIVE_TOLERANCE, abs_tol=0.0)


def differences(single, merged, path, exact):
    """Yields a line for each place where the two JSON values differ beyond the tolerance."""
    if isinstance(single, dict) and isinstance(merged, dict):
        if single.keys() != merged.keys():
            yield f"{path}: keys {sorted(single)} != {sorted(merged)}"
            return
        for key in single:
            yield from differences(single[key], merged[key], f"{path}.{key}", exact)
    elif isinstance(single, list) and isinstance(merged, list):
        if len(single) != len(merged):
            yield f"{path}: {len(single)} entries != {len(merged)}"
            return
        for i, (a, b) in enumerate(zip(single, merged)):
            yield from differences(a, b, f"{path}[{i}]", exact)
    elif is_number(single) and is_number(merged):
        if not numbers_match(single, merged, exact):
            yield f"{path}: {single!r} != {merged!r}" + (" (must be identical)" if exact else "")
    elif single != merged:
        yield f"{path}: {single!r} != {merged!r}"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    single_dir, merged_dir = map(pathlib.Path, sys.argv[1:])
    problems = []
    for name in RESULT_FILES:
        single_file, merged_file = single_dir / name, merged_dir / name
        missing = [f for f in (single_file, merged_file) if not f.is_file()]
        if missing:
            problems += [f"{f}: missing" for f in missing]
            continue
        single, merged = (json.loads(f.read_text()) for f in (single_file, merged_file))
        exact = name in EXACT_FILES
        problems += [f"{name}{line}" for line in differences(single, merged, "", exact)]
    figures = sorted(
        p.relative_to(single_dir) for p in single_dir.rglob("*") if p.suffix in FIGURE_SUFFIXES
    )
    if not figures:
        problems.append(f"{single_dir}: the single run drew no figure")
    for figure in figures:
        if not (merged_dir / figure).is_file():
            problems.append(f"{figure}: drawn by the single run, missing after the merge")
    for line in problems[:50]:
        print(line)
    if problems:
        print(f"{len(problems)} difference(s) between {single_dir} and {merged_dir}")
        sys.exit(1)
    print(f"{merged_dir} matches {single_dir}: {', '.join(RESULT_FILES)}, {len(figures)} figures")


if __name__ == "__main__":
    main()
