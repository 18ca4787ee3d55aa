"""The built site served on loopback, and the pages it has.

``SiteServer`` serves a built site the way a static host does (with an
overlay of pages replaced in memory, for the tests that break a page on
purpose); ``page_paths`` and ``sitemap_paths`` list what there is to visit,
and ``part`` shares the pages out among tests.
"""

from __future__ import annotations

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

# --- the server ---------------------------------------------------------------


class _Handler(SimpleHTTPRequestHandler):
    def do_GET(self):
        path = urlsplit(self.path).path
        if path.endswith("/"):
            path += "index.html"
        body = self.server.overlay.get(path)
        if body is None:
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class SiteServer:
    """The built site at ``http://127.0.0.1:PORT/``, served from a thread, on a
    port of its own (any free one).

    ``overlay`` maps a URL path (``/activations/relu/index.html``) to bytes
    served in place of the file, so a test can break a page without a build.
    The sitemap is served with its URLs on this server's port: Material's
    instant navigation follows only the links its sitemap lists, and the
    site was built for another (``site_url``).
    """

    def __init__(self, root: Path, site_url: str):
        self.root = Path(root)
        handler = functools.partial(_Handler, directory=str(self.root))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        sitemap = (self.root / "sitemap.xml").read_text()
        self.httpd.overlay = {
            "/sitemap.xml": sitemap.replace(site_url.rstrip("/"), self.base).encode()
        }
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def overlay(self) -> dict[str, bytes]:
        return self.httpd.overlay

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


# --- the pages ----------------------------------------------------------------


def page_paths(site: Path) -> list[str]:
    """URL path of every page: each HTML file of the site outside ``assets/``
    (the theme's files), ``x/index.html`` as ``/x/``."""
    paths = []
    for html in sorted(Path(site).rglob("*.html")):
        rel = html.relative_to(site)
        if rel.parts[0] != "assets":
            paths.append(re.sub(r"(^|/)index\.html$", r"\1", "/" + rel.as_posix()))
    return paths


def sitemap_paths(site: Path) -> list[str]:
    """URL paths the sitemap lists: the pages instant navigation can reach."""
    tree = ElementTree.parse(Path(site) / "sitemap.xml")
    locs = (el.text.strip() for el in tree.iter() if el.tag.endswith("loc"))
    return [urlsplit(loc).path for loc in locs]


# The browser tests check the pages in this many parts, each a test of its
# own, so the test workers share them out (each with its own browser and
# server) instead of one worker checking every page in turn.
PARTS = 4


def part(paths: list[str], index: int) -> list[str]:
    """Part ``index`` (0 to PARTS - 1) of ``paths``: every PARTS-th page,
    so that each part gets some of the long pages."""
    if not 0 <= index < PARTS:
        raise ValueError(f"part {index} of {PARTS}: the parts are numbered 0 to {PARTS - 1}")
    return paths[index::PARTS]


PART_IDS = [f"part-{i + 1}-of-{PARTS}" for i in range(PARTS)]
