"""The no-op fast path: one signature of every build input, compared before anything heavy is
imported or read. It changes when any file of the project (cases, templates, site data,
settings), the source documents, the command-line overrides or govcases itself changes.
Only the standard library (and PyYAML's loader, for site.yaml) is used here."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import yaml

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
PACKAGE = Path(__file__).resolve().parent


def settings(root: Path) -> dict[str, object]:
    file = root / "site.yaml"
    try:
        data = yaml.safe_load(file.read_text("utf-8")) if file.exists() else {}
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def output_dir(root: Path, out: str | None) -> Path:
    return (root / (out or str(settings(root).get("output_dir", "_site")))).resolve()


def stat_digest(tops: list[Path], salt: str, skip: Path | None = None) -> str:
    """Hash of the name, size and modification time of every file below `tops` (files or
    folders; missing ones count as absent), leaving out `skip` and caches."""
    h = hashlib.sha256(salt.encode())
    for top in tops:
        if top.is_file():
            stat = top.stat()
            h.update(f"{top}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
            continue
        for folder, dirs, files in os.walk(top):
            here = Path(folder)
            dirs[:] = sorted(
                d
                for d in dirs
                if d not in SKIP and not d.startswith("._") and (here / d).resolve() != skip
            )
            for name in sorted(f for f in files if not f.startswith("._")):  # build lock
                stat = (here / name).stat()
                h.update(f"{here / name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return h.hexdigest()


def signature(root: Path, out: str | None, base_url: str | None) -> str:
    root = root.resolve()
    site = settings(root)
    sources = (root / str(site.get("sources_dir", "../shared/sources"))).resolve()
    salt = json.dumps([site, out, base_url], sort_keys=True, default=str)
    return stat_digest([root, sources, PACKAGE], salt, skip=output_dir(root, out))


def unchanged(root: Path, out: str | None, base_url: str | None) -> tuple[bool, str]:
    """(True, signature) when the output was built from exactly these inputs."""
    current = signature(root, out, base_url)
    try:
        previous = (output_dir(root, out) / INPUTS).read_text("utf-8").strip()
    except OSError:
        return False, current
    return previous == current, current
