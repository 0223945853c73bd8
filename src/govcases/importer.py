"""`govcases import`: raw source articles (plain text or saved HTML, either script) → draft case
files for an editor to finish.

The steps, each a small function:

1. `read_article`: the text (HTML reduced to its text with the stdlib parser);
2. `clean_lines`: site chrome, navigation, spam and furniture lines dropped (patterns in
   `_NOISE`), pinyin annotations removed, NFC;
3. `split_pieces`: one piece per locality heading (宁夏固原：…) or per report of a compilation
   (title, author and date lines); the lead-in before the first split is the article's own
   introduction and is dropped, unless it has section headings of its own (a page that starts
   in the middle of the previous case, as 001 does);
4. `paragraphs` + `body_markdown`: hard-wrapped lines joined, section headings mapped to
   背景 / 举措 / 成效 / 启示;
5. candidates for the front matter (`find_place`, `find_metrics`, `find_terms`, `guess_start`),
   every guess marked `# 待核对` on its line.

Nothing is invented: figures, names and years are copied from the article, and every field
the article does not state is a placeholder (待补充) for the editor.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import yaml

from . import normalize
from .load import present, read_text, without_controls
from .model import BuildError, Diagnostic, Region, Script
from .places import Gazetteer, place_slug, short_name
from .taxonomy import Kind
from .validate import Context
from .zh import Converter, detect_script

REVIEW = "# 待核对"  # YAML comment marking a guessed field
TODO = "待补充"  # placeholder for what the article does not state
MAX_TERMS = 5

# Lines that are never article text. Each pattern is searched in a stripped line.
_NOISE = [
    r"網站首頁|网站首页|網站地圖|网站地图",  # site navigation
    r"[|｜]",  # navigation bars use | separators; article prose does not
    r"^\S+\s*>\s*\S+\s*>",  # breadcrumb 人民論壇網·國家治理網> 治理要聞> 正文 (site kept)
    r"上一[頁页篇]|下一[頁页篇]",  # pagination and links to neighbouring articles
    r"^(責任編輯|责任编辑)\s*[:：]",
    r"^(標籤|標簽|标签|關鍵詞|关键词)\s*[:：]",
    r"^(展开阅读全文|展開閱讀全文)",
    r"^(瀏覽次數|浏览次数|阅读次数|閱讀次數|Visits)\s*[:：]",
    r"^(评论被关闭|評論被關閉|在线咨询|在線諮詢)",
    # 核心提示 is the site's teaser: a copy of a sentence of the article (001), or of another
    # page (004); keeping it would put text into the wrong case.
    r"^核心提示\s*[:：]",
    r"^\d+$",  # bare counters (0)
    r"^(https?://|www\.)\S*$",  # URL-only lines
    r"^(资源描述|資源描述|目录|目錄)$",  # library catalogue furniture (003)
]
_NOISE_RE = re.compile("|".join(f"(?:{p})" for p in _NOISE))
_SPAM_WORDS = re.compile(r"激情|色图|色圖|破解|成人|博彩|彩票|棋牌|视频|視頻|裸")
_URL = re.compile(r"https?://|www\.|\.(com|net|cn|org)\b")
_BREADCRUMB = re.compile(r"^(\S+?)\s*>\s*\S+\s*>")
# A credits block ends many reports: 顾问：… 组长：… 执笔：… (002); it is not case text.
_CREDITS = re.compile(r"^(顾问|顧問|组长|組長|成员|成員|执笔|執筆)[:：]")
_AUTHOR = re.compile(r"(调研组|調研組|课题组|課題組|研究室|研究中心|编辑部|編輯部|研究院)$")
_RUN_IN_HEADING = re.compile(r"(?<=[。！？”])((?:探索|创新|創新)(?:背景|举措|舉措|成效))(?=\S)")
_DATE_LINE = re.compile(r"^[(（](\d{4})年(\d{1,2})月(\d{1,2})日[)）]$")
# A locality heading: PROVINCE+PLACE, a colon (ASCII or full-width), the case title.
_PLACE_HEADING = re.compile(r"^([^:：\s]{2,10})[:：]\s*(\S.{1,40})$")
_PAGE_NUMBER = re.compile(r"\s\d+$")  # table-of-contents lines end with a page number

_SENTENCE_END = "。！？!?；;…"
_LIST_MARKER = re.compile(
    r"^([(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、是]|\d+[.、．]"
    r"|[启啟]示[一二三四五六七八九十])"
)
_NUMBERED_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
# Section keywords in the order they are tried: 成效启示 is 成效, 经验启示 is 启示.
_SECTIONS = [
    ("背景", re.compile(r"背景|现状|現狀|基本情况|基本情況")),
    ("成效", re.compile(r"成效|效果|成果|成绩|成績")),
    ("启示", re.compile(r"启示|啟示|建议|建議|对策|對策|思考")),
    ("举措", re.compile(r"举措|舉措|做法|措施")),
]
_UNITS = [
    *("万人次", "人次", "平方公里", "万平方米", "平方米", "万户", "万份", "万张", "万人"),
    *("万元", "亿元", "万册", "公里", "余家", "余场", "余张", "余项", "余人", "余个", "%"),
    *"个项件家名人户台张份场次所条座篇套辆",
]
_MEASURE_WORDS = set("个项件家名户台张份场所条座篇套辆")  # counted noun follows the unit
_CLAUSE_BREAK = '，。；：、！？,;:（）()“”"《》'
_START_CUES = [
    re.compile(r"(\d{4})年(?:以来|以來|起|开始|開始)"),
    re.compile(r"(?:自|从|從)(\d{4})年"),
    re.compile(
        r"(\d{4})年[^，。,;；]{0,12}?(?:成立|启动|啟動|试点|試點|推行|开展|開展|实施|實施|建立)"
    ),
]


@dataclass(frozen=True)
class Draft:
    id: str  # suggested ASCII id from the pinyin of the place
    locality: str
    text: str  # the complete draft case file (front matter + body)
    guessed: tuple[str, ...]  # names of fields that are guesses needing review


@dataclass
class Piece:
    """The part of an article about one locality (or one report of a compilation)."""

    title: str
    place: str  # the place of a locality heading; "" when the title has none
    lines: list[str]
    author: str = ""
    date: str = ""
    page: int | None = None
    fragment: bool = False  # lead-in continuing a case from the previous page


@dataclass
class Article:
    title: str
    publisher: str
    author: str
    pieces: list[Piece] = field(default_factory=list)


# ---------------------------------------------------------------------------------- reading


class _TextExtractor(HTMLParser):
    """Text of a saved HTML page; page furniture elements are skipped whole."""

    SKIP = frozenset({"script", "style", "nav", "header", "footer", "head", "noscript"})
    BLOCK = frozenset(
        {"p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "blockquote"}
        | {"pre", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))  # source line breaks are not text


def html_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


MAX_ARTICLE_BYTES = 8 * 1024 * 1024  # a saved web page with its markup


def read_article(path: Path) -> str:
    """The article's text, without control characters (a page may carry any)."""
    text = without_controls(read_text(path, str(path), MAX_ARTICLE_BYTES))
    looks_html = re.match(r"\s*<(!doctype|html)", text, re.I) is not None
    if path.suffix.lower() in (".html", ".htm") or looks_html:
        text = html_text(text)
    return text


