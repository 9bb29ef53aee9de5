"""The layout's rules (issue 17), read from the source by `ast`, nothing imported:

- no module of autograder/ over 400 lines;
- no import cycle between modules (two modules importing each other, directly or around a circle),
  counting imports inside functions too: a deferred import hides a cycle, it does not remove it;
- model/ and config/ import nothing of sandbox/, grading/, report/, release/, student/, commands/;
- sandbox/ imports only model/, config/ and checks/ of the kit (the child runs a check's calls), and
  besides the standard library only numpy and torch;
- the kit imports nothing of tests/ (commands/demo.py loads the sample students from a clone);
- autograder/'s top level holds at most a handful of modules besides __init__ and __main__.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from autograder.config.paths import ROOT

PACKAGE = ROOT / "autograder"
MAX_LINES = 400
MAX_TOP_LEVEL = 3
LOWER_LAYERS = ("autograder.model", "autograder.config")
UPPER_LAYERS = ("sandbox", "grading", "report", "release", "student", "commands")
SANDBOX_MAY_IMPORT = ("autograder.sandbox", "autograder.model", "autograder.config", "autograder.checks")
SANDBOX_THIRD_PARTY = {"numpy", "torch"}


def module_files() -> dict[str, Path]:
    """{dotted module name: file} of every module of the kit (a package is its __init__.py)."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


MODULES = module_files()


def imports_of(name: str, path: Path) -> list[tuple[str, int]]:
    """(imported module, line) of every import in the file, relative ones resolved; `from package
    import module` counts as importing the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append((sub if sub in MODULES else base, node.lineno))
    return found


def kit_graph() -> dict[str, dict[str, int]]:
    """{module: {kit module it imports: line}}."""
    graph = {}
    for name, path in MODULES.items():
        edges = {}
        for target, line in imports_of(name, path):
            while target not in MODULES and "." in target:     # `import autograder.x.y` of a name
                target = target.rpartition(".")[0]
            if target in MODULES and target != name and target.startswith("autograder"):
                edges.setdefault(target, line)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph) + 100))
    try:
        for v in sorted(graph):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return found


def where(name: str, line: int) -> str:
    return f"{MODULES[name].relative_to(ROOT)}:{line}"


def in_layer(name: str, layers) -> bool:
    return any(name == layer or name.startswith(layer + ".") for layer in layers)


def test_no_module_of_the_kit_is_over_400_lines():
    long = {f"{path.relative_to(ROOT)} ({n} lines)" for path in MODULES.values()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these modules (at most {MAX_LINES} lines each): {', '.join(sorted(long))}"


def test_no_import_cycles():
    graph = kit_graph()
    found = cycles(graph)
    described = []
    for component in found:
        members = set(component)
        described.append(" | ".join(f"{a} -> {b} ({where(a, line)})" for a in component
                                    for b, line in sorted(graph[a].items()) if b in members))
    assert not found, ("modules that import each other (move what they share into a module of its own): "
                       + "; ".join(described))


def test_cycle_finder_finds_a_circle():
    """The finder itself: a circle of three and a pair are found, a chain is not."""
    graph = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"e": 1}, "e": {"d": 1}, "f": {"a": 1}}
    assert sorted(cycles(graph)) == [["a", "b", "c"], ["d", "e"]]
    assert cycles({"a": {"b": 1}, "b": {}}) == []


@pytest.mark.parametrize("layer", LOWER_LAYERS)
def test_model_and_config_import_nothing_of_the_stages_above(layer):
    graph = kit_graph()
    wrong = [f"{where(name, line)} imports {target}" for name in graph if in_layer(name, [layer])
             for target, line in graph[name].items()
             if in_layer(target, [f"autograder.{upper}" for upper in UPPER_LAYERS])]
    assert not wrong, f"{layer} is below the pipeline's stages: " + "; ".join(wrong)


def test_sandbox_imports_only_model_config_checks_numpy_torch_and_the_standard_library():
    stdlib = set(sys.stdlib_module_names)
    wrong = []
    for name, path in MODULES.items():
        if not in_layer(name, ["autograder.sandbox"]):
            continue
        for target, line in imports_of(name, path):
            top = target.split(".")[0]
            if top == "autograder":
                if not in_layer(target, SANDBOX_MAY_IMPORT) and target != "autograder":
                    wrong.append(f"{where(name, line)} imports {target}")
            elif top not in stdlib and top not in SANDBOX_THIRD_PARTY:
                wrong.append(f"{where(name, line)} imports {target}")
    assert not wrong, "the sandbox touches untrusted processes with as little as it can: " + "; ".join(wrong)


def test_the_kit_imports_nothing_of_the_tests():
    wrong = [f"{where(name, line)} imports {target}" for name, path in MODULES.items()
             for target, line in imports_of(name, path)
             if target.split(".")[0] == "tests" and name != "autograder.commands.demo"]
    assert not wrong, "the kit ships without tests/: " + "; ".join(wrong)


def test_the_top_level_holds_a_handful_of_modules():
    top = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert len(top) <= MAX_TOP_LEVEL, f"autograder/ has {len(top)} modules at its top level ({', '.join(top)}): " \
                                      "put each in the package of its pipeline stage"
