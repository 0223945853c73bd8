"""Conversion review: every place where conversion chose among several characters, and what
decided it (inline markup, a glossary rule, or OpenCC's dictionary), so an editor can confirm
the choice or add a rule."""

from __future__ import annotations

import html
import json
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import asdict, dataclass
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
    plain: Plain | None = None  # made when the first choice needs it
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
            plain = plain or Plain.of(output)
            found.append(
                Choice(
                    case_id,
                    field,
                    char,
                    out[i] if aligned else out,
                    table[char],
                    plain.context(pos),
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


def unreviewed_report(choices: list[Choice], paths: Mapping[str, str], fmt: str) -> str:
    """What `check --conversion --unreviewed` prints: each dictionary choice nobody confirmed,
    in context, with the line that confirms it (`fmt` "json": a list of them)."""
    open_ = sorted((c for c in choices if not c.reviewed), key=lambda c: (c.case_id, c.field))
    if fmt == "json":
        found = [asdict(c) | {"line": confirmation_line(c)} for c in open_]
        return json.dumps(found, ensure_ascii=False, indent=2)
    lines = []
    for c in open_:
        shown = f"{c.source}→{c.chosen} [{' '.join(c.candidates)}] {c.context}"
        lines += [f"{paths[c.case_id]}: {c.field}: {shown}", confirmation_line(c)]
    lines.append(
        f"{len(open_)} unreviewed of {len(choices)} choices. Where a choice is right, add its "
        "line under `words: [` in conversion-review.yaml; where it is wrong, add a rule to "
        "glossary.yaml."
    )
    return "\n".join(lines)


def confirmation_line(choice: Choice) -> str:
    """The line that confirms an unreviewed choice, to paste under `words: [` in
    conversion-review.yaml: the chosen character with its neighbouring letters or digits in the
    context (四點【發】力促 → `  點發力,`)."""
    before, rest = choice.context.split("【", 1)
    chosen, after = rest.split("】", 1)
    word = before[-1:] if before[-1:].isalnum() else ""
    word += chosen + (after[:1] if after[:1].isalnum() else "")
    return f"  {word},"


# What the plain text of a field leaves out: tags (a block's start or end becomes a break),
# character references (they become the character) and whitespace.
_MARKUP = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);|\s+"
)
_BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre"}
    | {"table", "tr", "th", "td", "hr", "br"}
)
_BREAK = "\n"  # never in the plain text otherwise: whitespace is left out


@dataclass(frozen=True)
class Plain:
    """A field's text as the reader reads it (the body's HTML without markup), with a break
    where a heading, paragraph, list item or cell ends, so that no context runs across one."""

    output: str  # the field as converted (HTML for the body)
    text: str
    runs: list[tuple[int, int, int]]  # each run of text copied: its start and end in `output`,
    # its start in `text`

    @classmethod
    def of(cls, output: str) -> Plain:
        parts: list[str] = []
        runs: list[tuple[int, int, int]] = []
        at = size = 0
        for m in [*_MARKUP.finditer(output), None]:
            end = m.start() if m is not None else len(output)
            if end > at:
                runs.append((at, end, size))
                parts.append(output[at:end])
                size += end - at
            if m is None:
                break
            if m.group(2):
                shown = _BREAK if m.group(2).lower() in _BLOCKS else ""
            else:
                shown = html.unescape(m.group(0)) if m.group(0)[0] == "&" else ""
            parts.append(shown)
            size += len(shown)
            at = m.end()
        return cls(output, "".join(parts), runs)

    def context(self, pos: int) -> str:
        """Up to CONTEXT characters either side of the output's character at `pos`, within its
        block, the character in 【】."""
        i = bisect_right(self.runs, (pos, len(self.output) + 1)) - 1
        if i < 0 or pos >= self.runs[i][1]:  # in a tag: a link's title, between its quotes
            start = self.output.rfind('"', 0, pos) + 1
            stop = self.output.find('"', pos + 1)
            return self._cut(self.output, pos, start, stop if stop >= 0 else len(self.output))
        at = self.runs[i][2] + pos - self.runs[i][0]
        stop = self.text.find(_BREAK, at + 1)
        start = self.text.rfind(_BREAK, 0, at) + 1
        return self._cut(self.text, at, start, stop if stop >= 0 else len(self.text))

    @staticmethod
    def _cut(text: str, at: int, start: int, stop: int) -> str:
        before = text[max(start, at - CONTEXT) : at]
        return f"{before}【{text[at : at + 1]}】{text[at + 1 : min(stop, at + 1 + CONTEXT)]}"
