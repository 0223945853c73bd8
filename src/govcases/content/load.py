"""Case files: found in the cases folder (regular files only), front matter split from the
body, the front matter parsed with its field → line map, into a RawCase.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from govcases.model import BuildError, Diagnostic, RawCase
from govcases.read.files import NO_LINKS, file_kind, read_text, scan_text
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
            problems.append(Diagnostic(shown, 0, "", message, "symlink", NO_LINKS))
        elif not stat.S_ISREG(info.st_mode):
            problems.append(
                Diagnostic(
                    shown, 0, "", f"{file_kind(info.st_mode)}, not a regular file", "not-file"
                )
            )
        else:
            files.append(path)
    if problems:
        raise BuildError(problems)
    return files


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
    return RawCase(display, data, lines, body, body_line, columns, front)
