#!/usr/bin/env python3
"""Import circles and handler imports in the web crate.

Reads crates/web/src/**/*.rs (test modules left out), resolves every `crate::`, `super::`,
`self::` path and every module imported by name, and prints
  - each circle between top-level modules of `web` (`api`, `pages`, `state`, `calendar`, ...),
  - each circle between the modules of one top-level module (`pages::case` <-> `pages::case_reply`),
  - each place outside `router` where code borrows from a handler module (`api`, `pages`, `hooks`,
    `chat`): handlers depend on use cases and services, never the other way round,
  - each place in another crate (the background jobs) that reaches into web's handler modules.
Exits 1 when it prints anything, 0 otherwise. An argument names another checkout to read.
"""

import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[1]
WEB_SRC = ROOT / "crates" / "web" / "src"
OTHER_CRATES = [ROOT / "crates" / "klantbeeld" / "src"]
HANDLER_MODULES = {"api", "hooks", "pages", "chat"}
# The one router mounts every handler; the crate root only declares modules and re-exports.
MAY_USE_HANDLERS = {("router",), ()}


def strip_comments_and_strings(text):
    """The source with comments, string and char literals blanked out (line breaks kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    if text[i] == "\n":
                        out.append("\n")
                    i += 1
        elif (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")) and (
            m := re.match(r'b?r(#*)"', text[i : i + 40])
        ):
            end = text.find('"' + m.group(1), i + m.end())
            end = n if end < 0 else end + 1 + len(m.group(1))
            out.append('""' + "\n" * text.count("\n", i, end))
            i = end
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j + 1
        elif c == "'":
            if i + 1 < n and text[i + 1] == "\\":
                j = text.find("'", i + 2)
                i = j + 1
            elif i + 2 < n and text[i + 2] == "'":
                i += 3
            else:
                out.append(c)
                i += 1
            continue
        else:
            out.append(c)
            i += 1
    return "".join(out)


def strip_test_modules(text):
    """Drops `#[cfg(test)] mod x { ... }` blocks: test code does not make production circles."""
    while True:
        m = re.search(r"#\[cfg\(test\)\]\s*(pub\s+)?mod\s+\w+\s*\{", text)
        if not m:
            return text
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        text = text[: m.start()] + "\n" * text.count("\n", m.start(), j) + text[j:]


def module_of(path, src):
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts.pop()
    return tuple(parts)


def expand_use_tree(tree):
    """`a::{b, c::{d as e, self}}` -> [(['a','b'], 'b'), (['a','c','d'], 'e'), (['a','c'], 'c')]."""
    tree = re.sub(r"\s+", "", re.sub(r"\s+as\s+", "@", tree))

    def split_top(s):
        parts, depth, cur = [], 0, ""
        for ch in s:
            if ch == "," and depth == 0:
                parts.append(cur)
                cur = ""
                continue
            depth += {"{": 1, "}": -1}.get(ch, 0)
            cur += ch
        if cur:
            parts.append(cur)
        return parts

    def walk(prefix, s):
        brace = s.find("{")
        if brace >= 0 and s.endswith("}"):
            head = [p for p in s[:brace].split("::") if p]
            result = []
            for item in split_top(s[brace + 1 : -1]):
                result += walk(prefix + head, item)
            return result
        s, _, alias = s.partition("@")
        segs = prefix + [p for p in s.split("::") if p]
        if segs and segs[-1] == "self":
            segs = segs[:-1]
        return [(segs, alias or (segs[-1] if segs else None))]

    return walk([], tree)


def resolve(segs, here, modules):
    """Absolute module path a path names (longest known module prefix), or None if outside the crate."""
    if not segs:
        return None
    if segs[0] == "crate":
        base, rest = (), segs[1:]
    elif segs[0] in ("super", "self"):
        base, rest = here, segs
        while rest and rest[0] in ("super", "self"):
            if rest[0] == "super":
                base = base[:-1]
            rest = rest[1:]
    else:
        child = here + (segs[0],)
        if child not in modules:
            return None
        base, rest = child, segs[1:]
    full = base + tuple(rest)
    for k in range(len(full), -1, -1):
        if full[:k] in modules:
            return full[:k]
    return None


def references(path, src, modules):
    """(line, target module) for every reference from one file to a module of its crate."""
    here = module_of(path, src)
    raw = path.read_text()
    text = strip_test_modules(strip_comments_and_strings(raw))
    found = []
    aliases = {}

    def line_of(pos):
        return text.count("\n", 0, pos) + 1

    for m in re.finditer(r"\buse\s+([^;]+);", text):
        for segs, alias in expand_use_tree(m.group(1)):
            target = resolve(segs, here, modules)
            if target is None:
                continue
            found.append((line_of(m.start()), target))
            if alias and target[-1:] == (segs[-1],):
                aliases[alias] = target
    code = re.sub(r"\buse\s+[^;]+;", lambda m: "\n" * m.group(0).count("\n"), text)
    for m in re.finditer(r"(?<![\w:])((?:crate|super|self)(?:::\w+)+)", code):
        target = resolve(m.group(1).split("::"), here, modules)
        if target is not None:
            found.append((line_of(m.start()), target))
    for name, module in aliases.items():
        for m in re.finditer(r"(?<![\w:])" + re.escape(name) + r"((?:::\w+)+)", code):
            rest = tuple(m.group(1).split("::")[1:])
            full = module + rest
            target = next(full[:k] for k in range(len(full), -1, -1) if full[:k] in modules)
            found.append((line_of(m.start()), target))
    return here, found


def circles(graph):
    """The strongly connected sets of more than one node (Tarjan): each holds at least one cycle."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            members = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                members.append(top)
                if top == node:
                    break
            if len(members) > 1:
                found.append(sorted(members))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def show(module):
    return "::".join(module) or "crate"


