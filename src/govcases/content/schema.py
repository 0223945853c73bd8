"""Front-matter schema of case files and site data files, and pydantic errors → Diagnostics."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from govcases.messages import Message, fail, failure, from_pydantic, msg, shortened
from govcases.messages.catalogue import CATALOGUE
from govcases.model import ACTOR_LEVELS, BuildError, Diagnostic
from govcases.read.files import text_message
from govcases.read.yamlfile import Parsed, load_yaml

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Years a case, a figure or an added date may name: from the founding of the PRC to next year
# (a plan announced for next year); anything else is a typo such as 20144.
FIRST_YEAR = 1949
LAST_YEAR = dt.date.today().year + 1


def _checked(value: str, *, one_line: bool = False, visible: bool = False) -> str:
    problem = text_message(value, one_line=one_line, visible=visible)
    if problem is not None:
        raise failure(problem)
    return value


def _text(value: str) -> str:
    """Multi-line text: no control or bidirectional control characters (tab, newline allowed)."""
    return _checked(value)


def _one_line(value: str) -> str:
    """One-line text: no tab or line break either."""
    return _checked(value, one_line=True)


def _name(value: str) -> str:
    """An id, title or name: one line, and no invisible (zero-width) characters."""
    return _checked(value, one_line=True, visible=True)


def _year(value: int) -> int:
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise fail("year-range", year=value, first=FIRST_YEAR, last=LAST_YEAR)
    return value


def _file_name(value: str) -> str:
    """A document is named by its plain file name inside the sources folder."""
    if value and (not re.fullmatch(r"[\w.-]+", value, re.ASCII) or value.startswith(".")):
        raise fail("file-name", written=shortened(value, 80))
    return value


def _quoted_date(value: object) -> object:
    """A date written in quotes ("2026-12-01") is a date; other text is not one."""
    if isinstance(value, str):
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                return dt.date.fromisoformat(value)
        except ValueError:
            pass
        raise fail("date", written=shortened(value))
    return value


def _added(value: dt.date) -> dt.date:
    _year(value.year)
    return value


Text = Annotated[str, AfterValidator(_text)]
Line = Annotated[str, AfterValidator(_one_line)]
Name = Annotated[str, AfterValidator(_name)]
Year = Annotated[int, AfterValidator(_year)]
FileName = Annotated[str, AfterValidator(_file_name)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class PeriodIn(Strict):
    start: Year | None = Field(
        None,
        description=f"Year the initiative started, {FIRST_YEAR}–next year; "
        "only a draft may leave it empty.",
    )
    end: Year | None = Field(None, description="Year it ended, if the source says so.")
    note: Text = Field("", description="How the years were established, when not stated.")

    @model_validator(mode="after")
    def _order(self) -> PeriodIn:
        if self.end is not None and self.start is not None and self.end < self.start:
            raise fail("period-order", end=self.end, start=self.start)
        return self


class MetricIn(Strict):
    label: Line = Field(description="What is counted.", min_length=1)
    value: int | float | str = Field(description="The figure, digits as printed in the source.")
    unit: Line = Field("", description="Unit as printed: 个, %, 万份, 人次…")
    year: Year | None = Field(None, description="Year the figure refers to, when given.")
    note: Text = Field("", description="Qualifier: before/after, cumulative, approximate…")
    source: Line = Field(description="Key of the source the figure comes from.")

    @field_validator("value")
    @classmethod
    def _numeric(cls, value: int | float | str) -> int | float | str:
        if isinstance(value, str) and not NUMBER.fullmatch(value):
            raise fail("number", written=shortened(value))
        if isinstance(value, float) and (not math.isfinite(value) or "e" in repr(value)):
            raise fail("number", written=repr(value))
        return value


# An actor's level as a case file may spell it: the ASCII id, or its label in either script,
# with or without the slash (县/区, 县区, 縣區).
LEVEL_NAMES: dict[str, str] = {level: level for level in ACTOR_LEVELS}
for _level, _label in ACTOR_LEVELS.items():
    for _form in {_label, _label.replace("/", "")}:
        LEVEL_NAMES[_form] = _level
        LEVEL_NAMES[_form.translate(str.maketrans("县区乡镇社", "縣區鄉鎮社"))] = _level
LEVEL_HINT = ", ".join(f"{k} ({v})" for k, v in ACTOR_LEVELS.items())
PAGES = re.compile(r"^\d+([-–]\d+)?(, ?\d+([-–]\d+)?)*$")


class ActorIn(Strict):
    name: Name = Field(description="The organization, named as the source names it.", min_length=1)
    level: str = Field(description=f"Level of government: {LEVEL_HINT}.")

    @field_validator("level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = LEVEL_NAMES.get(value.strip())
        if level is None:
            raise fail("level", written=shortened(value), known=LEVEL_HINT)
        return level


class SourceIn(Strict):
    key: str = Field(description="Short key used by metrics (s1, s2…).", pattern=r"^[a-z0-9-]+$")
    title: Name = Field(description="Title as printed.", min_length=1)
    author: Line = Field("", description="Author(s) as printed.")
    container: Line = Field(
        "", description="The compilation, journal or website column the source appears in."
    )
    publisher: Line = Field("", description="Publisher or website.")
    date: str | int | dt.date = Field(
        "", description="YYYY, YYYY-MM or YYYY-MM-DD, only as the source gives it."
    )
    pages: str | int = Field("", description="Page or range in the container: 6, 6-15.")
    url: Line = Field("", description="Web address.", pattern=r"^(https?://\S+)?$")
    document: FileName = Field("", description="File name in the source-document folder.")

    @field_validator("pages")
    @classmethod
    def _pages(cls, value: str | int) -> str | int:
        bad_number = isinstance(value, int) and value < 1
        if bad_number or (isinstance(value, str) and value and not PAGES.fullmatch(value)):
            raise fail("pages", written=shortened(str(value)))
        return value

    @field_validator("date")
    @classmethod
    def _date(cls, value: str | int | dt.date) -> str | int | dt.date:
        if isinstance(value, str) and value and not _real_date(value):
            raise fail("source-date", written=shortened(value))
        return value

    @model_validator(mode="after")
    def _who_where(self) -> SourceIn:
        if not (self.author or self.publisher):
            raise fail("author-or-publisher")
        if not (self.url or self.document):
            raise fail("url-or-document")
        return self


def _real_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real year, month or day."""
    if not DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        return False
    return True


