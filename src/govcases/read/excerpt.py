"""The line of an input file a diagnostic points at, with a caret under its column, as rustc
and Hugo show them:

    error: cases/a.md:5:9: added: 应为 YYYY-MM-DD …
      5 | added: 2026/12/01
        |        ^

Columns count characters; the caret is placed by display width (a Chinese character or
full-width mark takes two cells), and control characters are shown as escapes, so the line
can neither move the caret nor reach the terminal as a control sequence.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

from govcases.messages import Language, msg, render
from govcases.model import BuildError, Diagnostic
from govcases.read.files import read_regular

LIMIT = 4 * 1024 * 1024  # an excerpt is not worth reading a bigger file for
WIDTH = 120  # characters of a line shown at most


def shown(text: str) -> str:
    """Text for one line of a terminal or CI log: control characters (a file name or a value
    can carry an escape sequence or a line break) are shown as escapes."""
    return "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in text)


def cells(text: str) -> int:
    """Terminal cells `text` takes: two for wide and full-width characters, none for
    combining marks, one otherwise."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


class Excerpts:
    """Source lines for diagnostics, each file read once (through `read_regular`: no links,
    bounded size); a file that cannot be read gives no excerpt."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lines: dict[str, list[str] | None] = {}

    def _file(self, name: str) -> list[str] | None:
        if name not in self._lines:
            try:
                raw = read_regular(self.root / name, name, LIMIT)
                self._lines[name] = raw.decode("utf-8", "replace").split("\n")
            except (BuildError, OSError, ValueError):
                self._lines[name] = None
        return self._lines[name]

    def text(self, name: str) -> str:
        """The text of a file a diagnostic names ("" when it cannot be read)."""
        if Path(name).is_absolute() or ".." in Path(name).parts:
            return ""
        return "\n".join(self._file(name) or [])

    def of(self, d: Diagnostic) -> list[str]:
        """The numbered line and, when the column is known, the caret line; [] when the
        diagnostic names no line of a readable file inside the project."""
        if d.line < 1 or Path(d.path).is_absolute() or ".." in Path(d.path).parts:
            return []
        lines = self._file(d.path)
        if lines is None or d.line > len(lines):
            return []
        text = lines[d.line - 1].rstrip("\r").replace("\t", " ")
        column = d.column
        if len(text) > WIDTH:  # a long line (minified, hostile): the part around the column
            start = max(0, min(column - 1 - WIDTH // 3, len(text) - WIDTH))
            text = ("…" if start else "") + text[start : start + WIDTH] + "…"
            column = column - start + (1 if start else 0)
        number = str(d.line)
        out = [f"  {number} | {shown(text)}"]
        if 0 < column <= len(text) + 1:
            pad = cells(shown(text[: column - 1]))
            out.append(f"  {' ' * len(number)} | {' ' * pad}^")
        return out

    def report(
        self,
        diagnostics: list[Diagnostic],
        language_of: Callable[[Diagnostic], Language],
        to_hant: Callable[[str], str],
    ) -> list[str]:
        """The lines `check` and `build` print: each problem in its file's language with its
        excerpt, then how many there are (in Traditional only when every file is)."""
        out, languages = [], set()
        for d in diagnostics:
            language = language_of(d)
            languages.add(language)
            out.append(shown(render(msg("error"), language, to_hant) + d.render(language, to_hant)))
            out += self.of(d)
        overall = languages.pop() if len(languages) == 1 else "hans"
        out.append(render(msg("summary", count=len(diagnostics)), overall, to_hant))
        return out
