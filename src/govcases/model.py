"""Plain data passed one way through the pipeline.

load → validate → prepare → index → views → render → write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from govcases.messages import Language, Message, msg, render

Script = Literal["hans", "hant"]
Convert = Callable[[str], str]
SCRIPTS: tuple[Script, ...] = ("hans", "hant")


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one input file; `line` and `column` are 1-based, 0 when unknown.

    `message` and `hint` name catalogued messages (govcases.messages), rendered by the CLI in
    the editor's language; plain text is what no catalogue entry covers. Printed as
    `path:line:column: field: message (hint: …)`, leaving out what is unknown."""

    path: str
    line: int
    field: str
    message: str | Message
    code: str = "invalid"
    hint: str | Message = ""
    column: int = 0

    def render(self, language: Language = "en", to_hant: Convert | None = None) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.column}" if self.column else f":{self.line}"
        what = f" {self.field}:" if self.field else ""
        text, hint = self.texts(language, to_hant)
        if hint:
            hint = f"（{hint}）" if language != "en" else f" ({hint})"
        return f"{where}:{what} {text}{hint}"

    def texts(self, language: Language = "en", to_hant: Convert | None = None) -> tuple[str, str]:
        """The message and the hint, each in `language` ("" when there is no hint)."""
        hint = render(self.hint, language, to_hant)
        return render(self.message, language, to_hant), (
            render(msg("hint", text=hint), language, to_hant) if hint else ""
        )

    def __str__(self) -> str:
        return self.render()

    def as_dict(self, language: Language = "en", to_hant: Convert | None = None) -> dict[str, Any]:
        text = render(self.message, language, to_hant)
        return {
            "file": self.path,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "code": self.code,
            "id": self.message.id if isinstance(self.message, Message) else "",
            "message": text,
            "hint": render(self.hint, language, to_hant),
        }


# What to do about each kind of problem, for diagnostics that carry no more specific hint.
HINTS = {
    code: msg(f"hint-{code}")
    for code in (
        "yaml",
        "front-matter",
        "empty",
        "duplicate-id",
        "missing",
        "source-missing",
        "output",
    )
}


class BuildError(Exception):
    """Raised by library code; carries every problem found, never just the first."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        hinted = [d if d.hint else replace(d, hint=HINTS.get(d.code, "")) for d in diagnostics]
        self.diagnostics = sorted(hinted, key=lambda d: (d.path, d.line, d.column, d.field))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


@dataclass(frozen=True)
class RawCase:
    """A case file split into parsed front matter and body, with a line for every field."""

    path: str
    data: dict[str, Any]
    lines: dict[str, int]  # "metrics[2].value" → 1-based line in the file
    body: str
    body_line: int
    columns: dict[str, int] = field(default_factory=dict)  # field → 1-based column of its value
    front: str = ""  # the front matter as written (comments included), from line 2
    problems: tuple[Diagnostic, ...] = ()  # found while reading; validation adds its own


@dataclass(frozen=True)
class Division:
    """An administrative division of the GB/T 2260 code table."""

    code: str
    name: str
    level: Literal["province", "city", "district"]
    lon: float
    lat: float


@dataclass(frozen=True)
class Region:
    """Where a case happened: province › city › district, plus a zone that is no division."""

    province: Division
    city: Division | None
    district: Division | None
    zone: str = ""

    @property
    def divisions(self) -> tuple[Division, ...]:
        return tuple(d for d in (self.province, self.city, self.district) if d is not None)

    @property
    def most_specific(self) -> Division:
        return self.divisions[-1]


@dataclass(frozen=True)
class Term:
    id: str
    kind: Literal["mechanism", "outcome"]
    name: str
    definition: str
    synonyms: tuple[str, ...]
    category: str = ""  # mechanisms only


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    definition: str


@dataclass(frozen=True)
class Metric:
    label: str
    value: str  # digits as printed in the source ("91.70")
    unit: str
    source: str
    year: int | None = None
    note: str = ""


ActorLevel = Literal["province", "city", "county", "township", "village"]
# Each level of government an implementing actor may belong to, with its label (Simplified).
ACTOR_LEVELS: dict[ActorLevel, str] = {
    "province": "省",
    "city": "市",
    "county": "县/区",
    "township": "乡镇/街道",
    "village": "村/社区",
}


@dataclass(frozen=True)
class Actor:
    """An organization that implemented the case, named as the source names it."""

    name: str
    level: ActorLevel


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    author: str = ""
    publisher: str = ""
    date: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD, as the source gives it
    url: str = ""
    document: str = ""
    pages: str = ""  # page or range in the container ("6", "6-15")
    container: str = ""  # the compilation, journal or website column holding the source


@dataclass(frozen=True)
class Case:
    """A validated, normalized case in the script it was written in."""

    id: str
    path: str
    script: Script
    title: str
    locality: str
    region: Region
    start: int | None  # None only in a draft: the editor has not found the year yet
    end: int | None
    period_note: str
    status: Literal["complete", "partial"]
    status_note: str
    added: str
    mechanisms: tuple[str, ...]
    outcomes: tuple[str, ...]
    summary: str
    metrics: tuple[Metric, ...]
    sources: tuple[Source, ...]
    body: str  # normalized Markdown
    draft: bool = False  # unfinished: left out of a published build, marked 草稿 by serve
    actors: tuple[Actor, ...] = ()  # who implemented it, as the source names them


@dataclass(frozen=True)
class Report:
    """A report in a source compilation that is not yet written up as a case."""

    number: int
    title: str
    authors: tuple[str, ...]
    locality: str
    region: Region | None
    topic: str
    page: int
    note: str
    compilation: str
    compilation_date: str
    document: str


@dataclass(frozen=True)
class Heading:
    id: str
    text: str


@dataclass(frozen=True)
class CaseText:
    """The reader-facing text of a case in one script (body already rendered to HTML)."""

    title: str
    locality: str
    summary: str
    status_note: str
    period_note: str
    body_html: str
    headings: tuple[Heading, ...]
    metric_labels: tuple[tuple[str, str, str], ...]  # (label, unit, note) per metric
    actor_names: tuple[str, ...] = ()  # per actor, in this script


@dataclass(frozen=True)
class Document:
    """A case ready to render: the case plus its text in both scripts."""

    case: Case
    text: dict[Script, CaseText] = field(hash=False)


@dataclass(frozen=True)
class Choice:
    case_id: str
    field: str
    source: str  # the ambiguous character as written
    chosen: str  # what the reader sees
    candidates: tuple[str, ...]
    context: str  # output text around the choice, the choice in 【】
    decided_by: str  # "markup", "glossary: 正式发卡→正式發卡" or "dictionary"
    confirmed_by: str  # the confirmed word covering a dictionary choice, or ""

    def confirmed(self, by: str) -> Choice:
        """This choice, confirmed by `by` (dataclasses.replace is slow for 10⁵ choices)."""
        c = self
        return Choice(
            c.case_id, c.field, c.source, c.chosen, c.candidates, c.context, c.decided_by, by
        )

    @property
    def reviewed(self) -> bool:
        return self.decided_by != "dictionary" or bool(self.confirmed_by)


@dataclass(frozen=True)
class Prepared:
    """A document with the conversion choices made while preparing it."""

    document: Document
    choices: list[Choice]


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to the output folder, with forward slashes
    content: bytes
