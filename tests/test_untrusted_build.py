"""A build on a checkout nobody vetted: no code from the checkout runs, no build state it
carries is trusted, and no link it contains makes the build read, change or delete a file
outside the project. The fixture files are in tests/sites/hostile-build/; links are made
in each test (and committed to a fresh git checkout in one of them)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markupsafe import escape

from govcases.cli import main
from govcases.config import load_config
from govcases.model import BuildError
from govcases.pipeline import build
from govcases.site.render import CSP
from govcases.state.memo import FILE as MEMO
from helpers import ROOT, case_text, make_project

FIXTURES = ROOT / "tests" / "sites" / "hostile-build"


def tree(folder: Path) -> dict[str, str]:
    """Every file below a folder (links not followed) → sha256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "project").mkdir()
    return make_project(tmp_path / "project", {"a.md": case_text(id="id: a")})


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the project with files a link could lead to."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text("do not publish, truncate or delete", "utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "keep.txt").write_text("keep me", "utf-8")
    return folder


def errors(project: Path) -> list[str]:
    with pytest.raises(BuildError) as info:
        build(load_config(project))
    return [str(d) for d in info.value.diagnostics]


# --- code from the checkout -----------------------------------------------------------------


def test_a_template_reaching_for_python_internals_fails_naming_template_and_line(
    project: Path, tmp_path: Path
) -> None:
    template = (FIXTURES / "timeline-popen.html").read_text("utf-8")
    witness = tmp_path / "ran"
    (project / "templates" / "timeline.html").write_text(
        template.replace("WITNESS", str(witness)), "utf-8"
    )
    [message] = errors(project)
    assert message.startswith(
        "templates/timeline.html:3: template reaches for Python internals, which the sandbox "
        "refuses, while rendering zh-hans/timeline/index.html: "
    ), message
    assert not witness.exists()


class Payload:
    """Unpickling this runs a shell command: what a committed pickle could do."""

    def __init__(self, witness: Path) -> None:
        self.witness = witness

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.witness}",))


def test_a_committed_pickle_in_the_cache_folder_is_never_loaded(
    project: Path, tmp_path: Path
) -> None:
    witness = tmp_path / "ran"
    cache = project / ".govcases-cache"
    cache.mkdir()
    payload = pickle.dumps(Payload(witness))
    for name in ("cases.pickle", MEMO):  # the old memo's name, and the current one's
        header = hashlib.sha256(payload).hexdigest().encode("ascii")
        (cache / name).write_bytes(header + b"\n" + payload)
    build(load_config(project))
    assert not witness.exists()
    assert (project / "_site/zh-hans/cases/a/index.html").is_file()


def test_case_html_planted_in_the_memo_is_sanitized(project: Path) -> None:
    """Even a memo entry that matches the case file (an attacker who knew its mtime) cannot
    put markup into the page: HTML read back from the memo is sanitized again."""
    config = load_config(project)
    build(config)
    memo = project / ".govcases-cache" / MEMO
    payload = memo.read_bytes().partition(b"\n")[2]
    data = json.loads(payload)
    for script in ("hans", "hant"):
        texts = data[1]["cases/a.md"]["texts"][script]
        texts["body_html"] = '<p>x<img src=x onerror="alert(1)"><script>alert(2)</script></p>'
    forged = json.dumps(data, ensure_ascii=False).encode("utf-8")
    memo.write_bytes(hashlib.sha256(forged).hexdigest().encode("ascii") + b"\n" + forged)
    shutil.rmtree(project / "_site")  # render every page again, from the memo
    build(config)
    page = (project / "_site/zh-hans/cases/a/index.html").read_text("utf-8")
    assert "<p>x</p>" in page  # what the memo held, less its markup
    assert "onerror" not in page and "alert(2)" not in page


def test_a_site_folder_that_came_with_the_checkout_is_not_reused(
    project: Path, tmp_path: Path
) -> None:
    """A committed _site carries a manifest whose fingerprints match the inputs: reusing its
    pages would publish whatever its author put in them."""
    build(load_config(project))
    copy = tmp_path / "checkout"
    shutil.copytree(project, copy, symlinks=True)  # as a clone would bring it: new inodes
    page = copy / "_site/zh-hans/cases/a/index.html"
    page.write_text(page.read_text("utf-8").replace("</main>", "<script>alert(1)</script></main>"))
    build(load_config(copy))
    assert "<script>alert(1)" not in page.read_text("utf-8")


# --- links on the writer's own paths and on the output folder --------------------------------


@pytest.mark.parametrize("name", ["._site.old", "._site.staging", "._site.id"])
def test_a_link_planted_beside_the_site_is_removed_not_followed(
    project: Path, outside: Path, name: str
) -> None:
    build(load_config(project))  # with a previous site, as CI's cached builds have
    before = tree(outside)
    (project / name).unlink(missing_ok=True)  # the identity file the first build wrote
    (project / name).symlink_to(outside, target_is_directory=True)
    build(load_config(project))
    assert tree(outside) == before
    assert not (project / name).is_symlink()
    assert (project / "_site/zh-hans/cases/a/index.html").is_file()


def test_a_lock_link_does_not_truncate_its_target(project: Path, outside: Path) -> None:
    before = tree(outside)
    (project / "._site.lock").symlink_to(outside / "secret.txt")
    build(load_config(project))
    assert tree(outside) == before
    assert not (project / "._site.lock").is_symlink()


def test_an_output_folder_that_is_a_link_is_refused(project: Path, outside: Path) -> None:
    before = tree(outside)
    (project / "_site").symlink_to(outside / "sub", target_is_directory=True)
    [message] = errors(project)
    assert message == (
        f"{project}/_site: output_dir: refusing to write: it is, or lies below, a symbolic link"
    )
    assert tree(outside) == before
    empty = outside / "empty"
    empty.mkdir()
    (project / "_site").unlink()
    (project / "_site").symlink_to(empty, target_is_directory=True)  # even an empty target
    errors(project)
    assert list(empty.iterdir()) == []


