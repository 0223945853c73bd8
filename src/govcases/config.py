"""Site configuration: `site.yaml` in the project root, optional; every key has a default.

`site.yaml` comes with the checkout, so a pull request can change it: every setting is checked
where it is read. Path settings must stay inside the project folder (the default sources
folder beside the project is the maintainers' layout and stays allowed); `base_url` is a path
or an http(s) URL of URL characters; `build_date` a real YYYY-MM-DD date, which defaults to
SOURCE_DATE_EPOCH when that is set. Command-line overrides are the maintainers' own and trusted,
but checked for well-formedness like the file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from govcases.messages import Message, fail, failure, from_pydantic, msg, of_error
from govcases.model import BuildError, Diagnostic
from govcases.read.files import os_path, text_message, within
from govcases.read.yamlfile import SETTINGS_FILE, read_settings

CONFIG_FILE = SETTINGS_FILE
PATH_SETTINGS = (
    "cases_dir",
    "templates_dir",
    "output_dir",
    "sources_dir",
    "taxonomy",
    "places",
    "reports",
    "glossary",
    "review",
    "cache_dir",
    "pages_dir",
)
OPTIONS = {
    "output_dir": "--out",
    "base_url": "--base-url",
    "lang": "--lang",
}  # overrides given on the command line
Lang = Literal["zh", "en"]
LANGUAGES = ("zh", "en")
ENVIRONMENT = "environment"  # the `path` of diagnostics about environment variables
MAX_EPOCH = 253402300799  # 9999-12-31T23:59:59Z, the last second a YYYY-MM-DD date can show

# A base_url: an optional http(s) origin, then a path of URL characters without quotes, angle
# brackets, backslashes, spaces, control characters, query or fragment, and no empty segment
# (a path starting '//' is another host).
_ORIGIN = re.compile(r"https?://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?")
_PATH = re.compile(r"/?([A-Za-z0-9._~%!$&()*+,;=:@-]+/)*[A-Za-z0-9._~%!$&()*+,;=:@-]*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A licence id as SPDX writes one (CC-BY-4.0, CC0-1.0, LicenseRef-own), and a licence URL: an
# http(s) address of URL characters without spaces, quotes, angle brackets or backslashes.
_LICENCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*")
_LICENCE_URL = re.compile(
    r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%!$&()*+,;=:@/?#-]*)?"
)


class Licence(BaseModel):
    """The licence the library's content is published under: shown on every page and stated
    in every data file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(
        "知识共享署名 4.0 国际许可协议",
        description="Name of the licence, in Simplified Chinese (converted for Traditional).",
    )
    id: str = Field("CC-BY-4.0", description="SPDX identifier (or LicenseRef-…).")
    url: str = Field(
        "https://creativecommons.org/licenses/by/4.0/", description="The licence text."
    )

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        problem = text_message(value, one_line=True, visible=True)
        if problem is not None:
            raise failure(problem)
        if not value.strip():
            raise fail("empty")
        return value

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _LICENCE_ID.fullmatch(value) or len(value) > 64:
            raise fail("licence-id", written=_shown(value))
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not _LICENCE_URL.fullmatch(value) or len(value) > 500:
            raise fail("licence-url", written=_shown(value))
        return value


class Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    root: Path = Field(default=Path("."), exclude=True)
    title: str = Field("地方治理创新案例库", description="Site title, in Simplified Chinese.")
    description: str = Field(
        "中国地方治理创新案例：按地区、机制与成效浏览，简体与繁体。",
        description="One sentence for the home page and meta description (Simplified).",
    )
    base_url: str = Field(
        "/",
        description="Where the site lives: a path (/govcases/) or a full http(s) URL "
        "(https://example.org/govcases/). Links are prefixed with its path.",
    )
    variant: Literal["s2tw", "s2t", "s2hk", "s2twp"] = Field(
        "s2tw", description="OpenCC conversion used for the Traditional pages."
    )
    quotes: Literal["corner", "curly"] | None = Field(
        None,
        description="Quotation marks: corner (「」『』 on Traditional pages, “”‘’ on "
        "Simplified ones) or curly (as written). Default: corner for the Taiwan variants "
        "(s2tw, s2twp), curly for the others.",
    )
    cases_dir: str = Field("cases", description="Folder of case files.")
    templates_dir: str = Field("templates", description="Folder of Jinja2 templates.")
    output_dir: str = Field("_site", description="Where the site is written.")
    sources_dir: str = Field(
        "../shared/sources", description="Folder of source documents cited by `document:`."
    )
    taxonomy: str = Field("taxonomy.yaml", description="Controlled vocabulary file.")
    places: str = Field("places.yaml", description="Zones that are not divisions, and aliases.")
    reports: str = Field("reports.yaml", description="Catalogue of reports not yet written up.")
    glossary: str = Field("glossary.yaml", description="Conversion rules: exact forms per script.")
    review: str = Field(
        "conversion-review.yaml", description="Dictionary conversion choices editors confirmed."
    )
    jobs: int = Field(
        0,
        ge=0,
        le=256,
        description="Worker processes for converting cases; 0 = one per CPU core.",
    )
    cache_dir: str = Field(
        ".govcases-cache", description="Cache of converted and rendered text; '' disables it."
    )
    pages_dir: str = Field(
        "pages", description="Folder of the about, method and licence pages (Markdown)."
    )
    licence: Licence = Field(
        default_factory=lambda: Licence.model_validate({}),
        description="Licence of the content: name, SPDX id, URL.",
    )
    lang: Lang = Field(
        "zh",
        description="Language of diagnostics: zh (Simplified, or Traditional for a case "
        "written in Traditional) or en; `--lang` overrides it.",
    )
    build_date: str = Field(
        "",
        description="Date stamped on the site (YYYY-MM-DD). Default: SOURCE_DATE_EPOCH, "
        "else the newest `added` date, so builds are reproducible.",
    )

    @field_validator("title", "description")
    @classmethod
    def _one_line(cls, value: str) -> str:
        problem = text_message(value, one_line=True, visible=True)
        if problem is not None:
            raise failure(problem)
        return value

    @field_validator("base_url")
    @classmethod
    def _slash(cls, value: str) -> str:
        check_base_url(value)
        return value if value.endswith("/") else value + "/"

    @field_validator("build_date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value.isoformat()  # unquoted in YAML
        if isinstance(value, str) and value:
            check_date(value)
        return value

    @field_validator(*PATH_SETTINGS)
    @classmethod
    def _path(cls, value: str) -> str:
        problem = text_message(value, one_line=True)
        if problem is not None:
            raise failure(problem)
        if "\0" in value:
            raise fail("nul")
        return value

    @property
    def base_path(self) -> str:
        """Path part of base_url, always starting and ending with '/'."""
        url = self.base_url
        if "://" in url:
            url = "/" + url.split("://", 1)[1].partition("/")[2]
        return "/" + url.strip("/") + "/" if url.strip("/") else "/"

    @property
    def site_origin(self) -> str:
        """Scheme and host of base_url, or '' when only a path is configured."""
        if "://" not in self.base_url:
            return ""
        scheme, rest = self.base_url.split("://", 1)
        return f"{scheme}://{rest.partition('/')[0]}"

    @property
    def corner_quotes(self) -> bool:
        """Whether Traditional pages use corner quotes (the `quotes` setting or its default)."""
        if self.quotes is None:
            return self.variant in ("s2tw", "s2twp")
        return self.quotes == "corner"

    def path(self, name: str) -> Path:
        """The absolute path of a path setting. Its last component is not resolved, so that
        a reader opening it refuses a symlink there instead of following it."""
        return os_path(self.root, name)


def check_base_url(value: str) -> None:
    """ValueError unless `value` is a path (/govcases/) or an http(s) URL with such a path."""
    path = value
    origin = _ORIGIN.match(value)
    if origin is not None:
        path = value[origin.end() :]
        if path and not path.startswith("/"):
            origin = None
    if (origin is None and "://" in value) or not _PATH.fullmatch(path):
        raise fail("base-url", written=_shown(value))


def check_date(value: str) -> None:
    """ValueError unless `value` is a real date written YYYY-MM-DD."""
    try:
        if _DATE.fullmatch(value):
            dt.date.fromisoformat(value)
            return
    except ValueError:
        pass
    raise fail("real-date", written=_shown(value))


def epoch_date(value: str) -> str:
    """The UTC date of a SOURCE_DATE_EPOCH value, or ValueError saying what is wrong (the
    diagnostic names the variable)."""
    if not re.fullmatch(r"[0-9]{1,12}", value) or int(value) > MAX_EPOCH:
        raise fail("epoch", most=MAX_EPOCH, written=_shown(value))
    return dt.datetime.fromtimestamp(int(value), dt.UTC).date().isoformat()


def _shown(value: str) -> str:
    """A value quoted for an error message: escapes visible, long values cut."""
    return repr(value if len(value) <= 60 else value[:60] + "…")


def language(root: Path, option: str | None = None) -> Lang:
    """The language diagnostics are shown in: `--lang`, else site.yaml's `lang`, else zh.
    Read before anything else can fail, so that even a broken site.yaml is reported in the
    editor's language (load_config reports what is wrong with the setting itself)."""
    if option in LANGUAGES:
        return option  # type: ignore[return-value]
    try:
        parsed = read_settings(root)
    except BuildError:
        return "zh"
    value = parsed.data.get("lang") if parsed is not None else None
    return value if value in LANGUAGES else "zh"


def load_config(root: Path, **overrides: object) -> Config:
    """Read `site.yaml` under root (if present) and apply overrides (from the command line)."""
    parsed = read_settings(root)
    settings: dict[str, Any] = dict(parsed.data) if parsed is not None else {}
    lines = parsed.lines if parsed is not None else {}
    columns = parsed.columns if parsed is not None else {}
    given = {k: v for k, v in overrides.items() if v is not None}

    def at(name: str, message: Message) -> Diagnostic:
        if name in given:
            return Diagnostic("command line", 0, OPTIONS.get(name, name), message, "config")
        return Diagnostic(
            CONFIG_FILE, lines.get(name, 0), name, message, "config", column=columns.get(name, 0)
        )

    problems = []
    if "root" in settings:  # not a setting: the project folder is where site.yaml is
        settings.pop("root")
        problems.append(at("root", msg("unknown-setting")))
    for name in PATH_SETTINGS:
        value = settings.get(name)
        if name not in given and isinstance(value, str) and value and not within(root, value):
            problems.append(at(name, msg("outside-project", written=value, file=CONFIG_FILE)))
    data = settings | given
    if not data.get("build_date"):
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        if epoch:
            try:
                data["build_date"] = epoch_date(epoch)
            except ValueError as exc:
                problems.append(
                    Diagnostic(ENVIRONMENT, 0, "SOURCE_DATE_EPOCH", of_error(exc), "config")
                )
    try:
        config = Config(root=root, **data)
    except ValidationError as exc:
        for e in exc.errors():
            name = ".".join(map(str, e["loc"]))
            unknown = e["type"] == "extra_forbidden"
            problems.append(at(name, msg("unknown-setting") if unknown else from_pydantic(e)))
    if problems:
        raise BuildError(problems)
    return config
