"""Validated and prepared cases kept between builds, so that a rebuild after editing one case
reads, validates, renders and converts that one file only.

Entries are keyed by the case file's name, size and modification time. The whole memo is
discarded when anything else that validation or preparation reads has changed (`site_key`):
settings, taxonomy, places, glossary, source documents or govcases itself.

The memo is JSON, read back through pydantic into the same dataclasses: the cache folder sits
in the checkout, so whatever it holds is parsed as data and never run as code (it used to be
a pickle). A damaged, stale or ill-typed memo is ignored, and case HTML read from it is
sanitized again before it is used.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from govcases.config import Config
from govcases.model import BuildError, Case, CaseText, Choice, Document, Prepared, Script
from govcases.read.files import read_regular
from govcases.state.cache import PACKAGE, own_folder
from govcases.state.quick import stat_digest

FILE = "cases.json"
MAX_MEMO_BYTES = 4 * 1024 * 1024 * 1024  # about 40 KB a case: far beyond 10,000 cases


@dataclass
class Entry:
    size: int
    mtime_ns: int
    case: Case
    prepared: Prepared | None = None


@dataclass(frozen=True)
class _Stored:
    """An entry as written: the case once, its prepared text and choices beside it."""

    size: int
    mtime_ns: int
    case: Case
    texts: dict[Script, CaseText] | None = None
    choices: list[Choice] | None = None


_FORMAT = TypeAdapter(tuple[str, dict[str, _Stored]])


def _stored(entry: Entry) -> _Stored:
    p = entry.prepared
    if p is None:
        return _Stored(entry.size, entry.mtime_ns, entry.case)
    return _Stored(entry.size, entry.mtime_ns, entry.case, p.document.text, p.choices)


def _entry(stored: _Stored, sanitize: Callable[[str], str]) -> Entry:
    entry = Entry(stored.size, stored.mtime_ns, stored.case)
    if stored.texts is not None and stored.choices is not None:
        texts = {s: replace(t, body_html=sanitize(t.body_html)) for s, t in stored.texts.items()}
        entry.prepared = Prepared(Document(stored.case, texts), stored.choices)
    return entry


def site_key(config: Config) -> str:
    """Signature of every input besides the case files that a validated or prepared case
    depends on."""
    settings = config.model_dump(mode="json", exclude={"output_dir", "cache_dir", "jobs"})
    inputs = [config.root / "site.yaml", PACKAGE, config.path(config.sources_dir)]
    inputs += [config.path(name) for name in (config.taxonomy, config.places, config.glossary)]
    return stat_digest(inputs, repr(settings))


class CaseMemo:
    def __init__(self, folder: Path | None, key: str, sanitize: Callable[[str], str]) -> None:
        """`sanitize` cleans case HTML read back from the memo (the site's HTML sanitizer)."""
        self.path = folder / FILE if folder else None
        self.sanitize = sanitize
        self.key = key
        self.old = self._read()
        self.new: dict[str, Entry] = {}
        self.changed = False

    def _read(self) -> dict[str, Entry]:
        if self.path is None:
            return {}
        try:
            raw = read_regular(self.path, str(self.path), MAX_MEMO_BYTES)  # never a link
            header, _, payload = raw.partition(b"\n")
            if header.decode("ascii") != hashlib.sha256(payload).hexdigest():
                return {}
            key, entries = _FORMAT.validate_json(payload)
        except (BuildError, OSError, UnicodeDecodeError, ValidationError):  # missing, damaged
            return {}
        return (
            {name: _entry(e, self.sanitize) for name, e in entries.items()}
            if key == self.key
            else {}
        )

    def case(self, name: str, stat: os.stat_result) -> Case | None:
        entry = self.old.get(name)
        if entry is None or (entry.size, entry.mtime_ns) != (stat.st_size, stat.st_mtime_ns):
            return None
        self.new[name] = entry
        return entry.case

    def put_case(self, name: str, stat: os.stat_result, case: Case) -> None:
        self.new[name] = Entry(stat.st_size, stat.st_mtime_ns, case)
        self.changed = True

    def prepared(self, case: Case) -> Prepared | None:
        entry = self.new.get(case.path)
        return entry.prepared if entry is not None and entry.case is case else None

    def put_prepared(self, prepared: Prepared) -> None:
        entry = self.new.get(prepared.document.case.path)
        if entry is not None and entry.case is prepared.document.case:
            entry.prepared = prepared
            self.changed = True

    def save(self) -> None:
        """Keep the entries of this build (files gone since are dropped)."""
        if self.path is None or not (self.changed or self.new.keys() != self.old.keys()):
            return
        payload = _FORMAT.dump_json((self.key, {n: _stored(e) for n, e in self.new.items()}))
        own_folder(self.path.parent)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload)
        os.replace(tmp, self.path)
        self.old, self.changed = self.new, False