# ---------------------------------------------------------------------------------- cleaning


def clean_lines(text: str) -> tuple[list[str], str]:
    """Article lines ("" for a blank line) without chrome, plus the site name (publisher)."""
    text = normalize.strip_pinyin_notes(unicodedata.normalize("NFC", text))
    # A section heading run into the paragraph before it (000: …测报系统”。探索成效山东青岛…).
    text = _RUN_IN_HEADING.sub("\n\n\\1\n\n", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    publisher = ""
    kept: list[str] = []
    for line in lines:
        crumb = _BREADCRUMB.match(line)
        if crumb and not publisher:
            publisher = crumb.group(1)
        if not any(kept) and _is_spam(line):  # spam above the page (004)
            continue
        if _NOISE_RE.search(line):
            continue
        if line.startswith("•") and not any(kept):
            continue  # an unrelated bullet list above the real title (002)
        if _CREDITS.match(line.replace(" ", "")):
            while kept and not kept[-1]:
                kept.pop()
            if kept and kept[-1].endswith(("组", "組")):
                kept.pop()  # the credits' own heading (“…”联合调研组)
            break
        if line and kept and line == next((k for k in reversed(kept) if k), None):
            continue  # the title printed twice
        kept.append(line)
    return kept, publisher


def _is_spam(line: str) -> bool:
    return bool(_URL.search(line) and _SPAM_WORDS.search(line))


# ---------------------------------------------------------------------------------- splitting


def split_pieces(lines: list[str], ctx: Context) -> Article:
    """Cut the article at locality headings and at report titles (title, author, date)."""
    filled = [i for i, line in enumerate(lines) if line]
    starts: dict[int, Piece] = {}
    for n, i in enumerate(filled):
        m = _PLACE_HEADING.match(lines[i])
        if m and _is_place_heading(m.group(1), lines[i], ctx):
            starts[i] = Piece(normalize.inline(lines[i]), m.group(1), [])
        date = _DATE_LINE.match(lines[i])
        if date and n >= 2:
            title_at, author_at = filled[n - 2], filled[n - 1]
            y, mo, d = (int(g) for g in date.groups())
            starts[title_at] = Piece(
                normalize.inline(lines[title_at]),
                "",
                [],
                author=lines[author_at],
                date=f"{y:04d}-{mo:02d}-{d:02d}",
                page=_toc_page(lines[title_at], lines),
            )
    head = [line for line in lines[: min(starts, default=len(lines))] if line]
    title = normalize.inline(head[0]) if head else ""
    author = next((h for h in head[1:] if _AUTHOR.search(h) and len(h) <= 30), "")
    article = Article(title, "", author)
    lead = [h for h in head[1:] if h != author]
    if not starts:  # one article, one case (002)
        article.pieces.append(Piece(title, "", lead, author=author))
    elif any(_section_of(h) for h in lead):  # the lead-in is the end of a case (001)
        article.pieces.append(Piece(title, "", lead, fragment=True))
    ordered = sorted(starts)
    for k, i in enumerate(ordered):
        piece = starts[i]
        end = ordered[k + 1] if k + 1 < len(ordered) else len(lines)
        piece.lines = lines[i + 1 : end]
        if piece.date:  # the author and date lines under a report title are metadata
            piece.lines = [x for x in piece.lines if x != piece.author and not _DATE_LINE.match(x)]
        article.pieces.append(piece)
    return article


def _is_place_heading(place: str, line: str, ctx: Context) -> bool:
    """宁夏固原：… — a resolvable place that starts with a province; never a contents line."""
    if _PAGE_NUMBER.search(line) or line.endswith("。"):
        return False
    folded = ctx.fold(place)
    region, _ = ctx.gazetteer.resolve(folded)
    if region is None:
        return False
    return folded.startswith((region.province.name, short_name(region.province.name)))


def _toc_page(title: str, lines: list[str]) -> int | None:
    """Page of a report in the compilation's table of contents (`<title> 6`)."""
    wanted = title.replace(" ", "")
    for line in lines:
        m = re.match(r"^(.*\S)\s+(\d+)$", line)
        if m and m.group(1).replace(" ", "") == wanted:
            return int(m.group(2))
    return None


# ---------------------------------------------------------------------------------- body


def _is_heading(line: str) -> bool:
    """A short line without sentence punctuation: a section or topic heading."""
    if _NUMBERED_HEADING.match(line):
        return len(line) <= 30 and "。" not in line
    return len(line) <= 20 and not re.search(r"[，。；,;]", line) and line[-1] not in "：:"


def _section_of(line: str) -> str:
    """背景 / 举措 / 成效 / 启示 for a section heading (探索背景, 成都舉措, 一、基本现状) or ""."""
    if not (_NUMBERED_HEADING.match(line) or len(line) <= 8) or not _is_heading(line):
        return ""
    return next((name for name, pattern in _SECTIONS if pattern.search(line)), "")


def paragraphs(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines (PDF text): a line not ending a sentence continues on the next
    line, unless either is a heading or the next starts a numbered item."""
    out: list[str] = []
    open_line = False  # the last paragraph may continue on the next line
    for line in lines:
        if not line:
            open_line = False
            continue
        if open_line and not _is_heading(line) and not _LIST_MARKER.match(line):
            out[-1] = _join(out[-1], line)
        else:
            out.append(line)
        last = out[-1]
        open_line = last[-1] not in _SENTENCE_END and not _is_heading(last)
    return out


def _join(left: str, right: str) -> str:
    ascii_gap = left[-1].isascii() and left[-1].isalnum() and right[0].isascii()
    return left + (" " if ascii_gap else "") + right


ORDER = ("背景", "举措", "成效", "启示")


def body_markdown(paras: list[str], script: Script, conv: Converter, fragment: bool) -> str:
    """Markdown body with ## 背景 / 举措 / 成效 / 启示 (in the draft's script). Text before the
    first section heading is the background; in a fragment continuing from the previous page
    it belongs to the section before the first heading (举措 when the page resumes at 成效)."""
    out: list[str] = []
    used: list[str] = []
    lead = "背景"
    first = next((s for p in paras if (s := _section_of(p))), "")
    if fragment and first:
        lead = ORDER[max(0, ORDER.index(first) - 1)]

    def open_section(name: str) -> None:
        used.append(name)
        out.append("## " + conv.convert(name, "hans", script))

    for para in paras:
        section = _section_of(para)
        if section and section not in used:
            open_section(section)
            continue
        if not used:
            open_section(lead)
        if _is_heading(para):
            # Unnumbered topic headings after the background are the measures (002).
            if used[-1] == "背景" and not _LIST_MARKER.match(para) and "举措" not in used:
                open_section("举措")
            out.append("### " + normalize.inline(para))
            continue
        if re.match(r"^[启啟]示[一二三四五六七八九十]", para) and "启示" not in used:
            open_section("启示")
        out.append(normalize.inline(para))
    return "\n\n".join(out) + "\n"


# ---------------------------------------------------------------------------------- candidates


@lru_cache(maxsize=4)
def _place_names(gazetteer: Gazetteer) -> frozenset[str]:
    names = set()
    for d in gazetteer.by_code.values():
        names |= {d.name, short_name(d.name)}
    for z in gazetteer.zones:
        names |= {z.name, *z.aliases}
    return frozenset(n for n in names if len(n) >= 2)


def _mentions(text: str, ctx: Context) -> Counter[tuple[str, str]]:
    """(division code, zone) → how often the folded text names it (longest names first)."""
    names = _place_names(ctx.gazetteer)
    found: Counter[tuple[str, str]] = Counter()
    named_in_full: set[tuple[str, str]] = set()
    i = 0
    while i < len(text):
        for size in range(min(10, len(text) - i), 1, -1):
            word = text[i : i + size]
            if word in names:
                region, _ = ctx.gazetteer.resolve(word)
                if region is not None:  # ambiguous names (城区, 和平) count for nothing
                    key = (region.most_specific.code, region.zone)
                    found[key] += 1
                    if short_name(word) != word:
                        named_in_full.add(key)
                i += size - 1
                break
        i += 1
    # A short name alone is often a common word (资源, 安宁): it counts only for a place that
    # the text also names in full (新乡市, 荔湾区, 江北新区).
    return Counter({k: n for k, n in found.items() if k in named_in_full})


def find_place(piece: Piece, body: str, ctx: Context) -> tuple[str, Region | None, bool]:
    """(locality in Simplified, region, guessed). The heading's place, refined to a district or
    zone within it that the text names at least half as often; without a heading, the place
    the title (else the text) names most."""
    text = ctx.fold(body)
    mentions = _mentions(text, ctx)
    if piece.place:
        folded = ctx.fold(piece.place)
        anchor, _ = ctx.gazetteer.resolve(folded)
        base = _drop_province(folded, anchor, ctx)
        guessed = False
    else:
        in_title = _mentions(ctx.fold(piece.title), ctx) or mentions
        if not in_title:
            return TODO, None, True
        (code, zone), _ = max(in_title.items(), key=lambda kv: (kv[1], len(kv[0][0].rstrip("0"))))
        anchor = ctx.gazetteer.region(code, zone)
        base = _compose(anchor)
        guessed = True
    if anchor is None:
        return base, None, True
    top = anchor.most_specific.code
    own = mentions.get((top, anchor.zone), 0) + sum(
        n for (c, z), n in mentions.items() if c == top and z != anchor.zone
    )
    inside = [
        (n, c, z)
        for (c, z), n in mentions.items()
        if (c != top and c.startswith(_prefix(top))) or (c == top and z and not anchor.zone)
    ]
    if inside:
        n, code, zone = max(inside)
        if n >= max(2, own / 2):
            sub = zone or ctx.gazetteer.by_code[code].name
            base, guessed = base + sub, True
    zone_in_title = re.search(r"([\u4e00-\u9fff]{2})(社区|街道|新区|开发区)", ctx.fold(piece.title))
    if not piece.place and zone_in_title and zone_in_title.group(0) not in base:
        base += zone_in_title.group(0)  # 张青社区 (003)
    region, _ = ctx.gazetteer.resolve(base)
    return base, region, guessed


def _prefix(code: str) -> str:
    return code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code


def _drop_province(place: str, region: Region | None, ctx: Context) -> str:
    """宁夏固原 → 固原 when the rest still names the same place."""
    if region is None:
        return place
    for prov in (region.province.name, short_name(region.province.name)):
        rest = place[len(prov) :]
        if place.startswith(prov) and len(rest) >= 2:
            again, _ = ctx.gazetteer.resolve(rest)
            if again is not None and again.most_specific == region.most_specific:
                return rest
    return place


def _compose(region: Region) -> str:
    """南昌青山湖区, 安康, 南京江北新区: the city's short name, the district, the zone."""
    parts = []
    if region.city is not None:
        parts.append(short_name(region.city.name))
    if region.district is not None:
        parts.append(region.district.name)
    if not parts:
        parts.append(short_name(region.province.name))
    return "".join(parts) + region.zone


@dataclass(frozen=True)
class Figure:
    label: str
    value: str  # digits as printed
    unit: str


def find_metrics(paras: list[str], conv: Converter) -> list[Figure]:
    """Numbers with a unit (53个, 162.3%, 22.9万份, 41.58万人次), labelled by the counted noun
    after a measure word, else by the words before the number."""
    units = sorted(
        {u for s in _UNITS for u in (s, conv.convert(s, "hans", "hant"))} | {"％"},
        key=len,
        reverse=True,
    )
    pattern = re.compile(
        rf"(?<![\d.A-Za-z第])(\d+(?:\.\d+)?)\s*({'|'.join(map(re.escape, units))})"
    )
    measure_words = {u for u in units if len(u) == 1 and conv.to_hans(u) in _MEASURE_WORDS}
    out: list[Figure] = []
    seen: set[tuple[str, str]] = set()
    for para in paras:
        text = normalize.inline(para)
        for m in pattern.finditer(text):
            unit = m.group(2).replace("％", "%")
            after = re.split(rf"[{_CLAUSE_BREAK}\d和及与與]", text[m.end() :], maxsplit=1)[0]
            clauses = re.split(rf"[{_CLAUSE_BREAK}]", text[: m.start()])
            before = pattern.split(clauses[-1])[-1]  # words after the previous figure
            before = before.lstrip("".join(units) + "年月日")  # 5个 in “9个贫困县中的5个”
            after = after.removeprefix("的")
            counted = unit[-1] in measure_words or not before
            label = after if counted and len(after) >= 2 else before
            if not label:  # “百姓说事点”225个: the name just before
                label = next((c for c in reversed(clauses[:-1]) if c.strip()), "")
            figure = Figure(label[-20:].strip() or unit, m.group(1), unit)
            if (figure.value, unit) not in seen:  # 3名村支书, 3个村… once
                seen.add((figure.value, unit))
                out.append(figure)
    return out


def find_terms(text: str, ctx: Context, kind: Kind) -> list[str]:
    """Taxonomy ids whose name or synonyms occur in the text (either script), most often
    named first, at most MAX_TERMS."""
    folded = ctx.fold(text)
    counts = []
    for order, term in enumerate(ctx.taxonomy.terms(kind)):
        n = sum(folded.count(ctx.fold(w)) for w in (term.name, *term.synonyms))
        if n:
            counts.append((-n, order, term.id))
    return [term_id for _, _, term_id in sorted(counts)[:MAX_TERMS]]


def guess_start(text: str, latest: int) -> int | None:
    """Earliest year tied to the initiative (2015年以来, 自2014年, 2006年成立), else the earliest
    year from 2000 on that the text names."""
    cued = [int(y) for p in _START_CUES for y in p.findall(text)]
    cued = [y for y in cued if 1978 <= y <= latest]
    if cued:
        return min(cued)
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})年", text)]
    years = [y for y in years if 2000 <= y <= latest]
    return min(years) if years else None


