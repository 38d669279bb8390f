"""Live figures (crmlib.live): the browser computes what crmlib computes.

Python part (no browser): each spec builder's inline data and constants equal crmlib's.

Browser part (marker ``browser``; the built book, headless Chromium, every request to
another host blocked and counted, as in test_browser.py): for every live figure,
``window.crmLive[id].set()`` at several settings, then ``values()`` is compared with the
crmlib function it mirrors: 1e-9 relative on closed forms (with a 1e-9 absolute floor for
quantities that are exactly 0 in one of the two), exact on lookups and classes. Every
slider has a label, moves from the keyboard, and shows its value as text; the reader never
sees the ipywidget and the live figure together; screenshots before and after a move go to
``_build/screenshots/live-<id>-{before,after}.png``.
"""
from __future__ import annotations

import functools
import inspect
import json
import math

import numpy as np
import pandas as pd
import pytest

from tests.conftest import REPO, source_of
from tests.conftest import SCREENSHOTS, PageProbe  # the browser fixtures are in conftest.py

from crmlib import clv, lifecycle, live, relationship, value

# figure id -> the page that shows it (the notebook that calls the widget)
LIVE_PAGES = {
    "relationship-level-chooser": "notebooks/ch0_relationship_levels.html",
    "relationship-strength": "notebooks/ch0_relationship_levels.html",
    "accumulation-simulator": "notebooks/ch1_value_of_customer.html",
    "clv-calculator": "notebooks/ch1_value_of_customer.html",
    "value-map-explorer": "notebooks/ch1_competitive_value_analysis.html",
    "retention-projector": "notebooks/ch2_contractual_retention.html",
    "stage-explorer": "notebooks/ch2_stages_and_cohorts.html",
    "p-alive-explorer": "notebooks/ch2_purchase_models.html",
}
LIVE_OUTPUT = "data-crm-live="
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def assert_close(got: float, want: float, what: str) -> None:
    # both exactly zero, or 1e-9 relative; an exact 0 against a float residue gets a 1e-9 absolute floor
    assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9 if 0.0 in (got, want) else 0.0), \
        f"{what}: browser {got!r} != crmlib {want!r}"


# ---------------------------------------------------------------------------
# Python side: spec builders ship crmlib's data and constants
# ---------------------------------------------------------------------------


def test_kotler_cells_are_crmlibs_matrix():
    table = relationship.kotler_matrix()
    cells = live.kotler_cells()
    assert len(cells) == table.size == 9
    for c in cells:
        assert table.loc[c["customers"], c["margin"]] == c["level"]
        assert relationship.LEVELS[c["level"]].chinese == c["chinese"]
    spec = json.dumps(live.live_relationship_level_chooser().spec)
    # the band cut-offs in the browser are crmlib's defaults
    few, many = inspect.signature(relationship.relationship_levels).parameters["customer_cuts"].default
    assert f"n_customers < {few} ?" in spec and f"n_customers < {many} ?" in spec


def test_value_map_sliders_start_at_the_data_and_use_crmlibs_tolerance():
    d = pd.DataFrame({"relative_quality": [1.2, 0.9, 1.0], "relative_price": [1.05, 1.1, 1.0]}, index=["A", "B", "C"])
    fig = live.live_value_map_explorer(d, slope=1.5)
    p = fig.params()
    assert [p[f"quality_{k}"]["value"] for k in "ABC"] == d["relative_quality"].tolist()
    assert [p[f"price_{k}"]["value"] for k in "ABC"] == d["relative_price"].tolist()
    meta = fig.spec["usermeta"]["crmlib"]
    assert meta["tolerance"] == inspect.signature(value.value_map).parameters["tolerance"].default
    assert meta["slope"] == 1.5


def test_p_alive_lookup_is_crmlibs_expected_purchases():
    bg = clv.BetaGeo.from_params(0.2426, 4.4136, 0.7929, 2.4259)
    fig = live.live_p_alive_explorer(bg, T=38.86, periods=39.0)
    calc = next(t["calculate"] for t in fig.spec["transform"] if t.get("as") == "expected_purchases")
    scale = json.loads(calc.split("[datum.frequency]")[0])
    for x, s in enumerate(scale):
        # E[Y | x, t_x] = scale[x] * P(alive | x, t_x) at any recency: check at two of them
        for rec in (0.0 if x == 0 else 5.0, 38.86):
            want = bg.conditional_expected_purchases(39.0, x, rec, 38.86)
            assert s * bg.p_alive(x, rec, 38.86) == pytest.approx(want, rel=1e-9)
    # Fader, Hardie & Lee (2005): x = 2, t_x = 30.43, T = 38.86 -> 1.226 purchases in 39 weeks
    assert scale[2] * bg.p_alive(2, 30.43, 38.86) == pytest.approx(1.226, abs=5e-4)


