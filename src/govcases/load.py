"""Find case files, split front matter from body, parse YAML keeping a field → line map.

Every file of a checkout may come from an untrusted pull request, so every reader goes through
`read_regular` (a regular file, no symlink, size checked before reading) and every YAML file
through `load_yaml` (no aliases, bounded depth, no control characters, plain numbers only).
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import BuildError, Diagnostic, RawCase

MAX_FILE_BYTES = 512 * 1024
# libyaml's parser when PyYAML was built with it (much faster), same node graph and marks
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 20
FENCE = "---"
SETTINGS_FILE = "site.yaml"

# C0 controls other than tab and line feed, DEL, C1 controls, line/paragraph separators and
# bidirectional embeddings, overrides and isolates (the "Trojan Source" characters).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ONE_LINE = re.compile("[\t\n]")
# Characters that show nothing: forbidden where text identifies something (ids, titles).
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# How an integer or a decimal number must be written in YAML to be read as one.
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]*|[-+]?\.[0-9]+")
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


def _name(char: str) -> str:
    code = ord(char)
    if code in (0x9, 0xA):
        return f"{'tab' if code == 0x9 else 'line break'} (U+{code:04X})"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return f"bidirectional control character U+{code:04X}"
    if _INVISIBLE.match(char):
        return f"invisible character U+{code:04X}"
    return f"control character U+{code:04X}"


def text_problem(value: str, *, one_line: bool = False, visible: bool = False) -> str:
    """Why `value` is not acceptable text, or "" when it is.

    Control and bidirectional control characters are refused everywhere; tab and line feed
    also in one-line fields (`one_line`); zero-width characters where text identifies
    something (`visible`: ids and titles).
    """
    found = _CONTROL.search(value)
    if found is None and one_line:
        found = _ONE_LINE.search(value)
    if found is None and visible:
        found = _INVISIBLE.search(value)
    if found is None:
        return ""
    where = " in a one-line field" if _ONE_LINE.match(found.group()) else ""
    return f"{_name(found.group())} is not allowed{where}"


def without_controls(text: str) -> str:
    """`text` with control and bidirectional control characters removed (tab, newline kept)."""
    return _CONTROL.sub("", text)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _refused(display: str, message: str, code: str, hint: str = "") -> BuildError:
    return BuildError([Diagnostic(display, 0, "", message, code, hint)])


def _too_large(display: str, size: int, limit: int) -> BuildError:
    return _refused(display, f"file is {size} bytes; the limit is {limit}", "too-large")


def present(path: Path) -> bool:
    """True when something is at `path`, even a dangling symlink (which readers then refuse):
    an optional data file that is a broken link is an error, not a file silently absent."""
    try:
        os.lstat(path)
    except OSError:
        return False
    return True


def read_regular(path: Path, display: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at `path`, or BuildError naming `display`.

    Refuses a symlink (even one leading inside the project), a directory, a named pipe (opened
    without blocking, so nothing waits for a writer), a device, and a file over `limit` bytes
    (its size is checked before anything is read, and no more than `limit` bytes are read).
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise _refused(display, "file not found", "missing-file") from None
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):
            raise _refused(
                display, "is a symbolic link; links are not allowed", "symlink", _NO_LINKS
            ) from None
        raise _refused(display, f"cannot read: {exc.strerror}", "unreadable") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _refused(display, f"{_kind(info.st_mode)}, not a regular file", "not-file")
        if info.st_size > limit:
            raise _too_large(display, info.st_size, limit)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(limit + 1 - size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while being read
            raise _too_large(display, size, limit)
        return b"".join(chunks)
    except OSError as exc:
        raise _refused(display, f"cannot read: {exc.strerror}", "unreadable") from None
    finally:
        os.close(fd)


_NO_LINKS = "commit the file itself; symbolic links are refused so a build reads only the project"


def find_case_files(cases_dir: Path, root: Path | None = None) -> list[Path]:
    """Case files in name order. Every entry must be a regular file: a symlink (wherever it
    leads), a directory or a named pipe called `*.md` is an error listing them all (named
    relative to `root`, by default the folder containing the cases folder)."""
    files: list[Path] = []
    problems: list[Diagnostic] = []
    folder = cases_dir.resolve()
    base = root if root is not None else cases_dir.parent
    for path in sorted(cases_dir.glob("*.md")):
        shown = os.path.relpath(path, base)
        try:
            info = os.lstat(path)
        except OSError as exc:
            problems.append(Diagnostic(shown, 0, "", f"cannot read: {exc.strerror}", "unreadable"))
            continue
        if stat.S_ISLNK(info.st_mode):
            try:
                outside = not path.resolve().is_relative_to(folder)
            except (OSError, RuntimeError):  # a symlink loop
                outside = False
            message = (
                "symlink leads outside the cases folder"
                if outside
                else "is a symbolic link; links are not allowed"
            )
            problems.append(Diagnostic(shown, 0, "", message, "symlink", _NO_LINKS))
        elif not stat.S_ISREG(info.st_mode):
            problems.append(
                Diagnostic(shown, 0, "", f"{_kind(info.st_mode)}, not a regular file", "not-file")
            )
        else:
            files.append(path)
    if problems:
        raise BuildError(problems)
    return files


def decode(path: str, raw: bytes, limit: int = MAX_FILE_BYTES) -> str:
    """UTF-8 (with or without BOM, any newline style) or a clear error naming the encoding."""
    if len(raw) > limit:
        raise _too_large(path, len(raw), limit)
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


def read_text(path: Path, display: str, limit: int = MAX_FILE_BYTES) -> str:
    """`read_regular` + `decode`: the text of a regular UTF-8 file of at most `limit` bytes."""
    return decode(display, read_regular(path, display, limit), limit)


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
        raise BuildError(
            [Diagnostic(path, first_line, "", f"malformed YAML: {exc}", "yaml")]
        ) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, lines
        seen: set[int] = set()

        def walk(n: yaml.Node, key: str, depth: int, at: yaml.Node) -> Any:
            if depth > MAX_DEPTH:
                raise _Problem(n, key, f"nested deeper than {MAX_DEPTH} levels")
            if id(n) in seen:  # report where the alias is used, not where the anchor is
                raise _Problem(at, key, "YAML aliases (*name) are not allowed")
            seen.add(id(n))
            lines.setdefault(key, n.start_mark.line + first_line)
            cols.setdefault(key, n.start_mark.column + 1)
            if isinstance(n, yaml.MappingNode):
                out: dict[Any, Any] = {}
                for k, v in n.value:
                    name = _scalar(loader, k, key) if isinstance(k, yaml.ScalarNode) else None
                    if not isinstance(name, str):
                        raise _Problem(k, key, "keys must be text")
                    if name in out:
                        raise _Problem(k, _join(key, name), "duplicate key")
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
        message = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        if "maximum nesting depth" in message:  # libyaml ≥ 0.2.5 stops at its own limit first
            message = f"nested deeper than {MAX_DEPTH} levels"
            raise BuildError([Diagnostic(path, line, "", message, "yaml", column=column)]) from None
        raise BuildError(
            [Diagnostic(path, line, "", f"malformed YAML: {message}", "yaml", column=column)]
        ) from None
    except RecursionError:
        message = f"nested deeper than {MAX_DEPTH} levels"
        raise BuildError([Diagnostic(path, first_line, "", message, "yaml")]) from None
    except (yaml.YAMLError, ValueError) as exc:
        raise BuildError(
            [Diagnostic(path, first_line, "", f"malformed YAML: {exc}", "yaml")]
        ) from None
    finally:
        loader.dispose()


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
        raise _Problem(n, key, f"cannot read this value: {exc}") from None
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
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
                f"'{text[:40]}' is not a number in plain digits",
                "number",
                'write figures as printed, e.g. 53, 91.70 or "91.70"; quote text',
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
    message = text_problem(char) or f"character U+{ord(char):04X} is not allowed"
    return BuildError([Diagnostic(path, line, "", message, "control", column=column)])


class _Problem(Exception):
    def __init__(
        self, node: yaml.Node, key: str, message: str, code: str = "yaml", hint: str = ""
    ) -> None:
        self.line = node.start_mark.line
        self.column = node.start_mark.column + 1
        self.key, self.message, self.code, self.hint = key, message, code, hint


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def scan_text(
    path: str, text: str, first_line: int, field: str, *, bidi_only: bool
) -> list[Diagnostic]:
    """Control characters (or, with `bidi_only`, bidirectional controls only) in free text
    such as a Markdown body or YAML comments, each at its line and column (at most 20)."""
    pattern = _BIDI if bidi_only else _CONTROL
    out = []
    for found in pattern.finditer(text):
        before = text[: found.start()]
        line = before.count("\n") + first_line
        column = found.start() - (before.rfind("\n") + 1) + 1
        message = f"{_name(found.group())} is not allowed"
        out.append(Diagnostic(path, line, field, message, "control", column=column))
        if len(out) == 20:
            break
    return out


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
                    "expected a mapping of names to values",
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
                    "expected a list",
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


def within(root: Path, value: str) -> bool:
    """True when the path `value` (relative to root, or absolute) resolves inside root,
    following every symlink on the way."""
    try:
        return (root / value).resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte
        return False


def read_case(path: Path, display: str) -> RawCase:
    """One case file → RawCase, or BuildError naming the file and line."""
    text = read_text(path, display)
    front, body, body_line = split_front_matter(display, text)
    columns: dict[str, int] = {}
    data, lines = parse_yaml(display, front, first_line=2, columns=columns)
    if not isinstance(data, dict):
        raise BuildError(
            [Diagnostic(display, 2, "", "front matter must be a mapping of fields", "yaml")]
        )
    problems = scan_text(display, front, 2, "", bidi_only=True)
    problems += scan_text(display, body, body_line, "body", bidi_only=False)
    if problems:
        raise BuildError(problems)
    return RawCase(display, data, lines, body, body_line, columns)


def os_path(root: Path, name: str) -> Path:
    """root/name made absolute with '..' removed and every component but the last resolved:
    a reader then refuses a symlink in the last place (O_NOFOLLOW) instead of following it."""
    full = Path(os.path.abspath(root / name))
    return full.parent.resolve() / full.name if full.name else full.resolve()
