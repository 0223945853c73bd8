"""Derived data is keyed by the code that made it (state.cache.code_version)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govcases.state import cache


def _version_of(package: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(cache, "PACKAGE", package)
    cache.code_version.cache_clear()
    try:
        return cache.code_version()
    finally:
        cache.code_version.cache_clear()


def test_any_change_to_the_package_changes_the_code_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "govcases"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    first = _version_of(package, monkeypatch)
    assert _version_of(package, monkeypatch) == first
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "model.cpython-311.pyc").write_bytes(b"compiled")
    (tmp_path / "elsewhere.py").write_text("x = 1\n", "utf-8")
    (package / "linked.py").symlink_to(tmp_path / "elsewhere.py")  # links are not followed
    assert _version_of(package, monkeypatch) == first
    module = package / "site" / "search" / "files.py"
    module.write_text(module.read_text("utf-8") + "\n# changed\n", "utf-8")
    assert _version_of(package, monkeypatch) != first


def test_a_cache_entry_made_by_other_code_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = cache.Cache(tmp_path / "cache")
    store.put("k" * 64, {"value": 1})
    assert store.get("k" * 64) == {"value": 1}
    monkeypatch.setattr(cache, "code_version", lambda: "another-version")
    assert store.get("k" * 64) is None
