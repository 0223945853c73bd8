"""RawCase → Case: schema, cross-references, places and terms; every problem is collected."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePath

from pydantic import ValidationError

from govcases.content.placeholders import placeholder_problems
from govcases.content.places import Gazetteer
from govcases.content.schema import CaseIn, diagnostics, position
from govcases.content.sources import SourceLibrary
from govcases.content.taxonomy import Kind, Taxonomy, match, similar
from govcases.messages import Message, msg, shortened
from govcases.model import Actor, Case, Diagnostic, Metric, RawCase, Region, Source
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
    project (its file name) to its path, so that an id taken from another case names it.

    The schema and the cross-references are checked side by side: the checks of places,
    terms, source keys and the id read the front matter as written, so a schema error
    elsewhere hides none of them. A field the schema already found wrong is not checked
    again."""
    # A draft may hold the placeholders new and import write; any other case may not.
    data = raw.data
    draft = data.get("draft") is True
    problems: list[Diagnostic] = list(raw.problems)
    problems += [] if draft else placeholder_problems(raw)
    front: CaseIn | None = None
    try:
        front = CaseIn.model_validate(data)
    except ValidationError as exc:
        problems.extend(diagnostics(exc, raw.path, raw.lines, CaseIn, raw.columns))
    wrong = {d.field for d in problems if d.code not in ("placeholder", "control")}

    def fine(field: str) -> bool:
        """True when the schema found nothing wrong at `field` or around it."""
        return not any(w == field or w.startswith((field + ".", field + "[")) for w in wrong)

    def problem(field: str, message: Message, code: str, hint: str | Message = "") -> None:
        problems.append(_at(raw, field, message, code, hint))

    case_id = data.get("id")
    if isinstance(case_id, str) and fine("id"):
        _check_id(raw, case_id, owners or {}, problem)
    period = data.get("period")
    if isinstance(period, dict) and period.get("start") is None and not draft and fine("period"):
        at = "period.start" if "period.start" in raw.lines else "period"
        problems.append(
            Diagnostic(
                raw.path,
                raw.lines.get(at, 1),
                "period.start",
                msg("missing"),
                "missing",
                msg("hint-period-start"),
                raw.columns.get(at, 0),
            )
        )

    region = None
    locality, code = data.get("locality"), data.get("region_code")
    pinned = str(code) if isinstance(code, (int, str)) and not isinstance(code, bool) else ""
    if isinstance(locality, str) and locality.strip() and fine("locality") and fine("region_code"):
        region = _place(ctx, locality, pinned, problem)

    kinds: tuple[tuple[Kind, str], ...] = (("mechanism", "mechanisms"), ("outcome", "outcomes"))
    terms = {
        field: _terms(ctx, kind, field, data.get(field), fine, problem) for kind, field in kinds
    }
    _source_keys(data, fine, problem)
    if front is not None and ctx.sources.available:
        problems.extend(_verify_figures(raw, front, ctx.sources))

    for field, value in _texts(data).items():
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
                msg("no-section"),
                "body",
                msg("hint-sections"),
                1,
            )
        )
    if problems or region is None or front is None:
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


Report = Callable[[str, Message, str, str | Message], None]


def _check_id(raw: RawCase, case_id: str, owners: Mapping[str, str], problem: Report) -> None:
    stem = PurePath(raw.path).stem
    if not SLUG.fullmatch(case_id):
        problem("id", msg("id-slug", written=shortened(case_id, 80)), "id", msg("hint-slug"))
    elif case_id != stem:
        owner = owners.get(case_id, "")
        taken = bool(owner) and owner != raw.path
        # Never "rename the file": a copied case keeps the id of the case it was copied
        # from, and renaming it to that id would replace the other case.
        problem(
            "id",
            msg("id-file-taken", written=case_id, stem=stem, owner=owner)
            if taken
            else msg("id-file", written=case_id, stem=stem),
            "id",
            msg("hint-id-file", stem=stem),
        )


