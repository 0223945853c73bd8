"""Search index benchmark: size, build time and memory, bytes fetched and latency per query.

For each corpus size it generates synthetic cases with benchmarks/bench.py's generator
(sentences of the bundled cases, real localities, 40 mechanisms, 10 % Traditional), turns
them into what the indexer reads (the text of each case in both scripts, field by field),
and in a child process (so that its peak memory is its own) builds the index, then rebuilds
it with one case edited. The index is served over HTTP beside a minimal search page and 20
queries are run in headless Chromium, each in a fresh page: bytes fetched below /search/
(gzip -6 of each file, as a server compressing on the fly would send them) and time from the
first index request until the results are shown.

    python benchmarks/search_bench.py                 # 1,000, 5,000 and 10,000 cases
    python benchmarks/search_bench.py --cases 1000

Needs Chromium at /usr/bin/chromium (Playwright drives it; no browser is downloaded).
"""

from __future__ import annotations

import argparse
import functools
import gc
import gzip
import json
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from statistics import median

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

import bench  # noqa: E402

from govcases.model import OutputFile, Script  # noqa: E402
from govcases.site.search import (  # noqa: E402
    SearchCase,
    index_files,
    plan_index,
    text_files,
    update_index,
)
from govcases.site.search.files import (  # noqa: E402
    meta_file,
    small_files,
    write_files,
    write_pass,
)

QUERIES = [
    "治理",
    "網格",
    "网格化管理",
    "一窗式",
    "最多跑一次",
    "社会治理创新",
    "政務服務",
    "数字经济 电商",
    "党建 社区",
    '"智慧治理"',
    "5G",
    "4G基站",
    "2020",
    "DEPA",
    "量子计算",
    "矛盾纠纷化解",
    "广州",
    "乡村振兴 产业",
    "营商环境",
    "民",
]
SIZES = (1000, 5000, 10000)
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

HARNESS = """<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>bench</title>
<link rel="preload" href="/search/meta.json" as="fetch" crossorigin>
<link rel="preload" href="/search/fold.json" as="fetch" crossorigin>
</head><body><form data-search data-index="/search/" data-prefix="/zh-hans/">
<input id="q" name="q"><select name="province"><option value=""></option></select>
<select name="mechanism"><option value=""></option></select>
<select name="outcome"><option value=""></option></select>
<select name="level"><option value=""></option></select>
<select name="year"><option value=""></option></select></form>
<p data-search-status></p><ol data-search-results></ol><p data-search-more hidden><button>
</button></p><template data-search-text data-none="none" data-count="{n}" data-shown="{n}/{k}"
data-loading="…" data-hint="hint" data-error="error"></template>
<script type="module" src="/assets/search.js"></script></body></html>
"""


def search_case(case: bench.SyntheticCase, names: dict[str, str]) -> SearchCase:
    """A synthetic case as the indexer sees it, in both scripts (Traditional via OpenCC)."""
    blocks = [h for h, _ in case.sections] + [b for _, bs in case.sections for b in bs]
    body = [line.lstrip("- ").strip() for b in blocks for line in b.splitlines() if line.strip()]
    hans = (
        (case.title,),
        (case.locality, *case.place.chain),
        tuple(names[m] for m in case.mechanism_ids + case.outcomes),
        (case.summary,),
        tuple(body),
        tuple(m["label"] for m in case.metrics),
        tuple(s["title"] for s in case.sources),
    )
    texts: dict[Script, tuple[tuple[str, ...], ...]] = {
        "hans": hans,
        "hant": tuple(tuple(bench.to_hant(s) for s in f) for f in hans),
    }
    return SearchCase(
        case.id,
        case.start,
        case.place.province,
        tuple(case.mechanism_ids),
        tuple(case.outcomes),
        texts,
    )


def measured_pass(
    folder: Path, cases: list[SearchCase], counts: bool
) -> tuple[dict[str, int], list[int], float, int, int]:
    """`write_pass` in a process of its own: its result, seconds, and RSS before and at peak."""
    gc.set_threshold(50_000, 20, 100)  # as the build does (pipeline.fewer_collections)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    sizes, lengths = write_pass(folder, cases, counts)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return sizes, lengths, seconds, before * 1024, peak * 1024


