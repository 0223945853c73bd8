"""YAML with a field → line map: composed into nodes and walked by govcases itself, so aliases
are refused, nesting is bounded, numbers must be written plainly and control characters are
errors at file:line:column. `load_yaml` is the one loader for YAML data files.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from govcases.messages import Message, msg, shortened
from govcases.model import BuildError, Diagnostic
from govcases.read.files import (
    MAX_FILE_BYTES,
    char_message,
    present,
    read_text,
    scan_text,
    text_message,
)

# libyaml's parser when PyYAML was built with it (much faster), same node graph and marks
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 20
SETTINGS_FILE = "site.yaml"

# How an integer or a decimal number must be written in YAML to be read as one.
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]*|[-+]?\.[0-9]+")
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


def parse_yaml(
    path: str, source: str, first_line: int = 1, columns: dict[str, int] | None = None
) -> tuple[Any, dict[str, int]]:
    """Parse YAML into plain values plus a map "a.b[2].c" → line (and into `columns`, when
    given, the 1-based column of each value).

    Walks the composed node graph itself, so an alias (the "billion laughs" bomb) is an error
    instead of an exponential expansion, and nesting depth is bounded. Text may not contain
    control or bidirectional control characters (tab and line feed aside), also when written
    as escapes ("\\x1b"); numbers must be plain decimal digits (no .nan, .inf, 1.0e+5, 0x1f,
    or leading zeros, which YAML reads as octal).
    """
    lines: dict[str, int] = {}
    cols: dict[str, int] = columns if columns is not None else {}
    try:
        loader = _Loader(source)  # the reader rejects raw control characters right away
    except yaml.reader.ReaderError as exc:
        raise _reader_error(path, source, exc, first_line) from None
    except yaml.YAMLError as exc:
        raise _malformed(path, first_line, exc) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, lines
        seen: set[int] = set()

        def walk(n: yaml.Node, key: str, depth: int, at: yaml.Node) -> Any:
            if depth > MAX_DEPTH:
                raise _Problem(n, key, msg("yaml-depth", most=MAX_DEPTH))
            if id(n) in seen:  # report where the alias is used, not where the anchor is
                raise _Problem(at, key, msg("yaml-alias"))
            seen.add(id(n))
            lines.setdefault(key, n.start_mark.line + first_line)
            cols.setdefault(key, n.start_mark.column + 1)
            if isinstance(n, yaml.MappingNode):
                out: dict[Any, Any] = {}
                for k, v in n.value:
                    name = _scalar(loader, k, key) if isinstance(k, yaml.ScalarNode) else None
                    if not isinstance(name, str):
                        raise _Problem(k, key, msg("yaml-key-text"))
                    if name in out:
                        raise _Problem(k, _join(key, name), msg("yaml-duplicate"))
                    child = _join(key, name)
                    lines[child] = k.start_mark.line + first_line
                    out[name] = walk(v, child, depth + 1, k)
                return out
            if isinstance(n, yaml.SequenceNode):
                return [walk(v, f"{key}[{i}]", depth + 1, n) for i, v in enumerate(n.value)]
            return _scalar(loader, n, key)

        return walk(node, "", 0, node), lines
    except _Problem as p:
        raise BuildError(
            [Diagnostic(path, p.line + first_line, p.key, p.message, p.code, p.hint, p.column)]
        ) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(path, source, exc, first_line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and _at_end(source, mark):
            mark = exc.context_mark  # "[ never closed": where it opened, not where text ended
        line = mark.line + first_line if mark else first_line
        column = mark.column + 1 if mark else 0
        detail = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        message = msg("yaml-syntax", detail=detail)
        if "maximum nesting depth" in detail:  # libyaml ≥ 0.2.5 stops at its own limit first
            message = msg("yaml-depth", most=MAX_DEPTH)
        raise BuildError([Diagnostic(path, line, "", message, "yaml", column=column)]) from None
    except RecursionError:
        message = msg("yaml-depth", most=MAX_DEPTH)
        raise BuildError([Diagnostic(path, first_line, "", message, "yaml", column=1)]) from None
    except (yaml.YAMLError, ValueError) as exc:
        raise _malformed(path, first_line, exc) from None
    finally:
        loader.dispose()


def _malformed(path: str, line: int, exc: Exception) -> BuildError:
    """A YAML error without a position (rare): at the first line of the text."""
    detail = msg("yaml-syntax", detail=str(exc))
    return BuildError([Diagnostic(path, line, "", detail, "yaml", column=1)])


def _at_end(source: str, mark: Any) -> bool:
    """True when a mark is at the end of the text (the parser ran out of input)."""
    if mark is None:
        return False
    last = source.count("\n")
    return bool(
        mark.line > last or (mark.line == last and mark.column >= len(source.rpartition("\n")[2]))
    )


def _scalar(loader: Any, n: yaml.Node, key: str) -> Any:
    """The value of a scalar node, checked: text without control characters, plain numbers."""
    try:
        value = loader.construct_object(n)
    except (ValueError, OverflowError) as exc:  # 2026-02-30, or an integer of 5,000 digits
        if n.tag == _TIMESTAMP:  # no such day: the text as written, for the schema to explain
            value = str(n.value)
        else:
            raise _Problem(n, key, msg("yaml-value", detail=str(exc))) from None
    if isinstance(value, str):
        problem = text_message(value)
        if problem is not None:
            raise _Problem(n, key, problem, "control")
    elif isinstance(value, bool):
        pass
    elif isinstance(value, (int, float)) and n.tag in _NUMBER_TAGS:
        text = str(n.value)
        plain = _PLAIN_INT if isinstance(value, int) else _PLAIN_FLOAT
        if not plain.fullmatch(text) or (isinstance(value, float) and not math.isfinite(value)):
            raise _Problem(
                n,
                key,
                msg("yaml-number", written=shortened(text)),
                "number",
                msg("hint-number"),
            )
    return value


def _reader_error(
    path: str, source: str, exc: yaml.reader.ReaderError, first_line: int
) -> BuildError:
    """A raw control character (or one YAML does not accept) where the reader found it."""
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    # libyaml counts the position in bytes; the first unacceptable character is this one
    found = source.find(char)
    before = source[: found if found >= 0 else max(exc.position, 0)]
    line = before.count("\n") + first_line
    column = len(before) - (before.rfind("\n") + 1) + 1
    message = char_message(char)
    return BuildError([Diagnostic(path, line, "", message, "control", column=column)])


class _Problem(Exception):
    def __init__(
        self,
        node: yaml.Node,
        key: str,
        message: Message,
        code: str = "yaml",
        hint: str | Message = "",
    ) -> None:
        self.line = node.start_mark.line
        self.column = node.start_mark.column + 1
        self.key, self.message, self.code, self.hint = key, message, code, hint


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


@dataclass(frozen=True)
class Parsed:
    """A YAML file read by `load_yaml`: plain values, and the line and column of each field."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    columns: dict[str, int] = field(default_factory=dict)


