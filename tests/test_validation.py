"""Every kind of bad input is reported with file, line, field and what was expected."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from govcases.config import load_config
from govcases.messages import render
from govcases.model import BuildError
from govcases.pipeline import Timings, load_and_validate
from helpers import case_text, make_project

# (front-matter override, expected line, field, message fragment)
CASES = [
    ({"title": "title: x\nsubtitle: y"}, 4, "subtitle", "unknown field"),
    ({"summary": ""}, 2, "summary", "required field is missing"),
    (
        {"period": "period: {start: twenty}"},
        5,
        "period.start",
        "expected a whole number; got twenty",
    ),
    ({"period": "period: {start: 2016, end: 2014}"}, 5, "period", "before start"),
    (
        {"mechanisms": "mechanisms: [one-window-service, teleportation]"},
        7,
        "mechanisms[1]",
        "unknown mechanism 'teleportation'",
    ),
    (
        {"mechanisms": "mechanisms: [one-window-service]"},
        7,
        "mechanisms",
        "expected at least 2 item(s); got 1",
    ),
    ({"outcomes": "outcomes: [happiness]"}, 8, "outcomes[0]", "unknown outcome"),
    ({"locality": "locality: 火星"}, 4, "locality", "no administrative division is called '火星'"),
    (
        {"locality": "locality: 江北区"},
        4,
        "locality",
        "ambiguous: 浙江省 › 宁波市 › 江北区 (330205); 重庆市 › 江北区 (500105)",
    ),
    ({"locality": "locality: 荔湾\nregion_code: 999999"}, 5, "region_code", "unknown GB/T 2260"),
    ({"id": "id: Bad Id"}, 2, "id", "not an ASCII slug"),
    ({"id": "id: other"}, 2, "id", "differs from the file name"),
    (
        {"metrics": "metrics:\n  - {label: 窗口, value: 五十三, unit: 个, source: s1}"},
        11,
        "metrics[0].value",
        "expected a number",
    ),
    (
        {"metrics": "metrics:\n  - {label: 窗口, value: 53, unit: 个, source: s9}"},
        11,
        "metrics[0].source",
        "no source has key 's9'",
    ),
    (
        {"sources": "sources:\n  - {key: s1, title: 标题, document: a.txt}"},
        13,
        "sources[0]",
        "give an author or a publisher",
    ),
    ({"added": "added: yesterday"}, 6, "added", "date"),
    ({"title": "title: [unclosed"}, 4, "", "malformed YAML"),
    ({"title": "title: &a x\nstatus_note: *a"}, 4, "status_note", "aliases"),
]


@pytest.mark.parametrize(("override", "line", "field", "fragment"), CASES)
def test_bad_field_is_reported_precisely(
    tmp_path: Path, override: dict[str, str], line: int, field: str, fragment: str
) -> None:
    project = make_project(tmp_path, {"sample.md": case_text(**override)})
    with pytest.raises(BuildError) as info:
        load_and_validate(load_config(project), Timings())
    found = [(d.path, d.line, d.field, render(d.message)) for d in info.value.diagnostics]
    assert any(
        p == "cases/sample.md" and ln == line and f == field and fragment in m
        for p, ln, f, m in found
    ), found


def test_ambiguous_place_is_settled_by_region_code(tmp_path: Path) -> None:
    text = case_text(locality="locality: 江北区\nregion_code: 500105")
    project = make_project(tmp_path, {"sample.md": text})
    loaded = load_and_validate(load_config(project), Timings())
    region = loaded.cases[0].region
    assert [d.name for d in region.divisions] == ["重庆市", "江北区"]


def test_all_errors_of_all_files_in_one_run(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "a.md": case_text(id="id: a", locality="locality: 火星", outcomes="outcomes: [x]"),
            "b.md": "---\nid: b\n",
            "c.md": case_text(id="id: c"),
        },
    )
    with pytest.raises(BuildError) as info:
        load_and_validate(load_config(project), Timings())
    got = {(d.path, d.field) for d in info.value.diagnostics}
    assert got == {("cases/a.md", "locality"), ("cases/a.md", "outcomes[0]"), ("cases/b.md", "")}


def test_check_command_exit_codes_and_json(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"sample.md": case_text(outcomes="outcomes: [x]")})
    cmd = [sys.executable, "-m", "govcases", "--root", str(project), "--lang", "en", "check"]
    bad = subprocess.run([*cmd, "--format", "json"], capture_output=True, text=True)
    assert bad.returncode == 1
    [error] = json.loads(bad.stdout)
    assert error == {
        "file": "cases/sample.md",
        "line": 8,
        "column": 12,
        "field": "outcomes[0]",
        "code": "term",
        "id": "unknown-outcome",
        "message": "unknown outcome 'x'",
        "hint": "taxonomy.yaml lists all 12 terms (an id, the Chinese name or a synonym)",
    }
    (project / "cases/sample.md").write_text(case_text(), encoding="utf-8")
    good = subprocess.run(cmd, capture_output=True, text=True)
    assert good.returncode == 0 and "1 cases checked" in good.stdout


def test_build_error_message_names_file_line_field(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"sample.md": case_text(outcomes="outcomes: [x]")})
    result = subprocess.run(
        [sys.executable, "-m", "govcases", "--root", str(project), "--lang", "en", "build"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "error: cases/sample.md:8:12: outcomes[0]: unknown outcome 'x'" in result.stderr
    assert not (project / "_site").exists()


def test_case_written_in_traditional_matches_places_and_terms(tmp_path: Path) -> None:
    text = case_text(
        title="title: 成華區網格化治理",
        locality="locality: 成都成華區",
        summary="summary: 成華區建立網格化服務管理體系。",
        mechanisms="mechanisms: [網格化, 綜治信息化平臺]",
    )
    project = make_project(tmp_path, {"sample.md": text})
    with pytest.raises(BuildError) as info:  # second mechanism is not a term
        load_and_validate(load_config(project), Timings())
    assert [d.field for d in info.value.diagnostics] == ["mechanisms[1]"]
    (project / "cases/sample.md").write_text(
        text.replace("綜治信息化平臺", "跨域通辦"), encoding="utf-8"
    )
    [case] = load_and_validate(load_config(project), Timings()).cases
    assert case.script == "hant"
    assert case.region.most_specific.code == "510108"
    assert case.mechanisms == ("grid-management", "cross-city-service")


def test_an_id_of_another_case_never_gets_a_hint_that_would_replace_that_case(
    tmp_path: Path,
) -> None:
    """A copied case keeps the id of its original; renaming the copy to that id would replace
    the original without a word, so the hint only ever says to change the id. The message
    names both files."""
    project = make_project(
        tmp_path,
        {"wenzhou.md": case_text(id="id: wenzhou"), "copy.md": case_text(id="id: wenzhou")},
    )
    with pytest.raises(BuildError) as info:
        load_and_validate(load_config(project), Timings())
    [problem] = [str(d) for d in info.value.diagnostics]
    assert problem == (
        "cases/copy.md:2:5: id: id 'wenzhou' differs from the file name 'copy.md' and is the "
        "id of cases/wenzhou.md (hint: set id: copy (the id always equals the file name))"
    )
    assert "rename" not in problem
