"""The region index, each region's page and the map."""

from __future__ import annotations

import math
from typing import Any

from govcases.model import Script
from govcases.site.chinamap import Marker, Shade, render_map
from govcases.site.index import RegionNode
from govcases.site.urls import region_rel
from govcases.site.views.base import LEVEL_NAMES, Page, ViewBase


class RegionPages(ViewBase):
    """The region index, each region's page and the map."""

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
            region_rel(d.code) + "index.html",
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
            title = doc.text[script].title + ("（草稿）" if doc.case.draft else "")
            markers.append(Marker(title, self.case_url(script, i), d.lon, d.lat))
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
