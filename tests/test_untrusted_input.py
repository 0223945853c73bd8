"""Untrusted checkouts: every file of a pull request may be hostile, site.yaml included.

Each attack class on what a build reads has a fixture in tests/sites/hostile-input/ (or is made
here when it needs the file system); each must end in exactly the expected error, naming file,
line, column and field, with exit status 1 and no traceback.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import govcases.pipeline
from govcases.cli import main
from govcases.config import load_config
from govcases.messages import msg
from govcases.model import BuildError, Diagnostic
from govcases.read.files import MAX_FILE_BYTES, read_regular
from govcases.read.yamlfile import load_data_file
from helpers import ROOT, case_text, make_project

HOSTILE = ROOT / "tests" / "sites" / "hostile-input"
NEXT_YEAR = dt.date.today().year + 1
LINK_HINT = "commit the file itself; symbolic links are refused so a build reads only the project"
YAML_HINT = "quote text containing : # [ ] { } & * ! | > and keep the indentation consistent"
NUMBER_HINT = 'write figures as printed, e.g. 53, 91.70 or "91.70"; quote text'


def cli(capsys: pytest.CaptureFixture[str], project: Path, *argv: str) -> tuple[int, list[str]]:
    """Run the CLI in-process: (exit status, the error lines it printed)."""
    status = main(["--root", str(project), "--lang", "en", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, [line for line in err.splitlines() if line.startswith("error: ")]


def fixture(project: Path, name: str, target: str) -> None:
    shutil.copy(HOSTILE / name, project / target)


# --------------------------------------------------------------------------- case files

CASE_ERRORS = {
    "case-control-escape.md": "cases/case-control-escape.md:3:8: title: "
    "control character U+001B is not allowed",
    "case-bidi-title.md": "cases/case-bidi-title.md:3:8: title: "
    "bidirectional control character U+202E is not allowed",
    "case-bidi-id.md": "cases/case-bidi-id.md:2:5: id: "
    "bidirectional control character U+202E is not allowed",
    "case-zero-width-id.md": "cases/case-zero-width-id.md:2:5: id: "
    "invisible character U+200B is not allowed "
    "(hint: id: ASCII slug used in URLs; equals the file name.)",
    "case-metric-nan.md": "cases/case-metric-nan.md:11:24: metrics[0].value: "
    f"'.nan' is not a number in plain digits (hint: {NUMBER_HINT})",
    "case-metric-exponent.md": "cases/case-metric-exponent.md:11:24: metrics[0].value: "
    f"'1.5e+3' is not a number in plain digits (hint: {NUMBER_HINT})",
    "case-metric-huge.md": "cases/case-metric-huge.md:11:24: metrics[0].value: "
    "expected a number such as 53 or \"91.70\", got '1e400' "
    "(hint: value: The figure, digits as printed in the source.)",
    "case-document-traversal.md": "cases/case-document-traversal.md:13:50: "
    "sources[0].document: '../../etc/passwd' is not a plain file name: give the name of a file "
    "in the sources folder, without '/', '..' or a leading '.' "
    "(hint: document: File name in the source-document folder.)",
}


@pytest.mark.parametrize("name", sorted(CASE_ERRORS))
@pytest.mark.parametrize("command", ["check", "build"])
def test_hostile_case_value_is_refused_where_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, command: str
) -> None:
    project = make_project(tmp_path, {})
    fixture(project, name, f"cases/{name}")
    assert cli(capsys, project, command) == (1, [f"error: {CASE_ERRORS[name]}"])
    assert not (project / "_site").exists()


def test_years_outside_the_documented_range_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {})
    fixture(project, "case-year-range.md", "cases/case-year-range.md")
    assert cli(capsys, project, "check") == (
        1,
        [
            "error: cases/case-year-range.md:5:17: period.start: year 99999 is outside "
            f"1949–{NEXT_YEAR} (hint: start: Year the initiative started, 1949–next year; "
            "only a draft may leave it empty.)",
            "error: cases/case-year-range.md:11:34: metrics[0].year: year 1900 is outside "
            f"1949–{NEXT_YEAR} (hint: year: Year the figure refers to, when given.)",
        ],
    )


def test_diagnostic_carries_line_column_and_field(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    fixture(project, "case-metric-nan.md", "cases/case-metric-nan.md")
    with pytest.raises(BuildError) as info:
        govcases.pipeline.load_and_validate(load_config(project), govcases.pipeline.Timings())
    [d] = info.value.diagnostics
    assert (d.path, d.line, d.column, d.field, d.code) == (
        "cases/case-metric-nan.md",
        11,
        24,
        "metrics[0].value",
        "number",
    )
    assert str(d) == CASE_ERRORS["case-metric-nan.md"]


def test_line_break_in_a_one_line_field_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = case_text(
        id="id: a", locality='locality: "广州\\n荔湾"', summary="summary: |\n  一行\n  两行"
    )
    project = make_project(tmp_path, {"a.md": text})  # a multi-line summary is fine
    assert cli(capsys, project, "check") == (
        1,
        [
            "error: cases/a.md:4:11: locality: line break (U+000A) is not allowed in a "
            "one-line field (hint: locality: Place as the editor writes it.)",
        ],
    )


def test_raw_control_characters_are_refused_in_front_matter_and_body(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = case_text(id="id: a").replace("正文第二段。", "正文\x1b[2J第二段。")
    front = case_text(id="id: b", title="title: 标\x07题")
    project = make_project(tmp_path, {"a.md": body, "b.md": front})
    assert cli(capsys, project, "check") == (
        1,
        [
            "error: cases/a.md:21:3: body: control character U+001B is not allowed",
            "error: cases/b.md:3:9: control character U+0007 is not allowed",
        ],
    )


def test_bidi_control_in_a_yaml_comment_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = case_text(id="id: a", title="title: 标题  # 注释\u2066隐藏\u2069")
    project = make_project(tmp_path, {"a.md": text})
    assert cli(capsys, project, "check") == (
        1,
        [
            "error: cases/a.md:3:16: bidirectional control character U+2066 is not allowed",
            "error: cases/a.md:3:19: bidirectional control character U+2069 is not allowed",
        ],
    )


# --------------------------------------------------------------------------- site data files

DATA_ERRORS = {
    ("site-alias-bomb.yaml", "site.yaml"): "site.yaml:2:14: description[0]: "
    f"YAML aliases (*name) are not allowed (hint: {YAML_HINT})",
    ("site-base-url-newline.yaml", "site.yaml"): "site.yaml:1:11: base_url: expected a path "
    "such as /govcases/ or an http(s) URL such as https://example.org/govcases/, without "
    "spaces, quotes, angle brackets, '?', '#', '//' or control characters; "
    "got '/\\nDisallow: /'",
    ("site-build-date.yaml", "site.yaml"): "site.yaml:1:13: build_date: "
    "expected a real date written YYYY-MM-DD, got '2026-01-01<x>'",
    ("site-cases-dir-outside.yaml", "site.yaml"): "site.yaml:1:12: cases_dir: "
    "'/etc' is outside the project folder; paths in site.yaml must stay inside it",
    ("site-sources-dir-root.yaml", "site.yaml"): "site.yaml:1:14: sources_dir: "
    "'/' is outside the project folder; paths in site.yaml must stay inside it",
    ("taxonomy-deep-nesting.yaml", "taxonomy.yaml"): "taxonomy.yaml:3:29: categories[0].name"
    + "[0]" * 18
    + f": nested deeper than 20 levels (hint: {YAML_HINT})",
    ("places-malformed.yaml", "places.yaml"): "places.yaml:3:13: malformed YAML: while parsing "
    f"a flow sequence did not find expected ',' or ']' (hint: {YAML_HINT})",
    ("reports-malformed.yaml", "reports.yaml"): "reports.yaml:4:12: malformed YAML: while "
    f"parsing a flow sequence did not find expected ',' or ']' (hint: {YAML_HINT})",
}


@pytest.mark.parametrize(("name", "target"), sorted(DATA_ERRORS))
def test_hostile_data_file_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, target: str
) -> None:
    project = make_project(tmp_path, {"a.md": case_text(id="id: a")})
    fixture(project, name, target)
    assert cli(capsys, project, "build") == (1, [f"error: {DATA_ERRORS[name, target]}"])
    assert not (project / "_site").exists()


def test_malformed_conversion_review_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {"a.md": case_text(id="id: a")})
    fixture(project, "review-malformed.yaml", "conversion-review.yaml")
    assert cli(capsys, project, "check", "--conversion") == (
        1,
        [
            "error: conversion-review.yaml:1:3: chars: expected a mapping of fields "
            "(name: value); got ['万']",
            "error: conversion-review.yaml:3:8: words: expected a list ([a, b], or one '- item' "
            "a line); got {'a': 'b'}",
        ],
    )


def test_malformed_glossary_is_one_clear_error(tmp_path: Path) -> None:
    """The loader zh.load_glossary reads the glossary with."""
    fixture(tmp_path, "glossary-malformed.yaml", "glossary.yaml")
    with pytest.raises(BuildError) as info:
        load_data_file(tmp_path / "glossary.yaml", lists=("terms",))
    assert [str(d) for d in info.value.diagnostics] == ["glossary.yaml:1:8: terms: expected a list"]
    assert load_data_file(tmp_path / "absent.yaml") == {}


def test_settings_from_the_command_line_are_checked_and_trusted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {"a.md": case_text(id="id: a")})
    assert cli(capsys, project, "build", "--base-url", '/a"><script>') == (
        1,
        [
            "error: command line: --base-url: expected a path such as /govcases/ or an "
            "http(s) URL such as https://example.org/govcases/, without spaces, quotes, angle "
            "brackets, '?', '#', '//' or control characters; got '/a\"><script>'"
        ],
    )
    outside = tmp_path.parent / f"{tmp_path.name}-out"
    config = load_config(project, output_dir=str(outside))  # --out is the maintainer's
    assert config.path(config.output_dir) == outside
    assert load_config(project).sources_dir == "../shared/sources"  # the default layout


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12x", ""),
        ("-1", ""),
        ("99999999999999", ""),
        ("1700000000", "2023-11-14"),
    ],
)
def test_source_date_epoch_becomes_build_date_or_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, expected: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    project = make_project(tmp_path, {})
    if expected:
        assert load_config(project).build_date == expected
        (project / "site.yaml").write_text("build_date: 2026-01-02\n", "utf-8")
        assert load_config(project).build_date == "2026-01-02"  # site.yaml wins
        return
    with pytest.raises(BuildError) as info:
        load_config(project)
    assert info.value.diagnostics == [
        Diagnostic(
            "environment",
            0,
            "SOURCE_DATE_EPOCH",
            msg("epoch", most=253402300799, written=repr(value)),
            "config",
        )
    ]


# --------------------------------------------------------------------------- the file system


def test_symlinked_case_file_is_refused_wherever_it_leads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {})
    (project / "cases" / "inside.txt").write_text(case_text(id="id: a"), "utf-8")
    (project / "cases" / "a.md").symlink_to(project / "cases" / "inside.txt")
    (project / "cases" / "b.md").symlink_to(project / "nowhere.md")
    assert cli(capsys, project, "check") == (
        1,
        [
            f"error: cases/a.md: is a symbolic link; links are not allowed (hint: {LINK_HINT})",
            f"error: cases/b.md: symlink leads outside the cases folder (hint: {LINK_HINT})",
        ],
    )


@pytest.mark.parametrize("name", ["taxonomy.yaml", "places.yaml", "site.yaml"])
def test_symlinked_data_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    project = make_project(tmp_path, {})
    (project / "elsewhere.yaml").write_text("{}\n", "utf-8")
    if (project / name).exists():
        (project / name).unlink()
    (project / name).symlink_to(project / "elsewhere.yaml")
    assert cli(capsys, project, "build") == (
        1,
        [f"error: {name}: is a symbolic link; links are not allowed (hint: {LINK_HINT})"],
    )


def test_dangling_link_as_optional_data_file_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {})
    (project / "reports.yaml").symlink_to("/nonexistent/reports.yaml")
    assert cli(capsys, project, "check") == (
        1,
        [f"error: reports.yaml: is a symbolic link; links are not allowed (hint: {LINK_HINT})"],
    )


def test_directory_named_md_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, {"a.md": case_text(id="id: a")})
    (project / "cases" / "y.md").mkdir()
    assert cli(capsys, project, "check") == (
        1,
        ["error: cases/y.md: a directory, not a regular file"],
    )
    assert cli(capsys, project, "fmt", str(project / "cases" / "y.md")) == (
        1,
        ["error: cases/y.md: a directory, not a regular file"],
    )


@pytest.mark.parametrize("command", [["fmt"], ["fmt", "--check"], ["check"], ["build"]])
def test_named_pipe_called_md_is_refused_without_waiting(
    tmp_path: Path, command: list[str]
) -> None:
    project = make_project(tmp_path, {"a.md": case_text(id="id: a")})
    os.mkfifo(project / "cases" / "x.md")
    result = subprocess.run(
        [sys.executable, "-m", "govcases", "--root", str(project), "--lang", "en", *command],
        capture_output=True,
        text=True,
        timeout=60,  # it used to wait forever for a writer
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == "error: cases/x.md: a named pipe, not a regular file"


def test_read_regular_refuses_a_pipe_and_reads_at_most_the_limit(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(BuildError, match="a named pipe, not a regular file"):
        read_regular(tmp_path / "pipe", "pipe")
    big = tmp_path / "big"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(BuildError) as info:
        read_regular(big, "big")
    assert str(info.value) == f"big: file is {MAX_FILE_BYTES + 1} bytes; the limit is 524288"


def test_source_document_symlink_or_huge_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {})
    (project / "site.yaml").write_text("sources_dir: sources\n", "utf-8")
    sources = project / "sources"
    sources.mkdir()
    (sources / "real.txt").write_text("窗口 53 个", "utf-8")
    (sources / "linked.txt").symlink_to(sources / "real.txt")
    with (sources / "huge.txt").open("wb") as f:
        f.truncate(9 * 1024 * 1024)
    fixture(project, "case-document-symlink.md", "cases/case-document-symlink.md")
    fixture(project, "case-document-huge.md", "cases/case-document-huge.md")
    assert cli(capsys, project, "check") == (
        1,
        [
            "error: cases/case-document-huge.md:13:50: sources[0].document: document "
            "'huge.txt': file is 9437184 bytes; the limit is 8388608",
            "error: cases/case-document-symlink.md:13:50: sources[0].document: document "
            "'linked.txt': is a symbolic link; links are not allowed",
        ],
    )


# --------------------------------------------------------------------------- bounded work


def test_large_inputs_build_in_bounded_time(tmp_path: Path) -> None:
    """500 KiB of 30,000 short lines took minutes to normalize, 44 KB of colons over one."""
    lines = "\n".join(["短行文字甲乙丙"] * 20_000 + ["ab cd"] * 10_000)
    big = case_text(id="id: big").replace("正文第一段。", lines)
    assert 500_000 < len(big.encode()) <= MAX_FILE_BYTES
    colons = case_text(id="id: colons", summary='summary: "一' + ":" * 44_000 + '"')
    parens = case_text(id="id: parens", summary='summary: "(' + "中" * 40_000 + '"')
    project = make_project(tmp_path, {"big.md": big, "colons.md": colons, "parens.md": parens})
    (project / "site.yaml").write_text("sources_dir: none\n", "utf-8")
    command = [sys.executable, "-m", "govcases", "--root", str(project), "--lang", "en"]
    for args in (["build"], ["fmt"]):
        result = subprocess.run(
            [*command, *args], capture_output=True, text=True, timeout=60, check=False
        )
        assert result.returncode == 0, result.stderr
    page = (project / "_site/zh-hans/cases/colons/index.html").read_text("utf-8")
    assert "一" + "：" * 44_000 in page


# --------------------------------------------------------------------------- command line


def test_new_and_import_check_their_arguments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {})
    assert cli(capsys, project, "new", "广州荔湾", "标题", "--id", "../x") == (
        1,
        [
            "error: command line: --id: '../x' is not an ASCII slug (hint: lower-case "
            "letters, digits and single hyphens, e.g. guangzhou-liwan)"
        ],
    )
    assert cli(capsys, project, "new", "广州荔湾", "标\x1b题") == (
        1,
        ["error: command line: title: control character U+001B is not allowed"],
    )
    for command in ("new", "import"):
        args = ["广州荔湾", "标题"] if command == "new" else [str(project / "a.txt")]
        assert cli(capsys, project, command, *args, "--added", "2026-02-30") == (
            1,
            [
                "error: command line: --added: expected a real date written YYYY-MM-DD, "
                "got '2026-02-30'"
            ],
        )
    assert list((project / "cases").iterdir()) == []


def test_import_of_a_missing_path_or_a_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {})
    missing, folder = project / "gone.txt", project / "cases"
    assert cli(capsys, project, "import", str(missing), str(folder)) == (
        1,
        [f"error: {folder}: a directory, not a regular file", f"error: {missing}: file not found"],
    )


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (
            OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/srv/_site/index.html"),
            "error: /srv/_site/index.html: No space left on device",
        ),
        (OSError(errno.EIO, os.strerror(errno.EIO)), "error: Input/output error"),
        (RecursionError(), "error: input nested too deeply to process"),
        (MemoryError(), "error: out of memory (is an input file unusually large?)"),
    ],
)
def test_faults_end_in_one_error_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fault: BaseException,
    expected: str,
) -> None:
    def failing(*args: object, **kwargs: object) -> None:
        raise fault

    monkeypatch.setattr(govcases.pipeline, "build", failing)
    project = make_project(tmp_path, {"a.md": case_text(id="id: a")})
    assert cli(capsys, project, "build") == (1, [expected])


def test_interrupt_exits_130_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(govcases.pipeline, "build", interrupted)
    project = make_project(tmp_path, {"a.md": case_text(id="id: a")})
    assert main(["--root", str(project), "--lang", "en", "build"]) == 130
    assert capsys.readouterr().err == "\ninterrupted\n"


def test_control_characters_in_printed_errors_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {})
    (project / "cases" / "a\x1b[31m.md").mkdir()
    assert cli(capsys, project, "check") == (
        1,
        ["error: cases/a\\u001b[31m.md: a directory, not a regular file"],
    )
