"""Chosen cases side by side: picked on the case list or in search results, shown at
compare/?cases=a,b in the reader's script with the facts their own pages give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from helpers import parse

SCRIPTS = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}
ROWS = ["region", "period", "actors", "mechanisms", "outcomes", "metrics"]


def titles(site: Path, lang: str) -> dict[str, str]:
    cases = json.loads((site / "data/cases.json").read_text(encoding="utf-8"))["cases"]
    return {c["id"]: c["title"][lang] for c in cases}


def facts(page: Page, base: str, script: str, case_id: str) -> dict[str, str]:
    """What the case page itself says, fact by fact."""
    page.goto(f"{base}/{script}/cases/{case_id}/")
    own = {
        fact: page.inner_text(f"[data-fact='{fact}']").strip()
        for fact in ROWS[:-1]
        if page.locator(f"[data-fact='{fact}']").count()
    }
    first = page.locator("#metrics tbody tr").first.locator("td")
    own["figure"] = f"{first.nth(1).inner_text()}（{first.nth(2).inner_text()}）"
    return own


def column(page: Page, index: int) -> dict[str, str]:
    """The compare table's column `index` (1 = first case), row by row."""
    return {
        row: page.inner_text(f"tr[data-row='{row}'] > :nth-child({index + 1})").strip()
        for row in ROWS
    }


@pytest.mark.parametrize("script", list(SCRIPTS))
def test_chosen_cases_stand_side_by_side_in_the_readers_script(
    page: Page, site: Path, base: str, script: str
) -> None:
    own = {i: facts(page, base, script, i) for i in ("ankang", "wenzhou")}
    page.goto(f"{base}/{script}/compare/?cases=ankang,wenzhou")
    page.wait_for_selector("[data-compare-table]:not([hidden])")
    heads = page.eval_on_selector_all(
        "[data-compare-table] thead th a", "as => as.map(a => [a.textContent, a.pathname])"
    )
    names = titles(site, SCRIPTS[script])
    assert heads == [[names[i], f"/{script}/cases/{i}/"] for i in ("ankang", "wenzhou")]
    for index, case_id in enumerate(("ankang", "wenzhou"), start=1):
        shown = column(page, index)
        for fact, text in own[case_id].items():
            if fact != "figure":
                assert shown[fact] == text, (case_id, fact)
    # figures: the first six of the case's own table, and a link to the rest
    figures = page.locator("tr[data-row='metrics'] > :nth-child(2) li")
    assert figures.count() == 6
    assert figures.first.inner_text().splitlines()[-1] == own["ankang"]["figure"]
    assert own["ankang"]["figure"].endswith("（2020）")
    more = page.locator("tr[data-row='metrics'] > :nth-child(2) a").last
    assert more.get_attribute("href") == f"/{script}/cases/ankang/#metrics"
    assert page.inner_text("[data-compare-status]") == (
        "并排比较 2 个案例" if script == "zh-hans" else "並排比較 2 個案例"
    )


def test_terms_every_chosen_case_has_are_marked(page: Page, base: str) -> None:
    page.goto(f"{base}/zh-hans/compare/?cases=ankang,guiyang")
    page.wait_for_selector("[data-compare-table]:not([hidden])")
    shared = page.eval_on_selector_all("a.tag.shared", "as => as.map(a => a.pathname)")
    assert shared == [
        "/zh-hans/mechanisms/online-government-services/",
        "/zh-hans/mechanisms/online-government-services/",
    ]
    assert page.is_visible("[data-compare-shared]")
    page.goto(f"{base}/zh-hans/compare/?cases=ankang,guiyang,wenzhou")
    page.wait_for_selector("[data-compare-table]:not([hidden])")
    assert page.locator("a.tag.shared").count() == 0
    assert not page.is_visible("[data-compare-shared]")


def test_unknown_and_malformed_ids_are_dropped_and_said(page: Page, base: str) -> None:
    page.goto(f"{base}/zh-hans/compare/?cases=guiyang,../../etc,no-such-case,guiyang,%3Cb%3E")
    page.wait_for_selector("[data-compare-table]:not([hidden])")
    assert page.inner_text("[data-compare-status]") == (
        "找不到案例：no-such-case 再选一个案例即可并排比较。"
    )
    assert page.locator("[data-compare-table] thead th").count() == 1
    assert page.url.endswith("/zh-hans/compare/?cases=guiyang")