# ---------------------------------------------------------------------------------- output


def _yaml(value: str) -> str:
    """A YAML scalar: plain when that reads back as the same text, else double-quoted."""
    plain = value and not re.search(r"[:#,\[\]{}&*!|>'\"%@`]|^[-?\s]|\s$", value)
    if plain:
        try:
            plain = yaml.safe_load(value) == value
        except yaml.YAMLError:
            plain = False
    return value if plain else json.dumps(value, ensure_ascii=False)


def _number(value: str) -> str:
    return value if "." not in value else json.dumps(value)  # keep 91.70 as printed


def make_draft(
    piece: Piece, article: Article, document: str, ctx: Context, conv: Converter, added: str
) -> Draft:
    paras = paragraphs(piece.lines)
    text = "\n".join([piece.title, *paras])
    script = detect_script(text)

    def local(s: str) -> str:  # a Simplified word in the draft's script
        return conv.convert(s, "hans", script)

    guessed: list[str] = []

    def entry(name: str, value: str, guess: bool) -> str:
        """A front-matter line; a guess is listed in `guessed` and marked on its line."""
        line = f"{name}: {value}" if value else f"{name}:"
        if guess:
            guessed.append(name)
            line += "  " + REVIEW
        return line

    place, region, place_guessed = find_place(piece, text, ctx)
    locality = local(place)
    slug = place_slug(place, region)
    front = [
        "---",
        f"id: {slug}",
        entry("title", _yaml(piece.title or local(TODO)), piece.fragment or not piece.title),
        entry("locality", _yaml(locality), place_guessed or region is None),
    ]
    if region is not None:
        front.append(f"region_code: {region.most_specific.code}")
    else:  # ambiguous or unknown: the editor pins it
        guessed.append("region_code")
        front.append(f"# region_code:  {REVIEW}：地名无法唯一确定，请填写 GB/T 2260 代码")
    start = guess_start(text, int(added[:4]) if added[:4].isdigit() else 9999)
    front.append(entry("period", f"{{start: {start or 'null'}}}", True))
    if _cut_off(piece, paras):
        front.append(entry("status", "partial", True))
        note = local(TODO + "：草稿缺少举措或成效部分，请核对来源是否完整、是否分页")
        front.append(f"status_note: {_yaml(note)}")
    else:
        front.append("status: complete")
    front.append(f"added: {added}")
    kinds: tuple[tuple[Kind, str], ...] = (("mechanism", "mechanisms"), ("outcome", "outcomes"))
    for kind, name in kinds:
        front.append(entry(name, "[" + ", ".join(find_terms(text, ctx, kind)) + "]", True))
    prose = [p for p in paras if not _is_heading(p)]
    first = re.split(r"(?<=[。！？])", normalize.inline(prose[0]))[0] if prose else ""
    front.append(entry("summary", _yaml(local(TODO) + "：" + first), True))
    figures = find_metrics(paras, conv)
    if figures:
        front.append(entry("metrics", "", True))
        front += [
            f"  - {{label: {_yaml(f.label)}, value: {_number(f.value)}, "
            f"unit: {_yaml(f.unit)}, source: s1}}"
            for f in figures
        ]
    front += _source_lines(piece, article, document, local(TODO), guessed)
    front.append("---")
    body = body_markdown(paras, script, conv, piece.fragment)
    return Draft(slug, locality, "\n".join(front) + "\n" + body, tuple(guessed))


