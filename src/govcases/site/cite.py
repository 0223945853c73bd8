"""Citations of a case page: GB/T 7714-2015 text, BibTeX and RIS; and of its sources.

BibTeX and RIS are line- and brace-structured, so every value passes through one_line (and
bib_text or url_text) before it is written: no value can end its field, add a field or start
a new record, whatever characters it holds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govcases.model import Source


@dataclass(frozen=True)
class Citation:
    gbt: str
    bibtex: str
    ris: str
    # gbt in five pieces: up to the publication date, the date, up to the access date, the
    # access date, the rest; so a page can keep each date on one line and update the access date
    gbt_parts: tuple[str, str, str, str, str]


def case_citation(
    *, publisher: str, title: str, url: str, added: str, cited: str, place: str, lang: str, key: str
) -> Citation:
    """The case page as an online document: 责任者. 题名[EB/OL]. (发表日期)[引用日期]. 获取路径."""
    parts = (f"{publisher}. {title}[EB/OL]. (", added, ")[", cited, f"]. {url}.")
    gbt = "".join(parts)
    bib_url = url_text(url)
    bibtex = (
        f"@misc{{{bib_key(key)},\n  title = {{{bib_text(title)}}},\n"
        f"  author = {{{{{bib_text(publisher)}}}}},\n"
        f"  year = {{{bib_text(added[:4])}}},\n  date = {{{bib_text(added)}}},\n"
        f"  url = {{{bib_url}}},\n  urldate = {{{bib_text(cited)}}},\n"
        f"  language = {{{bib_text(lang)}}},\n  note = {{{bib_text(place)}}}\n}}\n"
    )
    ris = "\r\n".join(
        [
            "TY  - ELEC",
            f"TI  - {one_line(title)}",
            f"AU  - {one_line(publisher)}",
            f"PB  - {one_line(publisher)}",
            f"PY  - {one_line(added[:4])}",
            f"DA  - {one_line(added.replace('-', '/'))}",
            f"UR  - {url_text(url)}",
            f"Y2  - {one_line(cited.replace('-', '/'))}",
            f"LA  - {one_line(lang)}",
            f"CY  - {one_line(place)}",
            "ER  - ",
            "",
        ]
    )
    return Citation(gbt, bibtex, ris, parts)


def source_citation(source: Source) -> str:
    """A cited source in GB/T 7714-2015 form: [EB/OL] when online, [Z] for other documents;
    a part of a compilation or a website's column follows its container after '//'."""
    who = source.author or source.publisher
    kind = "EB/OL" if source.url else "Z"
    text = f"{who}. {source.title}[{kind}]"
    if source.container:
        text += f"//{source.container}"
    if source.publisher and source.author:
        text += f". {source.publisher}"
    if source.date:
        text += f", {source.date}" if source.publisher and source.author else f". {source.date}"
    if source.pages:
        text += f": {source.pages}"
    if source.url:
        text += f". {source.url}"
    return text + "."


# Every line boundary str.splitlines() knows: LF, VT, FF, CR, FS, GS, RS, NEL, U+2028, U+2029.
_LINE_BREAKS = re.compile("[\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029]+")
# Other C0 and C1 controls, lone surrogates and the noncharacters U+FFFE and U+FFFF.
_JUNK = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def one_line(text: str) -> str:
    """The text on one line: each run of line breaks becomes one space, and control characters
    (tab aside), lone surrogates and U+FFFE/U+FFFF are removed. Ordinary text is unchanged."""
    return _JUNK.sub("", _LINE_BREAKS.sub(" ", text))


# Characters TeX treats specially, each replaced in a single pass. BibTeX counts every brace,
# escaped or not, so braces and the backslash become commands whose own braces are balanced.
_BIB = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
        **{c: "\\" + c for c in "%&$#_"},
    }
)


def bib_text(text: str) -> str:
    """A BibTeX field value: on one line, TeX's special characters escaped, braces balanced."""
    return one_line(text).translate(_BIB)


def bib_key(key: str) -> str:
    """A citation key: characters BibTeX does not allow in a key (space, comma, braces, quotes,
    '#', '%', '=', '\\' and others) become '-'."""
    return re.sub(r"[^A-Za-z0-9_:./+-]", "-", key) or "-"


# Whitespace of every kind (line breaks included), controls, noncharacters, and the characters
# that could close a BibTeX field.
_URL_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\ufffe\uffff{}\\]")


def url_text(url: str, unsafe: str = "") -> str:
    """A URL safe on one line of any export: whitespace, controls, braces, backslashes (and the
    characters in `unsafe`) percent-encoded as UTF-8; a lone surrogate becomes U+FFFD first."""
    url = re.sub("[\ud800-\udfff]", "\ufffd", url)
    pattern = _URL_UNSAFE
    if unsafe:
        pattern = re.compile(f"{_URL_UNSAFE.pattern}|[{re.escape(unsafe)}]")
    return pattern.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), url)
