"""Mechanism and outcome pages: their indexes and each term's page."""

from __future__ import annotations

from typing import Any

from govcases.content.taxonomy import Kind
from govcases.model import Script
from govcases.site.urls import page_file, term_index_rel, term_rel
from govcases.site.views.base import Page, ViewBase


class TermPages(ViewBase):
    """Mechanism and outcome pages: their indexes and each term's page."""

    def categories(self, script: Script) -> list[dict[str, Any]]:
        tax = self.s.taxonomy
        return [
            {
                "id": cat.id,
                "name": self.t(cat.name, script),
                "definition": self.t(cat.definition, script),
                "terms": [
                    self.term_entry(script, "mechanism", t.id)
                    for t in tax.mechanisms
                    if t.category == cat.id
                ],
            }
            for cat in tax.categories
        ]

    def term_entry(self, script: Script, kind: Kind, term_id: str) -> dict[str, Any]:
        term = self.s.taxonomy.term(kind, term_id)
        return {
            **self.term_link(script, kind, term_id),
            "definition": self.t(term.definition, script),
            "synonyms": [self.t(w, script) for w in term.synonyms],
            "count": len(self.s.indexes.by_term.get((kind, term_id), ())),
        }

    def term_index(self, script: Script, kind: Kind) -> Page:
        title = self.t("治理机制" if kind == "mechanism" else "成效", script)
        groups = (
            self.categories(script)
            if kind == "mechanism"
            else [
                {
                    "id": "outcomes",
                    "name": "",
                    "definition": "",
                    "terms": [
                        self.term_entry(script, kind, t.id) for t in self.s.taxonomy.outcomes
                    ],
                }
            ]
        )
        return self.page(
            script,
            page_file(term_index_rel(kind)),
            "term_index.html",
            title,
            [],
            kind=kind,
            groups=groups,
        )

    def term_page(self, script: Script, kind: Kind, term_id: str) -> Page:
        term = self.s.taxonomy.term(kind, term_id)
        index_label = "治理机制" if kind == "mechanism" else "成效"
        crumbs = [self.crumb(script, index_label, f"{kind}s/")]
        category = None
        if kind == "mechanism":
            cat = next(c for c in self.s.taxonomy.categories if c.id == term.category)
            category = {
                "name": self.t(cat.name, script),
                "url": self.url(script, f"mechanisms/#{cat.id}"),
            }
        return self.page(
            script,
            page_file(term_rel(kind, term_id)),
            "term.html",
            self.t(term.name, script),
            crumbs,
            kind=kind,
            category=category,
            term=self.term_entry(script, kind, term_id),
            cases=[
                self.case_card(script, i) for i in self.s.indexes.by_term.get((kind, term_id), ())
            ],
        )