def child(n: int, seed: int, out: Path) -> None:
    """Generate, index (as the build does: its two passes in two spawned processes, side by
    side, the shards written as made), update after one edit (checked against indexing from
    scratch); write the files and a JSON report."""
    cases, taxonomy, _ = bench.generate(n, seed)
    names = {t["id"]: t["name"] for g in ("mechanisms", "outcomes") for t in taxonomy[g]}
    searched = [search_case(c, names) for c in cases]
    searched.sort(key=lambda c: c.id)
    tax = [t["id"] for t in taxonomy["mechanisms"]], [t["id"] for t in taxonomy["outcomes"]]
    gc.set_threshold(50_000, 20, 100)
    start = time.perf_counter()
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        runs = [pool.submit(measured_pass, out, searched, c).result for c in (True, False)]
        (counted, lengths, *count_run), (positioned, _, *position_run) = (r() for r in runs)
    write_files(out, [meta_file(lengths, counted | positioned), *small_files(searched, *tax)])
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    texts = text_files(searched)  # written by the build itself
    text_seconds = time.perf_counter() - start
    write(out, texts)
    found = (out / "search").rglob("*.json")
    old = {p.relative_to(out).as_posix(): p.read_bytes() for p in found}
    state = plan_index("", searched, *tax).state
    edited = searched[n // 2]
    fields = list(edited.texts["hans"])
    fields[4] = (*fields[4], "新增一段：编辑后的案例正文。")
    searched[n // 2] = SearchCase(
        edited.id,
        edited.year,
        edited.province,
        edited.mechanisms,
        edited.outcomes,
        {"hans": tuple(fields), "hant": edited.texts["hant"]},
    )
    start = time.perf_counter()
    plan = plan_index(state, searched, *tax)
    planned = time.perf_counter()
    updated = update_index(plan, searched, *tax, old.get)
    edit = time.perf_counter() - start
    assert plan.mode == "update" and updated is not None
    scratch = {f.path: f.content for f in index_files(searched, *tax) + text_files(searched)}
    assert {**old, **{f.path: f.content for f in updated}} == scratch, "update differs"
    report = {
        "cases": n,
        "files": len(old),
        "bytes": sum(map(len, old.values())),
        "gzip": sum(gz(c) for c in old.values()),
        "seconds": seconds,
        "passes": [count_run, position_run],  # per pass: seconds, RSS before, RSS at peak
        "text_seconds": text_seconds,
        "edit_seconds": edit,
        "plan_seconds": planned - start,
        "edit_changed": len(updated),
    }
    (out / "report.json").write_text(json.dumps(report), "utf-8")


def write(out: Path, files: list[OutputFile]) -> None:
    for f in files:
        path = out / f.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f.content)
    (out / "assets").mkdir(exist_ok=True)
    shutil.copy(REPO / "templates/static/search.js", out / "assets/search.js")
    (out / "bench.html").write_text(HARNESS, "utf-8")


@functools.cache
def gz(content: bytes) -> int:
    return len(gzip.compress(content, 6))


