"""`govcases fmt`: rewrite case files in normalized form, keeping comments and unknown fields.

Normalized form: fields in the documented order, and the keys of each metric too (unknown
ones kept, after the known ones), text fields and body normalized (punctuation, spacing,
pinyin debris, hard wrapping, NFC), mechanisms and outcomes written as taxonomy ids,
`region_code` filled in once the locality resolves and followed by its region chain as a
comment in the file's script. Formatting formatted text changes nothing.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.tokens import CommentToken

from govcases.content.load import split_front_matter
from govcases.content.schema import FIELD_ORDER, LEVEL_NAMES, MetricIn
from govcases.content.taxonomy import Kind, match
from govcases.content.validate import Context
from govcases.editor.scaffold import CHAIN, region_chain
from govcases.model import BuildError, Diagnostic
from govcases.read.files import scan_text
from govcases.read.yamlfile import parse_yaml
from govcases.zh import normalize
from govcases.zh.conversion import Converter, detect_script

TEXT_FIELDS = ("title", "locality", "summary", "status_note")
METRIC_TEXT = ("label", "unit", "note")
SOURCE_TEXT = ("title", "author", "container", "publisher")
METRIC_ORDER = list(MetricIn.model_fields)  # label, value, unit, year, note, source


def _yaml() -> YAML:
    y = YAML()
    y.width = 4096  # never fold long Chinese lines
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def format_text(path: str, text: str, ctx: Context, conv: Converter) -> str:
    """The normalized file text (raises BuildError for files that cannot be parsed)."""
    front, body, body_line = split_front_matter(path, text.replace("\r\n", "\n").lstrip("\ufeff"))
    # The safe loader first: aliases, deep nesting and control characters are refused before
    # the round-trip parser (which would follow them) sees the text.
    parse_yaml(path, front, first_line=2)
    problems = scan_text(path, front, 2, "", bidi_only=True)
    problems += scan_text(path, body, body_line, "body", bidi_only=False)
    if problems:
        raise BuildError(problems)
    y = _yaml()
    try:
        data = y.load(front) or CommentedMap()
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        raise BuildError([Diagnostic(path, line, "", f"malformed YAML: {exc}", "yaml")]) from None
    if isinstance(data, CommentedMap):
        _normalize(data, ctx)
        data = _ordered(data, FIELD_ORDER)
        _chain_comment(data, ctx, lambda s: conv.convert(s, "hans", detect_script(text)))
    out = io.StringIO()
    y.dump(data, out)
    return f"---\n{out.getvalue()}---\n{normalize.markdown_body(body)}"


def _normalize(data: CommentedMap, ctx: Context) -> None:
    for key in TEXT_FIELDS:
        _clean(data, key)
    period = data.get("period")
    if isinstance(period, dict):
        _clean(period, "note")
    for kind, key in (("mechanism", "mechanisms"), ("outcome", "outcomes")):
        terms = data.get(key)
        if isinstance(terms, CommentedSeq):
            for i, word in enumerate(terms):
                if isinstance(word, str):
                    terms[i] = match(ctx.taxonomy, _kind(kind), word, ctx.fold) or word
    for item in data.get("actors") or []:
        if isinstance(item, dict):
            _clean(item, "name", normalize.bibliographic)
            level = item.get("level")
            if isinstance(level, str) and level.strip() in LEVEL_NAMES:
                item["level"] = LEVEL_NAMES[level.strip()]  # 县/区, 縣區 → county
    metrics = data.get("metrics")
    for i, item in enumerate(metrics if isinstance(metrics, CommentedSeq) else []):
        if isinstance(item, CommentedMap):
            for key in METRIC_TEXT:
                _clean(item, key)
            metrics[i] = _ordered(item, METRIC_ORDER)
    for item in data.get("sources") or []:
        if isinstance(item, dict):
            for key in SOURCE_TEXT:
                _clean(item, key, normalize.bibliographic)
    locality = data.get("locality")
    if isinstance(locality, str) and "region_code" not in data:
        region, _ = ctx.gazetteer.resolve(ctx.fold(locality))
        if region is not None:
            data.insert(
                list(data).index("locality") + 1, "region_code", int(region.most_specific.code)
            )


def _kind(kind: str) -> Kind:
    return "mechanism" if kind == "mechanism" else "outcome"


def _clean(mapping: Any, key: str, how: Callable[[str], str] = normalize.inline) -> None:
    value = mapping.get(key)
    if isinstance(value, str):
        cleaned = how(value)
        if cleaned != value:
            mapping[key] = type(value)(cleaned) if type(value) is not str else cleaned


def _ordered(data: CommentedMap, order: list[str]) -> CommentedMap:
    """Known keys in documented order, then unknown ones as they were; comments and the
    flow style (`{label: …, value: …}`) kept."""
    keys = [k for k in order if k in data] + [k for k in data if k not in order]
    if keys == list(data):
        return data
    out = CommentedMap()
    for k in keys:
        out[k] = data[k]
    for k in keys:
        if k in data.ca.items:
            out.ca.items[k] = data.ca.items[k]
    out.ca.comment = data.ca.comment
    if data.fa.flow_style():
        out.fa.set_flow_style()
    return out


def _chain_comment(data: CommentedMap, ctx: Context, local: Callable[[str], str]) -> None:
    """`region_code: 370211  # 山东省 › 青岛市 › 黄岛区`: the chain of the code, in the file's
    script, first in the line's comment. An older chain there is replaced; any other comment
    (`# 待核对`) is kept after it."""
    code = data.get("region_code")
    if str(code) not in ctx.gazetteer.by_code:
        return  # none, or unknown: check reports it
    chain = "# " + local(region_chain(ctx, str(code)))
    items = data.ca.items.setdefault("region_code", [None] * 4)
    old = items[2].value if items[2] is not None else "\n"
    first, _, rest = old.partition("\n")  # the line's own comment, then any comment lines
    parts = [p.strip().lstrip("# ") for p in first.split("  #")] if first.strip() else []
    if parts and _is_chain(parts[0], ctx):
        parts = parts[1:]
    value = "  # ".join([chain, *filter(None, parts)]) + "\n" + rest
    if value == old:
        return
    column = len(f"region_code: {code}") + (2 if isinstance(code, str) else 0) + 2
    items[2] = CommentToken(value, CommentMark(column), None)


def _is_chain(comment: str, ctx: Context) -> bool:
    """A region chain (广东省 › 广州市), or one division's name, as written for a code."""
    if CHAIN.strip() in comment:
        return True
    return ctx.fold(comment) in {ctx.fold(d.name) for d in ctx.gazetteer.by_code.values()}
