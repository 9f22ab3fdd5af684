#!/usr/bin/env python3
"""Fails when a file of src/<stage>/ includes a header of a stage it may not use.

The stages each file may use are the ones the build makes visible to it: the links in
<build>/stage-include/<stage>/ (made by attnscope_stage in CMakeLists.txt, the one place that
defines the layering). Besides scanning every quoted include, it checks with the compiler that
an include running back up the flow really does not compile, and that one going down does.
"""
import pathlib
import re
import subprocess
import sys

source_dir, include_dir, compiler = map(pathlib.Path, sys.argv[1:4])
include_re = re.compile(r'^\s*#\s*include\s+"([^/"]+)/[^"]+"', re.M)
failures = []

visible = {root.name: {link.name for link in root.iterdir()}
           for root in sorted(include_dir.iterdir())}
for stage, allowed in visible.items():
    for path in sorted((source_dir / "src" / stage).rglob("*.[ch]pp")):
        text = path.read_text(encoding="utf-8")
        for match in include_re.finditer(text):
            target = match.group(1)
            if target in visible and target not in allowed:
                line = text.count("\n", 0, match.start()) + 1
                failures.append(f"{path.relative_to(source_dir)}:{line}: includes "
                                f'"{target}/..." but {stage} may only use '
                                f"{', '.join(sorted(allowed))}")


def compiles(stage, header):
    probe = f'#include "{header}"\n'
    result = subprocess.run([str(compiler), "-std=c++20", "-fsyntax-only", "-x", "c++", "-",
                             f"-I{include_dir / stage}"], input=probe, text=True,
                            capture_output=True)
    return result.returncode == 0, result.stderr


# io/dtype.hpp needs only the standard library, so it compiles wherever io is visible.
ok, err = compiles("model", "io/dtype.hpp")
if not ok:
    failures.append(f"model cannot include io/dtype.hpp, which it may use:\n{err}")
for stage, header in [("model", "web/explorer_api.hpp"), ("model", "attention/attention.hpp"),
                      ("analysis", "render/scene.hpp"), ("tokenize", "model/config.hpp"),
                      ("render", "pipeline/capture.hpp")]:
    ok, err = compiles(stage, header)
    if ok or "No such file" not in err:
        failures.append(f"{stage} can include {header}, a stage above it")

for failure in failures:
    print(failure, file=sys.stderr)
print(f"layering: {sum(len(v) for v in visible.values())} visible stage links over "
      f"{len(visible)} stages, {len(failures)} problems")
sys.exit(1 if failures else 0)
