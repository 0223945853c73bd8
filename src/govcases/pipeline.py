"""`build()`: a flat list of named, timed steps from case files to a written site."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import TypeVar

import jinja2

from govcases.config import Config
from govcases.content.load import find_case_files, read_case
from govcases.content.places import load_gazetteer
from govcases.content.reports import load_reports
from govcases.content.review import confirm, load_confirmations
from govcases.content.sources import SourceLibrary
from govcases.content.taxonomy import load_taxonomy
from govcases.content.validate import Context, check_unique_ids, validate
from govcases.model import BuildError, Case, Choice, Diagnostic, Document, OutputFile, Report
from govcases.site import search
from govcases.site.exports import citation_files, data_files, feeds_and_maps
from govcases.site.index import Indexes, build_indexes
from govcases.site.prepare import Progress, prepare_all, sanitize
from govcases.site.render import make_env, render_page, static_files, tree_digest
from govcases.site.urls import source_document
from govcases.site.views import Page, SiteData, Views, review_page, root_pages
from govcases.site.write import Staging, check_output_dir, locked, staged
from govcases.state.cache import Cache, code_version, digest
from govcases.state.memo import CaseMemo, site_key
from govcases.state.quick import INPUTS
from govcases.zh.conversion import Converter, load_glossary

T = TypeVar("T")


def quiet(items: Iterable[T], label: str, total: int) -> Iterable[T]:
    """Default progress reporting: none. The CLI passes a progress bar instead."""
    return items


@dataclass
class Timings:
    steps: list[tuple[str, float]] = field(default_factory=list)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.steps.append((name, time.perf_counter() - start))

    @property
    def total(self) -> float:
        return sum(t for _, t in self.steps)


@dataclass(frozen=True)
class Loaded:
    """Validated input: what `check` stops at and `build` continues from."""

    config: Config
    conv: Converter
    context: Context
    cases: list[Case]
    reports: list[Report]
    memo: CaseMemo


@dataclass(frozen=True)
class Built:
    """What a build knew when it finished: enough for serve to re-render one case's pages."""

    loaded: Loaded
    site: SiteData
    env: jinja2.Environment


@dataclass(frozen=True)
class BuildResult:
    out: Path
    files: int
    pages: int
    rendered: int  # pages rendered by this build; the others were reused unchanged
    cases: int  # drafts included, when the build includes them
    drafts: int  # drafts in the site (a build with drafts) or left out of it (without)
    conversions: int  # OpenCC calls made by this build (0 when nothing changed)
    timings: Timings
    built: Built


def load_and_validate(config: Config, timings: Timings, cases: bool = True) -> Loaded:
    """Every input read and checked; raises BuildError listing every problem.

    With cases=False only the site data (taxonomy, places, glossary) is loaded: for commands
    that work on case files which may not be valid yet (new, fmt, import). Drafts are among
    the cases; `build` decides whether they are published.
    """
    with timings.step("site data"):
        glossary = load_glossary(config.path(config.glossary))
        conv = Converter(config.variant, glossary, corner_quotes=config.corner_quotes)
        cache, strings_key = _cache(config, conv)
        conv.memo.update(cache.get(strings_key) or {})
        fold = conv.to_hans
        ctx = Context(
            load_gazetteer(config.path(config.places), fold, conv.fold_name),
            load_taxonomy(config.path(config.taxonomy), fold),
            fold,
            SourceLibrary(config.path(config.sources_dir), fold, cache, strings_key),
        )
    problems: list[Diagnostic] = []
    found: list[Case] = []
    with timings.step("load+validate"):
        memo = CaseMemo(
            cache.folder if cases else None, site_key(config) if cases else "", sanitize
        )
        cases_dir = config.path(config.cases_dir)
        files = find_case_files(cases_dir, config.root) if cases else []
        owners = {path.stem: os.path.relpath(path, config.root) for path in files}
        for path in files:
            display = owners[path.stem]
            stat = path.stat()
            case = memo.case(display, stat)
            if case is not None:  # unchanged since it last validated
                found.append(case)
                continue
            try:
                raw = read_case(path, display)
            except BuildError as exc:
                problems.extend(exc.diagnostics)
                continue
            case, issues = validate(raw, ctx, owners)
            problems.extend(issues)
            if case is not None:
                found.append(case)
                if not issues:
                    memo.put_case(display, stat, case)
        problems.extend(check_unique_ids(found))
        try:
            reports = load_reports(config.path(config.reports), ctx.gazetteer, fold)
        except BuildError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise BuildError(problems)
    return Loaded(config, conv, ctx, found, reports, memo)