def _stage_rule(f: pd.DataFrame, exploration_days, decline_ratio, lapse_ratio, decline_trend) -> pd.Series:
    """The browser's stage expression (live_stage_explorer), applied in Python to the shipped rows."""
    gap = f["gap_ratio"].astype(float)
    trend = f["trend"].astype(float)
    lapsed = (gap > max(lapse_ratio, decline_ratio)) | f["single_lapsed"]
    ident = (f["tenure"] < exploration_days) | f["one_time"]
    decline = (gap > decline_ratio) | (f["has_trend"] & (trend < decline_trend))
    return pd.Series(np.select([lapsed, ident, decline, f["developing"]],
                               ["lapsed", "identification", "decline", "development"], "stable"), index=f.index)


@pytest.fixture(scope="module")
def synthetic_tx() -> pd.DataFrame:
    """600 customers with first purchases spread over two years, so every rule and every slider matters."""
    rng = np.random.default_rng(2026)
    rows = []
    for cid in range(600):
        first = pd.Timestamp("2023-01-01") + pd.Timedelta(days=int(rng.integers(0, 700)))
        n = int(rng.geometric(0.35))
        gaps = rng.exponential(rng.uniform(10, 120), size=n - 1).round().astype(int)
        dates = [first] + [first + pd.Timedelta(days=int(g)) for g in np.cumsum(gaps)]
        rows += [(cid, d) for d in dates if d <= pd.Timestamp("2024-12-31")]
    return pd.DataFrame(rows, columns=["customer_id", "date"])


def test_stage_features_reproduce_classify_stages_at_every_tested_slider_position(synthetic_tx):
    f = live.stage_features(synthetic_tx, "2024-12-31")
    assert f["customers"].sum() == synthetic_tx["customer_id"].nunique()
    rng = np.random.default_rng(7)
    grids = {name: live._lifecycle.slider_grid(name) for name in live.STAGE_SLIDERS}
    settings = [{k: v[0] for k, v in live.STAGE_SLIDERS.items()}]
    settings += [{k: float(rng.choice(g)) for k, g in grids.items()} for _ in range(40)]
    settings += [{k: float(g[0]) for k, g in grids.items()}, {k: float(g[-1]) for k, g in grids.items()}]
    # the sliders' maxima are reachable with set() even when off the step grid (365 days)
    assert {k: float(g[-1]) for k, g in grids.items()} == {k: float(v[2]) for k, v in live.STAGE_SLIDERS.items()}
    seen = set()
    for s in settings:
        want = lifecycle.classify_stages(
            synthetic_tx, "2024-12-31", exploration_days=s["exploration_days"], decline_ratio=s["decline_ratio"],
            lapse_ratio=max(s["lapse_ratio"], s["decline_ratio"]), decline_trend=s["decline_trend"],
        )["stage"].value_counts()
        got = f.groupby(_stage_rule(f, **s))["customers"].sum()
        assert got[got > 0].to_dict() == want[want > 0].to_dict(), s
        seen |= set(want[want > 0].index)
    assert seen == set(lifecycle.STAGES), "the synthetic data should reach every stage"


def test_live_figure_html_is_safe_json():
    fig = live.LiveFigure("x", {"title": "</script><script>alert(1)</script>", "params": []})
    html = fig.to_html()
    assert html.count("</script>") == 1  # only the spec's own closing tag
    with pytest.raises(Exception, match="finite"):
        live.LiveFigure("x", {"data": {"values": [{"v": float("nan")}]}}).to_html()


def test_widget_outputs_carry_the_live_figure():
    from crmlib import widgets

    bundle = widgets.clv_calculator()._repr_mimebundle_()
    assert WIDGET_VIEW in bundle and 'data-crm-live="clv-calculator"' in bundle["text/html"]
    with pytest.warns(FutureWarning, match="discount= is deprecated, use discount_rate="):
        widgets.clv_calculator(discount=0.1)


