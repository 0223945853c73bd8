"""Diagnostics for editors: every mistake of a file in one run, each at its line and column
with the line shown and a caret under it, in Chinese (Traditional for a case written in
Traditional) unless `--lang en` or site.yaml's `lang: en`; JSON carries the column, the full
field path and the message id."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from govcases.cli import main
from govcases.messages.catalogue import CATALOGUE
from helpers import ROOT, case_text, make_project

# Eight mistakes in one case file, one of each kind the editors make.
PLANTED = """---
id: planted-copy
title: 江北区一窗式改革
locality: 江北区
period: {start: 2014}
added: 2026/12/01
mechanisms: [one-window-service, grid-managment]
outcomes: []
summry: 摘要。
summary: 江北区把部门窗口整合为综合窗口。
metrics:
  - {label: 窗口, value: 53, unit: 个, source: s2}
sources:
  - {key: s1, title: 来源标题, author: 作者, url: "https://www.gov.cn/a", date: 2026-13-01}
---
## 背景

正文。
"""
FIELDS = (
    "id, draft, title, locality, region_code, period, status, status_note, added, "
    "mechanisms, outcomes, summary, actors, metrics, sources"
)
EXPECTED_TEXT = [
    "错误：cases/planted.md:2:5: id: id 应与文件名 planted.md 相同；实际为 planted-copy"
    "（提示：写成 id: planted（id 总是等于文件名））",
    "  2 | id: planted-copy",
    "    |     ^",
    "错误：cases/planted.md:4:11: locality: 地名 江北区 有多个对应地区："
    "浙江省 › 宁波市 › 江北区（330205）；重庆市 › 江北区（500105）"
    "（提示：用 region_code 指定其中一个，例如 region_code: 330205；"
    "新建案例时用 govcases new --region-code 330205）",
    "  4 | locality: 江北区",
    "    |           ^",
    "错误：cases/planted.md:6:8: added: 应为 YYYY-MM-DD，例如 2026-12-01；实际为 2026/12/01"
    "（提示：added：案例收入本库的日期）",
    "  6 | added: 2026/12/01",
    "    |        ^",
    "错误：cases/planted.md:7:34: mechanisms[1]: 未知的机制（mechanism）grid-managment"
    "（提示：是否想写：grid-management（网格化管理）？全部词条见 taxonomy.yaml）",
    "  7 | mechanisms: [one-window-service, grid-managment]",
    "    |                                  ^",
    "错误：cases/planted.md:8:11: outcomes: 应至少有 1 项；实际为 0 项",
    "  8 | outcomes: []",
    "    |           ^",
    "错误：cases/planted.md:9:9: summry: 未知字段 summry"
    f"（提示：是否想写 summary？此处可用的字段：{FIELDS}）",
    "  9 | summry: 摘要。",
    "    |         ^",
    "错误：cases/planted.md:12:45: metrics[0].source: 没有 key 为 s2 的来源"
    "（提示：可用的来源 key：s1）",
    "  12 |   - {label: 窗口, value: 53, unit: 个, source: s2}",
    "     |                                                ^",
    "错误：cases/planted.md:14:75: sources[0].date: 应为 YYYY、YYYY-MM 或 YYYY-MM-DD，例如 "
    "2026-12-01；实际为 2026-13-01（提示：date：按来源所给写作 YYYY、YYYY-MM 或 YYYY-MM-DD）",
    '  14 |   - {key: s1, title: 来源标题, author: 作者, url: "https://www.gov.cn/a", '
    "date: 2026-13-01}",
    "     |" + " " * 81 + "^",
    "共 8 个错误，未写入任何文件。",
]


def run(capsys: pytest.CaptureFixture[str], project: Path, *argv: str) -> tuple[int, str, str]:
    status = main(["--root", str(project), *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def test_one_check_reports_every_planted_mistake_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {"planted.md": PLANTED})
    status, out, err = run(capsys, project, "check")
    assert (status, out) == (1, "")
    assert err.splitlines() == EXPECTED_TEXT
    assert "should" not in err  # no pydantic phrasing


def test_json_has_the_column_the_field_path_and_the_message_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {"planted.md": PLANTED})
    status, out, _ = run(capsys, project, "check", "--format", "json")
    found = json.loads(out)
    assert status == 1
    assert [(d["line"], d["column"], d["field"], d["id"]) for d in found] == [
        (2, 5, "id", "id-file"),
        (4, 11, "locality", "place-ambiguous"),
        (6, 8, "added", "date"),
        (7, 34, "mechanisms[1]", "unknown-mechanism"),
        (8, 11, "outcomes", "too-short"),
        (9, 9, "summry", "unknown-field"),
        (12, 45, "metrics[0].source", "source-unknown"),
        (14, 75, "sources[0].date", "source-date"),
    ]
    assert found[7] == {
        "file": "cases/planted.md",
        "line": 14,
        "column": 75,
        "field": "sources[0].date",
        "code": "source-date",
        "id": "source-date",
        "message": "应为 YYYY、YYYY-MM 或 YYYY-MM-DD，例如 2026-12-01；实际为 2026-13-01",
        "hint": "date：按来源所给写作 YYYY、YYYY-MM 或 YYYY-MM-DD",
    }


def test_english_with_the_option_or_the_site_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {"planted.md": PLANTED})
    first = (
        "error: cases/planted.md:2:5: id: id 'planted-copy' differs from the file name "
        "'planted.md' (hint: set id: planted (the id always equals the file name))"
    )
    place = (
        "error: cases/planted.md:4:11: locality: '江北区' is ambiguous: 浙江省 › 宁波市 › 江北区 "
        "(330205); 重庆市 › 江北区 (500105) (hint: pin one with region_code, e.g. "
        "region_code: 330205; for a new case, govcases new --region-code 330205)"
    )
    for argv in (("check", "--lang", "en"), ("--lang", "en", "check")):
        _, _, err = run(capsys, project, *argv)
        lines = err.splitlines()
        assert (lines[0], lines[3], lines[-1]) == (first, place, "8 error(s); nothing was written.")
    (project / "site.yaml").write_text("lang: en\n", encoding="utf-8")
    _, _, err = run(capsys, project, "check")
    assert err.splitlines()[0] == first
    _, _, err = run(capsys, project, "check", "--lang", "zh")  # the option wins
    assert err.splitlines()[0] == EXPECTED_TEXT[0]


def test_a_case_written_in_traditional_gets_traditional_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = case_text(
        id="id: a",
        title="title: 荔灣區一窗式改革",
        summary="summary: 荔灣區把部門窗口整合為綜合窗口。",
        added="added: 2026/12/01",
        mechanisms="mechanisms: [one-window-service, 網格管理]",
    )
    project = make_project(tmp_path, {"a.md": text.replace("正文第一段。", "這裡說明經過。")})
    _, _, err = run(capsys, project, "check")
    assert [line for line in err.splitlines() if not line.startswith(" ")] == [
        "錯誤：cases/a.md:6:8: added: 應為 YYYY-MM-DD，例如 2026-12-01；實際為 2026/12/01"
        "（提示：added：案例收入本庫的日期）",
        "錯誤：cases/a.md:7:34: mechanisms[1]: 未知的機制（mechanism）網格管理"
        "（提示：是否想寫：grid-management（網格化管理）？全部詞條見 taxonomy.yaml）",
        "共 2 個錯誤，未寫入任何文件。",
    ]


def test_a_quoted_date_is_accepted_and_a_misspelled_place_gets_suggestions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quoted = case_text(id="id: a", added='added: "2026-12-01"')
    project = make_project(tmp_path, {"a.md": quoted})
    assert run(capsys, project, "check") == (0, "已检查 1 个案例：没有问题。\n", "")
    (project / "cases/a.md").write_text(
        case_text(id="id: a", locality="locality: 广州荔弯", outcomes="outcomes: [效率提升]"),
        encoding="utf-8",
    )
    _, _, err = run(capsys, project, "check")
    assert [line for line in err.splitlines() if not line.startswith(" ")] == [
        "错误：cases/a.md:4:11: locality: 没有名为 广州荔弯 的行政区划（提示：是否想写："
        "广东省 › 广州市 › 荔湾区（440103）；广东省 › 广州市（440100）？也可写出更完整的地名，"
        "或设置 region_code）",
        "错误：cases/a.md:8:12: outcomes[0]: 未知的成效（outcome）效率提升（提示：是否想写："
        "service-efficiency（政务服务效率提升）？全部词条见 taxonomy.yaml）",
        "共 2 个错误，未写入任何文件。",
    ]


def test_a_yaml_syntax_error_stops_only_its_file_and_has_a_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = {
        "a.md": case_text(id="id: a", title="title: [unclosed"),
        "b.md": case_text(id="id: b", added="added: 2026/12/01", outcomes="outcomes: []"),
    }
    project = make_project(tmp_path, cases)
    _, _, err = run(capsys, project, "check")
    assert [line for line in err.splitlines() if not line.startswith(" ")] == [
        "错误：cases/a.md:4:9: YAML 语法错误：while parsing a flow sequence did not find "
        "expected ',' or ']'（提示：含有 : # [ ] { } & * ! | > 的文字请加引号，并保持缩进一致）",
        "错误：cases/b.md:6:8: added: 应为 YYYY-MM-DD，例如 2026-12-01；实际为 2026/12/01"
        "（提示：added：案例收入本库的日期）",
        "错误：cases/b.md:8:11: outcomes: 应至少有 1 项；实际为 0 项",
        "共 3 个错误，未写入任何文件。",
    ]


def _literal_ids(node: ast.expr) -> set[str]:
    """The ids an argument names: a literal, or the literals of `a if … else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _literal_ids(node.body) | _literal_ids(node.orelse)
    return set()


def _message_ids() -> set[str]:
    """Every message id the package names: the first argument of each msg()/fail() call
    with a literal id, and the hint-… and about.… ids it builds from a code or field name."""
    found: set[str] = set()
    for path in (ROOT / "src" / "govcases").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            call = node.func if isinstance(node, ast.Call) else None
            name = getattr(call, "id", getattr(call, "attr", ""))
            if name in ("msg", "fail") and isinstance(node, ast.Call) and node.args:
                found |= _literal_ids(node.args[0])
    return found


def test_every_message_named_is_in_the_catalogue_and_every_entry_is_used() -> None:
    named = _message_ids()
    assert named - set(CATALOGUE) == set()
    # Built ids: hint-{code} of model.HINTS, unknown-/repeated-{kind}, placeholder-{kind},
    # about.{field}, and the type names of pydantic errors.
    built = re.compile(
        r"hint-(yaml|front-matter|empty|duplicate-id|missing|source-missing|output|"
        r"placeholder-.*)|(unknown|repeated)-(mechanism|outcome)|placeholder-.*|about\..*|type-.*"
    )
    unused = {i for i in CATALOGUE if i not in named and not built.fullmatch(i)}
    assert unused == set()


def test_every_catalogue_entry_has_the_same_arguments_in_both_languages() -> None:
    for message_id, (hans, english) in CATALOGUE.items():
        names = [set(re.findall(r"(?<!\{)\{(\w+)\}", text)) for text in (hans, english)]
        if message_id.startswith("about") or message_id in ("unknown-field", "checked-drafts"):
            continue  # the Chinese is written out, or English needs a plural
        assert names[0] == names[1], message_id
