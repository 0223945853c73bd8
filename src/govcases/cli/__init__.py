"""Command line: the only place that prints or exits."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from govcases.cli.args import build_parser
from govcases.messages import Language, msg, of_error, render
from govcases.model import BuildError, Diagnostic
from govcases.read.excerpt import Excerpts, shown
from govcases.state.quick import unchanged

if TYPE_CHECKING:
    from govcases.editor.importer import Draft
    from govcases.pipeline import Loaded

# The heavy modules (Markdown, OpenCC, pinyin, pydantic…) are imported inside the commands,
# so that a build with nothing to do can answer before loading them.

__all__ = ["build_parser", "main"]

T = TypeVar("T")


def _show_log(name: str) -> None:
    """Print a library logger's messages: information on stdout, problems on stderr."""
    out = logging.StreamHandler(sys.stdout)
    out.addFilter(lambda record: record.levelno < logging.WARNING)
    err = logging.StreamHandler(sys.stderr)
    err.setLevel(logging.WARNING)
    logger = logging.getLogger(name)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    for handler in (out, err):
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)


def main(argv: list[str] | None = None) -> int:
    """Run a command; every problem ends in `error: …` lines on stderr and exit status 1
    (130 when interrupted), never a traceback."""
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # a full disk, a file removed meanwhile, a permission
        where = shown(os.fsdecode(exc.filename)) if exc.filename is not None else ""
        what = shown(exc.strerror or str(exc) or type(exc).__name__)
        print(f"error: {where}: {what}" if where else f"error: {what}", file=sys.stderr)
        return 1
    except RecursionError:
        print("error: input nested too deeply to process", file=sys.stderr)
        return 1
    except MemoryError:
        print("error: out of memory (is an input file unusually large?)", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    command = args.command or "build"
    root = args.root.resolve()
    try:
        if command == "check":
            conversion = args.conversion or args.unreviewed
            return _check(root, args.format, conversion, args.unreviewed, args.lang)
        if command == "new":
            return _new(root, args)
        if command == "fmt":
            return _fmt(root, args.files, args.check)
        if command == "import":
            return _import(root, args)
        if command == "serve":
            from govcases.config import load_config
            from govcases.preview.serve import serve

            _show_log("govcases.preview")
            return serve(load_config(root), args.host, args.port, getattr(args, "lang", None))
        return _build(
            root,
            getattr(args, "out", None),
            getattr(args, "base_url", None),
            getattr(args, "verbose", False),
            getattr(args, "drafts", False),
        )
    except BuildError as exc:
        _problems(
            exc.diagnostics, root, getattr(args, "format", "text"), getattr(args, "lang", None)
        )
        return 1


def _problems(diagnostics: list[Diagnostic], root: Path, fmt: str, option: str | None) -> None:
    """Every problem in the editor's language (Chinese unless `--lang en` or site.yaml says
    en; Traditional for a file written in Traditional), as text with excerpts or as JSON."""
    from govcases.config import language
    from govcases.zh.conversion import detect_script, to_traditional

    english, excerpts = language(root, option) == "en", Excerpts(root)

    def script(d: Diagnostic) -> Language:
        return "en" if english else detect_script(excerpts.text(d.path))

    if fmt == "json":
        found = [d.as_dict(script(d), to_traditional) for d in diagnostics]
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for line in excerpts.report(diagnostics, script, to_traditional):
        print(line, file=sys.stderr)


def _drafts(n: int) -> str:
    return f"{n} draft{'s' if n != 1 else ''}"


def _build(root: Path, out: str | None, base_url: str | None, verbose: bool, drafts: bool) -> int:
    same, inputs = unchanged(root, out, base_url, drafts)
    if same:
        print("Nothing changed since the last build: the site is up to date.")
        return 0
    from govcases.config import load_config
    from govcases.pipeline import Timings, build

    config = load_config(root, output_dir=out, base_url=base_url)
    timings = Timings()
    result = build(config, timings, progress_bar, inputs, drafts)
    if verbose:
        for name, seconds in timings.steps:
            print(f"  {name:<18} {seconds * 1000:8.1f} ms")
        print(f"  conversions        {result.conversions:8d}")
        print(f"  pages rendered     {result.rendered:8d}")
        print(f"  pages reused       {result.pages - result.rendered:8d}")
    among = f" ({_drafts(result.drafts)}, marked 草稿)" if drafts and result.drafts else ""
    print(
        f"Built {result.cases} cases{among}, {result.pages} pages ({result.files} files) "
        f"in {timings.total:.2f} s → {result.out}"
    )
    if result.drafts and not drafts:
        print(
            f"Left out {_drafts(result.drafts)} (draft: true); "
            "govcases build --drafts includes them."
        )
    if not config.site_origin:
        print(
            f"warning: base_url {config.base_url!r} has no https:// address, so citations, feeds "
            "and the sitemap carry addresses relative to this site; set base_url in site.yaml "
            "to the published address (https://host/path/) or pass --base-url",
            file=sys.stderr,
        )
    print(
        f"View it: python -m http.server -d {result.out} 8000  →  http://localhost:8000"
        f"{config.base_path}"
    )
    return 0


def _check(
    root: Path, fmt: str, conversion: bool, only_unreviewed: bool, option: str | None
) -> int:
    from govcases.config import load_config
    from govcases.pipeline import Timings, load_and_validate

    loaded = load_and_validate(config := load_config(root, lang=option), Timings())
    if conversion:
        return _conversion_report(loaded, fmt, only_unreviewed)
    if fmt == "json":
        print("[]")
    else:
        n, count = sum(1 for c in loaded.cases if c.draft), len(loaded.cases)
        done = msg("checked-drafts", count=count, drafts=n, plural="s" if n != 1 else "")
        english = config.lang == "en"
        print(render(done if n else msg("checked", count=count), "en" if english else "hans"))
    return 0


def _conversion_report(loaded: Loaded, fmt: str, only_unreviewed: bool) -> int:
    from govcases.content.review import unreviewed_report
    from govcases.pipeline import prepare_documents, save_strings

    _, choices = prepare_documents(loaded)
    save_strings(loaded)
    unreviewed = [c for c in choices if not c.reviewed]
    if only_unreviewed:  # only the choices to decide, each with its line to confirm it
        print(unreviewed_report(choices, {c.id: c.path for c in loaded.cases}, fmt))
    elif fmt == "json":
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


def progress_bar(items: Iterable[T], label: str, total: int) -> Iterable[T]:
    """A progress bar on a terminal, shown only once a step takes over a second; none in CI."""
    from tqdm import tqdm

    hidden = not sys.stderr.isatty() or bool(os.environ.get("CI"))
    return tqdm(
        items, desc=label, total=total, delay=1.0, disable=hidden, leave=False, file=sys.stderr
    )


def _today(value: str) -> str:
    """`--added`, a real YYYY-MM-DD date; today when not given."""
    if not value:
        return dt.date.today().isoformat()
    from govcases.config import check_date

    try:
        check_date(value)
    except ValueError as exc:
        problem = Diagnostic("command line", 0, "--added", of_error(exc), "usage")
        raise BuildError([problem]) from None
    return value


def _id_problems(case_id: str) -> list[Diagnostic]:
    """`--id`: empty (the default) or an ASCII slug."""
    from govcases.content.validate import SLUG

    if not case_id or SLUG.fullmatch(case_id):
        return []
    return [
        Diagnostic(
            "command line",
            0,
            "--id",
            msg("not-slug", written=repr(case_id[:80])),
            "usage",
            msg("hint-slug"),
        )
    ]


def _free_id(cases: Path, case_id: str, taken: set[str] | None = None) -> str:
    """`case_id`, or the first of case_id-2, case_id-3… that no file and no id in `taken`
    has."""
    free, n = case_id, 2
    while free in (taken or set()) or os.path.lexists(cases / f"{free}.md"):
        free, n = f"{case_id}-{n}", n + 1
    return free


def _check_new(args: argparse.Namespace) -> None:
    """`new` arguments: an ASCII slug for --id, one-line text for the place and the title."""
    from govcases.read.files import text_message

    problems = _id_problems(args.id)
    for name in ("locality", "title"):
        problem = text_message(getattr(args, name), one_line=True, visible=True)
        if problem is not None:
            problems.append(Diagnostic("command line", 0, name, problem, "usage"))
    if problems:
        raise BuildError(problems)


def _new(root: Path, args: argparse.Namespace) -> int:
    from govcases.config import load_config
    from govcases.editor.scaffold import scaffold, write_new
    from govcases.pipeline import Timings, load_and_validate

    _check_new(args)
    added = _today(args.added)
    config = load_config(root)
    # Only the site data: a broken case elsewhere must not stop an editor starting a new one.
    loaded = load_and_validate(config, Timings(), cases=False)

    def make(case_id: str) -> tuple[str, str]:
        return scaffold(
            args.locality,
            args.title,
            loaded.context,
            loaded.conv,
            added,
            mechanisms=args.mechanism,
            outcomes=args.outcome,
            case_id=case_id,
            region_code=args.region_code,
        )

    cases = config.path(config.cases_dir)
    case_id, text = make(args.id)
    if not args.id:  # a generated id that is taken: the next free one, never the same file
        free = _free_id(cases, case_id)
        if free != case_id:
            print(
                f"{case_id} is taken by {os.path.relpath(cases / case_id, root)}.md: using {free}"
            )
            case_id, text = make(free)
    path = cases / f"{case_id}.md"
    write_new(path, text)
    print(
        f"Created {os.path.relpath(path, root)} as a draft: fill in the 待补充 placeholders "
        "and period.start, delete the draft: true line, then run govcases fmt and "
        "govcases check."
    )
    return 0


def _fmt(root: Path, files: list[Path], check: bool) -> int:
    from govcases.config import load_config
    from govcases.content.load import find_case_files
    from govcases.editor.formatter import format_text
    from govcases.pipeline import Timings, load_and_validate
    from govcases.read.files import read_text

    config = load_config(root)
    loaded = load_and_validate(config, Timings(), cases=False)
    ctx = loaded.context
    paths = files or find_case_files(config.path(config.cases_dir), root)
    problems: list[Diagnostic] = []
    changed = []
    for path in paths:
        shown = os.path.relpath(path, root)
        try:
            text = read_text(path, shown)
            formatted = format_text(shown, text, ctx, loaded.conv)
        except BuildError as exc:
            problems += exc.diagnostics
            continue
        if formatted != text:
            changed.append(shown)
            if not check:
                path.write_text(formatted, encoding="utf-8")
    for shown in changed:
        print(f"{'would reformat' if check else 'reformatted'} {shown}")
    if problems:
        raise BuildError(problems)
    print(f"{len(changed)} of {len(paths)} files {'would change' if check else 'changed'}.")
    return 1 if check and changed else 0


def _import(root: Path, args: argparse.Namespace) -> int:
    from govcases.config import load_config
    from govcases.editor import importer
    from govcases.editor.importer import import_article, write_drafts
    from govcases.pipeline import Timings, load_and_validate

    problems = _id_problems(args.id)
    if problems:
        raise BuildError(problems)
    added = _today(args.added)
    config = load_config(root)
    # Only the site data: a broken case elsewhere must not stop an editor importing another.
    loaded = load_and_validate(config, Timings(), cases=False)
    folder = args.sources.resolve() if args.sources else config.path(config.sources_dir)
    drafts = []
    placed: list[importer.Placed] = []
    for f in args.files:
        try:
            placed.append(importer.place_document(f, folder, placed))
            drafts += import_article(f, loaded.context, loaded.conv, added, placed[-1].name)
        except BuildError as exc:
            problems += exc.diagnostics
    if problems:
        raise BuildError(problems)
    cases = config.path(config.cases_dir)
    drafts = _import_ids(root, cases, drafts, args.id)
    if args.dry_run:
        for d in drafts:
            print(f"===== {d.id}.md ({d.locality})\n{d.text}")
    else:
        for path in write_drafts(drafts, cases):
            print(f"wrote {os.path.relpath(path, root)}")
    for line in importer.copy_documents(placed, folder, root, args.dry_run):
        print(line)
    for d in drafts:
        print(f"{d.id}: {d.locality}; to review: {', '.join(d.guessed) or 'nothing'}")
    if not args.dry_run:
        print(
            "Drafts (draft: true) stay out of the built site: check the 待核对 fields, fill in "
            "the 待补充 placeholders, then delete the draft: true line."
        )
    return 0


def _import_ids(root: Path, cases: Path, drafts: list[Draft], case_id: str) -> list[Draft]:
    """Each draft under an id no case file has: `--id` for the one draft (taken: an error
    naming the file), else the id from its place or, when that is taken, the next free one."""
    from govcases.editor.importer import renamed

    if case_id:
        if len(drafts) != 1:
            listed = ", ".join(d.id for d in drafts)
            raise BuildError(
                [
                    Diagnostic(
                        "command line",
                        0,
                        "--id",
                        msg("id-one-case", count=len(drafts), listed=listed),
                        "usage",
                        msg("hint-id-one-case"),
                    )
                ]
            )
        existing = cases / f"{case_id}.md"
        if os.path.lexists(existing):
            raise BuildError(
                [
                    Diagnostic(
                        "command line",
                        0,
                        "--id",
                        msg("id-taken-import", id=case_id, path=os.path.relpath(existing, root)),
                        "exists",
                        msg("hint-other-id"),
                    )
                ]
            )
        return [renamed(drafts[0], case_id)]
    out: list[Draft] = []
    for d in drafts:
        free = _free_id(cases, d.id, {o.id for o in out})
        if free != d.id:
            by = (
                f"{os.path.relpath(cases / d.id, root)}.md"
                if os.path.lexists(cases / f"{d.id}.md")
                else "another draft of this import"
            )
            print(f"{d.id} is taken by {by}: using {free}")
            d = renamed(d, free)
        out.append(d)
    return out
