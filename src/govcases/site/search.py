"""Full-text search: a static index written by govcases and read in the browser by search.js.

Matching is exact. Text and query are folded character by character (`zh.fold`: Traditional
and Simplified forms of a character alike, Latin in lower case), then split into tokens: a
run of ASCII letters and digits is one token (a word: `depa`, `12345`, `3a`), every other
character that is not a space is a token of its own (Chinese characters, punctuation). A query
part matches where its token sequence occurs in one text segment (a title, a paragraph, a
list item, a term name…), spaces between tokens ignored. So 網格 and 网格 match the same
places, 网格 does not match 互联网 + 格局, and DEPA does not match inside DEPARTMENT.

The index holds, for every case, its folded tokens:

- `1/`: single tokens → per case and field, how often the token occurs;
- `2/`: pairs of adjacent tokens → the same;
- `p/`: pairs of adjacent tokens → per case, the positions where the pair starts.

A part of one or two tokens is answered by one key of `1/` or `2/`; a longer part by the
pairs covering it (at offsets 0, 2, 4, … and the last pair) in `p/`, whose positions must
line up: an exact check, never a guess from shared characters. Each family is split into
shards by the CRC-32 of the key (the browser fetches only the shards holding its keys).
`meta.json` holds what every query needs (shard counts, token count per case for the score),
`filters.json` the filter values per case, `fold.json` the fold table, and
`text/<script>/<n>.json` the indexed text of case number n in one script, from which the
browser cuts snippets in the reader's script. docs/search.md describes format and score.

Every file is written with sorted keys and fixed separators, so the same input gives the
same bytes.
"""

from __future__ import annotations

import html
import json
import multiprocessing
import re
import shutil
import tempfile
import zlib
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import chain
from operator import add, sub
from pathlib import Path
from typing import Any

from govcases.content.taxonomy import Taxonomy
from govcases.model import SCRIPTS, Document, OutputFile, Script
from govcases.state.cache import digest
from govcases.zh.conversion import Converter, fold, fold_table

FORMAT = 1  # bump when the files change shape; search.js checks it
ROOT = "search/"
FIELDS = ("title", "place", "terms", "summary", "body", "metrics", "sources")
WEIGHTS = (5.0, 3.0, 3.0, 2.0, 1.0, 1.5, 1.5)  # per field, in the order of FIELDS
K1, B = 1.2, 0.75  # BM25 saturation and length normalisation
SHARD_INTS = 6000  # target numbers per shard; the shard count is the next power of two
MAX_SHARDS = 4096
# Where each field's token positions start (see Postings); a field longer than its range is
# indexed up to the segment that would overflow it.
FIELD_START = (0, 500, 1000, 2000, 5000, 1_000_000, 1_100_000)
FIELD_END = (*FIELD_START[1:], 2_000_000)

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


# ---- postings ---------------------------------------------------------------------------------


class Postings:
    """The index being built, case by case in case order (`add`).

    `one[key]` (single tokens) and `two[key]` (pairs): records [case, tf*8+field], one per
    field the key occurs in (`gaps` turns the case numbers into gaps before writing).
    `pos[key]` (pairs): one record per case, [gap, n, first position, gaps to the next n-1
    positions]. A gap is the difference to the case number of the key's previous record (the
    first counts from 0). Positions are numbered per case: field f starts at FIELD_START[f],
    each segment one after the previous one ends, so no two adjacent pairs straddle two
    segments. Arrays of C ints keep the postings of 10,000 cases in about 200 MiB.
    """

    def __init__(self) -> None:
        self.one: dict[str, array[int]] = {}
        self.two: dict[str, array[int]] = {}
        self.pos: dict[str, array[int]] = {}
        self.lengths: list[int] = []
        self._last: dict[str, int] = {}  # key → number of the last case in pos[key]

    def add(self, texts: dict[Script, Fields]) -> None:
        """Index the next case from its text in both scripts: each field as folded from the
        Simplified text, plus any segment whose Traditional text folds differently (a
        glossary form, explicit markup), so that either script's wording is found."""
        n = len(self.lengths)
        last_pos = self._last
        keys: list[str] = []
        where: list[int] = []
        length = 0
        for f in range(len(FIELDS)):
            segments = [fold(s) for s in texts["hans"][f]]
            seen = set(segments)
            segments += [s for s in map(fold, texts["hant"][f]) if s not in seen]
            singles: Counter[str] = Counter()
            start = len(keys)
            p, end = FIELD_START[f], FIELD_END[f]
            for segment in segments:
                toks = _marked(segment)
                m = len(toks)
                if p + m > end:  # beyond what the field's position range holds
                    break
                singles.update(toks if isinstance(toks, str) else tokenize(segment))
                if m > 1:
                    keys += map(add, toks[:-1], toks[1:])
                    where += range(p, p + m - 1)
                p += m + 1
            length += p - FIELD_START[f]
            for counts, into in ((singles, self.one), (Counter(keys[start:]), self.two)):
                for key, c in counts.items():  # case numbers become gaps in `gaps`
                    out = into.get(key)
                    if out is None:
                        into[key] = array("i", (n, c * 8 + f))
                    else:
                        out.extend((n, c * 8 + f))
        grouped: dict[str, list[int]] = {}
        for key, at in zip(keys, where, strict=True):
            found = grouped.get(key)
            if found is None:
                grouped[key] = [at]
            else:
                found.append(at)
        pos = self.pos
        for key, found in grouped.items():
            gap = n - last_pos.get(key, 0)
            last_pos[key] = n
            out = pos.get(key)
            if out is None:
                pos[key] = out = array("i")
            out.extend((gap, len(found), found[0]))
            if len(found) > 1:
                out.extend(map(sub, found[1:], found[:-1]))
        self.lengths.append(length)


