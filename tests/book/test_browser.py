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

import json
from pathlib import Path
from urllib.parse import quote

import pytest

# the server, browser and probe fixtures live in conftest.py, shared with test_live.py: one Chromium per session
from tests.conftest import BLOCKED, BUILD, SCREENSHOTS, PageProbe, source_of, toc_docnames  # noqa: F401

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

pytestmark = pytest.mark.browser


# ---------------------------------------------------------------------------
# which pages: every document in _toc.yml, plus the pages Sphinx adds itself.
# test_every_built_page_is_tested checks this list against the files in _build/html.
# ---------------------------------------------------------------------------

DOCS = toc_docnames()
PAGES = [f"{d}.html" for d in DOCS] + ["genindex.html", "search.html"]

def _notebook_widget_views(docname: str) -> int:
    """Number of widget views in a notebook whose model state is saved with it.

    An output that also carries a live figure (``text/html`` from crmlib.live) is shown
    as the live figure in the book, not as a widget (tests/book/test_live.py checks that), so
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
