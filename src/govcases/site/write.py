"""The only module touching the output folder: stage the new site beside the old one, then swap.

A failed or killed build leaves the previous site in place. Only folders carrying the marker
file this module writes are ever replaced or deleted, besides the build's own work folders
beside the site (`.NAME.staging`, `.NAME.old`), which the next build clears. No symbolic
link is followed: one planted on the build's own paths is removed, an output folder reached
through one is refused, and previous files are reused only when they are regular files.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from govcases.model import BuildError, Diagnostic, OutputFile

MARKER = ".govcases-site"
WRITERS = 8  # threads writing and linking files


def check_output_dir(out: Path, project: Path, protected: list[Path]) -> None:
    """Refuse output folders whose replacement could destroy something that is not ours.
    `out` is the path as configured (absolute, links not resolved), so that a symbolic link
    on the way, which a checkout can contain, is seen and refused."""
    resolved = out.resolve()
    bad = {Path("/"), Path.home().resolve(), project.resolve()}
    reason = ""
    if _link_on_the_way(out, project):
        reason = "is, or lies below, a symbolic link"
    elif resolved in bad or resolved == resolved.parent:
        reason = "is the file-system root, your home or the project folder"
    elif any(
        resolved == p or p.is_relative_to(resolved) or resolved.is_relative_to(p) for p in protected
    ):
        reason = "overlaps a source folder (cases, templates)"
    elif resolved.exists() and not resolved.is_dir():
        reason = "exists and is not a folder"
    elif resolved.is_dir() and any(resolved.iterdir()) and not (resolved / MARKER).exists():
        reason = f"is not empty and was not written by govcases (no {MARKER} file)"
    if reason:
        raise BuildError(
            [Diagnostic(str(out), 0, "output_dir", f"refusing to write: it {reason}", "output-dir")]
        )


def _link_on_the_way(out: Path, project: Path) -> bool:
    """Whether `out`, or a folder between the project and `out`, is a symbolic link."""
    path = Path(os.path.abspath(out))
    root = Path(os.path.abspath(project))
    while True:
        if path.is_symlink():
            return True
        if path == root or path == path.parent or not path.is_relative_to(root):
            return False
        path = path.parent


def drop_link(path: Path) -> None:
    """The build's own paths beside the site are never followed: a symbolic link planted
    there (a checkout can contain one) is removed, and its target left alone."""
    if path.is_symlink():
        path.unlink()


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Serialise builds on one output folder; a second build waits for the first."""
    lock = out.parent / f".{out.name}.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    drop_link(lock)
    # O_NOFOLLOW: a link planted between the check and the open fails instead of being
    # followed; no O_TRUNC: the lock file's content is never used.
    fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "w") as handle:
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
        return path in self.files and _regular(out / path)


def _regular(path: Path) -> bool:
    """A regular file, not a symbolic link (hard-linking a link would publish its target)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _identity(path: Path) -> str:
    """Device, inode and inode-change time of a file: a copy (a checkout, an archive) cannot
    reproduce them, so they tell a manifest this machine wrote from one that came with the
    files."""
    info = os.lstat(path)
    return f"{info.st_dev} {info.st_ino} {info.st_ctime_ns}"


def identity_file(out: Path) -> Path:
    """Beside the site, not in it: which file on this machine the site's MARKER is."""
    return out.parent / f".{out.name}.id"


