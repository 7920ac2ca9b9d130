#!/usr/bin/env python3
"""Copies sample snippets into the docs.

In README.md, docs/api/*.md and docs/migration/*.md, a line `<!-- snippet: NAME -->` followed by a ```csharp block
marks that block as the snippet NAME: the region between `// <snippet:NAME>` and `// </snippet:NAME>` in a file
under samples/. This script rewrites each marked block with the current region text (dedented), keeping the block's
leading `using` lines. tests/Kailash.IntegrationTests/Docs/DocSnippetTests.cs checks the result, so run this after
editing a sample:  python3 scripts/sync-doc-snippets.py [--check]
"""
import pathlib
import re
import sys
import textwrap

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs" / "api").glob("*.md")), *sorted((ROOT / "docs" / "migration").glob("*.md"))]
MARKER = re.compile(r"^\s*//\s*<(/?)snippet:([a-z0-9-]+)>\s*$")
DOC_MARKER = re.compile(r"^(\s*)<!--\s*snippet:\s*([a-z0-9-]+)\s*-->\s*$")
USING = re.compile(r"^\s*using\s+[A-Za-z0-9_.]+\s*;\s*$")


def snippets():
    found = {}
    for path in sorted((ROOT / "samples").rglob("*.cs")):
        if "obj" in path.parts or "bin" in path.parts:
            continue
        name, body = None, []
        for line in path.read_text(encoding="utf-8").splitlines():
            match = MARKER.match(line)
            if match and not match.group(1):
                name, body = match.group(2), []
            elif match:
                if match.group(2) in found:
                    sys.exit(f"snippet '{match.group(2)}' is defined twice")
                found[match.group(2)] = textwrap.dedent("\n".join(body)).strip("\n")
                name = None
            elif name:
                body.append(line)
    return found


def sync(path, known, write):
    lines = path.read_text(encoding="utf-8").split("\n")
    out, i, changed = [], 0, False
    while i < len(lines):
        out.append(lines[i])
        marker = DOC_MARKER.match(lines[i])
        if not marker:
            i += 1
            continue
        indent, name = marker.groups()
        if name not in known:
            sys.exit(f"{path.relative_to(ROOT)}:{i + 1}: no snippet '{name}' under samples/")
        fence = lines[i + 1]
        if fence.strip() != "```csharp":
            sys.exit(f"{path.relative_to(ROOT)}:{i + 2}: a ```csharp block must follow the snippet marker")
        end = i + 2
        while lines[end].strip() != "```":
            end += 1
        usings = [l for l in lines[i + 2:end] if USING.match(l)]
        leading = []
        for l in lines[i + 2:end]:
            if USING.match(l) or (leading and not l.strip()):
                leading.append(l)
            else:
                break
        body = [indent + l if l else "" for l in known[name].split("\n")]
        block = [fence, *(leading if usings else []), *body, indent + "```"]
        if block != lines[i + 1:end + 1]:
            changed = True
        out.extend(block)
        i = end + 1
    if changed and write:
        path.write_text("\n".join(out), encoding="utf-8")
    return changed


def main():
    known = snippets()
    check = "--check" in sys.argv
    changed = [str(p.relative_to(ROOT)) for p in DOCS if p.exists() and sync(p, known, not check)]
    if check and changed:
        sys.exit("out of date (run scripts/sync-doc-snippets.py): " + ", ".join(changed))
    print("updated: " + ", ".join(changed) if changed else "docs are up to date")


if __name__ == "__main__":
    main()