def _cache(config: Config, conv: Converter) -> tuple[Cache, str]:
    """The build cache, and the key of its memo of short conversions."""
    cache = Cache(config.path(config.cache_dir) if config.cache_dir else None)
    return cache, digest("strings", conv.style, [asdict(t) for t in conv.glossary])


def prepare_documents(
    loaded: Loaded, progress: Progress = quiet
) -> tuple[dict[str, Document], list[Choice]]:
    """Every case rendered and in both scripts (cached), with its confirmed conversion choices."""
    cache, _ = _cache(loaded.config, loaded.conv)
    jobs = loaded.config.jobs or os.cpu_count() or 1
    memo = loaded.memo
    ready = {c.id: memo.prepared(c) for c in loaded.cases}
    todo = [c for c in loaded.cases if ready[c.id] is None]
    for p in prepare_all(todo, loaded.conv, cache, jobs, progress):
        memo.put_prepared(p)
        ready[p.document.case.id] = p
    memo.save()
    prepared = [p for p in ready.values() if p is not None]
    confirmations = load_confirmations(loaded.config.path(loaded.config.review))
    choices = [confirm(c, confirmations) for p in prepared for c in p.choices]
    return {p.document.case.id: p.document for p in prepared}, choices


def save_strings(loaded: Loaded) -> None:
    """Keep short conversions (interface, names) so an unchanged rebuild converts nothing."""
    cache, strings_key = _cache(loaded.config, loaded.conv)
    cache.put(strings_key, {k: v for k, v in loaded.conv.memo.items() if len(k) < 200})
    cache.prune()


def build_date(config: Config, cases: list[Case]) -> str:
    """The configured date (config takes SOURCE_DATE_EPOCH into it), else the newest case."""
    return config.build_date or max((c.added for c in cases), default="1970-01-01")


