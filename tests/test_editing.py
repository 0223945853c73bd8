"""The editor's commands: new, fmt, import, serve, and incremental builds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from govcases import pipeline
from govcases.config import load_config
from govcases.model import BuildError
from govcases.pipeline import Timings, build, load_and_validate
from helpers import SOURCES, case_text, make_project


def govcases(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govcases", "--root", str(project), "--lang", "en", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "CI": "1"},
    )


def test_new_scaffolds_a_valid_case_and_refuses_to_overwrite(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    args = [
        "new",
        "成都成华区",
        "大联动微治理",
        "--mechanism",
        "grid-management",
        "--mechanism",
        "smart-governance-linkage",
        "--outcome",
        "social-stability",
        "--added",
        "2026-01-02",
    ]
    result = govcases(project, *args)
    assert result.returncode == 0, result.stderr
    path = project / "cases/chengdu-chenghua.md"
    text = path.read_text(encoding="utf-8")
    assert "region_code: 510108  # 四川省 › 成都市 › 成华区" in text
    # actors scaffolded with the level of the place, and every source field laid out
    assert "\n  - {name: 待补充, level: county}\n" in text
    assert "container: '', publisher: '', date: '', pages: ''" in text
    for section in ("## 背景", "## 举措", "## 成效", "## 启示"):
        assert section in text
    assert govcases(project, "check").returncode == 0
    (project / "cases/broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    again = govcases(project, *args)  # a broken case elsewhere does not block new
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(
        "chengdu-chenghua is taken by cases/chengdu-chenghua.md: using chengdu-chenghua-2\n"
    )
    assert "id: chengdu-chenghua-2" in (project / "cases/chengdu-chenghua-2.md").read_text("utf-8")
    assert path.read_text(encoding="utf-8") == text
    pinned = govcases(project, *args, "--id", "chengdu-chenghua")
    assert pinned.returncode == 1 and "file exists" in pinned.stderr
    assert path.read_text(encoding="utf-8") == text
    (project / "cases/broken.md").unlink()
    bad = govcases(project, "new", "江北区", "x")
    assert bad.returncode == 1 and "ambiguous" in bad.stderr


MESSY = """---
# editor's note: keep this comment
summary: 荔湾区把部门窗口整合为综合窗口 , 网(wǎng)上也能办。
title: 荔湾 区一窗式改革
id: sample
locality: 广州荔湾
period: {start: 2014}
added: 2026-11-21
mechanisms: [一窗受理, 異地通辦]  # synonyms in either script
outcomes: [办事效率提升]
reviewer: 张三
metrics:
  - {label: 窗口, value: 53, unit: 个, source: s1}
sources:
  - {key: s1, title: 来源 标题, author: 作者, document: a.txt}
---
## 背景