def _place(ctx: Context, locality: str, pinned: str, problem: Report) -> Region | None:
    """The region of the locality, or None after reporting why: an ambiguous name lists every
    candidate and how to pin one, an unknown one the nearest names."""
    written = ctx.fold(normalize.inline(locality))
    region, why = ctx.gazetteer.resolve(written, pinned)
    if region is not None or not isinstance(why, Message):
        return region
    field = "region_code" if why.id == "place-code" else "locality"
    hint: Message = msg("hint-place")
    if why.id == "place-ambiguous":
        hint = msg("hint-pin", code=why.arg("first"))
    elif why.id == "place-unknown":
        close = ctx.gazetteer.similar(re.sub(r"\s+", "", written))
        hint = msg("hint-place-close", close=close) if close else hint
    problem(field, why, "place", hint)
    return None


def _terms(
    ctx: Context,
    kind: Kind,
    field: str,
    words: object,
    fine: Callable[[str], bool],
    problem: Report,
) -> tuple[str, ...]:
    """The term ids of a list of taxonomy words; an unknown word gets the nearest terms."""
    ids: list[str] = []
    for i, word in enumerate(words if isinstance(words, list) else []):
        at = f"{field}[{i}]"
        if not isinstance(word, str) or not fine(at):
            continue
        term = match(ctx.taxonomy, kind, word, ctx.fold)
        if term is None:
            close = similar(ctx.taxonomy, kind, word, ctx.fold)
            hint = (
                msg("hint-term-close", close=close)
                if close
                else msg("hint-term-none", count=len(ctx.taxonomy.terms(kind)))
            )
            problem(at, msg(f"unknown-{kind}", written=shortened(word, 80)), "term", hint)
        elif term in ids:
            problem(at, msg(f"repeated-{kind}", written=word, term=term), "term", "")
        else:
            ids.append(term)
    return tuple(ids)


def _entries(data: Mapping[str, object], name: str) -> list[tuple[int, Mapping[str, object]]]:
    """The mappings of a list field as written, with their index."""
    items = data.get(name)
    return [
        (i, x)
        for i, x in enumerate(items if isinstance(items, list) else [])
        if isinstance(x, dict)
    ]


def _source_keys(data: Mapping[str, object], fine: Callable[[str], bool], problem: Report) -> None:
    """Each source key once; each metric cites a source key."""
    keys: dict[str, int] = {}
    for i, s in _entries(data, "sources"):
        key = s.get("key")
        if isinstance(key, str) and keys.setdefault(key, i) != i:
            problem(f"sources[{i}].key", msg("source-duplicate", key=key), "source", "")
    for i, m in _entries(data, "metrics"):
        cited, at = m.get("source"), f"metrics[{i}].source"
        if isinstance(cited, str) and cited not in keys and fine(at):
            known = ", ".join(keys) or "—"
            written = shortened(cited, 80)
            problem(
                at,
                msg("source-unknown", written=written),
                "source",
                msg("hint-source-keys", known=known),
            )


def _texts(data: Mapping[str, object]) -> dict[str, str]:
    """The reader-facing text fields as written, by field path, for the markup checks."""
    out = {name: data.get(name) for name in ("title", "locality", "summary", "status_note")}
    period = data.get("period")
    out["period.note"] = period.get("note") if isinstance(period, dict) else None
    for i, a in _entries(data, "actors"):
        out[f"actors[{i}].name"] = a.get("name")
    for i, m in _entries(data, "metrics"):
        for part in ("label", "unit", "note"):
            out[f"metrics[{i}].{part}"] = m.get(part)
    return {k: v for k, v in out.items() if isinstance(v, str)}


def _at(
    raw: RawCase, field: str, message: str | Message, code: str, hint: str | Message = ""
) -> Diagnostic:
    """A diagnostic at the line and column of `field` in the case file."""
    line, column = position(field, raw.lines, raw.columns)
    return Diagnostic(raw.path, line, field, message, code, hint, column)


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
                    msg("document-refused", document=s.document, why=why)
                    if why
                    else msg("document-missing", document=s.document),
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
                    msg("figure-unverified", label=m.label, value=value, document=doc),
                    "unverified-figure",
                    msg("hint-figure"),
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
                    c.path,
                    2,
                    "id",
                    msg("id-duplicate", written=c.id, owner=seen[c.id]),
                    "duplicate-id",
                )
            )
        seen.setdefault(c.id, c.path)
    return out
