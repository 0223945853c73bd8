"""Who implemented each case, and its sources cited like a researcher cites them: the case
format, the case page in both scripts, the published source documents and the data files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from govcases.config import load_config
from govcases.model import BuildError
from govcases.pipeline import Timings, build, load_and_validate
from govcases.zh.conversion import Converter, load_glossary
from helpers import CASE_IDS, ROOT, SOURCES, case_text, make_project

LEVELS = {"province", "city", "county", "township", "village"}


def _front(case_id: str) -> dict:
    text = (ROOT / "cases" / f"{case_id}.md").read_text("utf-8")
    return yaml.safe_load(text.split("---\n")[1])


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_every_bundled_case_names_its_actors_as_its_source_does(case_id: str) -> None:
    """Each actor's name occurs in a source document the case cites (folded to Simplified,
    so either script matches), and its level is one of the five."""
    conv = Converter("s2tw", load_glossary(ROOT / "glossary.yaml"))
    front = _front(case_id)
    texts = [conv.to_hans((SOURCES / s["document"]).read_text("utf-8")) for s in front["sources"]]
    assert front["actors"], case_id
    for actor in front["actors"]:
        assert actor["level"] in LEVELS
        name = conv.to_hans(actor["name"])
        assert any(name in t for t in texts), (case_id, actor["name"])


def test_compilations_are_containers_and_web_titles_keep_their_part_number() -> None:
    for case_id in ("ankang", "xinxiang-zhangqing"):
        (s,) = _front(case_id)["sources"]
        assert s["container"] == "专题系列626(33篇)2021年12月精选调研报告汇编"
        assert "publisher" not in s and "载" not in s["title"]
    assert _front("ankang")["sources"][0]["pages"] == 6
    for case_id in ("chengdu-chenghua", "wenzhou"):
        (s,) = _front(case_id)["sources"]
        assert s["title"] == "社會治理創新的地方經驗及啟示(2)" and "pages" not in s
        assert (s["container"], s["publisher"]) == ("治理要聞", "人民論壇網·國家治理網")


def _problems(tmp_path: Path, **override: str) -> list[str]:
    project = make_project(tmp_path, {"sample.md": case_text(**override)})
    with pytest.raises(BuildError) as info:
        load_and_validate(load_config(project), Timings())
    return [str(d) for d in info.value.diagnostics]


def test_a_date_not_as_the_format_gives_it_is_reported_exactly(tmp_path: Path) -> None:
    sources = "sources:\n  - key: s1\n    title: 标题\n    author: 作者\n    date: 2016-13\n"
    sources += "    document: a.txt"
    assert _problems(tmp_path, sources=sources) == [
        "cases/sample.md:16:11: sources[0].date: expected YYYY, YYYY-MM or YYYY-MM-DD, "
        "got '2016-13' (hint: date: YYYY, YYYY-MM or YYYY-MM-DD, only as the source gives it.)"
    ]


def test_bad_pages_and_unknown_level_are_reported_exactly(tmp_path: Path) -> None:
    sources = "sources:\n  - {key: s1, title: 标题, author: 作者, pages: 第6页, document: a.txt}"
    actors = "actors:\n  - {name: 荔湾区, level: 地级}"
    problems = _problems(tmp_path, sources=sources, summary="summary: 一段。\n" + actors)
    assert problems == [
        "cases/sample.md:11:24: actors[0].level: unknown level '地级': expected one of "
        "province (省), city (市), county (县/区), township (乡镇/街道), village (村/社区) "
        "(hint: level: Level of government: province (省), city (市), county (县/区), "
        "township (乡镇/街道), village (村/社区).)",
        "cases/sample.md:15:45: sources[0].pages: expected a page or range such as 6 or "
        "6-15, got '第6页' (hint: pages: Page or range in the container: 6, 6-15.)",
    ]


@pytest.mark.parametrize(
    ("written", "level"),
    [
        ("county", "county"),
        ("县/区", "county"),
        ("縣區", "county"),
        ("村/社區", "village"),
        ("乡镇街道", "township"),
        ("省", "province"),
    ],
)
def test_levels_are_read_in_either_script(tmp_path: Path, written: str, level: str) -> None:
    actors = f"actors:\n  - {{name: 荔湾区, level: {written}}}"
    project = make_project(tmp_path, {"sample.md": case_text(summary="summary: 一段。\n" + actors)})
    (case,) = load_and_validate(load_config(project), Timings()).cases
    assert [(a.name, a.level) for a in case.actors] == [("荔湾区", level)]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose sources folder holds a cited text file, a cited HTML page and a file
    no case cites."""
    tmp = tmp_path_factory.mktemp("shipped")
    folder = tmp / "shared" / "sources"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_bytes("荔湾区窗口53个\r\n  tail\n".encode())
    (folder / "page.html").write_bytes(b"<script>alert(1)</script> 53")
    (folder / "unused.txt").write_bytes(b"not cited")
    sources = (
        "sources:\n  - {key: s1, title: 来源标题, author: 作者, document: a.txt}\n"
        "  - {key: s2, title: 网页, publisher: 网站, container: 栏目, document: page.html}\n"
        "  - {key: s3, title: 在线, publisher: 网站, url: 'https://www.gov.cn/a'}"
    )
    (tmp / "p").mkdir()
    project = make_project(tmp / "p", {})
    (project / "cases" / "sample.md").write_text(case_text(sources=sources), "utf-8")
    build(load_config(project, output_dir=str(tmp / "out")))
    return tmp


