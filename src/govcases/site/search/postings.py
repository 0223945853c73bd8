"""Postings: for every key, where it occurs. One case's are `case_postings`; `Postings`
gathers them case after case into the posting lists of the index files.

Three families of keys:

- `1`: single tokens → per case and field, how often the token occurs;
- `2`: pairs of adjacent tokens → the same;
- `p`: triples of adjacent tokens → per case, the positions where the triple starts.

Records, as written: in `1` and `2` one `[gap, tf*8+field]` per case and field the key occurs
in; in `p` one `[gap, n, first position, gaps to the next n-1 positions]` per case. A gap is
the difference to the case number of the key's previous record (the first counts from 0; 0
for another field of the same case).

Positions are numbered per case in slots of SLOT: field f starts at FIELD_START[f], and each
segment starts on a slot boundary at least one position after the previous one ends. So a run
of triples never spans two segments, and editing one paragraph moves no other paragraph's
positions: an edit changes only the keys of what was edited.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress, repeat
from operator import add, sub

from govcases.model import Script
from govcases.site.search.text import FIELDS, Fields, marked, tokenize
from govcases.zh.conversion import fold

SLOT = 256
# Slots per field: title 8, place 56, terms 128, summary 64, body 8,192, metrics and sources
# 1,024 each. A field longer than its range is indexed up to the segment that would overflow.
FIELD_START = tuple(SLOT * s for s in (0, 8, 64, 192, 256, 8448, 9472))
FIELD_END = (*FIELD_START[1:], SLOT * 10496)
FAMILIES = ("1", "2", "p")


@dataclass
class CasePostings:
    """One case's keys. `counts[family][key]`: tf*8+field per field the key occurs in, in
    field order (families `1` and `2`); `positions[key]`: where the triple starts, ascending."""

    counts: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    positions: dict[str, list[int]] = field(default_factory=dict)
    length: int = 0  # tokens plus one per segment: the case's length for the score


def segments(texts: dict[Script, Fields], f: int) -> list[str]:
    """Field f folded: the Simplified segments, then every Traditional segment that folds
    differently (a glossary form, explicit markup), so that either script's wording is found."""
    out = [fold(s) for s in texts["hans"][f]]
    seen = set(out)
    return out + [s for s in map(fold, texts["hant"][f]) if s not in seen]


def case_postings(texts: dict[Script, Fields]) -> CasePostings:
    """The keys of one case: the index of that case alone, read back."""
    one = Postings()
    one.add(texts)
    counts = {f: {k: r[1::2].tolist() for k, r in one.lists[f].items()} for f in ("1", "2")}
    positions = {k: list(accumulate(r[2:])) for k, r in one.lists["p"].items()}
    return CasePostings(counts, positions, one.lengths[0])


def count_records(n: int, values: list[int]) -> list[int]:
    """Records of case n for one key of family `1` or `2`, case numbers not yet gaps."""
    if len(values) == 1:
        return [n, values[0]]
    return [x for v in values for x in (n, v)]


def _ints() -> array[int]:
    return array("i")


def _extend(
    lists: dict[str, array[int]], keys: Iterable[str], records: Iterable[tuple[int, ...]]
) -> None:
    """Append one record to the list of each key (created if new), looping in C: a case adds
    thousands of records, and a loop in Python over them was most of the indexing time."""
    deque(map(array.extend, map(lists.__getitem__, keys), records), maxlen=0)


class Postings:
    """The posting lists of the whole index, built by `add`ing every case in case order.

    Arrays of C ints keep them compact; the families can be built in separate passes
    (`counts`, `positions`) so that only one is held at a time."""

    def __init__(self, counts: bool = True, positions: bool = True) -> None:
        self.counts, self.positions = counts, positions
        self.lists: dict[str, dict[str, array[int]]] = {f: defaultdict(_ints) for f in FAMILIES}
        self.lengths: list[int] = []
        self._last: dict[str, int] = {}  # key → number of the last case in the `p` list

    def add(self, texts: dict[Script, Fields]) -> None:
        """Case number len(lengths): its count records field by field (so a key's records
        within the case are in field order), then its triples."""
        n = len(self.lengths)
        length = 0
        triples: list[str] = []
        starts: list[int] = []
        for f in range(len(FIELDS)):
            singles: Counter[str] = Counter()
            pairs: Counter[str] = Counter()
            p, end = FIELD_START[f], FIELD_END[f]
            for segment in segments(texts, f):
                toks = marked(segment)
                m = len(toks)
                if p + m > end:  # beyond what the field's position range holds
                    break
                length += m + 1
                if self.counts:
                    singles.update(toks if isinstance(toks, str) else tokenize(segment))
                    if m > 1:
                        pairs.update(map(add, toks[:-1], toks[1:]))
                if self.positions and m > 2:
                    triples.extend(map(add, map(add, toks[:-2], toks[1:-1]), toks[2:]))
                    starts.extend(range(p, p + m - 2))
                p += (m // SLOT + 1) * SLOT
            for counter, family in ((singles, "1"), (pairs, "2")):
                if counter:
                    tfs = map(f.__add__, map((8).__mul__, counter.values()))
                    _extend(self.lists[family], counter, zip(repeat(n), tfs))
        if triples:
            self._add_triples(n, triples, starts)
        self.lengths.append(length)

    def _add_triples(self, n: int, triples: list[str], starts: list[int]) -> None:
        """Records `[gap, count, first position, gaps…]`: a triple found once in the case (most
        are) in one go, the others one by one."""
        lists, last = self.lists["p"], self._last
        times = Counter(triples)
        repeated: dict[str, list[int]] = {k: [] for k, c in times.items() if c > 1}
        if repeated:
            for key, at in compress(
                zip(triples, starts, strict=True), map(repeated.__contains__, triples)
            ):
                repeated[key].append(at)
            for key, found in repeated.items():
                lists[key].extend((n - last.get(key, 0), len(found), found[0]))
                lists[key].extend(map(sub, found[1:], found[:-1]))
        once = [k for k, c in times.items() if c == 1]
        where = dict(zip(triples, starts, strict=True))
        gaps = map(sub, repeat(n), map(last.get, once, repeat(0)))
        _extend(lists, once, zip(gaps, repeat(1), map(where.__getitem__, once)))
        last.update(zip(times, repeat(n)))

    def finish(self) -> dict[str, dict[str, array[int]]]:
        """The lists as written: case numbers in the count families become gaps."""
        for family in ("1", "2"):
            for records in self.lists[family].values():
                cases = records[0::2]
                records[0::2] = array("i", map(sub, cases, chain((0,), cases)))
        return self.lists
