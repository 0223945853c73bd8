"""Serve's quick path: an edit to a case body changes only that case's own pages.

Every other page shows a case through its front matter (cards, term and region lists,
related cases), so when an edited file's front matter is unchanged, its two case pages are
all a reader can see change at once. Serve renders them from the state the last build left in
memory and shows them straight away; a full build then refreshes the search index, data
files, feeds and the review page in the background, producing the same bytes.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import replace
from pathlib import Path

from .cache import Cache
from .load import read_case
from .model import SCRIPTS, BuildError, Case
from .pipeline import Built
from .prepare import prepare_all
from .render import render_page
from .validate import validate
from .views import SiteData, Views


def front_matter(case: Case) -> Case:
    return replace(case, body="")


def quick_edit(built: Built, site: SiteData, paths: set[Path]) -> tuple[SiteData, dict[str, bytes]]:
    """The site with the edited cases, and their re-rendered pages (output path → bytes).

    Raises BuildError for an invalid file and NeedsBuild when the change can show on other
    pages (front matter, new or deleted files, anything but a case file).
    """
    loaded = built.loaded
    config = loaded.config
    known = {doc.case.path: doc.case for doc in site.docs.values()}
    edited: list[Case] = []
    for path in sorted(paths):
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
    docs = dict(site.docs)
    for prepared in prepare_all(edited, loaded.conv, Cache(None)):
        docs[prepared.document.case.id] = prepared.document
    site = replace(site, docs=docs)
    views = Views(site)
    pages = [views.case_page(script, case.id) for case in edited for script in SCRIPTS]
    return site, {p.path: render_page(built.env, p).content for p in pages}


def warm(built: Built) -> None:
    """Take one unchanged case through the quick path and drop the result. A build that took
    every case from its memo has not yet loaded what reading, validating and preparing need
    (pypinyin's dictionary, compiled patterns, Markdown's extensions): an editor's first save
    should not wait for that."""
    for doc in built.site.docs.values():
        with suppress(BuildError, NeedsBuild):
            quick_edit(built, built.site, {built.loaded.config.root / doc.case.path})
        return


class NeedsBuild(Exception):
    """The change may show beyond the edited case's own pages."""