def load_yaml(
    path: Path, display: str, *, lists: tuple[str, ...] = (), limit: int = MAX_FILE_BYTES
) -> Parsed:
    """The one loader for YAML data files (site.yaml, taxonomy, places, glossary, reports,
    conversion review): `read_regular` + `decode` + `parse_yaml`, then the document must be a
    mapping (an empty file is an empty one) whose keys named in `lists` hold lists when
    present. Errors are BuildErrors at file:line:column, never a traceback."""
    text = read_text(path, display, limit)
    columns: dict[str, int] = {}
    data, lines = parse_yaml(display, text, columns=columns)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BuildError(
            [
                Diagnostic(
                    display,
                    lines.get("", 1),
                    "",
                    msg("yaml-mapping"),
                    "yaml",
                    column=columns.get("", 0),
                )
            ]
        )
    problems = scan_text(display, text, 1, "", bidi_only=True)  # in comments
    for name in lists:
        if name in data and not isinstance(data[name], list):
            problems.append(
                Diagnostic(
                    display,
                    lines.get(name, 1),
                    name,
                    msg("yaml-list"),
                    "shape",
                    column=columns.get(name, 0),
                )
            )
    if problems:
        raise BuildError(problems)
    return Parsed(data, lines, columns)


def load_data_file(path: Path, display: str = "", *, lists: tuple[str, ...] = ()) -> dict[str, Any]:
    """An optional YAML data file as a mapping: {} when nothing is at `path`; a symlink
    (even a dangling one), a non-regular file or malformed YAML is a BuildError."""
    if not present(path):
        return {}
    data: dict[str, Any] = load_yaml(path, display or path.name, lists=lists).data
    return data


def read_settings(root: Path) -> Parsed | None:
    """`site.yaml` under root, or None when there is none (read by config and quick)."""
    path = root / SETTINGS_FILE
    return load_yaml(path, SETTINGS_FILE) if present(path) else None
