"""Indexes over all cases: region tree, cases per term, per year, and related cases."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from govcases.content.taxonomy import Kind
from govcases.model import Case, Division, Report


@dataclass(frozen=True)
class RegionNode:
    division: Division
    chain: tuple[Division, ...]  # province first, ending with this division
    case_ids: tuple[str, ...]  # cases in this division or below it
    report_numbers: tuple[int, ...]  # catalogued reports in this division or below it
    children: tuple[RegionNode, ...]


@dataclass(frozen=True)
class Related:
    case_id: str
    score: int
    mechanisms: tuple[str, ...]
    outcomes: tuple[str, ...]
    same_province: bool


@dataclass(frozen=True)
class Indexes:
    case_ids: tuple[str, ...]  # newest start year first, then id
    regions: tuple[RegionNode, ...]  # provinces
    by_term: dict[tuple[Kind, str], tuple[str, ...]]
    by_year: dict[int, tuple[str, ...]]
    related: dict[str, tuple[Related, ...]]

    def region_nodes(self) -> list[RegionNode]:
        out: list[RegionNode] = []
        stack = list(reversed(self.regions))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out


def build_indexes(cases: list[Case], reports: list[Report], related_limit: int = 5) -> Indexes:
    # A draft may have no start year yet: it comes last, and in no year.
    ordered = sorted(cases, key=lambda c: (c.start is None, -(c.start or 0), c.id))
    ids = tuple(c.id for c in ordered)

    by_term: dict[tuple[Kind, str], list[str]] = defaultdict(list)
    by_year: dict[int, list[str]] = defaultdict(list)
    for c in ordered:
        for m in c.mechanisms:
            by_term["mechanism", m].append(c.id)
        for o in c.outcomes:
            by_term["outcome", o].append(c.id)
        if c.start is not None:
            by_year[c.start].append(c.id)

    return Indexes(
        case_ids=ids,
        regions=_region_tree(ordered, reports),
        by_term={k: tuple(v) for k, v in sorted(by_term.items())},
        by_year={y: tuple(v) for y, v in sorted(by_year.items())},
        related=_all_related(ordered, by_term, related_limit),
    )


def _region_tree(cases: list[Case], reports: list[Report]) -> tuple[RegionNode, ...]:
    """Divisions that hold a case or a report, nested province › city › district."""
    members: dict[Division, list[str]] = defaultdict(list)
    listed: dict[Division, list[int]] = defaultdict(list)
    parent: dict[Division, Division | None] = {}
    located = [(c.region.divisions, c.id, None) for c in cases] + [
        (r.region.divisions, None, r.number) for r in reports if r.region is not None
    ]
    for chain, case_id, number in located:
        for i, d in enumerate(chain):
            if case_id is not None:
                members[d].append(case_id)
            if number is not None:
                listed[d].append(number)
            parent[d] = chain[i - 1] if i else None

    children: dict[Division, list[Division]] = defaultdict(list)
    for d, p in parent.items():
        if p is not None:
            children[p].append(d)

    def node(d: Division, above: tuple[Division, ...]) -> RegionNode:
        chain = (*above, d)
        kids = sorted(children[d], key=lambda k: k.code)
        return RegionNode(
            d, chain, tuple(members[d]), tuple(listed[d]), tuple(node(k, chain) for k in kids)
        )

    roots = sorted((d for d, p in parent.items() if p is None), key=lambda d: d.code)
    return tuple(node(d, ()) for d in roots)


def _all_related(
    cases: list[Case], by_term: dict[tuple[Kind, str], list[str]], limit: int
) -> dict[str, tuple[Related, ...]]:
    """For each case, the `limit` cases ranked by shared mechanisms (weight 3), shared outcomes
    (2) and same province (1), ties by id.

    Summing scores over posting lists grows with the square of the corpus (popular terms are
    shared by thousands of cases), so sets of cases are Python ints used as bitsets (bit i:
    the i-th case in id order) and each case's scores are counted for all other cases at once
    with bitwise adders; candidates are then taken from the highest score down."""
    by_id = sorted(cases, key=lambda c: c.id)
    bit = {c.id: 1 << i for i, c in enumerate(by_id)}
    sets: dict[object, int] = defaultdict(int)
    for (kind, term), ids in by_term.items():
        sets[kind, term] = sum(bit[i] for i in ids)
    for c in cases:
        sets["province", c.region.province.code] |= bit[c.id]
    out = {}
    for case in cases:
        mech = _counts([sets["mechanism", m] for m in case.mechanisms])
        outc = _counts([sets["outcome", o] for o in case.outcomes])
        prov = sets["province", case.region.province.code]
        everyone_else = ~bit[case.id]
        by_score: dict[int, int] = defaultdict(int)  # score → bitset of cases with it
        for a, in_a in mech.items():
            for b, in_both in ((b, in_a & in_b) for b, in_b in outc.items()):
                by_score[3 * a + 2 * b + 1] |= in_both & prov
                by_score[3 * a + 2 * b] |= in_both & ~prov
        ranked: list[tuple[int, int]] = []  # (score, index)
        for score in sorted(by_score, reverse=True):
            if score == 0 or len(ranked) >= limit:
                break
            mask = by_score[score] & everyone_else
            while mask and len(ranked) < limit:
                low = mask & -mask
                ranked.append((score, low.bit_length() - 1))
                mask ^= low
        out[case.id] = tuple(_explain(case, by_id[i], score) for score, i in ranked)
    return out


def _counts(sets: list[int]) -> dict[int, int]:
    """n → the bitset of cases that are in exactly n of `sets` (n = 0 … len(sets))."""
    exactly = {0: -1}  # every case is in none of no sets
    for s in sets:
        step = {n: m & ~s for n, m in exactly.items()}
        for n, m in exactly.items():
            step[n + 1] = step.get(n + 1, 0) | (m & s)
        exactly = step
    return exactly


def _explain(case: Case, other: Case, score: int) -> Related:
    return Related(
        other.id,
        score,
        tuple(m for m in case.mechanisms if m in other.mechanisms),
        tuple(o for o in case.outcomes if o in other.outcomes),
        other.region.province.code == case.region.province.code,
    )
