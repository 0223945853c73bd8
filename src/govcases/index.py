"""Indexes over all cases: region tree, cases per term, per year, and related cases."""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass

from .model import Case, Division, Report
from .taxonomy import Kind


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
    ordered = sorted(cases, key=lambda c: (-c.start, c.id))
    ids = tuple(c.id for c in ordered)

    by_term: dict[tuple[Kind, str], list[str]] = defaultdict(list)
    by_year: dict[int, list[str]] = defaultdict(list)
    for c in ordered:
        for m in c.mechanisms:
            by_term["mechanism", m].append(c.id)
        for o in c.outcomes:
            by_term["outcome", o].append(c.id)
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

    def node(d: Division, above: tuple[Division, ...]) -> RegionNode:
        chain = (*above, d)
        kids = sorted((k for k, p in parent.items() if p == d), key=lambda k: k.code)
        return RegionNode(
            d, chain, tuple(members[d]), tuple(listed[d]), tuple(node(k, chain) for k in kids)
        )

    roots = sorted((d for d, p in parent.items() if p is None), key=lambda d: d.code)
    return tuple(node(d, ()) for d in roots)


def _all_related(
    cases: list[Case], by_term: dict[tuple[Kind, str], list[str]], limit: int
) -> dict[str, tuple[Related, ...]]:
    """For each case, the cases ranked by shared mechanisms (weight 3), shared outcomes (2)
    and same province (1). Scores are summed over the posting lists of the case's own terms,
    so the work grows with the cases that share something, not with all pairs."""
    by_id = {c.id: c for c in cases}
    by_province: dict[str, list[str]] = defaultdict(list)
    for c in cases:
        by_province[c.region.province.code].append(c.id)
    out = {}
    for case in cases:
        score: dict[str, int] = defaultdict(int)
        for m in case.mechanisms:
            for other in by_term["mechanism", m]:
                score[other] += 3
        for o in case.outcomes:
            for other in by_term["outcome", o]:
                score[other] += 2
        for other in by_province[case.region.province.code]:
            score[other] += 1
        score.pop(case.id, None)
        best = heapq.nsmallest(limit, score, key=lambda i: (-score[i], i))
        out[case.id] = tuple(_explain(case, by_id[i], score[i]) for i in best)
    return out


def _explain(case: Case, other: Case, score: int) -> Related:
    return Related(
        other.id,
        score,
        tuple(m for m in case.mechanisms if m in other.mechanisms),
        tuple(o for o in case.outcomes if o in other.outcomes),
        other.region.province.code == case.region.province.code,
    )
