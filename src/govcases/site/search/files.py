"""The index files (docs/search.md has the format), built from scratch.

Every file is JSON written with sorted keys and fixed separators, so the same input gives the
same bytes. Each family is split into 2^k shards by the CRC-32 of the key; the browser fetches
only the shards holding its keys.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import tempfile
from array import array
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import chain
from pathlib import Path
from typing import Any

from govcases.model import ACTOR_LEVELS, SCRIPTS, OutputFile
from govcases.site.search.postings import FAMILIES, FIELD_START, Postings
from govcases.site.search.text import DRAFT_MARK, FIELDS, SearchCase, shard_of
from govcases.site.urls import SEARCH_INDEX
from govcases.zh.conversion import fold_table

FORMAT = 2  # bump when the files change shape; search.js checks it
ROOT = SEARCH_INDEX  # where the index lives, shared by both scripts
WEIGHTS = (5.0, 3.0, 3.0, 2.0, 1.0, 1.5, 1.5)  # per field, in the order of FIELDS
K1, B = 1.2, 0.75  # BM25 saturation and length normalisation
SHARD_INTS = 6000  # target numbers per shard; the shard count is the next power of two
MAX_SHARDS = 4096
PROCESS_MIN = 300  # cases from which the index is built in a process of its own
BATCH = 256  # files handed to the build at a time


def to_json(data: Any) -> bytes:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").encode("utf-8")


def family_size(lists: dict[str, array[int]] | dict[str, list[int]]) -> int:
    """How many numbers a family's files hold, counting each key as two."""
    return sum(map(len, lists.values())) + 2 * len(lists)


def shard_count(size: int) -> int:
    count = 1
    while count * SHARD_INTS < size and count < MAX_SHARDS:
        count *= 2
    return count


def shard_path(family: str, n: int) -> str:
    return f"{ROOT}{family}/{n}.json"


def shard_files(family: str, lists: dict[str, array[int]], count: int) -> Iterator[OutputFile]:
    """A family's shard files, made one by one; each key's list is dropped once written, so
    that a family is never held twice."""
    parts: list[list[str]] = [[] for _ in range(count)]
    for key in lists:
        parts[shard_of(key, count)].append(key)
    for n, keys in enumerate(parts):
        yield OutputFile(shard_path(family, n), to_json({k: lists.pop(k).tolist() for k in keys}))


def meta_file(lengths: list[int], sizes: dict[str, int]) -> OutputFile:
    """What every query needs: shard counts, field ranges and the lengths for the score; and
    how many numbers each family holds, from which an update tells the shard counts."""
    meta = {
        "format": FORMAT,
        "cases": len(lengths),
        "fields": list(FIELDS),
        "weights": list(WEIGHTS),
        "k1": K1,
        "b": B,
        "shards": {f: shard_count(sizes[f]) for f in FAMILIES},
        "sizes": {f: sizes[f] for f in FAMILIES},
        "start": list(FIELD_START),
        "length": lengths,
        "avglength": round(sum(lengths) / max(len(lengths), 1), 2),
    }
    return OutputFile(f"{ROOT}meta.json", to_json(meta))


LEVELS: list[str] = list(ACTOR_LEVELS)


def small_files(
    cases: Sequence[SearchCase], mechanisms: Sequence[str], outcomes: Sequence[str]
) -> list[OutputFile]:
    """filters.json (filter values per case number; terms by index into the taxonomy's term
    ids) and fold.json (the fold table)."""
    provinces = sorted({c.province for c in cases})
    mechanisms, outcomes = list(mechanisms), list(outcomes)
    filters = {
        "year": [c.year for c in cases],
        "provinces": provinces,
        "province": [provinces.index(c.province) for c in cases],
        "mechanisms": mechanisms,
        "mechanism": [[mechanisms.index(m) for m in c.mechanisms] for c in cases],
        "outcomes": outcomes,
        "outcome": [[outcomes.index(o) for o in c.outcomes] for c in cases],
        "levels": LEVELS,
        "level": [[LEVELS.index(v) for v in c.levels] for c in cases],
    }
    table = sorted(fold_table().items())
    fold_file = {"from": "".join(k for k, _ in table), "to": "".join(v for _, v in table)}
    return [
        OutputFile(f"{ROOT}filters.json", to_json(filters)),
        OutputFile(f"{ROOT}fold.json", to_json(fold_file)),
    ]


