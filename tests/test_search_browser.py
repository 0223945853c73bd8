"""The search page in headless Chromium on the built bundled site: the whole query set against
the oracle, folding parity between Python and JavaScript, snippets, filters and the URL."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from playwright.sync_api import Page

from govcases.site.search.text import ngram_key, tokenize
from govcases.zh.conversion import Converter, fold, fold_table, load_glossary
from helpers import QUERIES, Index, corpus_texts, oracle

ROOT = Path(__file__).resolve().parent.parent
PREFIX = {"hans": "zh-hans", "hant": "zh-hant"}
DONE = (
    "() => { const s = document.querySelector('[data-search-status]').textContent;"
    " return s && !s.endsWith('…'); }"
)


def _all_shown(page: Page) -> list[dict[str, str]]:
    page.wait_for_function(DONE, timeout=20000)
    while page.is_visible("[data-search-more] button"):
        shown = page.locator("[data-search-results] li").count()
        page.click("[data-search-more] button")
        page.wait_for_function(
            f"() => document.querySelectorAll('[data-search-results] li').length > {shown}"
        )
    return page.eval_on_selector_all(
        "[data-search-results] li",
        "li => li.map(e => ({id: e.dataset.case, score: e.dataset.score}))",
    )


def results(page: Page, url: str) -> list[dict[str, str]]:
    """Every result of a search (all pages of it): case id and score, in order."""
    page.goto(url)
    return _all_shown(page)


SUBMIT = """(q) => { const form = document.querySelector('[data-search]'); form.q.value = q;
  form.dispatchEvent(new Event('submit', {cancelable: true})); }"""


def test_query_set_matches_the_oracle(page: Page, base: str, site: Path) -> None:
    """Every query of the set, typed into the search page of its script: exactly the cases
    the oracle finds, each once, ranked by score then case id, and the count shown."""
    texts = corpus_texts(site)
    wrong: list[str] = []
    found = expected_total = right = 0
    for script in ("hans", "hant"):
        page.goto(f"{base}/{PREFIX[script]}/search/")
        for item in (q for q in QUERIES if q["page"] == script):
            expected = oracle(texts, item["q"])
            page.evaluate(SUBMIT, item["q"])
            got = _all_shown(page)
            ids = [r["id"] for r in got]
            found, expected_total = found + len(ids), expected_total + len(expected)
            right += len(set(ids) & expected)
            status = page.inner_text("[data-search-status]")
            counted = (str(len(ids)) in status) if ids else ("没有" in status or "沒有" in status)
            ranked = got == sorted(got, key=lambda r: (-float(r["score"]), r["id"]))
            if set(ids) != expected or len(ids) != len(set(ids)) or not counted or not ranked:
                wrong.append(
                    f"{item['q']}: extra {set(ids) - expected}, missing {expected - set(ids)}, "
                    f"count shown {counted}, ranked {ranked}"
                )
    print(
        f"query set: {len(QUERIES)} queries, precision {right / max(found, 1):.3f}, "
        f"recall {right / max(expected_total, 1):.3f}"
    )
    assert not wrong, "\n".join(wrong)
    assert right == found == expected_total


def test_fold_tokens_and_keys_agree_with_python(page: Page, base: str) -> None:
    samples = [
        "".join(fold_table()),
        "網格化管理與网格化管理，後來乾隆著名裡面",
        "DEPA　３Ａ級 4G基站 12345號 10.9萬",
        "𠀀𡚸𪚥 emoji 😀 \t\n tabs",
        "“一窗式”「大聯動、微治理」",
    ]
    page.goto(f"{base}/zh-hans/search/")
    got = page.evaluate(
        """async (samples) => { const m = await import('/assets/search.js');
        await m.foldReady();
        return samples.map((s) => { const f = m.fold(s); const t = m.tokens(f).map((x) => x.t);
          return [f, t, t.length > 1 ? m.ngramKey(t.slice(0, 2)) : "", m.crc32(f)]; }); }""",
        samples,
    )
    for sample, (folded, toks, key, crc) in zip(samples, got, strict=True):
        assert folded == fold(sample)
        assert toks == tokenize(fold(sample))
        assert key == (ngram_key(toks[:2]) if len(toks) > 1 else "")
        assert crc == zlib.crc32(folded.encode("utf-8"))


def test_snippets_read_in_the_page_script_with_marks(page: Page, base: str) -> None:
    conv = Converter("s2tw", load_glossary(ROOT / "glossary.yaml"))
    page.goto(f"{base}/zh-hant/search/?q=网格")
    page.wait_for_function(DONE, timeout=20000)
    snippets = page.eval_on_selector_all(
        "[data-search-results] li p", "p => p.map(e => e.textContent)"
    )
    marks = page.eval_on_selector_all(
        "[data-search-results] mark", "m => m.map(e => e.textContent)"
    )
    assert snippets and marks
    assert all(fold(m) == "网格" for m in marks)
    assert "網格" in marks
    for text in snippets:
        assert conv.convert(text, "hans", "hant") == text  # nothing left in Simplified
    # title, locality, year and mechanism tags of a result in the reader's script
    first = page.inner_text("[data-search-results] li .sub")
    assert any(str(y) in first for y in range(2000, 2030))
    assert conv.convert(first, "hans", "hant") == first


def test_filters_combine_with_the_query_and_come_from_the_url(
    page: Page,
    base: str,
    site: Path,
) -> None:
    facets = json.loads((site / "search/filters.json").read_text("utf-8"))
    ids = Index(site).ids()
    sichuan = {
        i
        for i, p in zip(ids, facets["province"], strict=True)
        if facets["provinces"][p] == "510000"
    }
    expected = oracle(corpus_texts(site), "治理") & sichuan
    got = results(page, f"{base}/zh-hans/search/?q=治理&province=510000")
    assert {r["id"] for r in got} == expected and expected
    assert page.input_value("#q") == "治理"
    assert page.input_value("select[name=province]") == "510000"
    # filters alone list matching cases in id order
    got = results(page, f"{base}/zh-hans/search/?mechanism=grid-management&year=2015")
    grid = facets["mechanisms"].index("grid-management")
    wanted = [
        i for n, i in enumerate(ids) if grid in facets["mechanism"][n] and facets["year"][n] == 2015
    ]
    assert [r["id"] for r in got] == wanted and wanted


def test_nothing_found_says_so(page: Page, base: str) -> None:
    assert results(page, f"{base}/zh-hant/search/?q=量子計算") == []
    assert "沒有找到" in page.inner_text("[data-search-status]")


def test_search_fetches_only_same_origin_index_files(page: Page, base: str) -> None:
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    results(page, f"{base}/zh-hans/search/?q=网格化 社区")
    assert all(u.startswith(base) for u in urls)
    index = [u for u in urls if "/search/" in u and u.endswith(".json")]
    assert f"{base}/search/meta.json" in index and f"{base}/search/fold.json" in index
    assert f"{base}/search/filters.json" not in index  # only loaded to filter
    assert any("/search/text/hans/" in u for u in index)


def test_actor_level_filter_combines_with_the_query_and_lives_in_the_url(
    page: Page, base: str, site: Path
) -> None:
    """level=village keeps the cases one of whose actors is a 村/社区 (张青社区), with the
    query and in either script, and the select shows it."""
    facets = json.loads((site / "search/filters.json").read_text("utf-8"))
    ids = Index(site).ids()
    village = facets["levels"].index("village")
    villages = {i for n, i in enumerate(ids) if village in facets["level"][n]}
    assert villages == {"xinxiang-zhangqing"}
    for script, query in (("hans", "支书"), ("hant", "支書")):
        got = results(page, f"{base}/{PREFIX[script]}/search/?q={query}&level=village")
        assert [r["id"] for r in got] == ["xinxiang-zhangqing"]
        assert page.input_value("select[name=level]") == "village"
    # the same query at city level finds nothing: the filter really applies
    assert results(page, f"{base}/zh-hans/search/?q=支书&level=city") == []
    county = facets["levels"].index("county")
    wanted = [i for n, i in enumerate(ids) if county in facets["level"][n]]
    got = results(page, f"{base}/zh-hant/search/?level=county")
    assert [r["id"] for r in got] == wanted and "chengdu-chenghua" in wanted
    assert "ankang" not in wanted