def test_cited_documents_are_published_byte_for_byte_as_text(shipped: Path) -> None:
    out, folder = shipped / "out", shipped / "shared" / "sources"
    assert sorted(p.name for p in (out / "sources").iterdir()) == ["a.txt", "page.html.txt"]
    assert (out / "sources/a.txt").read_bytes() == (folder / "a.txt").read_bytes()
    assert (out / "sources/page.html.txt").read_bytes() == (folder / "page.html").read_bytes()
    page = (out / "zh-hant/cases/sample/index.html").read_text("utf-8")
    assert '<a href="/sources/page.html.txt" type="text/plain"><code>page.html</code></a>' in page
    assert '<a href="https://www.gov.cn/a" rel="noopener noreferrer">' in page
    data = json.loads((out / "data/cases/sample.json").read_text("utf-8"))
    links = [s["document_url"] for s in data["sources"]]
    assert links == ["/sources/a.txt", "/sources/page.html.txt", ""]


def test_bundled_documents_are_published_unchanged(site: Path) -> None:
    cited = {s["document"] for c in CASE_IDS for s in _front(c)["sources"]}
    assert sorted(p.name for p in (site / "sources").iterdir()) == sorted(cited)
    for name in cited:
        assert (site / "sources" / name).read_bytes() == (SOURCES / name).read_bytes()


@pytest.mark.parametrize(
    ("script", "actors", "citation"),
    [
        (
            "zh-hans",
            '<dt>实施主体</dt>\n    <dd class="actors" data-fact="actors">'
            '<span class="actor">安康市'
            '<span class="level">（市）</span></span></dd>',
            "安康市发展研究中心课题组. 安康数字经济调研报告[Z]//专题系列626(33篇)"
            "2021年12月精选调研报告汇编. 2021-12-20: 6.",
        ),
        (
            "zh-hant",
            '<dt>實施主體</dt>\n    <dd class="actors" data-fact="actors">'
            '<span class="actor">安康市'
            '<span class="level">（市）</span></span></dd>',
            "安康市发展研究中心课题组. 安康数字经济调研报告[Z]//专题系列626(33篇)"
            "2021年12月精选调研报告汇编. 2021-12-20: 6.",
        ),
    ],
)
def test_case_page_shows_actors_and_the_full_citation_with_its_link(
    site: Path, script: str, actors: str, citation: str
) -> None:
    page = (site / script / "cases/ankang/index.html").read_text("utf-8")
    assert actors in page
    # printed as the source prints it (Simplified): marked as such on a Traditional page
    lang = ' lang="zh-Hans"' if script == "zh-hant" else ""
    assert f'<cite class="source-citation"{lang}>{citation}</cite>' in page
    label = "原始文档" if script == "zh-hans" else "原始文檔"
    assert (
        f'{label}：<a href="/sources/003_09bc8bd4af62b7ae.txt" type="text/plain">'
        "<code>003_09bc8bd4af62b7ae.txt</code></a>"
    ) in page


def test_actor_names_and_levels_read_in_the_reader_script(site: Path) -> None:
    hans = (site / "zh-hans/cases/wenzhou/index.html").read_text("utf-8")
    hant = (site / "zh-hant/cases/wenzhou/index.html").read_text("utf-8")
    assert '温州市政府<span class="level">（市）</span></span>、' in hans
    assert '溫州市工商聯<span class="level">（市）</span>' in hant
    chenghua = (site / "zh-hans/cases/chengdu-chenghua/index.html").read_text("utf-8")
    assert '成华区<span class="level">（县/区）</span>' in chenghua
    web = "人民論壇網·國家治理網. 社會治理創新的地方經驗及啟示(2)[Z]//治理要聞."
    assert f'<cite class="source-citation" lang="zh-Hant">{web}</cite>' in chenghua


def test_data_files_carry_actors_and_source_fields(site: Path) -> None:
    record = json.loads((site / "data/cases/wenzhou.json").read_text("utf-8"))
    assert record["actors"] == [
        {"name": {"zh-Hans": "温州市政府", "zh-Hant": "溫州市政府"}, "level": "city"},
        {"name": {"zh-Hans": "温州市工商联", "zh-Hant": "溫州市工商聯"}, "level": "city"},
    ]
    (source,) = record["sources"]
    assert (source["container"], source["pages"]) == ("治理要聞", "")
    assert source["document_url"] == "/sources/004_a0c74e38abde2602.txt"
    rows = list(csv.DictReader(io.StringIO((site / "data/cases.csv").read_text("utf-8-sig"))))
    qingdao = next(r for r in rows if r["id"] == "qingdao-xihaian")
    assert qingdao["actors_zh_hans"] == "青岛西海岸新区;西海岸新区文广新局"
    assert qingdao["actors_zh_hant"] == "青島西海岸新區;西海岸新區文廣新局"
    assert qingdao["actor_levels"] == "county;county"
    text = (site / "data/sources.csv").read_text("utf-8-sig")
    sources = list(csv.DictReader(io.StringIO(text)))
    ankang = next(r for r in sources if r["case"] == "ankang")
    assert ankang["container"] == "专题系列626(33篇)2021年12月精选调研报告汇编"
    assert (ankang["pages"], ankang["date"]) == ("6", "2021-12-20")
    assert ankang["document_url"] == "/sources/003_09bc8bd4af62b7ae.txt"
