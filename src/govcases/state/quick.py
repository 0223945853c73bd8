"""The no-op fast path: one signature of every build input, compared before anything heavy is
imported or read. It changes when any file of the project (cases, templates, site data,
settings), the source documents, the command-line overrides or govcases itself changes.
Only the standard library and the YAML loader (for site.yaml) are used here; when site.yaml
cannot be read or names a folder outside the project, the build goes the full way, which
reports the problem."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from govcases.model import BuildError
from govcases.read.files import read_regular, within
from govcases.read.yamlfile import read_settings
from govcases.state.cache import PACKAGE

INPUTS = ".govcases-inputs"  # written into the output folder by each successful build
SKIP = {
    ".git",
    ".venv",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    ".govcases-cache",
    "benchmarks",
    "docs",
}


def settings(root: Path) -> dict[str, object] | None:
    """site.yaml as config reads it ({} when absent), or None when it is not valid or names
    an output or sources folder outside the project (config reports why)."""
    try:
        parsed = read_settings(root)
    except BuildError:
        return None
    data: dict[str, object] = parsed.data if parsed is not None else {}
    for name in ("output_dir", "sources_dir"):
        value = data.get(name)
        if value is not None and not (isinstance(value, str) and within(root, value)):
            return None
    return data


def output_dir(root: Path, out: str | None, site: dict[str, object] | None = None) -> Path:
    site = settings(root) if site is None else site
    return (root / (out or str((site or {}).get("output_dir", "_site")))).resolve()


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return None


def _stat(path: Path) -> os.stat_result | None:
    """Status of a file, of a link itself when it dangles, None when it vanished meanwhile."""
    try:
        return path.stat()
    except OSError:
        try:
            return path.lstat()
        except OSError:
            return None


def stat_digest(tops: list[Path], salt: str, skip: Path | None = None) -> str:
    """Hash of the name, size and modification time of every file below `tops` (files or
    folders; missing ones count as absent), leaving out `skip` and caches."""
    h = hashlib.sha256(salt.encode())
    for top in tops:
        if top.is_file():
            info = top.stat()
            h.update(f"{top}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
            continue
        for folder, dirs, files in os.walk(top):
            here = Path(folder)
            dirs[:] = sorted(
                d
                for d in dirs
                if d not in SKIP and not d.startswith("._") and _resolved(here / d) != skip
            )
            for name in sorted(f for f in files if not f.startswith("._")):  # build lock
                stat = _stat(here / name)
                if stat is None:
                    continue
                h.update(f"{here / name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return h.hexdigest()


def signature(root: Path, out: str | None, base_url: str | None, drafts: bool = False) -> str:
    """The inputs' signature, or "" when site.yaml does not allow telling (then nothing is
    skipped)."""
    root = root.resolve()
    site = settings(root)
    if site is None:
        return ""
    sources = (root / str(site.get("sources_dir", "../shared/sources"))).resolve()
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")  # the default build date
    options = [site, out, base_url, epoch] + (["drafts"] if drafts else [])
    salt = json.dumps(options, sort_keys=True, default=str)
    return stat_digest([root, sources, PACKAGE], salt, skip=output_dir(root, out, site))


def unchanged(
    root: Path, out: str | None, base_url: str | None, drafts: bool = False
) -> tuple[bool, str]:
    """(True, signature) when the output was built from exactly these inputs."""
    current = signature(root, out, base_url, drafts)
    if not current:
        return False, current
    try:
        found = read_regular(output_dir(root, out) / INPUTS, INPUTS, 1024)
    except BuildError:
        return False, current
    return found.decode("ascii", "replace").strip() == current, current
