"""Jinja2 environment and page rendering: view dicts in, OutputFile bytes out.

Templates come from the checkout, so they are not trusted: they render in Jinja's sandbox
(no attribute starting with `_`, no access to Python internals), are read only as regular
files below the templates folder (never through a symbolic link), and any error they raise
becomes a diagnostic naming the template and line.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from govcases.model import BuildError, Diagnostic, OutputFile
from govcases.site.urls import ASSETS
from govcases.site.views import Page
from govcases.state.cache import digest
from govcases.zh.conversion import Converter

MAX_TEMPLATE_BYTES = 256 * 1024
# Every page carries this policy (static hosts send no headers): scripts, styles, images and
# fetches from the site itself only, no inline script, no plugins, no <base> rewriting.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)


class TemplateLoader(jinja2.BaseLoader):
    """Templates below one folder, read as regular files only: a symbolic link anywhere on
    the way is refused, so a template cannot pull in a file from outside the project."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        parts = jinja2.loaders.split_template_path(template)  # refuses ".." and absolute paths
        path = self.folder
        for part in parts:
            path = path / part
            try:
                info = os.lstat(path)
            except OSError as exc:
                raise jinja2.TemplateNotFound(template) from exc
            if stat.S_ISLNK(info.st_mode):
                raise jinja2.TemplateNotFound(f"{template} (a symbolic link, refused)")
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_TEMPLATE_BYTES:
            raise jinja2.TemplateNotFound(f"{template} (not a regular file of at most 256 KiB)")
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            source = handle.read(MAX_TEMPLATE_BYTES + 1).decode("utf-8", errors="replace")
        return source, str(path), lambda: True


MAX_ASSET_BYTES = 8 * 1024 * 1024


def static_files(templates: Path) -> list[OutputFile]:
    """Files under templates/static/ are published as /assets/…; a symbolic link there, or
    anything that is not a regular file or folder, is an error rather than published."""
    static = templates / "static"
    files = _tree(static, "templates/static")
    return [OutputFile(ASSETS + rel, content) for rel, content in files]


def tree_digest(folder: Path) -> str:
    """Fingerprint of every file below a folder (templates and static assets)."""
    files = _tree(folder, folder.name)
    return digest([(rel, hashlib.sha256(content).hexdigest()) for rel, content in files])


def _tree(folder: Path, label: str, limit: int = MAX_ASSET_BYTES) -> list[tuple[str, bytes]]:
    """(path relative to folder, bytes) of every file below it, in name order, never through
    a symbolic link; problems name files as `label/path`."""
    out: list[tuple[str, bytes]] = []
    if not folder.is_dir() or folder.is_symlink():
        return out
    for top, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names) + [d for d in dirs if os.path.islink(os.path.join(top, d))]:
            path = Path(top, name)
            rel = path.relative_to(folder).as_posix()
            info = os.lstat(path)
            shown = f"{label}/{rel}"
            if stat.S_ISLNK(info.st_mode):
                raise _file_error(shown, "is a symbolic link: templates and assets must be files")
            if not stat.S_ISREG(info.st_mode):
                raise _file_error(shown, "is not a regular file")
            if info.st_size > limit:
                raise _file_error(shown, f"is {info.st_size} bytes; the limit is {limit}")
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
            with os.fdopen(fd, "rb") as handle:
                out.append((rel, handle.read(limit + 1)))
    return sorted(out)


def _file_error(shown: str, message: str) -> BuildError:
    return BuildError([Diagnostic(shown, 0, "", message, "template")])


def make_env(templates: Path, conv: Converter) -> jinja2.Environment:
    env = SandboxedEnvironment(
        loader=TemplateLoader(templates),
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
    env.globals["csp"] = CSP
    env.filters["tojson_attr"] = lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True)
    return env


def render_page(env: jinja2.Environment, page: Page) -> OutputFile:
    """One page; any template error (syntax, unknown variable, a sandbox violation, an
    exception or runaway recursion in the template) names the template and line."""
    try:
        html = env.get_template(page.template).render(page.context)
    except jinja2.TemplateSyntaxError as exc:
        raise _error(exc.name or page.template, exc.lineno, f"syntax error: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise _error(page.template, 0, f"not found: {exc.message}") from exc
    except jinja2.exceptions.SecurityError as exc:
        line = _template_line(exc)
        message = (
            "reaches for Python internals, which the sandbox refuses, "
            f"while rendering {page.path}: {exc}"
        )
        raise _error(page.template, line, message) from exc
    except RecursionError as exc:
        message = f"recursion too deep while rendering {page.path}"
        raise _error(page.template, _template_line(exc), message) from exc
    except Exception as exc:  # a template is untrusted input: any failure is its error
        message = f"error while rendering {page.path}: {type(exc).__name__}: {exc}"
        raise _error(page.template, _template_line(exc), message) from exc
    return OutputFile(page.path, html.encode("utf-8"))


def _error(template: str, line: int | None, message: str) -> BuildError:
    return BuildError(
        [Diagnostic(f"templates/{template}", line or 0, "", f"template {message}", "template")]
    )


def _template_line(exc: BaseException) -> int:
    """The template line in the traceback of a rendering error (Jinja rewrites frames)."""
    tb = exc.__traceback__
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".html"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
