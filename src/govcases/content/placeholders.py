"""Placeholder text that `new` and `import` leave for the editor: 待补充 (待補充), the `# 待核对`
mark on a guessed field, and example.org addresses. A draft may hold them; any other case
that does is reported at every occurrence, with the field it is in."""

from __future__ import annotations

import re

from govcases.messages import msg
from govcases.model import Diagnostic, RawCase

# One alternation, so that an address is reported once, not also for the 待补充 inside it.
PLACEHOLDER = re.compile(
    r"(?P<url>https?://(?:[\w-]+\.)*example\.(?:org|com|net)\b[^\s'\"<>)\]}]*)"
    r"|(?P<mark>#[ \t]*待核[对對])"
    r"|(?P<todo>待[补補]充)"
)
_COMMENTED_FIELD = re.compile(r"#[ \t]*([a-z_]+):")  # `# region_code: …`, a field left out


def placeholder_problems(raw: RawCase) -> list[Diagnostic]:
    """Every placeholder in the front matter and the body, each at its line and column."""
    problems = []
    for number, line in enumerate(raw.front.split("\n"), start=2):
        for found in PLACEHOLDER.finditer(line):
            column = found.start() + 1
            field = _field_at(raw, number, column, line, bool(found.group("mark")))
            problems.append(_problem(raw.path, number, column, field, found))
    for number, line in enumerate(raw.body.split("\n"), start=raw.body_line):
        for found in PLACEHOLDER.finditer(line):
            problems.append(_problem(raw.path, number, found.start() + 1, "body", found))
    return problems


def _problem(path: str, line: int, column: int, field: str, found: re.Match[str]) -> Diagnostic:
    kind = next(k for k in ("url", "mark", "todo") if found.group(k))
    message = msg(f"placeholder-{kind}", written=found.group(0))
    return Diagnostic(
        path, line, field, message, "placeholder", msg(f"hint-placeholder-{kind}"), column
    )


def _field_at(raw: RawCase, line: int, column: int, text: str, comment: bool) -> str:
    """The field a placeholder on front-matter `line` belongs to. A value: the innermost field
    whose value starts before it on that line, else the field whose block it continues. A
    comment: the outermost field on its line (`mechanisms: […]  # 待核对` is about the list)."""
    here = [f for f, n in raw.lines.items() if f and n == line]
    if comment:
        if here:
            return min(here, key=lambda f: (raw.columns.get(f, 0), len(f)))
        named = _COMMENTED_FIELD.match(text.lstrip())
        if named:
            return named.group(1)
    before = [f for f in here if raw.columns.get(f, 0) <= column]
    if before:
        return max(before, key=lambda f: (raw.columns.get(f, 0), len(f)))
    above = [f for f, n in raw.lines.items() if f and n < line]
    if not above:
        return ""
    return max(above, key=lambda f: (raw.lines[f], raw.columns.get(f, 0), len(f)))
