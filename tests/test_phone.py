"""Phones, print and no JavaScript, measured in a real browser (Debian's Chromium, Playwright)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

SCRIPTS = ["zh-hans", "zh-hant"]
WIDTHS = [320, 375, 414]
# The case list, the reports list, the case page with the most figures, a region page, the
# coverage matrix and two cases compared.
NARROW_PAGES = [
    "cases/",
    "reports/",
    "cases/ankang/",
    "regions/440000/",
    "compare/coverage/",
    "compare/?cases=ankang,wenzhou",
]

# Every text node holding Chinese is measured character by character (Range.getClientRects):
# it is squeezed when it spans two lines or more, each line holds a single character, and the
# characters stand one above the other. Text set in a vertical writing mode (the compare
# page's column headings) is vertical by design, not squeezed.
SQUEEZED = """() => {
  const han = /[\\u3400-\\u9fff\\uf900-\\ufaff]/;
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data;
    if ((text.match(new RegExp(han.source, "g")) || []).length < 2) { continue; }
    if (getComputedStyle(node.parentElement).writingMode.startsWith("vertical")) { continue; }
    const lines = [];
    for (let i = 0; i < text.length; i++) {
      if (!text[i].trim()) { continue; }
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const r = range.getClientRects()[0];
      if (!r || r.width === 0) { continue; }
      const line = lines[lines.length - 1];
      if (line && r.top < line.top + r.height / 2) { line.chars += 1; }
      else { lines.push({top: r.top, left: r.left, size: r.height, chars: 1}); }
    }
    if (lines.length < 2 || lines.some(l => l.chars > 1)) { continue; }
    const lefts = lines.map(l => l.left);
    if (Math.max(...lefts) - Math.min(...lefts) < lines[0].size * 0.6) {
      out.push(node.parentElement.tagName.toLowerCase() + ": " + text.trim().slice(0, 30));
    }
  }
  return out;
}"""


def squeezed(page: Page) -> list[str]:
    result: list[str] = page.evaluate(SQUEEZED)
    return result


@pytest.fixture
def phone(browser: Browser, request: pytest.FixtureRequest) -> Page:
    context = browser.new_context(viewport={"width": request.param, "height": 800})
    request.addfinalizer(context.close)
    return context.new_page()


@pytest.mark.parametrize("phone", WIDTHS, indirect=True)
@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("path", NARROW_PAGES)
def test_no_column_squeezes_chinese_to_one_character_per_line(
    phone: Page, base: str, script: str, path: str
) -> None:
    phone.goto(f"{base}/{script}/{path}")
    phone.wait_for_load_state("networkidle")
    assert squeezed(phone) == []


@pytest.mark.parametrize("phone", [320], indirect=True)
def test_the_measure_finds_a_squeezed_column(phone: Page, base: str) -> None:
    """The measure above can fail: a column one character wide is found, a wider one is not."""
    phone.goto(f"{base}/zh-hans/cases/")
    assert squeezed(phone) == []
    phone.evaluate("""() => {
        for (const [text, width] of [["一字一行的窄列", "1em"], ["两字一行的列", "2.2em"]]) {
            const column = document.createElement("div");
            column.textContent = text;
            column.style.width = width;
            document.querySelector("main").append(column);
        }
    }""")
    assert squeezed(phone) == ["div: 一字一行的窄列"]


CARD = """rows => rows.map(r => {
  const box = r.getBoundingClientRect();
  const widest = Math.max(...Array.from(r.cells, c => c.getBoundingClientRect().width));
  return {display: getComputedStyle(r).display, width: box.width, cell: widest};
})"""


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("table", ["cases", "reports"])
def test_case_and_report_lists_are_cards_below_40rem(
    browser: Browser, base: str, script: str, table: str
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{base}/{script}/{table}/")
    main = page.eval_on_selector("main", "m => m.clientWidth - 32")
    cards = page.eval_on_selector_all(f"table.{table} tbody tr", CARD)
    page.set_viewport_size({"width": 1280, "height": 800})
    rows = page.eval_on_selector_all(f"table.{table} tbody tr", CARD)
    context.close()
    assert len(cards) >= 5
    # a card is a block as wide as the column, and its title spans the card
    for card in cards:
        assert card["display"] == "block" and card["width"] >= main - 1
        assert card["cell"] >= card["width"] - 40
    assert {r["display"] for r in rows} == {"table-row"}


@pytest.mark.parametrize("phone", WIDTHS, indirect=True)
@pytest.mark.parametrize("script", SCRIPTS)
def test_header_takes_at_most_two_rows_on_a_phone(phone: Page, base: str, script: str) -> None:
    phone.goto(f"{base}/{script}/cases/")
    tops = phone.eval_on_selector_all(
        ".masthead .brand, .masthead nav li, .masthead .twin",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom]; })",
    )
    rows: list[tuple[float, float]] = []
    for top, bottom in sorted(tops):
        if rows and top < rows[-1][1] - 1:
            rows[-1] = (rows[-1][0], max(rows[-1][1], bottom))
        else:
            rows.append((top, bottom))
    assert len(tops) >= 9 and len(rows) <= 2, rows  # the title, 7 or more links, the switch
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"]


NEEDS_JS = {
    "": ["form.searchbox"],
    "cases/": ["form[data-case-filter]", "[data-compare-bar]", "label.pick"],
    "cases/guyuan/": ["[data-copy-citation]"],
    "compare/": ["[data-compare]"],
    "compare/coverage/": ["[data-column-order]"],
    "search/": ["form[data-search]"],
}


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("path", list(NEEDS_JS))
def test_controls_that_need_javascript_are_hidden_without_it(
    browser: Browser, base: str, script: str, path: str
) -> None:
    shown, buttons = {}, {}
    for js in (False, True):
        context = browser.new_context(java_script_enabled=js)
        page = context.new_page()
        page.goto(f"{base}/{script}/{path}")
        page.wait_for_load_state("networkidle")
        for selector in NEEDS_JS[path]:
            assert page.locator(selector).first.get_attribute("data-needs-js") is not None
        marked = page.locator("[data-needs-js]")
        shown[js] = [marked.nth(i).is_visible() for i in range(marked.count())]
        buttons[js] = page.locator("th button").count()  # sortable headings
        context.close()
    assert shown[False] and not any(shown[False])
    assert all(shown[True])
    assert buttons[False] == 0
    assert (buttons[True] > 0) == (path in ("cases/", "compare/coverage/"))


def test_404_offers_search_and_navigation_in_both_scripts(page: Page, base: str) -> None:
    page.goto(f"{base}/404.html")
    for script in SCRIPTS:
        section = page.locator(
            f"main section[lang='{'zh-Hans' if script == 'zh-hans' else 'zh-Hant'}']"
        )
        links = section.locator("nav a").evaluate_all("a => a.map(e => e.pathname)")
        assert links[:3] == [f"/{script}/", f"/{script}/cases/", f"/{script}/regions/"]
        assert section.locator("form[role=search]").get_attribute("action") == f"/{script}/search/"
    page.fill("#q-hant", "網格")
    page.press("#q-hant", "Enter")
    page.wait_for_url(f"{base}/zh-hant/search/?q=**")
    page.wait_for_selector("[data-search-results] a")
    assert "/zh-hant/cases/chengdu-chenghua/" in page.eval_on_selector_all(
        "[data-search-results] a", "a => a.map(e => e.pathname)"
    )


def test_404_without_javascript_keeps_navigation_and_hides_search(
    browser: Browser, base: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}/404.html")
    visible_links = [a for a in page.locator(".not-found nav a").all() if a.is_visible()]
    searches = page.locator("form[role=search]")
    hidden = [not searches.nth(i).is_visible() for i in range(searches.count())]
    context.close()
    assert len(visible_links) == 12 and hidden == [True, True]


@pytest.mark.parametrize("script", SCRIPTS)
def test_printed_case_page_keeps_citation_and_address_without_navigation(
    page: Page, base: str, script: str
) -> None:
    url = f"{base}/{script}/cases/guangzhou-liwan/"
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert not page.is_visible("[data-page-url]")  # on screen the address bar shows it
    page.emulate_media(media="print")
    for hidden in (".masthead", "nav.crumbs", "nav.toc", ".cite-actions", ".foot", ".related"):
        assert not page.is_visible(hidden), hidden
    for shown in (
        "h1",
        ".body",
        "#metrics table",
        "#sources",
        "[data-citation]",
        "[data-page-url]",
    ):
        assert page.is_visible(shown), shown
    assert page.inner_text("[data-page-url]") == url
    assert f"/{script}/cases/guangzhou-liwan/" in page.inner_text("[data-citation]")
    assert page.pdf(format="A4")[:4] == b"%PDF"
