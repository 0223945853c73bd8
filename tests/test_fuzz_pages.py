"""Property test of the whole page path for untrusted case content: generated titles,
summaries, metric labels and bodies (raw HTML, Markdown links with titles, conversion markup,
control characters, dangerous URL schemes) go through validation, Markdown, conversion to
both scripts, every template and the data exports. Whatever is accepted must come out inert:
no event-handler attribute, no javascript:/data: URL, no iframe/object/embed/base, no script
but the site's own, the CSP on every page, and well-formed XML and CSV.

The suite runs a short pass; `make fuzz` runs 10,000 examples (HYPOTHESIS_PROFILE=fuzz)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from govcases.config import load_config
from govcases.content.validate import validate
from govcases.model import Document, RawCase
from govcases.pipeline import Timings, load_and_validate
from govcases.site.exports import data_files, feeds_and_maps
from govcases.site.index import build_indexes
from govcases.site.prepare import prepare
from govcases.site.render import CSP, make_env, render_page
from govcases.site.views import SiteData, Views, root_pages
from helpers import ROOT

LOADED = load_and_validate(load_config(ROOT), Timings(), cases=False)
ENV = make_env(ROOT / "templates", LOADED.conv)

# Pieces an attacker would combine: markup, URL schemes, conversion markup that opens in one
# construct and closes in another, quotes, control and formatting characters.
attack = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<iframe src=//evil></iframe>",
        "<object data=x></object>",
        "<embed src=x>",
        "<base href=//evil/>",
        '<a href="javascript:alert(1)">x</a>',
        "<svg onload=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        '[x](http://a "t',
        '[x](http://a "t -{zh-hans:a;zh-hant:b" onfocus=alert(1) x="}-")',
        "[x](http://a 'title')",
        "![i](data:image/svg+xml,<svg onload=alert(1)>)",
        "-{",
        "}-",
        "-{zh-hans:<b>;zh-hant:</b>}-",
        '-{zh-hans:";zh-hant:"}-',
        "zh-hans:",
        ";zh-hant:",
        '"',
        "'",
        "`",
        "<",
        ">",
        "&",
        "&#x6a;avascript:",
        "java\tscript:",
        "\x00",
        "\x1b",
        "\x7f",
        "\u202e",
        "\u200b",
        "\ufeff",
        "\u2028",
        "\r",
        "\n",
        "\n\n",
        "## ",
        "- ",
        "> ",
        "|",
        "=cmd|' /C calc'!A0",
        "+1",
        "@SUM(1)",
        "-2",
        "]]>",
        "<![CDATA[",
        '[L](http://x.cn "-{zh-hans:a;zh-hant:b")',
        '}-" onmouseover=alert(1) x="',
    ]
)
chinese = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
text = st.lists(st.one_of(attack, chinese, st.sampled_from(list("网格發展 a1:"))), max_size=25).map(
    "".join
)


def case_data(title: str, summary: str, label: str) -> dict[str, Any]:
    return {
        "id": "fuzz",
        "title": title,
        "locality": "广州荔湾",
        "period": {"start": 2014},
        "added": dt.date(2026, 11, 21),
        "mechanisms": ["one-window-service", "cross-city-service"],
        "outcomes": ["service-efficiency"],
        "summary": summary,
        "metrics": [{"label": label, "value": 53, "unit": "个", "source": "s1"}],
        "sources": [{"key": "s1", "title": title, "author": "作者", "url": "https://www.gov.cn/a"}],
    }


class Inert(HTMLParser):
    """Everything in a page that would run or load something the site did not write."""

    URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.csp = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}:
            self.found.append(tag)
        if tag == "script" and not (
            a.get("type") == "application/ld+json" or a.get("src", "").startswith("/assets/")
        ):
            self.found.append(f"script {a}")
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a.get("content") == CSP
        for name, value in a.items():
            scheme = re.sub(r"[\x00-\x20]", "", value).lower()
            if name.startswith("on"):
                self.found.append(f"{tag} {name}={value}")
            if name in self.URL_ATTRS and scheme.startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"{tag} {name}={value}")


def site_for(data: dict[str, Any], body: str) -> SiteData | None:
    case, problems = validate(RawCase("cases/fuzz.md", data, {}, body, 1), LOADED.context)
    if case is None or problems:
        return None  # refused where it entered: nothing to publish
    texts, _ = prepare(case, LOADED.conv)
    docs = {case.id: Document(case, texts)}
    return SiteData(
        LOADED.config,
        docs,
        [],
        build_indexes([case], []),
        LOADED.context.taxonomy,
        LOADED.conv,
        "2026-11-21",
    )


# The probes that once got through: conversion markup opening in a link title and closing in
# the text after it, so that resolving it turned the rest into attributes.
SPANNING = '[L](http://x.cn "-{zh-hans:a;zh-hant:b") }-" onmouseover=alert(1) x="'
SPLIT_TITLE = '[x](http://a.cn "t -{zh-hans:a;zh-hant:b" onfocus=alert(1) autofocus x="}-")'


@given(text, text, text, text)
@example("标题", "摘要。", "窗口", SPANNING)
@example("标题", "摘要。", "窗口", SPLIT_TITLE)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_fuzz_every_page_and_export_is_inert_and_well_formed(
    title: str, summary: str, label: str, body: str
) -> None:
    data = case_data(title or "标题", summary or "摘要。", label or "窗口")
    site = site_for(data, f"## 背景\n\n{body}\n\n## 举措\n\n{body}")
    if site is None:
        return
    pages = Views(site).all_pages() + root_pages(site)
    for page in pages:
        html = render_page(ENV, page).content.decode("utf-8")
        check = Inert()
        check.feed(html)
        assert check.found == [], (page.path, check.found)
        assert check.csp, page.path
    for file in data_files(site) + feeds_and_maps(site, [p.path for p in pages]):
        if file.path.endswith(".xml"):
            ET.fromstring(file.content)  # well-formed, whatever the values hold
        if file.path.endswith(".csv"):
            for row in csv.reader(io.StringIO(file.content.decode("utf-8"))):
                for cell in row:
                    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                        assert re.fullmatch(r"-?\d+(\.\d+)?", cell), (file.path, cell)


@given(text)
@example(SPANNING)
@example(SPLIT_TITLE)
def test_fuzz_case_html_is_sanitized_after_conversion_even_unvalidated(body: str) -> None:
    """Defence in depth: a body that validation would refuse (or that reached the build some
    other way, such as the cache) still comes out inert in both scripts."""
    site = site_for(case_data("标题", "摘要。", "窗口"), "## 背景\n\n正文。")
    assert site is not None
    case = replace(site.docs["fuzz"].case, body=body)
    texts, _ = prepare(case, LOADED.conv)
    for script, t in texts.items():
        check = Inert()
        check.feed(t.body_html)
        assert check.found == [], (script, t.body_html)


def test_the_inert_check_finds_what_it_looks_for() -> None:
    check = Inert()
    check.feed(
        '<a href=" java\tscript:x">a</a><img onerror=x><iframe></iframe>'
        '<base href="//x"><script>1</script><a href="DATA:text/html,x">b</a>'
    )
    assert check.found == [
        "a href= java\tscript:x",
        "img onerror=x",
        "iframe",
        "base",
        "script {}",
        "a href=DATA:text/html,x",
    ]
    assert not check.csp
