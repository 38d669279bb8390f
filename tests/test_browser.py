"""Every page of the built book works in a real browser with no network.

Headless Debian Chromium (``/usr/bin/chromium``) driven by Playwright loads each
page from a local ``http.server`` on 127.0.0.1; any request to another host is
blocked and fails the page, as do failed requests, HTTP errors, console errors
and uncaught exceptions. Pages with saved widget state must show widget DOM,
solution dropdowns must open, search must find a word, Chinese must render with
real glyphs, and screenshots of each page (first screen and full page) go to
``_build/screenshots/``.

No console message is filtered. The duplicate ``const THEBE_JS_URL`` declaration that
sphinx-book-theme/sphinx-thebe put on every page ("Identifier 'THEBE_JS_URL' has already
been declared") is fixed at build time by ``dedupe_inline_scripts`` in
book/_ext/offline_assets.py, so if it comes back this test fails.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from conftest import BUILD, source_of, toc_docnames

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
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

pytestmark = pytest.mark.browser


# ---------------------------------------------------------------------------
# which pages: every document in _toc.yml, plus the pages Sphinx adds itself.
# test_every_built_page_is_tested checks this list against the files in _build/html.
# ---------------------------------------------------------------------------

DOCS = toc_docnames()
PAGES = [f"{d}.html" for d in DOCS] + ["genindex.html", "search.html"]

# Every request the route handler blocked (to a host other than the local server),
# over the whole session; written to _build/screenshots/blocked-requests.json.
BLOCKED: list[dict[str, str]] = []


def _notebook_widget_views(docname: str) -> int:
    """Number of widget views in a notebook whose model state is saved with it.

    An output that also carries a live figure (``text/html`` from crmlib.live) is shown
    as the live figure in the book, not as a widget (tests/test_live.py checks that), so
    it does not count here.
    """
    src = source_of(docname)
    if src is None or src.suffix != ".ipynb":
        return 0
    nb = json.loads(src.read_text("utf-8"))
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    views = 0
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_VIEW)
            if "data-crm-live=" in str(out.get("data", {}).get("text/html", "")):
                continue
            if view and view.get("model_id") in state:
                views += 1
    return views


# ---------------------------------------------------------------------------
# fixtures: local server and browser
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
        self.page.goto(f"{self.base}/{path}", wait_until="load")
        self.page.wait_for_load_state("networkidle")
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


# ---------------------------------------------------------------------------
# tests
# ---------------------------------------------------------------------------


def test_every_built_page_is_tested(built_html: Path):
    built = {
        p.relative_to(built_html).as_posix()
        for p in built_html.rglob("*.html")
        if "_static" not in p.parts and "_sources" not in p.parts and p.name != "index.html"
    }
    assert built == set(PAGES), f"built but not tested: {sorted(built - set(PAGES))}; tested but not built: {sorted(set(PAGES) - built)}"


@pytest.mark.parametrize("path", PAGES)
def test_page(probe: PageProbe, path: str):
    page = probe.open(path)
    docname = path[: -len(".html")]

    widgets = _notebook_widget_views(docname)
    if widgets:
        page.wait_for_selector(".jupyter-widgets", state="attached", timeout=20_000)
        rendered = page.locator(".jupyter-widgets").count()
        assert rendered >= widgets, f"{widgets} saved widget views but only {rendered} .jupyter-widgets elements"
        assert "Error displaying widget" not in page.inner_text("body")
        # The widgets' own icon font (Font Awesome 5, next to embed-amd.js) is fetched only
        # when something uses it; load it now so a wrong font URL always shows up here.
        loaded = page.evaluate(
            """async () => {
            try { return (await document.fonts.load('900 16px "Font Awesome 5 Free"')).length; }
            catch (err) { return -1; }
        }"""
        )
        assert loaded >= 1, "the widgets' icon font (Font Awesome 5 Free from embed-amd.js) did not load"
        page.wait_for_load_state("networkidle")

    if page.locator(".math").count():
        page.wait_for_selector("mjx-container", state="attached", timeout=20_000)
        assert page.locator("mjx-container").count() >= 1
        assert page.locator("mjx-merror").count() == 0, "MathJax reported a TeX error"

    dropdowns = page.locator(".solution.dropdown")
    for i in range(dropdowns.count()):
        box = dropdowns.nth(i)
        body = box.locator(":scope > :not(.admonition-title)").first
        assert not body.is_visible(), f"solution {i + 1} is not hidden before the click"
        box.locator("button.toggle-button").click()
        body.wait_for(state="visible", timeout=5_000)
    if dropdowns.count():
        page.wait_for_timeout(500)  # let the fade-in finish before the screenshot

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = docname.replace("/", "__")
    # Chromium's full-page capture drops the theme's sticky sidebars and header buttons,
    # so keep the first screen as a reader sees it too.
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    page.screenshot(path=str(SCREENSHOTS / f"{name}-full.png"), full_page=True)
    problems = probe.problems()
    assert not problems, "\n".join(problems)


def test_root_redirects_to_first_page(probe: PageProbe):
    page = probe.open("index.html")
    page.wait_for_url(f"**/{DOCS[0]}.html", timeout=10_000)
    assert not probe.problems(), "\n".join(probe.problems())


@pytest.mark.parametrize("word", ["retention", "customer", "RFM"])
def test_search_finds(probe: PageProbe, word: str):
    page = probe.open(f"search.html?q={quote(word)}")
    page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    hits = page.locator("#search-results ul.search li").count()
    assert hits >= 1
    page.screenshot(path=str(SCREENSHOTS / f"search-{word}.png"), full_page=False)
    assert not probe.problems(), "\n".join(probe.problems())


def test_per_page_checks_have_something_to_check(built_html: Path):
    """test_page checks widgets, equations and solutions only where a page has them:
    make sure the book does have them, so those checks cannot all pass vacuously."""
    text = {p: (built_html / p).read_text("utf-8") for p in PAGES}
    widget_pages = sorted(p for p in PAGES if _notebook_widget_views(p[: -len(".html")]))
    live_pages = sorted(p for p, t in text.items() if "data-crm-live=" in t)
    assert "notebooks/ch0_relationship_levels.html" in live_pages, "the chapter 0 widget has no live figure"
    # a widget view shown as a widget needs its saved state in the built page (the embedder's
    # state script); a notebook whose widgets all show as live figures may still carry state
    assert set(widget_pages) <= {p for p, t in text.items() if WIDGET_STATE in t}
    assert any('class="math' in t for t in text.values()), "no page has an equation"
    assert sum(t.count('class="solution dropdown') for t in text.values()) >= 3


def test_relationship_level_widget_renders(probe: PageProbe):
    """The chapter 0 simulator is live in the book: its sliders are drawn and registered."""
    page = probe.open("notebooks/ch0_relationship_levels.html")
    page.wait_for_function("() => window.crmLive && window.crmLive['relationship-level-chooser']", timeout=30_000)
    fig = page.locator('div.crm-live[data-crm-live="relationship-level-chooser"]')
    assert fig.locator(".vega-bind input[type=range]").count() == 2  # number of customers, unit margin
    assert fig.locator("svg").count() >= 1
    assert not probe.problems(), "\n".join(probe.problems())


def test_solution_dropdown_opens(probe: PageProbe):
    page = probe.open("book/ch0_introduction.html")
    solutions = page.locator(".solution.dropdown")
    assert solutions.count() >= 3, "chapter 0 should have at least 3 exercises with hidden solutions"
    first = solutions.first
    body = first.locator(":scope > :not(.admonition-title)").first
    assert body.count() == 1 and not body.is_visible()
    first.locator("button.toggle-button").click()
    body.wait_for(state="visible", timeout=5_000)
    assert body.inner_text().strip(), "the opened solution is empty"
    assert not probe.problems(), "\n".join(probe.problems())


def test_chinese_renders_with_real_glyphs(probe: PageProbe):
    page = probe.open(f"{DOCS[0]}.html")
    assert "客户" in page.inner_text("body")
    # Draw characters in the page's own body font: without a CJK font every one of them
    # falls back to the same "missing glyph" box, so distinct characters would look alike.
    drawn = page.evaluate(
        """() => {
        const font = getComputedStyle(document.body).fontFamily;
        return ["客", "户", "价", "值"].map(ch => {
            const c = document.createElement("canvas"); c.width = 48; c.height = 48;
            const g = c.getContext("2d"); g.font = `32px ${font}`; g.fillText(ch, 4, 36);
            return c.toDataURL();
        });
    }"""
    )
    assert len(set(drawn)) == 4, "CJK characters render as identical boxes: install fonts-noto-cjk"
    assert not probe.problems(), "\n".join(probe.problems())
