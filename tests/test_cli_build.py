"""`govcases build` output: what it says about the built site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govcases.cli import main
from helpers import case_text, make_project

WARNING = (
    "warning: base_url '/' has no https:// address, so citations, feeds and the sitemap "
    "carry addresses relative to this site; set base_url in site.yaml to the published "
    "address (https://host/path/) or pass --base-url"
)


def test_build_warns_when_citations_would_carry_relative_addresses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {"a.md": case_text(id="id: a")})
    assert main(["--root", str(project), "build"]) == 0
    out, err = capsys.readouterr()
    assert err.strip() == WARNING and "Built 1 cases" in out
    assert "https://" not in _citation(project)

    url = "https://cases.gov.test/lib/"
    assert main(["--root", str(project), "build", "--base-url", url]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "Built 1 cases" in out
    assert f"{url}zh-hans/cases/a/" in _citation(project)


def _citation(project: Path) -> str:
    page = (project / "_site/zh-hans/cases/a/index.html").read_text("utf-8")
    found = re.search(r'<p class="citation">(.*?)</p>', page, re.S)
    assert found
    return found.group(1)


def test_errors_show_the_line_with_a_caret_under_the_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As rustc and Hugo do; a Chinese character takes two cells, so the caret lands under
    the value, and control characters in the line are shown as escapes."""
    figure = "metrics:\n  - {label: 窗口数量, value: 五十三, unit: 个, source: s1}"
    cases = {
        "a.md": case_text(id="id: a", added="added: 2026/12/01", metrics=figure),
        "b.md": case_text(id="id: b", title="title: 荔湾区：\x1b[31m改革"),
    }
    project = make_project(tmp_path, cases)
    assert main(["--root", str(project), "check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "错误：cases/a.md:6:8: added: 应为 YYYY-MM-DD，例如 2026-12-01；实际为 2026/12/01"
        "（提示：added：案例收入本库的日期）",
        "  6 | added: 2026/12/01",
        "    |        ^",
        '错误：cases/a.md:11:26: metrics[0].value: 应为数字，例如 53 或 "91.70"；实际为 五十三'
        "（提示：value：数值，按来源原样书写数字）",
        "  11 |   - {label: 窗口数量, value: 五十三, unit: 个, source: s1}",
        "     |                              ^",
        "错误：cases/b.md:3:12: 不允许控制字符 U+001B",
        "  3 | title: 荔湾区：\\u001b[31m改革",
        "    |                ^",
        "共 3 个错误，未写入任何文件。",
    ]


def test_a_misspelled_field_gets_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {"a.md": case_text(id="id: a", summary="sumary: 摘要。")})
    assert main(["--root", str(project), "check"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": sumary: " in line]
    assert errors == [
        "错误：cases/a.md:9:9: sumary: 未知字段 sumary（提示：是否想写 summary？此处可用的字段："
        "id, draft, title, locality, region_code, period, status, status_note, "
        "added, mechanisms, outcomes, summary, actors, metrics, sources）"
    ]


def test_a_long_line_is_shown_around_its_column_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = "title: " + "长" * 5000 + "\x1b" + "尾" * 3000
    project = make_project(tmp_path, {"a.md": case_text(id="id: a", title=title)})
    assert main(["--root", str(project), "check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "错误：cases/a.md:3:5008: 不允许控制字符 U+001B"
    assert err[1] == "  3 | …" + "长" * 40 + "\\u001b" + "尾" * 79 + "…"
    assert err[2] == "    | " + " " * 81 + "^"  # … one cell, each 长 two