SERVER = """
import functools, http.server, sys
class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as any production server
    disable_nagle_algorithm = True  # TCP_NODELAY, as any production server (nginx: tcp_nodelay on)
    def log_message(self, *args):
        pass
handler = functools.partial(Handler, directory=sys.argv[1])
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""
WARM = """(q) => new Promise((resolve) => {
  const status = document.querySelector('[data-search-status]');
  const start = performance.now();
  const seen = new MutationObserver(() => {
    const s = status.textContent;
    if (s && s !== '…') { seen.disconnect(); resolve(performance.now() - start); }
  });
  seen.observe(status, {childList: true, characterData: true, subtree: true});
  const form = document.querySelector('form');
  form.q.value = q;
  form.dispatchEvent(new Event('submit', {cancelable: true}));
})"""


def browse(out: Path) -> list[tuple[str, int, int, float, float, float]]:
    """Per query: results, gzip bytes fetched below /search/; in a fresh page (nothing
    loaded yet) ms from the start of the navigation until the results show and ms from the
    first index request; and ms in a page that ran the previous query (meta.json and
    fold.json loaded). The files are served by a separate process."""
    from playwright.sync_api import sync_playwright

    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(out)], stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None
    base = f"http://127.0.0.1:{server.stdout.readline().strip()}"
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            warm_page = browser.new_page()
            warm_page.goto(f"{base}/bench.html?q={QUERIES[-1]}")
            warm_page.wait_for_function(READY, timeout=60000)
            for query in QUERIES:
                context = browser.new_context()
                page = context.new_page()
                page.add_init_script(SHOWN)
                fetched: list[str] = []
                page.on(
                    "request",
                    lambda r, into=fetched: into.append(r.url) if "/search/" in r.url else None,
                )
                page.goto(f"{base}/bench.html?q={query}")
                page.wait_for_function("window.shownAt !== undefined", timeout=60000)
                done = page.evaluate("window.shownAt")
                first = page.evaluate(
                    "Math.min(...performance.getEntriesByType('resource')"
                    ".filter(e => e.name.includes('/search/')).map(e => e.startTime))"
                )
                status = page.inner_text("[data-search-status]")
                count = 0 if status == "none" else int(status.split("/")[0])
                paths = {u.split(base + "/", 1)[1] for u in fetched}
                size = sum(gz((out / path).read_bytes()) for path in paths)
                context.close()
                warm = warm_page.evaluate(WARM, query)
                rows.append((query, count, size, done, done - first, warm))
            browser.close()
    finally:
        server.terminate()
        server.wait()
    return rows


SHOWN = """new MutationObserver((changes, seen) => {
  const s = document.querySelector('[data-search-status]');
  if (s && s.textContent && s.textContent !== "\u2026") {
    window.shownAt = performance.now();
    seen.disconnect();
  }
}).observe(document, {childList: true, characterData: true, subtree: true});"""
READY = (
    "() => { const s = document.querySelector('[data-search-status]').textContent;"
    " return s && s !== '…'; }"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, action="append", help="corpus size (repeatable)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.cases[0], args.seed, args.child)
        return 0
    summary = []
    for n in args.cases or SIZES:
        work = Path(tempfile.mkdtemp(prefix="govcases-search-bench-"))
        try:
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--cases",
                    str(n),
                    "--seed",
                    str(args.seed),
                    "--child",
                    str(work),
                ],
                check=True,
            )
            r = json.loads((work / "report.json").read_text("utf-8"))
            load = " ".join(f"{x:.1f}" for x in os.getloadavg())
            rows = browse(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        (count_s, count_before, count_peak), (pos_s, pos_before, pos_peak) = r["passes"]
        print(
            f"\n{n} cases: {r['files']} files, {r['bytes'] / 2**20:.1f} MiB "
            f"({r['gzip'] / 2**20:.1f} MiB gzip); indexed in {r['seconds']:.1f} s (counts "
            f"{count_s:.1f} s, positions {pos_s:.1f} s, side by side; texts "
            f"{r['text_seconds']:.1f} s), peak RSS {count_peak / 2**20:.0f} + "
            f"{pos_peak / 2**20:.0f} MiB ({count_before / 2**20:.0f} + "
            f"{pos_before / 2**20:.0f} MiB before); one case edited: {r['edit_seconds']:.2f} s "
            f"(of which comparing fingerprints {r['plan_seconds']:.2f} s), "
            f"{r['edit_changed']} files rewritten; load average while browsing {load}"
        )
        print(
            f"{'query':<16} {'results':>7} {'KB gzip':>8} {'ms cold':>8} {'(index)':>8} "
            f"{'ms warm':>8}"
        )
        for query, count, size, ms, from_index, warm in rows:
            print(
                f"{query:<16} {count:>7} {size / 1000:>8.1f} {ms:>8.0f} {from_index:>8.0f} "
                f"{warm:>8.0f}"
            )
        sizes = [row[2] for row in rows]
        cold = [row[3] for row in rows]
        warm = [row[5] for row in rows]
        summary.append((n, r, sizes, cold, warm))
    print(
        "\n| cases | index (gzip) | build | peak RSS (added) | edit one case | "
        "KB/query median (max) | ms cold median (max) | ms warm median (max) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n, r, sizes, cold, warm in summary:
        (_, count_before, count_peak), (_, pos_before, pos_peak) = r["passes"]
        peak = (count_peak + pos_peak) / 2**20
        added = (count_peak - count_before + pos_peak - pos_before) / 2**20
        print(
            f"| {n:,} | {r['gzip'] / 2**20:.1f} MiB | {r['seconds']:.1f} s | "
            f"{peak:.0f} MiB ({added:.0f}) | {r['edit_seconds']:.2f} s | "
            f"{median(sizes) / 1000:.0f} ({max(sizes) / 1000:.0f}) | "
            f"{median(cold):.0f} ({max(cold):.0f}) | {median(warm):.0f} ({max(warm):.0f}) |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
