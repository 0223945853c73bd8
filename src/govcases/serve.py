"""`govcases serve`: preview on localhost, rebuild on change, reload open tabs.

The site is built into a private temporary folder and served from there. A change to cases,
templates, taxonomy, places, glossary, review file, reports or `site.yaml` triggers a rebuild
(watchfiles); open pages reload through a server-sent-events stream. A broken edit is shown in
the terminal and as an overlay in the browser while the last good site keeps being served.
"""

from __future__ import annotations

import functools
import http.server
import json
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from watchfiles import watch

from .config import CONFIG_FILE, Config, load_config
from .model import BuildError
from .pipeline import build

EVENTS = "/__govcases/events"
STATUS = "/__govcases/status"
CLIENT = """<script>(function () {
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
    box.textContent = "govcases: build failed; showing the last good site\\n\\n" + message;
  }
  var events = new EventSource("EVENTS");
  var seen = null;
  events.onmessage = function (e) {
    var state = JSON.parse(e.data);
    if (state.error) { show(state.error); return; }
    if (seen !== null && state.version !== seen) { location.reload(); }
    seen = state.version;
  };
})();</script>""".replace("EVENTS", EVENTS)


class State:
    """The served folder, a build counter and the last error, shared with request threads."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.version = 0
        self.error = ""
        self.changed = threading.Condition()

    def snapshot(self) -> dict[str, Any]:
        return {"version": self.version, "error": self.error}

    def update(self, error: str = "") -> None:
        with self.changed:
            if not error:
                self.version += 1
            self.error = error
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
        if not file.is_file():
            file, code = self.state.folder / "404.html", 404
        page = file.read_bytes() if file.is_file() else b"<!doctype html><body></body>"
        body = page.replace(b"</body>", CLIENT.encode() + b"</body>", 1)
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
    paths = [config.path(config.cases_dir), config.path(config.templates_dir)]
    files = [
        config.taxonomy,
        config.places,
        config.glossary,
        config.review,
        config.reports,
        CONFIG_FILE,
    ]
    return [p for p in paths if p.exists()] + [root / f for f in files if (root / f).exists()]


def rebuild(root: Path, out: Path, state: State) -> None:
    try:
        config = load_config(root, output_dir=str(out), base_url="/")
        result = build(config)
    except BuildError as exc:
        message = "\n".join(str(d) for d in exc.diagnostics)
        print(
            f"build failed ({len(exc.diagnostics)} error(s)); still serving the last good "
            f"site:\n{message}",
            file=sys.stderr,
            flush=True,
        )
        state.update(error=message)
        return
    print(f"rebuilt {result.cases} cases in {result.timings.total:.2f} s", flush=True)
    state.update()


def serve(config: Config, host: str, port: int) -> int:
    with tempfile.TemporaryDirectory(prefix="govcases-serve-") as tmp:
        out = Path(tmp) / "site"
        state = State(out)
        rebuild(config.root, out, state)
        handler = type("BoundHandler", (Handler,), {"state": state})
        server = http.server.ThreadingHTTPServer(
            (host, port), functools.partial(handler, directory=str(out))
        )
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"Serving http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
        try:
            for _ in watch(*watched(config), debounce=200):
                rebuild(config.root, out, state)
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    return 0
