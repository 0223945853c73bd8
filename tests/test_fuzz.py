"""Property-based tests: for arbitrary input the loader, normalizer and Markdown pipeline either
succeed or raise the project's own BuildError, and normalization is idempotent.

The suite runs a short pass; `make fuzz` runs 10,000 examples each
(HYPOTHESIS_PROFILE=fuzz)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govcases.config import load_config
from govcases.content.load import split_front_matter
from govcases.content.validate import validate
from govcases.model import BuildError, RawCase
from govcases.pipeline import Timings, load_and_validate
from govcases.read.files import decode
from govcases.read.yamlfile import parse_yaml
from govcases.site.prepare import render_markdown
from govcases.zh.normalize import inline, markdown_body
from helpers import ROOT, LiveCode, chinese, editor_text, syntax

LOADED = load_and_validate(load_config(ROOT), Timings(), cases=False)


def fuzz_load(raw: bytes) -> None:
    try:
        source = decode("fuzz.md", raw)
        front, _body, _line = split_front_matter("fuzz.md", source)
        parse_yaml("fuzz.md", front, 2)
    except BuildError:
        pass


@given(editor_text)
def test_fuzz_front_matter_loader(source: str) -> None:
    fuzz_load(source.encode("utf-8"))
    fuzz_load(("---\n" + source + "\n---\n").encode("utf-8"))


@given(st.binary(max_size=200))
def test_fuzz_loader_bytes(raw: bytes) -> None:
    fuzz_load(raw)


@given(editor_text)
def test_fuzz_inline_normalization_is_idempotent(source: str) -> None:
    once = inline(source)
    assert inline(once) == once


@given(editor_text)
def test_fuzz_markdown_normalization_is_idempotent(source: str) -> None:
    once = markdown_body(source)
    assert markdown_body(once) == once


# Text full of addresses, link targets and code next to Chinese, digits and punctuation.
address_text = st.lists(
    st.one_of(
        chinese,
        syntax,
        st.sampled_from(
            [
                "https://example.org/a",
                "http://x.cn/p?q=1,2",
                "](https://zh.wikipedia.org/wiki/青岛_(市),1)",
                "<https://x.org/b>",
                "`a , b`",
                "[青岛",
                "12,",
                ",3",
                "增长,",
                " ",
            ]
        ),
    ),
    max_size=60,
).map("".join)
ADDRESS = re.compile(r"https?://[\w./?=%&-]+")


@given(address_text)
def test_fuzz_normalization_keeps_addresses_and_is_idempotent(source: str) -> None:
    once = inline(source)
    assert inline(once) == once
    squeezed = " ".join(unicodedata.normalize("NFC", source).split())
    assert ADDRESS.findall(once) == ADDRESS.findall(squeezed)
    body = markdown_body(source)
    assert markdown_body(body) == body


@given(editor_text)
def test_fuzz_markdown_pipeline_is_safe(source: str) -> None:
    html = render_markdown(markdown_body(source), LOADED.conv)
    live = LiveCode()
    live.feed(html)
    assert live.found == []


values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | editor_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(editor_text, inner, max_size=4),
    max_leaves=12,
)
fields = st.sampled_from(
    [
        "id",
        "title",
        "locality",
        "region_code",
        "period",
        "status",
        "added",
        "mechanisms",
        "outcomes",
        "summary",
        "metrics",
        "sources",
    ]
)


@given(st.dictionaries(fields | editor_text, values, max_size=12), editor_text)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_fuzz_validation_never_crashes(data: dict[str, Any], body: str) -> None:
    case, problems = validate(RawCase("cases/fuzz.md", data, {}, body, 1), LOADED.context)
    assert (case is None) == bool(problems)