def main():
    files = sorted(WEB_SRC.rglob("*.rs"))
    modules = {module_of(f, WEB_SRC) for f in files}
    problems = []

    edges = {}  # (from, to) -> [(file, line)]
    for f in files:
        here, found = references(f, WEB_SRC, modules)
        for line, target in found:
            if target != here and target[:len(here)] != here:
                edges.setdefault((here, target), []).append((f.relative_to(ROOT), line))

    def report_cycles(key, title):
        graph = {}
        for (a, b), _ in edges.items():
            ka, kb = key(a), key(b)
            if ka is not None and kb is not None and ka != kb:
                graph.setdefault(ka, set()).add(kb)
        for members in circles(graph):
            lines = [f"{title}: " + ", ".join(show(m) for m in members)]
            for a in members:
                for b in sorted(graph[a] & set(members)):
                    where = sorted({w for (x, y), ws in edges.items() if key(x) == a and key(y) == b for w in ws})
                    lines.append(f"    {show(a)} -> {show(b)}: " + ", ".join(f"{p}:{n}" for p, n in where[:3])
                                 + (f" (+{len(where) - 3} more)" if len(where) > 3 else ""))
            problems.append("\n".join(lines))

    report_cycles(lambda m: m[:1] if m else None, "circle between top-level modules")
    for top in sorted({m[:1] for m in modules if m}):
        report_cycles(lambda m, top=top: m[:2] if m[:1] == top and len(m) >= 2 else None,
                      f"circle inside {show(top)}")

    for (a, b), where in sorted(edges.items()):
        if b[:1] and b[0] in HANDLER_MODULES and a[:1] != b[:1] and a not in MAY_USE_HANDLERS:
            for p, n in sorted(set(where)):
                problems.append(f"{p}:{n}: {show(a)} uses handler module {show(b)}")

    for crate_src in OTHER_CRATES:
        for f in sorted(crate_src.rglob("*.rs")):
            text = strip_test_modules(strip_comments_and_strings(f.read_text()))
            for m in re.finditer(r"\bweb::(" + "|".join(sorted(HANDLER_MODULES)) + r")\b", text):
                line = text.count("\n", 0, m.start()) + 1
                problems.append(f"{f.relative_to(ROOT)}:{line}: uses web::{m.group(1)}, a handler module")

    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    print("no import cycles between web's modules; nothing outside the router borrows from a handler")
    return 0


if __name__ == "__main__":
    sys.exit(main())
