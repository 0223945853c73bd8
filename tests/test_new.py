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
    assert cli(capsys, project, "check") == (
        0,
        "已检查 1 个案例（其中 1 个草稿）：没有问题。\n",
        "",
    )
    assert cli(capsys, project, "fmt", "--check")[0] == 0  # what new writes, fmt keeps
    path.write_text(TRADITIONAL.replace("draft: true  # 案例寫完後刪除這一行\n", ""), "utf-8")
    status, _, err = cli(capsys, project, "check")
    found = [ln for ln in err.splitlines() if ln.startswith("錯誤：")]  # in its script
    assert status == 1 and len(found) == 10
    assert found[1] == (
        "錯誤：cases/qingdao-huangdao.md:11:10: summary: 佔位文字 待補充 仍在文中"
        "（提示：根據來源填寫，或在案例未完成時標記 draft: true）"
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
        "错误：<new>: mechanisms: 未知的机制（mechanism）无此机制（提示：taxonomy.yaml 列出全部 "
        "28 个词条（id、中文名和同义词均可））\n共 1 个错误，未写入任何文件。\n",
    )
    assert not (project / "cases/chengdu-chenghua.md").exists()


def test_an_ambiguous_place_is_pinned_with_region_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {})
    assert cli(capsys, project, "new", "江北区", "测试案例") == (
        1,
        "",
        "错误：<new>: locality: 地名 江北区 有多个对应地区：浙江省 › 宁波市 › 江北区（330205）；"
        "重庆市 › 江北区（500105）（提示：用 region_code 指定其中一个，例如 region_code: 330205；"
        "新建案例时用 govcases new --region-code 330205）\n共 1 个错误，未写入任何文件。\n",
    )
    status, _, _ = cli(capsys, project, "new", "江北区", "测试案例", "--region-code", "500105")
    text = (project / "cases/jiangbei.md").read_text(encoding="utf-8")
    assert status == 0 and "region_code: 500105  # 重庆市 › 江北区\n" in text
