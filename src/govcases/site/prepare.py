"""Case → Document: Markdown rendered and sanitized once, then the text put into both scripts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, fields, replace
from typing import Any, Protocol, TypeVar

import markdown
import nh3
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension
from pypinyin import lazy_pinyin

from govcases.content.review import choices_in
from govcases.model import SCRIPTS, Case, CaseText, Choice, Document, Heading, Prepared, Script
from govcases.state.cache import Cache, code_version, digest
from govcases.zh.conversion import Converter, GlossaryTerm, strip_markup

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
T = TypeVar("T")


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

    # Extension objects, not names: a name makes Markdown scan every installed package's entry
    # points the first time (0.8 s with a large environment).
    md = markdown.Markdown(
        extensions=[
            TableExtension(),
            SaneListExtension(),
            TocExtension(slugify=toc_slug, toc_depth="2-4"),
        ]
    )
    return sanitize(md.convert(body))


def sanitize(html: str) -> str:
    """Only the tags, attributes and URL schemes a case body may use; everything else is
    dropped. Applied to the Markdown output and again to the final HTML of each script, after
    conversion markup is resolved, and to HTML read back from the build cache: no step after
    the last sanitize can add markup."""
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
    for i, a in enumerate(case.actors):
        fields |= {f"actors[{i}].name": a.name}
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
        out[other][name] = conv.punctuate("".join(p[1] for p in pieces), other)
        choices += choices_in(case.id, name, pieces, other)
    for script in SCRIPTS:  # conversion markup is resolved: sanitize what readers get
        out[script]["body"] = sanitize(out[script]["body"])
    texts = {s: _case_text(out[s], len(case.metrics), len(case.actors)) for s in SCRIPTS}
    return texts, choices


def _case_text(f: dict[str, str], metrics: int, actors: int) -> CaseText:
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
        actor_names=tuple(f[f"actors[{i}].name"] for i in range(actors)),
    )


def prepare_all(
    cases: Sequence[Case],
    conv: Converter,
    cache: Cache,
    jobs: int = 1,
    progress: Progress | None = None,
) -> list[Prepared]:
    """Every case prepared, from the cache where the same case text, variant and glossary
    were prepared before; the rest in `jobs` worker processes (each with its own converter)
    when there are enough of them to pay for starting the workers."""
    salt = [code_version(), conv.style, [asdict(t) for t in conv.glossary]]
    keys = [digest(salt, _inputs(c)) for c in cases]
    hits = [cache.get(k) for k in keys]
    todo = [c for c, h in zip(cases, hits, strict=True) if h is None]
    if jobs > 1 and len(todo) >= POOL_MIN:
        with ProcessPoolExecutor(
            jobs,
            initializer=_start_worker,
            initargs=(conv.variant, conv.glossary, conv.corner_quotes),
        ) as pool:
            results = pool.map(_work, todo, chunksize=16)
            done = list(progress(results, "cases", len(todo)) if progress else results)
    else:
        work = (prepare(c, conv) for c in todo)
        done = list(progress(work, "cases", len(todo)) if progress else work)
    computed = iter(done)
    out = []
    for case, key, hit in zip(cases, keys, hits, strict=True):
        if hit is None:
            texts, choices = next(computed)
            cache.put(key, _to_plain(texts, choices))
        else:  # the cache folder is part of the checkout: its HTML is not trusted
            texts, choices = _from_plain(hit)
            texts = {s: replace(t, body_html=sanitize(t.body_html)) for s, t in texts.items()}
        out.append(Prepared(Document(case, texts), choices))
    return out


class Progress(Protocol):
    """Reports progress over work items as they complete (the CLI shows a bar)."""

    def __call__(self, items: Iterable[T], label: str, total: int) -> Iterable[T]: ...


def _inputs(case: Case) -> tuple[object, ...]:
    """Everything `prepare` reads from a case (its cache key), cheaper than the whole case."""
    metrics = tuple((m.label, m.unit, m.note) for m in case.metrics)
    return (
        case.id,
        case.script,
        case.title,
        case.locality,
        case.summary,
        case.status_note,
        case.period_note,
        case.body,
        metrics,
        tuple(a.name for a in case.actors),
    )


POOL_MIN = 64  # fewer cases than this convert faster in-process than workers can start
_WORKER: dict[str, Converter] = {}


def _start_worker(variant: str, glossary: tuple[GlossaryTerm, ...], corner: bool) -> None:
    _WORKER["conv"] = Converter(variant, glossary, corner_quotes=corner)


def _work(case: Case) -> tuple[dict[Script, CaseText], list[Choice]]:
    return prepare(case, _WORKER["conv"])


# Cache entries are positional lists: dataclasses.asdict deep-copies field by field and cost
# more than the Markdown rendering it was saving.
_TEXT_FIELDS = [f.name for f in fields(CaseText)]
_CHOICE_FIELDS = [f.name for f in fields(Choice)]


def _to_plain(texts: dict[Script, CaseText], choices: list[Choice]) -> dict[str, Any]:
    def plain(t: CaseText) -> list[Any]:
        values = [getattr(t, f) for f in _TEXT_FIELDS]
        values[_TEXT_FIELDS.index("headings")] = [(h.id, h.text) for h in t.headings]
        return values

    return {
        "texts": {s: plain(t) for s, t in texts.items()},
        "choices": [[getattr(c, f) for f in _CHOICE_FIELDS] for c in choices],
    }


def _from_plain(entry: dict[str, Any]) -> tuple[dict[Script, CaseText], list[Choice]]:
    texts = {}
    for script in SCRIPTS:
        t = dict(zip(_TEXT_FIELDS, entry["texts"][script], strict=True))
        t["headings"] = tuple(Heading(*h) for h in t["headings"])
        t["metric_labels"] = tuple(tuple(m) for m in t["metric_labels"])
        t["actor_names"] = tuple(t["actor_names"])
        texts[script] = CaseText(**t)
    choices = []
    for values in entry["choices"]:
        c = dict(zip(_CHOICE_FIELDS, values, strict=True))
        choices.append(Choice(**{**c, "candidates": tuple(c["candidates"])}))
    return texts, choices
