"""Text clean-up so editors needn't be careful: NFC, punctuation width, spacing, pinyin debris,
hard wrapping. Every function is idempotent: normalizing normalized text changes nothing."""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise

from pypinyin import Style, pinyin

# Han ideographs plus CJK punctuation and full-width forms: the "Chinese side" of a boundary.
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = r"\u3000-\u303f\uff01-\uff60\u2018-\u201d\u2026\u2014"
CJK = HAN + CJK_PUNCT

_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# A Han character followed by a parenthesised lower-case Latin syllable: 網(wǎng), 頁(yè).
_PINYIN_NOTE = re.compile(rf"([{HAN}])\(([a-zü{_TONE_VOWELS}]{{1,7}})\)")
_SPACE_BETWEEN = re.compile(rf"(?<=[{CJK}])[ \t\u3000]+(?=[{CJK}])")
# Full-width punctuation carries its own spacing: spaces after or before it are stray. (Each
# alternative starts only where a run of spaces starts, so a long run is scanned once.)
_SPACE_AT_PUNCT = re.compile(
    r"(?<=[，。、；：！？）」』])[ \t\u3000]+"
    r"|(?<![ \t\u3000])[ \t\u3000]+(?=[，。、；：！？（「『])"
)
_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# ASCII , ; : ? ! touching Chinese on either side. Latin on the other side keeps it ASCII
# (见:http…, DEPA:协定), and so do digits, except for , and ; which between Chinese and a
# digit can only separate clauses (增长,12% ; 共3个,12项): 3:2 and 1,000 are never touched.
_PUNCT_AFTER = re.compile(rf"(?<=[{CJK}])(?:[,;](?![A-Za-z/])|[:?!](?![0-9A-Za-z/]))")
_PUNCT_BEFORE = re.compile(rf"(?:(?<![A-Za-z])[,;]|(?<![0-9A-Za-z])[:?!])(?=[{CJK}])")
_HAN_CHAR = re.compile(rf"[{HAN}]")
_CJK_CHAR = re.compile(rf"[{CJK}]")
_LATIN = re.compile(r"[A-Za-z]")
_CLAUSE = frozenset(",;")  # marks whose conversion a neighbouring digit does not block
_TOKENS = re.compile(r"[ \t]+|[\s\S]")
# Passes of the punctuation rules before the linear fixed-point computation takes over: text
# as written settles in one or two; chains such as 一::::… would otherwise take one per mark.
_PASSES = 4


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
    for _ in range(_PASSES):  # to a fixed point: a converted mark makes its neighbour Chinese-
        before = text  # adjacent (一::)
        text = _SPACED_PUNCT.sub("", text)  # 窗口 , 网上 → 窗口,网上 → 窗口，网上
        text = _PUNCT_AFTER.sub(lambda m: _HALF_PUNCT[m.group(0)], text)
        text = _PUNCT_BEFORE.sub(lambda m: _HALF_PUNCT[m.group(0)], text)
        text = full_width_parens(text)
        if text == before:
            return text
    return _settle(text)


def full_width_parens(text: str) -> str:
    """(…) around Chinese becomes （…）, nested pairs too: a pair on one line whose content
    has a Han character and no ASCII parenthesis left once its inner pairs are converted.
    One pass with a stack (a regular expression needed a pass per level, and backtracked)."""
    if "(" not in text:
        return text
    chars = list(text)
    stack: list[list[int]] = []  # [position of '(', inner pairs all converted, has Han]
    for i, c in enumerate(chars):
        if c == "(":
            stack.append([i, 1, 0])
        elif c == ")":
            if not stack:
                continue
            start, ok, han = stack.pop()
            converted = bool(ok and han)
            if converted:
                chars[start], chars[i] = "（", "）"
            if stack:
                stack[-1][1] &= converted
                stack[-1][2] |= han
        elif c == "\n":
            stack.clear()
        elif stack and _HAN_CHAR.match(c):
            stack[-1][2] = 1
    return "".join(chars)


