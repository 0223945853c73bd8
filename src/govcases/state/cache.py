"""On-disk cache of derived data (JSON), keyed by content hash.

Safe against corruption: each entry carries a checksum and is written atomically; a bad entry
is a miss. Bounded: `prune()` removes the least recently used entries beyond a size limit.
The folder sits in the checkout, so no symbolic link in it is followed: a link where the
cache folder or one of its subfolders should be is removed, entries are read as regular files
only, and `prune()` never descends through a link.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import pickle
import stat
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

from govcases.model import BuildError
from govcases.read.files import read_regular

MAX_ENTRY_BYTES = 64 * 1024 * 1024
PACKAGE = Path(__file__).resolve().parent.parent  # govcases itself


@functools.cache
def code_version() -> str:
    """Fingerprint of the govcases that runs: its version and the bytes of every file of the
    package. It is part of every key of derived data (cache entries, prepared cases, page
    fingerprints, the search index), so nothing one version made is reused by another, and
    no version number needs bumping by hand. Links in the package are not followed."""
    h = hashlib.sha256(version("govcases").encode("utf-8"))
    for folder, subfolders, names in os.walk(PACKAGE):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(names):
            path = Path(folder, name)
            if name.endswith(".pyc") or not stat.S_ISREG(os.lstat(path).st_mode):
                continue
            h.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:20]


def digest(*parts: Any) -> str:
    """Content hash of plain data (str, int, float, bool, None, lists, tuples and dicts built in
    a deterministic order). Pickle is exact for these and 2.5× faster than repr (JSON is slower
    still); without its memo ("fast" mode) equal values give equal bytes, however shared."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(parts)
    return hashlib.sha256(buffer.getbuffer()).hexdigest()


def own_folder(folder: Path) -> None:
    """`folder` as a real folder of ours: a symbolic link or a file there (which a checkout
    can contain) is removed, never followed, and the folder made."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        return
    if not stat.S_ISDIR(info.st_mode):
        folder.unlink()
        folder.mkdir(parents=True, exist_ok=True)


class Cache:
    def __init__(self, folder: Path | None, max_bytes: int = 512 * 1024 * 1024) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        if folder is not None and folder.is_symlink():
            folder.unlink()

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        if self.folder is None:
            return None
        path = self._path(key)
        if not os.path.lexists(path):
            return None
        try:
            if os.path.islink(path.parent):
                raise ValueError("a link where a cache folder should be")
            raw = read_regular(path, str(path), MAX_ENTRY_BYTES)
            header, _, payload = raw.partition(b"\n")
            made_by, sha = header.decode("ascii").split(" ")
            if made_by != code_version() or sha != hashlib.sha256(payload).hexdigest():
                raise ValueError("stale or corrupt entry")
            value = json.loads(payload)
        except (BuildError, ValueError, KeyError, TypeError, OSError):
            if not os.path.islink(path.parent):
                path.unlink(missing_ok=True)  # a link is removed, its target left alone
            return None
        os.utime(path)  # recently used: kept by prune()
        return value

    def put(self, key: str, value: Any) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        own_folder(self.folder)
        own_folder(path.parent)
        payload = json.dumps(value, ensure_ascii=False).encode("utf-8")
        header = f"{code_version()} {hashlib.sha256(payload).hexdigest()}\n".encode("ascii")
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:  # header line: code version and checksum of the rest
            handle.write(header + payload)
        os.replace(tmp, path)

    def prune(self) -> int:
        """Delete least recently used entries until the cache fits; return how many."""
        if self.folder is None or not self.folder.is_dir() or self.folder.is_symlink():
            return 0
        found = []
        for sub in os.scandir(self.folder):
            if not sub.is_dir(follow_symlinks=False):
                continue
            for entry in os.scandir(sub.path):
                if entry.name.endswith(".json") and entry.is_file(follow_symlinks=False):
                    info = entry.stat(follow_symlinks=False)
                    found.append((info.st_mtime_ns, info.st_size, Path(entry.path)))
        entries = sorted(found, reverse=True)
        total, removed = 0, 0
        for _, size, path in entries:
            total += size
            if total > self.max_bytes:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