def text_files(
    cases: Sequence[SearchCase], numbers: Sequence[int] | None = None
) -> list[OutputFile]:
    """`text/<script>/<n>.json`: the indexed text of case number n, for results (every case,
    or those numbered)."""
    return [
        OutputFile(
            f"{ROOT}text/{s}/{n}.json",
            to_json(
                {
                    "id": cases[n].id,
                    "year": cases[n].year,
                    "fields": cases[n].texts[s],
                    "mechanisms": len(cases[n].mechanisms),
                }
                | ({"draft": DRAFT_MARK} if cases[n].draft else {})
            ),
        )
        for n in (range(len(cases)) if numbers is None else numbers)
        for s in SCRIPTS
    ]


def pass_files(
    cases: Sequence[SearchCase], counts: bool, sizes: dict[str, int], lengths: list[int]
) -> Iterator[OutputFile]:
    """The shards of one pass over the text: the count families (`counts`) or the positions.
    Fills in how many numbers its families hold (`sizes`) and the case `lengths`."""
    index = Postings(counts=counts, positions=not counts)
    for c in cases:
        index.add(c.texts)
    lengths[:] = index.lengths
    lists = index.finish()
    del index
    for family in ("1", "2") if counts else ("p",):
        sizes[family] = family_size(lists[family])
        yield from shard_files(family, lists[family], shard_count(sizes[family]))


def index_parts(
    cases: Sequence[SearchCase], mechanisms: Sequence[str], outcomes: Sequence[str]
) -> Iterator[OutputFile]:
    """meta.json, filters.json, fold.json and every shard, one file at a time. The count
    families and the positions are built in two passes over the text, so that only one of
    them is held at once. `cases` in id order."""
    sizes: dict[str, int] = {}
    lengths: list[int] = []
    for counts in (True, False):
        yield from pass_files(cases, counts, sizes, lengths)
    yield meta_file(lengths, sizes)
    yield from small_files(cases, mechanisms, outcomes)


def index_files(
    cases: Sequence[SearchCase], mechanisms: Sequence[str], outcomes: Sequence[str]
) -> list[OutputFile]:
    """Every file of `index_parts`."""
    return list(index_parts(cases, mechanisms, outcomes))


def write_files(folder: Path, files: Iterable[OutputFile]) -> None:
    """Files written below `folder` as they are made."""
    made: set[Path] = set()
    for f in files:
        path = folder / f.path
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(f.content)


def write_pass(
    folder: Path, cases: Sequence[SearchCase], counts: bool
) -> tuple[dict[str, int], list[int]]:
    """The files of one pass (`pass_files`) written below `folder`; its sizes and lengths."""
    sizes: dict[str, int] = {}
    lengths: list[int] = []
    write_files(folder, pass_files(cases, counts, sizes, lengths))
    return sizes, lengths


def build_index(
    cases: Sequence[SearchCase], mechanisms: Sequence[str], outcomes: Sequence[str]
) -> Iterator[list[OutputFile]]:
    """`index_files` in batches. For a large site its two passes run in two processes of
    their own, side by side: indexing goes on beside the rendering instead of taking turns
    with it for the interpreter lock, and once pages are rendered both processors index
    (spawned processes: the build has threads running, which a forked child must not
    inherit). They write the shards to a temporary folder, which the batches read back and
    then remove."""
    if len(cases) < PROCESS_MIN:
        return iter([index_files(cases, mechanisms, outcomes)])
    scratch = Path(tempfile.mkdtemp(prefix="govcases-search-"))
    try:
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
            passes = [pool.submit(write_pass, scratch, cases, c) for c in (True, False)]
            (counted, lengths), (positioned, _) = (p.result() for p in passes)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    rest = [meta_file(lengths, counted | positioned), *small_files(cases, mechanisms, outcomes)]
    return chain(_read_back(scratch), [rest])


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
