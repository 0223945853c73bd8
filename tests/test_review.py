"""Conversion review report, and conversion caching across builds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from govcases.config import load_config
from govcases.pipeline import build
from helpers import case_text, make_project

BODY_CASE = case_text(summary="summary: 自2015年10月正式发卡以来，他理发后头发很短。")


def run_check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govcases", "--root", str(project), "check", "--conversion"],
        capture_output=True,
        text=True,
    )


def test_report_names_rule_dictionary_and_confirmed_choices(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"sample.md": BODY_CASE})
    result = run_check(project)
    assert result.returncode == 1
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("cases/sample.md: summary")]
    assert (
        "cases/sample.md: summary: 发→發 [發 髮] 年10月正式【發】卡以來，他理  "
        "glossary: 正式发卡→正式發卡; rule"
    ) in lines
    # OpenCC alone writes 頭發 here: exactly the kind of choice the report is for
    assert (
        "cases/sample.md: summary: 发→發 [發 髮] ，他理髮後頭【發】很短。  dictionary; UNREVIEWED"
    ) in lines
    (project / "conversion-review.yaml").write_text(
        "words: [理髮, 以來, 後, 個]\nchars: {了: 了, 么: 麼, 历: 歷, 据: 據, 面: 面, 干: 幹}\n",
        encoding="utf-8",
    )
    result = run_check(project)
    assert "他理【髮】後頭發很短。  dictionary; confirmed (理髮)" in result.stdout
    unreviewed = [ln for ln in result.stdout.splitlines() if ln.endswith("UNREVIEWED")]
    assert result.returncode == (1 if unreviewed else 0)


def test_report_is_a_page_for_editors_not_in_navigation(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"sample.md": BODY_CASE})
    build(load_config(project))
    page = (project / "_site/editors/conversion/index.html").read_text(encoding="utf-8")
    assert "正式【發】卡" in page and "glossary: 正式发卡→正式發卡" in page
    assert "頭【發】很短" in page and "待审阅" in page
    home = (project / "_site/zh-hans/index.html").read_text(encoding="utf-8")
    assert "editors/conversion" not in home
    # confirmed dictionary choices are counted per confirmed word, not listed one by one
    (project / "conversion-review.yaml").write_text("words: [理髮]\n", encoding="utf-8")
    build(load_config(project))
    page = (project / "_site/editors/conversion/index.html").read_text(encoding="utf-8")
    assert "他理【髮】後" not in page
    assert "<tr><td>理髮</td><td>发 → 髮</td><td>1</td><td>1</td></tr>" in page
    assert "頭【發】很短" in page


def test_unchanged_rebuild_performs_no_conversion(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"sample.md": BODY_CASE})
    first = build(load_config(project))
    assert first.conversions > 0
    again = build(load_config(project))
    assert again.conversions == 0
    (project / "cases/sample.md").write_text(
        BODY_CASE.replace("头发很短", "头发很长"), encoding="utf-8"
    )
    edited = build(load_config(project))
    assert 0 < edited.conversions < first.conversions


def test_corrupt_cache_entry_is_a_miss(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"sample.md": BODY_CASE})
    build(load_config(project))
    before = (project / "_site/zh-hant/cases/sample/index.html").read_bytes()
    for entry in (project / ".govcases-cache").rglob("*.json"):
        entry.write_text(entry.read_text(encoding="utf-8")[:-20] + "garbage", encoding="utf-8")
    result = build(load_config(project))
    assert result.conversions > 0
    assert (project / "_site/zh-hant/cases/sample/index.html").read_bytes() == before