def _live_outputs(docname: str) -> tuple[int, int]:
    """(outputs with a live figure, widget views without one) in a committed notebook."""
    nb = json.loads(source_of(docname).read_text("utf-8"))
    live_n = plain = 0
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if LIVE_OUTPUT in str(data.get("text/html", "")):
                live_n += 1
            elif WIDGET_VIEW in data:
                plain += 1
    return live_n, plain


def test_every_live_figure_is_in_a_committed_notebook():
    for fig_id, page in LIVE_PAGES.items():
        nb = source_of(page[: -len(".html")])
        assert f'data-crm-live=\\"{fig_id}\\"' in nb.read_text("utf-8"), f"{fig_id}: re-execute {nb.name}"
    # every chapter 0-2 notebook that calls a widget shows it live
    per_chapter = {}
    for fig_id, page in LIVE_PAGES.items():
        per_chapter.setdefault(page.split("/")[-1][:3], set()).add(fig_id)
    assert all(len(v) >= 2 for v in per_chapter.values()), per_chapter


# ---------------------------------------------------------------------------
# crmlib oracles: (full slider state, the spec's usermeta) -> check the rows
# ---------------------------------------------------------------------------


def check_clv(rows, s, meta):
    want = value.retention_clv_curve(s["margin"], s["retention"], s["discount_rate"], int(s["periods"]))
    assert [r["period"] for r in rows] == want["period"].tolist()
    for r, w in zip(rows, want["clv"]):
        assert_close(r["clv"], w, f"clv at period {r['period']}")


def check_accumulation(rows, s, meta):
    want = value.simulate_accumulation(meta["customers"], s["a_to_b"], s["b_to_a"], int(s["periods"]),
                                       meta["profit_per_customer"])
    assert [r["period"] for r in rows] == want.index.tolist()
    for r in rows:
        for col in ("a_customers", "b_customers", "difference", "relative_size", "cumulative_profit_gap"):
            assert_close(r[col], float(want.loc[r["period"], col]), f"{col} at period {r['period']}")


def check_value_map(rows, s, meta):
    names = meta["competitors"]
    d = pd.DataFrame({"relative_quality": [s[f"quality_{k}"] for k in names],
                      "relative_price": [s[f"price_{k}"] for k in names]}, index=list(names.values()))
    want = value.value_map(d, slope=meta["slope"], tolerance=meta["tolerance"])
    assert sorted(r["competitor"] for r in rows) == sorted(want.index)
    for r in rows:
        w = want.loc[r["competitor"]]
        assert r["region"] == w["region"], r  # a class: exact
        assert_close(r["fair_price"], float(w["fair_price"]), "fair_price")
        assert_close(r["value_advantage"], float(w["value_advantage"]), "value_advantage")


def check_relationship_level(rows, s, meta):
    chosen = [r for r in rows if r["chosen"]]
    assert len(chosen) == 1
    assert chosen[0]["level"] == relationship.relationship_level(s["n_customers"], s["unit_margin"])
    table = relationship.kotler_matrix()
    assert {(r["customers"], r["margin"]): r["level"] for r in rows} == {
        (c, m): table.loc[c, m] for c in table.index for m in table.columns}


def check_strength(rows, s, meta):
    links = list(range(1, meta["max_links"] + 1))
    want = relationship.relationship_strength(links, int(s["reference"]))
    assert [r["links"] for r in rows] == links
    for r, w in zip(rows, want):
        assert_close(r["strength"], float(w), f"strength at {r['links']} links")
    assert [r["links"] for r in rows if r["chosen"]] == [s["links"]]


def check_retention(rows, s, meta):
    want = lifecycle.ShiftedBetaGeometric.from_params(s["alpha"], s["beta"]).project(int(s["periods"]))
    assert [r["period"] for r in rows] == want.index.tolist()
    for r in rows:
        assert_close(r["survival"], float(want.loc[r["period"], "survival"]), f"S({r['period']})")
        if r["period"] > 0:
            assert_close(r["retention_rate"], float(want.loc[r["period"], "retention_rate"]), "retention rate")


