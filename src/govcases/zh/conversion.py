"""Script detection and Simplified ↔ Traditional conversion. The only module importing OpenCC.

Order of authority, highest first:
1. inline markup in the text: `-{原文}-` is never converted; `-{zh-hans:发卡;zh-hant:發卡}-`
   gives the exact text for each script;
2. the site glossary (`glossary.yaml`): terms with their form in each script;
3. OpenCC's phrase and character dictionaries.
Text already in the target script is never run through OpenCC (only its markup is resolved).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import opencc

from govcases.messages import Message, msg
from govcases.model import BuildError, Diagnostic, Script
from govcases.read.yamlfile import load_data_file

# Reverse OpenCC configuration for each Traditional variant.
REVERSE = {"s2tw": "tw2s", "s2t": "t2s", "s2hk": "hk2s", "s2twp": "tw2sp"}
_MARKUP = re.compile(r"-\{(.*?)\}-", re.S)
_VARIANT = re.compile(r"^\s*zh-(hans|hant)\s*:(.*)$", re.S)


@dataclass(frozen=True)
class GlossaryTerm:
    hans: str
    hant: str
    note: str = ""


@cache
def _only(script: Script) -> frozenset[str]:
    """Characters that exist in one script only: OpenCC always replaces them when converting
    to the other script (its candidates never include the character itself)."""
    name = "STCharacters.txt" if script == "hans" else "TSCharacters.txt"
    path = Path(opencc.__file__).parent / "dictionary" / name
    out = set()
    for line in path.read_text("utf-8").splitlines():
        char, _, forms = line.partition("\t")
        if char not in forms.split():
            out.add(char)
    return frozenset(out)


@cache
def _convertible(script: Script) -> frozenset[str]:
    """Characters OpenCC may replace when converting text of `script` to the other script."""
    name = "TSCharacters.txt" if script == "hant" else "STCharacters.txt"
    path = Path(opencc.__file__).parent / "dictionary" / name
    return frozenset(line.partition("\t")[0] for line in path.read_text("utf-8").splitlines())


@cache
def ambiguous(target: Script) -> dict[str, tuple[str, ...]]:
    """Characters with several possible counterparts in the target script."""
    name = "STCharacters.txt" if target == "hant" else "TSCharacters.txt"
    path = Path(opencc.__file__).parent / "dictionary" / name
    out = {}
    for line in path.read_text("utf-8").splitlines():
        char, _, forms = line.partition("\t")
        candidates = tuple(forms.split())
        if len(candidates) > 1:
            out[char] = candidates
    return out


def detect_script(text: str) -> Script:
    """'hant' when the text has more Traditional-only than Simplified-only characters."""
    trad, simp = _only("hant"), _only("hans")
    traditional, simplified = sum(map(trad.__contains__, text)), sum(map(simp.__contains__, text))
    return "hant" if traditional > simplified else "hans"


def written_in(text: str) -> Script | None:
    """The script the text is written in, or None when no character tells the two apart."""
    trad, simp = _only("hant"), _only("hans")
    traditional, simplified = sum(map(trad.__contains__, text)), sum(map(simp.__contains__, text))
    if traditional == simplified == 0:
        return None
    return "hant" if traditional > simplified else "hans"


def load_glossary(path: Path) -> tuple[GlossaryTerm, ...]:
    raw = load_data_file(path, lists=("terms",))
    terms, problems = [], []
    for i, item in enumerate(raw.get("terms", [])):
        if not isinstance(item, dict) or not item.get("hans") or not item.get("hant"):
            problems.append(
                Diagnostic(
                    path.name,
                    0,
                    f"terms[{i}]",
                    msg("glossary-pair"),
                    "glossary",
                )
            )
            continue
        terms.append(GlossaryTerm(str(item["hans"]), str(item["hant"]), str(item.get("note", ""))))
    if problems:
        raise BuildError(problems)
    return tuple(terms)


Piece = tuple[str, str, str]  # (source text, output text, how: "same"|"markup"|"glossary"|"opencc")


class Converter:
    """Converts between scripts with markup, glossary and OpenCC; memoizes by text.

    `memo` may be pre-filled from a previous build's cache: then unchanged text is never
    converted again (`opencc_calls` counts real conversions).
    """

    def __init__(
        self,
        variant: str = "s2tw",
        glossary: tuple[GlossaryTerm, ...] = (),
        memo: dict[str, str] | None = None,
        corner_quotes: bool = False,
    ) -> None:
        self.variant = variant
        self.glossary = glossary
        self.corner_quotes = corner_quotes
        self._opencc = {"hant": opencc.OpenCC(variant), "hans": opencc.OpenCC(REVERSE[variant])}
        self._terms: dict[Script, dict[str, str]] = {
            "hant": {t.hans: t.hant for t in glossary},
            "hans": {t.hant: t.hans for t in glossary},
        }
        self._patterns = {s: _alternation(self._terms[s]) for s in self._terms}
        self.memo: dict[str, str] = memo if memo is not None else {}
        self.opencc_calls = 0

    @property
    def style(self) -> str:
        """Everything that decides the output besides the text and the glossary: part of
        every cache key of converted text."""
        return self.variant + ("+corner" if self.corner_quotes else "")

    def convert(self, text: str, source: Script, target: Script) -> str:
        """Text written in `source` as it reads in `target`, markup resolved, with the
        quotation marks of `target` when corner quotes are on."""
        if source == target and "-{" not in text:
            return self.punctuate(text, target)
        key = f"{source}>{target}:{text}"
        hit = self.memo.get(key)
        if hit is None:
            hit = self.punctuate("".join(p[1] for p in self.pieces(text, source, target)), target)
            self.memo[key] = hit
        return hit

    def punctuate(self, text: str, target: Script) -> str:
        """Converted text with the quotation marks of `target`, when corner quotes are on
        (`pieces` leave punctuation as written)."""
        return quotes(text, target) if self.corner_quotes else text

    def fold_name(self, name: str) -> str:
        """A Simplified name as folding would spell it (乾安县 → 干安县), so that indexes of
        names match folded input; only names with a convertible character are converted."""
        trad = _convertible("hant")
        return self.convert(name, "hant", "hans") if any(c in trad for c in name) else name

    def to_hans(self, text: str) -> str:
        """Fold any text to Simplified (for matching names and terms in either script): any
        Traditional-only character, even in a mostly Simplified name, triggers conversion."""
        trad = _only("hant")
        return self.convert(text, "hant", "hans") if any(c in trad for c in text) else text

    def pieces(self, text: str, source: Script, target: Script) -> Iterator[Piece]:
        """The conversion as pieces, each saying what decided it (for the review report)."""
        for i, part in enumerate(_MARKUP.split(text)):
            if i % 2:  # inside -{…}-
                yield part, _choose(part, target), "markup"
            elif source != target:
                yield from self._glossary_then_opencc(part, target)
            elif part:
                yield part, part, "same"

    def _glossary_then_opencc(self, text: str, target: Script) -> Iterator[Piece]:
        pattern, terms = self._patterns[target], self._terms[target]
        pos = 0
        if pattern is not None:
            for m in pattern.finditer(text):
                if m.start() > pos:
                    yield from self._opencc_piece(text[pos : m.start()], target)
                yield m.group(0), terms[m.group(0)], "glossary"
                pos = m.end()
        yield from self._opencc_piece(text[pos:], target)

    def _opencc_piece(self, text: str, target: Script) -> Iterator[Piece]:
        if text:
            self.opencc_calls += 1
            yield text, str(self._opencc[target].convert(text)), "opencc"


# Quotation marks by script, outer then inner: Taiwan's corner quotes on Traditional pages,
# the mainland's curly quotes on Simplified ones.
_QUOTES: dict[Script, str] = {"hant": "「」『』", "hans": "“”‘’"}
# A single curly quote between two Latin letters or digits is an apostrophe (People’s).
_APOSTROPHE = re.compile(r"(?<=[A-Za-z0-9])’(?=[A-Za-z0-9])")


def quotes(text: str, target: Script) -> str:
    """`text` with the quotation marks of `target` (“‘’” ↔ 「『』」), apostrophes kept."""
    other: Script = "hans" if target == "hant" else "hant"
    src, dst = _QUOTES[other], _QUOTES[target]
    if not any(q in text for q in src):
        return text
    table = str.maketrans(src, dst)
    if target == "hans":  # corner quotes are never apostrophes
        return text.translate(table)
    return "’".join(part.translate(table) for part in _APOSTROPHE.split(text))


def _alternation(terms: dict[str, str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))


def _choose(inner: str, target: Script) -> str:
    """`-{text}-` → text; `-{zh-hans:甲;zh-hant:乙}-` → the form for `target`."""
    forms = {}
    for chunk in inner.split(";"):
        m = _VARIANT.match(chunk)
        if m is None:
            return inner
        forms[m.group(1)] = m.group(2).strip()
    return forms.get(target) or next(iter(forms.values()), "")


def strip_markup(text: str) -> str:
    """Markup removed, keeping the Simplified form (for ids, search keys, plain text)."""
    return _MARKUP.sub(lambda m: _choose(m.group(1), "hans"), text)


# ---- character fold for search ------------------------------------------------------------
# OpenCC character tables whose single-character pairs join characters into one class
# (Traditional, Simplified and Taiwan variant forms of the same character).
_FOLD_TABLES = ("TSCharacters.txt", "STCharacters.txt", "TWVariants.txt", "TWVariantsRev.txt")


@cache
def fold_table() -> dict[str, str]:
    """Character → folded character, for characters that fold to another one.

    Folding is what search compares: the Traditional, Simplified and variant forms of a
    character fold to one representative (the Simplified form where there is one: 網 → 网,
    後 → 后, 乾 → 干), ASCII and full-width Latin letters to lower case, full-width ASCII to
    ASCII and every whitespace character to a space. It is character by character, so a folded
    text has the length of the original (in code points and in UTF-16 units alike) and a
    position in one is the same position in the other. The table is published with the search
    index so that the browser folds queries exactly as the index was folded.
    """
    folder = Path(opencc.__file__).parent / "dictionary"
    parent: dict[str, str] = {}

    def root(c: str) -> str:
        while parent.get(c, c) != c:
            c = parent[c]
        return c

    simplifies: set[str] = set()  # characters with a Simplified form other than themselves
    for name in _FOLD_TABLES:
        for line in (folder / name).read_text("utf-8").splitlines():
            char, _, forms = line.partition("\t")
            if len(char) != 1:
                continue
            if name == "TSCharacters.txt" and forms.split() != [char]:
                simplifies.add(char)
            for form in forms.split():
                # only pairs of the same UTF-16 length keep browser positions equal to ours
                if len(form) == 1 and (ord(form) > 0xFFFF) == (ord(char) > 0xFFFF):
                    a, b = root(char), root(form)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = {}
    for c in sorted(set(parent) | set(parent.values())):
        members.setdefault(root(c), []).append(c)
    table: dict[str, str] = {}
    for group in members.values():
        rep = min(group, key=lambda c: (c in simplifies, ord(c)))
        table.update({c: rep for c in group if c != rep})
    for i in range(0x21, 0x7F):  # full-width ASCII → ASCII
        table[chr(0xFF00 + i - 0x20)] = chr(i).lower()
    for i in range(ord("A"), ord("Z") + 1):
        table[chr(i)] = chr(i).lower()
    for i in range(0x3001):  # U+3000 is the last whitespace character
        c = chr(i)
        if c.isspace() and c != " ":
            table[c] = " "
    return table


@cache
def _fold_translation() -> dict[int, str]:
    return {ord(k): v for k, v in fold_table().items()}


def fold(text: str) -> str:
    """Text as search compares it (see `fold_table`); always as long as `text`."""
    return text.translate(_fold_translation())


# Characters of Markdown or HTML syntax. Conversion markup holding one of them could open in
# one construct and close in another (a link title and the text after it), so that resolving
# it would rearrange the HTML around it.
_SYNTAX = re.compile(r"""[<>"'`\[\]()*_|\\\n{}]""")


@cache
def to_traditional(text: str) -> str:
    """Interface text (a message of the catalogue) in Traditional, as the default variant
    converts it: the text of messages is the project's own, so no glossary applies."""
    return _interface().convert(text, "hans", "hant")


@cache
def _interface() -> Converter:
    return Converter("s2tw", (), {})


def markup_problems(text: str) -> list[tuple[int, Message]]:
    """Conversion markup that is not plain text: (offset in `text`, message) for each."""
    problems = []
    for m in _MARKUP.finditer(text):
        bad = _SYNTAX.search(m.group(1))
        if bad is not None:
            char = msg("line-break") if bad.group() == "\n" else f"'{bad.group()}'"
            problems.append((m.start(), msg("markup-syntax", written=char)))
    return problems
