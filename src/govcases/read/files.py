"""Reading files of the checkout, every one of which may come from an untrusted pull request:
`read_regular` (a regular file, no symlink, size checked before reading), `decode` (UTF-8 or
an error naming the encoding it looks like) and the checks for control, bidirectional and
invisible characters in text.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from govcases.messages import Message, msg, render
from govcases.model import BuildError, Diagnostic

MAX_FILE_BYTES = 512 * 1024
NO_LINKS = msg("hint-links")

# C0 controls other than tab and line feed, DEL, C1 controls, line/paragraph separators and
# bidirectional embeddings, overrides and isolates (the "Trojan Source" characters).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ONE_LINE = re.compile("[\t\n]")
# Characters that show nothing: forbidden where text identifies something (ids, titles).
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def char_message(char: str, one_line: bool = False) -> Message:
    """Why a character is refused: which kind of character it is, with its code point."""
    code = ord(char)
    at = f"U+{code:04X}"
    if code in (0x9, 0xA):
        return msg("char-tab" if code == 0x9 else "char-newline", code=at)
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return msg("char-bidi", code=at)
    if _INVISIBLE.match(char):
        return msg("char-invisible", code=at)
    if _CONTROL.match(char):
        return msg("char-control", code=at)
    return msg("char-other", code=at)


def text_message(value: str, *, one_line: bool = False, visible: bool = False) -> Message | None:
    """Why `value` is not acceptable text, or None when it is.

    Control and bidirectional control characters are refused everywhere; tab and line feed
    also in one-line fields (`one_line`); zero-width characters where text identifies
    something (`visible`: ids and titles).
    """
    found = _CONTROL.search(value)
    if found is None and one_line:
        found = _ONE_LINE.search(value)
    if found is None and visible:
        found = _INVISIBLE.search(value)
    return None if found is None else char_message(found.group())


def text_problem(value: str, *, one_line: bool = False, visible: bool = False) -> str:
    """`text_message` in English, "" when the text is acceptable (for command-line checks)."""
    problem = text_message(value, one_line=one_line, visible=visible)
    return "" if problem is None else render(problem)


def without_controls(text: str) -> str:
    """`text` with control and bidirectional control characters removed (tab, newline kept)."""
    return _CONTROL.sub("", text)


def file_kind(mode: int) -> Message:
    if stat.S_ISDIR(mode):
        return msg("kind-directory")
    if stat.S_ISFIFO(mode):
        return msg("kind-pipe")
    if stat.S_ISSOCK(mode):
        return msg("kind-socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return msg("kind-device")
    return msg("kind-other")


def _refused(display: str, message: Message, code: str, hint: str | Message = "") -> BuildError:
    return BuildError([Diagnostic(display, 0, "", message, code, hint)])


def _too_large(display: str, size: int, limit: int) -> BuildError:
    return _refused(display, msg("too-large", size=size, limit=limit), "too-large")


def unreadable(exc: OSError) -> Message:
    return msg("unreadable", why=exc.strerror or type(exc).__name__)


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
        raise _refused(display, msg("file-missing"), "missing-file") from None
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):
            raise _refused(display, msg("symlink"), "symlink", NO_LINKS) from None
        raise _refused(display, unreadable(exc), "unreadable") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _refused(display, msg("not-file", kind=file_kind(info.st_mode)), "not-file")
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
        raise _refused(display, unreadable(exc), "unreadable") from None
    finally:
        os.close(fd)


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
                    msg("not-utf8-guess", encoding=guess) if guess else msg("not-utf8"),
                    "encoding",
                    msg("hint-utf8"),
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
        return name.upper()
    return ""


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
        message = char_message(found.group())
        out.append(Diagnostic(path, line, field, message, "control", column=column))
        if len(out) == 20:
            break
    return out


def within(root: Path, value: str) -> bool:
    """True when the path `value` (relative to root, or absolute) resolves inside root,
    following every symlink on the way."""
    try:
        return (root / value).resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte
        return False


def os_path(root: Path, name: str) -> Path:
    """root/name made absolute with '..' removed and every component but the last resolved:
    a reader then refuses a symlink in the last place (O_NOFOLLOW) instead of following it."""
    full = Path(os.path.abspath(root / name))
    return full.parent.resolve() / full.name if full.name else full.resolve()