def check_p_alive(rows, s, meta):
    bg = clv.BetaGeo.from_params(**meta["model"])
    T, h = meta["T"], meta["horizon"]
    x = int(s["frequency"])
    assert {r["frequency"] for r in rows} == {x}
    at = [r for r in rows if r["at_slider"]]
    assert len(at) == 1 and at[0]["recency"] == (s["recency"] if x > 0 else 0)
    for r in rows:
        assert_close(r["p_alive"], bg.p_alive(x, r["recency"], T), f"P(alive) x={x} t_x={r['recency']}")
        assert_close(r["expected_purchases"], bg.conditional_expected_purchases(h, x, r["recency"], T),
                     f"E[Y] x={x} t_x={r['recency']}")


@functools.lru_cache(maxsize=1)
def _cdnow() -> pd.DataFrame:
    from crmlib.datasets import load_cdnow_master

    return load_cdnow_master()


def check_stages(rows, s, meta):
    want = lifecycle.classify_stages(
        _cdnow(), meta["observation_end"], exploration_days=s["exploration_days"], decline_ratio=s["decline_ratio"],
        lapse_ratio=max(s["lapse_ratio"], s["decline_ratio"]), decline_trend=s["decline_trend"],
    )["stage"].value_counts()
    assert {r["stage"]: r["customers"] for r in rows} == {k: int(v) for k, v in want.items() if v > 0}


CASES = {
    "clv-calculator": (check_clv, [
        {"margin": 100, "retention": 0.8, "discount_rate": 0.1, "periods": 10},
        {"margin": 250, "retention": 0.95, "discount_rate": 0.03, "periods": 40},
        {"margin": 35, "retention": 0.5, "discount_rate": 0.2, "periods": 5},
        {"margin": 500, "retention": 0.99, "discount_rate": 0, "periods": 1},
    ]),
    "accumulation-simulator": (check_accumulation, [
        {"a_to_b": 0.05, "b_to_a": 0.02, "periods": 10},
        {"a_to_b": 0.1, "b_to_a": 0.0, "periods": 40},
        {"a_to_b": 0.0, "b_to_a": 0.0, "periods": 3},
        {"a_to_b": 0.07, "b_to_a": 0.07, "periods": 12},
        {"a_to_b": 0.3, "b_to_a": 0.01, "periods": 25},
    ]),
    "value-map-explorer": (check_value_map, [
        {"quality_A": 1.02, "price_A": 1.0, "quality_B": 0.9, "price_B": 1.12},
        {"quality_A": 0.7, "price_A": 1.3, "quality_C": 1.4, "price_C": 0.6},
        {"quality_D": 1.0, "price_D": 1.0, "quality_B": 1.5, "price_B": 1.5},
    ]),
    "relationship-level-chooser": (check_relationship_level, [
        {"n_customers": 5000, "unit_margin": 0.2},
        {"n_customers": 50, "unit_margin": 0.45},
        {"n_customers": 100000, "unit_margin": 0.05},
        {"n_customers": 100, "unit_margin": 0.4},  # both on a band edge: medium, high
        {"n_customers": 10000, "unit_margin": 0.1},
        {"n_customers": 90, "unit_margin": 0.09},
    ]),
    "relationship-strength": (check_strength, [
        {"links": 1, "reference": 1}, {"links": 3, "reference": 1}, {"links": 8, "reference": 3},
    ]),
    "retention-projector": (check_retention, [
        {"alpha": 0.704, "beta": 1.182, "periods": 12},
        {"alpha": 3.8, "beta": 0.35, "periods": 40},
        {"alpha": 0.1, "beta": 10.0, "periods": 2},
        {"alpha": 1.0, "beta": 1.0, "periods": 7},
    ]),
    "p-alive-explorer": (check_p_alive, [
        {"frequency": 2, "recency": 30.43},
        {"frequency": 0, "recency": 10.0},
        {"frequency": 30, "recency": 38.0},
        {"frequency": 7, "recency": 0.5},
    ]),
    "stage-explorer": (check_stages, [
        {"exploration_days": 90, "decline_ratio": 2.0, "lapse_ratio": 4.0, "decline_trend": 0.5},
        {"exploration_days": 30, "decline_ratio": 1.0, "lapse_ratio": 2.0, "decline_trend": 0.1},
        {"exploration_days": 365, "decline_ratio": 6.0, "lapse_ratio": 12.0, "decline_trend": 0.9},
        {"exploration_days": 150, "decline_ratio": 3.5, "lapse_ratio": 2.5, "decline_trend": 0.65},
    ]),
}


# ---------------------------------------------------------------------------
# browser
# ---------------------------------------------------------------------------


