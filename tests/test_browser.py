"""The built site in a real browser (Debian's Chromium driven by Playwright; no download)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from helpers import CHROMIUM

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (.ci/run installs it)"
)


def search(page: Page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_function(
        "() => { const s = document.querySelector('[data-search-status]').textContent;"
        " return s && !s.endsWith('…'); }",
        timeout=20000,
    )
    return page.eval_on_selector_all("[data-search-results] a", "a => a.map(e => e.pathname)")


def test_query_in_either_script_finds_cases_in_the_other(page: Page, base: str) -> None:
    # 成华 is written in Traditional (網格化), 江北 in Simplified (网格)
    hant = search(page, f"{base}/zh-hant/search/?q=网格")
    assert "/zh-hant/cases/chengdu-chenghua/" in hant and "/zh-hant/cases/nanjing-jiangbei/" in hant
    hans = search(page, f"{base}/zh-hans/search/?q=網格化")
    assert "/zh-hans/cases/nanjing-jiangbei/" in hans and "/zh-hans/cases/chengdu-chenghua/" in hans
    excerpt = page.inner_html("[data-search-results] li p")
    assert "<mark>" in excerpt


@pytest.mark.parametrize(
    "extra",
    ["province=510000", "mechanism=grid-management", "outcome=social-stability", "year=2015"],
)
def test_each_filter_narrows_results(page: Page, base: str, extra: str) -> None:
    everything = search(page, f"{base}/zh-hans/search/?q=治理")
    narrowed = search(page, f"{base}/zh-hans/search/?q=治理&{extra}")
    assert 0 < len(narrowed) < len(everything)
    assert set(narrowed) <= set(everything)


def test_typed_search_is_kept_in_the_url(page: Page, base: str) -> None:
    page.goto(f"{base}/zh-hans/search/")
    page.fill("#q", "一窗式")
    page.select_option("select[name=mechanism]", "one-window-service")
    page.wait_for_selector("[data-search-results] a")
    assert (
        "q=%E4%B8%80%E7%AA%97%E5%BC%8F" in page.url and "mechanism=one-window-service" in page.url
    )
    assert page.eval_on_selector_all("[data-search-results] a", "a => a.map(e => e.pathname)") == [
        "/zh-hans/cases/guangzhou-liwan/"
    ]


def test_script_switch_lands_on_same_page_and_is_remembered(page: Page, base: str) -> None:
    page.goto(f"{base}/zh-hans/cases/guyuan/")
    page.click("[data-script-switch]")
    page.wait_for_url(f"{base}/zh-hant/cases/guyuan/")
    assert page.get_attribute("html", "lang") == "zh-Hant"
    page.goto(f"{base}/")
    page.wait_for_url(f"{base}/zh-hant/")


def test_script_switch_keeps_the_query_and_the_anchor(page: Page, base: str) -> None:
    page.goto(f"{base}/zh-hans/search/")
    page.fill("#q", "网格")
    page.select_option("select[name=province]", "320000")
    page.wait_for_selector("[data-search-results] a")
    page.click("[data-script-switch]")
    page.wait_for_url(f"{base}/zh-hant/search/?**")
    assert page.input_value("#q") == "网格"
    assert page.input_value("select[name=province]") == "320000"
    page.wait_for_selector("[data-search-results] a")
    assert page.eval_on_selector_all("[data-search-results] a", "a => a.map(e => e.pathname)") == [
        "/zh-hant/cases/nanjing-jiangbei/"
    ]
    page.goto(f"{base}/zh-hant/cases/guyuan/#jucuo")
    page.click("[data-script-switch]")
    page.wait_for_url(f"{base}/zh-hans/cases/guyuan/#jucuo")


def test_case_list_sorts_and_filters(page: Page, base: str) -> None:
    page.goto(f"{base}/zh-hans/cases/")

    def years() -> list[int]:
        return [
            int(y)
            for y in page.eval_on_selector_all(
                "table.cases tbody tr:not([hidden]) td:nth-child(3)",
                "c => c.map(e => e.textContent)",
            )
        ]

    page.click("th:nth-child(3) button")
    assert years() == sorted(years())
    page.click("th:nth-child(3) button")
    assert years() == sorted(years(), reverse=True)
    page.select_option("select[name=province]", "440000")
    assert len(years()) == 1 and "province=440000" in page.url


@pytest.mark.parametrize(
    "path",
    [
        "/zh-hans/",
        "/zh-hant/cases/guangzhou-liwan/",
        "/zh-hans/cases/",
        "/zh-hant/search/?q=网格",
        "/zh-hans/map/",
        "/zh-hans/compare/?cases=ankang,wenzhou,guiyang",
        "/zh-hant/compare/coverage/",
        "/zh-hant/regions/",
        "/zh-hans/data/",
        "/zh-hant/data/dictionary/",
        "/zh-hans/about/",
        "/zh-hant/method/",
        "/zh-hant/licence/",
    ],
)
def test_nothing_overflows_at_phone_width(browser: Browser, base: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375, f"{path} is {width}px wide"


def test_newcomer_journey_home_region_case_mechanism_switch(page: Page, base: str) -> None:
    """home → region → city → case → mechanism → another case with it → other script."""
    page.goto(f"{base}/zh-hans/")
    page.click("text=广东省")
    page.wait_for_url(f"{base}/zh-hans/regions/440000/")
    page.click("ul.tree >> text=广州市")
    page.wait_for_url(f"{base}/zh-hans/regions/440100/")
    page.click("text=广东广州：“一窗式”政务服务减轻经济社会运行成本")
    page.wait_for_url(f"{base}/zh-hans/cases/guangzhou-liwan/")
    page.click(".facts >> text=政务数据共享与数字政府")
    page.wait_for_url(f"{base}/zh-hans/mechanisms/government-data-sharing/")
    page.click("text=四川成都：构建“大联动、微治理”的“智慧治理”新模式")
    page.wait_for_url(f"{base}/zh-hans/cases/chengdu-chenghua/")
    page.click("[data-script-switch]")
    page.wait_for_url(f"{base}/zh-hant/cases/chengdu-chenghua/")
    assert "成華區" in page.inner_text("main")
