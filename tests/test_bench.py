"""The build benchmark's corpus generator and its measurement of a process tree."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from govcases.config import load_config
from govcases.pipeline import Timings, load_and_validate
from helpers import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import bench
import corpus
import measure

CASES = 30
SEED = 7


def generated(folder: Path) -> list[corpus.SyntheticCase]:
    folder.mkdir()
    cases, taxonomy, _ = corpus.generate(CASES, SEED)
    corpus.write_project(folder, cases, taxonomy)
    return cases


def tree(folder: Path) -> dict[str, bytes]:
    """The generated files (not what a check or build leaves: `.govcases-cache`, `_site`)."""
    files = (p for p in folder.rglob("*") if p.is_file())
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in files
        if not p.relative_to(folder).parts[0].startswith((".", "_"))
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[corpus.SyntheticCase]]:
    folder = tmp_path_factory.mktemp("bench") / "project"
    return folder, generated(folder)


def test_generated_corpus_is_a_valid_project(
    project: tuple[Path, list[corpus.SyntheticCase]],
) -> None:
    folder, cases = project
    loaded = load_and_validate(load_config(folder), Timings())  # what `govcases check` runs
    found = {c.id: c for c in loaded.cases}
    assert sorted(found) == sorted(c.id for c in cases)
    for case in cases:
        valid = found[case.id]
        assert valid.script == ("hant" if case.hant else "hans")
        assert valid.region.most_specific.code == case.place.code
        assert list(valid.mechanisms) == case.mechanism_ids
    assert sum(c.hant for c in cases) == 4
    taxonomy = loaded.context.taxonomy
    assert len(taxonomy.mechanisms) == corpus.TARGET_MECHANISMS
    assert len(taxonomy.outcomes) == corpus.TARGET_OUTCOMES


def test_same_seed_gives_the_same_files(
    project: tuple[Path, list[corpus.SyntheticCase]], tmp_path: Path
) -> None:
    folder, _ = project
    again = tmp_path / "again"
    generated(again)
    first = tree(folder)
    assert tree(again) == first
    assert len([k for k in first if k.startswith("cases/")]) == CASES


def test_search_benchmark_names_stay_importable() -> None:
    assert bench.SyntheticCase is corpus.SyntheticCase
    assert bench.generate is corpus.generate
    assert bench.to_hant("随着城市化") == "隨著城市化"


def test_measure_times_a_process_and_its_memory(tmp_path: Path) -> None:
    allocate = "x = bytearray(64 * 2**20); import time; time.sleep(0.2)"
    seconds, peak = measure.measure([sys.executable, "-c", allocate], tmp_path, tmp_path / "log")
    assert 0.2 < seconds < 60
    assert peak > 64 * 2**20
    assert measure.tree_rss(1 << 30) == 0  # no such process


def test_measure_reports_a_failed_command(tmp_path: Path) -> None:
    fail = "import sys; print('损坏'); sys.exit(3)"
    with pytest.raises(measure.BenchError) as raised:
        measure.measure([sys.executable, "-c", fail], tmp_path, tmp_path / "log")
    assert str(raised.value) == f"{sys.executable} -c {fail} failed with exit code 3:\n损坏\n"
