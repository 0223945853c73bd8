"""The bundled cases build into a complete two-script site."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from govcases.zh.conversion import Converter, load_glossary, quotes
from govcases.zh.normalize import inline
from helpers import CASE_IDS, ROOT, check_links, html_files, parse


def test_every_page_exists_in_both_scripts(site: Path) -> None:
    hans = {p.relative_to(site / "zh-hans") for p in (site / "zh-hans").rglob("*.html")}
    hant = {p.relative_to(site / "zh-hant") for p in (site / "zh-hant").rglob("*.html")}
    assert hans == hant
    expected = {
        Path("index.html"),
        Path("cases/index.html"),
        Path("regions/index.html"),
        Path("mechanisms/index.html"),
        Path("outcomes/index.html"),
    }
    expected |= {Path(f"cases/{i}/index.html") for i in CASE_IDS}
    assert expected <= hans
    assert (site / "index.html").is_file() and (site / "404.html").is_file()


def test_pages_declare_language_twin_and_alternates(site: Path) -> None:
    for script, lang, other in (
        ("zh-hans", "zh-Hans", "zh-hant"),
        ("zh-hant", "zh-Hant", "zh-hans"),
    ):
        for page in (site / script).rglob("*.html"):
            rel = page.relative_to(site / script).as_posix().removesuffix("index.html")
            p = parse(page)
            assert p.lang == lang, page
            assert f"/{other}/{rel}" in p.links, f"{page} lacks its twin link"
            assert p.alternates == {"zh-Hans": f"/zh-hans/{rel}", "zh-Hant": f"/zh-hant/{rel}"}


def test_root_page_offers_both_scripts_without_javascript(site: Path) -> None:
    root = parse(site / "index.html")
    assert "/zh-hans/" in root.links and "/zh-hant/" in root.links
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "简体中文" in html and "繁體中文" in html


def test_every_internal_link_resolves(site: Path) -> None:
    assert check_links(site) > 1000


def test_no_remote_assets(site: Path) -> None:
    for page in html_files(site):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', html), page
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css


def test_simplified_case_is_converted_to_traditional(site: Path) -> None:
    hans = (site / "zh-hans/cases/guangzhou-liwan/index.html").read_text(encoding="utf-8")
    hant = (site / "zh-hant/cases/guangzhou-liwan/index.html").read_text(encoding="utf-8")
    assert "荔湾区" in hans and "荔灣區" in hant
    assert "统一出件" in hans and "統一出件" in hant and "齣件" not in hant


def test_traditional_case_reads_exactly_as_written(site: Path) -> None:
    source = (ROOT / "cases/chengdu-chenghua.md").read_text(encoding="utf-8")
    summary = inline(yaml.safe_load(source.split("\n---\n", 1)[0][4:])["summary"])
    hant = (site / "zh-hant/cases/chengdu-chenghua/index.html").read_text(encoding="utf-8")
    hans = (site / "zh-hans/cases/chengdu-chenghua/index.html").read_text(encoding="utf-8")
    assert quotes(summary, "hant") in hant  # as written, in Taiwan's quotation marks
    assert "成華區" in hant and "成华区" in hans and "成華區" not in hans.split("<main", 1)[1]


def test_case_page_has_region_terms_metrics_sections_sources(site: Path) -> None:
    page = site / "zh-hans/cases/guangzhou-liwan/index.html"
    html = page.read_text(encoding="utf-8")
    links = parse(page).links
    for code in ("440000", "440100", "440103"):
        assert f"/zh-hans/regions/{code}/" in links
    assert "/zh-hans/mechanisms/one-window-service/" in links
    assert "/zh-hans/outcomes/service-efficiency/" in links
    assert "162.3" in html and "91.70" in html and "53" in html
    for heading in ("背景", "举措", "成效"):
        assert f">{heading}</h2>" in html
    assert 'id="source-s1"' in html and "000_2e08075969aa5f7d.txt" in html


def test_region_hierarchy_pages(site: Path) -> None:
    index = (site / "zh-hans/regions/index.html").read_text(encoding="utf-8")
    assert index.index("广东省") < index.index("广州市") < index.index("荔湾区")
    city = parse(site / "zh-hans/regions/440100/index.html")
    assert "/zh-hans/regions/440103/" in city.links
    assert "/zh-hans/cases/guangzhou-liwan/" in city.links
    zone = (site / "zh-hans/regions/320100/index.html").read_text(encoding="utf-8")
    assert "南京江北新区" in zone or "江北新区" in zone


def test_mechanism_index_grouped_by_category_with_counts(site: Path) -> None:
    html = (site / "zh-hans/mechanisms/index.html").read_text(encoding="utf-8")
    for category in ("政治改革", "行政改革", "公共服务", "社会治理"):
        assert f">{category}</h2>" in html
    term = parse(site / "zh-hans/mechanisms/one-window-service/index.html")
    assert "/zh-hans/cases/guangzhou-liwan/" in term.links


def test_case_list_has_every_case_and_sort_filter_hooks(site: Path) -> None:
    page = site / "zh-hant/cases/index.html"
    links = parse(page).links
    for case_id in CASE_IDS:
        assert f"/zh-hant/cases/{case_id}/" in links
    html = page.read_text(encoding="utf-8")
    assert "data-sortable" in html and "data-case-filter" in html


def test_traditional_interface_has_no_simplified_characters(site: Path) -> None:
    """Pages without bibliographic text (source titles stay as printed) read wholly in
    Traditional: converting their text to Traditional again changes nothing. Interface
    strings, macros, place and term names included; the link to the Simplified twin, marked
    lang="zh-Hans", is the one exception."""
    conv = Converter("s2tw", load_glossary(ROOT / "glossary.yaml"))
    for rel in (
        "index.html",
        "regions/index.html",
        "regions/440100/index.html",
        "mechanisms/index.html",
        "outcomes/index.html",
        "map/index.html",
        "search/index.html",
        "timeline/index.html",
        "compare/index.html",
        "compare/coverage/index.html",
        "data/index.html",
        "cases/index.html",
    ):
        html = (site / "zh-hant" / rel).read_text(encoding="utf-8")
        html = re.sub(r'<a [^>]*lang="zh-Hans"[^>]*>[^<]*</a>', "", html)
        text = re.sub(r"<[^>]+>", "", html)
        assert conv.convert(text, "hans", "hant") == text, rel
