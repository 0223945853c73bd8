"""The case list, each case's page, its citation and JSON-LD."""

from __future__ import annotations

import json
from typing import Any

from govcases.model import ACTOR_LEVELS, Script, Source
from govcases.site.cite import source_citation
from govcases.site.urls import (
    LANG,
    SECTIONS,
    absolute,
    case_data,
    case_rel,
    citation_rel,
    href,
    in_script,
    page_file,
    source_document,
)
from govcases.site.views.base import Page, ViewBase, citation
from govcases.zh.conversion import written_in


class CasePages(ViewBase):
    """The case list, each case's page, its citation and JSON-LD."""

    def case_list(self, script: Script) -> Page:
        cards = [self.case_card(script, i) for i in self.s.indexes.case_ids]
        provinces = sorted({(c["province_code"], c["province"]) for c in cards})
        return self.page(
            script,
            page_file(SECTIONS["cases"]),
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
        crumbs = [self.crumb(script, "地区", SECTIONS["regions"])] + [
            {"label": self.t(d.name, script), "url": self.region_url(script, d)}
            for d in c.region.divisions
        ]
        return self.page(
            script,
            page_file(case_rel(case_id)),
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
                "actors": [
                    {"name": name, "level": self.t(ACTOR_LEVELS[a.level], script)}
                    for a, name in zip(c.actors, text.actor_names, strict=True)
                ],
                "sources": [self.source_entry(script, s) for s in c.sources],
                "body_html": text.body_html,
                "citation": self.case_citation(script, case_id),
                "jsonld": self.jsonld(script, case_id),
                "data_url": href(self.cfg, case_data(case_id)),
                "headings": [vars(h) for h in text.headings],
                "related": related,
            },
        )

    def other_lang(self, script: Script, text: str) -> str:
        """The lang attribute text printed as written needs: '' when it is in the page's
        script (or when no character tells), else the other script's language tag."""
        written = written_in(text)
        return LANG[written] if written is not None and written != script else ""

    def source_entry(self, script: Script, source: Source) -> dict[str, str]:
        """A source as the case page lists it: its citation (with the lang it is printed in,
        when that is the other script) and a link to it, the URL when there is one, else the
        source document published with the site."""
        shipped = source.document in self.s.shipped
        cited = source_citation(source)
        return {
            **vars(source),
            "citation": cited,
            "lang": self.other_lang(script, cited),
            "shipped": href(self.cfg, source_document(source.document)) if shipped else "",
        }

    def case_citation(self, script: Script, case_id: str) -> dict[str, Any]:
        doc = self.s.docs[case_id]
        cite = citation(self.s, script, case_id)
        return {
            "gbt": cite.gbt,
            "parts": cite.gbt_parts,
            "publisher": self.t(self.cfg.title, script),
            "date": doc.case.added.replace("-", "/"),
            "bib": self.url(script, citation_rel(case_id, "bib")),
            "ris": self.url(script, citation_rel(case_id, "ris")),
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
            "url": absolute(self.cfg, in_script(script, case_rel(case_id))),
            "datePublished": c.added,
            "publisher": {"@type": "Organization", "name": self.t(self.cfg.title, script)},
            "license": self.cfg.licence.url,
            "temporalCoverage": f"{c.start or '..'}/{c.end or '..'}",  # no start: a draft
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
