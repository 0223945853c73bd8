"""Full-text search: a static index written by govcases and read in the browser by search.js.

Matching is exact. Text and query are folded character by character (`zh.fold`: Traditional
and Simplified forms of a character alike, Latin in lower case), then split into tokens: a
run of ASCII letters and digits is one token (a word: `depa`, `12345`, `3a`), every other
character that is not a space is a token of its own (Chinese characters, punctuation). A query
part matches where its token sequence occurs in one text segment (a title, a paragraph, a
list item, a term name…), spaces between tokens ignored. So 網格 and 网格 match the same
places, 网格 does not match 互联网 + 格局, and DEPA does not match inside DEPARTMENT.

The index holds, for every case, token n-grams of its folded text:

- `1/`: single tokens → per case and field, how often it occurs;
- `2/`: pairs of tokens → the same;
- `3/`: triples of tokens → per case and field, the token positions where they start.

A part of one or two tokens is answered by one key of `1/` or `2/`. A longer part is answered
by triples covering it (at offsets 0, 3, 6, … and the last three tokens), whose positions
must line up: that is an exact check, never a guess from shared characters. Each family is
split into shards by the CRC-32 of the key (the browser fetches only the shards holding its
keys); `meta.json` lists the cases (ids, field lengths, filter values) and the shard counts;
`fold.json` is the fold table; `text/<script>/<id>.json` holds the indexed text of one case
in one script, from which the browser cuts snippets in the reader's script. docs/search.md
describes the format and the score.

Every file is written with sorted keys and fixed separators, so the same input gives the
same bytes. Postings of each case are kept between builds in the same process (the live
server): after an edit only the changed case is tokenized again.
"""

from __future__ import annotations

import html
import json
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import add
from typing import Any

from .cache import digest
from .model import SCRIPTS, Document, OutputFile, Script
from .taxonomy import Taxonomy
from .zh import Converter, fold, fold_table

FORMAT = 1  # bump when the files change shape; search.js checks it
ROOT = "search/"
FIELDS = ("title", "place", "terms", "summary", "body", "metrics", "sources")
WEIGHTS = (5.0, 3.0, 3.0, 2.0, 1.0, 1.5, 1.5)  # per field, in the order of FIELDS
K1, B = 1.2, 0.75  # BM25 saturation and length normalisation
SHARD_INTS = 6000  # target numbers per shard; the shard count is the next power of two

_TOKEN = re.compile(r"[0-9a-z]+|[^ ]")
_WORDY = re.compile(r"[0-9a-z ]")
_WORD_START = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")
_BLOCK = re.compile(
    r"</?(?:p|li|h[1-6]|ul|ol|table|thead|tbody|tr|td|th|blockquote|div)\b[^>]*>|<br\s*/?>"
)
_TAG = re.compile(r"<[^>]+>")

Fields = tuple[tuple[str, ...], ...]  # per field (FIELDS order), its text segments


def tokenize(folded: str) -> list[str]:
    """Tokens of folded text: words ([0-9a-z]+) and single other characters; spaces dropped."""
    return _TOKEN.findall(folded)


def _marked(segment: str) -> Sequence[str]:
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


# ---- what is indexed ------------------------------------------------------------------------


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


# ---- postings of one case -------------------------------------------------------------------


@dataclass(frozen=True)
class Postings:
    """One case's records, per key, one record per field it occurs in: in `one` and `two`
    [0, tf*8+field], in `three` [0, n*8+field, first position, gaps to the next…]. The 0 is
    where the merged list puts the gap to the previous case. `length` is its token count."""

    one: dict[str, list[int]]
    two: dict[str, list[int]]
    three: dict[str, list[int]]
    length: int


def case_postings(texts: dict[Script, Fields]) -> Postings:
    """Postings of a case from its text in both scripts. Each field is indexed as folded
    from the Simplified text; a segment whose Traditional text folds differently (a
    glossary form, explicit markup) is indexed as well, so either script's wording is found."""
    one: dict[str, list[int]] = {}
    two: dict[str, list[int]] = {}
    three: dict[str, list[int]] = {}
    length = 0
    for f in range(len(FIELDS)):
        segments = [fold(s) for s in texts["hans"][f]]
        seen = set(segments)
        segments += [s for s in map(fold, texts["hant"][f]) if s not in seen]
        c1: Counter[str] = Counter()
        c2: Counter[str] = Counter()
        pos: dict[str, list[int]] = {}
        start = 0
        for segment in segments:
            toks = _marked(segment)
            c1.update(tokenize(segment) if not isinstance(toks, str) else toks)
            pairs = list(map(add, toks[:-1], toks[1:]))
            c2.update(pairs)
            for i, key in enumerate(map(add, pairs[:-1], toks[2:]), start):
                found = pos.get(key)
                if found is None:
                    pos[key] = [i]
                else:
                    found.append(i)
            start += len(toks) + 1  # a gap: no triple spans two segments
        length += start
        for counts, into in ((c1, one), (c2, two)):
            for key, n in counts.items():
                into.setdefault(key, []).extend((0, n * 8 + f))
        for key, at in pos.items():
            entry = three.setdefault(key, [])
            entry += (0, len(at) * 8 + f, at[0])
            entry.extend(map(int.__sub__, at[1:], at[:-1]))
    return Postings(one, two, three, length)


