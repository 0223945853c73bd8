"""The bundled corpus: eleven full cases, 31 catalogued reports, figures checked against sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, SOURCES, case_text, make_project
from govcases.config import load_config
from govcases.model import BuildError
from govcases.pipeline import Loaded, Timings, load_and_validate
from test_site import parse

FULL_CASES = {
    "guyuan": "640400",
    "guiyang": "520100",
    "yanji": "222401",
    "qingdao-xihaian": "370211",
    "nanchang-qingshanhu": "360111",
    "guangzhou-liwan": "440103",
    "chengdu-chenghua": "510108",
    "wenzhou": "330300",
    "nanjing-jiangbei": "320100",
    "xinxiang-zhangqing": "410721",
    "ankang": "610900",
}


@pytest.fixture(scope="module")
def corpus() -> Loaded:
    return load_and_validate(load_config(ROOT), Timings())


def test_eleven_full_cases_resolved_to_their_divisions(corpus: Loaded) -> None:
    got = {c.id: c.region.most_specific.code for c in corpus.cases}
    assert got == FULL_CASES
    zones = {c.id: c.region.zone for c in corpus.cases if c.region.zone}
    assert zones == {
        "qingdao-xihaian": "西海岸新区",
        "nanjing-jiangbei": "江北新区",
        "xinxiang-zhangqing": "张青社区",
    }


def test_traditional_sources_give_traditional_cases(corpus: Loaded) -> None:
    scripts = {c.id: c.script for c in corpus.cases}
    assert {i for i, s in scripts.items() if s == "hant"} == {"chengdu-chenghua", "wenzhou"}


def test_cases_covered_twice_cite_both_sources(corpus: Loaded) -> None:
    for case in corpus.cases:
        docs = {s.document for s in case.sources}
        if case.id in {"nanchang-qingshanhu", "guangzhou-liwan"}:
            assert docs == {"000_2e08075969aa5f7d.txt", "001_a55bb52705c63683.txt"}


def test_cut_off_source_marks_case_partial(corpus: Loaded) -> None:
    partial = {c.id: c.status_note for c in corpus.cases if c.status == "partial"}
    assert list(partial) == ["ankang"]
    assert "（八）持续对电商企业跟进扶持" in partial["ankang"]


def test_required_figures_are_metrics(corpus: Loaded) -> None:
    values = {c.id: {m.value for m in c.metrics} for c in corpus.cases}
    assert {"53", "9", "2", "162.3", "91.70", "22.9", "41.58"} <= values["guangzhou-liwan"]
    assert {"981", "994"} <= values["nanjing-jiangbei"]
    assert sum(len(c.metrics) for c in corpus.cases) >= 100


def test_taxonomy_terms_are_defined_used_and_distinct(corpus: Loaded) -> None:
    tax = corpus.context.taxonomy
    assert [c.name for c in tax.categories] == ["政治改革", "行政改革", "公共服务", "社会治理"]
    used = {m for c in corpus.cases for m in c.mechanisms} | {
        o for c in corpus.cases for o in c.outcomes
    }
    for term in tax.mechanisms + tax.outcomes:
        assert term.definition and term.synonyms, term.id
        assert term.id in used, f"term {term.id} has no case"
    names = [t.name for t in tax.mechanisms + tax.outcomes]
    assert len(names) == len(set(names))
    for case in corpus.cases:
        assert len(case.mechanisms) >= 2 and len(case.outcomes) >= 1


def test_reports_catalogue(corpus: Loaded, site: Path) -> None:
    assert [r.number for r in corpus.reports] == list(range(3, 34))
    by_number = {r.number: r for r in corpus.reports}
    assert by_number[3].region is not None and by_number[3].region.most_specific.code == "360726"
    assert by_number[17].region is not None and by_number[17].region.zone == "天府新区"
    for script in ("zh-hans", "zh-hant"):
        page = site / script / "reports/index.html"
        ids = parse(page).ids
        assert {f"report-{n}" for n in range(3, 34)} <= ids
    guangzhou = parse(site / "zh-hans/regions/440100/index.html").links
    for n in (14, 15, 33):
        assert f"/zh-hans/reports/#report-{n}" in guangzhou


NOISE = [
    "上一頁",
    "下一頁",
    "責任編輯",
    "责任编辑",
    "網站首頁",
    "网站首页",
    "网站地图",
    "人民論壇網·國家治理網>",
    "展开阅读全文",
    "亚洲激情",
    "智能家居设备",
    "瀏覽",
    "标签：",
    "標籤",
]


def test_noise_is_not_content(site: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "cases").glob("*.md")]
    texts += [p.read_text(encoding="utf-8") for p in site.rglob("cases/*/index.html")]
    for text in texts:
        for noise in NOISE:
            assert noise not in text


@pytest.mark.skipif(not SOURCES.is_dir(), reason="source documents are not beside the project")
def test_every_figure_occurs_in_its_source(corpus: Loaded) -> None:
    # load_and_validate already failed if any figure were missing; make sure it looked.
    assert corpus.context.sources.available
    for case in corpus.cases:
        docs = {s.key: s.document for s in case.sources}
        for m in case.metrics:
            assert corpus.context.sources.contains_number(docs[m.source], m.value), (case.id, m)


def test_figure_missing_from_source_is_an_error(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "sample.md": case_text(
                metrics="metrics:\n  - {label: 窗口, value: 53, unit: 个, source: s1}\n"
                "  - {label: 增幅, value: 16.2, unit: '%', source: s1}"
            )
        },
    )
    docs = project / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("網(wǎng)站:窗口從53個減為9個,增幅162.3%", encoding="utf-8")
    (project / "site.yaml").write_text("sources_dir: docs\n")
    with pytest.raises(BuildError) as info:
        load_and_validate(load_config(project), Timings())
    [d] = info.value.diagnostics
    assert (d.line, d.field) == (12, "metrics[1].value")
    assert d.message == "metric '增幅': value 16.2 does not occur in a.txt"
    (docs / "a.txt").write_text("窗口從53個減為9個，增幅16.2%", encoding="utf-8")
    assert load_and_validate(load_config(project), Timings()).cases
