"""Updating the search index after an edit: only what changed is rewritten, and the result is
byte for byte the index a build from scratch writes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govcases.config import load_config
from govcases.pipeline import build
from govcases.site.search import SearchCase, update
from govcases.site.search import files as search_files
from helpers import Index, corpus_texts, make_project, oracle


def _project(tmp: Path) -> Path:
    (tmp / "p").mkdir()
    return make_project(tmp / "p", {}, with_real_cases=True)


def _index(site: Path) -> dict[str, bytes]:
    root = site / "search"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.json")}


def _from_scratch(project: Path, tmp: Path) -> dict[str, bytes]:
    out = tmp / "scratch" / "_site"
    build(load_config(project, output_dir=str(out)))
    return _index(out)


def _edit(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text("utf-8")
    changed = change(text)
    assert changed != text
    path.write_text(changed, "utf-8")


def _no_full_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the index was built from scratch")

    monkeypatch.setattr(update, "UPDATE_MAX", 64)
    monkeypatch.setattr("govcases.site.search.build_index", refuse)


EDITS: dict[str, tuple[str, Callable[[str], str]]] = {
    "a word changed in one paragraph": (
        "guiyang.md",
        lambda t: t.replace("电子政务", "量子计算", 1),
    ),
    "a paragraph inserted": (
        "yanji.md",
        lambda t: re.sub(r"\n## ", "\n新增的一段：编辑后的案例正文，提到DEPA。\n\n## ", t, count=1),
    ),
    "the title": ("wenzhou.md", lambda t: re.sub(r"(?m)^title: .*$", "title: 温州新标题", t)),
    "the start year only": (
        "guyuan.md",
        lambda t: re.sub(r"start: (\d{4})", lambda m: f"start: {int(m[1]) - 1}", t, count=1),
    ),
}


@pytest.mark.parametrize("name", EDITS)
def test_an_edit_updates_the_index_to_the_bytes_of_a_build_from_scratch(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path)
    build(load_config(project))
    before = _index(project / "_site")
    file, change = EDITS[name]
    _edit(project / "cases" / file, change)
    with monkeypatch.context() as m:
        _no_full_build(m)
        build(load_config(project))
    after = _index(project / "_site")
    assert after == _from_scratch(project, tmp_path)
    number = sorted(p.stem for p in (project / "cases").glob("*.md")).index(Path(file).stem)
    assert f"text/hans/{number}.json" in {p for p in after if before.get(p) != after[p]}


def test_an_updated_index_finds_the_new_text_and_not_the_old(tmp_path: Path) -> None:
    project = _project(tmp_path)
    build(load_config(project))
    site = project / "_site"
    assert Index(site).search("量子计算") == set()
    old = Index(site).search("电子政务")
    _edit(project / "cases/guiyang.md", lambda t: t.replace("电子政务", "量子计算"))
    build(load_config(project))
    assert Index(site).search("量子计算") == {"guiyang"}
    assert Index(site).search("电子政务") == old - {"guiyang"}
    texts = corpus_texts(site)
    for query in ("量子计算", "电子政务", "数字政府", "网格化管理", "贵阳"):
        assert Index(site).search(query) == oracle(texts, query)


def test_a_previous_index_that_changed_since_it_was_written_is_not_read(tmp_path: Path) -> None:
    project = _project(tmp_path)
    build(load_config(project))
    site = project / "_site"
    meta = site / "search/meta.json"
    meta.write_bytes(meta.read_bytes().replace(b'"length":[', b'"length":[9999,'))
    _edit(project / "cases/guiyang.md", lambda t: t.replace("电子政务", "电子政务服务", 1))
    build(load_config(project))  # meta.json differs from the manifest: built from scratch
    assert _index(site) == _from_scratch(project, tmp_path)


def test_a_new_case_or_many_edits_build_the_index_from_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path)
    build(load_config(project))
    calls: list[int] = []
    real = search_files.build_index

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("govcases.site.search.build_index", counted)
    copy = (project / "cases/guiyang.md").read_text("utf-8").replace("id: guiyang", "id: guiyang-2")
    (project / "cases/guiyang-2.md").write_text(copy, "utf-8")
    build(load_config(project))
    assert calls == [1]  # the case numbers moved
    monkeypatch.setattr(update, "UPDATE_MAX", 1)
    for name in ("guiyang.md", "yanji.md"):
        _edit(project / "cases" / name, lambda t: t.replace("。", "；", 1))
    build(load_config(project))
    assert calls == [1, 1]
    assert _index(project / "_site") == _from_scratch(project, tmp_path)


def test_a_shard_count_that_would_change_builds_from_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path)
    sizes = json.loads(_from_scratch(project, tmp_path / "sizes")["meta.json"])["sizes"]
    monkeypatch.setattr(search_files, "SHARD_INTS", sizes["1"])  # one shard, full to the brim
    build(load_config(project))
    assert json.loads((project / "_site/search/meta.json").read_bytes())["shards"]["1"] == 1
    _edit(project / "cases/guiyang.md", lambda t: t.replace("电子政务", "ABC DEF GHI JKL MNO", 1))
    build(load_config(project))
    after = _index(project / "_site")
    assert json.loads(after["meta.json"])["shards"]["1"] == 2
    assert after == _from_scratch(project, tmp_path)


_SEGMENT = st.text(alphabet="网格化管理治 理AB1", min_size=0, max_size=12)
_FIELDS = st.tuples(*[st.lists(_SEGMENT, max_size=3).map(tuple) for _ in range(7)])


@settings(max_examples=150, deadline=None)
@given(
    corpus=st.lists(_FIELDS, min_size=1, max_size=6),
    edits=st.dictionaries(st.integers(0, 5), _FIELDS, min_size=1, max_size=3),
    year=st.integers(2000, 2030),
)
def test_any_edit_of_any_cases_updates_to_the_bytes_of_a_build_from_scratch(
    corpus: list[tuple[tuple[str, ...], ...]],
    edits: dict[int, tuple[tuple[str, ...], ...]],
    year: int,
) -> None:
    """Random texts and random edits: the records spliced into the previous lists are the
    lists a build from scratch writes, whichever cases, keys and fields change."""

    def cases(texts: list[tuple[tuple[str, ...], ...]]) -> list[SearchCase]:
        return [
            SearchCase(f"c{n}", year, "440000", (), (), {"hans": t, "hant": t})
            for n, t in enumerate(texts)
        ]

    def files(cs: list[SearchCase]) -> dict[str, bytes]:
        made = search_files.index_files(cs, [], []) + search_files.text_files(cs)
        return {f.path: f.content for f in made}

    old_cases = cases(corpus)
    old = files(old_cases)
    edited = list(corpus)
    for n, fields in edits.items():
        if n < len(edited):
            edited[n] = fields
    new_cases = cases(edited)
    plan = update.plan_index(update.plan_index("", old_cases, [], []).state, new_cases, [], [])
    if plan.mode == "keep":
        assert files(new_cases) == old
        return
    updated = update.update_index(plan, new_cases, [], [], old.get)
    if updated is not None:  # None: a shard count changed, built from scratch
        assert {**old, **{f.path: f.content for f in updated}} == files(new_cases)
