"""Reports, search, compare, timeline and data pages."""

from __future__ import annotations

from govcases.content.taxonomy import Kind
from govcases.model import ACTOR_LEVELS, Script, Term
from govcases.site.dictionary import data_files
from govcases.site.urls import (
    SEARCH_INDEX,
    SECTIONS,
    case_data,
    case_rel,
    href,
    page_file,
)
from govcases.site.views.base import Page, ViewBase


class ToolPages(ViewBase):
    """Reports, search, compare, timeline and data pages."""

    def report_list(self, script: Script) -> Page:
        first = self.s.reports[0] if self.s.reports else None
        return self.page(
            script,
            page_file(SECTIONS["reports"]),
            "reports.html",
            self.t("待整理报告", script),
            [],
            compilation={
                "title": self.t(first.compilation, script),
                "date": first.compilation_date,
                "document": first.document,
            }
            if first
            else None,
            reports=[self.report_entry(script, r) for r in self.s.reports],
        )

    def search_page(self, script: Script) -> Page:
        cards = [self.case_card(script, i) for i in self.s.indexes.case_ids]
        return self.page(
            script,
            page_file(SECTIONS["search"]),
            "search.html",
            self.t("搜索案例", script),
            [],
            index=href(self.cfg, SEARCH_INDEX),
            filters={
                "province": sorted({(c["province_code"], c["province"]) for c in cards}),
                "mechanism": [(t.id, self.t(t.name, script)) for t in self.s.taxonomy.mechanisms],
                "outcome": [(t.id, self.t(t.name, script)) for t in self.s.taxonomy.outcomes],
                "level": [(k, self.t(v, script)) for k, v in ACTOR_LEVELS.items()],
                "year": [(str(y), str(y)) for y in sorted(self.s.indexes.by_year, reverse=True)],
            },
        )

    def compare_page(self, script: Script) -> Page:
        """Chosen cases side by side (`compare/?cases=a,b`). The page is filled in the browser
        from the chosen cases' own pages, so it needs nothing per case at build time."""
        return self.page(
            script,
            page_file(SECTIONS["compare"]),
            "compare.html",
            self.t("比较案例", script),
            [],
            case_url=self.url(script, case_rel("{id}")),
            coverage=self.url(script, SECTIONS["coverage"]),
        )

    def coverage_page(self, script: Script) -> Page:
        """Cases × mechanisms and cases × outcomes; a filled cell links to the case."""
        tax = self.s.taxonomy
        cats = {c.id: self.t(c.name, script) for c in tax.categories}
        matrices = []
        kinds: tuple[tuple[Kind, tuple[Term, ...]], ...] = (
            ("mechanism", tax.mechanisms),
            ("outcome", tax.outcomes),
        )
        for kind, terms in kinds:
            cols = [
                {
                    **self.term_link(script, kind, t.id),
                    "group": cats.get(t.category, ""),
                    "count": len(self.s.indexes.by_term.get((kind, t.id), ())),
                }
                for t in terms
            ]
            rows = []
            for i in self.s.indexes.case_ids:
                card = self.case_card(script, i)
                have = set(
                    self.s.docs[i].case.mechanisms
                    if kind == "mechanism"
                    else self.s.docs[i].case.outcomes
                )
                rows.append({**card, "cells": [t.id in have for t in terms]})
            matrices.append(
                {
                    "kind": kind,
                    "columns": cols,
                    "rows": rows,
                    "title": self.t(
                        "案例 × 治理机制" if kind == "mechanism" else "案例 × 成效", script
                    ),
                }
            )
        return self.page(
            script,
            page_file(SECTIONS["coverage"]),
            "coverage.html",
            self.t("术语覆盖矩阵", script),
            [self.crumb(script, "比较案例", SECTIONS["compare"])],
            matrices=matrices,
        )

    def timeline_page(self, script: Script) -> Page:
        years = [
            {"year": y, "cases": [self.case_card(script, i) for i in ids]}
            for y, ids in sorted(self.s.indexes.by_year.items())
        ]
        return self.page(
            script,
            page_file(SECTIONS["timeline"]),
            "timeline.html",
            self.t("时间线", script),
            [],
            years=years,
        )

    def data_page(self, script: Script) -> Page:
        files = [
            {
                "name": f.name,
                "url": href(self.cfg, f.path) if f.path else "#per-case",
                "what": self.t(f.description, script),
            }
            for f in data_files()
        ]
        files += [
            {
                "name": "feed.xml",
                "url": self.url(script, "feed.xml"),
                "what": self.t("新增案例 Atom 订阅", script),
            },
            {
                "name": "sitemap.xml",
                "url": href(self.cfg, "sitemap.xml"),
                "what": self.t("两种文字的站点地图", script),
            },
        ]
        per_case = [
            {
                "id": i,
                "url": href(self.cfg, case_data(i)),
                "title": self.s.docs[i].text[script].title,
            }
            for i in self.s.indexes.case_ids
        ]
        return self.page(
            script,
            page_file(SECTIONS["data"]),
            "data.html",
            self.t("数据下载", script),
            [],
            files=files,
            dictionary=self.url(script, SECTIONS["dictionary"]),
            per_case=per_case,
        )
