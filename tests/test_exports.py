"""Data downloads, feeds, sitemap, citations and the compare and map pages."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema

from helpers import CASE_IDS, parse


def test_cases_json_validates_against_published_schema(site: Path) -> None:
    data = json.loads((site / "data/cases.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "data/cases.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert sorted(c["id"] for c in data["cases"]) == CASE_IDS
    one = json.loads((site / "data/case.schema.json").read_text(encoding="utf-8"))
    for case_id in CASE_IDS:
        record = json.loads((site / f"data/cases/{case_id}.json").read_text(encoding="utf-8"))
        jsonschema.validate(record, one)
    liwan = next(c for c in data["cases"] if c["id"] == "guangzhou-liwan")
    assert liwan["region"]["district"] == {"code": "440103", "name": "荔湾区"}
    assert "91.70" in [m["value"] for m in liwan["metrics"]]


def test_csv_has_bom_and_round_trips_every_case(site: Path) -> None:
    raw = (site / "data/cases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    data = json.loads((site / "data/cases.json").read_text(encoding="utf-8"))["cases"]
    assert len(rows) == len(data)
    for row, case in zip(rows, data, strict=True):
        assert row["id"] == case["id"]
        assert row["title_zh_hans"] == case["title"]["zh-Hans"]
        assert row["title_zh_hant"] == case["title"]["zh-Hant"]
        assert row["province_code"] == case["region"]["province"]["code"]
        assert row["mechanisms"].split(";") == case["mechanisms"]
        assert int(row["start"]) == case["start"]


def test_feeds_and_sitemap_are_valid_xml(site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    for script in ("zh-hans", "zh-hant"):
        feed = ET.parse(site / script / "feed.xml").getroot()
        assert feed.tag == f"{atom}feed"
        assert len(feed.findall(f"{atom}entry")) == len(CASE_IDS)
    urls = ET.parse(site / "sitemap.xml").getroot()
    locs = [u.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") for u in urls]
    assert "/zh-hans/cases/guyuan/" in locs and "/zh-hant/cases/guyuan/" in locs
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: /sitemap.xml" in robots


def test_every_matrix_cell_links_to_an_existing_case(site: Path) -> None:
    for script in ("zh-hans", "zh-hant"):
        html = (site / script / "compare/coverage/index.html").read_text(encoding="utf-8")
        cells = html.count('<td class="on"><a href=')
        expected = sum(
            len(c["mechanisms"]) + len(c["outcomes"])
            for c in json.loads((site / "data/cases.json").read_text(encoding="utf-8"))["cases"]
        )
        assert cells == expected
        for link in parse(site / script / "compare/coverage/index.html").links:
            if "/cases/" in link:
                assert (site / link.lstrip("/") / "index.html").is_file(), link


def test_every_map_marker_links_to_an_existing_case(site: Path) -> None:
    page = site / "zh-hant/map/index.html"
    html = page.read_text(encoding="utf-8")
    assert html.count('class="map-marker"') == len(CASE_IDS)
    case_links = {u for u in parse(page).links if re.fullmatch(r"/zh-hant/cases/[a-z0-9-]+/", u)}
    assert case_links == {f"/zh-hant/cases/{i}/" for i in CASE_IDS}
    assert "/zh-hant/regions/440000/" in parse(page).links  # shaded province links


def test_case_page_citation_metadata_and_downloads(site: Path) -> None:
    folder = site / "zh-hans/cases/guangzhou-liwan"
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert (
        '<meta name="citation_title" content="广东广州：“一窗式”政务服务减轻经济社会运行成本">'
        in html
    )
    assert '<meta name="citation_publication_date" content="2026/11/21">' in html
    assert '<meta property="og:title"' in html and "application/ld+json" in html
    cited = html.split("<span data-citation>", 1)[1].split("</span></p>", 1)[0]
    assert re.sub(r"<[^>]+>", "", cited) == (
        "地方治理创新案例库. 广东广州：“一窗式”政务服务减轻经济社会运行成本[EB/OL]. "
        "(2026-11-21)[2026-11-21]. /zh-hans/cases/guangzhou-liwan/."
    )
    ld = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(ld)
    assert data["spatialCoverage"]["identifier"] == "440103"
    bib = (folder / "guangzhou-liwan.bib").read_text(encoding="utf-8")
    assert bib.startswith("@misc{govcases-guangzhou-liwan,") and "year = {2026}" in bib
    ris = (folder / "guangzhou-liwan.ris").read_bytes().decode("utf-8")
    assert ris.startswith("TY  - ELEC\r\nTI  - 广东广州") and "\r\nER  - \r\n" in ris


def test_timeline_lists_cases_by_year(site: Path) -> None:
    html = (site / "zh-hans/timeline/index.html").read_text(encoding="utf-8")
    assert html.index('id="y2006"') < html.index('id="y2014"') < html.index('id="y2017"')
    assert "/zh-hans/cases/xinxiang-zhangqing/" in html
