"""Controlled vocabulary: mechanisms (grouped in four categories) and outcomes, with synonyms
matched in either script."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from govcases.content.schema import Name, Strict, Text, load_model
from govcases.messages import Chinese, Message, msg
from govcases.model import BuildError, Category, Diagnostic, Term
from govcases.read.files import present

Kind = Literal["mechanism", "outcome"]
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class CategoryIn(Strict):
    id: str = Field(pattern=SLUG)
    name: Name
    definition: Text = Field(min_length=1)


class TermIn(Strict):
    id: str = Field(pattern=SLUG)
    name: Name
    category: str = ""
    definition: Text = Field(min_length=1)
    synonyms: list[Name] = []


class TaxonomyIn(Strict):
    categories: list[CategoryIn]
    mechanisms: list[TermIn]
    outcomes: list[TermIn]


@dataclass(frozen=True)
class Taxonomy:
    categories: tuple[Category, ...]
    mechanisms: tuple[Term, ...]
    outcomes: tuple[Term, ...]
    lookup: dict[tuple[Kind, str], str]  # (kind, folded id/name/synonym) → term id

    def terms(self, kind: Kind) -> tuple[Term, ...]:
        return self.mechanisms if kind == "mechanism" else self.outcomes

    def term(self, kind: Kind, term_id: str) -> Term:
        return next(t for t in self.terms(kind) if t.id == term_id)


def load_taxonomy(path: Path, fold: Callable[[str], str]) -> Taxonomy:
    name = path.name
    if not present(path):
        raise BuildError([Diagnostic(name, 0, "", msg("taxonomy-missing"), "missing-file")])
    parsed, loaded = load_model(path, TaxonomyIn)
    lines, columns = loaded.lines, loaded.columns
    problems: list[Diagnostic] = []
    category_ids = {c.id for c in parsed.categories}
    lookup: dict[tuple[Kind, str], str] = {}
    built: dict[Kind, list[Term]] = {"mechanism": [], "outcome": []}
    groups: tuple[tuple[Kind, str, list[TermIn]], ...] = (
        ("mechanism", "mechanisms", parsed.mechanisms),
        ("outcome", "outcomes", parsed.outcomes),
    )
    for kind, group, items in groups:
        for i, t in enumerate(items):
            where = f"{group}[{i}]"
            if kind == "mechanism" and t.category not in category_ids:
                problems.append(
                    Diagnostic(
                        name,
                        lines.get(where + ".category", 0),
                        where + ".category",
                        msg("unknown-category", written=t.category),
                        hint=msg("hint-categories", known=", ".join(sorted(category_ids))),
                        column=columns.get(where + ".category", 0),
                    )
                )
            for word in (t.id, t.name, *t.synonyms):
                key = (kind, fold(word))
                if lookup.get(key, t.id) != t.id:
                    problems.append(
                        Diagnostic(
                            name,
                            lines.get(where, 0),
                            where,
                            msg("term-duplicate", written=word, term=lookup[key]),
                            "duplicate-term",
                            column=columns.get(where, 0),
                        )
                    )
                lookup[key] = t.id
            built[kind].append(
                Term(t.id, kind, t.name, t.definition, tuple(t.synonyms), t.category)
            )
    if problems:
        raise BuildError(problems)
    categories = tuple(Category(c.id, c.name, c.definition) for c in parsed.categories)
    return Taxonomy(categories, tuple(built["mechanism"]), tuple(built["outcome"]), lookup)


def match(taxonomy: Taxonomy, kind: Kind, word: str, fold: Callable[[str], str]) -> str | None:
    """Term id for an id, name or synonym written in either script."""
    return taxonomy.lookup.get((kind, fold(word.strip())))


def similar(
    taxonomy: Taxonomy, kind: Kind, word: str, fold: Callable[[str], str], most: int = 3
) -> tuple[Message, ...]:
    """The terms nearest to `word` (by id, Chinese name or synonym, in either script), best
    first, each as its id and Chinese name, for a did-you-mean."""
    written = fold(word.strip()).lower()
    best: dict[str, float] = {}
    for (k, spelling), term in taxonomy.lookup.items():
        if k == kind and written:
            s = spelling.lower()
            within = len(s) > 1 and (written in s or s in written)
            score = 1.0 if within else difflib.SequenceMatcher(None, written, s).ratio()
            best[term] = max(best.get(term, 0.0), score)
    ranked = sorted((t for t, score in best.items() if score >= 0.6), key=lambda t: -best[t])
    return tuple(
        msg("choice", id=t, name=Chinese(taxonomy.term(kind, t).name)) for t in ranked[:most]
    )