class CaseIn(Strict):
    id: Name = Field(description="ASCII slug used in URLs; equals the file name.")
    draft: bool = Field(
        False,
        description="true while the case is unfinished: placeholders allowed, left out of a "
        "published build.",
    )
    title: Name = Field(min_length=1)
    locality: Line = Field(min_length=1, description="Place as the editor writes it.")
    region_code: int | str | None = Field(None, description="GB/T 2260 code pinning the place.")
    period: PeriodIn
    status: Literal["complete", "partial"] = "complete"
    status_note: Text = ""
    added: Annotated[dt.date, BeforeValidator(_quoted_date), AfterValidator(_added)] = Field(
        description="Date the case entered the library."
    )
    mechanisms: list[Line] = Field(min_length=2, description="Taxonomy ids or synonyms.")
    outcomes: list[Line] = Field(min_length=1, description="Taxonomy ids or synonyms.")
    summary: Text = Field(min_length=1)
    actors: list[ActorIn] = Field([], description="Who implemented it, as the source names them.")
    metrics: list[MetricIn] = []
    sources: list[SourceIn] = Field(min_length=1)

    @model_validator(mode="after")
    def _partial_note(self) -> CaseIn:
        if self.status == "partial" and not self.status_note:
            raise fail("partial-note")
        return self


FIELD_ORDER = list(CaseIn.model_fields)


M = TypeVar("M", bound=BaseModel)


