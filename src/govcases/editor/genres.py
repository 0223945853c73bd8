"""What a page says about itself, apart from the article: the byline of a news page, the
front matter of a journal article, the chrome and chunk numbers of a document-sharing site.
Each reader takes the article's lines ("" for a blank line) and returns the lines of the
article text with that furniture taken out, and what it learnt in a `Front`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govcases.zh import normalize

_CJK = "\u3400-\u9fff"


@dataclass
class Front:
    """The source record a page gives of itself ("" where it gives nothing)."""

    genre: str = "web"  # web, journal, shared-document
    title: str = ""
    author: str = ""
    publisher: str = ""
    container: str = ""
    date: str = ""
    pages: str = ""
    keywords: tuple[str, ...] = ()
    abstract: str = ""


# ---- news pages: 来源：人民网  作者：张三  发布时间：2022-03-01 10:20 -------------------------

_BYLINE_FIELD = re.compile(
    r"(来源|來源|作者|发布时间|發布時間|发布日期|發布日期|时间|時間|日期)\s*[:：]\s*"
    r"(\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|\d{4}年\d{1,2}月\d{1,2}日|\S+)"
)


def byline(lines: list[str], front: Front) -> list[str]:
    """Lines made only of byline fields are dropped; their author, source and date kept."""
    kept = []
    for line in lines:
        fields = _BYLINE_FIELD.findall(line)
        if not fields or _BYLINE_FIELD.sub("", line).strip(" |｜/"):
            kept.append(line)
            continue
        for name, value in fields:
            if name == "作者":
                front.author = front.author or value
            elif name in ("来源", "來源"):
                front.publisher = front.publisher or value
            else:
                front.date = front.date or _iso_date(value)
    return kept


def _iso_date(value: str) -> str:
    m = re.match(r"(\d{4})\D(\d{1,2})\D(\d{1,2})", value)
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else ""


# ---- journal articles (CNKI and the like) ------------------------------------------------------

_ABSTRACT = re.compile(r"^[〔【\[(（]?\s*摘\s*要\s*(?:[〕】\])）]\s*[:：]?|[:：])\s*(.*)$")
_KEYWORDS = re.compile(
    r"^[〔【\[(（]?\s*(?:关键词|關鍵詞|关键字|關鍵字)\s*[〕】\])）]?\s*[:：]?\s*(.+)$"
)
# Front and back matter of an article: never its text.
_APPARATUS = re.compile(
    r"^[〔【\[]?\s*(?:中图分类号|中圖分類號|文献标识码|文獻標識碼|文章编号|文章編號|DOI|doi"
    r"|收稿日期|基金项目|基金項目|作者简介|作者簡介|通讯作者|通訊作者|引用格式|Abstract"
    r"|Key\s?words)"
)
_REFERENCES = re.compile(r"^[〔【\[]?\s*(?:参考文献|參考文獻|注释|注釋)\s*[〕】\]]?\s*[:：]?$")
_REFERENCE_ITEM = re.compile(r"^\[\d+\]")
# 文章编号：1008-7168(2022)03-0045-08: the issue's year, the first page and the page count.
_ARTICLE_NUMBER = re.compile(r"[(（](\d{4})[)）]\s*\d{1,2}\s*-\s*(\d{4})\s*-\s*(\d{2})")
_JOURNAL_ISSUE = re.compile(rf"^《?([{_CJK}]{{2,20}})》?\s*(\d{{4}})\s*年\s*第\s*\d{{1,2}}\s*期$")
_AFFILIATION = re.compile(r"^[(（].*[)）]$|大学|大學|学院|學院|党校|黨校|研究院|研究所|\d{6}")
_NAME = re.compile(rf"[{_CJK}]{{2,4}}")


def journal(lines: list[str], front: Front) -> list[str]:
    """A journal page (it has a 摘要 line): the title and authors above the abstract, and the
    journal's name and year, go into `front`, the abstract too; the page chrome above the
    title leaves the text with them."""
    at = next((i for i, line in enumerate(lines) if _ABSTRACT.match(line)), None)
    if at is None:
        return lines
    above = [i for i in range(at) if lines[i] and not _AFFILIATION.search(lines[i])]
    authors = _authors(lines[above[-1]]) if above else []
    if not authors or len(above) < 2:
        return lines
    front.genre = "journal"
    front.author = "、".join(authors)
    title_at = above[-2]
    if lines[title_at].startswith("—") and len(above) >= 3:  # a subtitle line: ——以…为例
        title_at = above[-3]
        front.title = normalize.bibliographic(lines[title_at] + lines[above[-2]])
    else:
        front.title = normalize.bibliographic(lines[title_at])
    for line in lines[:title_at]:
        issue = _JOURNAL_ISSUE.match(line)
        if issue:
            front.container, front.date = issue[1], issue[2]
    abstract = [_ABSTRACT.match(lines[at])[1]]  # type: ignore[index]
    rest = at + 1
    while rest < len(lines) and _continues(abstract[-1], lines[rest]):
        abstract.append(lines[rest])  # an abstract hard-wrapped over several lines
        rest += 1
    front.abstract = "".join(abstract).strip()
    return lines[rest:]


def _continues(abstract: str, line: str) -> bool:
    ends = not abstract or abstract[-1] in _SENTENCE_END
    return bool(line) and not ends and not _KEYWORDS.match(line) and not _APPARATUS.match(line)


def apparatus(lines: list[str], front: Front) -> list[str]:
    """On any page: keywords (关键词：a；b；c) kept in `front`, the apparatus (中图分类号,
    文章编号, 基金项目, 作者简介…) and the references (参考文献 and what follows) dropped;
    the pages come from 文章编号 when it gives them."""
    body: list[str] = []
    for line in lines:
        if _REFERENCES.match(line):
            break
        keywords = _KEYWORDS.match(line)
        if keywords:
            words = re.split(r"[；;，,、\s]+", keywords[1])
            front.keywords = tuple(w for w in words if w)
        elif _APPARATUS.match(line):
            _article_number(line, front)
        elif not _REFERENCE_ITEM.match(line):
            body.append(line)
    return body


def _authors(line: str) -> list[str]:
    """李明华1 王晓燕2 / 陳志強1 林美華1,2 / 张三，李四: the names, else []."""
    names = [n for n in re.split(r"[\s,，、;；*∗\d¹²³⁴⁵⁶⁷⁸⁹]+", line) if n]
    return names if names and all(_NAME.fullmatch(n) for n in names) else []


def _article_number(line: str, front: Front) -> None:
    m = _ARTICLE_NUMBER.search(line)
    if m:
        first, count = int(m[2]), int(m[3])
        front.pages = f"{first}-{first + count - 1}" if count > 1 else str(first)
        front.date = front.date or m[1]


# ---- document-sharing sites ----------------------------------------------------------------

_SHARING_SITE = re.compile(
    r"(道客巴巴|doc88|豆丁|docin|百度文库|百度文庫|wenku\.baidu|原创力文档|book118|人人文库|renrendoc)",
    re.I,
)
_SITE_NAMES = {
    "doc88": "道客巴巴",
    "docin": "豆丁网",
    "wenku.baidu": "百度文库",
    "book118": "原创力文档",
}
_SHARING_CHROME = re.compile(
    r"^(?:(?:下载|下載|分享|收藏|举报|舉報|打印|列印|阅读|閱讀)\s*)+$"
    r"|^(?:上传者|上傳者|上传时间|上傳時間|页数|頁數|浏览次数|瀏覽次數|下载次数|下載次數|文档格式|文檔格式)\s*[:：]"
    r"|还剩\s*\d+\s*页未读|還剩\s*\d+\s*頁未讀|继续阅读|繼續閱讀|本文档由用户上传|本文檔由用戶上傳"
    r"|(?:免费|免費)下载|VIP"
)
_DOCUMENT_NAME = re.compile(r"^(.+?)\.(?:docx?|pdf|pptx?|txt|wps)$", re.I)
_CHUNK = re.compile(r"^(\d{1,4})、\s*")
_SENTENCE_END = "。！？!?；;…”」"


def shared_document(lines: list[str], front: Front) -> list[str]:
    """A page of a document-sharing site (it names one): the site's chrome dropped, the
    document's file name taken as its title, and the chunk numbers (1、 2、 … at line starts,
    running on from 1) taken out. A chunk is cut at a fixed length, often inside a word, so
    its first line continues the line before it, unless that line ends a sentence."""
    site = next((m for line in lines if (m := _SHARING_SITE.search(line))), None)
    if site is None:
        return lines
    front.genre = "shared-document"
    name = site[1]
    front.publisher = _SITE_NAMES.get(name.lower(), name)
    out: list[str] = []
    expected = 1
    for line in lines:
        if _SHARING_CHROME.search(line):
            continue
        document = _DOCUMENT_NAME.match(line)
        if document and not front.title:
            front.title = normalize.bibliographic(document[1])
            out.append(front.title)
            continue
        chunk = _CHUNK.match(line)
        if chunk and int(chunk[1]) == expected:
            expected += 1
            line = line[chunk.end() :]
            previous = next((i for i in range(len(out) - 1, -1, -1) if out[i]), None)
            if expected > 2 and previous is not None and out[previous][-1] not in _SENTENCE_END:
                out[previous] += line  # a word split across two chunks
                continue
        out.append(line)
    return out


def read_front(lines: list[str]) -> tuple[list[str], Front]:
    """The article's lines without the furniture of its genre, and the page's own record."""
    front = Front()
    lines = shared_document(lines, front)
    lines = apparatus(journal(lines, front), front)
    return byline(lines, front), front