_MEMO: dict[str, Postings] = {}  # digest of a case's texts → its postings (same process)


def _postings(texts: dict[Script, Fields]) -> tuple[str, Postings]:
    key = digest(FORMAT, texts)
    hit = _MEMO.get(key)
    return key, hit if hit is not None else case_postings(texts)


# ---- the index files ------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchCase:
    """What the index needs of one case."""

    id: str
    year: int
    province: str
    mechanisms: tuple[str, ...]
    outcomes: tuple[str, ...]
    texts: dict[Script, Fields]


def search_cases(
    docs: dict[str, Document], taxonomy: Taxonomy, conv: Converter
) -> list[SearchCase]:
    """Every case as the index sees it, in id order."""
    return [
        SearchCase(
            i,
            docs[i].case.start,
            docs[i].case.region.province.code,
            docs[i].case.mechanisms,
            docs[i].case.outcomes,
            {s: case_fields(docs[i], taxonomy, conv, s) for s in SCRIPTS},
        )
        for i in sorted(docs)
    ]


def search_key(cases: Sequence[SearchCase]) -> str:
    """Fingerprint of everything the index files are made of."""
    table = sorted(fold_table().items())
    rows = [(c.id, c.year, c.province, c.mechanisms, c.outcomes, c.texts) for c in cases]
    return digest(FORMAT, table, rows)


def _json(data: Any) -> bytes:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").encode("utf-8")


def _shards(family: str, merged: dict[str, list[int]]) -> tuple[int, list[OutputFile]]:
    total = sum(map(len, merged.values())) + 2 * len(merged)
    count = 1
    while count * SHARD_INTS < total and count < 4096:
        count *= 2
    parts: list[dict[str, list[int]]] = [{} for _ in range(count)]
    for key, entries in merged.items():
        parts[shard_of(key, count)][key] = entries
    return count, [OutputFile(f"{ROOT}{family}/{n}.json", _json(p)) for n, p in enumerate(parts)]


def _merge(per_case: Iterable[dict[str, list[int]]]) -> dict[str, list[int]]:
    """Per-case records → per key, every case's records in case order, each record starting
    with the gap to the previous record's case number (0 within a case; the first gap counts
    from case 0)."""
    merged: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    for n, entries in enumerate(per_case):
        for key, entry in entries.items():
            out = merged.get(key)
            if out is None:
                merged[key] = out = entry.copy()
                out[0] = n
            else:
                i = len(out)
                out.extend(entry)
                out[i] = n - last[key]
            last[key] = n
    return merged


def search_files(cases: Sequence[SearchCase], taxonomy: Taxonomy) -> list[OutputFile]:
    """The whole index: meta.json, fold.json, the shards and the per-case texts."""
    global _MEMO
    memo, postings = {}, []
    for c in cases:
        key, p = _postings(c.texts)
        memo[key] = p
        postings.append(p)
    _MEMO = memo
    files: list[OutputFile] = []
    shards = {}
    for family, attr in (("1", "one"), ("2", "two"), ("3", "three")):
        count, out = _shards(family, _merge(getattr(p, attr) for p in postings))
        shards[family] = count
        files += out
    provinces = sorted({c.province for c in cases})
    mechanisms = [t.id for t in taxonomy.mechanisms]
    outcomes = [t.id for t in taxonomy.outcomes]
    lengths = [p.length for p in postings]
    meta = {
        "format": FORMAT,
        "fields": list(FIELDS),
        "weights": list(WEIGHTS),
        "k1": K1,
        "b": B,
        "shards": shards,
        "ids": [c.id for c in cases],
        "length": lengths,
        "avglength": round(sum(lengths) / max(len(lengths), 1), 2),
        "year": [c.year for c in cases],
        "provinces": provinces,
        "province": [provinces.index(c.province) for c in cases],
        "mechanisms": mechanisms,
        "mechanism": [[mechanisms.index(m) for m in c.mechanisms] for c in cases],
        "outcomes": outcomes,
        "outcome": [[outcomes.index(o) for o in c.outcomes] for c in cases],
    }
    table = sorted(fold_table().items())
    fold_file = {"from": "".join(k for k, _ in table), "to": "".join(v for _, v in table)}
    files.append(OutputFile(f"{ROOT}meta.json", _json(meta)))
    files.append(OutputFile(f"{ROOT}fold.json", _json(fold_file)))
    for c in cases:
        for s in SCRIPTS:
            text = {"fields": c.texts[s], "mechanisms": len(c.mechanisms)}
            files.append(OutputFile(f"{ROOT}text/{s}/{c.id}.json", _json(text)))
    return files
