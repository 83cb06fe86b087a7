#!/usr/bin/env python3
"""The import check: data flows one way through the library's modules.

Reads every `src/**/*.rs` of the library (not the binary's `src/cli/`, not test modules),
finds what each file takes from the others (`use crate::…`, `use super::…`, and paths
written inline), and fails when

- two or more files import each other in a circle, or
- a file imports one of a higher layer than its own (LAYERS below, lowest first).

A file in a folder module (`src/repair/badness.rs`) has the layer of its folder (`repair`);
files of one folder may import each other (but not in a circle). A new top-level module
must be given a layer here, which is the point: where it stands is a decision.

Usage: python3 scripts/check-imports.py [--graph]   (exit 0: clean, 1: violations)
"""

import re
import sys
from pathlib import Path

# Lowest first. A module may import modules of its own layer or lower, never higher.
LAYERS = [
    ["units"],  # sizes and counts as messages write them
    ["error", "scan", "testing", "words"],  # leaves: import nothing of the crate but units
    ["document", "profile"],  # the unit of work; the corpus profile (edge lines, site tags)
    ["vocab"],  # the corpus vocabulary and its file format
    ["config"],  # options, validated
    ["io", "decode"],  # bytes in; bytes to text
    ["settings"],  # named options (scour.toml keys, Python keywords) to a config
    ["normalize"],  # character rules, which repair predicts
    ["repair"],
    ["tags", "boilerplate"],
    ["restore"],  # restoring transliterated words, for structure and translit
    ["structure"],
    ["translit"],
    ["record"],
    ["pipeline"],  # the ordered list of stages
    ["run"],  # the chunked, ordered, parallel driver
    ["learn", "batch", "table", "report"],  # drivers built on run (table: Parquet, column by column; report: the corpus report)
    ["lib"],
]

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"


def layer_of(module):
    for i, names in enumerate(LAYERS):
        if module in names:
            return i
    return None


def module_files():
    """Map module paths (tuples) to files, for the library's files."""
    files = {}
    for path in sorted(SRC.rglob("*.rs")):
        rel = path.relative_to(SRC)
        parts = list(rel.with_suffix("").parts)
        if parts[0] in ("cli", "main", "bin") or parts[-1] == "tests":
            continue
        if parts[-1] == "mod":
            parts = parts[:-1]
        if parts == ["lib"]:
            parts = []
        files[tuple(parts)] = path
    return files


def strip_code(text):
    """The file's code without comments, strings, and its test module."""
    cut = re.search(r"^#\[cfg\(test\)\]\s*\nmod tests\b", text, re.M)
    if cut:
        text = text[: cut.start()]
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r'r#*"(?:.|\n)*?"#*', '""', text)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    return text


def expand_use(tree):
    """`a::{b, c::{d, e}}` → [`a::b`, `a::c::d`, `a::c::e`]."""
    tree = tree.strip()
    depth, brace = 0, -1
    for i, ch in enumerate(tree):
        if ch == "{":
            if depth == 0:
                brace = i
            depth += 1
        elif ch == "}":
            depth -= 1
    if brace < 0:
        return [tree]
    prefix = tree[:brace]
    inner = tree[brace + 1 : tree.rindex("}")]
    items, depth, start = [], 0, 0
    for i, ch in enumerate(inner):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(inner[start:i])
            start = i + 1
    items.append(inner[start:])
    out = []
    for item in items:
        if item.strip():
            out.extend(prefix + p for p in expand_use(item))
    return out


def paths_in(code, own):
    """Absolute module paths (lists) that the code refers to."""
    found = []
    for m in re.finditer(r"\buse\s+([^;]+);", code):
        for p in expand_use(m.group(1)):
            found.append(p.split(" as ")[0].strip())
    for m in re.finditer(r"\b(crate(?:::\w+)+|super(?:::\w+)+)", code):
        found.append(m.group(1))
    out = []
    for p in found:
        parts = [x for x in p.split("::") if x]
        if not parts:
            continue
        if parts[0] == "crate":
            out.append(parts[1:])
        elif parts[0] == "super":
            base = list(own)
            while parts and parts[0] == "super":
                parts.pop(0)
                base = base[:-1]
            out.append(base + parts)
        elif parts[0] == "self":
            out.append(list(own) + parts[1:])
    return out


def resolve(path, files):
    """The longest module prefix of `path` that is a file."""
    for n in range(len(path), -1, -1):
        if tuple(path[:n]) in files:
            return tuple(path[:n])
    return None


def main():
    files = module_files()
    edges = {}
    for mod, path in files.items():
        code = strip_code(path.read_text())
        targets = set()
        for p in paths_in(code, mod):
            t = resolve(p, files)
            if t is not None and t != mod and t != ():
                # A module's own submodules (declared by it) are below it by construction.
                targets.add(t)
        edges[mod] = targets
    name = lambda m: "::".join(m) or "lib"
    problems = []
    # Layers.
    for mod, targets in edges.items():
        top = mod[0] if mod else "lib"
        mine = layer_of(top)
        if mine is None:
            problems.append(f"{files[mod].relative_to(ROOT)}: module `{top}` has no layer in {Path(__file__).name}")
            continue
        for t in sorted(targets):
            theirs = layer_of(t[0] if t else "lib")
            if theirs is not None and theirs > mine:
                problems.append(
                    f"{files[mod].relative_to(ROOT)}: imports `{name(t)}`, a higher layer "
                    f"({LAYERS[theirs][0]}… over {LAYERS[mine][0]}…)"
                )
    # Circles (a folder module and its children count as separate files).
    index, low, stack, on, order = {}, {}, [], set(), [0]
    circles = []

    def visit(v):
        index[v] = low[v] = order[0]
        order[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                circles.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    for comp in circles:
        ties = [
            f"{name(a)} -> {name(b)}" for a in comp for b in sorted(edges[a]) if b in comp
        ]
        problems.append(f"import circle of {len(comp)} files: " + ", ".join(ties))
    if "--graph" in sys.argv:
        for mod in sorted(edges):
            print(f"{name(mod)}: {', '.join(name(t) for t in sorted(edges[mod]))}")
    if problems:
        for p in problems:
            print(f"check-imports: {p}", file=sys.stderr)
        return 1
    print(f"check-imports: {len(files)} files, no circle, no import from a lower layer to a higher one")
    return 0


if __name__ == "__main__":
    sys.exit(main())
