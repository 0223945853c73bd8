"""The text pages (about, method, licence): Markdown files the editors keep in `pages/`,
rendered and sanitized like a case body and put into both scripts by the site's conversion.

Each file is `pages/<name>.md` for every name of urls.TEXT_PAGES, UTF-8, written in Simplified
(the Traditional page is converted, with the glossary and `-{…}-` markup as everywhere). Its
first line is the page title as a `# ` heading; the rest is the page. `{{ name }}` inserts a
value from the settings or the library, so the text never goes stale when they change, and
the address of a page in the reader's script, so links carry the base path:

    site_title     the site title (who compiles the library)
    licence_name   licence_id   licence_url     the licence setting
    cases   mechanisms   outcomes   categories  counts in the library
    about_page   method_page   licence_page   data_page   dictionary_page   cases_page
    regions_page   mechanisms_page   outcomes_page   reports_page     page addresses

A missing file, an unknown placeholder or a file without its title is an error naming the
file and line. The folder is part of the checkout: files are read through read/ (regular
files only, no link, size limit, UTF-8, no control characters) and the HTML is sanitized after
conversion, so page text cannot put markup or script into the site.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from govcases.config import Config
from govcases.model import SCRIPTS, BuildError, Diagnostic, Script
from govcases.read.files import read_text, scan_text
from govcases.site.prepare import render_markdown, sanitize
from govcases.site.urls import TEXT_PAGES
from govcases.state.cache import Cache, digest
from govcases.zh.conversion import Converter

MAX_PAGE_BYTES = 256 * 1024
CACHE_SALT = "text-page-1"  # bump when the rendering of a page changes for the same text
PLACEHOLDERS = (
    "site_title",
    "licence_name",
    "licence_id",
    "licence_url",
    "cases",
    "mechanisms",
    "outcomes",
    "categories",
    "about_page",
    "method_page",
    "licence_page",
    "data_page",
    "dictionary_page",
    "cases_page",
    "regions_page",
    "mechanisms_page",
    "outcomes_page",
    "reports_page",
)
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]*)\s*\}\}")
_TITLE = re.compile(r"#[ \t]+(\S.*?)[ \t#]*")


@dataclass(frozen=True)
class TextPage:
    """One text page in both scripts: its title and its sanitized HTML."""

    name: str
    title: dict[Script, str]
    html: dict[Script, str]


def page_file(config: Config, name: str) -> str:
    """The file of a text page as diagnostics name it: pages/about.md."""
    return f"{config.pages_dir.rstrip('/')}/{name}.md"


def load_text_pages(
    config: Config, conv: Converter, values: Mapping[Script, Mapping[str, str]]
) -> dict[str, TextPage]:
    """Every text page, or BuildError listing every problem of every file. `values` holds
    what each placeholder (all of PLACEHOLDERS) stands for in each script's pages: text in
    Simplified, addresses in that script's tree."""
    folder = config.path(config.pages_dir)
    cache = Cache(config.path(config.cache_dir) if config.cache_dir else None)
    problems: list[Diagnostic] = []
    pages: dict[str, TextPage] = {}
    if os.path.islink(folder):
        shown = config.pages_dir
        raise BuildError(
            [Diagnostic(shown, 0, "", "is a symbolic link; links are not allowed", "symlink")]
        )
    for name in TEXT_PAGES:
        shown = page_file(config, name)
        try:
            text = read_text(folder / f"{name}.md", shown, MAX_PAGE_BYTES)
        except BuildError as exc:
            problems += [
                d
                if d.code != "missing-file"
                else Diagnostic(
                    shown,
                    0,
                    "",
                    "file not found: every site has an about, a method and a licence page",
                    "missing-file",
                    hint=f"write {shown}: a '# ' title line, then the page in Markdown "
                    "(README › Text pages)",
                )
                for d in exc.diagnostics
            ]
            continue
        found = scan_text(shown, text, 1, "", bidi_only=False)
        if found:
            problems += found
            continue
        text = unicodedata.normalize("NFC", text)
        page, issues = _page(shown, name, text, conv, values, cache)
        problems += issues
        if page is not None:
            pages[name] = page
    if problems:
        raise BuildError(problems)
    return pages


def _page(
    shown: str,
    name: str,
    text: str,
    conv: Converter,
    values: Mapping[Script, Mapping[str, str]],
    cache: Cache,
) -> tuple[TextPage | None, list[Diagnostic]]:
    problems = []
    for found in _PLACEHOLDER.finditer(text):
        if found.group(1) not in PLACEHOLDERS:
            line = text.count("\n", 0, found.start()) + 1
            problems.append(
                Diagnostic(
                    shown,
                    line,
                    "",
                    f"unknown placeholder {found.group()!r}",
                    "placeholder",
                    hint="one of: " + ", ".join("{{ " + p + " }}" for p in PLACEHOLDERS),
                )
            )
    first, _, body = text.lstrip("\ufeff").partition("\n")
    title = _TITLE.fullmatch(first.strip())
    if title is None:
        problems.append(
            Diagnostic(
                shown,
                1,
                "",
                "the first line must be the page title, written '# title'",
                "title",
            )
        )
    if problems or title is None:
        return None, problems

    def filled(part: str, script: Script) -> str:
        return _PLACEHOLDER.sub(lambda m: values[script][m.group(1)], part)

    converted = {
        s: _converted(filled(title.group(1), s), filled(body, s), s, conv, cache) for s in SCRIPTS
    }
    return (
        TextPage(
            name,
            title={s: t for s, (t, _) in converted.items()},
            html={s: h for s, (_, h) in converted.items()},
        ),
        [],
    )


def _converted(
    title: str, body: str, script: Script, conv: Converter, cache: Cache
) -> tuple[str, str]:
    """A page's title and HTML in one script, from the build cache when the same text was
    converted with the same variant and glossary before (so an unchanged rebuild converts
    nothing). The cache folder is part of the checkout: its HTML is sanitized again."""
    key = digest(CACHE_SALT, conv.style, [asdict(t) for t in conv.glossary], script, title, body)
    hit = cache.get(key)
    if isinstance(hit, list) and len(hit) == 2 and all(isinstance(v, str) for v in hit):
        return hit[0], sanitize(hit[1])
    html = sanitize(conv.convert(render_markdown(body, conv), "hans", script))
    heading = conv.convert(title, "hans", script)
    cache.put(key, [heading, html])
    return heading, html