def read_manifest(out: Path) -> Manifest:
    """The previous build's manifest; empty when missing, unreadable or not written here
    (then nothing is reused). A site folder committed to the repository comes with a
    manifest whose fingerprints its author chose: reusing its pages would publish them."""
    try:
        identity = identity_file(out)
        if identity.is_symlink() or identity.read_text("ascii") != _identity(out / MARKER):
            return Manifest()
        data = json.loads((out / MARKER).read_text("utf-8"))
        return Manifest(dict(data["pages"]), dict(data["files"]), str(data["search"]))
    except (OSError, ValueError, KeyError, TypeError):
        return Manifest()


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class Staging:
    """The new site, assembled beside the old one while the build runs and swapped in by
    `commit`. Files are written by a pool of threads as soon as they are added (the time goes
    to system calls, which release the GIL), so rendered pages need not be held in memory;
    files whose bytes equal the previous build's are hard-linked from the old site."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.folder = out.parent / f".{out.name}.staging"
        self.old = out.parent / f".{out.name}.old"
        for own in (self.folder, self.old):
            drop_link(own)
        _recover(out, self.old)
        if self.folder.exists():
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True)
        self.previous = read_manifest(out)
        self.files: dict[str, str] = {}  # path → sha256 of its bytes
        self._made: set[Path] = set()
        self._pool = ThreadPoolExecutor(WRITERS)
        self._pending: list[Future[None]] = []

    def _target(self, path: str) -> Path:
        if path in self.files:
            raise BuildError([Diagnostic(path, 0, "", "two outputs write this path", "output")])
        p = PurePosixPath(path)
        if p.is_absolute() or ".." in p.parts or not path:
            raise BuildError([Diagnostic(path, 0, "", "output path escapes the site", "output")])
        target = self.folder / path
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        return target

    def add(self, files: list[OutputFile]) -> None:
        """Write these files (in the background)."""
        targets = [self._target(f.path) for f in files]
        for f in files:
            self.files[f.path] = ""
        self._pending.append(self._pool.submit(self._write, files, targets))

    def _write(self, files: list[OutputFile], targets: list[Path]) -> None:
        for f, target in zip(files, targets, strict=True):
            digest = sha256(f.content)
            self.files[f.path] = digest
            old = self.out / f.path
            if self.previous.files.get(f.path) == digest and _regular(old):
                os.link(old, target, follow_symlinks=False)  # same bytes: nothing to write
            else:
                target.write_bytes(f.content)

    def previous_content(self, path: str) -> bytes | None:
        """A file of the previous build, if it is a regular file whose bytes are still those
        the manifest records (None otherwise)."""
        expected = self.previous.files.get(path)
        if expected is None or PurePosixPath(path).is_absolute() or ".." in path.split("/"):
            return None
        try:
            fd = os.open(self.out / path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return None
        with os.fdopen(fd, "rb") as handle:
            content = handle.read()
        return content if sha256(content) == expected else None

    def reuse(self, paths: list[str]) -> None:
        """Keep these files of the previous build (hard links)."""
        targets = [self._target(p) for p in paths]
        for p in paths:
            self.files[p] = self.previous.files[p]
        self._pending.append(self._pool.submit(self._link, paths, targets))

    def _link(self, paths: list[str], targets: list[Path]) -> None:
        for p, target in zip(paths, targets, strict=True):
            os.link(self.out / p, target, follow_symlinks=False)

    def commit(self, pages: dict[str, str], search: str) -> int:
        """Finish writing, save the manifest and swap the new site in; return the file count."""
        for future in self._pending:
            future.result()
        self._pool.shutdown()
        manifest = Manifest(pages, dict(sorted(self.files.items())), search)
        (self.folder / MARKER).write_text(json.dumps(asdict(manifest), sort_keys=True), "utf-8")
        identity = identity_file(self.out)
        drop_link(identity)
        identity.write_text(_identity(self.folder / MARKER), "ascii")
        _fsync_dir(self.folder)
        if self.out.exists():
            os.replace(self.out, self.old)
        os.replace(self.folder, self.out)
        if self.old.exists():
            _remove(self.old)
        return len(self.files)

    def abort(self) -> None:
        self._pool.shutdown(cancel_futures=True)
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def staged(out: Path) -> Iterator[Staging]:
    """A Staging that is removed again, leaving the previous site as it was, unless committed."""
    stage = Staging(out)
    try:
        yield stage
    except BaseException:
        stage.abort()
        raise


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
