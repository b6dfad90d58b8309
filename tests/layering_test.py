#!/usr/bin/env python3
"""Checks the module layering of STYLE.md section 1 and 2.

extract -> graph -> query -> cli: a module includes another module only
through that module's public header, and only modules below it; public
headers expose no rocksdb::, re2:: or boost:: types.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
PUBLIC = {"base": "base/status.h", "extract": "extract/extract.h",
          "graph": "graph/graph.h", "query": "query/query.h"}
ALLOWED = {"base": set(), "extract": {"base"}, "graph": {"base", "extract"},
           "query": {"base", "extract", "graph"}, "cli": {"base", "extract", "graph", "query"}}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
FOREIGN_TYPES = re.compile(r"\b(rocksdb|re2|boost)::")

problems = []
for module, allowed in ALLOWED.items():
    for path in sorted((ROOT / module).rglob("*")):
        if path.suffix not in (".h", ".cpp"):
            continue
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        for inc in INCLUDE.findall(text):
            target = inc.split("/")[0]
            if target == module or target not in ALLOWED:
                continue
            if target not in allowed:
                problems.append(f"{rel}: includes {inc}, but {module} may not depend on {target}")
            elif inc != PUBLIC[target]:
                problems.append(f"{rel}: includes {inc}; use {PUBLIC[target]}, the public header")
for module, header in PUBLIC.items():
    text = (ROOT / header).read_text(encoding="utf-8")
    code = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("//"))
    if FOREIGN_TYPES.search(code):
        problems.append(f"{header}: a public header exposes a library type ({FOREIGN_TYPES.search(code).group(0)})")

for p in problems:
    print(p)
print(f"layering: {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