def _cut_off(piece: Piece, paras: list[str]) -> bool:
    """A case the page cut off: a lead-in continuing the previous page, or a case with section
    headings of its own that lacks 举措 or 成效 (it goes on on the next page)."""
    sections = {s for p in paras if (s := _section_of(p))}
    return piece.fragment or (bool(sections) and not {"举措", "成效"} <= sections)


def _source_lines(
    piece: Piece, article: Article, document: str, todo: str, guessed: list[str]
) -> list[str]:
    """s1: the article (or, in a compilation, the report with the compilation as publisher)."""
    if piece.date:  # a report of a compilation
        title, author, publisher = piece.title, piece.author, article.title
    else:
        title, author, publisher = article.title, article.author, article.publisher
    out = ["sources:", "  - key: s1", f"    title: {_yaml(title or todo)}"]
    if author:
        out.append(f"    author: {_yaml(author)}")
    if publisher:
        out.append(f"    publisher: {_yaml(publisher)}")
    if not author and not publisher:
        guessed.append("sources")
        out[0] = f"sources:  {REVIEW}"
        out.append(f"    author: {_yaml(todo)}  {REVIEW}")
    if piece.date:
        out.append(f"    date: {piece.date}")
    out.append(f"    document: {_yaml(document)}")
    if piece.page is not None:
        out.append(f"    page: {piece.page}")
    return out


