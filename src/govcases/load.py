"""Find case files, split front matter from body, parse YAML keeping a field → line map."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .model import BuildError, Diagnostic, RawCase

MAX_FILE_BYTES = 512 * 1024
# libyaml's parser when PyYAML was built with it (much faster), same node graph and marks
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 20
FENCE = "---"


def find_case_files(cases_dir: Path) -> list[Path]:
    """Case files in name order; symlinks leading outside the folder are refused."""
    files = []
    root = cases_dir.resolve()
    for path in sorted(cases_dir.glob("*.md")):
        if not path.resolve().is_relative_to(root):
            raise BuildError(
                [Diagnostic(str(path), 0, "", "symlink leads outside the cases folder", "symlink")]
            )
        files.append(path)
    return files


def decode(path: str, raw: bytes) -> str:
    """UTF-8 (with or without BOM, any newline style) or a clear error naming the encoding."""
    if len(raw) > MAX_FILE_BYTES:
        raise BuildError(
            [
                Diagnostic(
                    path,
                    0,
                    "",
                    f"file is {len(raw)} bytes; the limit is {MAX_FILE_BYTES}",
                    "too-large",
                )
            ]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        guess = _guess_encoding(raw)
        line = raw[: exc.start].count(b"\n") + 1
        raise BuildError(
            [
                Diagnostic(
                    path,
                    line,
                    "",
                    f"not UTF-8{guess}",
                    "encoding",
                    "save the file as UTF-8 in your editor",
                )
            ]
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _guess_encoding(raw: bytes) -> str:
    for name in ("gb18030", "big5", "utf-16"):
        try:
            raw.decode(name)
        except UnicodeDecodeError:
            continue
        return f" (it looks like {name.upper()})"
    return ""


def split_front_matter(path: str, text: str) -> tuple[str, str, int]:
    """Return (yaml text, body, 1-based line where the body starts)."""
    if not text.strip():
        raise BuildError([Diagnostic(path, 1, "", "file is empty", "empty")])
    lines = text.split("\n")
    if lines[0].strip() != FENCE:
        raise BuildError(
            [
                Diagnostic(
                    path,
                    1,
                    "",
                    "front matter missing: the file must start with '---'",
                    "front-matter",
                )
            ]
        )
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip() == FENCE:
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    raise BuildError(
        [Diagnostic(path, 1, "", "front matter not closed: no second '---' line", "front-matter")]
    )


def parse_yaml(
    path: str, source: str, first_line: int = 1, columns: dict[str, int] | None = None
) -> tuple[Any, dict[str, int]]:
    """Parse YAML into plain values plus a map "a.b[2].c" → line (and into `columns`, when
    given, the 1-based column of each value).

    Walks the composed node graph itself, so an alias (the "billion laughs" bomb) is an error
    instead of an exponential expansion, and nesting depth is bounded.
    """
    lines: dict[str, int] = {}
    try:
        loader = _Loader(source)  # the reader rejects control characters right away
    except yaml.YAMLError as exc:
        raise BuildError(
            [Diagnostic(path, first_line, "", f"malformed YAML: {exc}", "yaml")]
        ) from exc
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, lines
        seen: set[int] = set()

        def walk(n: yaml.Node, key: str, depth: int) -> Any:
            if depth > MAX_DEPTH:
                raise _Problem(n, key, f"nested deeper than {MAX_DEPTH} levels")
            if id(n) in seen:  # report where the alias is used, not where the anchor is
                raise _Problem(
                    n,
                    key,
                    "YAML aliases (*name) are not allowed",
                    lines.get(key, first_line) - first_line,
                )
            seen.add(id(n))
            lines.setdefault(key, n.start_mark.line + first_line)
            if columns is not None:
                columns.setdefault(key, n.start_mark.column + 1)
            if isinstance(n, yaml.MappingNode):
                out: dict[Any, Any] = {}
                for k, v in n.value:
                    name = loader.construct_object(k)
                    if not isinstance(name, str):
                        raise _Problem(k, key, "keys must be text")
                    if name in out:
                        raise _Problem(k, _join(key, name), "duplicate key")
                    child = _join(key, name)
                    lines[child] = k.start_mark.line + first_line
                    out[name] = walk(v, child, depth + 1)
                return out
            if isinstance(n, yaml.SequenceNode):
                return [walk(v, f"{key}[{i}]", depth + 1) for i, v in enumerate(n.value)]
            return loader.construct_object(n)

        return walk(node, "", 0), lines
    except _Problem as p:
        raise BuildError([Diagnostic(path, p.line + first_line, p.key, p.message, "yaml")]) from p
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        message = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        if "maximum nesting depth" in message:  # libyaml ≥ 0.2.5 stops at its own limit first
            message = f"nested deeper than {MAX_DEPTH} levels"
            raise BuildError([Diagnostic(path, line, "", message, "yaml")]) from exc
        raise BuildError(
            [Diagnostic(path, line, "", f"malformed YAML: {message}", "yaml")]
        ) from exc
    except RecursionError as exc:
        message = f"nested deeper than {MAX_DEPTH} levels"
        raise BuildError([Diagnostic(path, first_line, "", message, "yaml")]) from exc
    except (yaml.YAMLError, ValueError) as exc:
        raise BuildError(
            [Diagnostic(path, first_line, "", f"malformed YAML: {exc}", "yaml")]
        ) from exc
    finally:
        loader.dispose()


class _Problem(Exception):
    def __init__(self, node: yaml.Node, key: str, message: str, line: int = -1) -> None:
        self.line = node.start_mark.line if line < 0 else line
        self.key, self.message = key, message


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def read_case(path: Path, display: str) -> RawCase:
    """One case file → RawCase, or BuildError naming the file and line."""
    if not path.is_file():
        raise BuildError([Diagnostic(display, 0, "", "not a regular file", "not-file")])
    text = decode(display, path.read_bytes())
    front, body, body_line = split_front_matter(display, text)
    columns: dict[str, int] = {}
    data, lines = parse_yaml(display, front, first_line=2, columns=columns)
    if not isinstance(data, dict):
        raise BuildError(
            [Diagnostic(display, 2, "", "front matter must be a mapping of fields", "yaml")]
        )
    return RawCase(display, data, lines, body, body_line, columns)
