"""`govcases import`: raw source articles (plain text or saved HTML, either script) → draft case
files for an editor to finish.

The steps, each a small function:

1. `read_article`: the text (HTML reduced to its text with the stdlib parser);
2. `clean_lines`: what the page says of itself by genre taken out (`genres.read_front`:
   a news byline, a journal's front matter and references, a document-sharing site's
   chrome and chunk numbers), site chrome, navigation, spam and furniture lines dropped
   (patterns in `_NOISE`), pinyin annotations removed, NFC;
3. `split_pieces`: one piece per locality heading (宁夏固原：…) or per report of a compilation
   (title, author and date lines); the lead-in before the first split is the article's own
   introduction and is dropped, unless it has section headings of its own (a page that starts
   in the middle of the previous case, as 001 does);
4. `paragraphs` + `body_markdown`: hard-wrapped lines joined, section headings mapped to
   背景 / 举措 / 成效 / 启示;
5. candidates for the front matter (`find_place`, `find_metrics`, `find_terms`, `guess_start`),
   every guess marked `# 待核对` on its line; the file is a draft (`draft: true`) until the
   editor has checked them;
6. `place_document` + `copy_documents`: the article copied unchanged into the sources
   folder under a free plain name, the drafts' `document:`.

Nothing is invented: figures, names and years are copied from the article, and every field
the article does not state is a placeholder (待补充) for the editor.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from govcases.content.places import place_slug
from govcases.content.sources import document_text, plain_name, printed_numbers
from govcases.content.taxonomy import Kind
from govcases.content.validate import Context
from govcases.editor.article import (
    MAX_ARTICLE_BYTES,
    Article,
    Piece,
    body_markdown,
    clean_lines,
    is_heading,
    paragraphs,
    read_article,
    section_of,
    split_pieces,
)
from govcases.editor.guess import TODO, Figure, find_metrics, find_place, find_terms, guess_start
from govcases.editor.scaffold import DRAFT, guess_level, region_chain
from govcases.model import BuildError, Diagnostic
from govcases.read.files import present, read_regular
from govcases.zh import normalize
from govcases.zh.conversion import Converter, detect_script

REVIEW = "# 待核对"  # YAML comment marking a guessed field


@dataclass(frozen=True)
class Draft:
    id: str  # suggested ASCII id from the pinyin of the place
    locality: str
    text: str  # the complete draft case file (front matter + body)
    guessed: tuple[str, ...]  # names of fields that are guesses needing review


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
    piece: Piece,
    article: Article,
    document: str,
    ctx: Context,
    conv: Converter,
    added: str,
    printed: frozenset[str],
) -> Draft:
    """The draft of one piece; `printed` holds the numbers of the document as `check` reads
    them, so that every figure the draft gives verifies."""
    paras = paragraphs(piece.lines)
    text = "\n".join([piece.title, *paras])
    script = detect_script(text)
    keywords = "；".join(article.front.keywords)

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
        local(DRAFT),
        entry("title", _yaml(piece.title or local(TODO)), piece.fragment or not piece.title),
        entry("locality", _yaml(locality), place_guessed or region is None),
    ]
    if region is not None:
        code = region.most_specific.code
        front.append(f"region_code: {code}  # {local(region_chain(ctx, code))}")
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
        terms = find_terms(text + "\n" + keywords, ctx, kind)
        front.append(entry(name, "[" + ", ".join(terms) + "]", True))
    prose = [p for p in paras if not is_heading(p)]
    lead = article.front.abstract if len(article.pieces) == 1 else ""
    lead = lead or (prose[0] if prose else "")
    first = re.split(r"(?<=[。！？])", normalize.inline(lead))[0]
    front.append(entry("summary", _yaml(local(TODO) + "：" + first), True))
    level = guess_level(region) if region is not None else "county"
    front += [entry("actors", "", True), f"  - {{name: {local(TODO)}, level: {level}}}"]
    figures = find_metrics(paras, conv)
    if any(f.value in printed for f in figures):
        front.append(entry("metrics", "", True))
    front += [_metric_line(f, f.value in printed, local) for f in figures]
    front += _source_lines(piece, article, document, local, guessed)
    front.append("---")
    body = body_markdown(paras, script, conv, piece.fragment)
    return Draft(slug, locality, "\n".join(front) + "\n" + body, tuple(guessed))


def _metric_line(figure: Figure, printed: bool, local: Callable[[str], str]) -> str:
    """A metrics entry; one whose digits the document does not print (full-width digits) is
    left as a comment, so the draft still passes `check`."""
    label = local(figure.label) if figure.label == TODO else figure.label
    fields = [f"label: {_yaml(label)}", f"value: {_number(figure.value)}"]
    fields.append(f"unit: {_yaml(figure.unit)}")
    if figure.year is not None:
        fields.append(f"year: {figure.year}")
    if figure.note:
        fields.append(f"note: {_yaml(figure.note)}")
    line = "  - {" + ", ".join([*fields, "source: s1"]) + "}"
    if printed:
        return line
    return f"  # {line.strip()}  {REVIEW}：{local('来源文件中没有这样写的数字')}"


def _cut_off(piece: Piece, paras: list[str]) -> bool:
    """A case the page cut off: a lead-in continuing the previous page, or a case with section
    headings of its own that lacks 举措 or 成效 (it goes on on the next page)."""
    sections = {s for p in paras if (s := section_of(p))}
    return piece.fragment or (bool(sections) and not {"举措", "成效"} <= sections)


def _source_lines(
    piece: Piece,
    article: Article,
    document: str,
    local: Callable[[str], str],
    guessed: list[str],
) -> list[str]:
    """s1: the article as the page records it (a journal article in its journal, a web page
    in its website's column), or, in a compilation, the report with the compilation as its
    container (never as its publisher)."""
    page = article.front
    if piece.date:  # a report of a compilation
        title, author, container, publisher = piece.title, piece.author, article.printed, ""
        date, pages = piece.date, str(piece.page or "")
    else:
        title, author = article.title, article.author
        container, publisher, date, pages = page.container, page.publisher, page.date, page.pages
    todo = local(TODO)
    out = ["sources:", "  - key: s1", f"    title: {_yaml(title or todo)}"]
    if page.keywords:  # kept for the editor; a source record has no field for them
        out.append(f"    # {local('关键词')}：{'；'.join(page.keywords)}")
    if author:
        out.append(f"    author: {_yaml(author)}")
    if container:
        out.append(f"    container: {_yaml(container)}")
    if publisher:
        out.append(f"    publisher: {_yaml(publisher)}")
    if not author and not publisher:
        guessed.append("sources")
        out[0] = f"sources:  {REVIEW}"
        out.append(f"    author: {_yaml(todo)}  {REVIEW}")
    if date:
        out.append(f"    date: {date}")  # digits and hyphens: YAML reads them as written
    if pages:
        out.append(f"    pages: {pages}")
    out.append(f"    document: {_yaml(document)}")
    return out


def import_article(
    path: Path, ctx: Context, conv: Converter, added: str, document: str = ""
) -> list[Draft]:
    """Draft case files for every locality the article at `path` covers; their source's
    `document:` is `document` (default: the article's file name)."""
    lines, front = clean_lines(read_article(path))
    article = split_pieces(lines, ctx, front)
    raw = read_regular(path, str(path), MAX_ARTICLE_BYTES)
    printed = printed_numbers(document_text(raw, ctx.fold))
    name = document or path.name
    return [make_draft(p, article, name, ctx, conv, added, printed) for p in article.pieces]


@dataclass(frozen=True)
class Placed:
    """Where an article goes in the sources folder, so that its drafts' figures verify."""

    article: Path
    raw: bytes
    name: str  # its file name there: the `document:` of its drafts
    copy: bool  # False when the folder already holds these bytes under that name
    why: str = ""  # why the name is not the article's own ("" when it is)


def place_document(path: Path, folder: Path, placed: list[Placed]) -> Placed:
    """The name the article at `path` has, or is to have, in the sources folder: its own
    name when that is a plain file name (else `article-<digest>`), followed by -2, -3… when
    the folder (or an article placed before in this import) has other bytes under it.
    Nothing in the folder is ever replaced."""
    planned = {p.name: p.raw for p in placed}
    raw = read_regular(path, str(path), MAX_ARTICLE_BYTES)
    own = path.name
    if not plain_name(own):
        suffix = path.suffix.lower() if plain_name("x" + path.suffix) else ""
        own = f"article-{hashlib.sha256(raw).hexdigest()[:12]}{suffix or '.txt'}"
    why = "" if own == path.name else "its name is not a plain file name"
    stem, dot, ext = own.rpartition(".") if "." in own[1:] else (own, "", "")
    name, n = own, 1
    while True:
        taken, held = (True, planned[name]) if name in planned else _held(folder / name)
        if not taken or held == raw:
            return Placed(path, raw, name, not taken, why)
        why = why or f"{own} in the sources folder is another document"
        n += 1
        name = f"{stem}-{n}{dot}{ext}"


def _held(path: Path) -> tuple[bool, bytes | None]:
    """Whether something is at `path`, and its bytes (None for a link, a folder…)."""
    if not present(path):
        return False, None
    try:
        return True, read_regular(path, str(path), MAX_ARTICLE_BYTES)
    except BuildError:
        return True, None


def copy_documents(placed: list[Placed], folder: Path, root: Path, dry_run: bool) -> list[str]:
    """Copy each article into the sources folder under its placed name (its drafts'
    `document:`); the lines saying what was done. Without a sources folder there is nothing
    to verify figures against, and nothing is copied: no folder is made where nobody said."""
    if not folder.is_dir():
        return [
            f"no sources folder at {os.path.relpath(folder, root)}: the articles were not "
            "copied (create it, or give --sources DIR)"
        ]
    out = []
    for p in placed:
        where = os.path.relpath(folder / p.name, root)
        if not p.copy:
            out.append(f"{p.article} is already in the sources folder as {where}")
            continue
        if not dry_run:
            with (folder / p.name).open("xb") as f:  # "x": never replace a file
                f.write(p.raw)
        why = f" ({p.why})" if p.why else ""
        out.append(f"{'would copy' if dry_run else 'copied'} {p.article} to {where}{why}")
    return out


def renamed(draft: Draft, case_id: str) -> Draft:
    """The draft under another id (its first front-matter line)."""
    rest = draft.text.split("\n", 2)[2]  # make_draft writes `---`, then `id: …`
    return replace(draft, id=case_id, text=f"---\nid: {case_id}\n{rest}")


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
            "import again (a taken id becomes the next free one) or choose another --id",
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
