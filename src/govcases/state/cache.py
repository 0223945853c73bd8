"""On-disk cache of derived data (JSON), keyed by content hash.

Safe against corruption: each entry carries a checksum and is written atomically; a bad entry
is a miss. Bounded: `prune()` removes the least recently used entries beyond a size limit.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

VERSION = "2"  # bump when the shape of cached data changes


def digest(*parts: Any) -> str:
    """Content hash of plain data (str, int, float, bool, None, lists, tuples and dicts built in
    a deterministic order). Pickle is exact for these and 2.5× faster than repr (JSON is slower
    still); without its memo ("fast" mode) equal values give equal bytes, however shared."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(parts)
    return hashlib.sha256(buffer.getbuffer()).hexdigest()


class Cache:
    def __init__(self, folder: Path | None, max_bytes: int = 512 * 1024 * 1024) -> None:
        self.folder = folder
        self.max_bytes = max_bytes

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        if self.folder is None:
            return None
        path = self._path(key)
        try:
            header, _, payload = path.read_bytes().partition(b"\n")
            version, sha = header.decode("ascii").split(" ")
            if version != VERSION or sha != hashlib.sha256(payload).hexdigest():
                raise ValueError("stale or corrupt entry")
            value = json.loads(payload)
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError, OSError):
            path.unlink(missing_ok=True)
            return None
        os.utime(path)  # recently used: kept by prune()
        return value

    def put(self, key: str, value: Any) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(value, ensure_ascii=False).encode("utf-8")
        header = f"{VERSION} {hashlib.sha256(payload).hexdigest()}\n".encode("ascii")
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:  # header line: version and checksum of the rest
            handle.write(header + payload)
        os.replace(tmp, path)

    def prune(self) -> int:
        """Delete least recently used entries until the cache fits; return how many."""
        if self.folder is None or not self.folder.exists():
            return 0
        entries = sorted(
            ((p.stat().st_mtime_ns, p.stat().st_size, p) for p in self.folder.glob("*/*.json")),
            reverse=True,
        )
        total, removed = 0, 0
        for _, size, path in entries:
            total += size
            if total > self.max_bytes:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
