"""`govcases serve`: preview on localhost, rebuild on change, reload open tabs.

The site is built into a private temporary folder and served from there. A change to cases,
templates, taxonomy, places, glossary, review file, reports or `site.yaml` triggers a rebuild
(watchfiles); open pages reload through a server-sent-events stream. A saved case body is
shown at once from memory (live.quick_edit) while the rebuild runs in the background. A broken
edit is shown in the terminal and as an overlay in the browser while the last good site keeps
being served. Drafts are part of the preview, marked 草稿.
"""

from __future__ import annotations

import functools
import http.server
import json
import logging
import os
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from watchfiles import watch

from govcases.config import CONFIG_FILE, Config, language, load_config
from govcases.messages import Language, msg, render
from govcases.model import BuildError, Diagnostic
from govcases.pipeline import Built, build
from govcases.preview.live import Edit, NeedsBuild, quick_edit, warm, with_documents
from govcases.read.excerpt import Excerpts
from govcases.site.views import SiteData
from govcases.zh.conversion import detect_script, to_traditional

# Progress and failures go to this logger; the CLI decides where they are shown.
log = logging.getLogger("govcases.preview")

EVENTS = "/__govcases/events"
STATUS = "/__govcases/status"
CLIENT = "/__govcases/client.js"
# The live-reload client is a script file, not inline: pages forbid inline script (CSP).
CLIENT_JS = """(function () {
  var box = null;
  function show(message) {
    if (!box) {
      box = document.createElement("pre");
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;"
        + "margin:0;padding:1rem;background:#5c0a0a;color:#fff;font:14px/1.5 monospace;"
        + "white-space:pre-wrap;z-index:9999";
      document.body.appendChild(box);
    }
    box.textContent = message;
  }
  var events = new EventSource("EVENTS");
  var seen = null;
  events.onmessage = function (e) {
    var state = JSON.parse(e.data);
    if (state.error) { show(state.error); return; }
    if (seen !== null && state.version !== seen) { location.reload(); }
    seen = state.version;
  };
})();
""".replace("EVENTS", EVENTS)
CLIENT_TAG = f'<script src="{CLIENT}"></script>'


class State:
    """What is served: the built folder, pages re-rendered since its build, a version counter
    and the last error. Shared with the request threads."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.overlay: dict[str, bytes] = {}  # output path → page newer than the folder's
        self.version = 0
        self.error = ""
        self.refreshing = False
        self.changed = threading.Condition()

    def snapshot(self) -> dict[str, Any]:
        return {"version": self.version, "error": self.error, "refreshing": self.refreshing}

    def update(self, error: str = "", overlay: dict[str, bytes] | None = None) -> None:
        """A new site (open pages reload) or an error (they show it)."""
        with self.changed:
            if overlay is not None:
                self.overlay = overlay
            if not error:
                self.version += 1
            self.error = error
            self.changed.notify_all()

    def refresh(self, running: bool) -> None:
        with self.changed:
            self.refreshing = running
            self.changed.notify_all()


class Handler(http.server.SimpleHTTPRequestHandler):
    state: State

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == STATUS:
            self._send(200, "application/json", json.dumps(self.state.snapshot()).encode())
        elif path == EVENTS:
            self._events()
        elif path == CLIENT:
            self._send(200, "text/javascript; charset=utf-8", CLIENT_JS.encode())
        elif path.endswith("/") or path.endswith(".html"):
            self._html(path)
        else:
            super().do_GET()

    def _send(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _html(self, path: str) -> None:
        """HTML pages get the live-reload client; the built files themselves never do."""
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        code = 200
        page = self.state.overlay.get(os.path.relpath(file, self.state.folder))
        if page is None and not file.is_file():
            file, code = self.state.folder / "404.html", 404
        if page is None:
            page = file.read_bytes() if file.is_file() else b"<!doctype html><body></body>"
        body = page.replace(b"</body>", CLIENT_TAG.encode() + b"</body>", 1)
        self._send(code, "text/html; charset=utf-8", body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        last: dict[str, Any] | None = None
        try:
            while True:
                state = self.state.snapshot()
                if state != last:
                    self.wfile.write(f"data: {json.dumps(state)}\n\n".encode())
                    self.wfile.flush()
                    last = state
                with self.state.changed:
                    self.state.changed.wait(timeout=15)
                self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def watched(config: Config) -> list[Path]:
    root = config.root
    paths = [config.path(d) for d in (config.cases_dir, config.templates_dir, config.pages_dir)]
    files = [
        config.taxonomy,
        config.places,
        config.glossary,
        config.review,
        config.reports,
        CONFIG_FILE,
    ]
    return [p for p in paths if p.exists()] + [root / f for f in files if (root / f).exists()]


def unexpected(exc: Exception) -> BuildError:
    """A fault that is not a diagnostic (a full disk, a bug): reported like one, so that the
    server keeps the last good site and the next save builds again."""
    where = getattr(exc, "filename", None) or "build"
    message = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return BuildError([Diagnostic(str(where), 0, "", f"{type(exc).__name__}: {message}", "fault")])


def failed(state: State, exc: BuildError, root: Path, option: str | None) -> None:
    """Log the problems and show them over open pages, as `check` words them: in Chinese
    (Traditional for a file in Traditional) unless `--lang en` or site.yaml's `lang: en`."""
    english, excerpts = language(root, option) == "en", Excerpts(root)

    def script(d: Diagnostic) -> Language:
        return "en" if english else detect_script(excerpts.text(d.path))

    lines = excerpts.report(exc.diagnostics, script, to_traditional)
    head = render(msg("serve-failed"), "en" if english else "hans")
    message = "\n".join([head, "", *lines])
    log.error("%s", message)
    state.update(error=message)


