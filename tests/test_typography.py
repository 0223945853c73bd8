"""Text in the other script is marked as such; the citation's dates, in a real browser."""

from __future__ import annotations

import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from govcases.zh.conversion import written_in

LANG = {"hans": "zh-Hans", "hant": "zh-Hant"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Unmarked(HTMLParser):
    """Text nodes written in one script whose nearest lang attribute names another."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            inherited = self.stack[-1][1] if self.stack else None
            self.stack.append((tag, dict(attrs).get("lang") or inherited))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if not self.stack or self.stack[-1][0] in ("script", "style"):
            return
        script = written_in(data)
        if script is not None and LANG[script] != self.stack[-1][1]:
            self.found.append(f"{self.stack[-1][1]}: {data.strip()[:40]}")


def unmarked(html: str) -> list[str]:
    parser = Unmarked()
    parser.feed(html)
    return parser.found


def test_the_check_finds_unmarked_text_in_the_other_script() -> None:
    page = '<html lang="zh-Hant"><body><p>社會治理</p><p>{}</p></body></html>'
    assert unmarked(page.format("经济社会发展")) == ["zh-Hant: 经济社会发展"]
    assert unmarked(page.format('<span lang="zh-Hans">经济社会发展</span>')) == []
    assert unmarked(page.format("2017 DEPA")) == []


def test_every_run_of_the_other_script_carries_its_lang(site: Path) -> None:
    pages = sorted(site.glob("zh-*/**/*.html"))
    assert len(pages) > 200
    problems = {
        p.relative_to(site).as_posix(): found
        for p in pages
        if (found := unmarked(p.read_text(encoding="utf-8")))
    }
    assert problems == {}
    # sources keep the script they were printed in, marked: 成华 cites Traditional sources
    hans = (site / "zh-hans/cases/chengdu-chenghua/index.html").read_text(encoding="utf-8")
    assert '<cite class="source-citation" lang="zh-Hant">人民論壇網' in hans


@pytest.mark.parametrize("width", range(300, 430, 6))
def test_citation_dates_never_break_and_the_access_date_is_the_readers(
    browser: Browser, base: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.clock.set_fixed_time(datetime.datetime(2031, 2, 3, 10, 0))
    page.goto(f"{base}/zh-hant/cases/nanjing-jiangbei/")
    lines = page.eval_on_selector_all(
        ".citation .date",
        "ds => ds.map(d => new Set(Array.from(d.getClientRects(), r => r.top)).size)",
    )
    access = page.get_attribute("[data-access-date]", "datetime")
    text = page.inner_text("[data-citation]")
    context.close()
    assert lines == [1, 1]
    assert access == "2031-02-03"
    assert ")[2031-02-03]. " in text
