"""Shared test fixtures: the one book build used by test_book.py and test_browser.py.

Order of the run: unit tests and doctests first, then the notebooks (nbval), then
the book build (marker ``book``) and last the browser test (marker ``browser``),
so a quick failure in the library shows up before the slow steps.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "_build"
HTML = BUILD / "html"
BUILD_LOG = BUILD / "build.log"

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL)\b")


def _toc_files(node) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key in ("root", "file"):
            if isinstance(node.get(key), str):
                found.append(node[key])
        for value in node.values():
            if isinstance(value, (dict, list)):
                found += _toc_files(value)
    elif isinstance(node, list):
        for value in node:
            found += _toc_files(value)
    return found


def toc_docnames() -> list[str]:
    """Every document ``_toc.yml`` lists (root first), without its suffix, in TOC order."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text("utf-8"))
    names = (f.rsplit(".", 1)[0] if f.endswith((".md", ".ipynb", ".rst")) else f for f in _toc_files(toc))
    return list(dict.fromkeys(names))


def source_of(docname: str) -> Path | None:
    """The source file of a TOC document (``.md``, ``.ipynb`` or ``.rst``), if it exists."""
    for suffix in (".md", ".ipynb", ".rst"):
        if (REPO / (docname + suffix)).exists():
            return REPO / (docname + suffix)
    return None


@dataclass(frozen=True)
class BookBuild:
    """Result of ``jupyter-book build . -W -n --keep-going``."""

    returncode: int
    log: str  # ANSI colour codes removed
    seconds: float
    html: Path

    @property
    def problems(self) -> list[str]:
        """Every log line that reports a warning or an error."""
        return [line for line in self.log.splitlines() if PROBLEM.search(line)]


def _order(item: pytest.Item) -> int:
    if item.get_closest_marker("browser"):
        return 3
    if item.get_closest_marker("book"):
        return 2
    if item.path.suffix == ".ipynb":
        return 1
    return 0


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Unit tests and doctests, then notebooks, then the book build, then the browser (stable sort)."""
    items.sort(key=_order)


@pytest.fixture(scope="session")
def book_build() -> BookBuild:
    """Build the book once per session, from scratch, with warnings as errors.

    A clean build (``_build/html`` and ``_build/.doctrees`` removed first) is the
    only way to see every warning: an incremental Sphinx build stays silent about
    pages it does not re-read. The full log is kept in ``_build/build.log``.
    """
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    if not jupyter_book.exists():
        pytest.fail(f"{jupyter_book} not found: install the requirements into this interpreter's environment")
    for stale in (HTML, BUILD / ".doctrees", BUILD / "jupyter_execute"):
        shutil.rmtree(stale, ignore_errors=True)
    BUILD.mkdir(exist_ok=True)
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    started = time.perf_counter()
    proc = subprocess.run(
        [str(jupyter_book), "build", ".", "-W", "-n", "--keep-going"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    seconds = time.perf_counter() - started
    log = ANSI.sub("", proc.stdout)
    BUILD_LOG.write_text(log + f"\n[exit code {proc.returncode}, {seconds:.1f} s]\n", encoding="utf-8")
    return BookBuild(returncode=proc.returncode, log=log, seconds=seconds, html=HTML)


@pytest.fixture(scope="session")
def built_html(book_build: BookBuild) -> Path:
    """The built HTML folder; fails (rather than skips) if the build produced none."""
    if not (book_build.html / "index.html").exists():
        pytest.fail(f"the book build produced no {book_build.html}/index.html; see {BUILD_LOG}")
    return book_build.html


# ---------------------------------------------------------------------------
# browser: one local server and one Chromium per session (test_browser.py, test_live.py)
# ---------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = BUILD / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Every request the route handler blocked (to a host other than the local server),
# over the whole session; written to _build/screenshots/blocked-requests.json.
BLOCKED: list[dict[str, str]] = []


# ---------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - keep pytest output readable
        pass


@pytest.fixture(scope="session")
def server(built_html: Path):
    handler = functools.partial(_QuietHandler, directory=str(built_html))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)  # port 0: a free port
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "blocked-requests.json").write_text(json.dumps(BLOCKED, indent=1) + "\n", "utf-8")
    print(f"\nbrowser test: {len(BLOCKED)} request(s) to other hosts blocked (list in {SCREENSHOTS}/blocked-requests.json)")


class PageProbe:
    """A page with every request, failure and console error recorded."""

    def __init__(self, browser, base: str):
        self.base = base
        self.host = urlsplit(base).netloc
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        self.page = self.context.new_page()
        self.external: list[str] = []
        self.failed: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} (HTTP {r.status})"))
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(f"{m.text} @ {m.location}"))
        self.page.on("pageerror", lambda e: self.page_errors.append(str(e)))

    def _route(self, route):
        url = route.request.url
        if urlsplit(url).netloc == self.host or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            # Any blocked request fails the page (see problems()): a page of this book has
            # no business contacting another host, whether or not it would still "work".
            self.external.append(url)
            BLOCKED.append({"page": self.page.url, "url": url, "type": route.request.resource_type})
            route.abort("blockedbyclient")

    def open(self, path: str):
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        self.page.goto(f"{self.base}/{path}", wait_until="load")
        try:
            self.page.wait_for_load_state("networkidle", timeout=30_000)
        except PlaywrightTimeout:
            # seen once in a CI run (ch0_relationship_levels, two tests in one session): the page never
            # went network-idle, though it loads in 2 s and goes idle every time otherwise. One reload
            # tells a flaky idle signal from a request that really hangs (that still fails, below).
            self.page.reload(wait_until="load")
            self.page.wait_for_load_state("networkidle", timeout=60_000)
        return self.page

    def problems(self) -> list[str]:
        # an external request also shows up as a failed request; report it once, as external
        failed = [f for f in self.failed if not any(f.startswith(e) for e in self.external)]
        return (
            [f"external request: {u}" for u in self.external]
            + [f"failed request: {f}" for f in failed]
            + [f"console error: {c}" for c in self.console_errors]
            + [f"page error: {p}" for p in self.page_errors]
        )

    def close(self):
        self.context.close()


@pytest.fixture
def probe(chromium, server):
    p = PageProbe(chromium, server)
    yield p
    p.close()


@pytest.fixture(scope="session")
def spark():
    """One local Spark session for the whole test run (Spark's ~10-40 s start is paid once).

    Two cores, four shuffle partitions, no web UI, log level ERROR. No skip: without Java or
    pyspark this fixture fails with crmlib's message saying what to install, because CI must
    run the Spark equality tests.
    """
    from crmlib.spark import session

    spark = session("local[2]", app_name="crmlib-tests", shuffle_partitions=4)
    yield spark
    spark.stop()
