"""Case → Document: Markdown rendered and sanitized once, then the text put into both scripts."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

import markdown
import nh3
from pypinyin import lazy_pinyin

from .cache import Cache, digest
from .model import SCRIPTS, Case, CaseText, Document, Heading, Script
from .review import Choice, choices_in
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
CACHE_SALT = "prepare-1"  # bump when prepare() output changes for the same input


@dataclass(frozen=True)
class Prepared:
    document: Document
    choices: list[Choice]


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


def prepare(case: Case, conv: Converter) -> tuple[dict[Script, CaseText], list[Choice]]:
    """Render the body once, give every reader-facing string in both scripts, and record
    every choice the conversion made among several characters (for the review report)."""
    fields = {
        "title": case.title,
        "locality": case.locality,
        "summary": case.summary,
        "status_note": case.status_note,
        "period_note": case.period_note,
        "body": render_markdown(case.body, conv),
    }
    for i, m in enumerate(case.metrics):
        fields |= {
            f"metrics[{i}].label": m.label,
            f"metrics[{i}].unit": m.unit,
            f"metrics[{i}].note": m.note,
        }
    other: Script = "hant" if case.script == "hans" else "hans"
    out: dict[Script, dict[str, str]] = {case.script: {}, other: {}}
    choices: list[Choice] = []
    for name, text in fields.items():
        out[case.script][name] = conv.convert(text, case.script, case.script)
        pieces = list(conv.pieces(text, case.script, other))
        out[other][name] = "".join(p[1] for p in pieces)
        choices += choices_in(case.id, name, pieces, other)
    return {s: _case_text(out[s], len(case.metrics)) for s in SCRIPTS}, choices


def _case_text(f: dict[str, str], metrics: int) -> CaseText:
    return CaseText(
        title=f["title"],
        locality=f["locality"],
        summary=f["summary"],
        status_note=f["status_note"],
        period_note=f["period_note"],
        body_html=f["body"],
        headings=tuple(
            Heading(i, re.sub(r"<[^>]+>", "", t)) for i, t in _HEADING.findall(f["body"])
        ),
        metric_labels=tuple(
            (f[f"metrics[{i}].label"], f[f"metrics[{i}].unit"], f[f"metrics[{i}].note"])
            for i in range(metrics)
        ),
    )


def prepare_cached(case: Case, conv: Converter, cache: Cache) -> Prepared:
    """`prepare` unless the same case text, variant and glossary were prepared before."""
    key = digest(CACHE_SALT, asdict(case), conv.variant, [asdict(t) for t in conv.glossary])
    hit = cache.get(key)
    if hit is not None:
        texts = {s: _text_from(hit["texts"][s]) for s in SCRIPTS}
        choices = [Choice(**{**c, "candidates": tuple(c["candidates"])}) for c in hit["choices"]]
        return Prepared(Document(case, texts), choices)
    texts, choices = prepare(case, conv)
    cache.put(
        key,
        {
            "texts": {s: asdict(t) for s, t in texts.items()},
            "choices": [asdict(c) for c in choices],
        },
    )
    return Prepared(Document(case, texts), choices)


def _text_from(d: dict[str, Any]) -> CaseText:
    return CaseText(
        **{
            **d,
            "headings": tuple(Heading(**h) for h in d["headings"]),
            "metric_labels": tuple(tuple(m) for m in d["metric_labels"]),
        }
    )