def _settle(text: str) -> str:
    """The fixed point of the punctuation rules of fix_punctuation (spaces between Chinese and
    ASCII punctuation dropped; ASCII punctuation touching Chinese made full-width) in time
    linear in the text: each mark or run of spaces is looked at again only when a neighbour
    changed, and changes at most once."""
    toks = _TOKENS.findall(text)
    n = len(toks)
    prev = list(range(-1, n - 1))
    nxt = list(range(1, n + 1))
    nxt[-1] = -1
    alive = [True] * n

    def chinese(j: int) -> bool:
        return j >= 0 and _CJK_CHAR.match(toks[j]) is not None

    def mark(j: int) -> bool:
        return j >= 0 and toks[j] in _HALF_PUNCT

    def blocks(neighbour: str, tok: str, also: str) -> bool:
        """Whether this neighbour keeps the mark ASCII (see _PUNCT_AFTER, _PUNCT_BEFORE)."""
        if neighbour == also or _LATIN.fullmatch(neighbour):
            return True
        return neighbour.isascii() and neighbour.isdigit() and tok not in _CLAUSE

    work = deque(j for j, t in enumerate(toks) if t in _HALF_PUNCT or t[0] in " \t")
    while work:
        j = work.pop()
        if not alive[j]:
            continue
        left, right, tok = prev[j], nxt[j], toks[j]
        if tok[0] in " \t":
            if (chinese(left) and mark(right)) or (mark(left) and chinese(right)):
                alive[j] = False
                if left >= 0:
                    nxt[left] = right
                    work.append(left)
                if right >= 0:
                    prev[right] = left
                    work.append(right)
            continue
        if tok not in _HALF_PUNCT:
            continue
        after = chinese(left) and not (right >= 0 and blocks(toks[right], tok, "/"))
        before = chinese(right) and not (left >= 0 and blocks(toks[left], tok, ""))
        if after or before:
            toks[j] = _HALF_PUNCT[tok]
            work.extend(k for k in (left, right) if k >= 0)
    return "".join(t for t, keep in zip(toks, alive, strict=True) if keep)


# Text the rules must leave alone: inline code, the target of a Markdown link or image, an
# autolink, a bare address. A bare address ends before whitespace, Chinese punctuation and
# ASCII punctuation that ends a sentence (`见https://a.cn/x。`, `https://a.cn/x,详见`);
# parentheses belong to it only in pairs (…/Foo_(bar)). It may hold Chinese characters
# (…/wiki/青岛): leaving too much alone is harmless, changing an address is not.
_URL_CHARS = rf"[^\s()<>\[\]{{}}\"'`{CJK_PUNCT}]"
_URL_PAIR = rf"\({_URL_CHARS}*\)"
_PROTECTED = re.compile(
    r"`[^`\n]*`"
    r"|\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)"
    r"|<https?://[^\s<>]*>"
    rf"|https?://(?:{_URL_CHARS}|{_URL_PAIR})*(?:{_URL_CHARS}(?<![.,;:!?*_~])|{_URL_PAIR})"
)
_EDGE = "a"  # what a protected span looks like to the rules beside it: Latin text


def _outside_protected(text: str, clean: Callable[[str], str]) -> str:
    """`clean` applied to the text between protected spans, each piece as if Latin text stood
    beside it (`https://a.cn/x,详见` keeps its comma). Whitespace touching an address is kept,
    so nothing is glued onto it (`见 https://a.cn/x 。` keeps its spaces)."""
    spans = list(_PROTECTED.finditer(text))
    if not spans:
        return clean(text)
    out, at, after = [], 0, ""
    for span in spans:
        before = span.group(0)
        out += [_piece(text[at : span.start()], clean, after, before), before]
        at, after = span.end(), before
    out.append(_piece(text[at:], clean, after, ""))
    return "".join(out)


