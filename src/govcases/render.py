"""Jinja2 environment and page rendering: view dicts in, OutputFile bytes out."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from .model import OutputFile
from .views import Page
from .zh import Converter


def make_env(templates: Path, conv: Converter) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

    @jinja2.pass_context
    def translate(ctx: jinja2.runtime.Context, text: str) -> str:
        """Interface strings are written in Simplified and converted once per script."""
        return conv.convert(text, "hans", ctx["script"]) if ctx.get("script") else text

    env.globals["_"] = translate
    env.filters["tojson_attr"] = lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True)
    return env


def render_page(env: jinja2.Environment, page: Page) -> OutputFile:
    html = env.get_template(page.template).render(page.context)
    return OutputFile(page.path, html.encode("utf-8"))
