"""Catalogue of source reports not yet written up as cases (`reports.yaml`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import Field

from govcases.content.places import Gazetteer
from govcases.content.schema import FileName, Line, Name, Strict, Text, load_model
from govcases.messages import msg
from govcases.model import BuildError, Diagnostic, Report
from govcases.read.files import present


class CompilationIn(Strict):
    title: Name
    date: str = Field(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
    document: FileName


class ReportIn(Strict):
    number: int = Field(
        ge=1, le=100_000, description="Position in the compilation's table of contents."
    )
    title: Name = Field(min_length=1)
    authors: list[Line] = Field(min_length=1)
    locality: Line = Field("", description="Place the report concerns, where identifiable.")
    region_code: int | str | None = None
    topic: Line = Field(min_length=1)
    page: int = Field(ge=1, le=100_000)
    note: Text = ""


class CatalogueIn(Strict):
    compilation: CompilationIn
    reports: list[ReportIn]


def load_reports(path: Path, gazetteer: Gazetteer, fold: Callable[[str], str]) -> list[Report]:
    """Reports with their places resolved; an unresolvable place without a code stays unlocated."""
    if not present(path):
        return []
    name = path.name
    parsed, loaded = load_model(path, CatalogueIn)
    lines, columns = loaded.lines, loaded.columns
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
                    msg("report-number", number=r.number),
                    column=columns.get(where + ".number", 0),
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
                        column=columns.get(where + ".region_code", 0),
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
