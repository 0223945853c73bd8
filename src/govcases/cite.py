"""Citations of a case page: GB/T 7714-2015 text, BibTeX and RIS; and of its sources."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Source


@dataclass(frozen=True)
class Citation:
    gbt: str
    bibtex: str
    ris: str


def case_citation(
    *, publisher: str, title: str, url: str, added: str, cited: str, place: str, lang: str, key: str
) -> Citation:
    """The case page as an online document: 责任者. 题名[EB/OL]. (发表日期)[引用日期]. 获取路径."""
    gbt = f"{publisher}. {title}[EB/OL]. ({added})[{cited}]. {url}."
    bibtex = (
        f"@misc{{{key},\n  title = {{{_bib(title)}}},\n  author = {{{{{_bib(publisher)}}}}},\n"
        f"  year = {{{added[:4]}}},\n  date = {{{added}}},\n  url = {{{url}}},\n"
        f"  urldate = {{{cited}}},\n  language = {{{lang}}},\n  note = {{{_bib(place)}}}\n}}\n"
    )
    ris = "\r\n".join(
        [
            "TY  - ELEC",
            f"TI  - {title}",
            f"AU  - {publisher}",
            f"PB  - {publisher}",
            f"PY  - {added[:4]}",
            f"DA  - {added.replace('-', '/')}",
            f"UR  - {url}",
            f"Y2  - {cited.replace('-', '/')}",
            f"LA  - {lang}",
            f"CY  - {place}",
            "ER  - ",
            "",
        ]
    )
    return Citation(gbt, bibtex, ris)


def source_citation(source: Source) -> str:
    """A cited source in GB/T 7714-2015 form: [EB/OL] when online, [Z] for other documents."""
    who = source.author or source.publisher
    kind = "EB/OL" if source.url else "Z"
    text = f"{who}. {source.title}[{kind}]"
    if source.publisher and source.author:
        text += f". {source.publisher}"
    if source.date:
        text += f", {source.date}" if source.publisher and source.author else f". {source.date}"
    if source.page:
        text += f": {source.page}"
    if source.url:
        text += f". {source.url}"
    return text + "."


def _bib(text: str) -> str:
    """Escape the characters BibTeX treats specially."""
    for char in "\\{}%&$#_":
        text = text.replace(char, "\\" + char)
    return text
