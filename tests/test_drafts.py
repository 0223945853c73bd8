"""Drafts (`draft: true`): written by new and import, validated like any case but allowed the
placeholders, left out of a published build, shown marked 草稿 by serve and build --drafts.
A case that is no draft and still holds a placeholder is an error at every occurrence."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from govcases.cli import main
from govcases.config import load_config
from govcases.messages import render
from govcases.model import BuildError
from govcases.pipeline import Timings, build, load_and_validate
from govcases.preview.serve import Preview, State
from govcases.state.quick import INPUTS
from helpers import SOURCES, case_text, digest, make_project

MARK = '<span class="badge">草稿</span>'
NOTICE = '<p class="notice" role="note"><strong>草稿</strong>：'
TODO_HINT = "fill it in from the source, or mark the case draft: true while it is unfinished"
MARK_HINT = (
    "check the guess against the source and delete the mark, or mark the case draft: true "
    "while it is unfinished"
)
URL_HINT = (
    "give the address the source was read at, or mark the case draft: true while it is unfinished"
)


def project_in(folder: Path, cases: dict[str, str]) -> Path:
    folder.mkdir()
    return make_project(folder, cases)


def cli(capsys: pytest.CaptureFixture[str], project: Path, *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit status, stdout, stderr)."""
    status = main(["--root", str(project), "--lang", "en", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error: ")]


# A published case (a), one sharing its mechanisms (b), and a draft like them both.
A = case_text(id="id: a")
B = case_text(id="id: b", title="title: 另一案例", summary="summary: 另一个综合窗口。")
DRAFT = case_text(
    id="id: zdraft\ndraft: true",
    title="title: 草拟中的案例",
    period="period: {start: null}",
    summary="summary: 待补充。",
    added="added: 2026-12-01",  # newer than the others: it would set the build date
)


def test_new_writes_a_draft_without_a_start_year_that_fails_as_a_published_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {})
    args = ["new", "成都成华区", "大联动、微治理", "--mechanism", "grid-management"]
    args += ["--mechanism", "smart-governance-linkage", "--outcome", "social-stability"]
    status, out, _ = cli(capsys, project, *args, "--added", "2026-01-02")
    assert (status, out) == (
        0,
        "Created cases/chengdu-chenghua.md as a draft: fill in the 待补充 placeholders and "
        "period.start, delete the draft: true line, then run govcases fmt and govcases check.\n",
    )
    path = project / "cases/chengdu-chenghua.md"
    text = path.read_text(encoding="utf-8")
    head = text.splitlines()[:7]
    assert head[2] == "draft: true  # 案例写完后删除这一行"
    assert head[6] == "period: {start: null}  # 做法开始的年份，以来源所载为准"
    assert not re.search(r"\b20\d\d\b", text.replace("2026-01-02", ""))  # no year invented
    assert cli(capsys, project, "check") == (0, "1 cases checked (1 draft): no problems.\n", "")

    path.write_text(text.replace(head[2] + "\n", ""), encoding="utf-8")
    status, out, err = cli(capsys, project, "check")
    at = "error: cases/chengdu-chenghua.md"
    todo = f"placeholder '待补充' is still in the text (hint: {TODO_HINT})"
    assert (status, errors(err)) == (
        1,
        [
            f"{at}:6:17: period.start: required field is missing (hint: the year the "
            "initiative started, as the source gives it; only a draft (draft: true) may leave "
            "it empty)",
            f"{at}:11:10: summary: {todo}",
            f"{at}:13:12: actors[0].name: {todo}",
            f"{at}:16:22: sources[0].title: {todo}",
            f"{at}:16:35: sources[0].author: {todo}",
            f"{at}:16:97: sources[0].url: placeholder address 'https://example.org/待补充' is "
            f"still in the text (hint: {URL_HINT})",
            f"{at}:20:1: body: {todo}",
            f"{at}:24:1: body: {todo}",
            f"{at}:28:1: body: {todo}",
            f"{at}:32:1: body: {todo}",
        ],
    )
    assert err.endswith("10 error(s); nothing was written.\n")


def test_every_placeholder_outside_a_draft_is_reported_with_its_field(tmp_path: Path) -> None:
    text = case_text(
        title="title: 荔灣區一窗式改革  # 待核對",
        locality="locality: 广州荔湾\n# region_code:  # 待核对：地名无法唯一确定",
        summary="summary: >-\n  荔湾区把部门窗口整合为综合窗口，\n  成效待補充。",
        mechanisms="mechanisms: [one-window-service, 異地通辦]  # 待核对",
        sources="sources:\n  - {key: s1, title: 来源标题, author: 待补充, "
        "url: 'https://www.example.org/a?b=待补充'}",
    )
    text = text.replace("正文第二段。", "正文第二段，见 https://example.com/x 待补充。")
    project = make_project(tmp_path, {"sample.md": text})
    with pytest.raises(BuildError) as info:
        load_and_validate(load_config(project), Timings())
    todo = "placeholder '待补充' is still in the text"
    found = info.value.diagnostics
    assert [(d.line, d.column, d.field, d.code, render(d.message)) for d in found] == [
        (3, 18, "title", "placeholder", "'# 待核對' marks a guess nobody has checked yet"),
        (5, 17, "region_code", "placeholder", "'# 待核对' marks a guess nobody has checked yet"),
        (8, 41, "mechanisms", "placeholder", "'# 待核对' marks a guess nobody has checked yet"),
        (12, 5, "summary", "placeholder", "placeholder '待補充' is still in the text"),
        (16, 36, "sources[0].author", "placeholder", todo),
        (
            16,
            47,
            "sources[0].url",
            "placeholder",
            "placeholder address 'https://www.example.org/a?b=待补充' is still in the text",
        ),
        (
            24,
            9,
            "body",
            "placeholder",
            "placeholder address 'https://example.com/x' is still in the text",
        ),
        (24, 31, "body", "placeholder", todo),
    ]
    assert {render(d.hint) for d in found} == {TODO_HINT, MARK_HINT, URL_HINT}
    # The same file as a draft: no placeholder is a problem.
    (project / "cases/sample.md").write_text(
        text.replace("id: sample\n", "id: sample\ndraft: true\n"), encoding="utf-8"
    )
    [case] = load_and_validate(load_config(project), Timings()).cases
    assert case.draft


def test_a_draft_is_validated_like_any_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = DRAFT.replace("outcomes: [service-efficiency]", "outcomes: [happiness]")
    project = make_project(tmp_path, {"zdraft.md": broken})
    status, _, err = cli(capsys, project, "check")
    [error] = errors(err)
    assert status == 1 and error == (
        "error: cases/zdraft.md:9:12: outcomes[0]: unknown outcome 'happiness' (hint: "
        "taxonomy.yaml lists all 12 terms (an id, the Chinese name or a synonym))"
    )
    (project / "cases/zdraft.md").write_text(
        DRAFT.replace("draft: true", "draft: yes please"), encoding="utf-8"
    )
    status, _, err = cli(capsys, project, "check")
    assert status == 1 and errors(err)[0].startswith(
        "error: cases/zdraft.md:3:8: draft: expected true or false; got yes please"
    )


def test_build_leaves_drafts_out_of_everything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_draft = project_in(tmp_path / "with", {"a.md": A, "b.md": B, "zdraft.md": DRAFT})
    status, out, _ = cli(capsys, with_draft, "build")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("Built 2 cases, ")
    assert lines[1] == "Left out 1 draft (draft: true); govcases build --drafts includes them."
    for path in (with_draft / "_site").rglob("*"):
        if path.is_file() and path.name != INPUTS:  # the input signature is a hash
            data = path.read_bytes()
            assert b"zdraft" not in data and "草稿".encode() not in data, path
    # Byte for byte and file for file, the site of the same cases without the draft file.
    without = project_in(tmp_path / "without", {"a.md": A, "b.md": B})
    assert cli(capsys, without, "build")[1].startswith("Built 2 cases, ")
    sites = []
    for project in (with_draft, without):
        build(load_config(project, output_dir=str(tmp_path / project.name / "clean")))
        sites.append(digest(tmp_path / project.name / "clean"))
    assert "zh-hans/cases/a/index.html" in sites[0] and len(sites[0]) > 100
    assert sites[0] == sites[1]


def test_build_with_drafts_marks_them_wherever_they_appear(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {"a.md": A, "b.md": B, "zdraft.md": DRAFT})
    site = project / "_site"
    status, out, _ = cli(capsys, project, "build", "--drafts")
    assert status == 0 and out.startswith("Built 3 cases (1 draft, marked 草稿), ")
    assert "Left out" not in out
    for script, notice in (
        ("hans", "尚未完成，发布的网站不包含此案例。"),
        ("hant", "尚未完成，發佈的網站不包含此案例。"),
    ):
        page = (site / f"zh-{script}/cases/zdraft/index.html").read_text(encoding="utf-8")
        assert NOTICE + notice + "</p>" in page
        assert '<dd data-fact="period">起始年份待定</dd>' in page
        cases = (site / f"zh-{script}/cases/index.html").read_text(encoding="utf-8")
        assert cases.count(MARK) == 1
        assert (
            '草拟中的案例</a> <span class="badge">草稿</span> <label class="pick"'
            in cases.replace("草擬中的案例", "草拟中的案例")
        )
        for listing in ("index.html", "mechanisms/one-window-service/index.html"):
            assert (site / f"zh-{script}" / listing).read_text(encoding="utf-8").count(MARK) == 1
        related = (site / f"zh-{script}/cases/a/index.html").read_text(encoding="utf-8")
        assert related.count(MARK) == 1 and NOTICE not in related  # b is no draft
        compare = (site / f"zh-{script}/compare/coverage/index.html").read_text(encoding="utf-8")
        assert compare.count(MARK) == 2  # one row in each matrix
    chinamap = (site / "zh-hans/map/index.html").read_text(encoding="utf-8")
    assert chinamap.count("草拟中的案例（草稿）") == 1 and chinamap.count("草稿") == 1
    timeline = (site / "zh-hans/timeline/index.html").read_text(encoding="utf-8")
    assert "zdraft" not in timeline  # no start year: in no year
    texts = [json.loads(p.read_text(encoding="utf-8")) for p in site.glob("search/text/hans/*")]
    assert [t.get("draft") for t in sorted(texts, key=lambda t: t["id"])] == [None, None, "草稿"]
    record = json.loads((site / "data/cases/zdraft.json").read_text(encoding="utf-8"))
    assert record["start"] is None
    # The next plain build is no "nothing changed": it takes the draft out again.
    status, out, _ = cli(capsys, project, "build")
    assert status == 0 and out.startswith("Built 2 cases, ")
    assert not (site / "zh-hans/cases/zdraft").exists()
    assert cli(capsys, project, "build", "--drafts")[1].startswith("Built 3 cases (1 draft")


def test_serve_shows_drafts_marked(tmp_path: Path) -> None:
    project = project_in(tmp_path / "project", {"a.md": A, "zdraft.md": DRAFT})
    state = State(tmp_path / "out" / "site")
    preview = Preview(project, state)
    preview.build()
    assert state.version == 1 and not state.error
    page = (state.folder / "zh-hant/cases/zdraft/index.html").read_text(encoding="utf-8")
    assert NOTICE in page
    assert (state.folder / "zh-hans/index.html").read_text(encoding="utf-8").count(MARK) == 1
    # A draft's body edit takes the quick path and keeps the mark.
    path = project / "cases/zdraft.md"
    path.write_text(DRAFT.replace("正文第一段", "改过的第一段"), encoding="utf-8")
    preview.changed({path})
    quick = state.overlay["zh-hans/cases/zdraft/index.html"].decode("utf-8")
    assert NOTICE in quick and "改过的第一段" in quick and not state.error


def test_a_placeholder_left_in_a_published_case_stops_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    finished = DRAFT.replace("draft: true\n", "").replace("{start: null}", "{start: 2020}")
    project = make_project(tmp_path, {"a.md": A, "zdraft.md": finished})
    status, _, err = cli(capsys, project, "build")
    assert (status, errors(err)) == (
        1,
        [
            "error: cases/zdraft.md:9:10: summary: placeholder '待补充' is still in the text "
            f"(hint: {TODO_HINT})"
        ],
    )
    assert not (project / "_site").exists()


needs_sources = pytest.mark.skipif(not SOURCES.is_dir(), reason="source documents absent")


@needs_sources
def test_import_takes_a_free_id_or_the_one_given_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = "---\ntitle: [\n---\n"  # a broken case elsewhere does not block import
    project = make_project(tmp_path, {"wenzhou.md": broken})
    article = str(SOURCES / "004_a0c74e38abde2602.txt")
    status, out, err = cli(capsys, project, "import", article, "--added", "2026-01-02")
    assert status == 0, err
    assert out.splitlines()[:3] == [
        "wenzhou is taken by cases/wenzhou.md: using wenzhou-2",
        "wrote cases/chengdu-chenghua.md",
        "wrote cases/wenzhou-2.md",
    ]
    assert (project / "cases/wenzhou.md").read_text(encoding="utf-8") == broken
    written = (project / "cases/wenzhou-2.md").read_text(encoding="utf-8")
    assert written.startswith(
        "---\nid: wenzhou-2\ndraft: true  # 案例寫完後刪除這一行\n"
    )  # in its script
    assert "draft: true" in (project / "cases/chengdu-chenghua.md").read_text(encoding="utf-8")

    jiangbei = str(SOURCES / "002_5fb57f924af4f048.txt")
    status, out, err = cli(capsys, project, "import", jiangbei, "--id", "jiangbei")
    assert status == 0, err
    assert out.splitlines()[0] == "wrote cases/jiangbei.md"
    assert (
        (project / "cases/jiangbei.md")
        .read_text(encoding="utf-8")
        .startswith("---\nid: jiangbei\ndraft: true")
    )
    before = (project / "cases/jiangbei.md").read_bytes()
    status, out, err = cli(capsys, project, "import", jiangbei, "--id", "jiangbei")
    assert (status, errors(err)) == (
        1,
        [
            "error: command line: --id: id 'jiangbei' is taken by cases/jiangbei.md; import "
            "never overwrites a case (hint: choose another id)"
        ],
    )
    assert (project / "cases/jiangbei.md").read_bytes() == before
    status, _, err = cli(capsys, project, "import", article, "--id", "x")
    assert (status, errors(err)) == (
        1,
        [
            "error: command line: --id: --id names one case, but the articles give 2: "
            "chengdu-chenghua, wenzhou (hint: import the article without --id, then change "
            "the ids you want to)"
        ],
    )
    status, _, err = cli(capsys, project, "import", jiangbei, "--id", "Bad Id")
    assert status == 1 and errors(err)[0].startswith("error: command line: --id: 'Bad Id' is not")


@needs_sources
def test_import_gives_two_drafts_with_one_id_different_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {})
    first, second = (
        str(SOURCES / f) for f in ("000_2e08075969aa5f7d.txt", "001_a55bb52705c63683.txt")
    )
    status, out, err = cli(capsys, project, "import", first, second, "--dry-run")
    assert status == 0, err
    assert [line for line in out.splitlines() if " is taken by " in line] == [
        "nanchang-qingshanhu is taken by another draft of this import: using nanchang-qingshanhu-2",
        "guangzhou-liwan is taken by another draft of this import: using guangzhou-liwan-2",
    ]
    assert "===== guangzhou-liwan-2.md (廣州荔灣區)\n---\nid: guangzhou-liwan-2\n" in out
    assert not list((project / "cases").iterdir())  # a dry run writes nothing


def test_a_copied_case_names_the_case_whose_id_it_has(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.md": A, "copy.md": A})
    with pytest.raises(BuildError) as info:
        load_and_validate(load_config(project), Timings())
    assert [str(d) for d in info.value.diagnostics] == [
        "cases/copy.md:2:5: id: id 'a' differs from the file name 'copy.md' and is the id of "
        "cases/a.md (hint: set id: copy (the id always equals the file name))"
    ]


def test_build_drafts_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    out = capsys.readouterr().out
    assert "--drafts" in out and "draft: true" in out and "草稿" in out