def open_live(probe: PageProbe, fig_id: str):
    # a notebook page loads MathJax, the widget embedder and the vega bundles: on a busy
    # 2-core CI machine that took 20-30 s, so allow more than Playwright's default 30 s
    probe.page.set_default_timeout(120_000)
    # "load", not PageProbe.open's "networkidle": under load Playwright's idle event sometimes
    # never came, although no request was pending; the figure's own readiness is what counts
    page = probe.page
    page.goto(f"{probe.base}/{LIVE_PAGES[fig_id]}", wait_until="load")
    page.wait_for_function("id => window.crmLive && window.crmLive[id]", arg=fig_id, timeout=120_000)
    return page


def state(page, fig_id: str) -> dict:
    return page.evaluate(
        "id => Object.fromEntries(Object.entries(window.crmLive[id].params()).map(([k, v]) => [k, v.value]))", fig_id)


def set_and_read(page, fig_id: str, settings: dict) -> list[dict]:
    return page.evaluate("([id, s]) => window.crmLive[id].set(s).then(() => window.crmLive[id].values())",
                         [fig_id, settings])


def spec_meta(page, fig_id: str) -> dict:
    text = page.locator(f'div.crm-live[data-crm-live="{fig_id}"] script.crm-live-spec').text_content()
    return json.loads(text).get("usermeta", {}).get("crmlib", {})


@pytest.mark.browser
@pytest.mark.parametrize("fig_id", sorted(CASES))
def test_live_figure_matches_crmlib(probe: PageProbe, fig_id: str):
    if fig_id == "stage-explorer":
        try:
            _cdnow()
        except Exception as err:  # pragma: no cover - depends on CRMLIB_DATA_DIR
            pytest.skip(f"CDNOW master file not available: {err}")
    check, settings = CASES[fig_id]
    page = open_live(probe, fig_id)
    meta = spec_meta(page, fig_id)
    params = page.evaluate("id => window.crmLive[id].params()", fig_id)
    for s in settings:
        s = {k: v for k, v in s.items() if k in params}  # value map: only the competitors on the page
        rows = set_and_read(page, fig_id, s)
        full = state(page, fig_id)
        assert {k: full[k] for k in s} == s
        assert rows, f"{fig_id}: no rows after set({s})"
        check(rows, full, meta)
    assert not probe.problems(), "\n".join(probe.problems())


@pytest.mark.browser
def test_required_rows(probe: PageProbe):
    page = open_live(probe, "clv-calculator")
    assert set(page.evaluate("() => window.crmLive['clv-calculator'].params()")) >= {"margin", "retention", "discount_rate"}
    rows = set_and_read(page, "clv-calculator", {"margin": 100, "retention": 0.8, "discount_rate": 0.1, "periods": 2})
    # by hand: 100·0.8/1.1 = 72.7272…, + 100·0.64/1.21 = 125.6198…
    assert [(r["period"], round(r["clv"], 4)) for r in rows] == [(0, 0.0), (1, 72.7273), (2, 125.6198)]
    page = open_live(probe, "retention-projector")
    assert set(page.evaluate("() => window.crmLive['retention-projector'].params()")) >= {"alpha", "beta"}
    rows = set_and_read(page, "retention-projector", {"alpha": 1.0, "beta": 1.0, "periods": 3})
    # alpha = beta = 1: S(t) = 1/(t+1)
    assert [r["period"] for r in rows] == [0, 1, 2, 3]
    assert [r["survival"] for r in rows] == pytest.approx([1, 1 / 2, 1 / 3, 1 / 4], rel=1e-12)


