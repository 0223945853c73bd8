"""The map's legend, shading and table; counts that say what they count; region codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import CASE_IDS

UNITS = {
    "zh-hans": {"cases": "个案例", "reports": "份报告", "mechanisms": "种机制", "only": "仅有报告"},
    "zh-hant": {"cases": "個案例", "reports": "份報告", "mechanisms": "種機制", "only": "僅有報告"},
}
SCRIPTS = list(UNITS)


def read(site: Path, script: str, rel: str) -> str:
    return (site / script / rel / "index.html").read_text(encoding="utf-8")


def text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def province_counts(site: Path) -> dict[str, tuple[int, int]]:
    """Province code → (cases, reports), from the data file and the reports page."""
    cases: dict[str, int] = {}
    for c in json.loads((site / "data/cases.json").read_text(encoding="utf-8"))["cases"]:
        code = c["region"]["province"]["code"]
        cases[code] = cases.get(code, 0) + 1
    reports: dict[str, int] = {}
    for cell in re.findall(
        r'<td data-label="地区"><a href="/zh-hans/regions/(\d{2})0000/"',
        read(site, "zh-hans", "reports"),
    ):
        reports[cell + "0000"] = reports.get(cell + "0000", 0) + 1
    return {k: (cases.get(k, 0), reports.get(k, 0)) for k in cases.keys() | reports.keys()}


@pytest.mark.parametrize("script", SCRIPTS)
def test_map_table_lists_each_province_with_its_counts_and_link(site: Path, script: str) -> None:
    html = read(site, script, "map")
    u = UNITS[script]
    table = html[html.index('<table class="map-table">') :]
    rows = re.findall(
        r'<th scope="row"><span class="swatch ([\w-]+)" aria-hidden="true"></span>'
        r'<a href="/'
        + script
        + r'/regions/(\d{6})/">[^<]+</a>( <span class="badge">[^<]+</span>)?</th>\s*'
        r'<td class="num">(\d+) ([^<]+)</td>\s*<td class="num">(\d+) ([^<]+)</td>',
        table,
    )
    expected = province_counts(site)
    assert {code for _, code, *_ in rows} == set(expected)
    assert sum(int(r[3]) for r in rows) == len(CASE_IDS)
    for shade, code, badge, cases, case_unit, reports, report_unit in rows:
        assert (int(cases), int(reports)) == expected[code], code
        assert (case_unit, report_unit) == (u["cases"], u["reports"])
        only = int(cases) == 0
        assert (u["only"] in badge) == only, code
        # the row's swatch is the province's class on the map
        path = re.search(rf'class="map-province ([\w -]+)" data-code="{code}"', html)
        assert path, code
        assert shade in path.group(1).split()
    assert any(r[0] == "map-reports-only" for r in rows)


@pytest.mark.parametrize("script", SCRIPTS)
def test_map_legend_explains_every_shade_on_the_map(site: Path, script: str) -> None:
    html = read(site, script, "map")
    legend = re.findall(
        r'<li><span class="swatch ([\w-]+)" aria-hidden="true"></span>([^<]+)</li>',
        html[html.index('<ul class="map-legend"') : html.index("</figcaption>")],
    )
    shades = {c for cls in re.findall(r'class="map-province ([\w -]+)"', html) for c in cls.split()}
    shades.discard("map-province")
    classes = {c for c, _ in legend}
    assert shades <= classes
    labels = dict(legend)
    u = UNITS[script]
    assert labels["map-reports-only"] == u["only"]
    assert labels["map-shade-0"] == ("无案例" if script == "zh-hans" else "無案例")
    counted = [label for c, label in legend if c.startswith("map-shade-") and c != "map-shade-0"]
    assert counted and all(re.fullmatch(rf"\d+(–\d+)? {u['cases']}", label) for label in counted)
    # tooltips say what they count too
    assert re.search(rf"<title>[^<]+：\d+ {u['cases']}(，\d+ {u['reports']})?</title>", html)


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    "rel", ["", "regions", "regions/440000", "regions/130000", "mechanisms", "outcomes"]
)
def test_every_count_says_what_it_counts(site: Path, script: str, rel: str) -> None:
    html = read(site, script, rel)
    u = UNITS[script]
    counts = re.findall(r'<span class="count">([^<]*)</span>', html)
    assert counts
    unit = rf"\d+ ({u['cases']}|{u['reports']}|{u['mechanisms']})"
    for count in counts:
        assert re.fullmatch(rf"{unit}(，{unit})?", count), count
    assert not re.search(rf"\+\d+ {u['reports']}", text(html))  # a bare "+2 份报告" is gone


@pytest.mark.parametrize("script", SCRIPTS)
def test_term_page_and_case_list_counts_carry_units(site: Path, script: str) -> None:
    u = UNITS[script]
    term = read(site, script, "mechanisms/grid-management")
    assert re.search(rf"<dd>\d+ {u['cases']}</dd>", term)
    assert f'data-unit="{u["cases"]}"' in read(site, script, "cases")


@pytest.mark.parametrize("script", SCRIPTS)
def test_regions_with_only_reports_are_marked(site: Path, script: str) -> None:
    u = UNITS[script]
    only = read(site, script, "regions/130000")  # 河北省: two reports, no case
    assert f"<strong>{u['only']}</strong>" in only
    assert f"2 {u['reports']}" in text(only)
    with_cases = read(site, script, "regions/440000")
    assert u["only"] not in text(with_cases.split("<section>")[0])
    tree = read(site, script, "regions")
    marked = re.findall(
        rf'/regions/(\d+)/">[^<]+</a> <span class="count">[^<]+</span> '
        rf'<span class="badge">{u["only"]}</span>',
        tree,
    )
    assert "130000" in marked and "440000" not in marked and "440100" not in marked


@pytest.mark.parametrize(
    ("script", "label"), [("zh-hans", "行政区划代码"), ("zh-hant", "行政區劃代碼")]
)
def test_region_pages_show_their_gbt_2260_code(site: Path, script: str, label: str) -> None:
    for code in ("440000", "440100", "440103", "130000"):
        html = read(site, script, f"regions/{code}")
        assert f"{label}（GB/T 2260）：<span data-code>{code}</span>" in html
