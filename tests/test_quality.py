"""Quality gates on the built site: valid HTML (Nu Html Checker), accessibility (axe-core in
Chromium), links in pages and data files, and page weight."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from govcases.config import load_config
from helpers import CHROMIUM, ROOT

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
AXE = ROOT / "node_modules/axe-core/axe.min.js"
JAVA = shutil.which("java")
needs_tools = pytest.mark.skipif(
    not (VNU.exists() and AXE.exists() and JAVA and Path(CHROMIUM).exists()),
    reason="npm tools, Java or Chromium missing (.ci/run installs them)",
)

# Case page budget: HTML + CSS + JS a reader downloads, gzip-compressed (see README).
CASE_PAGE_BUDGET = 50 * 1024
PAGE_BUDGET = 120 * 1024  # any page, including the map and the compare matrices


@needs_tools
def test_every_page_is_valid_html(site: Path) -> None:
    result = subprocess.run(
        [
            str(JAVA),
            "-jar",
            str(VNU),
            "--errors-only",
            "--skip-non-html",
            "--format",
            "json",
            str(site),
        ],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [
        f"{m.get('url', '').split('_site')[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []
    assert result.returncode == 0


AXE_PAGES = [
    "",
    "cases/guangzhou-liwan/",
    "cases/chengdu-chenghua/",
    "cases/",
    "regions/",
    "regions/440100/",
    "mechanisms/",
    "mechanisms/grid-management/",
    "outcomes/",
    "outcomes/social-stability/",
    "search/?q=网格",
    "map/",
    "compare/?cases=ankang,wenzhou",
    "compare/coverage/",
    "timeline/",
    "data/",
    "data/dictionary/",
    "reports/",
    "about/",
    "method/",
    "licence/",
]


@needs_tools
@pytest.mark.parametrize("script", ["zh-hans", "zh-hant"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_wcag_violations(browser: Browser, base: str, script: str, path: str) -> None:
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    page = context.new_page()
    page.goto(f"{base}/{script}/{path}")
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    context.close()
    violations = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['html'][:80]})"
        for v in result["violations"]
    ]
    assert violations == []


def test_links_in_data_files_resolve(site: Path) -> None:
    data = json.loads((site / "data/cases.json").read_text(encoding="utf-8"))
    urls = [u for c in data["cases"] for u in c["url"].values()]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    urls += re.findall(r"<loc>([^<]+)</loc>", sitemap)
    urls += re.findall(r'href="([^"]+)"', sitemap)
    for feed in ("zh-hans", "zh-hant"):
        urls += re.findall(r'href="([^"]+)"', (site / feed / "feed.xml").read_text("utf-8"))
    assert len(urls) > 500
    licence = load_config(ROOT).licence.url  # the feeds' rel="license" link: another site
    assert urls.count(licence) == 2
    for url in (u for u in urls if u != licence):
        target = site / url.lstrip("/")
        assert (target / "index.html").is_file() or target.is_file(), url


def page_weight(site: Path, page: Path) -> int:
    """gzip bytes of the page and the CSS and JS it loads (search index excluded)."""
    html = page.read_text(encoding="utf-8")
    assets = re.findall(r'<(?:link rel="stylesheet"|script)[^>]*(?:href|src)="/([^"]+)"', html)
    return sum(len(gzip.compress(p.read_bytes(), 9)) for p in [page, *(site / a for a in assets)])


def test_page_weight_within_budget(site: Path) -> None:
    weights = {
        p.relative_to(site).as_posix(): page_weight(site, p)
        for p in site.rglob("*.html")
        if "editors/" not in p.as_posix()
    }
    cases = {k: v for k, v in weights.items() if "/cases/" in k and k.count("/") == 3}
    heaviest_case = max(cases.items(), key=lambda kv: kv[1])
    heaviest = max(weights.items(), key=lambda kv: kv[1])
    print(f"heaviest case page {heaviest_case}; heaviest page {heaviest}")
    assert heaviest_case[1] <= CASE_PAGE_BUDGET, heaviest_case
    assert heaviest[1] <= PAGE_BUDGET, heaviest


@pytest.mark.parametrize("script", ["zh-hans", "zh-hant"])
def test_the_sites_own_scripts_work_under_its_content_security_policy(
    browser: Browser,
    base: str,
    script: str,
) -> None:
    """Every page forbids inline script and remote loads; the site's own scripts (filters,
    the script switch, search) must run under that policy without a single violation."""
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda e: violations.append(str(e)))
    for path in [
        "",
        "cases/",
        "cases/guyuan/",
        "map/",
        "search/?q=网格",
        "regions/",
        "compare/?cases=ankang,wenzhou",
    ]:
        page.goto(f"{base}/{script}/{path}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{base}/{script}/cases/")
    page.wait_for_selector("form[data-case-filter]:not([hidden])")  # shown by site.js
    page.fill("form[data-case-filter] input[name=q]", "固原")
    visible = page.eval_on_selector_all(
        "table[data-sortable] tbody tr", "rows => rows.filter(r => !r.hidden).length"
    )
    context.close()
    assert violations == []
    assert visible == 1
