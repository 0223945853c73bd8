"""The command line's options: what each command takes, and its help text."""

from __future__ import annotations

import argparse
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govcases", description="Command line: the only place that prints or exits."
    )
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: .)")
    sub = parser.add_subparsers(dest="command")

    p_build = sub.add_parser(
        "build",
        help="build the site into the output folder (cases marked draft: true are left out)",
    )
    p_build.add_argument("-v", "--verbose", action="store_true", help="show per-step timings")
    p_build.add_argument(
        "--drafts",
        action="store_true",
        help="include the cases marked draft: true, each marked 草稿 (for review, not to publish)",
    )
    p_build.add_argument("--out", help="output folder (default: _site)")
    p_build.add_argument("--base-url", help="path or URL the site is served from")

    p_check = sub.add_parser("check", help="validate every case without writing the site")
    p_check.add_argument("--format", choices=["text", "json"], default="text")
    p_check.add_argument(
        "--conversion",
        action="store_true",
        help="list every choice conversion made among several characters; exit 1 if any "
        "dictionary choice is unreviewed",
    )
    p_check.add_argument(
        "--unreviewed",
        action="store_true",
        help="with --conversion: only the choices to decide, each with its line for "
        "conversion-review.yaml",
    )
    p_new = sub.add_parser("new", help="scaffold a case file from a locality and a title")
    p_new.add_argument("locality", help="place as you would write it: 荔湾, 成都成华区, 江北新区")
    p_new.add_argument("title", help="case title")
    p_new.add_argument("--id", default="", help="id (default: pinyin of the place)")
    p_new.add_argument(
        "--region-code", default="", help="GB/T 2260 code pinning an ambiguous place: 330205"
    )
    p_new.add_argument("--mechanism", action="append", default=[], help="id or synonym (repeat)")
    p_new.add_argument("--outcome", action="append", default=[], help="id or synonym (repeat)")
    p_new.add_argument("--added", default="", help="date added (default: today)")

    p_fmt = sub.add_parser("fmt", help="rewrite case files in normalized form")
    p_fmt.add_argument("files", nargs="*", type=Path, help="case files (default: all)")
    p_fmt.add_argument(
        "--check", action="store_true", help="only list files that would change; exit 1 if any"
    )

    p_import = sub.add_parser("import", help="turn raw articles into draft case files")
    p_import.add_argument("files", nargs="+", type=Path, help="plain text or saved HTML")
    p_import.add_argument("--dry-run", action="store_true", help="print drafts, write nothing")
    p_import.add_argument("--added", default="", help="date added (default: today)")
    p_import.add_argument(
        "--id", default="", help="id of the one draft (default: pinyin of the place)"
    )
    p_import.add_argument("--sources", type=Path, help="copy articles here (default: sources_dir)")

    p_serve = sub.add_parser("serve", help="preview with rebuild on change and live reload")
    p_serve.add_argument("--port", type=int, default=8000)
    p_serve.add_argument("--host", default="127.0.0.1")
    lang = "language of error messages: zh (Traditional for a case in Traditional) or en"
    for command in (parser, *sub.choices.values()):  # before or after the command
        default = None if command is parser else argparse.SUPPRESS
        command.add_argument("--lang", choices=["zh", "en"], default=default, help=lang)
    return parser