def import_article(path: Path, ctx: Context, conv: Converter, added: str) -> list[Draft]:
    """Draft case files for every locality the article at `path` covers."""
    lines, publisher = clean_lines(read_article(path))
    article = split_pieces(lines, ctx)
    article.publisher = publisher
    return [make_draft(p, article, path.name, ctx, conv, added) for p in article.pieces]


def write_drafts(drafts: list[Draft], cases_dir: Path) -> list[Path]:
    """Write `<id>.md` for each draft; refuses (writing nothing) if any file exists."""
    paths = [cases_dir / f"{d.id}.md" for d in drafts]
    problems = [
        Diagnostic(
            str(p),
            0,
            "id",
            "file exists; a draft never overwrites a case",
            "exists",
            "rename the draft's id or remove the file",
        )
        for p in paths
        if present(p)
    ]
    problems += [
        Diagnostic(str(p), 0, "id", "two drafts have this id", "duplicate-id", "rename one")
        for i, p in enumerate(paths)
        if p in paths[:i]
    ]
    if problems:
        raise BuildError(problems)
    cases_dir.mkdir(parents=True, exist_ok=True)
    for draft, path in zip(drafts, paths, strict=True):
        with path.open("x", encoding="utf-8") as f:  # "x": never clobber a file made meanwhile
            f.write(draft.text)
    return paths
