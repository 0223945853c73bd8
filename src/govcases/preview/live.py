"""Serve's quick path: an edit to a case body changes only that case's own pages.

Every other page shows a case through its front matter (cards, term and region lists,
related cases), so when an edited file's front matter is unchanged, its two case pages are
all a reader can see change at once. Serve renders them from the state the last build left in
memory and shows them straight away; a full build then refreshes the search index, data
files, feeds and the review page in the background, producing the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

from govcases.content.load import read_case
from govcases.content.validate import validate
from govcases.model import SCRIPTS, BuildError, Case, Document
from govcases.pipeline import Built
from govcases.site.prepare import prepare_all
from govcases.site.render import render_page
from govcases.site.views import SiteData, Views
from govcases.state.cache import Cache


def front_matter(case: Case) -> Case:
    return replace(case, body="")


@dataclass(frozen=True)
class Edit:
    """A case edited in place: its new document and its re-rendered pages (path → bytes)."""

    document: Document
    pages: dict[str, bytes]


def with_documents(site: SiteData, documents: Iterable[Document]) -> SiteData:
    return replace(site, docs={**site.docs, **{d.case.id: d for d in documents}})


def saved(paths: set[Path], known: set[str], root: Path) -> set[Path]:
    """The files a save changed, matched by their final names. Editors that save by writing a
    temporary file and renaming it over the case (vim, VS Code, JetBrains "safe write",
    `sed -i`) also report the temporary file, which is gone by now: it is not a change."""
    return {p for p in paths if os.path.lexists(p) or os.path.relpath(p, root) in known}


def quick_edit(built: Built, site: SiteData, paths: set[Path]) -> list[Edit]:
    """The edited cases with their re-rendered pages, rendered against `site`.

    Raises BuildError for an invalid file and NeedsBuild when the change can show on other
    pages (front matter, new or deleted files, anything but a case file).
    """
    loaded = built.loaded
    config = loaded.config
    known = {doc.case.path: doc.case for doc in site.docs.values()}
    edited: list[Case] = []
    for path in sorted(saved(paths, set(known), config.root)):
        display = os.path.relpath(path, config.root)
        old = known.get(display)
        if old is None or not path.is_file():
            raise NeedsBuild(f"{display} is new, deleted or not a case")
        case, issues = validate(read_case(path, display), loaded.context)
        if issues or case is None:
            raise BuildError(issues)
        if front_matter(case) != front_matter(old):
            raise NeedsBuild(f"{display}: front matter changed")
        edited.append(case)
    documents = [p.document for p in prepare_all(edited, loaded.conv, Cache(None))]
    views = Views(with_documents(site, documents))
    edits = []
    for doc in documents:
        pages = [views.case_page(script, doc.case.id) for script in SCRIPTS]
        edits.append(Edit(doc, {p.path: render_page(built.env, p).content for p in pages}))
    return edits


def warm(built: Built) -> None:
    """Take one unchanged case through the quick path and drop the result. A build that took
    every case from its memo has not yet loaded what reading, validating and preparing need
    (pypinyin's dictionary, compiled patterns, Markdown's extensions): an editor's first save
    should not wait for that."""
    doc = next(iter(built.site.docs.values()), None)
    if doc is not None:
        with suppress(BuildError, NeedsBuild):
            quick_edit(built, built.site, {built.loaded.config.root / doc.case.path})


class NeedsBuild(Exception):
    """The change may show beyond the edited case's own pages."""
