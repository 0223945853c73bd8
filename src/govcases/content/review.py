"""Conversion review: every place where conversion chose among several characters, and what
decided it (inline markup, a glossary rule, or OpenCC's dictionary), so an editor can confirm
the choice or add a rule."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from govcases.content.schema import Name, Strict, load_model
from govcases.model import Choice, Script
from govcases.read.files import present
from govcases.zh.conversion import Piece, ambiguous

CONTEXT = 6


@dataclass(frozen=True)
class Confirmations:
    """Dictionary choices an editor has checked (`conversion-review.yaml`)."""

    chars: dict[str, str]  # source char → output char, right everywhere in this library
    words: frozenset[str]  # output words inside which any dictionary choice is right

    @cached_property  # read for every choice: hundreds of thousands in a large library
    def longest(self) -> int:
        return max(map(len, self.words), default=0)


class ReviewIn(Strict):
    chars: dict[str, Name] | None = None
    words: list[Name] | None = None


def load_confirmations(path: Path) -> Confirmations:
    if not present(path):
        return Confirmations({}, frozenset())
    parsed, _ = load_model(path, ReviewIn)
    return Confirmations(dict(parsed.chars or {}), frozenset(parsed.words or []))


def choices_in(case_id: str, field: str, pieces: list[Piece], target: Script) -> list[Choice]:
    """Every ambiguous character in the converted pieces of one field, and what decided it."""
    table = ambiguous(target)
    output = "".join(out for _, out, _ in pieces)
    found: list[Choice] = []
    at = 0
    for src, out, how in pieces:
        aligned = len(src) == len(out)
        for i, char in enumerate(src):
            if char not in table:
                continue
            pos = at + i if aligned else at
            if how == "opencc":
                decided = "dictionary"
            else:
                decided = "markup" if how == "markup" else f"glossary: {src}→{out}"
            found.append(
                Choice(
                    case_id,
                    field,
                    char,
                    out[i] if aligned else out,
                    table[char],
                    _context(output, pos),
                    decided,
                    "",
                )
            )
        at += len(out)
    return found


def confirm(choice: Choice, confirmed: Confirmations) -> Choice:
    """Mark a dictionary choice confirmed when a confirmed word covers it or its character
    mapping is confirmed everywhere."""
    if choice.decided_by != "dictionary":
        return choice
    if confirmed.chars.get(choice.source) == choice.chosen:
        return choice.confirmed(f"{choice.source}→{choice.chosen}")
    text = choice.context.replace("【", "").replace("】", "")
    pos = choice.context.index("【")
    for size in range(min(len(text), confirmed.longest), 0, -1):  # longest word first
        for start in range(max(0, pos - size + 1), min(pos, len(text) - size) + 1):
            word = text[start : start + size]
            if word in confirmed.words:
                return choice.confirmed(word)
    return choice


def _context(text: str, pos: int) -> str:
    """Plain text around the choice (tags and line breaks removed), the choice in 【】."""
    before = re.sub(r"<[^>]*>|\s+", "", text[max(0, pos - 40) : pos])[-CONTEXT:]
    after = re.sub(r"<[^>]*>|\s+", "", text[pos + 1 : pos + 41])[:CONTEXT]
    return f"{before}【{text[pos : pos + 1]}】{after}"
