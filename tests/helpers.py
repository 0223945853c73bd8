"""What several test modules share: the project paths, a project folder to build, case text,
site parsing and link checks, the search oracle, and Hypothesis strategies."""

from __future__ import annotations

import hashlib
import http.server
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml
from hypothesis import strategies as st

from govcases.site.search.postings import FIELD_START
from govcases.site.search.text import FIELDS, ngram_key, shard_of, tokenize
from govcases.zh.conversion import fold

# ---- the project ---------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


SOURCES = ROOT.parent / "shared" / "sources"


SITE_FILES = ("taxonomy.yaml", "places.yaml", "glossary.yaml")


def make_project(tmp: Path, cases: dict[str, str], with_real_cases: bool = False) -> Path:
    """A project folder with the real taxonomy, places, glossary and templates."""
    for name in SITE_FILES:
        shutil.copy(ROOT / name, tmp / name)
    shutil.copytree(ROOT / "templates", tmp / "templates")
    shutil.copytree(ROOT / "pages", tmp / "pages")
    if with_real_cases:
        shutil.copytree(ROOT / "cases", tmp / "cases")
    else:
        (tmp / "cases").mkdir()
    for name, text in cases.items():
        (tmp / "cases" / name).write_text(text, encoding="utf-8")
    return tmp


def case_text(**fields: str) -> str:
    """A valid case file; keyword arguments replace whole front-matter lines by field name."""
    lines = {
        "id": "id: sample",
        "title": "title: 荔湾区一窗式改革",
        "locality": "locality: 广州荔湾",
        "period": "period: {start: 2014}",
        "added": "added: 2026-11-21",
        "mechanisms": "mechanisms: [one-window-service, 異地通辦]",
        "outcomes": "outcomes: [service-efficiency]",
        "summary": "summary: 荔湾区把部门窗口整合为综合窗口。",
        "metrics": "metrics:\n  - {label: 窗口, value: 53, unit: 个, source: s1}",
        "sources": "sources:\n  - {key: s1, title: 来源标题, author: 作者, document: a.txt}",
    }
    lines.update(fields)
    front = "\n".join(v for v in lines.values() if v)
    return f"---\n{front}\n---\n## 背景\n\n正文第一段。\n\n## 举措\n\n正文第二段。\n"


# ---- the built site ------------------------------------------------------------------------------

CASE_IDS = sorted(p.stem for p in (ROOT / "cases").glob("*.md"))


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.lang = ""
        self.alternates: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]
        for key in ("href", "src"):
            if key in a and not (tag == "link" and a.get("rel") in {"canonical", "alternate"}):
                self.links.append(a[key])


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def resolve(site: Path, base: str, url: str) -> tuple[Path, str]:
    parts = urlsplit(url)
    assert parts.path.startswith(base), f"link {url} is outside base {base}"
    target = site / unquote(parts.path[len(base) :])
    if parts.path.endswith("/"):
        target = target / "index.html"
    return target, parts.fragment


