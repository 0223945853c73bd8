"""The region index, each region's page and the map."""

from __future__ import annotations

import math
from typing import Any

from govcases.model import Script
from govcases.site.chinamap import Marker, Shade, render_map, shade_level, shade_ranges
from govcases.site.index import RegionNode
from govcases.site.urls import SECTIONS, page_file, region_rel
from govcases.site.views.base import LEVEL_NAMES, Page, ViewBase


class RegionPages(ViewBase):
    """The region index, each region's page and the map."""

    def counted(self, script: Script, n: int, unit: str) -> str:
        """A count with what it counts: 1 个案例, 3 份报告."""
        return f"{n} {self.t(unit, script)}"

    def region_entry(self, script: Script, node: RegionNode) -> dict[str, Any]:
        cases, reports = len(node.case_ids), len(node.report_numbers)
        return {
            **self.division_link(script, node.division),
            "count": cases,
            "reports": reports,
            "counts": "，".join(
                self.counted(script, n, unit)
                for n, unit in ((cases, "个案例"), (reports, "份报告"))
                if n
            ),
            "only_reports": not cases and reports > 0,
            "children": [self.region_entry(script, k) for k in node.children],
        }

    def region_index(self, script: Script) -> Page:
        return self.page(
            script,
            page_file(SECTIONS["regions"]),
            "region_index.html",
            self.t("按地区浏览", script),
            [],
            tree=[self.region_entry(script, n) for n in self.s.indexes.regions],
        )

    def region_page(self, script: Script, node: RegionNode) -> Page:
        d = node.division
        crumbs = [self.crumb(script, "地区", SECTIONS["regions"])] + [
            self.division_link(script, a) | {"label": self.t(a.name, script)}
            for a in node.chain[:-1]
        ]
        return self.page(
            script,
            page_file(region_rel(d.code)),
            "region.html",
            self.t(d.name, script),
            crumbs,
            region={
                **self.region_entry(script, node),
                "level": self.t(LEVEL_NAMES[d.level], script),
            },
            cases=[self.case_card(script, i) for i in node.case_ids],
            reports=[
                self.report_entry(script, r)
                for r in self.s.reports
                if r.number in node.report_numbers
            ],
        )

    def map_page(self, script: Script) -> Page:
        """The map, its legend and its text version: a table of the provinces it shades."""
        ix = self.s.indexes
        rows = [self.region_entry(script, n) for n in ix.regions]
        top = max((r["count"] for r in rows), default=0)
        shades = [
            Shade(
                r["code"],
                f"{r['name']}：{r['counts']}",
                r["url"],
                r["count"],
                r["reports"],
            )
            for r in rows
        ]
        legend = [
            {
                "shade": f"map-shade-{level}",
                "label": self.t("无案例", script)
                if hi == 0
                else self.counted(script, lo, "个案例")
                if lo == hi
                else f"{lo}–{self.counted(script, hi, '个案例')}",
            }
            for level, lo, hi in shade_ranges(top)
        ]
        if any(r["only_reports"] for r in rows):
            legend.append({"shade": "map-reports-only", "label": self.t("仅有报告", script)})
        table = [
            {
                **r,
                "shade": "map-reports-only"
                if r["only_reports"]
                else f"map-shade-{shade_level(r['count'], top)}",
                "cases": self.counted(script, r["count"], "个案例"),
                "report_count": self.counted(script, r["reports"], "份报告"),
            }
            for r in rows
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
            self.t("各省按案例数着色，每个圆点是一个案例。文字版见地图下方的表格。", script),
        )
        return self.page(
            script,
            page_file(SECTIONS["map"]),
            "map.html",
            self.t("案例地图", script),
            [],
            svg=svg,
            legend=legend,
            provinces=table,
        )