class Preview:
    """Rebuilds on change. An edit to case bodies is shown at once (live.quick_edit), then a
    full build in the background brings search, data and feeds up to date; anything else
    goes straight to the background build."""

    def __init__(self, root: Path, state: State, lang: str | None = None) -> None:
        self.root = root
        self.lang = lang  # --lang, for the problems shown
        self.state = state
        self.lock = threading.Lock()
        self.dirty = threading.Condition(self.lock)
        self.pending = False
        self.edits = 0  # quick edits so far; a build supersedes those made before it started
        self.quick: dict[str, tuple[int, Edit]] = {}  # case id → its latest quick edit
        self.built: Built | None = None

    def site(self) -> SiteData | None:
        """The last build's site with the quick edits made since (call with the lock held)."""
        if self.built is None:
            return None
        return with_documents(self.built.site, (e.document for _, e in self.quick.values()))

    def overlay(self) -> dict[str, bytes]:
        return {p: page for _, e in self.quick.values() for p, page in e.pages.items()}

    def build(self) -> None:
        """A full build into the served folder; keeps quick edits made while it ran."""
        with self.lock:
            since = self.edits
        try:
            config = load_config(self.root, output_dir=str(self.state.folder), base_url="/")
            # Drafts are previewed, marked 草稿; the server's threads keep the usual collector.
            result = build(config, drafts=True, own_process=False)
        except BuildError as exc:
            failed(self.state, exc, self.root, self.lang)
            return
        except Exception as exc:  # the builder thread must outlive any failure
            failed(self.state, unexpected(exc), self.root, self.lang)
            return
        with self.lock:
            self.built = result.built
            self.quick = {i: q for i, q in self.quick.items() if q[0] > since}
            overlay = self.overlay()
        log.info("rebuilt %d cases in %.2f s", result.cases, result.timings.total)
        self.state.update(overlay=overlay)
        warm(result.built)

    def changed(self, paths: set[Path]) -> None:
        start = time.perf_counter()
        with self.lock:
            built, site = self.built, self.site()
        try:
            if built is None or site is None:
                raise NeedsBuild("no build yet")
            edits = quick_edit(built, site, paths)
        except NeedsBuild as exc:
            log.info("%s: rebuilding the whole site", exc)
            self.request_build()
            return
        except BuildError as exc:
            failed(self.state, exc, self.root, self.lang)
            return
        except Exception as exc:
            failed(self.state, unexpected(exc), self.root, self.lang)
            return
        if not edits:  # nothing but temporary files that came and went
            return
        with self.lock:
            self.edits += 1
            for edit in edits:
                self.quick[edit.document.case.id] = (self.edits, edit)
            overlay = self.overlay()
        pages = sum(len(e.pages) for e in edits)
        elapsed = time.perf_counter() - start
        log.info("updated %d pages in %.2f s; refreshing search, data and feeds", pages, elapsed)
        self.state.update(overlay=overlay)
        self.request_build()

    def request_build(self) -> None:
        with self.dirty:
            self.pending = True
            self.dirty.notify()

    def run(self) -> None:
        """The background builder: one build at a time, again if changes came meanwhile."""
        while True:
            with self.dirty:
                while not self.pending:
                    self.dirty.wait()
                self.pending = False
            self.state.refresh(True)
            self.build()
            with self.lock:
                if not self.pending:
                    self.state.refresh(False)


def stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(config: Config, host: str, port: int, lang: str | None = None) -> int:
    # Stopped by a service manager or a terminal closing: leave as Ctrl-C does, removing the
    # preview folder (a background build may still be writing into it, hence ignore errors).
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    with tempfile.TemporaryDirectory(prefix="govcases-serve-", ignore_cleanup_errors=True) as tmp:
        out = Path(tmp) / "site"
        state = State(out)
        preview = Preview(config.root, state, lang)
        preview.build()
        handler = type("BoundHandler", (Handler,), {"state": state})
        server = http.server.ThreadingHTTPServer(
            (host, port), functools.partial(handler, directory=str(out))
        )
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        log.info("Serving http://%s:%s/ (Ctrl-C to stop)", host, server.server_address[1])
        threading.Thread(target=preview.run, daemon=True).start()
        try:
            for changes in watch(*watched(config), debounce=50):
                preview.changed({Path(p) for _, p in changes})
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    return 0
