"""Full-text search index (Pagefind), built at build time for both scripts.

Each case page gets an index-only twin holding the case's text in both scripts, so a query typed
in either script finds it (网格 finds 網格化 and the reverse) while the results link to, and
describe, the page in the reader's script. The Pagefind command-line indexer (its extended build
segments Chinese words) runs once over these twins; the bundle it writes is published under
pagefind/.

Filters (province, mechanism, outcome, start year) are applied in the browser from
data/facets.json rather than by Pagefind, whose filter files differ from one run to the next;
builds here must be byte-identical.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from html import escape
from pathlib import Path

from .model import SCRIPTS, BuildError, Diagnostic, OutputFile
from .views import LANG, PREFIX, SiteData

_TAGS = re.compile(r"<[^>]+>")


def index_documents(site: SiteData) -> dict[str, str]:
    """Output path of each case page → the HTML Pagefind indexes for it."""
    docs = {}
    for script in SCRIPTS:
        for case_id in site.indexes.case_ids:
            doc = site.docs[case_id]
            own = doc.text[script]
            other = doc.text["hant" if script == "hans" else "hans"]
            body = "\n".join(
                f"<p>{escape(t.summary)}</p>\n<div>{_TAGS.sub(' ', t.body_html)}</div>"
                for t in (own, other)
            )
            docs[f"{PREFIX[script]}/cases/{case_id}/index.html"] = (
                f'<!doctype html><html lang="{LANG[script]}"><head><meta charset="utf-8">'
                f"<title>{escape(own.title)}</title></head><body><main data-pagefind-body>"
                f'<h1 data-pagefind-meta="title">{escape(own.title)}</h1>'
                f'<p data-pagefind-meta="locality">{escape(own.locality)}</p>'
                f'<span data-pagefind-meta="year:{doc.case.start}"></span>'
                f"<p>{escape(other.title)} {escape(other.locality)}</p>\n{body}"
                "</main></body></html>\n"
            )
    return docs


def search_files(documents: dict[str, str]) -> list[OutputFile]:
    """Run the Pagefind indexer over the index-only pages; return its bundle as files."""
    with tempfile.TemporaryDirectory(prefix="govcases-search-") as tmp:
        pages, bundle = Path(tmp, "pages"), Path(tmp, "pagefind")
        for rel, html in documents.items():
            path = pages / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(pages),
            "--output-path",
            str(bundle),
            "--silent",
        ]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            message = "search indexing failed: " + (result.stderr or result.stdout).strip()
            raise BuildError([Diagnostic("pagefind", 0, "", message, "search")])
        entry = bundle / "pagefind-entry.json"  # its language order varies between runs
        data = json.loads(entry.read_text("utf-8"))
        entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), "utf-8")
        return [
            OutputFile("pagefind/" + p.relative_to(bundle).as_posix(), p.read_bytes())
            for p in sorted(bundle.rglob("*"))
            if p.is_file()
        ]


def facets_file(site: SiteData) -> OutputFile:
    """What the search page filters on, per case: province, start year, terms, and the title
    and locality in both scripts (to list filter-only results without the text index)."""
    cases = {}
    for case_id in site.indexes.case_ids:
        doc = site.docs[case_id]
        c = doc.case
        cases[case_id] = {
            "province": c.region.province.code,
            "year": str(c.start),
            "mechanism": list(c.mechanisms),
            "outcome": list(c.outcomes),
            "title": {LANG[s]: doc.text[s].title for s in SCRIPTS},
            "locality": {LANG[s]: doc.text[s].locality for s in SCRIPTS},
        }
    text = json.dumps({"cases": cases}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return OutputFile("data/facets.json", text.replace("<", "\\u003c").encode("utf-8"))
