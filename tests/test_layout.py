"""The rules of docs/architecture.md that import contracts cannot state (and one they can,
checked here too so that it holds without lint-imports)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "govcases"
MAX_LINES = 500


def _modules() -> dict[str, ast.Module]:
    return {
        p.relative_to(PACKAGE).as_posix(): ast.parse(p.read_text(encoding="utf-8"))
        for p in sorted(PACKAGE.rglob("*.py"))
    }


def test_only_the_cli_prints_or_exits() -> None:
    found = []
    for name, tree in _modules().items():
        if name.startswith("cli/") or name == "__main__.py":
            continue
        for node in ast.walk(tree):
            call = node.func if isinstance(node, ast.Call) else None
            if isinstance(call, ast.Name) and call.id in ("print", "exit", "quit", "SystemExit"):
                found.append(f"{name}:{node.lineno}: {call.id}")
            if isinstance(call, ast.Attribute) and call.attr in ("exit", "_exit"):
                found.append(f"{name}:{node.lineno}: .{call.attr}")
    assert not found, "only the CLI prints or exits; return or log instead: " + ", ".join(found)


def test_only_the_conversion_module_imports_opencc() -> None:
    found = []
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            if any(n.split(".")[0] == "opencc" for n in names) and name != "zh/conversion.py":
                found.append(f"{name}:{node.lineno}")
    assert not found, "OpenCC is reached through govcases.zh.conversion only: " + ", ".join(found)


def test_no_module_is_over_500_lines() -> None:
    long = {
        p.relative_to(PACKAGE).as_posix(): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these along their seams: {long}"


def test_no_test_module_imports_another() -> None:
    """Shared code lives in tests/helpers.py and fixtures in conftest.py, so any test module
    runs alone and none changes another's settings by being imported."""
    tests = PACKAGE.parent.parent / "tests"
    found = []
    for path in sorted(tests.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            found += [
                f"{path.name}:{node.lineno}: {n}"
                for n in names
                if n.split(".")[0].startswith("test_") or n == "conftest"
            ]
    assert not found, "import from helpers (or use a conftest fixture): " + ", ".join(found)
