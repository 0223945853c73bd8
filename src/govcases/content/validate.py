"""RawCase → Case: schema, cross-references, places and terms; every problem is collected."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import PurePath

from pydantic import ValidationError

from govcases.content.placeholders import placeholder_problems
from govcases.content.places import Gazetteer
from govcases.content.schema import CaseIn, diagnostics
from govcases.content.sources import SourceLibrary
from govcases.content.taxonomy import Kind, Taxonomy, match
from govcases.model import Actor, Case, Diagnostic, Metric, RawCase, Source
from govcases.zh import normalize
from govcases.zh.conversion import detect_script, markup_problems

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Context:
    """Everything a case is checked against."""

    gazetteer: Gazetteer
    taxonomy: Taxonomy
    fold: Callable[[str], str]  # any script → Simplified
    sources: SourceLibrary  # figures are checked against these documents when available


def validate(
    raw: RawCase, ctx: Context, owners: Mapping[str, str] | None = None
) -> tuple[Case | None, list[Diagnostic]]:
    """The case, or None and every problem. `owners` maps the id of each case file of the
    project (its file name) to its path, so that an id taken from another case names it."""

    def problem(field: str, message: str, code: str = "invalid", hint: str = "") -> None:
        problems.append(_at(raw, field, message, code, hint))

    # A draft may hold the placeholders new and import write; any other case may not.
    draft = raw.data.get("draft") is True
    problems: list[Diagnostic] = [] if draft else placeholder_problems(raw)
    try:
        front = CaseIn.model_validate(raw.data)
    except ValidationError as exc:
        problems.extend(diagnostics(exc, raw.path, raw.lines, CaseIn, raw.columns))
        return None, problems

    stem = PurePath(raw.path).stem
    if not SLUG.fullmatch(front.id):
        problem(
            "id",
            f"'{_short(front.id)}' is not an ASCII slug",
            "id",
            "lower-case letters, digits and single hyphens, e.g. guangzhou-liwan",
        )
    elif front.id != stem:
        owner = (owners or {}).get(front.id, "")
        problem(
            "id",
            f"id '{front.id}' differs from the file name '{stem}.md'"
            + (f" and is the id of {owner}" if owner and owner != raw.path else ""),
            "id",
            # Never "rename the file": a copied case keeps the id of the case it was copied
            # from, and renaming it to that id would replace the other case.
            f"set id: {stem} (the id always equals the file name)",
        )

    if front.period.start is None and not front.draft:
        at = "period.start" if "period.start" in raw.lines else "period"
        problems.append(
            Diagnostic(
                raw.path,
                raw.lines.get(at, 1),
                "period.start",
                "required field is missing",
                "missing",
                "the year the initiative started, as the source gives it; only a draft "
                "(draft: true) may leave it empty",
                raw.columns.get(at, 0),
            )
        )

    pinned = str(front.region_code or "")
    region, why = ctx.gazetteer.resolve(ctx.fold(normalize.inline(front.locality)), pinned)
    if region is None:
        field = "region_code" if pinned and "code" in why else "locality"
        problem(field, why, "place", "write the fuller name (广州荔湾) or set region_code")

    terms: dict[str, tuple[str, ...]] = {}
    kinds: tuple[tuple[Kind, str], ...] = (("mechanism", "mechanisms"), ("outcome", "outcomes"))
    for kind, field in kinds:
        ids: list[str] = []
        for i, word in enumerate(getattr(front, field)):
            term = match(ctx.taxonomy, kind, word, ctx.fold)
            if term is None:
                known = _listed([t.id for t in ctx.taxonomy.terms(kind)])
                problem(
                    f"{field}[{i}]", f"unknown {kind} '{_short(word)}'", "term", f"one of: {known}"
                )
            elif term in ids:
                problem(f"{field}[{i}]", f"'{word}' repeats {kind} '{term}'", "term")
            else:
                ids.append(term)
        terms[field] = tuple(ids)

    keys: dict[str, int] = {}
    for i, s in enumerate(front.sources):
        if keys.setdefault(s.key, i) != i:
            problem(f"sources[{i}].key", f"duplicate source key '{s.key}'", "source")
    for i, m in enumerate(front.metrics):
        if m.source not in keys:
            problem(
                f"metrics[{i}].source",
                f"no source has key '{_short(m.source)}'",
                "source",
                f"one of: {_listed(keys)}",
            )
    if ctx.sources.available:
        problems.extend(_verify_figures(raw, front, ctx.sources))

    texts = {"title": front.title, "locality": front.locality, "summary": front.summary}
    texts |= {"period.note": front.period.note, "status_note": front.status_note}
    for i, a in enumerate(front.actors):
        texts |= {f"actors[{i}].name": a.name}
    for i, m in enumerate(front.metrics):
        texts |= {f"metrics[{i}].label": m.label, f"metrics[{i}].unit": m.unit}
        texts |= {f"metrics[{i}].note": m.note}
    for field, value in texts.items():
        for _, message in markup_problems(value):
            problem(field, message, "markup")
    for offset, message in markup_problems(raw.body):
        before = raw.body[:offset]
        line, column = raw.body_line + before.count("\n"), offset - before.rfind("\n")
        problems.append(Diagnostic(raw.path, line, "body", message, "markup", column=column))

    body = normalize.markdown_body(raw.body)
    if not re.search(r"^## \S", body, re.M):
        problems.append(
            Diagnostic(
                raw.path,
                raw.body_line,
                "body",
                "body has no '## ' section heading",
                "body",
                "sections such as ## 背景, ## 举措, ## 成效, ## 启示",
            )
        )
    if problems or region is None:
        return None, problems

    title = normalize.inline(front.title)
    summary = normalize.inline(front.summary)
    return Case(
        id=front.id,
        path=raw.path,
        script=detect_script(title + summary + body),
        title=title,
        locality=normalize.inline(front.locality),
        region=region,
        start=front.period.start,
        end=front.period.end,
        period_note=normalize.inline(front.period.note),
        status=front.status,
        status_note=normalize.inline(front.status_note),
        added=front.added.isoformat(),
        mechanisms=terms["mechanisms"],
        outcomes=terms["outcomes"],
        summary=summary,
        metrics=tuple(
            Metric(
                normalize.inline(m.label),
                _number(m.value),
                normalize.inline(m.unit),
                m.source,
                m.year,
                normalize.inline(m.note),
            )
            for m in front.metrics
        ),
        sources=tuple(
            Source(
                s.key,
                normalize.bibliographic(s.title),
                normalize.bibliographic(s.author),
                normalize.bibliographic(s.publisher),
                str(s.date),
                s.url,
                s.document,
                str(s.pages).replace("–", "-"),
                normalize.bibliographic(s.container),
            )
            for s in front.sources
        ),
        body=body,
        draft=front.draft,
        actors=tuple(
            Actor(normalize.bibliographic(a.name), a.level)  # type: ignore[arg-type]
            for a in front.actors
        ),
    ), []


def _short(text: str, most: int = 80) -> str:
    """A value quoted in a message, cut when long."""
    return text if len(text) <= most else text[:most] + "…"


def _listed(names: Iterable[str], most: int = 30) -> str:
    """Names for a hint, at most `most` of them (a hint per problem must stay short)."""
    shown = list(islice(names, most + 1))
    return ", ".join(shown[:most]) + (", …" if len(shown) > most else "")


def _at(raw: RawCase, field: str, message: str, code: str, hint: str = "") -> Diagnostic:
    """A diagnostic at the line and column of `field` in the case file."""
    return Diagnostic(
        raw.path, raw.lines.get(field, 1), field, message, code, hint, raw.columns.get(field, 0)
    )


def _verify_figures(raw: RawCase, front: CaseIn, library: SourceLibrary) -> list[Diagnostic]:
    """Each metric's value must occur in the document of the source it cites."""
    out = []
    documents = {s.key: s.document for s in front.sources}
    for i, s in enumerate(front.sources):
        if s.document and library.text(s.document) is None:
            why = library.problem(s.document)
            out.append(
                _at(
                    raw,
                    f"sources[{i}].document",
                    f"document '{s.document}': {why}"
                    if why
                    else f"document '{s.document}' is not in the sources folder",
                    "source-refused" if why else "source-missing",
                )
            )
    for i, m in enumerate(front.metrics):
        doc = documents.get(m.source, "")
        value = _number(m.value)
        if doc and library.text(doc) is not None and not library.contains_number(doc, value):
            out.append(
                _at(
                    raw,
                    f"metrics[{i}].value",
                    f"metric '{m.label}': value {value} does not occur in {doc}",
                    "unverified-figure",
                    "copy the digits exactly as the source prints them",
                )
            )
    return out


def _number(value: int | float | str) -> str:
    return value if isinstance(value, str) else repr(value)


def check_unique_ids(cases: list[Case]) -> list[Diagnostic]:
    seen: dict[str, str] = {}
    out = []
    for c in cases:
        if c.id in seen:
            out.append(
                Diagnostic(
                    c.path, 2, "id", f"id '{c.id}' is also used by {seen[c.id]}", "duplicate-id"
                )
            )
        seen.setdefault(c.id, c.path)
    return out
