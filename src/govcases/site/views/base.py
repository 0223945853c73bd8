"""What every page builder shares: the page and site types, links, cards and the page frame."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govcases.config import Config
from govcases.content.taxonomy import Kind, Taxonomy
from govcases.model import SCRIPTS, Division, Document, Report, Script
from govcases.site.cite import Citation, case_citation
from govcases.site.index import Indexes
from govcases.site.pages import TextPage
from govcases.site.urls import (
    ASSETS,
    COMPARE_MOST,
    LANG,
    SECTIONS,
    absolute,
    case_rel,
    href,
    in_script,
    region_rel,
    term_rel,
    text_page_rel,
    twin,
)
from govcases.zh.conversion import Converter

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
    shipped: frozenset[str] = frozenset()  # source documents published under sources/


def citation(site: SiteData, script: Script, case_id: str) -> Citation:
    """The citation of a case page in one script: the page shows its GB/T 7714 form, and the
    page's .bib and .ris files are written from the same one."""
    doc = site.docs[case_id]
    return case_citation(
        publisher=site.conv.convert(site.config.title, "hans", script),
        title=doc.text[script].title,
        url=absolute(site.config, in_script(script, case_rel(case_id))),
        added=doc.case.added,
        cited=site.build_date,
        place=doc.text[script].locality,
        lang=LANG[script],
        key=f"govcases-{case_id}",
    )


class ViewBase:
    """Links, cards and the page frame shared by every page family."""

    def __init__(self, site: SiteData) -> None:
        self.s = site
        self.cfg = site.config
        # A case's card and a term's link appear on many pages: built once per script.
        # Templates only read them, so pages may share them.
        self._cards: dict[tuple[Script, str], dict[str, Any]] = {}
        self._links: dict[tuple[Script, Kind, str], dict[str, str]] = {}
        self._texts: dict[str, TextPage] | None = None  # the text pages, read on first use

    def t(self, text: str, script: Script) -> str:
        """Simplified data text (taxonomy, place names) in the page's script."""
        return self.s.conv.convert(text, "hans", script)

    def url(self, script: Script, rel: str) -> str:
        return href(self.cfg, in_script(script, rel))

    def case_url(self, script: Script, case_id: str) -> str:
        return self.url(script, case_rel(case_id))

    def region_url(self, script: Script, d: Division) -> str:
        return self.url(script, region_rel(d.code))

    def term_url(self, script: Script, kind: Kind, term_id: str) -> str:
        return self.url(script, term_rel(kind, term_id))

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
            "draft": c.draft,  # only serve and build --drafts have drafts: marked 草稿
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
        path = in_script(script, rel)
        other = twin(script)
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
                    "url": href(self.cfg, in_script(other, rel)),
                    "lang": LANG[other],
                    "label": "繁體" if other == "hant" else "简体",
                },
                "alternates": [
                    {"lang": LANG[s], "url": absolute(self.cfg, in_script(s, rel))} for s in SCRIPTS
                ],
                "canonical": absolute(self.cfg, path),
                "asset": href(self.cfg, ASSETS),
                "build_date": self.s.build_date,
                "licence": self.licence(script),
                "compare_most": COMPARE_MOST,
                **context,
            },
        )

    def nav(self, script: Script) -> list[dict[str, str]]:
        """Main navigation first, then the other ways in (shown on the home page and footer)."""
        items = [
            ("search", "搜索", SECTIONS["search"]),
            ("cases", "全部案例", SECTIONS["cases"]),
            ("regions", "地区", SECTIONS["regions"]),
            ("mechanisms", "治理机制", SECTIONS["mechanisms"]),
            ("outcomes", "成效", SECTIONS["outcomes"]),
            ("map", "地图", SECTIONS["map"]),
            ("compare", "比较", SECTIONS["compare"]),
            ("timeline", "时间线", SECTIONS["timeline"]),
            ("data", "数据", SECTIONS["data"]),
            ("reports", "待整理报告", SECTIONS["reports"]),
            ("about", "关于", text_page_rel("about")),
            ("method", "方法", text_page_rel("method")),
            ("licence", "许可", text_page_rel("licence")),
        ]
        return [
            {"id": i, "label": self.t(label, script), "url": self.url(script, rel)}
            for i, label, rel in items
        ]

    def licence(self, script: Script) -> dict[str, str]:
        """The licence of the content, as every page's footer and each case page state it."""
        lic = self.cfg.licence
        return {
            "name": self.t(lic.name, script),
            "id": lic.id,
            "url": lic.url,
            "page": self.url(script, text_page_rel("licence")),
        }

    def crumb(self, script: Script, label: str, rel: str) -> dict[str, str]:
        return {"label": self.t(label, script), "url": self.url(script, rel)}

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
