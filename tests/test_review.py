"""Conversion review report, and conversion caching across builds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from govcases.config import load_config
from govcases.pipeline import build
from helpers import case_text, make_project

BODY_CASE = case_text(summary="summary: 自2015年10月正式发卡以来，他理发后头发很短。")


def run_check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govcases", "--root", str(project), "check", "--conversion", *args],
        capture_output=True,
        text=True,
    )


# Markup, links with a title, code, character references and headings around choices.
MARKED_UP = case_text(
    title="title: 一窗式改革", summary="summary: 自2015年10月正式发卡以来。"
).replace(
    "## 背景\n\n正文第一段。\n\n## 举措\n\n正文第二段。\n",
    "## 背景\n\n他**理发**后，头发很短\n\n## 举措\n\n"
    '见[发布](https://www.gov.cn/a "发文")，`干部`与 &lt;系&gt;统。\n',
)
UNREVIEWED = """\
cases/sample.md: body: 背→背 [背 揹] 【背】景
  背景,
cases/sample.md: body: 发→髮 [發 髮] 他理【髮】後，頭髮很短
  理髮後,
cases/sample.md: body: 后→後 [後 后] 他理髮【後】，頭髮很短
  髮後,
cases/sample.md: body: 发→髮 [發 髮] 他理髮後，頭【髮】很短
  頭髮很,
cases/sample.md: body: 发→發 [發 髮] 【發】文
  發文,
cases/sample.md: body: 发→發 [發 髮] 見【發】佈，幹部與<
  見發佈,
cases/sample.md: body: 布→佈 [布 佈] 見發【佈】，幹部與<系
  發佈,
cases/sample.md: body: 干→幹 [幹 乾 干] 見發佈，【幹】部與<系>統
  幹部,
cases/sample.md: body: 系→系 [系 係 繫] 佈，幹部與<【系】>統。
  系,
cases/sample.md: locality: 广→廣 [廣 广] 【廣】州荔灣
  廣州,
cases/sample.md: metrics[0].unit: 个→個 [個 箇] 【個】
  個,
11 unreviewed of 12 choices. Where a choice is right, add its line under `words: [` in \
conversion-review.yaml; where it is wrong, add a rule to glossary.yaml.
"""


def test_unreviewed_lists_only_choices_to_decide_with_the_line_that_confirms_each(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path, {"sample.md": MARKED_UP})
    result = run_check(project, "--unreviewed")
    # contexts are the text a reader reads: no markup, never across a heading or paragraph
    assert (result.returncode, result.stdout, result.stderr) == (1, UNREVIEWED, "")
    # the glossary rule is decided; it is in the full report only
    assert "正式【發】卡" in run_check(project).stdout
    # every printed line pasted under `words: [` as the file is laid out confirms its choice
    pasted = [ln for ln in UNREVIEWED.splitlines() if ln.startswith("  ")]
    review = project / "conversion-review.yaml"
    review.write_text("chars:\n  了: 了\nwords: [\n\n  理髮,\n  以來\n]\n", encoding="utf-8")
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace("words: [\n", "words: [\n" + "\n".join(pasted) + "\n"), "utf-8")
    again = run_check(project, "--unreviewed")
    assert (again.returncode, again.stdout) == (
        0,
        "0 unreviewed of 12 choices. Where a choice is right, add its line under `words: [` in "
        "conversion-review.yaml; where it is wrong, add a rule to glossary.yaml.\n",
    )
    assert run_check(project).returncode == 0


def test_unreviewed_as_json_gives_each_line(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"sample.md": MARKED_UP})
    result = run_check(project, "--unreviewed", "--format", "json")
    found = json.loads(result.stdout)
    assert result.returncode == 1 and len(found) == 11
    assert found[1] == {
        "case_id": "sample",
        "field": "body",
        "source": "发",
        "chosen": "髮",
        "candidates": ["發", "髮"],
        "context": "他理【髮】後，頭髮很短",
        "decided_by": "dictionary",
        "confirmed_by": "",
        "line": "  理髮後,",
    }


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