@pytest.mark.browser
@pytest.mark.parametrize("fig_id", sorted(LIVE_PAGES))
def test_sliders_are_labelled_keyboard_operable_and_show_their_value(probe: PageProbe, fig_id: str):
    page = open_live(probe, fig_id)
    root = page.locator(f'div.crm-live[data-crm-live="{fig_id}"]')
    inputs = root.locator(".vega-bind input[type=range]")
    params = page.evaluate("id => window.crmLive[id].params()", fig_id)
    assert inputs.count() == len(params) >= 1
    for i in range(inputs.count()):
        inp = inputs.nth(i)
        name = inp.get_attribute("name")
        label = inp.locator("xpath=ancestor::label[1]/span[contains(@class,'vega-bind-name')]").inner_text().strip()
        assert label, f"{fig_id}: slider {name} has no label"
        shown = root.locator(f"#{inp.get_attribute('aria-describedby')}")
        before_value = page.evaluate("([id, n]) => window.crmLive[id].params()[n].value", [fig_id, name])
        before_rows = page.evaluate("id => JSON.stringify(window.crmLive[id].values())", fig_id)
        assert float(shown.inner_text()) == pytest.approx(before_value), f"{fig_id}: {name} does not show its value"
        key = "ArrowLeft" if before_value >= params[name]["max"] else "ArrowRight"
        inp.focus()
        page.keyboard.press(key)
        page.wait_for_function("([id, n, v]) => window.crmLive[id].params()[n].value !== v",
                               arg=[fig_id, name, before_value], timeout=5_000)
        page.evaluate("id => window.crmLive[id].view.runAsync().then(() => 1)", fig_id)
        after_value = page.evaluate("([id, n]) => window.crmLive[id].params()[n].value", [fig_id, name])
        # one step; a start value off the step grid (the value map's measured ratios) snaps to it first
        step = params[name]["step"]
        moved = (after_value - before_value) * (1 if key == "ArrowRight" else -1)
        assert 0 < moved <= 1.5 * step + 1e-9, (fig_id, name, before_value, after_value)
        assert float(shown.inner_text()) == pytest.approx(after_value), f"{fig_id}: {name}'s value text did not follow"
        after_rows = page.evaluate("id => JSON.stringify(window.crmLive[id].values())", fig_id)
        assert after_rows != before_rows, f"{fig_id}: moving {name} from the keyboard did not change the figure"
    assert not probe.problems(), "\n".join(probe.problems())


@pytest.mark.browser
@pytest.mark.parametrize("path", sorted(set(LIVE_PAGES.values())))
def test_reader_sees_one_copy(probe: PageProbe, path: str):
    probe.page.set_default_timeout(120_000)
    page = probe.page
    page.goto(f"{probe.base}/{path}", wait_until="load")
    page.wait_for_function("() => window.crmLiveReady", timeout=120_000)
    page.evaluate("() => window.crmLiveReady.then(() => 1)")
    live_n, plain = _live_outputs(path[: -len(".html")])
    assert page.locator("div.crm-live[data-crm-live-ready]").count() == live_n >= 1
    # a live figure's cell shows no widget view: the ipywidget is for JupyterLab only
    assert page.locator(".cell_output:has(div.crm-live) .jupyter-widgets").count() == 0
    assert page.locator(".cell_output:has(div.crm-live) script[type='application/vnd.jupyter.widget-view+json']").count() == 0
    assert page.locator(".jupyter-widgets.widget-slider, .widget-slider").count() == 0 or plain > 0
    assert not probe.problems(), "\n".join(probe.problems())


@pytest.mark.browser
@pytest.mark.parametrize("fig_id", sorted(CASES))
def test_screenshots_before_and_after_a_move(probe: PageProbe, fig_id: str):
    page = open_live(probe, fig_id)
    fig = page.locator(f'div.crm-live[data-crm-live="{fig_id}"]')
    fig.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    before = fig.screenshot(path=str(SCREENSHOTS / f"live-{fig_id}-before.png"))
    params = page.evaluate("id => window.crmLive[id].params()", fig_id)
    # the first tested setting that differs from where the figure starts
    move = next(m for m in ({k: v for k, v in c.items() if k in params} for c in CASES[fig_id][1])
                if any(params[k]["value"] != v for k, v in m.items()))
    set_and_read(page, fig_id, move)
    after = fig.screenshot(path=str(SCREENSHOTS / f"live-{fig_id}-after.png"))
    assert before != after, f"{fig_id}: the figure looks the same after set({move})"
    assert not probe.problems(), "\n".join(probe.problems())


@pytest.mark.browser
def test_live_scripts_only_on_pages_with_live_figures(built_html):
    for page in built_html.rglob("*.html"):
        if "_static" in page.parts:
            continue
        text = page.read_text("utf-8")
        has_live = LIVE_OUTPUT in text
        assert ("vega-embed.min.js" in text) == has_live, page
        if has_live:  # the vega bundles come before require.js, or they register as AMD modules
            order = [text.find(s) for s in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "crm-live.js")]
            assert -1 not in order and order == sorted(order), page
            if "require.js" in text:
                assert order[-1] < text.find("require.js"), page
    assert (REPO / "book/_ext/live_static/crm-live/crm-live.js").is_file()
