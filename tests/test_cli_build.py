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
