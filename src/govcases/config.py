"""Site configuration: `site.yaml` in the project root, optional; every key has a default."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .model import BuildError, Diagnostic

CONFIG_FILE = "site.yaml"


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
        description="Where the site lives: a path (/govcases/) or a full URL "
        "(https://example.org/govcases/). Links are prefixed with its path.",
    )
    variant: Literal["s2tw", "s2t", "s2hk", "s2twp"] = Field(
        "s2tw", description="OpenCC conversion used for the Traditional pages."
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
        0, ge=0, description="Worker processes for converting cases; 0 = one per CPU core."
    )
    cache_dir: str = Field(
        ".govcases-cache", description="Cache of converted and rendered text; '' disables it."
    )
    build_date: str = Field(
        "",
        description="Date stamped on the site (YYYY-MM-DD). Default: SOURCE_DATE_EPOCH, "
        "else the newest `added` date, so builds are reproducible.",
    )

    @field_validator("base_url")
    @classmethod
    def _slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

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

    def path(self, name: str) -> Path:
        return (self.root / name).resolve()


def load_config(root: Path, **overrides: object) -> Config:
    """Read `site.yaml` under root (if present) and apply overrides (from the command line)."""
    file = root / CONFIG_FILE
    data: dict[str, object] = {}
    if file.exists():
        try:
            loaded = yaml.safe_load(file.read_text(encoding="utf-8-sig")) or {}
        except yaml.YAMLError as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
            raise BuildError([Diagnostic(CONFIG_FILE, line, "", f"malformed YAML: {exc}")]) from exc
        if not isinstance(loaded, dict):
            raise BuildError([Diagnostic(CONFIG_FILE, 1, "", "expected a mapping of settings")])
        data.update(loaded)
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Config(root=root, **data)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise BuildError(
            [
                Diagnostic(CONFIG_FILE, 0, ".".join(map(str, e["loc"])), e["msg"], "config")
                for e in exc.errors()
            ]
        ) from exc