@contextmanager
def fewer_collections() -> Iterator[None]:
    """A build allocates millions of objects that live until it ends, and the default cyclic
    garbage collector rescans them over and over: rendering 5,000 cases took 3× longer."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _index(
    plan: search.Plan,
    searched: list[search.SearchCase],
    terms: tuple[list[str], list[str]],
    stage: Staging,
    previous: list[str],
) -> tuple[Iterable[list[OutputFile]], list[str]]:
    """The search index files to write, and those of the previous build to keep."""
    if plan.mode == "keep":
        return [], previous
    if plan.mode == "update":
        files = search.update_index(plan, searched, *terms, stage.previous_content)
        if files is not None:
            written = {f.path for f in files}
            return [files], [p for p in previous if p not in written]
    return chain(search.build_index(searched, *terms), [search.text_files(searched)]), []


def source_documents(cases: Iterable[Case], library: SourceLibrary) -> dict[str, bytes]:
    """The source documents the published cases cite, by name, as they are in the sources
    folder (read through the library's checks), to be published byte for byte. Documents
    that cannot be read are left out; so is a second one whose address would be taken."""
    out: dict[str, bytes] = {}
    addresses: set[str] = set()
    for name in sorted({s.document for c in cases for s in c.sources if s.document}):
        raw = library.raw(name) if library.available else None
        if raw is not None and source_document(name) not in addresses:
            addresses.add(source_document(name))
            out[name] = raw
    return out


def build(
    config: Config,
    timings: Timings | None = None,
    progress: Progress = quiet,
    inputs: str = "",
    drafts: bool = False,
    own_process: bool = True,
) -> BuildResult:
    """Build the site. `inputs` is the signature of the inputs (quick.signature), saved with
    the site so that the next build can tell at once that nothing changed. Drafts are
    validated like every case, but only `drafts=True` (serve, build --drafts) puts them in
    the site; without it the site is the one the project would give without the draft files.
    `own_process=False` (serve, whose server threads go on answering requests) leaves the
    process-wide garbage-collector settings alone."""
    if not own_process:
        return _build(config, timings or Timings(), progress, inputs, drafts)
    with fewer_collections():
        return _build(config, timings or Timings(), progress, inputs, drafts)


def _build(
    config: Config, timings: Timings, progress: Progress, inputs: str, drafts: bool
) -> BuildResult:
    out = config.path(config.output_dir)
    check_output_dir(
        out, config.root, [config.path(config.cases_dir), config.path(config.templates_dir)]
    )
    loaded = load_and_validate(config, timings)
    draft_count = sum(1 for c in loaded.cases if c.draft)
    if not drafts and draft_count:
        loaded = replace(loaded, cases=[c for c in loaded.cases if not c.draft])
    conv = loaded.conv

    with timings.step("markdown+convert"):
        docs, choices = prepare_documents(loaded, progress)
    with timings.step("index"):
        indexes: Indexes = build_indexes(loaded.cases, loaded.reports)
        documents = source_documents(loaded.cases, loaded.context.sources)
    site = SiteData(
        config,
        docs,
        loaded.reports,
        indexes,
        loaded.context.taxonomy,
        conv,
        build_date(config, loaded.cases),
        frozenset(documents),
    )
    templates = config.path(config.templates_dir)
    with locked(out), staged(out) as stage, ThreadPoolExecutor(1) as background:
        previous = stage.previous
        # The search index is kept, updated where an edit changed it, or built from scratch,
        # while pages render (for a large site in a process of its own).
        searched = search.search_cases(docs, loaded.context.taxonomy, conv)
        tax = loaded.context.taxonomy
        terms = [t.id for t in tax.mechanisms], [t.id for t in tax.outcomes]
        plan = search.plan_index(previous.search, searched, *terms)
        bundle = [p for p in previous.files if p.startswith(search.ROOT)]
        if plan.mode == "keep" and not all(previous.reusable(out, p) for p in bundle):
            plan = replace(plan, mode="full")
        indexing = background.submit(_index, plan, searched, terms, stage, bundle)
        del searched
        with timings.step("views"):
            pages: list[Page] = Views(site).all_pages() + root_pages(site)
            pages.append(review_page(site, choices))
        with timings.step("render"):
            settings = config.model_dump(mode="json", exclude={"output_dir", "cache_dir", "jobs"})
            salt = digest(code_version(), tree_digest(templates), settings)
            fingerprints = {p.path: digest(salt, p.template, p.context) for p in pages}
            kept = {
                p.path
                for p in pages
                if previous.pages.get(p.path) == fingerprints[p.path]
                and previous.reusable(out, p.path)
            }
            stage.reuse(sorted(kept))
            fresh = [p for p in pages if p.path not in kept]
            env = make_env(templates, conv)
            batch: list[OutputFile] = []
            for file in progress((render_page(env, p) for p in fresh), "pages", len(fresh)):
                batch.append(file)
                if len(batch) == 64:
                    stage.add(batch)
                    batch = []
            stage.add(batch + static_files(templates))
        with timings.step("data+feeds"):
            stage.add(data_files(site) + citation_files(site))
            stage.add([OutputFile(source_document(n), raw) for n, raw in documents.items()])
            stage.add(feeds_and_maps(site, [p.path for p in pages]))
        with timings.step("search index (wait)"):
            batches, kept_index = indexing.result()
            for batch in batches:
                stage.add(batch)
            stage.reuse(kept_index)
        if inputs:
            stage.add([OutputFile(INPUTS, inputs.encode("ascii"))])
        with timings.step("write"):
            written = stage.commit(fingerprints, plan.state)
    save_strings(loaded)
    return BuildResult(
        out,
        written,
        len(pages),
        len(fresh),
        len(loaded.cases),
        draft_count,
        conv.opencc_calls,
        timings,
        Built(loaded, site, env),
    )
