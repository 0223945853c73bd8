"""Synthetic corpus for the benchmarks: N realistic cases written as a govcases project.

Sentences are sampled from the bundled cases, places are real GB/T 2260 localities of 30
provinces, the taxonomy is extended to 40 mechanisms and 15 outcomes, and ~10% of the cases
are written in Traditional Chinese. The same seed gives the same files.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from govcases.content.load import find_case_files, split_front_matter
from govcases.content.places import Gazetteer, load_divisions, short_name
from govcases.zh.conversion import Converter, detect_script

REPO = Path(__file__).resolve().parent.parent
SITE_FILES = ("taxonomy.yaml", "places.yaml", "glossary.yaml", "conversion-review.yaml")
SECTIONS = ("背景", "举措", "成效", "启示")
TARGET_MECHANISMS = 40
TARGET_OUTCOMES = 15
PROVINCES = 30
TRADITIONAL_SHARE = 0.10
BODY_BYTES = 3400

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


@functools.cache
def converter() -> Converter:
    """The project's converter, Taiwan variant, without the site glossary: a Traditional case
    file is OpenCC's spelling of its Simplified text."""
    return Converter("s2tw")


def to_hant(text: str) -> str:
    """Simplified → Traditional (Taiwan characters); memoized by the converter."""
    return converter().convert(text, "hans", "hant")


@functools.cache
def gazetteer() -> Gazetteer:
    """The project's GB/T 2260 division table (no zones: cases name divisions only)."""
    return Gazetteer(load_divisions(), [])


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
        for path in find_case_files(cases_dir):
            text = path.read_text(encoding="utf-8")
            if detect_script(text) == "hant":
                text = converter().convert(text, "hant", "hans")
            yaml_text, body, _ = split_front_matter(path.name, text)
            front = yaml.safe_load(yaml_text)
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
    province: str  # its code


def load_places(rng: random.Random) -> list[Place]:
    """Prefecture-level cities and districts of 30 mainland provinces."""
    table = gazetteer()
    levels = {code: d.level for code, d in table.by_code.items()}
    mainland = sorted(c for c, level in levels.items() if level == "province" and c < "700000")
    provinces = set(rng.sample(mainland, PROVINCES))
    places = []
    for code, level in levels.items():
        chain = table.ancestors(code)
        if level != "province" and chain[0].code in provinces:
            places.append(Place(code, tuple(d.name for d in chain), chain[0].code))
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
    divisions = {code: d.name for code, d in gazetteer().by_code.items()}
    return cases, taxonomy, divisions


def write_project(root: Path, cases: list[SyntheticCase], taxonomy: dict[str, Any]) -> None:
    for name in SITE_FILES:
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "pages", root / "pages")
    (root / "taxonomy.yaml").write_text(
        "# Real taxonomy plus synthetic terms (benchmarks/corpus.py).\n" + dump_yaml(taxonomy),
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
