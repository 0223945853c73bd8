"""`govcases import` beyond the bundled sources, on articles written for these tests
(`tests/articles/`): journal pages in both scripts, a document-sharing page cut into numbered
chunks, a hard-wrapped PDF text, a news page with a byline, a saved HTML page. Each draft is
pinned whole in `tests/articles/drafts/`; the tests below name what each genre must give.

Decisions pinned here:
- a journal page's title, authors, journal, year and pages (from 文章编号) go into the source
  record, its keywords into a comment beside it (a source has no field for them), its
  abstract into the summary candidate; the apparatus and the references stay out of the body;
- chunk numbers are taken out only on a page that names a document-sharing site, so an
  ordinary numbered list (1、 2、) is kept;
- digits either side of a line break are one number only when the line before runs to the
  margin (a wrap); after a short line the break ends the paragraph;
- after an import the article is in the sources folder and `govcases check` passes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govcases.cli import main
from govcases.config import load_config
from govcases.content.sources import printed_numbers
from govcases.editor.article import paragraphs
from govcases.editor.guess import Figure, find_metrics, find_terms
from govcases.editor.importer import Draft, import_article
from govcases.pipeline import Loaded, Timings, load_and_validate
from helpers import ROOT, make_project

ARTICLES = ROOT / "tests" / "articles"
PINNED = ARTICLES / "drafts"
ADDED = "2026-12-01"
IDS = {
    "docshare.txt": ["yichang"],
    "journal-hans.txt": ["shaoxing-zhuji"],
    "journal-hant.txt": ["xiamen-siming"],
    "news-byline.txt": ["meishan-dongpo"],
    "references.html": ["ganzhou-zhanggong"],
    "wrapped-pdf.txt": ["yantai"],
}


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    return load_and_validate(load_config(ROOT), Timings(), cases=False)


@pytest.fixture(scope="module")
def drafts(loaded: Loaded) -> dict[str, Draft]:
    found = {}
    for name in IDS:
        for d in import_article(ARTICLES / name, loaded.context, loaded.conv, ADDED):
            found[d.id] = d
    return found


def front(draft: Draft) -> str:
    return draft.text.split("\n---\n", 1)[0]


def body(draft: Draft) -> str:
    return draft.text.split("\n---\n", 1)[1]


def source_record(draft: Draft) -> str:
    return front(draft).split("\nsources:", 1)[1]


def cli(capsys: pytest.CaptureFixture[str], project: Path, *argv: str) -> tuple[int, str, str]:
    status = main(["--root", str(project), *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def test_every_article_gives_its_pinned_drafts(loaded: Loaded) -> None:
    for name, ids in IDS.items():
        found = import_article(ARTICLES / name, loaded.context, loaded.conv, ADDED)
        assert [d.id for d in found] == ids
        for d in found:
            assert d.text == (PINNED / f"{d.id}.md").read_text(encoding="utf-8"), d.id
    assert sorted(p.stem for p in PINNED.iterdir()) == sorted(
        i for ids in IDS.values() for i in ids
    )


@pytest.mark.parametrize(
    ("draft_id", "record"),
    [
        (
            "shaoxing-zhuji",
            "\n  - key: s1"
            "\n    title: “枫桥经验”的新时代实践：浙江诸暨基层矛盾调解机制研究"
            "\n    # 关键词：枫桥经验；矛盾纠纷多元化解；基层治理"
            "\n    author: 李明华、王晓燕"
            "\n    container: 地方治理研究"
            "\n    date: 2022"
            "\n    pages: 45-52"
            "\n    document: journal-hans.txt",
        ),
        (
            "xiamen-siming",
            "\n  - key: s1"
            "\n    title: 網格化服務管理與社區治理創新——以福建廈門思明區為例"
            "\n    # 關鍵詞：網格化管理；社區治理；思明區"
            "\n    author: 陳志強、林美華"
            "\n    container: 公共治理評論"
            "\n    date: 2021"
            "\n    pages: 112-118"
            "\n    document: journal-hant.txt",
        ),
    ],
)
def test_journal_page_title_authors_and_keywords_go_to_the_source(
    drafts: dict[str, Draft], draft_id: str, record: str
) -> None:
    d = drafts[draft_id]
    assert source_record(d) == record
    title = re.search(r"^title: (.+)$", d.text, re.M)
    assert title and title.group(1) == record.split("title: ")[1].split("\n")[0]


@pytest.mark.parametrize("draft_id", ["shaoxing-zhuji", "xiamen-siming"])
def test_journal_apparatus_stays_out_of_the_body(drafts: dict[str, Draft], draft_id: str) -> None:
    text = body(drafts[draft_id])
    for furniture in [
        *("摘要", "摘 要", "关键词", "關鍵詞", "中图分类号", "中圖分類號", "文献标识码"),
        *("文章编号", "文章編號", "DOI", "基金项目", "基金項目", "作者简介", "作者簡介"),
        *("参考文献", "參考文獻", "[1]", "[J]", "上一篇", "下一篇", "首页", "首頁"),
        *("李明华", "陳志強", "大学", "大學", "期刊导航", "期刊導航"),
    ]:
        assert furniture not in text, furniture
    assert re.findall(r"^## (.+)$", text, re.M) in (
        ["背景", "举措", "成效", "启示"],
        ["背景", "舉措", "成效", "啟示"],
    )


def test_apparatus_and_references_leave_any_page(loaded: Loaded, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "浙江诸暨：“枫桥经验”的新实践\n关键词：枫桥经验；调解\n探索背景\n"
        "2003年以来，诸暨市推广“枫桥经验”，在村社配备专职调解员1200余名。\n"
        "作者简介：李明华，浙江工商大学教授。\n基金项目：浙江省社科规划课题。\n"
        "参考文献\n[1]汪世荣.“枫桥经验”研究[J].中国法学,2018(6):5-22.\n",
        encoding="utf-8",
    )
    (d,) = import_article(page, loaded.context, loaded.conv, ADDED)
    assert body(d) == (
        "## 背景\n\n2003年以来，诸暨市推广“枫桥经验”，在村社配备专职调解员1200余名。\n"
    )
    assert "    # 关键词：枫桥经验；调解\n" in d.text


def test_journal_abstract_is_the_summary_candidate(drafts: dict[str, Draft]) -> None:
    assert (
        "summary: 待补充：诸暨市坚持和发展新时代“枫桥经验”，以矛盾纠纷多元化解为抓手，"
        "构建了县、镇、村三级调解网络。  # 待核对"
    ) in drafts["shaoxing-zhuji"].text
    assert "summary: 待補充：思明區以網格化服務管理為抓手，推動社區治理重心下移。" in (
        drafts["xiamen-siming"].text
    )


def test_document_sharing_page_chunks_joined_and_chrome_dropped(
    drafts: dict[str, Draft],
) -> None:
    d = drafts["yichang"]
    assert source_record(d) == (
        "\n  - key: s1"
        "\n    title: 湖北宜昌：网格化管理推动社会治理创新"
        "\n    publisher: 道客巴巴"
        "\n    document: docshare.txt"
    )
    # 社 | 2、区e通: a word split across two chunks is one word again
    assert "网格员手持“社区e通”终端，每天走访住户" in body(d)
    # chunk 3 starts after a full stop: a new paragraph, without its number
    assert "\n\n截至2015年底，全市社区网格管理员已达1400余名。\n" in body(d)
    assert not re.search(r"(^|\n)\d、", body(d))
    for chrome in ("下载", "分享", "收藏", "举报", "上传者", "页数", "还剩", "继续阅读", ".doc"):
        assert chrome not in d.text, chrome


def test_numbered_list_of_an_ordinary_page_is_kept(drafts: dict[str, Draft]) -> None:
    text = body(drafts["meishan-dongpo"])
    assert "\n\n1、建立议事会。" in text and "\n\n2、公开办理流程。" in text


def test_news_byline_is_the_source_never_the_title(drafts: dict[str, Draft]) -> None:
    d = drafts["meishan-dongpo"]
    assert "title: 四川眉山：“三事分流”化解基层矛盾\n" in d.text
    # the breadcrumb starts at 首页: its column is the container, 首页 no publisher
    assert source_record(d) == (
        "\n  - key: s1"
        "\n    title: 四川眉山：“三事分流”化解基层矛盾"
        "\n    author: 张华"
        "\n    container: 新闻中心"
        "\n    publisher: 眉山日报"
        "\n    date: 2021-06-18"
        "\n    document: news-byline.txt"
    )
    for furniture in ("来源", "作者", "发布时间", "09:30", "首页", "分享到", "微博"):
        assert furniture not in d.text, furniture


def test_metric_candidates_name_what_is_counted_with_year_and_qualifier(
    drafts: dict[str, Draft],
) -> None:
    lines = [line for line in front(drafts["shaoxing-zhuji"]).splitlines() if "label:" in line]
    assert lines == [
        "  - {label: 镇乡街道, value: 23, unit: 个, source: s1}",
        "  - {label: 行政村, value: 500, unit: 个, source: s1}",
        "  - {label: 专职调解员, value: 1200, unit: 余名, source: s1}",
        "  - {label: 工作日, value: 7, unit: 个, source: s1}",
        '  - {label: 矛盾纠纷调解成功率, value: "86.4", unit: "%", year: 2018, source: s1}',
        '  - {label: 矛盾纠纷调解成功率, value: "95.1", unit: "%", year: 2022, source: s1}',
        '  - {label: 群众满意度, value: "97.3", unit: "%", source: s1}',
        '  - {label: 矛盾纠纷, value: "3.6", unit: 万件, year: 2022, note: 截至2022年底, '
        "source: s1}",
    ]
    assert "{label: 網格員, value: 1300, unit: 餘名, note: 目前, source: s1}" in (
        drafts["xiamen-siming"].text
    )


def test_a_change_gives_two_figures_and_never_a_fragment(loaded: Loaded) -> None:
    found = find_metrics(["群众满意度由2018年的86.4%提高到2022年的95.1%。"], loaded.conv)
    assert found == [
        Figure("群众满意度", "86.4", "%", 2018),
        Figure("群众满意度", "95.1", "%", 2022),
    ]
    found = find_metrics(["全区下辖9个街道，由2018年的12个减少。"], loaded.conv)
    assert [f.label for f in found] == ["街道", "待补充"]
    for para in ("下辖5个", "由2018年的3个", "连续15年达到2个"):
        assert [f.label for f in find_metrics([para], loaded.conv)] == ["待补充"], para


@pytest.mark.parametrize(
    ("sentence", "labels"),
    [
        ("新建5G基站903个。", ["5G基站"]),
        ("全区“百姓说事点”225个。", ["百姓说事点"]),
        ("荔湾区把53个部门窗口压减为9个统一收件受理窗口。", ["部门窗口", "统一收件受理窗口"]),
        ("在村社配备专职调解员1200余名。", ["专职调解员"]),
        ("村两委在7个工作日内答复。", ["工作日"]),
        ("網格事件按期辦結率由2016年的78.5%提高到2020年的98.2%。", ["網格事件按期辦結率"] * 2),
    ],
)
def test_labels_name_what_is_counted(loaded: Loaded, sentence: str, labels: list[str]) -> None:
    assert [f.label for f in find_metrics([sentence], loaded.conv)] == labels


def test_a_number_cut_by_a_wrap_is_one_number(drafts: dict[str, Draft]) -> None:
    d = drafts["yantai"]
    assert "全市共建成村级党群服务站1122个，每个服务站配备2名" in body(d)
    assert "1122, unit: 个, year: 2020, note: 截至2020年底" in d.text
    assert "112 2" not in d.text
    # 服务站112 ends a short line: the paragraph ends there, the next starts at 2021年
    assert "\n\n其中，芝罘区建成服务站112\n\n2021年起，服务站全部接入市级平台。\n" in body(d)


def test_wrap_rule_on_its_own() -> None:
    full = "甲" * 30
    assert paragraphs([full + "112", "2个服务站。"]) == [full + "1122个服务站。"]
    assert paragraphs(["甲乙丙，合计112", "2021年起，" + full]) == [
        "甲乙丙，合计112",
        "2021年起，" + full,
    ]
    assert paragraphs([full + "112。", "2个服务站。"]) == [full + "112。", "2个服务站。"]
    assert paragraphs([full + "112", "", "2个服务站。"]) == [full + "112", "2个服务站。"]


def test_check_reads_a_number_cut_by_a_line_break_as_printed() -> None:
    numbers = printed_numbers("建成服务站112\n2个，满意度1,000\n\n2021年")
    assert {"112", "2", "1122"} <= numbers
    assert "1122021" not in numbers  # a blank line between: two numbers


def test_a_figure_the_document_does_not_print_is_left_as_a_comment(
    drafts: dict[str, Draft],
) -> None:
    # the page writes 1200 as character references (&#49;&#50;&#48;&#48;)
    assert (
        "\n  # - {label: 微网格, value: 1200, unit: 个, source: s1}"
        "  # 待核对：来源文件中没有这样写的数字\n"
    ) in drafts["ganzhou-zhanggong"].text


def test_too_few_named_terms_are_filled_with_the_nearest(loaded: Loaded) -> None:
    text = "群众满意度达到97.3%。"
    assert find_terms(text, loaded.context, "outcome") == ["public-satisfaction"]
    assert find_terms("群众满意度提升", loaded.context, "outcome")[0] == "public-satisfaction"


def project_with_sources(tmp_path: Path) -> Path:
    project = make_project(tmp_path, {})
    (project / "sources").mkdir()
    (project / "site.yaml").write_text("sources_dir: sources\n", encoding="utf-8")
    return project


def test_import_copies_the_article_and_check_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_with_sources(tmp_path)
    articles = [str(ARTICLES / name) for name in IDS]
    status, out, err = cli(capsys, project, "import", *articles, "--added", ADDED)
    assert status == 0, err
    copied = [line for line in out.splitlines() if "sources/" in line]
    assert copied == [f"copied {a} to sources/{Path(a).name}" for a in articles]
    for name in IDS:
        assert (project / "sources" / name).read_bytes() == (ARTICLES / name).read_bytes()
    assert (project / "cases/yantai.md").read_text(encoding="utf-8") == (
        PINNED / "yantai.md"
    ).read_text(encoding="utf-8")
    status, out, err = cli(capsys, project, "check")
    assert (status, out, err) == (0, "已检查 6 个案例（其中 6 个草稿）：没有问题。\n", "")

    # again: the article is there already; the ids are taken, so the next free ones
    status, out, err = cli(capsys, project, "import", articles[0], "--added", ADDED)
    assert status == 0, err
    assert out.splitlines()[:3] == [
        "yichang is taken by cases/yichang.md: using yichang-2",
        "wrote cases/yichang-2.md",
        f"{articles[0]} is already in the sources folder as sources/docshare.txt",
    ]
    assert cli(capsys, project, "check")[0] == 0


def test_import_never_replaces_a_document_and_names_what_it_copied(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_with_sources(tmp_path)
    other = b"another document with the same name\n"
    (project / "sources/docshare.txt").write_bytes(other)
    odd = tmp_path / "宜昌 网格化.txt"  # not a plain file name: check would refuse it
    odd.write_bytes((ARTICLES / "wrapped-pdf.txt").read_bytes())
    article = str(ARTICLES / "docshare.txt")
    status, out, err = cli(capsys, project, "import", article, str(odd), "--added", ADDED)
    assert status == 0, err
    assert [line for line in out.splitlines() if "sources/" in line] == [
        f"copied {article} to sources/docshare-2.txt (docshare.txt in the sources folder is "
        "another document)",
        f"copied {odd} to sources/article-de3117965c76.txt (its name is not a plain file name)",
    ]
    assert (project / "sources/docshare.txt").read_bytes() == other
    assert "document: docshare-2.txt\n" in (project / "cases/yichang.md").read_text("utf-8")
    assert "document: article-de3117965c76.txt\n" in (project / "cases/yantai.md").read_text(
        "utf-8"
    )
    assert cli(capsys, project, "check")[0] == 0


def test_import_sources_option_dry_run_and_no_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {})  # its sources_dir (../shared/sources) is absent
    article = str(ARTICLES / "journal-hans.txt")
    elsewhere = str(tmp_path / "elsewhere")
    status, out, _ = cli(capsys, project, "import", article, "--dry-run", "--sources", elsewhere)
    assert status == 0
    assert (
        "\nno sources folder at elsewhere: the articles were not copied (create it, or give " in out
    )
    (tmp_path / "elsewhere").mkdir()
    status, out, _ = cli(capsys, project, "import", article, "--dry-run", "--sources", elsewhere)
    assert f"\nwould copy {article} to elsewhere/journal-hans.txt\n" in out
    assert not list((tmp_path / "elsewhere").iterdir())
    assert not list((project / "cases").iterdir())
    status, out, _ = cli(capsys, project, "import", article, "--sources", elsewhere)
    assert status == 0 and f"\ncopied {article} to elsewhere/journal-hans.txt\n" in out
    assert (tmp_path / "elsewhere/journal-hans.txt").read_bytes() == Path(article).read_bytes()
    status, out, _ = cli(capsys, project, "import", article)  # no --sources: the site's folder
    assert status == 0
    assert "\nno sources folder at ../shared/sources: the articles were not copied" in out
    assert not (tmp_path.parent / "shared").exists()  # never made where nobody named it
