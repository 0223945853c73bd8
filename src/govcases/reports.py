"""Catalogue of source reports not yet written up as cases (`reports.yaml`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import Field, ValidationError

from .load import decode, parse_yaml
from .model import BuildError, Diagnostic, Report
from .places import Gazetteer
from .schema import Strict, diagnostics


class CompilationIn(Strict):
    title: str
    date: str
    document: str


class ReportIn(Strict):
    number: int = Field(ge=1, description="Position in the compilation's table of contents.")
    title: str = Field(min_length=1)
    authors: list[str] = Field(min_length=1)
    locality: str = Field("", description="Place the report concerns, where identifiable.")
    region_code: int | str | None = None
    topic: str = Field(min_length=1)
    page: int = Field(ge=1)
    note: str = ""


class CatalogueIn(Strict):
    compilation: CompilationIn
    reports: list[ReportIn]


def load_reports(path: Path, gazetteer: Gazetteer, fold: Callable[[str], str]) -> list[Report]:
    """Reports with their places resolved; an unresolvable place without a code stays unlocated."""
    if not path.exists():
        return []
    name = path.name
    data, lines = parse_yaml(name, decode(name, path.read_bytes()))
    try:
        parsed = CatalogueIn.model_validate(data)
    except ValidationError as exc:
        raise BuildError(diagnostics(exc, name, lines, CatalogueIn)) from exc
    out, problems = [], []
    numbers: set[int] = set()
    for i, r in enumerate(parsed.reports):
        where = f"reports[{i}]"
        if r.number in numbers:
            problems.append(
                Diagnostic(
                    name,
                    lines.get(where, 0),
                    where + ".number",
                    f"duplicate report number {r.number}",
                )
            )
        numbers.add(r.number)
        pinned = str(r.region_code or "")
        region = None
        if r.locality or pinned:
            region, why = gazetteer.resolve(fold(r.locality), pinned)
            if region is None and pinned:
                problems.append(
                    Diagnostic(
                        name,
                        lines.get(where + ".region_code", 0),
                        where + ".region_code",
                        why,
                        "place",
                    )
                )
        out.append(
            Report(
                r.number,
                r.title,
                tuple(r.authors),
                r.locality,
                region,
                r.topic,
                r.page,
                r.note,
                parsed.compilation.title,
                parsed.compilation.date,
                parsed.compilation.document,
            )
        )
    if problems:
        raise BuildError(problems)
    return sorted(out, key=lambda r: r.number)