def test_links_committed_to_a_fresh_checkout_are_neither_followed_nor_published(
    project: Path, outside: Path, tmp_path: Path
) -> None:
    before = tree(outside)
    (project / "templates" / "static" / "leak.txt").symlink_to(outside / "secret.txt")
    (project / "._site.lock").symlink_to(outside / "secret.txt")
    (project / "._site.old").symlink_to(outside, target_is_directory=True)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q", str(project)], check=True)
    subprocess.run([*git, "-C", str(project), "add", "-A", "-f"], check=True)
    subprocess.run([*git, "-C", str(project), "commit", "-q", "-m", "hostile"], check=True)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(project), str(clone)], check=True)
    assert (clone / "._site.old").is_symlink() and (clone / "._site.lock").is_symlink()
    [message] = errors(clone)
    assert message == (
        "templates/static/leak.txt: is a symbolic link: templates and assets must be files"
    )
    assert tree(outside) == before
    assert not (clone / "_site").exists()
    (clone / "templates" / "static" / "leak.txt").unlink()
    build(load_config(clone))
    assert tree(outside) == before
    assert "do not publish" not in "".join(
        p.read_text("utf-8", errors="replace") for p in (clone / "_site").rglob("*") if p.is_file()
    )


def test_a_template_that_is_a_link_is_refused(project: Path, outside: Path) -> None:
    (outside / "timeline.html").write_text("{{ title }}", "utf-8")
    timeline = project / "templates" / "timeline.html"
    timeline.unlink()
    timeline.symlink_to(outside / "timeline.html")
    [message] = errors(project)
    assert message.startswith("templates/timeline.html") and "symbolic link" in message, message


# --- stored script ----------------------------------------------------------------------------

MARKUP = "conversion markup -{…}- may hold plain text only, not CHAR: keep links, emphasis, quotes "
MARKUP += "and line breaks outside it"


def test_conversion_markup_that_would_span_a_tag_or_an_attribute_is_an_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The probe that put `onmouseover=` on a link: conversion markup opened in the link's
    title and closed in the text after it. `check` now names file, line and column."""
    for name in ("case-markup-spanning-link.md", "case-markup-in-title.md"):
        shutil.copy(FIXTURES / name, project / "cases" / name)
    assert main(["--root", str(project), "--lang", "en", "check"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if line.startswith("error: ")] == [
        "error: cases/case-markup-in-title.md:3:8: title: " + MARKUP.replace("CHAR", "'<'"),
        "error: cases/case-markup-spanning-link.md:17:35: body: " + MARKUP.replace("CHAR", "'\"'"),
    ]
    assert main(["--root", str(project), "--lang", "en", "build"]) == 1
    assert not (project / "_site").exists()


def test_a_full_disk_leaves_the_previous_site_intact(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    build(load_config(project))
    site = project / "_site"
    before = tree(site)
    (project / "cases" / "a.md").write_text(case_text(id="id: a", title="title: 新标题"), "utf-8")
    written = 0

    def fill_up(self: Path, data: bytes) -> int:
        nonlocal written
        written += 1
        if written > 20:  # some pages fit, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real_write(self, data)

    real_write = Path.write_bytes
    monkeypatch.setattr(Path, "write_bytes", fill_up)
    status = main(["--root", str(project), "--lang", "en", "build"])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err
    [line] = [x for x in err.splitlines() if x.startswith("error: ")]
    assert line.startswith(f"error: {project}/._site.staging/") and line.endswith(
        ": No space left on device"
    ), line
    assert tree(site) == before
    assert sorted(p.name for p in project.glob("._site*")) == ["._site.id", "._site.lock"]


def test_modules_a_checkout_adds_do_not_replace_installed_libraries(project: Path) -> None:
    """`python -m govcases` run inside a checkout puts it first on the import path."""
    for name in ("yaml", "markdown", "jinja2"):
        (project / f"{name}.py").write_text(f"raise SystemExit('{name} from the checkout')")
    result = subprocess.run(
        [sys.executable, "-m", "govcases", "build"], cwd=project, capture_output=True, text=True
    )
    assert "from the checkout" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stderr


def test_every_page_of_the_bundled_site_carries_the_csp(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{escape(CSP)}">'
    assert len(pages) > 200
    assert [p.relative_to(site).as_posix() for p in pages if meta not in p.read_text("utf-8")] == []


def test_links_in_the_cache_folder_are_removed_not_followed(
    project: Path, outside: Path, tmp_path: Path
) -> None:
    """The cache folder is build state a checkout can bring: links there must not make the
    build write into, prune or read from a folder outside the project."""
    (outside / "ab").mkdir()
    (outside / "ab" / "old.json").write_text("{}", "utf-8")  # what prune() would delete
    before = tree(outside)
    (project / ".govcases-cache").symlink_to(outside, target_is_directory=True)
    build(load_config(project))
    assert tree(outside) == before
    cache = project / ".govcases-cache"
    assert cache.is_dir() and not cache.is_symlink()
    for sub in [p for p in cache.iterdir() if p.is_dir()][:3]:  # links where subfolders are
        shutil.rmtree(sub)
        sub.symlink_to(outside / "ab", target_is_directory=True)
    memo = cache / MEMO
    memo.unlink()
    os.mkfifo(memo)  # reading it must not wait for a writer
    shutil.rmtree(project / "_site")
    build(load_config(project))
    assert tree(outside) == before
    assert (project / "_site/zh-hans/cases/a/index.html").is_file()
