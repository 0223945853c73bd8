"""Measuring builds: wall time and peak RSS of a process tree, pages changed, live edits.

Every build runs as a subprocess in its own session; its peak memory is that of the whole
tree (govcases and its conversion workers), sampled from /proc every 20 ms.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from corpus import SyntheticCase, dump_yaml

from govcases.preview.serve import STATUS


class BenchError(Exception):
    """A build failed: nothing to measure."""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss: int  # bytes, whole process tree
    pages: int  # *.html in the output folder
    changed: int  # *.html added or different from the previous run


def _process_table() -> Iterator[tuple[int, int, int]]:
    """(pid, ppid, rss in pages) of every process."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat.rsplit(b")", 1)[1].split()
        yield int(entry.name), int(fields[1]), int(fields[21])


def tree_rss(root: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    table = list(_process_table())
    children: dict[int, list[int]] = {}
    rss = {}
    for pid, ppid, pages in table:
        children.setdefault(ppid, []).append(pid)
        rss[pid] = pages
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total * os.sysconf("SC_PAGE_SIZE")


TIMEOUT = [3600.0]  # seconds per build; set from --timeout


def measure(
    cmd: Sequence[str], cwd: Path, log: Path, env: dict[str, str] | None = None
) -> tuple[float, int]:
    """Run cmd; return wall seconds and peak RSS of its process tree in bytes.

    The peak is the larger of the summed RSS of the tree sampled every 20 ms (catches
    parallel workers) and the kernel's max RSS of the child and its reaped descendants
    (os.wait4, exact for a single process)."""
    peak = 0
    done = threading.Event()
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, **(env or {})},
        )
        timed_out = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.02):
                peak = max(peak, tree_rss(proc.pid))
                if time.perf_counter() - start > TIMEOUT[0] and not timed_out.is_set():
                    timed_out.set()
                    os.killpg(proc.pid, signal.SIGKILL)  # the build's own process group

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if timed_out.is_set():
        raise BenchError(f"{' '.join(cmd)} did not finish within {TIMEOUT[0]:.0f} s; killed")
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise BenchError(f"{' '.join(cmd)} failed with exit code {proc.returncode}:\n{tail}")
    return seconds, max(peak, usage.ru_maxrss * 1024)