def test_at_most_four_cases_and_removing_one_updates_the_link(page: Page, base: str) -> None:
    ids = ["ankang", "guiyang", "wenzhou", "yanji", "guyuan"]
    page.goto(f"{base}/zh-hant/compare/?cases={','.join(ids)}")
    page.wait_for_selector("[data-compare-table]:not([hidden])")
    heads = page.eval_on_selector_all(
        "[data-compare-table] thead th a", "as => as.map(a => a.pathname.split('/')[3])"
    )
    assert heads == ids[:4]
    page.click("thead th:nth-child(3) button.remove")  # guiyang
    assert page.url.endswith("/zh-hant/compare/?cases=ankang,wenzhou,yanji")
    assert page.locator("[data-compare-table] thead th").count() == 3
    assert page.inner_text("[data-compare-status]") == "並排比較 3 個案例"


@pytest.mark.parametrize("script", list(SCRIPTS))
def test_cases_are_picked_on_the_case_list_and_in_search_results(
    browser: Browser, base: str, script: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/{script}/cases/")
    bar = page.locator("[data-compare-bar]")
    assert bar.locator("[data-compare-count]").inner_text() == (
        "勾选 2 至 4 个案例即可并排比较"
        if script == "zh-hans"
        else "勾選 2 至 4 個案例即可並排比較"
    )
    assert bar.locator("[data-compare-go]").get_attribute("aria-disabled") == "true"
    for case_id in ("ankang", "wenzhou"):
        page.check(f"[data-compare-pick='{case_id}']")
    assert bar.locator("[data-compare-go]").get_attribute("aria-disabled") is None
    # the choice follows the reader to the search page, where results can add to it
    page.goto(f"{base}/{script}/search/?q=社会")
    page.wait_for_selector("[data-search-results] li [data-compare-pick]")
    picks = page.locator("[data-search-results] [data-compare-pick]")
    ids = [picks.nth(i).get_attribute("data-compare-pick") for i in range(picks.count())]
    checked = [picks.nth(i).is_checked() for i in range(picks.count())]
    assert checked == [i in ("ankang", "wenzhou") for i in ids]
    extra = next(i for i in ids if i not in ("ankang", "wenzhou"))
    page.check(f"[data-search-results] [data-compare-pick='{extra}']")
    count = page.inner_text("[data-compare-count]")
    assert count == ("已选 3 个案例" if script == "zh-hans" else "已選 3 個案例")
    # a fifth is refused, and the bar says why
    page.goto(f"{base}/{script}/cases/")
    others = [
        i
        for i in page.eval_on_selector_all(
            "[data-compare-pick]", "bs => bs.map(b => b.dataset.comparePick)"
        )
        if i not in ("ankang", "wenzhou", extra)
    ]
    page.check(f"[data-compare-pick='{others[0]}']")
    page.click(f"[data-compare-pick='{others[1]}']")
    assert not page.is_checked(f"[data-compare-pick='{others[1]}']")
    assert page.inner_text("[data-compare-count]") == (
        "最多同时比较 4 个案例" if script == "zh-hans" else "最多同時比較 4 個案例"
    )
    page.click("[data-compare-go]")
    page.wait_for_selector("[data-compare-table]:not([hidden])")
    assert page.url.endswith(f"/{script}/compare/?cases=ankang,wenzhou,{extra},{others[0]}")
    context.close()


def test_without_javascript_the_page_says_so_and_links_the_matrix(site: Path) -> None:
    for script in SCRIPTS:
        html = (site / script / "compare/index.html").read_text(encoding="utf-8")
        noscript = html.split("<noscript>")[1].split("</noscript>")[0]
        assert f'href="/{script}/compare/coverage/"' in noscript
        assert f'href="/{script}/cases/"' in noscript
        assert f"/{script}/compare/coverage/" in parse(site / script / "compare/index.html").links
        coverage = site / script / "compare/coverage/index.html"
        assert f"/{script}/compare/" in parse(coverage).links  # its crumb leads back
