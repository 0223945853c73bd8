"""What the search index reads: each case's text, field by field, and its tokens.

Text is folded character by character (`zh.fold`: Traditional and Simplified forms of a
character alike, Latin in lower case), then split into tokens: a run of ASCII letters and
digits is one token (a word: `depa`, `12345`, `3a`), every other character that is not a
space is a token of its own (Chinese characters, punctuation).
"""

from __future__ import annotations

import html
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from govcases.content.taxonomy import Taxonomy
from govcases.model import SCRIPTS, Document, Script
from govcases.zh.conversion import Converter

FIELDS = ("title", "place", "terms", "summary", "body", "metrics", "sources")

_TOKEN = re.compile(r"[0-9a-z]+|[^ ]")
_WORDY = re.compile(r"[0-9a-z ]")
_WORD_START = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")
_BLOCK = re.compile(
    r"</?(?:p|li|h[1-6]|ul|ol|table|thead|tbody|tr|td|th|blockquote|div)\b[^>]*>|<br\s*/?>"
)
_TAG = re.compile(r"<[^>]+>")

DRAFT_MARK = "草稿"  # shown before a draft's place in its result (the same in both scripts)

Fields = tuple[tuple[str, ...], ...]  # per field (FIELDS order), its text segments


def tokenize(folded: str) -> list[str]:
    """Tokens of folded text: words ([0-9a-z]+) and single other characters; spaces dropped."""
    return _TOKEN.findall(folded)


def marked(segment: str) -> Sequence[str]:
    """Tokens for building n-gram keys: a word is followed by a space, so that the pair of
    words `a`,`bc` and `ab`,`c` give different keys. A segment without words or spaces is its
    own token sequence (fast path: most Chinese text)."""
    if _WORDY.search(segment) is None:
        return segment
    return [t + " " if t[0] in _WORD_START else t for t in _TOKEN.findall(segment)]


def ngram_key(tokens: Sequence[str]) -> str:
    """The index key of a token sequence (as the browser computes it)."""
    if len(tokens) == 1:
        return tokens[0]
    return "".join(t + " " if t[0] in _WORD_START else t for t in tokens)


def shard_of(key: str, shards: int) -> int:
    return zlib.crc32(key.encode("utf-8")) % shards


def body_segments(body_html: str) -> tuple[str, ...]:
    """Paragraphs, list items and headings of a rendered body, as plain text."""
    parts = (html.unescape(_TAG.sub("", p)).strip() for p in _BLOCK.split(body_html))
    return tuple(p for p in parts if p)


def case_fields(doc: Document, taxonomy: Taxonomy, conv: Converter, script: Script) -> Fields:
    """The indexed text of one case as it reads in `script`, field by field. Place and term
    names come from the gazetteer and taxonomy (Simplified) in the reader's script; source
    titles stay as printed, as on the case page. Mechanisms come first in the terms field."""
    c, text = doc.case, doc.text[script]

    def t(s: str) -> str:
        return conv.convert(s, "hans", script)

    place = [text.locality, *(t(d.name) for d in c.region.divisions)]
    if c.region.zone:
        place.append(conv.convert(c.region.zone, c.script, script))
    terms = [t(taxonomy.term("mechanism", m).name) for m in c.mechanisms]
    terms += [t(taxonomy.term("outcome", o).name) for o in c.outcomes]
    fields = (
        [text.title],
        place,
        terms,
        [text.summary],
        list(body_segments(text.body_html)),
        [label for label, _, _ in text.metric_labels],
        [s.title for s in c.sources],
    )
    return tuple(tuple(s for s in f if s.strip()) for f in fields)


@dataclass(frozen=True)
class SearchCase:
    """What the index needs of one case."""

    id: str
    year: int | None  # None: a draft without its start year
    province: str
    mechanisms: tuple[str, ...]
    outcomes: tuple[str, ...]
    texts: dict[Script, Fields]
    draft: bool = False  # serve only; its result is marked DRAFT_MARK
    levels: tuple[str, ...] = ()  # levels of government of its implementing actors


def search_cases(
    docs: dict[str, Document], taxonomy: Taxonomy, conv: Converter
) -> list[SearchCase]:
    """Every case as the index sees it, in id order (the case numbers of the index)."""
    return [
        SearchCase(
            i,
            docs[i].case.start,
            docs[i].case.region.province.code,
            docs[i].case.mechanisms,
            docs[i].case.outcomes,
            {s: case_fields(docs[i], taxonomy, conv, s) for s in SCRIPTS},
            docs[i].case.draft,
            tuple(dict.fromkeys(a.level for a in docs[i].case.actors)),
        )
        for i in sorted(docs)
    ]