class Site:
    """Counts the HTML pages of an output folder and how many changed since the last look."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hashes: dict[str, bytes] = {}

    def look(self) -> tuple[int, int]:
        hashes = {
            str(p.relative_to(self.folder)): hashlib.blake2b(p.read_bytes()).digest()
            for p in self.folder.rglob("*.html")
        }
        changed = sum(1 for k, v in hashes.items() if self.hashes.get(k) != v)
        self.hashes = hashes
        return len(hashes), changed


def timed(
    cmd: Sequence[str], cwd: Path, site: Site, log: Path, env: dict[str, str] | None = None
) -> Run:
    seconds, rss = measure(cmd, cwd, log, env)
    pages, changed = site.look()
    return Run(seconds, rss, pages, changed)


def edit_case(path: Path, marker: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\n基准测试编辑：{marker}。\n", encoding="utf-8")


def rename_mechanism(path: Path, term_id: str) -> str:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    term = next(t for t in data["mechanisms"] if t["id"] == term_id)
    term["name"] += "（更名）"
    path.write_text(dump_yaml(data), encoding="utf-8")
    return str(term["name"])


@dataclass(frozen=True)
class Live:
    """Two edits under a preview server (`govcases serve`, `hugo server`)."""

    page: float  # seconds from saving the file until the server sends the edited page
    again: float  # the same for a second save right after the first was shown
    complete: float | None  # from the first save until search, data and feeds are refreshed
    peak_rss: int  # bytes, the server's process tree over its whole life


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return str(r.read().decode("utf-8"))
    except (OSError, http.client.HTTPException):
        return ""


def wait_for(check: Callable[[], bool], what: str) -> float:
    """Poll every 10 ms; seconds until check() held."""
    start = time.perf_counter()
    while not check():
        if time.perf_counter() - start > TIMEOUT[0]:
            raise BenchError(f"{what}: not within {TIMEOUT[0]:.0f} s")
        time.sleep(0.01)
    return time.perf_counter() - start


def live_edit(
    cmd: Sequence[str],
    cwd: Path,
    log: Path,
    base: Callable[[], str],
    case: Path,
    page: str,
    marker: str,
    complete: Callable[[str, int], bool] | None = None,
) -> Live:
    """Start a preview server, wait until it serves, append a sentence with `marker` to the
    case file and time until `page` shows it; again; then until complete(base, version)."""
    peak = 0
    done = threading.Event()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.02):
                peak = max(peak, tree_rss(proc.pid))

        threading.Thread(target=sample, daemon=True).start()
        try:
            url = ""

            def ready() -> bool:
                nonlocal url
                if proc.poll() is not None:
                    raise BenchError(f"{' '.join(cmd)} exited: {log.read_text()[-3000:]}")
                url = url or base()
                return bool(url and fetch(url + page))

            wait_for(ready, "server start")
            version = _version(url)
            edit_case(case, marker)
            seconds = wait_for(lambda: marker in fetch(url + page), "edited page")
            edit_case(case, marker + "-again")  # govcases: while its background build runs
            again = wait_for(lambda: marker + "-again" in fetch(url + page), "second edit")
            whole = None
            if complete is not None:
                whole = seconds + again + wait_for(lambda: complete(url, version), "refresh")
        finally:
            done.set()
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=60)
    return Live(seconds, again, whole, peak)


def _version(url: str) -> int:
    status = fetch(url + STATUS)
    return int(json.loads(status)["version"]) if status else 0


def refreshed(url: str, version: int) -> bool:
    """govcases serve: two quick edits (version + 2), then its background builds (+ 3 or more)."""
    status = json.loads(fetch(url + STATUS) or "{}")
    return bool(status) and status["version"] >= version + 3 and not status["refreshing"]


def served_at(log: Path) -> Callable[[], str]:
    def base() -> str:
        text = log.read_text(encoding="utf-8", errors="replace")
        found = re.search(r"Serving (http://\S+?)/ ", text)
        return found.group(1) if found else ""

    return base


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def live_govcases(project: Path, case_id: str, govcases: str, logs: Path) -> Live:
    log = logs / "govcases-serve.log"
    cmd = [govcases, "--root", str(project), "serve", "--port", "0"]
    case = project / "cases" / f"{case_id}.md"
    page = f"/zh-hans/cases/{case_id}/"
    return live_edit(cmd, project, log, served_at(log), case, page, "govcases-live", refreshed)


def live_hugo(root: Path, case_id: str, hugo: str, logs: Path) -> Live:
    port = free_port()
    cmd = [hugo, "server", "--source", str(root), "--port", str(port), "--bind", "127.0.0.1"]
    case = root / "content" / "zh-hans" / "cases" / f"{case_id}.md"
    page = f"/zh-hans/cases/{case_id}/"
    base = f"http://127.0.0.1:{port}"
    return live_edit(cmd, root, logs / "hugo-server.log", lambda: base, case, page, "hugo-live")


def bench_govcases(
    project: Path, cases: list[SyntheticCase], govcases: str, logs: Path
) -> tuple[dict[str, Run], str]:
    for stale in ("_site", "._site.staging", ".govcases-cache"):
        shutil.rmtree(project / stale, ignore_errors=True)
    cmd = [govcases, "--root", str(project), "build"]
    site = Site(project / "_site")
    runs = {"cold": timed(cmd, project, site, logs / "govcases-cold.log")}
    runs["no-op"] = timed(cmd, project, site, logs / "govcases-noop.log")
    edited = cases[len(cases) // 2]
    edit_case(project / "cases" / f"{edited.id}.md", "govcases")
    runs["edit one case"] = timed(cmd, project, site, logs / "govcases-edit.log")
    used = Counter(t for c in cases for t in c.mechanism_ids)
    term_id, uses = used.most_common(1)[0]
    rename_mechanism(project / "taxonomy.yaml", term_id)
    runs["rename term"] = timed(cmd, project, site, logs / "govcases-rename.log")
    return runs, f"{term_id} (used by {uses} cases)"


NO_RELATED = "cold, no related lists"


def bench_hugo(root: Path, cases: list[SyntheticCase], hugo: str, logs: Path) -> dict[str, Run]:
    for stale in ("public", "resources", ".hugo_build.lock"):
        path = root / stale
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    cmd = [hugo, "--quiet", "--source", str(root)]
    site = Site(root / "public")
    runs = {"cold": timed(cmd, root, site, logs / "hugo-cold.log")}
    runs["no-op"] = timed(cmd, root, site, logs / "hugo-noop.log")
    edited = cases[len(cases) // 2]
    edit_case(root / "content" / "zh-hans" / "cases" / f"{edited.id}.md", "hugo")
    runs["edit one case"] = timed(cmd, root, site, logs / "hugo-edit.log")
    used = Counter(t for c in cases for t in c.mechanism_ids)
    term_id = used.most_common(1)[0][0]
    for lang in ("zh-hans", "zh-hant"):
        index = root / "content" / lang / "mechanisms" / term_id / "_index.md"
        index.write_text(index.read_text(encoding="utf-8").replace("\n---", "（更名）\n---", 1))
    runs["rename term"] = timed(cmd, root, site, logs / "hugo-rename.log")
    # Related cases are most of Hugo's time here; a build without them shows how much.
    shutil.rmtree(root / "public")
    plain = {"HUGO_PARAMS_NORELATED": "true"}
    runs[NO_RELATED] = timed(cmd, root, site, logs / "hugo-cold-no-related.log", plain)
    return runs
