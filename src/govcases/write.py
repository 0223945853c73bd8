"""The only module touching the output folder: stage the new site beside the old one, then swap.

A failed or killed build leaves the previous site in place. Only folders carrying the marker
file this module writes are ever replaced or deleted.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from .model import BuildError, Diagnostic, OutputFile

MARKER = ".govcases-site"
WRITERS = 8  # threads writing and linking files


def check_output_dir(out: Path, project: Path, protected: list[Path]) -> None:
    """Refuse output folders whose replacement could destroy something that is not ours."""
    out = out.resolve()
    home = Path.home().resolve()
    bad = {Path("/"), home, project.resolve()}
    reason = ""
    if out in bad or out == out.parent:
        reason = "is the file-system root, your home or the project folder"
    elif any(out == p or p.is_relative_to(out) or out.is_relative_to(p) for p in protected):
        reason = "overlaps a source folder (cases, templates)"
    elif out.exists() and not out.is_dir():
        reason = "exists and is not a folder"
    elif out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        reason = f"is not empty and was not written by govcases (no {MARKER} file)"
    if reason:
        raise BuildError(
            [Diagnostic(str(out), 0, "output_dir", f"refusing to write: it {reason}", "output-dir")]
        )


def check_paths(files: list[OutputFile]) -> None:
    seen: set[str] = set()
    problems = []
    for f in files:
        p = PurePosixPath(f.path)
        if p.is_absolute() or ".." in p.parts or not f.path:
            problems.append(Diagnostic(f.path, 0, "", "output path escapes the site", "output"))
        if f.path in seen:
            problems.append(Diagnostic(f.path, 0, "", "two outputs write this path", "output"))
        seen.add(f.path)
    if problems:
        raise BuildError(problems)


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Serialise builds on one output folder; a second build waits for the first."""
    lock = out.parent / f".{out.name}.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Manifest:
    """What the previous build wrote: stored in the output folder's marker file."""

    pages: dict[str, str] = field(default_factory=dict)  # page path → fingerprint of its inputs
    files: dict[str, str] = field(default_factory=dict)  # every path → sha256 of its bytes
    search: str = ""  # fingerprint of the search index inputs

    def reusable(self, out: Path, path: str) -> bool:
        return path in self.files and (out / path).is_file()


def read_manifest(out: Path) -> Manifest:
    """The previous build's manifest; empty when missing or unreadable (then nothing is reused)."""
    try:
        data = json.loads((out / MARKER).read_text("utf-8"))
        return Manifest(dict(data["pages"]), dict(data["files"]), str(data["search"]))
    except (OSError, ValueError, KeyError, TypeError):
        return Manifest()


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def write_site(out: Path, files: list[OutputFile], reused: list[str], manifest: Manifest) -> int:
    """Stage the new site beside the old one and swap it in; return the number of files.

    `reused` paths, and files whose bytes equal the previous build's, are hard-linked from the
    old site instead of written. `manifest` is saved in the marker file for the next build.
    """
    check_paths(files + [OutputFile(p, b"") for p in reused])
    staging = out.parent / f".{out.name}.staging"
    old = out.parent / f".{out.name}.old"
    _recover(out, old)
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    previous = read_manifest(out)
    for folder in sorted({(staging / p).parent for p in [*reused, *(f.path for f in files)]}):
        folder.mkdir(parents=True, exist_ok=True)

    def put(f: OutputFile) -> None:
        if previous.files.get(f.path) == manifest.files[f.path] and (out / f.path).is_file():
            os.link(out / f.path, staging / f.path)  # same bytes as before: nothing to write
        else:
            (staging / f.path).write_bytes(f.content)

    # Threads: the time is spent in system calls, which release the GIL.
    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(lambda p: os.link(out / p, staging / p), reused, chunksize=256))
        list(pool.map(put, files, chunksize=64))
    (staging / MARKER).write_text(json.dumps(asdict(manifest), sort_keys=True), "utf-8")
    _fsync_dir(staging)
    if out.exists():
        os.replace(out, old)
    os.replace(staging, out)
    if old.exists():
        _remove(old)
    return len(files) + len(reused)


def _remove(folder: Path) -> None:
    """shutil.rmtree, with the files unlinked by several threads first."""
    files = [Path(d, f) for d, _, names in os.walk(folder) for f in names]
    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(os.unlink, files, chunksize=256))
    shutil.rmtree(folder)


def _recover(out: Path, old: Path) -> None:
    """A build killed between the two renames leaves only `old`: put it back."""
    if old.exists() and not out.exists():
        os.replace(old, out)
    elif old.exists():
        shutil.rmtree(old)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
