"""Import cycles inside a package: ``python -m tools.import_cycles [package_dir]``.

Every import between the package's own modules counts, at the top of a module, inside a function
(a lazy import hides a cycle, it does not remove it) or under ``if TYPE_CHECKING:`` (the modules
still know each other). Exit 1 and one line per cycle when there are any.
"""

from __future__ import annotations

import ast
import os
import sys


def modules(root: str) -> dict[str, str]:
    """Dotted module name -> file, for every .py file under ``root`` (a package folder)."""
    package = os.path.basename(os.path.abspath(root))
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        for name in sorted(files):
            if name.endswith(".py"):
                rel = os.path.relpath(os.path.join(folder, name), root)[:-3].replace(os.sep, ".")
                dotted = package + ("" if rel == "__init__" else "." + rel.removesuffix(".__init__"))
                found[dotted] = os.path.join(folder, name)
    return found


def imports(name: str, path: str, known: set[str]) -> set[str]:
    """The package's modules that the module ``name`` imports."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    is_package = path.endswith("__init__.py")
    here = name if is_package else name.rsplit(".", 1)[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = here.split(".")
                parent = ".".join(parts[:len(parts) - node.level + 1])
                base = parent + ("." + base if base else "")
            targets = [base + "." + alias.name for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            # "from . import render" names a module; "from .render import Page" names one too
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    # A package's own __init__ is imported on the way to any of its modules: not an edge.
    return {t for t in out if not name.startswith(t + ".")}


def cycles(root: str) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    found = modules(root)
    graph = {name: sorted(imports(name, path, set(found))) for name, path in found.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def main(argv: list[str]) -> int:
    root = argv[0] if argv else "generator"
    groups = cycles(root)
    for group in groups:
        print("import cycle: " + " <-> ".join(group))
    return 1 if groups else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
