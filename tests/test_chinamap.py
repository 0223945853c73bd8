from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from govcases.site.chinamap import (
    Marker,
    Shade,
    project,
    provinces,
    render_map,
    shade_level,
    shade_ranges,
)

DATA = Path(__file__).resolve().parent.parent / "src" / "govcases" / "data"
GUANGZHOU = (113.26, 23.13)
YANJI = (129.5, 42.9)


def view_box() -> tuple[float, float, float, float]:
    x, y, w, h = json.loads((DATA / "china-provinces.json").read_text(encoding="utf-8"))["viewBox"]
    return float(x), float(y), float(w), float(h)


def province_rows() -> dict[str, str]:
    with (DATA / "divisions.csv").open(encoding="utf-8") as f:
        return {r["code"]: r["name"] for r in csv.DictReader(f) if r["code"].endswith("0000")}


def sample() -> tuple[list[Shade], list[Marker]]:
    shades = [
        Shade("440000", "广东省：9 个案例", "/zh-hans/places/440000/", 9),
        Shade("220000", "吉林省", "/zh-hans/places/220000/", 1),
        Shade("110000", "北京市", "/zh-hans/places/110000/", 5),
        Shade("650000", "新疆维吾尔自治区", None, 2),
        Shade("710000", "台湾省", "/zh-hans/places/710000/", 0),
        Shade("130000", "河北省：2 份报告", "/zh-hans/places/130000/", 0, 2),
    ]
    markers = [
        Marker("广州 <案例> & “引号”", "/zh-hans/cases/gz/?a=1&b=2", *GUANGZHOU),
        Marker("延吉", "/zh-hans/cases/yanji/", *YANJI),
        Marker("三沙", "/zh-hans/cases/sansha/", 112.34, 16.83),
    ]
    return shades, markers


def test_34_provinces_match_divisions() -> None:
    rows = province_rows()
    assert len(rows) == 34
    assert provinces() == rows


def test_every_province_drawn_once() -> None:
    svg = render_map([], [], "t", "d")
    codes = re.findall(r'data-code="(\d{6})"', svg)
    assert sorted(codes) == sorted(province_rows())
    assert svg.count('<path class="map-province') == 34


def test_data_file_is_small() -> None:
    assert (DATA / "china-provinces.json").stat().st_size <= 150_000


def test_output_deterministic() -> None:
    shades, markers = sample()
    first = render_map(shades, markers, "地图", "说明")
    assert render_map(shades[::-1], markers[::-1], "地图", "说明") == first


def test_markers_inside_view_box_and_ordered() -> None:
    x0, y0, w, h = view_box()
    gx, gy = project(*GUANGZHOU)
    yx, yy = project(*YANJI)
    for x, y in ((gx, gy), (yx, yy), project(112.34, 16.83)):
        assert x0 <= x <= x0 + w and y0 <= y <= y0 + h
    assert gx < yx  # Guangzhou is west of Yanji
    assert gy > yy  # and south of it (SVG y grows downwards)
    assert project(87.6, 43.8)[0] < gx  # Ürümqi west of Guangzhou


def test_links_are_only_those_passed_in() -> None:
    shades, markers = sample()
    svg = render_map(shades, markers, "地图", "说明")
    hrefs = re.findall(r'<a href="([^"]*)"', svg)
    given = {s.url for s in shades if s.url} | {m.url for m in markers}
    unescaped = {h.replace("&amp;", "&") for h in hrefs}
    assert unescaped <= given
    # markers all linked; provinces linked only with cases or reports and a URL (not 台湾省)
    assert len(hrefs) == len(markers) + 4
    assert "/zh-hans/places/710000/" not in unescaped
    assert "&lt;案例&gt; &amp; “引号”" in svg
    assert "<案例>" not in svg


def test_shade_classes_follow_counts() -> None:
    shades, markers = sample()
    svg = render_map(shades, markers, "地图", "说明")

    def level(code: str) -> int:
        m = re.search(rf'map-shade-(\d)" data-code="{code}"', svg)
        assert m
        return int(m.group(1))

    assert level("440000") == 3  # the most
    assert level("110000") == 2
    assert level("650000") == 1
    assert level("220000") == 1
    assert level("710000") == 0
    assert level("530000") == 0  # no shade given
    assert level("130000") == 0
    assert "<title>广东省：9 个案例</title>" in svg
    assert "<title>台湾省</title>" in svg


def test_provinces_with_only_reports_are_marked() -> None:
    shades, markers = sample()
    svg = render_map(shades, markers, "地图", "说明")
    marked = re.findall(r'class="map-province map-reports-only map-shade-0" data-code="(\d+)"', svg)
    assert marked == ["130000"]
    assert '<a href="/zh-hans/places/130000/"><title>河北省：2 份报告</title>' in svg
    assert svg.count("map-reports-only") == 1


@pytest.mark.parametrize(
    ("top", "ranges"),
    [
        (0, [(0, 0, 0)]),
        (1, [(0, 0, 0), (3, 1, 1)]),
        (2, [(0, 0, 0), (2, 1, 1), (3, 2, 2)]),
        (9, [(0, 0, 0), (1, 1, 3), (2, 4, 6), (3, 7, 9)]),
        (10, [(0, 0, 0), (1, 1, 3), (2, 4, 6), (3, 7, 10)]),
    ],
)
def test_legend_ranges_cover_every_count_once(top: int, ranges: list[tuple[int, int, int]]) -> None:
    assert shade_ranges(top) == ranges
    for count in range(top + 1):
        (level,) = [lv for lv, lo, hi in ranges if lo <= count <= hi]
        assert level == shade_level(count, top)
    single = render_map([Shade("110000", "北京市", "/b/", 1)], [], "t", "d")
    assert 'map-shade-3" data-code="110000"' in single


def test_svg_shell() -> None:
    x0, y0, w, h = view_box()
    svg = render_map([], [], "中国 <地图>", "各省")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'role="group"' in svg and 'width="100%"' in svg
    assert f'viewBox="{x0:g} {y0:g} {w:g} {h:g}"' in svg
    assert "<title>中国 &lt;地图&gt;</title>" in svg and "<desc>各省</desc>" in svg
    assert svg.endswith("</svg>")


@pytest.mark.parametrize(
    "shades",
    [
        [Shade("999999", "x", None, 1)],
        [Shade("110000", "x", None, 1), Shade("110000", "y", None, 2)],
        [Shade("110000", "x", None, -1)],
        [Shade("110000", "x", None, 0, -1)],
    ],
)
def test_bad_shades_rejected(shades: list[Shade]) -> None:
    with pytest.raises(ValueError):
        render_map(shades, [], "t", "d")
