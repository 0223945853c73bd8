"""`govcases serve`'s quick path: a body edit is shown at once, then a build catches up."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from govcases.preview import serve
from govcases.preview.serve import Handler, Preview, State
from helpers import case_text, make_project

PAGE = "zh-hans/cases/a/index.html"
HANT = "zh-hant/cases/a/index.html"


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    (tmp_path / "project").mkdir()
    project = make_project(
        tmp_path / "project",
        {"a.md": case_text(id="id: a"), "b.md": case_text(id="id: b", title="title: 另一案例")},
    )
    state = State(tmp_path / "out" / "site")
    preview = Preview(project, state)
    preview.build()
    assert state.version == 1 and not state.error
    return preview


def edit(preview: Preview, old: str, new: str) -> Path:
    path = preview.root / "cases" / "a.md"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return path


def test_body_edit_shows_its_pages_at_once_and_the_build_produces_the_same_bytes(
    preview: Preview,
) -> None:
    state = preview.state
    preview.changed({edit(preview, "正文第一段。", "正文第一段，补充了新的数字：128个网格。")})
    assert set(state.overlay) == {PAGE, HANT}  # only the edited case's own two pages
    assert "补充了新的数字：128个网格" in state.overlay[PAGE].decode()
    assert "補充了新的數字：128個網格" in state.overlay[HANT].decode()
    assert preview.pending and state.version == 2  # open tabs reload; a build is queued
    other = (state.folder / "zh-hans/cases/b/index.html").read_bytes()
    shown = dict(state.overlay)

    preview.build()
    assert state.overlay == {}
    for path, page in shown.items():
        assert (state.folder / path).read_bytes() == page, path  # what the build writes
    assert (state.folder / "zh-hans/cases/b/index.html").read_bytes() == other


def test_front_matter_and_new_files_go_to_a_full_build(preview: Preview) -> None:
    preview.changed({edit(preview, "荔湾区一窗式改革", "新标题")})  # shown on b's page too
    assert preview.state.overlay == {} and preview.pending
    preview.pending = False
    new = preview.root / "cases" / "c.md"
    new.write_text(case_text(id="id: c"), encoding="utf-8")
    preview.changed({new})
    assert preview.state.overlay == {} and preview.pending


def test_an_invalid_edit_is_reported_and_the_last_good_pages_stay(preview: Preview) -> None:
    state = preview.state
    preview.changed({edit(preview, "正文第一段。", "正文改过。")})
    shown = dict(state.overlay)
    version = state.version
    preview.changed({edit(preview, "id: a", "id: a\nbogus: 1")})
    assert "错误：cases/a.md:3:8: bogus: 未知字段 bogus" in state.error
    assert state.overlay == shown and state.version == version


def test_an_edit_made_while_a_build_runs_outlives_that_build(
    preview: Preview, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = serve.build

    def build_then_edit(config: object, **options: bool) -> object:
        result = real(config, **options)  # type: ignore[arg-type]
        preview.changed({edit(preview, "正文第一段。", "构建期间的修改。")})
        return result

    monkeypatch.setattr(serve, "build", build_then_edit)
    preview.build()
    assert "构建期间的修改" in preview.state.overlay[PAGE].decode()
    site = preview.site()
    assert site is not None and "构建期间的修改" in site.docs["a"].case.body
    monkeypatch.setattr(serve, "build", real)
    preview.build()
    assert preview.state.overlay == {}
    assert "构建期间的修改" in (preview.state.folder / PAGE).read_text(encoding="utf-8")


@pytest.fixture
def server(preview: Preview) -> Iterator[str]:
    state = preview.state
    handler = type("Bound", (Handler,), {"state": state})
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(state.folder))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_the_server_serves_quick_pages_over_the_built_folder(preview: Preview, server: str) -> None:
    def get(path: str) -> str:
        with urllib.request.urlopen(server + path, timeout=10) as r:
            return str(r.read().decode("utf-8"))

    preview.changed({edit(preview, "正文第一段。", "服务器上的新段落。")})
    assert "服务器上的新段落" in get("/zh-hans/cases/a/")
    assert "服務器上的新段落" in get("/zh-hant/cases/a/index.html")
    assert "服务器上的新段落" not in (preview.state.folder / PAGE).read_text(encoding="utf-8")
    assert "另一案例" in get("/zh-hans/cases/b/")  # from the folder


def test_a_fault_in_a_rebuild_is_reported_and_the_next_save_builds_again(
    preview: Preview, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = preview.state
    page = (state.folder / PAGE).read_bytes()

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device", str(state.folder))

    monkeypatch.setattr(serve, "build", full_disk)
    preview.build()  # would kill the builder thread if the fault escaped
    assert state.error == (
        "govcases：构建失败，仍显示上次成功构建的网站。\n\n"
        f"错误：{state.folder}: OSError: No space left on device\n"
        "共 1 个错误，未写入任何文件。"
    )
    assert (state.folder / PAGE).read_bytes() == page  # the last good site is still served

    monkeypatch.undo()
    edit(preview, "正文第一段。", "正文修好了。")
    preview.build()
    assert not state.error
    assert "正文修好了" in (state.folder / PAGE).read_text("utf-8")


def test_a_template_that_raises_is_reported_with_its_line(preview: Preview) -> None:
    timeline = preview.root / "templates" / "timeline.html"
    timeline.write_text("{% extends 'base.html' %}\n{% block content %}{{ 1 // 0 }}{% endblock %}")
    preview.build()
    assert preview.state.error.splitlines()[2].startswith(
        "错误：templates/timeline.html:2: template error while rendering "
        "zh-hans/timeline/index.html: ZeroDivisionError"
    ), preview.state.error


def test_the_live_reload_client_runs_under_the_pages_csp_and_shows_errors(
    preview: Preview, server: str, page: Page
) -> None:
    """Pages forbid inline script, so serve's client is a script file of the server's own."""
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Security Policy" in m.text else None)
    page.goto(server + "/zh-hans/cases/a/")
    page.wait_for_load_state("load")
    preview.changed({edit(preview, "id: a", "id: a\nbogus: 1")})
    overlay = page.wait_for_selector("pre[role=alert]", timeout=30_000)
    assert overlay is not None
    shown = overlay.inner_text().splitlines()
    assert shown[0] == "govcases：构建失败，仍显示上次成功构建的网站。"
    assert shown[2].startswith("错误：cases/a.md:3:8: bogus: 未知字段 bogus（提示：")
    assert shown[3:] == ["  3 | bogus: 1", "    |        ^", "共 1 个错误，未写入任何文件。"]
    assert violations == []


@pytest.mark.parametrize(
    "temporary",
    ["sedAb3xYz", ".a.md.swp", "a.md___jb_tmp___", ".a.md.tmp.7f3a", "4913"],
    ids=["sed -i", "vim", "JetBrains safe write", "VS Code", "vim probe"],
)
def test_a_save_by_rename_takes_the_quick_path(preview: Preview, temporary: str) -> None:
    """The editor writes a temporary file beside the case and renames it over the case: the
    watcher reports both names, and the temporary one no longer exists."""
    state = preview.state
    path = preview.root / "cases" / "a.md"
    scratch = path.parent / temporary
    scratch.write_text(path.read_text("utf-8").replace("正文第一段。", "改名保存。"), "utf-8")
    scratch.replace(path)
    preview.changed({scratch, path})
    assert set(state.overlay) == {PAGE, HANT} and "改名保存" in state.overlay[PAGE].decode()


def test_temporary_files_alone_change_nothing(preview: Preview) -> None:
    scratch = preview.root / "cases" / "sedXy12Ab"
    scratch.write_text("x", "utf-8")
    scratch.unlink()
    version = preview.state.version
    preview.changed({scratch})
    assert not preview.pending and preview.state.version == version


def test_a_deleted_case_still_goes_to_a_full_build(preview: Preview) -> None:
    path = preview.root / "cases" / "b.md"
    path.unlink()
    preview.changed({path})
    assert preview.pending and preview.state.overlay == {}


def test_serves_builds_leave_the_garbage_collector_as_it_is(
    preview: Preview, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-off build raises the collector's thresholds for its span; serve's builds run
    beside threads answering requests, so they leave the process-wide setting alone."""
    import gc

    from govcases.config import load_config
    from govcases.pipeline import build

    calls: list[tuple[int, ...]] = []
    monkeypatch.setattr(gc, "set_threshold", lambda *t: calls.append(t))
    preview.build()
    assert calls == [] and not preview.state.error
    build(load_config(preview.root))
    assert calls and calls[0] == (50_000, 20, 100)


def test_problems_show_over_the_page_as_check_words_them(preview: Preview) -> None:
    """In Chinese with the line, a caret under the column and the summary; in English with
    --lang en."""
    edit(preview, "outcomes: [service-efficiency]", "outcomes: [nope]")
    preview.build()
    lines = preview.state.error.splitlines()
    assert lines[0] == "govcases：构建失败，仍显示上次成功构建的网站。"
    assert lines[2].startswith("错误：cases/a.md:8:12: outcomes[0]: 未知的成效（outcome）nope")
    assert lines[3:] == [
        "  8 | outcomes: [nope]",
        "    |            ^",
        "共 1 个错误，未写入任何文件。",
    ]
    english = Preview(preview.root, preview.state, "en")
    english.build()
    lines = preview.state.error.splitlines()
    assert lines[0] == "govcases: build failed; showing the last good site."
    assert lines[2].startswith("error: cases/a.md:8:12: outcomes[0]: unknown outcome")
    assert lines[-1] == "1 error(s); nothing was written."
