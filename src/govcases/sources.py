"""Source documents cited by `document:`, normalized for checking that figures occur in them."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

from .cache import Cache, digest
from .normalize import strip_pinyin_notes


class SourceLibrary:
    """Reads each document once; text is NFC, free of pinyin notes, folded to Simplified."""

    def __init__(
        self, folder: Path | None, fold: Callable[[str], str], store: Cache, salt: str = ""
    ) -> None:
        self.folder = folder if folder is not None and folder.is_dir() else None
        self._fold = fold
        self._store = store  # folded text by content hash: unchanged documents are not converted
        self._salt = salt  # identifies the conversion settings that fold depends on
        self.text = cache(self._read)

    @property
    def available(self) -> bool:
        return self.folder is not None

    def _read(self, name: str) -> str | None:
        assert self.folder is not None
        path = self.folder / name
        if "/" in name or not path.is_file():
            return None
        raw = path.read_bytes()
        key = digest("source-document", hashlib.sha256(raw).hexdigest(), self._salt)
        hit = self._store.get(key)
        if isinstance(hit, str):
            return hit
        text = unicodedata.normalize("NFC", raw.decode("utf-8", errors="replace"))
        text = self._fold(strip_pinyin_notes(text))
        text = re.sub(r"(?<=\d),(?=\d{3})", "", text)  # 1,000 → 1000
        self._store.put(key, text)
        return text

    def contains_number(self, name: str, value: str) -> bool:
        text = self.text(name)
        pattern = rf"(?<![\d.]){re.escape(value)}(?!\d)(?!\.\d)"
        return text is not None and re.search(pattern, text) is not None
