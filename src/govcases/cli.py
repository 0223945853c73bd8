"""Command line: the only place that prints or exits."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from .config import load_config
from .model import BuildError
from .pipeline import Loaded, Timings, build, load_and_validate, prepare_documents, save_strings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govcases", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: .)")
    sub = parser.add_subparsers(dest="command")

    p_build = sub.add_parser("build", help="build the site into the output folder")
    p_build.add_argument("-v", "--verbose", action="store_true", help="show per-step timings")
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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "build"
    root = args.root.resolve()
    try:
        if command == "check":
            return _check(root, args.format, args.conversion)
        return _build(
            root,
            getattr(args, "out", None),
            getattr(args, "base_url", None),
            getattr(args, "verbose", False),
        )
    except BuildError as exc:
        fmt = getattr(args, "format", "text")
        if fmt == "json":
            print(json.dumps([d.as_dict() for d in exc.diagnostics], ensure_ascii=False, indent=2))
        else:
            for d in exc.diagnostics:
                print(f"error: {d}", file=sys.stderr)
            print(f"{len(exc.diagnostics)} error(s); nothing was written.", file=sys.stderr)
        return 1


def _build(root: Path, out: str | None, base_url: str | None, verbose: bool) -> int:
    config = load_config(root, output_dir=out, base_url=base_url)
    timings = Timings()
    result = build(config, timings)
    if verbose:
        for name, seconds in timings.steps:
            print(f"  {name:<18} {seconds * 1000:8.1f} ms")
        print(f"  conversions        {result.conversions:8d}")
    print(
        f"Built {result.cases} cases, {result.pages} pages ({result.files} files) "
        f"in {timings.total:.2f} s → {result.out}"
    )
    print(
        f"View it: python -m http.server -d {result.out} 8000  →  http://localhost:8000"
        f"{config.base_path}"
    )
    return 0


def _check(root: Path, fmt: str, conversion: bool) -> int:
    config = load_config(root)
    loaded = load_and_validate(config, Timings())
    if conversion:
        return _conversion_report(loaded, fmt)
    if fmt == "json":
        print("[]")
    else:
        print(f"{len(loaded.cases)} cases checked: no problems.")
    return 0


def _conversion_report(loaded: Loaded, fmt: str) -> int:
    _, choices = prepare_documents(loaded)
    save_strings(loaded)
    unreviewed = [c for c in choices if not c.reviewed]
    if fmt == "json":
        print(
            json.dumps(
                [asdict(c) | {"reviewed": c.reviewed} for c in choices],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        paths = {c.id: c.path for c in loaded.cases}
        for c in sorted(choices, key=lambda c: (c.case_id, c.reviewed, c.field)):
            status = (
                "rule"
                if c.decided_by != "dictionary"
                else f"confirmed ({c.confirmed_by})"
                if c.confirmed_by
                else "UNREVIEWED"
            )
            print(
                f"{paths[c.case_id]}: {c.field}: {c.source}→{c.chosen} "
                f"[{' '.join(c.candidates)}] {c.context}  {c.decided_by}; {status}"
            )
        rules = sum(1 for c in choices if c.decided_by != "dictionary")
        print(
            f"{len(choices)} choices: {rules} by rule, "
            f"{sum(1 for c in choices if c.confirmed_by)} confirmed, "
            f"{len(unreviewed)} unreviewed."
        )
    return 1 if unreviewed else 0
