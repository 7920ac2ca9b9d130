#!/usr/bin/env python3
"""Duplication and thin-facade check for Kailash for .NET (called by .ci/run).

Checks
  (a) LocalRuntime.cs and AsyncLocalRuntime.cs stay under MAX_FACADE_LINES code lines and contain no graph walking;
  (b) no block of WINDOW or more similar code lines repeats anywhere in src/ (a clone detector: lines are compared
      after removing whitespace, comments and literals, so a copy with other strings or numbers is still found);
  (c) every concern folder is wired into the shared engine services and referenced by neither facade alone.
Prints lines per facade, lines in the shared core and concerns, the code-reuse percentage and the clones found.
"""
import pathlib
import re
import sys
from collections import defaultdict

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
RUNTIME = SRC / "Kailash" / "Runtime"
MAX_FACADE_LINES = 80
WINDOW = 6
CONCERNS = ["Validation", "Parameters", "Conditional", "Cycles", "Enterprise", "Analytics"]
GRAPH_WALKING = [
    (re.compile(r"\b(for|foreach|while)\s*\("), "a loop"),
    (re.compile(r"\.(Nodes|Connections|Units|Results|Inputs|Dependents)\b"), "graph traversal"),
    (re.compile(r"\b(NodeInvoker|ExecutionPlan|Scheduler|UnitRunner|CycleCoordinator)\b"), "engine internals"),
    (re.compile(r"\bif\s*\(.*(IsSynchronous|sync)", re.IGNORECASE), "a sync/async branch"),
]

STRING = re.compile(r'\$?@?"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)\'')
NUMBER = re.compile(r"\b\d+(\.\d+)?[lLdDfFmM]?\b")
TRIVIAL = re.compile(r"^[{}()\[\];,]*$|^(break|continue|return|default|else|try|finally|get|set|init);?$")


def code_lines(path: pathlib.Path):
    """Yields (line number, normalised text) for code lines: no blanks, comments, usings, attributes or lone braces."""
    in_block = False
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if in_block:
            if "*/" in line:
                in_block = False
            continue
        if line.startswith("/*"):
            in_block = "*/" not in line
            continue
        if not line or line.startswith("//") or line.startswith("using ") or line.startswith("namespace ") or line.startswith("#"):
            continue
        line = re.sub(r"\s//.*$", "", line)
        yield number, line


def normalise(line: str) -> str:
    line = STRING.sub('"s"', line)
    line = NUMBER.sub("0", line)
    return re.sub(r"\s+", " ", line)


def count_code(paths):
    return sum(1 for p in paths for _ in code_lines(p))


def find_clones(files):
    """Windows of WINDOW consecutive non-trivial normalised lines that occur more than once (overlaps merged)."""
    index = defaultdict(list)
    streams = {}
    for path in files:
        stream = [(n, normalise(t)) for n, t in code_lines(path)]
        stream = [(n, t) for n, t in stream if not TRIVIAL.match(t) and not t.startswith("[")]
        streams[path] = stream
        for i in range(len(stream) - WINDOW + 1):
            key = "\n".join(t for _, t in stream[i:i + WINDOW])
            index[key].append((path, i))
    clones = []
    seen = set()
    for key, places in index.items():
        if len(places) < 2:
            continue
        # Skip windows inside a region already reported (a longer clone produces many overlapping windows).
        if all((p, i - 1) in seen for p, i in places):
            for p, i in places:
                seen.add((p, i))
            continue
        for p, i in places:
            seen.add((p, i))
        # A run of repeated short lines (a switch over escape characters) matches itself shifted by a few lines:
        # only occurrences that do not overlap each other count as clones.
        distinct = []
        for p, i in sorted(places, key=lambda x: (str(x[0]), x[1])):
            if not distinct or distinct[-1][0] != p or i - distinct[-1][1] >= WINDOW:
                distinct.append((p, i))
        if len(distinct) < 2:
            continue
        first = [(p, streams[p][i][0]) for p, i in distinct]
        clones.append((first, key))
    return clones


def main() -> int:
    problems = []
    facades = {name: RUNTIME / f"{name}.cs" for name in ("LocalRuntime", "AsyncLocalRuntime")}
    facade_lines = {}
    for name, path in facades.items():
        if not path.exists():
            problems.append(f"{path.relative_to(ROOT)} is missing")
            continue
        lines = list(code_lines(path))
        facade_lines[name] = len(lines)
        if len(lines) > MAX_FACADE_LINES:
            problems.append(f"{name}.cs has {len(lines)} code lines (limit {MAX_FACADE_LINES}): move logic into the engine or a concern")
        for number, text in lines:
            for pattern, what in GRAPH_WALKING:
                if pattern.search(text):
                    problems.append(f"{name}.cs:{number} contains {what}: '{text}' — execution logic belongs in the engine")
        for concern in CONCERNS:
            if re.search(rf"\bKailash\.Runtime\.{concern}\b", path.read_text(encoding="utf-8")):
                problems.append(f"{name}.cs references concern '{concern}' directly: concerns must be reached through BaseRuntime")

    services = RUNTIME / "Engine" / "RuntimeServices.cs"
    services_text = services.read_text(encoding="utf-8") if services.exists() else ""
    for concern in CONCERNS:
        folder = RUNTIME / concern
        if not folder.is_dir() or not any(folder.glob("*.cs")):
            problems.append(f"concern folder Runtime/{concern} is missing or empty")
            continue
        if f"Kailash.Runtime.{concern}" not in services_text:
            problems.append(f"concern '{concern}' is not wired into Engine/RuntimeServices.cs, so the shared engine cannot reach it")

    core = [p for p in RUNTIME.rglob("*.cs") if p not in facades.values()]
    core_lines = count_code(core)
    concern_lines = {c: count_code((RUNTIME / c).rglob("*.cs")) for c in CONCERNS}
    engine_lines = count_code((RUNTIME / "Engine").rglob("*.cs"))
    base_lines = count_code(RUNTIME.glob("BaseRuntime*.cs"))
    specific = sum(facade_lines.values())
    reuse = 100.0 * core_lines / (core_lines + specific) if core_lines + specific else 0.0

    sources = sorted(p for p in SRC.rglob("*.cs") if "/obj/" not in str(p) and "/bin/" not in str(p))
    clones = find_clones(sources)

    print("Runtime duplication check")
    for name, n in facade_lines.items():
        print(f"  {name}.cs: {n} code lines (limit {MAX_FACADE_LINES})")
    print(f"  BaseRuntime (all partial files): {base_lines} code lines")
    print(f"  Engine: {engine_lines} code lines")
    for concern, n in concern_lines.items():
        print(f"  Concern {concern}: {n} code lines")
    print(f"  Shared runtime code (everything under Runtime/ but the two facades): {core_lines} code lines")
    print(f"  Code reuse (shared / (shared + facade-specific)): {reuse:.1f}%")
    print(f"  Source files scanned for clones: {len(sources)}; duplicated blocks of {WINDOW}+ similar lines: {len(clones)}")
    for places, key in clones:
        where = ", ".join(f"{p.relative_to(ROOT)}:{n}" for p, n in places)
        print(f"    clone at {where}")
        for text in key.split("\n")[:WINDOW]:
            print(f"      | {text}")
        problems.append(f"duplicated block at {where}")

    if problems:
        print("FAILED:")
        for p in problems:
            print(f"  - {p}")
        return 1
    print("OK: thin facades, every concern shared, no duplicated blocks.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
