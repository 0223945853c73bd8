"""Documents and indexes → pages: a template name and a plain dict per page and script.

Templates get only these dicts (URLs and labels already in the page's script), never domain
objects. Every page exists once per script at the same path under /zh-hans/ and /zh-hant/.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from .chinamap import Marker, Shade, render_map
from .cite import case_citation, source_citation
from .config import Config
from .index import Indexes, RegionNode
from .model import SCRIPTS, Division, Document, Report, Script, Term
from .records import FIELD_DOCS, CaseRecord
from .records import schema_type as _schema_type
from .review import Choice
from .taxonomy import Kind, Taxonomy
from .zh import Converter

PREFIX: dict[Script, str] = {"hans": "zh-hans", "hant": "zh-hant"}
LANG: dict[Script, str] = {"hans": "zh-Hans", "hant": "zh-Hant"}
LEVEL_NAMES = {"province": "省级", "city": "地级", "district": "县级"}


@dataclass(frozen=True)
class Page:
    path: str  # output path relative to the site root
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class SiteData:
    config: Config
    docs: dict[str, Document]
    reports: list[Report]
    indexes: Indexes
    taxonomy: Taxonomy
    conv: Converter
    build_date: str


def href(config: Config, path: str) -> str:
    """Root-relative link for an output path: zh-hans/cases/x/index.html → /base/zh-hans/cases/x/"""
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return config.base_path + path


def absolute(config: Config, path: str) -> str:
    return config.site_origin + href(config, path)


class Views:
    """Builds every page of the site for both scripts."""

    def __init__(self, site: SiteData) -> None:
        self.s = site
        self.cfg = site.config
        # A case's card and a term's link appear on many pages: built once per script.
        # Templates only read them, so pages may share them.
        self._cards: dict[tuple[Script, str], dict[str, Any]] = {}
        self._links: dict[tuple[Script, Kind, str], dict[str, str]] = {}

    # ---- helpers -------------------------------------------------------------------------
    def t(self, text: str, script: Script) -> str:
        """Simplified data text (taxonomy, place names) in the page's script."""
        return self.s.conv.convert(text, "hans", script)

    def url(self, script: Script, rel: str) -> str:
        return href(self.cfg, f"{PREFIX[script]}/{rel}")

    def case_url(self, script: Script, case_id: str) -> str:
        return self.url(script, f"cases/{case_id}/")

    def region_url(self, script: Script, d: Division) -> str:
        return self.url(script, f"regions/{d.code}/")

    def term_url(self, script: Script, kind: Kind, term_id: str) -> str:
        return self.url(script, f"{kind}s/{term_id}/")

    def term_link(self, script: Script, kind: Kind, term_id: str) -> dict[str, str]:
        link = self._links.get((script, kind, term_id))
        if link is None:
            term = self.s.taxonomy.term(kind, term_id)
            link = {
                "id": term_id,
                "name": self.t(term.name, script),
                "url": self.term_url(script, kind, term_id),
            }
            self._links[script, kind, term_id] = link
        return link

    def division_link(self, script: Script, d: Division) -> dict[str, str]:
        return {"name": self.t(d.name, script), "code": d.code, "url": self.region_url(script, d)}

    def case_card(self, script: Script, case_id: str) -> dict[str, Any]:
        card = self._cards.get((script, case_id))
        if card is None:
            card = self._cards[script, case_id] = self._card(script, case_id)
        return card

    def _card(self, script: Script, case_id: str) -> dict[str, Any]:
        doc = self.s.docs[case_id]
        c, text = doc.case, doc.text[script]
        return {
            "id": c.id,
            "url": self.case_url(script, c.id),
            "title": text.title,
            "locality": text.locality,
            "summary": text.summary,
            "province": self.t(c.region.province.name, script),
            "province_code": c.region.province.code,
            "start": c.start,
            "end": c.end,
            "added": c.added,
            "partial": c.status == "partial",
            "mechanisms": [self.term_link(script, "mechanism", m) for m in c.mechanisms],
            "outcomes": [self.term_link(script, "outcome", o) for o in c.outcomes],
        }

    def page(
        self,
        script: Script,
        rel: str,
        template: str,
        title: str,
        crumbs: list[dict[str, str]],
        **context: Any,
    ) -> Page:
        path = f"{PREFIX[script]}/{rel}"
        other: Script = "hant" if script == "hans" else "hans"
        twin = f"{PREFIX[other]}/{rel}"
        return Page(
            path,
            template,
            {
                "script": script,
                "lang": LANG[script],
                "site_title": self.t(self.cfg.title, script),
                "site_description": self.t(self.cfg.description, script),
                "title": title,
                "crumbs": crumbs,
                "home_url": self.url(script, ""),
                "nav": self.nav(script)[:7],
                "links": {n["id"]: n["url"] for n in self.nav(script)},
                "footer_nav": self.nav(script),
                "twin": {
                    "url": href(self.cfg, twin),
                    "lang": LANG[other],
                    "label": "繁體" if other == "hant" else "简体",
                },
                "alternates": [
                    {"lang": LANG[s], "url": absolute(self.cfg, f"{PREFIX[s]}/{rel}")}
                    for s in SCRIPTS
                ],
                "canonical": absolute(self.cfg, path),
                "asset": href(self.cfg, "assets/"),
                "build_date": self.s.build_date,
                **context,
            },
        )

    def nav(self, script: Script) -> list[dict[str, str]]:
        """Main navigation first, then the other ways in (shown on the home page and footer)."""
        items = [
            ("search", "搜索", "search/"),
            ("cases", "全部案例", "cases/"),
            ("regions", "地区", "regions/"),
            ("mechanisms", "治理机制", "mechanisms/"),
            ("outcomes", "成效", "outcomes/"),
            ("map", "地图", "map/"),
            ("compare", "比较", "compare/"),
            ("timeline", "时间线", "timeline/"),
            ("data", "数据", "data/"),
            ("reports", "待整理报告", "reports/"),
        ]
        return [
            {"id": i, "label": self.t(label, script), "url": self.url(script, rel)}
            for i, label, rel in items
        ]

    def crumb(self, script: Script, label: str, rel: str) -> dict[str, str]:
        return {"label": self.t(label, script), "url": self.url(script, rel)}

    # ---- pages ---------------------------------------------------------------------------
    def all_pages(self) -> list[Page]:
        pages: list[Page] = []
        for script in SCRIPTS:
            pages.append(self.home(script))
            pages.append(self.case_list(script))
            pages.extend(self.case_page(script, cid) for cid in self.s.indexes.case_ids)
            pages.append(self.report_list(script))
            pages += [
                self.search_page(script),
                self.compare_page(script),
                self.map_page(script),
                self.timeline_page(script),
                self.data_page(script),
            ]
            pages.append(self.region_index(script))
            pages.extend(self.region_page(script, n) for n in self.s.indexes.region_nodes())
            for kind in ("mechanism", "outcome"):
                pages.append(self.term_index(script, kind))
                pages.extend(
                    self.term_page(script, kind, t.id) for t in self.s.taxonomy.terms(kind)
                )
        return pages

    def home(self, script: Script) -> Page:
        ix = self.s.indexes
        recent = sorted(ix.case_ids, key=lambda i: (self.s.docs[i].case.added, i), reverse=True)
        counts = {
            "cases": len(ix.case_ids),
            "provinces": sum(1 for n in ix.regions if n.case_ids),
            "reports": len(self.s.reports),
            "mechanisms": sum(1 for k in ix.by_term if k[0] == "mechanism"),
            "outcomes": sum(1 for k in ix.by_term if k[0] == "outcome"),
        }
        return self.page(
            script,
            "index.html",
            "home.html",
            self.t(self.cfg.title, script),
            [],
            counts=counts,
            recent=[self.case_card(script, i) for i in recent[:6]],
            provinces=[
                {**self.region_entry(script, n), "children": []} for n in ix.regions if n.case_ids
            ],
            categories=self.categories(script),
        )

    def case_list(self, script: Script) -> Page:
        cards = [self.case_card(script, i) for i in self.s.indexes.case_ids]
        provinces = sorted({(c["province_code"], c["province"]) for c in cards})
        return self.page(
            script,
            "cases/index.html",
            "case_list.html",
            self.t("全部案例", script),
            [],
            cases=cards,
            provinces=[{"code": c, "name": n} for c, n in provinces],
        )

    def case_page(self, script: Script, case_id: str) -> Page:
        doc = self.s.docs[case_id]
        c, text = doc.case, doc.text[script]
        sources = {s.key: s for s in c.sources}
        metrics = [
            {
                "label": lab,
                "value": m.value,
                "unit": unit,
                "year": m.year or "",
                "note": note,
                "source": m.source,
                "source_title": sources[m.source].title,
            }
            for m, (lab, unit, note) in zip(c.metrics, text.metric_labels, strict=True)
        ]
        related = []
        for r in self.s.indexes.related[case_id]:
            reasons = (
                [
                    self.t("相同机制：", script)
                    + "、".join(
                        self.term_link(script, "mechanism", m)["name"] for m in r.mechanisms
                    )
                ]
                if r.mechanisms
                else []
            )
            if r.outcomes:
                reasons.append(
                    self.t("相同成效：", script)
                    + "、".join(self.term_link(script, "outcome", o)["name"] for o in r.outcomes)
                )
            if r.same_province:
                reasons.append(self.t("同省：", script) + self.t(c.region.province.name, script))
            related.append({**self.case_card(script, r.case_id), "reasons": reasons})
        crumbs = [self.crumb(script, "地区", "regions/")] + [
            {"label": self.t(d.name, script), "url": self.region_url(script, d)}
            for d in c.region.divisions
        ]
        return self.page(
            script,
            f"cases/{case_id}/index.html",
            "case.html",
            text.title,
            crumbs,
            case={
                **self.case_card(script, case_id),
                "status_note": text.status_note,
                "period_note": text.period_note,
                "region": [self.division_link(script, d) for d in c.region.divisions],
                "region_code": c.region.most_specific.code,
                "zone": self.s.conv.convert(c.region.zone, "hans", script),
                "metrics": metrics,
                "sources": [vars(s) for s in c.sources],
                "body_html": text.body_html,
                "citation": self.case_citation(script, case_id),
                "source_citations": {s.key: source_citation(s) for s in c.sources},
                "jsonld": self.jsonld(script, case_id),
                "data_url": href(self.cfg, f"data/cases/{case_id}.json"),
                "headings": [vars(h) for h in text.headings],
                "related": related,
            },
        )

    def case_citation(self, script: Script, case_id: str) -> dict[str, str]:
        doc = self.s.docs[case_id]
        cite = case_citation(
            publisher=self.t(self.cfg.title, script),
            title=doc.text[script].title,
            url=absolute(self.cfg, f"{PREFIX[script]}/cases/{case_id}/"),
            added=doc.case.added,
            cited=self.s.build_date,
            place=doc.text[script].locality,
            lang=LANG[script],
            key=f"govcases-{case_id}",
        )
        return {
            "gbt": cite.gbt,
            "publisher": self.t(self.cfg.title, script),
            "date": doc.case.added.replace("-", "/"),
            "bib": self.url(script, f"cases/{case_id}/{case_id}.bib"),
            "ris": self.url(script, f"cases/{case_id}/{case_id}.ris"),
        }

    def jsonld(self, script: Script, case_id: str) -> str:
        """schema.org description of the case page; '<' escaped so no text can end or open a
        tag inside its <script> block."""
        doc = self.s.docs[case_id]
        c, text = doc.case, doc.text[script]
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": text.title,
            "description": text.summary,
            "inLanguage": LANG[script],
            "url": absolute(self.cfg, f"{PREFIX[script]}/cases/{case_id}/"),
            "datePublished": c.added,
            "publisher": {"@type": "Organization", "name": self.t(self.cfg.title, script)},
            "temporalCoverage": f"{c.start}/{c.end or '..'}",
            "spatialCoverage": {
                "@type": "Place",
                "name": text.locality,
                "address": {
                    "@type": "PostalAddress",
                    "addressCountry": "CN",
                    "addressRegion": self.t(c.region.province.name, script),
                },
                "identifier": c.region.most_specific.code,
            },
            "about": [self.term_link(script, "mechanism", m)["name"] for m in c.mechanisms],
            "isBasedOn": [
                {"@type": "CreativeWork", "name": s.title, **({"url": s.url} if s.url else {})}
                for s in c.sources
            ],
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")

    def region_entry(self, script: Script, node: RegionNode) -> dict[str, Any]:
        return {
            **self.division_link(script, node.division),
            "count": len(node.case_ids),
            "reports": len(node.report_numbers),
            "children": [self.region_entry(script, k) for k in node.children],
        }

    def region_index(self, script: Script) -> Page:
        return self.page(
            script,
            "regions/index.html",
            "region_index.html",
            self.t("按地区浏览", script),
            [],
            tree=[self.region_entry(script, n) for n in self.s.indexes.regions],
        )

    def region_page(self, script: Script, node: RegionNode) -> Page:
        d = node.division
        crumbs = [self.crumb(script, "地区", "regions/")] + [
            self.division_link(script, a) | {"label": self.t(a.name, script)}
            for a in node.chain[:-1]
        ]
        return self.page(
            script,
            f"regions/{d.code}/index.html",
            "region.html",
            self.t(d.name, script),
            crumbs,
            region={
                **self.division_link(script, d),
                "level": self.t(LEVEL_NAMES[d.level], script),
                "children": [self.region_entry(script, k) for k in node.children],
            },
            cases=[self.case_card(script, i) for i in node.case_ids],
            reports=[
                self.report_entry(script, r)
                for r in self.s.reports
                if r.number in node.report_numbers
            ],
        )

    def report_entry(self, script: Script, r: Report) -> dict[str, Any]:
        return {
            "number": r.number,
            "title": self.t(r.title, script),
            "authors": [self.t(a, script) for a in r.authors],
            "locality": self.t(r.locality, script),
            "region": [self.division_link(script, d) for d in r.region.divisions]
            if r.region
            else [],
            "topic": self.t(r.topic, script),
            "page": r.page,
            "note": self.t(r.note, script),
        }

    def report_list(self, script: Script) -> Page:
        first = self.s.reports[0] if self.s.reports else None
        return self.page(
            script,
            "reports/index.html",
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
            "search/index.html",
            "search.html",
            self.t("搜索案例", script),
            [],
            index=href(self.cfg, "search/"),
            filters={
                "province": sorted({(c["province_code"], c["province"]) for c in cards}),
                "mechanism": [(t.id, self.t(t.name, script)) for t in self.s.taxonomy.mechanisms],
                "outcome": [(t.id, self.t(t.name, script)) for t in self.s.taxonomy.outcomes],
                "year": [(str(y), str(y)) for y in sorted(self.s.indexes.by_year, reverse=True)],
            },
        )

    def compare_page(self, script: Script) -> Page:
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
            "compare/index.html",
            "compare.html",
            self.t("比较案例", script),
            [],
            matrices=matrices,
        )

    def map_page(self, script: Script) -> Page:
        ix = self.s.indexes
        shades = [
            Shade(
                n.division.code,
                self.t(n.division.name, script),
                self.region_url(script, n.division),
                len(n.case_ids),
            )
            for n in ix.regions
            if n.case_ids
        ]
        markers = []
        for i in ix.case_ids:
            doc = self.s.docs[i]
            d = next(d for d in reversed(doc.case.region.divisions) if not math.isnan(d.lon))
            markers.append(Marker(doc.text[script].title, self.case_url(script, i), d.lon, d.lat))
        svg = render_map(
            shades,
            markers,
            self.t("案例地图", script),
            self.t("各省按案例数着色，每个圆点是一个案例。文字版见地区索引。", script),
        )
        return self.page(
            script,
            "map/index.html",
            "map.html",
            self.t("案例地图", script),
            [],
            svg=svg,
            tree=[self.region_entry(script, n) for n in ix.regions if n.case_ids],
        )

    def timeline_page(self, script: Script) -> Page:
        years = [
            {"year": y, "cases": [self.case_card(script, i) for i in ids]}
            for y, ids in sorted(self.s.indexes.by_year.items())
        ]
        return self.page(
            script,
            "timeline/index.html",
            "timeline.html",
            self.t("时间线", script),
            [],
            years=years,
        )

    def data_page(self, script: Script) -> Page:
        def d(rel: str) -> str:
            return href(self.cfg, rel)

        files = [
            {"name": "cases.json", "url": d("data/cases.json"), "what": "全部案例（JSON）"},
            {
                "name": "cases.schema.json",
                "url": d("data/cases.schema.json"),
                "what": "cases.json 的 JSON Schema",
            },
            {
                "name": "cases.csv",
                "url": d("data/cases.csv"),
                "what": "全部案例一览（CSV，UTF-8 带 BOM，Excel 可直接打开）",
            },
            {"name": "data/cases/<id>.json", "url": "#per-case", "what": "每个案例一个 JSON 文件"},
            {"name": "feed.xml", "url": self.url(script, "feed.xml"), "what": "新增案例 Atom 订阅"},
            {"name": "sitemap.xml", "url": d("sitemap.xml"), "what": "两种文字的站点地图"},
        ]
        files = [f | {"what": self.t(f["what"], script)} for f in files]
        schema = CaseRecord.model_json_schema()
        fields = [
            {
                "name": k,
                "type": _schema_type(v),
                "description": self.t(FIELD_DOCS.get(k, ""), script),
            }
            for k, v in schema["properties"].items()
        ]
        per_case = [
            {"id": i, "url": d(f"data/cases/{i}.json"), "title": self.s.docs[i].text[script].title}
            for i in self.s.indexes.case_ids
        ]
        return self.page(
            script,
            "data/index.html",
            "data.html",
            self.t("数据下载", script),
            [],
            files=files,
            fields=fields,
            per_case=per_case,
        )

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
            script, f"{kind}s/index.html", "term_index.html", title, [], kind=kind, groups=groups
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
            f"{kind}s/{term_id}/index.html",
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


