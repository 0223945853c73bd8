"""The bundled corpus, built without a cache, must produce exactly the pinned site.

The digest is the SHA-256 of `sha256sum` lines (two spaces, then ``./path``) over every
file but the ownership marker, sorted by path in byte order; the same value as

    find . -type f ! -name .govcases-site | LC_ALL=C sort | xargs sha256sum | sha256sum

run in the output folder. Refactors must leave it unchanged.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from govcases.config import load_config
from govcases.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
PINNED = ROOT / "tests" / "data" / "site-digest.txt"


def site_digest(out: Path) -> tuple[str, int]:
    files = sorted(
        (p for p in out.rglob("*") if p.is_file() and p.name != ".govcases-site"),
        key=lambda p: ("./" + p.relative_to(out).as_posix()).encode(),
    )
    lines = "".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  ./{p.relative_to(out).as_posix()}\n"
        for p in files
    )
    return hashlib.sha256(lines.encode()).hexdigest(), len(files)


def test_bundled_site_matches_pinned_digest(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    build(load_config(ROOT, output_dir=str(out), cache_dir=""))
    digest, count = site_digest(out)
    pinned = PINNED.read_text(encoding="utf-8").split()[0]
    assert digest == pinned, (
        f"the built site ({count} files) changed: digest {digest}, pinned {pinned}. "
        "If the output is meant to change, update tests/data/site-digest.txt deliberately, "
        "in the same commit as the change and with the reason in its message."
    )
