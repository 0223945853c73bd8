"""Bringing the previous build's index up to date by rewriting only what an edit changed.

`plan_index` compares what the index is made of with the state the previous build saved (one
fingerprint per case, and one for what every case shares: the format, the fold table, the
case ids in order). Nothing changed: the previous files are kept. A few cases changed: their
old text is read back from the previous index (`text/`), their keys are computed before and
after, and only the shards holding a key whose postings differ are rewritten, by splicing the
edited cases' records into the lists read back; meta.json, filters.json and the edited cases'
texts are written again. The result is byte for byte what a build from scratch writes (tested),
because positions are numbered per paragraph (see `postings`), records are kept in case order,
and a family whose shard count would change is built from scratch instead.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import sub
from typing import Literal

from govcases.model import SCRIPTS, OutputFile, Script
from govcases.site.search.files import (
    FORMAT,
    ROOT,
    meta_file,
    shard_count,
    shard_path,
    small_files,
    text_files,
    to_json,
)
from govcases.site.search.postings import FAMILIES, CasePostings, case_postings, count_records
from govcases.site.search.text import Fields, SearchCase, shard_of
from govcases.state.cache import code_version, digest
from govcases.zh.conversion import fold_table

UPDATE_MAX = 64  # changed cases from which the index is built from scratch

Previous = Callable[[str], bytes | None]  # the previous build's file at a path, if verified


@dataclass(frozen=True)
class Plan:
    """What to do with the index. `state` is saved with the site for the next build."""

    mode: Literal["keep", "update", "full"]
    state: str
    changed: tuple[int, ...] = ()  # case numbers to update


def _shared(cases: Sequence[SearchCase]) -> str:
    table = sorted(fold_table().items())
    return digest(FORMAT, code_version(), table, [c.id for c in cases])


def _case(c: SearchCase) -> str:
    fields = (c.id, c.year, c.province, c.mechanisms, c.outcomes, c.texts, c.draft, c.levels)
    return digest(*fields)[:24]


def plan_index(
    previous: str, cases: Sequence[SearchCase], mechanisms: Sequence[str], outcomes: Sequence[str]
) -> Plan:
    """Keep, update or rebuild the index, given the state the previous build saved."""
    shared, terms = _shared(cases), digest(list(mechanisms), list(outcomes))
    each = [_case(c) for c in cases]
    state = json.dumps({"shared": shared, "terms": terms, "cases": each}, separators=(",", ":"))
    try:
        old = json.loads(previous)
        same = old["shared"] == shared and len(old["cases"]) == len(each)
        changed = tuple(n for n, d in enumerate(each) if d != old["cases"][n]) if same else ()
        same_terms = old["terms"] == terms
    except (ValueError, KeyError, TypeError, IndexError):
        return Plan("full", state)
    if not same or len(changed) > UPDATE_MAX:
        return Plan("full", state)
    if not changed and same_terms:
        return Plan("keep", state)
    return Plan("update", state, changed)


def update_index(
    plan: Plan,
    cases: Sequence[SearchCase],
    mechanisms: Sequence[str],
    outcomes: Sequence[str],
    previous: Previous,
) -> list[OutputFile] | None:
    """The files an update rewrites (the rest are the previous build's), or None when the
    index must be built from scratch: a previous file is missing, or a shard count changes."""
    meta_bytes = previous(f"{ROOT}meta.json")
    if meta_bytes is None:
        return None
    meta = json.loads(meta_bytes)
    lengths: list[int] = list(meta["length"])
    sizes: dict[str, int] = dict(meta["sizes"])
    shards: dict[str, int] = dict(meta["shards"])
    before: dict[int, CasePostings] = {}
    after: dict[int, CasePostings] = {}
    for n in plan.changed:
        old = _old_texts(previous, n)
        if old is None:
            return None
        if old != cases[n].texts:
            before[n], after[n] = case_postings(old), case_postings(cases[n].texts)
            lengths[n] = after[n].length
    files: list[OutputFile] = []
    for family in FAMILIES:
        touched = _touched(family, before, after)
        by_shard: dict[int, list[str]] = defaultdict(list)
        for key in touched:
            by_shard[shard_of(key, shards[family])].append(key)
        for shard, keys in sorted(by_shard.items()):
            content = previous(shard_path(family, shard))
            if content is None:
                return None
            lists: dict[str, list[int]] = json.loads(content)
            for key in keys:
                old_list = lists.pop(key, [])
                new_list = _splice(family, key, old_list, touched[key], after)
                if new_list:
                    lists[key] = new_list
                sizes[family] += len(new_list) + 2 * bool(new_list)
                sizes[family] -= len(old_list) + 2 * bool(old_list)
            files.append(OutputFile(shard_path(family, shard), to_json(lists)))
        if shard_count(sizes[family]) != shards[family]:
            return None
    files.append(meta_file(lengths, sizes))
    return files + small_files(cases, mechanisms, outcomes) + text_files(cases, plan.changed)


def _old_texts(previous: Previous, n: int) -> dict[Script, Fields] | None:
    """Case n's indexed text as the previous build published it (`text/`)."""
    texts: dict[Script, Fields] = {}
    for s in SCRIPTS:
        content = previous(f"{ROOT}text/{s}/{n}.json")
        if content is None:
            return None
        texts[s] = tuple(tuple(f) for f in json.loads(content)["fields"])
    return texts


def _values(family: str, case: CasePostings) -> dict[str, list[int]]:
    return case.positions if family == "p" else case.counts[family]


def _touched(
    family: str, before: dict[int, CasePostings], after: dict[int, CasePostings]
) -> dict[str, set[int]]:
    """Keys whose postings an edit changed → the cases it changed them in."""
    touched: dict[str, set[int]] = defaultdict(set)
    for n in before:
        old, new = _values(family, before[n]), _values(family, after[n])
        for key in old.keys() | new.keys():
            if old.get(key) != new.get(key):
                touched[key].add(n)
    return touched


def _splice(
    family: str, key: str, gaps: list[int], cases: set[int], after: dict[int, CasePostings]
) -> list[int]:
    """A key's posting list with the records of `cases` replaced by their new ones."""
    for n in sorted(cases):
        values = _values(family, after[n]).get(key)
        gaps = _replace(family, gaps, n, [] if values is None else _records(family, n, values))
    return gaps


def _records(family: str, n: int, values: list[int]) -> list[int]:
    """Case n's records for one key, its case number in place of the first gap."""
    if family == "p":
        return [n, len(values), values[0], *map(sub, values[1:], values[:-1])]
    records = count_records(n, values)
    records[2::2] = [0] * (len(records) // 2 - 1)  # later records of the same case: gap 0
    return records


def _replace(family: str, gaps: list[int], n: int, new: list[int]) -> list[int]:
    """`gaps` with case n's records (if any) replaced by `new`: only the gap of the first new
    record and of the record after them change; the rest is copied as it is."""
    if family == "p":  # records of varying length: walk them
        before, i = 0, 0
        while i < len(gaps) and before + gaps[i] < n:
            before += gaps[i]
            i += 2 + gaps[i + 1]
        start = i
        if i < len(gaps) and before + gaps[i] == n:
            i += 2 + gaps[i + 1]
        end = i
    else:  # two numbers per record: find case n among the running sums
        numbers = list(accumulate(gaps[0::2]))
        lo, hi = bisect_left(numbers, n), bisect_right(numbers, n)
        before, start, end = numbers[lo - 1] if lo else 0, 2 * lo, 2 * hi
    base = n if start < end else before  # the case the record at `end` counts from
    head = [new[0] - before, *new[1:]] if new else []
    if end == len(gaps):
        return gaps[:start] + head
    following = base + gaps[end]
    return [*gaps[:start], *head, following - (n if new else before), *gaps[end + 1 :]]
