"""Repeatable, sub-path aware, all-or-nothing builds."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from govcases.config import load_config
from govcases.model import BuildError
from govcases.pipeline import build
from helpers import ROOT, case_text, check_links, digest, make_project


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "_site"
    build(load_config(ROOT, output_dir=str(again)))
    assert digest(site) == digest(again)


def test_base_url_sub_path(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    build(load_config(ROOT, output_dir=str(out), base_url="https://example.org/govcases/"))
    html = (out / "zh-hans/index.html").read_text(encoding="utf-8")
    assert 'href="/govcases/zh-hans/cases/"' in html
    assert 'href="https://example.org/govcases/zh-hans/"' in html  # canonical
    assert check_links(out, base="/govcases/") > 1000


def test_failed_build_leaves_previous_site_untouched(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"sample.md": case_text()})
    config = load_config(project)
    build(config)
    before = digest(project / "_site")
    (project / "cases" / "broken.md").write_text(case_text(id="id: broken", title=""))
    with pytest.raises(BuildError):
        build(config)
    assert digest(project / "_site") == before
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert leftovers == [
        "._site.id",
        "._site.lock",
        ".govcases-cache",
    ]  # no staging folder left behind


def test_build_script_prints_where_and_how(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(out) in result.stdout and "http.server" in result.stdout
    assert "Built 11 cases" in result.stdout
    assert (out / "zh-hans/index.html").is_file()


def test_refuses_output_folder_it_does_not_own(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"sample.md": case_text()})
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "keep.jpg").write_bytes(b"x")
    for out in (str(foreign), str(project), str(project / "cases")):
        with pytest.raises(BuildError, match="refusing to write"):
            build(load_config(project, output_dir=out))
    assert (foreign / "keep.jpg").read_bytes() == b"x"


def test_variant_setting_changes_traditional_forms(tmp_path: Path) -> None:
    project = make_project(
        tmp_path, {"sample.md": case_text(summary="summary: 为了群众，里面着力。")}
    )
    build(load_config(project))
    tw = (project / "_site/zh-hant/cases/sample/index.html").read_text(encoding="utf-8")
    (project / "site.yaml").write_text("variant: s2t\n")
    build(load_config(project))
    t = (project / "_site/zh-hant/cases/sample/index.html").read_text(encoding="utf-8")
    assert "為了群眾，裡面著力" in tw
    assert "爲了羣衆，裏面着力" in t


def test_unknown_config_key_is_an_error(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    (project / "site.yaml").write_text("titel: x\n")
    with pytest.raises(BuildError, match="titel"):
        load_config(project)


def test_parallel_cached_build_equals_single_process_cacheless_build(tmp_path: Path) -> None:
    """Enough cases to use the worker pool; output must not depend on how it was computed."""
    cases = {}
    for source in sorted((ROOT / "cases").glob("*.md")):
        for n in range(7):
            new_id = f"{source.stem}-{n}"
            text = source.read_text(encoding="utf-8").replace(
                f"id: {source.stem}\n", f"id: {new_id}\n", 1
            )
            cases[f"{new_id}.md"] = text
    project = make_project(tmp_path, cases)
    assert len(cases) >= 64
    parallel = load_config(project, jobs=2)
    build(parallel)
    build(parallel)  # now from the cache and the previous site
    single = load_config(project, output_dir=str(tmp_path / "single"), jobs=1, cache_dir="")
    build(single)
    assert digest(project / "_site") == digest(tmp_path / "single")


def test_fingerprints_hold_across_processes(tmp_path: Path) -> None:
    """Page fingerprints and cache keys are hashes of values: a build in a new process, with
    another string-hash seed, renders and converts nothing when no content changed."""
    project = make_project(tmp_path, {"sample.md": case_text()})

    def build_in_new_process(seed: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "govcases", "--root", str(project), "build", "-v"],
            capture_output=True,
            text=True,
            env={**os.environ, "CI": "1", "PYTHONHASHSEED": seed},
        )
        assert result.returncode == 0, result.stderr
        return result.stdout + result.stderr

    first = build_in_new_process("1")
    assert re.search(r"pages rendered\s+[1-9]", first)
    (project / "cases" / "sample.md").touch()  # same content, so not a no-op by signature
    again = build_in_new_process("2")
    assert re.search(r"pages rendered\s+0\b", again), again
    assert re.search(r"conversions\s+0\b", again), again
