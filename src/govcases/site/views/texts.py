"""The text pages (about, method, licence) and the data dictionary page."""

from __future__ import annotations

from typing import Any

from govcases.model import SCRIPTS, Script
from govcases.site.dictionary import case_fields, data_files, file_fields
from govcases.site.pages import TextPage, load_text_pages
from govcases.site.urls import SECTIONS, TEXT_PAGES, href, page_file, text_page_rel
from govcases.site.views.base import Page, ViewBase


class TextPages(ViewBase):
    """The about, method and licence pages from `pages/`, and the data dictionary."""

    def texts(self) -> dict[str, TextPage]:
        """The text pages, read and converted once per build."""
        if self._texts is None:
            tax = self.s.taxonomy
            lic = self.cfg.licence
            values = {
                "site_title": self.cfg.title,
                "licence_name": lic.name,
                "licence_id": lic.id,
                "licence_url": lic.url,
                "cases": str(len(self.s.indexes.case_ids)),
                "mechanisms": str(len(tax.mechanisms)),
                "outcomes": str(len(tax.outcomes)),
                "categories": str(len(tax.categories)),
            }
            pages = {name: text_page_rel(name) for name in TEXT_PAGES}
            names = ("data", "dictionary", "cases", "regions", "mechanisms", "outcomes", "reports")
            pages |= {n: SECTIONS[n] for n in names}
            per_script = {
                s: values | {f"{k}_page": self.url(s, rel) for k, rel in pages.items()}
                for s in SCRIPTS
            }
            self._texts = load_text_pages(self.cfg, self.s.conv, per_script)
        return self._texts

    def text_pages(self, script: Script) -> list[Page]:
        return [self.text_page(script, name) for name in TEXT_PAGES]

    def text_page(self, script: Script, name: str) -> Page:
        page = self.texts()[name]
        return self.page(
            script,
            page_file(text_page_rel(name)),
            "page.html",
            page.title[script],
            [],
            page={"name": name, "html": page.html[script]},
        )

    def dictionary_page(self, script: Script) -> Page:
        files: list[dict[str, Any]] = [
            {
                "id": f.id,
                "name": f.name,
                "url": href(self.cfg, f.path) if f.path else "",
                "format": f.format.upper(),
                "what": self.t(f.description, script),
                "columns": [
                    {
                        "name": c.name,
                        "type": c.datatype,
                        "description": self.t(c.description, script),
                    }
                    for c in f.columns
                ],
            }
            for f in data_files()
        ]

        def described(fields: list[dict[str, str]]) -> list[dict[str, str]]:
            return [f | {"description": self.t(f["description"], script)} for f in fields]

        return self.page(
            script,
            page_file(SECTIONS["dictionary"]),
            "dictionary.html",
            self.t("数据字典", script),
            [self.crumb(script, "数据下载", SECTIONS["data"])],
            files=files,
            file_fields=described(file_fields()),
            case_fields=described(case_fields()),
        )