第一行
第二行。
"""


def test_fmt_normalizes_keeps_comments_and_unknown_fields_and_is_idempotent(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"sample.md": MESSY})
    check = govcases(project, "fmt", "--check")
    assert check.returncode == 1 and "would reformat cases/sample.md" in check.stdout
    assert (project / "cases/sample.md").read_text(encoding="utf-8") == MESSY
    assert govcases(project, "fmt").returncode == 0
    text = (project / "cases/sample.md").read_text(encoding="utf-8")
    head = text.split("---\n")[1].splitlines()
    keys = [ln.split(":")[0] for ln in head if ln and not ln.startswith((" ", "#"))]
    assert keys[:9] == [
        "id",
        "title",
        "locality",
        "region_code",
        "period",
        "added",
        "mechanisms",
        "outcomes",
        "summary",
    ]
    assert "reviewer: 张三" in text and "# editor's note: keep this comment" in text
    assert "# synonyms in either script" in text
    assert "mechanisms: [one-window-service, cross-city-service]" in text
    assert "outcomes: [service-efficiency]" in text
    assert "title: 荔湾区一窗式改革" in text
    assert "summary: 荔湾区把部门窗口整合为综合窗口，网上也能办。" in text
    assert "region_code: 440103" in text
    assert "title: 来源 标题" in text  # printed titles keep their spacing
    assert text.endswith("## 背景\n\n第一行第二行。\n")
    assert govcases(project, "fmt", "--check").returncode == 0
    before = text
    govcases(project, "fmt")
    assert (project / "cases/sample.md").read_text(encoding="utf-8") == before


def test_fmt_reports_unparsable_files_and_changes_nothing_else(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"bad.md": "---\ntitle: [\n---\n", "sample.md": MESSY})
    result = govcases(project, "fmt")
    assert result.returncode == 1 and "cases/bad.md:3:1: malformed YAML" in result.stderr
    assert (project / "cases/bad.md").read_text(encoding="utf-8") == "---\ntitle: [\n---\n"


@pytest.mark.skipif(not SOURCES.is_dir(), reason="source documents are not beside the project")
def test_import_writes_drafts_and_never_overwrites(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    source = str(SOURCES / "004_a0c74e38abde2602.txt")
    result = govcases(project, "import", source, "--added", "2026-01-02")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (project / "cases").iterdir()) == [
        "chengdu-chenghua.md",
        "wenzhou.md",
    ]
    assert "chengdu-chenghua: 成都成華區; to review:" in result.stdout
    before = {p.name: p.read_bytes() for p in (project / "cases").iterdir()}
    again = govcases(project, "import", source)  # the ids are taken: the next free ones
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[:2] == [
        "chengdu-chenghua is taken by cases/chengdu-chenghua.md: using chengdu-chenghua-2",
        "wenzhou is taken by cases/wenzhou.md: using wenzhou-2",
    ]
    assert {p.name: p.read_bytes() for p in (project / "cases").iterdir() if p.name in before} == (
        before
    )


def test_incremental_rebuild_renders_only_dependent_pages(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "a.md": case_text(id="id: a"),
            "b.md": case_text(
                id="id: b",
                locality="locality: 固原",
                mechanisms="mechanisms: [dispute-mediation, grid-management]",
                outcomes="outcomes: [social-stability]",
            ),
        },
    )
    config = load_config(project)
    first = build(config)
    assert first.rendered == first.pages
    nothing = build(config)
    assert nothing.rendered == 0 and nothing.conversions == 0
    site = project / "_site"
    inodes = {p: p.stat().st_ino for p in site.rglob("*.html")}
    path = project / "cases/b.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("正文第一段", "正文改过的第一段"), encoding="utf-8")
    edited = build(config)
    # pages reused from the last build are hard links to the same files
    changed = {
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if p.stat().st_ino != inodes.get(p)
    }
    # b's page in both scripts: nothing else shows b's body (the conversion report's context
    # of 【背】景 stays within its heading, so the edited paragraph does not reach it)
    assert edited.rendered == 2
    assert changed == {"zh-hans/cases/b/index.html", "zh-hant/cases/b/index.html"}
    cli = govcases(project, "build", "-v")
    assert "pages rendered            0" in cli.stdout


def test_incremental_output_equals_a_clean_build(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.md": case_text(id="id: a")})
    config = load_config(project)
    build(config)
    path = project / "cases/a.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("荔湾区一窗式改革", "荔湾改革"), encoding="utf-8"
    )
    build(config)
    clean = load_config(project, output_dir=str(tmp_path / "clean"), cache_dir="")
    build(clean)
    for f in (tmp_path / "clean").rglob("*"):
        if f.is_file():
            assert (
                project / "_site" / f.relative_to(tmp_path / "clean")
            ).read_bytes() == f.read_bytes(), f


def test_serve_rebuilds_reloads_and_keeps_last_good_site(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.md": case_text(id="id: a")})
    temp = tmp_path / "temp"
    temp.mkdir()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "govcases",
            "--root",
            str(project),
            "--lang",
            "en",
            "serve",
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    try:
        line = server.stdout.readline() if server.stdout else ""
        while "Serving" not in line:
            line = server.stdout.readline() if server.stdout else ""
        base = line.split()[1].rstrip("/")

        def get(path: str) -> str:
            with urllib.request.urlopen(base + path, timeout=10) as r:
                return str(r.read().decode("utf-8"))

        def status() -> dict[str, object]:
            return dict(json.loads(get("/__govcases/status")))

        page = get("/zh-hans/cases/a/")
        assert "荔湾区一窗式改革" in page and '<script src="/__govcases/client.js">' in page
        assert "/__govcases/events" in get("/__govcases/client.js")
        version = status()["version"]
        case = project / "cases/a.md"
        case.write_text(
            case.read_text(encoding="utf-8").replace("荔湾区一窗式改革", "新标题"), encoding="utf-8"
        )
        deadline = time.time() + 120  # only bounds a hang: the loop ends when the build does
        while status()["version"] == version and time.time() < deadline:
            time.sleep(0.2)
        assert "新标题" in get("/zh-hans/cases/a/")
        case.write_text(
            case.read_text(encoding="utf-8").replace("service-efficiency", "nope"), encoding="utf-8"
        )
        while not status()["error"] and time.time() < deadline:
            time.sleep(0.2)
        assert "unknown outcome 'nope'" in str(status()["error"])
        assert "新标题" in get("/zh-hans/cases/a/")  # the last good site is still served
        assert [p.name[:15] for p in temp.iterdir()] == ["govcases-serve-"]
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert list(temp.iterdir()) == []  # stopping removes the preview folder


def test_check_json_has_line_and_column(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"sample.md": case_text(outcomes="outcomes: [x]")})
    [error] = json.loads(govcases(project, "check", "--format", "json").stdout)
    assert (error["line"], error["column"]) == (8, 12)
    (tmp_path / "ok").mkdir()
    loaded = load_and_validate(load_config(make_project(tmp_path / "ok", {})), Timings())
    assert loaded.cases == []


def test_build_with_nothing_changed_answers_at_once(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.md": case_text(id="id: a")})
    first = govcases(project, "build")
    assert first.returncode == 0 and "Built 1 cases" in first.stdout
    again = govcases(project, "build")
    assert "Nothing changed since the last build" in again.stdout
    case = project / "cases/a.md"
    case.write_text(case.read_text("utf-8").replace("荔湾区一窗式改革", "新标题"), "utf-8")
    assert "Built 1 cases" in govcases(project, "build").stdout
    assert "Nothing changed" in govcases(project, "build").stdout
    css = project / "templates/static/site.css"
    css.write_text(css.read_text("utf-8") + "\n/* edited */\n", "utf-8")
    assert "Built 1 cases" in govcases(project, "build").stdout
    assert "Built 1 cases" in govcases(project, "build", "--base-url", "/sub/").stdout
    assert "Nothing changed" in govcases(project, "build", "--base-url", "/sub/").stdout


def test_unchanged_cases_are_not_read_again_but_site_data_changes_revalidate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path, {"a.md": case_text(id="id: a"), "b.md": case_text(id="id: b")})
    config = load_config(project)
    build(config)
    read: list[str] = []
    real_read = pipeline.read_case
    monkeypatch.setattr(
        pipeline,
        "read_case",
        lambda path, display: read.append(display) or real_read(path, display),
    )
    a = project / "cases/a.md"
    a.write_text(a.read_text(encoding="utf-8").replace("正文第一段", "改过的"), encoding="utf-8")
    again = load_and_validate(config, Timings())
    assert [c.id for c in again.cases] == ["a", "b"] and read == ["cases/a.md"]
    # a taxonomy change discards every remembered case: b now uses an unknown mechanism
    taxonomy = project / "taxonomy.yaml"
    taxonomy.write_text(
        taxonomy.read_text(encoding="utf-8").replace("id: one-window-service", "id: one-window"),
        encoding="utf-8",
    )
    with pytest.raises(BuildError) as err:
        build(config)
    assert any(
        d.path == "cases/b.md" and d.field.startswith("mechanisms") for d in err.value.diagnostics
    )


def test_damaged_case_memo_is_ignored(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.md": case_text(id="id: a")})
    build(load_config(project))
    before = (project / "_site/zh-hant/cases/a/index.html").read_bytes()
    memo = project / ".govcases-cache/cases.json"
    memo.write_bytes(memo.read_bytes()[:-100] + b"garbage")
    build(load_config(project))
    assert (project / "_site/zh-hant/cases/a/index.html").read_bytes() == before
    memo.write_bytes(b"not even a header")
    build(load_config(project))
    assert (project / "_site/zh-hant/cases/a/index.html").read_bytes() == before