def root_pages(site: SiteData) -> list[Page]:
    """Script chooser and 404: bilingual, outside the two script trees, no JavaScript needed."""
    cfg = site.config
    ctx = {
        "script": None,
        "site_title": {s: site.conv.convert(cfg.title, "hans", s) for s in SCRIPTS},
        "choices": [
            {
                "lang": LANG[s],
                "url": href(cfg, PREFIX[s] + "/"),
                "label": "简体中文" if s == "hans" else "繁體中文",
            }
            for s in SCRIPTS
        ],
        "asset": href(cfg, "assets/"),
        "alternates": [{"lang": LANG[s], "url": absolute(cfg, PREFIX[s] + "/")} for s in SCRIPTS],
    }
    return [Page("index.html", "root.html", ctx), Page("404.html", "404.html", ctx)]


def review_page(site: SiteData, choices: list[Choice]) -> Page:
    """Conversion review for editors (not linked from the main navigation). Choices decided by
    markup or a rule, and unreviewed ones, are listed in context; dictionary choices covered by
    a confirmation are counted per confirmed word (hundreds of thousands of rows at scale would
    make the page unusable, and `check --conversion` still lists each one)."""
    cfg = site.config
    by_case: dict[str, list[dict[str, Any]]] = {}
    confirmed: dict[tuple[str, str, str], list[str]] = {}  # (word, source, chosen) → case ids
    for c in sorted(choices, key=lambda c: (c.case_id, c.reviewed)):
        if c.confirmed_by:
            confirmed.setdefault((c.confirmed_by, c.source, c.chosen), []).append(c.case_id)
            continue
        converted: Script = "hant" if site.docs[c.case_id].case.script == "hans" else "hans"
        url = href(cfg, f"{PREFIX[converted]}/cases/{c.case_id}/")
        by_case.setdefault(c.case_id, []).append({**vars(c), "reviewed": c.reviewed, "url": url})
    summary = {
        "total": len(choices),
        "rules": sum(1 for c in choices if c.decided_by != "dictionary"),
        "confirmed": sum(1 for c in choices if c.confirmed_by),
        "unreviewed": sum(1 for c in choices if not c.reviewed),
    }
    return Page(
        "editors/conversion/index.html",
        "review.html",
        {
            "script": None,
            "asset": href(cfg, "assets/"),
            "home": href(cfg, ""),
            "summary": summary,
            "cases": [
                {"id": k, "path": site.docs[k].case.path, "choices": v}
                for k, v in sorted(by_case.items())
            ],
            "confirmed": [
                {"word": w, "source": s, "chosen": c, "count": len(ids), "cases": len(set(ids))}
                for (w, s, c), ids in sorted(confirmed.items())
            ],
        },
    )
