"""Every address of the site is built here. Each page exists once per script, at the same
path under /zh-hans/ and /zh-hant/ (its twin); links are root-relative and carry the base
path, canonical and alternate links are absolute.

Paths are relative to the output folder (`zh-hans/cases/x/`); `href` and `absolute` turn
them into links.
"""

from __future__ import annotations

from govcases.config import Config
from govcases.model import Script

PREFIX: dict[Script, str] = {"hans": "zh-hans", "hant": "zh-hant"}
LANG: dict[Script, str] = {"hans": "zh-Hans", "hant": "zh-Hant"}


def in_script(script: Script, rel: str = "") -> str:
    """The path of `rel` in one script's tree: cases/x/ → zh-hant/cases/x/."""
    return f"{PREFIX[script]}/{rel}"


def case_rel(case_id: str) -> str:
    return f"cases/{case_id}/"


def region_rel(code: str) -> str:
    return f"regions/{code}/"


def term_index_rel(kind: str) -> str:
    """The index of one vocabulary: mechanisms/, outcomes/."""
    return f"{kind}s/"


def term_rel(kind: str, term_id: str) -> str:
    return f"{term_index_rel(kind)}{term_id}/"


def citation_rel(case_id: str, extension: str) -> str:
    """A case's citation file (bib, ris) beside its page."""
    return f"{case_rel(case_id)}{case_id}.{extension}"


def case_data(case_id: str) -> str:
    """A case's data record, shared by both scripts."""
    return f"data/cases/{case_id}.json"


# The text pages, in the order the footer lists them: about, method, licence.
TEXT_PAGES = ("about", "method", "licence")


def text_page_rel(name: str) -> str:
    """One of the text pages (TEXT_PAGES): about/, method/, licence/."""
    return f"{name}/"


# The pages each script has once, by name (the navigation's ids are among them).
SECTIONS: dict[str, str] = {
    "cases": "cases/",
    "regions": "regions/",
    "mechanisms": term_index_rel("mechanism"),
    "outcomes": term_index_rel("outcome"),
    "search": "search/",
    "map": "map/",
    "compare": "compare/",  # chosen cases side by side: compare/?cases=a,b
    "coverage": "compare/coverage/",  # every case against every term
    "timeline": "timeline/",
    "data": "data/",
    "dictionary": "data/dictionary/",  # the data dictionary, under the data page
    "reports": "reports/",
}
COMPARE_MOST = 4  # cases the compare page sets side by side
ASSETS = "assets/"  # stylesheet, scripts and icon, shared by both scripts
SEARCH_INDEX = "search/"  # the search index, shared by both scripts (docs/search.md)
CONVERSION_REVIEW = "editors/conversion/"  # the editors' report on the conversion


def page_file(rel: str) -> str:
    """The file of the page at `rel`: cases/ → cases/index.html."""
    return rel + "index.html"


def data_file(name: str) -> str:
    """A download shared by both scripts: data/cases.json, data/sources.csv, …"""
    return f"data/{name}"


def metrics_file(script: Script) -> str:
    """The figures in one script's text: data/metrics.zh-hans.csv, data/metrics.zh-hant.csv."""
    return data_file(f"metrics.{PREFIX[script]}.csv")


SOURCES = "sources/"  # the source documents the cases cite, byte for byte


def source_document(name: str) -> str:
    """Where a cited source document is published: `sources/<name>`, with `.txt` added to a
    name that does not end in it, so that any host serves it as plain text, never as HTML."""
    return SOURCES + (name if name.endswith(".txt") else name + ".txt")


def href(config: Config, path: str) -> str:
    """Root-relative link for an output path: zh-hans/cases/x/index.html → /base/zh-hans/cases/x/"""
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return config.base_path + path


def absolute(config: Config, path: str) -> str:
    return config.site_origin + href(config, path)


def twin(script: Script) -> Script:
    """The other script, whose tree holds the same page at the same path."""
    return "hant" if script == "hans" else "hans"