DRAFT_MARK = "草稿"  # shown before a draft's place in its result (the same in both scripts)


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
            docs[i].case.draft,
        )
        for i in sorted(docs)
    ]


def search_key(cases: Sequence[SearchCase]) -> str:
    """Fingerprint of everything the index files are made of."""
    table = sorted(fold_table().items())
    rows = [
        (c.id, c.year, c.province, c.mechanisms, c.outcomes, c.texts) + (("draft",) * c.draft)
        for c in cases
    ]
    return digest(FORMAT, table, rows)


def _json(data: Any) -> bytes:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").encode("utf-8")


def gaps(records: array[int]) -> array[int]:
    """Records [case, value, case, value…] → [gap, value, gap, value…] (in place)."""
    cases = records[0::2]
    records[0::2] = array("i", map(sub, cases, chain((0,), cases)))
    return records


def _shards(family: str, merged: dict[str, array[int]]) -> tuple[int, Iterator[OutputFile]]:
    """The shard count of a family, and its shard files (made one by one, each key's postings
    dropped once written, so that a family is never held twice)."""
    total = sum(map(len, merged.values())) + 2 * len(merged)
    count = 1
    while count * SHARD_INTS < total and count < MAX_SHARDS:
        count *= 2
    parts: list[list[str]] = [[] for _ in range(count)]
    for key in merged:
        parts[shard_of(key, count)].append(key)

    def files() -> Iterator[OutputFile]:
        for n, keys in enumerate(parts):
            yield OutputFile(
                f"{ROOT}{family}/{n}.json", _json({k: merged.pop(k).tolist() for k in keys})
            )

    return count, files()


PROCESS_MIN = 300  # cases from which the index is built in a process of its own
BATCH = 256  # files handed to the build at a time


def build_index(
    cases: Sequence[SearchCase], mechanisms: Sequence[str], outcomes: Sequence[str]
) -> Iterator[list[OutputFile]]:
    """`index_files`, in batches. For a large site it runs in a process of its own, so that
    indexing goes on beside the rendering instead of taking turns with it for the interpreter
    lock (a spawned process: the build has threads running, which a forked child must not
    inherit); that process writes the files to a temporary folder, which the batches read
    back and then remove."""
    if len(cases) < PROCESS_MIN:
        return iter([index_files(cases, mechanisms, outcomes)])
    scratch = Path(tempfile.mkdtemp(prefix="govcases-search-"))
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            pool.submit(write_index, scratch, cases, mechanisms, outcomes).result()
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return _read_back(scratch)


def write_index(
    folder: Path, cases: Sequence[SearchCase], mechanisms: Sequence[str], outcomes: Sequence[str]
) -> None:
    """The files of `index_files`, written below `folder` as they are made."""
    made: set[Path] = set()
    for f in index_parts(cases, mechanisms, outcomes):
        path = folder / f.path
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(f.content)


def _read_back(folder: Path) -> Iterator[list[OutputFile]]:
    try:
        paths = sorted(p for p in folder.rglob("*") if p.is_file())
        for i in range(0, len(paths), BATCH):
            yield [
                OutputFile(p.relative_to(folder).as_posix(), p.read_bytes())
                for p in paths[i : i + BATCH]
            ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def search_files(
    cases: Sequence[SearchCase], mechanisms: Sequence[str], outcomes: Sequence[str]
) -> list[OutputFile]:
    """Every file of the search index: `index_files` and `text_files`."""
    return index_files(cases, mechanisms, outcomes) + text_files(cases)


def text_files(cases: Sequence[SearchCase]) -> list[OutputFile]:
    """`text/<script>/<n>.json`: the indexed text of case number n, for results."""
    return [
        OutputFile(
            f"{ROOT}text/{s}/{n}.json",
            _json(
                {"id": c.id, "year": c.year, "fields": c.texts[s], "mechanisms": len(c.mechanisms)}
                | ({"draft": DRAFT_MARK} if c.draft else {})
            ),
        )
        for n, c in enumerate(cases)
        for s in SCRIPTS
    ]


def index_files(
    cases: Sequence[SearchCase], mechanisms: Sequence[str], outcomes: Sequence[str]
) -> list[OutputFile]:
    """meta.json, filters.json, fold.json and the shards. `cases` in id order; `mechanisms`
    and `outcomes` are the taxonomy's term ids (filters.json refers to them by index)."""
    return list(index_parts(cases, mechanisms, outcomes))


def index_parts(
    cases: Sequence[SearchCase], mechanisms: Sequence[str], outcomes: Sequence[str]
) -> Iterator[OutputFile]:
    """The files of `index_files`, one at a time."""
    index = Postings()
    for c in cases:
        index.add(c.texts)
    shards = {}
    for merged in (index.one, index.two):
        for records in merged.values():
            gaps(records)
    for family, merged in (("1", index.one), ("2", index.two), ("p", index.pos)):
        shards[family], out = _shards(family, merged)
        yield from out
    provinces = sorted({c.province for c in cases})
    mechanisms, outcomes = list(mechanisms), list(outcomes)
    lengths = index.lengths
    meta = {  # what every query needs
        "format": FORMAT,
        "cases": len(cases),
        "fields": list(FIELDS),
        "weights": list(WEIGHTS),
        "k1": K1,
        "b": B,
        "shards": shards,
        "start": list(FIELD_START),
        "length": lengths,
        "avglength": round(sum(lengths) / max(len(lengths), 1), 2),
    }
    filters = {  # what filtering needs, per case number
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
    yield OutputFile(f"{ROOT}meta.json", _json(meta))
    yield OutputFile(f"{ROOT}filters.json", _json(filters))
    yield OutputFile(f"{ROOT}fold.json", _json(fold_file))
