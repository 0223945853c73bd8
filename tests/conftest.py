from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govcases.config import load_config
from govcases.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT.parent / "shared" / "sources"
SITE_FILES = ("taxonomy.yaml", "places.yaml", "glossary.yaml")


def make_project(tmp: Path, cases: dict[str, str], with_real_cases: bool = False) -> Path:
    """A project folder with the real taxonomy, places, glossary and templates."""
    for name in SITE_FILES:
        shutil.copy(ROOT / name, tmp / name)
    shutil.copytree(ROOT / "templates", tmp / "templates")
    if with_real_cases:
        shutil.copytree(ROOT / "cases", tmp / "cases")
    else:
        (tmp / "cases").mkdir()
    for name, text in cases.items():
        (tmp / "cases" / name).write_text(text, encoding="utf-8")
    return tmp


def case_text(**fields: str) -> str:
    """A valid case file; keyword arguments replace whole front-matter lines by field name."""
    lines = {
        "id": "id: sample",
        "title": "title: 荔湾区一窗式改革",
        "locality": "locality: 广州荔湾",
        "period": "period: {start: 2014}",
        "added": "added: 2026-11-21",
        "mechanisms": "mechanisms: [one-window-service, 異地通辦]",
        "outcomes": "outcomes: [service-efficiency]",
        "summary": "summary: 荔湾区把部门窗口整合为综合窗口。",
        "metrics": "metrics:\n  - {label: 窗口, value: 53, unit: 个, source: s1}",
        "sources": "sources:\n  - {key: s1, title: 来源标题, author: 作者, document: a.txt}",
    }
    lines.update(fields)
    front = "\n".join(v for v in lines.values() if v)
    return f"---\n{front}\n---\n## 背景\n\n正文第一段。\n\n## 举措\n\n正文第二段。\n"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled cases built once for the whole session."""
    out = tmp_path_factory.mktemp("site") / "_site"
    build(load_config(ROOT, output_dir=str(out)))
    return out
