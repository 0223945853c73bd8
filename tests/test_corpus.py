"""The bundled corpus: eleven full cases, 31 catalogued reports, figures checked against sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govcases.config import load_config
from govcases.messages import render
from govcases.model import BuildError, Case
from govcases.pipeline import Loaded, Timings, load_and_validate
from helpers import ROOT, SOURCES, case_text, make_project, parse

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
    assert render(d.message) == "metric '增幅': value 16.2 does not occur in a.txt"
    assert render(d.message, "hans") == "指标 增幅 的数值 16.2 应出现在 a.txt 中；实际未找到"
    (docs / "a.txt").write_text("窗口從53個減為9個，增幅16.2%", encoding="utf-8")
    assert load_and_validate(load_config(project), Timings()).cases


# ---- audit of issue #19, point 10: each fix pinned against its source ----


def _case(corpus: Loaded, case_id: str) -> Case:
    return next(c for c in corpus.cases if c.id == case_id)


def _sentences_with(text: str, marker: str) -> list[str]:
    joined = re.sub(r"\s*\n\s*", "", text)  # hard-wrapped lines of one sentence
    return [s for s in joined.split("。") if marker in s]


def _occurs(value: str, text: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(value)}(?![\d.])", text) is not None


@pytest.mark.skipif(not SOURCES.is_dir(), reason="source documents are not beside the project")
def test_ankang_figures_in_the_end_2020_sentences_carry_year_2020(corpus: Loaded) -> None:
    case = _case(corpus, "ankang")
    text = (SOURCES / case.sources[0].document).read_text(encoding="utf-8")
    dated = _sentences_with(text, "截至2020年底")
    assert len(dated) >= 2
    in_dated = [m for m in case.metrics if any(_occurs(m.value, s) for s in dated)]
    assert len(in_dated) == 15
    for m in in_dated:
        assert m.year == 2020, m
    # what the source dates 目前 or leaves undated is not put under the end of 2020
    others = {"1454", "1393", "1071", "612", "44", "27.2", "6.8"}
    undated = {m.value: m for m in case.metrics if m.value in others}
    assert len(undated) == 7 and all(m.year is None for m in undated.values())
    for clause in [
        c for s in _sentences_with(case.summary + case.body, "2020年底") for c in s.split("；")
    ]:
        if "2020年底" in clause:
            assert "1454" not in clause and "1393" not in clause and "44个" not in clause


def test_ankang_wording_follows_the_source(corpus: Loaded) -> None:
    case = _case(corpus, "ankang")
    assert "清理整合非涉密部门专网" in case.body
    assert "各县（市、区）电商平台和电商产业园" in case.body
    assert "smart-governance-linkage" in case.mechanisms


def test_compilation_title_is_not_a_publisher(corpus: Loaded) -> None:
    for case in corpus.cases:
        for s in case.sources:
            assert "汇编" not in s.publisher and "彙編" not in s.publisher, (case.id, s)
    for case_id in ("ankang", "xinxiang-zhangqing"):
        [s] = _case(corpus, case_id).sources
        assert s.publisher == "" and s.author
        assert s.container == "专题系列626(33篇)2021年12月精选调研报告汇编"
        assert "汇编" not in s.title and s.pages  # page in the printed compilation


def test_web_pagination_stays_in_the_title(corpus: Loaded) -> None:
    web = [s for c in corpus.cases for s in c.sources if s.publisher == "人民論壇網·國家治理網"]
    assert len(web) == 4
    for s in web:
        assert re.search(r"\(\d\)$", s.title) and not s.pages and s.container == "治理要聞", s
    titles = {
        s.title for c in corpus.cases for s in c.sources if c.id in {"wenzhou", "chengdu-chenghua"}
    }
    assert titles == {"社會治理創新的地方經驗及啟示(2)"}


def test_xinxiang_main_energy_went_to_the_enterprise(corpus: Loaded) -> None:
    body = _case(corpus, "xinxiang-zhangqing").body
    assert "集中精力抓社区工作" not in body
    assert "不可能把主要精力用在社区建设上" in body


def test_nanjing_jiangbei_start_is_reckoned_from_five_years(corpus: Loaded) -> None:
    case = _case(corpus, "nanjing-jiangbei")
    assert case.start == 2015
    assert "5年来" in case.period_note and "推算" in case.period_note


def test_guyuan_keeps_the_source_modality(corpus: Loaded) -> None:
    case = _case(corpus, "guyuan")
    assert "素有“苦瘠甲天下”之称" in case.body and "自古有" not in case.body
    assert case.body.count("有利于") >= 3
    assert "被调动起来" not in case.body and "营造了和谐稳定" not in case.summary


def test_chenghua_has_no_unsourced_micro_governance_claim(corpus: Loaded) -> None:
    case = _case(corpus, "chengdu-chenghua")
    assert "具體需求" not in case.body + case.summary


def test_qingdao_xihaian_resolves_to_huangdao(corpus: Loaded) -> None:
    region = _case(corpus, "qingdao-xihaian").region
    assert region.most_specific.code == "370211" and region.most_specific.name == "黄岛区"
    assert region.zone == "西海岸新区"


def test_wenzhou_period_and_wording(corpus: Loaded) -> None:
    case = _case(corpus, "wenzhou")
    assert case.start == 2014 and "近年來" in case.period_note
    assert "力求" not in case.body
    assert "“社會組織與地方政府合作，社會組織承接政府職能轉移”" in case.body


def test_social_organization_terms_sit_together(corpus: Loaded) -> None:
    terms = {t.id: t for t in corpus.context.taxonomy.mechanisms}
    assert terms["social-organization-evaluation"].category == "administrative-reform"
    assert terms["function-transfer-to-associations"].category == "administrative-reform"


def test_terms_rest_on_more_than_a_slogan(corpus: Loaded) -> None:
    assert "democratic-consultation" not in _case(corpus, "nanchang-qingshanhu").mechanisms
    assert "democratic-consultation" in _case(corpus, "yanji").mechanisms
    assert "grassroots-capacity" in _case(corpus, "yanji").outcomes


def test_smaller_wording_drifts(corpus: Loaded) -> None:
    yanji = _case(corpus, "yanji").body
    assert "获得感、幸福感和满意度" in yanji and "获得感、幸福感和安全感" not in yanji
    assert "百姓说事点" not in yanji.split("## 成效")[0]
    assert "特色学校" not in yanji.split("## 成效")[0]
    assert "正是这一思路的实践" not in _case(corpus, "guiyang").body
    nanchang = _case(corpus, "nanchang-qingshanhu").body
    assert "所有单位都要做的" not in nanchang and "结合本单位实际" not in nanchang
