"""An article for `govcases import`: read (HTML reduced to its text), cleaned of site chrome
and furniture, split into one piece per locality or report, and its paragraphs as Markdown
with the 背景 / 举措 / 成效 / 启示 sections."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from govcases.content.places import short_name
from govcases.content.validate import Context
from govcases.editor.genres import Front, read_front
from govcases.model import Script
from govcases.read.files import read_text, without_controls
from govcases.zh import normalize
from govcases.zh.conversion import Converter

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
    r"^(分享到|分享至)\s*[:：]",  # share buttons
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


_BREADCRUMB = re.compile(r"^(?:[^:：>]*[:：])?\s*(\S+?)\s*>\s*(\S+?)\s*>")


# The first step of a breadcrumb that names no site: 首页 > 新闻中心 > 正文.
_HOME = re.compile(r"^(首页|首頁|主页|主頁|网站首页|網站首頁|Home)$", re.I)


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
    author: str
    front: Front  # what the page says of itself: publisher, container, date, keywords…
    pieces: list[Piece] = field(default_factory=list)
    printed: str = ""  # the title exactly as printed: a compilation's, cited as a container


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


def clean_lines(text: str) -> tuple[list[str], Front]:
    """Article lines ("" for a blank line) without chrome, and what the page says of itself
    (`genres.read_front`); a web page's site (publisher) and column come from its breadcrumb
    (人民論壇網·國家治理網> 治理要聞> 正文), unless it starts at 首页."""
    text = normalize.strip_pinyin_notes(unicodedata.normalize("NFC", text))
    # A section heading run into the paragraph before it (000: …测报系统”。探索成效山东青岛…).
    text = _RUN_IN_HEADING.sub("\n\n\\1\n\n", text)
    lines, front = read_front([" ".join(line.split()) for line in text.split("\n")])
    kept: list[str] = []
    crumbed = False
    for line in lines:
        crumb = _BREADCRUMB.match(line)
        if crumb and not crumbed and front.genre == "web":
            crumbed = True
            site, column = crumb.group(1), crumb.group(2)
            front.publisher = front.publisher or ("" if _HOME.match(site) else site)
            front.container = column
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
    return kept, front


def _is_spam(line: str) -> bool:
    return bool(_URL.search(line) and _SPAM_WORDS.search(line))


def split_pieces(lines: list[str], ctx: Context, front: Front) -> Article:
    """Cut the article at locality headings and at report titles (title, author, date). The
    title and author are the page's own (`front`) when it gives them, else its first line
    and a line naming a research group."""
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
    if front.title and (not head or head[0] != front.title):
        head.insert(0, front.title)  # a journal's title is not among the text lines
    printed = front.title or next((line for line in lines if line), "")
    title = normalize.inline(printed)
    author = front.author or next((h for h in head[1:] if _AUTHOR.search(h) and len(h) <= 30), "")
    article = Article(title, author, front, printed=normalize.bibliographic(printed))
    lead = [h for h in head[1:] if h != author]
    if not starts:  # one article, one case (002)
        article.pieces.append(Piece(title, "", lead, author=author))
    elif any(section_of(h) for h in lead):  # the lead-in is the end of a case (001)
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


def is_heading(line: str) -> bool:
    """A short line without sentence punctuation: a section or topic heading."""
    if _NUMBERED_HEADING.match(line):
        return len(line) <= 30 and "。" not in line
    return len(line) <= 20 and not re.search(r"[，。；,;]", line) and line[-1] not in "：:"


def section_of(line: str) -> str:
    """背景 / 举措 / 成效 / 启示 for a section heading (探索背景, 成都舉措, 一、基本现状) or ""."""
    if not (_NUMBERED_HEADING.match(line) or len(line) <= 8) or not is_heading(line):
        return ""
    return next((name for name, pattern in _SECTIONS if pattern.search(line)), "")


def paragraphs(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines (PDF text): a line not ending a sentence continues on the next
    line, unless either is a heading or the next starts a numbered item. A number cut by the
    wrap (…服务站112 / 2个…) is joined whole, but only when the line before runs to the
    margin: digits after a short line (合计 112) end a paragraph, they are not cut."""
    out: list[str] = []
    width = _margin(lines)
    open_line = False  # the last paragraph may continue on the next line
    previous = ""
    for line in lines:
        if not line:
            open_line = False
            continue
        cut_number = previous[-1:].isdigit() and line[0].isdigit()
        wraps = not cut_number or len(previous) >= width
        if open_line and wraps and not is_heading(line) and not _LIST_MARKER.match(line):
            out[-1] = _join(out[-1], line)
        else:
            out.append(line)
        previous = line
        last = out[-1]
        open_line = last[-1] not in _SENTENCE_END and not is_heading(last)
    return out


def _margin(lines: list[str]) -> int:
    """The length of a line that runs to the margin: 90% of the median of the longer lines."""
    long = sorted(len(line) for line in lines if len(line) > 10)
    return int(long[len(long) // 2] * 0.9) if long else 0


def _join(left: str, right: str) -> str:
    if left[-1].isdigit() and right[0].isdigit():
        return left + right  # one number cut by the wrap
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
    first = next((s for p in paras if (s := section_of(p))), "")
    if fragment and first:
        lead = ORDER[max(0, ORDER.index(first) - 1)]

    def open_section(name: str) -> None:
        used.append(name)
        out.append("## " + conv.convert(name, "hans", script))

    for para in paras:
        section = section_of(para)
        if section and section not in used:
            open_section(section)
            continue
        if not used:
            open_section(lead)
        if is_heading(para):
            # Unnumbered topic headings after the background are the measures (002).
            if used[-1] == "背景" and not _LIST_MARKER.match(para) and "举措" not in used:
                open_section("举措")
            out.append("### " + normalize.inline(para))
            continue
        if re.match(r"^[启啟]示[一二三四五六七八九十]", para) and "启示" not in used:
            open_section("启示")
        out.append(normalize.inline(para))
    return "\n\n".join(out) + "\n"