def check_links(site: Path, base: str = "/") -> int:
    """Every internal href/src (and #fragment) of every page points at an existing target."""
    parsed = {p: parse(p) for p in html_files(site)}
    checked = 0
    for page, links in parsed.items():
        for url in links.links:
            if url.startswith(("http://", "https://", "mailto:")):
                continue
            if url.startswith("#"):
                target, frag = page, url[1:]
            else:
                target, frag = resolve(site, base, url)
            assert target.is_file(), f"{page.relative_to(site)} links to missing {url}"
            if frag:
                ids = parsed[target].ids if target in parsed else set()
                assert frag in ids, f"{page.relative_to(site)} links to missing #{frag} in {url}"
            checked += 1
    return checked


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class LiveCode(HTMLParser):
    """Elements and attributes that would run or load something the site did not write."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in {"iframe", "object", "embed", "style", "form"} and tag != "form":
            self.found.append(tag)
        if (
            tag == "script"
            and a.get("type") != "application/ld+json"
            and not (a.get("src", "").startswith("/assets/") or a.get("type") == "module")
        ):
            self.found.append(f"script {a}")
        for name, value in a.items():
            if name.startswith("on") or value.strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")


# ---- the search oracle ---------------------------------------------------------------------------

QUERIES = yaml.safe_load((ROOT / "tests/data/search-queries.yaml").read_text("utf-8"))["queries"]


QUOTES = re.compile("[“”「」『』]")


def parts(query: str) -> list[str]:
    """Query parts as the search page reads them: space-separated, or "quoted"."""
    folded = QUOTES.sub('"', fold(query))
    found = [
        m.group(1) if m.group(1) is not None else m.group(0)
        for m in re.finditer(r'"([^"]*)"?|[^ "]+', folded)
    ]
    return [p for p in found if p.strip()]


def part_pattern(part: str) -> re.Pattern[str]:
    """A folded part as a regular expression over folded text: its characters in a row
    (spaces between them ignored), Latin words and numbers only as whole words."""
    toks = re.findall(r"[0-9a-z]+|[^ ]", part)
    out = "(?<![0-9a-z])" if toks[0][0].isascii() and toks[0][0].isalnum() else ""
    for i, t in enumerate(toks):
        if i:
            word_pair = toks[i - 1][-1].isascii() and toks[i - 1][-1].isalnum()
            word_pair = word_pair and t[0].isascii() and t[0].isalnum()
            out += " +" if word_pair else " *"
        out += re.escape(t)
    if toks[-1][-1].isascii() and toks[-1][-1].isalnum():
        out += "(?![0-9a-z])"
    return re.compile(out)


def corpus_texts(site: Path) -> dict[str, list[str]]:
    """Case id → every indexed segment in both scripts, folded (from the published texts)."""
    texts: dict[str, list[str]] = {}
    for script in ("hans", "hant"):
        for path in sorted((site / "search/text" / script).glob("*.json")):
            data = json.loads(path.read_text("utf-8"))
            texts.setdefault(data["id"], []).extend(fold(s) for f in data["fields"] for s in f)
    return texts


def oracle(texts: dict[str, list[str]], query: str) -> set[str]:
    patterns = [part_pattern(p) for p in parts(query)]
    return {
        case
        for case, segments in texts.items()
        if patterns and all(any(p.search(s) for s in segments) for p in patterns)
    }


class Index:
    def __init__(self, site: Path) -> None:
        self.root = site / "search"
        self.meta: dict[str, Any] = json.loads((self.root / "meta.json").read_text("utf-8"))

    def entries(self, family: str, key: str) -> list[int]:
        shard = shard_of(key, self.meta["shards"][family])
        data = json.loads((self.root / family / f"{shard}.json").read_text("utf-8"))
        return list(data.get(key, []))

    def part(self, toks: list[str]) -> dict[int, list[int]]:
        """Case number → occurrences per field."""
        hits: dict[int, list[int]] = {}
        if len(toks) <= 2:
            e, doc = self.entries(str(len(toks)), ngram_key(toks)), 0
            for i in range(0, len(e), 2):
                doc += e[i]
                hits.setdefault(doc, [0] * len(FIELDS))[e[i + 1] & 7] += e[i + 1] >> 3
            return hits
        offsets = [*range(0, len(toks) - 3, 3), len(toks) - 3]
        places = []
        for o in offsets:
            e, doc, i, at = self.entries("p", ngram_key(toks[o : o + 3])), 0, 0, {}
            while i < len(e):
                doc += e[i]
                n, p, ps = e[i + 1], 0, []
                for k in range(n):
                    p += e[i + 2 + k]
                    ps.append(p)
                at[doc] = set(ps)
                i += 2 + n
            places.append(at)
        for doc, first in places[0].items():
            if all(doc in m for m in places[1:]):
                for p in first:
                    if all(p + o in m[doc] for o, m in zip(offsets[1:], places[1:], strict=True)):
                        field = max(f for f, s in enumerate(FIELD_START) if s <= p)
                        hits.setdefault(doc, [0] * len(FIELDS))[field] += 1
        return hits

    def search(self, query: str) -> set[str]:
        found = [self.part(tokenize(p)) for p in parts(query) if tokenize(p)]
        if not found:
            return set()
        docs = set(found[0]).intersection(*found[1:])
        return {self.ids()[d] for d in docs}

    def ids(self) -> list[str]:
        """Case ids by case number (from the per-case texts)."""
        texts = (self.root / "text/hans").glob("*.json")
        found = {int(p.stem): json.loads(p.read_text("utf-8"))["id"] for p in texts}
        return [found[n] for n in range(self.meta["cases"])]


# ---- Hypothesis strategies -----------------------------------------------------------------------

# Text that looks like what editors and sources produce: Chinese in both scripts, ASCII
# punctuation, digits, Markdown and YAML syntax, pinyin, whitespace of every kind.
chinese = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


syntax = st.sampled_from(
    [
        *list("-:#[]{}&*!|>'\"%@`,;?()（）。，、：；\n\r\t  0123456789."),
        "---",
        "- ",
        "## ",
        "\n\n",
        "-{",
        "}-",
        "wǎng",
        "<script>",
        "&a",
        "*a",
        "zh-hans:",
        "javascript:",
    ]
)


editor_text = st.lists(
    st.one_of(chinese, syntax, st.characters(exclude_categories=["Cs"])), max_size=120
).map("".join)


# ---- the browser ---------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass
