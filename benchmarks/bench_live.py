"""Redraw time of the book's live figures, in headless Chromium, from the built book.

For every live figure on every page of ``_build/html`` (build the book first), the time
from a ``window.crmLive[id].set({...})`` call to the resolution of its Promise (the redraw
is done), measured in the page with ``performance.now()``. Each figure gets ``--repeat``
moves that alternate between two settings of its first slider (so every move changes the
figure), after ``--warmup`` untimed moves. The goal is a median of at most 50 ms.

    python benchmarks/bench_live.py [--repeat 41] [--warmup 5] [--out benchmarks/RESULTS.md]

Writes (replaces) the section "## Live figures: redraw time" of ``--out``; the asset sizes
are measured on the built files. Not a unit test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import platform
import re
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
HTML = REPO / "_build" / "html"
SECTION = "## Live figures: redraw time"
GOAL_MS = 50.0
ASSETS = ["vendor/vega/vega.min.js", "vendor/vega-lite/vega-lite.min.js", "vendor/vega-embed/vega-embed.min.js",
          "crm-live/crm-live.js"]

MEASURE = """
async ([id, repeat, warmup]) => {
  const fig = window.crmLive[id];
  const params = fig.params();
  const name = Object.keys(params)[0];
  const p = params[name];
  // two values one step inside the range, so each move changes the figure
  const a = p.min + p.step, b = Math.min(p.max, p.min + 2 * p.step) === a ? p.max : p.min + 2 * p.step;
  const times = [];
  for (let i = 0; i < warmup + repeat; i++) {
    const t0 = performance.now();
    await fig.set({[name]: i % 2 ? a : b});
    const dt = performance.now() - t0;
    if (i >= warmup) times.push(dt);
  }
  await fig.set({[name]: p.value});
  return {name, rows: fig.values().length, times};
}
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=41)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS.md")
    args = ap.parse_args()
    if not (HTML / "index.html").exists():
        raise SystemExit(f"{HTML} is missing: build the book first (jupyter-book build . -W -n --keep-going)")
    pages = sorted(p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html")
                   if "_static" not in p.parts and "data-crm-live=" in p.read_text("utf-8"))

    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(HTML)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    blocked: list[str] = []
    results = []
    load = os.getloadavg()[0]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        for path in pages:
            ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")

            host = urlsplit(base).netloc

            def route(r):  # one argument: Playwright would pass the request as a second one
                if urlsplit(r.request.url).netloc == host or r.request.url.startswith(("data:", "blob:")):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort("blockedbyclient")

            ctx.route("**/*", route)
            page = ctx.new_page()
            started = time.perf_counter()
            page.goto(f"{base}/{path}", wait_until="load")
            page.evaluate("() => window.crmLiveReady.then(() => 1)")
            ready_ms = (time.perf_counter() - started) * 1000
            for fig_id in page.evaluate("() => Object.keys(window.crmLive)"):
                r = page.evaluate(MEASURE, [fig_id, args.repeat, args.warmup])
                t = sorted(r["times"])
                results.append({"page": path, "id": fig_id, "slider": r["name"], "rows": r["rows"],
                                "median": statistics.median(t), "p90": t[int(0.9 * (len(t) - 1))],
                                "max": t[-1], "ready": ready_ms})
            ctx.close()
        version = browser.version
        browser.close()
    httpd.shutdown()

    sizes = {}
    for rel in ASSETS:
        found = sorted(HTML.glob(f"_static/{rel}"))
        sizes[rel] = found[0].stat().st_size if found else None
    total = sum(v for v in sizes.values() if v)
    lines = [SECTION, "", "Produced by `python benchmarks/bench_live.py` on the built book (`_build/html`).", "",
             f"- date: {time.strftime('%Y-%m-%d %H:%M %Z')}; Chromium {version} headless; "
             f"{platform.machine()}, {os.cpu_count()} cores shared with other jobs, load average (1 min) at start "
             f"{load:.1f}",
             f"- each figure: {args.repeat} timed `set()` calls (after {args.warmup} untimed), alternating two values "
             "of its first slider; time from the call to the Promise's resolution (redraw done), "
             f"`performance.now()` in the page. Goal: median ≤ {GOAL_MS:.0f} ms.",
             f"- requests to other hosts blocked: {len(blocked)}", "",
             "| figure | page | slider moved | rows | median ms | p90 ms | max ms | page ready ms |",
             "|---|---|---|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| `{r['id']}` | {r['page']} | `{r['slider']}` | {r['rows']} | {r['median']:.1f} | "
                     f"{r['p90']:.1f} | {r['max']:.1f} | {r['ready']:.0f} |")
    worst = max((r["median"] for r in results), default=float("nan"))
    lines += ["", f"Slowest median: {worst:.1f} ms ({'meets' if worst <= GOAL_MS else 'misses'} the {GOAL_MS:.0f} ms goal).",
              "", "Assets loaded by a page with a live figure (and only by such pages):", "",
              "| file | bytes |", "|---|---:|"]
    lines += [f"| `_static/{k}` | {v:,} |" if v else f"| `_static/{k}` | missing |" for k, v in sizes.items()]
    lines += [f"| total | {total:,} |", ""]
    text = args.out.read_text("utf-8") if args.out.exists() else "# Benchmark results\n"
    block = "\n".join(lines) + "\n"
    if SECTION in text:
        text = re.sub(re.escape(SECTION) + r".*?(?=\n## |\Z)", block.rstrip("\n") + "\n", text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block
    args.out.write_text(text, "utf-8")
    print(block)


if __name__ == "__main__":
    main()
