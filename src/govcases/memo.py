"""Validated and prepared cases kept between builds, so that a rebuild after editing one case
reads, validates, renders and converts that one file only.

Entries are keyed by the case file's name, size and modification time. The whole memo is
discarded when anything else that validation or preparation reads has changed (`site_key`):
settings, taxonomy, places, glossary, source documents or govcases itself.

It is one pickle of plain dataclasses behind a checksum (5,000 cases load in well under a
second, where one JSON entry per case took seconds); a damaged or stale memo is ignored. Like
the rest of the cache folder it is written by govcases only: never restore it from an untrusted
source.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .model import Case
from .prepare import Prepared
from .quick import PACKAGE, stat_digest

FILE = "cases.pickle"


@dataclass
class Entry:
    size: int
    mtime_ns: int
    case: Case
    prepared: Prepared | None = None


def site_key(config: Config) -> str:
    """Signature of every input besides the case files that a validated or prepared case
    depends on."""
    settings = config.model_dump(mode="json", exclude={"output_dir", "cache_dir", "jobs"})
    inputs = [config.root / "site.yaml", PACKAGE, config.path(config.sources_dir)]
    inputs += [config.path(name) for name in (config.taxonomy, config.places, config.glossary)]
    return stat_digest(inputs, repr(settings))


class CaseMemo:
    def __init__(self, folder: Path | None, key: str) -> None:
        self.path = folder / FILE if folder else None
        self.key = key
        self.old = self._read()
        self.new: dict[str, Entry] = {}
        self.changed = False

    def _read(self) -> dict[str, Entry]:
        if self.path is None:
            return {}
        try:
            header, _, payload = self.path.read_bytes().partition(b"\n")
            if header.decode("ascii") != hashlib.sha256(payload).hexdigest():
                return {}
            key, entries = pickle.loads(payload)
        except Exception:  # missing, damaged or from another version: a cold start
            return {}
        return entries if key == self.key and isinstance(entries, dict) else {}

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
        payload = pickle.dumps((self.key, self.new), protocol=pickle.HIGHEST_PROTOCOL)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload)
        os.replace(tmp, self.path)
        self.old, self.changed = self.new, False
