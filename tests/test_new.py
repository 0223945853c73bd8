"""`govcases new` in the editor's script: placeholders, headings, comments and the region
chain in Simplified or Traditional, terms given as ids or synonyms in either script."""

from __future__ import annotations

from pathlib import Path

import pytest

from govcases.cli import main
from helpers import make_project

TRADITIONAL = """---
id: qingdao-huangdao
draft: true  # 案例寫完後刪除這一行
title: "青島西海岸新區的網格化治理"
locality: "青島黃島區"
region_code: 370211  # 山東省 › 青島市 › 黃島區
period: {start: null}  # 做法開始的年份，以來源所載為準
status: complete
added: 2026-01-02
mechanisms: [grid-management, one-window-service]  # 至少兩個治理機制（分類詞的 id）
outcomes: [social-stability]  # 至少一個成效（分類詞的 id）
summary: 待補充。
actors:  # 實施主體，名稱照來源所寫；level：{LEVELS}
  - {name: 待補充, level: county}
metrics: []  # 來源所載的每個數字：{label, value, unit, year, note, source}
sources:
  - {SOURCE}
---
## 背景

待補充。

## 舉措

待補充。

## 成效

待補充。

## 啟示

待補充。
"""
LEVELS = "province（省）、city（市）、county（縣/區）、township（鄉鎮/街道）、village（村/社區）"
SOURCE = (
    "{key: s1, title: 待補充, author: 待補充, container: '', publisher: '', date: '', pages: '', "
    "url: 'https://example.org/待補充'}"
)
TRADITIONAL = TRADITIONAL.replace("{LEVELS}", LEVELS).replace("{SOURCE}", SOURCE)


def cli(capsys: pytest.CaptureFixture[str], project: Path, *argv: str) -> tuple[int, str, str]:
    status = main(["--root", str(project), *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_new_writes_a_traditional_case_in_traditional(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {})
    args = ["new", "青島黃島區", "青島西海岸新區的網格化治理", "--added", "2026-01-02"]
    # synonyms and names in either script, as a case file may write them; each term once
    args += ["--mechanism", "網格化", "--mechanism", "网格化管理", "--mechanism", "一窗受理"]
    status, _, err = cli(capsys, project, *args, "--outcome", "矛盾減少")
    assert status == 0, err
    path = project / "cases/qingdao-huangdao.md"
    assert path.read_text(encoding="utf-8") == TRADITIONAL
    # check accepts it as a draft, and knows its placeholders once it is no draft
    assert cli(capsys, project, "check") == (0, "1 cases checked (1 draft): no problems.\n", "")
    assert cli(capsys, project, "fmt", "--check")[0] == 0  # what new writes, fmt keeps
    path.write_text(TRADITIONAL.replace("draft: true  # 案例寫完後刪除這一行\n", ""), "utf-8")
    status, _, err = cli(capsys, project, "check")
    found = [ln for ln in err.splitlines() if ln.startswith("error: ")]
    assert status == 1 and len(found) == 10
    assert found[1] == (
        "error: cases/qingdao-huangdao.md:11:10: summary: placeholder '待補充' is still in the "
        "text (hint: fill it in from the source, or mark the case draft: true while it is "
        "unfinished)"
    )


def test_new_in_simplified_is_kept_by_fmt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {})
    args = ["new", "成都成华区", "大联动、微治理", "--added", "2026-01-02"]
    args += ["--mechanism", "grid-management", "--mechanism", "智慧治理"]
    assert cli(capsys, project, *args, "--outcome", "social-stability")[0] == 0
    text = (project / "cases/chengdu-chenghua.md").read_text(encoding="utf-8")
    assert "## 举措\n\n待补充。\n" in text and "## 启示\n\n待补充。\n" in text
    assert "draft: true  # 案例写完后删除这一行\n" in text
    assert "region_code: 510108  # 四川省 › 成都市 › 成华区\n" in text
    assert "mechanisms: [grid-management, smart-governance-linkage]  # 至少两个治理机制" in text
    assert cli(capsys, project, "fmt", "--check") == (0, "0 of 1 files would change.\n", "")


def test_an_unknown_term_is_an_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {})
    args = ["new", "成都成华区", "x", "--mechanism", "網格化", "--mechanism", "无此机制"]
    assert cli(capsys, project, *args) == (
        1,
        "",
        "error: <new>: mechanisms: unknown mechanisms: 无此机制 (hint: a taxonomy id, name or "
        "synonym from taxonomy.yaml, in either script)\n1 error(s); nothing was written.\n",
    )
    assert not (project / "cases/chengdu-chenghua.md").exists()
