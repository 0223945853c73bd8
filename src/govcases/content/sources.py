"""Source documents cited by `document:`, normalized for checking that figures occur in them."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

from govcases.messages import Message, msg
from govcases.model import BuildError
from govcases.read.files import read_regular
from govcases.state.cache import Cache, digest
from govcases.zh.normalize import strip_pinyin_notes

MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
# Every number as contains_number sees it: not preceded by a digit or '.', taken whole.
_NUMBERS = re.compile(r"(?<![\d.])(-?)(\d+(?:\.\d+)*)")


# A number cut by a hard wrap (…服务站112\n2个): the whole counts as printed, beside its parts.
_WRAPPED = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)[ \t]*\r?\n[ \t]*(\d+(?:\.\d+)?)")


def document_text(raw: bytes, fold: Callable[[str], str]) -> str:
    """A document's text as figures are checked against it: NFC, free of pinyin notes, folded
    to Simplified, thousands separators dropped."""
    text = unicodedata.normalize("NFC", raw.decode("utf-8", errors="replace"))
    text = fold(strip_pinyin_notes(text))
    return re.sub(r"(?<=\d),(?=\d{3})", "", text)  # 1,000 → 1000


def printed_numbers(text: str) -> frozenset[str]:
    """Every number of `text` (of `document_text`), taken whole, with its sign if it has one."""
    found: set[str] = set()
    for m in _NUMBERS.finditer(text):
        found.add(m.group(2))
        if m.group(1):
            found.add(m.group(0))
    found.update(m.group(1) + m.group(2) for m in _WRAPPED.finditer(text))
    return frozenset(found)


def plain_name(name: str) -> bool:
    """True for a plain file name: no folder, no '..', no hidden file."""
    return bool(name) and re.fullmatch(r"[\w.-]+", name, re.ASCII) is not None and name[0] != "."


class SourceLibrary:
    """Reads each document once; text is NFC, free of pinyin notes, folded to Simplified.

    A document must be a regular file directly inside the folder (no symlink) of at most
    MAX_DOCUMENT_BYTES; `problem(name)` says why one that could not be read was refused.
    """

    def __init__(
        self, folder: Path | None, fold: Callable[[str], str], store: Cache, salt: str = ""
    ) -> None:
        self.folder = folder if folder is not None and folder.is_dir() else None
        self._fold = fold
        self._store = store  # folded text by content hash: unchanged documents are not converted
        self._salt = salt  # identifies the conversion settings that fold depends on
        self._problems: dict[str, str | Message] = {}
        self.text = cache(self._read)
        self.numbers = cache(self._numbers)

    @property
    def available(self) -> bool:
        return self.folder is not None

    def problem(self, name: str) -> str | Message:
        """Why `name` has no text: "" when it is simply not in the folder."""
        self.text(name)
        return self._problems.get(name, "")

    def raw(self, name: str) -> bytes | None:
        """The document's bytes as they are in the folder (to publish it unchanged), or None
        when it cannot be read: through the same checks as its text."""
        if self.folder is None or self.text(name) is None:
            return None
        return self._bytes(name)

    def _bytes(self, name: str) -> bytes | None:
        assert self.folder is not None
        if not plain_name(name):
            self._problems[name] = msg("document-not-plain")
            return None
        try:
            return read_regular(self.folder / name, name, MAX_DOCUMENT_BYTES)
        except BuildError as exc:
            if exc.diagnostics[0].code != "missing-file":
                self._problems[name] = exc.diagnostics[0].message
            return None

    def _read(self, name: str) -> str | None:
        raw = self._bytes(name)
        if raw is None:
            return None
        key = digest("source-document", hashlib.sha256(raw).hexdigest(), self._salt)
        hit = self._store.get(key)
        if isinstance(hit, str):
            return hit
        text = document_text(raw, self._fold)
        self._store.put(key, text)
        return text

    def _numbers(self, name: str) -> frozenset[str]:
        return printed_numbers(self.text(name) or "")

    def contains_number(self, name: str, value: str) -> bool:
        """True when `value` occurs in the document as a whole number (not inside a longer
        one: 91.7 is not in 191.7 or 91.75), or cut in two by a line break. One pass over
        the document, whatever the number of figures checked against it."""
        return self.text(name) is not None and value in self.numbers(name)
