"""Jinja2 environment and page rendering: view dicts in, OutputFile bytes out."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from .model import BuildError, Diagnostic, OutputFile
from .views import Page
from .zh import Converter


def make_env(templates: Path, conv: Converter) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        auto_reload=False,  # a changed template means a new build and a new environment
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
    """One page; a template error (unknown variable, syntax) names the template and line."""
    try:
        html = env.get_template(page.template).render(page.context)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(
            [
                Diagnostic(
                    f"templates/{exc.name or page.template}",
                    exc.lineno,
                    "",
                    f"template syntax error: {exc.message}",
                    "template",
                )
            ]
        ) from exc
    except jinja2.TemplateError as exc:
        raise BuildError(
            [
                Diagnostic(
                    f"templates/{page.template}",
                    _template_line(exc),
                    "",
                    f"template error while rendering {page.path}: {exc}",
                    "template",
                )
            ]
        ) from exc
    return OutputFile(page.path, html.encode("utf-8"))


def _template_line(exc: BaseException) -> int:
    """The template line in the traceback of a rendering error (Jinja rewrites frames)."""
    tb = exc.__traceback__
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".html"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