def _piece(piece: str, clean: Callable[[str], str], after: str, before: str) -> str:
    """Text between the protected spans `after` and `before` ("" at the ends), cleaned (see
    _outside_protected)."""
    lead = piece[: len(piece) - len(piece.lstrip())] if _is_address(after) else ""
    core = piece[len(lead) :]
    trail = core[len(core.rstrip()) :] if _is_address(before) else ""
    core = core[: len(core) - len(trail)]
    if not core:
        return lead + trail
    left = _EDGE if after and not lead else ""
    right = _EDGE if before and not trail else ""
    cleaned = clean(left + core + right)
    return lead + cleaned[len(left) : len(cleaned) - len(right)] + trail


def _is_address(span: str) -> bool:
    """A bare address or an autolink (not code, not a link's target, which `)` closes)."""
    return span[:1] in ("h", "<")


def collapse_spaces(text: str) -> str:
    return _SPACE_AT_PUNCT.sub("", _SPACE_BETWEEN.sub("", text))


def bibliographic(text: str) -> str:
    """Normalize a title or name copied from a source: NFC, pinyin notes removed, whitespace
    squeezed, but spaces and punctuation kept as printed (they separate subtitles and names)."""
    return " ".join(strip_pinyin_notes(unicodedata.normalize("NFC", text)).split())


def inline(text: str) -> str:
    """Normalize a one-line field (title, label, summary)."""
    text = unicodedata.normalize("NFC", text)
    return _clean(" ".join(text.split()))


_BLOCK_START = re.compile(r"^\s*(#|[-*+]\s|\d+[.)]\s|>|\||```|~~~|<|!\[|\[\^)")


def markdown_body(text: str) -> str:
    """Normalize a Markdown body: inline rules on prose lines; hard-wrapped lines of one
    paragraph joined (no space between Chinese, one space between Latin words); code kept.

    Linear in the body: the lines of a paragraph are collected and joined once, then cleaned
    once (cleaning the growing paragraph at every line took minutes for 30,000 lines)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    out: list[list[str]] = []  # blocks, each the cleaned lines that join into it
    in_code = False
    for raw in text.split("\n"):
        line = raw.rstrip()
        if _is_fence(line):
            in_code = not in_code
            out.append([line])
            continue
        if in_code or raw.startswith(("    ", "\t")):
            out.append([line])
            continue
        if not _BLOCK_START.match(line):
            line = line.strip()
        line = _clean(line)
        prev = out[-1] if out else [""]
        continues = line and prev[-1] and not _BLOCK_START.match(line)
        if continues and not prev[0].startswith("#") and not _is_fence(prev[0]):
            prev.append(line)
        else:
            out.append([line])
    while out and not out[-1][0]:
        out.pop()
    lines = [block[0] if len(block) == 1 else _clean(_joined(block)) for block in out]
    blocks = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return blocks + "\n" if blocks else ""


def _joined(lines: list[str]) -> str:
    """Lines of one paragraph joined: directly at Chinese, with a space between Latin."""
    parts = [lines[0]]
    for left, right in pairwise(lines):
        if _ends_in_address(left) or not (_CJK_CHAR.match(left[-1]) or _CJK_CHAR.match(right[0])):
            parts.append(" ")
        parts.append(right)
    return "".join(parts)


def _ends_in_address(line: str) -> bool:
    """A line ending in a bare address or autolink: joining the next line directly would glue
    its first character onto the address."""
    return any(m.end() == len(line) and _is_address(m.group(0)) for m in _PROTECTED.finditer(line))


def _clean(line: str) -> str:
    return _outside_protected(line, _prose)


def _prose(text: str) -> str:
    return collapse_spaces(fix_punctuation(strip_pinyin_notes(text)))


def _is_fence(line: str) -> bool:
    return line.lstrip().startswith(("```", "~~~"))
