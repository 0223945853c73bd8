"""The search index (govcases.site.search): tokens, folding, the file format read back in Python,
exactness against an oracle, determinism and reuse between builds."""

from __future__ import annotations

import json
import re
import shutil
import zlib
from pathlib import Path

import pytest

from govcases.config import load_config
from govcases.model import OutputFile
from govcases.pipeline import build
from govcases.site.search import SearchCase
from govcases.site.search.text import FIELDS, body_segments, ngram_key, shard_of, tokenize
from govcases.zh.conversion import fold, fold_table
from helpers import (
    QUERIES,
    ROOT,
    Index,
    case_text,
    corpus_texts,
    make_project,
    oracle,
    part_pattern,
)

# ---- an oracle, written without the index ----------------------------------------------------


# ---- the index read back in Python (the algorithm of search.js) -------------------------------


# ---- tests -----------------------------------------------------------------------------------


def test_tokens_are_words_and_single_characters() -> None:
    assert tokenize(fold("DEPA与3A级，12345 網格")) == [
        *("depa", "与", "3a", "级", ",", "12345", "网", "格"),  # full-width comma folded
    ]
    assert tokenize("") == [] and tokenize("   ") == []


def test_fold_keeps_length_and_joins_scripts() -> None:
    table = fold_table()
    assert all(len(k) == len(v) == 1 for k, v in table.items())
    assert all(v not in table for v in table.values())  # folding twice changes nothing
    assert fold("網格化管理") == fold("网格化管理") == "网格化管理"
    assert fold("後來發展 DEPA　３Ａ\n") == "后来发展 depa 3a "
    sample = "".join(table) + "乾隆裡面著名"
    assert len(fold(sample)) == len(sample)
    assert len(fold(sample).encode("utf-16-le")) == len(sample.encode("utf-16-le"))


def test_keys_tell_word_boundaries_apart() -> None:
    assert ngram_key(["网", "格"]) == "网格"
    assert ngram_key(["ab", "c"]) != ngram_key(["a", "bc"])
    assert ngram_key(["4g", "基"]) == "4g 基"
    assert shard_of("网格", 64) == zlib.crc32("网格".encode()) % 64


def test_body_segments_are_blocks_as_text() -> None:
    html = "<h2 id='a'>背景</h2>\n<p>一<strong>二</strong>&amp;三</p><ul><li>四</li></ul>"
    assert body_segments(html) == ("背景", "一二&三", "四")


def test_oracle_reads_words_as_words() -> None:
    assert part_pattern("depa").search("the depa rules")
    assert not part_pattern("depa").search("department")
    assert not part_pattern("12345").search("123456")
    assert part_pattern("网格").search("网格化") and not part_pattern("网格").search("网 络格")


@pytest.mark.parametrize("item", QUERIES, ids=[q["q"] for q in QUERIES])
def test_index_finds_exactly_the_oracle(site: Path, item: dict[str, str]) -> None:
    """The published index, read back with the browser's algorithm, finds every case the
    oracle finds and no other."""
    expected = oracle(corpus_texts(site), item["q"])
    assert Index(site).search(item["q"]) == expected
    if item["kind"] == "absent":
        assert expected == set()


def test_query_set_covers_what_the_issue_asks(site: Path) -> None:
    kinds = {q["kind"] for q in QUERIES}
    assert len(QUERIES) >= 60 and {"hans", "hant"} == {q["page"] for q in QUERIES}
    assert {"name", "term", "number", "word", "phrase", "and", "absent", "length-1"} <= kinds
    texts = corpus_texts(site)
    found = [q for q in QUERIES if oracle(texts, q["q"])]
    assert len(found) >= 50  # most queries find something; the rest must find nothing
    assert any(len(oracle(texts, q["q"])) == 1 for q in QUERIES)


def test_meta_and_filters_describe_every_case(site: Path) -> None:
    index = Index(site)
    ids = index.ids()
    assert ids == sorted(ids) and len(ids) == index.meta["cases"] == 11
    assert index.meta["fields"] == list(FIELDS) and len(index.meta["length"]) == 11
    filters = json.loads((site / "search/filters.json").read_text("utf-8"))
    for column in ("year", "province", "mechanism", "outcome"):
        assert len(filters[column]) == 11
    assert "510000" in filters["provinces"] and "grid-management" in filters["mechanisms"]
    assert not (site / "data/facets.json").exists()


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.json")}


def test_same_input_gives_the_same_index_bytes(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "_site"
    build(load_config(ROOT, output_dir=str(out)))
    assert _tree(out / "search") == _tree(site / "search")


def test_index_is_reused_when_unchanged_and_follows_an_edit(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.md": case_text(id="id: a"), "b.md": case_text(id="id: b")})
    build(load_config(project))
    site = project / "_site"
    shard = next((site / "search/p").glob("*.json"))
    inode = shard.stat().st_ino
    build(load_config(project))
    assert shard.stat().st_ino == inode  # reused: hard-linked from the previous site
    assert Index(site).search("量子计算") == set()
    body = case_text(id="id: b").replace("正文第二段。", "正文提到量子计算。")
    (project / "cases/b.md").write_text(body, "utf-8")
    build(load_config(project))
    assert Index(site).search("量子计算") == {"b"}
    assert Index(site).search("正文") == {"a", "b"}
    shutil.rmtree(project / "_site" / "search" / "text")
    build(load_config(project))  # a missing index file: the index is written again
    assert (site / "search/text/hant/1.json").is_file()


def test_search_page_works_without_inline_code_and_says_it_needs_javascript(site: Path) -> None:
    html = (site / "zh-hans/search/index.html").read_text("utf-8")
    assert 'data-index="/search/"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline scripts
    assert not re.search(r"\son[a-z]+=|\sstyle=", html)  # no inline handlers or styles
    noscript = re.search(r"<noscript>(.*?)</noscript>", html, re.S)
    assert noscript and "JavaScript" in noscript.group(1)
    for target in ("cases/", "regions/", "mechanisms/", "outcomes/"):
        assert f'href="/zh-hans/{target}"' in noscript.group(1)
    js = (ROOT / "templates/static/search.js").read_text("utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|eval\(|new Function", js)
    assert "pagefind" not in js.lower() and not (site / "pagefind").exists()


def test_index_built_in_a_process_of_its_own_is_the_same(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from govcases.site.search import files as search

    fields = (("标题",), ("广州",), ("一窗式",), ("摘要 DEPA",), ("正文。",), (), ("来源",))
    cases = [
        SearchCase(
            f"c{i}", 2015, "440000", ("one-window-service",), (), {"hans": fields, "hant": fields}
        )
        for i in range(3)
    ]

    def built() -> list[OutputFile]:
        return [f for b in search.build_index(cases, ["one-window-service"], []) for f in b]

    inline = built()
    monkeypatch.setattr(search, "PROCESS_MIN", 1)
    assert sorted(built(), key=lambda f: f.path) == sorted(inline, key=lambda f: f.path)
    monkeypatch.setattr(search.tempfile, "tempdir", str(tmp_path))
    built()
    assert list(tmp_path.iterdir()) == []  # the process's folder is removed