def load_model(path: Path, model: type[M]) -> tuple[M, Parsed]:
    """A YAML data file through the safe loader, validated by `model`; every problem is a
    diagnostic naming the file, line, column and field."""
    loaded = load_yaml(path, path.name)
    try:
        return model.model_validate(loaded.data), loaded
    except ValidationError as exc:
        problems = diagnostics(exc, path.name, loaded.lines, model, loaded.columns)
        raise BuildError(problems) from None


def diagnostics(
    exc: ValidationError,
    path: str,
    lines: dict[str, int],
    model: type[BaseModel],
    columns: dict[str, int] | None = None,
) -> list[Diagnostic]:
    """Turn pydantic errors into Diagnostics naming the field and its line."""
    out = []
    for err in exc.errors():
        loc = _without_branches(list(err["loc"]), err["type"] in {"model_type", "dict_type"})
        field = _dotted(loc)
        line, column = position(field, lines, columns or {})
        message, hint = _explain(err, model, loc)
        out.append(Diagnostic(path, line, field, message, err["type"], hint, column))
    return _dedupe(out)


_BRANCHES = {"int", "str", "float", "date"}  # how pydantic names the branches of a union


def _without_branches(loc: list[Any], every: bool) -> list[Any]:
    """The location without union branch names: each follows the field name it belongs to
    (sources.0.date.str), so a field that is itself called `date` (sources.0.date) stays."""
    out: list[Any] = []
    for part in loc:
        branch = part in _BRANCHES and bool(out) and isinstance(out[-1], str)
        if not (branch and (every or part is loc[-1])):
            out.append(part)
    return out


def _dotted(loc: list[Any]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def position(field: str, lines: dict[str, int], columns: dict[str, int]) -> tuple[int, int]:
    """Line and column of the field, else of its nearest parent that has them (a missing
    field is reported where its parent starts; a missing top-level one at the first)."""
    while field:
        if field in lines:
            return lines[field], columns.get(field, 1)
        parent = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", field)
        field = "" if parent == field else parent
    return lines.get("", 1), columns.get("", 1)


def _explain(err: Any, model: type[BaseModel], loc: list[Any]) -> tuple[Message, str | Message]:
    """The message for a pydantic error, by its type, and a hint: for an unknown field the
    nearest known ones, else the field's documented meaning."""
    if err["type"] == "extra_forbidden":
        fields = _fields_at(model, loc[:-1])
        known = ", ".join(fields)
        close = difflib.get_close_matches(str(loc[-1]), fields, n=1, cutoff=0.6)
        hint = (
            msg("did-you-mean-field", close=close[0], known=known)
            if close
            else msg("known-fields", known=known)
        )
        return msg("unknown-field", name=shortened(str(loc[-1]))), hint
    if err["type"] == "missing":
        return msg("missing"), ""
    return from_pydantic(err), _description(model, loc)


def _description(model: type[BaseModel], loc: list[Any]) -> str | Message:
    """The documented meaning of the field at `loc`, as a hint (in Chinese where the
    catalogue has it)."""
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return ""
    owner = model
    for name in names[:-1]:
        found = _submodel(owner, name)
        if found is None:
            return ""
        owner = found
    info = owner.model_fields.get(names[-1])
    if info is None or not info.description:
        return ""
    about = f"about.{names[-1]}"
    return msg(about if about in CATALOGUE else "about", field=names[-1], text=info.description)


def _submodel(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    info = model.model_fields.get(name)
    if info is None:
        return None
    annotation = info.annotation
    for a in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(a, type) and issubclass(a, BaseModel):
            return a
    return None


def _fields_at(model: type[BaseModel], loc: list[Any]) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation
        args = getattr(annotation, "__args__", ())
        current = next(
            (a for a in (annotation, *args) if isinstance(a, type) and issubclass(a, BaseModel)),
            None,
        )
        if current is None:
            return []
    return list(current.model_fields)


def _dedupe(items: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, str | Message]] = set()
    out = []
    for d in items:
        if (d.field, d.message) not in seen:
            seen.add((d.field, d.message))
            out.append(d)
    return out
