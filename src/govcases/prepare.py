"""Case → Document: Markdown rendered and sanitized once, then the text put into both scripts."""

from __future__ import annotations

import re

import markdown
import nh3
from pypinyin import lazy_pinyin

from .model import SCRIPTS, Case, CaseText, Document, Heading, Script
from .zh import Converter, strip_markup

_ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "blockquote",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "pre",
    "br",
    "hr",
    "sup",
    "sub",
}
_ALLOWED_ATTRS = {
    "a": {"href", "title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "th": {"align"},
    "td": {"align"},
}
_HEADING = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>', re.S)


def slug(text: str, separator: str = "-") -> str:
    """ASCII id from Chinese text via pinyin, identical in both scripts: 背景 → beijing."""
    words = lazy_pinyin(strip_markup(text))
    ascii_only = re.sub(r"[^a-z0-9]+", separator, "".join(words).lower()).strip(separator)
    return ascii_only or "section"


def render_markdown(body: str, fold: Converter) -> str:
    """Markdown → sanitized HTML. Heading ids come from the Simplified text."""

    def toc_slug(value: str, separator: str) -> str:
        return slug(fold.to_hans(value), separator)

    md = markdown.Markdown(
        extensions=["tables", "sane_lists", "toc"],
        extension_configs={"toc": {"slugify": toc_slug, "toc_depth": "2-4"}},
    )
    html = md.convert(body)
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRS,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def prepare(case: Case, conv: Converter) -> Document:
    """Render the body once, then give every reader-facing string in both scripts."""
    html = render_markdown(case.body, conv)
    texts: dict[Script, CaseText] = {}
    for script in SCRIPTS:

        def c(text: str, script: Script = script) -> str:
            return conv.convert(text, case.script, script)

        body_html = c(html)
        texts[script] = CaseText(
            title=c(case.title),
            locality=c(case.locality),
            summary=c(case.summary),
            status_note=c(case.status_note),
            period_note=c(case.period_note),
            body_html=body_html,
            headings=tuple(
                Heading(i, re.sub(r"<[^>]+>", "", t)) for i, t in _HEADING.findall(body_html)
            ),
            metric_labels=tuple((c(m.label), c(m.unit), c(m.note)) for m in case.metrics),
        )
    return Document(case, texts)
