"""Text clean-up so editors needn't be careful: NFC, punctuation width, spacing, pinyin debris,
hard wrapping. Every function is idempotent: normalizing normalized text changes nothing."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, pinyin

# Han ideographs plus CJK punctuation and full-width forms: the "Chinese side" of a boundary.
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK = HAN + r"\u3000-\u303f\uff01-\uff60\u2018-\u201d\u2026\u2014"

_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# A Han character followed by a parenthesised lower-case Latin syllable: 網(wǎng), 頁(yè).
_PINYIN_NOTE = re.compile(rf"([{HAN}])\(([a-zü{_TONE_VOWELS}]{{1,7}})\)")
_SPACE_BETWEEN = re.compile(rf"(?<=[{CJK}])[ \t\u3000]+(?=[{CJK}])")
# Full-width punctuation carries its own spacing: spaces after or before it are stray.
_SPACE_AT_PUNCT = re.compile(
    r"(?<=[，。、；：！？）」』])[ \t\u3000]+|[ \t\u3000]+(?=[，。、；：！？（「『])"
)
_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# ASCII , ; : ? ! touching Chinese on either side, but never between two digits (1,000; 3:2).
_PUNCT_AFTER = re.compile(rf"(?<=[{CJK}])([,;:?!])(?![0-9A-Za-z/])")
_PUNCT_BEFORE = re.compile(rf"(?<![0-9A-Za-z])([,;:?!])(?=[{CJK}])")
_PARENS = re.compile(rf"\(([^()\n]*[{HAN}][^()\n]*)\)")


@lru_cache(maxsize=4096)
def _readings(char: str) -> frozenset[str]:
    return frozenset(pinyin(char, style=Style.TONE, heteronym=True)[0])


def _drop_pinyin(match: re.Match[str]) -> str:
    char, note = match.group(1), match.group(2)
    if note in _readings(char) or any(v in note for v in _TONE_VOWELS):
        return char
    return match.group(0)


def strip_pinyin_notes(text: str) -> str:
    """網(wǎng)站 → 網站; (5), (DEPA), (2021) are not pinyin and stay."""
    return _PINYIN_NOTE.sub(_drop_pinyin, text)


_SPACED_PUNCT = re.compile(rf"(?<=[{CJK}])[ \t]+(?=[,;:?!])|(?<=[,;:?!])[ \t]+(?=[{CJK}])")


def fix_punctuation(text: str) -> str:
    """ASCII punctuation between Chinese characters becomes full-width; numbers, URLs and Latin
    text keep theirs."""
    while True:  # to a fixed point: a converted mark makes its neighbour Chinese-adjacent (一::)
        before = text
        text = _SPACED_PUNCT.sub("", text)  # 窗口 , 网上 → 窗口,网上 → 窗口，网上
        text = _PUNCT_AFTER.sub(lambda m: _HALF_PUNCT[m.group(1)], text)
        text = _PUNCT_BEFORE.sub(lambda m: _HALF_PUNCT[m.group(1)], text)
        text = _PARENS.sub(r"（\1）", text)
        if text == before:
            return text


def collapse_spaces(text: str) -> str:
    return _SPACE_AT_PUNCT.sub("", _SPACE_BETWEEN.sub("", text))


def bibliographic(text: str) -> str:
    """Normalize a title or name copied from a source: NFC, pinyin notes removed, whitespace
    squeezed, but spaces and punctuation kept as printed (they separate subtitles and names)."""
    return " ".join(strip_pinyin_notes(unicodedata.normalize("NFC", text)).split())


def inline(text: str) -> str:
    """Normalize a one-line field (title, label, summary)."""
    text = unicodedata.normalize("NFC", text)
    text = " ".join(text.split())
    return collapse_spaces(fix_punctuation(strip_pinyin_notes(text)))


_BLOCK_START = re.compile(r"^\s*(#|[-*+]\s|\d+[.)]\s|>|\||```|~~~|<|!\[|\[\^)")


def markdown_body(text: str) -> str:
    """Normalize a Markdown body: inline rules on prose lines; hard-wrapped lines of one
    paragraph joined (no space between Chinese, one space between Latin words); code kept."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    out: list[str] = []
    in_code = False
    for raw in text.split("\n"):
        line = raw.rstrip()
        if _is_fence(line):
            in_code = not in_code
            out.append(line)
            continue
        if in_code or raw.startswith(("    ", "\t")):
            out.append(line)
            continue
        if not _BLOCK_START.match(line):
            line = line.strip()
        line = _clean(line)
        prev = out[-1] if out else ""
        continues = line and prev and not _BLOCK_START.match(line)
        if continues and not prev.startswith("#") and not _is_fence(prev):
            out[-1] = _clean(_join(prev, line))  # the join can bring 一 and : together
        else:
            out.append(line)
    while out and not out[-1]:
        out.pop()
    blocks = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")
    return blocks + "\n" if blocks else ""


def _clean(line: str) -> str:
    return collapse_spaces(fix_punctuation(strip_pinyin_notes(line)))


def _is_fence(line: str) -> bool:
    return line.lstrip().startswith(("```", "~~~"))


def _join(left: str, right: str) -> str:
    if re.match(rf"[{CJK}]", left[-1]) or re.match(rf"[{CJK}]", right[0]):
        return left + right
    return left + " " + right
