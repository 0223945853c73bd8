"""Case files: found in the cases folder (regular files only), front matter split from the
body, the front matter parsed with its field → line map, into a RawCase.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from govcases.messages import msg
from govcases.model import BuildError, Diagnostic, RawCase
from govcases.read.files import NO_LINKS, file_kind, read_text, scan_text, unreadable
from govcases.read.yamlfile import parse_yaml

FENCE = "---"


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
            problems.append(Diagnostic(shown, 0, "", unreadable(exc), "unreadable"))
            continue
        if stat.S_ISLNK(info.st_mode):
            try:
                outside = not path.resolve().is_relative_to(folder)
            except (OSError, RuntimeError):  # a symlink loop
                outside = False
            message = msg("symlink-outside" if outside else "symlink")
            problems.append(Diagnostic(shown, 0, "", message, "symlink", NO_LINKS))
        elif not stat.S_ISREG(info.st_mode):
            kind = msg("not-file", kind=file_kind(info.st_mode))
            problems.append(Diagnostic(shown, 0, "", kind, "not-file"))
        else:
            files.append(path)
    if problems:
        raise BuildError(problems)
    return files


def split_front_matter(path: str, text: str) -> tuple[str, str, int]:
    """Return (yaml text, body, 1-based line where the body starts)."""
    if not text.strip():
        raise BuildError([Diagnostic(path, 1, "", msg("file-empty"), "empty")])
    lines = text.split("\n")
    if lines[0].strip() != FENCE:
        raise BuildError(
            [Diagnostic(path, 1, "", msg("no-front-matter"), "front-matter", column=1)]
        )
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip() == FENCE:
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    raise BuildError([Diagnostic(path, 1, "", msg("front-matter-open"), "front-matter", column=1)])


def read_case(path: Path, display: str) -> RawCase:
    """One case file → RawCase, or BuildError naming the file and line when it cannot be
    parsed (unreadable, no front matter, a YAML syntax error). Characters refused in the
    comments or the body are the RawCase's `problems`: validation goes on past them."""
    text = read_text(path, display)
    front, body, body_line = split_front_matter(display, text)
    columns: dict[str, int] = {}
    data, lines = parse_yaml(display, front, first_line=2, columns=columns)
    if not isinstance(data, dict):
        raise BuildError(
            [Diagnostic(display, 2, "", msg("front-matter-mapping"), "yaml", column=1)]
        )
    problems = scan_text(display, front, 2, "", bidi_only=True)
    problems += scan_text(display, body, body_line, "body", bidi_only=False)
    return RawCase(display, data, lines, body, body_line, columns, front, tuple(problems))
