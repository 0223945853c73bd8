"""Property-based tests: for arbitrary input the loader, normalizer and Markdown pipeline either
succeed or raise the project's own BuildError, and normalization is idempotent.

The suite runs a short pass; `make fuzz` runs 10,000 examples each
(HYPOTHESIS_PROFILE=fuzz)."""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile import LiveCode

from conftest import ROOT
from govcases.config import load_config
from govcases.content.load import split_front_matter
from govcases.content.validate import validate
from govcases.model import BuildError, RawCase
from govcases.pipeline import Timings, load_and_validate
from govcases.read.files import decode
from govcases.read.yamlfile import parse_yaml
from govcases.site.prepare import render_markdown
from govcases.zh.normalize import inline, markdown_body

settings.register_profile(
    "fuzz", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("suite", max_examples=150, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

LOADED = load_and_validate(load_config(ROOT), Timings(), cases=False)

# Text that looks like what editors and sources produce: Chinese in both scripts, ASCII
# punctuation, digits, Markdown and YAML syntax, pinyin, whitespace of every kind.
chinese = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
syntax = st.sampled_from(
    [
        *list("-:#[]{}&*!|>'\"%@`,;?()（）。，、：；\n\r\t  0123456789."),
        "---",
        "- ",
        "## ",
        "\n\n",
        "-{",
        "}-",
        "wǎng",
        "<script>",
        "&a",
        "*a",
        "zh-hans:",
        "javascript:",
    ]
)
text = st.lists(
    st.one_of(chinese, syntax, st.characters(exclude_categories=["Cs"])), max_size=120
).map("".join)


def fuzz_load(raw: bytes) -> None:
    try:
        source = decode("fuzz.md", raw)
        front, _body, _line = split_front_matter("fuzz.md", source)
        parse_yaml("fuzz.md", front, 2)
    except BuildError:
        pass


@given(text)
def test_fuzz_front_matter_loader(source: str) -> None:
    fuzz_load(source.encode("utf-8"))
    fuzz_load(("---\n" + source + "\n---\n").encode("utf-8"))


@given(st.binary(max_size=200))
def test_fuzz_loader_bytes(raw: bytes) -> None:
    fuzz_load(raw)


@given(text)
def test_fuzz_inline_normalization_is_idempotent(source: str) -> None:
    once = inline(source)
    assert inline(once) == once


@given(text)
def test_fuzz_markdown_normalization_is_idempotent(source: str) -> None:
    once = markdown_body(source)
    assert markdown_body(once) == once


@given(text)
def test_fuzz_markdown_pipeline_is_safe(source: str) -> None:
    html = render_markdown(markdown_body(source), LOADED.conv)
    live = LiveCode()
    live.feed(html)
    assert live.found == []


values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
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


@given(st.dictionaries(fields | text, values, max_size=12), text)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_fuzz_validation_never_crashes(data: dict[str, Any], body: str) -> None:
    case, problems = validate(RawCase("cases/fuzz.md", data, {}, body, 1), LOADED.context)
    assert (case is None) == bool(problems)
