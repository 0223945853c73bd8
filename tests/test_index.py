"""Indexes over all cases: related cases ranked by bitset counting equal a plain pairwise count."""

from __future__ import annotations

import random
from collections import defaultdict
from types import SimpleNamespace
from typing import Any

import pytest

from govcases.site.index import build_indexes


def fake_case(i: int, rng: random.Random) -> Any:
    mechanisms = tuple(rng.sample([f"m{k}" for k in range(12)], rng.randint(1, 5)))
    outcomes = tuple(rng.sample([f"o{k}" for k in range(6)], rng.randint(0, 3)))
    province = SimpleNamespace(code=f"{rng.randint(11, 15)}0000")
    return SimpleNamespace(
        id=f"case-{rng.randint(0, 10**6):07d}-{i}",
        start=rng.randint(2000, 2024),
        mechanisms=mechanisms,
        outcomes=outcomes,
        region=SimpleNamespace(province=province, divisions=()),
    )


def pairwise(cases: list[Any], limit: int) -> dict[str, list[tuple[str, int]]]:
    """Every pair scored directly: 3 per shared mechanism, 2 per shared outcome, 1 for the
    same province; best first, then by id; zero scores are not related."""
    out = {}
    for case in cases:
        scores: dict[str, int] = defaultdict(int)
        for other in cases:
            if other.id == case.id:
                continue
            score = 3 * len(set(case.mechanisms) & set(other.mechanisms))
            score += 2 * len(set(case.outcomes) & set(other.outcomes))
            score += case.region.province.code == other.region.province.code
            if score:
                scores[other.id] = score
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        out[case.id] = ranked[:limit]
    return out


@pytest.mark.parametrize("seed", range(5))
def test_related_cases_equal_a_pairwise_count(seed: int) -> None:
    rng = random.Random(seed)
    cases = [fake_case(i, rng) for i in range(rng.randint(2, 150))]
    limit = rng.randint(1, 8)
    related = build_indexes(cases, [], related_limit=limit).related
    got = {k: [(r.case_id, r.score) for r in v] for k, v in related.items()}
    assert got == pairwise(cases, limit)
    some = next(c for c in cases if related[c.id])
    first = related[some.id][0]
    other = next(c for c in cases if c.id == first.case_id)
    assert first.mechanisms == tuple(m for m in some.mechanisms if m in other.mechanisms)
