"""Full-text search index (Pagefind), built at build time for both scripts.

Each case gets one index-only document holding its text in both scripts, so a query typed in
either script finds it (网格 finds 網格化 and the reverse); the search page links each result
to, and titles it from, the case page in the reader's script. One document per case, not one
per case page, halves the indexing work. The Pagefind command-line indexer (its extended build
segments Chinese words) runs once over these documents as a single `zh` index; the bundle it
writes is published under pagefind/.

Filters (province, mechanism, outcome, start year) are applied in the browser from
data/facets.json rather than by Pagefind, whose filter files differ from one run to the next;
builds here must be byte-identical.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path

from .model import SCRIPTS, BuildError, Diagnostic, OutputFile, Script
from .views import LANG, SiteData

_TAGS = re.compile(r"<[^>]+>")
_OTHER: dict[Script, Script] = {"hans": "hant", "hant": "hans"}


def index_documents(site: SiteData) -> dict[str, str]:
    """Index path of each case → the HTML Pagefind indexes for it: one document per case with
    its text in both scripts, titles and localities as per-script metadata. The search page
    links each result to the case page in the reader's script."""
    docs = {}
    for case_id in site.indexes.case_ids:
        doc = site.docs[case_id]
        text = "\n".join(
            f'<h2 data-pagefind-meta="title_{s}">{escape(doc.text[s].title)}</h2>\n'
            f'<p data-pagefind-meta="locality_{s}">{escape(doc.text[s].locality)}</p>\n'
            f"<p>{escape(doc.text[s].summary)}</p>\n"
            f"<div>{_TAGS.sub(' ', doc.text[s].body_html)}</div>"
            for s in (doc.case.script, _OTHER[doc.case.script])
        )
        docs[f"cases/{case_id}/index.html"] = (
            '<!doctype html><html lang="zh"><head><meta charset="utf-8">'
            f"<title>{escape(case_id)}</title></head><body><main data-pagefind-body>"
            f'<span data-pagefind-meta="year:{doc.case.start}"></span>\n{text}'
            "</main></body></html>\n"
        )
    return docs


def search_files(documents: dict[str, str], scratch: Path) -> list[OutputFile]:
    """Run the Pagefind indexer over the index-only pages, written below `scratch` (removed
    again); return its bundle as files."""
    try:
        pages, bundle = scratch / "pages", scratch / "pagefind"
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
            "--force-language",
            "zh",
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
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


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
