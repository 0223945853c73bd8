"""Documents and indexes → pages: a template name and a plain dict per page and script.

Templates get only these dicts (URLs and labels already in the page's script), never domain
objects. Every page exists once per script at the same path under /zh-hans/ and /zh-hant/.
"""

from __future__ import annotations

from typing import Any

from govcases.model import SCRIPTS, Choice, Script
from govcases.site.urls import (
    ASSETS,
    CONVERSION_REVIEW,
    LANG,
    absolute,
    case_rel,
    href,
    in_script,
    page_file,
    text_page_rel,
)
from govcases.site.views.base import Page, SiteData, citation
from govcases.site.views.cases import CasePages
from govcases.site.views.regions import RegionPages
from govcases.site.views.terms import TermPages
from govcases.site.views.texts import TextPages
from govcases.site.views.tools import ToolPages

__all__ = [
    "Page",
    "SiteData",
    "Views",
    "citation",
    "review_page",
    "root_pages",
]


class Views(CasePages, RegionPages, TermPages, ToolPages, TextPages):
    """Builds every page of the site for both scripts."""

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
                self.coverage_page(script),
                self.map_page(script),
                self.timeline_page(script),
                self.data_page(script),
                self.dictionary_page(script),
                *self.text_pages(script),
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


def root_pages(site: SiteData) -> list[Page]:
    """Script chooser and 404: bilingual, outside the two script trees, no JavaScript needed."""
    cfg = site.config
    ctx = {
        "script": None,
        "ways": not_found_ways(site),
        "site_title": {s: site.conv.convert(cfg.title, "hans", s) for s in SCRIPTS},
        "choices": [
            {
                "lang": LANG[s],
                "url": href(cfg, in_script(s)),
                "label": "简体中文" if s == "hans" else "繁體中文",
            }
            for s in SCRIPTS
        ],
        "asset": href(cfg, ASSETS),
        "alternates": [{"lang": LANG[s], "url": absolute(cfg, in_script(s))} for s in SCRIPTS],
        "about": [
            {
                "lang": LANG[s],
                "links": [
                    {
                        "label": site.conv.convert(label, "hans", s),
                        "url": href(cfg, in_script(s, text_page_rel(name))),
                    }
                    for name, label in (("about", "关于"), ("method", "方法"), ("licence", "许可"))
                ],
            }
            for s in SCRIPTS
        ],
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
        url = href(cfg, in_script(converted, case_rel(c.case_id)))
        by_case.setdefault(c.case_id, []).append({**vars(c), "reviewed": c.reviewed, "url": url})
    summary = {
        "total": len(choices),
        "rules": sum(1 for c in choices if c.decided_by != "dictionary"),
        "confirmed": sum(1 for c in choices if c.confirmed_by),
        "unreviewed": sum(1 for c in choices if not c.reviewed),
    }
    return Page(
        page_file(CONVERSION_REVIEW),
        "review.html",
        {
            "script": None,
            "asset": href(cfg, ASSETS),
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


def not_found_ways(site: SiteData) -> list[dict[str, Any]]:
    """The 404 page's way back, once per script: a search box and the main indexes."""
    views = Views(site)

    def t(text: str, script: Script) -> str:
        return site.conv.convert(text, "hans", script)

    ways = []
    for s in SCRIPTS:
        nav = {n["id"]: n for n in views.nav(s)}
        ways.append(
            {
                "script": s,
                "lang": LANG[s],
                "nav_label": t("从这里继续", s),
                "search": nav["search"]["url"],
                "search_label": t("搜索案例", s),
                "search_button": t("搜索", s),
                "links": [{"label": t("首页", s), "url": views.url(s, "")}]
                + [nav[i] for i in ("cases", "regions", "mechanisms", "outcomes", "map")],
            }
        )
    return ways
