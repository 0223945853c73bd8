"""Source documents cited by `document:`, normalized for checking that figures occur in them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

from .normalize import strip_pinyin_notes


class SourceLibrary:
    """Reads each document once; text is NFC, free of pinyin notes, folded to Simplified."""

    def __init__(self, folder: Path | None, fold: Callable[[str], str]) -> None:
        self.folder = folder if folder is not None and folder.is_dir() else None
        self._fold = fold
        self.text = cache(self._read)

    @property
    def available(self) -> bool:
        return self.folder is not None

    def _read(self, name: str) -> str | None:
        assert self.folder is not None
        path = self.folder / name
        if "/" in name or not path.is_file():
            return None
        text = unicodedata.normalize("NFC", path.read_text("utf-8", errors="replace"))
        text = self._fold(strip_pinyin_notes(text))
        return re.sub(r"(?<=\d),(?=\d{3})", "", text)  # 1,000 → 1000

    def contains_number(self, name: str, value: str) -> bool:
        text = self.text(name)
        pattern = rf"(?<![\d.]){re.escape(value)}(?!\d)(?!\.\d)"
        return text is not None and re.search(pattern, text) is not None
