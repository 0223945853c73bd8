"""Untrusted input: every hostile file gets a clear error and no traceback; nothing injected
reaches a page; nothing is lost when a build fails or is killed."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from govcases.config import load_config
from govcases.model import BuildError
from govcases.pipeline import Timings, build, load_and_validate
from govcases.site.write import MARKER
from govcases.state.quick import INPUTS
from helpers import ROOT, LiveCode, case_text, digest, make_project

HOSTILE = ROOT / "tests" / "hostile"
EXPECTED: dict[str, str] = yaml.safe_load((HOSTILE / "expected.yaml").read_text("utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file(tmp_path: Path, name: str) -> None:
    project = make_project(tmp_path, {})
    (project / "cases" / name).write_bytes((HOSTILE / name).read_bytes())
    expected = EXPECTED[name]
    if expected == "ok":
        build(load_config(project))
        assert (project / f"_site/zh-hans/cases/{Path(name).stem}/index.html").is_file()
        return
    with pytest.raises(BuildError) as info:
        load_and_validate(load_config(project), Timings())
    messages = [str(d) for d in info.value.diagnostics]
    assert any(m.startswith(f"cases/{name}") and expected in m for m in messages), messages


def test_every_hostile_file_is_listed() -> None:
    assert sorted(p.name for p in HOSTILE.glob("*.md")) == sorted(EXPECTED)


def test_cli_reports_hostile_input_without_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    for name in EXPECTED:
        (project / "cases" / name).write_bytes((HOSTILE / name).read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "govcases", "--root", str(project), "--lang", "en", "build"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len([n for n, e in EXPECTED.items() if e != "ok"]) <= result.stderr.count("error: ")


def test_symlink_leading_outside_cases_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    secret = tmp_path / "secret.md"
    secret.write_text(case_text(id="id: leak"), encoding="utf-8")
    (project / "cases" / "leak.md").symlink_to(secret)
    with pytest.raises(BuildError, match="symlink leads outside the cases folder"):
        load_and_validate(load_config(project), Timings())


def test_unknown_template_variable_is_an_error_naming_the_template(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.md": case_text(id="id: a")})
    timeline = project / "templates" / "timeline.html"
    timeline.write_text(timeline.read_text("utf-8").replace("{{ title }}", "{{ titel }}"), "utf-8")
    with pytest.raises(BuildError) as info:
        build(load_config(project))
    [d] = info.value.diagnostics
    assert d.path == "templates/timeline.html" and "'titel' is undefined" in d.message


ATTACKS = {
    "body": "\n\n<script>alert('body')</script>\n\n<img src=x onerror=alert('img')>\n\n"
    "[点我](javascript:alert('link'))\n\n<iframe src='https://evil.example'></iframe>\n\n"
    '<a href="#" onclick="alert(\'click\')">链接</a>\n\n<style>body{display:none}</style>\n',
    "title": "title: \"</script><script>alert('title')</script>\"",
    "summary": "summary: \"<img src=x onerror=alert('summary')> javascript:alert(1)\"",
}


def test_injection_never_reaches_an_output_file_unneutralised(tmp_path: Path) -> None:
    text = case_text(id="id: evil", title=ATTACKS["title"], summary=ATTACKS["summary"])
    text = text.replace("正文第一段。", "正文第一段。" + ATTACKS["body"])
    project = make_project(tmp_path, {"evil.md": text})
    build(load_config(project))
    site = project / "_site"
    checked = 0
    markup = {".html", ".json", ".xml"}  # parsed by browsers or embedded in pages
    plain = {".csv", ".bib", ".ris", ".txt"}  # data for other programs: text as written
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix not in markup | plain:
            continue
        data = path.read_text("utf-8", errors="replace")
        checked += 1
        if path.suffix in markup:
            assert "<script>alert" not in data, path
            assert "</script><script>" not in data, path
            assert "<iframe" not in data and "<style>body" not in data, path
        if path.suffix == ".html":  # escaped text is fine; a live element or attribute is not
            live = LiveCode()
            live.feed(data)
            assert live.found == [], (path, live.found)
    assert checked > 20
    page = (site / "zh-hans/cases/evil/index.html").read_text("utf-8")
    assert "&lt;/script&gt;&lt;script&gt;alert(&#39;title&#39;)" in page  # shown, inert
    ld = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "\\u003c/script>" in ld


def test_killed_build_leaves_the_previous_site_complete(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.md": case_text(id="id: a")}, with_real_cases=True)
    (project / "site.yaml").write_text("sources_dir: none\ncache_dir: ''\n", encoding="utf-8")
    site, old_dir = project / "_site", project / "._site.old"
    build(load_config(project))
    old = digest(site)
    (project / "cases/a.md").write_text(case_text(id="id: a", title="title: 新标题"), "utf-8")
    new_dir = tmp_path / "new"
    build(load_config(project, output_dir=str(new_dir)))
    new = digest(new_dir)
    rng = random.Random(7)
    command = [sys.executable, "-m", "govcases", "--root", str(project), "--lang", "en", "build"]
    for _ in range(6):
        child = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        time.sleep(rng.uniform(0.1, 2.0))
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        # Whenever it died, a complete site is there: the old one, the new one, or (killed
        # between the two renames) the old one set aside, which the next build puts back.
        # (A build that finished before the kill also saved its input signature.)
        folder = site if site.exists() else old_dir
        current = digest(folder)
        if current.pop(INPUTS, None):  # the manifest then lists it too: compare without it
            manifest = json.loads((folder / MARKER).read_bytes())
            del manifest["files"][INPUTS]
            compact = json.dumps(manifest, sort_keys=True).encode()
            current[MARKER] = hashlib.sha256(compact).hexdigest()
        assert current in (old, new)
        build(load_config(project))
        assert digest(site) == new
        # Nothing the killed build staged or gave the search indexer is left beside the site.
        assert sorted(p.name for p in project.glob("._site.*")) == ["._site.id", "._site.lock"]
        (project / "cases/a.md").write_text(case_text(id="id: a"), "utf-8")
        build(load_config(project))
        assert digest(site) == old
        (project / "cases/a.md").write_text(case_text(id="id: a", title="title: 新标题"), "utf-8")


def test_concurrent_builds_are_serialised(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.md": case_text(id="id: a")})
    command = [sys.executable, "-m", "govcases", "--root", str(project), "--lang", "en", "build"]
    children = [
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    assert all(c.wait(timeout=120) == 0 for c in children)
    clean = tmp_path / "clean"
    build(load_config(project, output_dir=str(clean)))
    metadata = {".govcases-site", ".govcases-inputs"}  # the CLI records how it was built
    built = {k: v for k, v in digest(project / "_site").items() if k not in metadata}
    assert built == {k: v for k, v in digest(clean).items() if k not in metadata}
