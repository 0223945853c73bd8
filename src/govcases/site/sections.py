"""A case's rendered body split into its sections (at each `## ` heading), with the plain text
of each: the full text of a case as its data file publishes it."""

from __future__ import annotations

import re
from html import unescape

from govcases.model import CaseText
from govcases.site.records import SectionRecord

# The body is sanitized HTML with ids only on headings; an h2 is a section heading.
_H2 = re.compile(r'<h2 id="([^"]*)">(.*?)</h2>', re.S)
_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>|</(p|li|h[1-6]|blockquote|pre|tr|table|ul|ol)>", re.I)
_CELL_END = re.compile(r"</t[hd]>", re.I)


def split(body_html: str) -> list[tuple[str, str, str]]:
    """(id, heading HTML, section HTML) per section; text before the first heading, if any,
    is a section with no id and no heading. Joining `<h2 id=…>heading</h2>` and the section
    HTML of every section gives back the body (case_sections trims the line breaks around
    each section's HTML)."""
    parts = _H2.split(body_html)
    out = []
    if parts[0].strip():
        out.append(("", "", parts[0]))
    for i in range(1, len(parts), 3):
        out.append((parts[i], parts[i + 1], parts[i + 2]))
    return out


def plain_text(html: str) -> str:
    """Sanitized HTML as plain text: one line per paragraph, list item, heading or table row
    (cells separated by a tab), tags removed and entities decoded."""
    text = _CELL_END.sub("\t", html)
    text = _BREAK.sub("\n", text)
    text = unescape(_TAG.sub("", text))
    lines = (line.strip(" \t\r") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def case_sections(texts: dict[str, CaseText]) -> list[SectionRecord]:
    """Sections in both scripts (keys zh-Hans, zh-Hant); both scripts have the same headings,
    with the same ids, since the body is rendered once and then converted."""
    split_by = {lang: split(t.body_html) for lang, t in texts.items()}
    first = next(iter(split_by.values()))
    records = []
    for i, (section_id, _, _) in enumerate(first):
        records.append(
            SectionRecord(
                id=section_id,
                heading={lang: plain_text(parts[i][1]) for lang, parts in split_by.items()},
                html={lang: parts[i][2].strip("\n") for lang, parts in split_by.items()},
                text={lang: plain_text(parts[i][2]) for lang, parts in split_by.items()},
            )
        )
    return records
