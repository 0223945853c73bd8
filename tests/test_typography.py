"""Text in the other script is marked as such; the citation's dates, in a real browser."""

from __future__ import annotations

import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from govcases.config import load_config
from govcases.pipeline import build
from govcases.zh.conversion import Converter, quotes, written_in
from helpers import case_text, make_project

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


# ---- quotation marks ------------------------------------------------------------------------


def test_quotes_follow_the_script_and_keep_apostrophes() -> None:
    assert quotes("“一核多元”的‘五力’", "hant") == "「一核多元」的『五力』"
    assert quotes("「一核多元」的『五力』", "hans") == "“一核多元”的‘五力’"
    assert quotes("People’s Daily 称“网格”", "hant") == "People’s Daily 称「网格」"
    assert quotes("无引号", "hant") == "无引号"


def test_the_converter_sets_quotes_only_when_told() -> None:
    corner = Converter("s2tw", corner_quotes=True)
    assert corner.convert("“网格化”管理", "hans", "hant") == "「網格化」管理"
    assert corner.convert("“網格化”管理", "hant", "hant") == "「網格化」管理"  # as written
    assert corner.convert("「網格化」管理", "hant", "hans") == "“网格化”管理"
    assert Converter("s2tw").convert("“网格化”管理", "hans", "hant") == "“網格化”管理"
    assert corner.style != Converter("s2tw").style  # cached conversions are kept apart


@pytest.mark.parametrize(
    ("settings", "corner"),
    [
        ("", True),
        ("variant: s2twp\n", True),
        ("variant: s2t\n", False),
        ("variant: s2hk\n", False),
        ("quotes: curly\n", False),
        ("variant: s2hk\nquotes: corner\n", True),
    ],
)
def test_corner_quotes_default_to_the_taiwan_variants(
    tmp_path: Path, settings: str, corner: bool
) -> None:
    (tmp_path / "site.yaml").write_text(settings, encoding="utf-8")
    assert load_config(tmp_path).corner_quotes is corner


class TextByLang(Unmarked):
    """Every text node of a page under the nearest lang attribute (scripts and styles aside)."""

    def __init__(self) -> None:
        super().__init__()
        self.text: dict[str | None, str] = {}

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] not in ("script", "style"):
            lang = self.stack[-1][1]
            self.text[lang] = self.text.get(lang, "") + data


def text_by_lang(page: Path) -> dict[str | None, str]:
    parser = TextByLang()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.text


def test_traditional_pages_use_corner_quotes_and_simplified_pages_curly(site: Path) -> None:
    """Source titles printed in the other script (lang-marked) keep their own marks."""
    hant = {p: text_by_lang(p).get("zh-Hant", "") for p in (site / "zh-hant").rglob("*.html")}
    assert [p for p, text in hant.items() if set("“”‘") & set(text)] == []
    assert "「一核多元」" in hant[site / "zh-hant/cases/guiyang/index.html"]
    hans = {p: text_by_lang(p).get("zh-Hans", "") for p in (site / "zh-hans").rglob("*.html")}
    assert [p for p, text in hans.items() if set("「」『』") & set(text)] == []
    # a case written in Traditional (成华) reads with corner quotes, its Simplified twin not
    chenghua = hans[site / "zh-hans/cases/chengdu-chenghua/index.html"]
    assert "“大联动、微治理”" in chenghua
    assert "「大聯動、微治理」" in hant[site / "zh-hant/cases/chengdu-chenghua/index.html"]


def test_the_setting_keeps_curly_quotes(tmp_path: Path) -> None:
    project = make_project(
        tmp_path, {"sample.md": case_text(summary="summary: 推行“一窗式”改革。")}
    )
    (project / "site.yaml").write_text("quotes: curly\n", encoding="utf-8")
    build(load_config(project))
    page = (project / "_site/zh-hant/cases/sample/index.html").read_text(encoding="utf-8")
    assert "推行“一窗式”改革。" in page
    (project / "site.yaml").write_text("", encoding="utf-8")
    build(load_config(project))
    page = (project / "_site/zh-hant/cases/sample/index.html").read_text(encoding="utf-8")
    assert "推行「一窗式」改革。" in page and "“" not in page
